//! Coverage and warm paths on the server, over the team's shared graph.
//!
//! The graph is built with `sphere_graph` from what the team shares: the team's people
//! (their internal bigint ids; organizations likewise), one node per member (id: minus the
//! member's number), and one tie per "knows" row. A tie whose band is shared stands at the
//! band's representative strength ([`band_strength`]) with one interaction on record; a tie
//! shared at level "existence" has no band and no interaction, so coverage calls it hidden
//! and the verdict "unknown": the server never counts what a member does not share. The last
//! two-way month stands for its last day (capped at now). Confirmed roles, the targets and
//! the default role templates complete the input, and `sphere_api::report` writes the very
//! report the local Coverage page shows.
//!
//! Paths use `sphere_graph`'s path search (`find_paths`: k best paths to a person, best
//! path per person into an organization), from every member or one.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde_json::{Map, Value};
use tokio_postgres::Transaction;

use sphere_api::{
    Computed, CoverageQuery, CoverageReport, Directory, Extras, OrgRef, TeamPath, TeamPathStep,
    TeamPaths, TeamPathsRequest,
};
use sphere_domain::account::{AccountRole, StrengthBand, Target, default_template};
use sphere_domain::error::{ApiError, CoreResult};
use sphere_domain::ledger;
use sphere_domain::records::{PersonRecord, TieRecord};
use sphere_domain::referral::RequestState;
use sphere_domain::strength::TieStats;
use sphere_domain::team::{Entity, parse_month};
use sphere_domain::{Id, PersonRef, Ring, TieKind};
use sphere_graph::coverage::{AccountSpec, CoverageInput, Leaves};
use sphere_graph::{PathSpec, PathTo, Source, SphereGraph};

use crate::error::Fail;
use crate::members::Who;
use crate::sync::{resolve, value};

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

struct PersonRow {
    key: String,
    name: String,
    title: String,
    organization: Option<Id>,
}

struct OrgRow {
    name: String,
    domain: String,
}

struct MemberRow {
    id: String,
    node: Id,
    name: String,
}

struct Tie {
    id: Id,
    member: Id,
    person: Id,
    band: Option<StrengthBand>,
}

/// One team's shared graph as loaded, and what reports name.
pub struct Loaded {
    /// The team's write position and its members (with their own people) when loaded: a
    /// newer one rebuilds.
    version: Version,
    graph: SphereGraph,
    people: HashMap<Id, PersonRow>,
    person_by_key: HashMap<String, Id>,
    orgs: HashMap<Id, OrgRow>,
    org_by_key: HashMap<String, Id>,
    members: Vec<MemberRow>,
    ties: HashMap<Id, Option<StrengthBand>>,
    /// Ties shared at level "existence" (no band), by the person known.
    hidden_by_person: HashMap<Id, u32>,
    last_two_way: HashMap<(Id, Id), DateTime<Utc>>,
    roles: HashMap<Id, Vec<AccountRole>>,
    targets: Vec<Target>,
    now: DateTime<Utc>,
}

/// The team's write position, and its members with their own people.
type Version = (i64, String);

/// The team graphs loaded, by team.
#[derive(Default)]
pub struct Cache(std::sync::Mutex<HashMap<String, Arc<Loaded>>>);

impl Cache {
    fn get(&self, team: &str, version: &Version) -> Option<Arc<Loaded>> {
        let map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(team).filter(|l| &l.version == version).cloned()
    }

    fn put(&self, team: &str, loaded: Arc<Loaded>) {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.insert(team.to_string(), loaded);
    }
}

/// The graph's view of the loaded rows.
struct Records<'a> {
    people: Vec<PersonRecord>,
    ties: &'a [Tie],
    now: DateTime<Utc>,
}

impl Source for Records<'_> {
    fn person_records(&self) -> CoreResult<Vec<PersonRecord>> {
        Ok(self.people.clone())
    }
    fn person_record(&self, id: Id) -> CoreResult<Option<PersonRecord>> {
        Ok(self.people.iter().find(|p| p.id == id).cloned())
    }
    fn tie_count(&self) -> CoreResult<usize> {
        Ok(self.ties.len())
    }
    fn for_each_tie(&self, f: &mut dyn FnMut(TieRecord)) -> CoreResult<()> {
        for t in self.ties {
            f(tie_record(t, self.now));
        }
        Ok(())
    }
    fn tie_records(&self, ids: &[Id]) -> CoreResult<Vec<TieRecord>> {
        Ok(self
            .ties
            .iter()
            .filter(|t| ids.contains(&t.id))
            .map(|t| tie_record(t, self.now))
            .collect())
    }
    fn half_life_days(&self) -> CoreResult<f64> {
        Ok(180.0)
    }
    fn ledger_entries(&self, _: DateTime<Utc>) -> CoreResult<Vec<(Id, ledger::Entry)>> {
        Ok(Vec::new())
    }
    fn ledger_entries_of(&self, _: Id, _: DateTime<Utc>) -> CoreResult<Vec<ledger::Entry>> {
        Ok(Vec::new())
    }
    fn ledger_half_life_days(&self) -> CoreResult<f64> {
        Ok(90.0)
    }
}

fn tie_record(t: &Tie, now: DateTime<Utc>) -> TieRecord {
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
fn month_end(month: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let first = parse_month(month)?;
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)?
    };
    let last = next.pred_opt()?.and_hms_opt(23, 59, 59)?.and_utc();
    Some(last.min(now))
}

fn text(fields: &Map<String, Value>, f: &str) -> Option<String> {
    value(fields, f).and_then(Value::as_str).map(str::to_string)
}

fn deleted(fields: &Map<String, Value>) -> bool {
    value(fields, "deleted").and_then(Value::as_bool) == Some(true)
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// The team's write position, and who its members are (with their own people).
async fn version(tx: &Transaction<'_>, team: &str) -> Result<Version, Fail> {
    let r = tx
        .query_one(
            "SELECT GREATEST( \
               (SELECT max(seq) FROM person WHERE team_id = $1), (SELECT max(seq) FROM organization WHERE team_id = $1), \
               (SELECT max(seq) FROM knows WHERE team_id = $1), (SELECT max(seq) FROM target WHERE team_id = $1), \
               (SELECT max(seq) FROM role WHERE team_id = $1)), \
             (SELECT coalesce(string_agg(id || ':' || coalesce(person_key, ''), ',' ORDER BY id), '') \
                FROM member WHERE team_id = $1 AND left_at IS NULL)",
            &[&team],
        )
        .await?;
    Ok((r.get::<_, Option<i64>>(0).unwrap_or(0), r.get(1)))
}

async fn load(tx: &Transaction<'_>, team: &str, now: DateTime<Utc>) -> Result<Loaded, Fail> {
    let version = version(tx, team).await?;
    let mut orgs = HashMap::new();
    let mut org_by_key = HashMap::new();
    for r in tx
        .query(
            "SELECT id, key, fields, domain FROM organization WHERE team_id = $1 AND merged_into IS NULL",
            &[&team],
        )
        .await?
    {
        let fields = object(r.get(2));
        if deleted(&fields) {
            continue;
        }
        let id: Id = r.get(0);
        let key: String = r.get(1);
        org_by_key.insert(key, id);
        orgs.insert(
            id,
            OrgRow {
                name: text(&fields, "name").unwrap_or_default(),
                domain: r.get::<_, Option<String>>(3).unwrap_or_default(),
            },
        );
    }
    let mut people = HashMap::new();
    let mut person_by_key = HashMap::new();
    for r in tx
        .query(
            "SELECT id, key, fields FROM person WHERE team_id = $1 AND merged_into IS NULL",
            &[&team],
        )
        .await?
    {
        let fields = object(r.get(2));
        if deleted(&fields) {
            continue;
        }
        let id: Id = r.get(0);
        let key: String = r.get(1);
        person_by_key.insert(key.clone(), id);
        people.insert(
            id,
            PersonRow {
                key,
                name: text(&fields, "name").unwrap_or_default(),
                title: text(&fields, "title").unwrap_or_default(),
                organization: text(&fields, "organization")
                    .and_then(|k| org_by_key.get(&k).copied()),
            },
        );
    }
    // A member's node is their own person when they named it (`me`), a node of their own
    // (minus their number) otherwise.
    let mut own = std::collections::HashSet::new();
    let members: Vec<MemberRow> = tx
        .query(
            "SELECT id, num, name, person_key FROM member WHERE team_id = $1 AND left_at IS NULL ORDER BY lower(name), id",
            &[&team],
        )
        .await?
        .iter()
        .map(|r| {
            let person = r
                .get::<_, Option<&str>>(3)
                .and_then(|k| person_by_key.get(k).copied())
                .filter(|&p| own.insert(p));
            MemberRow {
                id: r.get(0),
                node: person.unwrap_or(-r.get::<_, i64>(1)),
                name: r.get(2),
            }
        })
        .collect();
    let member_node: HashMap<&str, Id> = members.iter().map(|m| (m.id.as_str(), m.node)).collect();
    let mut ties = Vec::new();
    let mut last_two_way = HashMap::new();
    for r in tx
        .query(
            "SELECT member_id, person_key, fields FROM knows WHERE team_id = $1",
            &[&team],
        )
        .await?
    {
        let fields = object(r.get(2));
        let (Some(&member), Some(&person)) = (
            member_node.get(r.get::<_, &str>(0)),
            person_by_key.get(r.get::<_, &str>(1)),
        ) else {
            continue;
        };
        if deleted(&fields) || member == person {
            continue;
        }
        let band = text(&fields, "band").and_then(|b| StrengthBand::parse(&b));
        if let Some(at) = text(&fields, "last_two_way").and_then(|m| month_end(&m, now)) {
            last_two_way.insert((member, person), at);
        }
        ties.push(Tie {
            id: ties.len() as Id + 1,
            member,
            person,
            band,
        });
    }
    let mut roles: HashMap<Id, Vec<AccountRole>> = HashMap::new();
    for r in tx
        .query("SELECT key, fields FROM role WHERE team_id = $1", &[&team])
        .await?
    {
        let fields = object(r.get(1));
        if value(&fields, "holds").and_then(Value::as_bool) != Some(true) {
            continue;
        }
        let key: String = r.get(0);
        let Some((p, role)) = key.split_once('/') else {
            continue;
        };
        if let (Some(&id), Some(role)) = (person_by_key.get(p), AccountRole::parse(role)) {
            roles.entry(id).or_default().push(role);
        }
    }
    let mut targets = Vec::new();
    for r in tx
        .query(
            "SELECT key, fields FROM target WHERE team_id = $1",
            &[&team],
        )
        .await?
    {
        let fields = object(r.get(1));
        let Some(&org) = org_by_key.get(r.get::<_, &str>(0)) else {
            continue;
        };
        if deleted(&fields) {
            continue;
        }
        targets.push(Target {
            organization_id: org,
            owner_id: text(&fields, "owner").and_then(|m| member_node.get(m.as_str()).copied()),
            tier: value(&fields, "tier")
                .and_then(Value::as_u64)
                .and_then(|t| u8::try_from(t).ok())
                .unwrap_or(3),
            note: String::new(),
            created_at: now,
            updated_at: now,
        });
    }
    targets.sort_by_key(|t| t.organization_id);
    let mut records: Vec<PersonRecord> = people
        .iter()
        .map(|(&id, p)| {
            let member = own.contains(&id);
            PersonRecord {
                id,
                organization_id: p.organization,
                title: p.title.clone(),
                ring: if member { Ring::Inner } else { Ring::Beyond },
                ring_pinned: true,
                is_team: member,
            }
        })
        .collect();
    records.extend(members.iter().filter(|m| m.node < 0).map(|m| PersonRecord {
        id: m.node,
        organization_id: None,
        title: String::new(),
        ring: Ring::Inner,
        ring_pinned: true,
        is_team: true,
    }));
    // Building the graph is CPU work: off the async workers.
    let (graph, ties) = tokio::task::spawn_blocking(move || {
        let g = SphereGraph::load(
            &Records {
                people: records,
                ties: &ties,
                now,
            },
            now,
        );
        (g, ties)
    })
    .await
    .map_err(|e| Fail::internal(format!("building the team graph failed: {e}")))?;
    let graph = graph?;
    Ok(Loaded {
        version,
        graph,
        people,
        person_by_key,
        orgs,
        org_by_key,
        members,
        ties: ties.iter().map(|t| (t.id, t.band)).collect(),
        hidden_by_person: ties.iter().filter(|t| t.band.is_none()).fold(
            HashMap::new(),
            |mut m, t| {
                *m.entry(t.person).or_insert(0) += 1;
                m
            },
        ),
        last_two_way,
        roles,
        targets,
        now,
    })
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

/// The team's graph: from the cache when nothing was written since, loaded otherwise.
pub async fn loaded(
    tx: &Transaction<'_>,
    cache: &Cache,
    team: &str,
    now: DateTime<Utc>,
) -> Result<Arc<Loaded>, Fail> {
    let v = version(tx, team).await?;
    if let Some(l) = cache.get(team, &v) {
        return Ok(l);
    }
    let l = Arc::new(load(tx, team, now).await?);
    cache.put(team, l.clone());
    Ok(l)
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
                .map(|t| self.ties.get(t).copied().flatten())
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
