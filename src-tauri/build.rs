//! Declares the app's own commands to Tauri's ACL, so the webview may call only those a
//! capability grants (`capabilities/default.json` grants `allow-<command>` for each).
//! Without this declaration Tauri lets local pages call every registered command.
//!
//! Keep in step with `SHELL_COMMANDS` in `src/lib.rs`: a command missing here cannot be
//! granted (the build fails on the capability), and `tests/shell` fails when a command of
//! `sphere::api::COMMANDS` is not reachable through the IPC.
const COMMANDS: &[&str] = &[
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

fn main() {
    // `generate_context!` embeds the built UI and the icons when the crate compiles, but
    // tauri-build does not tell cargo to watch them: without these lines a rebuilt UI would
    // not reach the next `cargo build` (the window would keep showing the old one).
    println!("cargo:rerun-if-changed=../ui/dist");
    println!("cargo:rerun-if-changed=../icons");

    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        panic!("tauri-build failed: {e:#}");
    }
}
