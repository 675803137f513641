//! Imports: the interaction-log import command (and the bulk generator the CLI and the
//! benchmarks use).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Sphere;
use crate::error::ApiError;
pub use crate::import::ImportSummary;
pub use crate::synth::{SynthOptions, SynthSummary};

/// An interaction log as CSV text (see `sphere::import::log` for the columns).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct ImportLogRequest {
    /// The file's text: a header line (`from,to,at` and optionally `kind`, `from_name`,
    /// `to_name`), then one interaction per line.
    pub csv: String,
    /// Whose keys `from` and `to` are (default `log`): importing the same source again finds
    /// the people it created before.
    #[ts(optional)]
    pub source: Option<String>,
}

impl Sphere {
    /// Imports an interaction log: people by key (created on first sight), a relationship
    /// per new pair, an interaction per row; all or nothing. Rebuilds the graph afterwards.
    pub fn import_log(&self, req: ImportLogRequest) -> Result<ImportSummary, ApiError> {
        let source = crate::import::clean_source(req.source.as_deref())?;
        // Parse and check before taking the lock: a bad file costs nobody else any time.
        let rows = crate::import::log::parse(&req.csv)?;
        let mut core = self.store();
        let summary = crate::import::write_rows(&mut core.store, &source, &rows)?;
        core.reload()?;
        Ok(summary)
    }
}

impl Sphere {
    /// Fills an empty database with a synthetic sales network (see [`crate::synth`]) and
    /// rebuilds the graph. For benchmarks and load tests: not one of the UI's commands.
    pub fn synth_load(&self, opts: SynthOptions) -> Result<SynthSummary, ApiError> {
        let mut core = self.store();
        let summary = crate::synth::generate(&mut core.store, &opts)?;
        core.reload()?;
        Ok(summary)
    }
}
