//! The vault: an encrypted database holds no readable string of its data (nor does its
//! write-ahead log); a wrong passphrase is refused and leaves the file byte for byte as it
//! was; encrypt → decrypt keeps every row; a locked Sphere answers `locked` until unlocked;
//! the CLI takes the passphrase from `SPHERE_PASSPHRASE` or `--passphrase-file`; backups and
//! photos of an encrypted database are sealed with its key.

mod cli;
mod convert;
mod http;
mod locked;
mod sealed;

use std::path::{Path, PathBuf};

use sphere_api::domain::*;
use sphere_api::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const PASS: &str = "correct horse battery staple";

/// Strings of the data that must not be readable in an encrypted file.
const SECRETS: &[&str] = &[
    "Zebulon",
    "Quillfeather",
    "recovering from chemotherapy",
    "met at the Lisbon synagogue",
    "SQLite format 3",
];

fn opts(passphrase: Option<&str>) -> OpenOptions<'_> {
    OpenOptions {
        passphrase,
        ..Default::default()
    }
}

/// A person, a never fact and a note whose words are [`SECRETS`].
fn write_secrets(sphere: &Sphere) -> Result<Person, ApiError> {
    let person = sphere.person_create(PersonInput {
        first_name: "Zebulon".into(),
        last_name: Some("Quillfeather".into()),
        notes: Some("met at the Lisbon synagogue".into()),
        ..Default::default()
    })?;
    sphere.fact_create(FactInput {
        person_id: person.id,
        category: "health".into(),
        value: "recovering from chemotherapy".into(),
        source: None,
        learned_on: None,
        told_by: None,
    })?;
    Ok(person)
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    haystack.windows(n.len()).any(|w| w == n)
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// The whole file, to compare byte for byte.
fn bytes_of(path: &Path) -> Result<Vec<u8>, std::io::Error> {
    std::fs::read(path)
}

/// A whole database as its backup (every table, with ids): the oracle of "the same data".
fn everything(sphere: &Sphere) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let mut backup = serde_json::to_value(sphere.backup_export(Empty {})?)?;
    // When it was made is not data.
    if let Some(o) = backup.as_object_mut() {
        o.remove("created_at");
        o.remove("exported_at");
    }
    Ok(backup)
}
