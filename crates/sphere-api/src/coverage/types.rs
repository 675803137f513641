//! The manager's review on the wire: target accounts, roles, coverage and its what-ifs, and
//! the account page. What a manager may see of a team member's contacts is a strength band
//! and the month of the last two-way touch: no note, fact or interaction detail crosses here.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sphere_domain::account::{AccountRole, JobFunction, Seniority, StrengthBand, Verdict};
use sphere_domain::referral::RequestState;
use sphere_domain::{Id, PersonRef};

/// An organization as the manager's views name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OrgRef {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
    pub domain: String,
}

/// A target account as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TargetAccount {
    pub organization: OrgRef,
    pub owner: Option<PersonRef>,
    /// 1 (most important) to 3.
    pub tier: u8,
    pub note: String,
    /// People on record there.
    pub people_count: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Which target accounts to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct TargetQuery {
    #[ts(optional, type = "number")]
    pub owner_id: Option<Id>,
    #[ts(optional)]
    pub tier: Option<u8>,
}

/// A list of target accounts (CSV) to mark: one account per line, by name or domain, with
/// optional `tier`, `owner` (a team member's name or email) and `note` columns. A header row
/// names the columns (`name`/`company`/`account`/`organization`, `domain`/`website`/`url`,
/// `tier`, `owner`, `note`); without one, each line is a name or a domain.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct TargetImportRequest {
    /// The file's text.
    pub text: String,
    /// The tier of new accounts whose line does not say (default 2); an account already
    /// marked keeps its own tier, owner and note unless its line says otherwise.
    #[ts(optional)]
    pub tier: Option<u8>,
    /// The owner of new accounts whose line does not say.
    #[ts(optional, type = "number")]
    pub owner_id: Option<Id>,
}

/// What importing one line would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TargetImportOutcome {
    /// An organization on record matches: it becomes a target account.
    Mark,
    /// Already a target account: its tier, owner and note are updated where the line says
    /// (the rest is kept).
    Update,
    /// Nothing on record matches: a new organization is created and marked.
    Create,
    /// The line repeats an account an earlier line already names.
    Duplicate,
    /// The line cannot be read (what is wrong is in `message`).
    Error,
}

/// One line of a target list, read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TargetImportRow {
    /// 1-based, as an editor shows it.
    pub line: u32,
    /// The name as written, if any.
    pub name: Option<String>,
    /// The domain, normalized (`acme.com` from `https://www.acme.com/about`), if any.
    pub domain: Option<String>,
    pub tier: u8,
    pub owner: Option<PersonRef>,
    pub note: String,
    pub outcome: TargetImportOutcome,
    /// The organization it matched (for `mark`, `update`, `duplicate`).
    pub organization: Option<OrgRef>,
    /// How it matched: "domain acme.com", "name", "other spelling".
    pub matched_by: Option<String>,
    /// What is wrong, for `error`.
    pub message: Option<String>,
}

/// What importing a target list would do; writes nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TargetImportPreview {
    pub rows: Vec<TargetImportRow>,
    pub mark: u32,
    pub update: u32,
    pub create: u32,
    pub duplicate: u32,
    pub errors: u32,
}

/// What an import of a target list did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TargetImportResult {
    pub marked: u32,
    pub updated: u32,
    /// Organizations created for accounts not on record.
    pub created: u32,
    /// Target accounts now.
    pub targets: u32,
}

/// Sets a person's confirmed roles in their organization's buying group (empty: none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RoleSetRequest {
    #[ts(type = "number")]
    pub person_id: Id,
    pub roles: Vec<AccountRole>,
}

/// A person's roles, confirmed and suggested from their title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PersonRoles {
    pub person: PersonRef,
    pub roles: Vec<AccountRole>,
    /// From the title, not yet confirmed (never counted in coverage).
    pub suggested: Vec<AccountRole>,
    pub seniority: Option<Seniority>,
    pub functions: Vec<JobFunction>,
}

/// Which coverage to compute.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct CoverageQuery {
    /// One account only.
    #[ts(optional, type = "number")]
    pub account_id: Option<Id>,
    /// Coverage as this one member's relationships give it (the team's when absent).
    #[ts(optional, type = "number")]
    pub member_id: Option<Id>,
    /// Accounts this member owns.
    #[ts(optional, type = "number")]
    pub owner_id: Option<Id>,
    #[ts(optional)]
    pub tier: Option<u8>,
    #[ts(optional)]
    pub verdict: Option<Verdict>,
    /// What if this person leaves: a team member (they leave the team with their
    /// relationships) or someone at a target account (they leave the account).
    #[ts(optional, type = "number")]
    pub if_leaves: Option<Id>,
}

/// A member of the team as the coverage grid heads its columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamMember {
    pub person: PersonRef,
    /// The user.
    pub you: bool,
}

/// The best path into an account (or to one person there).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PathCell {
    #[ts(type = "number")]
    pub member_id: Id,
    /// Whom at the account it ends at.
    pub to: PersonRef,
    pub band: StrengthBand,
    /// 1 direct, 2 one hop, 3 two hops.
    pub ties: u8,
}

/// One member at one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CoverageCell {
    #[ts(type = "number")]
    pub member_id: Id,
    /// The member's best path in, if any within three ties.
    pub best: Option<PathCell>,
    /// People there this member holds a thread with.
    pub threads: u32,
}

/// The member holding most threads, and their share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Concentration {
    pub member: PersonRef,
    /// 0 to 1.
    pub share: f64,
}

/// One week of an account's coverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WeekPoint {
    /// The week's Monday.
    pub week: NaiveDate,
    pub verdict: Verdict,
    pub threads: u32,
    pub roles_covered: u32,
    pub roles_required: u32,
}

/// One target account's coverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AccountRow {
    pub organization: OrgRef,
    pub tier: u8,
    pub owner: Option<PersonRef>,
    pub verdict: Verdict,
    /// The verdict from what is known alone (hidden ties left out): what an `unknown` account
    /// is at worst. Equal to `verdict` otherwise.
    pub known_verdict: Verdict,
    /// How risky, 1 (multi-threaded) to 5 (no path); an unknown account counts as what is
    /// known makes it at worst. Rows are sorted by it.
    pub risk: u8,
    /// The verdict in a sentence: "Only Dana Fox (champion) has a thread, with you".
    pub why: String,
    /// People on record there.
    pub people: u32,
    /// People there with a warm tie to the team and two-way contact in the last 180 days.
    pub threads: u32,
    pub concentration: Option<Concentration>,
    pub best: Option<PathCell>,
    /// One per member of the report, in its order.
    pub cells: Vec<CoverageCell>,
    pub roles_required: u32,
    pub roles_covered: u32,
    /// Required roles without a thread to anyone holding them.
    pub role_gaps: Vec<AccountRole>,
    /// No thread, and the last two-way touch there is older than 180 days.
    pub stale: bool,
    /// The month (`2026-09`) of the last two-way touch between the team and anyone there.
    pub last_two_way: Option<String>,
    /// Ties on record whose contact is unknown (no interaction logged).
    pub hidden_ties: u32,
    pub open_requests: u32,
    /// The weekly figures, oldest first (the last 12 weeks).
    pub trend: Vec<WeekPoint>,
}

/// How many accounts have each verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct VerdictCount {
    pub verdict: Verdict,
    pub count: u32,
}

/// One account a departure would hurt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WhatIfChange {
    pub organization: OrgRef,
    pub before: Verdict,
    pub after: Verdict,
    pub threads_before: u32,
    pub threads_after: u32,
    /// Every path into the account is lost.
    pub loses_every_path: bool,
}

/// Who leaves, and the accounts that lose every path or become single-threaded (or worse).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WhatIf {
    pub leaving: PersonRef,
    /// `member`: a team member leaves the team; `account`: someone leaves a target account.
    pub kind: String,
    pub changes: Vec<WhatIfChange>,
}

/// Coverage of the target accounts, riskiest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CoverageReport {
    /// The grid's columns: the user first, then the team by name (one member when asked).
    pub members: Vec<TeamMember>,
    pub accounts: Vec<AccountRow>,
    /// Over the accounts listed.
    pub by_verdict: Vec<VerdictCount>,
    /// Target accounts in all (before filters).
    pub targets: u32,
    pub what_if: Option<WhatIf>,
    pub valued_at: DateTime<Utc>,
}

/// Who on the team covers one person at an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CoveredBy {
    pub member: PersonRef,
    pub band: StrengthBand,
    /// The month (`2026-09`) of their last two-way touch.
    pub last_two_way: Option<String>,
    /// Warm with two-way contact in the last 180 days.
    pub thread: bool,
    /// No interaction on record: their contact is unknown.
    pub unknown: bool,
}

/// One person at an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AccountPerson {
    pub person: PersonRef,
    pub seniority: Option<Seniority>,
    pub functions: Vec<JobFunction>,
    pub roles: Vec<AccountRole>,
    /// From the title, for the user to confirm.
    pub suggested: Vec<AccountRole>,
    /// Strongest first.
    pub covered_by: Vec<CoveredBy>,
    pub best: Option<PathCell>,
}

/// How well one role is covered at an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RoleState {
    /// Someone holding it has a thread with the team.
    Covered,
    /// Someone holding it is reached by a path, without a thread.
    Reached,
    /// People hold it, and none is reached.
    Unreached,
    /// Nobody there is known to hold it.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RoleCoverage {
    pub role: AccountRole,
    pub required: bool,
    pub people: Vec<PersonRef>,
    pub state: RoleState,
}

/// A referral request still open at an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AccountRequest {
    #[ts(type = "number")]
    pub id: Id,
    pub state: RequestState,
    pub target_label: String,
    pub asker_label: String,
    pub updated_at: DateTime<Utc>,
}

/// The account page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AccountDetail {
    pub account: AccountRow,
    pub note: String,
    pub members: Vec<TeamMember>,
    /// Riskiest to lose first: roles, then seniority, then name.
    pub people: Vec<AccountPerson>,
    pub roles: Vec<RoleCoverage>,
    pub open_requests: Vec<AccountRequest>,
    /// What is missing, in sentences ("No economic buyer known", "Only one thread").
    pub gaps: Vec<String>,
}

/// The role template of every tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RoleTemplates {
    pub templates: Vec<sphere_domain::account::RoleTemplate>,
}

/// Coverage as a CSV file for the team meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CoverageFile {
    /// `sphere-coverage-2026-12-07.csv`.
    pub file_name: String,
    pub media_type: String,
    pub text: String,
    pub accounts: u32,
}
