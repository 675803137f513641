//! `sphere import calendar FILE.ics`: the import on a worker thread, a progress bar on
//! stderr, and Ctrl-C asking the import to stop (it stops at its next check, within a few
//! hundred rows, and writes nothing).

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use sphere_api::*;

use super::emit;

const JOB: &str = "cli-calendar";

pub fn import(sphere: &Sphere, json: bool, file: &Path) -> Result<(), ApiError> {
    let interrupted = Arc::new(AtomicBool::new(false));
    {
        let flag = interrupted.clone();
        // Without a handler (one already set), Ctrl-C simply ends the process: SQLite
        // rolls the open transaction back, so nothing is half-written either way.
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    }
    let bar = if !json && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg:>10} [{bar:30}] {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        let b = bar.clone();
        sphere.set_progress_sink(Arc::new(move |_, p: &Progress| {
            b.set_message(p.phase.clone());
            b.set_length(u64::from(p.total));
            b.set_position(u64::from(p.done));
        }));
        Some(bar)
    } else {
        None
    };
    let req = CalendarImportRequest {
        path: file.display().to_string(),
        job: Some(JOB.into()),
    };
    let result = std::thread::scope(|scope| {
        let worker = scope.spawn(|| sphere.calendar_import(req));
        let mut asked = false;
        while !worker.is_finished() {
            if !asked && interrupted.load(Ordering::SeqCst) {
                asked = true;
                if let Some(b) = &bar {
                    b.set_message("cancelling");
                }
                let _ = sphere.import_cancel(JobRequest { job: JOB.into() });
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        worker
            .join()
            .unwrap_or_else(|_| Err(ApiError::internal("the import stopped unexpectedly")))
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let r = result?;
    emit(json, &r, print)
}

fn print(r: &CalendarResult) {
    let s = &r.summary;
    println!("{}", r.path);
    println!(
        "Read {} events: {} occurrences in the window (two years back, one ahead), {} outside it.",
        s.events, s.instances, s.outside_window
    );
    println!(
        "Meetings: {} held, {} planned (they count when their time comes); {} written now, {} removed.",
        s.meetings, s.planned, s.meetings_added, s.meetings_removed
    );
    println!(
        "People: {} created, {} found by email; {} new relationships.",
        s.people_created, s.people_matched, s.relationships_created
    );
    if !s.ignored.is_empty() {
        println!("Left out:");
        for i in &s.ignored {
            println!("  {:>6}  {}", i.count, i.reason);
        }
    }
}
