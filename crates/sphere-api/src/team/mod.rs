//! Team mode on this device: joining a team server, what is shared (and what never is), the
//! sync (push the shareable changes, pull the team's), conflicts, and the team's paths and
//! coverage computed on the server.
//!
//! What leaves the device is decided in one place, [`outbound`]; the sync is [`sync`]; a
//! team's value written back into the user's records is [`local`].

mod local;
pub(crate) mod outbound;
mod sync;
mod types;

pub use types::*;

use serde_json::Value;

use crate::{CoverageQuery, CoverageReport, Empty, Sphere};
use sphere_domain::error::{ApiError, CoreError, ErrorKind};
use sphere_domain::team::{
    Entity, Invite, InviteRequest, JoinRequest, Joined, ShareLevel, ShareRequest, is_key,
};
use sphere_domain::{Id, PersonRef};
use sphere_store::team::{self as store_team, ConflictRow, KeyKind, Link};
use sphere_store::{self as store, Db};
use sphere_sync::team::{TeamClient, TeamError};

/// The link, or "not on a team" naming what to do.
pub(crate) fn need_link(db: Db<'_>) -> Result<Link, CoreError> {
    store_team::link(db)?.ok_or_else(|| {
        CoreError::NotFound(
            "this device is not on a team: join one with the server's address and an invitation code"
                .into(),
        )
    })
}

/// A client of the linked server with the member's token.
pub(crate) fn client_of(link: &Link) -> Result<TeamClient, ApiError> {
    TeamClient::new(&link.server, Some(&link.token)).map_err(team_error)
}

/// The team server's own id of a record, in decimal (what a team coverage report's ids are).
fn is_server_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A team server's error as the boundary's: unreachable is `unavailable`, a refusal the
/// server's own kind, message and field. `unauthorized` at the boundary means this Sphere's
/// own session (the UI shows its sign-in page on it), so the team server's refusals of this
/// device's token, or of a member's right, are conflicts with what this device holds.
pub(crate) fn team_error(e: TeamError) -> ApiError {
    let message = e.to_string();
    match e {
        TeamError::Address(m) => ApiError::invalid("server", m),
        TeamError::Unreachable { .. } | TeamError::Server { .. } => {
            ApiError::new(ErrorKind::Unavailable, message)
        }
        TeamError::Unauthorized { .. } => ApiError::new(ErrorKind::Conflict, message),
        TeamError::Refused { kind, field, .. } => {
            let kind = match serde_json::from_value(Value::String(kind)) {
                Ok(ErrorKind::Internal) | Err(_) => ErrorKind::InvalidInput,
                Ok(ErrorKind::Unauthorized) => ErrorKind::Conflict,
                Ok(k) => k,
            };
            let mut err = ApiError::new(kind, message);
            err.field = field;
            err
        }
    }
}

/// This device's name for the member list: the host name, else "Sphere".
fn device_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty() && h.len() <= 100)
        .unwrap_or_else(|| "Sphere".into())
}

/// A field's value in words for the conflicts list.
fn words(v: &Value) -> String {
    match v {
        Value::Null => "(empty)".into(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        other => other.to_string(),
    }
}

impl Sphere {
    fn status_of(&self, db: Db<'_>) -> Result<TeamStatus, ApiError> {
        let link = store_team::link(db)?;
        let mut never_share: Vec<PersonRef> = store_team::never_shared(db)?
            .into_iter()
            .map(|id| store::person_ref(db, id))
            .collect::<Result<_, _>>()?;
        never_share.sort_by_key(|p| p.display_name.to_lowercase());
        let last_sync = link
            .as_ref()
            .and_then(|l| l.last_sync.as_deref())
            .and_then(|t| serde_json::from_str(t).ok());
        Ok(TeamStatus {
            connected: link.is_some(),
            server: link.as_ref().map(|l| l.server.clone()),
            team_name: link.as_ref().map(|l| l.team_name.clone()),
            me: link
                .as_ref()
                .and_then(|l| l.members.iter().find(|m| m.id == l.member_id).cloned()),
            members: link.as_ref().map(|l| l.members.clone()).unwrap_or_default(),
            share_level: link.as_ref().map_or(ShareLevel::Band, |l| l.share_level),
            never_share,
            last_sync,
            pending: store_team::outbox_count(db)?,
            conflicts: store_team::conflict_count(db)?,
            refused: store_team::refused(db)?
                .into_iter()
                .map(|r| {
                    let (record, local_id) = self.record_view(db, r.entity, &r.key)?;
                    Ok(TeamRefused {
                        entity: r.entity,
                        record,
                        local_id,
                        reason: r.reason,
                    })
                })
                .collect::<Result<_, ApiError>>()?,
        })
    }

    pub fn team_status(&self, _: Empty) -> Result<TeamStatus, ApiError> {
        let core = self.store()?;
        self.status_of(core.db())
    }

    /// Checks the server and the invitation (`POST /v1/join`) before storing anything.
    pub fn team_join(&self, req: TeamJoinRequest) -> Result<TeamStatus, ApiError> {
        let invite = req.invite.trim().to_string();
        if invite.is_empty() {
            return Err(ApiError::invalid(
                "invite",
                "the invitation code is empty: paste the code the team's admin gave you",
            ));
        }
        let device = req
            .device
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(device_name);
        if device.chars().count() > 100 || device.chars().any(char::is_control) {
            return Err(ApiError::invalid(
                "device",
                "the device name must be one line of at most 100 characters",
            ));
        }
        {
            let core = self.store()?;
            if let Some(l) = store_team::link(core.db())? {
                return Err(ApiError::conflict(format!(
                    "this device is already on the team {} at {}: leave it first",
                    l.team_name, l.server
                )));
            }
        }
        let client = TeamClient::new(&req.server, None).map_err(team_error)?;
        let joined: Joined = client
            .post("join", &JoinRequest { invite, device })
            .map_err(team_error)?;
        if joined.token.is_empty() || joined.team.me.id.is_empty() {
            return Err(ApiError::new(
                ErrorKind::Unavailable,
                format!(
                    "the team server {} answered the join without a member or token",
                    client.server()
                ),
            ));
        }
        let mut core = self.store()?;
        let now = core.now();
        let link = Link {
            server: client.server().to_string(),
            token: joined.token,
            team_id: joined.team.id,
            team_name: joined.team.name,
            salt: joined.team.salt,
            member_id: joined.team.me.id.clone(),
            member_name: joined.team.me.name.clone(),
            admin: joined.team.me.admin,
            share_level: joined.team.me.share_level,
            members: joined.team.members,
            cursor: 0,
            clock: None,
            last_sync: None,
            joined_at: now,
        };
        core.store.write(|tx| {
            if store_team::link(tx)?.is_some() {
                return Err(CoreError::Conflict(
                    "this device joined a team meanwhile: leave it first".into(),
                ));
            }
            // What a previous team left behind means nothing to this one.
            store_team::forget(tx)?;
            Ok(store_team::set_link(tx, &link)?)
        })?;
        self.status_of(core.db())
    }

    /// Forgets the team on this device; with `withdraw`, asks the server first to take down
    /// what this member shared (nothing is forgotten when that fails).
    pub fn team_leave(&self, req: TeamLeaveRequest) -> Result<TeamStatus, ApiError> {
        let link = need_link(self.store()?.db())?;
        if req.withdraw {
            client_of(&link)?
                .post::<_, Value>("leave", &serde_json::json!({}))
                .map_err(team_error)?;
        }
        let mut core = self.store()?;
        core.store.write(|tx| Ok(store_team::forget(tx)?))?;
        self.status_of(core.db())
    }

    /// Pushes this device's shareable changes and pulls the team's (see [`sync`]).
    pub fn team_sync(&self, _: Empty) -> Result<TeamSyncReport, ApiError> {
        self.team_sync_with(&|_| {})
    }

    /// Tells the server first, then keeps the level here; the next sync sends what the new
    /// level shares (or clears what it no longer does).
    pub fn team_share_set(&self, req: ShareRequest) -> Result<TeamStatus, ApiError> {
        let link = need_link(self.store()?.db())?;
        client_of(&link)?
            .post::<_, Value>("share", &req)
            .map_err(team_error)?;
        let mut core = self.store()?;
        core.store
            .write(|tx| Ok(store_team::set_share_level(tx, req.level)?))?;
        self.status_of(core.db())
    }

    /// Never shares a person (or shares them again): kept on this device only; works before
    /// joining a team too.
    pub fn team_never_share(&self, req: TeamNeverShareRequest) -> Result<TeamStatus, ApiError> {
        let mut core = self.store()?;
        let now = core.now();
        core.store.write(|tx| {
            Ok(store_team::set_never_share(
                tx,
                req.person_id,
                req.never,
                now,
            )?)
        })?;
        self.status_of(core.db())
    }

    /// A record in words ("Ana Lima (person)", "Acme (target account)") and the local
    /// person or organization it concerns, when there is one.
    fn record_view(
        &self,
        db: Db<'_>,
        entity: Entity,
        key: &str,
    ) -> Result<(String, Option<Id>), ApiError> {
        let person_key = match entity {
            Entity::Role => key.split_once('/').map(|(p, _)| p.to_string()),
            Entity::Person | Entity::Knows => Some(key.to_string()),
            _ => None,
        };
        let org_key = match entity {
            Entity::Organization | Entity::Target => Some(key.to_string()),
            _ => None,
        };
        let local_id: Option<Id> = match (&person_key, &org_key) {
            (Some(k), _) => store_team::local_of(db, KeyKind::Person, k)?
                .first()
                .copied(),
            (_, Some(k)) => store_team::local_of(db, KeyKind::Organization, k)?
                .first()
                .copied(),
            _ => None,
        };
        let name = match (local_id, &person_key) {
            (Some(id), Some(_)) => store::person_ref(db, id).ok().map(|p| p.display_name),
            (Some(id), None) => store::get_organization(db, id).ok().map(|o| o.name),
            _ => None,
        }
        .or_else(|| {
            store_team::mirrored(db, entity, key, "")
                .ok()
                .flatten()
                .and_then(|f| f.get("name").and_then(Value::as_str).map(str::to_string))
        })
        .unwrap_or_else(|| format!("team record {}", &key[..key.len().min(8)]));
        let what = match entity {
            Entity::Person => "person".to_string(),
            Entity::Organization => "organization".to_string(),
            Entity::Target => "target account".to_string(),
            Entity::Role => format!(
                "role: {}",
                key.split_once('/').map_or("", |(_, r)| r).replace('_', " ")
            ),
            Entity::Knows => "how you know them".to_string(),
            Entity::Ask => "referral request".to_string(),
        };
        Ok((format!("{name} ({what})"), local_id))
    }

    fn conflict_view(&self, db: Db<'_>, c: &ConflictRow) -> Result<TeamConflict, ApiError> {
        let (record, local_id) = self.record_view(db, c.entity, &c.key)?;
        let by = store_team::link(db)?
            .and_then(|l| l.members.into_iter().find(|m| m.id == c.by))
            .map_or_else(|| c.by.clone(), |m| m.name);
        Ok(TeamConflict {
            id: c.id,
            entity: c.entity,
            record,
            local_id,
            field: c.field.clone(),
            yours: words(&c.yours),
            theirs: words(&c.theirs),
            by,
            at: c.at,
        })
    }

    pub fn team_conflicts(&self, _: Empty) -> Result<Vec<TeamConflict>, ApiError> {
        let core = self.store()?;
        let db = core.db();
        store_team::conflicts(db)?
            .iter()
            .map(|c| self.conflict_view(db, c))
            .collect()
    }

    /// `mine`: this device's value is sent again with a new stamp (queued now). `theirs`:
    /// the team's value is written into the local record.
    pub fn team_conflict_resolve(
        &self,
        req: TeamResolveRequest,
    ) -> Result<Vec<TeamConflict>, ApiError> {
        let keep_mine = match req.keep.trim() {
            "mine" => true,
            "theirs" => false,
            other => {
                return Err(ApiError::invalid(
                    "keep",
                    format!("keep must be `mine` or `theirs`, not {other:?}"),
                ));
            }
        };
        {
            let mut core = self.store()?;
            let link = need_link(core.db())?;
            let c = store_team::get_conflict(core.db(), req.id)?;
            let now = core.now();
            let touched = {
                let crate::Core { store, graph, .. } = &mut *core;
                store.write(|tx| {
                    let mut touched = local::Touched::default();
                    if !keep_mine {
                        let projection = outbound::project(tx, graph, &link, now)?;
                        local::write(
                            tx,
                            &projection,
                            local::FieldOf {
                                entity: c.entity,
                                key: &c.key,
                                field: &c.field,
                            },
                            &c.theirs,
                            now,
                            &mut touched,
                        )?;
                    }
                    store_team::delete_conflict(tx, c.id)?;
                    // What is sent again must be newer than the write that won.
                    // (A stamp far ahead of this clock is refused, naming both: check the
                    // clocks rather than lose the same conflict again.)
                    if keep_mine {
                        crate::Core::observe(tx, &link, Some(&c.theirs_hlc), &[], now)?;
                    }
                    Ok(touched)
                })?
            };
            core.team_touched(&touched)?;
            if keep_mine {
                // The field differs from the shadow (the team's value): queued now, stamped
                // after everything this device has seen.
                sync::queue_now(&mut core)?;
            }
        }
        self.team_conflicts(Empty {})
    }

    pub fn team_invite(&self, req: InviteRequest) -> Result<Invite, ApiError> {
        let name = req.name.trim();
        if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
            return Err(ApiError::invalid(
                "name",
                "the invitee's name must be one line of 1 to 200 characters",
            ));
        }
        let (_, client) = self.team_client()?;
        client
            .post(
                "invite",
                &InviteRequest {
                    name: name.to_string(),
                    admin: req.admin,
                },
            )
            .map_err(team_error)
    }

    /// Coverage of the team's target accounts, computed on the server (team ids).
    pub fn team_coverage(&self, q: CoverageQuery) -> Result<CoverageReport, ApiError> {
        let (_, client) = self.team_client()?;
        client.post("coverage", &q).map_err(team_error)
    }

    /// Warm paths on the team's shared graph, into an organization or to a person.
    pub fn team_paths(&self, req: TeamPathsRequest) -> Result<TeamPaths, ApiError> {
        match (&req.organization, &req.person) {
            (Some(_), Some(_)) | (None, None) => {
                return Err(ApiError::invalid(
                    "organization",
                    "give either an organization or a person (their team keys), not both",
                ));
            }
            (Some(k), None) | (None, Some(k)) if !is_key(k) && !is_server_id(k) => {
                return Err(ApiError::invalid(
                    if req.organization.is_some() {
                        "organization"
                    } else {
                        "person"
                    },
                    format!(
                        "{k:?} is neither a team key (32 hex digits) nor the team server's id (a team coverage report's)"
                    ),
                ));
            }
            _ => {}
        }
        if let Some(m) = &req.from_member
            && m.trim().is_empty()
        {
            return Err(ApiError::invalid("from_member", "from_member is empty"));
        }
        let (_, client) = self.team_client()?;
        client.post("paths", &req).map_err(team_error)
    }

    /// The team key of a local person or organization, once shared (for `team paths`).
    pub fn team_key_of(&self, kind: &str, local_id: Id) -> Result<String, ApiError> {
        let kind = match kind {
            "person" => KeyKind::Person,
            "organization" => KeyKind::Organization,
            other => {
                return Err(ApiError::invalid(
                    "kind",
                    format!("{other:?} is not person or organization"),
                ));
            }
        };
        let core = self.store()?;
        store_team::keys(core.db())?
            .into_iter()
            .find(|k| k.kind == kind && k.local_id == local_id)
            .map(|k| k.key)
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "{} {local_id} has not been shared with the team yet: sync first",
                    kind.as_str()
                ))
            })
    }
}
