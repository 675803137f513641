//! `sphere person need|offer|needs|need-rm|open` and `sphere suggest …`, run as a user would.

use std::path::Path;

use super::{TestResult, json, ok, sphere};

/// Sam (you) knows Ana (needs seed investors), Ben (offers them) and Cy (offers hiring
/// advice); none of them knows another.
fn network(db: &Path) -> TestResult {
    ok(
        db,
        &[
            "person", "add", "Sam", "--last", "Seller", "--ring", "centre",
        ],
    )?;
    for name in ["Ana", "Ben", "Cy"] {
        ok(db, &["person", "add", name, "--last", "Test"])?;
        let full = format!("{name} Test");
        ok(db, &["tie", "add", "Sam Seller", &full, "--kind", "friend"])?;
        ok(db, &["log", "--kind", "meeting", "--with", &full])?;
    }
    Ok(())
}

#[test]
fn needs_offers_suggestions_and_an_introduction_from_the_command_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("intros.db");
    network(&db)?;
    let out = ok(
        &db,
        &[
            "person",
            "need",
            "Ana Test",
            "seed investors",
            "--detail",
            "pre-seed, B2B",
        ],
    )?;
    assert!(
        out.contains("need  seed investors — pre-seed, B2B"),
        "{out}"
    );
    ok(&db, &["person", "offer", "Ben Test", "seed investors"])?;
    let next_year = (chrono::Utc::now().date_naive() + chrono::Duration::days(365)).to_string();
    let cy = json(
        &db,
        &[
            "person",
            "offer",
            "Cy Test",
            "hiring advice",
            "--expires",
            &next_year,
        ],
    )?;
    assert!(cy["items"][0]["id"].is_number(), "{cy}");

    // A never subject is refused, naming it; nothing is written.
    let refused = sphere(&db, &["person", "need", "Cy Test", "a new job"])?;
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("never"), "{err}");
    let list = json(&db, &["person", "needs", "Cy Test"])?;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));

    let out = ok(&db, &["suggest", "intros"])?;
    assert!(out.contains("Ana Test"), "{out}");
    assert!(
        out.contains("Ana needs seed investors · Ben offers seed investors"),
        "{out}"
    );
    let page = json(
        &db,
        &["suggest", "intros", "--limit", "5", "--person", "Ben Test"],
    )?;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1), "{page}");

    // Not now, undo, then introduce with double opt-in.
    let d = json(
        &db,
        &[
            "suggest", "dismiss", "Ana Test", "Ben Test", "--reason", "not_now",
        ],
    )?;
    assert_eq!(d["reason"], "not_now");
    let page = json(&db, &["suggest", "intros"])?;
    assert_eq!(page["items"][0]["dismissed"], "not_now");
    ok(&db, &["suggest", "undismiss", "Ana Test", "Ben Test"])?;
    let bad = sphere(
        &db,
        &[
            "suggest", "dismiss", "Ana Test", "Ben Test", "--reason", "maybe",
        ],
    )?;
    assert!(!bad.status.success(), "an unknown reason is refused");

    let out = ok(
        &db,
        &["suggest", "introduce", "Ana Test", "Ben Test", "--send"],
    )?;
    assert!(out.contains("waiting on Ana and Ben"), "{out}");
    assert!(
        out.contains("To Ana Test:\nHi Ana,"),
        "the note to each side is printed: {out}"
    );
    let ask = json(&db, &["ask", "list"])?;
    let id = ask["items"][0]["id"].as_i64().ok_or("an id")?.to_string();
    let refused = sphere(&db, &["ask", "move", &id, "introduced"])?;
    assert!(!refused.status.success(), "double opt-in first");
    ok(&db, &["suggest", "answer", &id, "a", "opted_in"])?;
    let both = json(&db, &["suggest", "answer", &id, "b", "opted_in"])?;
    assert_eq!(both["state"], "opted_in");
    ok(&db, &["ask", "move", &id, "introduced"])?;
    let ledger = json(&db, &["ledger", "Ben Test"])?;
    assert_eq!(ledger["entries"][0]["direction"], "deposit", "{ledger}");
    let page = json(&db, &["suggest", "intros"])?;
    assert!(
        page["items"].as_array().is_some_and(Vec::is_empty),
        "introduced: {page}"
    );

    // Openness and removal.
    let open = json(&db, &["person", "open", "Cy Test", "no"])?;
    assert_eq!(open["openness"], "no");
    let id = cy["items"][0]["id"].as_i64().ok_or("an id")?.to_string();
    let out = ok(&db, &["person", "need-rm", &id])?;
    assert!(out.contains("No needs or offers yet"), "{out}");
    Ok(())
}
