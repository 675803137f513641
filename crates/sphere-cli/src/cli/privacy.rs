//! `sphere fact`, `sphere lint`, `sphere classify`, `sphere eval sensitivity`, `sphere export`.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use sphere_api::*;
use sphere_domain::*;
use sphere_sensitivity::{self as sensitivity, Sensitivity, eval, lint::Severity};

use super::args::{EvalCmd, FactCmd};
use super::{confirm, emit, output::table};

/// A text argument or file, `-` (or nothing) reading standard input.
fn read_input(path: Option<&Path>) -> Result<String, ApiError> {
    let mut text = String::new();
    match path {
        None => std::io::stdin().read_to_string(&mut text).map(|_| ()),
        Some(p) if p.as_os_str() == "-" => std::io::stdin().read_to_string(&mut text).map(|_| ()),
        Some(p) => {
            return std::fs::read_to_string(p).map_err(|e| {
                ApiError::invalid("file", format!("cannot read {}: {e}", p.display()))
            });
        }
    }
    .map_err(|e| ApiError::invalid("file", format!("cannot read standard input: {e}")))?;
    Ok(text)
}

fn bin_word(b: Sensitivity) -> &'static str {
    match b {
        Sensitivity::Never => "NEVER",
        Sensitivity::Maybe => "maybe",
        Sensitivity::Fine => "fine",
    }
}

pub fn fact(sphere: &Sphere, json: bool, cmd: FactCmd) -> Result<(), ApiError> {
    let person_id = |needle: &str| sphere.resolve_person(needle).map(|p| p.id);
    match cmd {
        FactCmd::Add {
            person,
            category,
            value,
            source,
            learned,
            told_by,
        } => {
            let view = sphere.fact_create(FactInput {
                person_id: person_id(&person)?,
                category,
                value,
                source,
                learned_on: learned,
                told_by: told_by.as_deref().map(person_id).transpose()?,
            })?;
            emit(json, &view, |v| {
                println!(
                    "Recorded fact {} ({}, {}): {}",
                    v.id,
                    v.label,
                    bin_word(v.bin),
                    v.value.as_deref().unwrap_or_default()
                );
                match v.bin {
                    Sensitivity::Never => println!("  never used in outreach: {}", v.rationale),
                    Sensitivity::Maybe => println!("  {}", v.usable_reason),
                    Sensitivity::Fine => {}
                }
                if let Some(w) = &v.value_warning {
                    println!("  warning: {w}");
                }
            })
        }
        FactCmd::List {
            person,
            reveal_never,
        } => {
            let list = sphere.fact_list(FactQuery {
                person_id: person_id(&person)?,
                reveal_never: Some(reveal_never),
            })?;
            emit(json, &list, print_facts)
        }
        FactCmd::Edit {
            id,
            category,
            value,
            source,
            learned,
        } => {
            // Only what is given changes: start from the stored fact.
            let f = sphere.fact_by_id(id)?;
            let view = sphere.fact_update(FactUpdate {
                id,
                fact: FactInput {
                    person_id: f.person_id,
                    category: category.unwrap_or(f.category),
                    value: value.unwrap_or(f.value),
                    source: Some(source.unwrap_or(f.source)),
                    learned_on: learned.or(f.learned_on),
                    told_by: f.told_by,
                },
            })?;
            emit(json, &view, |v| {
                println!("Updated fact {} ({}, {}).", v.id, v.label, bin_word(v.bin))
            })
        }
        FactCmd::Rm { id, yes } => {
            confirm(yes, &format!("Delete fact {id}?"))?;
            let f = sphere.fact_delete(IdRequest { id })?;
            emit(json, &f, |f| {
                println!("Deleted fact {} ({}).", f.id, f.category)
            })
        }
        FactCmd::Categories => {
            let cats = sphere.fact_categories(Empty {})?;
            emit(json, &cats, |cats| {
                let mut t = table(&["bin", "category", "label", "why"]);
                for c in cats {
                    t.add_row(vec![bin_word(c.bin), &c.id, &c.label, &c.rationale]);
                }
                println!("{t}");
            })
        }
    }
}

fn print_facts(list: &FactList) {
    println!("{} — {}", list.person.display_name, list.relationship);
    if list.facts.is_empty() {
        println!(
            "  nothing recorded yet (sphere fact add \"{}\" --category … VALUE)",
            list.person.display_name
        );
        return;
    }
    let mut t = table(&[
        "id",
        "bin",
        "category",
        "value",
        "may you use it?",
        "source",
    ]);
    for f in &list.facts {
        let value = f
            .value
            .clone()
            .unwrap_or_else(|| "(hidden: --reveal-never to see it)".into());
        let usable = if f.usable { "yes" } else { "no" };
        t.add_row(vec![
            f.id.to_string(),
            bin_word(f.bin).to_string(),
            f.label.clone(),
            value,
            format!("{usable}: {}", f.usable_reason),
            f.source.clone(),
        ]);
    }
    println!("{t}");
    if list.hidden_never > 0 {
        println!(
            "{} never fact(s) hidden: they must never be used in outreach. --reveal-never shows them.",
            list.hidden_never
        );
    }
}

pub fn lint(
    sphere: &Sphere,
    json: bool,
    to: &str,
    about: &[String],
    file: Option<PathBuf>,
    first_contact: Option<bool>,
) -> Result<bool, ApiError> {
    let to_person = sphere.resolve_person(to)?.id;
    let about = about
        .iter()
        .map(|a| sphere.resolve_person(a).map(|p| p.id))
        .collect::<Result<Vec<_>, _>>()?;
    let text = read_input(file.as_deref())?;
    let r = sphere.draft_lint(LintRequest {
        to_person,
        text: text.clone(),
        first_contact,
        about: (!about.is_empty()).then_some(about),
    })?;
    let must_remove = r.warnings.iter().any(|w| w.severity == Severity::Remove);
    emit(json, &r, |r| {
        println!(
            "Draft to {}{}: {}",
            r.to.display_name,
            if r.first_contact {
                " (first contact)"
            } else {
                ""
            },
            r.summary
        );
        if !r.about.is_empty() {
            let names: Vec<&str> = r.about.iter().map(|p| p.display_name.as_str()).collect();
            println!(
                "Also checked against what you know about {}",
                names.join(", ")
            );
        }
        for w in &r.warnings {
            let (line, col) = line_col(&text, w.start as usize);
            let sev = match w.severity {
                Severity::Remove => "REMOVE",
                Severity::Warn => "warn",
                Severity::Caution => "caution",
            };
            println!("  {line}:{col} {sev:<7} “{}”", w.text);
            println!("      {}", w.reason);
            println!("      → {}", w.suggestion);
        }
    })?;
    Ok(must_remove)
}

/// 1-based line and column of character offset `at`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let mut line = 1;
    let mut col = 1;
    for c in text.chars().take(at) {
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

pub fn classify(json: bool, text: String, explain: bool) -> Result<(), ApiError> {
    let text = if text == "-" { read_input(None)? } else { text };
    if explain && !json {
        print!("{}", sensitivity::engine()?.debug(&text));
    }
    let passages = sensitivity::classify_text(&text)?;
    let worst = sensitivity::worst(&passages);
    let r = Classification { passages, worst };
    emit(json, &r, |r| {
        if r.passages.is_empty() {
            println!("Nothing sensitive found (fine).");
            return;
        }
        let mut t = table(&["span", "bin", "category", "passage", "why"]);
        for p in &r.passages {
            t.add_row(vec![
                format!("{}..{}", p.start, p.end),
                bin_word(p.bin).to_string(),
                p.category.clone(),
                p.text.clone(),
                p.reason.clone(),
            ]);
        }
        println!("{t}");
    })
}

pub fn eval(json: bool, cmd: EvalCmd) -> Result<(), ApiError> {
    let EvalCmd::Sensitivity {
        corpus,
        manifest,
        misses,
    } = cmd;
    let engine = sensitivity::engine()?;
    if let Some(m) = manifest {
        return eval_manifest(json, engine, &m);
    }
    let (name, text) = match &corpus {
        Some(p) => (
            p.display().to_string(),
            std::fs::read_to_string(p).map_err(|e| {
                ApiError::invalid("corpus", format!("cannot read {}: {e}", p.display()))
            })?,
        ),
        None => (
            "the built-in corpus (src/sensitivity/corpus/en.tsv)".to_string(),
            sensitivity::CORPUS_EN.to_string(),
        ),
    };
    let labelled = eval::parse_corpus(engine, &text)?;
    let started = std::time::Instant::now();
    let r = eval::evaluate(engine, &labelled);
    let took = started.elapsed();
    emit(json, &r, |r| {
        println!(
            "Sensitivity engine on {name}: {} sentences, classified in {:.1} ms",
            r.sentences,
            took.as_secs_f64() * 1e3
        );
        let mut t = table(&["bin", "sentences", "precision", "recall"]);
        for b in &r.bins {
            t.add_row(vec![
                b.bin.to_string(),
                b.support.to_string(),
                format!("{:.3}", b.precision),
                format!("{:.3}", b.recall),
            ]);
        }
        println!("{t}");
        println!("Confusion matrix (rows: labelled, columns: found):");
        let mut m = table(&["", "never", "maybe", "fine"]);
        for (i, row) in r.confusion.iter().enumerate() {
            let mut cells = vec![["never", "maybe", "fine"][i].to_string()];
            cells.extend(row.iter().map(u32::to_string));
            m.add_row(cells);
        }
        println!("{m}");
        println!(
            "Category right (never and maybe sentences in the right bin): {:.3}",
            r.category_accuracy
        );
        println!(
            "Fine professional sentences marked never: {:.1}%",
            r.fine_marked_never * 100.0
        );
        if !r.categories.is_empty() {
            println!("Per category (found in its bin / named right):");
            let mut c = table(&["category", "bin", "sentences", "recall", "named"]);
            for x in &r.categories {
                c.add_row(vec![
                    x.category.clone(),
                    x.bin.to_string(),
                    x.support.to_string(),
                    format!("{:.3}", x.recall),
                    format!("{:.3}", x.named),
                ]);
            }
            println!("{c}");
        }
        if misses {
            for x in &r.misses {
                println!(
                    "  line {}: labelled {}/{}, found {}{}: {}",
                    x.line,
                    x.expected,
                    x.expected_category,
                    x.got,
                    x.got_category
                        .as_deref()
                        .map(|c| format!("/{c}"))
                        .unwrap_or_default(),
                    x.text
                );
            }
        } else if !r.misses.is_empty() {
            println!("{} sentence(s) wrong; --misses lists them.", r.misses.len());
        }
    })
}

/// One line of figures per corpus of a manifest.
fn eval_manifest(
    json: bool,
    engine: &sensitivity::Engine,
    path: &std::path::Path,
) -> Result<(), ApiError> {
    #[derive(serde::Serialize)]
    struct Row {
        #[serde(flatten)]
        entry: eval::CorpusEntry,
        evaluation: eval::Evaluation,
    }
    let read = |p: &std::path::Path, what: &str| {
        std::fs::read_to_string(p)
            .map_err(|e| ApiError::invalid(what, format!("cannot read {}: {e}", p.display())))
    };
    let manifest = eval::parse_manifest(&read(path, "manifest")?).map_err(|e| {
        ApiError::invalid(
            "manifest",
            format!("{}: {}", path.display(), ApiError::from(e).message),
        )
    })?;
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let mut rows = Vec::new();
    for entry in manifest.corpus {
        let file = dir.join(&entry.file);
        let labelled = eval::parse_corpus(engine, &read(&file, "corpus")?).map_err(|e| {
            ApiError::invalid(
                "corpus",
                format!("{}: {}", entry.file, ApiError::from(e).message),
            )
        })?;
        let evaluation = eval::evaluate(engine, &labelled);
        rows.push(Row { entry, evaluation });
    }
    emit(json, &rows, |rows| {
        let mut t = table(&[
            "corpus",
            "role",
            "sentences (never/maybe/fine)",
            "never P / R",
            "maybe P / R",
            "fine → never",
        ]);
        for r in rows {
            let e = &r.evaluation;
            let n = |i: usize| e.bins[i].support;
            t.add_row(vec![
                r.entry.file.clone(),
                r.entry.role.to_string(),
                format!("{} ({}/{}/{})", e.sentences, n(0), n(1), n(2)),
                format!("{:.3} / {:.3}", e.bins[0].precision, e.bins[0].recall),
                format!("{:.3} / {:.3}", e.bins[1].precision, e.bins[1].recall),
                format!("{:.1} %", e.fine_marked_never * 100.0),
            ]);
        }
        println!("{t}");
    })
}

pub fn export(
    sphere: &Sphere,
    format: ExportFormat,
    out: Option<PathBuf>,
    include_never_for: Option<String>,
) -> Result<(), ApiError> {
    let include_never_for = include_never_for
        .as_deref()
        .map(|p| sphere.resolve_person(p).map(|p| p.id))
        .transpose()?;
    let file = sphere.people_export_file(ExportQuery {
        include_never_for,
        format: Some(format),
    })?;
    match out {
        Some(p) => {
            write_file(&p, &file.text)?;
            eprintln!(
                "Exported {} people to {} as {format} ({} never fact(s) left out, and {} other fact(s) and label(s) whose words read as never).",
                file.people,
                p.display(),
                file.never_facts_left_out,
                file.never_text_left_out
            );
        }
        None => print!("{}", file.text),
    }
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<(), ApiError> {
    write_bytes(path, text.as_bytes())
}

fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    // 0600: a backup or an export is as private as the database.
    sphere_api::integrity::write_private(path, bytes)
        .map_err(|e| ApiError::invalid("out", format!("cannot write {}: {e}", path.display())))
}

/// `sphere backup`: the full backup, as JSON.
pub fn backup(sphere: &Sphere, out: Option<PathBuf>) -> Result<(), ApiError> {
    // Sealed with the database's key when the database is encrypted.
    let (backup, bytes) = sphere.backup_bytes()?;
    let sealed = !bytes.starts_with(b"{");
    match out {
        Some(p) => {
            write_bytes(&p, &bytes)?;
            eprintln!(
                "Backed up {} people, {} organizations, {} relationships, {} interactions and {} facts (never facts included) to {}{}.",
                backup.people.len(),
                backup.organizations.len(),
                backup.relationships.len(),
                backup.interactions.len(),
                backup.facts.len(),
                p.display(),
                if sealed {
                    ", encrypted with the database's key"
                } else {
                    ""
                }
            );
        }
        None if sealed && std::io::stdout().is_terminal() => {
            return Err(ApiError::invalid(
                "out",
                "the backup of an encrypted database is encrypted too (binary): write it to a file with --out",
            ));
        }
        None => std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| ApiError::internal(format!("cannot write the backup: {e}")))?,
    }
    Ok(())
}

/// `sphere restore`: reads a backup (naming the field a malformed one is wrong in) and
/// restores it.
pub fn restore(sphere: &Sphere, text: &str) -> Result<Counts, ApiError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let backup: Backup = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = e.path().to_string();
        ApiError::invalid(
            field.clone(),
            format!("not a usable backup: {field}: {}", e.inner()),
        )
    })?;
    // Only whitespace may follow the document: a second document or appended text is refused.
    de.end().map_err(|e| {
        ApiError::invalid(
            "backup",
            format!("not a usable backup: there is text after the JSON document ({e})"),
        )
    })?;
    sphere.backup_restore(backup)
}
