//! Imports: the interaction-log import command (and the bulk generator the CLI and the
//! benchmarks use).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Sphere;
pub use crate::synth::{SynthOptions, SynthSummary};
use sphere_domain::error::ApiError;
pub use sphere_import::ImportSummary;

/// An interaction log as CSV text (see `sphere_import::log` for the columns).
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
        let source = sphere_import::clean_source(req.source.as_deref())?;
        // Parse and check before taking the lock: a bad file costs nobody else any time.
        let rows = sphere_import::log::parse(&req.csv)?;
        let mut core = self.store()?;
        let summary = sphere_import::write_rows(&mut core.store, &source, &rows)?;
        core.reload()?;
        Ok(summary)
    }
}

impl Sphere {
    /// Fills an empty database with a synthetic sales network (see [`crate::synth`]) and
    /// rebuilds the graph. For benchmarks and load tests: not one of the UI's commands.
    pub fn synth_load(&self, opts: SynthOptions) -> Result<SynthSummary, ApiError> {
        let mut core = self.store()?;
        let summary = crate::synth::generate(&mut core.store, &opts)?;
        core.reload()?;
        Ok(summary)
    }
}

// ---------------------------------------------------------------------------------------------
// Address-book imports

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use base64::Engine as _;

use sphere_domain::{Id, Person};
use sphere_import::contact::Format;
pub use sphere_import::contact::Skip;
pub use sphere_import::contacts::{
    AbbreviatedOrg, Action, DuplicateProposal, ImportPreview, ImportResult, PreviewRow, Progress,
};

/// The largest file an import reads (a 30,000-connection LinkedIn export is about 3 MB).
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// The largest request body a command that carries a file accepts over HTTP: the largest
/// import, base64, plus room for the rest of the request.
pub const LARGE_BODY_BYTES: usize = MAX_IMPORT_BYTES / 3 * 4 + (1 << 20);

/// The largest request body of every other command: ample for the longest note (10,000
/// characters) or a draft to lint, far below what a hostile client could make the server hold.
pub const SMALL_BODY_BYTES: usize = 1 << 20;

/// The commands whose request carries a whole file (an import, a backup) or a list as long as
/// one (the decisions about an address book's changes).
pub const LARGE_BODY_COMMANDS: &[&str] = &[
    "import_log",
    "import_preview",
    "import_commit",
    "backup_restore",
    "sync_commit",
    "target_import_preview",
    "target_import_commit",
];

/// The largest request body `command` accepts over HTTP.
pub fn body_limit(command: &str) -> usize {
    if LARGE_BODY_COMMANDS.contains(&command) {
        LARGE_BODY_BYTES
    } else {
        SMALL_BODY_BYTES
    }
}

/// A file to import and what the user decided about it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct ImportFileRequest {
    /// The file's name, as the user picked it (shown in messages, recorded as the source).
    pub file_name: String,
    /// The file's bytes, base64 (standard alphabet).
    pub data: String,
    /// The format; detected from the contents when absent.
    #[ts(optional)]
    pub format: Option<Format>,
    /// The team member whose export this is; the user (the centre) when absent.
    #[ts(optional, type = "number")]
    pub as_member: Option<Id>,
    /// Full names for abbreviated organization names, by the name as written in the file.
    #[ts(optional)]
    pub org_names: Option<HashMap<String, String>>,
    /// Lines whose proposed duplicate is accepted (merged into that person).
    #[ts(optional, type = "number[]")]
    pub merges: Option<Vec<u64>>,
    /// A job id chosen by the caller, to follow progress and to cancel.
    #[ts(optional)]
    pub job: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct JobRequest {
    pub job: String,
}

/// Where a job stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct JobStatus {
    pub job: String,
    /// Unknown job ids (never started, or finished a while ago) are `false` here.
    pub running: bool,
    pub cancel_requested: bool,
    pub progress: Option<Progress>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The person who stays.
    #[ts(type = "number")]
    pub keep: Id,
    /// The person merged into them (deleted afterwards).
    #[ts(type = "number")]
    pub merge: Id,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MergeResult {
    pub person: Person,
    pub facts_moved: u32,
    pub interactions_moved: u32,
    pub relationships_moved: u32,
    /// Relationships both had with the same person, joined into one.
    pub relationships_joined: u32,
    /// What the merged person could not keep within the limits every person has (more than
    /// 100 emails, phones or tags; notes past 10,000 characters), in words. Usually empty.
    pub left_out: Vec<String>,
}

/// A callback told of every job's progress (the CLI draws it as a progress line; the
/// desktop UI polls `import_progress`).
pub type ProgressSink = Arc<dyn Fn(&str, &Progress) + Send + Sync>;

#[derive(Default)]
struct Job {
    cancel: Arc<AtomicBool>,
    progress: Option<Progress>,
}

/// Running jobs, and who hears of their progress.
#[derive(Default)]
pub(crate) struct Jobs {
    running: Mutex<HashMap<String, Job>>,
    sink: Mutex<Option<ProgressSink>>,
}

impl Jobs {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Job>> {
        self.running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn status(&self, job: &str) -> JobStatus {
        let jobs = self.lock();
        let j = jobs.get(job);
        JobStatus {
            job: job.to_string(),
            running: j.is_some(),
            cancel_requested: j
                .is_some_and(|j| j.cancel.load(std::sync::atomic::Ordering::Relaxed)),
            progress: j.and_then(|j| j.progress.clone()),
        }
    }
}

/// Removes a job from the running list when the import ends, however it ends.
pub(crate) struct JobGuard<'a> {
    jobs: &'a Jobs,
    id: String,
}

impl Drop for JobGuard<'_> {
    fn drop(&mut self) {
        self.jobs.lock().remove(&self.id);
    }
}

fn read_request(
    req: &ImportFileRequest,
) -> Result<
    (
        sphere_import::contact::Parsed,
        sphere_import::contacts::Options,
    ),
    ApiError,
> {
    if req.data.len() > MAX_IMPORT_BYTES / 3 * 4 + 4 {
        return Err(ApiError::invalid(
            "data",
            format!(
                "the file is larger than {} MB; split it and import the parts",
                MAX_IMPORT_BYTES / 1024 / 1024
            ),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(req.data.trim())
        .map_err(|e| ApiError::invalid("data", format!("the file's bytes are not base64: {e}")))?;
    let parsed = sphere_import::read_contacts(&bytes, req.format).map_err(|e| {
        let mut e = ApiError::from(e);
        if !req.file_name.is_empty() {
            e.message = format!("{}: {}", req.file_name, e.message);
        }
        e
    })?;
    let opts = sphere_import::contacts::Options {
        owner: req.as_member,
        org_names: req.org_names.clone().unwrap_or_default(),
        merges: req.merges.iter().flatten().copied().collect(),
        file_name: req.file_name.trim().to_string(),
    };
    Ok((parsed, opts))
}

impl Sphere {
    /// Tells `sink` of every import's progress as it happens (the CLI draws it).
    pub fn set_progress_sink(&self, sink: ProgressSink) {
        *self
            .jobs
            .sink
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(sink);
    }

    pub fn import_preview(&self, req: ImportFileRequest) -> Result<ImportPreview, ApiError> {
        let (parsed, opts) = read_request(&req)?;
        let core = self.store()?;
        Ok(sphere_import::contacts::plan(core.db(), parsed, &opts)?.into_preview())
    }

    /// Registers the job `job` (none when it is empty): its cancel flag, and the guard that
    /// removes it from the running list when dropped. A job id already running is refused.
    pub(crate) fn start_job(
        &self,
        job: &str,
    ) -> Result<(Arc<AtomicBool>, Option<JobGuard<'_>>), ApiError> {
        let cancel = Arc::new(AtomicBool::new(false));
        if job.is_empty() {
            return Ok((cancel, None));
        }
        let mut jobs = self.jobs.lock();
        if jobs.contains_key(job) {
            return Err(ApiError::conflict(format!(
                "job `{job}` is already running"
            )));
        }
        jobs.insert(
            job.to_string(),
            Job {
                cancel: cancel.clone(),
                progress: None,
            },
        );
        Ok((
            cancel,
            Some(JobGuard {
                jobs: &self.jobs,
                id: job.to_string(),
            }),
        ))
    }

    /// Records `job`'s progress (for `import_progress`) and tells the progress sink.
    pub(crate) fn job_reporter<'a>(&'a self, job: &'a str) -> impl FnMut(Progress) + 'a {
        let sink = self
            .jobs
            .sink
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        move |p: Progress| {
            if job.is_empty() {
                return;
            }
            if let Some(j) = self.jobs.lock().get_mut(job) {
                j.progress = Some(p.clone());
            }
            if let Some(sink) = &sink {
                sink(job, &p);
            }
        }
    }

    pub fn import_commit(&self, req: ImportFileRequest) -> Result<ImportResult, ApiError> {
        let job = req.job.clone().unwrap_or_default();
        let (cancel, _guard) = self.start_job(&job)?;
        let mut report = self.job_reporter(&job);
        report(Progress {
            phase: "reading".into(),
            done: 0,
            total: 0,
        });
        let (parsed, opts) = read_request(&req)?;
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(ApiError::new(
                sphere_domain::error::ErrorKind::Cancelled,
                "the import was cancelled; nothing was written",
            ));
        }
        let mut core = self.store()?;
        let plan = sphere_import::contacts::plan(core.db(), parsed, &opts)?;
        let photos = core.store.photos();
        let result = core.store.write_bulk_as("importing contacts", |tx| {
            sphere_import::contacts::commit(tx, &plan, photos.as_ref(), &mut report, &cancel)
        })?;
        core.reload()?;
        Ok(result)
    }

    pub fn import_progress(&self, req: JobRequest) -> Result<JobStatus, ApiError> {
        Ok(self.jobs.status(&req.job))
    }

    pub fn import_cancel(&self, req: JobRequest) -> Result<JobStatus, ApiError> {
        if let Some(j) = self.jobs.lock().get(&req.job) {
            j.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(self.jobs.status(&req.job))
    }

    pub fn person_merge(&self, req: MergeRequest) -> Result<MergeResult, ApiError> {
        let mut core = self.store()?;
        let now = core.now();
        let merged = core.store.write(|tx| {
            Ok(sphere_store::merge::merge_people(
                tx, req.keep, req.merge, now,
            )?)
        })?;
        core.reload()?;
        Ok(MergeResult {
            person: sphere_store::get_person(core.db(), req.keep)?,
            facts_moved: merged.facts_moved,
            interactions_moved: merged.interactions_moved,
            relationships_moved: merged.relationships_moved,
            relationships_joined: merged.relationships_joined,
            left_out: merged.left_out,
        })
    }
}

/// A job registered for one command (see [`Sphere::begin_job`]): its cancel flag, and its
/// entry in the running list while this lives.
pub(crate) struct JobHandle<'a> {
    pub(crate) cancel: Arc<AtomicBool>,
    _guard: Option<JobGuard<'a>>,
    job: String,
    jobs: &'a Jobs,
    sink: Option<ProgressSink>,
}

impl JobHandle<'_> {
    /// Records and announces progress (nothing for a command run without a job id).
    pub(crate) fn report(&self, p: Progress) {
        if self.job.is_empty() {
            return;
        }
        if let Some(j) = self.jobs.lock().get_mut(&self.job) {
            j.progress = Some(p.clone());
        }
        if let Some(sink) = &self.sink {
            sink(&self.job, &p);
        }
    }
}

impl Sphere {
    /// Registers `job` (none when empty) for `import_progress` and `import_cancel`; a job id
    /// already running is a conflict.
    pub(crate) fn begin_job(&self, job: Option<&str>) -> Result<JobHandle<'_>, ApiError> {
        let job = job.unwrap_or_default().to_string();
        let cancel = Arc::new(AtomicBool::new(false));
        let guard = if job.is_empty() {
            None
        } else {
            let mut jobs = self.jobs.lock();
            if jobs.contains_key(&job) {
                return Err(ApiError::conflict(format!(
                    "job `{job}` is already running"
                )));
            }
            jobs.insert(
                job.clone(),
                Job {
                    cancel: cancel.clone(),
                    progress: None,
                },
            );
            Some(JobGuard {
                jobs: &self.jobs,
                id: job.clone(),
            })
        };
        let sink = self
            .jobs
            .sink
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        Ok(JobHandle {
            cancel,
            _guard: guard,
            job,
            jobs: &self.jobs,
            sink,
        })
    }
}
