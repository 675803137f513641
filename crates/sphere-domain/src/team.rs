//! Team mode: what a member's Sphere shares with the team server (`sphere team serve`), and the
//! protocol both sides speak. Plain data and pure rules; the client is `sphere_api::team`, the
//! server `sphere-team`.
//!
//! **Three tiers, by storage.** What is *local only* (never facts, notes, the ledger, cadences,
//! mail and calendar details, interactions) has no entity and no field here, so no change can
//! carry it. What is *shared with the team* is one of the [`Entity`] kinds with the fields of
//! [`fields_of`], and [`validate_change`] refuses anything else (the server checks it again).
//! What is *per member* is the [`ShareLevel`] (how much of "I know them" goes out) and the
//! people never shared, which stays on the device.
//!
//! **Sync.** Each side keeps a [hybrid logical clock](Hlc). A [`Change`] carries the fields of
//! one record that changed, stamped with the writer's clock; the server keeps, per field, the
//! value with the greatest stamp (last write wins per field) and answers the changes that lost
//! as [`Conflict`]s. A change has an id, so sending it again (a retry after a lost answer) is
//! harmless. Pulls read every shared row written after a cursor (`seq`).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::account::{AccountRole, StrengthBand, TIERS};
use crate::error::CoreError;
use crate::string_enum;

string_enum! {
    /// How much of "I know this person" a member shares with the team.
    ShareLevel {
        /// That I know them, nothing more: the team sees "contact unknown".
        Existence = "existence",
        /// Plus the strength band and the month of the last two-way touch.
        Band = "band",
        /// Plus how we met (never clauses taken out on the device).
        HowMet = "how_met",
    }
}

impl ShareLevel {
    pub fn label(self) -> &'static str {
        match self {
            Self::Existence => "That I know them",
            Self::Band => "Plus strength band and last contact month",
            Self::HowMet => "Plus how we met",
        }
    }
}

string_enum! {
    /// The kinds of shared record.
    Entity {
        /// Someone on record: name, title, organization, public profile URL, match keys.
        Person = "person",
        Organization = "organization",
        /// "The pushing member knows this person" (keyed by the person): band, month, how met.
        Knows = "knows",
        /// A target account (keyed by the organization).
        Target = "target",
        /// A role a person holds at their organization (keyed `person/role`).
        Role = "role",
        /// A referral request and its state (keyed by the request). Its `target` is the
        /// person's key, or the organization's when the request is into an organization
        /// (`organization` is then the same key); `connector` only when the connector is
        /// on the team.
        Ask = "ask",
    }
}

/// The fields a change of `entity` may carry. Nothing else is ever sent or stored.
///
/// A person's `me` (true or false) says that this person is the pushing member themself
/// (the device's person with ring centre): the server keeps it as the member's own person
/// ([`MemberInfo::person`]; a later `me: true` moves it, `me: false` clears it), so the
/// member's node on the team graph is that person and ties others share to them join
/// members. It is not stored among the person's fields and never comes back in a pull.
pub fn fields_of(entity: Entity) -> &'static [&'static str] {
    match entity {
        Entity::Person => &[
            "name",
            "title",
            "organization",
            "profile_url",
            "match_keys",
            "me",
            "deleted",
        ],
        Entity::Organization => &["name", "domain", "deleted"],
        Entity::Knows => &["band", "last_two_way", "how_met", "deleted"],
        Entity::Target => &["tier", "owner", "note", "deleted"],
        Entity::Role => &["holds"],
        Entity::Ask => &[
            "target",
            "connector",
            "organization",
            "state",
            "asked_at",
            "deleted",
        ],
    }
}

/// The longest text field (names, titles, notes) a change may carry, in characters.
pub const MAX_TEXT: usize = 2_000;
/// The most match keys one person may carry.
pub const MAX_MATCH_KEYS: usize = 32;
/// The most changes one push may carry.
pub const MAX_PUSH: usize = 5_000;
/// The most rows one pull answers.
pub const MAX_PULL: u32 = 10_000;
/// A clock this far ahead of the receiver's is refused: a wrong clock must not win every
/// write for days.
pub const MAX_DRIFT_MS: i64 = 60 * 60 * 1000;

/// The largest counter a stamp's text holds (six digits).
const MAX_COUNTER: u32 = 999_999;

/// A hybrid logical clock stamp: wall time in milliseconds, a counter for events within the
/// same millisecond, and the writer (a member id or `server`), which breaks ties. Ordered by
/// those three in turn; written as text that sorts the same way
/// (`000001765000000000.000000.<node>`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    pub wall_ms: i64,
    pub counter: u32,
    pub node: String,
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:018}.{:06}.{}", self.wall_ms, self.counter, self.node)
    }
}

impl FromStr for Hlc {
    type Err = CoreError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || CoreError::invalid("hlc", format!("{s:?} is not a clock stamp"));
        let mut parts = s.splitn(3, '.');
        let wall = parts.next().ok_or_else(bad)?;
        let counter = parts.next().ok_or_else(bad)?;
        let node = parts.next().ok_or_else(bad)?;
        if wall.len() != 18 || counter.len() != 6 || node.is_empty() || node.len() > 64 {
            return Err(bad());
        }
        Ok(Self {
            wall_ms: wall.parse().map_err(|_| bad())?,
            counter: counter.parse().map_err(|_| bad())?,
            node: node.to_string(),
        })
    }
}

/// One side's clock. `tick` stamps a local event; `observe` moves past a stamp received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    last: Hlc,
}

impl Clock {
    /// A clock for `node` that has seen `last` (from storage; zero for a new one).
    pub fn new(node: &str, last: Option<Hlc>) -> Self {
        Self {
            last: last.unwrap_or(Hlc {
                wall_ms: 0,
                counter: 0,
                node: node.to_string(),
            }),
        }
        .with_node(node)
    }

    fn with_node(mut self, node: &str) -> Self {
        self.last.node = node.to_string();
        self
    }

    /// The last stamp given or seen.
    pub fn last(&self) -> &Hlc {
        &self.last
    }

    /// A stamp for a local event at `now_ms`, greater than every stamp before it.
    pub fn tick(&mut self, now_ms: i64) -> Hlc {
        if now_ms > self.last.wall_ms {
            self.last.wall_ms = now_ms;
            self.last.counter = 0;
        } else {
            self.last.counter = self.last.counter.saturating_add(1);
        }
        self.carry();
        self.last.clone()
    }

    /// A counter past what a stamp's six digits hold moves the clock on a millisecond
    /// instead (a million events in one millisecond: a bulk first sync).
    fn carry(&mut self) {
        if self.last.counter > MAX_COUNTER {
            self.last.wall_ms = self.last.wall_ms.saturating_add(1);
            self.last.counter = 0;
        }
    }

    /// Moves past a stamp received from another side. A stamp more than [`MAX_DRIFT_MS`]
    /// ahead of `now_ms` is refused, naming both times.
    pub fn observe(&mut self, remote: &Hlc, now_ms: i64) -> Result<(), CoreError> {
        if remote.wall_ms > now_ms.saturating_add(MAX_DRIFT_MS) {
            return Err(CoreError::invalid(
                "hlc",
                format!(
                    "a clock stamp from {} is {} minutes ahead of this one: check the clocks",
                    remote.node,
                    (remote.wall_ms - now_ms) / 60_000
                ),
            ));
        }
        let wall = self.last.wall_ms.max(remote.wall_ms).max(now_ms);
        let counter = if wall == self.last.wall_ms && wall == remote.wall_ms {
            self.last.counter.max(remote.counter).saturating_add(1)
        } else if wall == self.last.wall_ms {
            self.last.counter.saturating_add(1)
        } else if wall == remote.wall_ms {
            remote.counter.saturating_add(1)
        } else {
            0
        };
        self.last.wall_ms = wall;
        self.last.counter = counter;
        self.carry();
        Ok(())
    }
}

/// One record's changed fields, stamped. `fields` maps a field of [`fields_of`] to its new
/// value (`null` clears it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// Random, 32 hex digits: the same change sent twice is applied once.
    pub id: String,
    pub entity: Entity,
    /// The record's key: a person's, organization's or request's id on the team (32 hex
    /// digits), a person's for `knows` (whose is the pushing member's) and `target` (the
    /// organization's), `person/role` for `role`.
    pub key: String,
    #[ts(type = "Record<string, unknown>")]
    pub fields: BTreeMap<String, Value>,
    /// The writer's clock when the change was made.
    pub hlc: String,
}

/// True for the ids of the protocol: 32 lowercase hex digits.
pub fn is_key(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn text_field(field: &str, v: &Value, max: usize, optional: bool) -> Result<(), CoreError> {
    match v {
        Value::Null if optional => Ok(()),
        Value::String(s) if s.chars().count() <= max && !s.chars().any(char::is_control) => Ok(()),
        Value::String(s) if s.chars().count() > max => Err(CoreError::invalid(
            field,
            format!("{field} is longer than {max} characters"),
        )),
        Value::String(_) => Err(CoreError::invalid(
            field,
            format!("{field} holds a control character"),
        )),
        _ => Err(CoreError::invalid(
            field,
            format!(
                "{field} must be text{}",
                if optional { " or null" } else { "" }
            ),
        )),
    }
}

fn key_field(field: &str, v: &Value, optional: bool) -> Result<(), CoreError> {
    match v {
        Value::Null if optional => Ok(()),
        Value::String(s) if is_key(s) => Ok(()),
        _ => Err(CoreError::invalid(
            field,
            format!(
                "{field} must be a team id (32 hex digits){}",
                if optional { " or null" } else { "" }
            ),
        )),
    }
}

fn bool_field(field: &str, v: &Value) -> Result<(), CoreError> {
    if v.is_boolean() {
        Ok(())
    } else {
        Err(CoreError::invalid(
            field,
            format!("{field} must be true or false"),
        ))
    }
}

/// A month as shared: `2026-09`.
pub fn parse_month(s: &str) -> Option<NaiveDate> {
    if s.len() != 7 {
        return None;
    }
    NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok()
}

/// Checks a change: its id, key, stamp, and that every field is one `fields_of` allows with a
/// value of the right kind. The error names the field and the record.
pub fn validate_change(c: &Change) -> Result<Hlc, CoreError> {
    if !is_key(&c.id) {
        return Err(CoreError::invalid(
            "id",
            "a change's id must be 32 hex digits",
        ));
    }
    let hlc: Hlc = c.hlc.parse()?;
    let key_ok = match c.entity {
        Entity::Role => c
            .key
            .split_once('/')
            .is_some_and(|(p, r)| is_key(p) && AccountRole::parse(r).is_some()),
        _ => is_key(&c.key),
    };
    if !key_ok {
        return Err(CoreError::invalid(
            "key",
            format!("{:?} is not a key of a {} record", c.key, c.entity),
        ));
    }
    if c.fields.is_empty() {
        return Err(CoreError::invalid(
            "fields",
            "a change must carry at least one field",
        ));
    }
    let allowed = fields_of(c.entity);
    for (field, v) in &c.fields {
        if !allowed.contains(&field.as_str()) {
            return Err(CoreError::invalid(
                "fields",
                format!(
                    "{field:?} is not shared for a {} (only {})",
                    c.entity,
                    allowed.join(", ")
                ),
            ));
        }
        let f = field.as_str();
        match (c.entity, f) {
            (_, "deleted") | (Entity::Role, "holds") | (Entity::Person, "me") => bool_field(f, v)?,
            (Entity::Person, "name") | (Entity::Organization, "name") => {
                text_field(f, v, 500, false)?;
                if v.as_str().is_some_and(|s| s.trim().is_empty()) {
                    return Err(CoreError::invalid(f, "a name cannot be empty"));
                }
            }
            (Entity::Person, "title") | (Entity::Person, "profile_url") => {
                text_field(f, v, 500, true)?
            }
            (Entity::Organization, "domain") => text_field(f, v, 253, true)?,
            (Entity::Person, "organization") | (Entity::Ask, "organization") => {
                key_field(f, v, true)?
            }
            (Entity::Target, "owner") | (Entity::Ask, "connector") => key_field(f, v, true)?,
            (Entity::Ask, "target") => key_field(f, v, false)?,
            (Entity::Person, "match_keys") => {
                let ok = v.as_array().is_some_and(|a| {
                    a.len() <= MAX_MATCH_KEYS
                        && a.iter().all(|k| k.as_str().is_some_and(|s| s.len() <= 80))
                });
                if !ok {
                    return Err(CoreError::invalid(
                        f,
                        format!("match_keys must be at most {MAX_MATCH_KEYS} short strings"),
                    ));
                }
            }
            (Entity::Knows, "band") => {
                if !(v.is_null() || v.as_str().and_then(StrengthBand::parse).is_some()) {
                    return Err(CoreError::invalid(
                        f,
                        format!("band must be one of {} or null", StrengthBand::choices()),
                    ));
                }
            }
            (Entity::Knows, "last_two_way") => {
                if !(v.is_null() || v.as_str().and_then(parse_month).is_some()) {
                    return Err(CoreError::invalid(
                        f,
                        "last_two_way must be a month (2026-09) or null",
                    ));
                }
            }
            (Entity::Knows, "how_met") | (Entity::Target, "note") => {
                text_field(f, v, MAX_TEXT, true)?
            }
            (Entity::Target, "tier") => {
                let ok = v.is_null()
                    || v.as_u64()
                        .is_some_and(|t| u8::try_from(t).is_ok_and(|t| TIERS.contains(&t)));
                if !ok {
                    return Err(CoreError::invalid(f, "tier must be 1, 2 or 3"));
                }
            }
            (Entity::Ask, "state") => text_field(f, v, 40, false)?,
            (Entity::Ask, "asked_at") => {
                if !(v.is_null()
                    || v.as_str()
                        .is_some_and(|s| DateTime::parse_from_rfc3339(s).is_ok()))
                {
                    return Err(CoreError::invalid(
                        f,
                        "asked_at must be an RFC 3339 time or null",
                    ));
                }
            }
            _ => {
                return Err(CoreError::invalid(
                    "fields",
                    format!("{f:?} is not shared for a {}", c.entity),
                ));
            }
        }
    }
    Ok(hlc)
}

/// What a push sends: the member's changes, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub changes: Vec<Change>,
}

/// A field whose change lost to a newer one by someone else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Conflict {
    pub change_id: String,
    pub entity: Entity,
    pub key: String,
    pub field: String,
    #[ts(type = "unknown")]
    pub yours: Value,
    #[ts(type = "unknown")]
    pub theirs: Value,
    pub theirs_hlc: String,
    /// The member whose write won.
    pub by: String,
}

/// A new person or organization the server already had under another key (the same match
/// key or domain): the client takes the team's key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Matched {
    pub entity: Entity,
    pub key: String,
    pub team_key: String,
}

/// The server's answer to a push.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PushResponse {
    /// Every change id now applied (including ones applied before).
    pub applied: Vec<String>,
    pub conflicts: Vec<Conflict>,
    pub matched: Vec<Matched>,
    /// The server's clock after the push.
    pub clock: String,
}

/// What a pull asks for: rows written after `since`, at most `limit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PullRequest {
    #[ts(type = "number")]
    pub since: i64,
    pub limit: u32,
}

/// A field's value with the stamp of the write that set it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Stamped {
    #[ts(type = "unknown")]
    pub value: Value,
    pub hlc: String,
}

/// One shared record as it stands now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PulledRow {
    #[ts(type = "number")]
    pub seq: i64,
    pub entity: Entity,
    pub key: String,
    /// Whose record (`knows`: the member who knows them; `ask`: who asked).
    pub member: Option<String>,
    pub fields: BTreeMap<String, Stamped>,
}

/// The server's answer to a pull.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PullResponse {
    pub rows: Vec<PulledRow>,
    /// The cursor for the next pull.
    #[ts(type = "number")]
    pub next: i64,
    /// More rows are waiting.
    pub more: bool,
    pub clock: String,
}

/// Joining a team with an invitation code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    pub invite: String,
    /// This device, as the admin's member list shows it.
    pub device: String,
}

/// A member as the team sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MemberInfo {
    pub id: String,
    pub name: String,
    pub admin: bool,
    pub share_level: ShareLevel,
    /// The member's own person on the team, once their first push has named it.
    pub person: Option<String>,
    pub joined_at: DateTime<Utc>,
    pub last_sync_at: Option<DateTime<Utc>>,
}

/// The team as one member sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamInfo {
    pub id: String,
    pub name: String,
    /// Mixed into every match key so that keys mean nothing outside the team.
    pub salt: String,
    pub me: MemberInfo,
    pub members: Vec<MemberInfo>,
}

/// The answer to a join: the member's token is shown once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Joined {
    pub team: TeamInfo,
    pub token: String,
}

/// An admin invites someone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    pub name: String,
    #[serde(default)]
    pub admin: bool,
}

/// An invitation: the code is shown once and works once, until it expires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Invite {
    pub code: String,
    pub name: String,
    pub expires_at: DateTime<Utc>,
}

/// A member changes their share level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ShareRequest {
    pub level: ShareLevel,
}

/// Two team records of one person, merged by a member: `merge` becomes part of `keep`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    pub keep: String,
    pub merge: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(entity: Entity, key: &str, fields: Value) -> Change {
        Change {
            id: "0123456789abcdef0123456789abcdef".into(),
            entity,
            key: key.into(),
            fields: serde_json::from_value(fields).unwrap_or_default(),
            hlc: "000001765000000000.000000.m1".into(),
        }
    }

    const K: &str = "fedcba9876543210fedcba9876543210";

    #[test]
    fn stamps_sort_as_text_and_as_values() {
        let a = Hlc {
            wall_ms: 9,
            counter: 10,
            node: "b".into(),
        };
        let b = Hlc {
            wall_ms: 10,
            counter: 0,
            node: "a".into(),
        };
        let c = Hlc {
            wall_ms: 10,
            counter: 0,
            node: "b".into(),
        };
        assert!(a < b && b < c);
        assert!(a.to_string() < b.to_string() && b.to_string() < c.to_string());
        for h in [a, b, c] {
            assert_eq!(h.to_string().parse::<Hlc>().ok(), Some(h));
        }
        assert!("12.3.x".parse::<Hlc>().is_err());
    }

    #[test]
    fn a_clock_never_goes_back_and_passes_what_it_saw() {
        let mut c = Clock::new("me", None);
        let t1 = c.tick(1_000);
        let t2 = c.tick(900); // the wall clock stepped back
        assert!(t2 > t1, "a stamp is greater than every stamp before it");
        let remote = Hlc {
            wall_ms: 5_000,
            counter: 7,
            node: "you".into(),
        };
        c.observe(&remote, 1_000).expect("within the drift");
        let t3 = c.tick(1_000);
        assert!(
            t3 > remote,
            "after seeing a stamp, every local stamp is greater"
        );
        let mut busy = Clock::new("me", None);
        let mut last = busy.tick(7);
        for _ in 0..=MAX_COUNTER {
            let next = busy.tick(7);
            assert!(next > last, "every stamp is greater than the one before");
            last = next;
        }
        assert_eq!(
            (last.wall_ms, last.counter),
            (8, 0),
            "a counter past six digits carries into the wall time"
        );
        assert_eq!(
            last.to_string().parse::<Hlc>().ok(),
            Some(last),
            "and the stamp still reads back"
        );
        let far = Hlc {
            wall_ms: 1_000 + MAX_DRIFT_MS + 1,
            counter: 0,
            node: "x".into(),
        };
        assert!(
            c.observe(&far, 1_000).is_err(),
            "a clock an hour ahead is refused"
        );
    }

    #[test]
    fn only_shared_fields_pass() {
        let ok = change(
            Entity::Knows,
            K,
            serde_json::json!({"band": "strong", "last_two_way": "2026-09"}),
        );
        assert!(validate_change(&ok).is_ok());
        for bad in [
            change(Entity::Person, K, serde_json::json!({"notes": "x"})),
            change(Entity::Knows, K, serde_json::json!({"strength": 0.7})),
            change(Entity::Knows, K, serde_json::json!({"band": "0.7"})),
            change(
                Entity::Knows,
                K,
                serde_json::json!({"last_two_way": "2026-09-14"}),
            ),
            change(Entity::Person, K, serde_json::json!({"name": ""})),
            change(Entity::Target, K, serde_json::json!({"tier": 4})),
            change(Entity::Role, K, serde_json::json!({"holds": true})),
            change(Entity::Person, "x", serde_json::json!({"name": "Ana"})),
        ] {
            assert!(validate_change(&bad).is_err(), "{bad:?} must be refused");
        }
        let role = change(
            Entity::Role,
            &format!("{K}/champion"),
            serde_json::json!({"holds": true}),
        );
        assert!(validate_change(&role).is_ok());
    }
}
