//! Network health: per ring, the share of people on cadence who are fresh, the median days
//! past due, and the give/ask balance; now and at the end of each of the last 12 weeks,
//! recomputed from the log as it stood then.
//!
//! As of a past instant: the people known then (added, or in the log, by then), the interactions held by then, the
//! meetings booked by then (logged before, held after), the ledger entries by then. What the
//! log does not keep is taken as it is now: each person's ring, tags, cadence and pause
//! (snoozes are left out of the figures altogether: a snooze hides a reminder, it does not
//! make a tie fresh). So the trend's last point is today's figure.

use chrono::{DateTime, Duration, Utc};

use sphere_domain::cadence::KeepInTouchStatus;
use sphere_domain::error::ApiError;
use sphere_domain::ledger::{self, Entry};
use sphere_domain::{Id, Ring};
use sphere_store::ledger as store_ledger;

use super::network::Network;
use super::types::{HealthPoint, NetworkHealth, RingHealth};
use crate::{Empty, Sphere};

/// Weeks of trend before now.
pub const TREND_WEEKS: i64 = 12;

/// The median of `xs` (sorted here); `None` when empty.
fn median(xs: &mut [f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    Some(if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    })
}

/// One ring's figures at `at`.
pub(crate) fn point(
    net: &Network,
    ring: Ring,
    ledger_entries: &std::collections::HashMap<Id, Vec<Entry>>,
    half_life: f64,
    at: DateTime<Utc>,
) -> HealthPoint {
    let mut on_cadence = 0u32;
    let mut fresh = 0u32;
    let mut overdue_days = Vec::new();
    let mut balance = 0.0;
    for p in net
        .people
        .iter()
        .filter(|p| p.ring == ring && net.concerns(p) && net.known_since(p) <= at)
    {
        if let Some(e) = ledger_entries.get(&p.id) {
            balance += ledger::balance(e, at, half_life);
        }
        let paused = net.choices.get(&p.id).is_some_and(|c| c.hold.paused);
        let (st, s) = net.standing(p, at, false);
        if paused || st.clock == KeepInTouchStatus::NoCadence {
            continue;
        }
        on_cadence += 1;
        if st.clock == KeepInTouchStatus::Fresh || s.booked.is_some() {
            fresh += 1;
        } else {
            overdue_days.push(st.days_past_due as f64);
        }
    }
    HealthPoint {
        at,
        on_cadence,
        fresh,
        share_fresh: (on_cadence > 0).then(|| f64::from(fresh) / f64::from(on_cadence)),
        median_days_overdue: median(&mut overdue_days),
        balance,
    }
}

impl Sphere {
    /// Per ring (inner, outer, beyond): on cadence, fresh, days overdue, give/ask balance,
    /// now and by week for the last 12 weeks.
    pub fn network_health(&self, _: Empty) -> Result<NetworkHealth, ApiError> {
        let core = self.store()?;
        let now = core.now();
        let db = core.db();
        let net = Network::load(db)?;
        let half_life = store_ledger::half_life_days(db)?;
        let mut entries: std::collections::HashMap<Id, Vec<Entry>> = Default::default();
        for (id, e) in store_ledger::entries_since(db, DateTime::<Utc>::MIN_UTC)? {
            entries.entry(id).or_default().push(e);
        }
        let rings = [Ring::Inner, Ring::Outer, Ring::Beyond]
            .into_iter()
            .map(|ring| {
                let trend: Vec<HealthPoint> = (0..=TREND_WEEKS)
                    .rev()
                    .map(|w| point(&net, ring, &entries, half_life, now - Duration::weeks(w)))
                    .collect();
                let now_point = point(&net, ring, &entries, half_life, now);
                RingHealth {
                    ring,
                    people: net
                        .people
                        .iter()
                        .filter(|p| p.ring == ring && net.concerns(p))
                        .count() as u32,
                    now: now_point,
                    trend,
                }
            })
            .collect();
        Ok(NetworkHealth {
            rings,
            valued_at: now,
        })
    }
}
