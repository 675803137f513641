//! Sphere's desktop shell: one Tauri window showing the UI (`../ui/dist`, embedded at build
//! time) and one thin command per core command.
//!
//! **Architecture Invariant:** this is the only crate that names tauri. It owns no data and
//! no rules: every command hands its request to [`sphere::Sphere`] and returns the answer.
//! The command set is the core's ([`sphere::api::COMMANDS`]); `tests/shell` checks that this
//! shell registers exactly those, and that each is reachable through the IPC.
//!
//! [`run`] is what `main` calls; [`build_app`] wires the commands and the core into any
//! [`tauri::Builder`], so tests drive the real app on `tauri::test::mock_builder()`.

mod commands;
mod fatal;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use sphere::Sphere;
use tauri::{Builder, Runtime};

/// The environment variable that points the app at another database file.
pub const DB_ENV: &str = "SPHERE_DB";

/// Every command the shell registers, by name. The same list, in the same order, as the
/// `generate_handler!` below and `sphere::api::COMMANDS` (checked by `tests/shell`).
pub const SHELL_COMMANDS: &[&str] = &[
    "app_info",
    "person_list",
    "person_get",
    "person_create",
    "person_update",
    "person_delete",
    "org_list",
    "org_create",
    "org_update",
    "org_delete",
    "tie_list",
    "tie_get",
    "tie_create",
    "tie_update",
    "tie_delete",
    "interaction_list",
    "interaction_log",
    "interaction_delete",
    "demo_load",
    "import_log",
    "path_find",
    "sphere_view",
    "settings_get",
    "settings_update",
    "fact_categories",
    "fact_list",
    "fact_create",
    "fact_update",
    "fact_delete",
    "text_classify",
    "draft_lint",
    "people_export",
    "import_preview",
    "import_commit",
    "import_progress",
    "import_cancel",
    "person_merge",
    "people_export_file",
    "backup_export",
    "backup_restore",
];

/// Adds the core (as managed state) and every command to `builder`.
pub fn build_app<R: Runtime>(builder: Builder<R>, sphere: Arc<Sphere>) -> Builder<R> {
    builder
        .manage(sphere)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::person_list,
            commands::person_get,
            commands::person_create,
            commands::person_update,
            commands::person_delete,
            commands::org_list,
            commands::org_create,
            commands::org_update,
            commands::org_delete,
            commands::tie_list,
            commands::tie_get,
            commands::tie_create,
            commands::tie_update,
            commands::tie_delete,
            commands::interaction_list,
            commands::interaction_log,
            commands::interaction_delete,
            commands::demo_load,
            commands::import_log,
            commands::path_find,
            commands::sphere_view,
            commands::settings_get,
            commands::settings_update,
            commands::fact_categories,
            commands::fact_list,
            commands::fact_create,
            commands::fact_update,
            commands::fact_delete,
            commands::text_classify,
            commands::draft_lint,
            commands::people_export,
            commands::import_preview,
            commands::import_commit,
            commands::import_progress,
            commands::import_cancel,
            commands::person_merge,
            commands::people_export_file,
            commands::backup_export,
            commands::backup_restore,
        ])
}

/// The app's configuration (`tauri.conf.json`), capabilities and embedded UI.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// The database the app opens: `$SPHERE_DB` when set, else the per-user default
/// (`~/.local/share/Sphere/sphere.db` on Linux).
pub fn db_path() -> PathBuf {
    std::env::var_os(DB_ENV)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(sphere::store::default_db_path)
}

/// Opens the database and runs the app until its window closes. When the database cannot be
/// opened, or there is no display, says why (stderr, and a native dialog when possible) and
/// returns a failure code instead of panicking.
pub fn run() -> ExitCode {
    let path = db_path();
    let sphere = match Sphere::open(&path) {
        Ok(sphere) => Arc::new(sphere),
        Err(e) => {
            fatal::report(
                "Sphere cannot open its database",
                &format!(
                    "{}\n\nSet {DB_ENV} to another file to use a different database.",
                    e.message
                ),
            );
            return ExitCode::FAILURE;
        }
    };
    if !fatal::display_available() {
        eprintln!(
            "sphere-desktop: no display to open a window on (DISPLAY / WAYLAND_DISPLAY). \
             `sphere serve` runs Sphere in a browser instead."
        );
        return ExitCode::FAILURE;
    }
    eprintln!("sphere-desktop: database {}", path.display());

    let app = match build_app(tauri::Builder::default(), sphere).build(context()) {
        Ok(app) => app,
        Err(e) => {
            fatal::report("Sphere cannot start", &e.to_string());
            return ExitCode::FAILURE;
        }
    };
    let code = app.run_return(|_, _| {});
    u8::try_from(code).map_or(ExitCode::FAILURE, ExitCode::from)
}
