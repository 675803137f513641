//! `sphere ledger …` (the give/ask ledger of one person) and `sphere sources …` (referral
//! sources ranked by leverage).

use chrono::Local;
use sphere_api::*;

use super::args::{LedgerArgs, LedgerCmd, SourcesArgs};
use super::{emit, parse_when, read_input};

pub(super) fn ledger(sphere: &Sphere, json: bool, a: LedgerArgs) -> Result<(), ApiError> {
    let person = sphere.resolve_person(&a.person)?;
    let ledger = match a.add {
        None => sphere.ledger_get(IdRequest { id: person.id })?,
        Some(LedgerCmd::Add {
            direction,
            kind,
            weight,
            note,
            at,
        }) => sphere.ledger_add(LedgerInput {
            person_id: person.id,
            direction,
            kind,
            weight,
            note,
            at: at.as_deref().map(parse_when).transpose()?,
        })?,
    };
    emit(json, &ledger, print_ledger)
}

fn print_ledger(l: &Ledger) {
    println!(
        "{} — {} (balance {:+.2}, half-life {:.0} days)",
        l.person.display_name, l.band_label, l.balance, l.half_life_days
    );
    if let Some(year) = &l.year {
        println!("This year: {year}.");
    }
    if l.entries.is_empty() {
        println!(
            "No entries yet (`sphere ledger \"{}\" add deposit favour`).",
            l.person.display_name
        );
        return;
    }
    for e in &l.entries {
        let id =
            e.id.map_or_else(|| "(log)".to_string(), |i| format!("#{i}"));
        let request = e
            .request_id
            .map(|r| format!(" [request #{r}]"))
            .unwrap_or_default();
        println!(
            "  {}  {:<7} {:<10} {:<12} weight {:>4.1} (now {:+.2}){request}  {}",
            e.at.with_timezone(&Local).format("%Y-%m-%d"),
            id,
            e.direction.as_str(),
            e.kind.as_str(),
            e.weight,
            e.weight_now,
            e.note
        );
    }
}

pub(super) fn sources(sphere: &Sphere, json: bool, a: SourcesArgs) -> Result<(), ApiError> {
    let mut targets = Vec::new();
    for o in &a.orgs {
        targets.push(org_target(sphere, o, ':')?);
    }
    for p in &a.people {
        targets.push(SourceTarget {
            person: Some(sphere.resolve_person(p)?.id),
            ..Default::default()
        });
    }
    if let Some(file) = &a.targets_file {
        let text = read_input(file)?;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let target = file_target(sphere, line).map_err(|e| {
                ApiError::invalid(
                    "targets_file",
                    format!("{} line {}: {}", file.display(), n + 1, e.message),
                )
            })?;
            targets.push(target);
        }
    }
    if targets.is_empty() {
        return Err(ApiError::invalid(
            "targets",
            "name at least one target: --org ORG[:TITLES], --person PERSON or --targets-file FILE",
        ));
    }
    let result = sphere.sources_rank(SourcesQuery {
        targets,
        max_hops: a.max_hops,
        limit: a.limit,
    })?;
    emit(json, &result, print_sources)
}

/// `Org name` or `Org name<sep>VP, Head of`: the whole text names the organization when it
/// can, else the part before the last separator does.
fn org_target(sphere: &Sphere, text: &str, sep: char) -> Result<SourceTarget, ApiError> {
    let whole = sphere.resolve_organization(text.trim());
    let (org, title) = match (whole, text.rsplit_once(sep)) {
        (Ok(o), _) => (o, None),
        (Err(_), Some((name, titles))) => (
            sphere.resolve_organization(name.trim())?,
            Some(titles.trim().to_string()).filter(|t| !t.is_empty()),
        ),
        (Err(e), None) => return Err(e),
    };
    Ok(SourceTarget {
        organization: Some(org.id),
        title,
        ..Default::default()
    })
}

/// A line of a targets file: an organization (with `|titles`), or else a person.
fn file_target(sphere: &Sphere, line: &str) -> Result<SourceTarget, ApiError> {
    if line.contains('|') {
        return org_target(sphere, line, '|');
    }
    match sphere.resolve_organization(line) {
        Ok(o) => Ok(SourceTarget {
            organization: Some(o.id),
            ..Default::default()
        }),
        Err(_) => match sphere.resolve_person(line) {
            Ok(p) => Ok(SourceTarget {
                person: Some(p.id),
                ..Default::default()
            }),
            Err(_) => Err(ApiError::invalid(
                "targets_file",
                format!("`{line}` is neither an organization nor a person"),
            )),
        },
    }
}

fn print_sources(r: &SourcesResult) {
    println!(
        "Referral sources for {} targets (paths of at most {} hops):",
        r.targets.len(),
        r.max_hops
    );
    if r.sources.is_empty() {
        println!("None of your contacts reaches any of the targets.");
    }
    for (i, s) in r.sources.iter().enumerate() {
        println!(
            "{:>3}. {} — leverage {:.2}: reaches {} × tie {:.2} × ledger {:.2} ({})",
            i + 1,
            s.person.display_name,
            s.leverage,
            s.reach,
            s.tie_strength,
            s.ledger_factor,
            s.band
        );
        for x in s.reached.iter().take(5) {
            println!(
                "       {} → {} ({:.2})",
                x.label, x.person.display_name, x.strength
            );
        }
        if s.reached.len() > 5 {
            println!("       … and {} more", s.reached.len() - 5);
        }
    }
    if !r.unreached.is_empty() {
        println!("Nobody reaches: {}", r.unreached.join("; "));
    }
}
