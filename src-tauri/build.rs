//! Declares the app's own commands to Tauri's ACL, so the webview may call only those a
//! capability grants (`capabilities/default.json` grants `allow-<command>` for each).
//! Without this declaration Tauri lets local pages call every registered command.
//!
//! The names come from the core's one list, `sphere_commands!` in
//! `crates/sphere-api/src/lib.rs` (read as text: a build script cannot link the core without
//! building it twice). `tests/shell` checks that the capability grants exactly
//! `sphere_api::COMMANDS`, so a command added to the list and not granted fails a test.

use std::path::Path;

/// The command names of `sphere_commands!`: the lines `name($crate::…) -> …;` of its body.
fn core_commands(source: &str) -> Result<Vec<String>, String> {
    let start = source
        .find("macro_rules! sphere_commands")
        .ok_or("no `macro_rules! sphere_commands` in the api crate")?;
    let body = &source[start..];
    let end = body.find("\n}\n").ok_or("`sphere_commands!` has no end")?;
    let names: Vec<String> = body[..end]
        .lines()
        .map(str::trim_start)
        .filter_map(|line| line.split_once("($crate::").map(|(name, _)| name))
        .filter(|name| {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        })
        .map(str::to_string)
        .collect();
    if names.is_empty() {
        return Err("`sphere_commands!` lists no command".into());
    }
    Ok(names)
}

fn main() {
    // `generate_context!` embeds the built UI and the icons when the crate compiles, but
    // tauri-build does not tell cargo to watch them: without these lines a rebuilt UI would
    // not reach the next `cargo build` (the window would keep showing the old one).
    println!("cargo:rerun-if-changed=../ui/dist");
    println!("cargo:rerun-if-changed=../icons");

    let list = Path::new("../crates/sphere-api/src/lib.rs");
    println!("cargo:rerun-if-changed={}", list.display());
    let commands = std::fs::read_to_string(list)
        .map_err(|e| e.to_string())
        .and_then(|source| core_commands(&source))
        .unwrap_or_else(|e| {
            panic!(
                "cannot read the core's command list in {}: {e}",
                list.display()
            )
        });
    // Tauri wants `'static` names; a build script runs once, so leaking them is harmless.
    let commands: Vec<&'static str> = commands
        .into_iter()
        .map(|c| &*Box::leak(c.into_boxed_str()))
        .collect();
    let manifest = tauri_build::AppManifest::new().commands(Box::leak(commands.into_boxed_slice()));
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        panic!("tauri-build failed: {e:#}");
    }
}
