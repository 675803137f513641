//! Referral requests from path to outcome, the give/ask ledger and referral sources, through
//! the command set with a fixed clock.

mod ledger;
mod sources;

use chrono::{DateTime, Duration, TimeZone, Utc};
use sphere_api::domain::ledger::{Direction, LedgerKind};
use sphere_api::domain::referral::{AskMode, DeclineReason, RequestState as S};
use sphere_api::domain::*;
use sphere_api::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Monday 7 December 2026, 09:00 UTC: the clock of every test here.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap()
}

struct Net {
    _dir: tempfile::TempDir,
    s: Sphere,
    me: Id,
    ada: Id,
    bo: Id,
    cy: Id,
    dee: Id,
    globex: Id,
}

fn person(
    s: &Sphere,
    first: &str,
    org: Option<Id>,
    title: &str,
    ring: Option<Ring>,
) -> Result<Id, ApiError> {
    Ok(s.person_create(PersonInput {
        first_name: first.into(),
        last_name: Some("Test".into()),
        organization_id: org,
        title: Some(title.into()),
        ring,
        ..Default::default()
    })?
    .id)
}

fn tie(s: &Sphere, a: Id, b: Id, kind: TieKind) -> Result<Id, ApiError> {
    Ok(s.tie_create(RelationshipInput {
        person_a: a,
        person_b: b,
        kind,
        since: None,
        how_met: None,
        strength_override: None,
        override_reason: None,
    })?
    .id)
}

fn log(s: &Sphere, kind: InteractionKind, people: &[Id], days_ago: i64) -> Result<(), ApiError> {
    s.interaction_log(InteractionInput {
        occurred_at: now() - Duration::days(days_ago),
        kind,
        participants: people.to_vec(),
        initiator_id: None,
        note: None,
        outcome: None,
    })?;
    Ok(())
}

/// me — ada — dee (ada meets both often), me — bo — dee (a bit weaker), me — cy — dee
/// (weakest); dee is VP Sales at Globex.
fn net() -> Result<Net, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let s = Sphere::open_as_of(&dir.path().join("asks.db"), now())?;
    let globex = s
        .org_create(OrganizationInput {
            name: "Globex Corporation".into(),
            ..Default::default()
        })?
        .id;
    let me = person(&s, "Sam", None, "Account Executive", Some(Ring::Centre))?;
    let ada = person(&s, "Ada", None, "CTO", None)?;
    let bo = person(&s, "Bo", None, "", None)?;
    let cy = person(&s, "Cy", None, "", None)?;
    let dee = person(&s, "Dee", Some(globex), "VP Sales", None)?;
    tie(&s, me, ada, TieKind::Client)?;
    tie(&s, ada, dee, TieKind::FormerColleague)?;
    tie(&s, me, bo, TieKind::Friend)?;
    tie(&s, bo, dee, TieKind::Colleague)?;
    tie(&s, me, cy, TieKind::Acquaintance)?;
    tie(&s, cy, dee, TieKind::Acquaintance)?;
    for d in [3, 20, 40, 70] {
        log(&s, InteractionKind::Meeting, &[me, ada], d)?;
        log(&s, InteractionKind::Meeting, &[ada, dee], d + 1)?;
    }
    for d in [10, 60, 90] {
        log(&s, InteractionKind::Meeting, &[me, bo], d)?;
        log(&s, InteractionKind::Meeting, &[bo, dee], d + 2)?;
    }
    log(&s, InteractionKind::Call, &[me, cy], 100)?;
    log(&s, InteractionKind::Call, &[cy, dee], 120)?;
    Ok(Net {
        _dir: dir,
        s,
        me,
        ada,
        bo,
        cy,
        dee,
        globex,
    })
}

fn ask_input(n: &Net, paths: Vec<Vec<Id>>, mode: AskMode) -> AskInput {
    AskInput {
        target_person: Some(n.dee),
        paths,
        subject: "Would you introduce me to Dee?".into(),
        message: "Hi Ada, would you introduce me to Dee Test? Thank you, Sam".into(),
        why_target: Some("Globex is rolling out a new CRM".into()),
        why_now: Some("their budget opens in January".into()),
        mode: Some(mode),
        ..Default::default()
    }
}

fn mv(s: &Sphere, id: Id, to: S, at: DateTime<Utc>) -> Result<Ask, ApiError> {
    s.ask_move(AskMove {
        id,
        to,
        reason: None,
        note: None,
        at: Some(at),
    })
}

/// Everything a transition could write, to prove a refusal wrote nothing.
fn footprint(s: &Sphere, id: Id) -> Result<(u32, u32, u32, usize, S), ApiError> {
    let info = s.app_info(Empty {})?;
    let ask = s.ask_get(IdRequest { id })?;
    Ok((
        info.counts.interactions,
        info.counts.relationships,
        info.counts.people,
        ask.events.len(),
        ask.state,
    ))
}

fn interactions_of(s: &Sphere, person: Id) -> Result<Vec<InteractionView>, ApiError> {
    Ok(s.interaction_list(InteractionQuery {
        person_id: Some(person),
        reveal_never: None,
        limit: Some(1000),
    })?
    .items)
}

#[test]
fn a_request_goes_from_draft_to_won_and_writes_the_evidence() -> TestResult {
    let n = net()?;
    let s = &n.s;
    let t0 = now() - Duration::days(20);
    let ask = s.ask_create(ask_input(
        &n,
        vec![vec![n.me, n.ada, n.dee], vec![n.me, n.bo, n.dee]],
        AskMode::Introduce,
    ))?;
    assert_eq!(ask.state, S::Draft);
    assert_eq!(ask.connectors.len(), 2);
    assert_eq!(ask.connectors[0].name, "Ada Test");
    assert_eq!(
        ask.connectors[0].path.len(),
        3,
        "the path is kept as it was"
    );
    assert!(
        ask.connectors[0].score > ask.connectors[1].score,
        "ranked best first"
    );
    assert_eq!(ask.asker.as_ref().map(|a| a.id), Some(n.me));
    let before = interactions_of(s, n.ada)?.len();

    let steps = [
        (S::Asked, 0),
        (S::Agreed, 2),
        (S::OptedIn, 4),
        (S::Introduced, 5),
        (S::MeetingSet, 6),
        (S::Met, 9),
        (S::Opportunity, 12),
        (S::Won, 19),
    ];
    for (to, day) in steps {
        let a = mv(s, ask.id, to, t0 + Duration::days(day))?;
        assert_eq!(a.state, to);
        assert_eq!(
            a.state_at,
            t0 + Duration::days(day),
            "each step keeps its time"
        );
    }
    let done = s.ask_get(IdRequest { id: ask.id })?;
    assert_eq!(
        done.events.iter().map(|e| e.to).collect::<Vec<_>>(),
        [
            S::Draft,
            S::Asked,
            S::Agreed,
            S::OptedIn,
            S::Introduced,
            S::MeetingSet,
            S::Met,
            S::Opportunity,
            S::Won
        ],
        "every transition is in the timeline"
    );
    assert!(done.allowed.is_empty(), "won is final");
    assert_eq!(done.connectors[0].status, ConnectorStatus::Agreed);

    // asked: an introduction request between the user and Ada.
    let ada_log = interactions_of(s, n.ada)?;
    assert_eq!(
        ada_log.len(),
        before + 2,
        "the request and the introduction"
    );
    let request = ada_log
        .iter()
        .find(|i| i.interaction.kind == InteractionKind::IntroRequest)
        .ok_or("an introduction request was logged")?;
    assert_eq!(request.interaction.occurred_at, t0);
    assert_eq!(request.interaction.initiator_id, Some(n.me));
    // introduced: an introduction between Ada and Dee, and a relationship with Dee.
    let intro = ada_log
        .iter()
        .find(|i| i.interaction.kind == InteractionKind::Intro)
        .ok_or("an introduction was logged")?;
    let mut who = intro.interaction.participants.clone();
    who.sort();
    let mut want = vec![n.me, n.ada, n.dee];
    want.sort();
    assert_eq!(who, want);
    assert_eq!(intro.interaction.initiator_id, Some(n.ada));
    let mine = s.tie_list(TieQuery {
        person_id: Some(n.me),
        reveal_never: None,
    })?;
    let with_dee = mine
        .iter()
        .find(|t| t.other.id == n.dee)
        .ok_or("the introduction made the user's relationship with Dee")?;
    assert_eq!(with_dee.relationship.kind, TieKind::Acquaintance);
    assert_eq!(
        with_dee.relationship.since,
        Some((t0 + Duration::days(5)).date_naive())
    );
    assert!(
        with_dee.evidence.contains("1 introduction") && with_dee.evidence.contains("1 meeting"),
        "the tie's evidence mentions what the request wrote: {}",
        with_dee.evidence
    );
    // met: a meeting between the user and Dee.
    let dee_log = interactions_of(s, n.dee)?;
    assert!(
        dee_log
            .iter()
            .any(|i| i.interaction.kind == InteractionKind::Meeting
                && i.interaction.occurred_at == t0 + Duration::days(9)
                && i.interaction.participants.contains(&n.me))
    );
    // The ledger shows the withdrawal.
    let ledger = s.ledger_get(IdRequest { id: n.ada })?;
    let w = ledger
        .entries
        .iter()
        .find(|e| e.direction == Direction::Withdrawal)
        .ok_or("the ask is a withdrawal")?;
    assert_eq!((w.kind, w.request_id), (LedgerKind::Ask, Some(ask.id)));
    Ok(())
}

#[test]
fn double_opt_in_and_mention_my_name() -> TestResult {
    let n = net()?;
    let s = &n.s;
    let t0 = now() - Duration::days(10);
    let ask = s.ask_create(ask_input(
        &n,
        vec![vec![n.me, n.ada, n.dee]],
        AskMode::Introduce,
    ))?;
    mv(s, ask.id, S::Asked, t0)?;
    mv(s, ask.id, S::Agreed, t0 + Duration::days(1))?;
    let before = footprint(s, ask.id)?;
    let err = mv(s, ask.id, S::Introduced, t0 + Duration::days(2)).expect_err("opt-in first");
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(err.message.contains("double opt-in"), "{}", err.message);
    assert_eq!(footprint(s, ask.id)?, before, "a refusal writes nothing");

    let mention = s.ask_create(ask_input(
        &n,
        vec![vec![n.me, n.bo, n.dee]],
        AskMode::MentionMe,
    ))?;
    mv(s, mention.id, S::Asked, t0)?;
    let agreed = mv(s, mention.id, S::Agreed, t0 + Duration::days(1))?;
    assert!(
        !agreed.allowed.contains(&S::OptedIn),
        "no opt-in to ask for"
    );
    assert_eq!(agreed.deadline, None, "nobody to wait for");
    let done = mv(s, mention.id, S::Introduced, t0 + Duration::days(2))?;
    assert_eq!(done.state, S::Introduced);
    Ok(())
}

#[test]
fn refused_transitions_say_why_and_write_nothing() -> TestResult {
    let n = net()?;
    let s = &n.s;
    let t0 = now() - Duration::days(10);
    let ask = s.ask_create(ask_input(
        &n,
        vec![vec![n.me, n.ada, n.dee]],
        AskMode::Introduce,
    ))?;
    let before = footprint(s, ask.id)?;
    let cases: Vec<(AskMove, &str, &str)> = vec![
        (
            AskMove {
                id: ask.id,
                to: S::Won,
                reason: None,
                note: None,
                at: Some(t0),
            },
            "to",
            "cannot move to won",
        ),
        (
            AskMove {
                id: ask.id,
                to: S::Introduced,
                reason: None,
                note: None,
                at: Some(t0),
            },
            "to",
            "cannot move to introduced",
        ),
        (
            AskMove {
                id: ask.id,
                to: S::Asked,
                reason: Some(DeclineReason::BadTiming),
                note: None,
                at: Some(t0),
            },
            "to",
            "decline reason",
        ),
        (
            AskMove {
                id: ask.id,
                to: S::Asked,
                reason: None,
                note: None,
                at: Some(now() + Duration::days(2)),
            },
            "at",
            "future",
        ),
    ];
    for (m, field, words) in cases {
        let to = m.to;
        let err = s.ask_move(m).expect_err("refused");
        assert_eq!(err.field.as_deref(), Some(field), "{to}: {}", err.message);
        assert!(err.message.contains(words), "{to}: {}", err.message);
        assert_eq!(footprint(s, ask.id)?, before, "{to}: nothing written");
    }
    // A decline needs its reason; a step cannot go back in time.
    mv(s, ask.id, S::Asked, t0)?;
    let before = footprint(s, ask.id)?;
    let err = mv(s, ask.id, S::ConnectorDeclined, t0 + Duration::days(1)).expect_err("no reason");
    assert!(err.message.contains("not_well_known"), "{}", err.message);
    let err = mv(s, ask.id, S::Agreed, t0 - Duration::days(1)).expect_err("before asking");
    assert_eq!(err.field.as_deref(), Some("at"));
    // Every connector asked: no "ask again".
    s.ask_move(AskMove {
        id: ask.id,
        to: S::ConnectorDeclined,
        reason: Some(DeclineReason::NotAFit),
        note: Some("not their area".into()),
        at: Some(t0 + Duration::days(1)),
    })?;
    let err = mv(s, ask.id, S::Asked, t0 + Duration::days(2)).expect_err("nobody left");
    assert!(err.message.contains("every connector"), "{}", err.message);
    assert_ne!(footprint(s, ask.id)?, before);
    // Bad paths are refused when the request is made.
    let err = s
        .ask_create(ask_input(&n, vec![vec![n.me, n.dee]], AskMode::Introduce))
        .expect_err("no connector");
    assert_eq!(err.field.as_deref(), Some("paths[0]"));
    let err = s
        .ask_create(ask_input(
            &n,
            vec![vec![n.me, n.ada, n.cy, n.dee]],
            AskMode::Introduce,
        ))
        .expect_err("ada and cy have no relationship");
    assert!(
        err.message.contains("have no relationship"),
        "{}",
        err.message
    );
    let err = s
        .ask_create(ask_input(
            &n,
            vec![vec![n.ada, n.dee, n.bo]],
            AskMode::Introduce,
        ))
        .expect_err("not from the user");
    assert!(err.message.contains("start with you"), "{}", err.message);
    Ok(())
}

#[test]
fn deadlines_make_a_request_overdue_and_offer_the_next_connector() -> TestResult {
    let n = net()?;
    let s = &n.s;
    let paths = vec![vec![n.me, n.ada, n.dee], vec![n.me, n.bo, n.dee]];
    // Asked on Monday 30 November: five business days end now, Monday 7 December 09:00.
    let on_time = s.ask_create(ask_input(&n, paths.clone(), AskMode::Introduce))?;
    let a = mv(s, on_time.id, S::Asked, now() - Duration::days(7))?;
    assert_eq!(a.deadline, Some(now()));
    assert!(!a.overdue, "due now, not overdue yet");
    assert_eq!(a.next_connector, None, "nothing to offer yet");
    // Asked on Friday 27 November: due Friday 4 December, overdue.
    let late = s.ask_create(ask_input(&n, paths, AskMode::Introduce))?;
    let a = mv(s, late.id, S::Asked, now() - Duration::days(10))?;
    assert!(a.overdue);
    assert_eq!(
        a.next_connector.as_ref().map(|p| p.id),
        Some(n.bo),
        "Bo is next"
    );
    let page = s.ask_list(AskQuery::default())?;
    assert_eq!(page.items[0].id, late.id, "overdue first");
    assert_eq!(page.overdue, 1);
    // No answer: asking again goes to Bo and logs a request to him.
    mv(s, late.id, S::ConnectorNoAnswer, now() - Duration::days(1))?;
    let again = mv(s, late.id, S::Asked, now())?;
    assert_eq!(again.current_rank, 2);
    assert_eq!(again.connectors[0].status, ConnectorStatus::NoAnswer);
    assert_eq!(again.connectors[1].status, ConnectorStatus::Asked);
    assert!(
        interactions_of(s, n.bo)?
            .iter()
            .any(|i| i.interaction.kind == InteractionKind::IntroRequest
                && i.interaction.occurred_at == now())
    );
    // The target's opt-in: seven days.
    mv(s, late.id, S::Agreed, now())?;
    let opt = s.ask_create(ask_input(
        &n,
        vec![vec![n.me, n.cy, n.dee]],
        AskMode::Introduce,
    ))?;
    mv(s, opt.id, S::Asked, now() - Duration::days(9))?;
    let a = mv(s, opt.id, S::Agreed, now() - Duration::days(8))?;
    assert_eq!(a.deadline, Some(now() - Duration::days(1)));
    assert!(a.overdue);
    assert_eq!(
        a.next_connector, None,
        "the only connector agreed: nobody else to offer"
    );
    Ok(())
}

#[test]
fn a_connector_who_does_not_know_the_target_well_makes_the_tie_doubtful() -> TestResult {
    let n = net()?;
    let s = &n.s;
    let q = PathQuery {
        to_person: Some(n.dee),
        ..Default::default()
    };
    let first = s.path_find(q.clone())?;
    assert_eq!(
        first.paths[0].people[1].id, n.ada,
        "Ada is the best connector"
    );
    let ask = s.ask_create(ask_input(
        &n,
        vec![vec![n.me, n.ada, n.dee]],
        AskMode::Introduce,
    ))?;
    let t0 = now() - Duration::days(3);
    mv(s, ask.id, S::Asked, t0)?;
    s.ask_move(AskMove {
        id: ask.id,
        to: S::ConnectorDeclined,
        reason: Some(DeclineReason::NotWellKnown),
        note: None,
        at: Some(t0 + Duration::days(1)),
    })?;
    let after = s.path_find(q.clone())?;
    let via_ada = after
        .paths
        .iter()
        .find(|p| p.people[1].id == n.ada)
        .ok_or("still a path through Ada")?;
    assert!(
        via_ada.hops[1]
            .doubt
            .as_deref()
            .is_some_and(|d| d.contains("Ada Test said they don't know Dee Test well")),
        "{:?}",
        via_ada.hops[1].doubt
    );
    assert!(
        via_ada.hops[1].evidence.contains("doubtful"),
        "{}",
        via_ada.hops[1].evidence
    );
    let tie_view = s.tie_get(DetailRequest::id(via_ada.hops[1].relationship_id))?;
    assert!(
        tie_view
            .evidence
            .contains("doubtful: Ada Test said they don't know Dee Test well"),
        "the person page's evidence says it too: {}",
        tie_view.evidence
    );
    assert!(
        via_ada.strength < first.paths[0].strength / 1.9,
        "ranked at half its strength and the ask"
    );
    assert_ne!(
        after.paths[0].people[1].id, n.ada,
        "another connector ranks first now"
    );
    // Editing the relationship by hand clears the doubt.
    let t = via_ada.hops[1].relationship_id;
    let rel = s.tie_get(DetailRequest::id(t))?.relationship;
    s.tie_update(TieUpdate {
        id: t,
        relationship: RelationshipInput {
            person_a: rel.person_a,
            person_b: rel.person_b,
            kind: rel.kind,
            since: rel.since,
            how_met: Some("they worked together at Initech".into()),
            strength_override: None,
            override_reason: None,
        },
    })?;
    let cleared = s.path_find(q)?;
    let via_ada = cleared
        .paths
        .iter()
        .find(|p| p.people[1].id == n.ada)
        .ok_or("path")?;
    assert_eq!(via_ada.hops[1].doubt, None);
    Ok(())
}

#[test]
fn the_funnel_counts_each_stage_and_each_connector() -> TestResult {
    let n = net()?;
    let s = &n.s;
    let t0 = now() - Duration::days(30);
    let won = s.ask_create(ask_input(
        &n,
        vec![vec![n.me, n.ada, n.dee], vec![n.me, n.cy, n.dee]],
        AskMode::MentionMe,
    ))?;
    for (to, d) in [
        (S::Asked, 0),
        (S::Agreed, 2),
        (S::Introduced, 4),
        (S::Met, 8),
        (S::Opportunity, 10),
        (S::Won, 20),
    ] {
        mv(s, won.id, to, t0 + Duration::days(d))?;
    }
    let declined = s.ask_create(ask_input(
        &n,
        vec![vec![n.me, n.bo, n.dee]],
        AskMode::Introduce,
    ))?;
    mv(s, declined.id, S::Asked, t0)?;
    s.ask_move(AskMove {
        id: declined.id,
        to: S::ConnectorDeclined,
        reason: Some(DeclineReason::BadTiming),
        note: None,
        at: Some(t0 + Duration::days(4)),
    })?;
    let stats = s.ask_stats(AskQuery::default())?;
    let reached: Vec<(S, u32)> = stats.funnel.iter().map(|f| (f.state, f.reached)).collect();
    assert_eq!(
        reached,
        [
            (S::Asked, 2),
            (S::Agreed, 1),
            (S::Introduced, 1),
            (S::Met, 1),
            (S::Opportunity, 1),
            (S::Won, 1)
        ]
    );
    assert_eq!(stats.funnel[1].conversion, Some(0.5));
    let asked = stats
        .time_in_state
        .iter()
        .find(|t| t.state == S::Asked)
        .ok_or("time asked")?;
    assert_eq!((asked.count, asked.median_days), (2, 3.0), "2 and 4 days");
    let ada = stats
        .connectors
        .iter()
        .find(|c| c.person.id == n.ada)
        .ok_or("ada")?;
    assert_eq!((ada.asked, ada.agreed, ada.acceptance), (1, 1, Some(1.0)));
    assert!(
        stats.connectors.iter().all(|c| c.person.id != n.cy),
        "a backup connector never asked has no rate"
    );
    let bo = stats
        .connectors
        .iter()
        .find(|c| c.person.id == n.bo)
        .ok_or("bo")?;
    assert_eq!((bo.asked, bo.declined, bo.acceptance), (1, 1, Some(0.0)));
    // Filters: by target organization, by connector.
    let at_globex = s.ask_list(AskQuery {
        organization: Some(n.globex),
        ..Default::default()
    })?;
    assert_eq!(at_globex.total, 2, "Dee works at Globex");
    let via_bo = s.ask_list(AskQuery {
        connector: Some(n.bo),
        ..Default::default()
    })?;
    assert_eq!(
        via_bo.items.iter().map(|a| a.id).collect::<Vec<_>>(),
        [declined.id]
    );
    let _ = n.cy;
    Ok(())
}

#[test]
fn a_message_with_a_never_fact_of_the_connector_is_not_sent() -> TestResult {
    let n = net()?;
    let s = &n.s;
    s.fact_create(FactInput {
        person_id: n.ada,
        category: "children".into(),
        value: "Emma".into(),
        ..Default::default()
    })?;
    let mut input = ask_input(&n, vec![vec![n.me, n.ada, n.dee]], AskMode::Introduce);
    input.message = "Hi Ada, I hope Emma is well! Would you introduce me to Dee?".into();
    input.send = Some(true);
    let err = s.ask_create(input).expect_err("a never fact");
    assert_eq!(err.field.as_deref(), Some("message"));
    assert!(err.message.contains("Emma"), "{}", err.message);
    assert_eq!(
        s.ask_list(AskQuery::default())?.total,
        0,
        "a refused send leaves no draft behind"
    );
    // The target's never facts count too, in any case.
    s.fact_create(FactInput {
        person_id: n.dee,
        category: "health".into(),
        value: "knee surgery".into(),
        ..Default::default()
    })?;
    let mut input = ask_input(&n, vec![vec![n.me, n.ada, n.dee]], AskMode::Introduce);
    input.message =
        "Hi Ada, I heard Dee is back after the knee surgery; would you introduce us?".into();
    let draft = s.ask_create(input)?;
    let err = mv(s, draft.id, S::Asked, now()).expect_err("the target's never fact");
    assert!(err.message.contains("knee surgery"), "{}", err.message);
    assert_eq!(
        s.ask_get(IdRequest { id: draft.id })?.state,
        S::Draft,
        "still a draft"
    );
    Ok(())
}

/// Leverage against brute force on small random networks: for each of the user's contacts,
/// the targets reached within two hops of them (never through the user), their best path
/// strengths, and the ranking by reach × tie strength (no ledger entries: factor 1).
#[test]
fn a_backup_keeps_requests_the_ledger_and_doubts() -> TestResult {
    let n = net()?;
    let s = &n.s;
    let t0 = now() - Duration::days(6);
    let ask = s.ask_create(ask_input(
        &n,
        vec![vec![n.me, n.ada, n.dee], vec![n.me, n.bo, n.dee]],
        AskMode::Introduce,
    ))?;
    mv(s, ask.id, S::Asked, t0)?;
    s.ask_move(AskMove {
        id: ask.id,
        to: S::ConnectorDeclined,
        reason: Some(DeclineReason::NotWellKnown),
        note: Some("only met once".into()),
        at: Some(t0 + Duration::days(1)),
    })?;
    mv(s, ask.id, S::Asked, t0 + Duration::days(2))?;
    s.ledger_add(LedgerInput {
        person_id: n.bo,
        direction: Direction::Deposit,
        kind: LedgerKind::Advice,
        weight: Some(1.5),
        note: Some("pricing review".into()),
        at: Some(t0),
    })?;
    let backup = s.backup_export(Empty {})?;
    let dir = tempfile::tempdir()?;
    let copy = Sphere::open_as_of(&dir.path().join("copy.db"), now())?;
    copy.backup_restore(backup)?;
    assert_eq!(
        copy.ask_list(AskQuery::default())?,
        s.ask_list(AskQuery::default())?,
        "every request, connector and event comes back"
    );
    for p in [n.ada, n.bo] {
        assert_eq!(
            copy.ledger_get(IdRequest { id: p })?,
            s.ledger_get(IdRequest { id: p })?
        );
    }
    let q = PathQuery {
        to_person: Some(n.dee),
        ..Default::default()
    };
    assert_eq!(
        copy.path_find(q.clone())?.paths,
        s.path_find(q)?.paths,
        "the doubt too"
    );
    Ok(())
}

#[test]
fn merging_a_person_keeps_their_requests_and_ledger() -> TestResult {
    let n = net()?;
    let s = &n.s;
    let ask = s.ask_create(ask_input(
        &n,
        vec![vec![n.me, n.ada, n.dee]],
        AskMode::Introduce,
    ))?;
    s.ledger_add(LedgerInput {
        person_id: n.ada,
        direction: Direction::Deposit,
        kind: LedgerKind::Favour,
        weight: None,
        note: None,
        at: Some(now() - Duration::days(1)),
    })?;
    let twin = person(s, "Ada", None, "CTO", None)?;
    // Ada is merged into her twin record: the request and the ledger follow her.
    s.person_merge(MergeRequest {
        keep: twin,
        merge: n.ada,
    })?;
    let after = s.ask_get(IdRequest { id: ask.id })?;
    assert_eq!(
        after.connectors[0].person.as_ref().map(|p| p.id),
        Some(twin)
    );
    assert_eq!(s.ledger_get(IdRequest { id: twin })?.entries.len(), 1);
    // And the target.
    let dee2 = person(s, "Dee", Some(n.globex), "VP Sales", None)?;
    s.person_merge(MergeRequest {
        keep: dee2,
        merge: n.dee,
    })?;
    let after = s.ask_get(IdRequest { id: ask.id })?;
    assert_eq!(after.target_person.as_ref().map(|p| p.id), Some(dee2));
    assert_eq!(
        after.connectors[0].ask_for.as_ref().map(|p| p.id),
        Some(dee2)
    );
    Ok(())
}

#[test]
fn a_request_outlives_a_deleted_connector_and_asker() -> TestResult {
    let n = net()?;
    let s = &n.s;
    let ask = s.ask_create(ask_input(
        &n,
        vec![vec![n.me, n.ada, n.dee], vec![n.me, n.bo, n.dee]],
        AskMode::Introduce,
    ))?;
    mv(s, ask.id, S::Asked, now() - Duration::days(9))?;
    s.person_delete(IdRequest { id: n.ada })?;
    let a = s.ask_get(IdRequest { id: ask.id })?;
    assert_eq!(a.connectors[0].person, None, "the connector is gone…");
    assert_eq!(a.connectors[0].name, "Ada Test", "…but named");
    // Asked of someone who is gone: no answer, then the next connector.
    mv(s, ask.id, S::ConnectorNoAnswer, now() - Duration::days(1))?;
    let again = mv(s, ask.id, S::Asked, now())?;
    assert_eq!(again.current_rank, 2);
    // The one who asked goes too: the request stays, with their name, and can be withdrawn.
    s.person_update(PersonUpdate {
        id: n.me,
        person: PersonInput {
            first_name: "Sam".into(),
            last_name: Some("Test".into()),
            ring: Some(Ring::Outer),
            ..Default::default()
        },
    })?;
    s.person_delete(IdRequest { id: n.me })?;
    let a = s.ask_get(IdRequest { id: ask.id })?;
    assert_eq!(
        (a.asker.as_ref(), a.asker_name.as_str()),
        (None, "Sam Test")
    );
    // Agreeing writes nothing about the asker, so it still works; withdrawing too.
    mv(s, ask.id, S::Agreed, now())?;
    let err = mv(s, ask.id, S::OptedIn, now())
        .and_then(|_| mv(s, ask.id, S::Introduced, now()))
        .expect_err("an introduction needs the one who asked");
    assert!(
        err.message.contains("person who asked was deleted"),
        "{}",
        err.message
    );
    let gone = mv(s, ask.id, S::Withdrawn, now())?;
    assert_eq!(gone.state, S::Withdrawn);
    Ok(())
}

#[test]
fn the_subject_is_checked_too() -> TestResult {
    let n = net()?;
    let s = &n.s;
    s.fact_create(FactInput {
        person_id: n.ada,
        category: "children".into(),
        value: "Emma".into(),
        ..Default::default()
    })?;
    let mut input = ask_input(&n, vec![vec![n.me, n.ada, n.dee]], AskMode::Introduce);
    input.subject = "How is Emma? And an introduction".into();
    let draft = s.ask_create(input)?;
    let err = mv(s, draft.id, S::Asked, now()).expect_err("a never fact in the subject");
    assert!(err.message.contains("Emma"), "{}", err.message);
    Ok(())
}

#[test]
fn a_damaged_backup_of_requests_is_refused_whole() -> TestResult {
    let n = net()?;
    let s = &n.s;
    let ask = s.ask_create(ask_input(
        &n,
        vec![vec![n.me, n.ada, n.dee]],
        AskMode::Introduce,
    ))?;
    mv(s, ask.id, S::Asked, now())?;
    let good = s.backup_export(Empty {})?;
    // (what, table and column, value): one cell damaged; `None` for the setting.
    type Cell<'a> = Option<(&'a str, &'a str)>;
    let cases: [(&str, Cell, &str); 4] = [
        (
            "a state nobody knows",
            Some(("referral_request", "state")),
            "pondering",
        ),
        (
            "a timestamp in another form",
            Some(("referral_event", "at")),
            "7 December 2026",
        ),
        (
            "a path that is not JSON",
            Some(("referral_connector", "path")),
            "me → Ada → Dee",
        ),
        ("a half-life no one could choose", None, "1e300"),
    ];
    let damage = |b: &mut Backup, cell: Cell, value: &str| -> Result<(), String> {
        let Some((table, column)) = cell else {
            b.settings.push(SettingEntry {
                key: "ledger.half_life_days".into(),
                value: value.into(),
            });
            return Ok(());
        };
        let t = b
            .tables
            .iter_mut()
            .find(|t| t.name == table)
            .ok_or(format!("no table {table} in the backup"))?;
        let col = t
            .columns
            .iter()
            .position(|c| c == column)
            .ok_or(format!("no column {column}"))?;
        let row = t.rows.first_mut().ok_or(format!("no row in {table}"))?;
        row[col] = value.into();
        Ok(())
    };
    for (what, cell, value) in cases {
        let mut b = good.clone();
        damage(&mut b, cell, value)?;
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("copy.db");
        let copy = Sphere::open_as_of(&path, now())?;
        match copy.backup_restore(b) {
            Err(e) => {
                assert_eq!(e.field.as_deref(), Some("tables"), "{what}: {}", e.message);
                assert_eq!(
                    copy.app_info(Empty {})?.counts.people,
                    0,
                    "{what}: nothing written"
                );
            }
            // A setting out of range is brought within it, and the file still opens.
            Ok(_) => {
                assert_eq!(what, "a half-life no one could choose");
                drop(copy);
                let reopened = Sphere::open_as_of(&path, now())?;
                assert_eq!(
                    reopened.settings_get(Empty {})?.ledger_half_life_days,
                    3650.0
                );
                reopened.ledger_get(IdRequest { id: n.ada })?;
            }
        }
    }
    Ok(())
}

#[test]
fn who_is_on_the_team_decides_which_introductions_are_deposits() -> TestResult {
    let n = net()?;
    let s = &n.s;
    // Cy introduces Ada to Bo: a deposit only once Cy is on the team.
    s.interaction_log(InteractionInput {
        occurred_at: now() - Duration::days(2),
        kind: InteractionKind::Intro,
        participants: vec![n.cy, n.ada, n.bo],
        initiator_id: Some(n.cy),
        note: None,
        outcome: None,
    })?;
    assert_eq!(s.ledger_get(IdRequest { id: n.ada })?.entries.len(), 0);
    let cy = s.person_get(DetailRequest::id(n.cy))?.person;
    s.person_update(PersonUpdate {
        id: n.cy,
        person: PersonInput {
            first_name: cy.first_name,
            last_name: Some(cy.last_name),
            is_team: Some(true),
            ..Default::default()
        },
    })?;
    let l = s.ledger_get(IdRequest { id: n.ada })?;
    assert_eq!(
        l.entries.len(),
        1,
        "a team member's introduction is the team's deposit"
    );
    let p = s.path_find(PathQuery {
        to_person: Some(n.dee),
        ..Default::default()
    })?;
    assert!(p.paths.iter().all(|w| w.hops[0].ledger_note.is_none()));
    Ok(())
}
