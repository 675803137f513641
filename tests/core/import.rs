//! The interaction-log import: through the command set and the CLI, re-imports, bad input,
//! summaries equal to a recomputation from the log, and speed on 60k rows.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use chrono::{DateTime, Utc};
use sphere_api::domain::*;
use sphere_api::*;
use sphere_store::{Store, stats};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn import(s: &Sphere, csv: &str) -> Result<ImportSummary, ApiError> {
    s.import_log(ImportLogRequest {
        csv: csv.into(),
        source: None,
    })
}

pub(crate) fn people_by_name(s: &Sphere) -> Result<HashMap<String, Person>, ApiError> {
    let page = s.person_list(PersonQuery {
        limit: Some(1000),
        ..Default::default()
    })?;
    page.items
        .iter()
        .map(|p| {
            Ok((
                p.display_name.clone(),
                s.person_get(DetailRequest::id(p.id))?.person,
            ))
        })
        .collect()
}

/// Every relationship's stored summary, by pair.
fn summaries(
    path: &Path,
) -> Result<HashMap<(Id, Id), sphere_domain::strength::TieStats>, ApiError> {
    let store = Store::open(path)?;
    Ok(stats::all_tie_records(store.db())?
        .into_iter()
        .map(|t| ((t.a, t.b), t.stats))
        .collect())
}

/// The summaries as `recompute_stats` computes them from the log.
fn recomputed(
    path: &Path,
) -> Result<HashMap<(Id, Id), sphere_domain::strength::TieStats>, ApiError> {
    let mut store = Store::open(path)?;
    store.write(|tx| Ok(stats::recompute_stats(tx, None, Utc::now())?))?;
    drop(store);
    summaries(path)
}

fn assert_same_strengths(path: &Path) -> TestResult {
    // Valued after both anchors (the recomputation anchors at the current time).
    let at = Utc::now() + chrono::Duration::days(1);
    let written = summaries(path)?;
    let fresh = recomputed(path)?;
    assert_eq!(written.len(), fresh.len());
    for (pair, w) in &written {
        let f = fresh[pair];
        assert_eq!(
            (w.count, w.first_at, w.last_at),
            (f.count, f.first_at, f.last_at)
        );
        let (a, b) = (w.effective_weight(at, 90.0), f.effective_weight(at, 90.0));
        // `strength::days_between` counts whole seconds, and the recomputation anchors at a
        // sub-second "now": up to a second of decay apart.
        assert!((a - b).abs() <= 1e-6 * b.max(1e-12), "{pair:?}: {a} vs {b}");
    }
    Ok(())
}

const LOG: &str = "from,to,at,kind,from_name,to_name
17,42,2024-03-01T10:00:00Z,email,Ada Lovelace,
42,17,2024-03-02T10:00:00Z,,,Ada Lovelace
17,99,1709287200,meeting,,Cy Young
99,42,2024-03-05T10:00:00+01:00,call,,
";

#[test]
fn a_log_creates_people_relationships_and_interactions() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("import.db");
    let s = Sphere::open(&path)?;
    let summary = import(&s, LOG)?;
    assert_eq!(summary.source, "log");
    assert_eq!(summary.rows, 4);
    assert_eq!(summary.people_created, 3);
    assert_eq!(summary.people_matched, 0);
    assert_eq!(summary.relationships_created, 3);
    assert_eq!(summary.interactions_created, 4);
    assert_eq!(summary.duplicates_skipped, 0);
    assert_eq!(summary.first_at, Some("2024-03-01T10:00:00Z".parse()?));
    assert_eq!(summary.last_at, Some("2024-03-05T09:00:00Z".parse()?));
    assert_eq!(summary.counts.people, 3);
    assert_eq!(summary.counts.interactions, 4);

    let people = people_by_name(&s)?;
    let mut names: Vec<&String> = people.keys().collect();
    names.sort();
    assert_eq!(names, ["Ada Lovelace", "Cy Young", "Person 42"]);
    let ada = &people["Ada Lovelace"];
    assert_eq!(
        (ada.first_name.as_str(), ada.last_name.as_str()),
        ("Ada", "Lovelace")
    );

    // Every pair is related as acquaintances; every row is an interaction started by `from`.
    let ties = s.tie_list(TieQuery::default())?;
    assert_eq!(ties.len(), 3);
    assert!(
        ties.iter()
            .all(|t| t.relationship.kind == TieKind::Acquaintance)
    );
    assert!(ties.iter().all(|t| t.strength > 0.0));
    let history = s.interaction_list(InteractionQuery {
        person_id: Some(ada.id),
        limit: Some(10),
        ..Default::default()
    })?;
    assert_eq!(history.total, 3);
    let first = history
        .items
        .iter()
        .find(|v| v.interaction.kind == InteractionKind::Email)
        .ok_or("the email row is missing")?;
    assert_eq!(first.interaction.initiator_id, Some(ada.id));
    assert_eq!(first.participants.len(), 2);
    let meeting = history
        .items
        .iter()
        .find(|v| v.interaction.kind == InteractionKind::Meeting)
        .ok_or("the meeting row is missing")?;
    assert_eq!(
        meeting.interaction.occurred_at,
        "2024-03-01T10:00:00Z".parse::<DateTime<Utc>>()?
    );

    // The summaries written in bulk equal a recomputation from the log.
    drop(s);
    assert_same_strengths(&path)?;
    Ok(())
}

#[test]
fn re_importing_finds_the_same_people_and_skips_rows_already_there() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("again.db");
    let s = Sphere::open(&path)?;
    import(&s, LOG)?;
    let again = import(&s, LOG)?;
    assert_eq!(
        (
            again.people_created,
            again.people_matched,
            again.relationships_created
        ),
        (0, 3, 0)
    );
    assert_eq!(
        (again.interactions_created, again.duplicates_skipped),
        (0, 4)
    );
    assert_eq!(again.counts.interactions, 4);

    // A longer export of the same log: only the new rows land (a repeated row is a second
    // message, kept once more than before).
    let longer = format!(
        "{LOG}17,42,2024-03-01T10:00:00Z,email,,\n17,42,2024-04-01T10:00:00Z,meal,,\n5,17,2024-04-02T10:00:00Z,call,Eve Adams,\n"
    );
    let more = import(&s, &longer)?;
    assert_eq!(more.people_created, 1);
    assert_eq!(more.relationships_created, 1);
    assert_eq!((more.interactions_created, more.duplicates_skipped), (3, 4));
    assert_eq!(more.counts.interactions, 7);
    assert_eq!(more.counts.people, 4);

    // Another source's keys are other people.
    let other = s.import_log(ImportLogRequest {
        csv: "from,to,at\n17,42,2024-05-01T00:00:00Z\n".into(),
        source: Some("crm".into()),
    })?;
    assert_eq!((other.people_created, other.people_matched), (2, 0));

    // A relationship made by hand between two imported people gets the new rows in its
    // summary; people who already interacted get a summary of everything they shared.
    let people = people_by_name(&s)?;
    let (cy, eve) = (people["Cy Young"].id, people["Eve Adams"].id);
    s.tie_create(RelationshipInput {
        person_a: cy,
        person_b: eve,
        kind: TieKind::Friend,
        since: None,
        how_met: None,
        strength_override: None,
        override_reason: None,
    })?;
    let both = import(
        &s,
        "from,to,at,kind\n99,5,2024-06-01T00:00:00Z,meal\n17,5,2024-06-02T00:00:00Z,meal\n",
    )?;
    assert_eq!(
        (both.relationships_created, both.interactions_created),
        (0, 2)
    );
    drop(s);
    assert_same_strengths(&path)?;
    Ok(())
}

#[test]
fn bad_input_names_the_line_and_column_and_writes_nothing() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let cases = [
        (
            "from,to,at\n1,2,2024-01-01T00:00:00Z\n1,3,last tuesday\n",
            "line 3, column `at`",
        ),
        (
            "from,to,at,kind\n1,2,2024-01-01T00:00:00Z,fax\n",
            "line 2, column `kind`",
        ),
        ("from,at\n1,2024-01-01T00:00:00Z\n", "lacks the column `to`"),
        (
            "from,to,at\n1,2,2024-01-01T00:00:00Z\n3,3,2024-01-01T00:00:00Z\n",
            "line 3, column `to`",
        ),
        (
            "from,to,at\n1,2,2024-01-01T00:00:00Z,extra\n",
            "line 2 has 4 fields",
        ),
        ("who,to,at\n", "unknown column `who`"),
    ];
    for (csv, expected) in cases {
        let err = import(&s, csv).expect_err("bad input must be rejected");
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{csv:?}");
        assert_eq!(err.field.as_deref(), Some("csv"));
        assert!(err.message.contains(expected), "{csv:?}: {}", err.message);
    }
    let long_name = format!(
        "from,to,at,from_name\n1,2,2024-01-01T00:00:00Z,{}\n",
        "x".repeat(10_001)
    );
    let err = import(&s, &long_name).expect_err("a name over the limit is rejected");
    assert!(
        err.message.contains("line 2, column `from_name`"),
        "{}",
        err.message
    );
    let err = s
        .import_log(ImportLogRequest {
            csv: "from,to,at\n".into(),
            source: Some("  ".into()),
        })
        .expect_err("a blank source is rejected");
    assert_eq!(err.field.as_deref(), Some("source"));
    let info = s.app_info(Empty {})?;
    assert_eq!(
        (
            info.counts.people,
            info.counts.relationships,
            info.counts.interactions
        ),
        (0, 0, 0),
        "nothing may be written"
    );
    // A header alone imports nothing, successfully.
    assert_eq!(import(&s, "from,to,at\n")?.rows, 0);
    Ok(())
}

#[test]
fn the_graph_is_rebuilt_after_an_import() -> TestResult {
    let s = Sphere::open_in_memory()?;
    import(&s, LOG)?;
    let people = people_by_name(&s)?;
    let me = &people["Person 42"];
    let mut input = PersonInput {
        first_name: me.first_name.clone(),
        last_name: Some(me.last_name.clone()),
        ring: Some(Ring::Centre),
        ..Default::default()
    };
    s.person_update(PersonUpdate {
        id: me.id,
        person: input.clone(),
    })?;
    let paths = s.path_find(PathQuery {
        to_person: Some(people["Cy Young"].id),
        any_length: Some(true),
        k: Some(5),
        ..Default::default()
    })?;
    assert_eq!(paths.paths.len(), 2, "direct, and through Ada");
    // Strengths of the imported ties are in the graph (the sphere view shows them).
    let view = s.sphere_view(Empty {})?;
    assert_eq!(view.ties.len(), 3);
    assert!(view.ties.iter().all(|t| t.strength > 0.0));
    input.ring = None;
    s.person_update(PersonUpdate {
        id: me.id,
        person: input,
    })?;
    Ok(())
}

/// 60k rows among 2,000 people, like the CollegeMsg log.
fn big_log() -> String {
    let mut csv = String::from("from,to,at\n");
    let mut x: u64 = 12345;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let start = 1_082_040_960u64;
    for i in 0..60_000u64 {
        let a = next() % 2000;
        let mut b = next() % 40 + a.saturating_sub(20);
        if b == a {
            b = a + 1;
        }
        csv.push_str(&format!("{a},{b},{}\n", start + i * 250));
    }
    csv
}

#[test]
fn sixty_thousand_rows_import_in_seconds() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("big.db");
    let csv = big_log();
    let s = Sphere::open(&path)?;
    let started = Instant::now();
    let summary = import(&s, &csv)?;
    let took = started.elapsed();
    assert_eq!(summary.interactions_created, 60_000);
    // Generous for an unoptimised test build on a busy machine; a release build takes well
    // under a second.
    assert!(took.as_secs() < 30, "importing 60k rows took {took:?}");
    drop(s);
    assert_same_strengths(&path)?;
    Ok(())
}

fn sphere_cli(db: &Path, args: &[&str], file: &Path) -> std::io::Result<std::process::Output> {
    Command::new(env!("CARGO_BIN_EXE_sphere"))
        .env("SPHERE_DB", db)
        .args(args)
        .arg(file)
        .output()
}

#[test]
fn the_cli_imports_a_file_and_reports_errors() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cli.db");
    let file = dir.path().join("log.csv");
    std::fs::write(&file, LOG)?;
    let out = sphere_cli(&db, &["--json", "import", "log"], &file)?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(summary["interactions_created"], 4);
    assert_eq!(summary["people_created"], 3);

    let human = sphere_cli(&db, &["import", "log"], &file)?;
    assert!(human.status.success());
    let text = String::from_utf8(human.stdout)?;
    assert!(text.contains("4 rows were already imported"), "{text}");

    std::fs::write(&file, "from,to,at\n1,2,2024-01-01T00:00:00Z\n1,2,noon\n")?;
    let bad = sphere_cli(&db, &["import", "log"], &file)?;
    assert!(!bad.status.success());
    let err = String::from_utf8(bad.stderr)?;
    assert!(err.contains("line 3, column `at`"), "{err}");
    let missing = sphere_cli(&db, &["import", "log"], Path::new("/nonexistent/log.csv"))?;
    assert!(!missing.status.success());
    assert!(String::from_utf8(missing.stderr)?.contains("cannot read /nonexistent/log.csv"));
    Ok(())
}
