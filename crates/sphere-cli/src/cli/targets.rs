//! `sphere targets …` (target accounts: mark, list, remove, import a list) and `sphere roles …`
//! (the roles people hold in a buying group, and the role template of each tier).

use std::io::IsTerminal;

use sphere_api::*;
use sphere_domain::account::{AccountRole, RoleTemplate, TargetInput};
use sphere_domain::{Id, Organization, PersonRef};

use super::args::{RolesCmd, TargetsCmd, parse_role};
use super::output::table;
use super::{confirm, emit, read_input};

/// An organization on record, by full name or id; says how to add it when there is none.
pub(super) fn organization(sphere: &Sphere, needle: &str) -> Result<Organization, ApiError> {
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

pub(super) fn person_id(sphere: &Sphere, needle: Option<&String>) -> Result<Option<Id>, ApiError> {
    needle
        .map(|p| sphere.resolve_person(p).map(|p| p.id))
        .transpose()
}

pub(super) fn check_tier(tier: Option<u8>) -> Result<(), ApiError> {
    match tier {
        Some(t) if !(1..=3).contains(&t) => Err(ApiError::invalid(
            "tier",
            format!("tier must be 1 to 3, got {t}"),
        )),
        _ => Ok(()),
    }
}

pub(super) fn name(p: Option<&PersonRef>) -> String {
    p.map_or_else(|| "—".into(), |p| p.display_name.clone())
}

pub(super) fn roles_text(roles: &[AccountRole]) -> String {
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
