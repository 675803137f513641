//! The manager's review on the command line: `sphere targets …`, `sphere roles …`,
//! `sphere coverage` and `sphere account ORG`. Strength bands and months only, as every
//! manager's view.

use std::collections::HashMap;
use std::io::IsTerminal;

use sphere_api::*;
use sphere_domain::account::{AccountRole, RoleTemplate, TargetInput, Verdict};
use sphere_domain::{Id, Organization, PersonRef};

use super::args::{CoverageArgs, RolesCmd, TargetsCmd, parse_role};
use super::output::table;
use super::{confirm, emit, read_input};

/// An organization on record, by full name or id; says how to add it when there is none.
fn organization(sphere: &Sphere, needle: &str) -> Result<Organization, ApiError> {
    sphere.resolve_organization(needle).map_err(|e| {
        if e.kind == ErrorKind::NotFound && needle.trim().parse::<Id>().is_err() {
            ApiError::new(
                ErrorKind::NotFound,
                format!(
                    "no organization named `{needle}`; add it first with `sphere org add \"{needle}\"` (see `sphere org list`)"
                ),
            )
        } else {
            e
        }
    })
}

fn person_id(sphere: &Sphere, needle: Option<&String>) -> Result<Option<Id>, ApiError> {
    needle
        .map(|p| sphere.resolve_person(p).map(|p| p.id))
        .transpose()
}

fn check_tier(tier: Option<u8>) -> Result<(), ApiError> {
    match tier {
        Some(t) if !(1..=3).contains(&t) => Err(ApiError::invalid(
            "tier",
            format!("tier must be 1 to 3, got {t}"),
        )),
        _ => Ok(()),
    }
}

fn name(p: Option<&PersonRef>) -> String {
    p.map_or_else(|| "—".into(), |p| p.display_name.clone())
}

fn roles_text(roles: &[AccountRole]) -> String {
    if roles.is_empty() {
        return "—".into();
    }
    roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn targets(sphere: &Sphere, json: bool, cmd: TargetsCmd) -> Result<(), ApiError> {
    match cmd {
        TargetsCmd::Add {
            org,
            tier,
            owner,
            note,
        } => {
            check_tier(tier)?;
            let org = organization(sphere, &org)?;
            let owner_id = person_id(sphere, owner.as_ref())?;
            // Changing an account keeps what the command does not say.
            let current = sphere
                .target_list(TargetQuery::default())?
                .into_iter()
                .find(|t| t.organization.id == org.id);
            let input = TargetInput {
                organization_id: org.id,
                owner_id: owner_id.or(current
                    .as_ref()
                    .and_then(|t| t.owner.as_ref().map(|o| o.id))),
                tier: tier.or(current.as_ref().map(|t| t.tier)),
                note: note.or(current.as_ref().map(|t| t.note.clone())),
            };
            let t = sphere.target_set(input)?;
            let verb = if current.is_some() {
                "Updated"
            } else {
                "Marked"
            };
            emit(json, &t, |t| {
                println!(
                    "{verb} {} as a tier {} target account (owner {}).",
                    t.organization.name,
                    t.tier,
                    name(t.owner.as_ref())
                )
            })
        }
        TargetsCmd::List { owner, tier } => {
            check_tier(tier)?;
            let list = sphere.target_list(TargetQuery {
                owner_id: person_id(sphere, owner.as_ref())?,
                tier,
            })?;
            emit(json, &list, print_targets)
        }
        TargetsCmd::Remove { org, yes } => {
            let org = organization(sphere, &org)?;
            let current = sphere
                .target_list(TargetQuery::default())?
                .into_iter()
                .find(|t| t.organization.id == org.id)
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorKind::NotFound,
                        format!(
                            "{} is not a target account (see `sphere targets list`)",
                            org.name
                        ),
                    )
                })?;
            confirm(
                yes,
                &format!(
                    "Unmark {} as a target account (tier {}, owner {})? The organization and its people stay.",
                    org.name,
                    current.tier,
                    name(current.owner.as_ref())
                ),
            )?;
            let t = sphere.target_remove(IdRequest { id: org.id })?;
            emit(json, &t, |t| {
                println!("{} is no longer a target account.", t.organization.name);
                println!("To undo: {}", undo_command(t));
            })
        }
        TargetsCmd::Import {
            file,
            tier,
            owner,
            yes,
        } => import(sphere, json, &file, tier, owner.as_ref(), yes),
    }
}

/// The command that marks `t` again as it was.
fn undo_command(t: &TargetAccount) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut cmd = format!("sphere targets add {} --tier {}", t.organization.id, t.tier);
    if let Some(o) = &t.owner {
        cmd.push_str(&format!(" --owner {}", o.id));
    }
    if !t.note.is_empty() {
        cmd.push_str(&format!(" --note {}", quote(&t.note)));
    }
    cmd
}

fn print_targets(list: &Vec<TargetAccount>) {
    if list.is_empty() {
        println!(
            "No target accounts. Mark one with `sphere targets add ORG --tier 1 --owner NAME`, or import a list with `sphere targets import FILE`."
        );
        return;
    }
    let mut t = table(&["tier", "account", "domain", "owner", "people", "note"]);
    for a in list {
        t.add_row(vec![
            a.tier.to_string(),
            format!("{} (id {})", a.organization.name, a.organization.id),
            a.organization.domain.clone(),
            name(a.owner.as_ref()),
            a.people_count.to_string(),
            a.note.clone(),
        ]);
    }
    println!("{t}");
    println!(
        "{} target account{}.",
        list.len(),
        if list.len() == 1 { "" } else { "s" }
    );
}

fn import(
    sphere: &Sphere,
    json: bool,
    file: &std::path::Path,
    tier: Option<u8>,
    owner: Option<&String>,
    yes: bool,
) -> Result<(), ApiError> {
    check_tier(tier)?;
    let req = TargetImportRequest {
        text: read_input(file)?,
        tier,
        owner_id: person_id(sphere, owner)?,
    };
    let preview = sphere.target_import_preview(req.clone())?;
    let writes = preview.mark + preview.update + preview.create;
    // With --json the preview is printed only when nothing is written; a commit prints its
    // result (one JSON document either way).
    if !json {
        print_import_preview(&preview);
    }
    if preview.errors > 0 {
        // The import is all or nothing: a line that cannot be read stops it.
        if yes {
            return Err(ApiError::invalid(
                "file",
                format!(
                    "{} cannot be imported: {} line{} cannot be read ({}); fix {} and run again. Nothing was written.",
                    file.display(),
                    preview.errors,
                    if preview.errors == 1 { "" } else { "s" },
                    error_lines(&preview),
                    if preview.errors == 1 { "it" } else { "them" }
                ),
            ));
        }
        return emit(json, &preview, |_| {
            println!("Nothing was written. Fix the lines with an error, then run again with --yes.")
        });
    }
    if writes == 0 {
        return emit(json, &preview, |_| {
            println!("Nothing to import; nothing was written.")
        });
    }
    let asked = !yes && std::io::stdin().is_terminal() && !json;
    if !yes && !asked {
        return emit(json, &preview, |_| {
            println!("Nothing was written. Run again with --yes to import.")
        });
    }
    if asked {
        confirm(
            false,
            &format!(
                "Mark {} account{}, update {}, create {} organization{}?",
                preview.mark,
                if preview.mark == 1 { "" } else { "s" },
                preview.update,
                preview.create,
                if preview.create == 1 { "" } else { "s" }
            ),
        )
        .map_err(|_| ApiError::invalid("yes", "cancelled; nothing was written"))?;
    }
    let result = sphere.target_import_commit(req)?;
    emit(json, &result, |r| {
        println!(
            "Marked {}, updated {}, created {} organization{}; {} target accounts now.",
            r.marked,
            r.updated,
            r.created,
            if r.created == 1 { "" } else { "s" },
            r.targets
        )
    })
}

/// "line 6: `7` is not a tier; line 9: …" (the first three).
fn error_lines(p: &TargetImportPreview) -> String {
    let errors: Vec<String> = p
        .rows
        .iter()
        .filter(|r| r.outcome == TargetImportOutcome::Error)
        .take(3)
        .map(|r| {
            format!(
                "line {}: {}",
                r.line,
                r.message.as_deref().unwrap_or("unreadable")
            )
        })
        .collect();
    let more = (p.errors as usize).saturating_sub(errors.len());
    if more > 0 {
        format!("{}; {more} more", errors.join("; "))
    } else {
        errors.join("; ")
    }
}

fn outcome_word(o: TargetImportOutcome) -> &'static str {
    match o {
        TargetImportOutcome::Mark => "mark",
        TargetImportOutcome::Update => "update",
        TargetImportOutcome::Create => "create",
        TargetImportOutcome::Duplicate => "duplicate",
        TargetImportOutcome::Error => "error",
    }
}

fn print_import_preview(p: &TargetImportPreview) {
    let mut t = table(&[
        "line",
        "as written",
        "outcome",
        "account",
        "tier",
        "owner",
        "how / what is wrong",
    ]);
    for r in &p.rows {
        let written = match (&r.name, &r.domain) {
            (Some(n), Some(d)) => format!("{n} ({d})"),
            (Some(n), None) => n.clone(),
            (None, Some(d)) => d.clone(),
            (None, None) => String::new(),
        };
        t.add_row(vec![
            r.line.to_string(),
            written,
            outcome_word(r.outcome).to_string(),
            r.organization
                .as_ref()
                .map_or_else(String::new, |o| o.name.clone()),
            r.tier.to_string(),
            name(r.owner.as_ref()),
            r.message
                .clone()
                .or_else(|| r.matched_by.clone())
                .unwrap_or_default(),
        ]);
    }
    println!("{t}");
    println!(
        "{} to mark, {} to update, {} new organization{}, {} duplicate{}, {} error{}.",
        p.mark,
        p.update,
        p.create,
        if p.create == 1 { "" } else { "s" },
        p.duplicate,
        if p.duplicate == 1 { "" } else { "s" },
        p.errors,
        if p.errors == 1 { "" } else { "s" }
    );
}

pub(super) fn roles(sphere: &Sphere, json: bool, cmd: RolesCmd) -> Result<(), ApiError> {
    match cmd {
        RolesCmd::Set {
            person,
            roles,
            clear,
        } => {
            let id = sphere.resolve_person(&person)?.id;
            let mut unique = Vec::new();
            for r in roles {
                if !unique.contains(&r) {
                    unique.push(r);
                }
            }
            let set = sphere.role_set(RoleSetRequest {
                person_id: id,
                roles: if clear { Vec::new() } else { unique },
            })?;
            emit(json, &set, print_person_roles)
        }
        RolesCmd::Show { person } => {
            let id = sphere.resolve_person(&person)?.id;
            let roles = sphere.role_get(IdRequest { id })?;
            emit(json, &roles, print_person_roles)
        }
        RolesCmd::Template { tier, roles } => {
            let templates = match (tier, roles) {
                (Some(tier), Some(roles)) => {
                    check_tier(Some(tier))?;
                    let mut parsed = Vec::new();
                    for r in roles.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
                        let role = parse_role(r).map_err(|m| ApiError::invalid("roles", m))?;
                        if !parsed.contains(&role) {
                            parsed.push(role);
                        }
                    }
                    sphere.role_template_set(RoleTemplate {
                        tier,
                        roles: parsed,
                    })?
                }
                _ => sphere.role_templates(Empty {})?,
            };
            emit(json, &templates, |t| {
                for tpl in &t.templates {
                    println!("Tier {}: {}", tpl.tier, roles_text(&tpl.roles));
                }
            })
        }
    }
}

fn print_person_roles(r: &PersonRoles) {
    let at = r
        .person
        .organization_name
        .as_deref()
        .map_or_else(String::new, |o| format!(" at {o}"));
    let title = if r.person.title.is_empty() {
        String::new()
    } else {
        format!(", {}", r.person.title)
    };
    println!("{}{title}{at}", r.person.display_name);
    println!("  roles:      {}", roles_text(&r.roles));
    println!(
        "  suggested:  {}{}",
        roles_text(&r.suggested),
        if r.suggested.is_empty() {
            ""
        } else {
            " (from the title; confirm with `sphere roles set`)"
        }
    );
    println!("  seniority:  {}", r.seniority.map_or("—", |s| s.label()));
    let functions: Vec<&str> = r.functions.iter().map(|f| f.as_str()).collect();
    println!(
        "  functions:  {}",
        if functions.is_empty() {
            "—".into()
        } else {
            functions.join(", ")
        }
    );
}

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

fn print_coverage(r: &CoverageReport) {
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
