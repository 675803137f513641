//! A member's own person (`me`) and the open requests per account in server coverage.

use serde_json::json;

use sphere_api::{CoverageReport, TeamPaths};
use sphere_domain::account::StrengthBand;
use sphere_domain::team::TeamInfo;

use super::*;

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn a_members_own_person_is_their_node_so_paths_run_through_colleagues() -> TestResult {
    let s = Server::start()?;
    let (_, code) = s.team("T", "Ana")?;
    let ana = s.join(&code, "a")?;
    let bo = s.invite_join(&ana, "Bo")?;
    let cy = s.invite_join(&ana, "Cy")?;
    let t = T0_MS;
    let (globex, acme) = (key(), key());
    let (ana_p, zed, old_me, cy_contact) = (key(), key(), key(), key());

    // Ana's device first names another person as her own, then moves it to the right one.
    s.push(
        &ana,
        vec![
            change(&ana, "organization", &globex, t, json!({"name": "Globex"})),
            change(&ana, "target", &globex, t, json!({"tier": 1})),
            change(&ana, "organization", &acme, t, json!({"name": "Acme"})),
            change(&ana, "person", &old_me, t, json!({"name": "Ana (old)", "me": true})),
            change(
                &ana,
                "person",
                &ana_p,
                t,
                json!({"name": "Ana Ames", "title": "Account executive", "organization": acme, "me": true}),
            ),
            change(
                &ana,
                "person",
                &zed,
                t,
                json!({"name": "Zed", "title": "CTO", "organization": globex}),
            ),
            change(&ana, "knows", &zed, t, json!({"band": "strong", "last_two_way": "2026-11"})),
        ],
    )?;
    let info: TeamInfo = s.ok("GET", "/v1/me", Some(&ana.token), None::<&()>)?;
    assert_eq!(
        info.me.person.as_deref(),
        Some(ana_p.as_str()),
        "the later `me` moves the member's own person"
    );
    let (rows, _) = s.pull_all(&bo, 0)?;
    assert!(
        rows.iter().all(|r| !r.fields.contains_key("me")),
        "`me` is kept on the member, never among a person's pulled fields"
    );

    // Bo knows Ana (his colleague, pushed as a contact), not Zed; Cy knows someone else.
    s.push(
        &bo,
        vec![change(
            &bo,
            "knows",
            &ana_p,
            t,
            json!({"band": "strong", "last_two_way": "2026-11"}),
        )],
    )?;
    s.push(
        &cy,
        vec![
            change(&cy, "person", &cy_contact, t, json!({"name": "Quinn"})),
            change(&cy, "knows", &cy_contact, t, json!({"band": "medium"})),
        ],
    )?;
    let p: TeamPaths = s.ok(
        "POST",
        "/v1/paths",
        Some(&bo.token),
        Some(&json!({"person": zed, "from_member": bo.team.me.id})),
    )?;
    let first = p.paths.first().ok_or("Bo reaches Zed through Ana")?;
    assert_eq!(
        first
            .steps
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["Bo", "Ana", "Zed"],
        "Bo → Ana → Zed: {p:?}"
    );
    assert_eq!(first.steps[1].key, ana_p, "Ana's step is her own person");
    assert_eq!(
        first.steps[1].member.as_deref(),
        Some(ana.team.me.id.as_str())
    );
    assert_eq!(first.band, Some(StrengthBand::Strong));

    // Coverage: Globex is reached by Ana only; Bo's cell is empty, his path runs through her.
    let report: CoverageReport = s.ok("POST", "/v1/coverage", Some(&bo.token), Some(&json!({})))?;
    let g = report
        .accounts
        .iter()
        .find(|a| a.organization.name == "Globex")
        .ok_or("Globex is a target")?;
    let ana_node = report
        .members
        .iter()
        .find(|m| m.person.display_name == "Ana")
        .ok_or("Ana is a member")?;
    assert!(ana_node.person.id > 0, "Ana's node is her own person's id");
    assert_eq!(ana_node.person.organization_name.as_deref(), Some("Acme"));
    assert!(
        g.cells.iter().any(|c| c.member_id == ana_node.person.id),
        "Ana's tie to Zed is her cell: {:?}",
        g.cells
    );

    // Nobody else may claim Ana as their own person.
    let (status, body) = s.call(
        "POST",
        "/v1/push",
        Some(&cy.token),
        Some(&PushRequest {
            changes: vec![change(&cy, "person", &ana_p, t + 5, json!({"me": true}))],
        }),
    )?;
    assert_eq!(
        status, 409,
        "another member's own person is refused: {body}"
    );
    assert!(
        body.to_string().contains("Ana"),
        "the refusal names whose it is: {body}"
    );
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn open_requests_count_per_account_from_the_asks_the_member_may_see() -> TestResult {
    let s = Server::start()?;
    let (_, code) = s.team("T", "Ana")?;
    let ana = s.join(&code, "a")?;
    let bo = s.invite_join(&ana, "Bo")?;
    let t = T0_MS;
    let (globex, initech, zed) = (key(), key(), key());
    s.push(
        &ana,
        vec![
            change(&ana, "organization", &globex, t, json!({"name": "Globex"})),
            change(&ana, "target", &globex, t, json!({"tier": 2})),
            change(
                &ana,
                "organization",
                &initech,
                t,
                json!({"name": "Initech"}),
            ),
            change(&ana, "target", &initech, t, json!({"tier": 2})),
            change(
                &ana,
                "person",
                &zed,
                t,
                json!({"name": "Zed", "organization": globex}),
            ),
            // Open, by the target person's organization.
            change(
                &ana,
                "ask",
                &key(),
                t,
                json!({"target": zed, "state": "asked"}),
            ),
            // Open, by the ask's organization; another open one; a final one; a deleted one.
            change(
                &ana,
                "ask",
                &key(),
                t,
                json!({"target": zed, "organization": initech, "state": "agreed"}),
            ),
            change(
                &ana,
                "ask",
                &key(),
                t,
                json!({"target": zed, "organization": initech, "state": "meeting_set"}),
            ),
            change(
                &ana,
                "ask",
                &key(),
                t,
                json!({"target": zed, "organization": initech, "state": "won"}),
            ),
            change(
                &ana,
                "ask",
                &key(),
                t,
                json!({"target": zed, "state": "asked", "deleted": true}),
            ),
        ],
    )?;
    let open = |token: &str| -> Result<Vec<(String, u32)>, Box<dyn std::error::Error>> {
        let r: CoverageReport = s.ok("POST", "/v1/coverage", Some(token), Some(&json!({})))?;
        let mut v: Vec<(String, u32)> = r
            .accounts
            .iter()
            .map(|a| (a.organization.name.clone(), a.open_requests))
            .collect();
        v.sort();
        Ok(v)
    };
    assert_eq!(
        open(&ana.token)?,
        [("Globex".to_string(), 1), ("Initech".to_string(), 2)],
        "Ana's open requests: by target's organization, or by the ask's; won and deleted ones are not open"
    );
    assert_eq!(
        open(&bo.token)?,
        [("Globex".to_string(), 0), ("Initech".to_string(), 0)],
        "Bo may not see Ana's requests (he is neither asker nor connector)"
    );
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn a_targets_owner_is_the_person_key_the_device_sends() -> TestResult {
    let s = Server::start()?;
    let (_, code) = s.team("T", "Ana")?;
    let ana = s.join(&code, "a")?;
    let bo = s.invite_join(&ana, "Bo")?;
    let t = T0_MS;
    let (globex, initech, hooli) = (key(), key(), key());
    let (ana_p, zed) = (key(), key());
    // The device sends a target's owner as the owner's person key (outbound.rs): here Ana's
    // own person, a contact who is not a member, and nobody.
    s.push(
        &ana,
        vec![
            change(
                &ana,
                "person",
                &ana_p,
                t,
                json!({"name": "Ana Ames", "me": true}),
            ),
            change(&ana, "person", &zed, t, json!({"name": "Zed"})),
            change(&ana, "organization", &globex, t, json!({"name": "Globex"})),
            change(
                &ana,
                "organization",
                &initech,
                t,
                json!({"name": "Initech"}),
            ),
            change(&ana, "organization", &hooli, t, json!({"name": "Hooli"})),
            change(
                &ana,
                "target",
                &globex,
                t,
                json!({"tier": 1, "owner": ana_p}),
            ),
            change(
                &ana,
                "target",
                &initech,
                t,
                json!({"tier": 2, "owner": zed}),
            ),
            change(&ana, "target", &hooli, t, json!({"tier": 3})),
        ],
    )?;
    let report: CoverageReport = s.ok("POST", "/v1/coverage", Some(&bo.token), Some(&json!({})))?;
    let owner = |name: &str| {
        report
            .accounts
            .iter()
            .find(|a| a.organization.name == name)
            .map(|a| a.owner.as_ref().map(|o| (o.id, o.display_name.clone())))
    };
    let ana_node = report
        .members
        .iter()
        .find(|m| m.person.display_name == "Ana")
        .ok_or("Ana is a member")?
        .person
        .id;
    assert_eq!(
        owner("Globex"),
        Some(Some((ana_node, "Ana".to_string()))),
        "a target owned by a member's own person is owned by that member's column: {report:?}"
    );
    assert_eq!(
        owner("Initech").flatten().map(|(_, n)| n).as_deref(),
        Some("Zed"),
        "an owner who is a shared contact, not a member, is still named"
    );
    assert_eq!(owner("Hooli"), Some(None), "no owner sent, no owner shown");

    // The Owner filter with the member's id (as the grid's column gives it) finds Globex alone.
    let mine: CoverageReport = s.ok(
        "POST",
        "/v1/coverage",
        Some(&bo.token),
        Some(&json!({"owner_id": ana_node})),
    )?;
    assert_eq!(
        mine.accounts
            .iter()
            .map(|a| a.organization.name.as_str())
            .collect::<Vec<_>>(),
        ["Globex"],
        "filtering by Ana as owner"
    );
    Ok(())
}
