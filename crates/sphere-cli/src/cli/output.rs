//! Human-readable tables for the CLI.

use chrono::{DateTime, Local, Utc};
use comfy_table::presets::UTF8_BORDERS_ONLY;
use comfy_table::{ContentArrangement, Table};
use sphere_api::*;
use sphere_domain::*;

pub(super) fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.to_vec());
    t
}

fn when(t: &DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

fn ago(t: Option<&DateTime<Utc>>) -> String {
    let Some(t) = t else { return "never".into() };
    let days = (Utc::now() - *t).num_days();
    match days {
        i64::MIN..=0 => "today".into(),
        1 => "yesterday".into(),
        2..=60 => format!("{days} days ago"),
        61..=730 => format!("{} months ago", days / 30),
        _ => format!("{} years ago", days / 365),
    }
}

fn org_name(name: Option<&String>) -> String {
    name.cloned().unwrap_or_default()
}

pub fn people(page: &PersonPage) {
    if page.items.is_empty() {
        println!(
            "No people match. Add one with `sphere person add NAME`, or load the demo with `sphere demo`."
        );
        return;
    }
    let mut t = table(&[
        "id",
        "name",
        "title",
        "organization",
        "ring",
        "ties",
        "last contact",
    ]);
    for p in &page.items {
        t.add_row(vec![
            p.id.to_string(),
            p.display_name.clone(),
            p.title.clone(),
            org_name(p.organization_name.as_ref()),
            ring_word(p.ring, p.connected).to_string(),
            p.tie_count.to_string(),
            ago(p.last_contact.as_ref()),
        ]);
    }
    println!("{t}");
    println!("{} of {} people", page.items.len(), page.total);
}

pub fn person_detail(d: &PersonDetail) {
    let p = &d.person;
    println!("{} (id {})", p.display_name, p.id);
    let org = d
        .organization
        .as_ref()
        .map(|o| o.name.as_str())
        .unwrap_or("");
    let line = |label: &str, value: &str| {
        if !value.is_empty() {
            println!("  {label:<13}{value}");
        }
    };
    line("title", &p.title);
    line("organization", org);
    line("ring", ring_word(p.ring, d.connected));
    line("emails", &p.emails.join(", "));
    line("phones", &p.phones.join(", "));
    line("tags", &p.tags.join(", "));
    line("notes", &p.notes);
    if d.hidden_never > 0 {
        let n = d.hidden_never;
        let s = if n == 1 { "" } else { "s" };
        println!("({n} never passage{s} hidden; --reveal-never shows them)");
    }
    println!();
    if d.relationships.is_empty() {
        println!("No relationships yet (`sphere tie add`).");
    } else {
        ties(&d.relationships);
    }
    println!();
    if d.recent_interactions.is_empty() {
        println!("No interactions yet (`sphere log`).");
    } else {
        interactions(&InteractionPage {
            items: d.recent_interactions.clone(),
            total: d.interaction_count,
        });
    }
}

pub fn ties(ties: &[TieView]) {
    if ties.is_empty() {
        println!("No relationships.");
        return;
    }
    let mut t = table(&[
        "id",
        "person",
        "related to",
        "kind",
        "since",
        "shared",
        "last contact",
        "override",
    ]);
    for v in ties {
        let r = &v.relationship;
        t.add_row(vec![
            r.id.to_string(),
            v.this.display_name.clone(),
            v.other.display_name.clone(),
            r.kind.to_string(),
            r.since.map(|d| d.to_string()).unwrap_or_default(),
            v.shared_interactions.to_string(),
            ago(v.last_contact.as_ref()),
            match (&r.strength_override, &r.override_reason) {
                (Some(s), Some(why)) => format!("{s:.2} ({why})"),
                _ => String::new(),
            },
        ]);
    }
    println!("{t}");
}

pub fn interactions(page: &InteractionPage) {
    if page.items.is_empty() {
        println!("No interactions.");
        return;
    }
    let mut t = table(&["id", "when", "kind", "with", "note", "outcome"]);
    for v in &page.items {
        let i = &v.interaction;
        let names: Vec<&str> = v
            .participants
            .iter()
            .map(|p| p.display_name.as_str())
            .collect();
        t.add_row(vec![
            i.id.to_string(),
            when(&i.occurred_at),
            i.kind.to_string(),
            names.join(", "),
            i.note.clone(),
            i.outcome.map(|o| o.to_string()).unwrap_or_default(),
        ]);
    }
    println!("{t}");
    println!("{} of {} interactions", page.items.len(), page.total);
}

pub fn organizations(orgs: &[OrganizationSummary]) {
    if orgs.is_empty() {
        println!("No organizations. Add one with `sphere org add \"Full Name Inc.\"`.");
        return;
    }
    let mut t = table(&[
        "id", "name", "domain", "industry", "size", "location", "people",
    ]);
    for s in orgs {
        let o = &s.organization;
        t.add_row(vec![
            o.id.to_string(),
            o.name.clone(),
            o.domain.clone(),
            o.industry.clone(),
            o.size.clone(),
            o.location.clone(),
            s.people_count.to_string(),
        ]);
    }
    println!("{t}");
}

pub fn info(info: &AppInfo) {
    println!("Sphere {}", info.version);
    println!(
        "  database     {}",
        info.db_path.as_deref().unwrap_or(":memory:")
    );
    println!("  schema       version {}", info.schema_version);
    let c = &info.counts;
    println!(
        "  holds        {} people, {} organizations, {} relationships, {} interactions",
        c.people, c.organizations, c.relationships, c.interactions
    );
    match &info.me {
        Some(me) => println!("  centre       {} (id {})", me.display_name, me.id),
        None => println!("  centre       nobody yet (add yourself with --ring centre)"),
    }
}

pub fn import_summary(s: &ImportSummary) {
    let span = match (s.first_at, s.last_at) {
        (Some(a), Some(b)) => format!(
            " from {} to {}",
            a.format("%Y-%m-%d %H:%M"),
            b.format("%Y-%m-%d %H:%M")
        ),
        _ => String::new(),
    };
    println!(
        "Imported {} rows (source `{}`){span}: {} interactions, {} new people ({} found from earlier imports), {} new relationships; {} rows were already imported.",
        s.rows,
        s.source,
        s.interactions_created,
        s.people_created,
        s.people_matched,
        s.relationships_created,
        s.duplicates_skipped
    );
    let c = &s.counts;
    println!(
        "The database now holds {} people, {} relationships, {} interactions.",
        c.people, c.relationships, c.interactions
    );
}

/// "You → Ada Client → Bo Buyer"
fn chain(people: &[PersonRef], me: Option<Id>) -> String {
    people
        .iter()
        .map(|p| {
            if Some(p.id) == me {
                "You".to_string()
            } else {
                p.display_name.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

/// Whether the penalty for asking connectors again lowered this path: the query counted it,
/// and a connector (not the target) carries a ledger note, which the core writes exactly when
/// that connector's account is overdrawn (their penalty applies). Comparing `strength` with
/// `tie_strength` cannot tell: the two are computed differently and rarely agree to the last
/// bit, and a doubtful tie lowers the strength too.
fn asked_lately(p: &WarmPath, penalty_on: bool) -> bool {
    let target = p.people.last().map(|t| t.id);
    penalty_on
        && p.hops
            .iter()
            .any(|h| h.ledger_note.is_some() && Some(h.to.id) != target)
}

/// The path table and each path's hops; `penalty_on` when the query counted asks against
/// connectors.
pub fn paths(r: &PathResult, with_draft: bool, penalty_on: bool) {
    let me = r.from.iter().find(|p| p.ring == Ring::Centre).map(|p| p.id);
    let bound = r
        .max_hops
        .map_or_else(|| "any length".to_string(), |h| format!("at most {h} hops"));
    println!("Warm paths to {} ({bound}, best {}):", r.target_label, r.k);
    if r.target_count == 0 {
        println!("Nobody in your sphere matches {}.", r.target_label);
        return;
    }
    if r.paths.is_empty() {
        println!(
            "No path within the bound: none of the {} people who match can be reached through real relationships. Try more hops, the whole team (--team), or fewer exclusions.",
            r.target_count
        );
        return;
    }
    let mut t = table(&["rank", "strength", "hops", "path"]);
    for p in &r.paths {
        t.add_row(vec![
            p.rank.to_string(),
            if asked_lately(p, penalty_on) {
                format!("{:.3} (asked lately)", p.strength)
            } else {
                format!("{:.3}", p.strength)
            },
            p.hops.len().to_string(),
            chain(&p.people, me),
        ]);
    }
    println!("{t}");
    for p in &r.paths {
        println!("\n#{} {}", p.rank, chain(&p.people, me));
        for h in &p.hops {
            let asks = if h.recent_asks > 0 && h.to.id != p.people.last().map_or(0, |l| l.id) {
                format!(" · asked for {} introduction(s) lately", h.recent_asks)
            } else {
                String::new()
            };
            println!(
                "  {} → {}: {}, strength {:.2}{}. {}{asks}",
                chain(std::slice::from_ref(&h.from), me),
                h.to.display_name,
                h.kind.to_string().replace('_', " "),
                h.strength,
                if h.overridden { " (set by hand)" } else { "" },
                h.evidence
            );
        }
        if !p.alternatives.is_empty() {
            let other: Vec<String> = p
                .alternatives
                .iter()
                .map(|a| format!("{} ({:.3})", chain(&a.people, me), a.strength))
                .collect();
            let to = p.people.last().map_or("them", |t| t.display_name.as_str());
            println!("  Other ways to {to}: {}", other.join("; "));
        }
    }
    if with_draft {
        match r.paths.first().and_then(|p| p.draft.as_ref()) {
            Some(d) => {
                println!(
                    "\nDraft request to {} (fill the bracketed parts):",
                    d.connector.display_name
                );
                println!("Subject: {}\n\n{}", d.subject, d.body);
            }
            None => println!("\nThe best path is a direct relationship: no introduction needed."),
        }
    }
}
