//! A synthetic sales network at scale (100,000 people and 1,000,000 relationships in well
//! under a minute), for benchmarks and load tests. Deterministic per `(seed, until)`.
//!
//! The shape follows what the path search meets in a real sales network:
//!
//! * **organizations** with heavy-tailed sizes (a few large enterprises, many small firms),
//!   each in a **community** (an industry in a region); people have titles, among them the
//!   decision-makers warm paths aim at ("VP Sales", "Head of Procurement", "Chief …");
//! * **heavy-tailed degrees**: relationships are drawn Chung–Lu style, each end picked in
//!   proportion to a Pareto-distributed "sociability" weight, so most people have a handful
//!   of ties and connectors have hundreds; most ties stay inside an organization (colleagues)
//!   or a community, the rest cross anywhere;
//! * **three years of interactions** (about 2.4 per relationship on average): a few
//!   relationships are active (recent meetings, calls, meals), some occasional, half dormant
//!   (one contact long ago), so strengths range from the floor to near 1;
//! * **the user** at the centre with a few hundred relationships (clients, partners,
//!   colleagues) and a **team** of four colleagues with their own.
//!
//! The plan is made in memory, then written in one transaction through the store's bulk
//! writer, with relationship summaries computed once and rings already derived (so opening
//! the database has nothing left to fix).

mod plan;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use sphere_domain::error::{CoreError, CoreResult};
use sphere_domain::{Id, validate};
use sphere_store::Store;
use sphere_store::bulk::{self, BulkWriter};

pub use plan::Plan;

/// The network to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthOptions {
    pub people: usize,
    pub ties: usize,
    pub seed: u64,
    /// Interactions reach up to this instant (strengths are meant to be valued then).
    pub until: DateTime<Utc>,
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SynthSummary {
    pub seed: u64,
    pub until: DateTime<Utc>,
    pub organizations: usize,
    pub people: usize,
    pub relationships: usize,
    pub interactions: usize,
    /// The user at the centre.
    pub me: Id,
    pub team: Vec<Id>,
}

/// Fewest people a synthetic network has (the user, the team, and someone to reach).
pub const MIN_PEOPLE: usize = 20;
/// Most people (ids and counters are 32-bit inside the generator).
pub const MAX_PEOPLE: usize = 10_000_000;

/// Checks the sizes: enough people, and relationships between a ring's worth per person and a
/// tenth of all possible pairs.
pub fn check(opts: &SynthOptions) -> CoreResult<()> {
    if !(MIN_PEOPLE..=MAX_PEOPLE).contains(&opts.people) {
        return Err(CoreError::invalid(
            "people",
            format!(
                "people must be between {MIN_PEOPLE} and {MAX_PEOPLE}, got {}",
                opts.people
            ),
        ));
    }
    let n = opts.people as u64;
    let max_ties = (n * (n - 1) / 20).min(u32::MAX as u64) as usize;
    let min_ties = plan::centre_ties(opts.people) + plan::TEAM * plan::team_ties(opts.people);
    if opts.ties < min_ties || opts.ties > max_ties {
        return Err(CoreError::invalid(
            "ties",
            format!(
                "for {} people, ties must be between {min_ties} and {max_ties} (a tenth of all pairs), got {}",
                opts.people, opts.ties
            ),
        ));
    }
    Ok(())
}

/// Generates the network and writes it into `store`, which must hold no person and no
/// organization. All or nothing.
pub fn generate(store: &mut Store, opts: &SynthOptions) -> CoreResult<SynthSummary> {
    check(opts)?;
    bulk::require_empty(store.db(), "the synthetic network")?;
    let plan = Plan::make(opts);
    let today = opts.until.date_naive();
    let (me, team) = store.fill_empty("the synthetic network", |tx| write(tx, &plan, today))?;
    Ok(SynthSummary {
        seed: opts.seed,
        until: opts.until,
        organizations: plan.orgs.len(),
        people: plan.people.len(),
        relationships: plan.ties.len(),
        interactions: plan.interactions.len(),
        me,
        team,
    })
}

/// Writes the plan; every record passes validation first, as any other would (`today`, the
/// plan's end, is the clock relationships are checked against).
fn write(
    conn: sphere_store::Db<'_>,
    plan: &Plan,
    today: chrono::NaiveDate,
) -> CoreResult<(Id, Vec<Id>)> {
    let mut w = BulkWriter::new(conn)?;
    let mut org_ids = Vec::with_capacity(plan.orgs.len());
    for o in &plan.orgs {
        org_ids.push(w.organization(&validate::organization(o)?)?);
    }
    let mut ids: Vec<Id> = Vec::with_capacity(plan.people.len());
    for p in &plan.people {
        let mut input = p.input.clone();
        input.organization_id = p.org.map(|o| org_ids[o as usize]);
        ids.push(w.person(&validate::person(&input)?, p.ring)?);
    }
    for t in &plan.ties {
        let (a, b) = (ids[t.a as usize], ids[t.b as usize]);
        let clean = validate::relationship_at(&t.input(a.min(b), a.max(b)), today)?;
        w.tie(&clean, &t.stats)?;
    }
    for i in &plan.interactions {
        let t = &plan.ties[i.tie as usize];
        let (a, b) = (ids[t.a as usize], ids[t.b as usize]);
        let initiator = match i.side {
            plan::Started::A => Some(a),
            plan::Started::B => Some(b),
            plan::Started::Nobody => None,
        };
        let at = DateTime::from_timestamp_micros(i.at).unwrap_or_default();
        w.interaction(&at, i.kind, initiator, &[a.min(b), a.max(b)])?;
    }
    let me = ids[0];
    let team = (1..=plan::TEAM).map(|i| ids[i]).collect();
    Ok((me, team))
}
