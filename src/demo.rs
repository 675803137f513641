//! The demo network (being written).
use chrono::{DateTime, Utc};

use crate::api::DemoSummary;
use crate::error::{CoreError, CoreResult};
use crate::store::Store;

pub const DEFAULT_SEED: u64 = 2026;

pub fn load(_store: &mut Store, _seed: u64, _now: DateTime<Utc>) -> CoreResult<DemoSummary> {
    Err(CoreError::Conflict("demo not ready".into()))
}
