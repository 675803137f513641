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

/// `kill -9` during `sphere encrypt`, at moments spread over it: the file is then either the
/// original, whole and plain, or the encrypted copy, whole and opened by the passphrase, with
/// every row either way; a copy left beside it is replaced by the next run.
#[test]
fn kill_9_during_encrypt_leaves_the_original_or_the_encrypted_copy_whole() -> TestResult {
    let dir = tempfile::tempdir()?;
    let base = dir.path().join("base.db");
    let sphere_base = Sphere::open(&base)?;
    sphere_base.synth_load(synth::SynthOptions {
        people: 4000,
        ties: 30_000,
        seed: 7,
        until: chrono::Utc::now(),
    })?;
    let oracle = everything(&sphere_base)?;
    drop(sphere_base);
    // How long an uninterrupted run takes.
    let reference = dir.path().join("reference.db");
    std::fs::copy(&base, &reference)?;
    let started = std::time::Instant::now();
    ok(&reference, Some(PASS), &["encrypt"])?;
    let took = started.elapsed();
    let (mut plain, mut encrypted) = (0, 0);
    for m in 0..6u32 {
        let trial = dir.path().join(format!("trial-{m}"));
        std::fs::create_dir_all(&trial)?;
        let db = trial.join("sphere.db");
        std::fs::copy(&base, &db)?;
        let mut child = Command::new(env!("CARGO_BIN_EXE_sphere"))
            .env("SPHERE_DB", &db)
            .env("SPHERE_PASSPHRASE", PASS)
            .arg("encrypt")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        std::thread::sleep(took.mul_f64((f64::from(m) + 0.5) / 6.0));
        child.kill()?;
        child.wait()?;
        let sphere = if is_encrypted(&db)? {
            encrypted += 1;
            Sphere::open_with(&db, opts(Some(PASS)))?
        } else {
            plain += 1;
            Sphere::open(&db)?
        };
        assert_eq!(
            everything(&sphere)?,
            oracle,
            "killed at moment {m}: every row, whichever file it is"
        );
        drop(sphere);
        // Whatever was left, encrypting (again) finishes the job.
        if !is_encrypted(&db)? {
            ok(&db, Some(PASS), &["encrypt"])?;
        }
        assert!(is_encrypted(&db)?);
    }
    assert!(
        plain > 0,
        "some kills must land before the copy replaces the file ({plain} plain, {encrypted} encrypted)"
    );
    Ok(())
}
