//! Sphere's desktop shell: one Tauri window showing the UI (`../ui/dist`, embedded at build
//! time) and one thin command per core command.
//!
//! **Architecture Invariant:** this is the only crate that names tauri. It owns no data and
//! no rules: every command hands its request to [`sphere_api::Sphere`] and returns the
//! answer. The commands are generated from the core's one list (`commands.rs`); `tests/shell`
//! checks that this shell registers exactly [`sphere_api::COMMANDS`], that the capability
//! grants exactly those, and that each is reachable through the IPC.
//!
//! [`run`] is what `main` calls; [`build_app`] wires the commands and the core into any
//! [`tauri::Builder`], so tests drive the real app on `tauri::test::mock_builder()`.

mod commands;
mod fatal;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use sphere_api::Sphere;
use tauri::{Builder, Runtime};

/// The environment variable that points the app at another database file.
pub const DB_ENV: &str = "SPHERE_DB";

pub use commands::SHELL_COMMANDS;

/// Adds the core (as managed state) and every command to `builder`.
pub fn build_app<R: Runtime>(builder: Builder<R>, sphere: Arc<Sphere>) -> Builder<R> {
    builder.manage(sphere).invoke_handler(commands::handler())
}

/// The app's configuration (`tauri.conf.json`), capabilities and embedded UI.
// Tauri's generated context exits the process on a broken embedded asset (its code, not ours).
#[allow(clippy::disallowed_methods)]
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// The database the app opens: `$SPHERE_DB` when set, else the per-user default
/// (`~/.local/share/Sphere/sphere.db` on Linux).
pub fn db_path() -> PathBuf {
    std::env::var_os(DB_ENV)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(sphere_api::default_db_path)
}

/// Opens the database and runs the app until its window closes. When the database cannot be
/// opened, or there is no display, says why (stderr, and a native dialog when possible) and
/// returns a failure code instead of panicking.
pub fn run() -> ExitCode {
    let path = db_path();
    // An encrypted database opens locked (unless this device keeps its key): the window
    // shows the unlock screen.
    let opened = Sphere::open_with(
        &path,
        sphere_api::OpenOptions {
            allow_locked: true,
            ..Default::default()
        },
    );
    let sphere = match opened {
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
