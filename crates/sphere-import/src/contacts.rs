//! Address-book imports: from a parsed file ([`Parsed`]) to a [`Plan`] the user previews, then
//! to the database in one transaction.
//!
//! **Matching.** A contact is the same person as a stored one when they share an email, a
//! LinkedIn profile URL or member id, the file's own id (vCard `UID`), or, for records with
//! none of those, the same name at the same organization in an earlier import of the same
//! format. Within the file, records that match each other are merged into one. Anything
//! weaker, similar names at the same organization, is only *proposed* as a likely duplicate:
//! it is merged when the user accepts it (by line), never silently.
//!
//! **What is written.** New people; for people already stored, only what they lack (more
//! emails and phones, tags, an empty title or organization, a picture, keys); the importing
//! user's (or a team member's) relationship with everyone in the file, since `Connected On`
//! where known; family relations as never-bin facts; professional ones (manager, assistant,
//! referred by) as relationships; birthdays and credentials as facts. Importing the same file
//! again changes nothing.
//!
//! **Organizations.** One per real company: names are matched by [`orgs::key`]; names with
//! abbreviated words are reported so the user can write them out (and the full names given
//! are used).

//!
//! **Structure.** [`plan`] reads a [`Snapshot`] of what is stored and hands it to
//! [`plan_with`], the planner proper: a pure function of the records and the snapshot, a
//! pipeline of named steps (`contacts/plan/`). [`commit`] writes a plan through the store's
//! import writes (`contacts/commit.rs`).

mod commit;
mod plan;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use sphere_store::Db;
use ts_rs::TS;

use super::contact::{Contact, Format, Parsed, Photo, Skip};
use sphere_domain::error::CoreResult;
use sphere_domain::{Id, PersonRef, TieKind};

pub use commit::commit;
#[cfg(any(test, feature = "testing"))]
pub use plan::testing;
pub use plan::{Snapshot, plan_with};

/// `person_key` sources address-book imports use.
pub const KEY_LINKEDIN: &str = "linkedin";
pub const KEY_LINKEDIN_MEMBER: &str = "linkedin-member";
pub const KEY_UID: &str = "contact-uid";

/// The name-and-organization key source of a format (`name:linkedin`).
fn name_source(format: Format) -> String {
    format!("name:{}", format.as_str())
}

/// What the user decided in the preview.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Whose export this is: a team member's id, or `None` for the user (the centre).
    pub owner: Option<Id>,
    /// Full names for abbreviated organization names, by the name as written in the file.
    pub org_names: HashMap<String, String>,
    /// Lines whose proposed duplicate the user accepted: merged into that person.
    pub merges: HashSet<u64>,
    /// The file's name, recorded as where facts came from.
    pub file_name: String,
}

/// What will happen to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A new person.
    New,
    /// A stored person gains something.
    Update,
    /// Folded into another record of the file or a stored person (same email or URL, or an
    /// accepted duplicate).
    Merge,
    /// A stored person who has everything this record says already.
    Unchanged,
}

/// One record of the preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PreviewRow {
    #[ts(type = "number")]
    pub line: u64,
    pub name: String,
    pub organization: String,
    pub title: String,
    pub email: Option<String>,
    pub action: Action,
    /// The stored person it matches or merges into.
    pub person: Option<PersonRef>,
    /// For a merge within the file: the line it merges into.
    #[ts(type = "number | null")]
    pub merged_into_line: Option<u64>,
    /// What changes, in words ("adds 1 email", "connected since 2021-09-16").
    pub changes: Vec<String>,
    /// Why it matched ("same email ana@acme.com").
    pub reason: String,
}

/// A likely duplicate the user decides on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DuplicateProposal {
    #[ts(type = "number")]
    pub line: u64,
    pub name: String,
    pub organization: String,
    /// The stored person it may be…
    pub person: Option<PersonRef>,
    /// …or the earlier record of the file.
    #[ts(type = "number | null")]
    pub other_line: Option<u64>,
    pub other_name: String,
    pub reason: String,
    /// Whether the request accepted it (it will be merged).
    pub accepted: bool,
}

/// An organization name with abbreviated words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AbbreviatedOrg {
    pub name: String,
    pub words: Vec<String>,
    #[ts(type = "number[]")]
    pub lines: Vec<u64>,
    /// The full name given for it, when one was.
    pub full_name: Option<String>,
}

/// The preview: everything the import would do, before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    pub file_name: String,
    pub format: Format,
    pub layout: String,
    /// Whose connections these are.
    pub owner: Option<PersonRef>,
    /// Why the import cannot be committed as asked (no one to own the connections), if so.
    pub blocker: Option<String>,
    /// Records read (imported or skipped).
    pub records: u32,
    pub new: u32,
    pub updated: u32,
    pub merged: u32,
    pub unchanged: u32,
    pub skipped: Vec<Skip>,
    /// The first records (at most [`PREVIEW_ROWS`]), in file order.
    pub rows: Vec<PreviewRow>,
    pub duplicates: Vec<DuplicateProposal>,
    pub organizations_new: Vec<String>,
    pub organizations_matched: u32,
    pub abbreviations: Vec<AbbreviatedOrg>,
    pub relationships_new: u32,
    /// Facts to record (family relations as never facts, birthdays, credentials).
    pub facts_new: u32,
    /// Of those, never-bin facts (family), hidden by default.
    pub never_facts_new: u32,
    /// People named only as someone's manager, assistant or referrer, created too.
    pub related_people_new: u32,
    pub photos: u32,
    /// What had to be assumed to read the file, and anything left out of a record.
    pub assumptions: Vec<String>,
}

/// How many records the preview lists one by one.
pub const PREVIEW_ROWS: usize = 500;

/// What a commit did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportResult {
    pub preview: ImportPreview,
    pub people_created: u32,
    pub people_updated: u32,
    pub organizations_created: u32,
    pub relationships_created: u32,
    pub facts_created: u32,
    pub photos_saved: u32,
    /// Set when pictures could not be saved (the rest was written).
    pub photo_error: Option<String>,
}

/// Progress of a commit, for a progress bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Progress {
    pub phase: String,
    pub done: u32,
    pub total: u32,
}

// ---------------------------------------------------------------------------------------------
// Planning

/// Where a record's data goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Stored(Id),
    /// The `n`th new person of the plan.
    New(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum OrgRef {
    Stored(Id),
    New(usize),
}

/// A person the plan creates.
#[derive(Debug, Clone)]
struct NewPerson {
    contact: Contact,
    org: Option<OrgRef>,
    /// Named only as a relation of someone in the file.
    related_only: bool,
}

/// What the plan adds to a stored person.
#[derive(Debug, Clone, Default)]
struct Additions {
    emails: Vec<String>,
    phones: Vec<String>,
    tags: Vec<String>,
    title: Option<String>,
    org: Option<OrgRef>,
    notes: Option<String>,
    photo: Option<Photo>,
}

#[derive(Debug, Clone)]
struct PlannedFact {
    target: Target,
    category: &'static str,
    value: String,
    learned_on: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
struct PlannedTie {
    a: Target,
    b: Target,
    kind: TieKind,
    since: Option<NaiveDate>,
    how_met: String,
}

/// Everything an import will do, computed from the file and the database.
#[derive(Debug, Clone)]
pub struct Plan {
    preview: ImportPreview,
    owner: Option<Id>,
    new_orgs: Vec<String>,
    /// Other spellings of organizations (the abbreviations the user wrote out), by key.
    aliases: Vec<(String, OrgRef)>,
    new_people: Vec<NewPerson>,
    additions: FxHashMap<Id, Additions>,
    keys: Vec<(String, String, Target)>,
    ties: Vec<PlannedTie>,
    /// Relationships with the owner whose `since` becomes known.
    since_updates: Vec<(Id, NaiveDate)>,
    facts: Vec<PlannedFact>,
}

impl Plan {
    pub fn preview(&self) -> &ImportPreview {
        &self.preview
    }

    pub fn into_preview(self) -> ImportPreview {
        self.preview
    }
}

/// Adds `from`'s values missing in `into`, compared without regard to case.
fn add_missing(into: &mut Vec<String>, from: &[String]) {
    for x in from {
        if !into.iter().any(|y| y.eq_ignore_ascii_case(x)) {
            into.push(x.clone());
        }
    }
}

/// Plans importing `parsed` (see the module documentation): reads what is stored
/// ([`Snapshot::read`]), then plans against it ([`plan_with`]). Writes nothing.
pub fn plan(db: Db<'_>, parsed: Parsed, opts: &Options) -> CoreResult<Plan> {
    let snapshot = Snapshot::read(db, parsed.format)?;
    plan_with(&snapshot, parsed, opts)
}
