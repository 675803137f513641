//! Export formats for the people export: vCard 4.0 (address books) and CSV (spreadsheets).
//!
//! Both are written from a [`PeopleExport`] — the never-safe view `people_export` builds —
//! so never facts and never passages of notes are already left out (unless the user asked for
//! one person); nothing here filters again or reads the store.

pub(crate) mod csv;
mod vcard;

use std::collections::HashMap;

use crate::PeopleExport;
use sphere_domain::error::ApiError;
use sphere_domain::{Id, string_enum};

pub use self::csv::{CSV_COLUMNS, formula_guard, to_csv};
pub use self::vcard::{person_uid, to_vcard};

string_enum! {
    /// What `people_export_file` writes.
    ExportFormat {
        /// The `people_export` answer as JSON (the default).
        Json = "json",
        /// vCard 4.0 (RFC 6350), one card per person.
        Vcard = "vcard",
        /// Comma-separated values with a header line.
        Csv = "csv",
    }
}

impl ExportFormat {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Vcard => "vcf",
            ExportFormat::Csv => "csv",
        }
    }

    /// The media type of the text.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Json => "application/json",
            ExportFormat::Vcard => "text/vcard",
            ExportFormat::Csv => "text/csv",
        }
    }
}

/// What the formats need beyond the export itself: each person's LinkedIn profile (their key
/// in the `linkedin` source of `person_key`), by person id.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    pub linkedin: HashMap<Id, String>,
}

/// A LinkedIn key as a profile URL: kept when it already is one, otherwise read as the
/// profile's handle (`ada-lovelace` → `https://www.linkedin.com/in/ada-lovelace`).
pub fn linkedin_url(key: &str) -> String {
    let key = key.trim();
    let lower = key.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        key.to_string()
    } else if lower.starts_with("www.linkedin.com/") || lower.starts_with("linkedin.com/") {
        format!("https://{key}")
    } else {
        format!("https://www.linkedin.com/in/{}", key.trim_matches('/'))
    }
}

/// Writes `export` in `format`.
pub fn write(
    format: ExportFormat,
    export: &PeopleExport,
    extras: &Extras,
) -> Result<String, ApiError> {
    match format {
        ExportFormat::Json => serde_json::to_string_pretty(export)
            .map(|t| t + "\n")
            .map_err(|e| ApiError::internal(format!("cannot write the export as JSON: {e}"))),
        ExportFormat::Vcard => to_vcard(export, extras),
        ExportFormat::Csv => to_csv(export),
    }
}
