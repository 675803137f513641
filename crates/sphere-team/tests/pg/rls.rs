//! Row-level security as the application role, read straight from PostgreSQL.

use serde_json::json;

use super::*;

async fn connect(url: &str) -> Result<tokio_postgres::Client, Box<dyn std::error::Error>> {
    let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(client)
}

/// The tables of the public schema, from pg_catalog (not a hand-kept list).
async fn tables(
    c: &tokio_postgres::Client,
) -> Result<Vec<(String, bool, bool)>, Box<dyn std::error::Error>> {
    Ok(c.query(
        "SELECT c.relname::text, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1",
        &[],
    )
    .await?
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2)))
    .collect())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn a_member_sees_nothing_of_another_team_nor_a_teammates_private_rows() -> TestResult {
    let s = Server::start()?;
    let (team1, code1) = s.team("One", "Ana")?;
    let ana = s.join(&code1, "a")?;
    let bo = s.invite_join(&ana, "Bo")?;
    let (team2, code2) = s.team("Two", "Xi")?;
    let xi = s.join(&code2, "x")?;
    for m in [&ana, &bo, &xi] {
        let p = key();
        s.push(
            m,
            vec![
                change(
                    m,
                    "person",
                    &p,
                    T0_MS,
                    json!({"name": format!("friend of {}", m.team.me.name), "match_keys": [key()]}),
                ),
                change(m, "knows", &p, T0_MS, json!({"band": "medium"})),
                change(
                    m,
                    "ask",
                    &key(),
                    T0_MS,
                    json!({"target": p, "state": "asked"}),
                ),
            ],
        )?;
    }
    // A conflict kept for Bo.
    let p = key();
    s.push(
        &ana,
        vec![change(
            &ana,
            "person",
            &p,
            T0_MS + 10,
            json!({"name": "Zed"}),
        )],
    )?;
    let r = s.push(
        &bo,
        vec![change(&bo, "person", &p, T0_MS + 5, json!({"name": "Zee"}))],
    )?;
    assert_eq!(r.conflicts.len(), 1);

    s.rt.block_on(async {
        let c = connect(&pg_url()).await?;
        let all = tables(&c).await?;
        assert!(all.len() >= 15, "the schema's tables are listed: {all:?}");
        for (t, rls, force) in &all {
            assert!(
                *rls && *force,
                "{t} must have row-level security enabled and forced"
            );
        }
        // Without any context, nothing at all.
        for (t, _, _) in &all {
            let n: i64 = c
                .query_one(&format!("SELECT count(*) FROM {t}"), &[])
                .await?
                .get(0);
            assert_eq!(n, 0, "{t} shows {n} rows without a team set");
        }
        // As Ana: nothing of team 2, none of Bo's private rows.
        let mut c = c;
        let tx = c.transaction().await?;
        tx.execute(
            "SELECT set_config('sphere.team', $1, true), set_config('sphere.member', $2, true)",
            &[&team1, &ana.team.me.id],
        )
        .await?;
        let private = ["member_token", "device", "applied_change", "conflict"];
        for (t, _, _) in &all {
            let rows = tx
                .query(&format!("SELECT to_jsonb(x)::text FROM {t} x"), &[])
                .await?;
            for r in rows {
                let text: String = r.get(0);
                assert!(
                    !text.contains(&team2),
                    "{t} shows team 2's row to Ana: {text}"
                );
                assert!(
                    !text.contains(&xi.team.me.id),
                    "{t} shows Xi to Ana: {text}"
                );
                if private.contains(&t.as_str()) || t == "ask" {
                    assert!(
                        !text.contains(&bo.team.me.id),
                        "{t} shows Bo's private row to Ana: {text}"
                    );
                }
            }
        }
        let asks: i64 = tx.query_one("SELECT count(*) FROM ask", &[]).await?.get(0);
        assert_eq!(asks, 1, "Ana sees her own request only");
        tx.rollback().await?;
        Ok::<_, Box<dyn std::error::Error>>(())
    })?;
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn the_server_refuses_a_superuser() -> TestResult {
    let rt = tokio::runtime::Runtime::new()?;
    let r = rt.block_on(App::open(&pg_admin_url()));
    let Err(e) = r else {
        return Err("the server started as a superuser".into());
    };
    let msg = e.to_string();
    assert!(
        msg.contains("\"postgres\"") && msg.contains("superuser") && msg.contains("NOBYPASSRLS"),
        "the refusal names the role and what to do: {msg}"
    );
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn the_database_holds_only_what_was_pushed() -> TestResult {
    let s = Server::start()?;
    let (team, code) = s.team("Holds", "Ana")?;
    let ana = s.join(&code, "a")?;
    let (p, o) = (key(), key());
    let pushed = vec![
        change(
            &ana,
            "organization",
            &o,
            T0_MS,
            json!({"name": "Globex", "domain": "globex.com"}),
        ),
        change(
            &ana,
            "person",
            &p,
            T0_MS,
            json!({"name": "Zoe", "title": "CTO", "organization": o, "match_keys": ["mk1"]}),
        ),
        change(
            &ana,
            "knows",
            &p,
            T0_MS,
            json!({"band": "strong", "last_two_way": "2026-11"}),
        ),
        change(
            &ana,
            "target",
            &o,
            T0_MS,
            json!({"tier": 1, "note": "renewal in May"}),
        ),
        change(
            &ana,
            "role",
            &format!("{p}/champion"),
            T0_MS,
            json!({"holds": true}),
        ),
    ];
    let values: Vec<Value> = pushed
        .iter()
        .flat_map(|c| c.fields.values().cloned())
        .collect();
    s.push(&ana, pushed)?;
    s.rt.block_on(async {
        let (c, conn) = tokio_postgres::connect(&pg_admin_url(), tokio_postgres::NoTls).await?;
        tokio::spawn(conn);
        // No column could hold what never leaves a device.
        for r in c
            .query(
                "SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = 'public'",
                &[],
            )
            .await?
        {
            let (t, col): (String, String) = (r.get(0), r.get(1));
            for banned in ["note", "fact", "interaction", "email", "address", "strength"] {
                assert!(
                    !col.contains(banned) || (t == "refinery_schema_history"),
                    "{t}.{col} could hold {banned}s, which never leave a device"
                );
            }
        }
        // Every stored field value is one that was pushed.
        for t in ["person", "organization", "knows", "target", "role"] {
            let rows = c
                .query(
                    &format!("SELECT f.value -> 'value' FROM {t}, jsonb_each(fields) f WHERE team_id = $1"),
                    &[&team],
                )
                .await?;
            assert!(!rows.is_empty(), "{t} holds the pushed row");
            for r in rows {
                let v: Value = r.get(0);
                assert!(values.contains(&v), "{t} holds {v}, which was never pushed");
            }
        }
        Ok::<_, Box<dyn std::error::Error>>(())
    })?;
    Ok(())
}
