//! Team mode on this device: joining a team server, what is shared (and what never is), the
//! sync (push the shareable changes, pull the team's), conflicts, and the team's paths and
//! coverage computed on the server.

mod types;

pub use types::*;

use crate::{CoverageQuery, CoverageReport, Empty, Sphere};
use sphere_domain::error::{ApiError, ErrorKind};
use sphere_domain::team::{Invite, InviteRequest, ShareRequest};

// BUILDING (helper `client` replaces every body below before this lands).
fn building() -> ApiError {
    ApiError::new(ErrorKind::Internal, "team mode is being built")
}

impl Sphere {
    pub fn team_status(&self, _: Empty) -> Result<TeamStatus, ApiError> {
        Err(building())
    }
    pub fn team_join(&self, _: TeamJoinRequest) -> Result<TeamStatus, ApiError> {
        Err(building())
    }
    pub fn team_leave(&self, _: TeamLeaveRequest) -> Result<TeamStatus, ApiError> {
        Err(building())
    }
    pub fn team_sync(&self, _: Empty) -> Result<TeamSyncReport, ApiError> {
        Err(building())
    }
    pub fn team_share_set(&self, _: ShareRequest) -> Result<TeamStatus, ApiError> {
        Err(building())
    }
    pub fn team_never_share(&self, _: TeamNeverShareRequest) -> Result<TeamStatus, ApiError> {
        Err(building())
    }
    pub fn team_conflicts(&self, _: Empty) -> Result<Vec<TeamConflict>, ApiError> {
        Err(building())
    }
    pub fn team_conflict_resolve(
        &self,
        _: TeamResolveRequest,
    ) -> Result<Vec<TeamConflict>, ApiError> {
        Err(building())
    }
    pub fn team_invite(&self, _: InviteRequest) -> Result<Invite, ApiError> {
        Err(building())
    }
    pub fn team_coverage(&self, _: CoverageQuery) -> Result<CoverageReport, ApiError> {
        Err(building())
    }
    pub fn team_paths(&self, _: TeamPathsRequest) -> Result<TeamPaths, ApiError> {
        Err(building())
    }
}
