//! The graph's records, read from the store: the adapter between `sphere-store` and
//! `sphere-graph`, which know nothing of each other.

use chrono::{DateTime, Utc};
use sphere_domain::Id;
use sphere_domain::error::CoreResult;
use sphere_domain::ledger;
use sphere_domain::records::{PersonRecord, TieRecord};
use sphere_store::{Db, ledger as store_ledger, stats};

/// The store as the graph's [`sphere_graph::Source`].
pub(crate) struct StoreSource<'a>(pub(crate) Db<'a>);

impl sphere_graph::Source for StoreSource<'_> {
    fn person_records(&self) -> CoreResult<Vec<PersonRecord>> {
        Ok(stats::all_person_records(self.0)?)
    }

    fn person_record(&self, id: Id) -> CoreResult<Option<PersonRecord>> {
        Ok(stats::person_record_of(self.0, id)?)
    }

    fn tie_count(&self) -> CoreResult<usize> {
        Ok(stats::tie_count(self.0)?)
    }

    fn for_each_tie(&self, f: &mut dyn FnMut(TieRecord)) -> CoreResult<()> {
        Ok(stats::for_each_tie_record(self.0, f)?)
    }

    fn tie_records(&self, ids: &[Id]) -> CoreResult<Vec<TieRecord>> {
        Ok(stats::tie_records(self.0, ids)?)
    }

    fn half_life_days(&self) -> CoreResult<f64> {
        Ok(stats::half_life_days(self.0)?)
    }

    fn ledger_entries(&self, since: DateTime<Utc>) -> CoreResult<Vec<(Id, ledger::Entry)>> {
        Ok(store_ledger::entries_since(self.0, since)?)
    }

    fn ledger_entries_of(
        &self,
        person: Id,
        since: DateTime<Utc>,
    ) -> CoreResult<Vec<ledger::Entry>> {
        Ok(store_ledger::entries_of(self.0, person, since)?)
    }

    fn ledger_half_life_days(&self) -> CoreResult<f64> {
        Ok(store_ledger::half_life_days(self.0)?)
    }
}
