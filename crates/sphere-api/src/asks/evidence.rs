//! The evidence a transition writes, in its own transaction: an introduction request, an
//! introduction (and the user's relationship with the person introduced), a meeting, a doubt
//! on a tie.

use chrono::{DateTime, Utc};

use sphere_domain::error::CoreResult;
use sphere_domain::referral::{DeclineReason, RequestState};
use sphere_domain::{Id, InteractionInput, InteractionKind, RelationshipInput, TieKind, validate};
use sphere_store::asks::{AskRow, ConnectorRow};
use sphere_store::{self as store, Db};

/// The evidence a transition writes, inside its transaction. Returns the interaction it
/// logged, and the relationships whose graph edges must be read again.
pub(super) fn write_evidence(
    tx: Db<'_>,
    row: &AskRow,
    connector: &ConnectorRow,
    to: RequestState,
    reason: Option<DeclineReason>,
    at: DateTime<Utc>,
) -> CoreResult<(Option<Id>, Vec<Id>)> {
    let ask_for = connector.ask_for_id;
    // Each step needs only the people it writes about: a request whose connector or asker
    // was deleted can still be declined, withdrawn or expired.
    let gone = |who: &str| {
        sphere_domain::error::CoreError::invalid(
            "to",
            format!(
                "{who} was deleted, so the request cannot move to {}; withdraw it{}",
                to.label(),
                if who == "its connector" {
                    " or ask the next connector"
                } else {
                    ""
                }
            ),
        )
    };
    let connector_id = || connector.person_id.ok_or_else(|| gone("its connector"));
    let asker_id = || row.asker_id.ok_or_else(|| gone("the person who asked"));
    let ask_for_id = || ask_for.ok_or_else(|| gone("the person to be introduced"));
    let name = |id: Id| -> CoreResult<String> { Ok(store::person_ref(tx, id)?.display_name) };
    let log = |kind: InteractionKind,
               participants: Vec<Id>,
               initiator: Id,
               note: String|
     -> CoreResult<Id> {
        let clean = validate::interaction(&InteractionInput {
            occurred_at: at,
            kind,
            participants,
            initiator_id: Some(initiator),
            note: Some(note),
            outcome: None,
        })?;
        let v = store::insert_interaction(tx, &clean)?;
        Ok(v.interaction.id)
    };
    let mut touched = Vec::new();
    let interaction = match to {
        RequestState::Asked => {
            let (asker, conn_id) = (asker_id()?, connector_id()?);
            let about = ask_for.map(name).transpose()?.unwrap_or_default();
            Some(log(
                InteractionKind::IntroRequest,
                vec![asker, conn_id],
                asker,
                format!(
                    "Asked for an introduction to {about} (referral request #{})",
                    row.id
                ),
            )?)
        }
        RequestState::Introduced => {
            let (asker, conn_id, target) = (asker_id()?, connector_id()?, ask_for_id()?);
            let id = log(
                InteractionKind::Intro,
                vec![conn_id, target, asker],
                conn_id,
                format!(
                    "{} introduced {} (referral request #{})",
                    name(conn_id)?,
                    name(target)?,
                    row.id
                ),
            )?;
            // The introduction proves the connector knows them.
            if let Some(t) = store::tie_between(tx, conn_id, target)? {
                store::set_doubt(tx, t, None)?;
                touched.push(t);
            }
            if store::tie_between(tx, asker, target)?.is_none() {
                let clean = validate::relationship_at(
                    &RelationshipInput {
                        person_a: asker,
                        person_b: target,
                        kind: TieKind::Acquaintance,
                        since: Some(at.date_naive()),
                        how_met: Some(format!("Introduced by {}", name(conn_id)?)),
                        strength_override: None,
                        override_reason: None,
                    },
                    at.date_naive(),
                )?;
                let tie = store::insert_tie(tx, &clean)?;
                touched.push(tie.id);
            }
            Some(id)
        }
        RequestState::Met => {
            let (asker, target) = (asker_id()?, ask_for_id()?);
            Some(log(
                InteractionKind::Meeting,
                vec![asker, target],
                asker,
                format!("Met {} (referral request #{})", name(target)?, row.id),
            )?)
        }
        RequestState::ConnectorDeclined if reason == Some(DeclineReason::NotWellKnown) => {
            if let (Some(conn_id), Some(target)) = (connector.person_id, ask_for)
                && let Some(t) = store::tie_between(tx, conn_id, target)?
            {
                let words = format!(
                    "{} said they don't know {} well ({})",
                    name(conn_id)?,
                    name(target)?,
                    at.format("%-d %b %Y")
                );
                store::set_doubt(tx, t, Some((&at, &words)))?;
                touched.push(t);
            }
            None
        }
        _ => None,
    };
    Ok((interaction, touched))
}
