//! Don't be creepy, through the command set: facts and their bins, never facts hidden until
//! asked for one person, tenure, the outreach linter, and exports and list views that never
//! carry never facts.

use chrono::{Duration, Utc};
use sphere_api::domain::*;
use sphere_api::*;
use sphere_sensitivity::Sensitivity;
use sphere_sensitivity::lint::{LintKind, Severity};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn person(s: &Sphere, first: &str, last: &str, ring: Option<Ring>) -> Result<Person, ApiError> {
    s.person_create(PersonInput {
        first_name: first.into(),
        last_name: Some(last.into()),
        ring,
        ..Default::default()
    })
}

fn fact(s: &Sphere, person_id: Id, category: &str, value: &str) -> Result<FactView, ApiError> {
    s.fact_create(FactInput {
        person_id,
        category: category.into(),
        value: value.into(),
        source: Some("lunch at the summit".into()),
        ..Default::default()
    })
}

/// The user, a contact Dana with a never, a maybe and a fine fact, and notes and a tie whose
/// text has a never passage.
struct World {
    s: Sphere,
    me: Person,
    dana: Person,
}

const CHILD: &str = "Emma, plays soccer at Lincoln High";
const NOTE: &str = "Her daughter Emma plays for the Lincoln High soccer team. Runs the wellness benefits program for 4,000 employees.";

fn world() -> Result<World, Box<dyn std::error::Error>> {
    let s = Sphere::open_in_memory()?;
    let me = person(&s, "Sam", "Seller", Some(Ring::Centre))?;
    let dana = person(&s, "Dana", "Buyer", None)?;
    fact(&s, dana.id, "children", CHILD)?;
    fact(&s, dana.id, "promotion", "promoted to VP of Operations")?;
    fact(&s, dana.id, "certification", "PMP, 2023")?;
    s.person_update(PersonUpdate {
        id: dana.id,
        person: PersonInput {
            first_name: "Dana".into(),
            last_name: Some("Buyer".into()),
            notes: Some(NOTE.into()),
            ..Default::default()
        },
    })?;
    s.tie_create(RelationshipInput {
        person_a: me.id,
        person_b: dana.id,
        kind: TieKind::Client,
        since: None,
        how_met: Some("her son Max is in my son's class".into()),
        strength_override: None,
        override_reason: None,
    })?;
    s.interaction_log(InteractionInput {
        occurred_at: Utc::now() - Duration::days(3),
        kind: InteractionKind::Meal,
        participants: vec![me.id, dana.id],
        note: Some("Lunch; she is going through a divorce, so rescheduled the QBR.".into()),
        outcome: None,
        initiator_id: None,
    })?;
    Ok(World { s, me, dana })
}

#[test]
fn facts_are_grouped_by_bin_and_never_values_stay_hidden_until_asked() -> TestResult {
    let w = world()?;
    let list = w.s.fact_list(FactQuery {
        person_id: w.dana.id,
        reveal_never: None,
    })?;
    let bins: Vec<Sensitivity> = list.facts.iter().map(|f| f.bin).collect();
    assert_eq!(
        bins,
        [Sensitivity::Never, Sensitivity::Maybe, Sensitivity::Fine],
        "never first, then maybe, then fine"
    );
    assert_eq!(list.hidden_never, 1);
    let never = &list.facts[0];
    assert_eq!(never.category, "children");
    assert_eq!(
        never.value, None,
        "a never fact's value is withheld by default"
    );
    assert_eq!(never.source, "", "and so is where it was learned");
    assert!(
        !never.usable && never.usable_reason.contains("never"),
        "{}",
        never.usable_reason
    );
    assert_eq!(
        list.facts[2].value.as_deref(),
        Some("PMP, 2023"),
        "fine facts are shown"
    );
    assert!(list.facts[2].usable);

    let shown = w.s.fact_list(FactQuery {
        person_id: w.dana.id,
        reveal_never: Some(true),
    })?;
    assert_eq!(shown.hidden_never, 0);
    assert_eq!(
        shown.facts[0].value.as_deref(),
        Some(CHILD),
        "asked for this person, the value is there"
    );
    assert!(
        !shown.facts[0].usable,
        "revealed is not usable: never stays never"
    );
    Ok(())
}

#[test]
fn bad_facts_are_refused_naming_the_field_and_nothing_is_written() -> TestResult {
    let w = world()?;
    let before = w.s.fact_list(FactQuery {
        person_id: w.dana.id,
        reveal_never: Some(true),
    })?;
    let cases: Vec<(FactInput, &str)> = vec![
        (
            FactInput {
                person_id: w.dana.id,
                category: "hobby".into(),
                value: "golf".into(),
                ..Default::default()
            },
            "category",
        ),
        (
            FactInput {
                person_id: w.dana.id,
                category: "hobbies".into(),
                value: "  ".into(),
                ..Default::default()
            },
            "value",
        ),
        (
            FactInput {
                person_id: 9999,
                category: "hobbies".into(),
                value: "golf".into(),
                ..Default::default()
            },
            "",
        ),
        (
            FactInput {
                person_id: w.dana.id,
                category: "hobbies".into(),
                value: "golf".into(),
                told_by: Some(w.dana.id),
                ..Default::default()
            },
            "told_by",
        ),
        (
            FactInput {
                person_id: w.dana.id,
                category: "hobbies".into(),
                value: "golf".into(),
                learned_on: Some(Utc::now().date_naive() + Duration::days(30)),
                ..Default::default()
            },
            "learned_on",
        ),
    ];
    for (input, field) in cases {
        let err = w.s.fact_create(input.clone()).expect_err("must be refused");
        if field.is_empty() {
            assert_eq!(err.kind, ErrorKind::NotFound, "{err:?}");
        } else {
            assert_eq!(err.kind, ErrorKind::InvalidInput, "{input:?}: {err:?}");
            assert_eq!(err.field.as_deref(), Some(field), "{err:?}");
        }
    }
    let unknown = w.s.fact_create(FactInput {
        person_id: w.dana.id,
        category: "hobby".into(),
        value: "golf".into(),
        ..Default::default()
    });
    assert!(
        unknown.is_err_and(|e| e.message.contains("hobbies")),
        "the error lists the categories to choose from"
    );
    let after = w.s.fact_list(FactQuery {
        person_id: w.dana.id,
        reveal_never: Some(true),
    })?;
    assert_eq!(before, after, "nothing was written");
    Ok(())
}

#[test]
fn a_maybe_fact_becomes_usable_with_tenure_a_never_fact_never_does() -> TestResult {
    let w = world()?;
    let maybe = |s: &Sphere| -> Result<FactView, ApiError> {
        Ok(s.fact_list(FactQuery {
            person_id: w.dana.id,
            reveal_never: None,
        })?
        .facts
        .remove(1))
    };
    let m = maybe(&w.s)?;
    assert_eq!(m.bin, Sensitivity::Maybe);
    assert!(
        !m.usable,
        "a new relationship is too young: {}",
        m.usable_reason
    );
    // The thresholds are settings: with none required, the maybe fact is usable.
    let settings = w.s.settings_update(SettingsInput {
        maybe_min_years: Some(0.0),
        maybe_min_strength: Some(0.0),
        ..Default::default()
    })?;
    assert_eq!(
        (settings.maybe_min_years, settings.maybe_min_strength),
        (0.0, 0.0)
    );
    let m = maybe(&w.s)?;
    assert!(m.usable, "{}", m.usable_reason);
    let never =
        w.s.fact_list(FactQuery {
            person_id: w.dana.id,
            reveal_never: Some(true),
        })?
        .facts
        .remove(0);
    assert!(!never.usable, "never stays never whatever the tenure");
    for (years, strength, field) in [
        (-1.0, None, "maybe_min_years"),
        (51.0, None, "maybe_min_years"),
        (1.0, Some(1.5), "maybe_min_strength"),
    ] {
        let e =
            w.s.settings_update(SettingsInput {
                maybe_min_years: Some(years),
                maybe_min_strength: strength,
                ..Default::default()
            })
            .expect_err("out of range");
        assert_eq!(e.field.as_deref(), Some(field));
    }
    assert_eq!(
        w.s.settings_get(Empty {})?.maybe_min_years,
        0.0,
        "a refused update changes nothing"
    );
    Ok(())
}

#[test]
fn the_linter_flags_the_recipients_never_facts_by_value_and_offers_a_fix() -> TestResult {
    let w = world()?;
    let draft = "Hi Dana, hope Emma's season at Lincoln High is going well! Congratulations on the VP role.";
    let r = w.s.draft_lint(LintRequest {
        to_person: w.dana.id,
        text: draft.into(),
        first_contact: None,
        about: None,
    })?;
    let facts: Vec<_> = r
        .warnings
        .iter()
        .filter(|x| x.kind == LintKind::Fact)
        .collect();
    assert!(
        facts.iter().any(|x| x.text == "Emma's"
            && x.severity == Severity::Remove
            && x.category.as_deref() == Some("children")),
        "the child's name is caught: {:#?}",
        r.warnings
    );
    assert!(
        facts.iter().any(|x| x.text == "Lincoln High"),
        "so is the school: {:#?}",
        r.warnings
    );
    let fix = facts[0]
        .fix
        .as_ref()
        .expect("a never fact comes with a fix");
    let chars: Vec<char> = draft.chars().collect();
    let fixed: String = chars[..fix.start as usize]
        .iter()
        .chain(&chars[fix.end as usize..])
        .collect();
    assert_eq!(
        fixed, "Hi Dana, Congratulations on the VP role.",
        "the fix removes the sentence"
    );
    let again = w.s.draft_lint(LintRequest {
        to_person: w.dana.id,
        text: fixed,
        first_contact: None,
        about: None,
    })?;
    assert!(
        again
            .warnings
            .iter()
            .all(|x| x.severity != Severity::Remove),
        "{:#?}",
        again.warnings
    );
    Ok(())
}

/// A fact warning: `(text, severity, whose)`.
type FactHit = (String, Severity, Option<String>);

/// A draft to `to` about `about`: its fact warnings, and the people it was checked against
/// besides `to`.
fn lint_facts(
    s: &Sphere,
    to: Id,
    text: &str,
    about: Option<Vec<Id>>,
) -> Result<(Vec<FactHit>, Vec<Id>), ApiError> {
    let r = s.draft_lint(LintRequest {
        to_person: to,
        text: text.into(),
        first_contact: None,
        about,
    })?;
    Ok((
        r.warnings
            .into_iter()
            .filter(|w| w.kind == LintKind::Fact)
            .map(|w| (w.text, w.severity, w.person))
            .collect(),
        r.about.iter().map(|p| p.id).collect(),
    ))
}

#[test]
fn the_linter_checks_the_facts_of_everyone_the_draft_concerns() -> TestResult {
    let w = world()?;
    // The user writes to Ada, a connector, about Dana (the target): Dana's child is Emma.
    let ada = person(&w.s, "Ada", "Connector", None)?;
    let dana = Some("Dana".to_string());
    let ask = "Hi Ada, would you introduce me to Dana? I hear emma is doing well.";
    let (facts, about) = lint_facts(&w.s, ada.id, ask, None)?;
    assert!(
        facts.is_empty() && about.is_empty(),
        "Dana named by first name only is nobody Sphere can tell apart: {facts:?}"
    );
    let (facts, about) = lint_facts(&w.s, ada.id, ask, Some(vec![w.dana.id, ada.id]))?;
    assert_eq!(
        facts,
        [("emma".to_string(), Severity::Remove, dana.clone())],
        "the target's never fact is caught in a draft to the connector, and says whose it is"
    );
    assert_eq!(about, [w.dana.id], "the recipient is not listed twice");
    // Named in full, in any case, she is found without being asked about.
    for text in [
        "Hi Ada, would you introduce me to Dana Buyer? Emma's season must be going well.",
        "hi ada, would you introduce me to dana buyer's team? emma's season must be going well.",
    ] {
        let (facts, about) = lint_facts(&w.s, ada.id, text, None)?;
        assert_eq!(about, [w.dana.id], "{text}");
        assert!(
            facts
                .iter()
                .any(|f| f.0.to_lowercase() == "emma's" && f.2 == dana),
            "{text}: {facts:?}"
        );
    }
    let r = w.s.draft_lint(LintRequest {
        to_person: ada.id,
        text: "I hear Emma is well.".into(),
        first_contact: None,
        about: Some(vec![w.dana.id]),
    })?;
    assert!(
        r.warnings[0]
            .reason
            .starts_with("“Emma” is one of Dana's never facts (children)"),
        "{}",
        r.warnings[0].reason
    );

    // A maybe fact is judged by the user's relationship with the person it is about: Bo,
    // known since 2015 and close, may hear about sailing; Cy, a stranger, may not.
    let bo = person(&w.s, "Bo", "Target", None)?;
    let cy = person(&w.s, "Cy", "Stranger", None)?;
    for p in [&bo, &cy] {
        fact(&w.s, p.id, "hobbies", "sailing")?;
    }
    w.s.tie_create(RelationshipInput {
        person_a: w.me.id,
        person_b: bo.id,
        kind: TieKind::Friend,
        since: chrono::NaiveDate::from_ymd_opt(2015, 5, 1),
        how_met: None,
        strength_override: Some(0.9),
        override_reason: Some("old friends".into()),
    })?;
    for (about, severity, whose) in [
        (bo.id, Severity::Caution, "Bo"),
        (cy.id, Severity::Warn, "Cy"),
    ] {
        let (facts, _) = lint_facts(
            &w.s,
            ada.id,
            "Could you introduce me? Happy to take them sailing.",
            Some(vec![about]),
        )?;
        assert_eq!(
            facts,
            [("sailing".to_string(), severity, Some(whose.to_string()))],
            "Ada is a stranger to the user, but the fact is {whose}'s"
        );
    }

    // A namesake of the person asked about is not who the draft means; unasked, both are.
    let namesake = person(&w.s, "Dana", "Buyer", None)?;
    fact(&w.s, namesake.id, "religion", "Beth Shalom")?;
    let text = "Would you introduce me to Dana Buyer? Shalom!";
    let (_, about) = lint_facts(&w.s, ada.id, text, Some(vec![w.dana.id]))?;
    assert_eq!(about, [w.dana.id], "the Dana Buyer asked about");
    let (_, about) = lint_facts(&w.s, ada.id, text, None)?;
    assert_eq!(about, [w.dana.id, namesake.id], "either Dana Buyer");

    // The user signing with their full name is not someone the draft is about.
    let (_, about) = lint_facts(&w.s, ada.id, "Thank you,\nSam Seller", None)?;
    assert!(about.is_empty(), "{about:?}");
    let e = lint_facts(&w.s, ada.id, "Hello", Some(vec![9_999])).expect_err("nobody has that id");
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::InvalidInput, Some("about"))
    );
    Ok(())
}

#[test]
fn a_path_draft_lints_clean_and_catches_the_facts_of_the_person_asked_for() -> TestResult {
    let w = world()?;
    let initech = w.s.org_create(OrganizationInput {
        name: "Initech".into(),
        ..Default::default()
    })?;
    let ada = person(&w.s, "Ada", "Connector", None)?;
    let bo = w.s.person_create(PersonInput {
        first_name: "Bo".into(),
        last_name: Some("Buyer".into()),
        title: Some("VP Engineering".into()),
        organization_id: Some(initech.id),
        ..Default::default()
    })?;
    for (a, b, kind) in [
        (w.me.id, ada.id, TieKind::Client),
        (ada.id, bo.id, TieKind::Colleague),
    ] {
        w.s.tie_create(RelationshipInput {
            person_a: a,
            person_b: b,
            kind,
            since: None,
            how_met: None,
            strength_override: None,
            override_reason: None,
        })?;
    }
    fact(&w.s, bo.id, "promotion", "Promoted to VP Engineering")?;
    fact(&w.s, bo.id, "job_search", "Interviewing at Initech")?;
    fact(&w.s, bo.id, "children", "Emma")?;
    let r = w.s.path_find(PathQuery {
        to_person: Some(bo.id),
        ..Default::default()
    })?;
    let d = r.paths[0].draft.as_ref().ok_or("a draft to Ada for Bo")?;
    assert!(
        d.body.contains("Bo Buyer (VP Engineering at Initech)"),
        "{}",
        d.body
    );
    let lint = |text: String| {
        w.s.draft_lint(LintRequest {
            to_person: d.connector.id,
            text,
            first_contact: None,
            about: Some(vec![d.ask_for.id]),
        })
    };
    let clean = lint(d.body.clone())?;
    assert!(
        clean.warnings.is_empty(),
        "Sphere's own draft names Bo's title and employer, which are public, not his promotion or job search: {:#?}",
        clean.warnings
    );
    let edited = lint(format!("{}\n\nP.S. Say hi to emma!", d.body))?;
    let emma: Vec<_> = edited
        .warnings
        .iter()
        .filter(|x| x.text == "emma")
        .collect();
    assert_eq!(emma.len(), 1, "{:#?}", edited.warnings);
    assert_eq!(
        (emma[0].severity, emma[0].person.as_deref()),
        (Severity::Remove, Some("Bo"))
    );
    Ok(())
}

#[test]
fn flattery_and_over_familiarity_in_a_first_contact() -> TestResult {
    let w = world()?;
    let stranger = person(&w.s, "Lee", "Prospect", None)?;
    let draft = "Hey buddy, loved your amazing keynote. xoxo";
    let r = w.s.draft_lint(LintRequest {
        to_person: stranger.id,
        text: draft.into(),
        first_contact: None,
        about: None,
    })?;
    assert!(r.first_contact, "no relationship: a first contact");
    let kinds: Vec<LintKind> = r.warnings.iter().map(|x| x.kind).collect();
    assert!(kinds.contains(&LintKind::Flattery), "{:#?}", r.warnings);
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == LintKind::OverFamiliar)
            .count(),
        2,
        "{:#?}",
        r.warnings
    );
    let greeting = r
        .warnings
        .iter()
        .find(|x| x.text == "Hey buddy")
        .expect("the greeting");
    assert_eq!(
        greeting.fix.as_ref().map(|f| f.replacement.as_str()),
        Some("Hello Lee,")
    );
    // Witnessed praise is not flattery; familiarity is fine with someone you know.
    let ok =
        "I was at your keynote in Austin: your amazing keynote point about churn stuck with me.";
    let r = w.s.draft_lint(LintRequest {
        to_person: stranger.id,
        text: ok.into(),
        first_contact: Some(false),
        about: None,
    })?;
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
    assert_eq!(r.summary, "Nothing to fix");
    Ok(())
}

#[test]
fn exports_list_views_and_path_explanations_leave_out_never_facts() -> TestResult {
    let w = world()?;
    let secrets = ["Emma", "Lincoln High", "Max", "divorce"];
    let leaks = |what: &str, json: &str| {
        for s in secrets {
            assert!(!json.contains(s), "{what} must not contain `{s}`: {json}");
        }
    };
    let export = w.s.people_export(ExportQuery::default())?;
    assert_eq!(export.never_facts_left_out, 1);
    let text = serde_json::to_string(&export)?;
    leaks("the export", &text);
    assert!(
        text.contains("PMP, 2023") && text.contains("promoted to VP"),
        "maybe and fine facts are exported"
    );
    assert!(
        text.contains("wellness benefits program"),
        "the professional part of the notes stays"
    );

    let list = serde_json::to_string(&w.s.person_list(PersonQuery::default())?)?;
    leaks("person_list", &list);
    let ties = serde_json::to_string(&w.s.tie_list(TieQuery::default())?)?;
    leaks("tie_list", &ties);
    let log = serde_json::to_string(&w.s.interaction_list(InteractionQuery::default())?)?;
    leaks("interaction_list", &log);
    assert!(
        log.contains("rescheduled the QBR"),
        "the rest of the note stays: {log}"
    );
    let facts = serde_json::to_string(&w.s.fact_list(FactQuery {
        person_id: w.dana.id,
        reveal_never: None,
    })?)?;
    leaks("fact_list", &facts);
    let paths = serde_json::to_string(&w.s.path_find(PathQuery {
        to_person: Some(w.dana.id),
        ..Default::default()
    })?)?;
    assert!(
        paths.contains(&w.me.display_name) || paths.contains("Dana"),
        "a path was found: {paths}"
    );
    leaks("path_find", &paths);

    // The same views through HTTP dispatch (what the browser gets).
    for (cmd, args) in [
        ("person_list", serde_json::json!({})),
        ("tie_list", serde_json::json!({})),
        ("interaction_list", serde_json::json!({})),
        ("people_export", serde_json::json!({})),
        ("fact_list", serde_json::json!({"person_id": w.dana.id})),
    ] {
        leaks(cmd, &w.s.dispatch(cmd, args)?.to_string());
    }

    // Asked for that one person, they are there.
    let one = serde_json::to_string(&w.s.people_export(ExportQuery {
        include_never_for: Some(w.dana.id),
        ..Default::default()
    })?)?;
    assert!(
        one.contains(CHILD) && one.contains("Her daughter Emma"),
        "{one}"
    );
    let e =
        w.s.people_export(ExportQuery {
            include_never_for: Some(424242),
            ..Default::default()
        })
        .expect_err("no such person");
    assert_eq!(e.field.as_deref(), Some("include_never_for"));
    Ok(())
}

#[test]
fn deleting_a_person_deletes_their_facts_and_a_fact_can_be_restored() -> TestResult {
    let w = world()?;
    let list = w.s.fact_list(FactQuery {
        person_id: w.dana.id,
        reveal_never: Some(true),
    })?;
    let gone = w.s.fact_delete(IdRequest {
        id: list.facts[2].id,
    })?;
    assert_eq!(
        gone.value, "PMP, 2023",
        "the deleted fact comes back whole, for undo"
    );
    let restored = w.s.fact_create(FactInput {
        person_id: gone.person_id,
        category: gone.category.clone(),
        value: gone.value.clone(),
        source: Some(gone.source.clone()),
        learned_on: gone.learned_on,
        told_by: gone.told_by,
    })?;
    assert_eq!(restored.value.as_deref(), Some("PMP, 2023"));
    w.s.person_delete(IdRequest { id: w.dana.id })?;
    assert_eq!(
        w.s.people_export(ExportQuery::default())?
            .never_facts_left_out,
        0,
        "their facts went with them"
    );
    Ok(())
}

#[test]
fn classify_reports_passages_with_character_spans() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let text = "Zoë’s notes: her husband Jen… is in chemo. Sells church management software.";
    let c = s.text_classify(ClassifyRequest { text: text.into() })?;
    assert_eq!(c.worst, Sensitivity::Never);
    let chars: Vec<char> = text.chars().collect();
    for p in &c.passages {
        let slice: String = chars[p.start as usize..p.end as usize].iter().collect();
        assert_eq!(slice, p.text, "spans are character offsets");
    }
    let cats: Vec<&str> = c.passages.iter().map(|p| p.category.as_str()).collect();
    assert!(
        cats.contains(&"spouse_partner") && cats.contains(&"health"),
        "{cats:?}"
    );
    assert!(
        !c.passages.iter().any(|p| p.text.contains("church")),
        "church software is professional"
    );
    Ok(())
}

#[test]
fn fixes_leave_clean_text_and_bad_arguments_name_their_field() -> TestResult {
    let w = world()?;
    let stranger = person(&w.s, "Lee", "Prospect", None)?;
    let apply = |draft: &str, fix: &sphere_sensitivity::lint::LintFix| -> String {
        let chars: Vec<char> = draft.chars().collect();
        let mut out: String = chars[..fix.start as usize].iter().collect();
        out.push_str(&fix.replacement);
        out.extend(&chars[fix.end as usize..]);
        out
    };
    for (draft, fixed) in [
        ("👋 Hey buddy, shall we talk?", "Hey buddy, shall we talk?"),
        ("Hey buddy 👋, shall we talk?", "Hello Lee, shall we talk?"),
    ] {
        let r = w.s.draft_lint(LintRequest {
            to_person: stranger.id,
            text: draft.into(),
            first_contact: Some(true),
            about: None,
        })?;
        let fix = r
            .warnings
            .iter()
            .find_map(|x| x.fix.as_ref())
            .expect("a fix");
        assert_eq!(apply(draft, fix), fixed, "{:#?}", r.warnings);
    }
    let e = w
        .s
        .dispatch("fact_create", serde_json::json!({"person_id": w.dana.id, "category": "hobbies", "value": "golf", "learned_on": "garbage"}))
        .expect_err("not a date");
    assert_eq!(e.field.as_deref(), Some("learned_on"), "{e:?}");
    let list = w.s.fact_list(FactQuery {
        person_id: w.dana.id,
        reveal_never: None,
    })?;
    let e =
        w.s.fact_update(FactUpdate {
            id: list.facts[2].id,
            fact: FactInput {
                person_id: w.me.id,
                category: "certification".into(),
                value: "PMP".into(),
                ..Default::default()
            },
        })
        .expect_err("a fact stays with its person");
    assert_eq!(e.field.as_deref(), Some("person_id"));
    assert!(
        w.s.fact_list(FactQuery {
            person_id: w.dana.id,
            reveal_never: None
        })?
        .relationship
        .contains("less than a year")
    );
    assert_eq!(sphere_sensitivity::years_words(1.4), "1 year");
    Ok(())
}

/// Every command that returns free text the user wrote about people (notes, how two people
/// met, interaction notes, a referral request's event notes, Today, exports, path
/// explanations) hides the whole clause of a never passage — with the names and places said
/// with it — unless asked to reveal it for the person it is about.
#[test]
fn every_view_of_free_text_hides_never_clauses_unless_revealed_for_that_person() -> TestResult {
    use sphere_api::domain::referral::{AskMode, RequestState};
    let s = Sphere::open_in_memory()?;
    let me = person(&s, "Sam", "Seller", Some(Ring::Centre))?;
    let ada = person(&s, "Ada", "Connector", None)?;
    let dana = person(&s, "Dana", "Buyer", None)?;
    // Each secret is something only the hidden clause says; each keeper must stay.
    let secrets = [
        "Saint Quorra",
        "Tom Baker",
        "Grace Church",
        "Mercy Hospital",
        "Tom,",
    ];
    let keepers = ["Runs procurement at Acme", "and she signs the renewals"];
    s.person_update(PersonUpdate {
        id: dana.id,
        person: PersonInput {
            first_name: "Dana".into(),
            last_name: Some("Buyer".into()),
            notes: Some(
                "She goes to Saint Quorra church every Sunday. Runs procurement at Acme.".into(),
            ),
            ..Default::default()
        },
    })?;
    let tie = |a: Id, b: Id, how: &str| {
        s.tie_create(RelationshipInput {
            person_a: a,
            person_b: b,
            kind: TieKind::Friend,
            since: None,
            how_met: Some(how.into()),
            strength_override: None,
            override_reason: None,
        })
    };
    tie(me.id, ada.id, "Met at the Denver summit.")?;
    let ada_dana = tie(
        ada.id,
        dana.id,
        "Tom, her husband, is a pastor at Grace Church.",
    )?;
    for (who, note) in [
        (
            vec![me.id, dana.id],
            "Lunch. Her husband Tom Baker runs a breast cancer charity, and she signs the renewals.",
        ),
        (vec![me.id, ada.id], "Coffee with Ada."),
        (vec![ada.id, dana.id], "Golf."),
    ] {
        s.interaction_log(InteractionInput {
            occurred_at: Utc::now() - Duration::days(3),
            kind: InteractionKind::Meal,
            participants: who,
            note: Some(note.into()),
            outcome: None,
            initiator_id: None,
        })?;
    }
    let ask = s.ask_create(AskInput {
        target_person: Some(dana.id),
        paths: vec![vec![me.id, ada.id, dana.id]],
        subject: "Would you introduce me to Dana?".into(),
        message: "Hi Ada, would you introduce me to Dana Buyer? Thank you, Sam".into(),
        mode: Some(AskMode::Introduce),
        ..Default::default()
    })?;
    s.ask_move(AskMove {
        id: ask.id,
        to: RequestState::Asked,
        reason: None,
        note: Some("Ada says Dana is recovering from chemotherapy at Mercy Hospital.".into()),
        at: None,
    })?;

    // Every command that answers with such text, through the one entry point all surfaces
    // use.
    let hidden_views: Vec<(&str, serde_json::Value)> = vec![
        ("person_get", serde_json::json!({ "id": dana.id })),
        ("person_get", serde_json::json!({ "id": ada.id })),
        ("person_get", serde_json::json!({ "id": me.id })),
        ("tie_get", serde_json::json!({ "id": ada_dana.id })),
        ("tie_list", serde_json::json!({})),
        ("tie_list", serde_json::json!({ "person_id": dana.id })),
        ("interaction_list", serde_json::json!({})),
        (
            "interaction_list",
            serde_json::json!({ "person_id": dana.id }),
        ),
        ("ask_get", serde_json::json!({ "id": ask.id })),
        ("ask_list", serde_json::json!({})),
        ("today", serde_json::json!({})),
        ("people_export", serde_json::json!({})),
        ("people_export_file", serde_json::json!({ "format": "csv" })),
        (
            "people_export_file",
            serde_json::json!({ "format": "vcard" }),
        ),
        ("path_find", serde_json::json!({ "to_person": dana.id })),
        ("sphere_view", serde_json::json!({})),
        ("person_list", serde_json::json!({ "search": "Dana" })),
    ];
    for (command, args) in hidden_views {
        let answer = s.dispatch(command, args.clone())?.to_string();
        for secret in secrets {
            assert!(
                !answer.contains(secret),
                "{command} {args} shows `{secret}`: {answer}"
            );
        }
    }
    // What stands alone stays.
    let page = s.person_get(DetailRequest::id(dana.id))?;
    let shown = serde_json::to_string(&page)?;
    for keeper in keepers {
        assert!(shown.contains(keeper), "`{keeper}` stays: {shown}");
    }
    assert_eq!(
        page.person.notes,
        "[religion hidden]. Runs procurement at Acme."
    );
    assert_eq!(
        page.hidden_never, 5,
        "the notes' religion, spouse and religion in how Ada and Dana met, spouse and cause at lunch"
    );
    let ties = s.tie_list(TieQuery::default())?;
    assert!(
        ties.iter()
            .any(|t| t.relationship.how_met == "Met at the Denver summit."),
        "text without a never passage is untouched"
    );

    // Revealed for Dana: text about Dana is whole; text about others is not.
    let revealed = s.person_get(DetailRequest {
        id: dana.id,
        reveal_never: Some(true),
    })?;
    assert_eq!(revealed.hidden_never, 0);
    assert!(revealed.person.notes.contains("Saint Quorra"));
    assert!(
        revealed
            .relationships
            .iter()
            .any(|t| t.relationship.how_met.contains("Grace Church"))
    );
    assert!(
        revealed
            .recent_interactions
            .iter()
            .any(|i| i.interaction.note.contains("Tom Baker"))
    );
    let tie_shown = s.tie_get(DetailRequest {
        id: ada_dana.id,
        reveal_never: Some(true),
    })?;
    assert!(tie_shown.relationship.how_met.contains("Grace Church"));
    let ada_log = s.interaction_list(InteractionQuery {
        person_id: Some(ada.id),
        reveal_never: Some(true),
        ..Default::default()
    })?;
    assert!(
        ada_log
            .items
            .iter()
            .all(|i| !i.interaction.note.contains("Tom Baker")),
        "revealing Ada's shows nothing of an interaction she was not part of"
    );
    // Everyone's at once is not a thing: revealing is per person.
    for (command, args) in [
        ("tie_list", serde_json::json!({ "reveal_never": true })),
        (
            "interaction_list",
            serde_json::json!({ "reveal_never": true }),
        ),
    ] {
        let e = s
            .dispatch(command, args)
            .expect_err("reveal needs a person");
        assert_eq!(e.field.as_deref(), Some("reveal_never"), "{e:?}");
    }
    let dana_log = s.interaction_list(InteractionQuery {
        person_id: Some(dana.id),
        reveal_never: Some(true),
        ..Default::default()
    })?;
    assert!(
        dana_log
            .items
            .iter()
            .any(|i| i.interaction.note.contains("Tom Baker"))
    );
    Ok(())
}

/// A fact filed under a harmless category and a label can still say something never: the
/// exports leave them out whatever their category, and say how many (not what).
#[test]
fn exports_leave_out_facts_and_labels_that_read_as_never_whatever_their_category() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let dana = person(&s, "Dana", "Buyer", None)?;
    s.person_update(PersonUpdate {
        id: dana.id,
        person: PersonInput {
            first_name: "Dana".into(),
            last_name: Some("Buyer".into()),
            tags: Some(vec!["client".into(), "pregnant".into(), "golf".into()]),
            ..Default::default()
        },
    })?;
    fact(&s, dana.id, "hobbies", "recovering from chemotherapy")?;
    fact(&s, dana.id, "hobbies", "sailing on weekends")?;
    fact(&s, dana.id, "certification", "PMP, 2023")?;
    let export = s.people_export(ExportQuery::default())?;
    assert_eq!(
        export.never_text_left_out, 2,
        "the chemotherapy hobby and the label `pregnant`"
    );
    assert_eq!(export.never_facts_left_out, 0, "none was filed as never");
    let p = &export.people[0];
    assert_eq!(p.person.tags, vec!["client", "golf"]);
    let values: Vec<&str> = p.facts.iter().map(|f| f.value.as_str()).collect();
    assert_eq!(values, vec!["sailing on weekends", "PMP, 2023"]);
    for format in [ExportFormat::Json, ExportFormat::Csv, ExportFormat::Vcard] {
        let file = s.people_export_file(ExportQuery {
            format: Some(format),
            ..Default::default()
        })?;
        assert_eq!(file.never_text_left_out, 2);
        for secret in ["chemotherapy", "pregnant"] {
            assert!(
                !file.text.contains(secret),
                "{format:?} export carries `{secret}`: {}",
                file.text
            );
        }
        assert!(
            file.text.contains("golf"),
            "{format:?} keeps the other labels"
        );
    }
    // Asked for Dana herself, everything is there.
    let mine = s.people_export(ExportQuery {
        include_never_for: Some(dana.id),
        ..Default::default()
    })?;
    assert_eq!(mine.never_text_left_out, 0);
    assert_eq!(mine.people[0].person.tags.len(), 3);
    assert_eq!(mine.people[0].facts.len(), 3);
    Ok(())
}

/// The engine's world knowledge and informal wording reach every view that shows notes: a
/// named fast, a drug, "gf" are hidden in a person's page and export; the same words about
/// an organization's business stay.
#[test]
fn world_knowledge_and_informal_wording_are_hidden_where_notes_are_shown() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let priya = person(&s, "Priya", "Raman", None)?;
    let notes = "Owns the analytics budget. Keeps the Karva Chauth fast, so no lunch that day. \
                 Her team runs the Diwali gifting line at Hamperly, up 40% this quarter.";
    s.person_update(PersonUpdate {
        id: priya.id,
        person: PersonInput {
            first_name: "Priya".into(),
            last_name: Some("Raman".into()),
            notes: Some(notes.into()),
            ..Default::default()
        },
    })?;
    let page = s.person_get(DetailRequest::id(priya.id))?;
    assert_eq!(
        page.person.notes,
        "Owns the analytics budget. [religion hidden], so no lunch that day. Her team runs the \
         Diwali gifting line at Hamperly, up 40% this quarter.",
        "the fast is hidden, the business season is not"
    );
    for command in ["people_export", "person_list"] {
        let answer = s.dispatch(command, serde_json::json!({}))?.to_string();
        assert!(!answer.contains("Karva Chauth"), "{command}: {answer}");
    }
    for (text, category) in [
        ("noura on ozempic, lost 15kg she said", Some("health")),
        (
            "erik and his gf split up last month",
            Some("spouse_partner"),
        ),
        ("heike sits in the SPD Ortsverein", Some("politics")),
        (
            "been applying around quietly, hates the new VP",
            Some("job_search"),
        ),
        ("fertility tracking app hit 1m downloads", None),
        (
            "their agency won the Liberal party conference contract",
            None,
        ),
    ] {
        let c = s.text_classify(ClassifyRequest { text: text.into() })?;
        let never = c
            .passages
            .iter()
            .find(|p| p.bin == Sensitivity::Never)
            .map(|p| p.category.as_str());
        assert_eq!(never, category, "{text}: {:?}", c.passages);
    }
    Ok(())
}
