//! Merging two team records of one person (or organization): `merge` becomes part of `keep`.

use serde_json::{Value, json};
use tokio_postgres::Transaction;

use sphere_domain::team::{Entity, MergeRequest, is_key};

use crate::error::Fail;
use crate::members::Who;

/// Merges `req.merge` into `req.keep`: the merged row is marked (`merged_into`, seq bumped so
/// devices learn it); its "knows", roles and target are copied to `keep` (where `keep` has
/// none of its own) and taken down under the merged key (`deleted` / `holds: false`); match
/// keys, asks and people's organization point at `keep`; and the device keys that named it
/// resolve to `keep` from now on.
pub async fn merge(
    tx: &Transaction<'_>,
    who: &Who,
    req: &MergeRequest,
    stamp: &str,
) -> Result<Entity, Fail> {
    for (f, k) in [("keep", &req.keep), ("merge", &req.merge)] {
        if !is_key(k) {
            return Err(Fail::invalid(
                f,
                format!("{f} must be a team id (32 hex digits)"),
            ));
        }
    }
    if req.keep == req.merge {
        return Err(Fail::invalid(
            "merge",
            "a record cannot be merged into itself",
        ));
    }
    let team = &who.team;
    let entity = if live(tx, "person", team, &req.keep).await? {
        Entity::Person
    } else if live(tx, "organization", team, &req.keep).await? {
        Entity::Organization
    } else {
        return Err(Fail::not_found(format!(
            "{} is neither a person nor an organization on the team (or it was merged already)",
            req.keep
        )));
    };
    let table = entity.as_str();
    if !live(tx, table, team, &req.merge).await? {
        return Err(Fail::not_found(format!(
            "{} is not a {table} on the team (or it was merged already)",
            req.merge
        )));
    }
    if entity == Entity::Person {
        // Two members' own persons are two people: a merge must not hand one member's
        // place (and the requests that name them as connector) to another.
        let owners = tx
            .query(
                "SELECT id, name, person_key FROM member \
                 WHERE team_id = $1 AND left_at IS NULL AND person_key IN ($2, $3)",
                &[team, &req.keep, &req.merge],
            )
            .await?;
        if owners.len() > 1 {
            let names: Vec<String> = owners.iter().map(|r| r.get::<_, String>(1)).collect();
            return Err(Fail::conflict(format!(
                "{} and {} are two members of the team: their own persons cannot be merged",
                names[0], names[1]
            )));
        }
        if let Some(owner) = owners.first()
            && owner.get::<_, String>(0) != who.member
            && owner.get::<_, Option<String>>(2).as_deref() == Some(req.keep.as_str())
        {
            return Err(Fail::conflict(format!(
                "{} is {}'s own person on the team: only they can merge another record into it",
                req.keep,
                owner.get::<_, String>(1)
            )));
        }
    }
    let (keep, gone) = (&req.keep, &req.merge);
    let mark = json!({"value": keep, "hlc": stamp});
    let tombstone = json!({"deleted": {"value": true, "hlc": stamp}});
    let role_off = json!({"holds": {"value": false, "hlc": stamp}});
    tx.execute(
        &format!(
            "UPDATE {table} SET merged_into = $3, fields = jsonb_set(fields, '{{merged_into}}', $4), \
             seq = nextval('team_seq') WHERE team_id = $1 AND key = $2"
        ),
        &[team, gone, keep, &mark],
    )
    .await?;
    tx.execute(
        "INSERT INTO alias (team_id, entity, key, team_key) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (team_id, entity, key) DO UPDATE SET team_key = EXCLUDED.team_key",
        &[team, &table, gone, keep],
    )
    .await?;
    tx.execute(
        "UPDATE alias SET team_key = $3 WHERE team_id = $1 AND entity = $4 AND team_key = $2",
        &[team, gone, keep, &table],
    )
    .await?;
    match entity {
        Entity::Person => {
            tx.execute(
                "UPDATE person_match SET person_key = $3 WHERE team_id = $1 AND person_key = $2",
                &[team, gone, keep],
            )
            .await?;
            // Each "knows" and role of `merge` is copied to `keep` (unless `keep` has its own)
            // and taken down where it was, so every device learns both.
            tx.execute(
                "INSERT INTO knows (team_id, member_id, person_key, fields, seq) \
                 SELECT team_id, member_id, $3, fields, nextval('team_seq') FROM knows \
                 WHERE team_id = $1 AND person_key = $2 ON CONFLICT DO NOTHING",
                &[team, gone, keep],
            )
            .await?;
            tx.execute(
                "UPDATE knows SET fields = $3, seq = nextval('team_seq') WHERE team_id = $1 AND person_key = $2",
                &[team, gone, &tombstone],
            )
            .await?;
            tx.execute(
                "INSERT INTO role (team_id, key, fields, seq) \
                 SELECT team_id, $3 || substr(key, 33), fields, nextval('team_seq') FROM role \
                 WHERE team_id = $1 AND key LIKE $2 || '/%' ON CONFLICT DO NOTHING",
                &[team, gone, keep],
            )
            .await?;
            tx.execute(
                "UPDATE role SET fields = $3, seq = nextval('team_seq') WHERE team_id = $1 AND key LIKE $2 || '/%'",
                &[team, gone, &role_off],
            )
            .await?;
            // Asks (only those this member may see are re-pointed; others on their next write).
            for f in ["target", "connector"] {
                let v = json!({"value": keep, "hlc": stamp});
                tx.execute(
                    "UPDATE ask SET fields = jsonb_set(fields, ARRAY[$4::text], $5), \
                     connector = CASE WHEN $4 = 'connector' THEN $3 ELSE connector END, seq = nextval('team_seq') \
                     WHERE team_id = $1 AND fields -> $4 ->> 'value' = $2",
                    &[team, gone, keep, &f, &v],
                )
                .await?;
            }
            tx.execute(
                "UPDATE member SET person_key = $3 WHERE team_id = $1 AND person_key = $2",
                &[team, gone, keep],
            )
            .await?;
            crate::sync::reissue_asks(tx, team, keep).await?;
        }
        _ => {
            let v: Value = json!({"value": keep, "hlc": stamp});
            tx.execute(
                "UPDATE person SET fields = jsonb_set(fields, '{organization}', $3), seq = nextval('team_seq') \
                 WHERE team_id = $1 AND fields -> 'organization' ->> 'value' = $2",
                &[team, gone, &v],
            )
            .await?;
            tx.execute(
                "INSERT INTO target (team_id, key, fields, seq) \
                 SELECT team_id, $3, fields, nextval('team_seq') FROM target \
                 WHERE team_id = $1 AND key = $2 ON CONFLICT DO NOTHING",
                &[team, gone, keep],
            )
            .await?;
            tx.execute(
                "UPDATE target SET fields = $3, seq = nextval('team_seq') WHERE team_id = $1 AND key = $2",
                &[team, gone, &tombstone],
            )
            .await?;
        }
    }
    Ok(entity)
}

async fn live(tx: &Transaction<'_>, table: &str, team: &str, key: &str) -> Result<bool, Fail> {
    Ok(tx
        .query_opt(
            &format!(
                "SELECT 1 FROM {table} WHERE team_id = $1 AND key = $2 AND merged_into IS NULL"
            ),
            &[&team, &key],
        )
        .await?
        .is_some())
}
