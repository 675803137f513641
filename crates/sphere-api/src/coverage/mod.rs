//! The manager's review: target accounts, the roles people hold in them, and coverage (how
//! the team's relationships reach each account, where it hangs on one thread, what if
//! someone leaves). The rules are in `sphere_graph::coverage`; this module gathers what they
//! need from the store, names people, and keeps the weekly figures.
//!
//! **What a manager may see.** Every answer here carries people's names, titles and
//! organizations, strength *bands* and the *month* of the last two-way touch; never a note, a
//! fact, an interaction or a numeric strength (a test checks it over the API).

mod export;
mod import;
mod types;
mod view;
pub use view::what_if;

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

pub use types::*;

use super::{CoreGuard, Empty, IdRequest, Sphere};
use sphere_domain::account::{AccountRole, RoleTemplate, Target, TargetInput, Verdict};
use sphere_domain::error::{ApiError, ErrorKind};
use sphere_domain::validate;
use sphere_domain::{Id, PersonRef, Ring};
use sphere_graph::coverage::{AccountCover, AccountSpec, CoverageInput, Leaves};
use sphere_graph::seniority;
use sphere_store::{self as store, accounts as store_accounts};

/// How many weeks of trend an account row carries.
pub const COVERAGE_TREND_WEEKS: i64 = 12;

/// The Monday of `at`'s week (UTC).
pub fn week_of(at: DateTime<Utc>) -> NaiveDate {
    let day = at.date_naive();
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// Where a coverage report finds the names of the people and organizations it mentions: the
/// local file ([`StoreDirectory`]) or, on the team server, the shared graph.
pub trait Directory {
    fn person(&self, id: Id) -> Result<PersonRef, ApiError>;
    fn organization(&self, id: Id) -> Result<OrgRef, ApiError>;
}

/// The local file as a [`Directory`].
pub(crate) struct StoreDirectory<'a>(pub store::Db<'a>);

impl Directory for StoreDirectory<'_> {
    fn person(&self, id: Id) -> Result<PersonRef, ApiError> {
        Ok(store::person_ref(self.0, id)?)
    }

    fn organization(&self, id: Id) -> Result<OrgRef, ApiError> {
        let o = store::get_organization(self.0, id)?;
        Ok(OrgRef {
            id: o.id,
            name: o.name,
            domain: o.domain,
        })
    }
}

/// Names people once per answer.
pub(crate) struct Names<'a> {
    dir: &'a dyn Directory,
    cache: HashMap<Id, PersonRef>,
}

impl<'a> Names<'a> {
    fn new(dir: &'a dyn Directory) -> Self {
        Self {
            dir,
            cache: HashMap::new(),
        }
    }

    fn get(&mut self, id: Id) -> Result<PersonRef, ApiError> {
        if let Some(p) = self.cache.get(&id) {
            return Ok(p.clone());
        }
        let p = self.dir.person(id)?;
        self.cache.insert(id, p.clone());
        Ok(p)
    }
}

/// The team as coverage sees it: the user (if recorded) first, then the colleagues marked as
/// team, by name.
fn team(core: &CoreGuard<'_>) -> Result<(Option<Id>, Vec<PersonRef>), ApiError> {
    let db = core.db();
    let me = store::centre_person(db)?.map(|p| p.id);
    let mut members: Vec<PersonRef> = Vec::new();
    if let Some(me) = me {
        members.push(store::person_ref(db, me)?);
    }
    let mut colleagues = store::team_members(db)?;
    colleagues.sort_by(|a, b| {
        a.display_name
            .to_lowercase()
            .cmp(&b.display_name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    members.extend(colleagues.into_iter().filter(|p| Some(p.id) != me));
    Ok((me, members))
}

/// A target account as lists show it.
fn target_view(core: &CoreGuard<'_>, t: &Target) -> Result<TargetAccount, ApiError> {
    let db = core.db();
    let summary = store::organization_summary(db, t.organization_id)?;
    Ok(TargetAccount {
        organization: OrgRef {
            id: summary.organization.id,
            name: summary.organization.name,
            domain: summary.organization.domain,
        },
        owner: t.owner_id.map(|o| store::person_ref(db, o)).transpose()?,
        tier: t.tier,
        note: t.note.clone(),
        people_count: summary.people_count,
        created_at: t.created_at,
        updated_at: t.updated_at,
    })
}

/// The owner of an account must be the user or a team member.
fn check_owner(core: &CoreGuard<'_>, owner: Option<Id>) -> Result<(), ApiError> {
    let Some(owner) = owner else {
        return Ok(());
    };
    let p = store::get_person(core.db(), owner)?;
    if p.is_team || p.ring == Ring::Centre {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "owner_id",
            format!(
                "{} is not on the team: an account's owner is you or a team member (mark them as team first)",
                p.display_name
            ),
        ))
    }
}

/// Everything one coverage computation gathered.
pub struct Computed {
    pub members: Vec<PersonRef>,
    pub me: Option<Id>,
    pub targets: Vec<Target>,
    pub covers: Vec<AccountCover>,
    pub now: DateTime<Utc>,
}

/// Who `if_leaves` names: a member of `members` leaves the team; anyone else with an
/// organization leaves it.
fn leaves_of(core: &CoreGuard<'_>, members: &[PersonRef], id: Id) -> Result<Leaves, ApiError> {
    if members.iter().any(|m| m.id == id) {
        return Ok(Leaves::Member(id));
    }
    let p = store::get_person(core.db(), id)?;
    match p.organization_id {
        Some(_) => Ok(Leaves::Account(id)),
        None => Err(ApiError::invalid(
            "if_leaves",
            format!(
                "{} is neither on the team nor at an organization: nobody to leave",
                p.display_name
            ),
        )),
    }
}

fn compute(
    core: &mut CoreGuard<'_>,
    q: &CoverageQuery,
    leaves: Leaves,
    members: &[PersonRef],
) -> Result<Computed, ApiError> {
    core.revalue();
    let now = core.now();
    let db = core.db();
    let me = store::centre_person(db)?.map(|p| p.id);
    let mut targets = store_accounts::targets(db)?;
    targets.retain(|t| {
        q.account_id.is_none_or(|a| a == t.organization_id)
            && q.owner_id.is_none_or(|o| Some(o) == t.owner_id)
            && q.tier.is_none_or(|tier| tier == t.tier)
    });
    let required: HashMap<u8, Vec<AccountRole>> = store_accounts::templates(db)?
        .into_iter()
        .map(|t| (t.tier, t.roles))
        .collect();
    let specs: Vec<AccountSpec> = targets
        .iter()
        .map(|t| AccountSpec {
            organization_id: t.organization_id,
            required: required.get(&t.tier).cloned().unwrap_or_default(),
        })
        .collect();
    let ids: Vec<Id> = members.iter().map(|m| m.id).collect();
    let last_two_way = store_accounts::last_two_way(db, &ids, now)?;
    let roles = store_accounts::roles(db)?;
    let covers = core.graph.coverage(&CoverageInput {
        accounts: &specs,
        members: &ids,
        last_two_way: &last_two_way,
        roles: &roles,
        now,
        leaves,
    });
    Ok(Computed {
        members: members.to_vec(),
        me,
        targets,
        covers,
        now,
    })
}

impl Sphere {
    pub fn target_list(&self, q: TargetQuery) -> Result<Vec<TargetAccount>, ApiError> {
        let core = self.store()?;
        let mut out = Vec::new();
        for t in store_accounts::targets(core.db())? {
            if q.owner_id.is_some_and(|o| Some(o) != t.owner_id)
                || q.tier.is_some_and(|tier| tier != t.tier)
            {
                continue;
            }
            out.push(target_view(&core, &t)?);
        }
        out.sort_by(|a, b| {
            a.tier.cmp(&b.tier).then(
                a.organization
                    .name
                    .to_lowercase()
                    .cmp(&b.organization.name.to_lowercase()),
            )
        });
        Ok(out)
    }

    /// Marks an organization as a target account, or changes one.
    pub fn target_set(&self, input: TargetInput) -> Result<TargetAccount, ApiError> {
        let clean = validate::target(&input)?;
        let mut core = self.store()?;
        check_owner(&core, clean.owner_id)?;
        let now = core.now();
        let t = core.write(
            |tx| Ok(store_accounts::set_target(tx, &clean, now)?),
            |_, _, _| Ok(()),
        )?;
        target_view(&core, &t)
    }

    /// Unmarks a target account (by organization id); returns what it was, to undo.
    pub fn target_remove(&self, req: IdRequest) -> Result<TargetAccount, ApiError> {
        let mut core = self.store()?;
        let before = store_accounts::target_of(core.db(), req.id)?.ok_or_else(|| {
            ApiError::not_found(format!("organization {} is not a target account", req.id))
        })?;
        let view = target_view(&core, &before)?;
        core.write(
            |tx| Ok(store_accounts::remove_target(tx, req.id)?),
            |_, _, _| Ok(()),
        )?;
        Ok(view)
    }

    pub fn target_import_preview(
        &self,
        req: TargetImportRequest,
    ) -> Result<TargetImportPreview, ApiError> {
        let core = self.store()?;
        let plan = import::plan(&core, &req)?;
        Ok(plan.preview())
    }

    pub fn target_import_commit(
        &self,
        req: TargetImportRequest,
    ) -> Result<TargetImportResult, ApiError> {
        let mut core = self.store()?;
        let plan = import::plan(&core, &req)?;
        import::commit(&mut core, plan)
    }

    /// A person's confirmed roles, and what their title suggests.
    pub fn role_get(&self, req: IdRequest) -> Result<PersonRoles, ApiError> {
        let core = self.store()?;
        person_roles(&core, req.id)
    }

    /// Sets a person's confirmed roles; they must be at an organization.
    pub fn role_set(&self, req: RoleSetRequest) -> Result<PersonRoles, ApiError> {
        let mut core = self.store()?;
        let p = store::get_person(core.db(), req.person_id)?;
        if p.organization_id.is_none() && !req.roles.is_empty() {
            return Err(ApiError::invalid(
                "person_id",
                format!(
                    "{} has no organization: roles are held at an account (set their organization first)",
                    p.display_name
                ),
            ));
        }
        let now = core.now();
        core.write(
            |tx| {
                Ok(store_accounts::set_roles(
                    tx,
                    req.person_id,
                    &req.roles,
                    now,
                )?)
            },
            |_, _, _| Ok(()),
        )?;
        person_roles(&core, req.person_id)
    }

    pub fn role_templates(&self, _: Empty) -> Result<RoleTemplates, ApiError> {
        Ok(RoleTemplates {
            templates: store_accounts::templates(self.store()?.db())?,
        })
    }

    /// Sets which roles a tier must cover.
    pub fn role_template_set(&self, t: RoleTemplate) -> Result<RoleTemplates, ApiError> {
        validate::tier("tier", &t.tier.to_string())?;
        let mut core = self.store()?;
        core.write(
            |tx| Ok(store_accounts::set_template(tx, t.tier, &t.roles)?),
            |_, _, _| Ok(()),
        )?;
        Ok(RoleTemplates {
            templates: store_accounts::templates(core.db())?,
        })
    }

    /// Coverage of the target accounts, riskiest first; with `if_leaves`, what that departure
    /// would do.
    pub fn coverage(&self, q: CoverageQuery) -> Result<CoverageReport, ApiError> {
        if let Some(t) = q.tier {
            validate::tier("tier", &t.to_string())?;
        }
        let mut core = self.store()?;
        let (_, team) = team(&core)?;
        let members: Vec<PersonRef> = match q.member_id {
            None => team.clone(),
            Some(m) => vec![team.iter().find(|p| p.id == m).cloned().ok_or_else(|| {
                ApiError::invalid(
                    "member_id",
                    format!("person {m} is not on the team (you or a colleague marked as team)"),
                )
            })?],
        };
        let total = store_accounts::targets(core.db())?.len() as u32;
        let computed = compute(&mut core, &q, Leaves::Nobody, &members)?;
        let what_if = match q.if_leaves {
            None => None,
            Some(id) => {
                let leaves = leaves_of(&core, &team, id)?;
                let after = compute(&mut core, &q, leaves, &members)?;
                Some(view::what_if(
                    &StoreDirectory(core.db()),
                    &computed,
                    &after,
                    leaves,
                    id,
                )?)
            }
        };
        if q.member_id.is_none() {
            record_week(&mut core, &computed)?;
        }
        let open = open_counts(&core)?;
        let weeks = weeks_of(&core, computed.now)?;
        report(
            &StoreDirectory(core.db()),
            &computed,
            Extras {
                total,
                verdict: q.verdict,
                open: &open,
                weeks,
                what_if,
            },
        )
    }

    /// The account page of a target account (by organization id).
    pub fn account_get(&self, req: IdRequest) -> Result<AccountDetail, ApiError> {
        let mut core = self.store()?;
        let target = store_accounts::target_of(core.db(), req.id)?;
        let Some(target) = target else {
            let org = store::get_organization(core.db(), req.id)?;
            return Err(ApiError::new(
                ErrorKind::NotFound,
                format!("{} is not a target account: mark it as one first", org.name),
            ));
        };
        let (_, team) = team(&core)?;
        let q = CoverageQuery {
            account_id: Some(req.id),
            ..CoverageQuery::default()
        };
        let computed = compute(&mut core, &q, Leaves::Nobody, &team)?;
        view::account_detail(&core, &computed, &target)
    }

    /// Coverage as CSV for the team meeting (the same filters as [`Sphere::coverage`]).
    pub fn coverage_export(&self, q: CoverageQuery) -> Result<CoverageFile, ApiError> {
        let report = self.coverage(CoverageQuery {
            if_leaves: None,
            ..q
        })?;
        export::to_csv(&report)
    }
}

/// Stores this week's figures for the accounts computed, once a week per account.
fn record_week(core: &mut CoreGuard<'_>, c: &Computed) -> Result<(), ApiError> {
    let week = week_of(c.now);
    let ids: Vec<Id> = c.covers.iter().map(|a| a.organization_id).collect();
    if ids.is_empty() || store_accounts::week_complete(core.db(), week, &ids)? {
        return Ok(());
    }
    let rows: Vec<store_accounts::WeekRow> = c
        .covers
        .iter()
        .map(|a| {
            let required = a.roles.iter().filter(|r| r.required).count() as u32;
            let covered = a
                .roles
                .iter()
                .filter(|r| r.required && r.state == sphere_graph::coverage::RoleState::Covered)
                .count() as u32;
            store_accounts::WeekRow {
                organization_id: a.organization_id,
                week,
                verdict: a.verdict,
                threads: a.threads.len() as u32,
                best_band: a
                    .best
                    .map(|b| sphere_domain::account::StrengthBand::of(b.strength)),
                roles_covered: covered,
                roles_required: required,
            }
        })
        .collect();
    match core.write(
        |tx| Ok(store_accounts::write_week(tx, &rows)?),
        |_, _, _| Ok(()),
    ) {
        Ok(_) => Ok(()),
        // A damaged file opened read-only, or another process writing: the figures are
        // recorded on the next look instead.
        Err(e) if matches!(e.kind, ErrorKind::Damaged | ErrorKind::Busy) => Ok(()),
        Err(e) => Err(e),
    }
}

/// A person's roles as the account page and the person page show them.
fn person_roles(core: &CoreGuard<'_>, person: Id) -> Result<PersonRoles, ApiError> {
    let db = core.db();
    let p = store::person_ref(db, person)?;
    let reading = seniority::read(&p.title);
    let roles = store_accounts::roles_of(db, person)?;
    Ok(PersonRoles {
        suggested: reading
            .suggested
            .into_iter()
            .filter(|r| !roles.contains(r))
            .collect(),
        roles,
        seniority: reading.seniority,
        functions: reading.functions,
        person: p,
    })
}

/// Open referral requests by organization.
fn open_counts(core: &CoreGuard<'_>) -> Result<HashMap<Id, u32>, ApiError> {
    Ok(store_accounts::open_requests(core.db())?
        .into_iter()
        .map(|(org, asks)| (org, asks.len() as u32))
        .collect())
}

/// The weekly figures of the trend, by organization, oldest first.
fn weeks_of(
    core: &CoreGuard<'_>,
    now: DateTime<Utc>,
) -> Result<HashMap<Id, Vec<WeekPoint>>, ApiError> {
    let since = week_of(now) - Duration::weeks(COVERAGE_TREND_WEEKS - 1);
    Ok(store_accounts::weeks_since(core.db(), since)?
        .into_iter()
        .map(|(org, rows)| {
            let points = rows
                .into_iter()
                .map(|w| WeekPoint {
                    week: w.week,
                    verdict: w.verdict,
                    threads: w.threads,
                    roles_covered: w.roles_covered,
                    roles_required: w.roles_required,
                })
                .collect();
            (org, points)
        })
        .collect())
}

/// What a report carries besides the computation.
pub struct Extras<'a> {
    /// Target accounts in all (before filters).
    pub total: u32,
    /// Only the accounts with this verdict.
    pub verdict: Option<Verdict>,
    /// Open referral requests by organization.
    pub open: &'a HashMap<Id, u32>,
    /// The trend by organization (none on the team server).
    pub weeks: HashMap<Id, Vec<WeekPoint>>,
    pub what_if: Option<WhatIf>,
}

/// A coverage report from a computation: the rows riskiest first, the counts by verdict. The
/// local `coverage` command and the team server both answer with it.
pub fn report(
    dir: &dyn Directory,
    computed: &Computed,
    extras: Extras<'_>,
) -> Result<CoverageReport, ApiError> {
    let mut rows = view::rows(dir, computed, extras.open, extras.weeks)?;
    if let Some(v) = extras.verdict {
        rows.retain(|r| r.verdict == v);
    }
    let by_verdict = Verdict::ALL
        .iter()
        .map(|v| VerdictCount {
            verdict: *v,
            count: rows.iter().filter(|r| r.verdict == *v).count() as u32,
        })
        .collect();
    Ok(CoverageReport {
        members: view::team_members(computed),
        accounts: rows,
        by_verdict,
        targets: extras.total,
        what_if: extras.what_if,
        valued_at: computed.now,
    })
}
