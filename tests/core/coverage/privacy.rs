//! What a manager may see: bands and months. No note, fact, interaction detail or numeric
//! strength of anyone's contacts crosses the manager's commands, checked on the JSON the HTTP
//! API would send.

use serde_json::{Value, json};
use sphere_api::domain::account::AccountRole;
use sphere_api::domain::*;
use sphere_api::*;

use super::networks::net;
use super::*;

/// Every string in a JSON value, and every key.
fn walk<'a>(v: &'a Value, strings: &mut Vec<&'a str>, keys: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => strings.push(s),
        Value::Array(a) => a.iter().for_each(|x| walk(x, strings, keys)),
        Value::Object(o) => {
            for (k, x) in o {
                keys.push(k);
                walk(x, strings, keys);
            }
        }
        _ => {}
    }
}

#[test]
fn the_managers_view_carries_no_note_fact_or_interaction_text() -> TestResult {
    let n = net()?;
    let s = &n.db.s;
    // Private words everywhere a team member's contact can hold them.
    for p in [n.ann, n.ben, n.dot, n.tara] {
        let person = s.person_get(DetailRequest::id(p))?.person;
        s.person_update(PersonUpdate {
            id: p,
            person: PersonInput {
                first_name: person.first_name,
                organization_id: person.organization_id,
                title: Some(person.title),
                ring: (person.ring == Ring::Centre).then_some(Ring::Centre),
                is_team: Some(person.is_team),
                notes: Some("PRIVATE-NOTE going through a divorce".into()),
                ..Default::default()
            },
        })?;
        for (category, value) in [
            ("health", "PRIVATE-NEVER-FACT chemotherapy"),
            ("hobbies", "PRIVATE-FACT sailing"),
        ] {
            s.fact_create(FactInput {
                person_id: p,
                category: category.into(),
                value: value.into(),
                source: None,
                learned_on: None,
                told_by: None,
            })?;
        }
    }
    s.interaction_log(InteractionInput {
        occurred_at: now() - chrono::Duration::days(3),
        kind: InteractionKind::Meal,
        participants: vec![n.tara, n.ben],
        initiator_id: None,
        note: Some("PRIVATE-INTERACTION talked about his mortgage".into()),
        outcome: None,
    })?;
    let t = s.tie_list(TieQuery {
        person_id: Some(n.ben),
        ..Default::default()
    })?;
    for tie in t {
        let r = tie.relationship;
        s.tie_update(TieUpdate {
            id: r.id,
            relationship: RelationshipInput {
                person_a: r.person_a,
                person_b: r.person_b,
                kind: r.kind,
                since: r.since,
                how_met: Some("PRIVATE-HOW-MET at rehab".into()),
                strength_override: Some(0.9),
                override_reason: Some("PRIVATE-REASON family friend".into()),
            },
        })?;
    }
    s.role_set(RoleSetRequest {
        person_id: n.ben,
        roles: vec![AccountRole::Champion],
    })?;

    let mut answers = Vec::new();
    answers.push(s.dispatch("coverage", json!({}))?);
    answers.push(s.dispatch("coverage", json!({ "if_leaves": n.tara }))?);
    answers.push(s.dispatch("coverage", json!({ "if_leaves": n.ben }))?);
    answers.push(s.dispatch("coverage", json!({ "member_id": n.tara }))?);
    answers.push(s.dispatch("coverage_export", json!({}))?);
    answers.push(s.dispatch("target_list", json!({}))?);
    for org in [n.initech, n.umbrella, n.vandelay, n.soylent] {
        answers.push(s.dispatch("account_get", json!({ "id": org }))?);
    }
    answers.push(s.dispatch("role_get", json!({ "id": n.ben }))?);
    for answer in &answers {
        let (mut strings, mut keys) = (Vec::new(), Vec::new());
        walk(answer, &mut strings, &mut keys);
        for text in &strings {
            assert!(
                !text.contains("PRIVATE"),
                "a manager's view carries private text: {text}"
            );
        }
        for key in &keys {
            assert!(
                !matches!(
                    *key,
                    "strength" | "notes" | "note_text" | "facts" | "how_met"
                ),
                "a manager's view carries `{key}`"
            );
        }
    }
    // The bands are there instead.
    let text = answers[0].to_string();
    assert!(text.contains("\"band\":\"strong\""), "bands are shown");
    Ok(())
}
