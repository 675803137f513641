//! The Tauri commands, generated from the core's one list (`sphere_api::sphere_commands!`):
//! each hands its one argument, `req`, to the method of [`Sphere`] with the same name and
//! returns what the core returns. `ApiError` serializes as `{kind, message, field?}`, which is
//! what the UI's transport rejects with.
//!
//! **Architecture Invariant:** no logic here. Validation, storage and errors belong to the
//! core, so the desktop app, `sphere serve` and the CLI behave the same.
//!
//! Every command runs its work on a blocking thread (`spawn_blocking`), never on the main (UI)
//! thread nor on an async worker: SQLite work and the wait for the core's lock would otherwise
//! starve the small commands (`import_progress`, `import_cancel`) while an import runs.

use std::sync::Arc;

use sphere_api::{ApiError, Sphere};
use tauri::State;

macro_rules! tauri_commands {
    ($( $(#[$doc:meta])* $name:ident($req:ty) -> $res:ty; )+) => {
        $(
            $(#[$doc])*
            #[tauri::command]
            pub async fn $name(core: State<'_, Arc<Sphere>>, req: $req) -> Result<$res, ApiError> {
                let core = Arc::clone(&core);
                tauri::async_runtime::spawn_blocking(move || core.$name(req))
                    .await
                    .map_err(|e| ApiError::internal(format!("the command stopped unexpectedly: {e}")))?
            }
        )+

        /// Every command the shell registers, by name, in the core's order.
        pub const SHELL_COMMANDS: &[&str] = &[$(stringify!($name)),+];

        /// The IPC handler that routes every command above.
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),+]
        }
    };
}

sphere_api::sphere_commands!(tauri_commands);
