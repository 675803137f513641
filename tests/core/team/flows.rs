//! The sync against the real team server (PostgreSQL): joining, two members, the same person
//! on both devices, offline edits, conflicts and their resolution, share levels, never-share,
//! a local deletion, leave, and a member's own person joining the team graph.

use serde_json::Value;
use sphere_api::domain::team::{InviteRequest, ShareLevel, ShareRequest};
use sphere_api::domain::*;
use sphere_api::*;

use super::server::{Server, join_with};
use super::*;

/// `name`'s invitation, made by the admin on device `admin`.
fn invite(admin: &Device, name: &str) -> Result<String, ApiError> {
    Ok(admin
        .team_invite(InviteRequest {
            name: name.into(),
            admin: false,
        })?
        .code)
}

/// A tie from `a` to `b` at a fixed strength, met as `how_met`.
fn tie(d: &Device, a: Id, b: Id, how_met: &str) -> Result<(), ApiError> {
    d.tie_create(RelationshipInput {
        person_a: a,
        person_b: b,
        kind: TieKind::Friend,
        since: None,
        how_met: Some(how_met.into()),
        strength_override: Some(0.8),
        override_reason: Some("old friends".into()),
    })?;
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn joining_checks_the_invitation_before_storing_anything() -> TestResult {
    let server = Server::start()?;
    let code = server.team("Alice")?;
    let a = Device::at(0)?;
    let err = join_with(&a, &server.url, "stale")
        .err()
        .ok_or("an unknown code is refused")?;
    assert_eq!(
        (err.kind, err.field.as_deref()),
        (ErrorKind::InvalidInput, Some("invite")),
        "the team server's 401 refuses the code, not this Sphere's session (the UI signs out on `unauthorized`): {err:?}"
    );
    assert!(
        !a.team_status(Empty {})?.connected,
        "a refused join stores nothing"
    );
    let status = join_with(&a, &server.url, &code)?;
    assert!(
        status.connected
            && status
                .team_name
                .as_deref()
                .is_some_and(|n| n.starts_with("Team ")),
        "{status:?}"
    );
    let again = join_with(&a, &server.url, &code)
        .err()
        .ok_or("a second join is refused")?;
    assert_eq!(again.kind, ErrorKind::Conflict);
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn two_members_share_people_and_the_same_person_takes_the_teams_key() -> TestResult {
    let server = Server::start()?;
    let (team, code) = server.new_team("Alice")?;
    let a = Device::at(0)?;
    a.me("Alice")?;
    let ana_a = a.person("Ana", "Lima", Some("ana@acme.example"), "CTO")?;
    join_with(&a, &server.url, &code)?;
    let r = a.sync()?;
    assert!(r.error.is_none(), "{r:?}");
    assert_eq!(r.pushed, 2, "the user and Ana went out: {r:?}");

    let b = Device::at(1)?;
    b.me("Bruno")?;
    let ana_b = b.person("Ana", "Lima", Some("ANA@acme.example "), "CTO")?;
    join_with(&b, &server.url, &invite(&a, "Bruno")?)?;
    let r = b.sync()?;
    assert_eq!(
        r.matched, 1,
        "B's Ana is the team's Ana (same email): {r:?}"
    );
    assert_eq!(
        server.people_named(&team, "Ana Lima")?,
        1,
        "one Ana on the team, not two"
    );
    let key_a = a.team_key_of("person", ana_a)?;
    assert_eq!(
        b.team_key_of("person", ana_b)?,
        key_a,
        "B took the team's key"
    );

    // A renames her title later; B receives it.
    let a = a.later(10)?;
    a.set_title(ana_a, "Chief Technology Officer")?;
    a.sync()?;
    let b = b.later(11)?;
    let r = b.sync()?;
    assert_eq!(r.conflicts, 0, "{r:?}");
    assert_eq!(
        b.title(ana_b)?,
        "Chief Technology Officer",
        "a teammate's newer title reaches a person B did not change"
    );
    let r = b.sync()?;
    assert_eq!(
        r.pushed, 0,
        "taking the team's value sends nothing back: {r:?}"
    );
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn offline_edits_wait_in_the_outbox_and_go_when_the_server_is_back() -> TestResult {
    let server = Server::start()?;
    let code = server.team("Alice")?;
    let a = Device::at(0)?;
    a.me("Alice")?;
    let ana = a.person("Ana", "Lima", None, "CTO")?;
    join_with(&a, &server.url, &code)?;
    a.sync()?;
    let addr = server.addr;
    drop(server);
    a.set_title(ana, "CEO")?;
    let r = a.sync()?;
    assert!(
        r.error.is_some(),
        "an unreachable server is reported: {r:?}"
    );
    assert_eq!(r.pending, 1, "the change waits: {r:?}");
    assert_eq!(a.team_status(Empty {})?.pending, 1);
    let server = Server::start_at(addr)?;
    let r = a.sync()?;
    assert!(
        r.error.is_none() && r.pending == 0 && r.pushed == 1,
        "{r:?}"
    );
    let key = a.team_key_of("person", ana)?;
    assert_eq!(
        server.value("person", &key, "title")?,
        Some(Value::String("CEO".into()))
    );
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn a_conflict_is_shown_and_resolved_either_way() -> TestResult {
    let server = Server::start()?;
    let code = server.team("Alice")?;
    let a = Device::at(30)?;
    a.me("Alice")?;
    let ana_a = a.person("Ana", "Lima", Some("ana@acme.example"), "CTO")?;
    join_with(&a, &server.url, &code)?;
    a.sync()?;
    // B's clock is behind A's: B's edit is older than A's.
    let b = Device::at(0)?;
    b.me("Bruno")?;
    let ana_b = b.person("Ana", "Lima", Some("ana@acme.example"), "CTO")?;
    join_with(&b, &server.url, &invite(&a, "Bruno")?)?;
    b.sync()?;
    // A edits a minute later by her clock, after everything B has seen.
    let a = a.later(31)?;
    a.set_title(ana_a, "Chief Technology Officer")?;
    a.sync()?;
    b.set_title(ana_b, "VP Engineering")?;
    let r = b.sync()?;
    assert_eq!(r.conflicts, 1, "B's older title lost: {r:?}");
    let list = b.team_conflicts(Empty {})?;
    let c = list.first().ok_or("the conflict is listed")?;
    assert_eq!(
        (c.field.as_str(), c.yours.as_str(), c.theirs.as_str()),
        ("title", "VP Engineering", "Chief Technology Officer")
    );
    assert!(c.record.contains("Ana Lima"), "{c:?}");
    assert_eq!(c.local_id, Some(ana_b));
    let r = b.sync()?;
    assert_eq!(
        r.pushed, 0,
        "an open conflict is not sent again on its own: {r:?}"
    );
    // Mine: sent again, newer than the write that won.
    let left = b.team_conflict_resolve(TeamResolveRequest {
        id: c.id,
        keep: "mine".into(),
    })?;
    assert!(left.is_empty());
    let r = b.sync()?;
    assert_eq!(
        (r.pushed, r.conflicts),
        (1, 0),
        "{r:?} {:?}",
        b.team_conflicts(Empty {})?
    );
    let key = b.team_key_of("person", ana_b)?;
    assert_eq!(
        server.value("person", &key, "title")?,
        Some(Value::String("VP Engineering".into()))
    );
    a.sync()?;
    assert_eq!(a.title(ana_a)?, "VP Engineering", "A receives B's choice");

    // Theirs: the team's value is written here.
    let a = a.later(32)?;
    a.set_title(ana_a, "CTO and co-founder")?;
    a.sync()?;
    b.set_title(ana_b, "Head of Engineering")?;
    let r = b.sync()?;
    assert_eq!(r.conflicts, 1, "{r:?}");
    let id = b.team_conflicts(Empty {})?[0].id;
    b.team_conflict_resolve(TeamResolveRequest {
        id,
        keep: "theirs".into(),
    })?;
    assert_eq!(b.title(ana_b)?, "CTO and co-founder");
    let r = b.sync()?;
    assert_eq!(r.pushed, 0, "taking theirs sends nothing: {r:?}");
    let bad = b.team_conflict_resolve(TeamResolveRequest {
        id,
        keep: "both".into(),
    });
    assert_eq!(bad.err().map(|e| e.kind), Some(ErrorKind::InvalidInput));
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn the_share_level_decides_what_knows_carries_and_never_share_withholds_a_person() -> TestResult {
    let server = Server::start()?;
    let (team, code) = server.new_team("Alice")?;
    let a = Device::at(0)?;
    let me = a.me("Alice")?;
    let ana = a.person("Ana", "Lima", None, "CTO")?;
    let bob = a.person("Bob", "Secretson", Some("bob@private.example"), "CFO")?;
    for p in [ana, bob] {
        tie(&a, me, p, "Met at the Lisbon fair")?;
    }
    a.team_never_share(TeamNeverShareRequest {
        person_id: bob,
        never: true,
    })?;
    join_with(&a, &server.url, &code)?;
    a.team_share_set(ShareRequest {
        level: ShareLevel::Existence,
    })?;
    a.sync()?;
    let ours: Vec<(String, String)> = server
        .everything()?
        .into_iter()
        .filter(|(_, row)| row.contains(&team))
        .collect();
    assert!(!ours.is_empty(), "the team's rows are there");
    for (table, row) in &ours {
        assert!(
            !row.contains("Secretson") && !row.contains("private.example"),
            "a person never shared, and any address, stay here: {table} {row}"
        );
    }
    let key = a.team_key_of("person", ana)?;
    let knows = |field: &str| server.value("knows", &key, field);
    assert!(
        knows("deleted")? == Some(Value::Bool(false)),
        "Ana's knows row is on the team"
    );
    assert!(
        knows("band")?.is_none_or(|v| v.is_null()),
        "existence only: no band"
    );
    a.team_share_set(ShareRequest {
        level: ShareLevel::Band,
    })?;
    a.sync()?;
    assert_eq!(knows("band")?, Some(Value::String("strong".into())));
    assert!(
        knows("how_met")?.is_none_or(|v| v.is_null()),
        "how they met only at how_met"
    );
    a.team_share_set(ShareRequest {
        level: ShareLevel::HowMet,
    })?;
    a.sync()?;
    assert_eq!(
        knows("how_met")?,
        Some(Value::String("Met at the Lisbon fair".into()))
    );
    a.team_share_set(ShareRequest {
        level: ShareLevel::Existence,
    })?;
    a.sync()?;
    assert_eq!(
        (knows("band")?, knows("how_met")?),
        (Some(Value::Null), Some(Value::Null)),
        "lowering the level clears what was shared"
    );
    // Shared again: Bob goes out.
    a.team_never_share(TeamNeverShareRequest {
        person_id: bob,
        never: false,
    })?;
    a.sync()?;
    assert_eq!(server.people_named(&team, "Bob Secretson")?, 1);
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn deleting_a_person_here_withdraws_my_knowledge_not_the_teams_record() -> TestResult {
    let server = Server::start()?;
    let (team, code) = server.new_team("Alice")?;
    let a = Device::at(0)?;
    let me = a.me("Alice")?;
    let ana = a.person("Ana", "Lima", Some("ana@acme.example"), "CTO")?;
    tie(&a, me, ana, "Met at the Lisbon fair")?;
    let keep = a.person("Kim", "Never", None, "")?;
    a.team_never_share(TeamNeverShareRequest {
        person_id: keep,
        never: true,
    })?;
    join_with(&a, &server.url, &code)?;
    a.sync()?;
    // Bruno knows Ana too.
    let b = Device::at(1)?;
    b.me("Bruno")?;
    b.person("Ana", "Lima", Some("ana@acme.example"), "CTO")?;
    join_with(&b, &server.url, &invite(&a, "Bruno")?)?;
    b.sync()?;
    let key = a.team_key_of("person", ana)?;
    assert_eq!(
        server.value("knows", &key, "deleted")?,
        Some(Value::Bool(false))
    );

    a.person_delete(IdRequest { id: ana })?;
    let r = a.sync()?;
    assert!(r.error.is_none(), "{r:?}");
    assert_eq!(r.pushed, 1, "only Alice's knows row is withdrawn: {r:?}");
    assert_ne!(
        server.value("person", &key, "deleted")?,
        Some(Value::Bool(true)),
        "the team's Ana stays for the others"
    );
    assert_eq!(server.people_named(&team, "Ana Lima")?, 1);
    assert_eq!(
        server.value("knows", &key, "deleted")?,
        Some(Value::Bool(true)),
        "Alice no longer says she knows Ana"
    );
    let r = a.sync()?;
    assert_eq!(r.pushed, 0, "the withdrawal went once: {r:?}");

    let status = a.team_leave(TeamLeaveRequest { withdraw: true })?;
    assert!(!status.connected && status.pending == 0 && status.conflicts == 0);
    assert_eq!(
        status.never_share.len(),
        1,
        "the people never shared stay never shared"
    );
    let err = a.sync().err().ok_or("no team, no sync")?;
    assert_eq!(err.kind, ErrorKind::NotFound);
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn a_members_own_person_is_their_node_so_a_colleague_reaches_a_target_through_them() -> TestResult {
    let server = Server::start()?;
    let code = server.team("Alice")?;
    // Alice knows Tom at Globex.
    let a = Device::at(0)?;
    let alice = a
        .person_create(PersonInput {
            first_name: "Alice".into(),
            last_name: Some("Archer".into()),
            emails: Some(vec!["alice@ours.example".into()]),
            ring: Some(Ring::Centre),
            ..Default::default()
        })?
        .id;
    let globex = a
        .org_create(OrganizationInput {
            name: "Globex Corporation".into(),
            domain: Some("globex.example".into()),
            ..Default::default()
        })?
        .id;
    let tom = a.person("Tom", "Target", Some("tom@globex.example"), "CFO")?;
    let p = a.person_get(DetailRequest::id(tom))?.person;
    a.person_update(PersonUpdate {
        id: tom,
        person: PersonInput {
            first_name: p.first_name,
            last_name: Some(p.last_name),
            emails: Some(p.emails),
            title: Some(p.title),
            organization_id: Some(globex),
            ..Default::default()
        },
    })?;
    tie(&a, alice, tom, "Met at a client dinner")?;
    join_with(&a, &server.url, &code)?;
    a.team_share_set(ShareRequest {
        level: ShareLevel::Band,
    })?;
    let r = a.sync()?;
    assert!(r.error.is_none(), "{r:?}");

    // Bruno has Alice as a contact (same address) and knows nobody at Globex.
    let b = Device::at(1)?;
    let bruno = b.me("Bruno")?;
    let alice_b = b.person("Alice", "Archer", Some("alice@ours.example"), "Sales")?;
    tie(&b, bruno, alice_b, "Colleagues")?;
    join_with(&b, &server.url, &invite(&a, "Bruno")?)?;
    b.team_share_set(ShareRequest {
        level: ShareLevel::Band,
    })?;
    let r = b.sync()?;
    assert!(r.error.is_none() && r.matched >= 1, "{r:?}");
    assert_eq!(
        b.team_key_of("person", alice_b)?,
        a.team_key_of("person", alice)?,
        "Bruno's Alice is the team's Alice, Alice's own person"
    );

    let alice_key = a.team_key_of("person", alice)?;
    let me_on_team = a.team_status(Empty {})?.me.and_then(|m| m.person);
    assert_eq!(
        me_on_team.as_deref(),
        Some(alice_key.as_str()),
        "the centre person went out as Alice's own (me: true)"
    );

    // Carla is on the team too, with nobody in common.
    let c = Device::at(2)?;
    c.me("Carla")?;
    join_with(&c, &server.url, &invite(&a, "Carla")?)?;
    c.sync()?;
    let a = a.later(3)?;
    a.sync()?;

    let members = a.team_status(Empty {})?.members;
    let member_of = |name: &str| {
        members
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.id.clone())
            .ok_or(format!("{name} is a member: {members:?}"))
    };
    let globex_key = a.team_key_of("organization", globex)?;
    let paths = b.team_paths(TeamPathsRequest {
        organization: Some(globex_key.clone()),
        person: None,
        from_member: Some(member_of("Bruno")?),
        limit: None,
    })?;
    let best = paths
        .paths
        .first()
        .ok_or(format!("Bruno reaches Globex through Alice: {paths:?}"))?;
    let names: Vec<&str> = best.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names.last(),
        Some(&"Tom Target"),
        "the path ends at Tom: {names:?}"
    );
    let alice_member = member_of("Alice")?;
    assert!(
        best.steps
            .iter()
            .any(|s| s.key == alice_key && s.member.as_ref() == Some(&alice_member)),
        "the hop through Alice is Alice the member: {best:?}"
    );
    let carla = c.team_paths(TeamPathsRequest {
        organization: Some(globex_key),
        person: None,
        from_member: Some(member_of("Carla")?),
        limit: None,
    })?;
    assert!(
        carla.paths.is_empty(),
        "Carla knows nobody, so she reaches nothing: {carla:?}"
    );

    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn a_refused_change_is_set_aside_and_the_rest_still_goes() -> TestResult {
    let server = Server::start()?;
    let (team, code) = server.new_team("Alice")?;
    let a = Device::at(0)?;
    a.person_create(PersonInput {
        first_name: "Alice".into(),
        emails: Some(vec!["sales@ours.example".into()]),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    join_with(&a, &server.url, &code)?;
    a.sync()?;

    // Bruno's own person carries the shared sales address: the team's record of it is
    // Alice's own person, which the server will not give him.
    let b = Device::at(1)?;
    let bruno = b
        .person_create(PersonInput {
            first_name: "Bruno".into(),
            emails: Some(vec!["sales@ours.example".into()]),
            ring: Some(Ring::Centre),
            ..Default::default()
        })?
        .id;
    b.person("Ana", "Lima", None, "CTO")?;
    join_with(&b, &server.url, &invite(&a, "Bruno")?)?;
    let r = b.sync()?;
    assert_eq!(r.refused, 1, "Bruno's own person is refused: {r:?}");
    assert!(r.error.is_none(), "the rest went: {r:?}");
    assert!(r.pushed >= 1, "Ana went out despite it: {r:?}");
    assert_eq!(server.people_named(&team, "Ana Lima")?, 1);
    let status = b.team_status(Empty {})?;
    let refused = status.refused.first().ok_or("the refusal is listed")?;
    assert!(
        refused.record.contains("Bruno") && refused.local_id == Some(bruno),
        "{refused:?}"
    );
    assert!(refused.reason.contains("own person"), "{refused:?}");
    assert_eq!(
        status.pending, 0,
        "a refused change does not wait to be sent"
    );

    // Not sent again on its own.
    let r = b.sync()?;
    assert_eq!((r.pushed, r.refused), (0, 0), "{r:?}");
    assert!(r.error.is_none(), "{r:?}");

    // Bruno takes the shared address off his own person: the change goes, with the fields
    // that were refused.
    let p = b.person_get(DetailRequest::id(bruno))?.person;
    b.person_update(PersonUpdate {
        id: bruno,
        person: PersonInput {
            first_name: p.first_name,
            emails: Some(Vec::new()),
            ring: Some(Ring::Centre),
            ..Default::default()
        },
    })?;
    let r = b.sync()?;
    assert!(
        r.error.is_none() && r.refused == 0 && r.pushed == 1,
        "{r:?}"
    );
    assert!(b.team_status(Empty {})?.refused.is_empty());
    assert_eq!(server.people_named(&team, "Bruno")?, 1, "his name went too");
    Ok(())
}
