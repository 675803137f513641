//! The CLI: parses arguments, calls the same commands as the UI, prints tables or JSON.

mod args;
mod asks;
mod calendar;
mod capture;
mod coverage;
mod import;
mod intros;
mod keep_in_touch;
mod ledger;
pub(crate) mod out;
mod output;
mod privacy;
mod snapshots;
mod sync;
mod targets;
mod team;
mod team_server;
mod vault;

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use clap::Parser;
use serde::Serialize;
use sphere_api::*;
use sphere_domain::intros::NeedKind;
use sphere_domain::*;

use args::{
    Cli, Command, ImportArgs, ImportCmd, LogArgs, OrgCmd, PathArgs, PersonCmd, PersonFields, TieCmd,
};

/// What a command found: nothing wrong, or something the user must act on (exit status 1
/// without an error message, as linters do).
enum Outcome {
    Done,
    Flagged,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Flagged) => ExitCode::from(1),
        Err(e) => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&e).unwrap_or_else(|_| e.message.clone())
                );
            } else {
                eprintln!("error: {}", e.message);
            }
            ExitCode::FAILURE
        }
    }
}

fn db_path(cli: &Cli) -> std::path::PathBuf {
    cli.db.clone().unwrap_or_else(sphere_api::default_db_path)
}

/// Opens the database the command works on, with its passphrase when it is encrypted.
fn open(cli: &Cli) -> Result<Sphere, ApiError> {
    let path = db_path(cli);
    let as_of = cli.as_of.as_deref().map(parse_when).transpose()?;
    let mut passphrase = vault::for_opening(&path, cli.passphrase_file.as_deref())?;
    let exists = std::fs::metadata(&path).is_ok_and(|m| m.len() > 0);
    if matches!(cli.command, Command::Restore { .. }) && exists && !is_encrypted(&path)? {
        // Restoring into an existing plain database: the passphrase is the encrypted backup's.
        passphrase = None;
    }
    let sphere = Sphere::open_with(
        &path,
        OpenOptions {
            passphrase: passphrase.as_deref().map(String::as_str),
            as_of,
            // `sphere serve` without a passphrase starts locked: the browser asks for it.
            allow_locked: matches!(cli.command, Command::Serve { .. }),
        },
    )?;
    // A damaged file is open read-only: say so before whatever the command prints.
    if let Ok(VaultHealth {
        message: Some(message),
        ..
    }) = sphere.vault_health(Empty {})
    {
        eprintln!("warning: {message}");
    }
    Ok(sphere)
}

/// Prints `value` as JSON, or with `human` as text.
pub(crate) fn emit<T: Serialize>(
    json: bool,
    value: &T,
    human: impl FnOnce(&T),
) -> Result<(), ApiError> {
    if json {
        let text = serde_json::to_string_pretty(value)
            .map_err(|e| ApiError::internal(format!("cannot print JSON: {e}")))?;
        println!("{text}");
    } else {
        human(value);
    }
    Ok(())
}

fn run(cli: Cli) -> Result<Outcome, ApiError> {
    let json = cli.json;
    // These need no database (and must not create one).
    match cli.command {
        Command::Eval(cmd) => return privacy::eval(json, cmd).map(|()| Outcome::Done),
        Command::Classify { text, explain } => {
            return privacy::classify(json, text, explain).map(|()| Outcome::Done);
        }
        Command::Team(team::TeamCmd::Server(cmd)) => {
            return team_server::run(json, cmd).map(|()| Outcome::Done);
        }
        Command::Doctor => {
            let passphrase = vault::for_opening(&db_path(&cli), cli.passphrase_file.as_deref())?;
            return snapshots::doctor(
                &db_path(&cli),
                passphrase.as_deref().map(String::as_str),
                json,
            );
        }
        // These work on the file itself, not through an open database.
        Command::Init { encrypt } => {
            return vault::init(&db_path(&cli), encrypt, cli.passphrase_file.as_deref())
                .map(|()| Outcome::Done);
        }
        Command::Encrypt | Command::Decrypt => {
            let direction = if matches!(cli.command, Command::Encrypt) {
                Direction::Encrypt
            } else {
                Direction::Decrypt
            };
            return vault::convert(&db_path(&cli), direction, cli.passphrase_file.as_deref())
                .map(|()| Outcome::Done);
        }
        _ => {}
    }
    if let Command::Snapshots(cmd) = &cli.command {
        let db = db_path(&cli);
        let passphrase = vault::for_opening(&db, cli.passphrase_file.as_deref())?;
        let passphrase = passphrase.as_deref().map(String::as_str);
        return snapshots::run(&db, passphrase, json, cmd.clone(), || open(&cli))
            .map(|()| Outcome::Done);
    }
    let sphere = open(&cli)?;
    if let Command::Lint {
        to,
        about,
        file,
        first_contact,
        not_first_contact,
    } = cli.command
    {
        let first = match (first_contact, not_first_contact) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        };
        let flagged = privacy::lint(&sphere, json, &to, &about, file, first)?;
        return Ok(if flagged {
            Outcome::Flagged
        } else {
            Outcome::Done
        });
    }
    let as_of = cli.as_of.clone();
    let restore_passphrase = match cli.command {
        Command::Restore { .. } => vault::given(cli.passphrase_file.as_deref())?,
        _ => None,
    };
    run_with(sphere, json, as_of, cli.command, restore_passphrase).map(|()| Outcome::Done)
}

fn run_with(
    sphere: Sphere,
    json: bool,
    as_of: Option<String>,
    command: Command,
    restore_passphrase: Option<Passphrase>,
) -> Result<(), ApiError> {
    match command {
        // Run before a database is opened (see `run`).
        Command::Doctor | Command::Snapshots(_) => Err(ApiError::internal(
            "doctor and snapshots run before the database is opened",
        )),
        Command::Person(cmd) => person(&sphere, json, cmd),
        Command::Org(cmd) => org(&sphere, json, cmd),
        Command::Tie(cmd) => tie(&sphere, json, cmd),
        Command::Log(args) => log(&sphere, json, args),
        Command::Path(args) => path(&sphere, json, args),
        Command::History { person, limit } => {
            let person_id = person
                .map(|p| sphere.resolve_person(&p).map(|p| p.id))
                .transpose()?;
            let page = sphere.interaction_list(InteractionQuery {
                person_id,
                limit: Some(limit),
                ..Default::default()
            })?;
            emit(json, &page, output::interactions)
        }
        Command::Demo { seed } => {
            let summary = sphere.demo_load(DemoRequest { seed })?;
            emit(json, &summary, |s| {
                println!(
                    "Loaded the demo network (seed {}): {} people, {} organizations, {} relationships, {} interactions; you are {}.",
                    s.seed,
                    s.counts.people,
                    s.counts.organizations,
                    s.counts.relationships,
                    s.counts.interactions,
                    s.me.display_name
                )
            })
        }
        Command::Import(ImportArgs {
            log: Some(ImportCmd::Log { file, source }),
            ..
        }) => {
            let csv = read_input(&file)?;
            let summary = sphere.import_log(ImportLogRequest { csv, source })?;
            emit(json, &summary, output::import_summary)
        }
        Command::Import(ImportArgs {
            log: Some(ImportCmd::Mail { path }),
            ..
        }) => capture::mail(&sphere, json, &path),
        Command::Import(ImportArgs {
            log: Some(ImportCmd::Calendar { file }),
            ..
        }) => calendar::import(&sphere, json, &file),
        Command::Import(args) => import::contacts(&sphere, json, args),
        Command::Merge { keep, merge, yes } => import::merge(&sphere, json, &keep, &merge, yes),
        Command::Synth { people, ties, seed } => {
            let until = match as_of.as_deref() {
                Some(text) => parse_when(text)?,
                None => Utc::now()
                    .date_naive()
                    .and_hms_opt(0, 0, 0)
                    .map_or_else(Utc::now, |t| t.and_utc()),
            };
            let started = std::time::Instant::now();
            let summary = sphere.synth_load(SynthOptions {
                people,
                ties,
                seed,
                until,
            })?;
            let seconds = started.elapsed().as_secs_f64();
            emit(json, &summary, |s| {
                println!(
                    "Generated a synthetic network (seed {}, interactions until {}) in {seconds:.1} s: {} people in {} organizations, {} relationships, {} interactions; you are person {}, your team {:?}.",
                    s.seed,
                    s.until.format("%Y-%m-%d %H:%M UTC"),
                    s.people,
                    s.organizations,
                    s.relationships,
                    s.interactions,
                    s.me,
                    s.team
                )
            })
        }
        Command::Info => {
            let info = sphere.app_info(Empty {})?;
            emit(json, &info, output::info)
        }
        Command::Serve { port, ui_dir } => serve(sphere, port, ui_dir),
        Command::Fact(cmd) => privacy::fact(&sphere, json, cmd),
        Command::Export {
            format,
            out,
            include_never_for,
        } => privacy::export(&sphere, format, out, include_never_for),
        Command::Backup { out } => privacy::backup(&sphere, out),
        Command::Restore { file } => {
            let bytes = read_bytes(&file)?;
            // An encrypted backup opens with this database's key, or with the passphrase given
            // (the one of the database it was made from).
            let passphrase = restore_passphrase.as_deref().map(String::as_str);
            let text = sphere.backup_text(bytes, passphrase)?;
            let counts = privacy::restore(&sphere, &text)?;
            emit(json, &counts, |c| {
                println!(
                    "Restored {} people, {} organizations, {} relationships and {} interactions from {}.",
                    c.people,
                    c.organizations,
                    c.relationships,
                    c.interactions,
                    file.display()
                )
            })
        }
        Command::Ask(cmd) => asks::ask(&sphere, json, cmd),
        Command::Suggest(cmd) => intros::suggest(&sphere, json, cmd),
        Command::Ledger(args) => ledger::ledger(&sphere, json, args),
        Command::Cadence(cmd) => keep_in_touch::cadence(&sphere, json, cmd),
        Command::Today { limit } => keep_in_touch::today(&sphere, json, limit),
        Command::Health => keep_in_touch::health(&sphere, json),
        Command::Targets(cmd) => targets::targets(&sphere, json, cmd),
        Command::Roles(cmd) => targets::roles(&sphere, json, cmd),
        Command::Coverage(args) => coverage::coverage(&sphere, json, args),
        Command::Account { org } => coverage::account(&sphere, json, &org),
        Command::Sources(args) => ledger::sources(&sphere, json, args),
        Command::Settings(args) => capture::settings(&sphere, json, args),
        Command::Sync(cmd) => sync::run(&sphere, json, cmd),
        Command::Team(cmd) => team::run(&sphere, json, cmd),
        Command::Eval(_)
        | Command::Classify { .. }
        | Command::Lint { .. }
        | Command::Init { .. }
        | Command::Encrypt
        | Command::Decrypt => Err(ApiError::internal(
            "this command was handled before the database opened",
        )),
    }
}

fn path(sphere: &Sphere, json: bool, a: PathArgs) -> Result<(), ApiError> {
    let person_id = |needle: &String| sphere.resolve_person(needle).map(|p| p.id);
    let query = PathQuery {
        from_person: a.from.as_ref().map(person_id).transpose()?,
        from_team: Some(a.team),
        to_person: a.to.as_ref().map(person_id).transpose()?,
        to_organization: a
            .org
            .as_ref()
            .map(|o| sphere.resolve_organization(o).map(|o| o.id))
            .transpose()?,
        title: (!a.title.is_empty()).then(|| a.title.join(", ")),
        k: Some(a.k),
        max_hops: a.hops,
        any_length: Some(a.any_length),
        exclude: Some(a.exclude.iter().map(person_id).collect::<Result<_, _>>()?),
        first_hop_mine: Some(a.mine_first),
        ask_penalty: Some(!a.no_ask_penalty),
    };
    let result = sphere.path_find(query)?;
    emit(json, &result, |r| {
        output::paths(r, a.draft, !a.no_ask_penalty)
    })
}

/// The bytes of `file`, or of standard input for `-`.
fn read_bytes(file: &std::path::Path) -> Result<Vec<u8>, ApiError> {
    let read = if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes)
    } else {
        std::fs::read(file)
    };
    read.map_err(|e| ApiError::invalid("file", format!("cannot read {}: {e}", file.display())))
}

/// The text of `file`, or of standard input for `-`.
fn read_input(file: &std::path::Path) -> Result<String, ApiError> {
    String::from_utf8(read_bytes(file)?).map_err(|_| {
        ApiError::invalid(
            "file",
            format!("cannot read {}: it is not UTF-8 text", file.display()),
        )
    })
}

fn serve(sphere: Sphere, port: u16, ui_dir: Option<std::path::PathBuf>) -> Result<(), ApiError> {
    let ui_dir = ui_dir.unwrap_or_else(default_ui_dir);
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| ApiError::internal(format!("cannot start the server runtime: {e}")))?;
    let db = sphere.db_path();
    let locked = sphere.vault_status(Empty {}).is_ok_and(|v| v.locked);
    let options = sphere_server::ServeOptions::new(port, ui_dir.clone());
    runtime
        .block_on(sphere_server::serve(Arc::new(sphere), options, |url| {
            // The first line is the link, alone, so scripts (and the e2e suite) can read it.
            println!("{url}");
            eprintln!("Sphere is serving {} on 127.0.0.1 only.", db.map_or_else(|| "an in-memory database".into(), |p| p.display().to_string()));
            eprintln!("Open the link above in your browser (it carries this launch's token). Ctrl-C stops.");
            if locked {
                eprintln!("The database is encrypted and locked: the browser asks for its passphrase.");
            }
            if !ui_dir.join("index.html").is_file() {
                eprintln!("warning: no built UI in {} (run `npm ci && npm run build`); the API works.", ui_dir.display());
            }
            out::flush();
        }))
        .map_err(|e| ApiError::new(ErrorKind::Storage, format!("cannot serve on 127.0.0.1:{port}: {e}")))
}

/// `ui/dist` next to the source tree this binary was built from, or next to the binary.
fn default_ui_dir() -> std::path::PathBuf {
    let built = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .join("ui")
        .join("dist");
    if built.is_dir() {
        return built;
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join("ui")))
        .unwrap_or(built)
}

fn org_id(sphere: &Sphere, org: Option<&str>) -> Result<Option<Id>, ApiError> {
    org.map(|o| sphere.resolve_organization(o).map(|o| o.id))
        .transpose()
}

fn non_empty(list: Vec<String>) -> Option<Vec<String>> {
    (!list.is_empty()).then_some(list)
}

fn person(sphere: &Sphere, json: bool, cmd: PersonCmd) -> Result<(), ApiError> {
    match cmd {
        PersonCmd::Need(a) => intros::need(sphere, json, NeedKind::Need, a),
        PersonCmd::Offer(a) => intros::need(sphere, json, NeedKind::Offer, a),
        PersonCmd::Needs { person } => intros::needs(sphere, json, &person),
        PersonCmd::NeedRm { id } => intros::need_rm(sphere, json, id),
        PersonCmd::Open { person, open } => intros::open(sphere, json, &person, open),
        PersonCmd::Add { first, fields } => {
            let organization_id = org_id(sphere, fields.org.as_deref())?;
            let input = PersonInput {
                first_name: first,
                last_name: fields.last,
                emails: non_empty(fields.emails),
                phones: non_empty(fields.phones),
                title: fields.title,
                organization_id,
                ring: fields.ring,
                is_team: Some(fields.team),
                tags: non_empty(fields.tags),
                notes: fields.notes,
            };
            let person = sphere.person_create(input)?;
            emit(json, &person, |p| {
                println!("Added {} (id {}).", p.display_name, p.id)
            })
        }
        PersonCmd::List {
            search,
            ring,
            unconnected,
            org,
            sort,
            limit,
        } => {
            let organization_id = org_id(sphere, org.as_deref())?;
            let page = sphere.person_list(PersonQuery {
                search,
                ring: ring.or(unconnected.then_some(Ring::Beyond)),
                connected: unconnected.then_some(false),
                organization_id,
                sort: Some(sort),
                limit: Some(limit),
                offset: None,
            })?;
            emit(json, &page, output::people)
        }
        PersonCmd::Show {
            person,
            reveal_never,
        } => {
            let id = sphere.resolve_person(&person)?.id;
            let detail = sphere.person_get(DetailRequest {
                id,
                reveal_never: Some(reveal_never),
            })?;
            emit(json, &detail, output::person_detail)
        }
        PersonCmd::Edit {
            person,
            first,
            fields,
            no_org,
        } => {
            let current = sphere.resolve_person(&person)?;
            let organization_id = if no_org {
                None
            } else {
                org_id(sphere, fields.org.as_deref())?.or(current.organization_id)
            };
            let input = edited(current.clone(), first, fields, organization_id);
            let person = sphere.person_update(PersonUpdate {
                id: current.id,
                person: input,
            })?;
            emit(json, &person, |p| {
                println!("Updated {} (id {}).", p.display_name, p.id)
            })
        }
        PersonCmd::Rm { person, yes } => {
            let target = sphere.resolve_person(&person)?;
            confirm(
                yes,
                &format!(
                    "Delete {} (id {}) with their relationships and interactions?",
                    target.display_name, target.id
                ),
            )?;
            let deleted = sphere.person_delete(IdRequest { id: target.id })?;
            emit(json, &deleted, |p| {
                println!("Deleted {} (id {}).", p.display_name, p.id)
            })
        }
    }
}

/// The person's current fields with the given flags applied.
fn edited(
    current: Person,
    first: Option<String>,
    f: PersonFields,
    organization_id: Option<Id>,
) -> PersonInput {
    let keep = |new: Vec<String>, old: Vec<String>| Some(if new.is_empty() { old } else { new });
    PersonInput {
        first_name: first.unwrap_or(current.first_name),
        last_name: Some(f.last.unwrap_or(current.last_name)),
        emails: keep(f.emails, current.emails),
        phones: keep(f.phones, current.phones),
        title: Some(f.title.unwrap_or(current.title)),
        organization_id,
        ring: match (f.ring, f.auto_ring) {
            (Some(ring), _) => Some(ring),
            (None, true) => None,
            (None, false) => current.ring_pinned.then_some(current.ring),
        },
        is_team: Some(match (f.team, f.not_team) {
            (true, _) => true,
            (_, true) => false,
            _ => current.is_team,
        }),
        tags: keep(f.tags, current.tags),
        notes: Some(f.notes.unwrap_or(current.notes)),
    }
}

/// Asks on the terminal unless `--yes`; refuses when there is no terminal to ask on.
pub(crate) fn confirm(yes: bool, question: &str) -> Result<(), ApiError> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(ApiError::invalid(
            "yes",
            format!("{question} Pass --yes to confirm (no terminal to ask on)."),
        ));
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| ApiError::internal(e.to_string()))?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(ApiError::invalid("yes", "cancelled; nothing was deleted"))
    }
}

fn org(sphere: &Sphere, json: bool, cmd: OrgCmd) -> Result<(), ApiError> {
    match cmd {
        OrgCmd::Add {
            name,
            domain,
            industry,
            size,
            location,
        } => {
            let org = sphere.org_create(OrganizationInput {
                name,
                domain,
                industry,
                size,
                location,
            })?;
            emit(json, &org, |o| println!("Added {} (id {}).", o.name, o.id))
        }
        OrgCmd::List { search } => {
            let orgs = sphere.org_list(OrgQuery { search })?;
            emit(json, &orgs, |o| output::organizations(o))
        }
        OrgCmd::Rm { org, yes } => {
            let target = sphere.resolve_organization(&org)?;
            confirm(
                yes,
                &format!(
                    "Delete organization {} (id {})? Its people stay, without an organization.",
                    target.name, target.id
                ),
            )?;
            let deleted = sphere.org_delete(IdRequest { id: target.id })?;
            emit(json, &deleted, |o| {
                println!("Deleted {} (id {}).", o.name, o.id)
            })
        }
    }
}

fn tie(sphere: &Sphere, json: bool, cmd: TieCmd) -> Result<(), ApiError> {
    match cmd {
        TieCmd::Add {
            person,
            other,
            kind,
            since,
            how_met,
            strength,
            reason,
        } => {
            let a = sphere.resolve_person(&person)?;
            let b = sphere.resolve_person(&other)?;
            let tie = sphere.tie_create(RelationshipInput {
                person_a: a.id,
                person_b: b.id,
                kind,
                since,
                how_met,
                strength_override: strength,
                override_reason: reason,
            })?;
            emit(json, &tie, |t| {
                println!(
                    "Related {} and {} as {} (relationship {}).",
                    a.display_name, b.display_name, t.kind, t.id
                )
            })
        }
        TieCmd::List { person } => {
            let person_id = person
                .map(|p| sphere.resolve_person(&p).map(|p| p.id))
                .transpose()?;
            let ties = sphere.tie_list(TieQuery {
                person_id,
                ..Default::default()
            })?;
            emit(json, &ties, |t| output::ties(t))
        }
        TieCmd::Rm { id, yes } => {
            confirm(yes, &format!("Remove relationship {id}?"))?;
            let tie = sphere.tie_delete(IdRequest { id })?;
            emit(json, &tie, |t| println!("Removed relationship {}.", t.id))
        }
    }
}

fn log(sphere: &Sphere, json: bool, args: LogArgs) -> Result<(), ApiError> {
    let mut participants = Vec::new();
    for p in &args.with {
        participants.push(sphere.resolve_person(p)?.id);
    }
    if !args.without_me
        && let Some(me) = sphere.app_info(Empty {})?.me
    {
        participants.push(me.id);
    }
    let occurred_at = match args.at.as_deref() {
        Some(text) => parse_when(text)?,
        None => Utc::now(),
    };
    let initiator_id = args
        .from
        .as_deref()
        .map(|p| sphere.resolve_person(p).map(|p| p.id))
        .transpose()?;
    let view = sphere.interaction_log(InteractionInput {
        initiator_id,
        occurred_at,
        kind: args.kind,
        participants,
        note: args.note,
        outcome: args.outcome,
    })?;
    emit(json, &view, |v| {
        let names: Vec<&str> = v
            .participants
            .iter()
            .map(|p| p.display_name.as_str())
            .collect();
        println!(
            "Logged {} on {} with {} (interaction {}).",
            v.interaction.kind,
            v.interaction
                .occurred_at
                .with_timezone(&Local)
                .format("%Y-%m-%d %H:%M"),
            names.join(", "),
            v.interaction.id
        )
    })
}

/// Parses RFC 3339, `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DD` (local time).
fn parse_when(text: &str) -> Result<DateTime<Utc>, ApiError> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let naive = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(12, 0, 0))
        });
    naive
        .and_then(|n| Local.from_local_datetime(&n).earliest())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| {
            ApiError::invalid(
                "at",
                format!("`{text}` is not a date or time (try 2026-03-14 or 2026-03-14 09:30)"),
            )
        })
}
