//! The vault's health and its snapshots as commands: whether the database is sound or
//! damaged (open read-only), the snapshots kept beside it, taking one, restoring one (after
//! snapshotting the current state, so it can be undone), and `sphere doctor`'s full check.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Empty, Sphere};
use sphere_domain::Counts;
use sphere_domain::error::ApiError;
use sphere_store::vault::{self, VaultKey};
use sphere_store::{Health, integrity, snapshots};

pub use sphere_store::integrity::write_private;

/// Sound, or damaged (open read-only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HealthState {
    Sound,
    Damaged,
}

/// The database's health, for the banner every page shows when it is damaged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VaultHealth {
    pub state: HealthState,
    /// What is wrong and what to do (damaged only).
    pub message: Option<String>,
}

/// One snapshot kept beside the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SnapshotInfo {
    /// What `snapshot_restore` takes (`20261207-061500-123-daily`).
    pub id: String,
    pub taken_at: DateTime<Utc>,
    /// `daily`, `manual`, `before-migration` or `before-restore`.
    pub reason: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// The snapshots, newest first, and how many are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SnapshotList {
    pub snapshots: Vec<SnapshotInfo>,
    /// How many are kept (those taken before a migration are kept 30 days besides).
    pub keep: u32,
    /// The folder they are in.
    pub folder: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SnapshotRestoreRequest {
    pub id: String,
}

/// What a restore did: the snapshot of the state before it (restore it to undo), and what
/// the database now holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SnapshotRestored {
    pub undo: SnapshotInfo,
    pub counts: Counts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SnapshotKeepRequest {
    pub keep: u32,
}

/// What `sphere doctor` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DoctorReport {
    pub db_path: String,
    pub sound: bool,
    pub findings: Vec<String>,
    pub advice: String,
}

impl From<snapshots::Snapshot> for SnapshotInfo {
    fn from(s: snapshots::Snapshot) -> Self {
        Self {
            id: s.id,
            taken_at: s.taken_at,
            reason: s.reason.as_str().to_string(),
            bytes: s.bytes,
        }
    }
}

fn no_file() -> ApiError {
    ApiError::invalid("db", "a database in memory has no snapshots")
}

impl Sphere {
    pub fn vault_health(&self, _: Empty) -> Result<VaultHealth, ApiError> {
        Ok(match self.store()?.store.health() {
            Health::Sound => VaultHealth {
                state: HealthState::Sound,
                message: None,
            },
            Health::Damaged(message) => VaultHealth {
                state: HealthState::Damaged,
                message: Some(message.clone()),
            },
        })
    }

    pub fn snapshot_list(&self, _: Empty) -> Result<SnapshotList, ApiError> {
        let Some(db) = self.db_path() else {
            return Ok(SnapshotList {
                snapshots: Vec::new(),
                keep: snapshots::DEFAULT_KEEP as u32,
                folder: None,
            });
        };
        list(&db)
    }

    /// Takes a snapshot now.
    pub fn snapshot_create(&self, _: Empty) -> Result<SnapshotInfo, ApiError> {
        let core = self.store()?;
        Ok(core.store.take_snapshot(snapshots::Reason::Manual)?.into())
    }

    /// Restores a snapshot (after snapshotting the current state), then rebuilds the graph.
    pub fn snapshot_restore(
        &self,
        req: SnapshotRestoreRequest,
    ) -> Result<SnapshotRestored, ApiError> {
        let mut core = self.store()?;
        let undo = core.store.restore_snapshot(&req.id)?;
        core.reload()?;
        Ok(SnapshotRestored {
            undo: undo.into(),
            counts: core.store.counts()?,
        })
    }

    /// Chooses how many snapshots are kept.
    pub fn snapshot_keep(&self, req: SnapshotKeepRequest) -> Result<SnapshotList, ApiError> {
        keep_beside(&self.db_path().ok_or_else(no_file)?, req.keep)
    }
}

fn list(db: &Path) -> Result<SnapshotList, ApiError> {
    Ok(SnapshotList {
        snapshots: snapshots::list(db)?.into_iter().map(Into::into).collect(),
        keep: snapshots::keep(db) as u32,
        folder: Some(snapshots::dir(db).display().to_string()),
    })
}

/// The key of the database at `db` when it is encrypted (from `passphrase`, refused when
/// there is none); `None` for a plain file, whatever `passphrase` says.
fn file_key(db: &Path, passphrase: Option<&str>) -> Result<Option<VaultKey>, ApiError> {
    match vault::file_kind(db)? {
        vault::FileKind::Encrypted(_) => match passphrase {
            Some(p) => Ok(Some(super::vault::key_for(db, p)?)),
            None => Err(vault::locked_error(db).into()),
        },
        _ => Ok(None),
    }
}

/// The full check of the database at `db`, without opening it for Sphere (so it works on a
/// file Sphere refuses or opens read-only) and without changing it. An encrypted file needs
/// its `passphrase`.
pub fn doctor(db: &Path, passphrase: Option<&str>) -> Result<DoctorReport, ApiError> {
    let key = file_key(db, passphrase)?;
    let d = integrity::diagnose(db, key.as_ref())?;
    Ok(DoctorReport {
        db_path: db.display().to_string(),
        sound: d.sound,
        findings: d.findings,
        advice: d.advice,
    })
}

/// The snapshots beside the database at `db`, without opening it.
pub fn list_beside(db: &Path) -> Result<SnapshotList, ApiError> {
    list(db)
}

/// Chooses how many snapshots are kept beside the database at `db`, without opening it.
pub fn keep_beside(db: &Path, keep: u32) -> Result<SnapshotList, ApiError> {
    snapshots::set_keep(db, keep as usize)?;
    list(db)
}

/// Restores a snapshot over a file Sphere cannot open; the replaced file's copy, if any. The
/// snapshots of an encrypted database need its `passphrase`.
pub fn restore_unopenable(
    db: &Path,
    id: &str,
    passphrase: Option<&str>,
) -> Result<Option<SnapshotInfo>, ApiError> {
    let file = snapshots::dir(db).join(format!("{id}.{}", snapshots::EXTENSION));
    let key = file_key(&file, passphrase)?;
    Ok(snapshots::restore_unopenable(db, id, key.as_ref())?.map(Into::into))
}
