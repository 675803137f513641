//! The synthetic network in memory: organizations, people, relationships and interactions,
//! drawn from one seeded random stream.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::SynthOptions;
use crate::demo::names;
use sphere_domain::strength::{DEFAULT_HALF_LIFE_DAYS, Side, TieStats};
use sphere_domain::{Id, InteractionKind, Ring, TieKind};
use sphere_domain::{OrganizationInput, PersonInput, RelationshipInput};
use sphere_graph::ACTIVE_CLIENT_DAYS;

/// Team members besides the user.
pub const TEAM: usize = 4;
/// How far back the interaction log reaches.
const HISTORY_DAYS: i64 = 3 * 365;
/// People per organization on average, and per community.
const PEOPLE_PER_ORG: usize = 20;
const PEOPLE_PER_COMMUNITY: usize = 500;
/// Share of people without an organization (consultants, advisors).
const INDEPENDENT_SHARE: f64 = 0.05;
/// Where the other end of a relationship is drawn: the same organization, else the same
/// community, else anywhere.
const SAME_ORG: f64 = 0.45;
const SAME_COMMUNITY: f64 = 0.80;
/// Pareto shapes: organization sizes and sociability (degree exponent about 1 + shape).
const ORG_SHAPE: f64 = 1.2;
const SOCIAL_SHAPE: f64 = 1.6;
/// Largest sociability weight relative to the smallest (bounds the largest degree).
const SOCIAL_CAP: f64 = 400.0;

/// The user's relationships: a few hundred, fewer in a tiny network.
pub fn centre_ties(people: usize) -> usize {
    (people / 4).clamp(5, 400)
}

/// Each team member's relationships.
pub fn team_ties(people: usize) -> usize {
    (people / 10).clamp(2, 150)
}

/// Who started an interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Started {
    A,
    B,
    Nobody,
}

pub struct PlannedPerson {
    /// Validated when written, like any other person.
    pub input: PersonInput,
    /// Index into `Plan::orgs`.
    pub org: Option<u32>,
    /// The ring the data gives them (pinned only for the user).
    pub ring: Ring,
}

pub struct PlannedTie {
    /// Indices into `Plan::people`, `a < b`.
    pub a: u32,
    pub b: u32,
    pub kind: TieKind,
    pub since: Option<NaiveDate>,
    pub stats: TieStats,
}

impl PlannedTie {
    /// The relationship between the stored people `a < b`, to validate and write.
    pub fn input(&self, a: Id, b: Id) -> RelationshipInput {
        RelationshipInput {
            person_a: a,
            person_b: b,
            kind: self.kind,
            since: self.since,
            how_met: None,
            strength_override: None,
            override_reason: None,
        }
    }
}

pub struct PlannedInteraction {
    /// Microseconds since the epoch.
    pub at: i64,
    /// Index into `Plan::ties`.
    pub tie: u32,
    pub kind: InteractionKind,
    pub side: Started,
}

pub struct Plan {
    pub orgs: Vec<OrganizationInput>,
    pub people: Vec<PlannedPerson>,
    pub ties: Vec<PlannedTie>,
    /// In time order.
    pub interactions: Vec<PlannedInteraction>,
}

const FUNCTIONS: &[&str] = &[
    "Sales",
    "Marketing",
    "Engineering",
    "Procurement",
    "Finance",
    "Operations",
    "Product",
    "People",
    "Customer Success",
    "IT",
    "Revenue Operations",
    "Supply Chain",
];
const CHIEFS: &[&str] = &[
    "Chief Executive Officer",
    "Chief Financial Officer",
    "Chief Technology Officer",
    "Chief Revenue Officer",
    "Chief Operating Officer",
];
const QUALIFIERS: &[&str] = &[
    "Group",
    "International",
    "Holdings",
    "North America",
    "Europe",
    "Pacific",
    "West",
    "East",
];
const SIZES: &[(usize, &str)] = &[
    (10, "1-10"),
    (50, "11-50"),
    (200, "51-200"),
    (1000, "201-1000"),
    (usize::MAX, "1000+"),
];

fn pick<'a, T: ?Sized>(rng: &mut ChaCha8Rng, list: &'a [&'a T]) -> &'a T {
    list[rng.random_range(0..list.len())]
}

/// A Pareto(1, shape) draw.
fn pareto(rng: &mut ChaCha8Rng, shape: f64) -> f64 {
    let u: f64 = rng.random();
    (1.0 - u).max(1e-12).powf(-1.0 / shape)
}

/// Draws indices in proportion to weights (cumulative sums, binary search).
struct Weighted {
    cumulative: Vec<f64>,
    items: Vec<u32>,
}

impl Weighted {
    fn new(items: Vec<u32>, weight: impl Fn(u32) -> f64) -> Self {
        let mut total = 0.0;
        let cumulative = items
            .iter()
            .map(|&i| {
                total += weight(i);
                total
            })
            .collect();
        Self { cumulative, items }
    }

    fn draw(&self, rng: &mut ChaCha8Rng) -> Option<u32> {
        let total = *self.cumulative.last()?;
        let x = rng.random::<f64>() * total;
        let i = self.cumulative.partition_point(|&c| c <= x);
        self.items.get(i.min(self.items.len() - 1)).copied()
    }
}

fn title(rng: &mut ChaCha8Rng) -> String {
    let r: f64 = rng.random();
    if r < 0.02 {
        pick(rng, CHIEFS).to_string()
    } else if r < 0.07 {
        format!("VP {}", pick(rng, FUNCTIONS))
    } else if r < 0.12 {
        format!("Head of {}", pick(rng, FUNCTIONS))
    } else if r < 0.20 {
        format!("Director of {}", pick(rng, FUNCTIONS))
    } else if r < 0.30 {
        format!("{} Manager", pick(rng, FUNCTIONS))
    } else {
        pick(rng, names::STAFF_TITLES).to_string()
    }
}

fn person(first: &str, last: &str, title: String, ring: Option<Ring>, team: bool) -> PersonInput {
    PersonInput {
        first_name: first.to_string(),
        last_name: Some(last.to_string()),
        title: Some(title),
        ring,
        is_team: Some(team),
        ..Default::default()
    }
}

/// How a relationship is kept up.
#[derive(Clone, Copy)]
enum Rhythm {
    /// Frequent, recent contact.
    Active,
    /// A few contacts spread over the years.
    Occasional,
    /// One contact, long ago.
    Dormant,
}

impl Plan {
    pub fn make(opts: &SynthOptions) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
        let n = opts.people;
        let until = opts.until;

        // Organizations, each in a community; the first is the user's company.
        let n_orgs = (n / PEOPLE_PER_ORG).max(2);
        let n_communities = (n / PEOPLE_PER_COMMUNITY).max(1);
        let mut taken: HashSet<String> = HashSet::with_capacity(n_orgs);
        let mut orgs = Vec::with_capacity(n_orgs);
        let mut org_community = Vec::with_capacity(n_orgs);
        let mut org_weight = Vec::with_capacity(n_orgs);
        for j in 0..n_orgs {
            let stem = pick(&mut rng, names::ORG_STEMS);
            let (industry, suffixes) =
                names::INDUSTRIES[rng.random_range(0..names::INDUSTRIES.len())];
            let (industry, suffix) = if j == 0 {
                ("Software", pick(&mut rng, names::OWN_SUFFIXES))
            } else {
                (industry, pick(&mut rng, suffixes))
            };
            let mut name = format!("{stem} {suffix}");
            let mut extra = 0;
            while !taken.insert(name.to_lowercase()) {
                name = match extra {
                    e if e < QUALIFIERS.len() => format!("{stem} {suffix} {}", QUALIFIERS[e]),
                    e => format!("{stem} {suffix} {}", e - QUALIFIERS.len() + 2),
                };
                extra += 1;
            }
            let domain = format!(
                "{}.{}",
                stem.to_lowercase().replace(' ', ""),
                pick(&mut rng, names::TLDS)
            );
            let location = names::LOCATIONS[rng.random_range(0..names::LOCATIONS.len())].0;
            orgs.push(OrganizationInput {
                name,
                domain: Some(domain),
                industry: Some(industry.to_string()),
                size: None,
                location: Some(location.to_string()),
            });
            org_community.push(rng.random_range(0..n_communities) as u32);
            org_weight.push(if j == 0 {
                3.0
            } else {
                pareto(&mut rng, ORG_SHAPE).min(2000.0)
            });
        }
        let org_pick = Weighted::new((0..n_orgs as u32).collect(), |j| org_weight[j as usize]);

        // People: the user and the team at the user's company, then everyone else.
        let mut people: Vec<PlannedPerson> = Vec::with_capacity(n);
        let mut person_org: Vec<Option<u32>> = Vec::with_capacity(n);
        let mut community: Vec<u32> = Vec::with_capacity(n);
        let mut social: Vec<f64> = Vec::with_capacity(n);
        // The user, then the team.
        let own_titles: [&str; TEAM + 1] = [
            "Senior Account Executive",
            "Account Executive",
            "Solutions Engineer",
            "Customer Success Manager",
            "Sales Director",
        ];
        for i in 0..n {
            let first = pick(&mut rng, names::FIRST_NAMES);
            let last = pick(&mut rng, names::LAST_NAMES);
            let (org, input) = if let Some(title) = own_titles.get(i) {
                let ring = (i == 0).then_some(Ring::Centre);
                (Some(0), person(first, last, title.to_string(), ring, i > 0))
            } else if rng.random::<f64>() < INDEPENDENT_SHARE {
                (
                    None,
                    person(
                        first,
                        last,
                        pick(&mut rng, names::INDEPENDENT_TITLES).to_string(),
                        None,
                        false,
                    ),
                )
            } else {
                let t = title(&mut rng);
                (org_pick.draw(&mut rng), person(first, last, t, None, false))
            };
            community.push(match org {
                Some(o) => org_community[o as usize],
                None => rng.random_range(0..n_communities) as u32,
            });
            person_org.push(org);
            social.push(pareto(&mut rng, SOCIAL_SHAPE).min(SOCIAL_CAP));
            people.push(PlannedPerson {
                input,
                org,
                ring: if i == 0 { Ring::Centre } else { Ring::Beyond },
            });
        }
        let mut org_size = vec![0usize; n_orgs];
        for o in person_org.iter().flatten() {
            org_size[*o as usize] += 1;
        }
        for (o, size) in orgs.iter_mut().zip(&org_size) {
            o.size = SIZES
                .iter()
                .find(|(max, _)| size <= max)
                .map(|s| s.1.to_string());
        }

        // Samplers: everyone, each organization, each community, by sociability.
        let everyone = Weighted::new((0..n as u32).collect(), |i| social[i as usize]);
        let mut org_members: Vec<Vec<u32>> = vec![Vec::new(); n_orgs];
        let mut community_members: Vec<Vec<u32>> = vec![Vec::new(); n_communities];
        for i in 0..n as u32 {
            if let Some(o) = person_org[i as usize] {
                org_members[o as usize].push(i);
            }
            community_members[community[i as usize] as usize].push(i);
        }
        let by_org: Vec<Weighted> = org_members
            .into_iter()
            .map(|m| Weighted::new(m, |i| social[i as usize]))
            .collect();
        let by_community: Vec<Weighted> = community_members
            .into_iter()
            .map(|m| Weighted::new(m, |i| social[i as usize]))
            .collect();

        // Relationships: the user's and the team's first, then Chung–Lu draws.
        let mut seen: HashSet<u64> = HashSet::with_capacity(opts.ties * 2);
        let mut pairs: Vec<(u32, u32, TieKind)> = Vec::with_capacity(opts.ties);
        let mut add = |a: u32, b: u32, kind: TieKind, pairs: &mut Vec<(u32, u32, TieKind)>| {
            let (a, b) = (a.min(b), a.max(b));
            if a != b && pairs.len() < opts.ties && seen.insert(u64::from(a) << 32 | u64::from(b)) {
                pairs.push((a, b, kind));
                true
            } else {
                false
            }
        };
        let territory: Vec<u32> = (0..4)
            .map(|_| rng.random_range(0..n_communities) as u32)
            .collect();
        for (who, count) in std::iter::once((0u32, centre_ties(n)))
            .chain((1..=TEAM as u32).map(|t| (t, team_ties(n))))
        {
            let mut made = 0;
            let mut tries = 0;
            while made < count && tries < count * 50 {
                tries += 1;
                let r: f64 = rng.random();
                let other = if r < 0.1 {
                    by_org[0].draw(&mut rng)
                } else if r < 0.75 {
                    by_community[territory[rng.random_range(0..territory.len())] as usize]
                        .draw(&mut rng)
                } else {
                    everyone.draw(&mut rng)
                };
                let Some(other) = other else { continue };
                let kind = if person_org[other as usize] == Some(0) {
                    TieKind::Colleague
                } else {
                    *pick_kind(
                        &mut rng,
                        &[
                            (TieKind::Client, 30),
                            (TieKind::Partner, 15),
                            (TieKind::Acquaintance, 25),
                            (TieKind::FormerColleague, 15),
                            (TieKind::Friend, 10),
                            (TieKind::Investor, 2),
                            (TieKind::Mentor, 3),
                        ],
                    )
                };
                if add(who, other, kind, &mut pairs) {
                    made += 1;
                }
            }
        }
        let mut tries = 0usize;
        while pairs.len() < opts.ties && tries < opts.ties * 50 {
            tries += 1;
            let Some(u) = everyone.draw(&mut rng) else {
                break;
            };
            let r: f64 = rng.random();
            let same_org = person_org[u as usize].filter(|_| r < SAME_ORG);
            let v = match same_org {
                Some(o) => by_org[o as usize].draw(&mut rng),
                None if r < SAME_COMMUNITY => {
                    by_community[community[u as usize] as usize].draw(&mut rng)
                }
                None => everyone.draw(&mut rng),
            };
            let Some(v) = v else { continue };
            let kind = if person_org[u as usize].is_some()
                && person_org[u as usize] == person_org[v as usize]
            {
                if rng.random::<f64>() < 0.9 {
                    TieKind::Colleague
                } else {
                    TieKind::Friend
                }
            } else {
                *pick_kind(
                    &mut rng,
                    &[
                        (TieKind::Acquaintance, 35),
                        (TieKind::Partner, 15),
                        (TieKind::Client, 15),
                        (TieKind::FormerColleague, 15),
                        (TieKind::Friend, 15),
                        (TieKind::Mentor, 3),
                        (TieKind::Investor, 2),
                    ],
                )
            };
            add(u, v, kind, &mut pairs);
        }

        // Interactions over three years, and each relationship's summary.
        let end = until.timestamp_micros();
        let day = Duration::days(1)
            .num_microseconds()
            .unwrap_or(86_400_000_000);
        let start = end - HISTORY_DAYS * day;
        let mut ties = Vec::with_capacity(pairs.len());
        let mut interactions: Vec<PlannedInteraction> = Vec::with_capacity(pairs.len() * 5 / 2);
        for (idx, &(a, b, kind)) in pairs.iter().enumerate() {
            let involves_user = a as usize <= TEAM;
            let r: f64 = rng.random();
            let rhythm = match (involves_user, r) {
                (true, r) if r < 0.4 => Rhythm::Active,
                (true, r) if r < 0.8 => Rhythm::Occasional,
                (false, r) if r < 0.12 => Rhythm::Active,
                (false, r) if r < 0.48 => Rhythm::Occasional,
                _ => Rhythm::Dormant,
            };
            let met = rng.random_range(start..end - day);
            let (count, from) = match rhythm {
                Rhythm::Active => (rng.random_range(3..=10), (end - 180 * day).max(met)),
                Rhythm::Occasional => (rng.random_range(1..=4), met),
                Rhythm::Dormant => (1, met),
            };
            // Who writes first, mostly: some relationships are one-sided.
            let lean: f64 = rng.random_range(0.2..0.8);
            let mut stats = TieStats::default();
            for _ in 0..count {
                let at = rng.random_range(from..end);
                let kind = *pick_interaction(&mut rng, kind);
                let side = match kind {
                    InteractionKind::Email
                    | InteractionKind::Message
                    | InteractionKind::Call
                    | InteractionKind::IntroRequest => {
                        if rng.random::<f64>() < lean {
                            Started::A
                        } else {
                            Started::B
                        }
                    }
                    _ => Started::Nobody,
                };
                let when = DateTime::from_timestamp_micros(at).unwrap_or(until);
                let s = match side {
                    Started::A => Side::A,
                    Started::B => Side::B,
                    Started::Nobody => Side::Shared,
                };
                stats.add(when, kind, s, DEFAULT_HALF_LIFE_DAYS);
                interactions.push(PlannedInteraction {
                    at,
                    tie: idx as u32,
                    kind,
                    side,
                });
            }
            let since = matches!(
                kind,
                TieKind::Colleague | TieKind::FormerColleague | TieKind::Friend | TieKind::Family
            )
            .then(|| rng.random::<f64>() < 0.5)
            .filter(|b| *b)
            .and_then(|_| {
                let years_before = rng.random_range(0..3650);
                DateTime::from_timestamp_micros(met - years_before * day).map(|t| t.date_naive())
            });
            ties.push(PlannedTie {
                a,
                b,
                kind,
                since,
                stats,
            });
        }
        interactions.sort_by_key(|i| (i.at, i.tie));

        // Rings as the graph derives them: the user's active clients inner, the rest of the
        // user's relationships and the team outer, everyone else beyond.
        let active_since = until - Duration::days(ACTIVE_CLIENT_DAYS);
        for p in people.iter_mut().take(TEAM + 1).skip(1) {
            p.ring = Ring::Outer;
        }
        for t in ties.iter().filter(|t| t.a == 0) {
            let active_client =
                t.kind == TieKind::Client && t.stats.last_at.is_some_and(|l| l >= active_since);
            people[t.b as usize].ring = if active_client {
                Ring::Inner
            } else {
                Ring::Outer
            };
        }

        Plan {
            orgs,
            people,
            ties,
            interactions,
        }
    }
}

fn pick_kind<'a>(rng: &mut ChaCha8Rng, table: &'a [(TieKind, u32)]) -> &'a TieKind {
    weighted(rng, table)
}

/// An interaction's kind, by the kind of relationship.
fn pick_interaction(rng: &mut ChaCha8Rng, tie: TieKind) -> &'static InteractionKind {
    use InteractionKind as K;
    const WORK: &[(K, u32)] = &[
        (K::Email, 30),
        (K::Message, 12),
        (K::Call, 15),
        (K::Meeting, 28),
        (K::Meal, 4),
        (K::Event, 8),
        (K::Intro, 2),
        (K::IntroRequest, 1),
    ];
    const SOCIAL: &[(K, u32)] = &[
        (K::Message, 35),
        (K::Email, 10),
        (K::Call, 20),
        (K::Meal, 20),
        (K::Event, 10),
        (K::Meeting, 5),
    ];
    let table = if matches!(tie, TieKind::Friend | TieKind::Family) {
        SOCIAL
    } else {
        WORK
    };
    weighted(rng, table)
}

fn weighted<'a, T>(rng: &mut ChaCha8Rng, table: &'a [(T, u32)]) -> &'a T {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total.max(1));
    for (item, w) in table {
        if x < *w {
            return item;
        }
        x -= w;
    }
    &table[table.len() - 1].0
}
