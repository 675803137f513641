//! Relationships: the user to everyone in the inner and outer rings, colleagues inside each
//! organization, and a heavy-tailed web of cross links among contacts (a few connectors know
//! many people). Every person beyond is reachable from the user through someone.

mod refine;

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::names::{EVENTS, LOCATIONS};
use super::{Gen, ME, Plan, PlannedTie, Role};
use sphere_domain::{Ring, TieKind};

pub(super) fn generate(g: &mut Gen, plan: &mut Plan) {
    let n = plan.people.len();
    let weight: Vec<f64> = (0..n)
        .map(|i| {
            let w = g.pareto(1.3, 40.0);
            match plan.people[i].ring {
                Ring::Centre => 0.0,
                Ring::Beyond => w * 0.5,
                Ring::Inner | Ring::Outer => w,
            }
        })
        .collect();
    let joined_days = g.int(900, 1500);
    let former_since: Vec<NaiveDate> = (0..plan.orgs.len())
        .map(|_| g.days_ago(joined_days + 200, joined_days + 3000))
        .collect();
    let mut t = TieGen {
        g,
        plan,
        pairs: HashMap::new(),
        adj: vec![Vec::new(); n],
        user_tie: vec![None; n],
        weight,
        joined_days,
        former_since,
    };
    t.user_ties();
    t.colleague_ties();
    t.cross_ties();
    t.family_ties();
    t.received_intros();
    t.given_intros();
    t.connect_beyond();
    t.overrides();
    t.finishing_touches();
}

struct TieGen<'a> {
    g: &'a mut Gen,
    plan: &'a mut Plan,
    /// Tie index by (smaller, larger) person index.
    pairs: HashMap<(usize, usize), usize>,
    adj: Vec<Vec<usize>>,
    /// Index in `plan.ties` of each person's tie to the user.
    user_tie: Vec<Option<usize>>,
    /// Sociability: heavy-tailed, so a few connectors know many people.
    weight: Vec<f64>,
    /// How many days ago the user joined their company.
    joined_days: i64,
    /// Per organization: when the user started there, if it is a former employer.
    former_since: Vec<NaiveDate>,
}

impl TieGen<'_> {
    fn ring(&self, p: usize) -> Ring {
        self.plan.people[p].ring
    }

    fn same_org(&self, a: usize, b: usize) -> bool {
        let (oa, ob) = (self.plan.people[a].org, self.plan.people[b].org);
        oa.is_some() && oa == ob
    }

    /// Records a tie unless the pair is already related, is one person, or would tie the user
    /// to someone beyond (who by definition is known only through someone else).
    fn add(
        &mut self,
        a: usize,
        b: usize,
        kind: TieKind,
        since: NaiveDate,
        how_met: String,
    ) -> bool {
        let key = (a.min(b), a.max(b));
        let to_beyond =
            (a == ME && self.ring(b) == Ring::Beyond) || (b == ME && self.ring(a) == Ring::Beyond);
        if a == b || to_beyond || self.pairs.contains_key(&key) {
            return false;
        }
        self.pairs.insert(key, self.plan.ties.len());
        self.adj[a].push(b);
        self.adj[b].push(a);
        if a == ME {
            self.user_tie[b] = Some(self.plan.ties.len());
        } else if b == ME {
            self.user_tie[a] = Some(self.plan.ties.len());
        }
        self.plan.ties.push(PlannedTie {
            a,
            b,
            kind,
            since,
            how_met,
            strength: None,
        });
        true
    }

    fn met_at_event(&mut self, since: NaiveDate) -> String {
        format!("met at {} {}", self.g.pick(EVENTS), since.year())
    }

    fn tie_since(&self, a: usize, b: usize) -> Option<NaiveDate> {
        self.pairs
            .get(&(a.min(b), a.max(b)))
            .map(|&t| self.plan.ties[t].since)
    }

    fn user_since(&self, p: usize) -> Option<NaiveDate> {
        self.user_tie[p].map(|t| self.plan.ties[t].since)
    }

    fn user_ties(&mut self) {
        let joined = self.g.today - Duration::days(self.joined_days);
        let former: Vec<usize> = (0..self.plan.orgs.len())
            .filter(|&o| self.plan.orgs[o].role == Role::FormerEmployer)
            .collect();
        for p in 1..self.plan.people.len() {
            let ring = self.ring(p);
            if ring == Ring::Beyond {
                continue;
            }
            let org = self.plan.org_name(p);
            let g = &mut *self.g;
            let (kind, since, how_met) = match (self.plan.role_of(p), ring) {
                (Some(Role::Own), _) => {
                    let since = if g.chance(0.3) {
                        g.days_ago(60, self.joined_days)
                    } else {
                        joined
                    };
                    (TieKind::Colleague, since, format!("work together at {org}"))
                }
                (Some(Role::Customer), Ring::Inner) => {
                    let since = g.days_ago(120, 2200);
                    let how = match g.int(0, 3) {
                        0 => "cold outreach that turned into a pilot".to_string(),
                        1 => "inbound demo request after a webinar".to_string(),
                        2 => format!("inherited the {org} account when I joined"),
                        _ => self.met_at_event(since),
                    };
                    (TieKind::Client, since, how)
                }
                (Some(Role::Customer), _) => {
                    // Users and stakeholders at a customer, not the buyer: a client tie with
                    // recent contact is what makes someone an active customer (inner ring).
                    let since = g.days_ago(60, 1800);
                    let kind = TieKind::Acquaintance;
                    let how = match g.int(0, 2) {
                        0 => format!("met during the {org} rollout"),
                        1 => format!("joined the weekly project calls at {org}"),
                        _ => self.met_at_event(since),
                    };
                    (kind, since, how)
                }
                (Some(Role::Partner), _) => {
                    let since = g.days_ago(200, 2000);
                    let how = match g.int(0, 2) {
                        0 => format!("partner kickoff in {}", since.year()),
                        1 => format!("co-sold a deal together in {}", since.year()),
                        _ => format!("met through the {org} partner program"),
                    };
                    (TieKind::Partner, since, how)
                }
                (Some(Role::Investor), _) => {
                    let since = g.days_ago(300, 2500);
                    let (city, _) = g.pick(LOCATIONS);
                    let how = format!("met at a founder dinner in {city}");
                    (TieKind::Acquaintance, since, how)
                }
                (Some(Role::FormerEmployer), _) => {
                    let o = self.plan.people[p].org.unwrap_or(0);
                    let since = self.former_since.get(o).copied().unwrap_or(joined);
                    (
                        TieKind::FormerColleague,
                        since,
                        format!("former colleagues at {org}"),
                    )
                }
                (Some(Role::Prospect | Role::Target | Role::Other), _) => {
                    let since = g.days_ago(30, 1400);
                    let how = match g.int(0, 3) {
                        0 => format!("replied to a cold email in {}", since.year()),
                        1 => "connected after their webinar on forecasting".to_string(),
                        _ => self.met_at_event(since),
                    };
                    (TieKind::Acquaintance, since, how)
                }
                (None, _) => match g.int(0, 9) {
                    0..=3 => {
                        let how = g.pick(&["college friends", "met through a running club"]);
                        (TieKind::Friend, g.days_ago(3000, 8000), how.to_string())
                    }
                    4 | 5 if !former.is_empty() => {
                        let o = g.pick(&former);
                        let name = self.plan.orgs[o].org.name.clone();
                        let since = self.former_since[o];
                        (
                            TieKind::FormerColleague,
                            since,
                            format!("former colleagues at {name}"),
                        )
                    }
                    6 => (
                        TieKind::Mentor,
                        g.days_ago(2500, 5000),
                        "mentor from my first sales job".to_string(),
                    ),
                    _ => {
                        let since = g.days_ago(200, 3000);
                        let how = self.met_at_event(since);
                        (TieKind::Acquaintance, since, how)
                    }
                },
            };
            self.add(ME, p, kind, since, how_met);
        }
    }

    fn colleague_ties(&mut self) {
        for o in 0..self.plan.orgs.len() {
            let members: Vec<usize> = self.plan.orgs[o]
                .members
                .iter()
                .copied()
                .filter(|&m| m != ME)
                .collect();
            let name = self.plan.orgs[o].org.name.clone();
            let mut pairs = Vec::new();
            if members.len() <= 5 {
                for (i, &a) in members.iter().enumerate() {
                    for &b in members.iter().skip(i + 1) {
                        if self.g.chance(0.8) {
                            pairs.push((a, b));
                        }
                    }
                }
            } else {
                let hub = members[0];
                for &m in members.iter().skip(1) {
                    if self.g.chance(0.85) {
                        pairs.push((hub, m));
                    }
                }
                for &m in &members {
                    for _ in 0..self.g.count(1, 3) {
                        pairs.push((m, self.g.pick(&members)));
                    }
                }
            }
            for (a, b) in pairs {
                let since = self.g.days_ago(60, 3000);
                let how = if self.g.chance(0.5) {
                    format!("work together at {name}")
                } else {
                    format!("same team at {name}")
                };
                self.add(a, b, TieKind::Colleague, since, how);
            }
        }
    }

    /// A plausible kind, `since` and story for a tie between two people at different places.
    fn cross_kind(&mut self, a: usize, b: usize) -> (TieKind, NaiveDate, String) {
        let (ra, rb) = (self.plan.role_of(a), self.plan.role_of(b));
        let has = |r: Role| ra == Some(r) || rb == Some(r);
        if has(Role::Investor) && self.g.chance(0.5) {
            let (investor, other) = if ra == Some(Role::Investor) {
                (a, b)
            } else {
                (b, a)
            };
            let firm = self.plan.org_name(investor);
            let target = self.plan.org_name(other);
            let how = if target.is_empty() {
                format!("{firm} backed their previous company")
            } else {
                format!("{firm} invested in {target}")
            };
            return (TieKind::Investor, self.g.days_ago(300, 2500), how);
        }
        if has(Role::Partner) && has(Role::Customer) && self.g.chance(0.6) {
            let customer = if ra == Some(Role::Customer) { a } else { b };
            let how = format!(
                "implementation partner on the {} project",
                self.plan.org_name(customer)
            );
            return (TieKind::Partner, self.g.days_ago(100, 1500), how);
        }
        let g = &mut *self.g;
        match g.weighted(&[35.0, 20.0, 18.0, 12.0, 8.0, 7.0]) {
            0 => {
                let (oa, ob) = (self.plan.people[a].org, self.plan.people[b].org);
                let choices: Vec<usize> = (0..self.plan.orgs.len())
                    .filter(|&o| Some(o) != oa && Some(o) != ob)
                    .collect();
                let o = g.pick(&choices);
                let how = format!("former colleagues at {}", self.plan.orgs[o].org.name);
                (TieKind::FormerColleague, g.days_ago(700, 4500), how)
            }
            1 => {
                let (city, _) = g.pick(LOCATIONS);
                let how = match g.int(0, 3) {
                    0 => "college friends".to_string(),
                    1 => "same MBA cohort".to_string(),
                    2 => format!("neighbours in {city}"),
                    _ => "play in the same tennis league".to_string(),
                };
                (TieKind::Friend, g.days_ago(1000, 7000), how)
            }
            2 => {
                let since = g.days_ago(100, 2500);
                let how = if g.chance(0.5) {
                    format!(
                        "spoke on the same panel at {} {}",
                        g.pick(EVENTS),
                        since.year()
                    )
                } else {
                    self.met_at_event(since)
                };
                (TieKind::Acquaintance, since, how)
            }
            3 => {
                let since = g.days_ago(200, 2500);
                let how = format!("buyer and vendor on a {} project", since.year());
                (TieKind::Client, since, how)
            }
            4 => {
                let since = g.days_ago(200, 2500);
                let how = format!("joint go-to-market program in {}", since.year());
                (TieKind::Partner, since, how)
            }
            _ => {
                let how = if g.chance(0.5) {
                    "mentor from their first sales role"
                } else {
                    "paired in an industry mentoring program"
                };
                (TieKind::Mentor, g.days_ago(700, 5000), how.to_string())
            }
        }
    }

    fn cross_ties(&mut self) {
        let n = self.plan.people.len();
        let target = (n as f64 * self.g.float(0.9, 1.2)) as usize;
        let weight = self.weight.clone();
        let (mut made, mut attempts) = (0, 0);
        while made < target && attempts < target * 30 {
            attempts += 1;
            let a = self.g.weighted(&weight);
            let b = self.g.weighted(&weight);
            if a == b || a == ME || b == ME || self.same_org(a, b) {
                continue;
            }
            if self.pairs.contains_key(&(a.min(b), a.max(b))) {
                continue;
            }
            let (kind, since, how) = self.cross_kind(a, b);
            if self.add(a, b, kind, since, how) {
                made += 1;
            }
        }
    }

    fn family_ties(&mut self) {
        let n = self.plan.people.len();
        let (mut made, mut attempts) = (0, 0);
        while made < 2 && attempts < 1000 {
            attempts += 1;
            let (a, b) = (self.g.count(1, n - 1), self.g.count(1, n - 1));
            if self.same_org(a, b) {
                continue;
            }
            let how = self.g.pick(&["siblings", "cousins", "siblings-in-law"]);
            let since = self.g.days_ago(7000, 12000);
            if self.add(a, b, TieKind::Family, since, how.to_string()) {
                if let Some(t) = self.plan.ties.last_mut() {
                    t.strength = Some((0.85, "family".into()));
                }
                made += 1;
            }
        }
    }
}
