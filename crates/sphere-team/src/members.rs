//! Teams and members: creating a team, invitations, joining, who a token is, the share
//! level, leaving.

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use tokio_postgres::{Row, Transaction};

use sphere_domain::team::{Invite, InviteRequest, Joined, MemberInfo, ShareLevel, TeamInfo};

use crate::db;
use crate::error::Fail;

/// How long an invitation works.
pub const INVITE_DAYS: i64 = 7;

/// A random team id: 32 hex digits.
pub fn new_key() -> String {
    let bytes: [u8; 16] = rand::random();
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A secret shown once: 32 random bytes, base64url.
fn new_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored of a secret: its sha256, in hex.
pub fn hash_secret(secret: &str) -> String {
    hex(&Sha256::digest(secret.trim().as_bytes()))
}

/// The member a request acts for.
#[derive(Debug, Clone)]
pub struct Who {
    pub team: String,
    pub member: String,
    pub name: String,
    pub admin: bool,
    pub share_level: ShareLevel,
    pub person: Option<String>,
    pub token_hash: String,
}

/// Finds the member of a bearer token and sets the transaction's context to them.
pub async fn authenticate(tx: &Transaction<'_>, token: &str) -> Result<Who, Fail> {
    let token_hash = hash_secret(token);
    db::set(tx, "sphere.token_hash", &token_hash).await?;
    let row = tx
        .query_opt(
            "SELECT team_id, member_id FROM member_token WHERE token_hash = $1 AND revoked_at IS NULL",
            &[&token_hash],
        )
        .await?;
    db::set(tx, "sphere.token_hash", "").await?;
    let Some(row) = row else {
        return Err(Fail::unauthorized(
            "this token is not a team member's (it was revoked, or the member left): join again with a new invitation",
        ));
    };
    let team: String = row.get(0);
    let member: String = row.get(1);
    db::set_context(tx, &team, &member, None).await?;
    let m = tx
        .query_opt(
            "SELECT name, admin, share_level, person_key, left_at FROM member WHERE team_id = $1 AND id = $2",
            &[&team, &member],
        )
        .await?
        .ok_or_else(|| Fail::unauthorized("this token's member is gone"))?;
    if m.get::<_, Option<DateTime<Utc>>>(4).is_some() {
        return Err(Fail::unauthorized(
            "this member left the team: join again with a new invitation",
        ));
    }
    let person: Option<String> = m.get(3);
    if person.is_some() {
        db::set_context(tx, &team, &member, person.as_deref()).await?;
    }
    Ok(Who {
        team,
        member,
        name: m.get(0),
        admin: m.get(1),
        share_level: ShareLevel::parse(m.get::<_, &str>(2)).unwrap_or(ShareLevel::Existence),
        person,
        token_hash,
    })
}

fn member_info(r: &Row) -> MemberInfo {
    MemberInfo {
        id: r.get("id"),
        name: r.get("name"),
        admin: r.get("admin"),
        share_level: ShareLevel::parse(r.get::<_, &str>("share_level"))
            .unwrap_or(ShareLevel::Existence),
        person: r.get("person_key"),
        joined_at: r.get("joined_at"),
        last_sync_at: r.get("last_sync_at"),
    }
}

/// The team as `who` sees it.
pub async fn team_info(tx: &Transaction<'_>, team: &str, member: &str) -> Result<TeamInfo, Fail> {
    let t = tx
        .query_opt("SELECT name, salt FROM team WHERE id = $1", &[&team])
        .await?
        .ok_or_else(|| Fail::not_found("the team is gone"))?;
    let rows = tx
        .query(
            "SELECT id, name, admin, share_level, person_key, joined_at, last_sync_at FROM member \
             WHERE team_id = $1 AND left_at IS NULL ORDER BY lower(name), id",
            &[&team],
        )
        .await?;
    let members: Vec<MemberInfo> = rows.iter().map(member_info).collect();
    let me = members
        .iter()
        .find(|m| m.id == member)
        .cloned()
        .ok_or_else(|| Fail::unauthorized("this member left the team"))?;
    Ok(TeamInfo {
        id: team.to_string(),
        name: t.get(0),
        salt: t.get(1),
        me,
        members,
    })
}

fn check_name(field: &str, name: &str) -> Result<String, Fail> {
    let n = name.trim();
    if n.is_empty() {
        return Err(Fail::invalid(field, format!("{field} cannot be empty")));
    }
    if n.chars().count() > 200 || n.chars().any(char::is_control) {
        return Err(Fail::invalid(
            field,
            format!("{field} must be at most 200 characters, without control characters"),
        ));
    }
    Ok(n.to_string())
}

async fn create_invite(
    tx: &Transaction<'_>,
    team: &str,
    by: Option<&str>,
    req: &InviteRequest,
    now: DateTime<Utc>,
) -> Result<Invite, Fail> {
    let name = check_name("name", &req.name)?;
    let code = new_secret();
    let expires = now + Duration::days(INVITE_DAYS);
    tx.execute(
        "INSERT INTO invite (team_id, code_hash, name, admin, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        &[&team, &hash_secret(&code), &name, &req.admin, &by, &expires],
    )
    .await?;
    Ok(Invite {
        code,
        name,
        expires_at: expires,
    })
}

/// Creates a team with its first admin's invitation.
pub async fn init_team(
    tx: &Transaction<'_>,
    team_name: &str,
    admin: &str,
    now: DateTime<Utc>,
) -> Result<(String, Invite), Fail> {
    let name = check_name("team", team_name)?;
    let id = new_key();
    db::set_context(tx, &id, "", None).await?;
    let salt = new_secret();
    tx.execute(
        "INSERT INTO team (id, name, salt, created_at) VALUES ($1, $2, $3, $4)",
        &[&id, &name, &salt, &now],
    )
    .await?;
    let invite = create_invite(
        tx,
        &id,
        None,
        &InviteRequest {
            name: admin.to_string(),
            admin: true,
        },
        now,
    )
    .await?;
    Ok((id, invite))
}

/// An admin invites someone.
pub async fn invite(
    tx: &Transaction<'_>,
    who: &Who,
    req: &InviteRequest,
    now: DateTime<Utc>,
) -> Result<Invite, Fail> {
    if !who.admin {
        return Err(Fail::forbidden(format!(
            "{} is not an admin of the team: only an admin can invite",
            who.name
        )));
    }
    create_invite(tx, &who.team, Some(&who.member), req, now).await
}

/// Redeems an invitation: a new member with a token shown once.
pub async fn join(
    tx: &Transaction<'_>,
    code: &str,
    device: &str,
    now: DateTime<Utc>,
) -> Result<Joined, Fail> {
    let device = check_name("device", device)?;
    let code_hash = hash_secret(code);
    db::set(tx, "sphere.invite_hash", &code_hash).await?;
    let inv = tx
        .query_opt(
            "SELECT team_id, name, admin, expires_at, used_at FROM invite WHERE code_hash = $1 FOR UPDATE",
            &[&code_hash],
        )
        .await?;
    db::set(tx, "sphere.invite_hash", "").await?;
    let Some(inv) = inv else {
        return Err(Fail::unauthorized(
            "this invitation code is not known: check it with the admin who gave it",
        ));
    };
    if inv.get::<_, Option<DateTime<Utc>>>(4).is_some() {
        return Err(Fail::unauthorized(
            "this invitation was already used: ask the admin for a new one",
        ));
    }
    let expires: DateTime<Utc> = inv.get(3);
    if expires <= now {
        return Err(Fail::unauthorized(format!(
            "this invitation expired on {}: ask the admin for a new one",
            expires.format("%Y-%m-%d %H:%M UTC")
        )));
    }
    let team: String = inv.get(0);
    let member = new_key();
    db::set_context(tx, &team, &member, None).await?;
    tx.execute(
        "INSERT INTO member (team_id, id, name, admin, joined_at) VALUES ($1, $2, $3, $4, $5)",
        &[
            &team,
            &member,
            &inv.get::<_, String>(1),
            &inv.get::<_, bool>(2),
            &now,
        ],
    )
    .await?;
    tx.execute(
        "UPDATE invite SET used_at = $2, member_id = $3 WHERE code_hash = $1",
        &[&code_hash, &now, &member],
    )
    .await?;
    let token = new_secret();
    let token_hash = hash_secret(&token);
    tx.execute(
        "INSERT INTO member_token (team_id, member_id, token_hash, created_at) VALUES ($1, $2, $3, $4)",
        &[&team, &member, &token_hash, &now],
    )
    .await?;
    tx.execute(
        "INSERT INTO device (team_id, member_id, token_hash, name) VALUES ($1, $2, $3, $4)",
        &[&team, &member, &token_hash, &device],
    )
    .await?;
    Ok(Joined {
        team: team_info(tx, &team, &member).await?,
        token,
    })
}

/// The fields of "knows" a share level lets out.
pub fn knows_fields_allowed(level: ShareLevel) -> &'static [&'static str] {
    match level {
        ShareLevel::Existence => &["deleted"],
        ShareLevel::Band => &["band", "last_two_way", "deleted"],
        ShareLevel::HowMet => &["band", "last_two_way", "how_met", "deleted"],
    }
}

/// Changes the member's share level; lowering it takes down what the new level withholds
/// from the member's "knows" rows (devices learn it on their next pull).
pub async fn set_share_level(
    tx: &Transaction<'_>,
    who: &Who,
    level: ShareLevel,
    stamp: &str,
) -> Result<(), Fail> {
    tx.execute(
        "UPDATE member SET share_level = $3 WHERE team_id = $1 AND id = $2",
        &[&who.team, &who.member, &level.as_str()],
    )
    .await?;
    let allowed = knows_fields_allowed(level);
    let withheld: Vec<&str> = ["band", "last_two_way", "how_met"]
        .into_iter()
        .filter(|f| !allowed.contains(f))
        .collect();
    for f in withheld {
        let null = serde_json::json!({"value": null, "hlc": stamp});
        tx.execute(
            "UPDATE knows SET fields = jsonb_set(fields, ARRAY[$3::text], $4), seq = nextval('team_seq') \
             WHERE team_id = $1 AND member_id = $2 AND fields ? $3 \
             AND fields -> $3 -> 'value' <> 'null'::jsonb",
            &[&who.team, &who.member, &f, &null],
        )
        .await?;
    }
    Ok(())
}

/// A member leaves: what they shared of whom they know is taken down (each "knows" row
/// keeps only `deleted: true`, so devices learn it), their tokens are revoked.
pub async fn leave(
    tx: &Transaction<'_>,
    who: &Who,
    stamp: &str,
    now: DateTime<Utc>,
) -> Result<u64, Fail> {
    let gone = serde_json::json!({"deleted": {"value": true, "hlc": stamp}});
    let n = tx
        .execute(
            "UPDATE knows SET fields = $3, seq = nextval('team_seq') WHERE team_id = $1 AND member_id = $2",
            &[&who.team, &who.member, &gone],
        )
        .await?;
    tx.execute(
        "UPDATE member SET left_at = $3 WHERE team_id = $1 AND id = $2",
        &[&who.team, &who.member, &now],
    )
    .await?;
    tx.execute(
        "UPDATE member_token SET revoked_at = $3 WHERE team_id = $1 AND member_id = $2 AND revoked_at IS NULL",
        &[&who.team, &who.member, &now],
    )
    .await?;
    Ok(n)
}
