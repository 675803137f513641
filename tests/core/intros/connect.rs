//! The double opt-in introduction the user makes as the connector: refused before both
//! opt in (writing nothing), then the `intro` interaction, the relationship between the
//! sides and a deposit in both ledgers.

use sphere_api::domain::intros::OptIn;
use sphere_api::domain::ledger::Direction;
use sphere_api::domain::referral::{AskMode, RequestState as S, Side};

use super::*;

fn pair_net() -> Result<(Net, Id, Id), Box<dyn std::error::Error>> {
    let n = Net::new()?;
    let ana = n.known("Ana", 3)?;
    let ben = n.known("Ben", 3)?;
    n.need(ana, "seed investors")?;
    n.offer(ben, "seed investors")?;
    Ok((n, ana, ben))
}

/// Moves an introduction, as the request page's buttons do.
fn mv(n: &Net, id: Id, to: S) -> Result<Ask, ApiError> {
    n.s.ask_move(AskMove {
        id,
        to,
        reason: None,
        note: None,
        at: None,
    })
}

fn interactions(n: &Net) -> Result<u32, ApiError> {
    Ok(n.s
        .interaction_list(InteractionQuery {
            person_id: None,
            limit: Some(1000),
            reveal_never: None,
        })?
        .total)
}

#[test]
fn both_sides_opt_in_then_the_introduction_writes_its_evidence() -> TestResult {
    let (n, ana, ben) = pair_net()?;
    let notes = n.s.intro_draft(PairRequest { a: ana, b: ben })?;
    assert!(notes.note_a.starts_with("Hi Ana,"), "{}", notes.note_a);
    assert!(notes.note_a.contains("Ben Test"), "{}", notes.note_a);
    assert!(notes.note_a.contains("seed investors"), "{}", notes.note_a);
    assert!(notes.note_b.starts_with("Hi Ben,"), "{}", notes.note_b);
    assert!(
        notes.note_a.contains("Sam"),
        "signed by the user: {}",
        notes.note_a
    );

    let ask = n.s.intro_start(IntroStart {
        a: ana,
        b: ben,
        send: Some(true),
        ..Default::default()
    })?;
    assert_eq!(ask.mode, AskMode::Connect);
    assert_eq!(ask.state, S::Asked);
    let c = ask.connect.clone().ok_or("the sides are shown")?;
    assert_eq!(c.note_a, notes.note_a, "the drafted notes are kept");
    assert_eq!(ask.state_label, "waiting on Ana and Ben");
    assert!(!ask.allowed.contains(&S::Introduced));

    // Refused before both opt in, writing nothing.
    let before = interactions(&n)?;
    let err = mv(&n, ask.id, S::Introduced).expect_err("double opt-in");
    assert!(err.message.contains("double opt-in"), "{}", err.message);
    let answer = |side, answer| {
        n.s.intro_answer(IntroAnswer {
            id: ask.id,
            side,
            answer,
        })
    };
    let one = answer(Side::A, OptIn::OptedIn)?;
    assert_eq!(one.state, S::Asked);
    assert_eq!(one.state_label, "Ana opted in · waiting on Ben");
    assert!(
        mv(&n, ask.id, S::Introduced).is_err(),
        "one side is not enough"
    );
    assert_eq!(interactions(&n)?, before, "nothing was written on refusal");
    assert!(
        n.s.tie_list(TieQuery {
            person_id: Some(ana),
            reveal_never: None
        })?
        .iter()
        .all(|t| t.other.id != ben)
    );

    let both = answer(Side::B, OptIn::OptedIn)?;
    assert_eq!(both.state, S::OptedIn);
    assert_eq!(both.state_label, "both opted in");
    assert_eq!(both.allowed, vec![S::Introduced, S::Withdrawn, S::Expired]);
    let made = mv(&n, ask.id, S::Introduced)?;
    assert_eq!(made.state, S::Introduced);
    assert!(
        made.allowed.is_empty(),
        "the user steps back after the introduction"
    );
    let event = made.events.last().ok_or("an event")?;
    let iid = event.interaction_id.ok_or("the introduction is logged")?;

    // The interaction: an introduction the user started, with both sides.
    let log = n.s.interaction_list(InteractionQuery {
        person_id: Some(ana),
        limit: Some(50),
        reveal_never: None,
    })?;
    let intro = log
        .items
        .iter()
        .find(|i| i.interaction.id == iid)
        .ok_or("in Ana's log")?;
    assert_eq!(intro.interaction.kind, InteractionKind::Intro);
    assert_eq!(intro.interaction.initiator_id, Some(n.me));
    let mut who = intro.interaction.participants.clone();
    who.sort();
    let mut want = vec![n.me, ana, ben];
    want.sort();
    assert_eq!(who, want);

    // The relationship between them, and how they met.
    let ties = n.s.tie_list(TieQuery {
        person_id: Some(ana),
        reveal_never: None,
    })?;
    let t = ties
        .iter()
        .find(|t| t.other.id == ben)
        .ok_or("Ana and Ben are related now")?;
    assert_eq!(t.relationship.kind, TieKind::Acquaintance);
    assert_eq!(t.relationship.how_met, "Introduced by Sam Centre");

    // A deposit in both ledgers, from that interaction.
    for p in [ana, ben] {
        let l = n.s.ledger_get(IdRequest { id: p })?;
        let dep = l
            .entries
            .iter()
            .find(|e| e.interaction_id == Some(iid))
            .ok_or("a deposit from the introduction")?;
        assert_eq!(dep.direction, Direction::Deposit);
        assert!(l.balance > 0.0, "the ledger is in credit");
    }
    // Listed on both people's pages.
    for p in [ana, ben] {
        let page = n.s.ask_list(AskQuery {
            person: Some(p),
            ..Default::default()
        })?;
        assert_eq!(page.total, 1, "the introduction concerns both sides");
    }
    // They know each other now: no longer suggested; and the funnel leaves it out.
    assert!(n.pairs()?.is_empty());
    assert_eq!(n.s.ask_stats(AskQuery::default())?.total, 0);
    let page = n.s.ask_list(AskQuery {
        open: Some(true),
        ..Default::default()
    })?;
    assert_eq!(page.total, 0, "a made introduction is no longer open");
    Ok(())
}

#[test]
fn a_decline_stops_the_introduction_and_bad_starts_are_refused() -> TestResult {
    let (n, ana, ben) = pair_net()?;
    let stranger = n.person("Stranger")?;
    for (a, b, field) in [
        (ana, ana, "b"),
        (ana, stranger, "b"),
        (n.me, ben, "a"),
        (ana, 9_999, "b"),
    ] {
        let err =
            n.s.intro_start(IntroStart {
                a,
                b,
                send: Some(true),
                ..Default::default()
            })
            .expect_err("refused");
        assert_eq!(err.field.as_deref(), Some(field), "{}", err.message);
    }
    // Not through ask_create: it has no sides.
    let err =
        n.s.ask_create(AskInput {
            target_person: Some(ben),
            paths: vec![vec![n.me, ana, ben]],
            mode: Some(AskMode::Connect),
            ..Default::default()
        })
        .expect_err("connect mode starts with intro_start");
    assert_eq!(err.field.as_deref(), Some("mode"), "{}", err.message);
    // A note naming a side's never fact is refused when sent, and nothing is written.
    n.s.fact_create(FactInput {
        person_id: ben,
        category: "health".into(),
        value: "recovering from knee surgery".into(),
        ..Default::default()
    })?;
    let err =
        n.s.intro_start(IntroStart {
            a: ana,
            b: ben,
            note_a: Some("Hi Ana, Ben is recovering from knee surgery but keen to meet.".into()),
            send: Some(true),
            ..Default::default()
        })
        .expect_err("a never fact in a note");
    assert_eq!(err.field.as_deref(), Some("note_a"), "{}", err.message);
    assert_eq!(
        n.s.ask_list(AskQuery::default())?.total,
        0,
        "nothing written"
    );

    let ask = n.s.intro_start(IntroStart {
        a: ana,
        b: ben,
        ..Default::default()
    })?;
    assert_eq!(ask.state, S::Draft);
    assert!(
        n.s.intro_answer(IntroAnswer {
            id: ask.id,
            side: Side::A,
            answer: OptIn::OptedIn,
        })
        .is_err(),
        "no answer before the notes are sent"
    );
    mv(&n, ask.id, S::Asked)?;
    n.s.intro_answer(IntroAnswer {
        id: ask.id,
        side: Side::A,
        answer: OptIn::OptedIn,
    })?;
    let declined = n.s.intro_answer(IntroAnswer {
        id: ask.id,
        side: Side::B,
        answer: OptIn::Declined,
    })?;
    assert_eq!(declined.state, S::TargetDeclined);
    assert_eq!(declined.state_label, "Ben declined");
    assert!(mv(&n, ask.id, S::Introduced).is_err());
    assert_eq!(
        n.pairs()?,
        Vec::<(Id, Id)>::new(),
        "Ben said no: the pair is not suggested again (withdrawing the request would bring it back)"
    );
    Ok(())
}

#[test]
fn a_backup_carries_needs_dismissals_and_introductions() -> TestResult {
    let (n, ana, ben) = pair_net()?;
    let cy = n.known("Cy", 2)?;
    n.offer(cy, "seed investors")?;
    n.s.intro_openness_set(OpennessInput {
        person_id: ben,
        open: Openness::Yes,
    })?;
    n.s.intro_dismiss(DismissInput {
        a: ana,
        b: cy,
        reason: DismissReason::NotNow,
    })?;
    n.s.intro_start(IntroStart {
        a: ana,
        b: ben,
        send: Some(true),
        ..Default::default()
    })?;
    let backup = n.s.backup_export(Empty {})?;
    let dir = tempfile::tempdir()?;
    let t = Sphere::open_as_of(&dir.path().join("restored.db"), now())?;
    t.backup_restore(backup)?;
    assert_eq!(
        t.need_offer_list(NeedQuery { person_id: ana })?,
        n.s.need_offer_list(NeedQuery { person_id: ana })?
    );
    assert_eq!(
        t.need_offer_list(NeedQuery { person_id: ben })?.openness,
        Openness::Yes
    );
    let q = SuggestionQuery {
        limit: Some(10),
        person: None,
    };
    assert_eq!(t.intro_suggestions(q.clone())?, n.s.intro_suggestions(q)?);
    let asks = t.ask_list(AskQuery::default())?;
    assert_eq!(
        asks.items[0].connect,
        n.s.ask_list(AskQuery::default())?.items[0].connect
    );
    Ok(())
}

#[test]
fn a_pair_under_way_is_not_suggested_again_nor_started_twice_and_waits_on_you_once_both_opted_in()
-> TestResult {
    let (n, ana, ben) = pair_net()?;
    let pair_suggested = |n: &Net| -> Result<bool, ApiError> {
        Ok(n.s
            .intro_suggestions(SuggestionQuery::default())?
            .items
            .iter()
            .any(|s| (s.a.id, s.b.id) == (ana, ben) || (s.a.id, s.b.id) == (ben, ana)))
    };
    let on_today = |n: &Net| -> Result<Vec<TodayItem>, ApiError> {
        Ok(n.s.today(TodayQuery { limit: Some(50) })?.items)
    };
    assert!(pair_suggested(&n)?, "Ana needs what Ben offers");
    assert!(
        on_today(&n)?
            .iter()
            .any(|i| i.kind == TodayKind::Introduction),
        "Today lists the introduction to make"
    );
    let ask = n.s.intro_start(IntroStart {
        a: ana,
        b: ben,
        send: Some(true),
        ..Default::default()
    })?;
    assert!(
        !pair_suggested(&n)?,
        "an introduction under way is not suggested again"
    );
    assert!(
        !on_today(&n)?
            .iter()
            .any(|i| i.kind == TodayKind::Introduction),
        "nor listed on Today as one to make"
    );
    let again =
        n.s.intro_start(IntroStart {
            a: ben,
            b: ana,
            send: Some(true),
            ..Default::default()
        })
        .expect_err("one introduction of a pair at a time");
    assert!(
        again.message.contains("already under way"),
        "{}",
        again.message
    );

    for side in [Side::A, Side::B] {
        n.s.intro_answer(IntroAnswer {
            id: ask.id,
            side,
            answer: OptIn::OptedIn,
        })?;
    }
    let waiting = on_today(&n)?;
    let item = waiting
        .iter()
        .find(|i| i.request_id == Some(ask.id))
        .ok_or("both opted in: the introduction waits on you")?;
    assert!(
        item.reason.contains("make the introduction"),
        "{}",
        item.reason
    );
    mv(&n, ask.id, S::Introduced)?;
    assert!(
        !on_today(&n)?.iter().any(|i| i.request_id == Some(ask.id)),
        "a made introduction waits on no one"
    );
    assert!(!pair_suggested(&n)?, "introduced: they know each other now");
    Ok(())
}

/// A need or offer that reads as never (written before the check, or restored from an old
/// backup) stays out of the introduction notes Sphere drafts to send.
#[test]
fn introduction_notes_leave_out_a_need_that_reads_as_never() -> TestResult {
    let (n, ana, ben) = pair_net()?;
    let backup = n.s.backup_export(Empty {})?;
    let text = serde_json::to_string(&backup)?.replace("seed investors", "chemotherapy support");
    let restored = Sphere::open_in_memory()?;
    restored.backup_restore(serde_json::from_str(&text)?)?;
    let needs = restored.need_offer_list(NeedQuery { person_id: ana })?;
    assert!(
        serde_json::to_string(&needs)?.contains("chemotherapy support"),
        "the restored need is there: {needs:?}"
    );
    let notes = restored.intro_draft(PairRequest { a: ana, b: ben })?;
    for note in [&notes.note_a, &notes.note_b] {
        assert!(!note.contains("chemotherapy"), "{note}");
        assert!(
            note.contains("Would you be open to an introduction?"),
            "{note}"
        );
    }
    Ok(())
}
