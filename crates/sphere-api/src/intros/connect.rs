//! The introduction the user makes between two contacts, as a referral request in mode
//! `connect`: a note to each side asking whether they want it (drafted from structured facts
//! only: names, titles, organizations, and the sides' needs and offers, which were checked
//! at entry; never notes, facts or "how we met"), each side's answer, then the introduction:
//! an `intro` interaction the user starts with both sides (a deposit in both ledgers) and a
//! relationship between them if they had none. The rules are
//! [`sphere_domain::referral::connect_check`] and [`sphere_domain::referral::connect_answer`].

use chrono::{DateTime, Utc};

use super::{
    IntroAnswer, IntroNotes, IntroStart, PairRequest, first_name, insert_acquaintance, matched,
};
use crate::asks::{Ask, check_message, sync_evidence};
use crate::{Core, Sphere};
use sphere_domain::error::{ApiError, CoreError};
use sphere_domain::intros::{Complementarity, OptIn};
use sphere_domain::referral::{self, AskMode, DeclineReason, RequestState};
use sphere_domain::{Id, InteractionInput, InteractionKind, PersonRef, validate};
use sphere_store as store;
use sphere_store::asks::{self as store_asks, AskRow, NewAsk, NewEvent};
use sphere_store::intros::{self as store_intros, ConnectRow};

const MAX_NOTE: usize = 20_000;

fn role(p: &PersonRef) -> String {
    match (
        p.title.trim(),
        p.organization_name.as_deref().map(str::trim),
    ) {
        ("", Some(o)) if !o.is_empty() => format!(" at {o}"),
        (t, Some(o)) if !t.is_empty() && !o.is_empty() => format!(", {t} at {o}"),
        (t, _) if !t.is_empty() => format!(", {t}"),
        _ => String::new(),
    }
}

impl Core {
    /// The two notes for an introduction between `a` and `b`, from structured facts only.
    fn intro_notes(&self, a: Id, b: Id) -> Result<IntroNotes, ApiError> {
        let (ra, rb) = self.pair_refs(a, b)?;
        let today = self.now().date_naive();
        let list = |p: Id| store_intros::list_needs(self.db(), Some(p), today);
        let (la, lb) = (list(a)?, list(b)?);
        let comp = Complementarity::of(&matched(&la), &matched(&lb));
        let me = store::centre_person(self.db())?
            .map(|p| p.first_name)
            .unwrap_or_default();
        let (na, nb) = (first_name(&ra), first_name(&rb));
        let why = |to_a: bool| -> String {
            let (mine, theirs) = if to_a {
                (&comp.a_needs, &comp.b_needs)
            } else {
                (&comp.b_needs, &comp.a_needs)
            };
            let other = if to_a { &nb } else { &na };
            let mut lines = Vec::new();
            if let Some(m) = mine {
                lines.push(format!(
                    "You mentioned you are looking for {}, and {other} can help with {}.",
                    m.need, m.offer
                ));
            }
            if let Some(m) = theirs {
                lines.push(if m.need.eq_ignore_ascii_case(&m.offer) {
                    format!(
                        "{other} is looking for {}, which you can help with.",
                        m.need
                    )
                } else {
                    format!(
                        "{other} is looking for {}, and you offer {}.",
                        m.need, m.offer
                    )
                });
            }
            // A need or offer written before the never check (or restored) may still say
            // something never: such a line stays out of a note meant to be sent.
            lines.retain(|l| !sphere_sensitivity::reads_as_never(l).unwrap_or(true));
            lines.join(" ")
        };
        let note = |to: &PersonRef, other: &PersonRef, to_a: bool| -> String {
            let greeting = first_name(to);
            let sign = if me.is_empty() {
                String::new()
            } else {
                format!("\n{me}")
            };
            format!(
                "Hi {greeting},\n\nI'd like to introduce you to {}{}. {}\n\nWould you be open to an introduction? If you both say yes, I'll connect you by email; if not, no problem at all.\n\nBest,{sign}",
                other.display_name,
                role(other),
                why(to_a)
            )
            .replace(". \n", ".\n")
        };
        Ok(IntroNotes {
            note_a: note(&ra, &rb, true),
            note_b: note(&rb, &ra, false),
            a: ra,
            b: rb,
        })
    }

    /// Moves an introduction the user makes (mode `connect`); the introduction itself writes
    /// the `intro` interaction and the relationship between the sides.
    pub(crate) fn connect_move(
        &mut self,
        row: &AskRow,
        to: RequestState,
        reason: Option<DeclineReason>,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<Ask, ApiError> {
        referral::connect_check(row.state, to, reason).map_err(|e| ApiError::invalid("to", e))?;
        let c = store_intros::get_connect(self.db(), row.id)?;
        if to == RequestState::Asked {
            for (side, other, text, field) in [
                (c.side_a_id, c.side_b_id, &c.note_a, "note_a"),
                (c.side_b_id, c.side_a_id, &c.note_b, "note_b"),
            ] {
                if let Some(p) = side {
                    check_message(self, p, other.into_iter().collect(), "", text)
                        .map_err(|e| ApiError::invalid(field, e.message))?;
                }
            }
        }
        let (id, state) = (row.id, row.state);
        let asker = row.asker_id;
        let note = note.to_string();
        let (interaction, _) = self.write(
            |tx| {
                let mut touched = Vec::new();
                let interaction = if to == RequestState::Introduced {
                    let gone = |who: &str| {
                        CoreError::invalid(
                            "to",
                            format!(
                                "{who} was deleted, so the introduction cannot be made; withdraw it"
                            ),
                        )
                    };
                    let me = asker.ok_or_else(|| gone("you (the centre)"))?;
                    let a = c.side_a_id.ok_or_else(|| gone(&c.side_a_label))?;
                    let b = c.side_b_id.ok_or_else(|| gone(&c.side_b_label))?;
                    let me_name = store::person_ref(tx, me)?.display_name;
                    let clean = validate::interaction(&InteractionInput {
                        occurred_at: at,
                        kind: InteractionKind::Intro,
                        participants: vec![me, a, b],
                        initiator_id: Some(me),
                        note: Some(format!(
                            "{me_name} introduced {} and {} (introduction #{id})",
                            c.side_a_label, c.side_b_label
                        )),
                        outcome: None,
                    })?;
                    let v = store::insert_interaction(tx, &clean)?;
                    if store::tie_between(tx, a, b)?.is_none() {
                        touched.push(insert_acquaintance(
                            tx,
                            a,
                            b,
                            at,
                            Some(at.date_naive()),
                            Some(format!("Introduced by {me_name}")),
                        )?);
                    }
                    Some(v.interaction.id)
                } else {
                    None
                };
                store_asks::set_state(tx, id, to, at, 1)?;
                store_asks::insert_event(
                    tx,
                    id,
                    &NewEvent {
                        at,
                        from: Some(state),
                        to,
                        connector_rank: None,
                        reason: None,
                        note: &note,
                        interaction_id: interaction,
                    },
                )?;
                Ok((interaction, touched))
            },
            sync_evidence,
        )?;
        let _ = interaction;
        self.ask_get(id)
    }
}

impl Sphere {
    /// The two notes Sphere drafts for introducing `a` and `b`, to edit before starting.
    pub fn intro_draft(&self, req: PairRequest) -> Result<IntroNotes, ApiError> {
        self.store()?.intro_notes(req.a, req.b)
    }

    /// Starts an introduction the user makes between `a` and `b` (double opt-in): a
    /// referral request in mode `connect` with a note to each side, sent already when
    /// `send`. Both must be people the user knows, with no relationship between them.
    pub fn intro_start(&self, input: IntroStart) -> Result<Ask, ApiError> {
        let mut core = self.store()?;
        let (ra, rb) = core.pair_refs(input.a, input.b)?;
        let me = core.graph.centre().ok_or_else(|| {
            ApiError::invalid(
                "a",
                "mark yourself as the centre first: you are the one who makes the introduction",
            )
        })?;
        for (p, field) in [(&ra, "a"), (&rb, "b")] {
            if p.id == me {
                return Err(ApiError::invalid(
                    field,
                    "you are the connector: introduce two other people",
                ));
            }
            if !core.graph.related(me, p.id) {
                return Err(ApiError::invalid(
                    field,
                    format!(
                        "you have no relationship with {}: introduce people you know",
                        p.display_name
                    ),
                ));
            }
        }
        if core.graph.related(ra.id, rb.id) {
            return Err(ApiError::invalid(
                "b",
                format!(
                    "{} and {} already have a relationship",
                    ra.display_name, rb.display_name
                ),
            ));
        }
        let pair = (ra.id.min(rb.id), ra.id.max(rb.id));
        if let Some(under_way) = store_intros::connect_pairs(core.db())?
            .into_iter()
            .find(|c| c.pair == pair && c.open)
        {
            return Err(ApiError::invalid(
                "b",
                format!(
                    "an introduction of {} and {} is already under way (request #{})",
                    ra.display_name, rb.display_name, under_way.request
                ),
            ));
        }
        let drafted = core.intro_notes(ra.id, rb.id)?;
        let text = |field: &str, v: Option<&str>, default: &str| -> Result<String, ApiError> {
            let v = v.map_or(default, str::trim).to_string();
            if v.is_empty() {
                return Err(ApiError::invalid(
                    field,
                    "write a note to each side: they are asked whether they want the introduction",
                ));
            }
            if v.chars().count() > MAX_NOTE {
                return Err(ApiError::invalid(
                    field,
                    format!("the note is too long: at most {MAX_NOTE} characters"),
                ));
            }
            sphere_domain::validate::visible(field, &v, false)?;
            Ok(v)
        };
        let note_a = text("note_a", input.note_a.as_deref(), &drafted.note_a)?;
        let note_b = text("note_b", input.note_b.as_deref(), &drafted.note_b)?;
        let send = input.send.unwrap_or(false);
        if send {
            check_message(&mut core, ra.id, vec![rb.id], "", &note_a)
                .map_err(|e| ApiError::invalid("note_a", e.message))?;
            check_message(&mut core, rb.id, vec![ra.id], "", &note_b)
                .map_err(|e| ApiError::invalid("note_b", e.message))?;
        }
        let now = core.now();
        let me_label = store::person_ref(core.db(), me)?.display_name;
        let label = format!("{} ↔ {}", ra.display_name, rb.display_name);
        let subject = format!("Introduction: {label}");
        let new = NewAsk {
            asker_id: me,
            asker_label: &me_label,
            target_person_id: Some(rb.id),
            target_organization_id: None,
            target_label: &label,
            title_phrases: "",
            mode: AskMode::Connect,
            subject: &subject,
            message: "",
            why_target: "",
            why_now: "",
            opportunity: None,
        };
        let id = core.store.write(|tx| {
            let id = store_asks::insert_ask(tx, &new, &[], now)?;
            store_intros::insert_connect(
                tx,
                &ConnectRow {
                    request_id: id,
                    side_a_id: Some(ra.id),
                    side_a_label: ra.display_name.clone(),
                    side_b_id: Some(rb.id),
                    side_b_label: rb.display_name.clone(),
                    note_a: note_a.clone(),
                    note_b: note_b.clone(),
                    answer_a: OptIn::Pending,
                    answer_b: OptIn::Pending,
                },
            )?;
            Ok(id)
        })?;
        if send {
            let row = store_asks::get_ask(core.db(), id)?;
            return core.connect_move(&row, RequestState::Asked, None, "", now);
        }
        core.ask_get(id)
    }

    /// Records one side's answer to an introduction the user makes; when both opted in it
    /// moves to "both opted in", when one declined it stops.
    pub fn intro_answer(&self, input: IntroAnswer) -> Result<Ask, ApiError> {
        let mut core = self.store()?;
        let row = store_asks::get_ask(core.db(), input.id)?;
        if row.mode != AskMode::Connect {
            return Err(ApiError::invalid(
                "id",
                format!(
                    "referral request {} is not an introduction you make; move it with ask_move",
                    input.id
                ),
            ));
        }
        let c = store_intros::get_connect(core.db(), input.id)?;
        let ((a, b), next) = referral::connect_answer(
            row.state,
            (c.answer_a, c.answer_b),
            input.side,
            input.answer,
        )
        .map_err(|e| ApiError::invalid("answer", e))?;
        let now = core.now().max(row.state_at);
        let who = match input.side {
            referral::Side::A => &c.side_a_label,
            referral::Side::B => &c.side_b_label,
        };
        let note = match input.answer {
            OptIn::OptedIn => format!("{who} opted in"),
            OptIn::Declined => format!("{who} declined"),
            OptIn::Pending => format!("{who}'s answer taken back"),
        };
        let (id, from) = (row.id, row.state);
        core.store.write(|tx| {
            store_intros::set_answers(tx, id, a, b)?;
            if next != from {
                store_asks::set_state(tx, id, next, now, 1)?;
            }
            store_asks::insert_event(
                tx,
                id,
                &NewEvent {
                    at: now,
                    from: Some(from),
                    to: next,
                    connector_rank: None,
                    reason: None,
                    note: &note,
                    interaction_id: None,
                },
            )?;
            Ok(())
        })?;
        core.ask_get(id)
    }
}
