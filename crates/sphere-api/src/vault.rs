//! The vault's commands: whether the database is encrypted and locked, unlocking it with its
//! passphrase (optionally keeping the key in the OS credential store), and locking it again.
//!
//! A [`Sphere`] on an encrypted file can start locked: it holds no store, no graph and no
//! key, and every command that reads the database answers [`ErrorKind::Locked`] (the check is
//! in `Sphere::store`, the one way to the database). Unlocking opens the store and builds the
//! graph; locking drops both, closing the connection and zeroizing the key.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sphere_store::vault::{self, FileKind, VaultKey};
use ts_rs::TS;

use base64::Engine as _;
use sphere_domain::Backup;

use crate::{ApiError, Empty, ErrorKind, Sphere};

/// Is the database encrypted, and is it unlocked?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VaultStatus {
    /// The database file is encrypted (SQLCipher).
    pub encrypted: bool,
    /// Encrypted and not unlocked: every command but the vault's answers `locked`.
    pub locked: bool,
    /// Where the database lives (absent for an in-memory one).
    pub db_path: Option<String>,
    /// This device has a credential store the key can be kept in ("remember on this device").
    pub key_store: bool,
    /// The key of this database is kept in the credential store (the app opens without asking).
    pub remembered: bool,
}

/// A full backup as a file to save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupFile {
    /// `sphere-backup-<day>.json`, or `.sphere-backup` when encrypted.
    pub file_name: String,
    /// The file's bytes, base64.
    pub data: String,
    /// Sealed with the database's key (the database is encrypted).
    pub encrypted: bool,
    /// How many people it holds.
    pub people: u32,
}

/// Unlocks an encrypted database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct VaultUnlock {
    pub passphrase: String,
    /// Keep the key in the OS credential store so this device opens the database without
    /// asking at start (`false` forgets a key kept before; absent leaves it as it is).
    #[serde(default)]
    #[ts(optional)]
    pub remember: Option<bool>,
}

/// How a [`Sphere`] opens its database file.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions<'a> {
    /// The passphrase of an encrypted file; with a new file, creates it encrypted.
    pub passphrase: Option<&'a str>,
    /// Value strengths as of this instant instead of now.
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,
    /// An encrypted file without a passphrase (nor a key kept for it in the credential
    /// store) opens locked instead of failing (the desktop app and `sphere serve`).
    pub allow_locked: bool,
}

/// The credential-store account of a database's key: its absolute path.
fn account(path: &Path) -> String {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    format!("vault:{}", path.display())
}

/// The key kept in the credential store for the database at `path`, if any.
fn recall(path: &Path) -> Option<VaultKey> {
    let secret = zeroize::Zeroizing::new(sphere_sync::credentials::recall(&account(path))?);
    VaultKey::from_secret(&secret)
}

/// The key of `passphrase` for the file at `path` (a new one when there is no file yet).
pub(crate) fn key_for(path: &Path, passphrase: &str) -> Result<VaultKey, ApiError> {
    Ok(VaultKey::for_file(path, passphrase)?)
}

impl Sphere {
    /// Opens the database at `path` as `opts` say: plain, encrypted with a passphrase, or
    /// locked until `vault_unlock` when that is allowed.
    pub fn open_with(path: &Path, opts: OpenOptions<'_>) -> Result<Self, ApiError> {
        let kind = vault::file_kind(path)?;
        let key = match (kind, opts.passphrase) {
            (_, Some(p)) => Some(key_for(path, p)?),
            (FileKind::Encrypted(_), None) if opts.allow_locked => match recall(path) {
                Some(k) => Some(k),
                None => return Ok(Self::locked(path.to_path_buf(), opts.as_of)),
            },
            _ => None,
        };
        match Self::open_store(path, key, opts.as_of) {
            // A kept key that no longer opens the file (it was converted again): ask instead.
            Err(e)
                if opts.passphrase.is_none()
                    && opts.allow_locked
                    && e.kind != ErrorKind::Storage =>
            {
                Ok(Self::locked(path.to_path_buf(), opts.as_of))
            }
            other => other,
        }
    }

    pub fn vault_status(&self, _: Empty) -> Result<VaultStatus, ApiError> {
        let path = self.home.path.clone();
        let encrypted = match &path {
            Some(p) => vault::file_kind(p)?.is_encrypted(),
            None => false,
        };
        let locked = self.core_slot().is_none();
        let key_store = path.is_some() && encrypted && sphere_sync::credentials::available();
        Ok(VaultStatus {
            encrypted,
            locked,
            db_path: path.as_ref().map(|p| p.display().to_string()),
            key_store,
            remembered: key_store && path.as_deref().and_then(recall).is_some(),
        })
    }

    /// Opens the locked database with `passphrase`. A wrong passphrase is refused
    /// (`invalid_input` on `passphrase`) and leaves the file untouched. Already unlocked:
    /// answers the status (after checking the passphrase all the same).
    pub fn vault_unlock(&self, req: VaultUnlock) -> Result<VaultStatus, ApiError> {
        let passphrase = zeroize::Zeroizing::new(req.passphrase);
        let Some(path) = self.home.path.clone() else {
            return Err(ApiError::conflict(
                "an in-memory database has no passphrase",
            ));
        };
        if !vault::file_kind(&path)?.is_encrypted() {
            return Err(ApiError::conflict(format!(
                "{} is not encrypted; there is nothing to unlock",
                path.display()
            )));
        }
        if passphrase.is_empty() {
            return Err(ApiError::invalid(
                "passphrase",
                "type the database's passphrase",
            ));
        }
        let key = key_for(&path, &passphrase)?;
        {
            let mut slot = self.core_slot();
            match slot.as_ref().and_then(|c| c.key.as_ref()) {
                Some(open) if *open == key => {}
                Some(_) => {
                    return Err(ApiError::invalid(
                        "passphrase",
                        format!("wrong passphrase for {}", path.display()),
                    ));
                }
                None => {
                    let opened = Self::open_store(&path, Some(key.clone()), self.home.as_of)?;
                    *slot = opened
                        .core
                        .into_inner()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
            }
        }
        match req.remember {
            Some(true) => {
                sphere_sync::credentials::remember(&account(&path), &key.to_secret());
            }
            Some(false) => sphere_sync::credentials::forget(&account(&path)),
            None => {}
        }
        self.vault_status(Empty {})
    }

    /// Locks an encrypted database: closes it and forgets its key until the next unlock (a
    /// key kept in the credential store stays there; it is used at the next start only).
    pub fn vault_lock(&self, _: Empty) -> Result<VaultStatus, ApiError> {
        let status = self.vault_status(Empty {})?;
        if !status.encrypted {
            return Err(ApiError::conflict(
                "the database is not encrypted, so it cannot be locked; encrypt it first (`sphere encrypt`)",
            ));
        }
        // Dropping the core closes the connection and zeroizes the key.
        self.core_slot().take();
        self.vault_status(Empty {})
    }

    /// A full backup as the bytes of its file: the JSON document of `backup_export`, sealed
    /// with the database's key when the database is encrypted (so the backup is as private
    /// as the database).
    pub fn backup_bytes(&self) -> Result<(Backup, Vec<u8>), ApiError> {
        let backup = self.backup_export(Empty {})?;
        let text = serde_json::to_string_pretty(&backup)
            .map_err(|e| ApiError::internal(format!("cannot write the backup as JSON: {e}")))?
            + "\n";
        let key = self.store()?.key.clone();
        let bytes = match key {
            Some(k) => k.seal_backup(text.as_bytes())?,
            None => text.into_bytes(),
        };
        Ok((backup, bytes))
    }

    /// The backup file for the UI to save: JSON, or sealed bytes for an encrypted database.
    pub fn backup_file(&self, _: Empty) -> Result<BackupFile, ApiError> {
        let (backup, bytes) = self.backup_bytes()?;
        let encrypted = vault::sealed_salt(&bytes).is_some();
        let day = backup.exported_at.format("%Y-%m-%d");
        Ok(BackupFile {
            file_name: if encrypted {
                format!("sphere-backup-{day}.sphere-backup")
            } else {
                format!("sphere-backup-{day}.json")
            },
            data: base64::engine::general_purpose::STANDARD.encode(&bytes),
            encrypted,
            people: backup.people.len() as u32,
        })
    }

    /// The JSON text of a backup file: as it is, or opened when sealed. A sealed backup opens
    /// with this database's key when it was made from this database, else with `passphrase`
    /// (the passphrase of the database it was made from).
    pub fn backup_text(
        &self,
        bytes: Vec<u8>,
        passphrase: Option<&str>,
    ) -> Result<String, ApiError> {
        let Some(salt) = vault::sealed_salt(&bytes) else {
            return String::from_utf8(bytes).map_err(|_| {
                ApiError::invalid(
                    "file",
                    "not a backup: the file is neither JSON text nor an encrypted Sphere backup",
                )
            });
        };
        let own = self.store()?.key.clone().filter(|k| k.salt() == salt);
        let key = match (own, passphrase) {
            (Some(k), _) => k,
            (None, Some(p)) => VaultKey::derive(p, salt)?,
            (None, None) => {
                return Err(ApiError::invalid(
                    "passphrase",
                    "this backup is encrypted: give the passphrase of the database it was made from (SPHERE_PASSPHRASE or --passphrase-file)",
                ));
            }
        };
        let plain = key.unseal_backup(&bytes)?;
        String::from_utf8(plain)
            .map_err(|_| ApiError::invalid("file", "the decrypted backup is not text"))
    }
}

/// Where the database lives and how it was opened, kept while the core is locked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Home {
    pub(crate) path: Option<PathBuf>,
    pub(crate) as_of: Option<chrono::DateTime<chrono::Utc>>,
}

pub use sphere_store::vault::{Direction, Passphrase, Step, convert_temp_path, passphrase_from};

/// Whether the database file at `path` is encrypted (a missing or empty file is not).
pub fn is_encrypted(path: &Path) -> Result<bool, ApiError> {
    Ok(vault::file_kind(path)?.is_encrypted())
}

/// Creates a new database at `path`, encrypted with `passphrase` when one is given. An
/// existing database is refused, untouched.
pub fn create_database(path: &Path, passphrase: Option<&str>) -> Result<(), ApiError> {
    match vault::file_kind(path)? {
        FileKind::New => {}
        kind => {
            return Err(ApiError::conflict(format!(
                "{} already exists ({}); nothing was changed",
                path.display(),
                if kind.is_encrypted() {
                    "encrypted"
                } else {
                    "not encrypted"
                }
            )));
        }
    }
    let key = passphrase.map(VaultKey::generate).transpose()?;
    drop(sphere_store::Store::open_with(path, key.as_ref())?);
    Ok(())
}

/// Encrypts the plain database at `path` with `passphrase`, or decrypts the encrypted one
/// whose passphrase it is (see `sphere_store::vault::convert`: the original stays untouched
/// until the verified copy replaces it). Decrypting forgets a key kept for it on this device.
pub fn convert_database(
    path: &Path,
    direction: Direction,
    passphrase: &str,
    progress: &mut dyn FnMut(Step),
) -> Result<(), ApiError> {
    let key = match direction {
        Direction::Encrypt => {
            if vault::file_kind(path)?.is_encrypted() {
                return Err(ApiError::conflict(format!(
                    "{} is already encrypted",
                    path.display()
                )));
            }
            VaultKey::generate(passphrase)?
        }
        Direction::Decrypt => match vault::file_kind(path)? {
            FileKind::Encrypted(salt) => VaultKey::derive(passphrase, salt)?,
            _ => {
                return Err(ApiError::conflict(format!(
                    "{} is not encrypted",
                    path.display()
                )));
            }
        },
    };
    let photos = sphere_store::photos_dir_of(path);
    vault::convert(path, direction, &key, photos.as_deref(), progress)?;
    if direction == Direction::Decrypt {
        sphere_sync::credentials::forget(&account(path));
    }
    Ok(())
}
