//! `sphere targets`, `sphere roles`, `sphere coverage` and `sphere account`, run as a manager
//! would, on a network with a fixed clock (every look is `--as-of` the same instant).

use std::path::Path;

use super::{TestResult, fails, json, ok};

const AS_OF: &str = "2026-06-01T12:00:00Z";

/// `args` with the fixed clock in front.
fn at<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["--as-of", AS_OF];
    all.extend_from_slice(args);
    all
}

/// Sam (you) and Ada (a colleague on the team) sell for Seller Co. At Globex, Sam knows Dee
/// (CFO) well and met her in May: Globex hangs on that one thread. Eve (CTO at Globex) is
/// known to nobody. Initech is on record, not yet a target.
fn network(db: &Path) -> TestResult {
    for org in ["Seller Co", "Globex Corporation", "Initech"] {
        ok(db, &["org", "add", org])?;
    }
    ok(
        db,
        &[
            "person",
            "add",
            "Sam",
            "--last",
            "Seller",
            "--ring",
            "centre",
            "--org",
            "Seller Co",
        ],
    )?;
    ok(
        db,
        &[
            "person",
            "add",
            "Ada",
            "--last",
            "Colleague",
            "--org",
            "Seller Co",
            "--team",
        ],
    )?;
    for (first, last, title) in [
        ("Dee", "Buyer", "Chief Financial Officer"),
        ("Eve", "Tech", "CTO"),
    ] {
        ok(
            db,
            &[
                "person",
                "add",
                first,
                "--last",
                last,
                "--org",
                "Globex Corporation",
                "--title",
                title,
            ],
        )?;
    }
    ok(
        db,
        &[
            "tie",
            "add",
            "Sam Seller",
            "Dee Buyer",
            "--kind",
            "client",
            "--strength",
            "0.8",
            "--reason",
            "worked together for years",
        ],
    )?;
    ok(
        db,
        &[
            "log",
            "--kind",
            "meeting",
            "--with",
            "Dee Buyer",
            "--at",
            "2026-05-20 10:00",
        ],
    )?;
    Ok(())
}

fn target_names(db: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let list = json(db, &["targets", "list"])?;
    Ok(list
        .as_array()
        .ok_or("targets list prints an array")?
        .iter()
        .filter_map(|t| t["organization"]["name"].as_str().map(String::from))
        .collect())
}

#[test]
fn targets_are_marked_listed_changed_and_removed_with_an_undo() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("targets.db");
    network(&db)?;

    let out = ok(
        &db,
        &[
            "targets",
            "add",
            "Globex Corporation",
            "--tier",
            "1",
            "--owner",
            "Sam Seller",
            "--note",
            "Renewal in Q3",
        ],
    )?;
    assert!(
        out.contains("Marked Globex Corporation as a tier 1 target account (owner Sam Seller)"),
        "the command says what it did: {out}"
    );
    let list = json(&db, &["targets", "list"])?;
    assert_eq!(list[0]["tier"], 1);
    assert_eq!(list[0]["note"], "Renewal in Q3");
    assert_eq!(list[0]["owner"]["display_name"], "Sam Seller");
    assert_eq!(list[0]["people_count"], 2, "Dee and Eve work at Globex");

    // Changing the tier keeps the owner and the note the command does not mention.
    let changed = json(
        &db,
        &["targets", "add", "Globex Corporation", "--tier", "2"],
    )?;
    assert_eq!(changed["tier"], 2);
    assert_eq!(changed["note"], "Renewal in Q3", "the note is kept");
    assert_eq!(
        changed["owner"]["display_name"], "Sam Seller",
        "the owner is kept"
    );

    // Bad input: named clearly, nothing written.
    fails(
        &db,
        &["targets", "add", "Hooli"],
        "add it first with `sphere org add \"Hooli\"`",
    )?;
    fails(
        &db,
        &["targets", "add", "Globex Corporation", "--tier", "4"],
        "tier must be 1 to 3, got 4",
    )?;
    fails(
        &db,
        &["targets", "add", "Initech", "--owner", "Dee Buyer"],
        "Dee Buyer is not on the team",
    )?;
    fails(
        &db,
        &["targets", "add", "Initech", "--owner", "Nobody Here"],
        "no person matches `Nobody Here`",
    )?;
    assert_eq!(
        target_names(&db)?,
        vec!["Globex Corporation"],
        "failed commands mark nothing"
    );
    let globex = json(&db, &["targets", "list"])?;
    assert_eq!(
        globex[0]["tier"], 2,
        "a refused change leaves the account as it was"
    );

    // Filters.
    let tier1 = ok(&db, &["targets", "list", "--tier", "1"])?;
    assert!(
        tier1.contains("No target accounts"),
        "an empty list says so and how to add one: {tier1}"
    );
    let owned = json(&db, &["targets", "list", "--owner", "Ada Colleague"])?;
    assert_eq!(owned.as_array().map(Vec::len), Some(0), "Ada owns nothing");

    // Removing asks first; without a terminal it needs --yes, and then says how to undo.
    fails(&db, &["targets", "remove", "Globex Corporation"], "--yes")?;
    assert_eq!(target_names(&db)?, vec!["Globex Corporation"]);
    let out = ok(&db, &["targets", "remove", "Globex Corporation", "--yes"])?;
    assert!(target_names(&db)?.is_empty(), "removed: {out}");
    let undo = out
        .lines()
        .find_map(|l| l.strip_prefix("To undo: sphere "))
        .ok_or(format!("the removal prints an undo command: {out}"))?;
    let words = shell_words(undo);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    ok(&db, &words)?;
    let back = json(&db, &["targets", "list"])?;
    assert_eq!(back[0]["organization"]["name"], "Globex Corporation");
    assert_eq!(back[0]["tier"], 2, "the undo restores the tier");
    assert_eq!(
        back[0]["note"], "Renewal in Q3",
        "the undo restores the note"
    );
    assert_eq!(
        back[0]["owner"]["display_name"], "Sam Seller",
        "and the owner"
    );
    fails(
        &db,
        &["targets", "remove", "Initech", "--yes"],
        "Initech is not a target account",
    )?;
    Ok(())
}

/// Splits the undo line as a shell would (double quotes with backslash escapes).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => word.extend(chars.next()),
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn a_target_list_is_previewed_then_imported_only_when_confirmed() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("import.db");
    network(&db)?;
    let file = dir.path().join("targets.csv");
    std::fs::write(
        &file,
        "name,tier,note\nInitech,1,Budget in Q4\nGlobex Corporation,,\nInitech,2,again\nHooli,3,\n",
    )?;
    let path = file.to_string_lossy().into_owned();

    // Without --yes and without a terminal: the preview, and nothing written.
    let out = ok(&db, &["targets", "import", &path])?;
    for expected in ["Initech", "mark", "duplicate", "create", "Hooli"] {
        assert!(
            out.contains(expected),
            "the preview shows `{expected}`: {out}"
        );
    }
    assert!(
        out.contains("Nothing was written. Run again with --yes"),
        "says how to write: {out}"
    );
    assert!(target_names(&db)?.is_empty(), "a preview writes nothing");
    let orgs = ok(&db, &["org", "list"])?;
    assert!(!orgs.contains("Hooli"), "a preview creates no organization");

    let result = json(
        &db,
        &[
            "targets",
            "import",
            &path,
            "--yes",
            "--owner",
            "Ada Colleague",
        ],
    )?;
    assert_eq!(result["marked"], 2, "Initech and Globex: {result}");
    assert_eq!(result["created"], 1, "Hooli is new: {result}");
    assert_eq!(result["targets"], 3);
    let list = json(&db, &["targets", "list"])?;
    let initech = list
        .as_array()
        .and_then(|l| l.iter().find(|t| t["organization"]["name"] == "Initech"))
        .ok_or("Initech is a target")?;
    assert_eq!(initech["tier"], 1, "the first line about Initech counts");
    assert_eq!(initech["note"], "Budget in Q4");
    assert_eq!(
        initech["owner"]["display_name"], "Ada Colleague",
        "lines without an owner get --owner's"
    );

    // Bad input: a file that is not there, a tier out of range; nothing written.
    fails(
        &db,
        &["targets", "import", "/nonexistent/list.csv", "--yes"],
        "cannot read /nonexistent/list.csv",
    )?;
    fails(
        &db,
        &["targets", "import", &path, "--tier", "9", "--yes"],
        "tier must be 1 to 3, got 9",
    )?;
    // A line that cannot be read stops the import (all or nothing), naming the line.
    std::fs::write(&file, "name,tier\nUmbrella Corporation,1\nInitech,7\n")?;
    let out = ok(&db, &["targets", "import", &path])?;
    assert!(
        out.contains("`7` is not a tier") && out.contains("Fix the lines with an error"),
        "the preview shows what is wrong and where: {out}"
    );
    fails(
        &db,
        &["targets", "import", &path, "--yes"],
        "1 line cannot be read (line 3: `7` is not a tier",
    )?;
    assert_eq!(target_names(&db)?.len(), 3, "nothing was written");
    let orgs = ok(&db, &["org", "list"])?;
    assert!(
        !orgs.contains("Umbrella"),
        "not even the good line's organization"
    );
    Ok(())
}

#[test]
fn roles_and_role_templates_from_the_command_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("roles.db");
    network(&db)?;

    let show = json(&db, &["roles", "show", "Dee Buyer"])?;
    assert_eq!(
        show["roles"],
        serde_json::json!([]),
        "nothing confirmed yet"
    );
    assert_eq!(
        show["seniority"], "c_level",
        "a chief financial officer is C-level"
    );
    let text = ok(&db, &["roles", "show", "Dee Buyer"])?;
    assert!(
        text.contains("seniority:  C-level"),
        "the text names the seniority: {text}"
    );

    let set = json(
        &db,
        &[
            "roles",
            "set",
            "Dee Buyer",
            "economic-buyer",
            "Champion",
            "champion",
        ],
    )?;
    assert_eq!(
        set["roles"],
        serde_json::json!(["economic_buyer", "champion"]),
        "roles are read in any spelling, once each"
    );
    let text = ok(&db, &["roles", "show", "Dee Buyer"])?;
    assert!(
        text.contains("roles:      Economic buyer, Champion"),
        "{text}"
    );

    fails(
        &db,
        &["roles", "set", "Dee Buyer", "kingmaker"],
        "`kingmaker` is not a role",
    )?;
    fails(
        &db,
        &["roles", "set", "Nobody Here", "champion"],
        "no person matches",
    )?;
    ok(&db, &["person", "add", "Zed", "--last", "Loner"])?;
    fails(
        &db,
        &["roles", "set", "Zed Loner", "champion"],
        "Zed Loner has no organization",
    )?;
    fails(
        &db,
        &["roles", "set", "Sam Seller"],
        "required", // neither roles nor --clear
    )?;
    let kept = json(&db, &["roles", "show", "Dee Buyer"])?;
    assert_eq!(
        kept["roles"],
        serde_json::json!(["economic_buyer", "champion"]),
        "failed commands change nothing"
    );
    let cleared = json(&db, &["roles", "set", "Dee Buyer", "--clear"])?;
    assert_eq!(cleared["roles"], serde_json::json!([]));

    let templates = json(&db, &["roles", "template"])?;
    assert_eq!(templates["templates"].as_array().map(Vec::len), Some(3));
    let set = json(
        &db,
        &[
            "roles",
            "template",
            "--tier",
            "3",
            "--roles",
            "champion,economic_buyer",
        ],
    )?;
    let tier3 = set["templates"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["tier"] == 3))
        .ok_or("tier 3 is listed")?;
    assert_eq!(
        tier3["roles"],
        serde_json::json!(["economic_buyer", "champion"])
    );
    let text = ok(&db, &["roles", "template"])?;
    assert!(text.contains("Tier 3: Economic buyer, Champion"), "{text}");
    fails(
        &db,
        &[
            "roles",
            "template",
            "--tier",
            "3",
            "--roles",
            "champion,wizard",
        ],
        "`wizard` is not a role",
    )?;
    fails(
        &db,
        &["roles", "template", "--tier", "7", "--roles", "champion"],
        "tier must be 1 to 3, got 7",
    )?;
    Ok(())
}

#[test]
fn coverage_what_if_csv_and_the_account_page_from_the_command_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("coverage.db");
    network(&db)?;

    let empty = ok(&db, &at(&["coverage"]))?;
    assert!(
        empty.contains("No target accounts yet"),
        "before any target, coverage says how to mark one: {empty}"
    );

    ok(
        &db,
        &[
            "targets",
            "add",
            "Globex Corporation",
            "--tier",
            "1",
            "--owner",
            "Sam",
        ],
    )?;
    ok(&db, &["roles", "set", "Dee Buyer", "champion"])?;

    let report = json(&db, &at(&["coverage"]))?;
    let globex = &report["accounts"][0];
    assert_eq!(
        globex["verdict"], "single_threaded_theirs",
        "only Dee has a thread with the team: {globex}"
    );
    assert_eq!(globex["threads"], 1);
    assert_eq!(globex["best"]["band"], "strong");
    assert_eq!(globex["best"]["ties"], 1, "Sam knows Dee directly");
    assert_eq!(globex["roles_covered"], 1, "the champion is covered");
    let text = ok(&db, &at(&["coverage"]))?;
    for expected in [
        "Globex Corporation",
        "Single-threaded (their side)",
        "strong, direct: Sam Seller (you) → Dee Buyer",
        "1/5",
    ] {
        assert!(
            text.contains(expected),
            "the table shows `{expected}`: {text}"
        );
    }

    // What if Sam leaves: Ada knows nobody at Globex, so every path is lost.
    let what_if = json(&db, &at(&["coverage", "--if-leaves", "Sam Seller"]))?;
    let change = &what_if["what_if"]["changes"][0];
    assert_eq!(what_if["what_if"]["kind"], "member");
    assert_eq!(change["organization"]["name"], "Globex Corporation");
    assert_eq!(change["after"], "no_path");
    assert_eq!(change["loses_every_path"], true);
    let text = ok(&db, &at(&["coverage", "--if-leaves", "Sam Seller"]))?;
    assert!(
        text.contains("If Sam Seller leaves the team:") && text.contains("1 → 0"),
        "the what-if is listed after the table: {text}"
    );
    // What if Dee leaves Globex: the same account loses its only thread.
    let text = ok(&db, &at(&["coverage", "--if-leaves", "Dee Buyer"]))?;
    assert!(
        text.contains("If Dee Buyer leaves their organization:"),
        "{text}"
    );

    // Filters.
    let none = ok(&db, &at(&["coverage", "--verdict", "no_path"]))?;
    assert!(
        none.contains("No target account matches these filters (1 target account in all)"),
        "{none}"
    );
    let ada = json(&db, &at(&["coverage", "--member", "Ada Colleague"]))?;
    assert_eq!(
        ada["accounts"][0]["verdict"], "no_path",
        "Ada alone reaches nobody at Globex"
    );
    fails(
        &db,
        &at(&["coverage", "--verdict", "shaky"]),
        "not a valid Verdict",
    )?;
    fails(
        &db,
        &at(&["coverage", "--account", "Hooli"]),
        "no organization named `Hooli`",
    )?;
    fails(
        &db,
        &at(&["coverage", "--member", "Dee Buyer"]),
        "is not on the team",
    )?;
    fails(
        &db,
        &at(&["coverage", "--tier", "0"]),
        "tier must be 1 to 3, got 0",
    )?;

    // The CSV for the team meeting.
    let csv = dir.path().join("coverage.csv");
    let out = ok(&db, &at(&["coverage", "--csv", &csv.to_string_lossy()]))?;
    assert!(out.contains("Wrote the coverage of 1 account"), "{out}");
    let text = std::fs::read_to_string(&csv)?;
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("account,domain,tier")),
        "a header row: {text}"
    );
    assert!(
        lines
            .next()
            .is_some_and(|r| r.starts_with("Globex Corporation,")),
        "one row per account: {text}"
    );
    fails(
        &db,
        &at(&["coverage", "--csv", "/nonexistent/dir/c.csv"]),
        "cannot write /nonexistent/dir/c.csv",
    )?;

    // The account page.
    let page = ok(&db, &at(&["account", "Globex Corporation"]))?;
    for expected in [
        "Globex Corporation",
        "tier 1, owner Sam Seller",
        "Single-threaded (their side)",
        "Dee Buyer",
        "Champion",
        "Eve Tech",
        "Gaps:",
    ] {
        assert!(
            page.contains(expected),
            "the account page shows `{expected}`: {page}"
        );
    }
    assert!(
        !page.contains("worked together for years"),
        "the manager's view never shows a tie's reason or any note: {page}"
    );
    let detail = json(&db, &at(&["account", "Globex Corporation"]))?;
    assert_eq!(detail["account"]["verdict"], "single_threaded_theirs");
    fails(
        &db,
        &at(&["account", "Initech"]),
        "Initech is not a target account",
    )?;
    fails(
        &db,
        &at(&["account", "Hooli"]),
        "no organization named `Hooli`",
    )?;
    Ok(())
}
