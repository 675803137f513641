//! `sphere import FILE` (address books: preview, then `--commit`) and `sphere merge`.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::Arc;

use base64::Engine as _;
use sphere_api::*;
use sphere_import::contact::Format;

use super::args::ImportArgs;
use super::{confirm, emit};

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn request(sphere: &Sphere, args: &ImportArgs) -> Result<ImportFileRequest, ApiError> {
    let path = args
        .file
        .as_deref()
        .ok_or_else(|| ApiError::invalid("file", "name the file to import"))?;
    let bytes = std::fs::read(path)
        .map_err(|e| ApiError::invalid("file", format!("cannot read {}: {e}", path.display())))?;
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ApiError::invalid(
            "file",
            format!(
                "{} is larger than {} MB; split it and import the parts",
                path.display(),
                MAX_IMPORT_BYTES / 1024 / 1024
            ),
        ));
    }
    let format = match args.format.as_str() {
        "auto" => None,
        other => Some(
            Format::parse(other)
                .ok_or_else(|| ApiError::invalid("format", format!("unknown format `{other}`")))?,
        ),
    };
    let as_member = args
        .as_member
        .as_deref()
        .map(|m| sphere.resolve_person(m).map(|p| p.id))
        .transpose()?;
    let mut org_names = HashMap::new();
    for pair in &args.org_names {
        let (short, full) = pair.split_once('=').ok_or_else(|| {
            ApiError::invalid(
                "org",
                format!("`{pair}`: write --org \"AS WRITTEN=FULL NAME\""),
            )
        })?;
        org_names.insert(short.trim().to_string(), full.trim().to_string());
    }
    Ok(ImportFileRequest {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        data: base64::engine::general_purpose::STANDARD.encode(bytes),
        format,
        as_member,
        org_names: Some(org_names),
        merges: Some(args.merges.clone()),
        job: Some("cli".into()),
    })
}

/// `sphere import FILE [--commit]`.
pub fn contacts(sphere: &Sphere, json: bool, args: ImportArgs) -> Result<(), ApiError> {
    let req = request(sphere, &args)?;
    if !args.commit {
        let preview = sphere.import_preview(req)?;
        return emit(json, &preview, |p| {
            print_preview(p, args.all);
            println!();
            if p.blocker.is_some() {
                println!("Nothing was written.");
            } else {
                println!("Nothing was written. Run again with --commit to import.");
            }
        });
    }
    if !json && std::io::stderr().is_terminal() {
        sphere.set_progress_sink(Arc::new(|_, p: &Progress| {
            if p.total > 0 {
                eprint!("\r\x1b[2KImporting {}: {}/{}", p.phase, p.done, p.total);
            }
        }));
    }
    let result = sphere.import_commit(req);
    if !json && std::io::stderr().is_terminal() {
        eprint!("\r\x1b[2K");
    }
    let result = result?;
    emit(json, &result, |r| {
        print_preview(&r.preview, args.all);
        println!();
        println!(
            "Imported: {} created, {} updated; {}, {}, {}{}.",
            plural(r.people_created, "person", "people"),
            r.people_updated,
            plural(r.organizations_created, "organization", "organizations"),
            plural(r.relationships_created, "relationship", "relationships"),
            plural(r.facts_created, "fact", "facts"),
            if r.photos_saved > 0 {
                format!(", {}", plural(r.photos_saved, "picture", "pictures"))
            } else {
                String::new()
            }
        );
        if let Some(e) = &r.photo_error {
            println!("Note: {e}.");
        }
    })
}

fn print_preview(p: &ImportPreview, all: bool) {
    let owner = p.owner.as_ref().map_or_else(String::new, |o| {
        format!(", the connections of {}", o.display_name)
    });
    println!("{}: {}{owner}", p.file_name, p.layout);
    if let Some(b) = &p.blocker {
        println!("Cannot import yet: {b}.");
    }
    println!(
        "{}: {} new, {} updated, {} merged, {} unchanged, {} skipped",
        plural(p.records, "record", "records"),
        p.new,
        p.updated,
        p.merged,
        p.unchanged,
        p.skipped.len()
    );
    println!(
        "Organizations: {} new, {} already known. Relationships: {} new. Facts: {} ({} never, hidden by default). Pictures: {}.",
        p.organizations_new.len(),
        p.organizations_matched,
        p.relationships_new,
        p.facts_new,
        p.never_facts_new,
        p.photos
    );
    if p.related_people_new > 0 {
        println!(
            "Also {} named only as someone's manager, assistant or referrer.",
            plural(p.related_people_new, "new person", "new people")
        );
    }
    let shown = if all { p.rows.len() } else { 20 };
    if !p.rows.is_empty() {
        println!();
        for r in p.rows.iter().take(shown) {
            let what = match r.action {
                Action::New => "new".to_string(),
                Action::Update => format!(
                    "update {}",
                    r.person.as_ref().map_or("", |x| &x.display_name)
                ),
                Action::Merge => match (r.merged_into_line, &r.person) {
                    (Some(l), _) => format!("merged into line {l}"),
                    (None, Some(x)) => format!("merged into {}", x.display_name),
                    _ => "merged".into(),
                },
                Action::Unchanged => "unchanged".into(),
            };
            let org = if r.organization.is_empty() {
                String::new()
            } else {
                format!(" ({})", r.organization)
            };
            let changes = if r.changes.is_empty() {
                String::new()
            } else {
                format!(": {}", r.changes.join(", "))
            };
            println!("  line {:>5}  {}{org} — {what}{changes}", r.line, r.name);
        }
        if p.rows.len() > shown {
            println!("  … and {} more (--all lists them)", p.rows.len() - shown);
        }
    }
    if !p.abbreviations.is_empty() {
        println!();
        println!("Abbreviated organization names (write them out so duplicates can be found):");
        for a in &p.abbreviations {
            let lines: Vec<String> = a.lines.iter().take(5).map(u64::to_string).collect();
            match &a.full_name {
                Some(f) => println!("  \"{}\" → \"{f}\"", a.name),
                None => println!(
                    "  \"{}\" (line {}): --org \"{}=FULL NAME\"",
                    a.name,
                    lines.join(", "),
                    a.name
                ),
            }
        }
    }
    if !p.duplicates.is_empty() {
        println!();
        println!("Likely duplicates (merged only when you accept them with --merge LINE):");
        for d in &p.duplicates {
            let other = match (&d.person, d.other_line) {
                (Some(x), _) => format!("{} (person {})", x.display_name, x.id),
                (None, Some(l)) => format!("{} (line {l})", d.other_name),
                _ => d.other_name.clone(),
            };
            println!(
                "  line {}: {} may be {other}: {}{}",
                d.line,
                d.name,
                d.reason,
                if d.accepted { " — accepted" } else { "" }
            );
        }
    }
    if !p.skipped.is_empty() {
        println!();
        println!("Skipped:");
        for s in p.skipped.iter().take(if all { usize::MAX } else { 20 }) {
            println!("  line {}: {}", s.line, s.reason);
        }
        if !all && p.skipped.len() > 20 {
            println!("  … and {} more (--all lists them)", p.skipped.len() - 20);
        }
    }
    if !p.assumptions.is_empty() {
        println!();
        println!("Assumed:");
        for a in &p.assumptions {
            println!("  - {a}");
        }
    }
}

/// `sphere merge KEEP MERGE`.
pub fn merge(
    sphere: &Sphere,
    json: bool,
    keep: &str,
    merge: &str,
    yes: bool,
) -> Result<(), ApiError> {
    let k = sphere.resolve_person(keep)?;
    let m = sphere.resolve_person(merge)?;
    confirm(
        yes,
        &format!(
            "Merge {} (person {}) into {} (person {})? {} will be deleted once everything is moved.",
            m.display_name, m.id, k.display_name, k.id, m.display_name
        ),
    )?;
    let r = sphere.person_merge(MergeRequest {
        keep: k.id,
        merge: m.id,
    })?;
    emit(json, &r, |r| {
        println!(
            "Merged into {} (person {}): {} moved, {} moved, {} moved and {} joined.",
            r.person.display_name,
            r.person.id,
            plural(r.facts_moved, "fact", "facts"),
            plural(r.interactions_moved, "interaction", "interactions"),
            plural(r.relationships_moved, "relationship", "relationships"),
            r.relationships_joined
        );
    })
}
