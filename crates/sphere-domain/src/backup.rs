//! A full backup: every table's rows with their ids, as one JSON document that restores into
//! an empty database exactly. Unlike the people export it holds everything, never facts
//! included: it is the user's own copy of their data, not something to share.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Fact, Id, Interaction, Organization, Person, Relationship};

/// The `format` tag of a backup.
pub const BACKUP_FORMAT: &str = "sphere-backup";
/// The layout version of the backup document this Sphere writes and reads.
pub const BACKUP_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Backup {
    /// Always `sphere-backup`.
    pub format: String,
    /// The layout of this document (1).
    pub version: u32,
    /// The schema version of the database it was taken from.
    pub schema_version: u32,
    pub exported_at: DateTime<Utc>,
    #[serde(default)]
    pub organizations: Vec<Organization>,
    /// `display_name` is derived from the names and ignored on restore.
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub relationships: Vec<BackupTie>,
    #[serde(default)]
    pub interactions: Vec<Interaction>,
    /// Every fact, never facts included.
    #[serde(default)]
    pub facts: Vec<Fact>,
    #[serde(default)]
    pub person_keys: Vec<PersonKey>,
    #[serde(default)]
    pub settings: Vec<SettingEntry>,
    #[serde(default)]
    pub photos: Vec<BackupPhoto>,
    /// Other spellings of organizations' names the user wrote out (`organization_alias`).
    #[serde(default)]
    pub organization_aliases: Vec<OrganizationAlias>,
    /// Referral requests, their connectors and events, and the ledger's typed entries
    /// (schema 9), the capture sources, mail messages and calendar items (schema 11), needs
    /// and offers, openness, dismissed pairs and introductions the user makes (schema 12), and
    /// the keep-in-touch choices, cadence rules and snoozed Today items (schema 13), target
    /// accounts, roles, role templates and weekly coverage (schema 14), each
    /// table whole: [`ROW_TABLES`] lists which.
    #[serde(default)]
    pub tables: Vec<BackupTable>,
}

/// The tables a backup carries as plain rows, in the order they are restored.
pub const ROW_TABLES: &[&str] = &[
    "referral_request",
    "referral_connector",
    "referral_event",
    "ledger_entry",
    "capture_source",
    "mail_message",
    "calendar_item",
    "need_offer",
    "intro_openness",
    "intro_dismissal",
    "intro_connect",
    "keep_in_touch",
    "cadence_rule",
    "today_snooze",
    "target_account",
    "person_role",
    "role_template",
    "coverage_week",
    // The people never shared with a team: the user's choice, restored with them (the rest of
    // team mode is this device's state, and the member's token never goes into a backup).
    "team_never_share",
];

/// One table as rows of values, column by column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BackupTable {
    pub name: String,
    pub columns: Vec<String>,
    #[ts(type = "Array<Array<unknown>>")]
    pub rows: Vec<Vec<serde_json::Value>>,
}

/// A relationship with the summary of its interaction log that strength is computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BackupTie {
    pub relationship: Relationship,
    /// `null` when not computed yet; a restore then computes it from the interactions.
    pub summary: Option<TieSummary>,
    /// When and why the tie became doubtful (a declined referral request), if it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub doubt: Option<(DateTime<Utc>, String)>,
}

/// The stored summary of a relationship's interactions (`relationship.w_*`, `stats_at`…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TieSummary {
    /// The instant the decayed weights are valued at.
    pub stats_at: DateTime<Utc>,
    /// Decayed weight of the interactions `person_a` started.
    pub w_a: f64,
    /// … that `person_b` started.
    pub w_b: f64,
    /// … that neither (or both) started.
    pub w_shared: f64,
    pub first_at: Option<DateTime<Utc>>,
    pub last_at: Option<DateTime<Utc>>,
    /// How many interactions the two shared.
    pub n_shared: u32,
}

/// A person's key in an outside source (`person_key`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonKey {
    pub source: String,
    pub key: String,
    #[ts(type = "number")]
    pub person_id: Id,
}

/// One user preference (`setting`), as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SettingEntry {
    pub key: String,
    pub value: String,
}

/// A person's picture: its row in `person_photo` and the file's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupPhoto {
    #[ts(type = "number")]
    pub person_id: Id,
    /// The file name in the photos folder beside the database.
    pub file: String,
    pub updated_at: DateTime<Utc>,
    /// The file's bytes, base64 (standard alphabet, padded); `null` when the file was
    /// missing (or the database lives in memory and keeps no photos folder).
    pub data: Option<String>,
}

/// Another spelling of an organization's name, by its matching key (`organization_alias`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrganizationAlias {
    pub alias_key: String,
    #[ts(type = "number")]
    pub organization_id: Id,
}
