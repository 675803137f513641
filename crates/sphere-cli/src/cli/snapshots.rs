//! `sphere doctor` and `sphere snapshots`: the database's full check, and the snapshots
//! kept beside it.

use std::path::Path;

use sphere_api::integrity::doctor as diagnose;
use sphere_api::*;

use super::args::SnapshotsCmd;
use super::{Outcome, confirm, emit};

/// `sphere doctor`: the full check; exit status 1 when the file is damaged.
pub fn doctor(db: &Path, passphrase: Option<&str>, json: bool) -> Result<Outcome, ApiError> {
    let report = diagnose(db, passphrase)?;
    emit(json, &report, |r| {
        if r.sound {
            println!("{}: sound. {}", r.db_path, r.advice);
        } else {
            println!("{}: damaged.", r.db_path);
            for f in &r.findings {
                println!("  - {f}");
            }
            println!("{}", r.advice);
        }
    })?;
    Ok(if report.sound {
        Outcome::Done
    } else {
        Outcome::Flagged
    })
}

/// `sphere snapshots …`. Listing needs no open database; restoring works on a file Sphere
/// cannot open at all, too.
pub fn run(
    db: &Path,
    passphrase: Option<&str>,
    json: bool,
    cmd: SnapshotsCmd,
    open: impl Fn() -> Result<Sphere, ApiError>,
) -> Result<(), ApiError> {
    match cmd {
        SnapshotsCmd::List => {
            let list = sphere_api::integrity::list_beside(db)?;
            emit(json, &list, print_list)
        }
        SnapshotsCmd::Create => {
            let s = open()?.snapshot_create(Empty {})?;
            emit(json, &s, |s| {
                println!("Took snapshot {} ({}).", s.id, size(s.bytes));
            })
        }
        SnapshotsCmd::Keep { count } => {
            let list = sphere_api::integrity::keep_beside(db, count)?;
            emit(json, &list, |l| {
                println!("Keeping the newest {} snapshots.", l.keep);
            })
        }
        SnapshotsCmd::Restore { id, yes } => {
            confirm(
                yes,
                &format!(
                    "Replace the database {} with snapshot {id}? Its current state is snapshotted first, so this can be undone.",
                    db.display()
                ),
            )?;
            match open() {
                Ok(sphere) => {
                    let r = sphere.snapshot_restore(SnapshotRestoreRequest { id: id.clone() })?;
                    emit(json, &r, |r| {
                        println!(
                            "Restored snapshot {id}: {} people, {} organizations, {} relationships, {} interactions. To undo: sphere snapshots restore {}",
                            r.counts.people,
                            r.counts.organizations,
                            r.counts.relationships,
                            r.counts.interactions,
                            r.undo.id
                        );
                    })
                }
                // A file Sphere refuses (empty, not a database, unreadable) can still be
                // replaced by a snapshot.
                Err(e) if matches!(e.kind, ErrorKind::Storage | ErrorKind::Damaged) => {
                    let undo = sphere_api::integrity::restore_unopenable(db, &id, passphrase)?;
                    let counts = open()?.app_info(Empty {})?.counts;
                    let done = serde_json::json!({ "undo": undo, "counts": counts });
                    emit(json, &done, |_| match &undo {
                        Some(u) => println!(
                            "Restored snapshot {id}. The file it replaced is kept as snapshot {}.",
                            u.id
                        ),
                        None => println!("Restored snapshot {id}."),
                    })
                }
                Err(e) => Err(e),
            }
        }
    }
}

fn print_list(l: &SnapshotList) {
    if l.snapshots.is_empty() {
        println!(
            "No snapshots yet. Sphere takes one daily and before every upgrade; `sphere snapshots create` takes one now."
        );
        return;
    }
    println!(
        "{:<32} {:<20} {:<17} {:>10}",
        "ID", "TAKEN (UTC)", "WHY", "SIZE"
    );
    for s in &l.snapshots {
        println!(
            "{:<32} {:<20} {:<17} {:>10}",
            s.id,
            s.taken_at.format("%Y-%m-%d %H:%M:%S"),
            s.reason,
            size(s.bytes)
        );
    }
    println!(
        "Keeping the newest {} (and those taken before an upgrade for 30 days).",
        l.keep
    );
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.0} KB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}
