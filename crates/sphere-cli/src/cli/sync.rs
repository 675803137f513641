//! `sphere sync add|list|run|remove`: connected mail, calendar and address-book servers. A
//! run shows a progress bar and Ctrl-C cancels it (the batches written stay, the next run goes
//! on from there). Passwords come from --password-stdin, the OS credential store, or a prompt
//! that does not echo; never from an argument (it would show in the process list).

use std::collections::HashMap;
use std::io::{BufRead, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};

use sphere_api::*;

use super::args::{SyncAddArgs, SyncCmd, SyncRunArgs};
use super::capture::{cancel_on_ctrl_c, progress_bar};
use super::{confirm, emit};

const JOB: &str = "cli-sync";

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The password: standard input's first line, or asked for on the terminal.
fn password(from_stdin: bool, what: &str) -> Result<String, ApiError> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            ApiError::invalid("password", format!("cannot read standard input: {e}"))
        })?;
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        if line.is_empty() {
            return Err(ApiError::invalid(
                "password",
                "standard input had no password",
            ));
        }
        return Ok(line);
    }
    if !std::io::stdin().is_terminal() {
        return Err(ApiError::invalid(
            "password",
            format!(
                "the password for {what} is needed: pass --password-stdin (no terminal to ask on)"
            ),
        ));
    }
    rpassword::prompt_password(format!("Password for {what}: "))
        .map_err(|e| ApiError::invalid("password", format!("cannot read the password: {e}")))
}

pub fn run(sphere: &Sphere, json: bool, cmd: SyncCmd) -> Result<(), ApiError> {
    match cmd {
        SyncCmd::Add(args) => add(sphere, json, args),
        SyncCmd::List => super::capture::list(sphere, json),
        SyncCmd::Run(args) => sync(sphere, json, args),
        SyncCmd::Remove { id, yes } => {
            confirm(yes, &format!("Disconnect source {id}?"))?;
            let removed = sphere.sync_remove(IdRequest { id })?;
            emit(json, &removed, |r| {
                println!(
                    "Disconnected {} ({}); what it brought in stays.",
                    r.label, r.kind
                );
            })
        }
    }
}

fn add(sphere: &Sphere, json: bool, args: SyncAddArgs) -> Result<(), ApiError> {
    let kind = match args.kind.as_str() {
        "imap" => SyncKind::Imap,
        "caldav" => SyncKind::Caldav,
        _ => SyncKind::Carddav,
    };
    let security = match args.security.as_str() {
        "starttls" => SyncSecurity::Starttls,
        "none" => SyncSecurity::None,
        _ => SyncSecurity::Tls,
    };
    let place = args
        .host
        .clone()
        .or_else(|| args.url.clone())
        .unwrap_or_default();
    let password = password(args.password_stdin, &format!("{}@{place}", args.user))?;
    let added = sphere.sync_add(SyncAddRequest {
        kind,
        label: args.label,
        host: args.host,
        port: args.port,
        security: Some(security),
        folders: (!args.folders.is_empty()).then_some(args.folders),
        url: args.url,
        user: args.user,
        password,
        remember_password: args.remember,
    })?;
    emit(json, &added, |a| {
        println!(
            "Connected {} ({}) as source {}.",
            a.source.label, a.source.kind, a.source.id
        );
        println!("Reads: {}.", a.reads.join(", "));
        if a.password_stored {
            println!("The password is kept in this machine's credential store.");
        } else {
            println!("The password is not kept: each `sphere sync run` asks for it.");
        }
    })
}

fn sync(sphere: &Sphere, json: bool, args: SyncRunArgs) -> Result<(), ApiError> {
    let given = if args.password_stdin {
        Some(password(true, "")?)
    } else {
        None
    };
    let attempt = |password: Option<String>| {
        let bar = (!json && std::io::stderr().is_terminal()).then(|| progress_bar(sphere, false));
        let done = AtomicBool::new(false);
        let result = std::thread::scope(|s| {
            s.spawn(|| cancel_on_ctrl_c(sphere, &done, JOB));
            let r = sphere.sync_run(SyncRunRequest {
                id: args.id,
                password,
                job: Some(JOB.into()),
            });
            done.store(true, Ordering::SeqCst);
            r
        });
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        result
    };
    let result = match attempt(given.clone()) {
        Err(e) if given.is_none() && e.field.as_deref() == Some("password") => {
            // Not kept on this machine: ask.
            let p = password(false, &format!("source {}", args.id))?;
            attempt(Some(p))
        }
        other => other,
    }?;
    if result.contacts.is_some() && args.commit {
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
        let committed = sphere.sync_commit(SyncCommitRequest {
            id: args.id,
            org_names: Some(org_names),
            merges: Some(args.merges.clone()),
            job: Some(JOB.into()),
        })?;
        return emit(json, &committed, |c| {
            let r = &c.result;
            println!(
                "{}: {} created, {} updated; {}.",
                c.source.label,
                plural(r.people_created, "person", "people"),
                r.people_updated,
                plural(r.organizations_created, "organization", "organizations"),
            );
        });
    }
    emit(json, &result, print_run)
}

fn print_run(r: &SyncResult) {
    println!("{} ({}): {} read.", r.source.label, r.source.kind, r.read);
    if let Some(m) = &r.mail {
        println!(
            "Mail: {} kept as email interactions, {} ignored, {} already known; {} and {} created.",
            m.kept,
            m.ignored_total(),
            m.duplicates,
            plural(m.people_created, "person", "people"),
            plural(m.relationships_created, "relationship", "relationships"),
        );
    }
    if let Some(c) = &r.calendar {
        println!(
            "Calendar: {} added, {} removed ({} planned); {} created.",
            plural(c.meetings_added, "meeting", "meetings"),
            c.meetings_removed,
            c.planned,
            plural(c.people_created, "person", "people"),
        );
    }
    if r.removed > 0 {
        println!(
            "{} gone from the server.",
            plural(r.removed, "item", "items")
        );
    }
    if let Some(p) = &r.contacts {
        println!(
            "Address book: {} new, {} updated, {} merged, {} unchanged. Nothing was written: run again with --commit.",
            p.new, p.updated, p.merged, p.unchanged
        );
    }
    if r.unreadable > 0 {
        println!(
            "{} had no readable header (skipped).",
            plural(r.unreadable, "message", "messages")
        );
    }
}
