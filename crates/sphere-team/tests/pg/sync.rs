//! Joining, pushing and pulling, conflicts, idempotency, matches, merges, leaving.

use serde_json::json;

use super::*;

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn an_invitation_works_once_and_until_it_expires() -> TestResult {
    let s = Server::start()?;
    let (_, code) = s.team("Acme sales", "Ana")?;
    let ana = s.join(&code, "Ana's laptop")?;
    assert!(ana.team.me.admin, "the first invitation makes an admin");
    assert_eq!(ana.team.name, "Acme sales");
    let (status, v) = s.call(
        "POST",
        "/v1/join",
        None,
        Some(&json!({"invite": code, "device": "again"})),
    )?;
    assert_eq!(status, 401, "a used invitation is refused: {v}");
    assert!(
        v["message"].as_str().unwrap_or("").contains("already used"),
        "{v}"
    );

    let inv: sphere_domain::team::Invite = s.ok(
        "POST",
        "/v1/invite",
        Some(&ana.token),
        Some(&json!({"name": "Bo"})),
    )?;
    s.advance_ms(8 * 24 * 3600 * 1000);
    let (status, v) = s.call(
        "POST",
        "/v1/join",
        None,
        Some(&json!({"invite": inv.code, "device": "Bo's"})),
    )?;
    assert_eq!(status, 401, "an expired invitation is refused: {v}");
    assert!(
        v["message"].as_str().unwrap_or("").contains("expired"),
        "{v}"
    );

    let (status, _) = s.call(
        "POST",
        "/v1/join",
        None,
        Some(&json!({"invite": "nonsense", "device": "x"})),
    )?;
    assert_eq!(status, 401, "an unknown code is refused");
    let (status, v) = s.call("GET", "/v1/me", Some("not-a-token"), None::<&()>)?;
    assert_eq!(
        (status, v["kind"].as_str()),
        (401, Some("unauthorized")),
        "a wrong token is refused as ApiError JSON"
    );

    // A member who is not an admin cannot invite.
    let inv: sphere_domain::team::Invite = s.ok(
        "POST",
        "/v1/invite",
        Some(&ana.token),
        Some(&json!({"name": "Cy"})),
    )?;
    let cy = s.join(&inv.code, "Cy's")?;
    let (status, _) = s.call(
        "POST",
        "/v1/invite",
        Some(&cy.token),
        Some(&json!({"name": "Di"})),
    )?;
    assert_eq!(status, 403, "only an admin invites");
    let (status, v) = s.call("GET", "/v1/push", Some(&cy.token), None::<&()>)?;
    assert_eq!(
        (status, v["kind"].as_str()),
        (405, Some("invalid_input")),
        "a wrong method answers ApiError JSON: {v}"
    );
    let me: sphere_domain::team::TeamInfo = s.ok("GET", "/v1/me", Some(&cy.token), None::<&()>)?;
    assert_eq!(me.members.len(), 2, "the team is Ana and Cy");
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn two_members_push_and_pull_and_offline_edits_resolve_by_clock() -> TestResult {
    let s = Server::start()?;
    let (_, code) = s.team("T", "Ana")?;
    let ana = s.join(&code, "a")?;
    let bo = s.invite_join(&ana, "Bo")?;
    let p = key();
    let org = key();
    let t = T0_MS;
    let r = s.push(
        &ana,
        vec![
            change(
                &ana,
                "organization",
                &org,
                t,
                json!({"name": "Globex", "domain": "globex.com"}),
            ),
            change(
                &ana,
                "person",
                &p,
                t,
                json!({"name": "Zoe", "title": "CTO", "organization": org}),
            ),
            change(
                &ana,
                "knows",
                &p,
                t,
                json!({"band": "strong", "last_two_way": "2026-10"}),
            ),
        ],
    )?;
    assert_eq!(r.applied.len(), 3);
    let (rows, cursor) = s.pull_all(&bo, 0)?;
    assert_eq!(
        rows.len(),
        3,
        "Bo sees the organization, the person and Ana's knows"
    );
    let knows = rows
        .iter()
        .find(|r| r.entity.as_str() == "knows")
        .ok_or("no knows")?;
    assert_eq!(
        knows.member.as_deref(),
        Some(ana.team.me.id.as_str()),
        "a knows row is its member's"
    );
    assert_eq!(knows.fields["band"].value, json!("strong"));

    // Offline: both edit the title; Bo's edit is later. Ana also edits the name, Bo nothing else.
    s.push(
        &bo,
        vec![change(
            &bo,
            "person",
            &p,
            t + 2_000,
            json!({"title": "CEO"}),
        )],
    )?;
    let r = s.push(
        &ana,
        vec![change(
            &ana,
            "person",
            &p,
            t + 1_000,
            json!({"title": "VP", "name": "Zoe Q"}),
        )],
    )?;
    assert_eq!(
        r.conflicts.len(),
        1,
        "Ana's older title lost to Bo's: one conflict ({:?})",
        r.conflicts
    );
    let c = &r.conflicts[0];
    assert_eq!(
        (c.field.as_str(), &c.yours, &c.theirs, c.by.as_str()),
        ("title", &json!("VP"), &json!("CEO"), bo.team.me.id.as_str())
    );
    let (rows, _) = s.pull_all(&bo, cursor)?;
    let person = rows.iter().find(|r| r.key == p).ok_or("the person moved")?;
    assert_eq!(
        person.fields["title"].value,
        json!("CEO"),
        "the later title wins"
    );
    assert_eq!(
        person.fields["name"].value,
        json!("Zoe Q"),
        "a different field is kept"
    );

    // Same stamp, same write: nothing to say. A member's own older write is no conflict.
    let r = s.push(
        &bo,
        vec![change(
            &bo,
            "person",
            &p,
            t + 500,
            json!({"title": "intern"}),
        )],
    )?;
    assert!(
        r.conflicts.is_empty() || r.conflicts.iter().all(|c| c.by != bo.team.me.id),
        "{:?}",
        r.conflicts
    );
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn a_retried_push_is_applied_once_and_a_bad_one_writes_nothing() -> TestResult {
    let s = Server::start()?;
    let (_, code) = s.team("T", "Ana")?;
    let ana = s.join(&code, "a")?;
    let bo = s.invite_join(&ana, "Bo")?;
    let p = key();
    let first = vec![
        change(&ana, "person", &p, T0_MS, json!({"name": "Zoe"})),
        change(&ana, "knows", &p, T0_MS, json!({"band": "weak"})),
    ];
    s.push(&ana, first.clone())?;
    let (before, cursor) = s.pull_all(&bo, 0)?;
    let again = s.push(&ana, first)?;
    assert_eq!(
        again.applied.len(),
        2,
        "a retry answers the same ids as applied"
    );
    let (after, _) = s.pull_all(&bo, cursor)?;
    assert!(after.is_empty(), "a retry writes nothing new: {after:?}");
    assert_eq!(before.len(), 2);

    // One bad change: the whole push is refused, naming it, and nothing of it is written.
    let q = key();
    let (status, v) = s.call(
        "POST",
        "/v1/push",
        Some(&ana.token),
        Some(&sphere_domain::team::PushRequest {
            changes: vec![
                change(&ana, "person", &q, T0_MS + 1, json!({"name": "Yan"})),
                change(
                    &ana,
                    "person",
                    &q,
                    T0_MS + 2,
                    json!({"notes": "her daughter's team"}),
                ),
            ],
        }),
    )?;
    assert_eq!(status, 400, "{v}");
    assert_eq!(v["kind"], json!("invalid_input"));
    assert!(
        v["message"].as_str().unwrap_or("").contains("change 2"),
        "the message names the change: {v}"
    );
    let (rows, _) = s.pull_all(&bo, cursor)?;
    assert!(
        rows.is_empty(),
        "nothing of a refused push is written: {rows:?}"
    );

    // A stamp in another member's name is refused.
    let (status, _) = s.call(
        "POST",
        "/v1/push",
        Some(&ana.token),
        Some(&sphere_domain::team::PushRequest {
            changes: vec![change(&bo, "person", &q, T0_MS + 1, json!({"name": "Yan"}))],
        }),
    )?;
    assert_eq!(status, 400, "a member stamps only their own writes");
    // A clock two hours ahead is refused.
    let (status, _) = s.call(
        "POST",
        "/v1/push",
        Some(&ana.token),
        Some(&sphere_domain::team::PushRequest {
            changes: vec![change(
                &ana,
                "person",
                &q,
                T0_MS + 2 * 3600 * 1000,
                json!({"name": "Yan"}),
            )],
        }),
    )?;
    assert_eq!(status, 400, "a far-ahead clock is refused");
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn a_shared_match_key_is_matched_and_merge_and_leave_work() -> TestResult {
    let s = Server::start()?;
    let (_, code) = s.team("T", "Ana")?;
    let ana = s.join(&code, "a")?;
    let bo = s.invite_join(&ana, "Bo")?;
    let pa = key();
    let pb = key();
    s.push(
        &ana,
        vec![
            change(
                &ana,
                "person",
                &pa,
                T0_MS,
                json!({"name": "Zoe", "match_keys": ["mk-zoe"]}),
            ),
            change(&ana, "knows", &pa, T0_MS, json!({"band": "strong"})),
        ],
    )?;
    let r = s.push(
        &bo,
        vec![
            change(
                &bo,
                "person",
                &pb,
                T0_MS + 1,
                json!({"name": "Zoë", "match_keys": ["mk-zoe"]}),
            ),
            change(&bo, "knows", &pb, T0_MS + 1, json!({"band": "weak"})),
        ],
    )?;
    assert_eq!(
        r.matched.len(),
        1,
        "Bo's Zoe is the team's Zoe: {:?}",
        r.matched
    );
    assert_eq!(
        (r.matched[0].key.as_str(), r.matched[0].team_key.as_str()),
        (pb.as_str(), pa.as_str())
    );
    let (rows, _) = s.pull_all(&ana, 0)?;
    let people: Vec<_> = rows
        .iter()
        .filter(|r| r.entity.as_str() == "person")
        .collect();
    assert_eq!(people.len(), 1, "one person, not two");
    assert!(
        people.iter().all(|p| !p.fields.contains_key("match_keys")),
        "match keys serve matching on the server only: a pull never hands them out: {people:?}"
    );
    let knows: Vec<_> = rows
        .iter()
        .filter(|r| r.entity.as_str() == "knows")
        .collect();
    assert!(
        knows.iter().all(|k| k.key == pa) && knows.len() == 2,
        "both knows point at the team's key"
    );

    // Two records of one person, merged explicitly.
    let p2 = key();
    s.push(
        &bo,
        vec![
            change(&bo, "person", &p2, T0_MS + 2, json!({"name": "Z. Quinn"})),
            change(
                &bo,
                "role",
                &format!("{p2}/champion"),
                T0_MS + 2,
                json!({"holds": true}),
            ),
        ],
    )?;
    let (_, cursor) = s.pull_all(&ana, 0)?;
    let (status, v) = s.call(
        "POST",
        "/v1/merge",
        Some(&ana.token),
        Some(&json!({"keep": pa, "merge": p2})),
    )?;
    assert_eq!(status, 200, "{v}");
    let (rows, _) = s.pull_all(&ana, cursor)?;
    let merged = rows
        .iter()
        .find(|r| r.key == p2)
        .ok_or("the merged row is pulled again")?;
    assert_eq!(merged.fields["merged_into"].value, json!(pa));
    assert!(
        rows.iter().any(|r| r.key == format!("{pa}/champion")),
        "the role follows: {rows:?}"
    );
    let old_role = rows
        .iter()
        .find(|r| r.key == format!("{p2}/champion"))
        .ok_or("the merged key's role is pulled again")?;
    assert_eq!(
        old_role.fields["holds"].value,
        json!(false),
        "the role is taken down under the merged key"
    );
    // A later push to the merged key lands on the kept one.
    let r = s.push(
        &bo,
        vec![change(
            &bo,
            "person",
            &p2,
            T0_MS + 3,
            json!({"title": "CFO"}),
        )],
    )?;
    assert_eq!(
        r.matched.first().map(|m| m.team_key.as_str()),
        Some(pa.as_str())
    );

    // Bo leaves: his knows rows are taken down, his token stops working.
    let (_, cursor) = s.pull_all(&ana, 0)?;
    let _: serde_json::Value = s.ok("POST", "/v1/leave", Some(&bo.token), None::<&()>)?;
    let (rows, _) = s.pull_all(&ana, cursor)?;
    let gone: Vec<_> = rows
        .iter()
        .filter(|r| r.entity.as_str() == "knows")
        .collect();
    assert_eq!(gone.len(), 1, "Bo's knows row is pulled as taken down");
    assert_eq!(
        gone[0].fields.get("deleted").map(|s| &s.value),
        Some(&json!(true))
    );
    assert!(
        !gone[0].fields.contains_key("band"),
        "nothing of what Bo knew stays"
    );
    let (status, _) = s.call("GET", "/v1/me", Some(&bo.token), None::<&()>)?;
    assert_eq!(status, 401, "a member who left has no access");
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn the_share_level_is_held_by_the_server() -> TestResult {
    let s = Server::start()?;
    let (_, code) = s.team("T", "Ana")?;
    let ana = s.join(&code, "a")?;
    let p = key();
    s.push(
        &ana,
        vec![
            change(&ana, "person", &p, T0_MS, json!({"name": "Zoe"})),
            change(
                &ana,
                "knows",
                &p,
                T0_MS,
                json!({"band": "strong", "how_met": "at a conference"}),
            ),
        ],
    )?;
    let (rows, cursor) = s.pull_all(&ana, 0)?;
    let k = rows
        .iter()
        .find(|r| r.entity.as_str() == "knows")
        .ok_or("knows")?;
    assert_eq!(
        k.fields["how_met"].value,
        json!(null),
        "how_met is not shared at level band"
    );
    let _: serde_json::Value = s.ok(
        "POST",
        "/v1/share",
        Some(&ana.token),
        Some(&json!({"level": "existence"})),
    )?;
    let (rows, _) = s.pull_all(&ana, cursor)?;
    let k = rows
        .iter()
        .find(|r| r.entity.as_str() == "knows")
        .ok_or("lowering the level rewrites the row")?;
    assert_eq!(
        k.fields["band"].value,
        json!(null),
        "the band is taken down at level existence"
    );
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn a_merge_cannot_take_another_members_own_person() -> TestResult {
    let s = Server::start()?;
    let (_, code) = s.team("T", "Ana")?;
    let ana = s.join(&code, "a")?;
    let bo = s.invite_join(&ana, "Bo")?;
    let (pa, pb, twin) = (key(), key(), key());
    s.push(
        &ana,
        vec![change(
            &ana,
            "person",
            &pa,
            T0_MS,
            json!({"name": "Ana", "me": true}),
        )],
    )?;
    s.push(
        &bo,
        vec![
            change(
                &bo,
                "person",
                &pb,
                T0_MS + 1,
                json!({"name": "Bo", "me": true}),
            ),
            change(&bo, "person", &twin, T0_MS + 1, json!({"name": "Ana R."})),
        ],
    )?;
    for (keep, merge) in [(&pa, &pb), (&pa, &twin)] {
        let (status, v) = s.call(
            "POST",
            "/v1/merge",
            Some(&bo.token),
            Some(&json!({"keep": keep, "merge": merge})),
        )?;
        assert_eq!(
            status, 409,
            "Bo cannot merge into Ana's own person (nor merge two members): {v}"
        );
    }
    let (status, v) = s.call(
        "POST",
        "/v1/merge",
        Some(&ana.token),
        Some(&json!({"keep": pa, "merge": twin})),
    )?;
    assert_eq!(
        status, 200,
        "Ana may merge a duplicate of herself into her own person: {v}"
    );
    Ok(())
}
