//! The demo network: a believable sphere of about 300 people in about 40 organizations with
//! two years of interactions, generated deterministically from a seed.
//!
//! Generation happens in memory first ([`Plan`]): organizations and people ([`people`]),
//! relationships ([`ties`]), then interactions ([`timeline`]). Only then is the plan written,
//! in one transaction, through the ordinary store functions. The same `(seed, now)` always
//! gives the same records (apart from their `created_at`/`updated_at`); everything time-based
//! is measured back from `now`.

pub(crate) mod accounts;
pub(crate) mod intros;
pub(crate) mod names;
mod people;
pub(crate) mod referrals;
mod team;
mod ties;
mod timeline;
pub(crate) mod today;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::DemoSummary;
use sphere_domain::error::{CoreError, CoreResult};
use sphere_domain::validate;
use sphere_domain::{Id, InteractionKind, Outcome, PersonQuery, Ring, TieKind};
use sphere_domain::{InteractionInput, OrganizationInput, PersonInput, RelationshipInput};
use sphere_store::{self as store, Store};

pub const DEFAULT_SEED: u64 = 2026;

/// How far back the interaction log reaches.
pub(crate) const HISTORY_DAYS: i64 = 730;

/// Fills an empty database with the demo network for `seed`, with interactions up to `now`.
/// Refuses (`Conflict`) when the database already holds any person or organization; writes
/// everything or nothing.
/// How many of the user's colleagues the demo marks as the team.
const TEAM_SIZE: usize = 3;

pub fn load(store: &mut Store, seed: u64, now: DateTime<Utc>) -> CoreResult<DemoSummary> {
    let plan = Plan::generate(seed, now);
    let me = store.write(|tx| {
        refuse_unless_empty(tx)?;
        let me = plan.write(tx, now.date_naive())?;
        // Rings are derived from the data, as for a real user's network.
        let mut graph = sphere_graph::SphereGraph::load(&crate::source::StoreSource(tx), now)?;
        store::stats::store_derived_rings(tx, &graph.derive_rings())?;
        Ok(me)
    })?;
    let me = store::person_ref(store.db(), me.id)?;
    Ok(DemoSummary {
        seed,
        counts: store.counts()?,
        me,
    })
}

/// Checked inside the write transaction, so nothing can slip in between check and write.
fn refuse_unless_empty(conn: store::Db<'_>) -> CoreResult<()> {
    let people = store::list_people(
        conn,
        &PersonQuery {
            limit: Some(1),
            ..Default::default()
        },
    )?
    .total;
    let organizations = store::list_organizations(conn, None)?.len();
    if people == 0 && organizations == 0 {
        return Ok(());
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    Err(CoreError::Conflict(format!(
        "the demo network fills an empty database; this one already has {} and {}",
        plural(people as usize, "person", "people"),
        plural(organizations, "organization", "organizations"),
    )))
}

/// An organization's place in the user's world; decides who works there and how the user
/// knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The user's own company.
    Own,
    /// Active customers: the inner ring works here.
    Customer,
    /// Prospects in a sales cycle.
    Prospect,
    /// Accounts the user wants to reach but knows nobody at directly.
    Target,
    /// Implementation and referral partners.
    Partner,
    /// Venture firms.
    Investor,
    /// Where the user used to work.
    FormerEmployer,
    Other,
}

pub(crate) struct PlannedOrg {
    /// Validated when written, like any other organization.
    pub org: OrganizationInput,
    pub role: Role,
    pub phone_prefix: &'static str,
    /// Indices into `Plan::people`.
    pub members: Vec<usize>,
}

pub(crate) struct PlannedPerson {
    pub first: String,
    pub last: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub title: String,
    pub org: Option<usize>,
    pub ring: Ring,
    pub tags: Vec<String>,
    pub notes: String,
}

impl PlannedPerson {
    pub fn name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

pub(crate) struct PlannedTie {
    pub a: usize,
    pub b: usize,
    pub kind: TieKind,
    pub since: NaiveDate,
    pub how_met: String,
    pub strength: Option<(f64, String)>,
}

/// An introduction: `by` introduced `a` to `b` on `date`.
pub(crate) struct Intro {
    pub by: usize,
    pub a: usize,
    pub b: usize,
    pub date: NaiveDate,
}

pub(crate) struct PlannedInteraction {
    pub at: DateTime<Utc>,
    pub kind: InteractionKind,
    pub participants: Vec<usize>,
    pub note: String,
    pub outcome: Option<Outcome>,
}

/// The whole network, in memory. Person 0 is the user at the centre.
pub(crate) struct Plan {
    pub orgs: Vec<PlannedOrg>,
    pub people: Vec<PlannedPerson>,
    pub ties: Vec<PlannedTie>,
    pub intros: Vec<Intro>,
    pub interactions: Vec<PlannedInteraction>,
}

/// The index of the user at the centre in `Plan::people`.
pub(crate) const ME: usize = 0;

impl Plan {
    fn generate(seed: u64, now: DateTime<Utc>) -> Self {
        let mut g = Gen::new(seed, now);
        let (orgs, people) = people::generate(&mut g);
        let mut plan = Plan {
            orgs,
            people,
            ties: Vec::new(),
            intros: Vec::new(),
            interactions: Vec::new(),
        };
        ties::generate(&mut g, &mut plan);
        timeline::generate(&mut g, &mut plan);
        team::generate(&g, seed, &mut plan);
        plan
    }

    pub fn org_of(&self, person: usize) -> Option<&PlannedOrg> {
        self.people
            .get(person)
            .and_then(|p| p.org)
            .and_then(|o| self.orgs.get(o))
    }

    /// The role of the person's organization; `None` for people without one.
    pub fn role_of(&self, person: usize) -> Option<Role> {
        self.org_of(person).map(|o| o.role)
    }

    pub fn org_name(&self, person: usize) -> String {
        self.org_of(person)
            .map_or_else(String::new, |o| o.org.name.clone())
    }

    pub fn name(&self, person: usize) -> String {
        self.people
            .get(person)
            .map(PlannedPerson::name)
            .unwrap_or_default()
    }

    /// Writes the plan; every record passes validation first, as any other would (`today` is
    /// the clock relationships are checked against: the demo's "now").
    fn write(&self, conn: store::Db<'_>, today: NaiveDate) -> CoreResult<sphere_domain::PersonRef> {
        let mut org_ids: Vec<Id> = Vec::with_capacity(self.orgs.len());
        for org in &self.orgs {
            org_ids.push(store::insert_organization(conn, &validate::organization(&org.org)?)?.id);
        }
        let mut ids: Vec<Id> = Vec::with_capacity(self.people.len());
        // The user's closest colleagues (up to three) are the team.
        let team = team::members(self);
        for (i, p) in self.people.iter().enumerate() {
            let is_team = team.contains(&i);
            let clean = validate::person(&PersonInput {
                first_name: p.first.clone(),
                last_name: Some(p.last.clone()),
                emails: Some(p.emails.clone()),
                phones: Some(p.phones.clone()),
                title: Some(p.title.clone()),
                organization_id: p.org.and_then(|o| org_ids.get(o).copied()),
                // Only the user's place is set by hand; every other ring is derived from the
                // relationships and interactions below, as it would be for a real user.
                ring: (p.ring == Ring::Centre).then_some(Ring::Centre),
                is_team: Some(is_team),
                tags: Some(p.tags.clone()),
                notes: Some(p.notes.clone()),
            })?;
            ids.push(store::insert_person(conn, &clean)?.id);
        }
        let id_of = |i: usize| {
            ids.get(i).copied().ok_or_else(|| {
                CoreError::NotFound(format!("demo plan refers to missing person #{i}"))
            })
        };
        for t in &self.ties {
            let (a, b) = (id_of(t.a)?, id_of(t.b)?);
            let clean = validate::relationship_at(
                &RelationshipInput {
                    person_a: a,
                    person_b: b,
                    kind: t.kind,
                    since: Some(t.since),
                    how_met: Some(t.how_met.clone()),
                    strength_override: t.strength.as_ref().map(|s| s.0),
                    override_reason: t.strength.as_ref().map(|s| s.1.clone()),
                },
                today,
            )?;
            store::insert_tie(conn, &clean)?;
        }
        for (n, i) in self.interactions.iter().enumerate() {
            let mut participants = i
                .participants
                .iter()
                .map(|&p| id_of(p))
                .collect::<CoreResult<Vec<Id>>>()?;
            participants.sort_unstable();
            participants.dedup();
            // Emails and messages between two people have a sender; alternate it so most
            // threads are two-way, with every seventh one-way (unanswered).
            let initiator_id = match (i.kind, participants.as_slice()) {
                (InteractionKind::Email | InteractionKind::Message, [a, b]) => {
                    Some(if n % 7 == 0 || n % 2 == 0 { *a } else { *b })
                }
                _ => None,
            };
            let clean = validate::interaction(&InteractionInput {
                occurred_at: i.at,
                kind: i.kind,
                participants,
                initiator_id,
                note: Some(i.note.clone()),
                outcome: i.outcome,
            })?;
            store::insert_interaction(conn, &clean)?;
        }
        Ok(store::person_ref(conn, id_of(ME)?)?)
    }
}

/// The seeded random source plus the reference time everything is measured back from.
pub(crate) struct Gen {
    pub rng: ChaCha8Rng,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
}

impl Gen {
    fn new(seed: u64, now: DateTime<Utc>) -> Self {
        Self {
            rng: ChaCha8Rng::seed_from_u64(seed),
            now,
            today: now.date_naive(),
        }
    }

    /// One item of a non-empty list.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.random_range(0..items.len())]
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    /// A whole number in `lo..=hi`.
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.random_range(lo..=hi.max(lo))
    }

    pub fn count(&mut self, lo: usize, hi: usize) -> usize {
        self.rng.random_range(lo..=hi.max(lo))
    }

    pub fn float(&mut self, lo: f64, hi: f64) -> f64 {
        self.rng.random_range(lo..hi)
    }

    /// A date between `lo` and `hi` days before today.
    pub fn days_ago(&mut self, lo: i64, hi: i64) -> NaiveDate {
        let d = self.int(lo, hi);
        self.today - Duration::days(d)
    }

    /// An index drawn with probability proportional to its weight.
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        if total <= 0.0 || weights.is_empty() {
            return 0;
        }
        let mut x = self.float(0.0, total);
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// A heavy-tailed weight, at least 1 (Pareto with shape `alpha`), capped at `cap`.
    pub fn pareto(&mut self, alpha: f64, cap: f64) -> f64 {
        let u = self.float(0.0, 1.0);
        (1.0 - u).powf(-1.0 / alpha).min(cap)
    }

    /// A recent year (one to three years back), for notes.
    pub fn recent_year(&mut self) -> i32 {
        use chrono::Datelike;
        self.today.year() - self.int(1, 3) as i32
    }
}

/// Fills `{org}` and `{year}` in a template.
pub(crate) fn fill(template: &str, org: &str, year: i32) -> String {
    template
        .replace("{org}", org)
        .replace("{year}", &year.to_string())
}

/// Lowercase ASCII letters and digits only, for emails and domains.
pub(crate) fn slug(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}
