//! The `sphere` binary, run as a user would.

mod accounts;
mod asks;
mod intros;

use std::path::Path;
use std::process::{Command, Output};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn sphere(db: &Path, args: &[&str]) -> std::io::Result<Output> {
    Command::new(env!("CARGO_BIN_EXE_sphere"))
        .env("SPHERE_DB", db)
        .args(args)
        .output()
}

fn ok(db: &Path, args: &[&str]) -> Result<String, Box<dyn std::error::Error>> {
    let out = sphere(db, args)?;
    let stdout = String::from_utf8(out.stdout)?;
    assert!(
        out.status.success(),
        "`sphere {}` failed: {}{}",
        args.join(" "),
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(stdout)
}

/// Runs `sphere ARGS`, which must fail and say `expected` on standard error.
fn fails(db: &Path, args: &[&str], expected: &str) -> TestResult {
    let out = sphere(db, args)?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "`sphere {}` must fail: {stderr}",
        args.join(" ")
    );
    assert!(
        stderr.contains(expected),
        "`sphere {}` should say `{expected}`, said: {stderr}",
        args.join(" ")
    );
    Ok(())
}

fn json(db: &Path, args: &[&str]) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    Ok(serde_json::from_str(&ok(db, &all)?)?)
}

#[test]
fn people_organizations_ties_and_interactions_from_the_command_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cli.db");
    ok(
        &db,
        &["org", "add", "Acme Corporation", "--domain", "acme.com"],
    )?;
    let me = json(
        &db,
        &[
            "person",
            "add",
            "Ada",
            "--last",
            "Lovelace",
            "--ring",
            "centre",
            "--org",
            "Acme Corporation",
        ],
    )?;
    assert_eq!(me["ring"], "centre");
    let added = ok(
        &db,
        &[
            "person",
            "add",
            "Grace",
            "--last",
            "Hopper",
            "--email",
            "grace@navy.mil",
            "--tag",
            "admiral",
        ],
    )?;
    assert!(added.contains("Added Grace Hopper"), "{added}");
    ok(
        &db,
        &[
            "tie",
            "add",
            "Ada Lovelace",
            "Grace",
            "--kind",
            "friend",
            "--since",
            "2019-05-01",
            "--how-met",
            "a conference",
        ],
    )?;
    ok(
        &db,
        &[
            "log",
            "--kind",
            "meal",
            "--with",
            "Grace",
            "--at",
            "2026-03-14 12:30",
            "--note",
            "lunch",
        ],
    )?;

    let table = ok(&db, &["person", "list"])?;
    assert!(
        table.contains("Grace Hopper") && table.contains("Ada Lovelace"),
        "{table}"
    );
    assert!(table.contains("2 of 2 people"), "{table}");
    let page = json(&db, &["person", "list", "--search", "navy"])?;
    assert_eq!(page["total"], 1, "search reaches emails");

    let shown = json(&db, &["person", "show", "Grace Hopper"])?;
    assert_eq!(
        shown["relationships"][0]["other"]["display_name"],
        "Ada Lovelace"
    );
    let participants = &shown["recent_interactions"][0]["participants"];
    assert_eq!(
        participants.as_array().map(Vec::len),
        Some(2),
        "the centre person joins logged interactions"
    );

    let edited = json(&db, &["person", "edit", "Grace", "--title", "Rear Admiral"])?;
    assert_eq!(edited["title"], "Rear Admiral");
    assert_eq!(
        edited["emails"][0], "grace@navy.mil",
        "fields not given are kept"
    );

    let orgs = json(&db, &["org", "list"])?;
    assert_eq!(orgs[0]["people_count"], 1);
    let ties = json(&db, &["tie", "list"])?;
    assert_eq!(ties.as_array().map(Vec::len), Some(1));

    let refused = sphere(&db, &["person", "rm", "Grace"])?;
    assert!(
        !refused.status.success(),
        "deleting without --yes and without a terminal must refuse"
    );
    ok(&db, &["person", "rm", "Grace", "--yes"])?;
    assert_eq!(json(&db, &["person", "list"])?["total"], 1);
    Ok(())
}

#[test]
fn errors_are_clear_and_write_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cli.db");
    ok(&db, &["person", "add", "Ada"])?;
    let cases: &[(&[&str], &str)] = &[
        (&["person", "add", "   "], "first_name must not be empty"),
        (
            &["person", "add", "Bob", "--email", "bob-at-example"],
            "not a valid email",
        ),
        (
            &["person", "add", "Bob", "--org", "Nowhere Inc"],
            "no organization named `Nowhere Inc`",
        ),
        (
            &["person", "add", "Bob\u{202E}kcaj"],
            "first_name contains the bidirectional control U+202E",
        ),
        (
            &["person", "add", "\u{200B}"],
            "first_name holds only invisible characters",
        ),
        (&["person", "show", "Nobody"], "no person matches `Nobody`"),
        (&["person", "show", "999"], "no person with id 999"),
        (
            &["tie", "add", "Ada", "Ada", "--kind", "friend"],
            "cannot be related to themselves",
        ),
        (
            &["log", "--kind", "call", "--with", "Ada", "--at", "someday"],
            "not a date",
        ),
        (
            &[
                "log",
                "--kind",
                "call",
                "--with",
                "Ada",
                "--at",
                "0001-01-01",
            ],
            "occurred_at",
        ),
        (
            &[
                "log",
                "--kind",
                "call",
                "--with",
                "Ada",
                "--at",
                "9999-06-01",
            ],
            "between 1900 and 2100",
        ),
    ];
    for (args, expected) in cases {
        let out = sphere(&db, args)?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "`sphere {}` must fail: {stderr}",
            args.join(" ")
        );
        assert!(
            stderr.contains(expected),
            "`sphere {}` should say `{expected}`, said: {stderr}",
            args.join(" ")
        );
    }
    let out = sphere(&db, &["--json", "person", "add", ""])?;
    let err: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(
        err["kind"], "invalid_input",
        "--json prints the boundary error"
    );
    assert_eq!(err["field"], "first_name");
    let page = json(&db, &["person", "list"])?;
    assert_eq!(page["total"], 1, "no failed command wrote anything");
    assert_eq!(page["items"][0]["tie_count"], 0);
    Ok(())
}

#[test]
fn an_unusable_database_path_is_reported() -> TestResult {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("file");
    std::fs::write(&file, "x")?;
    let out = sphere(&file.join("sub.db"), &["person", "list"])?;
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot use database at") && stderr.contains("sub.db"),
        "{stderr}"
    );
    Ok(())
}

#[test]
fn warm_paths_from_the_command_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("paths.db");
    ok(&db, &["org", "add", "Globex Corporation"])?;
    ok(
        &db,
        &[
            "person", "add", "Sam", "--last", "Seller", "--ring", "centre",
        ],
    )?;
    ok(&db, &["person", "add", "Ada", "--last", "Client"])?;
    ok(
        &db,
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
    ok(
        &db,
        &["tie", "add", "Sam Seller", "Ada Client", "--kind", "client"],
    )?;
    ok(
        &db,
        &[
            "tie",
            "add",
            "Ada Client",
            "Dee Buyer",
            "--kind",
            "former_colleague",
        ],
    )?;
    ok(&db, &["log", "--kind", "meeting", "--with", "Ada Client"])?;
    let table = ok(&db, &["path", "--to", "Dee Buyer", "--draft"])?;
    assert!(
        table.contains("Warm paths to Dee Buyer (at most 3 hops, best 5):"),
        "{table}"
    );
    assert!(table.contains("You → Ada Client → Dee Buyer"), "{table}");
    assert!(
        table.contains("You → Ada Client: client, strength"),
        "{table}"
    );
    assert!(table.contains("1 meeting; last contact today"), "{table}");
    assert!(
        table.contains("Subject: Would you introduce me to Dee Buyer?"),
        "{table}"
    );
    let by_org = json(
        &db,
        &[
            "path",
            "--org",
            "Globex Corporation",
            "--title",
            "VP",
            "-k",
            "3",
        ],
    )?;
    assert_eq!(by_org["k"], 3);
    assert_eq!(by_org["paths"][0]["people"][2]["display_name"], "Dee Buyer");
    assert_eq!(by_org["paths"][0]["hops"].as_array().map(Vec::len), Some(2));
    let none = ok(
        &db,
        &["path", "--org", "Globex Corporation", "--title", "Chief"],
    )?;
    assert!(none.contains("Nobody in your sphere matches"), "{none}");
    let bad = sphere(&db, &["path", "--to", "Dee Buyer", "--hops", "9"])?;
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("max_hops must be between 1 and 5, got 9"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    Ok(())
}

/// A small network of friends with interactions at fixed dates: Sam (centre) meets Ada, Bo
/// and Cy; they and their friends share meals on the way to Dee, Hal and Ivy (Globex).
fn friends_network(db: &Path) -> TestResult {
    ok(db, &["org", "add", "Globex Corporation"])?;
    ok(
        db,
        &[
            "person", "add", "Sam", "--last", "Seller", "--ring", "centre",
        ],
    )?;
    for first in ["Ada", "Bo", "Cy", "Dee", "Eve", "Fay", "Gus"] {
        ok(db, &["person", "add", first, "--last", "Test"])?;
    }
    for (first, title) in [("Hal", "VP Sales"), ("Ivy", "Vice President, Engineering")] {
        ok(
            db,
            &[
                "person",
                "add",
                first,
                "--last",
                "Target",
                "--org",
                "Globex Corporation",
                "--title",
                title,
            ],
        )?;
    }
    // (a, b, days of their interactions in 2026: calls with Sam, meals otherwise; calls keep
    // the path strengths whose rounding the ask mark must not mistake for a penalty)
    let ties: &[(&str, &str, &[&str])] = &[
        ("Sam Seller", "Ada Test", &["11-01", "10-02"]),
        ("Sam Seller", "Bo Test", &["11-01", "10-02", "11-03"]),
        (
            "Sam Seller",
            "Cy Test",
            &["11-01", "10-02", "11-03", "10-04"],
        ),
        ("Ada Test", "Dee Test", &["05-11"]),
        ("Bo Test", "Dee Test", &["06-11", "06-12"]),
        ("Cy Test", "Eve Test", &["07-11", "07-12", "07-13"]),
        (
            "Dee Test",
            "Hal Target",
            &["08-11", "08-12", "08-13", "08-14"],
        ),
        ("Eve Test", "Hal Target", &["09-11"]),
        ("Ada Test", "Fay Test", &["01-11", "01-12"]),
        ("Fay Test", "Gus Test", &["02-11", "02-12", "02-13"]),
        (
            "Gus Test",
            "Hal Target",
            &["03-11", "03-12", "03-13", "03-14"],
        ),
        ("Bo Test", "Ivy Target", &["04-11"]),
        ("Dee Test", "Ivy Target", &["05-11", "05-12"]),
    ];
    for (a, b, days) in ties {
        ok(db, &["tie", "add", a, b, "--kind", "friend"])?;
        for day in *days {
            let at = format!("2026-{day}T00:00:00Z");
            if *a == "Sam Seller" {
                ok(db, &["log", "--kind", "call", "--with", b, "--at", &at])?;
            } else {
                ok(
                    db,
                    &[
                        "log",
                        "--kind",
                        "meal",
                        "--with",
                        a,
                        "--with",
                        b,
                        "--without-me",
                        "--at",
                        &at,
                    ],
                )?;
            }
        }
    }
    Ok(())
}

/// The lines of the path table that show this chain.
fn rows_with<'a>(table: &'a str, chain: &str) -> Vec<&'a str> {
    table
        .lines()
        .filter(|l| l.contains(chain) && l.contains('│'))
        .collect()
}

#[test]
fn asked_lately_marks_only_paths_where_the_penalty_applied() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("asks.db");
    friends_network(&db)?;
    let query = [
        "--as-of",
        "2026-12-06T12:00:00Z",
        "path",
        "--to",
        "Dee Test",
        "--any-length",
        "-k",
        "20",
    ];
    // Nobody was ever asked for an introduction. The path's strength (from the summed
    // costs) and its ties' product still differ in the last bits on some paths: the old
    // check took that for a penalty.
    // (Whether any path shows that rounding depends on the strengths of the day the network
    // is made, so it is not asserted; with no asks, no path may be marked either way.)
    let answer = json(&db, &query)?;
    let paths = answer["paths"].as_array().ok_or("paths")?;
    assert!(!paths.is_empty(), "Dee is reachable");
    let table = ok(&db, &query)?;
    assert!(!table.contains("asked lately"), "no asks, no mark: {table}");
    // One introduction request to Ada: the paths through Ada are marked, the others not.
    ok(
        &db,
        &[
            "log",
            "--kind",
            "intro_request",
            "--with",
            "Ada Test",
            "--at",
            "2026-12-01T00:00:00Z",
        ],
    )?;
    let table = ok(&db, &query)?;
    let via_ada = rows_with(&table, "You → Ada Test → Dee Test");
    let via_bo = rows_with(&table, "You → Bo Test → Dee Test");
    assert!(!via_ada.is_empty() && !via_bo.is_empty(), "{table}");
    assert!(
        via_ada.iter().all(|l| l.contains("(asked lately)")),
        "Ada was asked lately and connects this path: {table}"
    );
    assert!(
        via_bo.iter().all(|l| !l.contains("asked lately")),
        "Bo was never asked: {table}"
    );
    // Without the penalty nothing is lowered, so nothing is marked.
    let mut off = query.to_vec();
    off.push("--no-ask-penalty");
    let table = ok(&db, &off)?;
    assert!(
        !table.contains("asked lately"),
        "the penalty is off: {table}"
    );
    Ok(())
}

#[test]
fn facts_lint_classify_eval_and_export_from_the_command_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("privacy.db");
    ok(
        &db,
        &[
            "person", "add", "Sam", "--last", "Seller", "--ring", "centre",
        ],
    )?;
    ok(&db, &["person", "add", "Dana", "--last", "Buyer"])?;
    let added = ok(
        &db,
        &[
            "fact",
            "add",
            "Dana Buyer",
            "--category",
            "children",
            "Emma, plays soccer at Lincoln High",
            "--source",
            "lunch",
        ],
    )?;
    assert!(added.contains("never used in outreach"), "{added}");
    ok(
        &db,
        &[
            "fact",
            "add",
            "Dana Buyer",
            "--category",
            "certification",
            "PMP, 2023",
        ],
    )?;
    let list = ok(&db, &["fact", "list", "Dana Buyer"])?;
    assert!(!list.contains("Emma"), "never values are hidden: {list}");
    assert!(
        list.contains("PMP, 2023") && list.contains("1 never fact(s) hidden"),
        "{list}"
    );
    let shown = ok(&db, &["fact", "list", "Dana Buyer", "--reveal-never"])?;
    assert!(shown.contains("Emma"), "{shown}");
    let bad = sphere(
        &db,
        &["fact", "add", "Dana Buyer", "--category", "kids", "Emma"],
    )?;
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("unknown category `kids`"),
        "{bad:?}"
    );

    // The linter exits 1 when something must go, 0 when the draft is clean.
    let draft = dir.path().join("draft.txt");
    std::fs::write(&draft, "Hi Dana, how is Emma's soccer season going?")?;
    let out = sphere(
        &db,
        &[
            "lint",
            "--to",
            "Dana Buyer",
            draft.to_str().unwrap_or_default(),
        ],
    )?;
    let text = String::from_utf8(out.stdout)?;
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("REMOVE") && text.contains("Emma"), "{text}");
    std::fs::write(
        &draft,
        "Hi Dana, congratulations on the PMP. Could we talk on Tuesday?",
    )?;
    let out = sphere(
        &db,
        &[
            "lint",
            "--to",
            "Dana Buyer",
            draft.to_str().unwrap_or_default(),
        ],
    )?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A draft to someone else, about Dana: her facts count too.
    ok(&db, &["person", "add", "Ada", "--last", "Connector"])?;
    std::fs::write(
        &draft,
        "Hi Ada, would you introduce me to Dana? I hear emma plays soccer.",
    )?;
    let out = sphere(
        &db,
        &[
            "lint",
            "--to",
            "Ada Connector",
            "--about",
            "Dana Buyer",
            draft.to_str().unwrap_or_default(),
        ],
    )?;
    let text = String::from_utf8(out.stdout)?;
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("Also checked against what you know about Dana Buyer")
            && text.contains("is one of Dana's never facts (children)"),
        "{text}"
    );

    let classified = json(
        &db,
        &[
            "classify",
            "Her daughter Emma plays for the Lincoln High soccer team",
        ],
    )?;
    assert_eq!(classified["passages"][0]["category"], "children");
    assert_eq!(classified["passages"][0]["start"], 0);

    let eval = ok(&db, &["eval", "sensitivity"])?;
    assert!(
        eval.contains("precision") && eval.contains("Confusion matrix"),
        "{eval}"
    );
    let corpus = dir.path().join("mine.tsv");
    std::fs::write(
        &corpus,
        "text\tbin\tcategory\nShe is pregnant\tnever\thealth\nSells church software\tfine\tprofessional\n",
    )?;
    let mine = json(
        &db,
        &[
            "eval",
            "sensitivity",
            "--corpus",
            corpus.to_str().unwrap_or_default(),
        ],
    )?;
    assert_eq!(mine["sentences"], 2);
    assert_eq!(mine["confusion"][0][0], 1, "{mine}");
    assert_eq!(mine["categories"][0]["category"], "health", "{mine}");
    assert_eq!(mine["categories"][0]["recall"], 1.0, "{mine}");

    // A manifest: one line of figures per corpus, with its role; a corpus it names that is
    // broken is refused naming the file.
    let manifest = dir.path().join("corpora.toml");
    std::fs::write(
        &manifest,
        "[[corpus]]\nfile = \"mine.tsv\"\nrole = \"held_out\"\nwriter = \"a test\"\nwritten = \"now\"\n\
         measured = { never_precision = 1.0, never_recall = 1.0, maybe_recall = 1.0, fine_marked_never = 0.0 }\n",
    )?;
    let m = manifest.to_str().unwrap_or_default();
    let listed = ok(&db, &["eval", "sensitivity", "--manifest", m])?;
    assert!(
        listed.contains("mine.tsv") && listed.contains("held out") && listed.contains("2 (1/0/1)"),
        "{listed}"
    );
    let rows = json(&db, &["eval", "sensitivity", "--manifest", m])?;
    assert_eq!(rows[0]["role"], "held_out", "{rows}");
    assert_eq!(rows[0]["evaluation"]["sentences"], 2, "{rows}");
    std::fs::write(
        &manifest,
        "[[corpus]]\nfile = \"mine.tsv\"\nrole = \"peeked\"\n",
    )?;
    let bad = sphere(&db, &["eval", "sensitivity", "--manifest", m])?;
    assert!(
        !bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("not a corpus list"),
        "{bad:?}"
    );
    std::fs::write(
        &corpus,
        "text\tbin\tcategory\nShe is pregnant\tsecret\thealth\n",
    )?;
    let bad = sphere(
        &db,
        &[
            "eval",
            "sensitivity",
            "--corpus",
            corpus.to_str().unwrap_or_default(),
        ],
    )?;
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("line 2, column bin"),
        "{bad:?}"
    );

    let out = dir.path().join("people.json");
    ok(&db, &["export", "--out", out.to_str().unwrap_or_default()])?;
    let exported = std::fs::read_to_string(&out)?;
    assert!(
        !exported.contains("Emma") && exported.contains("PMP, 2023"),
        "{exported}"
    );
    let with = ok(&db, &["export", "--include-never-for", "Dana Buyer"])?;
    assert!(with.contains("Emma"), "{with}");
    Ok(())
}

#[test]
fn export_formats_backup_and_restore_from_the_command_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("a.db");
    ok(&db, &["org", "add", "Acme Corporation"])?;
    ok(
        &db,
        &[
            "person", "add", "Ada", "--last", "Lovelace", "--ring", "centre",
        ],
    )?;
    ok(
        &db,
        &[
            "person",
            "add",
            "Dana",
            "--last",
            "Buyer",
            "--email",
            "dana@acme.com",
            "--org",
            "Acme Corporation",
            "--tag",
            "client",
        ],
    )?;
    ok(
        &db,
        &[
            "tie",
            "add",
            "Ada Lovelace",
            "Dana Buyer",
            "--kind",
            "client",
        ],
    )?;
    ok(
        &db,
        &[
            "log",
            "--kind",
            "meal",
            "--with",
            "Dana Buyer",
            "--at",
            "2025-03-04",
        ],
    )?;
    ok(
        &db,
        &[
            "fact",
            "add",
            "Dana Buyer",
            "--category",
            "children",
            "Emma, plays soccer",
        ],
    )?;

    // Exports: json by default (as before), vCard and CSV by --format; never facts left out.
    let plain: serde_json::Value = serde_json::from_str(&ok(&db, &["export"])?)?;
    assert_eq!(plain["never_facts_left_out"], 1);
    let vcf = ok(&db, &["export", "--format", "vcard"])?;
    assert!(vcf.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"), "{vcf}");
    assert!(
        vcf.contains("EMAIL:dana@acme.com\r\n") && !vcf.contains("Emma"),
        "{vcf}"
    );
    let out = dir.path().join("people.csv");
    ok(
        &db,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap_or_default(),
        ],
    )?;
    let csv = std::fs::read_to_string(&out)?;
    assert!(csv.starts_with("id,first_name,last_name,emails"), "{csv}");
    assert!(
        csv.contains("Acme Corporation") && !csv.contains("Emma"),
        "{csv}"
    );
    let bad = sphere(&db, &["export", "--format", "pdf"])?;
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("json, vcard, csv"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );

    // A full backup holds the never fact; it restores into an empty database only.
    let backup = dir.path().join("backup.json");
    ok(
        &db,
        &["backup", "--out", backup.to_str().unwrap_or_default()],
    )?;
    let text = std::fs::read_to_string(&backup)?;
    assert!(
        text.contains("\"sphere-backup\"") && text.contains("Emma"),
        "{text}"
    );
    let refused = sphere(&db, &["restore", backup.to_str().unwrap_or_default()])?;
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("empty database"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    let copy = dir.path().join("b.db");
    let restored = json(&copy, &["restore", backup.to_str().unwrap_or_default()])?;
    assert_eq!(restored["people"], 2);
    assert_eq!(restored["interactions"], 1);
    let again: serde_json::Value = serde_json::from_str(&ok(&copy, &["backup"])?)?;
    let mut first: serde_json::Value = serde_json::from_str(&text)?;
    first["exported_at"] = again["exported_at"].clone();
    assert_eq!(again, first, "the restored database backs up the same");

    // A broken file names what is wrong.
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, text.replace("\"client\"", "\"nemesis\""))?;
    let out = sphere(
        &dir.path().join("c.db"),
        &["--json", "restore", broken.to_str().unwrap_or_default()],
    )?;
    assert!(!out.status.success());
    let err: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(err["field"], "relationships[0].relationship.kind", "{err}");

    // Text after the JSON document (a second document, appended junk) is refused, and nothing
    // is written.
    for tail in ["{}", "garbage", "\n{\"format\": \"sphere-backup\"}"] {
        let trailing = dir.path().join("trailing.json");
        std::fs::write(&trailing, format!("{text}{tail}"))?;
        let target = dir.path().join("d.db");
        let out = sphere(
            &target,
            &["--json", "restore", trailing.to_str().unwrap_or_default()],
        )?;
        assert!(!out.status.success(), "{tail:?} after the backup");
        let err: serde_json::Value = serde_json::from_slice(&out.stdout)?;
        assert!(
            err["message"]
                .as_str()
                .is_some_and(|m| m.contains("text after the JSON document")),
            "{err}"
        );
        let info = json(&target, &["info"])?;
        assert_eq!(info["counts"]["people"], 0, "nothing restored: {info}");
    }
    Ok(())
}

#[test]
fn import_previews_then_commits_address_books() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cli.db");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/import/linkedin/connections-2025.csv"
    );
    // Without anyone at the centre the preview says why it cannot be committed.
    let preview = ok(&db, &["import", file])?;
    assert!(preview.contains("Cannot import yet"), "{preview}");
    ok(
        &db,
        &[
            "person", "add", "Dana", "--last", "Reyes", "--ring", "centre",
        ],
    )?;
    let preview = ok(&db, &["import", file])?;
    for expected in [
        "10 records: 7 new, 0 updated, 1 merged, 0 unchanged, 2 skipped",
        "line 11: Christopher Lee may be Chris Lee (line 10)",
        "--org \"Am. Soc. of Assn. Exec.=FULL NAME\"",
        "line 8: blank except the date",
        "Nothing was written. Run again with --commit to import.",
    ] {
        assert!(
            preview.contains(expected),
            "missing `{expected}` in:\n{preview}"
        );
    }
    let people: serde_json::Value = json(&db, &["person", "list"])?;
    assert_eq!(people["total"], 1, "a preview writes nothing");
    let done = json(
        &db,
        &[
            "import",
            file,
            "--merge",
            "11",
            "--org",
            "Am. Soc. of Assn. Exec.=American Society of Association Executives",
            "--commit",
        ],
    )?;
    assert_eq!(done["people_created"], 6);
    let again = json(&db, &["import", file])?;
    assert_eq!(
        (again["new"].as_u64(), again["updated"].as_u64()),
        (Some(0), Some(0))
    );
    // Bad files fail with the reason and a non-zero exit.
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "")?;
    let out = sphere(&db, &["import", empty.to_str().ok_or("path")?, "--commit"])?;
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr)?;
    assert!(err.contains("empty.csv: the file is empty"), "{err}");
    // Merging two people from the command line.
    ok(
        &db,
        &[
            "person",
            "add",
            "Chris",
            "--last",
            "Lee",
            "--email",
            "c@x.example",
        ],
    )?;
    let out = sphere(&db, &["merge", "Chris Lee", "Chris Lee", "--yes"])?;
    assert!(!out.status.success(), "an ambiguous name is refused");
    assert!(String::from_utf8(out.stderr)?.contains("matches 2 people"));
    Ok(())
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() -> TestResult {
    use std::io::Read;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("pipe.db");
    ok(&db, &["demo"])?;
    // `sphere --json person list | head -c 16`: the JSON (over 100 KB) outgrows the pipe,
    // and the reader leaves after a few bytes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_sphere"))
        .env("SPHERE_DB", &db)
        .args(["--json", "person", "list", "--limit", "1000"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    let mut head = [0u8; 16];
    child
        .stdout
        .take()
        .ok_or("stdout is piped")?
        .read_exact(&mut head)?;
    let out = child.wait_with_output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("panicked"),
        "a reader that leaves early (`| head`) must not make sphere panic: {:?} {stderr}",
        out.status
    );
    Ok(())
}

/// `sphere person show` hides the never clauses of the notes and says how many; with
/// `--reveal-never` it shows them as written.
#[test]
fn person_show_hides_never_clauses_unless_revealed() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cli.db");
    ok(
        &db,
        &[
            "person",
            "add",
            "Dana",
            "--notes",
            "She goes to Saint Quorra church every Sunday. Runs procurement.",
        ],
    )?;
    let shown = ok(&db, &["person", "show", "Dana"])?;
    assert!(
        shown.contains("[religion hidden]. Runs procurement."),
        "{shown}"
    );
    assert!(!shown.contains("Saint Quorra"), "{shown}");
    assert!(shown.contains("1 never passage hidden"), "{shown}");
    let revealed = ok(&db, &["person", "show", "Dana", "--reveal-never"])?;
    assert!(revealed.contains("Saint Quorra church"), "{revealed}");
    Ok(())
}
