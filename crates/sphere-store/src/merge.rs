//! Merging two records of one person. Nothing of either is lost: emails, phones and tags are
//! united; empty fields are filled from the other record; notes are joined; facts,
//! interactions, keys and the picture move over; each relationship of the merged record moves
//! to the kept one, or, when the kept one already has a relationship with that person, the
//! two are joined (earliest `since`, both `how_met`, the kept override unless it has none) and
//! the summary recomputed from the now-shared interaction log.

use crate::Db;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{fmt_time, now, to_json};
use crate::error::{CoreError, StoreResult};
use sphere_domain::validate::{MAX_FIELD_CHARS, MAX_LIST_LEN};
use sphere_domain::{Id, Ring};

/// What a merge changed, for the caller's message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Merged {
    pub facts_moved: u32,
    pub interactions_moved: u32,
    pub relationships_moved: u32,
    pub relationships_joined: u32,
    /// What the merged record could not keep because it would pass a limit validation
    /// enforces (so the merged person can still be edited), in words.
    pub left_out: Vec<String>,
}

/// Cuts a united list to [`MAX_LIST_LEN`], saying what was left out.
fn within_limit(list: &mut Vec<String>, what: &str, left_out: &mut Vec<String>) {
    if list.len() > MAX_LIST_LEN {
        let extra = list.split_off(MAX_LIST_LEN);
        left_out.push(format!(
            "{} {what} over the limit of {MAX_LIST_LEN} were left out: {}",
            extra.len(),
            extra.join(", ")
        ));
    }
}

fn union(into: &mut Vec<String>, from: Vec<String>) {
    for x in from {
        if !into.iter().any(|y| y.eq_ignore_ascii_case(&x)) {
            into.push(x);
        }
    }
}

/// Merges person `gone` into person `keep` (see the module documentation) and deletes `gone`.
/// `now` values the recomputed relationship summaries.
pub fn merge_people(conn: Db<'_>, keep: Id, gone: Id, at: DateTime<Utc>) -> StoreResult<Merged> {
    if keep == gone {
        return Err(CoreError::invalid("merge", "a person cannot be merged with themself").into());
    }
    let k = super::get_person(conn, keep)?;
    let g = super::get_person(conn, gone)?;
    if g.ring == Ring::Centre && g.ring_pinned {
        return Err(CoreError::invalid(
            "merge",
            format!(
                "{} is you (the centre of the sphere); keep them and merge {} into them instead",
                g.display_name, k.display_name
            ),
        )
        .into());
    }
    let mut emails = k.emails.clone();
    union(&mut emails, g.emails);
    let mut phones = k.phones.clone();
    union(&mut phones, g.phones);
    let mut tags = k.tags.clone();
    union(&mut tags, g.tags);
    let mut notes = match (k.notes.trim().is_empty(), g.notes.trim().is_empty()) {
        (_, true) => k.notes.clone(),
        (true, false) => g.notes.clone(),
        (false, false) if k.notes.contains(g.notes.trim()) => k.notes.clone(),
        (false, false) => format!("{}\n\n{}", k.notes.trim_end(), g.notes.trim()),
    };
    let mut left_out = Vec::new();
    within_limit(&mut emails, "emails", &mut left_out);
    within_limit(&mut phones, "phones", &mut left_out);
    within_limit(&mut tags, "tags", &mut left_out);
    if let Some((cut, _)) = notes.char_indices().nth(MAX_FIELD_CHARS) {
        let extra = notes.split_off(cut);
        left_out.push(format!(
            "the joined notes passed {MAX_FIELD_CHARS} characters; the last {} were left out: {extra}",
            extra.chars().count()
        ));
    }
    let title = if k.title.is_empty() {
        g.title
    } else {
        k.title.clone()
    };
    let organization = k.organization_id.or(g.organization_id);
    let (ring, pinned) = if k.ring_pinned || !g.ring_pinned {
        (k.ring, k.ring_pinned)
    } else {
        (g.ring, true)
    };
    let stamp = fmt_time(&now());
    conn.execute(
        "UPDATE person SET emails = ?2, phones = ?3, tags = ?4, notes = ?5, title = ?6,
                organization_id = ?7, is_team = ?8, updated_at = ?9
          WHERE id = ?1",
        params![
            keep,
            to_json(&emails),
            to_json(&phones),
            to_json(&tags),
            notes,
            title,
            organization,
            k.is_team || g.is_team,
            stamp
        ],
    )?;
    let mut out = Merged {
        facts_moved: conn.execute(
            "UPDATE fact SET person_id = ?1, updated_at = ?3 WHERE person_id = ?2",
            params![keep, gone, stamp],
        )? as u32,
        left_out,
        ..Merged::default()
    };
    conn.execute(
        "UPDATE fact SET told_by = NULL WHERE told_by = ?2 AND person_id = ?1",
        params![keep, gone],
    )?;
    conn.execute(
        "UPDATE fact SET told_by = ?1 WHERE told_by = ?2",
        params![keep, gone],
    )?;
    // Interactions: `gone` becomes `keep` (once, when both took part).
    out.interactions_moved = conn.execute(
        "UPDATE OR IGNORE interaction_participant SET person_id = ?1 WHERE person_id = ?2",
        params![keep, gone],
    )? as u32;
    conn.execute(
        "DELETE FROM interaction_participant WHERE person_id = ?1",
        [gone],
    )?;
    conn.execute(
        "UPDATE interaction SET initiator_id = ?1 WHERE initiator_id = ?2",
        params![keep, gone],
    )?;
    // Relationships.
    conn.execute(
        "DELETE FROM relationship WHERE person_a = min(?1, ?2) AND person_b = max(?1, ?2)",
        params![keep, gone],
    )?;
    let theirs: Vec<(Id, Id)> = conn
        .prepare(
            "SELECT id, CASE WHEN person_a = ?1 THEN person_b ELSE person_a END
               FROM relationship WHERE person_a = ?1 OR person_b = ?1",
        )?
        .query_map([gone], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (tie, other) in theirs {
        let (a, b) = (keep.min(other), keep.max(other));
        let existing: Option<Id> = conn
            .query_row(
                "SELECT id FROM relationship WHERE person_a = ?1 AND person_b = ?2",
                params![a, b],
                |r| r.get(0),
            )
            .optional()?;
        match existing {
            None => {
                conn.execute(
                    "UPDATE relationship SET person_a = ?2, person_b = ?3, updated_at = ?4
                      WHERE id = ?1",
                    params![tie, a, b, stamp],
                )?;
                out.relationships_moved += 1;
            }
            Some(kept) => {
                conn.execute(
                    "UPDATE relationship AS k SET
                        since = CASE WHEN k.since IS NULL THEN g.since
                                     WHEN g.since IS NULL THEN k.since
                                     ELSE min(k.since, g.since) END,
                        how_met = CASE WHEN g.how_met = '' OR instr(k.how_met, g.how_met) > 0
                                       THEN k.how_met
                                       WHEN k.how_met = '' THEN g.how_met
                                       ELSE k.how_met || '; ' || g.how_met END,
                        strength_override = coalesce(k.strength_override, g.strength_override),
                        override_reason = CASE WHEN k.strength_override IS NULL
                                               THEN g.override_reason
                                               ELSE k.override_reason END,
                        doubted_at = coalesce(k.doubted_at, g.doubted_at),
                        doubt_note = CASE WHEN k.doubted_at IS NULL THEN g.doubt_note
                                          ELSE k.doubt_note END,
                        updated_at = ?3
                       FROM relationship AS g
                      WHERE k.id = ?1 AND g.id = ?2",
                    params![kept, tie, stamp],
                )?;
                conn.execute("DELETE FROM relationship WHERE id = ?1", [tie])?;
                out.relationships_joined += 1;
            }
        }
    }
    conn.execute(
        "UPDATE OR IGNORE person_key SET person_id = ?1 WHERE person_id = ?2",
        params![keep, gone],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO person_photo (person_id, file, updated_at)
         SELECT ?1, file, updated_at FROM person_photo WHERE person_id = ?2",
        params![keep, gone],
    )?;
    // Referral requests and the ledger follow the person: nothing they hold about them is
    // dropped or left pointing at nobody.
    for sql in [
        "UPDATE referral_request SET asker_id = ?1 WHERE asker_id = ?2",
        "UPDATE referral_request SET target_person_id = ?1 WHERE target_person_id = ?2",
        "UPDATE referral_connector SET person_id = ?1 WHERE person_id = ?2",
        "UPDATE referral_connector SET ask_for_id = ?1 WHERE ask_for_id = ?2",
        "UPDATE ledger_entry SET person_id = ?1 WHERE person_id = ?2",
        "UPDATE need_offer SET person_id = ?1 WHERE person_id = ?2",
        "UPDATE intro_connect SET side_a_id = ?1 WHERE side_a_id = ?2",
        "UPDATE intro_connect SET side_b_id = ?1 WHERE side_b_id = ?2",
        "INSERT OR IGNORE INTO intro_openness (person_id, open)
         SELECT ?1, open FROM intro_openness WHERE person_id = ?2",
        // The kept record's own keep-in-touch choice wins; the other's is kept when it has none.
        "INSERT OR IGNORE INTO keep_in_touch
                (person_id, cadence, ideal_days, max_days, snoozed_until, paused_at, updated_at)
         SELECT ?1, cadence, ideal_days, max_days, snoozed_until, paused_at, updated_at
           FROM keep_in_touch WHERE person_id = ?2",
        // Pairs set aside follow the person (each pair stored in order, not with itself).
        "INSERT OR IGNORE INTO intro_dismissal (person_a, person_b, reason, at, relationship_id)
         SELECT min(?1, other), max(?1, other), reason, at, relationship_id FROM (
             SELECT person_b AS other, reason, at, relationship_id
               FROM intro_dismissal WHERE person_a = ?2
             UNION ALL
             SELECT person_a, reason, at, relationship_id
               FROM intro_dismissal WHERE person_b = ?2)
          WHERE other <> ?1",
    ] {
        conn.execute(sql, params![keep, gone])?;
    }
    // Roles in a buying group follow the person when both records are at the organization the
    // kept one now has (roles held elsewhere stay behind, as when someone moves); the accounts
    // they own follow them.
    for sql in [
        "INSERT OR IGNORE INTO person_role (person_id, role, created_at)
         SELECT ?1, role, created_at FROM person_role
          WHERE person_id = ?2
            AND (SELECT organization_id FROM person WHERE id = ?2)
                IS (SELECT organization_id FROM person WHERE id = ?1)",
        "UPDATE target_account SET owner_id = ?1 WHERE owner_id = ?2",
        // Never shared stays never shared: the kept record now holds what made it so.
        "INSERT OR IGNORE INTO team_never_share (person_id, created_at)
         SELECT ?1, created_at FROM team_never_share WHERE person_id = ?2",
    ] {
        conn.execute(sql, params![keep, gone])?;
    }
    conn.execute("DELETE FROM person WHERE id = ?1", [gone])?;
    conn.execute(
        "UPDATE person SET ring = ?2, ring_pinned = ?3 WHERE id = ?1",
        params![keep, ring.as_str(), pinned],
    )?;
    let ties: Vec<Id> = conn
        .prepare("SELECT id FROM relationship WHERE person_a = ?1 OR person_b = ?1")?
        .query_map([keep], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    super::stats::recompute_stats(conn, Some(&ties), at)?;
    Ok(out)
}
