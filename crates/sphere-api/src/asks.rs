//! Referral requests (asks) from path to outcome: the commands, their wire types, and the
//! evidence each transition writes (an introduction request, an introduction, a meeting, a
//! doubtful tie). The rules are the domain's ([`sphere_domain::referral`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Core, IdRequest, Sphere, sync_interaction};
use crate::privacy::LintRequest;
use sphere_domain::error::{ApiError, CoreResult};
use sphere_domain::referral::{
    self, AskMode, Deadlines, DeclineReason, RequestFacts, RequestState,
};
use sphere_domain::{
    Id, InteractionInput, InteractionKind, PersonRef, RelationshipInput, TieKind, validate,
};
use sphere_store::asks::{
    self as store_asks, AskRow, ConnectorRow, NewAsk, NewEvent, OpportunityRow,
};
use sphere_store::{self as store, Db};

/// The most connectors one request asks, one at a time.
pub const MAX_CONNECTORS: usize = 3;
/// The longest message, subject and reasons, in characters.
const MAX_MESSAGE: usize = 20_000;
const MAX_LINE: usize = 500;

/// The opportunity a request serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Opportunity {
    pub name: String,
    /// Its value, in the user's currency.
    #[ts(optional)]
    #[serde(default)]
    pub value: Option<f64>,
    /// "discovery", "proposal"…
    #[ts(optional)]
    #[serde(default)]
    pub stage: Option<String>,
}

/// A new referral request, made from one to three warm paths.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct AskInput {
    /// The person to reach…
    #[ts(optional, type = "number")]
    pub target_person: Option<Id>,
    /// …or an organization (with `title` phrases).
    #[ts(optional, type = "number")]
    pub target_organization: Option<Id>,
    #[ts(optional)]
    pub title: Option<String>,
    /// The paths to ask through, best first (1–3), each a list of people from the one who
    /// asks (the user or a team member) to the person reached. Their first connectors are
    /// asked one at a time, in this order.
    #[ts(type = "Array<Array<number>>")]
    pub paths: Vec<Vec<Id>>,
    pub subject: String,
    /// The message to the first connector, as it will be sent.
    pub message: String,
    #[ts(optional)]
    pub why_target: Option<String>,
    #[ts(optional)]
    pub why_now: Option<String>,
    /// Introduce (default) or mention my name.
    #[ts(optional)]
    pub mode: Option<AskMode>,
    #[ts(optional)]
    pub opportunity: Option<Opportunity>,
    /// Sent already: the request starts as asked (default: a draft).
    #[ts(optional)]
    pub send: Option<bool>,
    /// When it was written (default: now; an ask written down after the fact may be dated
    /// earlier, never later than now).
    #[ts(optional)]
    pub at: Option<DateTime<Utc>>,
}

/// Someone on a path as they were when the request was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PathPerson {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
}

/// The path snapshot stored with each connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Snapshot {
    people: Vec<PathPerson>,
    strengths: Vec<f64>,
}

/// Where one connector of a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConnectorStatus {
    /// Next in line, not asked yet.
    Waiting,
    Asked,
    Agreed,
    Declined,
    NoAnswer,
}

/// One ranked connector with the path as it was when the request was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AskConnector {
    pub rank: u32,
    /// `null` when the person was deleted since.
    pub person: Option<PersonRef>,
    pub name: String,
    /// The person they are asked to introduce.
    pub ask_for: Option<PersonRef>,
    pub path: Vec<PathPerson>,
    /// Tie strengths along the path when the request was made.
    pub strengths: Vec<f64>,
    /// The path's score when the request was made (strength after penalties).
    pub score: f64,
    pub status: ConnectorStatus,
    /// Why they declined, when they did.
    pub declined_because: Option<DeclineReason>,
}

/// One transition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AskEvent {
    pub at: DateTime<Utc>,
    pub from: Option<RequestState>,
    pub to: RequestState,
    /// "connector agreed".
    pub label: String,
    /// The connector it concerned.
    pub connector: Option<String>,
    pub reason: Option<DeclineReason>,
    pub note: String,
    /// The interaction it wrote as evidence.
    #[ts(type = "number | null")]
    pub interaction_id: Option<Id>,
}

/// A referral request, whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Ask {
    #[ts(type = "number")]
    pub id: Id,
    pub state: RequestState,
    /// The state in words.
    pub state_label: String,
    pub state_at: DateTime<Utc>,
    /// "Bo Buyer", or "anyone at Globex with “VP” in the title".
    pub target_label: String,
    pub target_person: Option<PersonRef>,
    #[ts(type = "number | null")]
    pub target_organization: Option<Id>,
    pub title: String,
    pub asker: PersonRef,
    pub mode: AskMode,
    pub connectors: Vec<AskConnector>,
    /// The rank of the connector asked now (or next).
    pub current_rank: u32,
    pub subject: String,
    pub message: String,
    pub why_target: String,
    pub why_now: String,
    pub opportunity: Option<Opportunity>,
    /// When the request becomes overdue, while it waits on someone.
    pub deadline: Option<DateTime<Utc>>,
    pub overdue: bool,
    /// The next connector of the snapshot, offered when the current one declined, did not
    /// answer, or is overdue.
    pub next_connector: Option<PersonRef>,
    /// The states it may move to now.
    pub allowed: Vec<RequestState>,
    pub events: Vec<AskEvent>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Which requests to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct AskQuery {
    #[ts(optional)]
    pub state: Option<RequestState>,
    /// Only requests that are not final.
    #[ts(optional)]
    pub open: Option<bool>,
    /// Target organization (of the request, or of its target person).
    #[ts(optional, type = "number")]
    pub organization: Option<Id>,
    /// One of its connectors.
    #[ts(optional, type = "number")]
    pub connector: Option<Id>,
    /// Who asked.
    #[ts(optional, type = "number")]
    pub asker: Option<Id>,
    /// As target or as connector.
    #[ts(optional, type = "number")]
    pub person: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AskPage {
    /// Overdue first, then open ones by how long they have waited, then final ones, newest
    /// first.
    pub items: Vec<Ask>,
    pub overdue: u32,
    pub open: u32,
    pub total: u32,
}

/// A transition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AskMove {
    #[ts(type = "number")]
    pub id: Id,
    pub to: RequestState,
    /// Why the connector declined (required for `connector_declined`).
    #[ts(optional)]
    #[serde(default)]
    pub reason: Option<DeclineReason>,
    #[ts(optional)]
    #[serde(default)]
    pub note: Option<String>,
    /// When it happened (default: now); never before the request's last transition.
    #[ts(optional)]
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
}

/// What a request says, changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct AskEdit {
    #[ts(type = "number")]
    pub id: Id,
    /// Only while it is a draft (what was sent stays as sent).
    #[ts(optional)]
    pub subject: Option<String>,
    #[ts(optional)]
    pub message: Option<String>,
    #[ts(optional)]
    pub why_target: Option<String>,
    #[ts(optional)]
    pub why_now: Option<String>,
    /// Any time; `clear_opportunity` removes it.
    #[ts(optional)]
    pub opportunity: Option<Opportunity>,
    #[ts(optional)]
    pub clear_opportunity: Option<bool>,
}

/// One stage of the funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FunnelStage {
    pub state: RequestState,
    pub label: String,
    /// Requests that reached it.
    pub reached: u32,
    /// Of those that reached the stage before (`null` for the first, or when none did).
    pub conversion: Option<f64>,
}

/// How long requests stay in a state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StateTime {
    pub state: RequestState,
    pub label: String,
    /// How many stays were measured (left the state, or still in it).
    pub count: u32,
    pub median_days: f64,
    pub mean_days: f64,
}

/// How one connector answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ConnectorRate {
    pub person: PersonRef,
    pub asked: u32,
    pub agreed: u32,
    pub declined: u32,
    pub no_answer: u32,
    /// agreed / answered-or-not (`null` while every ask is still open).
    pub acceptance: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AskStats {
    pub total: u32,
    pub open: u32,
    pub overdue: u32,
    pub funnel: Vec<FunnelStage>,
    pub time_in_state: Vec<StateTime>,
    pub connectors: Vec<ConnectorRate>,
}

fn text_field(field: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(ApiError::invalid(
            field,
            format!("{field} is too long: at most {max} characters"),
        ));
    }
    Ok(v.to_string())
}

fn opportunity_row(o: &Opportunity) -> Result<OpportunityRow, ApiError> {
    let name = text_field("opportunity.name", &o.name, MAX_LINE)?;
    if name.is_empty() {
        return Err(ApiError::invalid(
            "opportunity.name",
            "an opportunity needs a name (\"Globex platform deal\")",
        ));
    }
    if let Some(v) = o.value
        && (!v.is_finite() || v < 0.0)
    {
        return Err(ApiError::invalid(
            "opportunity.value",
            format!("the opportunity's value must be a positive number, got {v}"),
        ));
    }
    let stage = o
        .stage
        .as_deref()
        .map(|s| text_field("opportunity.stage", s, MAX_LINE))
        .transpose()?
        .filter(|s| !s.is_empty());
    Ok(OpportunityRow {
        name,
        value: o.value,
        stage,
    })
}

impl Core {
    /// `people` without the leading people who are "us" but the last of them: the one who
    /// asks, then the connector, then whom they are asked for.
    fn ask_path(&self, people: &[Id]) -> Vec<Id> {
        let centre = self.graph.centre();
        let team = self.graph.team();
        let us = |id: &Id| Some(*id) == centre || team.contains(id);
        let lead = people.iter().take_while(|id| us(id)).count();
        people[lead.saturating_sub(1)..].to_vec()
    }

    fn snapshot(&self, people: &[Id], field: &str) -> Result<(Snapshot, f64), ApiError> {
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

    fn ask_view(
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
        let events = events
            .into_iter()
            .map(|e| AskEvent {
                at: e.at,
                from: e.from,
                to: e.to,
                label: e.to.label().to_string(),
                connector: name_of(e.connector_rank),
                reason: e.reason,
                note: e.note,
                interaction_id: e.interaction_id,
            })
            .collect();
        Ok(Ask {
            id: row.id,
            state: row.state,
            state_label: row.state.label().to_string(),
            state_at: row.state_at,
            target_label: row.target_label,
            target_person: person(row.target_person_id)?,
            target_organization: row.target_organization_id,
            title: row.title_phrases,
            asker: store::person_ref(db, row.asker_id)?,
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
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }

    fn ask_get(&self, id: Id) -> Result<Ask, ApiError> {
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
fn next_rank(row: &AskRow, connectors: &[ConnectorRow]) -> Option<u32> {
    connectors
        .iter()
        .filter(|c| c.rank > row.current_rank && c.person_id.is_some())
        .map(|c| c.rank)
        .min()
}

/// The evidence a transition writes, inside its transaction. Returns the interaction it
/// logged, and the relationships whose graph edges must be read again.
fn write_evidence(
    tx: Db<'_>,
    row: &AskRow,
    connector: &ConnectorRow,
    to: RequestState,
    reason: Option<DeclineReason>,
    at: DateTime<Utc>,
) -> CoreResult<(Option<Id>, Vec<Id>)> {
    let asker = row.asker_id;
    let (Some(conn_id), ask_for) = (connector.person_id, connector.ask_for_id) else {
        return Err(sphere_domain::error::CoreError::invalid(
            "to",
            "the connector of this request was deleted; withdraw it or ask the next connector",
        ));
    };
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
            let Some(target) = ask_for else {
                return Err(sphere_domain::error::CoreError::invalid(
                    "to",
                    "the person to be introduced was deleted",
                ));
            };
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
            let Some(target) = ask_for else {
                return Err(sphere_domain::error::CoreError::invalid(
                    "to",
                    "the person met was deleted",
                ));
            };
            Some(log(
                InteractionKind::Meeting,
                vec![asker, target],
                asker,
                format!("Met {} (referral request #{})", name(target)?, row.id),
            )?)
        }
        RequestState::ConnectorDeclined if reason == Some(DeclineReason::NotWellKnown) => {
            if let Some(target) = ask_for
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

impl Sphere {
    /// Refuses a message to `connector` that names what must never be in outreach: a never
    /// fact of the connector, of anyone in `about` (the person asked for, the target) or of
    /// anyone else it names.
    fn check_message(
        &self,
        connector: Id,
        about: Vec<Id>,
        message: String,
    ) -> Result<(), ApiError> {
        if message.trim().is_empty() {
            return Ok(());
        }
        let lint = self.draft_lint(LintRequest {
            to_person: connector,
            text: message,
            first_contact: None,
            about: Some(about),
        })?;
        let never: Vec<String> = lint
            .warnings
            .iter()
            .filter(|w| w.severity == sphere_sensitivity::lint::Severity::Remove)
            .map(|w| format!("“{}”", w.text))
            .collect();
        if never.is_empty() {
            return Ok(());
        }
        Err(ApiError::invalid(
            "message",
            format!(
                "the message mentions what must never be in outreach ({}); remove it before sending",
                never.join(", ")
            ),
        ))
    }

    /// Makes a referral request from one to three warm paths (a draft unless `send`).
    pub fn ask_create(&self, input: AskInput) -> Result<Ask, ApiError> {
        if input.paths.is_empty() || input.paths.len() > MAX_CONNECTORS {
            return Err(ApiError::invalid(
                "paths",
                format!(
                    "a request asks 1 to {MAX_CONNECTORS} connectors, one path each; got {}",
                    input.paths.len()
                ),
            ));
        }
        let subject = text_field("subject", &input.subject, MAX_LINE)?;
        let message = text_field("message", &input.message, MAX_MESSAGE)?;
        let why_target = text_field(
            "why_target",
            input.why_target.as_deref().unwrap_or(""),
            MAX_LINE,
        )?;
        let why_now = text_field("why_now", input.why_now.as_deref().unwrap_or(""), MAX_LINE)?;
        let opportunity = input
            .opportunity
            .as_ref()
            .map(opportunity_row)
            .transpose()?;
        let mode = input.mode.unwrap_or(AskMode::Introduce);
        let phrases = crate::warm::title_phrases(input.title.as_deref());
        let mut core = self.store()?;
        core.revalue();
        let db = core.db();
        let (target_person, target_organization, target_label) =
            match (input.target_person, input.target_organization) {
                (Some(p), None) => {
                    if !phrases.is_empty() {
                        return Err(ApiError::invalid(
                            "title",
                            "a title filter needs an organization, not a person",
                        ));
                    }
                    (Some(p), None, store::get_person(db, p)?.display_name)
                }
                (None, Some(o)) => {
                    let org = store::get_organization(db, o)?;
                    let label = if phrases.is_empty() {
                        format!("anyone at {}", org.name)
                    } else {
                        format!("{} at {}", phrases.join(" or "), org.name)
                    };
                    (None, Some(o), label)
                }
                _ => {
                    return Err(ApiError::invalid(
                        "target_person",
                        "choose whom the request is for: a person or an organization",
                    ));
                }
            };
        let mut connectors = Vec::with_capacity(input.paths.len());
        let mut asker: Option<Id> = None;
        for (i, path) in input.paths.iter().enumerate() {
            let field = format!("paths[{i}]");
            for id in path {
                store::get_person(db, *id).map_err(|_| {
                    ApiError::invalid(&field, format!("no person with id {id} on this path"))
                })?;
            }
            let path = core.ask_path(path);
            if path.len() < 3 {
                return Err(ApiError::invalid(
                    &field,
                    "this path has no connector to ask: you (or your team) know the target directly",
                ));
            }
            let who = path[0];
            if Some(who) != core.graph.centre() && !core.graph.team().contains(&who) {
                return Err(ApiError::invalid(
                    &field,
                    "a path must start with you or a team member",
                ));
            }
            match asker {
                Some(a) if a != who => {
                    return Err(ApiError::invalid(
                        &field,
                        "every path of one request starts with the same person (who asks)",
                    ));
                }
                _ => asker = Some(who),
            }
            if let Some(t) = target_person
                && path.last() != Some(&t)
            {
                return Err(ApiError::invalid(
                    &field,
                    "the path does not end at the request's target",
                ));
            }
            if connectors
                .iter()
                .any(|c: &ConnectorRow| c.person_id == Some(path[1]))
            {
                return Err(ApiError::invalid(
                    &field,
                    "two paths start with the same connector; ask each connector once",
                ));
            }
            let (snap, score) = core.snapshot(&path, &field)?;
            connectors.push(ConnectorRow {
                rank: i as u32 + 1,
                person_id: Some(path[1]),
                ask_for_id: Some(path[2]),
                path: serde_json::to_string(&snap)
                    .map_err(|e| ApiError::internal(format!("cannot store the path: {e}")))?,
                score,
            });
        }
        let asker = asker.ok_or_else(|| ApiError::invalid("paths", "no path given"))?;
        let now = core.now();
        if input
            .at
            .is_some_and(|at| at > now + chrono::Duration::minutes(5))
        {
            return Err(ApiError::invalid(
                "at",
                "a request cannot be written in the future",
            ));
        }
        let now = input.at.unwrap_or(now);
        let title_text = phrases.join(", ");
        let new = NewAsk {
            asker_id: asker,
            target_person_id: target_person,
            target_organization_id: target_organization,
            target_label: &target_label,
            title_phrases: &title_text,
            mode,
            subject: &subject,
            message: &message,
            why_target: &why_target,
            why_now: &why_now,
            opportunity,
        };
        if input.send.unwrap_or(false)
            && let Some(first) = connectors.first()
            && let Some(connector) = first.person_id
        {
            // Checked before anything is written: a refused send leaves no draft behind.
            let about: Vec<Id> = first.ask_for_id.into_iter().chain(target_person).collect();
            drop(core);
            self.check_message(connector, about, message.clone())?;
            core = self.store()?;
        }
        let id = core
            .store
            .write(|tx| Ok(store_asks::insert_ask(tx, &new, &connectors, now)?))?;
        drop(core);
        if input.send.unwrap_or(false) {
            return self.ask_move(AskMove {
                id,
                to: RequestState::Asked,
                reason: None,
                note: None,
                at: Some(now),
            });
        }
        self.ask_get(IdRequest { id })
    }

    pub fn ask_get(&self, req: IdRequest) -> Result<Ask, ApiError> {
        self.store()?.ask_get(req.id)
    }

    /// Requests by the query, overdue first.
    pub fn ask_list(&self, q: AskQuery) -> Result<AskPage, ApiError> {
        let core = self.store()?;
        let db = core.db();
        let mut connectors: HashMap<Id, Vec<ConnectorRow>> = HashMap::new();
        for (req, c) in store_asks::connectors(db, None)? {
            connectors.entry(req).or_default().push(c);
        }
        let mut events: HashMap<Id, Vec<store_asks::EventRow>> = HashMap::new();
        for e in store_asks::events(db, None)? {
            events.entry(e.request_id).or_default().push(e);
        }
        let org_of = |p: Option<Id>| -> Result<Option<Id>, ApiError> {
            Ok(match p {
                Some(p) => store::get_person(db, p)
                    .ok()
                    .and_then(|p| p.organization_id),
                None => None,
            })
        };
        let mut items = Vec::new();
        for row in store_asks::list_asks(db)? {
            let cs = connectors.remove(&row.id).unwrap_or_default();
            if q.state.is_some_and(|s| s != row.state)
                || (q.open.unwrap_or(false) && row.state.is_final())
                || q.asker.is_some_and(|a| a != row.asker_id)
                || q.connector
                    .is_some_and(|c| !cs.iter().any(|x| x.person_id == Some(c)))
                || q.person.is_some_and(|p| {
                    row.target_person_id != Some(p)
                        && !cs
                            .iter()
                            .any(|x| x.person_id == Some(p) || x.ask_for_id == Some(p))
                })
            {
                continue;
            }
            if let Some(o) = q.organization
                && row.target_organization_id != Some(o)
                && org_of(row.target_person_id)? != Some(o)
            {
                continue;
            }
            let ev = events.remove(&row.id).unwrap_or_default();
            items.push(core.ask_view(row, &cs, ev)?);
        }
        items.sort_by(|a, b| {
            let group = |x: &Ask| {
                if x.overdue {
                    0
                } else if !x.state.is_final() {
                    1
                } else {
                    2
                }
            };
            group(a).cmp(&group(b)).then_with(|| match group(a) {
                2 => b.state_at.cmp(&a.state_at),
                _ => a.state_at.cmp(&b.state_at),
            })
        });
        Ok(AskPage {
            overdue: items.iter().filter(|a| a.overdue).count() as u32,
            open: items.iter().filter(|a| !a.state.is_final()).count() as u32,
            total: items.len() as u32,
            items,
        })
    }

    /// Moves a request to another state, writing the evidence; a transition the rules do not
    /// allow is refused and writes nothing.
    pub fn ask_move(&self, m: AskMove) -> Result<Ask, ApiError> {
        let note = text_field("note", m.note.as_deref().unwrap_or(""), MAX_LINE)?;
        // Sending checks the message against the never facts of everyone it concerns.
        if m.to == RequestState::Asked {
            let (message, connector, about) = {
                let core = self.store()?;
                let row = store_asks::get_ask(core.db(), m.id)?;
                let cs = store_asks::connectors(core.db(), Some(m.id))?;
                let rank = if row.state == RequestState::Draft {
                    Some(row.current_rank)
                } else {
                    next_rank(&row, &cs.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>())
                };
                let chosen = cs.iter().find(|(_, c)| Some(c.rank) == rank);
                let connector = chosen.and_then(|(_, c)| c.person_id);
                let about: Vec<Id> = chosen
                    .and_then(|(_, c)| c.ask_for_id)
                    .into_iter()
                    .chain(row.target_person_id)
                    .collect();
                (row.message, connector, about)
            };
            if let Some(c) = connector {
                self.check_message(c, about, message)?;
            }
        }
        let mut core = self.store()?;
        let now = core.now();
        let row = store_asks::get_ask(core.db(), m.id)?;
        let at = m.at.unwrap_or(now);
        // A draft may record an ask sent before it was typed in; later steps keep order.
        if row.state != RequestState::Draft && at < row.state_at {
            return Err(ApiError::invalid(
                "at",
                format!(
                    "the request has been {} since {}; a later step cannot happen before it",
                    row.state.label(),
                    row.state_at.format("%Y-%m-%d %H:%M")
                ),
            ));
        }
        if at > now + chrono::Duration::minutes(5) {
            return Err(ApiError::invalid(
                "at",
                "a step of a request cannot be in the future",
            ));
        }
        let cs: Vec<ConnectorRow> = store_asks::connectors(core.db(), Some(m.id))?
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        let next = next_rank(&row, &cs);
        let facts = RequestFacts {
            state: row.state,
            mode: row.mode,
            has_next_connector: next.is_some(),
        };
        referral::check(facts, m.to, m.reason).map_err(|e| ApiError::invalid("to", e))?;
        // Asking again goes to the next connector; anything else concerns the current one.
        let rank = if m.to == RequestState::Asked && row.state != RequestState::Draft {
            next.unwrap_or(row.current_rank)
        } else {
            row.current_rank
        };
        let connector = cs.iter().find(|c| c.rank == rank).cloned().ok_or_else(|| {
            ApiError::internal(format!("request {} has no connector {rank}", m.id))
        })?;
        let connector_event = matches!(
            m.to,
            RequestState::Asked
                | RequestState::Agreed
                | RequestState::ConnectorDeclined
                | RequestState::ConnectorNoAnswer
                | RequestState::Introduced
        );
        let row2 = row.clone();
        let (interaction, touched) = core.write(
            |tx| {
                let (interaction, touched) =
                    write_evidence(tx, &row2, &connector, m.to, m.reason, at)?;
                store_asks::set_state(tx, m.id, m.to, at, rank)?;
                store_asks::insert_event(
                    tx,
                    m.id,
                    &NewEvent {
                        at,
                        from: Some(row2.state),
                        to: m.to,
                        connector_rank: connector_event.then_some(rank),
                        reason: m.reason,
                        note: &note,
                        interaction_id: interaction,
                    },
                )?;
                Ok((interaction, touched))
            },
            |g, src, (interaction, touched)| {
                if let Some(i) = interaction {
                    let v = store::get_interaction(src.0, *i)?;
                    sync_interaction(g, src, &v)?;
                }
                g.refresh_ties(src, touched)
            },
        )?;
        let _ = (interaction, touched);
        core.ask_get(m.id)
    }

    /// Changes what a draft says, or the opportunity of any request.
    pub fn ask_update(&self, e: AskEdit) -> Result<Ask, ApiError> {
        let mut core = self.store()?;
        let row = store_asks::get_ask(core.db(), e.id)?;
        let texts = [&e.subject, &e.message, &e.why_target, &e.why_now];
        if row.state != RequestState::Draft && texts.iter().any(|t| t.is_some()) {
            return Err(ApiError::invalid(
                "message",
                format!(
                    "the request was sent ({}): what it said stays as sent; only the opportunity can change",
                    row.state.label()
                ),
            ));
        }
        let pick = |field: &str, new: &Option<String>, old: &str, max: usize| {
            new.as_deref()
                .map_or(Ok(old.to_string()), |t| text_field(field, t, max))
        };
        let subject = pick("subject", &e.subject, &row.subject, MAX_LINE)?;
        let message = pick("message", &e.message, &row.message, MAX_MESSAGE)?;
        let why_target = pick("why_target", &e.why_target, &row.why_target, MAX_LINE)?;
        let why_now = pick("why_now", &e.why_now, &row.why_now, MAX_LINE)?;
        let opportunity = if e.clear_opportunity.unwrap_or(false) {
            None
        } else {
            match &e.opportunity {
                Some(o) => Some(opportunity_row(o)?),
                None => row.opportunity.clone(),
            }
        };
        core.store.write(|tx| {
            Ok(store_asks::update_text(
                tx,
                e.id,
                &subject,
                &message,
                &why_target,
                &why_now,
                opportunity.as_ref(),
            )?)
        })?;
        core.ask_get(e.id)
    }

    /// Deletes a request (the answer holds it whole). The evidence it wrote stays.
    pub fn ask_delete(&self, req: IdRequest) -> Result<Ask, ApiError> {
        let mut core = self.store()?;
        let ask = core.ask_get(req.id)?;
        core.store
            .write(|tx| Ok(store_asks::delete_ask(tx, req.id).map(|_| ())?))?;
        Ok(ask)
    }

    /// The funnel: conversion at each stage, time in each state, acceptance per connector.
    pub fn ask_stats(&self, q: AskQuery) -> Result<AskStats, ApiError> {
        let page = self.ask_list(q)?;
        let core = self.store()?;
        let now = core.now();
        stats_of(&page.items, now, |id| Ok(store::person_ref(core.db(), id)?))
    }
}

/// The funnel figures of `asks` at `now`.
pub fn stats_of(
    asks: &[Ask],
    now: DateTime<Utc>,
    person: impl Fn(Id) -> Result<PersonRef, ApiError>,
) -> Result<AskStats, ApiError> {
    use RequestState as S;
    // A request reached a stage if it ever entered it, or a later one of the funnel.
    let rank = |s: S| RequestState::FUNNEL.iter().position(|f| *f == s);
    let implied = |s: S| match s {
        S::OptedIn | S::TargetDeclined | S::TargetNoAnswer => Some(1),
        S::MeetingSet => Some(2),
        _ => rank(s),
    };
    let mut reached = vec![0u32; RequestState::FUNNEL.len()];
    for a in asks {
        let furthest = a.events.iter().filter_map(|e| implied(e.to)).max();
        if let Some(f) = furthest {
            for r in reached.iter_mut().take(f + 1) {
                *r += 1;
            }
        }
    }
    let funnel = RequestState::FUNNEL
        .iter()
        .enumerate()
        .map(|(i, s)| FunnelStage {
            state: *s,
            label: s.label().to_string(),
            reached: reached[i],
            conversion: (i > 0 && reached[i - 1] > 0)
                .then(|| f64::from(reached[i]) / f64::from(reached[i - 1])),
        })
        .collect();
    let mut stays: HashMap<S, Vec<f64>> = HashMap::new();
    for a in asks {
        for w in a.events.windows(2) {
            let days = (w[1].at - w[0].at).num_seconds() as f64 / 86_400.0;
            stays.entry(w[0].to).or_default().push(days.max(0.0));
        }
        if let Some(last) = a.events.last()
            && !last.to.is_final()
        {
            let days = (now - last.at).num_seconds() as f64 / 86_400.0;
            stays.entry(last.to).or_default().push(days.max(0.0));
        }
    }
    let time_in_state = RequestState::ALL
        .iter()
        .filter_map(|s| {
            let mut d = stays.remove(s)?;
            d.sort_by(f64::total_cmp);
            let n = d.len();
            let median = if n % 2 == 1 {
                d[n / 2]
            } else {
                (d[n / 2 - 1] + d[n / 2]) / 2.0
            };
            Some(StateTime {
                state: *s,
                label: s.label().to_string(),
                count: n as u32,
                median_days: median,
                mean_days: d.iter().sum::<f64>() / n as f64,
            })
        })
        .collect();
    let mut rates: HashMap<Id, [u32; 4]> = HashMap::new();
    for a in asks {
        for c in &a.connectors {
            let Some(p) = &c.person else { continue };
            if c.status == ConnectorStatus::Waiting {
                continue; // never asked: no rate to speak of
            }
            let r = rates.entry(p.id).or_default();
            match c.status {
                ConnectorStatus::Waiting | ConnectorStatus::Asked => {}
                ConnectorStatus::Agreed => r[1] += 1,
                ConnectorStatus::Declined => r[2] += 1,
                ConnectorStatus::NoAnswer => r[3] += 1,
            }
            r[0] += 1;
        }
    }
    let mut connectors = rates
        .into_iter()
        .map(|(id, [asked, agreed, declined, no_answer])| {
            let answered = agreed + declined + no_answer;
            Ok(ConnectorRate {
                person: person(id)?,
                asked,
                agreed,
                declined,
                no_answer,
                acceptance: (answered > 0).then(|| f64::from(agreed) / f64::from(answered)),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    connectors.sort_by(|a, b| {
        b.asked
            .cmp(&a.asked)
            .then(a.person.display_name.cmp(&b.person.display_name))
    });
    Ok(AskStats {
        total: asks.len() as u32,
        open: asks.iter().filter(|a| !a.state.is_final()).count() as u32,
        overdue: asks.iter().filter(|a| a.overdue).count() as u32,
        funnel,
        time_in_state,
        connectors,
    })
}
