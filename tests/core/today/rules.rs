//! The keep-in-touch rules with a fixed clock: what resets the clock, attempts, bookings,
//! snooze, pause, status boundaries and which cadence applies.

use chrono::{DateTime, Duration, TimeZone, Utc};
use sphere_api::domain::cadence::{
    self, Cadence, CadenceSource, Hold, KeepInTouchStatus as S, PersonCadence, Touch, TouchClass,
};
use sphere_api::domain::{InteractionKind as K, Ring};

/// The fixed "now" of every test here.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

fn days_ago(d: i64) -> DateTime<Utc> {
    now() - Duration::days(d)
}

const MONTHLY: Cadence = Cadence {
    ideal_days: 30,
    max_days: 60,
};

fn held(d: i64, class: TouchClass) -> Touch {
    // Logged when it happened.
    Touch {
        at: days_ago(d),
        logged_at: days_ago(d),
        class,
    }
}

/// The status of someone added 400 days ago with `touches`, on a monthly cadence.
fn status_with(touches: &[Touch], hold: Hold) -> cadence::Standing {
    let s = cadence::summarize(touches, now());
    cadence::standing(Some(MONTHLY), &s, days_ago(400), hold, now())
}

fn check(touches: &[Touch], expected: S, why: &str) {
    let st = status_with(touches, Hold::default());
    assert_eq!(st.status, expected, "{why}: {st:?}");
}

#[test]
fn status_boundaries_fresh_due_overdue_dormant() {
    use TouchClass::TwoWay;
    check(
        &[held(29, TwoWay)],
        S::Fresh,
        "29 days is within the ideal of 30",
    );
    check(&[held(30, TwoWay)], S::Due, "the ideal reached: due");
    check(&[held(59, TwoWay)], S::Due, "one day before the maximum");
    check(
        &[held(60, TwoWay)],
        S::Overdue,
        "the maximum reached: overdue",
    );
    check(
        &[held(365, TwoWay)],
        S::Overdue,
        "a year exactly is not yet dormant",
    );
    check(
        &[held(366, TwoWay)],
        S::Dormant,
        "over a year (and over 3 × 60 days): dormant",
    );
    // With a long maximum, dormancy waits for three of them.
    let s = cadence::summarize(&[held(400, TwoWay)], now());
    let yearly = Cadence {
        ideal_days: 180,
        max_days: 200,
    };
    let st = cadence::standing(Some(yearly), &s, days_ago(900), Hold::default(), now());
    assert_eq!(
        st.status,
        S::Overdue,
        "400 days silent with a 200-day maximum is overdue, not dormant (3 × 200 = 600)"
    );
}

#[test]
fn a_two_way_touch_resets_the_clock_whatever_its_kind() {
    let me = Some(1);
    let her = 2;
    for kind in [K::Meeting, K::Call, K::Meal, K::Event] {
        assert_eq!(
            cadence::classify(kind, None, me, her),
            Some(TouchClass::TwoWay),
            "a {kind} held is two-way"
        );
    }
    assert_eq!(
        cadence::classify(K::Email, Some(her), me, her),
        Some(TouchClass::TwoWay),
        "an email she sent (a reply or her own) is two-way"
    );
    assert_eq!(
        cadence::classify(K::Email, me, me, her),
        Some(TouchClass::Attempt),
        "an email you sent is an attempt"
    );
    assert_eq!(
        cadence::classify(K::Message, Some(3), me, her),
        None,
        "someone else's message that copied you both is not your touch"
    );
    check(
        &[held(90, TouchClass::TwoWay), held(5, TouchClass::TwoWay)],
        S::Fresh,
        "an old touch then a call 5 days ago: fresh",
    );
}

#[test]
fn an_attempt_moves_the_due_date_once_by_half_the_ideal() {
    use TouchClass::*;
    // Last two-way 35 days ago: due without an attempt (ideal 30).
    check(&[held(35, TwoWay)], S::Due, "35 days after a call");
    let one = status_with(&[held(35, TwoWay), held(10, Attempt)], Hold::default());
    assert_eq!(
        one.status,
        S::Fresh,
        "your email 10 days ago moves the due date from day 30 to day 45"
    );
    assert_eq!(one.due_at, Some(days_ago(35) + Duration::days(45)));
    assert_eq!(
        one.overdue_at,
        Some(days_ago(35) + Duration::days(75)),
        "the maximum moves with it"
    );
    let three = status_with(
        &[
            held(35, TwoWay),
            held(20, Attempt),
            held(10, Attempt),
            held(2, Attempt),
        ],
        Hold::default(),
    );
    assert_eq!(
        three.due_at, one.due_at,
        "several unanswered emails still move it once"
    );
    // An attempt before the last two-way touch was answered: it moves nothing.
    let answered = status_with(&[held(40, Attempt), held(35, TwoWay)], Hold::default());
    assert_eq!(answered.due_at, Some(days_ago(35) + Duration::days(30)));
    assert_eq!(answered.status, S::Due);
    // Fifty days after the call, even with the attempt, due (past 45).
    check(
        &[held(50, TwoWay), held(10, Attempt)],
        S::Due,
        "past the moved due date",
    );
}

#[test]
fn a_booked_meeting_suppresses_the_reminder_until_it_happens() {
    let overdue = [held(70, TouchClass::TwoWay)];
    let booked = Touch {
        at: now() + Duration::days(3),
        logged_at: days_ago(1),
        class: TouchClass::TwoWay,
    };
    let mut touches = overdue.to_vec();
    touches.push(booked);
    let st = status_with(&touches, Hold::default());
    assert_eq!(
        st.status,
        S::Booked,
        "a meeting in 3 days holds the reminder"
    );
    assert_eq!(st.clock, S::Overdue, "the clock still says overdue");
    // As of before it was booked, it did not hold anything.
    let s = cadence::summarize(&touches, days_ago(2));
    assert_eq!(s.booked, None, "not booked yet two days ago");
    // Once held, it counts as a two-way touch.
    let later = now() + Duration::days(4);
    let s = cadence::summarize(&touches, later);
    assert_eq!(s.last_two_way, Some(booked.at));
    assert_eq!(
        cadence::standing(Some(MONTHLY), &s, days_ago(400), Hold::default(), later).status,
        S::Fresh
    );
}

#[test]
fn snooze_hides_until_its_date_and_pause_until_resumed() {
    let overdue = [held(70, TouchClass::TwoWay)];
    let snoozed = status_with(
        &overdue,
        Hold {
            snoozed_until: Some(now() + Duration::days(7)),
            paused: false,
        },
    );
    assert_eq!(snoozed.status, S::Snoozed);
    let ended = status_with(
        &overdue,
        Hold {
            snoozed_until: Some(days_ago(1)),
            paused: false,
        },
    );
    assert_eq!(
        ended.status,
        S::Overdue,
        "a snooze that ended hides nothing"
    );
    let paused = status_with(
        &overdue,
        Hold {
            snoozed_until: None,
            paused: true,
        },
    );
    assert_eq!(paused.status, S::Paused);
    assert!(paused.reason.starts_with("paused"), "{}", paused.reason);
}

#[test]
fn never_touched_counts_from_when_they_were_added() {
    let s = cadence::summarize(&[], now());
    let st = cadence::standing(Some(MONTHLY), &s, days_ago(31), Hold::default(), now());
    assert_eq!(st.status, S::Due);
    assert!(
        st.reason
            .contains("no two-way touch yet (known since 2026-05-15)"),
        "{}",
        st.reason
    );
}

#[test]
fn precedence_person_over_tag_over_ring_and_the_shortest_tag() {
    let ring = cadence::default_ring_cadence(Ring::Outer);
    let weekly = Cadence {
        ideal_days: 7,
        max_days: 14,
    };
    let quarterly = Cadence {
        ideal_days: 90,
        max_days: 120,
    };
    let tags = [("investors", quarterly), ("board", weekly)];
    assert_eq!(
        cadence::resolve(None, &tags, Ring::Outer, false, ring),
        (
            Some(weekly),
            CadenceSource::Tag {
                tag: "board".into()
            }
        ),
        "among tags the shortest ideal wins"
    );
    assert_eq!(
        cadence::resolve(
            Some(PersonCadence::Every(MONTHLY)),
            &tags,
            Ring::Outer,
            false,
            ring
        ),
        (Some(MONTHLY), CadenceSource::Person),
        "the person's own cadence wins over their tags"
    );
    assert_eq!(
        cadence::resolve(Some(PersonCadence::Off), &tags, Ring::Outer, false, ring),
        (None, CadenceSource::None),
        "“no cadence” on the person wins too"
    );
    assert_eq!(
        cadence::resolve(None, &[], Ring::Outer, false, ring),
        (ring, CadenceSource::Ring { ring: Ring::Outer }),
        "without tags, the ring's"
    );
    assert_eq!(
        cadence::resolve(None, &tags, Ring::Outer, true, ring),
        (None, CadenceSource::None),
        "a team member has none unless set on them"
    );
    assert_eq!(cadence::default_ring_cadence(Ring::Beyond), None);
    assert_eq!(
        cadence::default_ring_cadence(Ring::Inner),
        Some(Cadence {
            ideal_days: 30,
            max_days: 60
        })
    );
}

#[test]
fn a_cadence_is_checked() {
    assert!(Cadence::new(30, 60).is_ok());
    assert_eq!(Cadence::new(0, 10).map_err(|e| e.0), Err("ideal_days"));
    assert_eq!(Cadence::new(30, 20).map_err(|e| e.0), Err("max_days"));
    assert_eq!(Cadence::new(30, 4000).map_err(|e| e.0), Err("max_days"));
}

#[test]
fn dormant_ties_worth_reviving_rank_by_history_and_memory() {
    let touches = |n: i64, last: i64| -> Vec<Touch> {
        (0..n)
            .map(|i| held(last + i * 30, TouchClass::TwoWay))
            .collect()
    };
    let score = |t: &[Touch]| cadence::revival_score(&cadence::summarize(t, now()), now());
    assert_eq!(
        score(&touches(10, 200)),
        None,
        "silent for 200 days is not dormant"
    );
    assert_eq!(
        score(&touches(2, 500)),
        None,
        "two touches were never a strong tie"
    );
    let close_once = score(&touches(12, 500)).unwrap_or_default();
    let lighter = score(&touches(5, 500)).unwrap_or_default();
    let long_ago = score(&touches(12, 4000)).unwrap_or_default();
    assert!(
        close_once > lighter && lighter > 0.0,
        "more shared history ranks higher: {close_once} vs {lighter}"
    );
    assert!(
        close_once > long_ago && long_ago > 0.0,
        "silent for 11 years ranks below silent for 16 months: {long_ago} vs {close_once}"
    );
}
