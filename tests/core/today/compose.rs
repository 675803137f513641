//! Today's composition: balanced across kinds, capped, with reasons; snoozed and handled
//! items drop out.

use chrono::{Duration, Utc};
use sphere_api::domain::*;
use sphere_api::*;

use super::{TestResult, person, touch};

fn candidate(key: &str, kind: TodayKind, score: f64) -> TodayItem {
    TodayItem {
        key: key.into(),
        kind,
        score,
        title: key.into(),
        reason: "because".into(),
        person: None,
        other: None,
        request_id: None,
        chips: vec![],
        date: None,
        usable: None,
        usable_reason: None,
    }
}

fn keys(items: &[TodayItem]) -> Vec<&str> {
    items.iter().map(|i| i.key.as_str()).collect()
}

#[test]
fn no_kind_crowds_out_the_others_and_the_list_is_capped() {
    let mut c: Vec<TodayItem> = (0..9)
        .map(|i| {
            candidate(
                &format!("k{i}"),
                TodayKind::KeepInTouch,
                0.8 - 0.01 * i as f64,
            )
        })
        .collect();
    c.push(candidate("request", TodayKind::Request, 0.5));
    c.push(candidate("revive", TodayKind::Revive, 0.3));
    let (items, more) = compose(c.clone(), 7);
    assert_eq!(
        keys(&items),
        ["k0", "k1", "k2", "k3", "k4", "request", "revive"],
        "four reminders (half of 7, rounded up) while other kinds wait, then the best remaining reminder; by score"
    );
    assert_eq!(more, 4);
    // A quiet day fills the list with what there is.
    let only: Vec<TodayItem> = c.iter().take(5).cloned().collect();
    let (items, more) = compose(only, 7);
    assert_eq!(items.len(), 5);
    assert_eq!(more, 0);
    // Limit 1 takes the best.
    let (items, _) = compose(c, 1);
    assert_eq!(keys(&items), ["k0"]);
}

#[test]
fn every_kind_waiting_gets_a_place_before_a_kind_gets_a_second() {
    // A busy day of requests still shows the one introduction to make and the one birthday.
    let mut c: Vec<TodayItem> = (0..7)
        .map(|i| candidate(&format!("r{i}"), TodayKind::Request, 0.95 - 0.01 * i as f64))
        .collect();
    c.push(candidate("intro", TodayKind::Introduction, 0.6));
    c.push(candidate("birthday", TodayKind::Birthday, 0.4));
    let (items, more) = compose(c.clone(), 7);
    assert_eq!(
        keys(&items),
        ["r0", "r1", "r2", "r3", "r4", "intro", "birthday"],
        "the best of each kind first, then requests by score up to the end of the list"
    );
    assert_eq!(more, 2);
    // Fewer places than kinds: the kinds whose best item scores highest.
    let (items, _) = compose(c, 2);
    assert_eq!(keys(&items), ["r0", "intro"]);
}

#[test]
fn today_lists_overdue_people_birthdays_and_role_changes_with_reasons() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let me = person(&s, "Me", Some(Ring::Centre), &[])?;
    let mut overdue = Vec::new();
    for i in 0..8 {
        let p = person(&s, &format!("Client{i}"), Some(Ring::Inner), &[])?;
        touch(&s, InteractionKind::Meeting, &[me, p], None, 70 + i)?;
        overdue.push(p);
    }
    let friend = person(&s, "Fay", Some(Ring::Outer), &[])?;
    touch(&s, InteractionKind::Meeting, &[me, friend], None, 10)?;
    let soon = Utc::now().date_naive() + Duration::days(2);
    s.fact_create(FactInput {
        person_id: friend,
        category: "birthday".into(),
        value: format!("Birthday: 1980-{}", soon.format("%m-%d")),
        source: None,
        learned_on: None,
        told_by: None,
    })?;
    s.fact_create(FactInput {
        person_id: overdue[0],
        category: "promotion".into(),
        value: "Promoted to VP Sales".into(),
        source: None,
        learned_on: Some(Utc::now().date_naive() - Duration::days(3)),
        told_by: None,
    })?;
    // A never fact of the same person is never on the list.
    s.fact_create(FactInput {
        person_id: friend,
        category: "health".into(),
        value: "recovering from surgery".into(),
        source: None,
        learned_on: Some(Utc::now().date_naive()),
        told_by: None,
    })?;

    let t = s.today(TodayQuery::default())?;
    assert_eq!(t.limit, 7);
    assert_eq!(t.items.len(), 7, "capped at 7");
    let kit = t
        .items
        .iter()
        .filter(|i| i.kind == TodayKind::KeepInTouch)
        .count();
    assert_eq!(
        kit, 5,
        "reminders take 4 of 7 while the birthday and the role change wait, then the last place"
    );
    let birthday = t
        .items
        .iter()
        .find(|i| i.kind == TodayKind::Birthday)
        .ok_or("the birthday in 2 days")?;
    assert!(
        birthday.title.contains("in 2 days") && birthday.reason.contains("turning"),
        "{birthday:?}"
    );
    assert_eq!(
        birthday.usable,
        Some(false),
        "known for less than the tenure rule's years: not usable yet"
    );
    assert!(
        birthday
            .usable_reason
            .as_deref()
            .is_some_and(|r| !r.is_empty()),
        "the tenure rule says why: {birthday:?}"
    );
    let role = t
        .items
        .iter()
        .find(|i| i.kind == TodayKind::RoleChange)
        .ok_or("the promotion")?;
    assert!(role.reason.contains("Promoted to VP Sales"), "{role:?}");
    assert!(
        !t.items
            .iter()
            .any(|i| i.reason.contains("surgery") || i.title.contains("surgery")),
        "never facts are never shown"
    );
    for i in &t.items {
        assert!(!i.reason.is_empty(), "every item says why: {i:?}");
    }
    let first_kit = t
        .items
        .iter()
        .find(|i| i.kind == TodayKind::KeepInTouch)
        .ok_or("a reminder")?;
    assert_eq!(
        first_kit.person.as_ref().map(|p| p.id),
        overdue.last().copied(),
        "the longest overdue first"
    );
    assert!(
        first_kit.reason.contains("past the maximum"),
        "{first_kit:?}"
    );

    // Log a touch: the item leaves.
    let who = first_kit.person.as_ref().ok_or("person")?.id;
    touch(&s, InteractionKind::Call, &[me, who], None, 0)?;
    let t = s.today(TodayQuery::default())?;
    assert!(!t.items.iter().any(
        |i| i.person.as_ref().is_some_and(|p| p.id == who) && i.kind == TodayKind::KeepInTouch
    ));

    // Snooze a reminder through Today, and mark the birthday handled.
    let next = t
        .items
        .iter()
        .find(|i| i.kind == TodayKind::KeepInTouch)
        .ok_or("a reminder")?
        .key
        .clone();
    s.today_snooze(TodaySnooze {
        key: next.clone(),
        until: Some(Utc::now().date_naive() + Duration::days(7)),
        handled: None,
    })?;
    s.today_snooze(TodaySnooze {
        key: birthday.key.clone(),
        until: None,
        handled: Some(true),
    })?;
    let t = s.today(TodayQuery { limit: Some(50) })?;
    assert!(!keys(&t.items).contains(&next.as_str()), "snoozed");
    assert!(!keys(&t.items).contains(&birthday.key.as_str()), "handled");
    assert_eq!(t.more, 0);

    // Today's length is a setting; bad input names the field.
    s.cadence_set(CadenceSet {
        today_limit: Some(3),
        ..Default::default()
    })?;
    assert_eq!(s.today(TodayQuery::default())?.items.len(), 3);
    let e = s
        .today(TodayQuery { limit: Some(0) })
        .err()
        .ok_or("limit 0")?;
    assert_eq!(e.field.as_deref(), Some("limit"));
    for key in ["nonsense", "keep_in_touch:abc", "unknown:3"] {
        let e = s
            .today_snooze(TodaySnooze {
                key: key.into(),
                until: Some(Utc::now().date_naive() + Duration::days(1)),
                handled: None,
            })
            .err()
            .ok_or("a bad key")?;
        assert_eq!(e.field.as_deref(), Some("key"), "{key}");
    }
    Ok(())
}

#[test]
fn a_dormant_tie_that_was_strong_once_is_worth_reviving() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let me = person(&s, "Me", Some(Ring::Centre), &[])?;
    let old_friend = person(&s, "Olga", Some(Ring::Beyond), &[])?;
    for m in 0..8 {
        touch(
            &s,
            InteractionKind::Meal,
            &[me, old_friend],
            None,
            500 + 30 * m,
        )?;
    }
    let acquaintance = person(&s, "Abe", Some(Ring::Beyond), &[])?;
    touch(&s, InteractionKind::Meeting, &[me, acquaintance], None, 600)?;
    let t = s.today(TodayQuery::default())?;
    let revive: Vec<&TodayItem> = t
        .items
        .iter()
        .filter(|i| i.kind == TodayKind::Revive)
        .collect();
    assert_eq!(
        revive.len(),
        1,
        "only the tie that was strong once: {revive:?}"
    );
    assert_eq!(revive[0].person.as_ref().map(|p| p.id), Some(old_friend));
    assert!(
        revive[0].reason.contains("8 two-way touches"),
        "{}",
        revive[0].reason
    );
    Ok(())
}

#[test]
fn an_empty_network_has_an_empty_today() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let t = s.today(TodayQuery::default())?;
    assert!(t.items.is_empty() && t.me.is_none() && t.more == 0);
    let h = s.network_health(Empty {})?;
    assert!(h.rings.iter().all(|r| r.now.share_fresh.is_none()));
    Ok(())
}

#[test]
fn requests_waiting_on_you_or_overdue_are_on_today_and_no_others() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let me = s.demo_load(DemoRequest::default())?.me.id;
    let t = s.today(TodayQuery { limit: Some(50) })?;
    let mut shown: Vec<Id> = t
        .items
        .iter()
        .filter(|i| i.kind == TodayKind::Request)
        .filter_map(|i| i.request_id)
        .collect();
    shown.sort_unstable();
    use sphere_api::domain::referral::RequestState as R;
    let waiting = [
        R::Draft,
        R::ConnectorDeclined,
        R::ConnectorNoAnswer,
        R::TargetDeclined,
        R::TargetNoAnswer,
        R::Introduced,
    ];
    let mut expected: Vec<Id> = s
        .ask_list(AskQuery {
            open: Some(true),
            ..AskQuery::default()
        })?
        .items
        .iter()
        .filter(|a| a.asker.as_ref().is_some_and(|p| p.id == me))
        .filter(|a| a.overdue || waiting.contains(&a.state))
        .map(|a| a.id)
        .collect();
    expected.sort_unstable();
    assert!(!expected.is_empty(), "the demo has requests waiting on you");
    assert_eq!(
        shown, expected,
        "your requests overdue or waiting on you, and only those"
    );
    let overdue = t
        .items
        .iter()
        .find(|i| i.kind == TodayKind::Request && i.reason.contains("past the deadline"))
        .ok_or("an overdue request")?;
    assert!(
        overdue.score > 0.9,
        "an overdue request comes first: {overdue:?}"
    );
    Ok(())
}
