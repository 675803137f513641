//! The sync: queue what changed (under the core's lock, briefly), push the outbox in batches
//! and pull the team's rows page by page, each network call made WITHOUT the core's lock and
//! each answer applied in one transaction (a page's rows with its cursor, so a sync that
//! stops mid-way resumes where it stopped). Any network failure leaves the outbox for the
//! next sync and is reported, not raised.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde_json::Value;

use sphere_domain::error::{ApiError, CoreError, CoreResult};
use sphere_domain::team::{
    Change, Clock, Hlc, MAX_PULL, MAX_PUSH, PullRequest, PullResponse, PushRequest, PushResponse,
    TeamInfo,
};
use sphere_store::Db;
use sphere_store::team::{self as store_team, ConflictRow, Link};
use sphere_sync::team::{TeamClient, TeamError};

use super::local::{self, FieldOf, Touched};
use super::outbound;
use super::{TeamSyncReport, client_of, need_link};
use crate::source::StoreSource;
use crate::{Core, CoreGuard, Sphere};

/// The most pages one sync pulls (a safety net against a server that always says "more").
const MAX_PAGES: u32 = 100_000;

/// The projection a sync computed for its pulls, valid while the file's write marks (this
/// connection's row changes, other connections' commits) stay where they were.
pub(super) struct Kept {
    mark: (u64, i64),
    projection: outbound::Projection,
}

impl Core {
    /// Queues the changes since the shadow (keys, outbox and shadow in one transaction).
    pub(super) fn team_queue(&mut self) -> Result<outbound::Outbound, ApiError> {
        let now = self.now();
        let Core { store, graph, .. } = self;
        let link = need_link(store.db())?;
        Ok(store.write(|tx| outbound::queue(tx, graph, &link, now))?)
    }

    /// Moves the link's clock past the server's clock (a server clock far ahead is refused,
    /// naming both) and past the stamps of writes seen (a teammate's clock far ahead is not
    /// followed), so this device's next write is newer than everything it has seen.
    pub(super) fn observe(
        tx: Db<'_>,
        link: &Link,
        server: Option<&str>,
        seen: &[&str],
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        let current = store_team::link(tx)?
            .and_then(|l| l.clock)
            .and_then(|c| c.parse().ok());
        let mut clock = Clock::new(&link.member_id, current);
        let now_ms = now.timestamp_millis();
        if let Some(remote) = server.and_then(|s| s.parse::<Hlc>().ok()) {
            clock.observe(&remote, now_ms)?;
        }
        if let Some(newest) = seen.iter().filter_map(|s| s.parse::<Hlc>().ok()).max() {
            let _ = clock.observe(&newest, now_ms);
        }
        store_team::set_clock(tx, &clock.last().to_string())?;
        Ok(())
    }

    /// Applies a push's answer: applied changes leave the outbox, lost fields become
    /// conflicts (the shadow takes the winning value), records the team already had take
    /// its key. Returns (applied, conflicts, matched).
    fn team_pushed(
        &mut self,
        link: &Link,
        sent: &[String],
        resp: &PushResponse,
    ) -> Result<(u32, u32, u32), ApiError> {
        let now = self.now();
        let Core { store, graph, .. } = self;
        let out = store.write(|tx| {
            let run = || -> CoreResult<(u32, u32, u32)> {
                let sent: HashSet<&str> = sent.iter().map(String::as_str).collect();
                let applied: Vec<String> = resp
                    .applied
                    .iter()
                    .filter(|id| sent.contains(id.as_str()))
                    .cloned()
                    .collect();
                store_team::acknowledge(tx, &applied)?;
                // A record the team already had takes its key first: the conflicts name it.
                for m in &resp.matched {
                    store_team::rekey(tx, &m.key, &m.team_key)?;
                }
                let projection = outbound::project(tx, graph, link, now)?;
                let mut conflicts = 0;
                for c in &resp.conflicts {
                    // A conflict may name the key this device sent: the team's key now.
                    let key = resp.matched.iter().fold(c.key.clone(), |k, m| {
                        if k.contains(&m.key) {
                            k.replace(&m.key, &m.team_key)
                        } else {
                            k
                        }
                    });
                    let c = &sphere_domain::team::Conflict { key, ..c.clone() };
                    let yours = projection
                        .records
                        .get(&(c.entity, c.key.clone()))
                        .and_then(|f| f.get(&c.field))
                        .cloned()
                        .unwrap_or(Value::Null);
                    store_team::set_shadow(
                        tx,
                        c.entity,
                        &c.key,
                        &c.field,
                        &c.theirs,
                        &c.theirs_hlc,
                    )?;
                    if yours == c.theirs {
                        continue;
                    }
                    store_team::add_conflict(
                        tx,
                        &ConflictRow {
                            id: 0,
                            entity: c.entity,
                            key: c.key.clone(),
                            field: c.field.clone(),
                            yours,
                            theirs: c.theirs.clone(),
                            theirs_hlc: c.theirs_hlc.clone(),
                            by: c.by.clone(),
                            at: now,
                            change_id: Some(c.change_id.clone()),
                        },
                    )?;
                    conflicts += 1;
                }
                let seen: Vec<&str> = resp
                    .conflicts
                    .iter()
                    .map(|c| c.theirs_hlc.as_str())
                    .collect();
                Self::observe(tx, link, Some(&resp.clock), &seen, now)?;
                Ok((applied.len() as u32, conflicts, resp.matched.len() as u32))
            };
            run()
        })?;
        Ok(out)
    }

    /// Applies one pulled page in one transaction: the rows into the mirror, the fields that
    /// won into the user's records (or conflicts), and the cursor. Returns (rows, conflicts).
    /// The projection is computed once per sync and kept in `kept` (with the values this
    /// sync wrote into the user's records) while nothing else writes to the file.
    fn team_pulled(
        &mut self,
        link: &Link,
        page: &PullResponse,
        kept: &mut Option<Kept>,
    ) -> Result<(u32, u32), ApiError> {
        let now = self.now();
        let mark = (self.store.total_changes(), self.store.data_version()?);
        let reuse = kept.take().filter(|k| k.mark == mark).map(|k| k.projection);
        let Core { store, graph, .. } = self;
        let (counts, touched, projection) = store.write(|tx| {
            let run = || -> CoreResult<((u32, u32), Touched, outbound::Projection)> {
                let mut projection = match reuse {
                    Some(p) => p,
                    None => outbound::project(tx, graph, link, now)?,
                };
                let conflicted = store_team::conflicted(tx)?;
                let mut touched = Touched::default();
                let mut conflicts = 0;
                for row in &page.rows {
                    store_team::put_row(tx, row)?;
                    // Only the team's record of a person, organization, target or role is
                    // written back; "knows" and requests are each member's own.
                    let mine_to_apply = projection
                        .records
                        .get(&(row.entity, row.key.clone()))
                        .cloned();
                    let shadow = store_team::shadow_of(tx, row.entity, &row.key)?;
                    for (field, stamped) in &row.fields {
                        if !local::writable(row.entity, field) {
                            continue;
                        }
                        let (old, old_hlc) = shadow
                            .get(field)
                            .cloned()
                            .unwrap_or((Value::Null, String::new()));
                        if stamped.hlc <= old_hlc {
                            continue;
                        }
                        let Some(fields) = &mine_to_apply else {
                            // A record this device does not share (yet): mirrored only.
                            continue;
                        };
                        let local_value = fields.get(field).cloned().unwrap_or(Value::Null);
                        let take = || {
                            store_team::set_shadow(
                                tx,
                                row.entity,
                                &row.key,
                                field,
                                &stamped.value,
                                &stamped.hlc,
                            )
                        };
                        if stamped.value == local_value {
                            take()?;
                            // Both sides say the same now: nothing is left to resolve.
                            if conflicted.contains(&(row.entity, row.key.clone(), field.clone())) {
                                store_team::settle_conflict(tx, row.entity, &row.key, field)?;
                            }
                            continue;
                        }
                        let unchanged_here = local_value == old
                            && !conflicted.contains(&(row.entity, row.key.clone(), field.clone()));
                        if unchanged_here {
                            let at = FieldOf {
                                entity: row.entity,
                                key: &row.key,
                                field,
                            };
                            match local::write(
                                tx,
                                &projection,
                                at,
                                &stamped.value,
                                now,
                                &mut touched,
                            ) {
                                Ok(true) => {
                                    take()?;
                                    // The record reads the team's value now (for the next pages).
                                    if let Some(f) =
                                        projection.records.get_mut(&(row.entity, row.key.clone()))
                                    {
                                        f.insert(field.clone(), stamped.value.clone());
                                    }
                                    continue;
                                }
                                Ok(false) => continue,
                                // A value this file's rules refuse (a teammate's Sphere let it
                                // through): not written here, shown as a conflict instead of
                                // stopping every later pull at this page.
                                Err(CoreError::Invalid { .. }) => {}
                                Err(e) => return Err(e),
                            }
                        }
                        take()?;
                        store_team::add_conflict(
                            tx,
                            &ConflictRow {
                                id: 0,
                                entity: row.entity,
                                key: row.key.clone(),
                                field: field.clone(),
                                yours: local_value,
                                theirs: stamped.value.clone(),
                                theirs_hlc: stamped.hlc.clone(),
                                by: stamped
                                    .hlc
                                    .parse::<Hlc>()
                                    .map(|h| h.node)
                                    .unwrap_or_default(),
                                at: now,
                                change_id: None,
                            },
                        )?;
                        conflicts += 1;
                    }
                }
                store_team::set_cursor(tx, page.next)?;
                let seen: Vec<&str> = page
                    .rows
                    .iter()
                    .flat_map(|r| r.fields.values().map(|s| s.hlc.as_str()))
                    .collect();
                Self::observe(tx, link, Some(&page.clock), &seen, now)?;
                Ok(((page.rows.len() as u32, conflicts), touched, projection))
            };
            run()
        })?;
        self.team_touched(&touched)?;
        *kept = Some(Kept {
            mark: (self.store.total_changes(), self.store.data_version()?),
            projection,
        });
        Ok(counts)
    }

    /// Brings the graph in step with local records a team value was written into.
    pub(super) fn team_touched(&mut self, touched: &Touched) -> Result<(), ApiError> {
        if touched.people.is_empty() && touched.organizations.is_empty() {
            return Ok(());
        }
        let Core { store, graph, .. } = self;
        let src = StoreSource(store.db());
        for &id in &touched.people {
            graph.refresh_person(&src, id)?;
        }
        for &id in &touched.organizations {
            graph.refresh_organization(&src, id)?;
        }
        self.settle_rings()
    }
}

impl Sphere {
    /// The link and a client for it, read under the lock (which is released on return).
    pub(super) fn team_client(&self) -> Result<(Link, TeamClient), ApiError> {
        let core = self.store()?;
        let link = need_link(core.db())?;
        let client = client_of(&link)?;
        Ok((link, client))
    }

    /// The whole sync (see the module's doc). `progress` hears each step in words.
    pub fn team_sync_with(&self, progress: &dyn Fn(&str)) -> Result<TeamSyncReport, ApiError> {
        let (link, client) = self.team_client()?;
        let mut report = TeamSyncReport {
            at: self.store()?.now(),
            pushed: 0,
            pulled: 0,
            conflicts: 0,
            matched: 0,
            pending: 0,
            refused: 0,
            error: None,
        };
        {
            let mut core = self.store()?;
            let queued = core.team_queue()?;
            if !queued.refused.is_empty() {
                report.error = Some(format!(
                    "{} record(s) could not be shared: {}",
                    queued.refused.len(),
                    queued.refused[0]
                ));
            }
        }
        let failed = |e: &TeamError| Some(e.to_string());
        // Push, batch by batch. A batch the server refuses as invalid (or as a conflict it
        // cannot take) has its culprits set aside — the changes its message names, or, when it
        // names none, found by halving the batch — and the rest goes.
        let mut stopped = false;
        'batches: loop {
            let batch = store_team::outbox(self.store()?.db(), MAX_PUSH)?;
            if batch.is_empty() {
                break;
            }
            progress(&format!("sending {} change(s)", batch.len()));
            let mut parts = vec![batch];
            while let Some(part) = parts.pop() {
                let ids: Vec<String> = part.iter().map(|c| c.id.clone()).collect();
                match client.post::<_, PushResponse>(
                    "push",
                    &PushRequest {
                        changes: part.clone(),
                    },
                ) {
                    Ok(resp) => {
                        let (applied, conflicts, matched) =
                            self.store()?.team_pushed(&link, &ids, &resp)?;
                        report.pushed += applied;
                        report.conflicts += conflicts;
                        report.matched += matched;
                        if applied == 0 {
                            let error =
                                "the team server applied none of the changes sent".to_string();
                            store_team::attempt_failed(self.store()?.db(), &ids, &error)?;
                            report.error.get_or_insert(error);
                            stopped = true;
                            break 'batches;
                        }
                    }
                    Err(TeamError::Refused { kind, message, .. })
                        if kind == "invalid_input" || kind == "conflict" =>
                    {
                        let mut culprits: Vec<String> = part
                            .iter()
                            .filter(|c| message.contains(&c.id))
                            .map(|c| c.id.clone())
                            .collect();
                        if culprits.is_empty() && part.len() == 1 {
                            culprits = ids;
                        }
                        if !culprits.is_empty() {
                            let mut core = self.store()?;
                            core.store.write(|tx| {
                                for id in &culprits {
                                    store_team::refuse(tx, id, &message)?;
                                }
                                Ok(())
                            })?;
                            report.refused += culprits.len() as u32;
                            let rest: Vec<Change> = part
                                .into_iter()
                                .filter(|c| !culprits.contains(&c.id))
                                .collect();
                            if !rest.is_empty() {
                                parts.push(rest);
                            }
                        } else {
                            let mut first = part;
                            let second = first.split_off(first.len() / 2);
                            parts.push(second);
                            parts.push(first);
                        }
                    }
                    Err(e) => {
                        let mut core = self.store()?;
                        core.store.write(|tx| {
                            Ok(store_team::attempt_failed(tx, &ids, &e.to_string())?)
                        })?;
                        report.error = failed(&e);
                        stopped = true;
                        break 'batches;
                    }
                }
            }
        }
        // Pull, page by page.
        if !stopped {
            let mut kept = None;
            for _ in 0..MAX_PAGES {
                let since = need_link(self.store()?.db())?.cursor;
                progress(&format!("receiving the team's changes since {since}"));
                match client.post::<_, PullResponse>(
                    "pull",
                    &PullRequest {
                        since,
                        limit: MAX_PULL,
                    },
                ) {
                    Ok(page) => {
                        let (rows, conflicts) =
                            self.store()?.team_pulled(&link, &page, &mut kept)?;
                        report.pulled += rows;
                        report.conflicts += conflicts;
                        if !page.more {
                            break;
                        }
                    }
                    Err(e) => {
                        report.error = failed(&e);
                        stopped = true;
                        break;
                    }
                }
            }
        }
        // The team as it stands (members, names, whether this member is an admin).
        if !stopped {
            match client.get::<TeamInfo>("me") {
                Ok(info) => {
                    let mut core = self.store()?;
                    core.store.write(|tx| {
                        Ok(store_team::set_team(
                            tx,
                            &info.name,
                            info.me.admin,
                            &info.members,
                        )?)
                    })?;
                }
                Err(e) => report.error = failed(&e),
            }
        }
        let mut core = self.store()?;
        report.pending = store_team::outbox_count(core.db())?;
        let text = serde_json::to_string(&report)
            .map_err(|e| ApiError::internal(format!("cannot write the sync report: {e}")))?;
        core.store
            .write(|tx| Ok(store_team::set_last_sync(tx, &text)?))?;
        Ok(report)
    }
}

/// Used by `CoreGuard` callers that already hold the lock.
pub(super) fn queue_now(core: &mut CoreGuard<'_>) -> Result<(), ApiError> {
    core.team_queue().map(|_| ())
}
