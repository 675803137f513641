//! Network health: hand-judged figures on a small network, and every trend point against a
//! brute-force recomputation from each person's interactions read one by one.

use chrono::{DateTime, Duration, Utc};
use sphere_api::domain::cadence::{self, KeepInTouchStatus as S, Touch};
use sphere_api::domain::ledger::{Direction, LedgerKind};
use sphere_api::domain::*;
use sphere_api::*;

use super::{TestResult, person, touch};

fn ring_of(h: &NetworkHealth, ring: Ring) -> Result<&RingHealth, String> {
    h.rings
        .iter()
        .find(|r| r.ring == ring)
        .ok_or(format!("no {ring} ring"))
}

#[test]
fn hand_judged_figures_now_and_weeks_ago() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let me = person(&s, "Me", Some(Ring::Centre), &[])?;
    let ana = person(&s, "Ana", Some(Ring::Inner), &[])?;
    let bea = person(&s, "Bea", Some(Ring::Inner), &[])?;
    let cal = person(&s, "Cal", Some(Ring::Outer), &[])?;
    use InteractionKind as K;
    touch(&s, K::Meeting, &[me, ana], None, 70)?;
    touch(&s, K::Meeting, &[me, bea], None, 10)?;
    touch(&s, K::Meeting, &[me, cal], None, 120)?;
    touch(&s, K::Email, &[me, cal], Some(me), 100)?;
    s.ledger_add(LedgerInput {
        person_id: ana,
        direction: Direction::Deposit,
        kind: LedgerKind::Favour,
        weight: Some(1.0),
        note: None,
        at: Some(Utc::now() - Duration::days(7)),
    })?;
    let h = s.network_health(Empty {})?;
    let inner = ring_of(&h, Ring::Inner)?;
    assert_eq!(inner.people, 2);
    assert_eq!((inner.now.on_cadence, inner.now.fresh), (2, 1));
    assert_eq!(inner.now.share_fresh, Some(0.5));
    assert_eq!(
        inner.now.median_days_overdue,
        Some(40.0),
        "Ana: 70 days since, due after 30"
    );
    let expected = 0.5_f64.powf(7.0 / 365.0);
    assert!(
        (inner.now.balance - expected).abs() < 1e-3,
        "one favour a week ago, decayed: {}",
        inner.now.balance
    );
    assert_eq!(inner.trend.len(), 13, "12 weeks and now");
    assert_eq!(
        inner.trend.last(),
        Some(&inner.now),
        "the trend's last point is today's figure"
    );
    let four_weeks_ago = &inner.trend[8];
    assert_eq!(
        (four_weeks_ago.on_cadence, four_weeks_ago.fresh),
        (1, 0),
        "4 weeks ago Bea was not known yet, Ana was due: {four_weeks_ago:?}"
    );
    assert_eq!(four_weeks_ago.median_days_overdue, Some(12.0));
    assert_eq!(four_weeks_ago.balance, 0.0, "the favour came later");
    assert_eq!(
        inner.trend[0].share_fresh, None,
        "12 weeks ago no one in the ring was known"
    );
    let outer = ring_of(&h, Ring::Outer)?;
    assert_eq!(
        outer.now.share_fresh,
        Some(1.0),
        "Cal: 120 days since the meeting, but your email moved the due date to day 135"
    );
    Ok(())
}

/// A small deterministic generator (no dependency needed for a handful of networks).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// The figures of `ring` at `at`, recomputed person by person from `interaction_list`.
fn brute_force(
    s: &Sphere,
    me: Id,
    people: &[(Id, Ring)],
    ring: Ring,
    at: DateTime<Utc>,
) -> Result<(u32, u32, Option<f64>), Box<dyn std::error::Error>> {
    let (mut on, mut fresh, mut late) = (0, 0, Vec::new());
    for &(id, r) in people.iter().filter(|p| p.1 == ring) {
        let detail = s.person_get(DetailRequest::id(id))?;
        let page = s.interaction_list(InteractionQuery {
            person_id: Some(id),
            reveal_never: None,
            limit: Some(1000),
        })?;
        let touches: Vec<Touch> = page
            .items
            .iter()
            .filter(|v| v.interaction.participants.contains(&me))
            .filter_map(|v| {
                let i = &v.interaction;
                cadence::classify(i.kind, i.initiator_id, Some(me), id).map(|class| Touch {
                    at: i.occurred_at,
                    logged_at: i.created_at,
                    class,
                })
            })
            .collect();
        let known = touches
            .iter()
            .map(|t| t.at.min(t.logged_at))
            .chain([detail.person.created_at])
            .min()
            .unwrap_or(detail.person.created_at);
        if known > at {
            continue;
        }
        let c = cadence::default_ring_cadence(r);
        let sum = cadence::summarize(&touches, at);
        let st = cadence::standing(c, &sum, known, cadence::Hold::default(), at);
        if st.clock == S::NoCadence {
            continue;
        }
        on += 1;
        if st.clock == S::Fresh || sum.booked.is_some() {
            fresh += 1;
        } else {
            late.push(st.days_past_due as f64);
        }
    }
    late.sort_by(f64::total_cmp);
    let median = match late.len() {
        0 => None,
        n if n % 2 == 1 => Some(late[n / 2]),
        n => Some((late[n / 2 - 1] + late[n / 2]) / 2.0),
    };
    Ok((on, fresh, median))
}

#[test]
fn every_trend_point_matches_a_brute_force_recomputation() -> TestResult {
    for seed in [1_u64, 7, 42] {
        let mut rng = Lcg(seed);
        let s = Sphere::open_in_memory()?;
        let me = person(&s, "Me", Some(Ring::Centre), &[])?;
        let mut people = Vec::new();
        for i in 0..14 {
            let ring = [Ring::Inner, Ring::Outer, Ring::Beyond][rng.next(3) as usize];
            people.push((person(&s, &format!("P{i}"), Some(ring), &[])?, ring));
        }
        let kinds = [
            InteractionKind::Meeting,
            InteractionKind::Call,
            InteractionKind::Email,
            InteractionKind::Message,
        ];
        for _ in 0..60 {
            let (p, _) = people[rng.next(people.len() as u64) as usize];
            let kind = kinds[rng.next(4) as usize];
            let by = match rng.next(3) {
                0 => Some(me),
                1 => Some(p),
                _ => None,
            };
            // From 200 days ago to 10 days ahead.
            let days = 200 - rng.next(210) as i64;
            touch(&s, kind, &[me, p], by, days)?;
        }
        let h = s.network_health(Empty {})?;
        for r in &h.rings {
            for point in &r.trend {
                let (on, fresh, median) = brute_force(&s, me, &people, r.ring, point.at)?;
                assert_eq!(
                    (point.on_cadence, point.fresh, point.median_days_overdue),
                    (on, fresh, median),
                    "seed {seed}, {} ring at {}",
                    r.ring,
                    point.at
                );
            }
            assert_eq!(r.trend.last(), Some(&r.now));
        }
    }
    Ok(())
}
