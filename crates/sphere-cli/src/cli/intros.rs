//! `sphere person need|offer|needs|need-rm|open …` (needs and offers) and `sphere suggest …`
//! (introductions you could make, dismissals, the double opt-in introduction).

use sphere_api::domain::intros::{NeedKind, NeedOfferInput, Openness};
use sphere_api::*;
use sphere_domain::Id;

use super::args::{NeedArgs, SuggestCmd};
use super::emit;

pub(super) fn need(
    sphere: &Sphere,
    json: bool,
    kind: NeedKind,
    a: NeedArgs,
) -> Result<(), ApiError> {
    let person = sphere.resolve_person(&a.person)?;
    let list = sphere.need_offer_create(NeedOfferInput {
        person_id: person.id,
        kind: Some(kind),
        term: a.term,
        detail: a.detail,
        expires_on: a.expires,
    })?;
    emit(json, &list, |l| print_needs(&person.display_name, l))
}

pub(super) fn needs(sphere: &Sphere, json: bool, person: &str) -> Result<(), ApiError> {
    let person = sphere.resolve_person(person)?;
    let list = sphere.need_offer_list(NeedQuery {
        person_id: person.id,
    })?;
    emit(json, &list, |l| print_needs(&person.display_name, l))
}

pub(super) fn need_rm(sphere: &Sphere, json: bool, id: Id) -> Result<(), ApiError> {
    let list = sphere.need_offer_delete(IdRequest { id })?;
    let name = sphere
        .resolve_person(&list.person_id.to_string())?
        .display_name;
    emit(json, &list, |l| {
        println!("Removed #{id}.");
        print_needs(&name, l)
    })
}

pub(super) fn open(
    sphere: &Sphere,
    json: bool,
    person: &str,
    open: Openness,
) -> Result<(), ApiError> {
    let person = sphere.resolve_person(person)?;
    let list = sphere.intro_openness_set(OpennessInput {
        person_id: person.id,
        open,
    })?;
    emit(json, &list, |l| print_needs(&person.display_name, l))
}

fn print_needs(name: &str, l: &NeedOffers) {
    let open = match l.openness {
        Openness::Unknown => "openness to introductions unknown",
        Openness::Yes => "open to introductions",
        Openness::No => "not open to introductions (left out of suggestions)",
    };
    println!("{name} — {open}");
    if l.items.is_empty() {
        println!(
            "No needs or offers yet (`sphere person need \"{name}\" \"seed investors\"`, `sphere person offer …`)."
        );
        return;
    }
    for e in &l.items {
        let until = if e.expired {
            format!("expired {}", e.expires_on)
        } else {
            format!("until {}", e.expires_on)
        };
        let detail = if e.detail.is_empty() {
            String::new()
        } else {
            format!(" — {}", e.detail)
        };
        println!(
            "  #{:<5} {:<5} {}{detail}  ({until})",
            e.id,
            e.kind.as_str(),
            e.term
        );
    }
}

pub(super) fn suggest(sphere: &Sphere, json: bool, cmd: SuggestCmd) -> Result<(), ApiError> {
    let id = |needle: &str| sphere.resolve_person(needle).map(|p| p.id);
    match cmd {
        SuggestCmd::Intros { limit, person } => {
            let page = sphere.intro_suggestions(SuggestionQuery {
                limit: Some(limit),
                person: person.as_deref().map(id).transpose()?,
            })?;
            emit(json, &page, print_suggestions)
        }
        SuggestCmd::Dismiss { a, b, reason } => {
            let d = sphere.intro_dismiss(DismissInput {
                a: id(&a)?,
                b: id(&b)?,
                reason,
            })?;
            emit(json, &d, |d| {
                println!(
                    "Dismissed {} and {}: {}.{}",
                    d.a.display_name,
                    d.b.display_name,
                    d.reason.label(),
                    d.relationship_id
                        .map(|t| format!(" Recorded their relationship (#{t})."))
                        .unwrap_or_default()
                )
            })
        }
        SuggestCmd::Undismiss { a, b } => {
            let d = sphere.intro_undismiss(PairRequest {
                a: id(&a)?,
                b: id(&b)?,
            })?;
            emit(json, &d, |d| {
                println!(
                    "{} and {} are suggested again (the dismissal “{}” is undone).",
                    d.a.display_name,
                    d.b.display_name,
                    d.reason.label()
                )
            })
        }
        SuggestCmd::Introduce { a, b, send } => {
            let ask = sphere.intro_start(IntroStart {
                a: id(&a)?,
                b: id(&b)?,
                send: Some(send),
                ..Default::default()
            })?;
            emit(json, &ask, print_connect)
        }
        SuggestCmd::Answer {
            id: req,
            side,
            answer,
        } => {
            let ask = sphere.intro_answer(IntroAnswer {
                id: req,
                side,
                answer,
            })?;
            emit(json, &ask, print_connect)
        }
    }
}

fn print_suggestions(page: &SuggestionPage) {
    if page.items.is_empty() {
        println!(
            "No introductions to suggest: {}.",
            page.empty_reason.as_deref().unwrap_or("nothing matches")
        );
        return;
    }
    for (i, s) in page.items.iter().enumerate() {
        println!(
            "{:>2}. {} (#{}) ↔ {} (#{})  score {:.3}",
            i + 1,
            s.a.display_name,
            s.a.id,
            s.b.display_name,
            s.b.id,
            s.score
        );
        let chips: Vec<&str> = s.chips.iter().map(|c| c.label.as_str()).collect();
        println!("    {}", chips.join(" · "));
    }
    if page.likely_known > 0 {
        let n = page.likely_known;
        println!(
            "{n} {} left out: {} probably know each other already.",
            if n == 1 { "pair" } else { "pairs" },
            if n == 1 { "the two" } else { "they" }
        );
    }
}

fn print_connect(ask: &Ask) {
    println!(
        "Introduction #{}: {} — {}",
        ask.id, ask.target_label, ask.state_label
    );
    if let Some(c) = &ask.connect {
        println!("\nTo {}:\n{}\n", c.name_a, c.note_a);
        println!("To {}:\n{}", c.name_b, c.note_b);
    }
}
