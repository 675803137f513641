//! The second pass over the ties: introductions (given and received), making sure everyone
//! beyond is reachable, a few manual strengths, and notes and tags that depend on the ties.

use std::collections::VecDeque;

use chrono::{Duration, NaiveDate};

use super::TieGen;
use crate::demo::{Intro, ME, Role};
use sphere_domain::{Ring, TieKind};

impl TieGen<'_> {
    /// Contacts who introduced the user to someone new: that person's tie to the user dates
    /// from the introduction.
    pub(super) fn received_intros(&mut self) {
        let wanted = self.g.count(8, 12);
        let mut candidates: Vec<usize> = (1..self.plan.people.len())
            .filter(|&p| {
                self.ring(p) == Ring::Outer
                    && matches!(
                        self.plan.role_of(p),
                        Some(Role::Prospect | Role::Customer | Role::Partner | Role::Other)
                    )
            })
            .collect();
        rand::seq::SliceRandom::shuffle(candidates.as_mut_slice(), &mut self.g.rng);
        let mut made = 0;
        for p in candidates {
            if made >= wanted {
                break;
            }
            let date = self.g.days_ago(40, 680);
            let early_enough =
                |s: Option<NaiveDate>| s.is_some_and(|s| s <= date - Duration::days(60));
            let known: Vec<usize> = self.adj[p]
                .iter()
                .copied()
                .filter(|&c| {
                    c != ME
                        && early_enough(self.user_since(c))
                        && self.tie_since(c, p).is_some_and(|s| s < date)
                })
                .collect();
            let by = if known.is_empty() {
                let mut w = self.weight.clone();
                for (c, wc) in w.iter_mut().enumerate() {
                    if c == p || self.ring(c) == Ring::Beyond || !early_enough(self.user_since(c)) {
                        *wc = 0.0;
                    }
                }
                let c = self.g.weighted(&w);
                if w[c] <= 0.0 {
                    continue;
                }
                let since = date - Duration::days(self.g.int(100, 3000));
                let name = self.plan.org_name(c);
                let how = if name.is_empty() {
                    "college friends".to_string()
                } else {
                    format!("former colleagues at {name}")
                };
                let kind = if name.is_empty() {
                    TieKind::Friend
                } else {
                    TieKind::FormerColleague
                };
                if !self.add(c, p, kind, since, how) {
                    continue;
                }
                c
            } else {
                self.g.pick(&known)
            };
            let how = format!("introduced by {}", self.plan.name(by));
            if let Some(t) = self.user_tie[p].and_then(|t| self.plan.ties.get_mut(t)) {
                t.since = date;
                t.how_met = how;
            }
            self.plan.intros.push(Intro {
                by,
                a: ME,
                b: p,
                date,
            });
            made += 1;
        }
    }

    /// Introductions the user made between two of their contacts.
    pub(super) fn given_intros(&mut self) {
        let wanted = self.g.count(14, 22);
        let me = self.plan.name(ME);
        let mut weight = self.weight.clone();
        for (p, w) in weight.iter_mut().enumerate() {
            if self.ring(p) == Ring::Beyond {
                *w = 0.0;
            }
        }
        let (mut made, mut attempts) = (0, 0);
        while made < wanted && attempts < 2000 {
            attempts += 1;
            let a = self.g.weighted(&weight);
            let b = self.g.weighted(&weight);
            if a == b || self.same_org(a, b) || self.pairs.contains_key(&(a.min(b), a.max(b))) {
                continue;
            }
            let date = self.g.days_ago(20, 700);
            let ok = |s: Option<NaiveDate>| s.is_some_and(|s| s <= date - Duration::days(30));
            if !ok(self.user_since(a)) || !ok(self.user_since(b)) {
                continue;
            }
            let (ra, rb) = (self.plan.role_of(a), self.plan.role_of(b));
            let kind = if ra == Some(Role::Partner) || rb == Some(Role::Partner) {
                TieKind::Partner
            } else if self.g.chance(0.3) {
                TieKind::Client
            } else {
                TieKind::Acquaintance
            };
            if self.add(a, b, kind, date, format!("introduced by {me}")) {
                self.plan.intros.push(Intro { by: ME, a, b, date });
                made += 1;
            }
        }
    }

    /// People reachable from the user through ties.
    fn reachable(&self) -> Vec<bool> {
        let mut seen = vec![false; self.plan.people.len()];
        let mut queue = VecDeque::from([ME]);
        seen[ME] = true;
        while let Some(p) = queue.pop_front() {
            for &q in &self.adj[p] {
                if !seen[q] {
                    seen[q] = true;
                    queue.push_back(q);
                }
            }
        }
        seen
    }

    /// Ties anyone beyond who is not yet reachable to someone the user knows.
    pub(super) fn connect_beyond(&mut self) {
        let mut weight = self.weight.clone();
        for (p, w) in weight.iter_mut().enumerate() {
            if self.ring(p) == Ring::Beyond {
                *w = 0.0;
            }
        }
        for p in 1..self.plan.people.len() {
            if self.ring(p) != Ring::Beyond || self.reachable()[p] {
                continue;
            }
            for _ in 0..50 {
                let q = self.g.weighted(&weight);
                if self.same_org(p, q) || q == ME {
                    continue;
                }
                let (kind, since, how) = self.cross_kind(p, q);
                if self.add(p, q, kind, since, how) {
                    break;
                }
            }
        }
    }

    /// A few manual strengths, for what the interaction log cannot know.
    pub(super) fn overrides(&mut self) {
        let rules: [(bool, TieKind, f64, &str, Option<&str>); 8] = [
            (
                true,
                TieKind::Friend,
                0.9,
                "college roommates; still talk every few weeks",
                Some("college roommates"),
            ),
            (
                true,
                TieKind::Mentor,
                0.8,
                "mentor since my first sales job; always takes my call",
                None,
            ),
            (
                true,
                TieKind::FormerColleague,
                0.75,
                "shared an office for four years",
                None,
            ),
            (
                true,
                TieKind::Acquaintance,
                0.15,
                "met once at a trade show; they may not remember me",
                None,
            ),
            (
                true,
                TieKind::Client,
                0.9,
                "executive sponsor; calls me before every vendor decision",
                None,
            ),
            (
                true,
                TieKind::Colleague,
                0.3,
                "different teams; we rarely overlap",
                None,
            ),
            (
                false,
                TieKind::Friend,
                0.9,
                "college roommates",
                Some("college roommates"),
            ),
            (
                false,
                TieKind::Colleague,
                0.2,
                "different departments; barely overlap",
                None,
            ),
        ];
        for (with_me, kind, strength, reason, how) in rules {
            let matching: Vec<usize> = (0..self.plan.ties.len())
                .filter(|&i| {
                    let t = &self.plan.ties[i];
                    let other = if t.a == ME { t.b } else { t.a };
                    // The executive sponsor is a decision-maker among active customers.
                    let fits = kind != TieKind::Client
                        || !with_me
                        || (self.ring(other) == Ring::Inner
                            && self.plan.people[other]
                                .tags
                                .iter()
                                .any(|t| t == "decision-maker"));
                    fits && t.kind == kind
                        && t.strength.is_none()
                        && ((t.a == ME || t.b == ME) == with_me)
                })
                .collect();
            if matching.is_empty() {
                continue;
            }
            let i = self.g.pick(&matching);
            let t = &mut self.plan.ties[i];
            t.strength = Some((strength, reason.to_string()));
            if let Some(how) = how {
                t.how_met = how.to_string();
            }
        }
    }

    /// Notes on people beyond (who they are known through) and `connector` tags on the best
    /// connected contacts.
    pub(super) fn finishing_touches(&mut self) {
        for p in 1..self.plan.people.len() {
            if self.ring(p) != Ring::Beyond
                || !self.plan.people[p].notes.is_empty()
                || !self.g.chance(0.5)
            {
                continue;
            }
            let via = self.adj[p]
                .iter()
                .copied()
                .find(|&q| self.ring(q) != Ring::Beyond);
            if let Some(q) = via {
                let name = self.plan.name(q);
                self.plan.people[p].notes = format!("Known through {name}; no direct contact yet.");
            }
        }
        let mut by_degree: Vec<usize> = (1..self.plan.people.len())
            .filter(|&p| self.ring(p) != Ring::Beyond)
            .collect();
        by_degree.sort_by_key(|&p| (std::cmp::Reverse(self.adj[p].len()), p));
        for &p in by_degree.iter().take(6) {
            self.plan.people[p].tags.push("connector".into());
        }
    }
}
