//! The give/ask ledger per person, and the referral sources worth asking (leverage).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{IdRequest, Sphere};
use sphere_domain::error::ApiError;
use sphere_domain::ledger::{self, Band, Direction, LedgerKind};
use sphere_domain::{Id, PersonRef};
use sphere_graph::PathTo;
use sphere_store::{self as store, asks as store_asks, ledger as store_ledger};

/// One ledger entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LedgerEntry {
    /// The id of an entry typed by hand (it can be deleted); `null` for one the interaction
    /// log implies (an introduction request, an introduction you made).
    #[ts(type = "number | null")]
    pub id: Option<Id>,
    pub at: DateTime<Utc>,
    pub direction: Direction,
    pub kind: LedgerKind,
    /// Effort weight as entered.
    pub weight: f64,
    /// What it weighs in the balance today (after decay), signed.
    pub weight_now: f64,
    pub note: String,
    #[ts(type = "number | null")]
    pub interaction_id: Option<Id>,
    /// The referral request that wrote it.
    #[ts(type = "number | null")]
    pub request_id: Option<Id>,
}

/// One person's ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Ledger {
    pub person: PersonRef,
    pub balance: f64,
    pub band: Band,
    /// "you have asked a lot lately".
    pub band_label: String,
    /// "you asked them 3 times this year and gave nothing".
    pub year: Option<String>,
    pub half_life_days: f64,
    /// Newest first.
    pub entries: Vec<LedgerEntry>,
}

/// A deposit or withdrawal typed by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LedgerInput {
    #[ts(type = "number")]
    pub person_id: Id,
    pub direction: Direction,
    pub kind: LedgerKind,
    /// Effort, 0.1 to 10 (default by kind: a referral 3, an introduction 2, others 1).
    #[ts(optional)]
    #[serde(default)]
    pub weight: Option<f64>,
    #[ts(optional)]
    #[serde(default)]
    pub note: Option<String>,
    /// When (default: now).
    #[ts(optional)]
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
}

/// One target of a sources query.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct SourceTarget {
    #[ts(optional, type = "number")]
    pub person: Option<Id>,
    #[ts(optional, type = "number")]
    pub organization: Option<Id>,
    /// Title phrases with an organization ("VP, Head of").
    #[ts(optional)]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct SourcesQuery {
    pub targets: Vec<SourceTarget>,
    /// Paths of at most this many hops from you (default 3, at most 4).
    #[ts(optional)]
    pub max_hops: Option<u32>,
    /// How many sources (default 20, at most 200).
    #[ts(optional)]
    pub limit: Option<u32>,
}

/// A target one source reaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Reached {
    /// Which target of the query (its index).
    pub target: u32,
    pub label: String,
    /// The person at the end of their best path.
    pub person: PersonRef,
    /// Their best path's strength, from them.
    pub strength: f64,
}

/// One contact ranked by leverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Source {
    pub person: PersonRef,
    /// Your tie's strength.
    pub tie_strength: f64,
    pub balance: f64,
    pub band: Band,
    /// How the ledger counts: above 1 for a generous account, below 1 when overdrawn.
    pub ledger_factor: f64,
    /// How many of the targets they reach.
    pub reach: u32,
    pub reached: Vec<Reached>,
    /// reach × tie strength × ledger factor.
    pub leverage: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SourcesResult {
    /// The targets in words, in query order.
    pub targets: Vec<String>,
    /// Targets no contact reaches.
    pub unreached: Vec<String>,
    pub sources: Vec<Source>,
    pub max_hops: u32,
    pub valued_at: DateTime<Utc>,
}

/// The most targets one sources query takes.
pub const MAX_SOURCE_TARGETS: usize = 1_000;

/// How a balance weighs a source: up to 1.5 for a generous account (+0.1 per unit of
/// credit, up to 5), `1 / (1 + ASK_PENALTY · overdraft)` when overdrawn, as path ranking
/// does.
pub fn ledger_factor(balance: f64) -> f64 {
    if balance >= 0.0 {
        1.0 + 0.1 * balance.min(5.0)
    } else {
        1.0 / (1.0 + sphere_graph::ASK_PENALTY * -balance)
    }
}

impl Sphere {
    /// One person's ledger: balance, band, the year in words and every entry.
    pub fn ledger_get(&self, req: IdRequest) -> Result<Ledger, ApiError> {
        let mut core = self.store()?;
        core.revalue();
        let db = core.db();
        let person = store::person_ref(db, req.id)?;
        let now = core.now();
        let half_life = store_ledger::half_life_days(db)?;
        let rows = store_ledger::ledger_of(db, req.id)?;
        let requests: HashMap<Id, Id> = store_asks::requests_by_interaction(db, req.id)?
            .into_iter()
            .collect();
        let entries_only: Vec<ledger::Entry> = rows.iter().map(|r| r.entry()).collect();
        let balance = ledger::balance(&entries_only, now, half_life);
        let entries = rows
            .into_iter()
            .map(|r| {
                let e = r.entry();
                LedgerEntry {
                    id: r.id,
                    at: r.at,
                    direction: r.direction,
                    kind: r.kind,
                    weight: r.weight,
                    weight_now: ledger::balance(&[e], now, half_life),
                    note: r.note,
                    request_id: r.interaction_id.and_then(|i| requests.get(&i).copied()),
                    interaction_id: r.interaction_id,
                }
            })
            .collect();
        let band = Band::of(balance);
        Ok(Ledger {
            person,
            balance,
            band,
            band_label: band.label().to_string(),
            year: ledger::year_in_words(&entries_only, now),
            half_life_days: half_life,
            entries,
        })
    }

    /// Adds a deposit or withdrawal typed by hand; answers with the person's ledger.
    pub fn ledger_add(&self, input: LedgerInput) -> Result<Ledger, ApiError> {
        let weight = input.weight.unwrap_or(input.kind.default_weight());
        let (lo, hi) = ledger::WEIGHT_RANGE;
        if !weight.is_finite() || !(lo..=hi).contains(&weight) {
            return Err(ApiError::invalid(
                "weight",
                format!("the effort weight must be between {lo} and {hi}, got {weight}"),
            ));
        }
        if input.kind == LedgerKind::Ask && input.direction == Direction::Deposit {
            return Err(ApiError::invalid(
                "kind",
                "an ask is a withdrawal, not a deposit",
            ));
        }
        let note = input.note.as_deref().unwrap_or("").trim().to_string();
        if note.chars().count() > 500 {
            return Err(ApiError::invalid(
                "note",
                "the note is too long: at most 500 characters",
            ));
        }
        sphere_domain::validate::visible("note", &note, false)?;
        {
            let mut core = self.store()?;
            let now = core.now();
            let at = input.at.unwrap_or(now);
            sphere_domain::validate::time_in_range("at", at)?;
            let entry = store_ledger::NewEntry {
                person_id: input.person_id,
                at,
                direction: input.direction,
                kind: input.kind,
                weight,
                note: &note,
            };
            core.write(
                |tx| Ok(store_ledger::insert_entry(tx, &entry)?),
                |g, src, e| g.refresh_ledger(src, &[e.person_id]),
            )?;
        }
        self.ledger_get(IdRequest {
            id: input.person_id,
        })
    }

    /// Deletes an entry typed by hand; answers with the person's ledger.
    pub fn ledger_delete(&self, req: IdRequest) -> Result<Ledger, ApiError> {
        let person = {
            let mut core = self.store()?;
            core.write(
                |tx| Ok(store_ledger::delete_entry(tx, req.id)?),
                |g, src, e| g.refresh_ledger(src, &[e.person_id]),
            )?
            .person_id
        };
        self.ledger_get(IdRequest { id: person })
    }

    /// Your contacts ranked by leverage over a list of targets: how many they reach (their
    /// best paths), times your tie's strength, times their ledger factor.
    pub fn sources_rank(&self, q: SourcesQuery) -> Result<SourcesResult, ApiError> {
        if q.targets.is_empty() {
            return Err(ApiError::invalid(
                "targets",
                "name at least one target: a person, or an organization (with title phrases)",
            ));
        }
        if q.targets.len() > MAX_SOURCE_TARGETS {
            return Err(ApiError::invalid(
                "targets",
                format!(
                    "at most {MAX_SOURCE_TARGETS} targets at once, got {}",
                    q.targets.len()
                ),
            ));
        }
        let max_hops = match q.max_hops {
            None => 3,
            Some(h @ 2..=4) => h,
            Some(h) => {
                return Err(ApiError::invalid(
                    "max_hops",
                    format!("max_hops must be between 2 and 4, got {h}"),
                ));
            }
        };
        let limit = match q.limit {
            None => 20,
            Some(l @ 1..=200) => l,
            Some(l) => {
                return Err(ApiError::invalid(
                    "limit",
                    format!("limit must be between 1 and 200, got {l}"),
                ));
            }
        };
        let mut core = self.store()?;
        core.revalue();
        let db = core.db();
        let me = core.graph.centre().ok_or_else(|| {
            ApiError::invalid(
                "targets",
                "Sphere does not know who you are yet: set one person's ring to Centre (you)",
            )
        })?;
        let mut labels = Vec::with_capacity(q.targets.len());
        let mut groups = Vec::with_capacity(q.targets.len());
        for (i, t) in q.targets.iter().enumerate() {
            let field = format!("targets[{i}]");
            let phrases = crate::warm::title_phrases(t.title.as_deref());
            let (to, label) = match (t.person, t.organization) {
                (Some(p), None) if phrases.is_empty() => {
                    let person = store::get_person(db, p)
                        .map_err(|_| ApiError::invalid(&field, format!("no person with id {p}")))?;
                    (PathTo::Person(p), person.display_name)
                }
                (None, Some(o)) => {
                    let org = store::get_organization(db, o).map_err(|_| {
                        ApiError::invalid(&field, format!("no organization with id {o}"))
                    })?;
                    let label = if phrases.is_empty() {
                        org.name.clone()
                    } else {
                        format!("{} at {}", phrases.join(" or "), org.name)
                    };
                    (
                        PathTo::Organization {
                            id: o,
                            title_words: phrases,
                        },
                        label,
                    )
                }
                (Some(_), None) => {
                    return Err(ApiError::invalid(
                        &field,
                        "a title filter needs an organization, not a person",
                    ));
                }
                _ => {
                    return Err(ApiError::invalid(
                        &field,
                        "each target is a person or an organization, not both or neither",
                    ));
                }
            };
            groups.push(core.graph.targets(&to));
            labels.push(label);
        }
        let reach = core.graph.sources(me, &groups, max_hops as usize);
        let mut reached_any = vec![false; groups.len()];
        let mut scored: Vec<(f64, f64, sphere_graph::SourceReach)> = reach
            .into_iter()
            .filter(|r| !r.reached.is_empty())
            .map(|r| {
                for (g, _, _) in &r.reached {
                    reached_any[*g] = true;
                }
                let factor = ledger_factor(core.graph.ledger_balance(r.contact));
                let leverage = r.reached.len() as f64 * r.tie_strength * factor;
                let sum: f64 = r.reached.iter().map(|x| x.2).sum();
                (leverage, sum, r)
            })
            .collect();
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(b.1.total_cmp(&a.1))
                .then(a.2.contact.cmp(&b.2.contact))
        });
        let mut sources = Vec::new();
        for (leverage, _, r) in scored.into_iter().take(limit as usize) {
            let balance = core.graph.ledger_balance(r.contact);
            let reached = r
                .reached
                .iter()
                .map(|(g, person, strength)| {
                    Ok(Reached {
                        target: *g as u32,
                        label: labels[*g].clone(),
                        person: store::person_ref(db, *person)?,
                        strength: *strength,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            sources.push(Source {
                person: store::person_ref(db, r.contact)?,
                tie_strength: r.tie_strength,
                balance,
                band: Band::of(balance),
                ledger_factor: ledger_factor(balance),
                reach: r.reached.len() as u32,
                reached,
                leverage,
            });
        }
        Ok(SourcesResult {
            unreached: labels
                .iter()
                .zip(&reached_any)
                .filter(|(_, r)| !**r)
                .map(|(l, _)| l.clone())
                .collect(),
            targets: labels,
            sources,
            max_hops,
            valued_at: core.graph.valued_at(),
        })
    }
}
