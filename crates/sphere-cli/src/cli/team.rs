//! `sphere team join|status|sync|leave|share|never-share|conflicts|resolve|invite|coverage|
//! paths`: team mode on this device. The invitation code comes from `--invite`, standard
//! input, or a prompt that does not echo; leaving asks first (or `--yes`).

use std::io::{BufRead, IsTerminal, Write};

use clap::Subcommand;
use sphere_api::*;
use sphere_domain::team::{InviteRequest, ShareLevel, ShareRequest, is_key};

use sphere_domain::account::Verdict;

use super::coverage::print_coverage;
use super::output::table;
use super::targets::check_tier;
use super::{confirm, emit};

/// `sphere team …` on a member's device.
#[derive(Debug, Subcommand)]
pub enum TeamCmd {
    /// Join a team server with the invitation code the team's admin gave you (from
    /// --invite, standard input, or asked for without echo).
    Join {
        /// The server: https://team.example.com (http:// on this machine only).
        server: String,
        #[arg(long)]
        invite: Option<String>,
        /// This device's name in the team's member list (default: the host name).
        #[arg(long)]
        device: Option<String>,
    },
    /// The team, your share level, the people never shared, the last sync, what waits.
    Status,
    /// Send this device's shareable changes and receive the team's.
    Sync,
    /// Leave the team on this device (asks first).
    Leave {
        /// Also ask the server to take down what you shared.
        #[arg(long)]
        withdraw: bool,
        #[arg(long)]
        yes: bool,
    },
    /// How much of "I know them" you share: existence, band or how-met.
    Share {
        #[arg(value_parser = ["existence", "band", "how-met"])]
        level: String,
    },
    /// Never share a person with the team (name or id); --undo shares them again.
    NeverShare {
        person: String,
        #[arg(long)]
        undo: bool,
    },
    /// Fields where a teammate's newer write won over yours.
    Conflicts,
    /// Resolve a conflict: keep mine (sent again) or take theirs.
    Resolve {
        id: i64,
        #[arg(value_parser = ["mine", "theirs"])]
        keep: String,
    },
    /// Invite someone (admins only); the code is shown once.
    Invite {
        name: String,
        #[arg(long)]
        admin: bool,
    },
    /// Coverage of the team's target accounts, computed on the server from the shared graph
    /// (ids are the team server's, as its answers show them).
    Coverage {
        #[arg(long)]
        account: Option<i64>,
        #[arg(long)]
        member: Option<i64>,
        #[arg(long)]
        owner: Option<i64>,
        #[arg(long)]
        tier: Option<u8>,
        #[arg(long, value_parser = verdict)]
        verdict: Option<Verdict>,
        #[arg(long, value_name = "PERSON_ID")]
        if_leaves: Option<i64>,
    },
    /// Warm paths on the team's shared graph into an organization or to a person (a team
    /// key, or the name or id of one you shared).
    Paths {
        /// Into this organization: its team key, or the name or id of one you shared.
        #[arg(long, conflicts_with = "person", required_unless_present = "person")]
        organization: Option<String>,
        /// To this person: their team key, or the name or id of one you shared.
        #[arg(long)]
        person: Option<String>,
        /// From this member only (their member id).
        #[arg(long)]
        from: Option<String>,
        /// At most this many paths (the server's default otherwise).
        #[arg(long)]
        limit: Option<u32>,
    },
    /// The team server itself (`team serve`, `team init`); needs no local database.
    #[command(flatten)]
    Server(super::team_server::TeamCmd),
}

pub(super) fn run(sphere: &Sphere, json: bool, cmd: TeamCmd) -> Result<(), ApiError> {
    match cmd {
        TeamCmd::Join {
            server,
            invite,
            device,
        } => {
            let invite = match invite {
                Some(code) => code,
                None => invite_code()?,
            };
            let status = sphere.team_join(TeamJoinRequest {
                server,
                invite,
                device,
            })?;
            emit(json, &status, print_status)
        }
        TeamCmd::Status => emit(json, &sphere.team_status(Empty {})?, print_status),
        TeamCmd::Sync => {
            let live = !json && std::io::stderr().is_terminal();
            let report = sphere.team_sync_with(&|step| {
                if live {
                    eprint!("\r\x1b[2K{step}…");
                    let _ = std::io::stderr().flush();
                }
            });
            if live {
                eprint!("\r\x1b[2K");
            }
            emit(json, &report?, print_report)
        }
        TeamCmd::Leave { withdraw, yes } => {
            let question = if withdraw {
                "Leave the team on this device and take down what you shared?"
            } else {
                "Leave the team on this device (what you shared stays with the team)?"
            };
            confirm(yes, question)?;
            let status = sphere.team_leave(TeamLeaveRequest { withdraw })?;
            emit(json, &status, |_| println!("Left the team on this device."))
        }
        TeamCmd::Share { level } => {
            let level = match level.as_str() {
                "existence" => ShareLevel::Existence,
                "band" => ShareLevel::Band,
                _ => ShareLevel::HowMet,
            };
            let status = sphere.team_share_set(ShareRequest { level })?;
            emit(json, &status, print_status)
        }
        TeamCmd::NeverShare { person, undo } => {
            let p = sphere.resolve_person(&person)?;
            let status = sphere.team_never_share(TeamNeverShareRequest {
                person_id: p.id,
                never: !undo,
            })?;
            emit(json, &status, |_| {
                if undo {
                    println!("{} will be shared again at the next sync.", p.display_name);
                } else {
                    println!("{} will never be shared with the team.", p.display_name);
                }
            })
        }
        TeamCmd::Conflicts => emit(json, &sphere.team_conflicts(Empty {})?, print_conflicts),
        TeamCmd::Resolve { id, keep } => {
            let left = sphere.team_conflict_resolve(TeamResolveRequest { id, keep })?;
            emit(json, &left, print_conflicts)
        }
        TeamCmd::Invite { name, admin } => {
            let invite = sphere.team_invite(InviteRequest { name, admin })?;
            emit(json, &invite, |i| {
                println!("Invitation for {}: {}", i.name, i.code);
                println!(
                    "It works once, until {}; it is not shown again.",
                    i.expires_at.format("%Y-%m-%d %H:%M UTC")
                );
            })
        }
        TeamCmd::Coverage {
            account,
            member,
            owner,
            tier,
            verdict,
            if_leaves,
        } => {
            check_tier(tier)?;
            let query = CoverageQuery {
                account_id: account,
                member_id: member,
                owner_id: owner,
                tier,
                verdict,
                if_leaves,
            };
            emit(json, &sphere.team_coverage(query)?, print_coverage)
        }
        TeamCmd::Paths {
            organization,
            person,
            from,
            limit,
        } => {
            let organization = organization
                .map(|o| team_key(sphere, "organization", &o))
                .transpose()?;
            let person = person.map(|p| team_key(sphere, "person", &p)).transpose()?;
            let paths = sphere.team_paths(TeamPathsRequest {
                organization,
                person,
                from_member: from,
                limit,
            })?;
            emit(json, &paths, print_paths)
        }
        TeamCmd::Server(_) => Err(ApiError::internal(
            "the team server's commands are handled before the database opens",
        )),
    }
}

fn verdict(s: &str) -> Result<Verdict, String> {
    Verdict::parse(s.trim()).ok_or_else(|| format!("expected one of: {}", Verdict::choices()))
}

/// A team key as given, or the key of a local person or organization (name or id).
fn team_key(sphere: &Sphere, kind: &str, given: &str) -> Result<String, ApiError> {
    let given = given.trim();
    if is_key(given) {
        return Ok(given.to_string());
    }
    let id = if kind == "person" {
        sphere.resolve_person(given)?.id
    } else {
        sphere.resolve_organization(given)?.id
    };
    sphere.team_key_of(kind, id)
}

/// The invitation code from standard input, or asked for without echo on a terminal.
fn invite_code() -> Result<String, ApiError> {
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password("Invitation code: ").map_err(|e| {
            ApiError::invalid("invite", format!("cannot read the invitation code: {e}"))
        });
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| ApiError::invalid("invite", format!("cannot read standard input: {e}")))?;
    Ok(line.trim().to_string())
}

fn print_status(s: &TeamStatus) {
    if !s.connected {
        println!("Not on a team. Join one: sphere team join SERVER --invite CODE");
    } else {
        println!(
            "Team {} at {}",
            s.team_name.as_deref().unwrap_or("?"),
            s.server.as_deref().unwrap_or("?")
        );
        if let Some(me) = &s.me {
            println!("You: {}{}", me.name, if me.admin { " (admin)" } else { "" });
        }
        println!("Share level: {}", s.share_level.label());
        if !s.members.is_empty() {
            let names: Vec<&str> = s.members.iter().map(|m| m.name.as_str()).collect();
            println!("Members ({}): {}", names.len(), names.join(", "));
        }
        match &s.last_sync {
            Some(r) => {
                print!("Last sync: {}; ", r.at.format("%Y-%m-%d %H:%M UTC"));
                print_report(r);
            }
            None => println!("Not synced yet: sphere team sync"),
        }
        println!(
            "Waiting to be sent: {}; conflicts: {}",
            s.pending, s.conflicts
        );
        for r in &s.refused {
            println!(
                "Refused by the server (sent again when it changes): {}: {}",
                r.record, r.reason
            );
        }
    }
    if s.never_share.is_empty() {
        println!("Never shared: nobody");
    } else {
        let names: Vec<&str> = s
            .never_share
            .iter()
            .map(|p| p.display_name.as_str())
            .collect();
        println!("Never shared: {}", names.join(", "));
    }
}

fn print_report(r: &TeamSyncReport) {
    println!(
        "sent {}, received {}, {} conflict(s), {} matched, {} waiting",
        r.pushed, r.pulled, r.conflicts, r.matched, r.pending
    );
    if r.refused > 0 {
        println!(
            "{} change(s) refused by the server and set aside: see sphere team status",
            r.refused
        );
    }
    if let Some(e) = &r.error {
        println!("Stopped early: {e}");
    }
}

fn print_conflicts(list: &Vec<TeamConflict>) {
    if list.is_empty() {
        println!("No conflicts.");
        return;
    }
    let mut t = table(&["id", "record", "field", "yours", "theirs", "by"]);
    for c in list {
        t.add_row(vec![
            c.id.to_string(),
            c.record.clone(),
            c.field.clone(),
            c.yours.clone(),
            c.theirs.clone(),
            c.by.clone(),
        ]);
    }
    println!("{t}");
    println!("Resolve one: sphere team resolve ID mine|theirs");
}

fn print_paths(p: &TeamPaths) {
    if p.paths.is_empty() {
        println!("No warm path on the team's graph.");
    }
    for (i, path) in p.paths.iter().enumerate() {
        let steps: Vec<String> = path
            .steps
            .iter()
            .map(|s| match &s.member {
                Some(_) => format!("{} (team)", s.name),
                None if s.title.is_empty() => s.name.clone(),
                None => format!("{}, {}", s.name, s.title),
            })
            .collect();
        println!(
            "{}. {} [{}]",
            i + 1,
            steps.join(" → "),
            path.band.map_or("contact unknown", |b| b.as_str())
        );
    }
    println!(
        "{} people there on the team's record; {} tie(s) not described (contact unknown).",
        p.people, p.unknown
    );
}
