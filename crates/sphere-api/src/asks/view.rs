//! A request as the commands answer it: its connectors with their path snapshots and
//! statuses, its timeline, its deadline and what it may become next; and a path's snapshot
//! when a request is made.

use std::collections::HashMap;

use super::types::{
    Ask, AskConnect, AskConnector, AskEvent, ConnectorStatus, Opportunity, PathPerson, Snapshot,
};
use crate::{ApiError, Core};
use sphere_domain::referral::{self, Deadlines, DeclineReason, RequestFacts, RequestState};
use sphere_domain::{Id, PersonRef};
use sphere_store as store;
use sphere_store::asks::{self as store_asks, AskRow, ConnectorRow};

impl Core {
    /// `people` without the leading people who are "us" but the last of them: the one who
    /// asks, then the connector, then whom they are asked for.
    pub(super) fn ask_path(&self, people: &[Id]) -> Vec<Id> {
        let centre = self.graph.centre();
        let team = self.graph.team();
        let us = |id: &Id| Some(*id) == centre || team.contains(id);
        let lead = people.iter().take_while(|id| us(id)).count();
        people[lead.saturating_sub(1)..].to_vec()
    }

    pub(super) fn snapshot(&self, people: &[Id], field: &str) -> Result<(Snapshot, f64), ApiError> {
        let mut strengths = Vec::with_capacity(people.len().saturating_sub(1));
        let mut cost = 0.0;
        for (i, pair) in people.windows(2).enumerate() {
            let tie = store::tie_between(self.db(), pair[0], pair[1])?;
            let ts = tie.and_then(|t| self.graph.tie_strength(t)).ok_or_else(|| {
                ApiError::invalid(
                    field,
                    format!(
                        "people {} and {} (hop {}) have no relationship: a path must follow real relationships",
                        pair[0],
                        pair[1],
                        i + 1
                    ),
                )
            })?;
            strengths.push(ts.parts.value);
            cost -= ts.parts.value.max(f64::MIN_POSITIVE).ln();
            if i > 0 {
                cost += self.graph.ask_penalty(pair[0]);
            }
        }
        let named = people
            .iter()
            .map(|id| {
                let p = store::person_ref(self.db(), *id)?;
                Ok(PathPerson {
                    id: *id,
                    name: p.display_name,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok((
            Snapshot {
                people: named,
                strengths,
            },
            (-cost).exp(),
        ))
    }

    fn deadlines(&self) -> Deadlines {
        Deadlines::default()
    }

    pub(super) fn ask_view(
        &self,
        row: AskRow,
        connectors: &[ConnectorRow],
        events: Vec<store_asks::EventRow>,
    ) -> Result<Ask, ApiError> {
        let db = self.db();
        let now = self.now();
        let person = |id: Option<Id>| -> Result<Option<PersonRef>, ApiError> {
            match id {
                Some(id) => match store::person_ref(db, id) {
                    Ok(p) => Ok(Some(p)),
                    Err(sphere_store::StoreError::Core(
                        sphere_domain::error::CoreError::NotFound(_),
                    )) => Ok(None),
                    Err(e) => Err(e.into()),
                },
                None => Ok(None),
            }
        };
        let mut status: HashMap<u32, (ConnectorStatus, Option<DeclineReason>)> = HashMap::new();
        for e in &events {
            let Some(rank) = e.connector_rank else {
                continue;
            };
            let s = match e.to {
                RequestState::Asked => ConnectorStatus::Asked,
                RequestState::Agreed => ConnectorStatus::Agreed,
                RequestState::ConnectorDeclined => ConnectorStatus::Declined,
                RequestState::ConnectorNoAnswer => ConnectorStatus::NoAnswer,
                _ => continue,
            };
            status.insert(rank, (s, e.reason));
        }
        let mut views = Vec::with_capacity(connectors.len());
        for c in connectors {
            let snap: Snapshot = serde_json::from_str(&c.path).map_err(|e| {
                ApiError::internal(format!("request {}: unreadable path: {e}", row.id))
            })?;
            let (st, why) = status
                .get(&c.rank)
                .copied()
                .unwrap_or((ConnectorStatus::Waiting, None));
            views.push(AskConnector {
                rank: c.rank,
                person: person(c.person_id)?,
                name: snap
                    .people
                    .get(1)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                ask_for: person(c.ask_for_id)?,
                path: snap.people,
                strengths: snap.strengths,
                score: c.score,
                status: st,
                declined_because: why,
            });
        }
        let next = next_rank(&row, connectors);
        let facts = RequestFacts {
            state: row.state,
            mode: row.mode,
            has_next_connector: next.is_some(),
        };
        let deadline = referral::deadline(row.state, row.mode, row.state_at, self.deadlines());
        let overdue = deadline.is_some_and(|d| now > d);
        let offer_next = overdue
            || matches!(
                row.state,
                RequestState::ConnectorDeclined | RequestState::ConnectorNoAnswer
            );
        let next_connector = match (offer_next, next) {
            (true, Some(rank)) => person(
                connectors
                    .iter()
                    .find(|c| c.rank == rank)
                    .and_then(|c| c.person_id),
            )?,
            _ => None,
        };
        let name_of = |rank: Option<u32>| {
            rank.and_then(|r| views.iter().find(|c| c.rank == r))
                .map(|c| c.name.clone())
        };
        // An event's note is free text about the people of the request: never passages hidden.
        let events = events
            .into_iter()
            .map(|e| {
                let mut note = e.note;
                crate::reveal::Reveal::Nobody.text([], &mut note)?;
                Ok(AskEvent {
                    at: e.at,
                    from: e.from,
                    to: e.to,
                    label: e.to.label().to_string(),
                    connector: name_of(e.connector_rank),
                    reason: e.reason,
                    note,
                    interaction_id: e.interaction_id,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        let connect = if row.mode == referral::AskMode::Connect {
            let c = sphere_store::intros::get_connect(db, row.id)?;
            let sides = (c.answer_a, c.answer_b);
            let first = |n: &str| n.split_whitespace().next().unwrap_or(n).to_string();
            Some(AskConnect {
                side_a: person(c.side_a_id)?,
                side_b: person(c.side_b_id)?,
                label: referral::connect_label(
                    row.state,
                    sides,
                    &first(&c.side_a_label),
                    &first(&c.side_b_label),
                ),
                name_a: c.side_a_label,
                name_b: c.side_b_label,
                note_a: c.note_a,
                note_b: c.note_b,
                answer_a: c.answer_a,
                answer_b: c.answer_b,
            })
        } else {
            None
        };
        Ok(Ask {
            id: row.id,
            state: row.state,
            state_label: connect
                .as_ref()
                .map_or_else(|| row.state.label().to_string(), |c| c.label.clone()),
            state_at: row.state_at,
            target_label: row.target_label,
            target_person: person(row.target_person_id)?,
            target_organization: row.target_organization_id,
            title: row.title_phrases,
            asker: person(row.asker_id)?,
            asker_name: row.asker_label,
            mode: row.mode,
            current_rank: row.current_rank,
            subject: row.subject,
            message: row.message,
            why_target: row.why_target,
            why_now: row.why_now,
            opportunity: row.opportunity.map(|o| Opportunity {
                name: o.name,
                value: o.value,
                stage: o.stage,
            }),
            deadline,
            overdue,
            next_connector,
            allowed: referral::allowed(facts),
            events,
            connectors: views,
            connect,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }

    pub(crate) fn ask_get(&self, id: Id) -> Result<Ask, ApiError> {
        let row = store_asks::get_ask(self.db(), id)?;
        let connectors: Vec<ConnectorRow> = store_asks::connectors(self.db(), Some(id))?
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        let events = store_asks::events(self.db(), Some(id))?;
        self.ask_view(row, &connectors, events)
    }
}

/// The first connector after the current one that is a person still.
pub(super) fn next_rank(row: &AskRow, connectors: &[ConnectorRow]) -> Option<u32> {
    connectors
        .iter()
        .filter(|c| c.rank > row.current_rank && c.person_id.is_some())
        .map(|c| c.rank)
        .min()
}
