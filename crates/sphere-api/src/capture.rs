//! Capture: interactions from the user's mail files (an mbox, a Maildir), and the sources
//! capture has read (`capture_source`): listed, and removed.
//!
//! A file import reads the file or folder on this machine with no lock held (a cancel leaves
//! nothing behind), then writes everything in one transaction with
//! `sphere_import::mail::write_mail_with`, the writer a sync shares; progress and cancel go
//! through the job registry of the address-book imports (`import_progress`,
//! `import_cancel`).

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::{Empty, IdRequest, Sphere};
use sphere_domain::error::ApiError;
use sphere_domain::{Counts, Id};
pub use sphere_import::mail::MailSummary;
use sphere_store::capture::{self, SourceRow};

/// A mail file or folder to import.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct MailImportRequest {
    /// An mbox file (Gmail Takeout, Thunderbird, Apple Mail, mutt) or a Maildir folder (or a
    /// folder of them), on this machine.
    pub path: String,
    /// A job id chosen by the caller, to follow progress (`import_progress`) and to cancel
    /// (`import_cancel`).
    #[ts(optional)]
    pub job: Option<String>,
}

/// A source capture reads, as the Sources page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CaptureSource {
    #[ts(type = "number")]
    pub id: Id,
    /// `mbox`, `maildir`, `ics`, `imap`, `caldav` or `carddav`.
    pub kind: String,
    /// The file's path, the account or the calendar's name.
    pub label: String,
    /// What reading it again needs, without any secret.
    #[ts(type = "Record<string, unknown>")]
    pub config: Value,
    pub created_at: DateTime<Utc>,
    pub last_run_at: Option<DateTime<Utc>>,
    /// The last run that succeeded.
    pub last_ok_at: Option<DateTime<Utc>>,
    /// The last run's error in words (none after a success).
    pub last_error: Option<String>,
    /// What the last run read, kept and ignored (for mail, a `MailSummary` and `unreadable`).
    #[ts(type = "Record<string, unknown>")]
    pub counts: Value,
}

/// What importing a mail file did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CaptureResult {
    /// The source it is recorded as (the same one when the file is imported again).
    pub source: CaptureSource,
    pub summary: MailSummary,
    /// Messages in the file with no header to read.
    pub unreadable: u32,
    /// What the database holds afterwards.
    pub counts: Counts,
}

/// A path on this machine as people give it: typed, pasted from a terminal (in quotes), or
/// dropped from a file manager (`file:///home/dana/Mail%20export/all.mbox`); `~/` is the
/// home folder. `None` when nothing is left.
pub(crate) fn local_path(text: &str) -> Option<PathBuf> {
    let mut t = text.trim();
    for q in ['"', '\'', '`'] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            t = t[1..t.len() - 1].trim();
        }
    }
    if t.is_empty() {
        return None;
    }
    if t.len() > 7
        && t[..7].eq_ignore_ascii_case("file://")
        && let Some(p) = url::Url::parse(t).ok().and_then(|u| u.to_file_path().ok())
    {
        return Some(p);
    }
    if t == "~" {
        return dirs::home_dir();
    }
    if let Some(rest) = t.strip_prefix("~/").or_else(|| t.strip_prefix("~\\"))
        && let Some(home) = dirs::home_dir()
    {
        return Some(home.join(rest));
    }
    Some(PathBuf::from(t))
}

/// Keys of a source's config that are never shown (a source stores none, but a config is
/// JSON anyone could have written).
fn is_secret(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    ["pass", "secret", "token", "credential", "auth"]
        .iter()
        .any(|s| k.contains(s))
}

fn without_secrets(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !is_secret(k))
                .map(|(k, v)| (k.clone(), without_secrets(v)))
                .collect(),
        ),
        Value::Array(list) => Value::Array(list.iter().map(without_secrets).collect()),
        other => other.clone(),
    }
}

impl From<SourceRow> for CaptureSource {
    fn from(s: SourceRow) -> Self {
        Self {
            id: s.id,
            kind: s.kind,
            label: s.label,
            config: without_secrets(&s.config),
            created_at: s.created_at,
            last_run_at: s.last_run_at,
            last_ok_at: s.last_ok_at,
            last_error: s.last_error,
            counts: s.counts,
        }
    }
}

impl Sphere {
    /// Imports the mail of an mbox file or a Maildir folder on this machine: each message
    /// the user exchanged with someone becomes an `email` interaction (see
    /// `sphere_import::mail`), once however often it is imported. Recorded as a source of
    /// kind `mbox` or `maildir` labelled with the path (the same source when the same path
    /// is imported again). All or nothing: a cancel (`import_cancel` on `job`) or an error
    /// writes nothing.
    pub fn mail_import(&self, req: MailImportRequest) -> Result<CaptureResult, ApiError> {
        let Some(path) = local_path(&req.path) else {
            return Err(ApiError::invalid(
                "path",
                "name the mbox file or the Maildir folder to import",
            ));
        };
        let job = req.job.clone().unwrap_or_default();
        let (cancel, _guard) = self.start_job(&job)?;
        let mut report = self.job_reporter(&job);
        // Read before taking the lock: a large file costs nobody else any time.
        let read = sphere_import::mail::read_path(&path, &mut report, &cancel)?;
        let label = std::fs::canonicalize(&path)
            .unwrap_or(path)
            .display()
            .to_string();
        let kind = read.kind.as_str();
        let mut core = self.store()?;
        let now = core.now();
        let (source_id, summary) = core.store.write_bulk(|tx| {
            let settings = capture::settings(tx)?;
            let id = match capture::find_source(tx, kind, &label)? {
                Some(s) => s.id,
                None => capture::create_source(
                    tx,
                    kind,
                    &label,
                    &serde_json::json!({ "path": label }),
                    now,
                )?,
            };
            let summary = sphere_import::mail::write_mail_with(
                tx,
                Some(id),
                &read.headers,
                &settings,
                now,
                &mut report,
                &cancel,
            )?;
            let mut counts = serde_json::to_value(&summary).unwrap_or_default();
            if let Value::Object(map) = &mut counts {
                map.insert("unreadable".into(), read.unreadable.into());
            }
            capture::record_run(tx, id, now, &counts, None)?;
            Ok((id, summary))
        })?;
        core.reload()?;
        let source = capture::get_source(core.db(), source_id)?
            .ok_or_else(|| ApiError::internal("the source just recorded is missing"))?;
        Ok(CaptureResult {
            source: source.into(),
            summary,
            unreadable: read.unreadable,
            counts: core.store.counts()?,
        })
    }

    /// Every source capture reads or has read, oldest first.
    pub fn capture_sources_list(&self, _: Empty) -> Result<Vec<CaptureSource>, ApiError> {
        let core = self.store()?;
        Ok(capture::list_sources(core.db())?
            .into_iter()
            .map(CaptureSource::from)
            .collect())
    }

    /// Disconnects a source: it and its cursor (where a sync stopped) are forgotten. What it
    /// brought in stays: its interactions, and its messages and calendar items (so reading
    /// the same mail again through another source counts nothing twice).
    pub fn capture_source_remove(&self, req: IdRequest) -> Result<CaptureSource, ApiError> {
        let mut core = self.store()?;
        core.store
            .write(|tx| {
                let source = capture::get_source(tx, req.id)?.ok_or_else(|| {
                    sphere_domain::error::CoreError::NotFound(format!(
                        "no source with id {}",
                        req.id
                    ))
                })?;
                capture::delete_source(tx, req.id)?;
                Ok(CaptureSource::from(source))
            })
            .map_err(ApiError::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_read_as_people_give_them() {
        use std::path::PathBuf;
        assert_eq!(local_path("  "), None);
        assert_eq!(local_path("''"), None);
        assert_eq!(
            local_path(" '/tmp/Mail export/all.mbox' "),
            Some(PathBuf::from("/tmp/Mail export/all.mbox"))
        );
        assert_eq!(
            local_path("\"/tmp/a.ics\""),
            Some(PathBuf::from("/tmp/a.ics"))
        );
        #[cfg(unix)]
        assert_eq!(
            local_path("file:///tmp/Mail%20export/all%C3%A9.mbox"),
            Some(PathBuf::from("/tmp/Mail export/allé.mbox"))
        );
        if let Some(home) = dirs::home_dir() {
            assert_eq!(local_path("~/x.mbox"), Some(home.join("x.mbox")));
        }
        assert_eq!(
            local_path("relative/x.mbox"),
            Some(PathBuf::from("relative/x.mbox"))
        );
    }

    #[test]
    fn secrets_never_leave_a_config() {
        let shown = without_secrets(&serde_json::json!({
            "host": "imap.example.org",
            "password": "x",
            "nested": {"oauth_token": "y", "port": 993},
            "AppPassword": "z"
        }));
        assert_eq!(
            shown,
            serde_json::json!({"host": "imap.example.org", "nested": {"port": 993}})
        );
    }
}
