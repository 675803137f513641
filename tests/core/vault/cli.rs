//! The passphrase from the command line: `SPHERE_PASSPHRASE`, `--passphrase-file`.

use std::process::{Command, Output};

use super::*;

fn sphere(db: &Path, env_pass: Option<&str>, args: &[&str]) -> std::io::Result<Output> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sphere"));
    cmd.env("SPHERE_DB", db)
        .env_remove("SPHERE_PASSPHRASE")
        .args(args);
    if let Some(p) = env_pass {
        cmd.env("SPHERE_PASSPHRASE", p);
    }
    cmd.output()
}

/// Runs `sphere`, expecting success (stdout back) or failure (stderr back).
fn expect(
    success: bool,
    db: &Path,
    env_pass: Option<&str>,
    args: &[&str],
) -> Result<String, Box<dyn std::error::Error>> {
    let out = sphere(db, env_pass, args)?;
    assert_eq!(
        out.status.success(),
        success,
        "`sphere {}`: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8(if success {
        out.stdout
    } else {
        out.stderr
    })?)
}

fn ok(
    db: &Path,
    env_pass: Option<&str>,
    args: &[&str],
) -> Result<String, Box<dyn std::error::Error>> {
    expect(true, db, env_pass, args)
}

fn fails(
    db: &Path,
    env_pass: Option<&str>,
    args: &[&str],
) -> Result<String, Box<dyn std::error::Error>> {
    expect(false, db, env_pass, args)
}

#[test]
fn the_cli_takes_the_passphrase_from_the_environment_or_a_file_and_says_what_is_wrong() -> TestResult
{
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cli.db");
    let pass_file = dir.path().join("passphrase");
    std::fs::write(&pass_file, format!("{PASS}\n"))?;
    let file_arg = pass_file.to_string_lossy().to_string();

    ok(&db, Some(PASS), &["init", "--encrypt"])?;
    assert!(
        is_encrypted(&db)?,
        "`init --encrypt` with SPHERE_PASSPHRASE"
    );
    ok(
        &db,
        Some(PASS),
        &["person", "add", "Zebulon", "--last", "Quillfeather"],
    )?;
    let listed = ok(
        &db,
        None,
        &["--passphrase-file", &file_arg, "person", "list"],
    )?;
    assert!(
        listed.contains("Zebulon Quillfeather"),
        "the file's passphrase opens it: {listed}"
    );

    let no_key = fails(&db, None, &["person", "list"])?;
    assert!(
        no_key.contains("is encrypted") && no_key.contains("SPHERE_PASSPHRASE"),
        "without a passphrase (and no terminal) it says how to give one: {no_key}"
    );
    let before = bytes_of(&db)?;
    let wrong = fails(&db, Some("nope"), &["person", "list"])?;
    assert_eq!(
        wrong.trim(),
        format!("error: wrong passphrase for {}", db.display()),
        "one clear line, no SQLCipher log"
    );
    assert!(bytes_of(&db)? == before, "untouched by a wrong passphrase");

    let empty = dir.path().join("empty");
    std::fs::write(&empty, "")?;
    let err = fails(
        &db,
        None,
        &[
            "--passphrase-file",
            &empty.to_string_lossy(),
            "person",
            "list",
        ],
    )?;
    assert!(err.contains("is empty"), "{err}");

    ok(&db, None, &["--passphrase-file", &file_arg, "decrypt"])?;
    assert!(!is_encrypted(&db)?, "`decrypt` with --passphrase-file");
    let listed = ok(&db, None, &["person", "list"])?;
    assert!(
        listed.contains("Zebulon Quillfeather"),
        "plain again, no passphrase needed"
    );
    let err = fails(&db, Some(PASS), &["person", "list"])?;
    assert!(
        err.contains("is not encrypted"),
        "a passphrase for a plain file is refused: {err}"
    );
    ok(&db, Some(PASS), &["encrypt"])?;
    assert!(is_encrypted(&db)?, "`encrypt` with SPHERE_PASSPHRASE");
    let err = fails(&db, None, &["encrypt"])?;
    assert!(
        err.contains("already encrypted") || err.contains("passphrase"),
        "{err}"
    );
    Ok(())
}

#[test]
fn an_encrypted_backup_from_the_cli_restores_into_a_plain_database_with_its_passphrase()
-> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("vault.db");
    ok(
        &db,
        Some(PASS),
        &["person", "add", "Zebulon", "--last", "Quillfeather"],
    )?;
    assert!(
        is_encrypted(&db)?,
        "the first open of a new path with a passphrase encrypts it"
    );
    let backup = dir.path().join("backup.sphere-backup");
    ok(
        &db,
        Some(PASS),
        &["backup", "--out", &backup.to_string_lossy()],
    )?;
    let bytes = bytes_of(&backup)?;
    assert!(
        !contains(&bytes, "Quillfeather"),
        "the backup file is encrypted"
    );

    let plain = dir.path().join("plain.db");
    ok(&plain, None, &["info"])?;
    let err = fails(&plain, None, &["restore", &backup.to_string_lossy()])?;
    assert!(err.contains("this backup is encrypted"), "{err}");
    ok(&plain, Some(PASS), &["restore", &backup.to_string_lossy()])?;
    assert!(
        !is_encrypted(&plain)?,
        "restoring does not encrypt the plain database"
    );
    let listed = ok(&plain, None, &["person", "list"])?;
    assert!(listed.contains("Zebulon Quillfeather"), "{listed}");
    Ok(())
}
