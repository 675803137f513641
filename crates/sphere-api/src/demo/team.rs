//! The team's own relationships outside the user's organization: former colleagues, friends
//! and clients of each team member, with a little history, so paths from the whole team and
//! drafts written for a team member have something to show.
//!
//! Drawn from a random source of its own (derived from the seed), so the rest of the plan is
//! the same with or without it.

use std::collections::HashSet;

use chrono::{Duration, NaiveTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Gen, ME, Plan, PlannedInteraction, PlannedTie, Role, TEAM_SIZE};
use sphere_domain::{InteractionKind, TieKind};

/// Mixed into the seed for this step's own random source.
const SALT: u64 = 0x7ea3_5eed;

/// The team as `Plan::write` marks it: the first colleagues of the user's organization.
pub(super) fn members(plan: &Plan) -> Vec<usize> {
    let my_org = plan.people.get(ME).and_then(|p| p.org);
    plan.people
        .iter()
        .enumerate()
        .filter(|(i, p)| *i != ME && my_org.is_some() && p.org == my_org)
        .map(|(i, _)| i)
        .take(TEAM_SIZE)
        .collect()
}

pub(super) fn generate(g: &Gen, seed: u64, plan: &mut Plan) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ SALT);
    let my_org = plan.people.get(ME).and_then(|p| p.org);
    let mut tied: HashSet<(usize, usize)> = plan
        .ties
        .iter()
        .map(|t| (t.a.min(t.b), t.a.max(t.b)))
        .collect();
    // Outside people worth knowing: at customers, prospects, target accounts and partners.
    let outside: Vec<usize> = (0..plan.people.len())
        .filter(|&p| p != ME && plan.people[p].org.is_some() && plan.people[p].org != my_org)
        .filter(|&p| {
            matches!(
                plan.role_of(p),
                Some(Role::Customer | Role::Prospect | Role::Target | Role::Partner)
            )
        })
        .collect();
    if outside.is_empty() {
        return;
    }
    for member in members(plan) {
        let n = rng.random_range(6..=10);
        for _ in 0..n {
            let other = outside[rng.random_range(0..outside.len())];
            let key = (member.min(other), member.max(other));
            if !tied.insert(key) {
                continue;
            }
            let (kind, how_met) = match rng.random_range(0..4) {
                0 => (
                    TieKind::FormerColleague,
                    "worked together at a former employer",
                ),
                1 => (TieKind::Friend, "met at a user group, stayed friends"),
                2 => (TieKind::Client, "a client from a previous job"),
                _ => (TieKind::Acquaintance, "met at an industry conference"),
            };
            let since = g.today - Duration::days(rng.random_range(400..3000));
            plan.ties.push(PlannedTie {
                a: member,
                b: other,
                kind,
                since,
                how_met: how_met.to_string(),
                strength: None,
            });
            // A little history over the last year and a half, never after now.
            for _ in 0..rng.random_range(2..=6) {
                let day = g.today - Duration::days(rng.random_range(1..540));
                let hour = rng.random_range(9..18);
                let at = day
                    .and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN))
                    .and_utc();
                if at > g.now {
                    continue;
                }
                let (kind, note) = match rng.random_range(0..4) {
                    0 => (InteractionKind::Meeting, "Caught up over coffee"),
                    1 => (InteractionKind::Call, "Call about their plans for the year"),
                    2 => (InteractionKind::Meal, "Lunch"),
                    _ => (InteractionKind::Email, "Shared an article"),
                };
                plan.interactions.push(PlannedInteraction {
                    at,
                    kind,
                    participants: vec![member, other],
                    note: note.to_string(),
                    outcome: None,
                });
            }
        }
    }
}
