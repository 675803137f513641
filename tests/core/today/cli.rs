//! `sphere cadence`, `sphere today` and `sphere health`, run as a user would.

use std::path::Path;
use std::process::Command;

use super::TestResult;

fn run(db: &Path, args: &[&str]) -> Result<(bool, String, String), Box<dyn std::error::Error>> {
    let out = Command::new(env!("CARGO_BIN_EXE_sphere"))
        .env("SPHERE_DB", db)
        .args(args)
        .output()?;
    Ok((
        out.status.success(),
        String::from_utf8(out.stdout)?,
        String::from_utf8(out.stderr)?,
    ))
}

fn ok(db: &Path, args: &[&str]) -> Result<String, Box<dyn std::error::Error>> {
    let (success, out, err) = run(db, args)?;
    assert!(success, "`sphere {}` failed: {out}{err}", args.join(" "));
    Ok(out)
}

fn json(db: &Path, args: &[&str]) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    Ok(serde_json::from_str(&ok(db, &all)?)?)
}

#[test]
fn cadence_today_and_health_from_the_command_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("today.db");
    ok(&db, &["person", "add", "Me", "--ring", "centre"])?;
    ok(
        &db,
        &["person", "add", "Ana", "--ring", "inner", "--tag", "board"],
    )?;
    ok(&db, &["person", "add", "Bo", "--ring", "outer"])?;
    // Ana was met 70 days ago (inner: overdue after 60), Bo called 20 days ago.
    let when = |days: i64| {
        (chrono::Utc::now() - chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    ok(
        &db,
        &[
            "log",
            "--kind",
            "meeting",
            "--with",
            "Ana",
            "--at",
            &when(70),
        ],
    )?;
    ok(
        &db,
        &["log", "--kind", "call", "--with", "Bo", "--at", &when(20)],
    )?;

    let empty = ok(&db, &["today", "--limit", "3"])?;
    assert!(
        empty.contains("Get back in touch with Ana") && empty.contains("past the maximum"),
        "{empty}"
    );
    let list = json(&db, &["cadence", "list", "--status", "overdue"])?;
    let items = list["items"].as_array().ok_or("items")?;
    assert_eq!(items.len(), 1, "{list}");
    assert_eq!(items[0]["person"]["display_name"], "Ana");

    // A tag's cadence, then the rules.
    ok(
        &db,
        &[
            "cadence", "set", "--tag", "board", "--ideal", "100", "--max", "200",
        ],
    )?;
    let rules = json(&db, &["cadence", "rules"])?;
    assert_eq!(rules["tags"][0]["tag"], "board");
    let fresh = json(&db, &["cadence", "list", "--status", "fresh"])?;
    assert_eq!(fresh["items"].as_array().map(Vec::len), Some(2), "{fresh}");

    // A person's own cadence and snooze.
    let bo = json(
        &db,
        &[
            "cadence", "set", "--person", "Bo", "--ideal", "7", "--max", "14",
        ],
    )?;
    assert_eq!(bo["status"], "overdue", "{bo}");
    let until = (chrono::Utc::now() + chrono::Duration::days(5))
        .format("%Y-%m-%d")
        .to_string();
    let bo = json(&db, &["cadence", "snooze", "Bo", "--until", &until])?;
    assert_eq!(bo["status"], "snoozed");
    let bo = json(&db, &["cadence", "pause", "Bo"])?;
    assert_eq!(bo["status"], "paused");
    let bo = json(&db, &["cadence", "resume", "Bo"])?;
    assert_eq!(bo["status"], "snoozed", "resumed, the snooze still runs");

    let today = json(&db, &["today"])?;
    assert!(
        today["items"].as_array().is_some_and(|i| i.is_empty()),
        "{today}"
    );
    assert!(ok(&db, &["today"])?.contains("You're all caught up"));

    let health = json(&db, &["health"])?;
    assert_eq!(health["rings"].as_array().map(Vec::len), Some(3));
    let table = ok(&db, &["health"])?;
    assert!(
        table.contains("inner") && table.contains("on cadence"),
        "{table}"
    );

    // Bad input: a message naming what was wrong, nothing written.
    let (success, _, err) = run(
        &db,
        &[
            "cadence", "set", "--ring", "inner", "--ideal", "30", "--max", "10",
        ],
    )?;
    assert!(!success && err.contains("maximum"), "{err}");
    let (success, _, err) = run(&db, &["cadence", "snooze", "Bo", "--until", "next week"])?;
    assert!(!success && err.contains("YYYY-MM-DD"), "{err}");
    let rules = json(&db, &["cadence", "rules"])?;
    assert_eq!(rules["rings"][0]["custom"], false);
    Ok(())
}
