//! Referral requests (asks) from path to outcome: the commands, their wire types, and the
//! evidence each transition writes (an introduction request, an introduction, a meeting, a
//! doubtful tie). The rules are the domain's ([`sphere_domain::referral`]).

mod evidence;
mod funnel;
mod types;
mod view;

use std::collections::HashMap;

use super::{Core, IdRequest, Sphere, sync_interaction};
use crate::privacy::LintRequest;
use evidence::write_evidence;
pub use funnel::stats_of;
use sphere_domain::Id;
use sphere_domain::error::ApiError;
use sphere_domain::referral::{self, AskMode, RequestFacts, RequestState};
use sphere_store as store;
use sphere_store::asks::{self as store_asks, ConnectorRow, NewAsk, NewEvent, OpportunityRow};
pub use types::*;
use view::next_rank;

/// The most connectors one request asks, one at a time.
pub const MAX_CONNECTORS: usize = 3;
/// The longest message, subject and reasons, in characters.
const MAX_MESSAGE: usize = 20_000;
const MAX_LINE: usize = 500;

/// A request's text, trimmed, at most `max` characters, through the domain's character rules
/// (a subject and an opportunity's name and stage are one line).
fn text_field(field: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(ApiError::invalid(
            field,
            format!("{field} is too long: at most {max} characters"),
        ));
    }
    let one_line = matches!(field, "subject" | "opportunity.name" | "opportunity.stage");
    sphere_domain::validate::visible(field, v, one_line)?;
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

/// Refuses a message (its subject and body) to `connector` that names what must never be in
/// outreach: a never fact of the connector, of anyone in `about` (the person asked for, the
/// target) or of anyone else it names. Runs under the caller's lock, so what is checked is
/// what is sent.
pub(crate) fn check_message(
    core: &mut Core,
    connector: Id,
    about: Vec<Id>,
    subject: &str,
    message: &str,
) -> Result<(), ApiError> {
    let text = format!("{subject}\n\n{message}");
    if text.trim().is_empty() {
        return Ok(());
    }
    let lint = core.lint(LintRequest {
        to_person: connector,
        text,
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

/// Brings the graph in step after a transition wrote its evidence: the interaction it logged
/// and the relationships it touched.
pub(crate) fn sync_evidence(
    g: &mut sphere_graph::SphereGraph,
    src: &crate::source::StoreSource<'_>,
    (interaction, touched): &(Option<Id>, Vec<Id>),
) -> sphere_domain::error::CoreResult<()> {
    if let Some(i) = interaction {
        let v = store::get_interaction(src.0, *i)?;
        sync_interaction(g, src, &v)?;
    }
    g.refresh_ties(src, touched)
}

impl Sphere {
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
        if mode == AskMode::Connect {
            return Err(ApiError::invalid(
                "mode",
                "an introduction you make between two contacts starts with intro_start (a note to each side), not from a warm path",
            ));
        }
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
        let now = sphere_domain::validate::time_in_range("at", input.at.unwrap_or(now))?;
        let title_text = phrases.join(", ");
        let asker_label = store::person_ref(core.db(), asker)?.display_name;
        let new = NewAsk {
            asker_id: asker,
            asker_label: &asker_label,
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
            check_message(&mut core, connector, about, &subject, &message)?;
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
        // The sides of introductions the user makes count as the people they concern.
        let sides: HashMap<Id, [Option<Id>; 2]> = sphere_store::intros::all_connects(db)?
            .into_iter()
            .map(|c| (c.request_id, [c.side_a_id, c.side_b_id]))
            .collect();
        let mut items = Vec::new();
        for row in store_asks::list_asks(db)? {
            let cs = connectors.remove(&row.id).unwrap_or_default();
            if q.state.is_some_and(|s| s != row.state)
                || (q.open.unwrap_or(false) && referral::is_closed(row.state, row.mode))
                || q.asker.is_some_and(|a| Some(a) != row.asker_id)
                || q.connector
                    .is_some_and(|c| !cs.iter().any(|x| x.person_id == Some(c)))
                || q.person.is_some_and(|p| {
                    row.target_person_id != Some(p)
                        && !sides.get(&row.id).is_some_and(|s| s.contains(&Some(p)))
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
                } else if !referral::is_closed(x.state, x.mode) {
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
            open: items
                .iter()
                .filter(|a| !referral::is_closed(a.state, a.mode))
                .count() as u32,
            total: items.len() as u32,
            items,
        })
    }

    /// Moves a request to another state, writing the evidence; a transition the rules do not
    /// allow is refused and writes nothing.
    pub fn ask_move(&self, m: AskMove) -> Result<Ask, ApiError> {
        let note = text_field("note", m.note.as_deref().unwrap_or(""), MAX_LINE)?;
        let mut core = self.store()?;
        let now = core.now();
        let row = store_asks::get_ask(core.db(), m.id)?;
        let at = sphere_domain::validate::time_in_range("at", m.at.unwrap_or(now))?;
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
        if row.mode == AskMode::Connect {
            return core.connect_move(&row, m.to, m.reason, &note, at);
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
        // Sending checks what is sent against the never facts of everyone it concerns,
        // under this lock: the message cannot change between the check and the send.
        if m.to == RequestState::Asked
            && let Some(c) = connector.person_id
        {
            let about: Vec<Id> = connector
                .ask_for_id
                .into_iter()
                .chain(row.target_person_id)
                .collect();
            check_message(&mut core, c, about, &row.subject, &row.message)?;
        }
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
            sync_evidence,
        )?;
        let _ = (interaction, touched);
        core.ask_get(m.id)
    }

    /// Changes what a draft says, or the opportunity of any request.
    pub fn ask_update(&self, e: AskEdit) -> Result<Ask, ApiError> {
        let mut core = self.store()?;
        let row = store_asks::get_ask(core.db(), e.id)?;
        if row.mode == AskMode::Connect && (e.subject.is_some() || e.message.is_some()) {
            return Err(ApiError::invalid(
                "message",
                "an introduction you make has a note to each side, not one message: they are written when it starts (withdraw it and start again to change them)",
            ));
        }
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
    /// Introductions the user makes (mode `connect`) are not referral requests of theirs and
    /// stay out of the funnel.
    pub fn ask_stats(&self, q: AskQuery) -> Result<AskStats, ApiError> {
        let mut page = self.ask_list(q)?;
        page.items.retain(|a| a.mode != AskMode::Connect);
        let core = self.store()?;
        let now = core.now();
        stats_of(&page.items, now, |id| Ok(store::person_ref(core.db(), id)?))
    }
}
