//! One Tauri command per core command: each hands its one argument, `req`, to the same
//! method of [`Sphere`] and returns what the core returns. `ApiError` serializes as
//! `{kind, message, field?}`, which is what the UI's transport rejects with.
//!
//! **Architecture Invariant:** no logic here. Validation, storage and errors belong to the
//! core, so the desktop app, `sphere serve` and the CLI behave the same.
//!
//! `async` runs each command on Tauri's async runtime, never on the main (UI) thread, so a
//! slow query or the demo import cannot freeze the window.

use std::sync::Arc;

use sphere::Sphere;
use sphere::api::*;
use sphere::sensitivity::Category;
use tauri::State;

#[tauri::command(async)]
pub fn app_info(core: State<'_, Arc<Sphere>>, req: Empty) -> Result<AppInfo, ApiError> {
    core.app_info(req)
}

#[tauri::command(async)]
pub fn person_list(core: State<'_, Arc<Sphere>>, req: PersonQuery) -> Result<PersonPage, ApiError> {
    core.person_list(req)
}

#[tauri::command(async)]
pub fn person_get(core: State<'_, Arc<Sphere>>, req: IdRequest) -> Result<PersonDetail, ApiError> {
    core.person_get(req)
}

#[tauri::command(async)]
pub fn person_create(core: State<'_, Arc<Sphere>>, req: PersonInput) -> Result<Person, ApiError> {
    core.person_create(req)
}

#[tauri::command(async)]
pub fn person_update(core: State<'_, Arc<Sphere>>, req: PersonUpdate) -> Result<Person, ApiError> {
    core.person_update(req)
}

#[tauri::command(async)]
pub fn person_delete(core: State<'_, Arc<Sphere>>, req: IdRequest) -> Result<Person, ApiError> {
    core.person_delete(req)
}

#[tauri::command(async)]
pub fn org_list(
    core: State<'_, Arc<Sphere>>,
    req: OrgQuery,
) -> Result<Vec<OrganizationSummary>, ApiError> {
    core.org_list(req)
}

#[tauri::command(async)]
pub fn org_create(
    core: State<'_, Arc<Sphere>>,
    req: OrganizationInput,
) -> Result<Organization, ApiError> {
    core.org_create(req)
}

#[tauri::command(async)]
pub fn org_update(core: State<'_, Arc<Sphere>>, req: OrgUpdate) -> Result<Organization, ApiError> {
    core.org_update(req)
}

#[tauri::command(async)]
pub fn org_delete(core: State<'_, Arc<Sphere>>, req: IdRequest) -> Result<Organization, ApiError> {
    core.org_delete(req)
}

#[tauri::command(async)]
pub fn tie_list(core: State<'_, Arc<Sphere>>, req: TieQuery) -> Result<Vec<TieView>, ApiError> {
    core.tie_list(req)
}

#[tauri::command(async)]
pub fn tie_get(core: State<'_, Arc<Sphere>>, req: IdRequest) -> Result<TieView, ApiError> {
    core.tie_get(req)
}

#[tauri::command(async)]
pub fn tie_create(
    core: State<'_, Arc<Sphere>>,
    req: RelationshipInput,
) -> Result<Relationship, ApiError> {
    core.tie_create(req)
}

#[tauri::command(async)]
pub fn tie_update(core: State<'_, Arc<Sphere>>, req: TieUpdate) -> Result<Relationship, ApiError> {
    core.tie_update(req)
}

#[tauri::command(async)]
pub fn tie_delete(core: State<'_, Arc<Sphere>>, req: IdRequest) -> Result<Relationship, ApiError> {
    core.tie_delete(req)
}

#[tauri::command(async)]
pub fn interaction_list(
    core: State<'_, Arc<Sphere>>,
    req: InteractionQuery,
) -> Result<InteractionPage, ApiError> {
    core.interaction_list(req)
}

#[tauri::command(async)]
pub fn interaction_log(
    core: State<'_, Arc<Sphere>>,
    req: InteractionInput,
) -> Result<InteractionView, ApiError> {
    core.interaction_log(req)
}

#[tauri::command(async)]
pub fn interaction_delete(
    core: State<'_, Arc<Sphere>>,
    req: IdRequest,
) -> Result<InteractionView, ApiError> {
    core.interaction_delete(req)
}

#[tauri::command(async)]
pub fn demo_load(core: State<'_, Arc<Sphere>>, req: DemoRequest) -> Result<DemoSummary, ApiError> {
    core.demo_load(req)
}

#[tauri::command(async)]
pub fn import_log(
    core: State<'_, Arc<Sphere>>,
    req: ImportLogRequest,
) -> Result<ImportSummary, ApiError> {
    core.import_log(req)
}

#[tauri::command(async)]
pub fn path_find(core: State<'_, Arc<Sphere>>, req: PathQuery) -> Result<PathResult, ApiError> {
    core.path_find(req)
}

#[tauri::command(async)]
pub fn sphere_view(core: State<'_, Arc<Sphere>>, req: Empty) -> Result<SphereView, ApiError> {
    core.sphere_view(req)
}

#[tauri::command(async)]
pub fn settings_get(core: State<'_, Arc<Sphere>>, req: Empty) -> Result<Settings, ApiError> {
    core.settings_get(req)
}

#[tauri::command(async)]
pub fn settings_update(
    core: State<'_, Arc<Sphere>>,
    req: SettingsInput,
) -> Result<Settings, ApiError> {
    core.settings_update(req)
}

#[tauri::command(async)]
pub fn fact_categories(
    core: State<'_, Arc<Sphere>>,
    req: Empty,
) -> Result<Vec<Category>, ApiError> {
    core.fact_categories(req)
}

#[tauri::command(async)]
pub fn fact_list(core: State<'_, Arc<Sphere>>, req: FactQuery) -> Result<FactList, ApiError> {
    core.fact_list(req)
}

#[tauri::command(async)]
pub fn fact_create(core: State<'_, Arc<Sphere>>, req: FactInput) -> Result<FactView, ApiError> {
    core.fact_create(req)
}

#[tauri::command(async)]
pub fn fact_update(core: State<'_, Arc<Sphere>>, req: FactUpdate) -> Result<FactView, ApiError> {
    core.fact_update(req)
}

#[tauri::command(async)]
pub fn fact_delete(core: State<'_, Arc<Sphere>>, req: IdRequest) -> Result<Fact, ApiError> {
    core.fact_delete(req)
}

#[tauri::command(async)]
pub fn text_classify(
    core: State<'_, Arc<Sphere>>,
    req: ClassifyRequest,
) -> Result<Classification, ApiError> {
    core.text_classify(req)
}

#[tauri::command(async)]
pub fn draft_lint(core: State<'_, Arc<Sphere>>, req: LintRequest) -> Result<LintResult, ApiError> {
    core.draft_lint(req)
}

#[tauri::command(async)]
pub fn people_export(
    core: State<'_, Arc<Sphere>>,
    req: ExportQuery,
) -> Result<PeopleExport, ApiError> {
    core.people_export(req)
}

#[tauri::command(async)]
pub fn import_preview(
    core: State<'_, Arc<Sphere>>,
    req: ImportFileRequest,
) -> Result<ImportPreview, ApiError> {
    core.import_preview(req)
}

#[tauri::command(async)]
pub fn import_commit(
    core: State<'_, Arc<Sphere>>,
    req: ImportFileRequest,
) -> Result<ImportResult, ApiError> {
    core.import_commit(req)
}

#[tauri::command(async)]
pub fn import_progress(
    core: State<'_, Arc<Sphere>>,
    req: JobRequest,
) -> Result<JobStatus, ApiError> {
    core.import_progress(req)
}

#[tauri::command(async)]
pub fn import_cancel(core: State<'_, Arc<Sphere>>, req: JobRequest) -> Result<JobStatus, ApiError> {
    core.import_cancel(req)
}

#[tauri::command(async)]
pub fn person_merge(
    core: State<'_, Arc<Sphere>>,
    req: MergeRequest,
) -> Result<MergeResult, ApiError> {
    core.person_merge(req)
}

#[tauri::command(async)]
pub fn people_export_file(
    core: State<'_, Arc<Sphere>>,
    req: ExportQuery,
) -> Result<ExportFile, ApiError> {
    core.people_export_file(req)
}

#[tauri::command(async)]
pub fn backup_export(core: State<'_, Arc<Sphere>>, req: Empty) -> Result<Backup, ApiError> {
    core.backup_export(req)
}

#[tauri::command(async)]
pub fn backup_restore(core: State<'_, Arc<Sphere>>, req: Backup) -> Result<Counts, ApiError> {
    core.backup_restore(req)
}
