//! Coverage in the manager's words: rows for the grid, the account page, the what-if list.
//! Only names, titles, bands and months leave here.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::types::*;
use super::{Computed, Directory, Names, StoreDirectory};
use crate::CoreGuard;
use sphere_domain::Id;
use sphere_domain::account::{AccountRole, Seniority, StrengthBand, Target, Verdict};
use sphere_domain::error::ApiError;
use sphere_graph::coverage::{self as cov, AccountCover, Leaves, Reach};
use sphere_graph::seniority;
use sphere_store::accounts as store_accounts;

/// `2026-09`.
fn month(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| t.format("%Y-%m").to_string())
}

/// `September 2026`, for sentences.
fn month_words(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| t.format("%B %Y").to_string())
}

fn path_cell(names: &mut Names<'_>, r: &Reach) -> Result<PathCell, ApiError> {
    Ok(PathCell {
        member_id: r.member,
        to: names.get(r.person)?,
        band: StrengthBand::of(r.strength),
        ties: r.ties,
    })
}

pub(super) fn team_members(c: &Computed) -> Vec<TeamMember> {
    c.members
        .iter()
        .map(|p| TeamMember {
            person: p.clone(),
            you: Some(p.id) == c.me,
        })
        .collect()
}

/// "you" for the user, else their name.
fn who(names: &mut Names<'_>, me: Option<Id>, id: Id) -> Result<String, ApiError> {
    if Some(id) == me {
        Ok("you".to_string())
    } else {
        Ok(names.get(id)?.display_name)
    }
}

fn hops(ties: u8) -> &'static str {
    match ties {
        1 => "a direct tie",
        2 => "one hop",
        _ => "two hops",
    }
}

/// The verdict in a sentence.
fn why(
    names: &mut Names<'_>,
    me: Option<Id>,
    a: &AccountCover,
    org: &str,
) -> Result<String, ApiError> {
    let n = a.threads.len();
    Ok(match a.verdict {
        Verdict::MultiThreaded => {
            let holders: std::collections::BTreeSet<Id> =
                a.threads.values().flatten().copied().collect();
            match a.concentration {
                Some((top, share)) if share >= 1.0 => format!(
                    "{n} threads, held by {} of the team; {} {} in every one",
                    holders.len(),
                    who(names, me, top)?,
                    if Some(top) == me { "are" } else { "is" },
                ),
                Some((top, share)) => format!(
                    "{n} threads, held by {} of the team; {} {} {:.0}% of them",
                    holders.len(),
                    who(names, me, top)?,
                    if Some(top) == me { "hold" } else { "holds" },
                    share * 100.0
                ),
                None => format!("{n} threads"),
            }
        }
        Verdict::SingleTheirs => {
            let (person, holders) = a
                .threads
                .iter()
                .next()
                .map(|(p, h)| (*p, h.clone()))
                .unwrap_or_default();
            let mut with = Vec::new();
            for h in holders {
                with.push(who(names, me, h)?);
            }
            format!(
                "Only {} has a thread, with {}",
                names.get(person)?.display_name,
                with.join(" and ")
            )
        }
        Verdict::SingleOurs => {
            let top = a.concentration.map(|c| c.0);
            match top {
                Some(top) => format!("{n} threads, all held by {}", who(names, me, top)?),
                None => format!("{n} threads"),
            }
        }
        Verdict::NoThread => {
            let mut s = match a.best {
                Some(b) => format!(
                    "No thread: the best path is {} ({}) from {} to {}",
                    StrengthBand::of(b.strength).as_str(),
                    hops(b.ties),
                    who(names, me, b.member)?,
                    names.get(b.person)?.display_name
                ),
                None => "No thread".to_string(),
            };
            if a.stale
                && let Some(m) = month_words(a.last_two_way)
            {
                s.push_str(&format!("; the last two-way touch was in {m}"));
            }
            s
        }
        Verdict::NoPath if a.people.is_empty() => {
            format!("Nobody at {org} is on record yet")
        }
        Verdict::NoPath => format!("Nobody on the team reaches anyone at {org} within two hops"),
        Verdict::Unknown => format!(
            "{} {} on record with no contact logged could decide it ({n} known {})",
            a.hidden.len(),
            if a.hidden.len() == 1 { "tie" } else { "ties" },
            if n == 1 { "thread" } else { "threads" }
        ),
    })
}

/// The rows of the grid, riskiest first.
pub(super) fn rows(
    dir: &dyn Directory,
    c: &Computed,
    open: &HashMap<Id, u32>,
    mut weeks: HashMap<Id, Vec<WeekPoint>>,
) -> Result<Vec<AccountRow>, ApiError> {
    let mut names = Names::new(dir);
    let targets: HashMap<Id, &Target> = c.targets.iter().map(|t| (t.organization_id, t)).collect();
    let mut out = Vec::with_capacity(c.covers.len());
    for a in &c.covers {
        let Some(t) = targets.get(&a.organization_id) else {
            continue;
        };
        out.push(row(
            dir,
            &mut names,
            c,
            a,
            t,
            open.get(&a.organization_id).copied().unwrap_or(0),
            weeks.remove(&a.organization_id).unwrap_or_default(),
        )?);
    }
    out.sort_by(|x, y| {
        y.risk
            .cmp(&x.risk)
            .then(y.verdict.risk().cmp(&x.verdict.risk()))
            .then(x.tier.cmp(&y.tier))
            .then(y.stale.cmp(&x.stale))
            .then(y.role_gaps.len().cmp(&x.role_gaps.len()))
            .then(
                x.organization
                    .name
                    .to_lowercase()
                    .cmp(&y.organization.name.to_lowercase()),
            )
    });
    Ok(out)
}

fn row(
    dir: &dyn Directory,
    names: &mut Names<'_>,
    c: &Computed,
    a: &AccountCover,
    t: &Target,
    open_requests: u32,
    trend: Vec<WeekPoint>,
) -> Result<AccountRow, ApiError> {
    let org = dir.organization(a.organization_id)?;
    // In the order of the report's columns (the user first, then the team by name).
    let mut ordered: Vec<&cov::Cell> = a.cells.iter().collect();
    ordered.sort_by_key(|cell| {
        c.members
            .iter()
            .position(|m| m.id == cell.member)
            .unwrap_or(usize::MAX)
    });
    let mut cells = Vec::with_capacity(a.cells.len());
    for cell in ordered {
        cells.push(CoverageCell {
            member_id: cell.member,
            best: cell
                .best
                .as_ref()
                .map(|r| path_cell(names, r))
                .transpose()?,
            threads: cell.threads,
        });
    }
    let required: Vec<&cov::RoleCover> = a.roles.iter().filter(|r| r.required).collect();
    let role_gaps: Vec<AccountRole> = required
        .iter()
        .filter(|r| r.state != cov::RoleState::Covered)
        .map(|r| r.role)
        .collect();
    Ok(AccountRow {
        why: why(names, c.me, a, &org.name)?,
        organization: org,
        tier: t.tier,
        owner: t.owner_id.map(|o| names.get(o)).transpose()?,
        verdict: a.verdict,
        known_verdict: a.known_verdict,
        risk: cov::effective_risk(a.verdict, a.known_verdict),
        people: a.people.len() as u32,
        threads: a.threads.len() as u32,
        concentration: a
            .concentration
            .map(|(m, share)| -> Result<Concentration, ApiError> {
                Ok(Concentration {
                    member: names.get(m)?,
                    share,
                })
            })
            .transpose()?,
        best: a.best.as_ref().map(|r| path_cell(names, r)).transpose()?,
        cells,
        roles_required: required.len() as u32,
        roles_covered: (required.len() - role_gaps.len()) as u32,
        role_gaps,
        stale: a.stale,
        last_two_way: month(a.last_two_way),
        hidden_ties: a.hidden.len() as u32,
        open_requests,
        trend,
    })
}

/// The accounts a departure hurts: those that lose every path, or whose verdict becomes
/// single-threaded, no thread or no path from something better.
pub fn what_if(
    dir: &dyn Directory,
    before: &Computed,
    after: &Computed,
    leaves: Leaves,
    id: Id,
) -> Result<WhatIf, ApiError> {
    let mut changes = Vec::new();
    for (b, a) in before.covers.iter().zip(&after.covers) {
        let loses_every_path = b.best.is_some() && a.best.is_none();
        // An unknown verdict counts as what is known makes it at worst.
        let worst = if a.verdict == Verdict::Unknown {
            a.known_verdict
        } else {
            a.verdict
        };
        let hurt = matches!(
            worst,
            Verdict::SingleOurs | Verdict::SingleTheirs | Verdict::NoThread | Verdict::NoPath
        ) && cov::effective_risk(a.verdict, a.known_verdict)
            > cov::effective_risk(b.verdict, b.known_verdict);
        if loses_every_path || hurt {
            changes.push(WhatIfChange {
                organization: dir.organization(b.organization_id)?,
                before: b.verdict,
                after: a.verdict,
                threads_before: b.threads.len() as u32,
                threads_after: a.threads.len() as u32,
                loses_every_path,
            });
        }
    }
    changes.sort_by(|x, y| {
        y.loses_every_path
            .cmp(&x.loses_every_path)
            .then(y.after.risk().cmp(&x.after.risk()))
            .then(x.organization.name.cmp(&y.organization.name))
    });
    Ok(WhatIf {
        leaving: dir.person(id)?,
        kind: match leaves {
            Leaves::Member(_) => "member",
            _ => "account",
        }
        .to_string(),
        changes,
    })
}

fn seniority_rank(s: Option<Seniority>) -> u8 {
    match s {
        Some(Seniority::CLevel) => 0,
        Some(Seniority::Vp) => 1,
        Some(Seniority::Director) => 2,
        Some(Seniority::Manager) => 3,
        Some(Seniority::Individual) => 4,
        None => 5,
    }
}

/// The account page.
pub(super) fn account_detail(
    core: &CoreGuard<'_>,
    c: &Computed,
    target: &Target,
) -> Result<AccountDetail, ApiError> {
    let db = core.db();
    let Some(a) = c.covers.first() else {
        return Err(ApiError::internal(
            "the account's coverage was not computed",
        ));
    };
    let dir = StoreDirectory(db);
    let open = super::open_counts(core)?;
    let weeks = super::weeks_of(core, c.now)?;
    let account = rows(&dir, c, &open, weeks)?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::internal("the account's row was not computed"))?;
    let mut names = Names::new(&dir);
    let roles_by_person = store_accounts::roles(db)?;
    let mut people = Vec::with_capacity(a.people.len());
    for pc in &a.people {
        let person = names.get(pc.person)?;
        let reading = seniority::read(&person.title);
        let roles = roles_by_person.get(&pc.person).cloned().unwrap_or_default();
        let mut covered_by = Vec::new();
        let mut ties = pc.ties.clone();
        ties.sort_by(|x, y| {
            y.strength
                .total_cmp(&x.strength)
                .then(x.member.cmp(&y.member))
        });
        for t in ties {
            covered_by.push(CoveredBy {
                member: names.get(t.member)?,
                band: StrengthBand::of(t.strength),
                last_two_way: month(t.last_two_way),
                thread: t.thread,
                unknown: t.hidden,
            });
        }
        people.push(AccountPerson {
            suggested: reading
                .suggested
                .into_iter()
                .filter(|r| !roles.contains(r))
                .collect(),
            seniority: reading.seniority,
            functions: reading.functions,
            roles,
            covered_by,
            best: pc
                .best
                .as_ref()
                .map(|r| path_cell(&mut names, r))
                .transpose()?,
            person,
        });
    }
    people.sort_by(|x, y| {
        x.roles
            .is_empty()
            .cmp(&y.roles.is_empty())
            .then(seniority_rank(x.seniority).cmp(&seniority_rank(y.seniority)))
            .then(
                x.person
                    .display_name
                    .to_lowercase()
                    .cmp(&y.person.display_name.to_lowercase()),
            )
    });
    let mut roles = Vec::new();
    for r in &a.roles {
        let mut holders = Vec::new();
        for p in &r.people {
            holders.push(names.get(*p)?);
        }
        roles.push(RoleCoverage {
            role: r.role,
            required: r.required,
            people: holders,
            state: match r.state {
                cov::RoleState::Covered => RoleState::Covered,
                cov::RoleState::Reached => RoleState::Reached,
                cov::RoleState::Unreached => RoleState::Unreached,
                cov::RoleState::Missing => RoleState::Missing,
            },
        });
    }
    let open_requests = store_accounts::open_requests(db)?
        .remove(&a.organization_id)
        .unwrap_or_default()
        .into_iter()
        .map(|r| AccountRequest {
            id: r.id,
            state: r.state,
            target_label: r.target_label,
            asker_label: r.asker_label,
            updated_at: r.updated_at,
        })
        .collect();
    let gaps = gaps(&account, &roles, c.me);
    Ok(AccountDetail {
        account,
        note: target.note.clone(),
        members: team_members(c),
        people,
        roles,
        open_requests,
        gaps,
    })
}

/// What is missing at an account, in sentences, most pressing first.
fn gaps(row: &AccountRow, roles: &[RoleCoverage], me: Option<Id>) -> Vec<String> {
    let mut out = Vec::new();
    match row.verdict {
        Verdict::NoPath if row.people == 0 => {
            out.push("Nobody there is on record: add the people you know of".to_string())
        }
        Verdict::NoPath => out.push("No path: nobody on the team reaches anyone there".to_string()),
        Verdict::NoThread => out.push(
            "No thread: nobody there has a warm tie with two-way contact in the last 180 days"
                .to_string(),
        ),
        Verdict::SingleTheirs => out.push("Only one person there has a thread".to_string()),
        Verdict::SingleOurs => {
            if let Some(c) = &row.concentration {
                out.push(if Some(c.member.id) == me {
                    "Every thread is held by you".to_string()
                } else {
                    format!("Every thread is held by {}", c.member.display_name)
                });
            }
        }
        Verdict::Unknown => out.push(format!(
            "{} on record {} no contact logged: log or capture their interactions",
            if row.hidden_ties == 1 {
                "1 tie".to_string()
            } else {
                format!("{} ties", row.hidden_ties)
            },
            if row.hidden_ties == 1 { "has" } else { "have" }
        )),
        Verdict::MultiThreaded => {}
    }
    if row.stale
        && let Some(m) = &row.last_two_way
    {
        let words = chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
            .map(|d| d.format("%B %Y").to_string())
            .unwrap_or_else(|_| m.clone());
        out.push(format!("Stale: the last two-way touch was in {words}"));
    }
    for r in roles.iter().filter(|r| r.required) {
        let label = r.role.label();
        match r.state {
            RoleState::Covered => {}
            RoleState::Missing => out.push(format!("No {} known", label.to_lowercase())),
            RoleState::Reached => out.push(format!(
                "{label} reached only through a path, without a thread"
            )),
            RoleState::Unreached => out.push(format!("{label} not reached")),
        }
    }
    out
}
