//! The command line, declared with clap.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use sphere_api::ExportFormat;
use sphere_domain::Id;
use sphere_domain::intros::{DismissReason, Openness, OptIn};
use sphere_domain::ledger::{Direction, LedgerKind};
use sphere_domain::referral::{AskMode, DeclineReason, RequestState, Side};
use sphere_domain::{InteractionKind, Outcome, PersonSort, Ring, TieKind};

#[derive(Debug, Parser)]
#[command(
    name = "sphere",
    version,
    about = "Sphere: your sphere of influence — people, organizations, relationships and interactions",
    after_help = "The database defaults to the per-user data folder; --db or SPHERE_DB choose another file."
)]
pub struct Cli {
    /// The SQLite database file (created if missing).
    #[arg(long, global = true, env = "SPHERE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print JSON (the API's responses and errors) instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
    /// Value strengths as of this date or time (YYYY-MM-DD or RFC 3339) instead of now, to
    /// analyse a past network.
    #[arg(long, global = true, env = "SPHERE_AS_OF", value_name = "WHEN")]
    pub as_of: Option<String>,
    /// Read the passphrase of an encrypted database from this file (its first line). Without
    /// it, `SPHERE_PASSPHRASE` is used, else it is asked for when a terminal is attached.
    #[arg(long, global = true, value_name = "PATH")]
    pub passphrase_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Subcommand)]
pub enum SnapshotsCmd {
    /// The snapshots, newest first, with when, why and how big.
    List,
    /// Take a snapshot now.
    Create,
    /// Put a snapshot back in place of the database. The current state is snapshotted
    /// first, so the restore can be undone by restoring that one.
    Restore {
        /// The snapshot's id (from `sphere snapshots list`).
        id: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Choose how many snapshots are kept (1 to 100; default 7). Those taken before a
    /// migration are kept 30 days besides.
    Keep { count: u32 },
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// People: add, list, show, edit, rm.
    #[command(subcommand)]
    Person(PersonCmd),
    /// Organizations: add, list, edit, rm.
    #[command(subcommand)]
    Org(OrgCmd),
    /// Relationships (ties) between two people: add, list, rm.
    #[command(subcommand)]
    Tie(TieCmd),
    /// Log an interaction (a meeting, call, meal, email, intro...).
    Log(LogArgs),
    /// Warm introduction paths to a person (`--to`) or into an organization (`--org`), ranked.
    Path(PathArgs),
    /// List interactions, most recent first.
    History {
        /// Only interactions this person (id or name) took part in.
        #[arg(long)]
        person: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Fill an empty database with a believable demo network (~300 people).
    Demo {
        /// The same seed always gives the same network.
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Import people from a LinkedIn Connections.csv, a vCard file, or a Google or Outlook
    /// CSV (`import FILE`: a preview; add --commit to write), or an interaction log
    /// (`import log FILE.csv`).
    Import(ImportArgs),
    /// Merge two records of one person: everything of MERGE (facts, relationships,
    /// interactions, emails) moves to KEEP, then MERGE is deleted.
    Merge {
        /// The person who stays (id or name).
        keep: String,
        /// The person merged into them (id or name).
        merge: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Fill an empty database with a large synthetic sales network (for benchmarks):
    /// organizations, heavy-tailed relationships, three years of interactions up to --as-of
    /// (default: today, midnight UTC). The same seed and date give the same network.
    Synth {
        #[arg(long, default_value_t = 100_000)]
        people: usize,
        /// Relationships.
        #[arg(long, default_value_t = 1_000_000)]
        ties: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Serve the UI and the API to a browser on 127.0.0.1 (prints the link to open).
    Serve {
        /// Port on 127.0.0.1; 0 picks a free one.
        #[arg(long, default_value_t = 7878)]
        port: u16,
        /// Folder of the built UI.
        #[arg(long, env = "SPHERE_UI_DIR", value_name = "DIR")]
        ui_dir: Option<PathBuf>,
    },
    /// Where the database is and what it holds.
    Info,
    /// Create a new, empty database (`--encrypt`: encrypted with a passphrase).
    Init {
        /// Encrypt it (SQLCipher; the key is derived from the passphrase with Argon2id).
        #[arg(long)]
        encrypt: bool,
    },
    /// Encrypt an existing database with a new passphrase (a verified copy replaces it).
    Encrypt,
    /// Decrypt an encrypted database back to a plain SQLite file (a verified copy replaces it).
    Decrypt,
    /// What you know about people: add, list, edit, rm (categories: `sphere fact categories`).
    #[command(subcommand)]
    Fact(FactCmd),
    /// Check a draft message to a person: the never and maybe facts of everyone it concerns
    /// (them, `--about` people, anyone it names in full), sensitive wording, flattery,
    /// over-familiarity in a first contact. Reads FILE, or standard input (`-` or nothing).
    /// Exits 1 when something must be removed.
    Lint {
        /// Who the draft is to (id or name).
        #[arg(long)]
        to: String,
        /// Someone else the draft is about, such as the person you ask to meet (name or id;
        /// repeat).
        #[arg(long = "about", value_name = "PERSON")]
        about: Vec<String>,
        /// The draft (`-` or nothing reads standard input).
        file: Option<PathBuf>,
        /// Treat it as a first contact (default: when you have no relationship with them, or
        /// nothing logged).
        #[arg(long, conflicts_with = "not_first_contact")]
        first_contact: bool,
        #[arg(long)]
        not_first_contact: bool,
    },
    /// Find sensitive passages in a text: each with its bin, category and span.
    Classify {
        /// The text (`-` reads standard input).
        text: String,
        /// Also list every cue the lexicon found and which look-alike dropped it (for whoever
        /// edits src/sensitivity/lexicon/en.toml).
        #[arg(long)]
        explain: bool,
    },
    /// Measure the engine: `eval sensitivity [--corpus FILE]`.
    #[command(subcommand)]
    Eval(EvalCmd),
    /// Export everyone with their facts as JSON, vCard or CSV (never facts and never passages
    /// of notes left out, unless --include-never-for names one person).
    Export {
        /// json (everything, as `people_export` answers), vcard (an address book) or csv (a
        /// spreadsheet).
        #[arg(long, value_parser = parse_enum::<ExportFormat>, default_value = "json")]
        format: ExportFormat,
        /// Write here instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Include this one person's never facts (id or name).
        #[arg(long, value_name = "PERSON")]
        include_never_for: Option<String>,
    },
    /// Write a full backup as JSON: every record with its id, never facts and photos included
    /// (keep it as private as the database itself). `sphere restore` reads it back.
    Backup {
        /// Write here instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Check the database file in full (every page, index and reference) without changing
    /// it; says what is wrong and what to do. Exits 1 when the file is damaged.
    Doctor,
    /// Snapshots of the database kept beside it (`<db>.snapshots/`): list, create, restore,
    /// keep.
    #[command(subcommand)]
    Snapshots(SnapshotsCmd),
    /// Restore a backup (from `sphere backup`) into an empty database, all or nothing.
    Restore {
        /// The backup file (`-` reads standard input).
        file: PathBuf,
    },
    /// Referral requests (asks): new, list, show, move, withdraw, stats.
    #[command(subcommand)]
    Ask(AskCmd),
    /// Introductions you could make between two of your contacts: list, dismiss, undo,
    /// introduce (double opt-in), record an answer.
    #[command(subcommand)]
    Suggest(SuggestCmd),
    /// The give/ask ledger of one person (`ledger PERSON`), or a deposit or withdrawal typed
    /// by hand (`ledger PERSON add deposit|withdrawal KIND`).
    Ledger(LedgerArgs),
    /// Referral sources: your contacts ranked by leverage (how many of the targets they
    /// reach × your tie's strength × their ledger).
    Sources(SourcesArgs),
    /// Show the settings, or change the ones given (strength half-lives, maybe facts, your
    /// email addresses, the most recipients of a mail that counts, keeping subjects).
    Settings(SettingsArgs),
    /// Connected mail, calendar and address-book servers: `sync add`, `sync list`,
    /// `sync run ID`, `sync remove ID`.
    #[command(subcommand)]
    Sync(SyncCmd),
    /// Team mode: `team join`, `team status`, `team sync`, `team leave`, `team share`,
    /// `team never-share`, `team conflicts`, `team resolve`, `team invite`, `team coverage`,
    /// `team paths`; the team server: `team serve`, `team init`.
    #[command(subcommand)]
    Team(super::team::TeamCmd),
    /// Keeping in touch: `cadence list`, `cadence set`, `cadence clear`, `cadence off`,
    /// `cadence snooze`, `cadence pause`, `cadence resume`, `cadence rules`.
    #[command(subcommand)]
    Cadence(CadenceCmd),
    /// The day's list: overdue keep-in-touch, requests waiting on you, introductions to make,
    /// dormant ties worth reviving, birthdays and role changes; each with its reason.
    Today {
        /// How many items (1 to 50; default the setting, 7 unless changed).
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Network health per ring: the share of people fresh on their cadence, the median days
    /// overdue, the give/ask balance, and the last 12 weeks' trend.
    Health,
    /// Target accounts (organizations the team means to win): `targets add`, `targets list`,
    /// `targets remove`, `targets import FILE`.
    #[command(subcommand)]
    Targets(TargetsCmd),
    /// Roles people hold in their organization's buying group: `roles set`, `roles show`,
    /// `roles template`.
    #[command(subcommand)]
    Roles(RolesCmd),
    /// Coverage of the target accounts: how the team's relationships reach each one, where it
    /// hangs on one thread, and what if someone leaves. Riskiest first.
    Coverage(CoverageArgs),
    /// One target account: the people there with roles and seniority, who on the team covers
    /// each, role coverage, open requests and gaps.
    Account {
        /// The organization (full name or id).
        org: String,
    },
}

/// `sphere targets add|list|remove|import`.
#[derive(Debug, Subcommand)]
pub enum TargetsCmd {
    /// Mark an organization on record as a target account, or change one (creates no
    /// organization: add it first with `sphere org add`).
    Add {
        /// The organization (full name or id).
        org: String,
        /// 1 (most important) to 3; default 2 for a new account, unchanged for one already
        /// marked.
        #[arg(long)]
        tier: Option<u8>,
        /// The account's owner: you or a team member (name or id).
        #[arg(long)]
        owner: Option<String>,
        /// A note on the account (replaces the one it had).
        #[arg(long)]
        note: Option<String>,
    },
    /// The target accounts, by tier then name.
    #[command(alias = "ls")]
    List {
        /// Only accounts this team member owns (name or id).
        #[arg(long)]
        owner: Option<String>,
        /// Only this tier (1 to 3).
        #[arg(long)]
        tier: Option<u8>,
    },
    /// Unmark a target account (the organization and its people stay).
    #[command(alias = "rm")]
    Remove {
        /// The organization (full name or id).
        org: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Mark the accounts of a list (CSV of names or domains, with optional `tier`, `owner`
    /// and `note` columns). Prints the preview first; writes with --yes or after you confirm
    /// on a terminal.
    Import {
        /// The CSV file (`-` reads standard input).
        file: PathBuf,
        /// The tier of lines that do not say (default 2).
        #[arg(long)]
        tier: Option<u8>,
        /// The owner of lines that do not say (name or id of you or a team member).
        #[arg(long)]
        owner: Option<String>,
        /// Write without asking.
        #[arg(long, short)]
        yes: bool,
    },
}

/// `sphere roles set|show|template`.
#[derive(Debug, Subcommand)]
pub enum RolesCmd {
    /// Confirm the roles a person holds at their organization (replaces those they had).
    Set {
        /// The person (name or id).
        person: String,
        /// economic_buyer, decision_maker, champion, technical_evaluator, procurement,
        /// influencer, user or blocker.
        #[arg(value_parser = parse_role, required_unless_present = "clear")]
        roles: Vec<sphere_domain::account::AccountRole>,
        /// Remove every role the person holds.
        #[arg(long, conflicts_with = "roles")]
        clear: bool,
    },
    /// A person's confirmed roles, the roles their title suggests, their seniority and
    /// functions.
    Show {
        /// The person (name or id).
        person: String,
    },
    /// The roles each tier must cover; with --tier and --roles, set one tier's.
    Template {
        /// The tier to set (1 to 3).
        #[arg(long, requires = "roles")]
        tier: Option<u8>,
        /// The roles it must cover, comma-separated (`--roles ""` for none).
        #[arg(long, requires = "tier", value_delimiter = ',', num_args = 0..)]
        roles: Option<Vec<String>>,
    },
}

/// `sphere coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// One account only (full name or id).
    #[arg(long)]
    pub account: Option<String>,
    /// Coverage as this team member's relationships give it (name or id).
    #[arg(long)]
    pub member: Option<String>,
    /// Only accounts this team member owns (name or id).
    #[arg(long)]
    pub owner: Option<String>,
    /// Only this tier (1 to 3).
    #[arg(long)]
    pub tier: Option<u8>,
    /// Only this verdict: multi_threaded, single_threaded_theirs, single_threaded_ours,
    /// no_thread, no_path or unknown.
    #[arg(long, value_parser = parse_enum::<sphere_domain::account::Verdict>)]
    pub verdict: Option<sphere_domain::account::Verdict>,
    /// What if this person leaves: a team member (with their relationships) or someone at a
    /// target account (name or id).
    #[arg(long, value_name = "PERSON")]
    pub if_leaves: Option<String>,
    /// Write the coverage as CSV to this file (`-`: standard output) instead of the table
    /// (the grid only: a what-if is shown as a table).
    #[arg(long, value_name = "FILE", conflicts_with = "if_leaves")]
    pub csv: Option<PathBuf>,
}

/// A role as typed: `champion`, `economic-buyer`, `Economic buyer`.
pub fn parse_role(s: &str) -> Result<sphere_domain::account::AccountRole, String> {
    let spelled = s.trim().replace(['-', ' '], "_");
    sphere_domain::account::AccountRole::parse(&spelled).ok_or_else(|| {
        format!(
            "`{s}` is not a role; expected one of: {}",
            sphere_domain::account::AccountRole::choices()
        )
    })
}

/// Whose cadence: one of a person, a tag or a ring.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct CadenceTarget {
    /// Name or id.
    #[arg(long)]
    pub person: Option<String>,
    #[arg(long)]
    pub tag: Option<String>,
    /// inner, outer or beyond.
    #[arg(long, value_parser = parse_enum::<sphere_domain::Ring>)]
    pub ring: Option<sphere_domain::Ring>,
}

#[derive(Debug, Subcommand)]
pub enum CadenceCmd {
    /// Everyone's status (overdue, due, dormant first) with due dates and reasons.
    List {
        /// fresh, due, overdue, dormant, booked, snoozed, paused or none.
        #[arg(long, value_parser = parse_enum::<sphere_domain::cadence::KeepInTouchStatus>)]
        status: Option<sphere_domain::cadence::KeepInTouchStatus>,
    },
    /// The rings' and tags' cadences and Today's length.
    Rules {
        /// Set Today's length (1 to 50).
        #[arg(long)]
        today_limit: Option<u32>,
    },
    /// Set an ideal and a maximum number of days between two-way touches.
    Set {
        #[command(flatten)]
        target: CadenceTarget,
        #[arg(long)]
        ideal: u32,
        #[arg(long)]
        max: u32,
    },
    /// No cadence for a person or a ring.
    Off {
        #[command(flatten)]
        target: CadenceTarget,
    },
    /// Back to what applies without it (a person's tags or ring, a ring's default); a tag's
    /// cadence removed.
    Clear {
        #[command(flatten)]
        target: CadenceTarget,
    },
    /// Snooze a person's reminder until a day (YYYY-MM-DD), or for `--days N`.
    Snooze {
        /// Name or id.
        person: String,
        #[arg(long, conflicts_with = "days", required_unless_present = "days")]
        until: Option<String>,
        #[arg(long)]
        days: Option<u32>,
    },
    /// End a snooze.
    Unsnooze {
        person: String,
    },
    /// Pause a person's reminders until resumed.
    Pause {
        person: String,
    },
    Resume {
        person: String,
    },
}

/// `sphere settings [--…]`: without options, the settings as they are.
#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Your own email address, for mail capture (repeat for each; replaces the list).
    #[arg(long = "my-address", value_name = "EMAIL")]
    pub my_addresses: Vec<String>,
    /// Forget the addresses set (your own person's emails still count).
    #[arg(long, conflicts_with = "my_addresses")]
    pub clear_my_addresses: bool,
    /// Mail to more people than this (To and Cc) is ignored as a broadcast (1 to 500).
    #[arg(long)]
    pub max_recipients: Option<u32>,
    /// Keep mail subjects (never passages hidden): true or false.
    #[arg(long, value_name = "true|false")]
    pub keep_subjects: Option<bool>,
    /// Half-life of an interaction's weight in tie strength, in days (7 to 3650).
    #[arg(long)]
    pub half_life: Option<f64>,
    /// Half-life of a give/ask ledger entry, in days (30 to 3650).
    #[arg(long)]
    pub ledger_half_life: Option<f64>,
}

#[derive(Debug, Subcommand)]
pub enum FactCmd {
    /// Record a fact about a person.
    Add {
        /// Id or name.
        person: String,
        /// A category id (`sphere fact categories`), e.g. children, promotion, certification.
        #[arg(long)]
        category: String,
        /// What you know ("Emma, plays soccer at Lincoln High").
        value: String,
        /// Where you learned it.
        #[arg(long)]
        source: Option<String>,
        /// When you learned it (YYYY-MM-DD).
        #[arg(long)]
        learned: Option<chrono::NaiveDate>,
        /// Who told you (id or name).
        #[arg(long)]
        told_by: Option<String>,
    },
    /// List a person's facts by bin; never facts' values stay hidden unless --reveal-never.
    #[command(alias = "ls")]
    List {
        /// Id or name.
        person: String,
        /// Show the values of this person's never facts.
        #[arg(long)]
        reveal_never: bool,
    },
    /// Change a fact (only the fields given).
    Edit {
        id: i64,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        value: Option<String>,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        learned: Option<chrono::NaiveDate>,
    },
    /// Delete a fact by id.
    #[command(alias = "delete")]
    Rm {
        id: i64,
        #[arg(long, short)]
        yes: bool,
    },
    /// The categories, by bin, with the reason for each.
    Categories,
}

#[derive(Debug, Subcommand)]
pub enum EvalCmd {
    /// Precision and recall per bin and the confusion matrix on a labelled corpus
    /// (tab-separated, header `text`, `bin`, `category`); the built-in corpus by default.
    Sensitivity {
        /// A corpus in the same format (the engine judged on sentences it has never seen).
        #[arg(long, conflicts_with = "manifest")]
        corpus: Option<PathBuf>,
        /// A list of corpora with their roles (`tests/data/sensitivity/corpora.toml`): one line
        /// of figures per corpus, the README's table.
        #[arg(long)]
        manifest: Option<PathBuf>,
        /// Also list every sentence the engine got wrong (of one corpus).
        #[arg(long, conflicts_with = "manifest")]
        misses: bool,
    },
}

#[derive(Debug, Args)]
pub struct PersonFields {
    /// Last name.
    #[arg(long)]
    pub last: Option<String>,
    /// Email address (repeat for several).
    #[arg(long = "email", value_name = "EMAIL")]
    pub emails: Vec<String>,
    /// Phone number (repeat for several).
    #[arg(long = "phone", value_name = "PHONE")]
    pub phones: Vec<String>,
    /// Job title.
    #[arg(long)]
    pub title: Option<String>,
    /// Organization, by full name or id (`sphere org add` first).
    #[arg(long)]
    pub org: Option<String>,
    /// Pin the ring by hand (centre marks you); otherwise it is derived from the data.
    #[arg(long, value_parser = parse_enum::<Ring>, conflicts_with = "auto_ring")]
    pub ring: Option<Ring>,
    /// Let the data decide the ring again (undo --ring).
    #[arg(long)]
    pub auto_ring: bool,
    /// A colleague of yours: their relationships count as the team's.
    #[arg(long, conflicts_with = "not_team")]
    pub team: bool,
    /// No longer a team member.
    #[arg(long)]
    pub not_team: bool,
    /// Tag (repeat for several).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PersonCmd {
    /// Add a person.
    Add {
        /// First name (or the only name).
        first: String,
        #[command(flatten)]
        fields: PersonFields,
    },
    /// List people.
    #[command(alias = "ls")]
    List {
        /// Search name, title, email, tags and organization.
        #[arg(long, short)]
        search: Option<String>,
        #[arg(long, value_parser = parse_enum::<Ring>)]
        ring: Option<Ring>,
        /// Only the unconnected: people not at the centre or pinned to a ring who have no
        /// relationship at all (beyond means known through someone; nobody knows them).
        #[arg(long)]
        unconnected: bool,
        /// Organization, by full name or id.
        #[arg(long)]
        org: Option<String>,
        #[arg(long, value_parser = parse_enum::<PersonSort>, default_value = "name")]
        sort: PersonSort,
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// Show one person with relationships and recent interactions (never passages of the
    /// notes hidden).
    Show {
        /// Id or name.
        person: String,
        /// Show the never passages of their notes, ties and interactions as written.
        #[arg(long)]
        reveal_never: bool,
    },
    /// Change a person's fields (only the ones given; --email/--phone/--tag replace the lists).
    Edit {
        /// Id or name.
        person: String,
        /// New first name.
        #[arg(long)]
        first: Option<String>,
        #[command(flatten)]
        fields: PersonFields,
        /// Remove the organization.
        #[arg(long, conflicts_with = "org")]
        no_org: bool,
    },
    /// Delete a person, with their relationships and interactions.
    #[command(alias = "delete")]
    Rm {
        /// Id or name.
        person: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Add something the person looks for ("seed investors", "hiring advice"…).
    Need(NeedArgs),
    /// Add something the person can give.
    Offer(NeedArgs),
    /// List a person's needs and offers (expired ones last) and their openness.
    Needs {
        /// Id or name.
        person: String,
    },
    /// Remove a need or offer by its id (see `person needs`).
    NeedRm { id: Id },
    /// Whether the person is open to introductions: unknown, yes or no (no keeps them out
    /// of suggestions).
    Open {
        /// Id or name.
        person: String,
        #[arg(value_parser = parse_enum::<Openness>)]
        open: Openness,
    },
}

/// A need or an offer.
#[derive(Debug, Args)]
pub struct NeedArgs {
    /// Id or name.
    pub person: String,
    /// A term of the shared vocabulary or your own words.
    pub term: String,
    #[arg(long)]
    pub detail: Option<String>,
    /// The last day it is matched (YYYY-MM-DD; default 90 days from today).
    #[arg(long)]
    pub expires: Option<NaiveDate>,
}

/// `sphere suggest …`.
#[derive(Debug, Subcommand)]
pub enum SuggestCmd {
    /// Pairs of your contacts who could be resources for each other, best first, with why.
    Intros {
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Only pairs with this person (id or name).
        #[arg(long)]
        person: Option<String>,
    },
    /// Set a suggested pair aside.
    Dismiss {
        a: String,
        b: String,
        #[arg(long, value_parser = parse_enum::<DismissReason>)]
        reason: DismissReason,
    },
    /// Undo a dismissal.
    Undismiss { a: String, b: String },
    /// Start a double opt-in introduction between A and B with Sphere's two notes (printed).
    Introduce {
        a: String,
        b: String,
        /// The notes were sent: the introduction waits for both answers.
        #[arg(long)]
        send: bool,
    },
    /// Record one side's answer to an introduction you make (then `ask move ID introduced`).
    Answer {
        /// The request id.
        id: Id,
        #[arg(value_parser = parse_enum::<Side>)]
        side: Side,
        #[arg(value_parser = parse_enum::<OptIn>)]
        answer: OptIn,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrgCmd {
    /// Add an organization (write the name in full).
    Add {
        name: String,
        #[arg(long)]
        domain: Option<String>,
        #[arg(long)]
        industry: Option<String>,
        /// Head-count band, e.g. 51-200.
        #[arg(long)]
        size: Option<String>,
        #[arg(long)]
        location: Option<String>,
    },
    /// List organizations with how many people you know there.
    #[command(alias = "ls")]
    List {
        #[arg(long, short)]
        search: Option<String>,
    },
    /// Delete an organization (its people stay, without one).
    Rm {
        /// Id or full name.
        org: String,
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TieCmd {
    /// Relate two people.
    Add {
        /// Id or name.
        person: String,
        /// Id or name.
        other: String,
        #[arg(long, value_parser = parse_enum::<TieKind>)]
        kind: TieKind,
        /// Known since (YYYY-MM-DD).
        #[arg(long)]
        since: Option<chrono::NaiveDate>,
        #[arg(long)]
        how_met: Option<String>,
        /// Manual strength in [0, 1], with --reason.
        #[arg(long, requires = "reason")]
        strength: Option<f64>,
        /// Why the manual strength ("college roommates").
        #[arg(long, requires = "strength")]
        reason: Option<String>,
    },
    /// List relationships (of one person, or all).
    #[command(alias = "ls")]
    List {
        /// Id or name.
        #[arg(long)]
        person: Option<String>,
    },
    /// Remove a relationship by id.
    Rm {
        id: i64,
        #[arg(long, short)]
        yes: bool,
    },
}

/// `sphere import FILE` or `sphere import log FILE`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub log: Option<ImportCmd>,
    /// The file: LinkedIn's Connections.csv, a .vcf, a Google Contacts or Outlook CSV.
    #[arg(required = true)]
    pub file: Option<PathBuf>,
    /// The file's format (default: detected from its contents).
    #[arg(long, default_value = "auto", value_parser = ["auto", "linkedin", "vcard", "google", "outlook"])]
    pub format: String,
    /// The team member whose export this is (id or name); default: you.
    #[arg(long = "as", value_name = "TEAM_MEMBER")]
    pub as_member: Option<String>,
    /// Write the import (without it, only the preview is shown and nothing is written).
    #[arg(long)]
    pub commit: bool,
    /// The full name of an abbreviated organization: `--org "Am. Soc. of Assn. Exec.=American
    /// Society of Association Executives"` (repeatable).
    #[arg(long = "org", value_name = "AS WRITTEN=FULL NAME")]
    pub org_names: Vec<String>,
    /// Accept the likely duplicate proposed for this line: merge it into that person
    /// (repeatable).
    #[arg(long = "merge", value_name = "LINE")]
    pub merges: Vec<u64>,
    /// List every record of the preview, not only the first 20.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// Import an interaction log: a CSV file with a header line and the columns `from`, `to`,
    /// `at` (RFC 3339 or unix seconds), and optionally `kind` (default message), `from_name`,
    /// `to_name`. People are found by key (created on first sight), each new pair gets a
    /// relationship, each row becomes an interaction started by `from`. All or nothing.
    Log {
        /// The CSV file (`-` reads standard input).
        file: PathBuf,
        /// Whose keys `from` and `to` are (default `log`); importing the same source again
        /// finds the people it created before, and rows already imported are skipped.
        #[arg(long)]
        source: Option<String>,
    },
    /// Import your mail: an mbox file (Gmail Takeout, Thunderbird, Apple Mail) or a Maildir
    /// folder. Each message you exchanged with someone becomes an email interaction, once
    /// however often it is imported; mailing lists, automatic and no-reply mail, calendar
    /// notifications and broadcasts are ignored, and someone new becomes a person only once
    /// you have written to each other. Ctrl-C cancels, writing nothing.
    Mail {
        /// The mbox file or the Maildir folder.
        path: PathBuf,
    },
    /// Import a calendar (.ics from Google, Outlook, Apple…): a meeting with each attendee
    /// who accepted, planned when in the future; importing it again writes only what
    /// changed. Ctrl-C cancels and writes nothing.
    Calendar {
        /// The .ics file.
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct PathArgs {
    /// The person to reach, by name or id.
    #[arg(long, conflicts_with = "org", required_unless_present = "org")]
    pub to: Option<String>,
    /// Reach people at this organization (full name or id): the best path to each of the k
    /// people best reached, with the other ways to them.
    #[arg(long)]
    pub org: Option<String>,
    /// With --org: only people whose title matches this phrase, by seniority and function
    /// ("VP Sales" finds "Vice President, Sales"; "CTO", "Head of", "engineering") or as
    /// typed (repeat, or separate with commas: "VP, Head of").
    #[arg(long, requires = "org")]
    pub title: Vec<String>,
    /// Start from this team member (name or id) instead of you.
    #[arg(long, conflicts_with = "team")]
    pub from: Option<String>,
    /// Start from you and every team member.
    #[arg(long)]
    pub team: bool,
    /// How many paths to a person, or people at an organization (1-20).
    #[arg(short, long, default_value_t = 5)]
    pub k: u32,
    /// At most this many hops (1-5; default 3).
    #[arg(long)]
    pub hops: Option<u32>,
    /// No hop bound (for analysis).
    #[arg(long, conflicts_with = "hops")]
    pub any_length: bool,
    /// Never go through this person (name or id; repeat).
    #[arg(long = "exclude", value_name = "PERSON")]
    pub exclude: Vec<String>,
    /// Only paths whose first relationship is your own (not a team member's).
    #[arg(long)]
    pub mine_first: bool,
    /// Do not count recent introduction requests against connectors.
    #[arg(long)]
    pub no_ask_penalty: bool,
    /// Also print the draft introduction request of the best path.
    #[arg(long)]
    pub draft: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    #[arg(long, value_parser = parse_enum::<InteractionKind>)]
    pub kind: InteractionKind,
    /// A participant, by id or name (repeat for several; the person at the centre is added).
    #[arg(long = "with", value_name = "PERSON", required = true)]
    pub with: Vec<String>,
    /// When: RFC 3339, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD` (local time); default now.
    #[arg(long)]
    pub at: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    #[arg(long, value_parser = parse_enum::<Outcome>)]
    pub outcome: Option<Outcome>,
    /// Who started it (an email's sender), by id or name; one of the participants.
    #[arg(long, value_name = "PERSON")]
    pub from: Option<String>,
    /// Do not add the person at the centre as a participant.
    #[arg(long)]
    pub without_me: bool,
}

#[derive(Debug, Subcommand)]
pub enum AskCmd {
    /// Make a referral request from the best warm paths (a draft unless --send).
    New(Box<AskNewArgs>),
    /// List requests: overdue first, one line each.
    #[command(alias = "ls")]
    List {
        #[arg(long, value_parser = parse_enum::<RequestState>)]
        state: Option<RequestState>,
        /// Only requests that are not final.
        #[arg(long)]
        open: bool,
        /// Target organization (full name or id).
        #[arg(long)]
        org: Option<String>,
        /// One of its connectors (name or id).
        #[arg(long)]
        connector: Option<String>,
        /// Who asked (name or id).
        #[arg(long)]
        asker: Option<String>,
        /// As target or as connector (name or id).
        #[arg(long)]
        person: Option<String>,
    },
    /// One request, whole: connectors with their paths, timeline, next steps, deadline.
    Show { id: i64 },
    /// Move a request to another state (the evidence is logged).
    Move {
        id: i64,
        #[arg(value_parser = parse_enum::<RequestState>)]
        state: RequestState,
        /// Why the connector declined (with connector_declined).
        #[arg(long, value_parser = parse_enum::<DeclineReason>)]
        reason: Option<DeclineReason>,
        #[arg(long)]
        note: Option<String>,
        /// When it happened (YYYY-MM-DD, `YYYY-MM-DD HH:MM` or RFC 3339); default now.
        #[arg(long)]
        at: Option<String>,
    },
    /// Withdraw a request.
    Withdraw {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
    /// The funnel: conversion per stage, time in each state, acceptance per connector.
    Stats,
}

#[derive(Debug, Args)]
pub struct AskNewArgs {
    /// The person to reach (name or id).
    #[arg(long, conflicts_with = "org", required_unless_present = "org")]
    pub to: Option<String>,
    /// Reach someone at this organization (full name or id).
    #[arg(long)]
    pub org: Option<String>,
    /// With --org: title phrases ("VP, Head of"; repeatable).
    #[arg(long, requires = "org")]
    pub title: Vec<String>,
    /// Ask through this connector (name or id; repeat, up to 3, in the order to ask them).
    /// Default: the best paths, up to 3 with different connectors.
    #[arg(long = "via", value_name = "CONNECTOR")]
    pub via: Vec<String>,
    /// introduce (double opt-in) or mention (mention my name).
    #[arg(long, value_parser = parse_enum::<AskMode>)]
    pub mode: Option<AskMode>,
    /// Why this target.
    #[arg(long)]
    pub why_target: Option<String>,
    /// Why now.
    #[arg(long)]
    pub why_now: Option<String>,
    /// The message to the first connector, from a file (`-` reads standard input).
    #[arg(long, conflicts_with = "message")]
    pub message_file: Option<PathBuf>,
    /// The message to the first connector (default: the best path's draft).
    #[arg(long)]
    pub message: Option<String>,
    #[arg(long)]
    pub subject: Option<String>,
    /// The opportunity the request serves (a name).
    #[arg(long)]
    pub opportunity: Option<String>,
    /// The opportunity's value.
    #[arg(long, requires = "opportunity")]
    pub value: Option<f64>,
    /// The opportunity's stage ("discovery").
    #[arg(long, requires = "opportunity")]
    pub stage: Option<String>,
    /// It is sent already: start as asked (the introduction request is logged).
    #[arg(long)]
    pub send: bool,
    /// When it was written (and, with --send, sent): YYYY-MM-DD, `YYYY-MM-DD HH:MM` or
    /// RFC 3339; default now. For an ask made before it was written down.
    #[arg(long)]
    pub at: Option<String>,
}

/// `sphere ledger PERSON [add …]`.
#[derive(Debug, Args)]
pub struct LedgerArgs {
    /// Name or id.
    pub person: String,
    #[command(subcommand)]
    pub add: Option<LedgerCmd>,
}

#[derive(Debug, Subcommand)]
pub enum LedgerCmd {
    /// Add a deposit (you gave) or a withdrawal (you asked).
    Add {
        #[arg(value_parser = parse_enum::<Direction>)]
        direction: Direction,
        /// introduction, referral, favour, advice, endorsement or ask.
        #[arg(value_parser = parse_enum::<LedgerKind>)]
        kind: LedgerKind,
        /// Effort, 0.1 to 10 (default by kind).
        #[arg(long)]
        weight: Option<f64>,
        #[arg(long)]
        note: Option<String>,
        /// When (YYYY-MM-DD, `YYYY-MM-DD HH:MM` or RFC 3339); default now.
        #[arg(long)]
        at: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// A target organization, with title phrases after a colon: "Globex Corporation:VP, Head
    /// of" (repeatable).
    #[arg(long = "org", value_name = "ORG[:TITLES]")]
    pub orgs: Vec<String>,
    /// A target person (name or id; repeatable).
    #[arg(long = "person", value_name = "PERSON")]
    pub people: Vec<String>,
    /// Targets, one a line: an organization (optionally `|VP, Head of`) or a person; blank
    /// lines and lines starting with # are skipped.
    #[arg(long, value_name = "FILE")]
    pub targets_file: Option<PathBuf>,
    /// Paths of at most this many hops from you (2-4; default 3).
    #[arg(long)]
    pub max_hops: Option<u32>,
    /// How many sources (1-200; default 20).
    #[arg(long)]
    pub limit: Option<u32>,
}

fn parse_enum<T: std::str::FromStr<Err = String>>(s: &str) -> Result<T, String> {
    s.parse()
}

/// `sphere sync add|list|run|remove`.
#[derive(Debug, Subcommand)]
pub enum SyncCmd {
    /// Connect a mail (IMAP), calendar (CalDAV) or address-book (CardDAV) server. The
    /// connection is checked first; the password is never stored in the database (with
    /// --remember it goes to the OS credential store, when there is one).
    Add(SyncAddArgs),
    /// The connected servers and file imports, with their last run.
    List,
    /// Read what is new on a connected server. An address book shows a preview; add --commit
    /// to write it.
    Run(SyncRunArgs),
    /// Disconnect a server (what it brought in stays).
    #[command(alias = "rm")]
    Remove {
        /// The source's id (`sphere sync list`).
        id: i64,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct SyncAddArgs {
    /// What kind of server.
    #[arg(value_parser = ["imap", "caldav", "carddav"])]
    pub kind: String,
    /// IMAP: the server's host name (imap.gmail.com, imap.fastmail.com…).
    #[arg(long)]
    pub host: Option<String>,
    /// IMAP: the port (default 993 with TLS, 143 otherwise).
    #[arg(long)]
    pub port: Option<u16>,
    /// IMAP: how the connection is secured.
    #[arg(long, default_value = "tls", value_parser = ["tls", "starttls", "none"])]
    pub security: String,
    /// IMAP: a folder to read (repeatable; default: all but junk, trash and drafts).
    #[arg(long = "folder", value_name = "FOLDER")]
    pub folders: Vec<String>,
    /// CalDAV/CardDAV: the server's address, or one calendar's or address book's.
    #[arg(long)]
    pub url: Option<String>,
    /// The account's user name.
    #[arg(long)]
    pub user: String,
    /// A name for it (default: user@host).
    #[arg(long)]
    pub label: Option<String>,
    /// Read the password from the first line of standard input (else it is asked for).
    #[arg(long)]
    pub password_stdin: bool,
    /// Keep the password in the OS credential store (Keychain, Credential Manager, Secret
    /// Service) when there is one.
    #[arg(long)]
    pub remember: bool,
}

#[derive(Debug, Args)]
pub struct SyncRunArgs {
    /// The source's id (`sphere sync list`).
    pub id: i64,
    /// Read the password from the first line of standard input (else the kept one, or it is
    /// asked for).
    #[arg(long)]
    pub password_stdin: bool,
    /// Address books: write the changes (without it, only the preview is shown).
    #[arg(long)]
    pub commit: bool,
    /// Address books: the full name of an abbreviated organization (repeatable).
    #[arg(long = "org", value_name = "AS WRITTEN=FULL NAME")]
    pub org_names: Vec<String>,
    /// Address books: accept the likely duplicate proposed for this line (repeatable).
    #[arg(long = "merge", value_name = "LINE")]
    pub merges: Vec<u64>,
}
