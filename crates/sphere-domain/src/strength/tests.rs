use super::*;
use InteractionKind as K;
use chrono::{Duration, TimeZone};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

fn stats_of(items: &[(i64, K, Side)]) -> TieStats {
    let mut s = TieStats::at(now());
    for (days_ago, kind, side) in items {
        s.add(now() - Duration::days(*days_ago), *kind, *side, 90.0);
    }
    s
}

fn value(s: &TieStats) -> f64 {
    strength(s, None, None, now(), 90.0).value
}

#[test]
fn heavier_kinds_build_stronger_ties() {
    let meal = value(&stats_of(&[(1, K::Meal, Side::Shared)]));
    let meeting = value(&stats_of(&[(1, K::Meeting, Side::Shared)]));
    let call = value(&stats_of(&[(1, K::Call, Side::Shared)]));
    let email = value(&stats_of(&[(1, K::Email, Side::Shared)]));
    assert!(
        meal > meeting && meeting > call && call > email,
        "{meal} {meeting} {call} {email}"
    );
}

#[test]
fn weight_halves_every_half_life() {
    let fresh = stats_of(&[(0, K::Meeting, Side::Shared)]).effective_weight(now(), 90.0);
    let old = stats_of(&[(90, K::Meeting, Side::Shared)]).effective_weight(now(), 90.0);
    assert!((fresh - 2.5).abs() < 1e-9);
    assert!((old - 1.25).abs() < 1e-9, "{old}");
    // Valuing the same summary later decays it the same way.
    let later = stats_of(&[(0, K::Meeting, Side::Shared)])
        .effective_weight(now() + Duration::days(180), 90.0);
    assert!((later - 0.625).abs() < 1e-9, "{later}");
}

#[test]
fn one_way_emails_are_weak() {
    let one_way = stats_of(&[
        (1, K::Email, Side::A),
        (2, K::Email, Side::A),
        (3, K::Email, Side::A),
        (4, K::Email, Side::A),
    ]);
    let two_way = stats_of(&[
        (1, K::Email, Side::A),
        (2, K::Email, Side::B),
        (3, K::Email, Side::A),
        (4, K::Email, Side::B),
    ]);
    assert!(value(&one_way) < value(&two_way));
    let w1 = one_way.effective_weight(now(), 90.0);
    let w2 = two_way.effective_weight(now(), 90.0);
    assert!((w1 / w2 - ONE_WAY_SHARE).abs() < 0.01, "{w1} {w2}");
}

#[test]
fn mutual_kinds_ignore_who_started_them() {
    for kind in [K::Meeting, K::Meal, K::Call, K::Event, K::Intro] {
        let started = stats_of(&[(1, kind, Side::A), (2, kind, Side::A)]);
        let shared = stats_of(&[(1, kind, Side::Shared), (2, kind, Side::Shared)]);
        assert_eq!(started, shared, "{kind:?} is two-way whoever set it up");
        assert!(!started.mostly_one_way());
    }
    let emails = stats_of(&[(1, K::Email, Side::A), (2, K::Email, Side::A)]);
    assert!(emails.mostly_one_way(), "unanswered emails are one-way");
}

#[test]
fn tenure_gives_a_floor_and_override_wins() {
    let empty = TieStats::default();
    let since = NaiveDate::from_ymd_opt(2020, 6, 1);
    let p = strength(&empty, since, None, now(), 90.0);
    // Six years known: t = 1 − e^−2, floor 0.05 + 0.10·t, no kept-up bonus without contact.
    let t = 1.0 - (-2.0f64).exp();
    assert!((p.tenure - t).abs() < 1e-3, "{p:?}");
    assert!((p.floor - (0.05 + 0.10 * t)).abs() < 1e-3, "{p:?}");
    assert!(
        p.kept_up == 0.0 && (p.value - p.floor).abs() < 1e-12,
        "{p:?}"
    );
    let fresh = strength(&empty, None, None, now(), 90.0);
    assert!((fresh.value - MIN_STRENGTH).abs() < 1e-9);
    let o = strength(&empty, since, Some(0.9), now(), 90.0);
    assert!((o.value - 0.9).abs() < 1e-12);
}

#[test]
fn parts_combine_as_documented() {
    // A friend of six years, a meeting yesterday: every part by hand.
    let s = stats_of(&[(1, K::Meeting, Side::Shared)]);
    let since = NaiveDate::from_ymd_opt(2020, 6, 1);
    let p = strength(&s, since, None, now(), 90.0);
    let w = 2.5 * 0.5f64.powf(1.0 / 90.0);
    let activity = 1.0 - (-w / 5.0).exp();
    let kept_up = 0.8 * p.tenure * (1.0 - (-w).exp());
    assert!((p.activity - activity).abs() < 1e-9, "{p:?}");
    assert!((p.kept_up - kept_up).abs() < 1e-9, "{p:?}");
    let value = 1.0 - (1.0 - activity) * (1.0 - p.floor) * (1.0 - kept_up);
    assert!((p.value - value).abs() < 1e-9, "{p:?}");
}

#[test]
fn strength_stays_in_range() {
    let many: Vec<(i64, K, Side)> = (0..500).map(|d| (d, K::Meal, Side::Shared)).collect();
    let v = value(&stats_of(&many));
    assert!(v <= 1.0 && v > 0.99);
}

#[test]
fn evidence_reads_like_a_sentence() {
    let s = stats_of(&[
        (12, K::Meeting, Side::Shared),
        (40, K::Meeting, Side::Shared),
        (50, K::Call, Side::Shared),
    ]);
    let since = NaiveDate::from_ymd_opt(2019, 3, 1);
    let parts = strength(&s, since, None, now(), 90.0);
    let text = evidence(
        &[(K::Call, 1), (K::Meeting, 2)],
        &s,
        since,
        &parts,
        None,
        now(),
    );
    assert_eq!(
        text,
        "2 meetings, 1 call; last contact 12 days ago; known since 2019"
    );
}
