//! Loading a team's shared graph, and keeping it current.
//!
//! The graph of a team is kept with the write position (`seq`) it reflects. A request reads
//! only the rows written since (people, organizations, knows, targets, roles: deletions and
//! merges are writes too) and applies them to the graph in place (`SphereGraph::refresh_person`
//! / `refresh_ties`); a full load happens on the first request, when the team's members
//! change (a join, a leave, a member naming their own person) or past [`FULL_AFTER`]
//! changed rows. Full loads and refreshes apply the very same rows the same way, so a
//! refreshed graph equals a fresh one. Only the fields the graph needs are read (projected
//! out of the jsonb in SQL).
//!
//! One team's graph sits behind a read-write lock: requests share it, a refresh holds it
//! alone, so a request never waits longer than a load already running. After every write
//! the server warms the graph in the background (at most one task per team).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use tokio::sync::{OwnedRwLockReadGuard, RwLock};
use tokio_postgres::Transaction;

use sphere_domain::Id;
use sphere_domain::Ring;
use sphere_domain::account::{AccountRole, StrengthBand, Target};
use sphere_domain::error::CoreResult;
use sphere_domain::ledger;
use sphere_domain::records::{PersonRecord, TieRecord};
use sphere_graph::{Source, SphereGraph};

use crate::error::Fail;
use crate::graph::{Loaded, MemberRow, OrgRow, PersonRow, Records, Tie, month_end, tie_record};
use crate::{App, db};

/// Past this many changed rows a full load is cheaper than applying them one by one.
pub const FULL_AFTER: usize = 200_000;

/// The team's write position, and its members with their own people.
pub type Version = (i64, String);

/// One team's graph, and whether a background warm-up is running for it.
#[derive(Default)]
struct Slot {
    graph: Arc<RwLock<Option<Loaded>>>,
    warming: AtomicBool,
}

/// The team graphs loaded, by team, and how many full loads and refreshes were made.
#[derive(Default)]
pub struct Cache {
    slots: std::sync::Mutex<HashMap<String, Arc<Slot>>>,
    full_loads: AtomicU64,
    refreshes: AtomicU64,
}

impl Cache {
    /// Full loads and in-place refreshes so far.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.full_loads.load(Ordering::Relaxed),
            self.refreshes.load(Ordering::Relaxed),
        )
    }

    fn slot(&self, team: &str) -> Arc<Slot> {
        let mut map = self
            .slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(team.to_string()).or_default().clone()
    }

    /// Claims the team's background warm-up; false when one is already running.
    pub fn start_warming(&self, team: &str) -> bool {
        !self.slot(team).warming.swap(true, Ordering::AcqRel)
    }

    pub fn done_warming(&self, team: &str) {
        self.slot(team).warming.store(false, Ordering::Release);
    }
}

/// Brings the team's graph up to date in the background (after a write), unless a warm-up
/// for the team is already running. The team table cannot be listed under row-level
/// security, so the server warms a team when it is written to, not at start.
pub fn warm(app: &Arc<App>, team: &str) {
    if !app.graphs.start_warming(team) {
        return;
    }
    let app = app.clone();
    let team = team.to_string();
    tokio::spawn(async move {
        let done = warm_now(&app, &team).await;
        app.graphs.done_warming(&team);
        if let Err(e) = done {
            eprintln!(
                "sphere-team: warming team {team}'s graph failed: {}",
                e.error.message
            );
        }
    });
}

async fn warm_now(app: &App, team: &str) -> Result<(), Fail> {
    let mut client = app.pool.get().await?;
    let tx = client.transaction().await?;
    db::set_context(&tx, team, "", None).await?;
    drop(loaded(&tx, &app.graphs, team, app.now()).await?);
    tx.commit().await?;
    Ok(())
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

struct OrgChange {
    id: Id,
    key: String,
    gone: bool,
    name: String,
    domain: String,
}

struct PersonChange {
    id: Id,
    key: String,
    gone: bool,
    name: String,
    title: String,
    organization: Option<String>,
}

struct KnowsChange {
    member: String,
    person: String,
    gone: bool,
    band: Option<String>,
    last_two_way: Option<String>,
}

/// A target as stored: the owner's member id, the tier.
pub struct TargetRow {
    gone: bool,
    owner: Option<String>,
    tier: u8,
}

/// The rows written after a position.
#[derive(Default)]
struct Changes {
    orgs: Vec<OrgChange>,
    people: Vec<PersonChange>,
    knows: Vec<KnowsChange>,
    targets: Vec<(String, TargetRow)>,
    roles: Vec<(String, bool)>,
}

impl Changes {
    fn len(&self) -> usize {
        self.orgs.len()
            + self.people.len()
            + self.knows.len()
            + self.targets.len()
            + self.roles.len()
    }
}

const GONE: &str = "coalesce(fields->'deleted'->>'value', 'false') = 'true'";

async fn knows_rows(
    tx: &Transaction<'_>,
    filter: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> Result<Vec<KnowsChange>, Fail> {
    Ok(tx
        .query(
            &format!(
                "SELECT member_id, person_key, {GONE}, fields->'band'->>'value', \
                        fields->'last_two_way'->>'value' FROM knows WHERE team_id = $1 AND {filter}"
            ),
            params,
        )
        .await?
        .iter()
        .map(|r| KnowsChange {
            member: r.get(0),
            person: r.get(1),
            gone: r.get(2),
            band: r.get(3),
            last_two_way: r.get(4),
        })
        .collect())
}

async fn changes(tx: &Transaction<'_>, team: &str, since: i64) -> Result<Changes, Fail> {
    let orgs = tx
        .query(
            &format!(
                "SELECT id, key, merged_into IS NOT NULL OR {GONE}, fields->'name'->>'value', domain \
                 FROM organization WHERE team_id = $1 AND seq > $2 ORDER BY seq"
            ),
            &[&team, &since],
        )
        .await?
        .iter()
        .map(|r| OrgChange {
            id: r.get(0),
            key: r.get(1),
            gone: r.get(2),
            name: r.get::<_, Option<String>>(3).unwrap_or_default(),
            domain: r.get::<_, Option<String>>(4).unwrap_or_default(),
        })
        .collect();
    let people = tx
        .query(
            &format!(
                "SELECT id, key, merged_into IS NOT NULL OR {GONE}, fields->'name'->>'value', \
                        fields->'title'->>'value', fields->'organization'->>'value' \
                 FROM person WHERE team_id = $1 AND seq > $2 ORDER BY seq"
            ),
            &[&team, &since],
        )
        .await?
        .iter()
        .map(|r| PersonChange {
            id: r.get(0),
            key: r.get(1),
            gone: r.get(2),
            name: r.get::<_, Option<String>>(3).unwrap_or_default(),
            title: r.get::<_, Option<String>>(4).unwrap_or_default(),
            organization: r.get(5),
        })
        .collect();
    let knows = knows_rows(tx, "seq > $2 ORDER BY seq", &[&team, &since]).await?;
    let targets = tx
        .query(
            &format!(
                "SELECT key, {GONE}, fields->'owner'->>'value', fields->'tier'->>'value' \
                 FROM target WHERE team_id = $1 AND seq > $2 ORDER BY seq"
            ),
            &[&team, &since],
        )
        .await?
        .iter()
        .map(|r| {
            let tier = r
                .get::<_, Option<&str>>(3)
                .and_then(|t| t.parse::<u8>().ok())
                .unwrap_or(3);
            (
                r.get(0),
                TargetRow {
                    gone: r.get(1),
                    owner: r.get(2),
                    tier,
                },
            )
        })
        .collect();
    let roles = tx
        .query(
            "SELECT key, coalesce(fields->'holds'->>'value', 'false') = 'true' \
             FROM role WHERE team_id = $1 AND seq > $2 ORDER BY seq",
            &[&team, &since],
        )
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    Ok(Changes {
        orgs,
        people,
        knows,
        targets,
        roles,
    })
}

/// What applying changes touched, for the graph to re-read.
#[derive(Default)]
struct Touched {
    people: HashSet<Id>,
    ties: HashSet<Id>,
    /// A member's own person went away: the members must be read again.
    own_gone: bool,
}

impl Records {
    fn empty(now: DateTime<Utc>) -> Self {
        Records {
            version: (0, String::new()),
            people: HashMap::new(),
            person_by_key: HashMap::new(),
            orgs: HashMap::new(),
            org_by_key: HashMap::new(),
            members: Vec::new(),
            own: HashSet::new(),
            ties: HashMap::new(),
            tie_by_pair: HashMap::new(),
            next_tie: 1,
            hidden_by_person: HashMap::new(),
            last_two_way: HashMap::new(),
            role_rows: HashMap::new(),
            roles: HashMap::new(),
            target_rows: HashMap::new(),
            targets: Vec::new(),
            now,
        }
    }

    fn set_members(&mut self, rows: Vec<(String, i64, String, Option<String>)>) {
        // A member's node is their own person when they named it (`me`), a node of their
        // own (minus their number) otherwise.
        self.own.clear();
        self.members = rows
            .into_iter()
            .map(|(id, num, name, person)| {
                let person = person
                    .and_then(|k| self.person_by_key.get(&k).copied())
                    .filter(|&p| self.own.insert(p));
                MemberRow {
                    id,
                    node: person.unwrap_or(-num),
                    name,
                }
            })
            .collect();
    }

    fn member_node(&self, member: &str) -> Option<Id> {
        self.members.iter().find(|m| m.id == member).map(|m| m.node)
    }

    /// A target's owner as the device sends it: the owner's person key (a member's own person
    /// is that member's node, the same id), or a member's id.
    fn owner_node(&self, owner: &str) -> Option<Id> {
        self.person_by_key
            .get(owner)
            .copied()
            .or_else(|| self.member_node(owner))
    }

    fn drop_tie(&mut self, id: Id, touched: &mut Touched) {
        if let Some(t) = self.ties.remove(&id) {
            if t.band.is_none()
                && let Some(n) = self.hidden_by_person.get_mut(&t.person)
            {
                *n -= 1;
                if *n == 0 {
                    self.hidden_by_person.remove(&t.person);
                }
            }
            self.last_two_way.remove(&(t.member, t.person));
            touched.ties.insert(id);
        }
    }

    /// Applies written rows (all of them on a full load) to the team's records.
    fn apply(&mut self, c: Changes, touched: &mut Touched) {
        let mut orgs_moved = false;
        for o in c.orgs {
            if o.gone {
                if self.orgs.remove(&o.id).is_some() {
                    self.org_by_key.remove(&o.key);
                    orgs_moved = true;
                }
                continue;
            }
            orgs_moved |= self.org_by_key.insert(o.key, o.id).is_none();
            self.orgs.insert(
                o.id,
                OrgRow {
                    name: o.name,
                    domain: o.domain,
                },
            );
        }
        let mut gone_people = HashSet::new();
        for p in c.people {
            touched.people.insert(p.id);
            if p.gone {
                if self.people.remove(&p.id).is_some() {
                    self.person_by_key.remove(&p.key);
                    gone_people.insert(p.id);
                    touched.own_gone |= self.own.contains(&p.id);
                }
                continue;
            }
            let organization = p
                .organization
                .as_ref()
                .and_then(|k| self.org_by_key.get(k).copied());
            self.person_by_key.insert(p.key.clone(), p.id);
            self.people.insert(
                p.id,
                PersonRow {
                    key: p.key,
                    name: p.name,
                    title: p.title,
                    org_key: p.organization,
                    organization,
                },
            );
        }
        if orgs_moved {
            for (&id, p) in self.people.iter_mut() {
                let now = p
                    .org_key
                    .as_ref()
                    .and_then(|k| self.org_by_key.get(k).copied());
                if now != p.organization {
                    p.organization = now;
                    touched.people.insert(id);
                }
            }
        }
        if !gone_people.is_empty() {
            let gone: Vec<Id> = self
                .ties
                .values()
                .filter(|t| gone_people.contains(&t.person))
                .map(|t| t.id)
                .collect();
            for id in gone {
                self.drop_tie(id, touched);
            }
            self.tie_by_pair.retain(|_, id| !touched.ties.contains(id));
        }
        for k in c.knows {
            self.apply_knows(k, touched);
        }
        for (key, row) in c.targets {
            self.target_rows.insert(key, row);
        }
        for (key, holds) in c.roles {
            self.role_rows.insert(key, holds);
        }
        self.rebuild_targets_and_roles();
    }

    fn apply_knows(&mut self, k: KnowsChange, touched: &mut Touched) {
        let pair = (k.member, k.person);
        if let Some(old) = self.tie_by_pair.remove(&pair) {
            self.drop_tie(old, touched);
        }
        if k.gone {
            return;
        }
        let (Some(member), Some(&person)) =
            (self.member_node(&pair.0), self.person_by_key.get(&pair.1))
        else {
            return;
        };
        if member == person {
            return;
        }
        let band = k.band.as_deref().and_then(StrengthBand::parse);
        if let Some(at) = k.last_two_way.and_then(|m| month_end(&m, self.now)) {
            self.last_two_way.insert((member, person), at);
        }
        if band.is_none() {
            *self.hidden_by_person.entry(person).or_insert(0) += 1;
        }
        let id = self.next_tie;
        self.next_tie += 1;
        self.ties.insert(
            id,
            Tie {
                id,
                member,
                person,
                band,
            },
        );
        self.tie_by_pair.insert(pair, id);
        touched.ties.insert(id);
    }

    fn rebuild_targets_and_roles(&mut self) {
        let mut roles: HashMap<Id, Vec<AccountRole>> = HashMap::new();
        for (key, holds) in &self.role_rows {
            if !holds {
                continue;
            }
            let Some((p, role)) = key.split_once('/') else {
                continue;
            };
            if let (Some(&id), Some(role)) = (self.person_by_key.get(p), AccountRole::parse(role)) {
                roles.entry(id).or_default().push(role);
            }
        }
        for v in roles.values_mut() {
            v.sort_by_key(|r| r.as_str());
        }
        self.roles = roles;
        let mut targets: Vec<Target> = self
            .target_rows
            .iter()
            .filter(|(_, t)| !t.gone)
            .filter_map(|(key, t)| {
                Some(Target {
                    organization_id: *self.org_by_key.get(key)?,
                    owner_id: t.owner.as_deref().and_then(|k| self.owner_node(k)),
                    tier: t.tier,
                    note: String::new(),
                    created_at: self.now,
                    updated_at: self.now,
                })
            })
            .collect();
        targets.sort_by_key(|t| t.organization_id);
        self.targets = targets;
    }

    fn record(&self, id: Id) -> Option<PersonRecord> {
        if let Some(p) = self.people.get(&id) {
            let member = self.own.contains(&id);
            return Some(PersonRecord {
                id,
                organization_id: p.organization,
                title: p.title.clone(),
                ring: if member { Ring::Inner } else { Ring::Beyond },
                ring_pinned: true,
                is_team: member,
            });
        }
        self.members
            .iter()
            .find(|m| m.node == id && id < 0)
            .map(|m| PersonRecord {
                id: m.node,
                organization_id: None,
                title: String::new(),
                ring: Ring::Inner,
                ring_pinned: true,
                is_team: true,
            })
    }
}

impl Source for Records {
    fn person_records(&self) -> CoreResult<Vec<PersonRecord>> {
        // In id order, so that every load of the same rows builds the same graph.
        let mut ids: Vec<Id> = self
            .people
            .keys()
            .copied()
            .chain(self.members.iter().map(|m| m.node).filter(|&n| n < 0))
            .collect();
        ids.sort_unstable();
        Ok(ids.into_iter().filter_map(|id| self.record(id)).collect())
    }
    fn person_record(&self, id: Id) -> CoreResult<Option<PersonRecord>> {
        Ok(self.record(id))
    }
    fn tie_count(&self) -> CoreResult<usize> {
        Ok(self.ties.len())
    }
    fn for_each_tie(&self, f: &mut dyn FnMut(TieRecord)) -> CoreResult<()> {
        let mut ids: Vec<Id> = self.ties.keys().copied().collect();
        ids.sort_unstable();
        for t in ids.iter().filter_map(|id| self.ties.get(id)) {
            f(tie_record(t, self.now));
        }
        Ok(())
    }
    fn tie_records(&self, ids: &[Id]) -> CoreResult<Vec<TieRecord>> {
        Ok(ids
            .iter()
            .filter_map(|id| self.ties.get(id))
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

async fn member_rows(
    tx: &Transaction<'_>,
    team: &str,
) -> Result<Vec<(String, i64, String, Option<String>)>, Fail> {
    Ok(tx
        .query(
            "SELECT id, num, name, person_key FROM member WHERE team_id = $1 AND left_at IS NULL ORDER BY lower(name), id",
            &[&team],
        )
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect())
}

/// Off the async workers: CPU work on the graph.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, Fail> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Fail::internal(format!("building the team graph failed: {e}")))
}

/// Loads the team's graph from nothing.
pub async fn full(
    tx: &Transaction<'_>,
    team: &str,
    version: Version,
    now: DateTime<Utc>,
) -> Result<Loaded, Fail> {
    let mut l = Records::empty(now);
    let c = changes(tx, team, 0).await?;
    // People and organizations first: members' own people and "knows" need them.
    let Changes {
        orgs,
        people,
        knows,
        targets,
        roles,
    } = c;
    let mut touched = Touched::default();
    l.apply(
        Changes {
            orgs,
            people,
            ..Changes::default()
        },
        &mut touched,
    );
    l.set_members(member_rows(tx, team).await?);
    l.apply(
        Changes {
            knows,
            targets,
            roles,
            ..Changes::default()
        },
        &mut touched,
    );
    l.version = version;
    blocking(move || {
        let graph = SphereGraph::load(&l, now)?;
        Ok::<_, Fail>(Loaded { records: l, graph })
    })
    .await?
}

/// Brings `l` up to `version`: the rows written since, applied in place; `None` when the
/// members changed or too much was written (a full load is due).
async fn refresh(
    tx: &Transaction<'_>,
    team: &str,
    loaded: Loaded,
    version: Version,
    now: DateTime<Utc>,
) -> Result<Option<Loaded>, Fail> {
    let Loaded {
        records: mut l,
        mut graph,
    } = loaded;
    if l.version.1 != version.1 {
        return Ok(None);
    }
    let c = changes(tx, team, l.version.0).await?;
    if c.len() > FULL_AFTER {
        return Ok(None);
    }
    // A person back on the record brings back the "knows" written about them before.
    let back: Vec<String> = c
        .people
        .iter()
        .filter(|p| !p.gone && !l.person_by_key.contains_key(&p.key))
        .map(|p| p.key.clone())
        .collect();
    let mut c = c;
    if !back.is_empty() {
        let mut old = knows_rows(tx, "person_key = ANY($2)", &[&team, &back]).await?;
        old.append(&mut c.knows);
        c.knows = old;
    }
    blocking(move || {
        let mut touched = Touched::default();
        l.now = now;
        l.apply(c, &mut touched);
        if touched.own_gone {
            return Ok(None);
        }
        let mut people: Vec<Id> = touched.people.into_iter().collect();
        people.sort_unstable();
        let mut ties: Vec<Id> = touched.ties.into_iter().collect();
        ties.sort_unstable();
        for id in people {
            graph.refresh_person(&l, id)?;
        }
        graph.refresh_ties(&l, &ties)?;
        graph.revalue_if_stale(now);
        l.version = version;
        Ok::<_, Fail>(Some(Loaded { records: l, graph }))
    })
    .await?
}

/// The team's graph, current as of this transaction: from the cache when nothing was
/// written since, refreshed with what was, loaded in full otherwise.
pub async fn loaded(
    tx: &Transaction<'_>,
    cache: &Cache,
    team: &str,
    now: DateTime<Utc>,
) -> Result<OwnedRwLockReadGuard<Option<Loaded>, Loaded>, Fail> {
    let slot = cache.slot(team).graph.clone();
    let v = version(tx, team).await?;
    {
        let r = slot.clone().read_owned().await;
        if r.as_ref().is_some_and(|l| l.version == v) {
            return OwnedRwLockReadGuard::try_map(r, Option::as_ref)
                .map_err(|_| Fail::internal("the team graph vanished"));
        }
    }
    let mut w = slot.write_owned().await;
    let current = match w.take() {
        Some(l) if l.version == v => {
            *w = Some(l);
            return OwnedRwLockReadGuard::try_map(w.downgrade(), Option::as_ref)
                .map_err(|_| Fail::internal("the team graph vanished"));
        }
        Some(l) => refresh(tx, team, l, v.clone(), now).await?,
        None => None,
    };
    let l = match current {
        Some(l) => {
            cache.refreshes.fetch_add(1, Ordering::Relaxed);
            l
        }
        None => {
            let l = full(tx, team, v, now).await?;
            cache.full_loads.fetch_add(1, Ordering::Relaxed);
            l
        }
    };
    *w = Some(l);
    OwnedRwLockReadGuard::try_map(w.downgrade(), Option::as_ref)
        .map_err(|_| Fail::internal("the team graph vanished"))
}
