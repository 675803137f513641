//! `sphere ask …`: referral requests made from warm paths, moved along their pipeline.

use std::collections::HashMap;

use chrono::{Local, Utc};
use sphere_api::*;
use sphere_domain::Id;
use sphere_domain::referral::RequestState;

use super::args::{AskCmd, AskNewArgs};
use super::{emit, parse_when, read_input};

/// How many paths one search reads when picking connectors (the api's largest k).
const SEARCH_K: u32 = 20;
/// How many searches look for a path through a named connector before giving up.
const VIA_ROUNDS: usize = 5;

pub(super) fn ask(sphere: &Sphere, json: bool, cmd: AskCmd) -> Result<(), ApiError> {
    match cmd {
        AskCmd::New(args) => {
            let ask = new(sphere, *args)?;
            emit(json, &ask, |a| {
                println!("Made referral request #{} ({}).", a.id, a.state_label);
                detail(a);
            })
        }
        AskCmd::List {
            state,
            open,
            org,
            connector,
            asker,
            person,
        } => {
            let person_id = |p: Option<String>| {
                p.map(|p| sphere.resolve_person(&p).map(|p| p.id))
                    .transpose()
            };
            let page = sphere.ask_list(AskQuery {
                state,
                open: Some(open),
                organization: org
                    .map(|o| sphere.resolve_organization(&o).map(|o| o.id))
                    .transpose()?,
                connector: person_id(connector)?,
                asker: person_id(asker)?,
                person: person_id(person)?,
            })?;
            emit(json, &page, list)
        }
        AskCmd::Show { id } => {
            let ask = sphere.ask_get(IdRequest { id })?;
            emit(json, &ask, detail)
        }
        AskCmd::Move {
            id,
            state,
            reason,
            note,
            at,
        } => {
            let at = at.as_deref().map(parse_when).transpose()?;
            let ask = sphere.ask_move(AskMove {
                id,
                to: state,
                reason,
                note,
                at,
            })?;
            emit(json, &ask, |a| {
                println!("Request #{} is now {}.", a.id, a.state_label);
                next_steps(a);
            })
        }
        AskCmd::Withdraw { id, note } => {
            let ask = sphere.ask_move(AskMove {
                id,
                to: RequestState::Withdrawn,
                reason: None,
                note,
                at: None,
            })?;
            emit(json, &ask, |a| println!("Withdrew request #{}.", a.id))
        }
        AskCmd::Stats => {
            let stats = sphere.ask_stats(AskQuery::default())?;
            emit(json, &stats, print_stats)
        }
    }
}

/// Who is "us" (the user and the team): paths start with one of us, and the first person
/// after us is the connector asked.
struct Us<'a> {
    sphere: &'a Sphere,
    known: HashMap<Id, bool>,
}

impl Us<'_> {
    fn contains(&mut self, id: Id) -> Result<bool, ApiError> {
        if let Some(&us) = self.known.get(&id) {
            return Ok(us);
        }
        let p = self.sphere.resolve_person(&id.to_string())?;
        let us = p.is_team || p.ring == sphere_domain::Ring::Centre;
        self.known.insert(id, us);
        Ok(us)
    }

    /// `(asker, connector)` of a path, as the api reads it; `None` when there is nobody to
    /// ask (one of us knows the target directly).
    fn ends(&mut self, path: &WarmPath) -> Result<Option<(Id, Id)>, ApiError> {
        let ids: Vec<Id> = path.people.iter().map(|p| p.id).collect();
        let mut lead = 0;
        while lead < ids.len() && self.contains(ids[lead])? {
            lead += 1;
        }
        if lead == 0 || ids.len() < lead + 2 {
            return Ok(None);
        }
        Ok(Some((ids[lead - 1], ids[lead])))
    }
}

/// Every path of a result, best first (by cost, then hops): into an organization the answer
/// lists each person's best path with the other ways to them folded under it, and a request
/// may go through any of them.
fn every_path(r: &PathResult) -> Vec<&WarmPath> {
    let mut all: Vec<&WarmPath> = r
        .paths
        .iter()
        .flat_map(|p| std::iter::once(p).chain(&p.alternatives))
        .collect();
    all.sort_by(|a, b| {
        a.cost
            .total_cmp(&b.cost)
            .then(a.hops.len().cmp(&b.hops.len()))
    });
    all
}

fn new(sphere: &Sphere, a: AskNewArgs) -> Result<Ask, ApiError> {
    let to_person =
        a.to.as_deref()
            .map(|p| sphere.resolve_person(p).map(|p| p.id))
            .transpose()?;
    let to_organization = a
        .org
        .as_deref()
        .map(|o| sphere.resolve_organization(o).map(|o| o.id))
        .transpose()?;
    let title = (!a.title.is_empty()).then(|| a.title.join(", "));
    let search = |exclude: Vec<Id>| {
        sphere.path_find(PathQuery {
            to_person,
            to_organization,
            title: title.clone(),
            k: Some(SEARCH_K),
            exclude: Some(exclude),
            ..Default::default()
        })
    };
    let mut us = Us {
        sphere,
        known: HashMap::new(),
    };
    let first = search(Vec::new())?;
    let target = first.target_label.clone();
    if to_person.is_some() {
        for p in every_path(&first) {
            if us.ends(p)?.is_none() {
                return Err(ApiError::invalid(
                    "to",
                    format!(
                        "{} knows {target} directly: no introduction to ask for",
                        p.people.first().map_or("you", |x| x.display_name.as_str())
                    ),
                ));
            }
        }
    }
    let mut chosen: Vec<WarmPath> = Vec::new();
    let mut asker: Option<Id> = None;
    if a.via.is_empty() {
        let mut connectors = Vec::new();
        for p in every_path(&first) {
            let Some((who, connector)) = us.ends(p)? else {
                continue;
            };
            if asker.is_some_and(|x| x != who) || connectors.contains(&connector) {
                continue;
            }
            asker = Some(who);
            connectors.push(connector);
            chosen.push(p.clone());
            if chosen.len() == MAX_CONNECTORS {
                break;
            }
        }
        if chosen.is_empty() {
            return Err(ApiError::invalid(
                "to",
                format!(
                    "no warm path with a connector to ask reaches {target} ({} paths found within {} hops; a direct relationship needs no introduction)",
                    every_path(&first).len(),
                    first.max_hops.unwrap_or(DEFAULT_MAX_HOPS)
                ),
            ));
        }
    } else {
        if a.via.len() > MAX_CONNECTORS {
            return Err(ApiError::invalid(
                "via",
                format!(
                    "a request asks at most {MAX_CONNECTORS} connectors, got {}",
                    a.via.len()
                ),
            ));
        }
        let via: Vec<sphere_domain::Person> = a
            .via
            .iter()
            .map(|v| sphere.resolve_person(v))
            .collect::<Result<_, _>>()?;
        for c in &via {
            let path = through(&mut us, &search, &first, c.id)?.ok_or_else(|| {
                ApiError::invalid(
                    "via",
                    format!(
                        "no warm path through {} reaches {target} within {} hops",
                        c.display_name,
                        first.max_hops.unwrap_or(DEFAULT_MAX_HOPS)
                    ),
                )
            })?;
            chosen.push(path);
        }
    }
    let draft = chosen.first().and_then(|p| p.draft.clone());
    let message = match (a.message_file, a.message) {
        (Some(file), _) => read_input(&file)?,
        (None, Some(text)) => text,
        (None, None) => draft.as_ref().map(|d| d.body.clone()).unwrap_or_default(),
    };
    let subject = a
        .subject
        .or_else(|| draft.as_ref().map(|d| d.subject.clone()))
        .unwrap_or_else(|| format!("Introduction to {target}"));
    sphere.ask_create(AskInput {
        target_person: to_person,
        target_organization: to_organization,
        title,
        paths: chosen
            .iter()
            .map(|p| p.people.iter().map(|x| x.id).collect())
            .collect(),
        subject,
        message,
        why_target: a.why_target,
        why_now: a.why_now,
        mode: a.mode,
        opportunity: a.opportunity.map(|name| Opportunity {
            name,
            value: a.value,
            stage: a.stage,
        }),
        send: Some(a.send),
        at: a.at.as_deref().map(parse_when).transpose()?,
    })
}

/// The best path whose connector is `connector`: among the first search's paths, else
/// searching again without the connectors that came first.
fn through(
    us: &mut Us<'_>,
    search: &impl Fn(Vec<Id>) -> Result<PathResult, ApiError>,
    first: &PathResult,
    connector: Id,
) -> Result<Option<WarmPath>, ApiError> {
    let mut exclude: Vec<Id> = Vec::new();
    let mut result = first.clone();
    for _ in 0..VIA_ROUNDS {
        let mut others = Vec::new();
        for p in every_path(&result) {
            match us.ends(p)? {
                Some((_, c)) if c == connector => return Ok(Some(p.clone())),
                Some((_, c)) if !exclude.contains(&c) => others.push(c),
                _ => {}
            }
        }
        if others.is_empty() {
            return Ok(None);
        }
        exclude.extend(others);
        result = search(exclude.clone())?;
    }
    Ok(None)
}

fn days(d: chrono::Duration) -> String {
    match d.num_days() {
        0 => "today".into(),
        1 => "1 day".into(),
        n => format!("{n} days"),
    }
}

fn current(a: &Ask) -> &str {
    a.connectors
        .iter()
        .find(|c| c.rank == a.current_rank)
        .map_or("", |c| c.name.as_str())
}

fn list(page: &AskPage) {
    if page.items.is_empty() {
        println!("No referral requests. Make one with `sphere ask new --to PERSON`.");
        return;
    }
    let now = Utc::now();
    for a in &page.items {
        let age = match (a.overdue, a.deadline) {
            (true, Some(d)) => format!("OVERDUE by {}", days(now - d)),
            _ => format!("{} in this state", days(now - a.state_at)),
        };
        println!(
            "#{:<4} {:<20} {}  via {}  ({age})",
            a.id,
            a.state.as_str(),
            a.target_label,
            current(a)
        );
    }
    println!(
        "{} requests: {} open, {} overdue",
        page.total, page.open, page.overdue
    );
}

fn local(t: &chrono::DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

fn detail(a: &Ask) {
    println!(
        "Request #{}: {} — {} (since {})",
        a.id,
        a.target_label,
        a.state_label,
        local(&a.state_at)
    );
    println!("  asked by     {}", a.asker_name);
    println!("  mode         {}", a.mode);
    println!("  subject      {}", a.subject);
    if !a.why_target.is_empty() {
        println!("  why them     {}", a.why_target);
    }
    if !a.why_now.is_empty() {
        println!("  why now      {}", a.why_now);
    }
    if let Some(o) = &a.opportunity {
        let value = o.value.map(|v| format!(", {v:.0}")).unwrap_or_default();
        let stage = o
            .stage
            .as_deref()
            .map(|s| format!(", {s}"))
            .unwrap_or_default();
        println!("  opportunity  {}{value}{stage}", o.name);
    }
    println!("\nConnectors (asked one at a time):");
    for c in &a.connectors {
        let marker = if c.rank == a.current_rank { "*" } else { " " };
        let why = c
            .declined_because
            .map(|r| format!(" ({})", r.label()))
            .unwrap_or_default();
        let path: Vec<String> = c
            .path
            .iter()
            .enumerate()
            .map(|(i, p)| match c.strengths.get(i) {
                Some(s) => format!("{} —{s:.2}→", p.name),
                None => p.name.clone(),
            })
            .collect();
        println!(
            "{marker}{}. {} [{}{why}], score {:.3}: {}",
            c.rank,
            c.name,
            status(c.status),
            c.score,
            path.join(" ")
        );
    }
    println!("\nMessage:\n{}", a.message);
    println!("\nTimeline:");
    for e in &a.events {
        let who = e
            .connector
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        let why = e
            .reason
            .map(|r| format!(": {}", r.label()))
            .unwrap_or_default();
        let note = if e.note.is_empty() {
            String::new()
        } else {
            format!(" — {}", e.note)
        };
        println!("  {}  {}{who}{why}{note}", local(&e.at), e.label);
    }
    if a.events.is_empty() {
        println!("  (a draft: not sent yet)");
    }
    next_steps(a);
}

fn status(s: ConnectorStatus) -> &'static str {
    match s {
        ConnectorStatus::Waiting => "waiting",
        ConnectorStatus::Asked => "asked",
        ConnectorStatus::Agreed => "agreed",
        ConnectorStatus::Declined => "declined",
        ConnectorStatus::NoAnswer => "no answer",
    }
}

fn next_steps(a: &Ask) {
    if let Some(d) = a.deadline {
        println!(
            "Deadline: {}{}",
            local(&d),
            if a.overdue { " (overdue)" } else { "" }
        );
    }
    if let Some(n) = &a.next_connector {
        println!(
            "Next connector on offer: {} (`sphere ask move {} asked`)",
            n.display_name, a.id
        );
    }
    if a.allowed.is_empty() {
        println!("Final: nothing moves it any more.");
    } else {
        let names: Vec<&str> = a.allowed.iter().map(|s| s.as_str()).collect();
        println!("May move to: {}", names.join(", "));
    }
}

fn print_stats(s: &AskStats) {
    println!(
        "{} referral requests: {} open, {} overdue",
        s.total, s.open, s.overdue
    );
    println!("\nFunnel:");
    for f in &s.funnel {
        let conv = f
            .conversion
            .map(|c| format!("{:.0}% of the stage before", c * 100.0))
            .unwrap_or_default();
        println!("  {:<18} {:>4}  {conv}", f.label, f.reached);
    }
    println!("\nTime in each state (days):");
    for t in &s.time_in_state {
        println!(
            "  {:<30} median {:>6.1}  mean {:>6.1}  ({} stays)",
            t.label, t.median_days, t.mean_days, t.count
        );
    }
    println!("\nConnectors:");
    if s.connectors.is_empty() {
        println!("  nobody asked yet");
    }
    for c in &s.connectors {
        let rate = c
            .acceptance
            .map_or_else(|| "—".to_string(), |r| format!("{:.0}%", r * 100.0));
        println!(
            "  {:<28} asked {:>3}, agreed {:>3}, declined {:>3}, no answer {:>3}; acceptance {rate}",
            c.person.display_name, c.asked, c.agreed, c.declined, c.no_answer
        );
    }
}
