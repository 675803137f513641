//! `sphere import mail PATH` (with a progress bar, and Ctrl-C cancelling cleanly), `sphere
//! settings` and `sphere sync list`.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use sphere_api::*;

use super::args::SettingsArgs;
use super::emit;

const JOB: &str = "cli-mail";

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A progress bar on standard error: bytes while an mbox is read, files while a Maildir is,
/// then messages.
pub(super) fn progress_bar(sphere: &Sphere, folder: bool) -> ProgressBar {
    let bar = ProgressBar::new(0);
    let bytes = ProgressStyle::with_template(
        "{msg:>9} [{bar:32}] {binary_bytes}/{binary_total_bytes} ({eta} left)",
    );
    let count = ProgressStyle::with_template("{msg:>9} [{bar:32}] {human_pos}/{human_len}");
    let (Ok(bytes), Ok(count)) = (bytes, count) else {
        return bar;
    };
    let (bytes, count) = (bytes.progress_chars("=> "), count.progress_chars("=> "));
    bar.set_style(count.clone());
    bar.enable_steady_tick(Duration::from_millis(200));
    let b = bar.clone();
    sphere.set_progress_sink(Arc::new(move |_, p: &Progress| {
        let in_bytes = p.phase == "reading" && !folder;
        let (done, total) = if in_bytes {
            (u64::from(p.done) * 1024, u64::from(p.total) * 1024)
        } else {
            (u64::from(p.done), u64::from(p.total))
        };
        if b.message() != p.phase {
            b.set_style(if in_bytes {
                bytes.clone()
            } else {
                count.clone()
            });
            b.set_message(p.phase.clone());
        }
        b.set_length(total);
        b.set_position(done);
    }));
    bar
}

/// Until `done`, turns the first Ctrl-C into a cancel of the import (which then writes
/// nothing and returns its `cancelled` error).
pub(super) fn cancel_on_ctrl_c(sphere: &Sphere, done: &AtomicBool, job: &str) {
    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = interrupted.clone();
    // The signal is awaited on a thread of its own, for as long as the process lives.
    let listener = std::thread::Builder::new()
        .name("ctrl-c".into())
        .spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            if rt.block_on(tokio::signal::ctrl_c()).is_ok() {
                flag.store(true, Ordering::SeqCst);
            }
        });
    if listener.is_err() {
        return;
    }
    while !done.load(Ordering::SeqCst) {
        if interrupted.load(Ordering::SeqCst) {
            let _ = sphere.import_cancel(JobRequest { job: job.into() });
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `sphere import mail PATH`.
pub fn mail(sphere: &Sphere, json: bool, path: &Path) -> Result<(), ApiError> {
    let bar =
        (!json && std::io::stderr().is_terminal()).then(|| progress_bar(sphere, path.is_dir()));
    let done = AtomicBool::new(false);
    let result = std::thread::scope(|s| {
        s.spawn(|| cancel_on_ctrl_c(sphere, &done, JOB));
        let r = sphere.mail_import(MailImportRequest {
            path: path.display().to_string(),
            job: Some(JOB.into()),
        });
        done.store(true, Ordering::SeqCst);
        r
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let r = result?;
    emit(json, &r, print_result)
}

fn print_result(r: &CaptureResult) {
    let s = &r.summary;
    println!(
        "{} ({}): {} read.",
        r.source.label,
        r.source.kind,
        plural(s.read, "message", "messages")
    );
    if s.kept == 0 && s.interactions_created == 0 {
        println!("Nothing new to keep.");
    } else {
        println!(
            "Kept {} as {}{}; {} and {} created.",
            plural(s.kept, "message", "messages"),
            plural(
                s.interactions_created,
                "email interaction",
                "email interactions"
            ),
            if s.planned > 0 {
                format!(
                    " ({} dated in the future, counted when the time comes)",
                    s.planned
                )
            } else {
                String::new()
            },
            plural(s.people_created, "person", "people"),
            plural(s.relationships_created, "relationship", "relationships"),
        );
    }
    if s.earlier_counted > 0 {
        println!(
            "{} imported before count now: the other side wrote back.",
            plural(s.earlier_counted, "one-way message", "one-way messages")
        );
    }
    if s.duplicates > 0 {
        println!(
            "{} already imported (nothing written for them).",
            plural(s.duplicates, "message was", "messages were")
        );
    }
    if !s.ignored.is_empty() {
        let parts: Vec<String> = s
            .ignored
            .iter()
            .map(|(why, n)| format!("{n} {}", why.replace('-', " ")))
            .collect();
        println!("Ignored {}: {}.", s.ignored_total(), parts.join(", "));
    }
    if r.unreadable > 0 {
        println!(
            "{} had no header to read.",
            plural(r.unreadable, "message", "messages")
        );
    }
}

/// `sphere settings [--…]`.
pub fn settings(sphere: &Sphere, json: bool, a: SettingsArgs) -> Result<(), ApiError> {
    let my_addresses = if a.clear_my_addresses {
        Some(Vec::new())
    } else if a.my_addresses.is_empty() {
        None
    } else {
        Some(a.my_addresses)
    };
    let input = SettingsInput {
        half_life_days: a.half_life,
        ledger_half_life_days: a.ledger_half_life,
        my_addresses,
        max_recipients: a.max_recipients,
        keep_subjects: a.keep_subjects,
        ..Default::default()
    };
    let settings = if input == SettingsInput::default() {
        sphere.settings_get(Empty {})?
    } else {
        sphere.settings_update(input)?
    };
    emit(json, &settings, |s| {
        println!("Strength half-life:        {} days", s.half_life_days);
        println!(
            "Ledger half-life:          {} days",
            s.ledger_half_life_days
        );
        println!(
            "Maybe facts usable after:  {} years and strength {}",
            s.maybe_min_years, s.maybe_min_strength
        );
        println!(
            "Your email addresses:      {}",
            if s.my_addresses.is_empty() {
                "(none set; your own person's emails count)".to_string()
            } else {
                s.my_addresses.join(", ")
            }
        );
        println!("Most recipients of a mail: {}", s.max_recipients);
        println!(
            "Mail subjects:             {}",
            if s.keep_subjects {
                "kept (never passages hidden)"
            } else {
                "not kept"
            }
        );
    })
}

/// `sphere sync list`: every source and file import, its last run and what it brought.
pub(super) fn list(sphere: &Sphere, json: bool) -> Result<(), ApiError> {
    let sources = sphere.capture_sources_list(Empty {})?;
    emit(json, &sources, |list| {
        if list.is_empty() {
            println!(
                "No sources yet: `sphere import mail FILE`, `sphere import calendar FILE.ics` or \
                 `sphere sync add` connects one."
            );
        }
        for s in list {
            let last = match (&s.last_run_at, &s.last_error) {
                (_, Some(e)) => format!("last run failed: {e}"),
                (Some(at), None) => format!("last read {}", at.format("%Y-%m-%d %H:%M")),
                (None, None) => "never read".into(),
            };
            println!("{:>4}  {:<8} {}  ({last})", s.id, s.kind, s.label);
            let counts = counts_in_words(&s.counts);
            if !counts.is_empty() {
                println!("            {counts}");
            }
        }
    })
}

/// A run's counts in words: every number that is not zero, by its name ("kept 5, read 12").
fn counts_in_words(counts: &serde_json::Value) -> String {
    let mut parts = Vec::new();
    let mut walk = |map: &serde_json::Map<String, serde_json::Value>| {
        for (k, v) in map {
            if let Some(n) = v.as_u64().filter(|n| *n > 0) {
                parts.push(format!("{} {n}", k.replace('_', " ")));
            }
        }
    };
    if let Some(map) = counts.as_object() {
        walk(map);
    }
    parts.join(", ")
}
