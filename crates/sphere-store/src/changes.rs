//! What other connections changed: the `change_log` the schema's triggers fill (version 7),
//! read by a long-running process to keep what it holds in memory in step with writes it did
//! not make (another `sphere` process, a `sqlite3` shell).
//!
//! Two cheap signals, one exact list:
//! - `PRAGMA data_version` changes when another connection commits (never for this
//!   connection's own commits); reading it costs a few microseconds, so every command checks it
//!   ([`crate::Store::catch_up`]).
//! - Only when it changed is the log read: the rows after the last `seq` this connection
//!   applied, as a [`Changes`] (people, relationships, organizations, introduction requests),
//!   or "everything" when there are too many to apply one by one or the log no longer holds
//!   them all.
//! - This connection's own writes are logged too; [`crate::Store::write`] skips them by moving
//!   its remembered `seq` past them when nothing else was logged before them.
//! - Bulk writes ([`crate::Store::write_bulk`], [`crate::Store::fill_empty`]: imports, the
//!   generators, restores) log one `all` row instead of one per record: the logging triggers
//!   are dropped for their transaction and created again at its end ([`unlogged`]), so a
//!   30,000-contact import pays nothing per row, and readers rebuild everything, as they would
//!   for that many changes anyway.

use std::collections::BTreeSet;

use crate::Db;
use crate::error::{StoreError, StoreResult};
use sphere_domain::Id;

/// How many rows the log keeps (its prune trigger in `schema.rs` deletes rows further behind
/// the newest; a test checks the two agree). A reader further behind than this reloads
/// everything, which it would do anyway: no caller applies more changes than this one by one.
pub const LOG_KEEP: i64 = 16_384;

/// What changed since a reader's last look.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Rebuild everything: more changes than the caller's limit, the log pruned past what the
    /// reader had seen (or emptied by hand), or the strength half-life changed.
    pub everything: bool,
    /// People inserted, updated or deleted, ascending.
    pub people: Vec<Id>,
    /// Relationships inserted, updated or deleted, ascending.
    pub relationships: Vec<Id>,
    /// Organizations updated or deleted, ascending.
    pub organizations: Vec<Id>,
    /// An introduction request (or who took part in one) changed.
    pub asks: bool,
    /// How many log rows these are.
    pub rows: usize,
}

/// The newest `seq` in the log (0 when it is empty).
pub(crate) fn last_seq(conn: Db<'_>) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT coalesce(max(seq), 0) FROM change_log")?
        .query_row([], |r| r.get(0))
}

/// Runs `f` (inside a write transaction) without logging its changes row by row: the
/// logging triggers are dropped, and created again afterwards with one `all` row logged in
/// their place. Other connections see the triggers gone only if they could see this
/// transaction's writes, which they cannot before it commits, and by then they are back.
pub(crate) fn unlogged<T>(
    tx: Db<'_>,
    f: impl FnOnce(Db<'_>) -> sphere_domain::error::CoreResult<T>,
) -> sphere_domain::error::CoreResult<T> {
    // The log's own prune trigger (on `change_log`) stays.
    let triggers = crate::set_aside_schema_objects(tx, "trigger", "change_log_", "change_log")?;
    let out = f(tx)?;
    crate::restore_schema_objects(tx, &triggers)?;
    tx.execute(
        "INSERT INTO change_log (kind, row_id) VALUES ('all', NULL)",
        [],
    )
    .map_err(StoreError::from)?;
    Ok(out)
}

/// The changes logged after `seen`, and the newest `seq` they reach. More than `limit` rows,
/// or rows missing (pruned, or the log emptied by hand), make it [`Changes::everything`].
pub(crate) fn since(conn: Db<'_>, seen: i64, limit: usize) -> StoreResult<(Changes, i64)> {
    let (first, last): (Option<i64>, Option<i64>) = conn
        .prepare_cached("SELECT min(seq), max(seq) FROM change_log")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let (first, last) = (first.unwrap_or(0), last.unwrap_or(0));
    let mut out = Changes::default();
    if last == seen {
        return Ok((out, last));
    }
    // Rows after `seen` were pruned, or the log went backwards (emptied and started again).
    let missing = last < seen || first > seen + 1;
    let pending = usize::try_from(last - seen).unwrap_or(usize::MAX);
    if missing || pending > limit {
        out.everything = true;
        out.rows = pending;
        return Ok((out, last));
    }
    let (mut people, mut ties, mut orgs) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut stmt = conn.prepare_cached(
        "SELECT kind, row_id FROM change_log WHERE seq > ?1 AND seq <= ?2 ORDER BY seq",
    )?;
    let mut rows = stmt.query([seen, last])?;
    while let Some(row) = rows.next()? {
        out.rows += 1;
        let kind: String = row.get(0)?;
        let id: Option<Id> = row.get(1)?;
        match (kind.as_str(), id) {
            ("person", Some(id)) => {
                people.insert(id);
            }
            ("relationship", Some(id)) => {
                ties.insert(id);
            }
            ("organization", Some(id)) => {
                orgs.insert(id);
            }
            ("ask", _) => out.asks = true,
            // `all`, or a kind this Sphere does not know (written by a newer one's trigger
            // after a downgrade is refused, so by hand): the safe answer.
            _ => out.everything = true,
        }
    }
    out.people = people.into_iter().collect();
    out.relationships = ties.into_iter().collect();
    out.organizations = orgs.into_iter().collect();
    Ok((out, last))
}

#[cfg(test)]
mod tests {
    use super::{Changes, LOG_KEEP};
    use crate::{Db, Store, StoreResult};
    use rusqlite::Connection;
    use sphere_domain::Id;
    use sphere_domain::error::CoreResult;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    /// Opens the same file twice: `mine` (the long-running process) and `theirs`.
    fn two(dir: &tempfile::TempDir) -> StoreResult<(Store, Store)> {
        let path = dir.path().join("sphere.db");
        Ok((Store::open(&path)?, Store::open(&path)?))
    }

    /// What `store` has to catch up with, acknowledged.
    fn caught(store: &mut Store) -> Result<Option<Changes>, Box<dyn std::error::Error>> {
        Ok(store.catch_up(LOG_KEEP as usize, |_, c| Ok(c.clone()))?)
    }

    /// One statement, its error as the domain's (what `Store::write` closures return).
    fn exec<P: rusqlite::Params>(db: Db<'_>, sql: &str, params: P) -> CoreResult<usize> {
        Ok(db.execute(sql, params).map_err(crate::StoreError::from)?)
    }

    fn person(db: Db<'_>, name: &str) -> StoreResult<Id> {
        db.execute(
            "INSERT INTO person (first_name, created_at, updated_at) VALUES (?1, 'now', 'now')",
            [name],
        )?;
        Ok(db.last_insert_rowid())
    }

    fn tie(db: Db<'_>, a: Id, b: Id) -> StoreResult<Id> {
        db.execute(
            "INSERT INTO relationship (person_a, person_b, kind, created_at, updated_at)
             VALUES (?1, ?2, 'friend', 'now', 'now')",
            [a, b],
        )?;
        Ok(db.last_insert_rowid())
    }

    #[test]
    fn another_connections_writes_are_offered_once_and_own_writes_never() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (mut mine, mut theirs) = two(&dir)?;
        assert_eq!(caught(&mut mine)?, None, "nothing written yet");
        let me = mine.write(|db| Ok(person(db, "Ada")?))?;
        assert_eq!(caught(&mut mine)?, None, "own writes are not offered back");
        let (grace, t) = theirs.write(|db| {
            let grace = person(db, "Grace")?;
            Ok((grace, tie(db, me.min(grace), me.max(grace))?))
        })?;
        assert!(mine.changed_since_last_check()?);
        let c = caught(&mut mine)?.ok_or("their writes must be offered")?;
        assert_eq!(c.people, vec![grace]);
        assert_eq!(c.relationships, vec![t]);
        assert!(!c.everything && !c.asks);
        assert!(!mine.changed_since_last_check()?);
        assert_eq!(caught(&mut mine)?, None, "offered once");
        // `theirs` wrote after `mine` without catching up first: mine's person is news to it
        // (and its own rows come along again, harmlessly).
        let c = caught(&mut theirs)?.ok_or("mine's person is news to theirs")?;
        assert_eq!(c.people, vec![me, grace]);
        assert_eq!(caught(&mut theirs)?, None);
        Ok(())
    }

    #[test]
    fn writes_of_others_before_an_own_write_are_still_offered() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (mut mine, mut theirs) = two(&dir)?;
        let grace = theirs.write(|db| Ok(person(db, "Grace")?))?;
        // No catch-up in between: the own write must not mark their row seen.
        let me = mine.write(|db| Ok(person(db, "Ada")?))?;
        let c = caught(&mut mine)?.ok_or("their person must be offered")?;
        assert_eq!(
            c.people,
            vec![grace, me],
            "theirs, and (harmlessly) mine again"
        );
        assert_eq!(caught(&mut mine)?, None);
        Ok(())
    }

    #[test]
    fn a_plain_sqlite_connection_is_seen_too() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (mut mine, _) = two(&dir)?;
        let raw = Connection::open(dir.path().join("sphere.db"))?;
        raw.execute_batch(
            "INSERT INTO person (first_name, created_at, updated_at) VALUES ('Shell', 'n', 'n');",
        )?;
        let c = caught(&mut mine)?.ok_or("a shell's insert is logged by the triggers")?;
        assert_eq!(c.people, vec![raw.last_insert_rowid()]);
        Ok(())
    }

    #[test]
    fn cascades_and_foreign_key_actions_are_logged() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (mut mine, mut theirs) = two(&dir)?;
        let (org, a, b, t) = mine.write(|db| {
            exec(
                db,
                "INSERT INTO organization (name, created_at, updated_at) VALUES ('Acme', 'n', 'n')",
                [],
            )?;
            let org = db.last_insert_rowid();
            let (a, b) = (person(db, "A")?, person(db, "B")?);
            exec(db, "UPDATE person SET organization_id = ?1", [org])?;
            Ok((org, a, b, tie(db, a, b)?))
        })?;
        theirs.write(|db| {
            exec(db, "DELETE FROM organization WHERE id = ?1", [org])?;
            Ok(())
        })?;
        let c = caught(&mut mine)?.ok_or("an organization deleted")?;
        assert_eq!(c.organizations, vec![org]);
        assert_eq!(c.people, vec![a, b], "their organization was set to NULL");
        theirs.write(|db| {
            exec(db, "DELETE FROM person WHERE id = ?1", [a])?;
            Ok(())
        })?;
        let c = caught(&mut mine)?.ok_or("a person deleted")?;
        assert_eq!(c.people, vec![a]);
        assert_eq!(c.relationships, vec![t], "the relationship went with them");
        Ok(())
    }

    #[test]
    fn introduction_requests_and_the_half_life_are_logged_facts_are_not() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (mut mine, mut theirs) = two(&dir)?;
        let (a, b) = mine.write(|db| Ok((person(db, "A")?, person(db, "B")?)))?;
        let log = |kind: &'static str| {
            move |db: Db<'_>| -> CoreResult<()> {
                exec(
                    db,
                    "INSERT INTO interaction (occurred_at, kind, created_at) VALUES ('n', ?1, 'n')",
                    [kind],
                )?;
                let i = db.last_insert_rowid();
                for p in [a, b] {
                    exec(
                        db,
                        "INSERT INTO interaction_participant (interaction_id, person_id)
                         VALUES (?1, ?2)",
                        [i, p],
                    )?;
                }
                Ok(())
            }
        };
        theirs.write(log("meeting"))?;
        assert_eq!(
            caught(&mut mine)?,
            None,
            "a meeting reaches the graph via summaries"
        );
        theirs.write(log("intro_request"))?;
        let c = caught(&mut mine)?.ok_or("an ask")?;
        assert!(c.asks && c.people.is_empty());
        theirs.write(|db| {
            exec(
                db,
                "INSERT INTO fact (person_id, category, value, created_at, updated_at)
                 VALUES (?1, 'hobby', 'sailing', 'n', 'n')",
                [a],
            )?;
            Ok(())
        })?;
        assert_eq!(caught(&mut mine)?, None, "the graph holds no facts");
        assert!(
            !mine.changed_since_last_check()?,
            "and the commit is acknowledged"
        );
        theirs.write(|db| Ok(crate::stats::set_half_life_days(db, 30.0, crate::now())?))?;
        assert!(caught(&mut mine)?.ok_or("the half-life")?.everything);
        Ok(())
    }

    #[test]
    fn many_changes_or_a_pruned_log_mean_everything() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (mut mine, mut theirs) = two(&dir)?;
        theirs.write(|db| {
            for i in 0..10 {
                person(db, &format!("P{i}"))?;
            }
            Ok(())
        })?;
        let c = mine
            .catch_up(5, |_, c| Ok(c.clone()))?
            .ok_or("ten people")?;
        assert!(c.everything && c.people.is_empty(), "over the limit: {c:?}");
        // Far more rows than the log keeps: the prune trigger bounds it.
        let rows = LOG_KEEP + 5_000;
        theirs.write(|db| {
            exec(
                db,
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
                 INSERT INTO change_log (kind, row_id) SELECT 'person', i FROM n",
                [rows],
            )?;
            Ok(())
        })?;
        let kept: i64 = theirs
            .db()
            .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?;
        assert!(
            (LOG_KEEP..=LOG_KEEP + 1024).contains(&kept),
            "the prune trigger keeps the last {LOG_KEEP} rows (and up to 1,024 more): {kept}"
        );
        let c = mine
            .catch_up(usize::MAX, |_, c| Ok(c.clone()))?
            .ok_or("pruned")?;
        assert!(c.everything, "rows this reader needed are gone: {c:?}");
        assert_eq!(caught(&mut mine)?, None);
        // Emptied by hand: the log starts again below what the reader saw.
        theirs.write(|db| {
            exec(db, "DELETE FROM change_log", [])?;
            person(db, "After")?;
            Ok(())
        })?;
        assert!(caught(&mut mine)?.ok_or("emptied")?.everything);
        let late = theirs.write(|db| Ok(person(db, "Later")?))?;
        assert_eq!(caught(&mut mine)?.ok_or("later")?.people, vec![late]);
        Ok(())
    }

    #[test]
    fn a_bulk_write_logs_one_row_for_everything_and_keeps_the_triggers() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (mut mine, mut theirs) = two(&dir)?;
        let triggers = |s: &Store| -> rusqlite::Result<i64> {
            s.db().query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'",
                [],
                |r| r.get(0),
            )
        };
        let before = triggers(&theirs)?;
        let logged = |s: &Store| -> rusqlite::Result<i64> {
            s.db()
                .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        };
        theirs.write_bulk(|db| {
            for i in 0..100 {
                person(db, &format!("P{i}"))?;
            }
            Ok(())
        })?;
        assert_eq!(logged(&theirs)?, 1, "one row, not a hundred");
        assert_eq!(triggers(&theirs)?, before, "the triggers are back");
        assert!(caught(&mut mine)?.ok_or("the bulk write")?.everything);
        assert_eq!(caught(&mut theirs)?, None, "its own bulk write");
        let p = theirs.write(|db| Ok(person(db, "After")?))?;
        assert_eq!(caught(&mut mine)?.ok_or("logged again")?.people, vec![p]);
        // A bulk write that fails rolls the dropped triggers back with everything else.
        let failed = theirs.write_bulk(|db| -> CoreResult<()> {
            person(db, "Lost")?;
            Err(sphere_domain::error::CoreError::Internal("boom".into()))
        });
        assert!(failed.is_err());
        assert_eq!(triggers(&theirs)?, before);
        assert_eq!(caught(&mut mine)?, None, "nothing committed");
        Ok(())
    }

    #[test]
    fn a_failed_catch_up_is_offered_again() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (mut mine, mut theirs) = two(&dir)?;
        let p = theirs.write(|db| Ok(person(db, "P")?))?;
        let failed = mine.catch_up(100, |_, _| -> sphere_domain::error::CoreResult<()> {
            Err(sphere_domain::error::CoreError::Internal("boom".into()))
        });
        assert!(failed.is_err());
        assert_eq!(caught(&mut mine)?.ok_or("again")?.people, vec![p]);
        Ok(())
    }
}
