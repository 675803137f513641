//! The manager's review through the command set: coverage figures and verdicts on
//! hand-built networks, what-if against a recomputation without the person, role templates,
//! target lists, and what a manager's view may carry. Every network is valued at a fixed
//! instant ([`NOW`]).

mod import;
mod networks;
mod privacy;
mod what_if;

use chrono::{DateTime, Duration, TimeZone, Utc};
use sphere_api::domain::account::TargetInput;
use sphere_api::domain::*;
use sphere_api::*;

pub(super) type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The instant every network here is valued at.
pub(super) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// A database valued at [`now`], in a folder that lives as long as the value.
pub(super) struct Db {
    pub s: Sphere,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for Db {
    type Target = Sphere;
    fn deref(&self) -> &Sphere {
        &self.s
    }
}

pub(super) fn open() -> Result<Db, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let s = Sphere::open_as_of(&dir.path().join("sphere.db"), now())?;
    Ok(Db { s, _dir: dir })
}

pub(super) fn org(s: &Sphere, name: &str) -> Result<Id, ApiError> {
    Ok(s.org_create(OrganizationInput {
        name: name.into(),
        ..Default::default()
    })?
    .id)
}

pub(super) fn person(
    s: &Sphere,
    name: &str,
    org: Option<Id>,
    title: &str,
    ring: Option<Ring>,
    team: bool,
) -> Result<Id, ApiError> {
    Ok(s.person_create(PersonInput {
        first_name: name.into(),
        organization_id: org,
        title: Some(title.into()),
        ring,
        is_team: Some(team),
        ..Default::default()
    })?
    .id)
}

pub(super) fn tie(s: &Sphere, a: Id, b: Id) -> Result<Id, ApiError> {
    Ok(s.tie_create(RelationshipInput {
        person_a: a,
        person_b: b,
        kind: TieKind::Colleague,
        since: None,
        how_met: None,
        strength_override: None,
        override_reason: None,
    })?
    .id)
}

/// An interaction `days` before [`now`] between `a` and `b`, started by `initiator`.
pub(super) fn met(
    s: &Sphere,
    kind: InteractionKind,
    a: Id,
    b: Id,
    days: i64,
    initiator: Option<Id>,
) -> Result<(), ApiError> {
    s.interaction_log(InteractionInput {
        occurred_at: now() - Duration::days(days),
        kind,
        participants: vec![a, b],
        initiator_id: initiator,
        note: None,
        outcome: None,
    })?;
    Ok(())
}

/// A warm tie with recent two-way contact: three meetings in the last two months.
pub(super) fn thread(s: &Sphere, a: Id, b: Id) -> Result<(), ApiError> {
    tie(s, a, b)?;
    for days in [5, 25, 50] {
        met(s, InteractionKind::Meeting, a, b, days, None)?;
    }
    Ok(())
}

pub(super) fn target(s: &Sphere, org: Id, tier: u8) -> Result<(), ApiError> {
    s.target_set(TargetInput {
        organization_id: org,
        owner_id: None,
        tier: Some(tier),
        note: None,
    })?;
    Ok(())
}

/// The row of one account in the team's coverage.
pub(super) fn row(s: &Sphere, org: Id) -> Result<AccountRow, Box<dyn std::error::Error>> {
    let report = s.coverage(CoverageQuery::default())?;
    report
        .accounts
        .into_iter()
        .find(|a| a.organization.id == org)
        .ok_or_else(|| format!("organization {org} has no coverage row").into())
}
