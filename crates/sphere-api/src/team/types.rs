//! The wire types of team mode as the UI and the CLI see it (the protocol with the server is
//! `sphere_domain::team`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sphere_domain::account::StrengthBand;
use sphere_domain::team::{Entity, MemberInfo, ShareLevel};
use sphere_domain::{Id, PersonRef};

/// Joining a team: the server's address and the invitation code the admin gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TeamJoinRequest {
    /// `https://team.example.com` (or `http://127.0.0.1:PORT` on this machine).
    pub server: String,
    pub invite: String,
    /// This device's name as the team's member list shows it (the host name when absent).
    #[serde(default)]
    #[ts(optional)]
    pub device: Option<String>,
}

/// Leaving a team on this device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct TeamLeaveRequest {
    /// Also ask the server to take down what this member shared (their "knows" rows);
    /// otherwise only this device forgets the team.
    pub withdraw: bool,
}

/// The last sync, as Settings → Team shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamSyncReport {
    pub at: DateTime<Utc>,
    /// Changes sent and accepted.
    pub pushed: u32,
    /// Team rows received.
    pub pulled: u32,
    /// Conflicts this sync found (fields where someone else's newer write won).
    pub conflicts: u32,
    /// Records the team already had under another key, now linked.
    pub matched: u32,
    /// Changes still waiting to be sent (the server was unreachable).
    pub pending: u32,
    /// Changes the server refused this sync, set aside until their record changes (the
    /// status lists them with the server's reason).
    pub refused: u32,
    /// Why the sync stopped early, when it did ("the server did not answer: …").
    pub error: Option<String>,
}

/// Team mode on this device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamStatus {
    pub connected: bool,
    pub server: Option<String>,
    pub team_name: Option<String>,
    pub me: Option<MemberInfo>,
    pub members: Vec<MemberInfo>,
    pub share_level: ShareLevel,
    /// People never shared, whatever the share level.
    pub never_share: Vec<PersonRef>,
    pub last_sync: Option<TeamSyncReport>,
    /// Changes waiting to be sent.
    pub pending: u32,
    /// Conflicts waiting for the user.
    pub conflicts: u32,
    /// Changes the server refused, set aside until their record changes again.
    pub refused: Vec<TeamRefused>,
}

/// A change the team server refused: not sent again until its record changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamRefused {
    pub entity: Entity,
    /// The record in words: "Ana Lima (person)", "Acme (target account)".
    pub record: String,
    /// The local person or organization it concerns, when there is one.
    #[ts(type = "number | null")]
    pub local_id: Option<Id>,
    /// The server's reason.
    pub reason: String,
}

/// Never share this person with the team (or share them again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TeamNeverShareRequest {
    #[ts(type = "number")]
    pub person_id: Id,
    pub never: bool,
}

/// A field where a teammate's newer write won over this device's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamConflict {
    #[ts(type = "number")]
    pub id: Id,
    pub entity: Entity,
    /// The record in words: "Ana Lima (person)", "Acme (target account)".
    pub record: String,
    /// The local person or organization it concerns, when there is one.
    #[ts(type = "number | null")]
    pub local_id: Option<Id>,
    pub field: String,
    /// This device's value, as text.
    pub yours: String,
    /// The team's value, as text.
    pub theirs: String,
    /// The member whose write won.
    pub by: String,
    pub at: DateTime<Utc>,
}

/// Resolving a conflict: keep this device's value (sent again, newer) or take the team's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TeamResolveRequest {
    #[ts(type = "number")]
    pub id: Id,
    /// `mine` or `theirs`.
    pub keep: String,
}

/// Warm paths on the team's shared graph, into an organization or to a person (team ids).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct TeamPathsRequest {
    /// The team's key of an organization (`organization`) or a person (`person`), or the
    /// team server's id of it in decimal, as a team coverage report names it.
    #[ts(optional)]
    pub organization: Option<String>,
    #[ts(optional)]
    pub person: Option<String>,
    /// Paths from this member only (the whole team's when absent).
    #[ts(optional)]
    pub from_member: Option<String>,
    #[ts(optional)]
    pub limit: Option<u32>,
}

/// One step of a team path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamPathStep {
    /// The team's key of the person.
    pub key: String,
    pub name: String,
    pub title: String,
    pub organization: Option<String>,
    /// The member this person is, when they are on the team.
    pub member: Option<String>,
}

/// A warm path on the shared graph: from a member, through whom, to whom, how strong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamPath {
    pub steps: Vec<TeamPathStep>,
    /// The weakest known band along it; `null` when a tie's band is not shared (contact
    /// unknown).
    pub band: Option<StrengthBand>,
    /// The product of the bands' strengths, for ranking (bands' midpoints).
    pub score: f64,
}

/// Team paths, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamPaths {
    pub paths: Vec<TeamPath>,
    /// People there on the team's record.
    pub people: u32,
    /// Ties the server may not describe (a member shares existence only): counted as
    /// "contact unknown", never leaked.
    pub unknown: u32,
}
