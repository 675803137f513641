//! The real binary fails cleanly, without a panic, when it cannot start: it says why on
//! stderr and exits non-zero. (Run without a display, so no dialog waits for a click.)

use std::process::{Command, Output};

use crate::TestResult;

fn run_headless(db: &std::path::Path) -> TestResult<Output> {
    Ok(Command::new(env!("CARGO_BIN_EXE_sphere-desktop"))
        .env("SPHERE_DB", db)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("GDK_BACKEND")
        .output()?)
}

fn check_clean_failure(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "the app must exit with a failure code; stderr: {stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "the app must not panic; stderr: {stderr}"
    );
    assert!(
        stderr.contains(expected),
        "stderr should say `{expected}`; stderr: {stderr}"
    );
}

#[test]
fn an_unusable_database_is_reported_not_panicked() -> TestResult {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "")?;
    let output = run_headless(&file.join("sphere.db"))?;
    check_clean_failure(&output, "Sphere cannot open its database");
    Ok(())
}

#[test]
fn no_display_is_reported_not_panicked() -> TestResult {
    let dir = tempfile::tempdir()?;
    let output = run_headless(&dir.path().join("sphere.db"))?;
    check_clean_failure(&output, "sphere serve");
    Ok(())
}
