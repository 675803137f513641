//! The one command set. Every surface (the Tauri shell, the HTTP server, the CLI) calls the
//! methods of [`Sphere`] with the request types below and gets `Result<_, ApiError>` back.
//!
//! [`COMMANDS`] lists the commands by name; [`Sphere::dispatch`] runs one by name from JSON
//! (the HTTP server's path). Both are generated from the single list in `commands!` so they
//! cannot drift; tests check the Tauri shell and the HTTP server against `COMMANDS`.

mod analysis;
mod asks;
mod backups;
mod bindings;
mod calendar;
mod capture;
mod coverage;
pub mod demo;
pub mod export;
mod import;
pub mod integrity;
mod intro;
mod intros;
mod ledger;
mod privacy;
mod requests;
mod restore_rows;
mod reveal;
mod source;
mod sync;
pub mod synth;
mod team;
mod today;
mod vault;
mod warm;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde_json::Value;

pub use crate::export::ExportFormat;
pub use asks::*;
pub use bindings::{BINDINGS_DIR, generated_bindings};
pub use calendar::*;
pub use capture::*;
pub use coverage::*;
pub use import::*;
pub use integrity::{
    DoctorReport, HealthState, SnapshotInfo, SnapshotKeepRequest, SnapshotList,
    SnapshotRestoreRequest, SnapshotRestored, VaultHealth,
};
pub use intros::*;
pub use ledger::*;
pub use privacy::*;
pub use requests::*;
use source::StoreSource;
pub use sphere_domain as domain;
pub use sphere_domain::error::{ApiError, ErrorKind};
use sphere_domain::*;
use sphere_graph::SphereGraph;
pub use sphere_sensitivity as sensitivity;
pub use sphere_store::default_db_path;
use sphere_store::{self as store, Db, Store};
pub use sync::*;
pub use team::*;
pub use today::*;
pub use vault::{
    BackupFile, Direction, OpenOptions, Passphrase, Step, VaultStatus, VaultUnlock,
    convert_database, convert_temp_path, create_database, is_encrypted, passphrase_from,
};
pub use warm::*;

/// The Content-Security-Policy of the UI, wherever it is shown: `sphere serve` sends it, and
/// the desktop window's (`src-tauri/tauri.conf.json`) is this plus the IPC origin (a test of
/// the shell checks it).
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
     base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/// The core, shared by every surface. Cheap to share behind an `Arc`; each command locks the
/// store for its own duration only (never across an `.await`).
pub struct Sphere {
    /// `None` while an encrypted database is locked (see `vault`).
    core: Mutex<Option<Core>>,
    /// Where the database lives, to unlock it again.
    home: vault::Home,
    /// Long-running work (imports) by job id: progress and the cancel flag. Never needs the
    /// store's lock, so progress and cancel answer while an import holds it.
    jobs: import::Jobs,
    /// Address-book changes read by `sync_run`, waiting for `sync_commit`.
    pending_cards: sync::PendingCards,
}

/// The store and the graph built from it, locked together so they never disagree.
struct Core {
    store: Store,
    graph: SphereGraph,
    /// Strengths are valued at this fixed instant when set (analysis "as of" a date);
    /// otherwise at the current time.
    as_of: Option<chrono::DateTime<chrono::Utc>>,
    /// The key of an encrypted database (zeroized when the core is dropped, as locking does).
    key: Option<store::vault::VaultKey>,
}

/// The core of an unlocked [`Sphere`], locked for one command. Made only from a slot that
/// holds a core, so it always derefs to one.
struct CoreGuard<'a>(MutexGuard<'a, Option<Core>>);

impl std::ops::Deref for CoreGuard<'_> {
    type Target = Core;
    fn deref(&self) -> &Core {
        match self.0.as_ref() {
            Some(core) => core,
            None => unreachable!("a CoreGuard is made from a slot holding a core"),
        }
    }
}

impl std::ops::DerefMut for CoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Core {
        match self.0.as_mut() {
            Some(core) => core,
            None => unreachable!("a CoreGuard is made from a slot holding a core"),
        }
    }
}

impl Core {
    /// The instant strengths are valued at.
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.as_of.unwrap_or_else(chrono::Utc::now)
    }

    /// Values strengths again when time has moved on, after counting the planned
    /// interactions whose time has come.
    fn revalue(&mut self) {
        let now = self.now();
        // A failure leaves the plans for the next command; the strengths stay as they were.
        let _ = self.count_due_plans();
        self.graph.revalue_if_stale(now);
    }

    /// Recomputes the summaries that leave out a planned interaction whose time has come
    /// (see `sphere_store::stats`), and re-reads them into the graph.
    fn count_due_plans(&mut self) -> Result<(), ApiError> {
        let now = self.now();
        let due = store::stats::ties_with_due_plans(self.db(), now)?;
        if due.is_empty() {
            return Ok(());
        }
        self.store
            .write(|tx| Ok(store::stats::recompute_stats(tx, Some(&due), now)?))?;
        self.graph
            .refresh_ties(&StoreSource(self.store.db()), &due)?;
        self.settle_rings()
    }

    fn db(&self) -> Db<'_> {
        self.store.db()
    }

    fn path(&self) -> Option<&Path> {
        self.store.path()
    }

    /// Runs a write in one transaction, then brings the graph in step with `sync`, derives
    /// rings again and stores the ones that changed.
    fn write<T>(
        &mut self,
        f: impl FnOnce(Db<'_>) -> sphere_domain::error::CoreResult<T>,
        sync: impl FnOnce(
            &mut SphereGraph,
            &StoreSource<'_>,
            &T,
        ) -> sphere_domain::error::CoreResult<()>,
    ) -> Result<T, ApiError> {
        let out = self.store.write(f)?;
        sync(&mut self.graph, &StoreSource(self.store.db()), &out)?;
        self.settle_rings()?;
        Ok(out)
    }

    fn settle_rings(&mut self) -> Result<(), ApiError> {
        let changed = self.graph.derive_rings();
        if !changed.is_empty() {
            self.store
                .write(|tx| Ok(store::stats::store_derived_rings(tx, &changed)?))?;
        }
        Ok(())
    }

    /// Rebuilds the graph from the database (after a bulk write).
    fn reload(&mut self) -> Result<(), ApiError> {
        let now = self.now();
        self.graph = self
            .store
            .read_bulk(|db| SphereGraph::load(&StoreSource(db), now))?;
        self.count_due_plans()?;
        self.settle_rings()
    }

    /// Brings the graph in step with what other connections (another `sphere` process, a
    /// `sqlite3` shell) wrote since the last command: nothing when `PRAGMA data_version` did
    /// not move (the common case, a few microseconds); otherwise the people, relationships,
    /// organizations and introduction requests the change log names are read again, or the
    /// whole graph when there are many of them, and rings are derived again as after a
    /// write. This process's own writes are not in what it catches up with (the store skips
    /// them).
    fn catch_up(&mut self) -> Result<(), ApiError> {
        let limit = incremental_limit(self.graph.people_count() + self.graph.ties_count());
        let now = self.now();
        let Core { store, graph, .. } = self;
        let caught_up = store.catch_up(limit, |db, changes| {
            let src = StoreSource(db);
            if changes.everything {
                *graph = SphereGraph::load(&src, now)?;
                return Ok(());
            }
            // People first: a new relationship needs both of its people in the graph.
            for &id in &changes.people {
                graph.refresh_person(&src, id)?;
            }
            for &id in &changes.organizations {
                graph.refresh_organization(&src, id)?;
            }
            graph.refresh_ties(&src, &changes.relationships)?;
            if changes.asks {
                graph.reload_ledger(&src)?;
            }
            Ok(())
        })?;
        match caught_up {
            Some(()) => self.settle_rings(),
            None => Ok(()),
        }
    }
}

impl std::fmt::Debug for Sphere {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sphere").finish_non_exhaustive()
    }
}

/// The one list of commands: name, request type, response type, in the order the UI's client
/// lists them. It calls `$callback! { name(Request) -> Response; … }` with every type as a
/// full path, so any crate can generate code from it: this crate's [`COMMANDS`],
/// [`Sphere::dispatch`] and TypeScript client types, and the desktop shell's Tauri commands
/// (`src-tauri/src/commands.rs`). Adding a command is one line here and one method on
/// [`Sphere`]; `src-tauri/build.rs` reads the names from this list too.
#[macro_export]
macro_rules! sphere_commands {
    ($callback:ident) => {
        $callback! {
            /// Database location and record counts (the UI's empty state uses them).
            app_info($crate::Empty) -> $crate::AppInfo;
            person_list($crate::domain::PersonQuery) -> $crate::domain::PersonPage;
            person_get($crate::DetailRequest) -> $crate::domain::PersonDetail;
            person_create($crate::domain::PersonInput) -> $crate::domain::Person;
            person_update($crate::PersonUpdate) -> $crate::domain::Person;
            person_delete($crate::IdRequest) -> $crate::domain::Person;
            org_list($crate::OrgQuery) -> Vec<$crate::domain::OrganizationSummary>;
    /// One organization with its head count.
    org_get($crate::IdRequest) -> $crate::domain::OrganizationSummary;
            org_create($crate::domain::OrganizationInput) -> $crate::domain::Organization;
            org_update($crate::OrgUpdate) -> $crate::domain::Organization;
            org_delete($crate::IdRequest) -> $crate::domain::Organization;
            tie_list($crate::TieQuery) -> Vec<$crate::domain::TieView>;
            /// One relationship with its strength and the evidence for it.
            tie_get($crate::DetailRequest) -> $crate::domain::TieView;
            tie_create($crate::domain::RelationshipInput) -> $crate::domain::Relationship;
            tie_update($crate::TieUpdate) -> $crate::domain::Relationship;
            tie_delete($crate::IdRequest) -> $crate::domain::Relationship;
            interaction_list($crate::InteractionQuery) -> $crate::InteractionPage;
            interaction_log($crate::domain::InteractionInput) -> $crate::domain::InteractionView;
            interaction_delete($crate::IdRequest) -> $crate::domain::InteractionView;
            demo_load($crate::DemoRequest) -> $crate::DemoSummary;
            /// Imports an interaction log (CSV): people by key, a relationship per new pair, an
            /// interaction per row; all or nothing.
            import_log($crate::ImportLogRequest) -> $crate::ImportSummary;
            /// The k best warm paths to a person or into an organization, explained hop by hop.
            path_find($crate::PathQuery) -> $crate::PathResult;
            /// Everyone and every tie with its strength, for the sphere view.
            sphere_view($crate::Empty) -> $crate::SphereView;
            settings_get($crate::Empty) -> $crate::Settings;
            settings_update($crate::SettingsInput) -> $crate::Settings;
            /// The categories of personal facts, each with its bin (never, maybe, fine) and reason.
            fact_categories($crate::Empty) -> Vec<$crate::sensitivity::Category>;
            /// A person's facts; never facts' values only when `reveal_never` asks for them.
            fact_list($crate::FactQuery) -> $crate::FactList;
            fact_create($crate::domain::FactInput) -> $crate::FactView;
            fact_update($crate::FactUpdate) -> $crate::FactView;
            fact_delete($crate::IdRequest) -> $crate::domain::Fact;
            /// Sensitive passages of a text, with category, bin and span.
            text_classify($crate::ClassifyRequest) -> $crate::Classification;
            /// Checks a draft to one person: their never and maybe facts, sensitive wording,
            /// flattery, over-familiarity in a first contact.
            draft_lint($crate::LintRequest) -> $crate::LintResult;
            /// Everyone with their facts; never facts left out unless asked for one person.
            people_export($crate::ExportQuery) -> $crate::PeopleExport;
            /// Reads a LinkedIn, vCard, Google or Outlook file and says what importing it would do;
            /// writes nothing.
            import_preview($crate::ImportFileRequest) -> $crate::ImportPreview;
            /// Imports the file as previewed (with the duplicates accepted and the organization names
            /// written out), in one transaction; progress under `job`, cancellable.
            import_commit($crate::ImportFileRequest) -> $crate::ImportResult;
            /// How far the import running as `job` has got.
            import_progress($crate::JobRequest) -> $crate::JobStatus;
            /// Asks the import running as `job` to stop; it writes nothing.
            import_cancel($crate::JobRequest) -> $crate::JobStatus;
            /// Imports an .ics file: a meeting with each attendee who accepted (planned when in
            /// the future); again, only what changed. Progress under `job`, cancellable.
            calendar_import($crate::CalendarImportRequest) -> $crate::CalendarResult;
            /// Merges one person into another, keeping every fact, relationship and interaction.
            person_merge($crate::MergeRequest) -> $crate::MergeResult;
            /// Makes a referral request from one to three warm paths (a draft unless `send`).
            ask_create($crate::AskInput) -> $crate::Ask;
            /// Referral requests, overdue first, by state, target organization, connector, asker.
            ask_list($crate::AskQuery) -> $crate::AskPage;
            ask_get($crate::IdRequest) -> $crate::Ask;
            /// Moves a request along its pipeline, writing the evidence; refuses what the rules
            /// do not allow, writing nothing.
            ask_move($crate::AskMove) -> $crate::Ask;
            /// Changes what a draft says, or the opportunity of any request.
            ask_update($crate::AskEdit) -> $crate::Ask;
            ask_delete($crate::IdRequest) -> $crate::Ask;
            /// The funnel: conversion per stage, time in each state, acceptance per connector.
            ask_stats($crate::AskQuery) -> $crate::AskStats;
            /// One person's give/ask ledger: balance, band and entries.
            ledger_get($crate::IdRequest) -> $crate::Ledger;
            ledger_add($crate::LedgerInput) -> $crate::Ledger;
            ledger_delete($crate::IdRequest) -> $crate::Ledger;
            /// Your contacts ranked by leverage over a list of targets.
            sources_rank($crate::SourcesQuery) -> $crate::SourcesResult;
    /// The team members (everyone marked as one, except you), by name.
    team_list($crate::Empty) -> Vec<$crate::domain::PersonRef>;
            /// The same export as a file: JSON (default), vCard 4.0 or CSV, by `format`.
            people_export_file($crate::ExportQuery) -> $crate::ExportFile;
            /// A full backup: every table with ids, never facts and photos included.
            backup_export($crate::Empty) -> $crate::domain::Backup;
            /// The backup as a file to save: JSON, sealed with the database's key when it is
            /// encrypted.
            backup_file($crate::Empty) -> $crate::BackupFile;
            /// Restores a backup into an empty database, all or nothing, after checking every row.
            backup_restore($crate::domain::Backup) -> $crate::domain::Counts;
            /// Whether the database is sound, or damaged and open read-only (with what to do).
            vault_health($crate::Empty) -> $crate::VaultHealth;
            /// The snapshots kept beside the database, newest first.
            snapshot_list($crate::Empty) -> $crate::SnapshotList;
            snapshot_create($crate::Empty) -> $crate::SnapshotInfo;
            /// Restores a snapshot after snapshotting the current state (the undo).
            snapshot_restore($crate::SnapshotRestoreRequest) -> $crate::SnapshotRestored;
            snapshot_keep($crate::SnapshotKeepRequest) -> $crate::SnapshotList;
            /// Imports an mbox file or a Maildir folder on this machine: the user's exchanges
            /// become email interactions, once per message; progress under `job`, cancellable.
            mail_import($crate::MailImportRequest) -> $crate::CaptureResult;
            /// The sources capture reads (mail files, accounts, calendars), without secrets.
            capture_sources_list($crate::Empty) -> Vec<$crate::CaptureSource>;
            /// Forgets a source and where its sync stopped; what it brought in stays.
            capture_source_remove($crate::IdRequest) -> $crate::CaptureSource;
            /// Connects a mail (IMAP), calendar (CalDAV) or address-book (CardDAV) server after
            /// checking it answers; the password is never stored in the database.
            sync_add($crate::SyncAddRequest) -> $crate::SyncAdded;
            /// Reads what is new on a connected server: mail and calendars are written batch by
            /// batch with their cursor; an address book comes back as a preview. Progress under
            /// `job`, cancellable.
            sync_run($crate::SyncRunRequest) -> $crate::SyncResult;
            /// Writes an address book's previewed changes with the user's decisions.
            sync_commit($crate::SyncCommitRequest) -> $crate::SyncCommitResult;
            /// Disconnects a server and forgets its kept password; what it brought in stays.
            sync_remove($crate::IdRequest) -> $crate::CaptureSource;
            /// A person's needs and offers (active first, then expired) and whether they are
            /// open to introductions.
            need_offer_list($crate::NeedQuery) -> $crate::NeedOffers;
            /// Adds a need or offer; one naming a never subject is refused, writing nothing.
            need_offer_create($crate::domain::intros::NeedOfferInput) -> $crate::NeedOffers;
            need_offer_update($crate::NeedOfferUpdate) -> $crate::NeedOffers;
            need_offer_delete($crate::IdRequest) -> $crate::NeedOffers;
            /// Sets whether a person is open to introductions (unknown, yes, no).
            intro_openness_set($crate::OpennessInput) -> $crate::NeedOffers;
            /// Pairs of your contacts who could be resources for each other, best first, with
            /// the parts of their score and the reasons as chips.
            intro_suggestions($crate::SuggestionQuery) -> $crate::SuggestionPage;
            /// Sets a suggested pair aside: already know each other (records a relationship),
            /// not a fit, not now.
            intro_dismiss($crate::DismissInput) -> $crate::Dismissal;
            /// Undoes a dismissal.
            intro_undismiss($crate::PairRequest) -> $crate::Dismissal;
            /// The two notes Sphere drafts for an introduction, one to each side.
            intro_draft($crate::PairRequest) -> $crate::IntroNotes;
            /// Starts a double opt-in introduction with you as the connector (a referral request
            /// in mode `connect`).
            intro_start($crate::IntroStart) -> $crate::Ask;
            /// Records one side's answer (opted in, declined) to an introduction you make.
            intro_answer($crate::IntroAnswer) -> $crate::Ask;
            /// The day's list, capped and balanced across kinds, each item with its reason.
            today($crate::TodayQuery) -> $crate::Today;
            /// Hides one Today item until a day, or as handled.
            today_snooze($crate::TodaySnooze) -> $crate::TodaySnoozed;
            /// Everyone's keep-in-touch status, due date, last two-way touch and reason.
            cadence_list($crate::CadenceQuery) -> $crate::CadenceList;
            /// The rings' and tags' cadences, and Today's length.
            cadence_rules($crate::Empty) -> $crate::CadenceRules;
            /// Sets or clears a person's, tag's or ring's cadence (or Today's length).
            cadence_set($crate::CadenceSet) -> $crate::CadenceRules;
            /// Snoozes one person's keep-in-touch reminder until a day (`null` ends it).
            keep_in_touch_snooze($crate::SnoozeRequest) -> $crate::KeepInTouch;
            /// Pauses one person's keep-in-touch reminders until resumed, or resumes them.
            keep_in_touch_pause($crate::PauseRequest) -> $crate::KeepInTouch;
            /// Per ring: share fresh, median days overdue, give/ask balance, by week.
            network_health($crate::Empty) -> $crate::NetworkHealth;
            /// Whether the database is encrypted and locked (answers while locked).
            vault_status($crate::Empty) -> $crate::VaultStatus;
            /// Opens a locked encrypted database with its passphrase; a wrong one writes nothing.
            vault_unlock($crate::VaultUnlock) -> $crate::VaultStatus;
            /// Closes an encrypted database and forgets its key until the next unlock.
            vault_lock($crate::Empty) -> $crate::VaultStatus;
            /// The target accounts, by tier and name (filtered by owner and tier).
            target_list($crate::TargetQuery) -> Vec<$crate::TargetAccount>;
            /// Marks an organization as a target account (owner, tier, note), or changes one.
            target_set($crate::domain::account::TargetInput) -> $crate::TargetAccount;
            /// Unmarks a target account (by organization id); returns what it was, to undo.
            target_remove($crate::IdRequest) -> $crate::TargetAccount;
            /// Reads a list of target accounts (CSV of names or domains) and says what
            /// importing it would do, line by line; writes nothing.
            target_import_preview($crate::TargetImportRequest) -> $crate::TargetImportPreview;
            /// Imports the list as previewed, all or nothing.
            target_import_commit($crate::TargetImportRequest) -> $crate::TargetImportResult;
            /// A person's confirmed roles in their organization's buying group, and what their
            /// title suggests (seniority, functions, roles).
            role_get($crate::IdRequest) -> $crate::PersonRoles;
            role_set($crate::RoleSetRequest) -> $crate::PersonRoles;
            /// Which roles each tier must cover.
            role_templates($crate::Empty) -> $crate::RoleTemplates;
            role_template_set($crate::domain::account::RoleTemplate) -> $crate::RoleTemplates;
            /// Coverage of the target accounts by the team, riskiest first; with `if_leaves`,
            /// the accounts that departure would leave single-threaded or without a path.
            coverage($crate::CoverageQuery) -> $crate::CoverageReport;
            /// A target account's page: its people with roles and seniority, who on the team
            /// covers each, open requests, gaps and the weekly trend.
            account_get($crate::IdRequest) -> $crate::AccountDetail;
            /// Coverage as CSV for the team meeting.
            coverage_export($crate::CoverageQuery) -> $crate::CoverageFile;
            /// Team mode on this device: the server, the team, share level, people never
            /// shared, the last sync, what waits to be sent, conflicts.
            team_status($crate::Empty) -> $crate::TeamStatus;
            /// Joins a team server with an invitation code (checks it before storing anything).
            team_join($crate::TeamJoinRequest) -> $crate::TeamStatus;
            /// Leaves the team on this device (and, when asked, withdraws what was shared).
            team_leave($crate::TeamLeaveRequest) -> $crate::TeamStatus;
            /// Pushes this device's shareable changes and pulls the team's.
            team_sync($crate::Empty) -> $crate::TeamSyncReport;
            /// How much of "I know them" this member shares.
            team_share_set($crate::domain::team::ShareRequest) -> $crate::TeamStatus;
            /// Never shares a person with the team (or shares them again).
            team_never_share($crate::TeamNeverShareRequest) -> $crate::TeamStatus;
            /// Fields where a teammate's newer write won over this device's.
            team_conflicts($crate::Empty) -> Vec<$crate::TeamConflict>;
            /// Keeps this device's value (sent again) or takes the team's.
            team_conflict_resolve($crate::TeamResolveRequest) -> Vec<$crate::TeamConflict>;
            /// Invites someone to the team (admins only); the code is shown once.
            team_invite($crate::domain::team::InviteRequest) -> $crate::domain::team::Invite;
            /// Coverage of the team's target accounts, computed on the server from the shared
            /// graph (team ids).
            team_coverage($crate::CoverageQuery) -> $crate::CoverageReport;
            /// Warm paths on the team's shared graph.
            team_paths($crate::TeamPathsRequest) -> $crate::TeamPaths;
        }
    };
}

macro_rules! core_commands {
    ($( $(#[$doc:meta])* $name:ident($req:ty) -> $res:ty; )+) => {
        /// Every command, by name, in the order the UI's client lists them.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),+];

        impl Sphere {
            /// Runs the command `name` with JSON `args`, as the HTTP server does.
            pub fn dispatch(&self, name: &str, args: Value) -> Result<Value, ApiError> {
                match name {
                    $(stringify!($name) => {
                        let req: $req = decode(name, args)?;
                        encode(self.$name(req)?)
                    })+
                    other => Err(ApiError::not_found(format!(
                        "unknown command `{other}`; known commands: {}", COMMANDS.join(", ")))),
                }
            }
        }

        /// `(command, request type, response type)` as TypeScript, for the generated client.
        pub(crate) fn command_signatures(cfg: &ts_rs::Config) -> Vec<(&'static str, String, String)> {
            use ts_rs::TS;
            vec![$((stringify!($name), <$req as TS>::name(cfg), <$res as TS>::name(cfg))),+]
        }

        /// Visits every request and response type, for exporting their TypeScript.
        pub(crate) fn visit_command_types(v: &mut impl ts_rs::TypeVisitor) {
            $( v.visit::<$req>(); v.visit::<$res>(); )+
        }
    };
}

crate::sphere_commands!(core_commands);

fn decode<T: serde::de::DeserializeOwned>(name: &str, args: Value) -> Result<T, ApiError> {
    // `null` or no body means "no arguments"; let types with defaults accept it.
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    // The path of the offending field ("learned_on", "fact.value") becomes the error's field.
    serde_path_to_error::deserialize(args).map_err(|e| {
        let field = e.path().to_string();
        let mut err = ApiError::new(
            ErrorKind::InvalidInput,
            if field == "." {
                format!("invalid arguments for `{name}`: {}", e.inner())
            } else {
                format!("invalid arguments for `{name}`: {field}: {}", e.inner())
            },
        );
        if field != "." {
            err.field = Some(field);
        }
        err
    })
}

fn encode<T: serde::Serialize>(value: T) -> Result<Value, ApiError> {
    serde_json::to_value(value)
        .map_err(|e| ApiError::internal(format!("cannot encode response: {e}")))
}

impl Sphere {
    /// Opens the database at `path` (creating and migrating it as needed).
    /// A plain file only: an encrypted one is refused as `locked` (see [`Sphere::open_with`]).
    pub fn open(path: &Path) -> Result<Self, ApiError> {
        Self::open_with(path, OpenOptions::default())
    }

    pub fn open_in_memory() -> Result<Self, ApiError> {
        Self::from_store(Store::open_in_memory()?)
    }

    /// Opens the database at `path` with strengths valued as of `at` instead of the current
    /// time (to analyse a past network, such as a message log from another decade).
    pub fn open_as_of(path: &Path, at: chrono::DateTime<chrono::Utc>) -> Result<Self, ApiError> {
        Self::open_with(
            path,
            OpenOptions {
                as_of: Some(at),
                ..Default::default()
            },
        )
    }

    /// Wraps an open store, building the graph from it (and deriving rings).
    pub fn from_store(store: Store) -> Result<Self, ApiError> {
        Self::build(store, None, None)
    }

    /// Opens the store at `path` with `key` (none for a plain file) and builds the graph.
    fn open_store(
        path: &Path,
        key: Option<store::vault::VaultKey>,
        as_of: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<Self, ApiError> {
        Self::build(Store::open_with(path, key.as_ref())?, as_of, key)
    }

    /// A Sphere on the encrypted file at `path`, locked until `vault_unlock`.
    fn locked(path: PathBuf, as_of: Option<chrono::DateTime<chrono::Utc>>) -> Self {
        Self {
            core: Mutex::new(None),
            home: vault::Home {
                path: Some(path),
                as_of,
            },
            jobs: import::Jobs::default(),
            pending_cards: sync::PendingCards::default(),
        }
    }

    fn build(
        store: Store,
        as_of: Option<chrono::DateTime<chrono::Utc>>,
        key: Option<store::vault::VaultKey>,
    ) -> Result<Self, ApiError> {
        let now = as_of.unwrap_or_else(chrono::Utc::now);
        let graph = store.read_bulk(|db| SphereGraph::load(&StoreSource(db), now))?;
        let home = vault::Home {
            path: store.path().map(Path::to_path_buf),
            as_of,
        };
        let mut core = Core {
            store,
            graph,
            as_of,
            key,
        };
        core.count_due_plans()?;
        core.settle_rings()?;
        Ok(Self {
            core: Mutex::new(Some(core)),
            home,
            jobs: import::Jobs::default(),
            pending_cards: sync::PendingCards::default(),
        })
    }

    /// The core, locked for one command, after catching up with what other processes wrote
    /// to the database since the last command (see [`Core::catch_up`]): every command of
    /// every surface goes through here, so none answers from a stale graph, and none reads a
    /// locked (encrypted, not unlocked) database: those answer [`ErrorKind::Locked`].
    fn store(&self) -> Result<CoreGuard<'_>, ApiError> {
        let slot = self.core_slot();
        if slot.is_none() {
            let path = self.home.path.as_deref().unwrap_or(Path::new(":memory:"));
            return Err(store::vault::locked_error(path).into());
        }
        let mut core = CoreGuard(slot);
        core.catch_up()?;
        Ok(core)
    }

    fn core_slot(&self) -> MutexGuard<'_, Option<Core>> {
        // A panic while holding the lock cannot leave a half-written transaction behind
        // (SQLite rolls it back); the graph is rebuilt by the next `reload` at worst, so a
        // poisoned lock is safe to reuse.
        self.core
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn db_path(&self) -> Option<PathBuf> {
        self.home.path.clone()
    }

    pub fn app_info(&self, _: Empty) -> Result<AppInfo, ApiError> {
        let store = self.store()?;
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            db_path: store.path().map(|p| p.display().to_string()),
            schema_version: store.store.schema_version()? as u32,
            counts: store.store.counts()?,
            me: store::centre_person(store.db())?
                .map(|p| store::person_ref(store.db(), p.id))
                .transpose()?,
        })
    }

    pub fn person_list(&self, q: PersonQuery) -> Result<PersonPage, ApiError> {
        Ok(store::list_people(self.store()?.db(), &q)?)
    }

    /// A person's page; the never passages of their notes, ties and interactions hidden
    /// unless `reveal_never` (see [`reveal`]).
    pub fn person_get(&self, req: DetailRequest) -> Result<PersonDetail, ApiError> {
        let relationships = self.enriched_ties(Some(req.id))?;
        let store = self.store()?;
        let conn = store.db();
        let person = store::get_person(conn, req.id)?;
        let organization = person
            .organization_id
            .map(|o| store::get_organization(conn, o))
            .transpose()?;
        let (recent_interactions, interaction_count) =
            store::list_interactions(conn, Some(req.id), RECENT_INTERACTIONS)?;
        let mut detail = PersonDetail {
            person,
            organization,
            connected: !relationships.is_empty(),
            relationships,
            recent_interactions,
            interaction_count,
            hidden_never: 0,
        };
        reveal::Reveal::asked(Some(req.id), req.reveal_never)?.person_detail(&mut detail)?;
        Ok(detail)
    }

    pub fn person_create(&self, input: PersonInput) -> Result<Person, ApiError> {
        let clean = validate::person(&input)?;
        let mut core = self.store()?;
        let person = core.write(
            |tx| Ok(store::insert_person(tx, &clean)?),
            |g, conn, p| g.refresh_person(conn, p.id),
        )?;
        // The ring may have just been derived.
        Ok(store::get_person(core.db(), person.id)?)
    }

    pub fn person_update(&self, req: PersonUpdate) -> Result<Person, ApiError> {
        let clean = validate::person(&req.person)?;
        let mut core = self.store()?;
        let before = store::get_person(core.db(), req.id)?;
        core.write(
            |tx| Ok(store::update_person(tx, req.id, &clean)?),
            |g, conn, p| g.refresh_person(conn, p.id),
        )?;
        let after = store::get_person(core.db(), req.id)?;
        // Who is "us" (the user, the team) decides which ledger entries the log implies.
        if before.is_team != after.is_team
            || (before.ring == Ring::Centre) != (after.ring == Ring::Centre)
        {
            let Core { store, graph, .. } = &mut *core;
            graph.reload_ledger(&StoreSource(store.db()))?;
        }
        Ok(after)
    }

    pub fn person_delete(&self, req: IdRequest) -> Result<Person, ApiError> {
        self.store()?.write(
            |tx| Ok(store::delete_person(tx, req.id)?),
            |g, conn, p| g.refresh_person(conn, p.id),
        )
    }

    pub fn org_list(&self, q: OrgQuery) -> Result<Vec<OrganizationSummary>, ApiError> {
        Ok(store::list_organizations(
            self.store()?.db(),
            q.search.as_deref(),
        )?)
    }

    pub fn org_get(&self, req: IdRequest) -> Result<OrganizationSummary, ApiError> {
        Ok(store::organization_summary(self.store()?.db(), req.id)?)
    }

    pub fn team_list(&self, _: Empty) -> Result<Vec<PersonRef>, ApiError> {
        Ok(store::team_members(self.store()?.db())?)
    }

    pub fn org_create(&self, input: OrganizationInput) -> Result<Organization, ApiError> {
        let clean = validate::organization(&input)?;
        self.store()?.write(
            |tx| Ok(store::insert_organization(tx, &clean)?),
            |_, _, _| Ok(()),
        )
    }

    pub fn org_update(&self, req: OrgUpdate) -> Result<Organization, ApiError> {
        let clean = validate::organization(&req.organization)?;
        self.store()?.write(
            |tx| Ok(store::update_organization(tx, req.id, &clean)?),
            |_, _, _| Ok(()),
        )
    }

    pub fn org_delete(&self, req: IdRequest) -> Result<Organization, ApiError> {
        self.store()?.write(
            |tx| Ok(store::delete_organization(tx, req.id)?),
            |g, conn, o| g.refresh_organization(conn, o.id),
        )
    }

    /// Relationships with strengths; never passages of "how they met" are hidden unless
    /// `reveal_never` (for the person asked about).
    pub fn tie_list(&self, q: TieQuery) -> Result<Vec<TieView>, ApiError> {
        let reveal = reveal::Reveal::asked(q.person_id, q.reveal_never)?;
        let mut ties = self.enriched_ties(q.person_id)?;
        for t in &mut ties {
            reveal.tie(t)?;
        }
        Ok(ties)
    }

    pub fn tie_create(&self, input: RelationshipInput) -> Result<Relationship, ApiError> {
        let clean = validate::relationship(&input)?;
        self.store()?.write(
            |tx| Ok(store::insert_tie(tx, &clean)?),
            |g, conn, t| g.refresh_ties(conn, &[t.id]),
        )
    }

    pub fn tie_update(&self, req: TieUpdate) -> Result<Relationship, ApiError> {
        let clean = validate::relationship(&req.relationship)?;
        self.store()?.write(
            |tx| Ok(store::update_tie(tx, req.id, &clean)?),
            |g, conn, t| g.refresh_ties(conn, &[t.id]),
        )
    }

    pub fn tie_delete(&self, req: IdRequest) -> Result<Relationship, ApiError> {
        self.store()?.write(
            |tx| Ok(store::delete_tie(tx, req.id)?),
            |g, conn, t| g.refresh_ties(conn, &[t.id]),
        )
    }

    pub fn interaction_list(&self, q: InteractionQuery) -> Result<InteractionPage, ApiError> {
        let reveal = reveal::Reveal::asked(q.person_id, q.reveal_never)?;
        let limit = q.limit.unwrap_or(50).clamp(1, 1000);
        let (mut items, total) = store::list_interactions(self.store()?.db(), q.person_id, limit)?;
        for i in &mut items {
            reveal.interaction(i)?;
        }
        Ok(InteractionPage { items, total })
    }

    pub fn interaction_log(&self, input: InteractionInput) -> Result<InteractionView, ApiError> {
        let clean = validate::interaction(&input)?;
        self.store()?.write(
            |tx| Ok(store::log_interaction(tx, &clean)?),
            sync_interaction,
        )
    }

    pub fn interaction_delete(&self, req: IdRequest) -> Result<InteractionView, ApiError> {
        self.store()?.write(
            |tx| Ok(store::delete_interaction(tx, req.id)?),
            sync_interaction,
        )
    }

    pub fn demo_load(&self, req: DemoRequest) -> Result<DemoSummary, ApiError> {
        let seed = req.seed.unwrap_or(crate::demo::DEFAULT_SEED);
        let mut core = self.store()?;
        let now = core.now();
        let mut summary = crate::demo::load(&mut core.store, seed, now)?;
        // The target account nobody reaches, under the same lock: every person of the demo
        // is there before any other command can look.
        let (unreached, away) = core
            .store
            .write(|tx| crate::demo::accounts::write_unreached(tx, now.date_naive()))?;
        core.reload()?;
        drop(core);
        // Referral requests and ledger entries go through the commands, as a user's would.
        crate::demo::referrals::add(self, seed, now)?;
        // Needs and offers too, so introductions are suggested out of the box.
        crate::demo::intros::add(self, seed)?;
        // Birthdays, a promotion and a dormant friend, so Today has something of each.
        crate::demo::today::add(self, summary.me.id, now, &away)?;
        // Target accounts with every verdict, roles and a few weeks of trend.
        crate::demo::accounts::add(self, seed, summary.me.id, now, unreached)?;
        let core = self.store()?;
        summary.me = store::person_ref(core.db(), summary.me.id)?;
        summary.counts = core.store.counts()?;
        Ok(summary)
    }

    /// Resolves a person by id or by name for the CLI: an exact id, or a unique
    /// case-insensitive match on the full name.
    pub fn resolve_person(&self, needle: &str) -> Result<Person, ApiError> {
        if let Ok(id) = needle.trim().parse::<Id>() {
            return Ok(store::get_person(self.store()?.db(), id)?);
        }
        let page = self.person_list(PersonQuery {
            search: Some(needle.to_string()),
            limit: Some(MAX_MATCHES),
            ..Default::default()
        })?;
        let exact: Vec<_> = page
            .items
            .iter()
            .filter(|p| p.display_name.eq_ignore_ascii_case(needle.trim()))
            .collect();
        let pick = match (exact.as_slice(), page.items.as_slice()) {
            ([one], _) => one.id,
            ([], [one]) => one.id,
            ([], []) => return Err(ApiError::not_found(format!("no person matches `{needle}`"))),
            _ => {
                let names: Vec<String> = page
                    .items
                    .iter()
                    .take(8)
                    .map(|p| format!("{} (id {})", p.display_name, p.id))
                    .collect();
                return Err(ApiError::invalid(
                    "person",
                    format!(
                        "`{needle}` matches {} people: {}; use an id",
                        page.total,
                        names.join(", ")
                    ),
                ));
            }
        };
        Ok(store::get_person(self.store()?.db(), pick)?)
    }

    /// Resolves an organization by id or by full name for the CLI.
    pub fn resolve_organization(&self, needle: &str) -> Result<Organization, ApiError> {
        let store = self.store()?;
        if let Ok(id) = needle.trim().parse::<Id>() {
            return Ok(store::get_organization(store.db(), id)?);
        }
        Ok(store::find_organization_by_name(store.db(), needle)?)
    }
}

/// Brings the graph in step after an interaction was logged or deleted: the summaries of the
/// relationships among its participants changed, and introduction requests and introductions
/// are ledger entries.
fn sync_interaction(
    g: &mut SphereGraph,
    conn: &StoreSource<'_>,
    v: &InteractionView,
) -> sphere_domain::error::CoreResult<()> {
    let ties = store::stats::ties_among(conn.0, &v.interaction.participants)?;
    g.refresh_ties(conn, &ties)?;
    if matches!(
        v.interaction.kind,
        InteractionKind::IntroRequest | InteractionKind::Intro
    ) {
        g.refresh_ledger(conn, &v.interaction.participants)?;
    }
    Ok(())
}

/// The most change-log rows of other connections applied one by one; past it the graph is
/// rebuilt. Measured on 100,000 people and 1,000,000 relationships (`benches/sync.rs`):
/// about 1.4 µs per row applied, 0.6 µs per person or relationship rebuilt, so a rebuild
/// wins only past about half the graph's size; and never more rows than the log keeps.
fn incremental_limit(graph_size: usize) -> usize {
    let keep = usize::try_from(store::changes::LOG_KEEP).unwrap_or(usize::MAX);
    (graph_size / 2).clamp(256, keep)
}

/// How many interactions the person page shows.
pub const RECENT_INTERACTIONS: u32 = 20;
const MAX_MATCHES: u32 = 50;
