//! The synthetic sales network: deterministic, well-formed, shaped like a real one.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use sphere_api::domain::*;
use sphere_api::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn until() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default() // 2026-01-01
}

fn options(seed: u64) -> SynthOptions {
    SynthOptions {
        people: 3000,
        ties: 20_000,
        seed,
        until: until(),
    }
}

/// Everything but creation times, in id order.
fn dump(path: &Path) -> Result<Vec<String>, rusqlite::Error> {
    let conn = Connection::open(path)?;
    let mut out = Vec::new();
    for sql in [
        "SELECT id, name, domain, industry, size, location FROM organization ORDER BY id",
        "SELECT id, first_name, last_name, title, organization_id, ring, ring_pinned, is_team FROM person ORDER BY id",
        "SELECT id, person_a, person_b, kind, since, stats_at, w_a, w_b, w_shared, first_at, last_at, n_shared FROM relationship ORDER BY id",
        "SELECT id, occurred_at, kind, initiator_id FROM interaction ORDER BY id",
        "SELECT interaction_id, person_id FROM interaction_participant ORDER BY 1, 2",
    ] {
        let mut stmt = conn.prepare(sql)?;
        let n = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let cells: Vec<String> = (0..n).map(|i| format!("{:?}", row.get_ref(i))).collect();
            out.push(cells.join("|"));
        }
    }
    Ok(out)
}

#[test]
fn the_same_seed_gives_the_same_network() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (one, two, other) = (
        dir.path().join("one.db"),
        dir.path().join("two.db"),
        dir.path().join("other.db"),
    );
    for (path, seed) in [(&one, 7), (&two, 7), (&other, 8)] {
        let s = Sphere::open(path)?;
        let summary = s.synth_load(options(seed))?;
        assert_eq!(summary.people, 3000);
        assert_eq!(summary.relationships, 20_000);
    }
    let (a, b, c) = (dump(&one)?, dump(&two)?, dump(&other)?);
    assert!(a == b, "the same seed must give the same records");
    assert!(a != c, "another seed gives another network");
    Ok(())
}

#[test]
fn the_network_is_well_formed_and_shaped_like_a_sales_network() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("synth.db");
    let s = Sphere::open_as_of(&path, until())?;
    let summary = s.synth_load(options(1))?;
    let info = s.app_info(Empty {})?;
    assert_eq!(info.counts.people, 3000);
    assert_eq!(info.counts.relationships, 20_000);
    assert_eq!(info.counts.interactions as usize, summary.interactions);
    let per_tie = summary.interactions as f64 / 20_000.0;
    assert!(
        (1.5..4.0).contains(&per_tie),
        "{per_tie} interactions per tie"
    );
    assert_eq!(info.me.as_ref().map(|m| m.id), Some(summary.me));
    assert_eq!(summary.team.len(), 4);

    let conn = Connection::open(&path)?;
    // Foreign keys were not checked row by row while generating: nothing may dangle.
    let dangling: i64 =
        conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })?;
    assert_eq!(dangling, 0);
    let broken: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    assert_eq!(broken, "ok");
    // Every index is back.
    let indexes: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
        [],
        |r| r.get(0),
    )?;
    assert!(indexes >= 12, "{indexes} indexes");

    // Heavy-tailed degrees: connectors with many times the typical number of ties.
    let mut degree: HashMap<i64, usize> = HashMap::new();
    let mut stmt = conn.prepare("SELECT person_a, person_b FROM relationship")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        *degree.entry(row.get(0)?).or_default() += 1;
        *degree.entry(row.get(1)?).or_default() += 1;
    }
    let mut d: Vec<usize> = degree.values().copied().collect();
    d.sort_unstable();
    let (median, max) = (d[d.len() / 2], d[d.len() - 1]);
    assert!(max >= 8 * median, "median degree {median}, max {max}");
    // Most ties stay inside an organization.
    let colleagues: i64 = conn.query_row(
        "SELECT count(*) FROM relationship r JOIN person a ON a.id = r.person_a
           JOIN person b ON b.id = r.person_b WHERE a.organization_id = b.organization_id",
        [],
        |r| r.get(0),
    )?;
    assert!(colleagues > 5_000, "{colleagues} ties inside organizations");
    // Decision-makers to aim warm paths at.
    let deciders: i64 = conn.query_row(
        "SELECT count(*) FROM person WHERE title LIKE 'VP %' OR title LIKE 'Head of %'",
        [],
        |r| r.get(0),
    )?;
    assert!(deciders > 100, "{deciders} VPs and heads");

    // Strengths range from the floor to near 1.
    let view = s.sphere_view(Empty {})?;
    let strengths: Vec<f64> = view.ties.iter().map(|t| t.strength).collect();
    let weak = strengths.iter().filter(|&&x| x < 0.15).count();
    let strong = strengths.iter().filter(|&&x| x > 0.6).count();
    assert!(
        weak > 2_000 && strong > 1_000,
        "{weak} weak, {strong} strong"
    );

    // Rings were stored as the graph derives them: opening again changes none.
    let rings = |conn: &Connection| -> rusqlite::Result<Vec<(i64, String)>> {
        conn.prepare("SELECT id, ring FROM person ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect()
    };
    let before = rings(&conn)?;
    drop(s);
    let reopened = Sphere::open_as_of(&path, until())?;
    assert_eq!(rings(&conn)?, before);
    let inner = before.iter().filter(|(_, r)| r == "inner").count();
    assert!(inner > 10, "{inner} active clients");

    // Warm paths from the user reach a decision-maker in a few hops.
    let target: i64 = conn.query_row(
        "SELECT id FROM person WHERE title LIKE 'VP %' AND ring = 'beyond' ORDER BY id LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let paths = reopened.path_find(PathQuery {
        to_person: Some(target),
        k: Some(5),
        max_hops: Some(4),
        ..Default::default()
    })?;
    assert!(!paths.paths.is_empty(), "no warm path to person {target}");
    Ok(())
}

#[test]
fn only_an_empty_database_is_filled_and_sizes_are_checked() -> TestResult {
    let s = Sphere::open_in_memory()?;
    for (people, ties, field) in [(5, 100, "people"), (3000, 10, "ties"), (100, 4000, "ties")] {
        let err = s
            .synth_load(SynthOptions {
                people,
                ties,
                seed: 1,
                until: until(),
            })
            .expect_err("bad sizes are rejected");
        assert_eq!(err.field.as_deref(), Some(field), "{err:?}");
    }
    s.person_create(PersonInput {
        first_name: "Ada".into(),
        ..Default::default()
    })?;
    let err = s
        .synth_load(options(1))
        .expect_err("a used database is refused");
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(s.app_info(Empty {})?.counts.people, 1);
    Ok(())
}

#[test]
fn a_large_graph_holds_every_relationship_with_its_strength() -> TestResult {
    // 60k relationships: the graph reads rows on one thread while another builds it.
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("large.db");
    Sphere::open(&path)?.synth_load(SynthOptions {
        people: 3000,
        ties: 60_000,
        seed: 3,
        until: until(),
    })?;
    let s = Sphere::open_as_of(&path, until())?;
    let in_graph = s.tie_strengths()?;
    let store = sphere_store::Store::open(&path)?;
    let half_life = sphere_store::stats::half_life_days(store.db())?;
    let records = sphere_store::stats::all_tie_records(store.db())?;
    assert_eq!(in_graph.len(), records.len());
    for (t, (id, a, b, strength)) in records.iter().zip(&in_graph) {
        let expected = sphere_domain::strength::strength(
            &t.stats,
            t.since,
            t.strength_override,
            until(),
            half_life,
        )
        .value;
        assert_eq!((t.id, t.a, t.b, expected), (*id, *a, *b, *strength));
    }
    // Paths between the same people are the same whichever open built the graph.
    let spec = sphere_graph::PathSpec {
        from: vec![records[0].a],
        to: sphere_graph::PathTo::Person(records[records.len() - 1].b),
        k: 10,
        max_hops: None,
        exclude: Vec::new(),
        ask_penalty: false,
    };
    let first = s.raw_paths(&spec)?;
    assert_eq!(first.paths.len(), 10);
    assert_eq!(Sphere::open_as_of(&path, until())?.raw_paths(&spec)?, first);
    Ok(())
}
