//! Warm paths, tie strengths, the sphere view and settings: the commands over the graph.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Core, Sphere};
use crate::intro::{self, Named, TieFacts};
use sphere_domain::error::ApiError;
use sphere_domain::strength;
use sphere_domain::{Id, InteractionKind, Person, PersonRef, SpherePerson, TieKind, TieView};
use sphere_graph::{PathSpec, PathTo};
use sphere_store::{self as store, stats};

/// Default and largest number of paths.
pub const DEFAULT_K: u32 = 5;
pub const MAX_K: u32 = 20;
/// Default and largest hop bound.
pub const DEFAULT_MAX_HOPS: u32 = 3;
pub const MAX_HOPS: u32 = 5;

/// A warm-path query. Paths start at the user unless `from_person` (a team member) or
/// `from_team` (the user and every team member) says otherwise; they end at `to_person`, or
/// at anyone at `to_organization` whose title matches one of the `title` phrases (by
/// seniority and function: "VP Sales" finds "Vice President, Sales"; or as typed). Into an
/// organization, the answer ranks distinct people: each one's best path, with the next
/// ones to them folded under it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct PathQuery {
    /// Start from this team member (or the user) instead of the user.
    #[ts(optional, type = "number")]
    pub from_person: Option<Id>,
    /// Start from the user and every team member.
    #[ts(optional)]
    pub from_team: Option<bool>,
    #[ts(optional, type = "number")]
    pub to_person: Option<Id>,
    #[ts(optional, type = "number")]
    pub to_organization: Option<Id>,
    /// Title phrases, separated by commas ("VP Sales, Head of"); any title when empty. Only
    /// with `to_organization`.
    #[ts(optional)]
    pub title: Option<String>,
    /// How many paths to a person, or people in an organization (default 5, at most 20).
    #[ts(optional)]
    pub k: Option<u32>,
    /// At most this many hops (default 3, at most 5).
    #[ts(optional)]
    pub max_hops: Option<u32>,
    /// No hop bound at all (for analysis; `max_hops` must then be absent).
    #[ts(optional)]
    pub any_length: Option<bool>,
    /// People never to ask ("never ask X"): no path goes through them.
    #[ts(optional, type = "Array<number>")]
    pub exclude: Option<Vec<Id>>,
    /// Only paths whose first relationship is the user's own: paths start at the user, and
    /// never go through a team member's relationships first.
    #[ts(optional)]
    pub first_hop_mine: Option<bool>,
    /// Count recent introduction requests against connectors (default on).
    #[ts(optional)]
    pub ask_penalty: Option<bool>,
}

/// One hop of a path, explained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Hop {
    pub from: PersonRef,
    pub to: PersonRef,
    #[ts(type = "number")]
    pub relationship_id: Id,
    pub kind: TieKind,
    pub since: Option<chrono::NaiveDate>,
    /// How they met, as the user wrote it, never passages hidden ("[children hidden]").
    pub how_met: String,
    pub strength: f64,
    /// "4 meetings, 2 calls; last contact 12 days ago; known since 2019".
    pub evidence: String,
    pub last_contact: Option<DateTime<Utc>>,
    /// Whether the strength was set by hand.
    pub overridden: bool,
    /// Introduction requests asked of `to` over the last 365 days (when `to` is a
    /// connector).
    pub recent_asks: u32,
    /// Why the path pays for asking `to` again, from the give/ask ledger ("you asked them 3
    /// times this year and gave nothing"); `null` when their account is not overdrawn or
    /// `to` is the end of the path.
    pub ledger_note: Option<String>,
    /// Why the tie is doubtful ("Ada said they don't know Bo well (3 Dec 2026)"); it then
    /// counts at half its strength in ranking.
    pub doubt: Option<String>,
}

/// The request to the first connector, ready to edit and copy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IntroDraft {
    /// Who writes and signs it: the user, or the team member whose relationship with the
    /// connector the path goes through.
    pub from: PersonRef,
    /// Who the draft is written to: the first connector outside the team.
    pub connector: PersonRef,
    /// The one specific person they are asked to introduce.
    pub ask_for: PersonRef,
    pub subject: String,
    pub body: String,
    /// The bracketed parts to fill before sending ("[the problem you solved for them]").
    pub blanks: Vec<String>,
}

/// One ranked path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WarmPath {
    /// 1 for the best. Into an organization, ranks count distinct people (an alternative
    /// carries its person's rank).
    pub rank: u32,
    /// From the start to the target.
    pub people: Vec<PersonRef>,
    pub hops: Vec<Hop>,
    /// Product of the tie strengths.
    pub tie_strength: f64,
    /// `tie_strength` after the penalty for recently asked connectors; paths rank by this.
    pub strength: f64,
    /// The cost the search minimised, as it summed it: `−ln` of each tie's strength plus
    /// each asked connector's penalty (`−ln(strength)` up to rounding).
    pub cost: f64,
    /// Absent when the start, or the team member the path goes through, knows the target
    /// directly (nothing to ask).
    pub draft: Option<IntroDraft>,
    /// Into an organization: the next-best paths to the same person (at most 2), best
    /// first, each with no alternatives of its own. Empty for a path to a person.
    pub alternatives: Vec<WarmPath>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PathResult {
    /// Who the paths start from.
    pub from: Vec<PersonRef>,
    /// What was asked for, in words: "Ada Lovelace" or "anyone at Acme with VP in the title".
    pub target_label: String,
    /// The people the paths could end at (at most 50 listed).
    pub targets: Vec<PersonRef>,
    pub target_count: u32,
    /// To a person: the k best paths. Into an organization: the best path to each of the k
    /// people best reached, with the next ones to the same person as `alternatives`.
    pub paths: Vec<WarmPath>,
    pub k: u32,
    /// `null` when unbounded.
    pub max_hops: Option<u32>,
    /// Strengths are valued at this instant.
    pub valued_at: DateTime<Utc>,
}

/// Everything the sphere view draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SphereView {
    pub people: Vec<SpherePerson>,
    pub ties: Vec<SphereTie>,
    #[ts(type = "number | null")]
    pub me: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SphereTie {
    #[ts(type = "number")]
    pub id: Id,
    #[ts(type = "number")]
    pub a: Id,
    #[ts(type = "number")]
    pub b: Id,
    pub strength: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Settings {
    /// Half-life of an interaction's weight in tie strength, in days.
    pub half_life_days: f64,
    /// How much one interaction of each kind builds a tie, before decay (the strength
    /// formula's weights; read-only, shown in the strength help).
    pub interaction_weights: Vec<InteractionWeight>,
    /// A maybe fact becomes usable once the relationship is at least this many years old…
    pub maybe_min_years: f64,
    /// …and at least this strong (0–1).
    pub maybe_min_strength: f64,
    /// Half-life of a give/ask ledger entry, in days (365 by default).
    pub ledger_half_life_days: f64,
    /// The user's own email addresses, for mail capture (the addresses of your own person
    /// count too, without being listed here).
    pub my_addresses: Vec<String>,
    /// Mail to more people than this (To and Cc) is a broadcast, not an exchange: ignored.
    pub max_recipients: u32,
    /// Whether mail subjects are kept (never passages hidden); off by default.
    pub keep_subjects: bool,
}

/// The weight of one interaction kind in tie strength.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InteractionWeight {
    pub kind: InteractionKind,
    pub weight: f64,
}

/// Settings to change; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct SettingsInput {
    /// 7 to 3650 days.
    #[ts(optional)]
    pub half_life_days: Option<f64>,
    /// 0 to 50 years.
    #[ts(optional)]
    pub maybe_min_years: Option<f64>,
    /// 0 to 1.
    #[ts(optional)]
    pub maybe_min_strength: Option<f64>,
    /// 30 to 3650 days.
    #[ts(optional)]
    pub ledger_half_life_days: Option<f64>,
    /// Replaces the list: each a valid email address (stored in lower case, each once).
    #[ts(optional)]
    pub my_addresses: Option<Vec<String>>,
    /// 1 to 500.
    #[ts(optional)]
    pub max_recipients: Option<u32>,
    #[ts(optional)]
    pub keep_subjects: Option<bool>,
}

/// The fewest and most recipients a user may choose for mail capture.
pub const MAX_RECIPIENTS_RANGE: (u32, u32) = store::capture::MAX_RECIPIENTS_RANGE;

/// Shortest and longest ledger half-life a user may choose.
pub const LEDGER_HALF_LIFE_RANGE: (f64, f64) = sphere_domain::ledger::HALF_LIFE_RANGE;

/// Shortest and longest half-life a user may choose.
pub const HALF_LIFE_RANGE: (f64, f64) = (7.0, 3650.0);

fn in_range(field: &str, value: Option<u32>, default: u32, max: u32) -> Result<u32, ApiError> {
    match value {
        None => Ok(default),
        Some(v) if (1..=max).contains(&v) => Ok(v),
        Some(v) => Err(ApiError::invalid(
            field,
            format!("{field} must be between 1 and {max}, got {v}"),
        )),
    }
}

/// Title phrases from "VP, Head of": trimmed, blanks dropped.
pub fn title_phrases(title: Option<&str>) -> Vec<String> {
    title
        .unwrap_or("")
        .split([',', ';'])
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

impl Core {
    fn named(&self, p: &Person) -> Result<(String, Option<String>), ApiError> {
        let org = p
            .organization_id
            .map(|o| store::get_organization(self.db(), o).map(|o| o.name))
            .transpose()?;
        Ok((p.first_name.clone(), org))
    }

    /// Fills `strength` and `evidence` of tie views from the graph, strongest first.
    fn enrich(&self, views: &mut [TieView]) -> Result<(), ApiError> {
        // Words like "3 days ago" are about the current time, even between revaluations.
        let now = self.now();
        let mut counts: HashMap<Id, HashMap<Id, strength::KindCounts>> = HashMap::new();
        for v in views.iter_mut() {
            let Some(ts) = self.graph.tie_strength(v.relationship.id) else {
                continue;
            };
            let this = v.this.id;
            let for_this = match counts.entry(this) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(stats::kind_counts_with(self.db(), this, now)?)
                }
            };
            let kinds = for_this.get(&v.other.id).cloned().unwrap_or_default();
            v.strength = ts.parts.value;
            // Counted as the graph values them: planned interactions are not contact yet.
            v.shared_interactions = ts.stats.count;
            v.last_contact = ts.stats.last_at;
            v.evidence = strength::evidence(
                &kinds,
                &ts.stats,
                v.relationship.since,
                &ts.parts,
                v.relationship.override_reason.as_deref(),
                now,
            );
            if let Some(words) = &v.doubt {
                v.evidence.push_str(&format!("; doubtful: {words}"));
            }
        }
        views.sort_by(|a, b| {
            b.strength
                .total_cmp(&a.strength)
                .then(b.last_contact.cmp(&a.last_contact))
                .then(a.relationship.id.cmp(&b.relationship.id))
        });
        Ok(())
    }

    fn hop(&self, from: Id, to: Id, tie: Id) -> Result<Hop, ApiError> {
        let rel = store::get_tie(self.db(), tie)?;
        let ts = self
            .graph
            .tie_strength(tie)
            .ok_or_else(|| ApiError::internal(format!("relationship {tie} is not in the graph")))?;
        let kinds = stats::kind_counts_between(self.db(), from, to, self.now())?;
        let doubt = store::doubt_of(self.db(), tie)?.map(|(_, words)| words);
        let mut evidence = strength::evidence(
            &kinds,
            &ts.stats,
            rel.since,
            &ts.parts,
            rel.override_reason.as_deref(),
            self.now(),
        );
        if let Some(d) = &doubt {
            evidence.push_str(&format!("; doubtful: {d}"));
        }
        let ledger_note = (self.graph.ask_penalty(to) > 0.0)
            .then(|| self.graph.ledger_words(to))
            .flatten();
        Ok(Hop {
            from: store::person_ref(self.db(), from)?,
            to: store::person_ref(self.db(), to)?,
            relationship_id: tie,
            kind: rel.kind,
            since: rel.since,
            // Path explanations never carry personal passages of a note.
            how_met: sphere_sensitivity::redact_never(&rel.how_met)?,
            strength: ts.parts.value,
            evidence,
            last_contact: ts.stats.last_at,
            overridden: ts.parts.overridden.is_some(),
            recent_asks: self.graph.recent_ask_count(to) as u32,
            ledger_note,
            doubt,
        })
    }

    /// The request a path asks for. The user and the team are "us": the draft is written by
    /// the last of them at the start of the path (the user, or the team member the path goes
    /// through or starts at), to the next person, the connector, for the one after.
    fn draft(&self, people: &[Id], hops: &[Hop]) -> Result<Option<IntroDraft>, ApiError> {
        let mut writer = 0;
        while let Some(&next) = people.get(writer + 1) {
            let next = store::get_person(self.db(), next)?;
            if !(next.is_team || next.ring == sphere_domain::Ring::Centre) {
                break;
            }
            writer += 1;
        }
        let (people, hops) = (&people[writer..], &hops[writer.min(hops.len())..]);
        let (Some(&me), Some(&connector), Some(&ask_for)) =
            (people.first(), people.get(1), people.get(2))
        else {
            return Ok(None);
        };
        let conn = self.db();
        let load = |id: Id| -> Result<(Person, Option<String>), ApiError> {
            let p = store::get_person(conn, id)?;
            let (_, org) = self.named(&p)?;
            Ok((p, org))
        };
        let (me_p, me_org) = load(me)?;
        let (c_p, c_org) = load(connector)?;
        let (a_p, a_org) = load(ask_for)?;
        let target = people.last().copied().filter(|t| *t != ask_for);
        let target_loaded = target.map(load).transpose()?;
        let named =
            |p: &'_ Person, org: &'_ Option<String>| -> (String, String, String, Option<String>) {
                (
                    p.first_name.clone(),
                    p.display_name.clone(),
                    p.title.clone(),
                    org.clone(),
                )
            };
        let owned = [
            named(&me_p, &me_org),
            named(&c_p, &c_org),
            named(&a_p, &a_org),
        ];
        let target_owned = target_loaded.as_ref().map(|(p, o)| named(p, o));
        fn as_named(o: &(String, String, String, Option<String>)) -> Named<'_> {
            Named {
                first_name: &o.0,
                display_name: &o.1,
                title: &o.2,
                organization: o.3.as_deref(),
            }
        }
        let facts = |h: &Hop| -> Result<TieFacts, ApiError> {
            Ok(TieFacts {
                kind: h.kind,
                since: h.since,
                first_contact: self
                    .graph
                    .tie_strength(h.relationship_id)
                    .and_then(|t| t.stats.first_at),
            })
        };
        let d = intro::draft(&intro::DraftInput {
            me: as_named(&owned[0]),
            connector: as_named(&owned[1]),
            ask_for: as_named(&owned[2]),
            target: target_owned.as_ref().map(as_named),
            me_connector: facts(&hops[0])?,
            connector_ask_for: facts(&hops[1])?,
            last_win: stats::last_win_between(conn, me, connector)?,
        });
        Ok(Some(IntroDraft {
            from: hops[0].from.clone(),
            connector: hops[0].to.clone(),
            ask_for: hops[1].to.clone(),
            subject: d.subject,
            body: d.body,
            blanks: d.blanks,
        }))
    }
}

impl Sphere {
    /// The k best warm paths to a person or into an organization, each hop explained, with a
    /// draft request to the first connector.
    pub fn path_find(&self, q: PathQuery) -> Result<PathResult, ApiError> {
        let k = in_range("k", q.k, DEFAULT_K, MAX_K)?;
        let first_hop_mine = q.first_hop_mine.unwrap_or(false);
        let exclude_ids = q.exclude.clone().unwrap_or_default();
        let max_hops = if q.any_length.unwrap_or(false) {
            if q.max_hops.is_some() {
                return Err(ApiError::invalid(
                    "max_hops",
                    "max_hops and any_length cannot both be set",
                ));
            }
            None
        } else {
            Some(in_range(
                "max_hops",
                q.max_hops,
                DEFAULT_MAX_HOPS,
                MAX_HOPS,
            )?)
        };
        let mut core = self.store()?;
        core.revalue();
        let conn = core.db();
        let centre = core.graph.centre();
        let team = core.graph.team();
        let from: Vec<Id> = match (q.from_person, q.from_team.unwrap_or(false), first_hop_mine) {
            (Some(_), true, _) => {
                return Err(ApiError::invalid(
                    "from_person",
                    "choose either a team member or the whole team, not both",
                ));
            }
            (Some(p), false, first_mine) => {
                let person = store::get_person(conn, p)?;
                if Some(p) != centre && !person.is_team {
                    return Err(ApiError::invalid(
                        "from_person",
                        format!(
                            "{} is not on your team; mark them as a team member first",
                            person.display_name
                        ),
                    ));
                }
                if first_mine && Some(p) != centre {
                    return Err(ApiError::invalid(
                        "first_hop_mine",
                        "\"my relationships first\" starts paths at you, not at a team member",
                    ));
                }
                vec![p]
            }
            (None, team_too, first_mine) => {
                let Some(me) = centre else {
                    return Err(ApiError::invalid(
                        "from_person",
                        "Sphere does not know who you are yet: set one person's ring to Centre (you)",
                    ));
                };
                let mut from = vec![me];
                if team_too && !first_mine {
                    from.extend(team.iter().copied());
                }
                from
            }
        };
        let phrases = title_phrases(q.title.as_deref());
        let (to, target_label) = match (q.to_person, q.to_organization) {
            (Some(p), None) => {
                if !phrases.is_empty() {
                    return Err(ApiError::invalid(
                        "title",
                        "a title filter needs an organization, not a person",
                    ));
                }
                let person = store::get_person(conn, p)?;
                (PathTo::Person(p), person.display_name)
            }
            (None, Some(o)) => {
                let org = store::get_organization(conn, o)?;
                let label = if phrases.is_empty() {
                    format!("anyone at {}", org.name)
                } else {
                    format!(
                        "anyone at {} with a title like {}",
                        org.name,
                        phrases
                            .iter()
                            .map(|p| format!("\u{201c}{p}\u{201d}"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    )
                };
                (
                    PathTo::Organization {
                        id: o,
                        title_words: phrases,
                    },
                    label,
                )
            }
            (Some(_), Some(_)) => {
                return Err(ApiError::invalid(
                    "to_person",
                    "choose a person or an organization to reach, not both",
                ));
            }
            (None, None) => {
                return Err(ApiError::invalid(
                    "to_person",
                    "choose whom to reach: a person or an organization",
                ));
            }
        };
        for id in &exclude_ids {
            store::get_person(conn, *id)?;
        }
        let mut exclude = exclude_ids;
        if first_hop_mine {
            // The first hop is the user's own relationship, not a colleague's.
            exclude.extend(team.iter().copied().filter(|t| Some(*t) != centre));
        }
        let answer = core.graph.find_paths(&PathSpec {
            from: from.clone(),
            to,
            k: k as usize,
            max_hops: max_hops.map(|h| h as usize),
            exclude,
            ask_penalty: q.ask_penalty.unwrap_or(true),
        });
        let mut paths = Vec::with_capacity(answer.paths.len());
        for (i, p) in answer.paths.iter().enumerate() {
            let mut path = core.warm_path(i as u32 + 1, p)?;
            for alt in &p.alternatives {
                path.alternatives.push(core.warm_path(path.rank, alt)?);
            }
            paths.push(path);
        }
        Ok(PathResult {
            from: from
                .iter()
                .map(|id| store::person_ref(conn, *id))
                .collect::<Result<_, _>>()?,
            target_label,
            targets: answer
                .targets
                .iter()
                .take(50)
                .map(|id| store::person_ref(conn, *id))
                .collect::<Result<_, _>>()?,
            target_count: answer.targets.len() as u32,
            paths,
            k,
            max_hops,
            valued_at: core.graph.valued_at(),
        })
    }

    /// One relationship with its strength and evidence.
    /// One relationship; the never passages of how they met hidden unless `reveal_never`
    /// (for either of the two).
    pub fn tie_get(&self, req: super::DetailRequest) -> Result<TieView, ApiError> {
        let mut core = self.store()?;
        core.revalue();
        let rel = store::get_tie(core.db(), req.id)?;
        let mut views: Vec<TieView> = store::list_ties(core.db(), Some(rel.person_a))?
            .into_iter()
            .filter(|v| v.relationship.id == req.id)
            .collect();
        core.enrich(&mut views)?;
        let mut view = views
            .pop()
            .ok_or_else(|| ApiError::not_found(format!("no relationship with id {}", req.id)))?;
        let reveal = if req.reveal_never.unwrap_or(false) {
            crate::reveal::Reveal::Person(view.relationship.person_a)
        } else {
            crate::reveal::Reveal::Nobody
        };
        reveal.tie(&mut view)?;
        Ok(view)
    }

    /// Everyone and every tie, for the sphere view.
    pub fn sphere_view(&self, _: super::Empty) -> Result<SphereView, ApiError> {
        let mut core = self.store()?;
        core.revalue();
        let snap = core.graph.snapshot(None);
        let keep: HashSet<Id> = snap.people.iter().copied().collect();
        let people: Vec<SpherePerson> = store::sphere_people(core.db())?
            .into_iter()
            .filter(|p| keep.contains(&p.id))
            .collect();
        Ok(SphereView {
            people,
            ties: snap
                .ties
                .iter()
                .map(|&(id, a, b, strength)| SphereTie { id, a, b, strength })
                .collect(),
            me: core.graph.centre(),
        })
    }

    pub fn settings_get(&self, _: super::Empty) -> Result<Settings, ApiError> {
        let core = self.store()?;
        let tenure = core.tenure()?;
        let capture = store::capture::settings(core.db())?;
        Ok(Settings {
            half_life_days: core.graph.half_life(),
            interaction_weights: InteractionKind::ALL
                .iter()
                .map(|&kind| InteractionWeight {
                    kind,
                    weight: strength::weight(kind),
                })
                .collect(),
            maybe_min_years: tenure.maybe_min_years,
            maybe_min_strength: tenure.maybe_min_strength,
            ledger_half_life_days: store::ledger::half_life_days(core.db())?,
            my_addresses: capture.configured_addresses,
            max_recipients: capture.max_recipients,
            keep_subjects: capture.keep_subjects,
        })
    }

    /// Changes the settings given. A new half-life recomputes every relationship's summary
    /// and revalues the graph, in one transaction. Every value is checked before any is
    /// stored.
    pub fn settings_update(&self, input: SettingsInput) -> Result<Settings, ApiError> {
        if let Some(days) = input.half_life_days {
            let (lo, hi) = HALF_LIFE_RANGE;
            if !days.is_finite() || !(lo..=hi).contains(&days) {
                return Err(ApiError::invalid(
                    "half_life_days",
                    format!("the half-life must be between {lo} and {hi} days, got {days}"),
                ));
            }
        }
        if let Some(y) = input.maybe_min_years {
            let (lo, hi) = super::MAYBE_YEARS_RANGE;
            if !y.is_finite() || !(lo..=hi).contains(&y) {
                return Err(ApiError::invalid(
                    "maybe_min_years",
                    format!(
                        "the years before maybe facts count must be between {lo} and {hi}, got {y}"
                    ),
                ));
            }
        }
        if let Some(days) = input.ledger_half_life_days {
            let (lo, hi) = LEDGER_HALF_LIFE_RANGE;
            if !days.is_finite() || !(lo..=hi).contains(&days) {
                return Err(ApiError::invalid(
                    "ledger_half_life_days",
                    format!(
                        "the ledger's half-life must be between {lo} and {hi} days, got {days}"
                    ),
                ));
            }
        }
        if let Some(s) = input.maybe_min_strength
            && (!s.is_finite() || !(0.0..=1.0).contains(&s))
        {
            return Err(ApiError::invalid(
                "maybe_min_strength",
                format!("the strength before maybe facts count must be between 0 and 1, got {s}"),
            ));
        }
        if let Some(n) = input.max_recipients {
            let (lo, hi) = MAX_RECIPIENTS_RANGE;
            if !(lo..=hi).contains(&n) {
                return Err(ApiError::invalid(
                    "max_recipients",
                    format!("the most recipients must be between {lo} and {hi}, got {n}"),
                ));
            }
        }
        let my_addresses = input
            .my_addresses
            .as_deref()
            .map(|list| sphere_domain::validate::email_addresses("my_addresses", list))
            .transpose()?;
        {
            let mut core = self.store()?;
            let now = core.now();
            // Every setting given lands in one transaction, or none does. A new half-life
            // rewrites every relationship's summary: a bulk write (one change-log row for
            // everything, not one per relationship).
            let apply = |tx: store::Db<'_>| -> sphere_domain::error::CoreResult<()> {
                if let Some(y) = input.maybe_min_years {
                    stats::set_number_setting(tx, crate::privacy::MAYBE_YEARS_KEY, y)?;
                }
                if let Some(s) = input.maybe_min_strength {
                    stats::set_number_setting(tx, crate::privacy::MAYBE_STRENGTH_KEY, s)?;
                }
                if let Some(days) = input.ledger_half_life_days {
                    stats::set_number_setting(tx, store::ledger::HALF_LIFE_KEY, days)?;
                }
                if let Some(list) = &my_addresses {
                    store::capture::set_my_addresses(tx, list)?;
                }
                if let Some(n) = input.max_recipients {
                    store::capture::set_max_recipients(tx, n)?;
                }
                if let Some(keep) = input.keep_subjects {
                    store::capture::set_keep_subjects(tx, keep)?;
                }
                if let Some(days) = input.half_life_days {
                    stats::set_half_life_days(tx, days, now)?;
                }
                Ok(())
            };
            if input.half_life_days.is_some() {
                core.store.write_bulk(apply)?;
            } else {
                core.store.write(apply)?;
            }
            if input.half_life_days.is_some() {
                core.reload()?;
            } else if input.ledger_half_life_days.is_some() {
                let Core { store, graph, .. } = &mut *core;
                graph.reload_ledger(&crate::source::StoreSource(store.db()))?;
            }
        }
        self.settings_get(super::Empty {})
    }
}

impl Sphere {
    /// Relationship views with strengths and evidence (for `tie_list` and `person_get`).
    pub(super) fn enriched_ties(&self, person: Option<Id>) -> Result<Vec<TieView>, ApiError> {
        let mut core = self.store()?;
        core.revalue();
        let mut views = store::list_ties(core.db(), person)?;
        core.enrich(&mut views)?;
        Ok(views)
    }
}

impl Core {
    /// One path of the search, each hop explained, with its draft (no alternatives).
    fn warm_path(&self, rank: u32, p: &sphere_graph::RawPath) -> Result<WarmPath, ApiError> {
        let mut hops = p
            .people
            .windows(2)
            .zip(&p.ties)
            .map(|(pair, tie)| self.hop(pair[0], pair[1], *tie))
            .collect::<Result<Vec<Hop>, ApiError>>()?;
        // The end of the path is asked for nothing: no penalty words there.
        if let Some(last) = hops.last_mut() {
            last.ledger_note = None;
        }
        let draft = self.draft(&p.people, &hops)?;
        Ok(WarmPath {
            rank,
            people: p
                .people
                .iter()
                .map(|id| store::person_ref(self.db(), *id))
                .collect::<Result<_, _>>()?,
            hops,
            tie_strength: p.tie_strength,
            strength: p.strength,
            // The search's own sum: `−ln(strength)` would drift by rounding.
            cost: p.cost,
            draft,
            alternatives: Vec::new(),
        })
    }
}
