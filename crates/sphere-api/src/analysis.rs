//! Raw graph queries for analysis and benchmarks: paths between any two people in ids, the
//! strengths of every tie, one single-source Dijkstra. Not commands of the UI (they explain
//! nothing and draft nothing), but the same graph and the same search as `path_find`.

use super::Sphere;
use sphere_domain::Id;
use sphere_domain::error::ApiError;
use sphere_graph::{PathAnswer, PathSpec};

impl Sphere {
    /// The k best paths for `spec`, in ids, with any people as the start (not only the user
    /// and the team).
    pub fn raw_paths(&self, spec: &PathSpec) -> Result<PathAnswer, ApiError> {
        let mut core = self.store()?;
        core.revalue();
        Ok(core.graph.find_paths(spec))
    }

    /// Every relationship as `(id, person_a, person_b, strength)`, by id.
    pub fn tie_strengths(&self) -> Result<Vec<(Id, Id, Id, f64)>, ApiError> {
        let mut core = self.store()?;
        core.revalue();
        Ok(core.graph.snapshot(None).ties)
    }

    /// Runs one single-source Dijkstra over path costs from `person`; returns how many people
    /// it reached.
    pub fn single_source_reach(&self, person: Id) -> Result<usize, ApiError> {
        Ok(self.store()?.graph.single_source_reach(person))
    }
}
