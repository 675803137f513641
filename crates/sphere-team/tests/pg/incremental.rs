//! The team graph refreshed in place after each write equals a fresh full load: one server
//! keeps its graph from write to write, a new server (an empty cache) loads it from nothing,
//! and the coverage and paths they answer must be the same JSON.

use serde_json::json;

use super::*;

/// What a member sees of the team's graph: coverage (for them) and paths into each
/// organization and to each person named.
fn view(
    s: &Server,
    m: &Joined,
    orgs: &[String],
    people: &[String],
) -> Result<Value, Box<dyn std::error::Error>> {
    let coverage: Value = s.ok("POST", "/v1/coverage", Some(&m.token), Some(&json!({})))?;
    let mut paths = Vec::new();
    for o in orgs {
        let (status, p) = s.call(
            "POST",
            "/v1/paths",
            Some(&m.token),
            Some(&json!({"organization": o})),
        )?;
        paths.push(json!({"status": status, "answer": p}));
    }
    for p in people {
        let (status, a) = s.call(
            "POST",
            "/v1/paths",
            Some(&m.token),
            Some(&json!({"person": p})),
        )?;
        paths.push(json!({"status": status, "answer": a}));
    }
    Ok(json!({"coverage": coverage, "paths": paths}))
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn a_graph_refreshed_after_each_write_equals_a_fresh_load() -> TestResult {
    let kept = Server::start()?;
    let (_, code) = kept.team("T", "Ana")?;
    let ana = kept.join(&code, "a")?;
    let bo = kept.invite_join(&ana, "Bo")?;
    let cy = kept.invite_join(&ana, "Cy")?;
    let t = T0_MS;
    let orgs: Vec<String> = (0..3).map(|_| key()).collect();
    let people: Vec<String> = (0..8).map(|_| key()).collect();
    let (ana_p, late, twin) = (key(), key(), key());

    let mut setup = Vec::new();
    for (i, o) in orgs.iter().enumerate() {
        setup.push(change(
            &ana,
            "organization",
            o,
            t,
            json!({"name": format!("Org {i}")}),
        ));
        setup.push(change(&ana, "target", o, t, json!({"tier": 1 + i % 3})));
    }
    setup.push(change(
        &ana,
        "person",
        &ana_p,
        t,
        json!({"name": "Ana Ames", "me": true}),
    ));
    for (i, p) in people.iter().enumerate() {
        setup.push(change(
            &ana,
            "person",
            p,
            t,
            json!({"name": format!("P{i}"), "title": if i % 2 == 0 { "CTO" } else { "Engineer" }, "organization": orgs[i % 3]}),
        ));
    }
    setup.push(change(
        &ana,
        "role",
        &format!("{}/economic_buyer", people[0]),
        t,
        json!({"holds": true}),
    ));
    for p in &people[..4] {
        setup.push(change(
            &ana,
            "knows",
            p,
            t,
            json!({"band": "strong", "last_two_way": "2026-11"}),
        ));
    }
    kept.push(&ana, setup)?;
    kept.push(
        &bo,
        vec![
            change(
                &bo,
                "knows",
                &ana_p,
                t,
                json!({"band": "medium", "last_two_way": "2026-10"}),
            ),
            change(&bo, "knows", &people[4], t, json!({"band": "weak"})),
            change(
                &bo,
                "knows",
                &people[5],
                t,
                json!({"band": "strong", "last_two_way": "2026-11"}),
            ),
        ],
    )?;
    kept.push(
        &cy,
        vec![change(
            &cy,
            "knows",
            &people[6],
            t,
            json!({"band": "medium"}),
        )],
    )?;

    let check = |what: &str, viewer: &Joined| -> TestResult {
        let refreshed = view(&kept, viewer, &orgs, &people)?;
        let fresh = Server::start()?;
        let loaded = view(&fresh, viewer, &orgs, &people)?;
        if refreshed != loaded {
            let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default();
            let (a, b) = (pretty(&refreshed), pretty(&loaded));
            let first = a
                .lines()
                .zip(b.lines())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            let around = |t: &str| {
                t.lines()
                    .skip(first.saturating_sub(8))
                    .take(16)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "after {what}, the graph refreshed in place must answer what a fresh load does; \
                 first difference at line {first}:\nrefreshed:\n{}\nfresh:\n{}",
                around(&a),
                around(&b)
            );
        }
        Ok(())
    };
    check("the first load", &ana)?;

    let mut at = t;
    let mut next = || {
        at += 1000;
        at
    };
    kept.push(
        &ana,
        vec![change(
            &ana,
            "knows",
            &people[0],
            next(),
            json!({"band": "weak"}),
        )],
    )?;
    check("a changed band", &ana)?;
    kept.push(
        &bo,
        vec![change(
            &bo,
            "knows",
            &people[7],
            next(),
            json!({"band": "strong", "last_two_way": "2026-11"}),
        )],
    )?;
    check("a new knows", &bo)?;
    kept.push(
        &ana,
        vec![change(
            &ana,
            "knows",
            &people[1],
            next(),
            json!({"deleted": true}),
        )],
    )?;
    check("a removed knows", &ana)?;
    kept.push(
        &ana,
        vec![
            change(
                &ana,
                "person",
                &late,
                next(),
                json!({"name": "Late", "title": "CFO", "organization": orgs[2]}),
            ),
            change(
                &ana,
                "knows",
                &late,
                next(),
                json!({"band": "medium", "last_two_way": "2026-09"}),
            ),
            change(
                &ana,
                "person",
                &people[2],
                next(),
                json!({"organization": orgs[0], "title": "CEO"}),
            ),
            change(
                &ana,
                "role",
                &format!("{}/economic_buyer", people[0]),
                next(),
                json!({"holds": false}),
            ),
            change(
                &ana,
                "role",
                &format!("{late}/decision_maker"),
                next(),
                json!({"holds": true}),
            ),
            change(
                &ana,
                "target",
                &orgs[1],
                next(),
                json!({"tier": 3, "owner": bo.team.me.id}),
            ),
        ],
    )?;
    check("a new person, a move, roles and a target's tier", &cy)?;
    kept.push(
        &ana,
        vec![change(
            &ana,
            "organization",
            &orgs[2],
            next(),
            json!({"deleted": true}),
        )],
    )?;
    check("a deleted organization", &ana)?;
    kept.push(
        &ana,
        vec![change(
            &ana,
            "organization",
            &orgs[2],
            next(),
            json!({"deleted": false}),
        )],
    )?;
    check("an organization back on the record", &ana)?;
    kept.push(
        &ana,
        vec![change(
            &ana,
            "person",
            &people[3],
            next(),
            json!({"deleted": true}),
        )],
    )?;
    check("a deleted person", &bo)?;
    kept.push(
        &ana,
        vec![change(
            &ana,
            "person",
            &people[3],
            next(),
            json!({"deleted": false}),
        )],
    )?;
    check("a person back on the record (with their knows)", &bo)?;
    kept.push(
        &cy,
        vec![
            change(
                &cy,
                "person",
                &twin,
                next(),
                json!({"name": "P5 twin", "organization": orgs[2]}),
            ),
            change(
                &cy,
                "knows",
                &twin,
                next(),
                json!({"band": "strong", "last_two_way": "2026-11"}),
            ),
        ],
    )?;
    let _: Value = kept.ok(
        "POST",
        "/v1/merge",
        Some(&ana.token),
        Some(&json!({"keep": people[5], "merge": twin})),
    )?;
    check("a merge", &cy)?;
    let (full, refreshed) = kept.app.graph_loads();
    assert_eq!(
        full, 1,
        "one full load; every write since was applied in place"
    );
    assert!(refreshed >= 9, "each write was a refresh: {refreshed}");
    let _: Value = kept.ok("POST", "/v1/leave", Some(&bo.token), None::<&()>)?;
    check("a member leaving", &ana)?;
    Ok(())
}
