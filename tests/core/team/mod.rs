//! Team mode on the device: what leaves it (the outbound projection, property-tested on
//! random files full of private words), the sync against a stand-in server (two members,
//! offline edits, conflicts, share levels, never-share, leave) and, with PostgreSQL, against
//! the real team server. Every device runs on a fixed clock.

mod e2e;
mod fake;
mod flows;
mod privacy;

use chrono::{DateTime, Duration, TimeZone, Utc};
use sphere_api::domain::*;
use sphere_api::*;

pub(super) type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The instant devices start at; each device's clock is an offset from it.
pub(super) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// A device: a database valued at a fixed instant, in a folder that lives as long as it.
pub(super) struct Device {
    pub s: Sphere,
    dir: tempfile::TempDir,
}

impl std::ops::Deref for Device {
    type Target = Sphere;
    fn deref(&self) -> &Sphere {
        &self.s
    }
}

impl Device {
    /// A new device whose clock reads `t0 + minutes`.
    pub fn at(minutes: i64) -> Result<Device, Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let s = Sphere::open_as_of(
            &dir.path().join("sphere.db"),
            t0() + Duration::minutes(minutes),
        )?;
        Ok(Device { s, dir })
    }

    /// The same file with the clock moved to `t0 + minutes`.
    pub fn later(self, minutes: i64) -> Result<Device, Box<dyn std::error::Error>> {
        let Device { s, dir } = self;
        drop(s);
        let s = Sphere::open_as_of(
            &dir.path().join("sphere.db"),
            t0() + Duration::minutes(minutes),
        )?;
        Ok(Device { s, dir })
    }

    pub fn join(&self, server: &str) -> Result<TeamStatus, ApiError> {
        self.s.team_join(TeamJoinRequest {
            server: server.into(),
            invite: "good".into(),
            device: Some("laptop".into()),
        })
    }

    pub fn me(&self, name: &str) -> Result<Id, ApiError> {
        Ok(self
            .s
            .person_create(PersonInput {
                first_name: name.into(),
                ring: Some(Ring::Centre),
                ..Default::default()
            })?
            .id)
    }

    pub fn person(
        &self,
        first: &str,
        last: &str,
        email: Option<&str>,
        title: &str,
    ) -> Result<Id, ApiError> {
        Ok(self
            .s
            .person_create(PersonInput {
                first_name: first.into(),
                last_name: Some(last.into()),
                emails: email.map(|e| vec![e.to_string()]),
                title: Some(title.into()),
                ..Default::default()
            })?
            .id)
    }

    pub fn set_title(&self, id: Id, title: &str) -> Result<(), ApiError> {
        let p = self.s.person_get(DetailRequest::id(id))?.person;
        self.s.person_update(PersonUpdate {
            id,
            person: PersonInput {
                first_name: p.first_name,
                last_name: Some(p.last_name),
                emails: Some(p.emails),
                title: Some(title.into()),
                organization_id: p.organization_id,
                ring: p.ring_pinned.then_some(p.ring),
                is_team: Some(p.is_team),
                tags: Some(p.tags),
                notes: Some(p.notes),
                phones: Some(p.phones),
            },
        })?;
        Ok(())
    }

    pub fn title(&self, id: Id) -> Result<String, ApiError> {
        Ok(self.s.person_get(DetailRequest::id(id))?.person.title)
    }

    pub fn sync(&self) -> Result<TeamSyncReport, ApiError> {
        self.s.team_sync(Empty {})
    }
}
