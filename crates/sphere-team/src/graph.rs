//! Coverage and warm paths on the server, over the team's shared graph.
//!
//! The graph is built with `sphere_graph` from what the team shares: the team's people
//! (their internal bigint ids; organizations likewise), one node per member (their own
//! person when they named it with `me`, else a node of their own: minus the member's
//! number), and one tie per "knows" row. A tie whose band is shared stands at the
//! band's representative strength ([`band_strength`]) with one interaction on record; a tie
//! shared at level "existence" has no band and no interaction, so coverage calls it hidden
//! and the verdict "unknown": the server never counts what a member does not share. The last
//! two-way month stands for its last day (capped at now). Confirmed roles, the targets and
//! the default role templates complete the input, and `sphere_api::report` writes the very
//! report the local Coverage page shows.
//!
//! Paths use `sphere_graph`'s path search (`find_paths`: k best paths to a person, best
//! path per person into an organization), from every member or one.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use tokio_postgres::Transaction;

use sphere_api::{
    Computed, CoverageQuery, CoverageReport, Directory, Extras, OrgRef, TeamPath, TeamPathStep,
    TeamPaths, TeamPathsRequest,
};
use sphere_domain::account::{AccountRole, StrengthBand, Target, default_template};
use sphere_domain::error::ApiError;
use sphere_domain::records::TieRecord;
use sphere_domain::referral::RequestState;
use sphere_domain::strength::TieStats;
use sphere_domain::team::{Entity, parse_month};
use sphere_domain::{Id, PersonRef, Ring, TieKind};
use sphere_graph::coverage::{AccountSpec, CoverageInput, Leaves};
use sphere_graph::{PathSpec, PathTo, SphereGraph};

use crate::error::Fail;
use crate::load::{TargetRow, Version};
use crate::members::Who;
use crate::sync::resolve;

/// The strength a shared band stands for.
pub fn band_strength(band: StrengthBand) -> f64 {
    match band {
        StrengthBand::Strong => 0.8,
        StrengthBand::Medium => 0.45,
        StrengthBand::Weak => 0.15,
    }
}

/// The most paths one request answers.
pub const MAX_PATHS: u32 = 50;

pub(crate) struct PersonRow {
    pub(crate) key: String,
    pub(crate) name: String,
    pub(crate) title: String,
    /// The organization's key as shared, and the organization when it is on the record.
    pub(crate) org_key: Option<String>,
    pub(crate) organization: Option<Id>,
}

pub(crate) struct OrgRow {
    pub(crate) name: String,
    pub(crate) domain: String,
}

pub(crate) struct MemberRow {
    pub(crate) id: String,
    pub(crate) node: Id,
    pub(crate) name: String,
}

pub(crate) struct Tie {
    pub(crate) id: Id,
    pub(crate) member: Id,
    pub(crate) person: Id,
    pub(crate) band: Option<StrengthBand>,
}

/// What the team shares, as loaded (see `load`), and what reports name.
pub struct Records {
    /// The write position and members it reflects.
    pub(crate) version: Version,
    pub(crate) people: HashMap<Id, PersonRow>,
    pub(crate) person_by_key: HashMap<String, Id>,
    pub(crate) orgs: HashMap<Id, OrgRow>,
    pub(crate) org_by_key: HashMap<String, Id>,
    pub(crate) members: Vec<MemberRow>,
    /// Members' own people (their nodes).
    pub(crate) own: HashSet<Id>,
    pub(crate) ties: HashMap<Id, Tie>,
    /// Each tie by its row: (member id, person key).
    pub(crate) tie_by_pair: HashMap<(String, String), Id>,
    pub(crate) next_tie: Id,
    /// Ties shared at level "existence" (no band), by the person known.
    pub(crate) hidden_by_person: HashMap<Id, u32>,
    pub(crate) last_two_way: HashMap<(Id, Id), DateTime<Utc>>,
    pub(crate) role_rows: HashMap<String, bool>,
    pub(crate) roles: HashMap<Id, Vec<AccountRole>>,
    pub(crate) target_rows: HashMap<String, TargetRow>,
    pub(crate) targets: Vec<Target>,
    pub(crate) now: DateTime<Utc>,
}

/// One team's shared graph and its records.
pub struct Loaded {
    pub(crate) records: Records,
    pub(crate) graph: SphereGraph,
}

impl std::ops::Deref for Loaded {
    type Target = Records;
    fn deref(&self) -> &Records {
        &self.records
    }
}

pub(crate) fn tie_record(t: &Tie, now: DateTime<Utc>) -> TieRecord {
    let mut stats = TieStats::at(now);
    // A shared band is evidence of contact (one interaction on record); existence alone is not.
    stats.count = u32::from(t.band.is_some());
    TieRecord {
        id: t.id,
        a: t.member,
        b: t.person,
        kind: TieKind::Acquaintance,
        since: None,
        strength_override: t.band.map(band_strength),
        stats,
        doubted: false,
    }
}

/// The last day of a shared month, capped at now.
pub(crate) fn month_end(month: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let first = parse_month(month)?;
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)?
    };
    let last = next.pred_opt()?.and_hms_opt(23, 59, 59)?.and_utc();
    Some(last.min(now))
}

/// A referral request the asking member may see (row-level security keeps the others'
/// away): its state and what it reaches, as team keys.
pub struct AskRow {
    state: String,
    target: Option<String>,
    organization: Option<String>,
}

/// The requests the transaction's member may see that are not deleted, keys resolved
/// through aliases (a match or a merge moved them).
pub async fn asks(tx: &Transaction<'_>, team: &str) -> Result<Vec<AskRow>, Fail> {
    let mut out = Vec::new();
    for r in tx
        .query(
            "SELECT fields->'state'->>'value', fields->'target'->>'value', \
                    fields->'organization'->>'value' \
               FROM ask WHERE team_id = $1 AND coalesce(fields->'deleted'->>'value', 'false') <> 'true'",
            &[&team],
        )
        .await?
    {
        let mut target: Option<String> = r.get(1);
        if let Some(t) = &target
            && let Some(k) = resolve(tx, team, Entity::Person, t).await?
        {
            target = Some(k);
        }
        let mut organization: Option<String> = r.get(2);
        if let Some(o) = &organization
            && let Some(k) = resolve(tx, team, Entity::Organization, o).await?
        {
            organization = Some(k);
        }
        out.push(AskRow {
            state: r.get::<_, Option<String>>(0).unwrap_or_default(),
            target,
            organization,
        });
    }
    Ok(out)
}

impl Directory for Loaded {
    fn person(&self, id: Id) -> Result<PersonRef, ApiError> {
        if let Some(m) = self.members.iter().find(|m| m.node == id) {
            let p = self.people.get(&id);
            return Ok(PersonRef {
                id,
                display_name: m.name.clone(),
                title: p.map(|p| p.title.clone()).unwrap_or_default(),
                organization_name: p
                    .and_then(|p| p.organization)
                    .and_then(|o| self.orgs.get(&o))
                    .map(|o| o.name.clone()),
                ring: Ring::Inner,
            });
        }
        let p = self.people.get(&id).ok_or_else(|| {
            ApiError::not_found(format!("person {id} is not on the team's record"))
        })?;
        Ok(PersonRef {
            id,
            display_name: p.name.clone(),
            title: p.title.clone(),
            organization_name: p
                .organization
                .and_then(|o| self.orgs.get(&o))
                .map(|o| o.name.clone()),
            ring: Ring::Beyond,
        })
    }

    fn organization(&self, id: Id) -> Result<OrgRef, ApiError> {
        let o = self.orgs.get(&id).ok_or_else(|| {
            ApiError::not_found(format!("organization {id} is not on the team's record"))
        })?;
        Ok(OrgRef {
            id,
            name: o.name.clone(),
            domain: o.domain.clone(),
        })
    }
}

impl Loaded {
    fn node_of(&self, member: &str) -> Option<Id> {
        self.members.iter().find(|m| m.id == member).map(|m| m.node)
    }

    fn compute(
        &self,
        q: &CoverageQuery,
        me: Option<Id>,
        members: &[PersonRef],
        leaves: Leaves,
    ) -> Computed {
        let targets: Vec<Target> = self
            .targets
            .iter()
            .filter(|t| {
                q.account_id.is_none_or(|a| a == t.organization_id)
                    && q.owner_id.is_none_or(|o| Some(o) == t.owner_id)
                    && q.tier.is_none_or(|tier| tier == t.tier)
            })
            .cloned()
            .collect();
        let specs: Vec<AccountSpec> = targets
            .iter()
            .map(|t| AccountSpec {
                organization_id: t.organization_id,
                required: default_template(t.tier),
            })
            .collect();
        let ids: Vec<Id> = members.iter().map(|m| m.id).collect();
        let covers = self.graph.coverage(&CoverageInput {
            accounts: &specs,
            members: &ids,
            last_two_way: &self.last_two_way,
            roles: &self.roles,
            now: self.now,
            leaves,
        });
        Computed {
            members: members.to_vec(),
            me,
            targets,
            covers,
            now: self.now,
        }
    }

    /// Open requests (not in a final state) by account: the ask's organization, or its
    /// target person's.
    fn open_requests(&self, asks: &[AskRow]) -> HashMap<Id, u32> {
        let mut open = HashMap::new();
        for a in asks {
            if RequestState::parse(&a.state).is_none_or(RequestState::is_final) {
                continue;
            }
            let org = a
                .organization
                .as_ref()
                .and_then(|o| self.org_by_key.get(o).copied())
                .or_else(|| {
                    a.target
                        .as_ref()
                        .and_then(|t| self.person_by_key.get(t))
                        .and_then(|p| self.people.get(p))
                        .and_then(|p| p.organization)
                });
            if let Some(org) = org {
                *open.entry(org).or_insert(0) += 1;
            }
        }
        open
    }

    /// Coverage of the team's target accounts as `who` asks for it (ids are the server's),
    /// with the open requests among `asks` (those `who` may see).
    pub fn coverage(
        &self,
        who: &Who,
        q: &CoverageQuery,
        asks: &[AskRow],
    ) -> Result<CoverageReport, Fail> {
        if let Some(t) = q.tier
            && !(1..=3).contains(&t)
        {
            return Err(Fail::invalid("tier", "tier must be 1, 2 or 3"));
        }
        let me = self.node_of(&who.member);
        // The asking member first, then the team by name.
        let mut team: Vec<PersonRef> = Vec::with_capacity(self.members.len());
        if let Some(me) = me {
            team.push(self.person(me)?);
        }
        for m in self.members.iter().filter(|m| Some(m.node) != me) {
            team.push(self.person(m.node)?);
        }
        let members: Vec<PersonRef> = match q.member_id {
            None => team.clone(),
            Some(id) => vec![team.iter().find(|p| p.id == id).cloned().ok_or_else(|| {
                Fail::invalid("member_id", format!("{id} is not a member of the team (a member's id in team reports is their own person's, or negative)"))
            })?],
        };
        let computed = self.compute(q, me, &members, Leaves::Nobody);
        let what_if = match q.if_leaves {
            None => None,
            Some(id) => {
                let leaves = if team.iter().any(|m| m.id == id) {
                    Leaves::Member(id)
                } else {
                    match self.people.get(&id) {
                        Some(p) if p.organization.is_some() => Leaves::Account(id),
                        Some(p) => {
                            return Err(Fail::invalid(
                                "if_leaves",
                                format!(
                                    "{} is neither on the team nor at an organization: nobody to leave",
                                    p.name
                                ),
                            ));
                        }
                        None => {
                            return Err(Fail::not_found(format!(
                                "person {id} is not on the team's record"
                            )));
                        }
                    }
                };
                let after = self.compute(q, me, &members, leaves);
                Some(sphere_api::what_if(self, &computed, &after, leaves, id)?)
            }
        };
        let open = self.open_requests(asks);
        Ok(sphere_api::report(
            self,
            &computed,
            Extras {
                total: self.targets.len() as u32,
                verdict: q.verdict,
                open: &open,
                weeks: HashMap::new(),
                what_if,
            },
        )?)
    }

    fn step(&self, id: Id) -> TeamPathStep {
        let member = self.members.iter().find(|m| m.node == id);
        let p = self.people.get(&id);
        if let Some(m) = member
            && p.is_none()
        {
            return TeamPathStep {
                key: m.id.clone(),
                name: m.name.clone(),
                title: String::new(),
                organization: None,
                member: Some(m.id.clone()),
            };
        }
        TeamPathStep {
            key: p.map(|p| p.key.clone()).unwrap_or_default(),
            name: member
                .map(|m| m.name.clone())
                .or_else(|| p.map(|p| p.name.clone()))
                .unwrap_or_default(),
            title: p.map(|p| p.title.clone()).unwrap_or_default(),
            organization: p
                .and_then(|p| p.organization)
                .and_then(|o| self.orgs.get(&o))
                .map(|o| o.name.clone()),
            member: member.map(|m| m.id.clone()),
        }
    }

    /// Warm paths from the team's members (or one) into an organization or to a person.
    pub fn paths(&self, req: &TeamPathsRequest) -> Result<TeamPaths, Fail> {
        let to = match (&req.organization, &req.person) {
            (Some(o), None) => PathTo::Organization {
                id: self
                    .org_by_key
                    .get(o)
                    .copied()
                    .or_else(|| by_server_id(o, |id| self.orgs.contains_key(&id)))
                    .ok_or_else(|| {
                        Fail::not_found(format!("organization {o} is not on the team's record"))
                    })?,
                title_words: Vec::new(),
            },
            (None, Some(p)) => PathTo::Person(
                self.person_by_key
                    .get(p)
                    .copied()
                    .or_else(|| by_server_id(p, |id| self.people.contains_key(&id)))
                    .ok_or_else(|| {
                        Fail::not_found(format!("person {p} is not on the team's record"))
                    })?,
            ),
            _ => {
                return Err(Fail::invalid(
                    "organization",
                    "name either an organization or a person (their team keys), not both",
                ));
            }
        };
        let limit = req.limit.unwrap_or(10);
        if limit == 0 || limit > MAX_PATHS {
            return Err(Fail::invalid(
                "limit",
                format!("limit must be between 1 and {MAX_PATHS}"),
            ));
        }
        let from: Vec<Id> = match &req.from_member {
            Some(m) => vec![self.node_of(m).ok_or_else(|| {
                Fail::invalid("from_member", format!("{m} is not a member of the team"))
            })?],
            None => self.members.iter().map(|m| m.node).collect(),
        };
        let answer = self.graph.find_paths(&PathSpec {
            from,
            to,
            k: limit as usize,
            max_hops: Some(4),
            exclude: Vec::new(),
            ask_penalty: false,
        });
        let targets: std::collections::HashSet<Id> = answer.targets.iter().copied().collect();
        let mut paths = Vec::with_capacity(answer.paths.len());
        for p in &answer.paths {
            let bands: Vec<Option<StrengthBand>> = p
                .ties
                .iter()
                .map(|t| self.ties.get(t).and_then(|t| t.band))
                .collect();
            let band = if bands.iter().any(Option::is_none) {
                None
            } else {
                bands
                    .iter()
                    .flatten()
                    .copied()
                    .min_by(|a, b| band_strength(*a).total_cmp(&band_strength(*b)))
            };
            paths.push(TeamPath {
                steps: p.people.iter().map(|&id| self.step(id)).collect(),
                band,
                score: p.tie_strength,
            });
        }
        // Best first; among equally strong paths, shorter, then by who is on them (the
        // search's own order among equals depends on where people sit in the graph).
        paths.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.steps.len().cmp(&b.steps.len()))
                .then_with(|| {
                    let keys =
                        |p: &TeamPath| p.steps.iter().map(|s| s.key.clone()).collect::<Vec<_>>();
                    keys(a).cmp(&keys(b))
                })
        });
        Ok(TeamPaths {
            paths,
            people: targets.len() as u32,
            unknown: self.hidden_into(&targets),
        })
    }

    /// Ties into these people whose band is not shared.
    fn hidden_into(&self, people: &std::collections::HashSet<Id>) -> u32 {
        people
            .iter()
            .filter_map(|p| self.hidden_by_person.get(p))
            .sum()
    }
}

/// A record named by this server's own id in decimal (as a team coverage report names it),
/// when there is one with that id.
fn by_server_id(text: &str, known: impl Fn(Id) -> bool) -> Option<Id> {
    text.parse::<Id>().ok().filter(|&id| id > 0 && known(id))
}
