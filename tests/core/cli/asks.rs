//! `sphere ask`, `sphere ledger` and `sphere sources`, run as a user would.

use std::path::Path;

use super::{TestResult, fails, json, ok};

/// Sam (you) knows Dee Buyer (VP Sales at Globex) through Ada and through Bo.
fn network(db: &Path) -> TestResult {
    ok(db, &["org", "add", "Globex Corporation"])?;
    ok(
        db,
        &[
            "person", "add", "Sam", "--last", "Seller", "--ring", "centre",
        ],
    )?;
    ok(db, &["person", "add", "Ada", "--last", "Client"])?;
    ok(db, &["person", "add", "Bo", "--last", "Friend"])?;
    ok(
        db,
        &[
            "person",
            "add",
            "Dee",
            "--last",
            "Buyer",
            "--org",
            "Globex Corporation",
            "--title",
            "VP Sales",
        ],
    )?;
    for (a, b, kind) in [
        ("Sam Seller", "Ada Client", "client"),
        ("Ada Client", "Dee Buyer", "former_colleague"),
        ("Sam Seller", "Bo Friend", "friend"),
        ("Bo Friend", "Dee Buyer", "friend"),
    ] {
        ok(db, &["tie", "add", a, b, "--kind", kind])?;
    }
    ok(db, &["log", "--kind", "meeting", "--with", "Ada Client"])?;
    ok(db, &["log", "--kind", "call", "--with", "Bo Friend"])?;
    Ok(())
}

#[test]
fn referral_requests_from_the_command_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("asks.db");
    network(&db)?;

    let ask = json(
        &db,
        &[
            "ask",
            "new",
            "--to",
            "Dee Buyer",
            "--why-now",
            "they are hiring",
            "--opportunity",
            "Globex platform deal",
            "--value",
            "50000",
            "--stage",
            "discovery",
        ],
    )?;
    assert_eq!(ask["state"], "draft", "a request is a draft until sent");
    let connectors = ask["connectors"].as_array().ok_or("connectors")?;
    assert_eq!(connectors.len(), 2, "both warm paths, one connector each");
    assert_ne!(connectors[0]["name"], connectors[1]["name"]);
    assert!(
        ask["message"].as_str().is_some_and(|m| m.contains("Dee")),
        "without --message the best path's draft is the message: {}",
        ask["message"]
    );
    assert_eq!(ask["opportunity"]["value"], 50000.0);
    let id = ask["id"].to_string();
    fails(
        &db,
        &["ask", "new", "--to", "Dee Buyer", "--via", "Nobody"],
        "no person matches",
    )?;
    fails(
        &db,
        &["ask", "new", "--to", "Ada Client"],
        "Sam Seller knows Ada Client directly",
    )?;
    let history = json(&db, &["history"])?["total"].clone();

    // Refused: the introduction before the connector was even asked; nothing is written.
    fails(
        &db,
        &["ask", "move", &id, "introduced"],
        "cannot move to introduced",
    )?;
    let same = json(&db, &["ask", "show", &id])?;
    assert_eq!(same["state"], "draft", "a refused move changes nothing");
    assert_eq!(same["events"], ask["events"]);
    assert_eq!(
        json(&db, &["history"])?["total"],
        history,
        "and logs nothing"
    );

    ok(&db, &["ask", "move", &id, "asked"])?;
    fails(&db, &["ask", "move", &id, "connector_declined"], "say why")?;
    let first = connectors[0]["name"].as_str().ok_or("name")?;
    let declined = json(
        &db,
        &[
            "ask",
            "move",
            &id,
            "connector_declined",
            "--reason",
            "not_well_known",
            "--note",
            "busy",
        ],
    )?;
    assert_eq!(
        declined["next_connector"]["display_name"], connectors[1]["name"],
        "after a decline the next connector is offered"
    );
    ok(&db, &["ask", "move", &id, "asked"])?;
    for state in ["agreed", "opted_in", "introduced"] {
        ok(&db, &["ask", "move", &id, state])?;
    }
    let shown = ok(&db, &["ask", "show", &id])?;
    for part in [
        "Timeline:",
        first,
        "doesn't know them well",
        "May move to: meeting_set, met",
    ] {
        assert!(shown.contains(part), "`ask show` shows {part}: {shown}");
    }

    let org_ask = json(
        &db,
        &[
            "ask",
            "new",
            "--org",
            "Globex Corporation",
            "--title",
            "VP",
            "--via",
            "Bo Friend",
            "--message",
            "Hi Bo, would you introduce me to Dee?",
            "--subject",
            "Dee",
            "--send",
        ],
    )?;
    assert_eq!(org_ask["state"], "asked", "--send starts it as asked");
    assert_eq!(
        org_ask["connectors"][0]["name"], "Bo Friend",
        "--via picks the connector"
    );
    assert_eq!(org_ask["connectors"].as_array().map(Vec::len), Some(1));
    let org_id = org_ask["id"].to_string();
    let listed = ok(&db, &["ask", "list"])?;
    assert!(
        listed.contains(&format!("#{org_id}")) && listed.contains("introduced"),
        "{listed}"
    );
    assert_eq!(json(&db, &["ask", "list", "--state", "draft"])?["total"], 0);
    assert_eq!(
        json(&db, &["ask", "list", "--connector", "Bo Friend"])?["total"],
        2
    );
    let withdrawn = json(
        &db,
        &["ask", "withdraw", &org_id, "--note", "found another way"],
    )?;
    assert_eq!(withdrawn["state"], "withdrawn");
    assert_eq!(json(&db, &["ask", "list", "--open"])?["total"], 1);

    let stats = json(&db, &["ask", "stats"])?;
    assert_eq!(stats["total"], 2);
    assert_eq!(stats["funnel"][0]["reached"], 2, "both were asked");
    assert_eq!(stats["funnel"][2]["reached"], 1, "one was introduced");
    let text = ok(&db, &["ask", "stats"])?;
    assert!(
        text.contains("Funnel:") && text.contains("acceptance"),
        "{text}"
    );

    fails(&db, &["ask", "move", "999", "asked"], "999")?;
    Ok(())
}

#[test]
fn ledger_and_referral_sources_from_the_command_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("ledger.db");
    network(&db)?;
    let ledger = json(
        &db,
        &[
            "ledger",
            "Ada Client",
            "add",
            "deposit",
            "referral",
            "--note",
            "sent a client",
        ],
    )?;
    assert_eq!(ledger["band"], "generous", "a referral weighs 3");
    ok(
        &db,
        &[
            "ledger",
            "Bo Friend",
            "add",
            "withdrawal",
            "favour",
            "--weight",
            "4",
            "--at",
            "2025-01-10",
        ],
    )?;
    let text = ok(&db, &["ledger", "Ada Client"])?;
    assert!(
        text.contains("Ada Client — generous") && text.contains("sent a client"),
        "{text}"
    );
    fails(
        &db,
        &["ledger", "Ada Client", "add", "deposit", "ask"],
        "an ask is a withdrawal",
    )?;
    fails(
        &db,
        &["ledger", "Ada Client", "add", "deposit", "bribe"],
        "not a valid",
    )?;
    assert_eq!(
        json(&db, &["ledger", "Ada Client"])?["entries"]
            .as_array()
            .map(Vec::len),
        Some(1),
        "a refused entry is not written"
    );

    let sources = json(
        &db,
        &[
            "sources",
            "--org",
            "Globex Corporation:VP, Head of",
            "--person",
            "Dee Buyer",
        ],
    )?;
    assert_eq!(sources["targets"][0], "VP or Head of at Globex Corporation");
    assert_eq!(
        sources["sources"][0]["person"]["display_name"], "Ada Client",
        "the generous client with the stronger tie ranks first"
    );
    assert_eq!(sources["sources"][0]["reach"], 2);
    let file = dir.path().join("targets.txt");
    std::fs::write(&file, "# accounts\nGlobex Corporation|VP\n\nDee Buyer\n")?;
    let path = file.to_str().ok_or("path")?;
    let text = ok(&db, &["sources", "--targets-file", path, "--limit", "1"])?;
    assert!(text.contains("1. Ada Client"), "{text}");
    std::fs::write(&file, "Globex Corporation\nNowhere Ltd\n")?;
    fails(&db, &["sources", "--targets-file", path], "line 2")?;
    fails(&db, &["sources"], "name at least one target")?;
    Ok(())
}
