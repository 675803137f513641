//! Calendar capture from an `.ics` file on this machine: read, the meetings written through
//! the shared calendar writer (`sphere_import::calendar`), recorded as a capture source
//! (kind `ics`, the file's path as its label) with the run's counts. Progress and cancel go
//! through the job registry of `import.rs`; a cancelled run writes nothing.

use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Sphere;
use sphere_domain::Id;
use sphere_domain::error::{ApiError, CoreError, ErrorKind};
pub use sphere_import::calendar::{CalendarSummary, IgnoredCount};
use sphere_import::contacts::Progress;
use sphere_store::capture;

/// The largest `.ics` file read (a ten-year calendar with 50,000 events is about 40 MB).
pub const MAX_CALENDAR_BYTES: u64 = 256 * 1024 * 1024;

/// An `.ics` file to import.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct CalendarImportRequest {
    /// The file's path on this machine.
    pub path: String,
    /// A job id chosen by the caller, to follow progress (`import_progress`) and to cancel
    /// (`import_cancel`).
    #[ts(optional)]
    pub job: Option<String>,
}

/// What a calendar import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CalendarResult {
    /// The capture source the file is recorded as (the same one when imported again).
    #[ts(type = "number")]
    pub source_id: Id,
    /// The file, as recorded.
    pub path: String,
    pub summary: CalendarSummary,
}

fn cancelled() -> ApiError {
    ApiError::new(
        ErrorKind::Cancelled,
        "the calendar import was cancelled; nothing was written",
    )
}

/// The file's text (UTF-8, UTF-16 or a legacy charset, as `decode` reads it).
fn read_file(path: &str) -> Result<(String, String), ApiError> {
    let Some(p) = crate::capture::local_path(path) else {
        return Err(ApiError::invalid("path", "give the path of an .ics file"));
    };
    let trimmed = p.display().to_string();
    let p = p.as_path();
    let meta = std::fs::metadata(p)
        .map_err(|e| ApiError::invalid("path", format!("cannot read `{trimmed}`: {e}")))?;
    if meta.is_dir() {
        return Err(ApiError::invalid(
            "path",
            format!("`{trimmed}` is a folder; give an .ics file"),
        ));
    }
    if meta.len() > MAX_CALENDAR_BYTES {
        return Err(ApiError::invalid(
            "path",
            format!(
                "`{trimmed}` is larger than {} MB; export a shorter period",
                MAX_CALENDAR_BYTES / 1024 / 1024
            ),
        ));
    }
    let bytes = std::fs::read(p)
        .map_err(|e| ApiError::invalid("path", format!("cannot read `{trimmed}`: {e}")))?;
    let text = sphere_import::decode::decode(&bytes)
        .map_err(|e| ApiError::invalid("path", format!("{trimmed}: {e}")))?
        .text;
    let label = std::fs::canonicalize(p)
        .map(|c| c.display().to_string())
        .unwrap_or_else(|_| trimmed.to_string());
    Ok((label, text))
}

impl Sphere {
    /// Imports an `.ics` file: meetings with everyone who accepted, planned ones for the
    /// future; importing it again writes only what changed. All or nothing.
    pub fn calendar_import(&self, req: CalendarImportRequest) -> Result<CalendarResult, ApiError> {
        let handle = self.begin_job(req.job.as_deref())?;
        handle.report(Progress {
            phase: "reading".into(),
            done: 0,
            total: 0,
        });
        let (label, text) = read_file(&req.path)?;
        if handle.cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        let mut core = self.store()?;
        let now = core.now();
        // A file is read by its events (no href): an event it holds replaces that event's
        // meetings (moved, declined, cancelled), and an event it does not hold is left as it
        // is. An export of a shorter period saved over the same file must not take the
        // meetings of every other month with it.
        let changed = [(None, None, text)];
        let written = core.store.write_bulk(|tx| {
            let settings = capture::settings(tx)?;
            let source = match capture::find_source(tx, "ics", &label)? {
                Some(s) => s.id,
                None => capture::create_source(
                    tx,
                    "ics",
                    &label,
                    &serde_json::json!({ "path": label }),
                    now,
                )?,
            };
            let summary = sphere_import::calendar::write_calendar_with(
                tx,
                Some(source),
                &changed,
                &[],
                &settings,
                now,
                &mut |p| handle.report(p),
                &handle.cancel,
            )
            .map_err(|e| match e {
                CoreError::Invalid { field, message } if field == "file" => CoreError::Invalid {
                    field: "path".into(),
                    message: format!("{label}: {message}"),
                },
                other => other,
            })?;
            let counts = serde_json::to_value(&summary).unwrap_or_default();
            capture::record_run(tx, source, now, &counts, None)?;
            Ok((source, summary))
        });
        let (source_id, summary) = written?;
        core.reload()?;
        Ok(CalendarResult {
            source_id,
            path: label,
            summary,
        })
    }
}
