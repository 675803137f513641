//! Coverage and paths on the server for a small team whose verdicts are worked out by hand.

use serde_json::json;

use sphere_api::{CoverageReport, TeamPaths};
use sphere_domain::account::{StrengthBand, Verdict};

use super::*;

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn coverage_on_the_server_matches_the_verdicts_worked_out_by_hand() -> TestResult {
    let s = Server::start()?;
    let (_, code) = s.team("T", "Ana")?;
    let ana = s.join(&code, "a")?;
    let bo = s.invite_join(&ana, "Bo")?;
    let cy = s.invite_join(&ana, "Cy")?;
    // Cy shares only that she knows people.
    let _: Value = s.ok(
        "POST",
        "/v1/share",
        Some(&cy.token),
        Some(&json!({"level": "existence"})),
    )?;

    let t = T0_MS; // 2026-12-01: November 2026 is recent, threads need 180 days.
    let orgs: Vec<(&str, String)> = ["Globex", "Initech", "Hooli", "Umbrella", "Soylent"]
        .iter()
        .map(|n| (*n, key()))
        .collect();
    let org = |n: &str| {
        orgs.iter()
            .find(|o| o.0 == n)
            .map(|o| o.1.clone())
            .unwrap_or_default()
    };
    let mut setup = Vec::new();
    for (name, k) in &orgs {
        setup.push(change(&ana, "organization", k, t, json!({"name": name})));
        setup.push(change(&ana, "target", k, t, json!({"tier": 3})));
    }
    let people: Vec<(&str, &str, String)> = [
        ("Zoe", "Globex"),
        ("Yan", "Initech"),
        ("Xu", "Initech"),
        ("Wen", "Hooli"),
        ("Vic", "Umbrella"),
        ("Tom", "Soylent"),
    ]
    .iter()
    .map(|(p, o)| (*p, *o, key()))
    .collect();
    let person = |n: &str| {
        people
            .iter()
            .find(|p| p.0 == n)
            .map(|p| p.2.clone())
            .unwrap_or_default()
    };
    for (name, o, k) in &people {
        setup.push(change(
            &ana,
            "person",
            k,
            t,
            json!({"name": name, "title": "CTO", "organization": org(o)}),
        ));
    }
    setup.push(change(
        &ana,
        "knows",
        &person("Zoe"),
        t,
        json!({"band": "strong", "last_two_way": "2026-11"}),
    ));
    setup.push(change(
        &ana,
        "knows",
        &person("Yan"),
        t,
        json!({"band": "strong", "last_two_way": "2026-11"}),
    ));
    setup.push(change(
        &ana,
        "knows",
        &person("Tom"),
        t,
        json!({"band": "weak", "last_two_way": "2026-11"}),
    ));
    s.push(&ana, setup)?;
    s.push(
        &bo,
        vec![
            change(
                &bo,
                "knows",
                &person("Zoe"),
                t,
                json!({"band": "medium", "last_two_way": "2026-10"}),
            ),
            change(
                &bo,
                "knows",
                &person("Xu"),
                t,
                json!({"band": "medium", "last_two_way": "2026-11"}),
            ),
        ],
    )?;
    // Cy's band is withheld by her share level whatever her device sends.
    s.push(
        &cy,
        vec![change(
            &cy,
            "knows",
            &person("Wen"),
            t,
            json!({"band": "strong", "last_two_way": "2026-11"}),
        )],
    )?;

    let report: CoverageReport =
        s.ok("POST", "/v1/coverage", Some(&ana.token), Some(&json!({})))?;
    let verdict = |name: &str| {
        report
            .accounts
            .iter()
            .find(|r| r.organization.name == name)
            .map(|r| r.verdict)
    };
    for (name, want) in [
        ("Globex", Verdict::SingleTheirs), // one person there holds every thread
        ("Initech", Verdict::MultiThreaded), // two people, two of us
        ("Hooli", Verdict::Unknown),       // only Cy's existence-only tie: cannot be seen
        ("Umbrella", Verdict::NoPath),     // nobody knows Vic
        ("Soylent", Verdict::NoThread),    // Ana's tie to Tom is weak
    ] {
        assert_eq!(
            verdict(name),
            Some(want),
            "{name}'s verdict, in {:#?}",
            report
                .accounts
                .iter()
                .map(|r| (&r.organization.name, r.verdict, &r.why))
                .collect::<Vec<_>>()
        );
    }
    let hooli = report
        .accounts
        .iter()
        .find(|r| r.organization.name == "Hooli")
        .ok_or("Hooli")?;
    assert_eq!(
        hooli.hidden_ties, 1,
        "Cy's tie is counted as unknown, never described"
    );
    assert!(
        report
            .accounts
            .iter()
            .all(|r| r.cells.iter().all(|c| c.member_id < 0)),
        "members have negative ids in team reports"
    );

    // The cache answers the same; a write moves it.
    let again: CoverageReport = s.ok("POST", "/v1/coverage", Some(&ana.token), Some(&json!({})))?;
    assert_eq!(again.accounts.len(), report.accounts.len());
    s.push(
        &bo,
        vec![change(
            &bo,
            "knows",
            &person("Vic"),
            t + 1,
            json!({"band": "strong", "last_two_way": "2026-11"}),
        )],
    )?;
    let after: CoverageReport = s.ok("POST", "/v1/coverage", Some(&ana.token), Some(&json!({})))?;
    let umbrella = after
        .accounts
        .iter()
        .find(|r| r.organization.name == "Umbrella")
        .ok_or("Umbrella")?;
    assert_eq!(
        umbrella.verdict,
        Verdict::SingleTheirs,
        "Bo's new tie reaches Umbrella after the write"
    );

    // Paths into Initech: Ana → Yan (strong), Bo → Xu (medium).
    let p: TeamPaths = s.ok(
        "POST",
        "/v1/paths",
        Some(&ana.token),
        Some(&json!({"organization": org("Initech")})),
    )?;
    assert_eq!(p.people, 2);
    assert_eq!(p.paths.len(), 2, "{p:?}");
    assert_eq!(
        p.paths[0]
            .steps
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["Ana", "Yan"]
    );
    assert_eq!(p.paths[0].band, Some(StrengthBand::Strong));
    assert_eq!(p.paths[1].band, Some(StrengthBand::Medium));
    // The same account by the id the coverage report gives it (what the UI's grid holds).
    let initech = report
        .accounts
        .iter()
        .find(|r| r.organization.name == "Initech")
        .ok_or("Initech")?;
    let by_id: TeamPaths = s.ok(
        "POST",
        "/v1/paths",
        Some(&ana.token),
        Some(&json!({"organization": initech.organization.id.to_string()})),
    )?;
    assert_eq!(
        by_id, p,
        "an account by its report id finds the same paths as by its key"
    );
    // To Wen: only Cy's existence-only tie, so no band is told.
    let p: TeamPaths = s.ok(
        "POST",
        "/v1/paths",
        Some(&ana.token),
        Some(&json!({"person": person("Wen")})),
    )?;
    assert_eq!(p.unknown, 1);
    assert!(
        p.paths.iter().all(|x| x.band.is_none()),
        "a path over an unshared band has no band: {p:?}"
    );
    let (status, _) = s.call(
        "POST",
        "/v1/paths",
        Some(&ana.token),
        Some(&json!({"organization": key()})),
    )?;
    assert_eq!(status, 404, "an unknown organization is named as such");
    let (status, _) = s.call(
        "POST",
        "/v1/paths",
        Some(&ana.token),
        Some(&json!({"organization": "987654321"})),
    )?;
    assert_eq!(status, 404, "an id no organization has is not found either");
    Ok(())
}
