//! The sync against the stand-in server: joining, two members, the same person on both
//! devices, offline edits, conflicts and their resolution, share levels, never-share, leave.

use serde_json::Value;
use sphere_api::domain::team::{Entity, ShareLevel, ShareRequest};
use sphere_api::domain::*;
use sphere_api::*;

use super::fake::{Fake, parse};
use super::*;

fn knows_changes(fake: &Fake) -> Vec<sphere_api::domain::team::Change> {
    fake.received()
        .iter()
        .filter_map(|j| parse(j))
        .filter(|c| c.entity == Entity::Knows)
        .collect()
}

#[test]
fn joining_checks_the_invitation_before_storing_anything() -> TestResult {
    let fake = Fake::start()?;
    let a = Device::at(0)?;
    let refused = a.team_join(TeamJoinRequest {
        server: fake.url.clone(),
        invite: "stale".into(),
        device: None,
    });
    let err = refused.err().ok_or("an unknown code is refused")?;
    assert!(
        err.message.contains("unknown or used"),
        "the server's reason reaches the user: {err:?}"
    );
    assert!(
        !a.team_status(Empty {})?.connected,
        "a refused join stores nothing"
    );
    let expired = a
        .team_join(TeamJoinRequest {
            server: fake.url.clone(),
            invite: "expired".into(),
            device: None,
        })
        .err()
        .ok_or("an expired code is refused")?;
    assert_eq!(
        (expired.kind, expired.field.as_deref()),
        (ErrorKind::InvalidInput, Some("invite")),
        "the team server's 401 refuses the code, not this Sphere's session (the UI signs out on `unauthorized`): {expired:?}"
    );
    assert!(
        expired.message.contains("expired"),
        "the server's reason reaches the user: {expired:?}"
    );
    let status = a.join(&fake.url)?;
    assert!(status.connected && status.team_name.as_deref() == Some("Fake team"));
    let again = a.join(&fake.url).err().ok_or("a second join is refused")?;
    assert_eq!(again.kind, ErrorKind::Conflict);
    Ok(())
}

#[test]
fn two_members_share_people_and_the_same_person_takes_the_teams_key() -> TestResult {
    let fake = Fake::start()?;
    let a = Device::at(0)?;
    a.me("Alice")?;
    let ana_a = a.person("Ana", "Lima", Some("ana@acme.example"), "CTO")?;
    a.join(&fake.url)?;
    let r = a.sync()?;
    assert!(r.error.is_none(), "{r:?}");
    assert_eq!(r.pushed, 2, "the user and Ana went out: {r:?}");

    let b = Device::at(1)?;
    b.me("Bruno")?;
    let ana_b = b.person("Ana", "Lima", Some("ANA@acme.example "), "CTO")?;
    b.join(&fake.url)?;
    let r = b.sync()?;
    assert_eq!(
        r.matched, 1,
        "B's Ana is the team's Ana (same email): {r:?}"
    );
    assert_eq!(
        fake.people_named("Ana Lima").len(),
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
fn offline_edits_wait_in_the_outbox_and_go_when_the_server_is_back() -> TestResult {
    let fake = Fake::start()?;
    let a = Device::at(0)?;
    a.me("Alice")?;
    let ana = a.person("Ana", "Lima", None, "CTO")?;
    a.join(&fake.url)?;
    a.sync()?;
    fake.set_down(true);
    a.set_title(ana, "CEO")?;
    let r = a.sync()?;
    assert!(
        r.error.is_some(),
        "an unreachable server is reported: {r:?}"
    );
    assert_eq!(r.pending, 1, "the change waits: {r:?}");
    assert_eq!(a.team_status(Empty {})?.pending, 1);
    fake.set_down(false);
    let r = a.sync()?;
    assert!(
        r.error.is_none() && r.pending == 0 && r.pushed == 1,
        "{r:?}"
    );
    let key = a.team_key_of("person", ana)?;
    assert_eq!(
        fake.value(Entity::Person, &key, "title"),
        Some(Value::String("CEO".into()))
    );
    Ok(())
}

#[test]
fn a_conflict_is_shown_and_resolved_either_way() -> TestResult {
    let fake = Fake::start()?;
    let a = Device::at(30)?;
    a.me("Alice")?;
    let ana_a = a.person("Ana", "Lima", Some("ana@acme.example"), "CTO")?;
    a.join(&fake.url)?;
    a.sync()?;
    // B's clock is behind A's: B's edit is older than A's.
    let b = Device::at(0)?;
    b.me("Bruno")?;
    let ana_b = b.person("Ana", "Lima", Some("ana@acme.example"), "CTO")?;
    b.join(&fake.url)?;
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
        fake.value(Entity::Person, &key, "title"),
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
fn the_share_level_decides_what_knows_carries_and_never_share_withholds_a_person() -> TestResult {
    let fake = Fake::start()?;
    let a = Device::at(0)?;
    let me = a.me("Alice")?;
    let ana = a.person("Ana", "Lima", None, "CTO")?;
    let bob = a.person("Bob", "Secretson", Some("bob@private.example"), "CFO")?;
    for p in [ana, bob] {
        a.tie_create(RelationshipInput {
            person_a: me,
            person_b: p,
            kind: TieKind::Friend,
            since: None,
            how_met: Some("Met at the Lisbon fair".into()),
            strength_override: Some(0.8),
            override_reason: Some("old friends".into()),
        })?;
    }
    a.team_never_share(TeamNeverShareRequest {
        person_id: bob,
        never: true,
    })?;
    a.join(&fake.url)?;
    a.team_share_set(ShareRequest {
        level: ShareLevel::Existence,
    })?;
    a.sync()?;
    let everything = fake.received().join("\n");
    assert!(
        !everything.contains("Secretson") && !everything.contains('@'),
        "a person never shared, and any address, stay here"
    );
    let knows = knows_changes(&fake);
    assert_eq!(knows.len(), 1, "one knows row (Ana's): {knows:?}");
    assert!(
        knows[0].fields.get("band").is_none_or(Value::is_null),
        "existence only: no band"
    );
    a.team_share_set(ShareRequest {
        level: ShareLevel::Band,
    })?;
    a.sync()?;
    let knows = knows_changes(&fake);
    let last = knows.last().ok_or("a knows change")?;
    assert_eq!(
        last.fields.get("band"),
        Some(&Value::String("strong".into()))
    );
    assert!(
        last.fields.get("how_met").is_none_or(Value::is_null),
        "how they met only at how_met"
    );
    a.team_share_set(ShareRequest {
        level: ShareLevel::HowMet,
    })?;
    a.sync()?;
    let last = knows_changes(&fake).pop().ok_or("a knows change")?;
    assert_eq!(
        last.fields.get("how_met"),
        Some(&Value::String("Met at the Lisbon fair".into()))
    );
    a.team_share_set(ShareRequest {
        level: ShareLevel::Existence,
    })?;
    a.sync()?;
    let last = knows_changes(&fake).pop().ok_or("a knows change")?;
    assert_eq!(
        (last.fields.get("band"), last.fields.get("how_met")),
        (Some(&Value::Null), Some(&Value::Null)),
        "lowering the level clears what was shared: {last:?}"
    );
    // Shared again: Bob goes out.
    a.team_never_share(TeamNeverShareRequest {
        person_id: bob,
        never: false,
    })?;
    a.sync()?;
    assert!(fake.received().join("\n").contains("Bob Secretson"));
    Ok(())
}

#[test]
fn a_deleted_person_is_sent_as_deleted_and_leaving_forgets_the_team() -> TestResult {
    let fake = Fake::start()?;
    let a = Device::at(0)?;
    a.me("Alice")?;
    let ana = a.person("Ana", "Lima", None, "CTO")?;
    let keep = a.person("Kim", "Never", None, "")?;
    a.team_never_share(TeamNeverShareRequest {
        person_id: keep,
        never: true,
    })?;
    a.join(&fake.url)?;
    a.sync()?;
    let key = a.team_key_of("person", ana)?;
    a.person_delete(IdRequest { id: ana })?;
    let r = a.sync()?;
    assert_eq!(r.pushed, 1, "{r:?}");
    assert_eq!(
        fake.value(Entity::Person, &key, "deleted"),
        Some(Value::Bool(true))
    );
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
fn a_pull_that_stops_mid_way_resumes_from_the_last_page_it_kept() -> TestResult {
    let fake = Fake::start()?;
    let a = Device::at(0)?;
    a.me("Alice")?;
    let names = ["Ana", "Ben", "Cleo", "Dan", "Eve", "Finn", "Gus"];
    for n in names {
        a.person(n, "Teamlead", None, "CTO")?;
    }
    a.join(&fake.url)?;
    a.sync()?;
    let b = Device::at(1)?;
    b.me("Bruno")?;
    b.join(&fake.url)?;
    // Two rows a page; the server dies after the second page.
    fake.set_paging(2, Some(2));
    let r = b.sync()?;
    assert!(r.error.is_some(), "the third pull failed: {r:?}");
    assert_eq!(r.pulled, 4, "two pages were kept: {r:?}");
    fake.set_down(false);
    fake.set_paging(2, None);
    let r = b.sync()?;
    assert!(r.error.is_none(), "{r:?}");
    // Alice and her 7 people, then Bruno's own row: nothing pulled twice, nothing missed.
    assert_eq!(4 + r.pulled, 8 + 1, "the rest, once: {r:?}");
    Ok(())
}
