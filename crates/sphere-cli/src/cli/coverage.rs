//! `sphere coverage` (the target accounts riskiest first, with a what-if and a CSV for the
//! team meeting) and `sphere account ORG` (the account page). Strength bands and months only,
//! as every manager's view.

use std::collections::HashMap;

use sphere_api::*;
use sphere_domain::Id;
use sphere_domain::account::Verdict;

use super::args::CoverageArgs;
use super::emit;
use super::output::table;
use super::targets::{check_tier, name, organization, person_id, roles_text};

pub(super) fn coverage(sphere: &Sphere, json: bool, a: CoverageArgs) -> Result<(), ApiError> {
    check_tier(a.tier)?;
    let query = CoverageQuery {
        account_id: a
            .account
            .as_deref()
            .map(|o| organization(sphere, o).map(|o| o.id))
            .transpose()?,
        member_id: person_id(sphere, a.member.as_ref())?,
        owner_id: person_id(sphere, a.owner.as_ref())?,
        tier: a.tier,
        verdict: a.verdict,
        if_leaves: person_id(sphere, a.if_leaves.as_ref())?,
    };
    if let Some(path) = a.csv {
        let file = sphere.coverage_export(query)?;
        if path.as_os_str() == "-" {
            print!("{}", file.text);
            return Ok(());
        }
        std::fs::write(&path, &file.text).map_err(|e| {
            ApiError::invalid("csv", format!("cannot write {}: {e}", path.display()))
        })?;
        return emit(json, &file, |f| {
            println!(
                "Wrote the coverage of {} account{} to {}.",
                f.accounts,
                if f.accounts == 1 { "" } else { "s" },
                path.display()
            )
        });
    }
    let report = sphere.coverage(query)?;
    emit(json, &report, print_coverage)
}

fn band_word(b: sphere_domain::account::StrengthBand) -> &'static str {
    b.as_str()
}

/// "strong, 2 ties via Ada Client to Dee Buyer".
fn path_text(p: &PathCell, members: &HashMap<Id, String>) -> String {
    let from = members.get(&p.member_id).cloned().unwrap_or_default();
    let ties = match p.ties {
        1 => "direct".to_string(),
        n => format!("{n} ties"),
    };
    format!(
        "{}, {ties}: {from} → {}",
        band_word(p.band),
        p.to.display_name
    )
}

fn member_names(members: &[TeamMember]) -> HashMap<Id, String> {
    members
        .iter()
        .map(|m| {
            let n = if m.you {
                format!("{} (you)", m.person.display_name)
            } else {
                m.person.display_name.clone()
            };
            (m.person.id, n)
        })
        .collect()
}

pub(super) fn print_coverage(r: &CoverageReport) {
    if r.targets == 0 {
        println!(
            "No target accounts yet. Mark one with `sphere targets add ORG --tier 1 --owner NAME`, or import a list with `sphere targets import FILE`."
        );
        return;
    }
    let names = member_names(&r.members);
    if r.accounts.is_empty() {
        println!(
            "No target account matches these filters ({} target account{} in all).",
            r.targets,
            if r.targets == 1 { "" } else { "s" }
        );
    } else {
        let mut t = table(&[
            "account",
            "tier",
            "verdict",
            "threads",
            "best path",
            "roles",
            "stale",
            "why",
        ]);
        for a in &r.accounts {
            t.add_row(vec![
                a.organization.name.clone(),
                a.tier.to_string(),
                a.verdict.label().to_string(),
                a.threads.to_string(),
                a.best
                    .as_ref()
                    .map_or_else(|| "—".into(), |p| path_text(p, &names)),
                format!("{}/{}", a.roles_covered, a.roles_required),
                if a.stale { "stale" } else { "" }.to_string(),
                a.why.clone(),
            ]);
        }
        println!("{t}");
        let counts: Vec<String> = r
            .by_verdict
            .iter()
            .filter(|c| c.count > 0)
            .map(|c| format!("{} {}", c.count, c.verdict.label().to_lowercase()))
            .collect();
        let team: Vec<&str> = r
            .members
            .iter()
            .filter_map(|m| names.get(&m.person.id).map(String::as_str))
            .collect();
        println!(
            "{} of {} target accounts: {}. Team: {}.",
            r.accounts.len(),
            r.targets,
            counts.join(", "),
            if team.is_empty() {
                "nobody (mark colleagues as team)".into()
            } else {
                team.join(", ")
            }
        );
    }
    if let Some(w) = &r.what_if {
        print_what_if(w);
    }
}

fn print_what_if(w: &WhatIf) {
    let how = if w.kind == "member" {
        "leaves the team"
    } else {
        "leaves their organization"
    };
    println!();
    if w.changes.is_empty() {
        println!(
            "If {} {how}: no account loses every path or becomes single-threaded.",
            w.leaving.display_name
        );
        return;
    }
    println!("If {} {how}:", w.leaving.display_name);
    let mut t = table(&["account", "before", "after", "threads", "every path lost"]);
    for c in &w.changes {
        t.add_row(vec![
            c.organization.name.clone(),
            c.before.label().to_string(),
            c.after.label().to_string(),
            format!("{} → {}", c.threads_before, c.threads_after),
            if c.loses_every_path { "yes" } else { "" }.to_string(),
        ]);
    }
    println!("{t}");
}

pub(super) fn account(sphere: &Sphere, json: bool, org: &str) -> Result<(), ApiError> {
    let org = organization(sphere, org)?;
    let detail = sphere.account_get(IdRequest { id: org.id })?;
    emit(json, &detail, print_account)
}

fn print_account(d: &AccountDetail) {
    let a = &d.account;
    let names = member_names(&d.members);
    println!(
        "{} ({}) — tier {}, owner {}",
        a.organization.name,
        if a.organization.domain.is_empty() {
            "no domain"
        } else {
            &a.organization.domain
        },
        a.tier,
        name(a.owner.as_ref())
    );
    if !d.note.is_empty() {
        println!("Note: {}", d.note);
    }
    println!("Verdict: {} — {}", a.verdict.label(), a.why);
    println!(
        "Threads: {}   best path: {}   roles covered: {}/{}   last two-way touch: {}{}",
        a.threads,
        a.best
            .as_ref()
            .map_or_else(|| "none".into(), |p| path_text(p, &names)),
        a.roles_covered,
        a.roles_required,
        a.last_two_way.as_deref().unwrap_or("none"),
        if a.stale { " (stale)" } else { "" }
    );
    if let Some(c) = &a.concentration {
        println!(
            "Concentration: {} holds {:.0}% of the threads",
            c.member.display_name,
            c.share * 100.0
        );
    }
    if a.hidden_ties > 0 {
        println!(
            "{} tie{} on record with no interaction logged: their contact is unknown.",
            a.hidden_ties,
            if a.hidden_ties == 1 { "" } else { "s" }
        );
    }
    println!();
    if d.people.is_empty() {
        println!(
            "Nobody on record there yet. Add people with `sphere person add NAME --org \"{}\"`.",
            a.organization.name
        );
    } else {
        let mut t = table(&["person", "title", "seniority", "roles", "covered by"]);
        for p in &d.people {
            let roles = if p.roles.is_empty() && !p.suggested.is_empty() {
                format!("(suggested: {})", roles_text(&p.suggested))
            } else {
                roles_text(&p.roles)
            };
            let covered: Vec<String> = p
                .covered_by
                .iter()
                .map(|c| {
                    let state = if c.unknown {
                        "contact unknown".to_string()
                    } else {
                        format!(
                            "{}{}",
                            c.band.as_str(),
                            c.last_two_way
                                .as_deref()
                                .map_or_else(String::new, |m| format!(", {m}"))
                        )
                    };
                    format!(
                        "{} ({state}{})",
                        c.member.display_name,
                        if c.thread { ", thread" } else { "" }
                    )
                })
                .collect();
            t.add_row(vec![
                p.person.display_name.clone(),
                p.person.title.clone(),
                p.seniority.map_or("—", |s| s.label()).to_string(),
                roles,
                if covered.is_empty() {
                    p.best
                        .as_ref()
                        .map_or_else(|| "—".into(), |b| format!("path: {}", path_text(b, &names)))
                } else {
                    covered.join("; ")
                },
            ]);
        }
        println!("{t}");
    }
    if !d.roles.is_empty() {
        println!();
        let mut t = table(&["role", "required", "held by", "state"]);
        for r in &d.roles {
            let people: Vec<&str> = r.people.iter().map(|p| p.display_name.as_str()).collect();
            t.add_row(vec![
                r.role.label().to_string(),
                if r.required { "yes" } else { "" }.to_string(),
                if people.is_empty() {
                    "—".into()
                } else {
                    people.join(", ")
                },
                role_state(r.state).to_string(),
            ]);
        }
        println!("{t}");
    }
    if !d.open_requests.is_empty() {
        println!();
        println!("Open requests:");
        for q in &d.open_requests {
            println!(
                "  #{} {} → {} ({})",
                q.id, q.asker_label, q.target_label, q.state
            );
        }
    }
    if !d.gaps.is_empty() {
        println!();
        println!("Gaps:");
        for g in &d.gaps {
            println!("  - {g}");
        }
    }
    if !a.trend.is_empty() {
        println!();
        let trend: Vec<String> = a
            .trend
            .iter()
            .map(|w| {
                format!(
                    "{} {} ({} thread{})",
                    w.week,
                    verdict_short(w.verdict),
                    w.threads,
                    if w.threads == 1 { "" } else { "s" }
                )
            })
            .collect();
        println!("Weekly trend: {}", trend.join(" · "));
    }
}

fn verdict_short(v: Verdict) -> &'static str {
    match v {
        Verdict::MultiThreaded => "multi",
        Verdict::SingleTheirs => "single (theirs)",
        Verdict::SingleOurs => "single (ours)",
        Verdict::NoThread => "no thread",
        Verdict::NoPath => "no path",
        Verdict::Unknown => "unknown",
    }
}

fn role_state(s: RoleState) -> &'static str {
    match s {
        RoleState::Covered => "covered",
        RoleState::Reached => "reached, no thread",
        RoleState::Unreached => "not reached",
        RoleState::Missing => "nobody known",
    }
}
