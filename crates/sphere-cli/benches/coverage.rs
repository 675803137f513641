//! Coverage of target accounts on a large network, on a copy of `--from` (left alone; the
//! synthetic network of `scripts/bench.sh`): 20 people besides the user are marked as the team
//! (the lowest ids, through `person_update`) and 1,000 organizations as target accounts
//! (every fifth by id, tiers 1 to 3 in turn, through a target list import, as a user would);
//! then `coverage` of every account for the whole team runs again and again (median and
//! worst; the first look of the week also records the week's figures, so it is shown apart),
//! one what-if (a team member leaves) and one account page. Target: coverage under 2 s.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Parser;
use sphere_api::domain::{Id, PersonInput};
use sphere_api::*;

#[derive(Debug, Parser)]
struct Args {
    /// The database to copy and work on.
    #[arg(long)]
    from: PathBuf,
    /// Value strengths at this instant (RFC 3339), as the other benches do.
    #[arg(long)]
    as_of: String,
    /// Target accounts to mark.
    #[arg(long, default_value_t = 1_000)]
    accounts: usize,
    /// People to mark as the team, besides the user.
    #[arg(long, default_value_t = 20)]
    team: usize,
    #[arg(long, default_value_t = 7)]
    runs: usize,
    /// `cargo bench` passes this; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Runs `f` `runs` times; prints and returns the median.
fn time<T>(
    name: &str,
    runs: usize,
    mut f: impl FnMut() -> Result<T, ApiError>,
    what: impl Fn(&T) -> String,
) -> Result<Duration, ApiError> {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        last = Some(f()?);
        times.push(started.elapsed());
    }
    times.sort_unstable();
    let said = last.as_ref().map(&what).unwrap_or_default();
    let median = times[times.len() / 2];
    println!(
        "{name:<26} median {:>8.1} ms   worst {:>8.1} ms   over {} runs   ({said})",
        ms(median),
        ms(times[times.len() - 1]),
        times.len()
    );
    Ok(median)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let as_of = chrono::DateTime::parse_from_rfc3339(&args.as_of)?.to_utc();
    let tmp = tempfile::tempdir()?;
    let db = tmp.path().join("coverage.db");
    if !args.from.is_file() {
        return Err(format!(
            "{} is not a file (a relative path is read from {})",
            args.from.display(),
            std::env::current_dir()?.display()
        )
        .into());
    }
    // Migrated once in place, so the copy opens as quickly as the file would.
    drop(sphere_store::Store::open(&args.from)?);
    std::fs::copy(&args.from, &db)?;
    let started = Instant::now();
    let sphere = Sphere::open_as_of(&db, as_of)?;
    let info = sphere.app_info(Empty {})?;
    let me = info
        .me
        .as_ref()
        .ok_or("the network has no one at the centre")?
        .id;
    println!(
        "\n== Coverage: {} people, {} relationships, {} interactions (open + graph: {:.1} s) ==",
        info.counts.people,
        info.counts.relationships,
        info.counts.interactions,
        started.elapsed().as_secs_f64()
    );

    // The team: the lowest ids besides the user.
    let setup = Instant::now();
    let mut team: Vec<Id> = Vec::new();
    let mut id: Id = 0;
    while team.len() < args.team && id < 10 * args.team as Id + 100 {
        id += 1;
        if id == me {
            continue;
        }
        let Ok(p) = sphere.resolve_person(&id.to_string()) else {
            continue;
        };
        if !p.is_team {
            sphere.person_update(PersonUpdate {
                id: p.id,
                person: PersonInput {
                    first_name: p.first_name.clone(),
                    last_name: Some(p.last_name.clone()),
                    emails: Some(p.emails.clone()),
                    phones: Some(p.phones.clone()),
                    title: Some(p.title.clone()),
                    organization_id: p.organization_id,
                    ring: p.ring_pinned.then_some(p.ring),
                    is_team: Some(true),
                    tags: Some(p.tags.clone()),
                    notes: Some(p.notes.clone()),
                },
            })?;
        }
        team.push(p.id);
    }
    // The target accounts: every fifth organization by id, imported as a list.
    let mut orgs = sphere.org_list(OrgQuery::default())?;
    orgs.sort_by_key(|o| o.organization.id);
    let mut csv = String::from("name,tier\n");
    for (i, o) in orgs
        .iter()
        .skip(4)
        .step_by(5)
        .take(args.accounts)
        .enumerate()
    {
        let name = o.organization.name.replace('"', "\"\"");
        csv.push_str(&format!("\"{name}\",{}\n", 1 + i % 3));
    }
    let imported = sphere.target_import_commit(TargetImportRequest {
        text: csv,
        tier: None,
        owner_id: Some(me),
    })?;
    println!(
        "{} target accounts, the user and {} team members (set up in {:.1} s)",
        imported.targets,
        team.len(),
        setup.elapsed().as_secs_f64()
    );

    let verdicts = |r: &CoverageReport| {
        let counts: Vec<String> = r
            .by_verdict
            .iter()
            .filter(|c| c.count > 0)
            .map(|c| format!("{} {}", c.count, c.verdict))
            .collect();
        format!(
            "{} accounts × {} members: {}",
            r.accounts.len(),
            r.members.len(),
            counts.join(", ")
        )
    };
    time(
        "coverage (first look)",
        1,
        || sphere.coverage(CoverageQuery::default()),
        verdicts,
    )?;
    let median = time(
        "coverage",
        args.runs,
        || sphere.coverage(CoverageQuery::default()),
        verdicts,
    )?;
    // What if the member holding the most threads leaves.
    let report = sphere.coverage(CoverageQuery::default())?;
    let mut held: std::collections::HashMap<Id, u32> = std::collections::HashMap::new();
    for a in &report.accounts {
        for c in &a.cells {
            *held.entry(c.member_id).or_default() += c.threads;
        }
    }
    let leaving = team
        .iter()
        .copied()
        .max_by_key(|m| (held.get(m).copied().unwrap_or(0), std::cmp::Reverse(*m)))
        .ok_or("no team member")?;
    time(
        "coverage, what if",
        args.runs.min(5),
        || {
            sphere.coverage(CoverageQuery {
                if_leaves: Some(leaving),
                ..CoverageQuery::default()
            })
        },
        |r| {
            let w = r.what_if.as_ref();
            format!(
                "member {leaving} ({} threads) leaves: {} accounts change",
                held.get(&leaving).copied().unwrap_or(0),
                w.map_or(0, |w| w.changes.len())
            )
        },
    )?;
    // The account page of the account with most threads (most people to name).
    let first = report
        .accounts
        .iter()
        .max_by_key(|a| (a.threads, a.people, std::cmp::Reverse(a.organization.id)))
        .map(|a| a.organization.id)
        .ok_or("no account")?;
    time(
        "account page",
        args.runs.min(5),
        || sphere.account_get(IdRequest { id: first }),
        |d| {
            format!(
                "{}: {} people there, {} threads",
                d.account.organization.name,
                d.people.len(),
                d.account.threads
            )
        },
    )?;
    println!(
        "coverage of {} accounts × {} members: {:.0} ms median (target under 2,000 ms)",
        report.accounts.len(),
        report.members.len(),
        ms(median)
    );
    Ok(())
}
