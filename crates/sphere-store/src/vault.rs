//! Encryption at rest ("the vault"): what makes a database file unreadable without its
//! passphrase, and the sealed files (backups, photos) made with the same key.
//!
//! - A passphrase becomes a 256-bit key with Argon2id ([`KDF_MEMORY_KIB`], [`KDF_PASSES`],
//!   one lane) over a 16-byte random salt. SQLCipher gets the key raw (`PRAGMA key =
//!   "x'<key><salt>'"`), so its own PBKDF2 is skipped, and keeps the salt as the file's first
//!   16 bytes: the salt travels with the file and nothing lives beside it.
//! - Sealed files: XChaCha20-Poly1305 under a key derived from the database key with HKDF-SHA256
//!   (one per purpose), after a header naming the format and the salt, so a sealed backup can
//!   be opened with its passphrase alone (restored into a plain database).
//! - Converting a file ([`convert`]) exports it with `sqlcipher_export` into a new file beside
//!   it, checks the copy, and only then renames it over the original.
//!
//! Key material is zeroized when dropped and never printed (`Debug` shows none of it).

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rusqlite::Connection;
use sphere_domain::error::CoreError;
use zeroize::Zeroizing;

use crate::db::connect;
use crate::error::{StoreError, StoreResult};

/// Argon2id memory cost, KiB (64 MiB): about a quarter of a second on a desktop, and costly
/// enough in memory that guessing passphrases on a GPU is slow.
pub const KDF_MEMORY_KIB: u32 = 64 * 1024;
/// Argon2id passes over that memory.
pub const KDF_PASSES: u32 = 3;
const KEY_LEN: usize = 32;
const SALT_LEN: usize = 16;
/// How a plain SQLite file begins.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// The header of a sealed file: magic and format version, then the salt, then the nonce.
const SEALED_MAGIC: &[u8; 8] = b"SPHRVLT1";
const NONCE_LEN: usize = 24;
const SEALED_HEADER: usize = SEALED_MAGIC.len() + SALT_LEN + NONCE_LEN;

/// The key of an encrypted database: 32 bytes from Argon2id and the salt they were made with.
#[derive(Clone, zeroize::ZeroizeOnDrop)]
pub struct VaultKey {
    key: [u8; KEY_LEN],
    salt: [u8; SALT_LEN],
}

impl std::fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VaultKey(..)")
    }
}

impl PartialEq for VaultKey {
    fn eq(&self, other: &Self) -> bool {
        // Constant time is not needed between two keys this process holds; equality is for tests.
        self.key == other.key && self.salt == other.salt
    }
}

impl VaultKey {
    /// Derives the key of `passphrase` with `salt` (Argon2id, see [`KDF_MEMORY_KIB`]).
    pub fn derive(passphrase: &str, salt: [u8; SALT_LEN]) -> StoreResult<Self> {
        if passphrase.is_empty() {
            return Err(CoreError::invalid("passphrase", "the passphrase is empty").into());
        }
        let params = argon2::Params::new(KDF_MEMORY_KIB, KDF_PASSES, 1, Some(KEY_LEN))
            .map_err(|e| CoreError::Internal(format!("Argon2 parameters: {e}")))?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut key = [0u8; KEY_LEN];
        argon
            .hash_password_into(passphrase.as_bytes(), &salt, &mut key)
            .map_err(|e| CoreError::Internal(format!("Argon2: {e}")))?;
        Ok(Self { key, salt })
    }

    /// A new key for `passphrase` with a fresh random salt (a new encrypted file).
    pub fn generate(passphrase: &str) -> StoreResult<Self> {
        Self::derive(passphrase, rand::random())
    }

    /// The key of `passphrase` for the encrypted file at `path` (its salt is the file's first
    /// 16 bytes). A file that is not encrypted is refused with a message saying so.
    pub fn for_file(path: &Path, passphrase: &str) -> StoreResult<Self> {
        match file_kind(path)? {
            FileKind::Encrypted(salt) => Self::derive(passphrase, salt),
            FileKind::Plain => Err(not_encrypted(path).into()),
            FileKind::New => Self::generate(passphrase),
        }
    }

    /// The salt the key was made with (the first 16 bytes of its database file).
    pub fn salt(&self) -> [u8; SALT_LEN] {
        self.salt
    }

    /// The key and salt as 96 hex digits, to keep in the OS credential store.
    pub fn to_secret(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(2 * (KEY_LEN + SALT_LEN)));
        for b in self.key.iter().chain(&self.salt) {
            let _ = write!(s, "{b:02x}");
        }
        s
    }

    /// Reads back [`VaultKey::to_secret`]; `None` when `secret` is not 96 hex digits.
    pub fn from_secret(secret: &str) -> Option<Self> {
        let bytes = secret.as_bytes();
        if bytes.len() != 2 * (KEY_LEN + SALT_LEN) {
            return None;
        }
        let mut all = Zeroizing::new([0u8; KEY_LEN + SALT_LEN]);
        for (i, pair) in bytes.chunks(2).enumerate() {
            let hex = std::str::from_utf8(pair).ok()?;
            all[i] = u8::from_str_radix(hex, 16).ok()?;
        }
        let mut key = [0u8; KEY_LEN];
        let mut salt = [0u8; SALT_LEN];
        key.copy_from_slice(&all[..KEY_LEN]);
        salt.copy_from_slice(&all[KEY_LEN..]);
        Some(Self { key, salt })
    }

    /// SQLCipher's raw-key form: `x'<64 hex key><32 hex salt>'`.
    pub(crate) fn pragma_value(&self) -> Zeroizing<String> {
        let mut s = self.to_secret();
        s.insert_str(0, "x'");
        s.push('\'');
        s
    }

    /// The key of one purpose (`backup`, `photo`) for sealed files.
    fn purpose_key(&self, purpose: &str) -> StoreResult<Zeroizing<[u8; KEY_LEN]>> {
        let hk = hkdf::Hkdf::<sha2::Sha256>::new(Some(&self.salt), &self.key);
        let mut okm = Zeroizing::new([0u8; KEY_LEN]);
        hk.expand(
            format!("sphere vault v1 {purpose}").as_bytes(),
            okm.as_mut(),
        )
        .map_err(|e| CoreError::Internal(format!("HKDF: {e}")))?;
        Ok(okm)
    }

    /// Encrypts a backup document (purpose `backup`).
    pub fn seal_backup(&self, plain: &[u8]) -> StoreResult<Vec<u8>> {
        self.seal(BACKUP, plain)
    }

    /// Decrypts a sealed backup.
    pub fn unseal_backup(&self, data: &[u8]) -> StoreResult<Vec<u8>> {
        self.unseal(BACKUP, data, "the backup")
    }

    /// Encrypts `plain` for `purpose` (authenticated; the header names the format and salt).
    fn seal(&self, purpose: &str, plain: &[u8]) -> StoreResult<Vec<u8>> {
        let key = self.purpose_key(purpose)?;
        let cipher = XChaCha20Poly1305::new(key.as_ref().into());
        let nonce: [u8; NONCE_LEN] = rand::random();
        let mut out = Vec::with_capacity(SEALED_HEADER + plain.len() + 16);
        out.extend_from_slice(SEALED_MAGIC);
        out.extend_from_slice(&self.salt);
        out.extend_from_slice(&nonce);
        let aad = [&out[..], purpose.as_bytes()].concat();
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: &aad,
                },
            )
            .map_err(|_| CoreError::Internal("cannot encrypt".into()))?;
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Decrypts what [`VaultKey::seal`] made for `purpose`. `what` names the data in errors
    /// ("the backup", "the photo of person 12").
    fn unseal(&self, purpose: &str, data: &[u8], what: &str) -> StoreResult<Vec<u8>> {
        let salt = sealed_salt(data).ok_or_else(|| {
            CoreError::invalid("data", format!("{what} is not encrypted by Sphere"))
        })?;
        if salt != self.salt {
            return Err(CoreError::invalid(
                "passphrase",
                format!(
                    "{what} was encrypted with another database's key; give the passphrase it was made with"
                ),
            )
            .into());
        }
        let key = self.purpose_key(purpose)?;
        let cipher = XChaCha20Poly1305::new(key.as_ref().into());
        let aad = [&data[..SEALED_HEADER], purpose.as_bytes()].concat();
        let nonce = XNonce::from_slice(&data[SEALED_MAGIC.len() + SALT_LEN..SEALED_HEADER]);
        cipher
            .decrypt(
                nonce,
                Payload {
                    msg: &data[SEALED_HEADER..],
                    aad: &aad,
                },
            )
            .map_err(|_| {
                CoreError::invalid(
                    "passphrase",
                    format!(
                        "{what} cannot be decrypted: wrong passphrase, or the file was changed"
                    ),
                )
                .into()
            })
    }
}

/// Whether `data` is a sealed file, and with which salt (the passphrase's key is derived with it).
pub fn sealed_salt(data: &[u8]) -> Option<[u8; SALT_LEN]> {
    if data.len() < SEALED_HEADER + 16 || !data.starts_with(SEALED_MAGIC) {
        return None;
    }
    let mut salt = [0u8; SALT_LEN];
    salt.copy_from_slice(&data[SEALED_MAGIC.len()..SEALED_MAGIC.len() + SALT_LEN]);
    Some(salt)
}

/// What a database file is, judged by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// No file, or an empty one: a new database.
    New,
    /// A plain SQLite file (or a file that is no database at all: SQLite then says so).
    Plain,
    /// Not a plain SQLite file: an encrypted one, whose salt is its first 16 bytes.
    Encrypted([u8; SALT_LEN]),
}

impl FileKind {
    pub fn is_encrypted(self) -> bool {
        matches!(self, Self::Encrypted(_))
    }
}

/// Reads the first 16 bytes of `path` to tell a plain database from an encrypted one.
pub fn file_kind(path: &Path) -> StoreResult<FileKind> {
    let mut head = [0u8; SALT_LEN];
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::New),
        Err(e) => return Err(open_error(path, format!("cannot read it: {e}")).into()),
    };
    let mut read = 0;
    while read < head.len() {
        match file.read(&mut head[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => return Err(open_error(path, format!("cannot read it: {e}")).into()),
        }
    }
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    // An encrypted file is whole pages (a multiple of 512 bytes) starting with a random salt,
    // and ciphertext all through; a text file (or anything else that is not a database) is
    // left to SQLite, which says so, and so is a plain database whose first page was damaged
    // (its header zeroed or scrambled, the pages after it still plain).
    let looks_encrypted = len >= 512
        && len % 512 == 0
        && !head
            .iter()
            .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
        && head.iter().any(|&b| b != 0)
        && reads_as_ciphertext(&mut file, len);
    Ok(match read {
        0 => FileKind::New,
        _ if &head == SQLITE_MAGIC => FileKind::Plain,
        _ if looks_encrypted => FileKind::Encrypted(head),
        _ => FileKind::Plain,
    })
}

/// Whether the bytes after the header read as ciphertext: from the second 4 KiB of the file
/// (inside an encrypted file's first 16 KiB page, on a plain file's second page), or the rest
/// of a smaller file. Ciphertext has nearly every byte value and few zeros (4,096 random bytes
/// hold 16 zeros on average and miss almost no value); a plain SQLite page, even one packed
/// with text, has many zeros (record headers, free space) or far fewer distinct values.
fn reads_as_ciphertext(file: &mut std::fs::File, len: u64) -> bool {
    use std::io::{Seek, SeekFrom};
    let (from, to) = if len >= 8192 { (4096, 8192) } else { (16, len) };
    let mut window = vec![0u8; (to - from) as usize];
    if file.seek(SeekFrom::Start(from)).is_err() || file.read_exact(&mut window).is_err() {
        return false;
    }
    let zeros = window.iter().filter(|&&b| b == 0).count();
    let mut seen = [false; 256];
    for &b in &window {
        seen[b as usize] = true;
    }
    let distinct = seen.iter().filter(|&&s| s).count();
    // Scaled to the window: 4,096 random bytes give ~16 zeros and ~256 distinct values.
    zeros * 4096 < 64 * window.len() && distinct * 4096 >= 200 * window.len().min(4096)
}

fn open_error(path: &Path, reason: String) -> CoreError {
    CoreError::Open {
        path: path.display().to_string(),
        reason,
    }
}

fn not_encrypted(path: &Path) -> CoreError {
    CoreError::invalid(
        "passphrase",
        format!(
            "{} is not encrypted, so it takes no passphrase; open it without one, or encrypt it with `sphere encrypt`",
            path.display()
        ),
    )
}

/// The error for an encrypted file opened without its key.
pub fn locked_error(path: &Path) -> CoreError {
    CoreError::Locked(format!(
        "{} is encrypted; unlock it with its passphrase (SPHERE_PASSPHRASE, --passphrase-file, or the prompt)",
        path.display()
    ))
}

/// Checks that the file at `path` matches `key` (a key for an encrypted file, none for a plain
/// one), before anything opens it for writing; says what the file is.
pub(crate) fn check_kind(path: &Path, key: Option<&VaultKey>) -> StoreResult<FileKind> {
    let kind = file_kind(path)?;
    match (kind, key) {
        (FileKind::Encrypted(_), None) => Err(locked_error(path).into()),
        (FileKind::Plain, Some(_)) => Err(not_encrypted(path).into()),
        (FileKind::Encrypted(salt), Some(k)) if salt != k.salt => {
            Err(wrong_passphrase(path).into())
        }
        _ => Ok(kind),
    }
}

fn wrong_passphrase(path: &Path) -> CoreError {
    CoreError::invalid(
        "passphrase",
        format!("wrong passphrase for {}", path.display()),
    )
}

/// Reads the schema with the key just given: SQLCipher checks the key on the first page read.
/// A wrong key reads as "not a database" and becomes "wrong passphrase for <path>".
pub(crate) fn verify_key(conn: &Connection, path: &Path) -> StoreResult<()> {
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(wrong_passphrase(path).into())
        }
        Err(e) => Err(open_error(path, e.to_string()).into()),
    }
}

/// Which way [`convert`] goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Encrypt,
    Decrypt,
}

/// The steps of [`convert`], for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Copying the data into the new file (its size grows towards `total_bytes`).
    Copying { total_bytes: u64 },
    /// Reading the copy back: integrity and row counts against the original.
    Verifying,
    /// Putting the copy in the original's place.
    Replacing,
}

/// The file the conversion writes before it replaces the original.
pub fn convert_temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".converting");
    path.with_file_name(name)
}

/// Encrypts a plain database with `key`, or decrypts an encrypted one opened with `key`:
/// exports it into a new file beside it, checks the copy (integrity, the same rows in every
/// table) and renames it over the original. Until that rename the original is untouched; a
/// copy left by an interrupted run is removed by the next. Refused while another connection
/// has the file open (its write-ahead log outlives our connection then).
pub fn convert(
    path: &Path,
    direction: Direction,
    key: &VaultKey,
    photos_dir: Option<&Path>,
    progress: &mut dyn FnMut(Step),
) -> StoreResult<()> {
    match (direction, file_kind(path)?) {
        (_, FileKind::New) => {
            return Err(
                CoreError::NotFound(format!("there is no database at {}", path.display())).into(),
            );
        }
        (Direction::Encrypt, FileKind::Encrypted(_)) => {
            return Err(
                CoreError::Conflict(format!("{} is already encrypted", path.display())).into(),
            );
        }
        (Direction::Decrypt, FileKind::Plain) => {
            return Err(CoreError::Conflict(format!("{} is not encrypted", path.display())).into());
        }
        _ => {}
    }
    let source_key = (direction == Direction::Decrypt).then_some(key);
    let temp = convert_temp_path(path);
    remove_if_present(&temp)?;
    // CREATE: the ATTACHed copy is created with the connection's flags (the source exists).
    let flags = crate::snapshots::write_flags();
    let fail = |e: rusqlite::Error| StoreError::from(open_error(path, e.to_string()));
    let result = (|| -> StoreResult<()> {
        let source = connect(path, flags, source_key).map_err(fail)?;
        if source_key.is_some() {
            verify_key(&source, path)?;
        }
        source
            .busy_timeout(std::time::Duration::from_secs(5))
            .map_err(fail)?;
        ensure_alone(&source, path)?;
        let total_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        progress(Step::Copying { total_bytes });
        let target_key = match direction {
            Direction::Encrypt => key.pragma_value(),
            Direction::Decrypt => Zeroizing::new(String::new()),
        };
        export_into(&source, &temp, &target_key).map_err(fail)?;
        progress(Step::Verifying);
        let copy_key = (direction == Direction::Encrypt).then_some(key);
        let copy = connect(&temp, flags, copy_key).map_err(fail)?;
        verify_copy(&source, &copy, &temp)?;
        // WAL mode, as Sphere keeps every database (the export leaves the copy in rollback mode).
        copy.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
            .map_err(fail)?;
        drop(copy);
        progress(Step::Replacing);
        source.close().map_err(|(_, e)| fail(e))?;
        if wal_path(path).exists() {
            return Err(busy(path).into());
        }
        std::fs::File::open(&temp)
            .and_then(|f| f.sync_all())
            .map_err(|e| open_error(&temp, format!("cannot flush the copy: {e}")))?;
        std::fs::rename(&temp, path).map_err(|e| {
            open_error(
                path,
                format!("cannot replace it with the converted copy: {e}"),
            )
        })?;
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            // The rename is durable once the folder is flushed (not possible on Windows).
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
        // The pictures follow the database (a failure here leaves each picture whole, and
        // both forms are read: sealed ones with the key, plain ones as they are).
        if let Some(dir) = photos_dir {
            convert_photos(dir, direction, key)?;
        }
        convert_snapshots(path, direction, key);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
        let _ = std::fs::remove_file(wal_path(&temp));
        let _ = std::fs::remove_file(shm_path(&temp));
    }
    result
}

/// Copies every table of `source` into a new database at `target` (encrypted with
/// `target_key`, a `PRAGMA key` value, or plain when it is empty), schema version included.
fn export_into(source: &Connection, target: &Path, target_key: &str) -> rusqlite::Result<()> {
    let target = target.to_string_lossy();
    source.execute(
        "ATTACH DATABASE ?1 AS converted KEY ?2",
        (&*target, target_key),
    )?;
    let version: i64 = source.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
    let exported = source
        .query_row("SELECT sqlcipher_export('converted')", [], |_| Ok(()))
        .and_then(|()| {
            source.execute_batch(&format!("PRAGMA converted.user_version = {version};"))
        });
    let detached = source.execute_batch("DETACH DATABASE converted");
    exported.and(detached)
}

/// The snapshots beside the database follow it into its new form: a plain copy left beside an
/// encrypted database would undo the encryption, and an encrypted one beside a plain database
/// could not be restored. A snapshot that cannot be converted (damaged) is removed rather than
/// left readable. Each is converted into a copy renamed over it, as the database is.
fn convert_snapshots(path: &Path, direction: Direction, key: &VaultKey) {
    let Ok(entries) = std::fs::read_dir(crate::snapshots::dir(path)) else {
        return;
    };
    let flags = crate::snapshots::write_flags();
    for entry in entries.flatten() {
        let file = entry.path();
        if file.extension().and_then(|e| e.to_str()) != Some(crate::snapshots::EXTENSION) {
            continue;
        }
        let done = match (direction, file_kind(&file)) {
            (Direction::Encrypt, Ok(FileKind::Encrypted(_)))
            | (Direction::Decrypt, Ok(FileKind::Plain)) => continue,
            (_, Ok(FileKind::New) | Err(_)) => false,
            _ => {
                let temp = convert_temp_path(&file);
                let _ = std::fs::remove_file(&temp);
                let source_key = (direction == Direction::Decrypt).then_some(key);
                let target_key = match direction {
                    Direction::Encrypt => key.pragma_value(),
                    Direction::Decrypt => Zeroizing::new(String::new()),
                };
                let converted = connect(&file, flags, source_key)
                    .and_then(|source| export_into(&source, &temp, &target_key))
                    .is_ok()
                    && std::fs::rename(&temp, &file).is_ok();
                if !converted {
                    let _ = std::fs::remove_file(&temp);
                }
                converted
            }
        };
        if !done {
            let _ = std::fs::remove_file(&file);
        }
    }
}

/// Refuses when another connection has the database open: after a full checkpoint, ours is
/// the only one when the write-ahead log can be truncated with none reading it.
fn ensure_alone(conn: &Connection, path: &Path) -> StoreResult<()> {
    let (busy_flag, _, _): (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(|e| open_error(path, e.to_string()))?;
    if busy_flag != 0 {
        return Err(busy(path).into());
    }
    Ok(())
}

fn busy(path: &Path) -> CoreError {
    CoreError::Conflict(format!(
        "{} is open in another Sphere (the app, `sphere serve`, another command); close it there and try again",
        path.display()
    ))
}

/// The copy has every table of the original with the same number of rows, and passes SQLite's
/// integrity check.
fn verify_copy(source: &Connection, copy: &Connection, temp: &Path) -> StoreResult<()> {
    let bad = |reason: String| {
        StoreError::from(open_error(
            temp,
            format!("the converted copy is wrong: {reason}"),
        ))
    };
    let check: String = copy
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| bad(e.to_string()))?;
    if check != "ok" {
        return Err(bad(check));
    }
    let tables: Vec<String> = {
        let mut stmt = source
            .prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .map_err(|e| bad(e.to_string()))?;
        let rows = stmt
            .query_map([], |r| r.get(0))
            .map_err(|e| bad(e.to_string()))?;
        rows.collect::<Result<_, _>>()
            .map_err(|e| bad(e.to_string()))?
    };
    for table in tables {
        let sql = format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\""));
        let count = |c: &Connection| c.query_row(&sql, [], |r| r.get::<_, i64>(0));
        let (a, b) = (
            count(source).map_err(|e| bad(e.to_string()))?,
            count(copy).map_err(|e| bad(format!("table {table}: {e}")))?,
        );
        if a != b {
            return Err(bad(format!("table {table} has {b} rows instead of {a}")));
        }
    }
    let version = |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
    if version(source).map_err(|e| bad(e.to_string()))?
        != version(copy).map_err(|e| bad(e.to_string()))?
    {
        return Err(bad("the schema version differs".into()));
    }
    Ok(())
}

fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push("-wal");
    PathBuf::from(name)
}

fn shm_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push("-shm");
    PathBuf::from(name)
}

fn remove_if_present(path: &Path) -> StoreResult<()> {
    for p in [path.to_path_buf(), wal_path(path), shm_path(path)] {
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(open_error(
                    &p,
                    format!("cannot remove a copy left by an earlier run: {e}"),
                )
                .into());
            }
        }
    }
    Ok(())
}

/// Zeroizes a passphrase read from somewhere (a file, the environment, a prompt) when dropped.
pub type Passphrase = Zeroizing<String>;

/// Trims the line ending a passphrase file or prompt leaves (the passphrase itself is kept as typed).
pub fn passphrase_from(mut text: String) -> Passphrase {
    while text.ends_with('\n') || text.ends_with('\r') {
        text.pop();
    }
    Zeroizing::new(text)
}

/// Where people's pictures are kept, and the key they are sealed with when the database is
/// encrypted (purpose `photo`). A picture written before the database was encrypted reads as
/// it is; `convert` seals or opens the folder's pictures along with the database.
#[derive(Debug, Clone)]
pub struct Photos {
    pub dir: PathBuf,
    key: Option<VaultKey>,
}

impl Photos {
    pub fn new(dir: PathBuf, key: Option<VaultKey>) -> Self {
        Self { dir, key }
    }

    /// The bytes to write for a picture: sealed when the database is encrypted.
    pub fn seal<'b>(&self, bytes: &'b [u8]) -> StoreResult<std::borrow::Cow<'b, [u8]>> {
        Ok(match &self.key {
            Some(k) => std::borrow::Cow::Owned(k.seal(PHOTO, bytes)?),
            None => std::borrow::Cow::Borrowed(bytes),
        })
    }

    /// A picture's bytes as read from its file: opened when sealed.
    pub fn open(&self, bytes: Vec<u8>, file: &str) -> StoreResult<Vec<u8>> {
        if sealed_salt(&bytes).is_none() {
            return Ok(bytes);
        }
        match &self.key {
            Some(k) => k.unseal(PHOTO, &bytes, &format!("the picture {file}")),
            None => Err(CoreError::Storage(format!(
                "the picture {} is encrypted but the database is not; encrypt the database again or remove the picture",
                self.dir.join(file).display()
            ))
            .into()),
        }
    }
}

const PHOTO: &str = "photo";
const BACKUP: &str = "backup";

/// Seals (encrypt) or opens (decrypt) every picture in `dir` with `key`, each through a
/// temporary file and a rename, so a picture is always whole; pictures already in the wanted
/// form are left alone.
fn convert_photos(dir: &Path, direction: Direction, key: &VaultKey) -> StoreResult<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(open_error(dir, format!("cannot list the pictures: {e}")).into()),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_file() || path.extension().is_some_and(|e| e == "converting") {
            continue;
        }
        let fail = |e: std::io::Error| StoreError::from(open_error(&path, e.to_string()));
        let bytes = std::fs::read(&path).map_err(fail)?;
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let out = match (direction, sealed_salt(&bytes).is_some()) {
            (Direction::Encrypt, false) => key.seal(PHOTO, &bytes)?,
            (Direction::Decrypt, true) => {
                key.unseal(PHOTO, &bytes, &format!("the picture {name}"))?
            }
            _ => continue,
        };
        let temp = convert_temp_path(&path);
        std::fs::write(&temp, &out).map_err(fail)?;
        std::fs::rename(&temp, &path).map_err(fail)?;
    }
    Ok(())
}
