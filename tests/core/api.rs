//! The command set, as every surface calls it: create/list/edit/delete and bad input.

use chrono::{TimeZone, Utc};
use sphere_api::domain::*;
use sphere_api::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn person(first: &str, last: &str) -> PersonInput {
    PersonInput {
        first_name: first.into(),
        last_name: Some(last.into()),
        ..Default::default()
    }
}

fn tie(a: Id, b: Id) -> RelationshipInput {
    RelationshipInput {
        person_a: a,
        person_b: b,
        kind: TieKind::Friend,
        since: None,
        how_met: None,
        strength_override: None,
        override_reason: None,
    }
}

/// Everything stored, as JSON, to prove a rejected write changed nothing.
fn snapshot(sphere: &Sphere) -> Result<String, ApiError> {
    let people = sphere.person_list(PersonQuery {
        limit: Some(1000),
        ..Default::default()
    })?;
    let orgs = sphere.org_list(OrgQuery::default())?;
    let ties = sphere.tie_list(TieQuery::default())?;
    let log = sphere.interaction_list(InteractionQuery {
        person_id: None,
        limit: Some(1000),
        ..Default::default()
    })?;
    Ok(serde_json::json!([people, orgs, ties, log]).to_string())
}

/// Checks that `result` is an error of `kind` naming `field`, and that nothing changed.
fn check_rejected<T: std::fmt::Debug>(
    sphere: &Sphere,
    before: &str,
    result: Result<T, ApiError>,
    kind: ErrorKind,
    field: Option<&str>,
) -> TestResult {
    let err = result.expect_err("bad input must be rejected");
    assert_eq!(err.kind, kind, "wrong kind for: {}", err.message);
    assert_eq!(
        err.field.as_deref(),
        field,
        "the error names the field: {}",
        err.message
    );
    assert!(!err.message.is_empty());
    assert_eq!(
        snapshot(sphere)?,
        before,
        "a rejected write must leave the database untouched"
    );
    Ok(())
}

#[test]
fn people_are_created_listed_edited_and_deleted() -> TestResult {
    let sphere = Sphere::open_in_memory()?;
    let acme = sphere.org_create(OrganizationInput {
        name: "Acme Corporation".into(),
        domain: Some("ACME.com".into()),
        ..Default::default()
    })?;
    assert_eq!(acme.domain, "acme.com", "domains are stored lower-case");
    let ada = sphere.person_create(PersonInput {
        first_name: " Ada ".into(),
        last_name: Some("Lovelace".into()),
        emails: Some(vec!["ada@acme.com".into(), "ADA@acme.com".into()]),
        title: Some("Head of Engineering".into()),
        organization_id: Some(acme.id),
        ring: Some(Ring::Inner),
        tags: Some(vec!["champion".into()]),
        ..Default::default()
    })?;
    assert_eq!(ada.display_name, "Ada Lovelace", "names are trimmed");
    assert_eq!(
        ada.emails,
        vec!["ada@acme.com"],
        "duplicate emails collapse"
    );
    let grace = sphere.person_create(person("Grace", "Hopper"))?;

    let all = sphere.person_list(PersonQuery::default())?;
    assert_eq!(all.total, 2);
    let names: Vec<_> = all.items.iter().map(|p| p.display_name.as_str()).collect();
    assert_eq!(
        names,
        ["Grace Hopper", "Ada Lovelace"],
        "default order is by last name"
    );

    for (search, expected) in [
        ("love", "Ada Lovelace"),
        ("acme", "Ada Lovelace"),
        ("ENGINEER", "Ada Lovelace"),
        ("champ", "Ada Lovelace"),
        ("hop", "Grace Hopper"),
    ] {
        let found = sphere.person_list(PersonQuery {
            search: Some(search.into()),
            ..Default::default()
        })?;
        assert_eq!(found.total, 1, "search `{search}`");
        assert_eq!(found.items[0].display_name, expected, "search `{search}`");
    }
    let none = sphere.person_list(PersonQuery {
        search: Some("100%_".into()),
        ..Default::default()
    })?;
    assert_eq!(none.total, 0, "LIKE wildcards in the search are literal");
    let inner = sphere.person_list(PersonQuery {
        ring: Some(Ring::Inner),
        ..Default::default()
    })?;
    assert_eq!(
        inner.items.iter().map(|p| p.id).collect::<Vec<_>>(),
        [ada.id]
    );
    let at_acme = sphere.person_list(PersonQuery {
        organization_id: Some(acme.id),
        ..Default::default()
    })?;
    assert_eq!(at_acme.total, 1);

    let mut edit = person("Grace", "Hopper");
    edit.title = Some("Rear Admiral".into());
    let edited = sphere.person_update(PersonUpdate {
        id: grace.id,
        person: edit,
    })?;
    assert_eq!(edited.title, "Rear Admiral");
    assert!(edited.updated_at >= grace.updated_at);

    sphere.tie_create(tie(ada.id, grace.id))?;
    sphere.interaction_log(InteractionInput {
        occurred_at: Utc
            .with_ymd_and_hms(2026, 3, 14, 9, 30, 0)
            .single()
            .ok_or("date")?,
        kind: InteractionKind::Meal,
        participants: vec![ada.id, grace.id],
        initiator_id: None,
        note: Some("lunch".into()),
        outcome: None,
    })?;
    let detail = sphere.person_get(DetailRequest::id(grace.id))?;
    assert_eq!(detail.relationships.len(), 1);
    assert_eq!(
        detail.relationships[0].other.id, ada.id,
        "the tie is seen from Grace's side"
    );
    assert_eq!(detail.relationships[0].shared_interactions, 1);
    assert_eq!(detail.recent_interactions.len(), 1);

    let deleted = sphere.person_delete(IdRequest { id: grace.id })?;
    assert_eq!(deleted.id, grace.id);
    let err = sphere
        .person_get(DetailRequest::id(grace.id))
        .expect_err("deleted");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(
        sphere.tie_list(TieQuery::default())?.is_empty(),
        "deleting a person removes their ties"
    );
    Ok(())
}

#[test]
fn bad_person_input_is_rejected_and_nothing_is_written() -> TestResult {
    let sphere = Sphere::open_in_memory()?;
    let existing = sphere.person_create(person("Ada", "Lovelace"))?;
    let before = snapshot(&sphere)?;
    let long = "x".repeat(10_001);
    let cases: Vec<(PersonInput, &str)> = vec![
        (person("", "Blank"), "first_name"),
        (person("   \t ", "Blank"), "first_name"),
        (
            PersonInput {
                notes: Some(long.clone()),
                ..person("Long", "Notes")
            },
            "notes",
        ),
        (
            PersonInput {
                title: Some(long),
                ..person("Long", "Title")
            },
            "title",
        ),
        (
            PersonInput {
                emails: Some(vec!["ok@example.com".into(), "not-an-email".into()]),
                ..person("Bad", "Email")
            },
            "emails[1]",
        ),
        (
            PersonInput {
                phones: Some(vec!["call me".into()]),
                ..person("Bad", "Phone")
            },
            "phones[0]",
        ),
        (
            PersonInput {
                organization_id: Some(-4),
                ..person("Bad", "Org")
            },
            "organization_id",
        ),
    ];
    for (input, field) in cases {
        check_rejected(
            &sphere,
            &before,
            sphere.person_create(input.clone()),
            ErrorKind::InvalidInput,
            Some(field),
        )?;
        let update = sphere.person_update(PersonUpdate {
            id: existing.id,
            person: input,
        });
        check_rejected(
            &sphere,
            &before,
            update,
            ErrorKind::InvalidInput,
            Some(field),
        )?;
    }
    let unknown_org = PersonInput {
        organization_id: Some(999),
        ..person("No", "Org")
    };
    check_rejected(
        &sphere,
        &before,
        sphere.person_create(unknown_org),
        ErrorKind::NotFound,
        None,
    )?;
    check_rejected(
        &sphere,
        &before,
        sphere.person_update(PersonUpdate {
            id: 999,
            person: person("X", "Y"),
        }),
        ErrorKind::NotFound,
        None,
    )?;
    check_rejected(
        &sphere,
        &before,
        sphere.person_delete(IdRequest { id: 999 }),
        ErrorKind::NotFound,
        None,
    )?;
    check_rejected(
        &sphere,
        &before,
        sphere.person_get(DetailRequest::id(999)),
        ErrorKind::NotFound,
        None,
    )?;
    Ok(())
}

#[test]
fn only_one_person_can_be_at_the_centre() -> TestResult {
    let sphere = Sphere::open_in_memory()?;
    let me = sphere.person_create(PersonInput {
        ring: Some(Ring::Centre),
        ..person("Me", "Myself")
    })?;
    let before = snapshot(&sphere)?;
    let second = PersonInput {
        ring: Some(Ring::Centre),
        ..person("Also", "Me")
    };
    check_rejected(
        &sphere,
        &before,
        sphere.person_create(second),
        ErrorKind::Conflict,
        None,
    )?;
    // Editing the centre person keeps them at the centre.
    let kept = sphere.person_update(PersonUpdate {
        id: me.id,
        person: PersonInput {
            ring: Some(Ring::Centre),
            ..person("Me", "Again")
        },
    })?;
    assert_eq!(kept.ring, Ring::Centre);
    assert_eq!(sphere.app_info(Empty {})?.me.map(|m| m.id), Some(me.id));
    Ok(())
}

#[test]
fn bad_relationships_and_interactions_are_rejected() -> TestResult {
    let sphere = Sphere::open_in_memory()?;
    let a = sphere.person_create(person("Ada", "Lovelace"))?.id;
    let b = sphere.person_create(person("Grace", "Hopper"))?.id;
    sphere.tie_create(tie(a, b))?;
    let before = snapshot(&sphere)?;
    check_rejected(
        &sphere,
        &before,
        sphere.tie_create(tie(a, a)),
        ErrorKind::InvalidInput,
        Some("person_b"),
    )?;
    check_rejected(
        &sphere,
        &before,
        sphere.tie_create(tie(b, a)),
        ErrorKind::Conflict,
        None,
    )?;
    check_rejected(
        &sphere,
        &before,
        sphere.tie_create(tie(a, 999)),
        ErrorKind::NotFound,
        None,
    )?;
    let over = RelationshipInput {
        strength_override: Some(1.2),
        override_reason: Some("x".into()),
        ..tie(a, 999)
    };
    check_rejected(
        &sphere,
        &before,
        sphere.tie_create(over),
        ErrorKind::InvalidInput,
        Some("strength_override"),
    )?;
    let no_reason = RelationshipInput {
        strength_override: Some(0.9),
        ..tie(a, b)
    };
    check_rejected(
        &sphere,
        &before,
        sphere.tie_create(no_reason),
        ErrorKind::InvalidInput,
        Some("override_reason"),
    )?;
    let future = RelationshipInput {
        since: Some(Utc::now().date_naive() + chrono::Days::new(30)),
        ..tie(a, b)
    };
    check_rejected(
        &sphere,
        &before,
        sphere.tie_create(future),
        ErrorKind::InvalidInput,
        Some("since"),
    )?;

    let log = |participants: Vec<Id>| InteractionInput {
        occurred_at: Utc::now(),
        kind: InteractionKind::Call,
        participants,
        initiator_id: None,
        note: None,
        outcome: None,
    };
    check_rejected(
        &sphere,
        &before,
        sphere.interaction_log(log(vec![])),
        ErrorKind::InvalidInput,
        Some("participants"),
    )?;
    check_rejected(
        &sphere,
        &before,
        sphere.interaction_log(log(vec![a, 999])),
        ErrorKind::InvalidInput,
        Some("participants[1]"),
    )?;
    Ok(())
}

#[test]
fn organizations_are_unique_by_full_name() -> TestResult {
    let sphere = Sphere::open_in_memory()?;
    let acme = sphere.org_create(OrganizationInput {
        name: "Acme Corporation".into(),
        ..Default::default()
    })?;
    let before = snapshot(&sphere)?;
    let dup = OrganizationInput {
        name: "  acme corporation ".into(),
        ..Default::default()
    };
    check_rejected(
        &sphere,
        &before,
        sphere.org_create(dup),
        ErrorKind::Conflict,
        None,
    )?;
    let blank = OrganizationInput {
        name: " ".into(),
        ..Default::default()
    };
    check_rejected(
        &sphere,
        &before,
        sphere.org_create(blank),
        ErrorKind::InvalidInput,
        Some("name"),
    )?;
    let domain = OrganizationInput {
        name: "Globex".into(),
        domain: Some("not a domain".into()),
        ..Default::default()
    };
    check_rejected(
        &sphere,
        &before,
        sphere.org_create(domain),
        ErrorKind::InvalidInput,
        Some("domain"),
    )?;

    let ada = sphere.person_create(PersonInput {
        organization_id: Some(acme.id),
        ..person("Ada", "Lovelace")
    })?;
    sphere.org_delete(IdRequest { id: acme.id })?;
    let ada = sphere.person_get(DetailRequest::id(ada.id))?;
    assert_eq!(
        ada.person.organization_id, None,
        "people stay when their organization goes"
    );
    Ok(())
}

#[test]
fn dispatch_decodes_json_and_rejects_malformed_arguments() -> TestResult {
    let sphere = Sphere::open_in_memory()?;
    let created = sphere.dispatch(
        "person_create",
        serde_json::json!({"first_name": "Ada", "emails": ["ada@example.com"]}),
    )?;
    assert_eq!(created["display_name"], "Ada");
    let listed = sphere.dispatch("person_list", serde_json::Value::Null)?;
    assert_eq!(listed["total"], 1, "a null body means default arguments");
    for (name, args) in [
        ("person_create", serde_json::json!({"first_name": 12})),
        (
            "person_create",
            serde_json::json!({"first_name": "A", "favourite_colour": "red"}),
        ),
        ("person_get", serde_json::json!({})),
        ("person_list", serde_json::json!({"ring": "orbit"})),
        (
            "interaction_log",
            serde_json::json!({"occurred_at": "yesterday", "kind": "call", "participants": [1]}),
        ),
    ] {
        let err = sphere
            .dispatch(name, args.clone())
            .expect_err("malformed arguments");
        assert_eq!(
            err.kind,
            ErrorKind::InvalidInput,
            "{name} {args}: {}",
            err.message
        );
        assert!(
            err.message.contains(name),
            "the message names the command: {}",
            err.message
        );
    }
    let err = sphere
        .dispatch("person_explode", serde_json::Value::Null)
        .expect_err("unknown");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(
        sphere.person_list(PersonQuery::default())?.total,
        1,
        "nothing else was written"
    );
    Ok(())
}

#[test]
fn the_boundary_error_serializes_as_kind_and_message() -> TestResult {
    let json = serde_json::to_value(ApiError::not_found("no person with id 7"))?;
    assert_eq!(
        json,
        serde_json::json!({"kind": "not_found", "message": "no person with id 7"})
    );
    let json = serde_json::to_value(ApiError::invalid(
        "first_name",
        "first_name must not be empty",
    ))?;
    assert_eq!(json["kind"], "invalid_input");
    assert_eq!(json["field"], "first_name");
    Ok(())
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("   ".to_string()),
            "[ a-zA-Zéü'\\-]{0,20}",
            "\\PC{0,30}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any input is either stored exactly as the validator cleaned it, or rejected with
        /// `invalid_input` and nothing written.
        #[test]
        fn create_either_round_trips_or_writes_nothing(
            first in any_text(), last in any_text(), title in any_text(),
            emails in proptest::collection::vec(prop_oneof![Just("a@b.co".to_string()), "[a-z@.]{0,12}"], 0..3),
        ) {
            let sphere = Sphere::open_in_memory().map_err(|e| TestCaseError::fail(e.message))?;
            let input = PersonInput { first_name: first.clone(), last_name: Some(last.clone()), title: Some(title.clone()), emails: Some(emails), ..Default::default() };
            match sphere.person_create(input) {
                Ok(p) => {
                    prop_assert_eq!(&p.first_name, first.trim());
                    prop_assert_eq!(&p.last_name, last.trim());
                    let back = sphere.person_get(DetailRequest::id(p.id)).map_err(|e| TestCaseError::fail(e.message))?;
                    prop_assert_eq!(back.person, p);
                }
                Err(e) => {
                    prop_assert_eq!(e.kind, ErrorKind::InvalidInput);
                    prop_assert!(e.field.is_some());
                    let n = sphere.person_list(PersonQuery::default()).map_err(|e| TestCaseError::fail(e.message))?.total;
                    prop_assert_eq!(n, 0);
                }
            }
        }
    }
}

#[test]
fn the_team_and_one_organization_are_read_by_their_own_commands() -> TestResult {
    let s = Sphere::open_in_memory()?;
    s.demo_load(DemoRequest::default())?;
    let me = s.app_info(Empty {})?.me.ok_or("the demo has a centre")?;
    let team = s.team_list(Empty {})?;
    assert_eq!(team.len(), 3, "the demo marks three colleagues as the team");
    assert!(
        team.iter().all(|m| m.id != me.id),
        "you are never listed as your own team member"
    );
    let view = s.sphere_view(Empty {})?;
    let mut expected: Vec<Id> = view
        .people
        .iter()
        .filter(|p| p.is_team && p.id != me.id)
        .map(|p| p.id)
        .collect();
    let mut listed: Vec<Id> = team.iter().map(|m| m.id).collect();
    expected.sort_unstable();
    listed.sort_unstable();
    assert_eq!(
        listed, expected,
        "team_list names the same people the sphere marks as team"
    );

    let orgs = s.org_list(OrgQuery::default())?;
    let first = orgs.first().ok_or("the demo has organizations")?;
    let one = s.org_get(IdRequest {
        id: first.organization.id,
    })?;
    assert_eq!(&one, first, "org_get reads the same summary org_list shows");
    let err = s
        .org_get(IdRequest { id: 999_999 })
        .expect_err("an unknown id is not found");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(err.message.contains("999999"), "{}", err.message);
    Ok(())
}

#[test]
fn settings_carry_the_strength_formulas_weights() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let weights = s.settings_get(Empty {})?.interaction_weights;
    assert_eq!(
        weights.len(),
        InteractionKind::ALL.len(),
        "one weight per interaction kind"
    );
    for w in &weights {
        assert_eq!(
            w.weight,
            sphere_domain::strength::weight(w.kind),
            "the UI shows the formula's own weights"
        );
    }
    Ok(())
}

/// Control characters, bidi overrides and invisible-only text are refused by every surface
/// (the CLI, the HTTP server and the desktop shell all decode into the same commands),
/// naming the field, with nothing written.
#[test]
fn hidden_characters_are_refused_through_dispatch_naming_the_field() -> TestResult {
    let sphere = Sphere::open_in_memory()?;
    let ada = sphere.person_create(person("Ada", "Lovelace"))?;
    let before = snapshot(&sphere)?;
    for (command, args, field) in [
        (
            "person_create",
            serde_json::json!({ "first_name": "Ada\u{202E}evol" }),
            "first_name",
        ),
        (
            "person_create",
            serde_json::json!({ "first_name": "\u{200B}\u{200B}" }),
            "first_name",
        ),
        (
            "person_create",
            serde_json::json!({ "first_name": "Bo", "last_name": "Smith\nJones" }),
            "last_name",
        ),
        (
            "person_create",
            serde_json::json!({ "first_name": "Bo", "title": "CTO\u{7}" }),
            "title",
        ),
        (
            "person_create",
            serde_json::json!({ "first_name": "Bo", "tags": ["vip", "vip\u{2066}"] }),
            "tags[1]",
        ),
        (
            "org_create",
            serde_json::json!({ "name": "Acme\u{2067}Corp" }),
            "name",
        ),
        (
            "person_update",
            serde_json::json!({ "id": ada.id, "person": { "first_name": "Ada\u{1b}[2J" } }),
            "first_name",
        ),
        (
            "fact_create",
            serde_json::json!({ "person_id": ada.id, "category": "hobbies", "value": "chess", "source": "the\u{202D}fair" }),
            "source",
        ),
        (
            "tie_create",
            serde_json::json!({ "person_a": ada.id, "person_b": ada.id + 1, "kind": "friend", "how_met": "\u{FEFF}" }),
            "how_met",
        ),
        (
            "ask_create",
            serde_json::json!({ "target_person": ada.id, "paths": [[ada.id]], "subject": "Intro\u{202E}", "message": "Hi" }),
            "subject",
        ),
        (
            "ask_create",
            serde_json::json!({ "target_person": ada.id, "paths": [[ada.id]], "subject": "Intro", "message": "Hi\u{7}" }),
            "message",
        ),
        (
            "need_offer_create",
            serde_json::json!({ "person_id": ada.id, "kind": "need", "term": "seed\u{2067} investors" }),
            "term",
        ),
        (
            "ledger_add",
            serde_json::json!({ "person_id": ada.id, "direction": "deposit", "kind": "introduction", "note": "\u{200B}" }),
            "note",
        ),
    ] {
        let result = sphere.dispatch(command, args.clone());
        assert!(result.is_err(), "{command} {args} must be refused");
        check_rejected(
            &sphere,
            &before,
            result,
            ErrorKind::InvalidInput,
            Some(field),
        )?;
    }
    // Emails: 100,000 entries are refused at the limit, naming the list.
    let many: Vec<String> = (0..100_000).map(|i| format!("p{i}@example.com")).collect();
    let result = sphere.dispatch(
        "person_create",
        serde_json::json!({ "first_name": "Bo", "emails": many }),
    );
    check_rejected(
        &sphere,
        &before,
        result,
        ErrorKind::InvalidInput,
        Some("emails"),
    )?;
    Ok(())
}
