//! The device against the real team server (`sphere_team`, in-process on loopback) and a real
//! PostgreSQL (`scripts/servers.sh`; `SPHERE_TEST_PG` is the application role's URL,
//! `SPHERE_TEST_PG_ADMIN` the superuser's). Two members join and sync, edit offline on both
//! sides, meet a conflict and resolve it, change share levels and leave; then every table is
//! read as the superuser, and none of a member's private words is anywhere.

use std::sync::Arc;

use chrono::Duration;
use serde_json::Value;
use sphere_api::domain::account::TargetInput;
use sphere_api::domain::team::{InviteRequest, ShareLevel, ShareRequest};
use sphere_api::domain::*;
use sphere_api::*;
use sphere_team::{App, ServeOptions};

use super::*;

const NEEDS_PG: &str = "needs PostgreSQL (scripts/servers.sh)";

fn env(name: &str) -> Result<String, Box<dyn std::error::Error>> {
    std::env::var(name).map_err(|_| {
        format!("{name} is not set: start PostgreSQL with scripts/servers.sh and source DIR/env")
            .into()
    })
}

/// The team server on a free loopback port, its clock fixed at [`t0`].
struct Server {
    url: String,
    app: Arc<App>,
    rt: tokio::runtime::Runtime,
}

impl Server {
    fn start() -> Result<Server, Box<dyn std::error::Error>> {
        let rt = tokio::runtime::Runtime::new()?;
        let app = rt.block_on(App::open_with_clock(&env("SPHERE_TEST_PG")?, Box::new(t0)))?;
        let (tx, rx) = std::sync::mpsc::channel();
        let served = app.clone();
        rt.spawn(async move {
            let opts = ServeOptions {
                listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
                tls: None,
            };
            let _ = sphere_team::serve(served, opts, move |addr| {
                let _ = tx.send(addr);
            })
            .await;
        });
        let addr = rx.recv_timeout(std::time::Duration::from_secs(30))?;
        Ok(Server {
            url: format!("http://{addr}"),
            app,
            rt,
        })
    }

    /// A new team (named uniquely) and its admin's invitation code.
    fn team(&self, admin: &str) -> Result<String, Box<dyn std::error::Error>> {
        let name = format!("Team {}", rand::random::<u32>());
        let (_, invite) = self.rt.block_on(self.app.init_team(&name, admin))?;
        Ok(invite.code)
    }

    /// Every row of every table of the team server's database, as JSON text, read as the
    /// superuser (row-level security does not hold it back).
    fn everything(&self) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
        let url = env("SPHERE_TEST_PG_ADMIN")?;
        self.rt.block_on(async move {
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await?;
            tokio::spawn(conn);
            let tables = client
                .query(
                    "SELECT table_name::text FROM information_schema.tables
                      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
                    &[],
                )
                .await?;
            let mut out = Vec::new();
            for t in tables {
                let name: String = t.get(0);
                let sql = format!(
                    "SELECT row_to_json(t)::text FROM public.\"{}\" t",
                    name.replace('"', "\"\"")
                );
                for r in client.query(sql.as_str(), &[]).await? {
                    out.push((name.clone(), r.get::<_, String>(0)));
                }
            }
            Ok::<_, Box<dyn std::error::Error>>(out)
        })
    }
}

fn join_with(d: &Device, server: &str, code: &str) -> Result<TeamStatus, ApiError> {
    d.team_join(TeamJoinRequest {
        server: server.into(),
        invite: code.into(),
        device: Some("laptop".into()),
    })
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn two_members_sync_merge_offline_edits_resolve_a_conflict_and_leave_nothing_private_on_the_server()
-> TestResult {
    let _ = NEEDS_PG;
    let server = Server::start()?;
    let code = server.team("Alice")?;

    // Alice's device: private words everywhere she keeps private things.
    let a = Device::at(30)?;
    let me = a.me("Alice")?;
    let acme = a
        .org_create(OrganizationInput {
            name: "Acme Industries".into(),
            domain: Some("acme.example".into()),
            ..Default::default()
        })?
        .id;
    let ana = a.person_create(PersonInput {
        first_name: "Ana".into(),
        last_name: Some("Lima".into()),
        emails: Some(vec!["ana@acme.example".into()]),
        title: Some("CTO".into()),
        organization_id: Some(acme),
        notes: Some("zqxnote her divorce".into()),
        ..Default::default()
    })?;
    let bob = a.person("Bob", "Withheld", Some("bob@private.example"), "Founder")?;
    a.team_never_share(TeamNeverShareRequest {
        person_id: bob,
        never: true,
    })?;
    a.fact_create(FactInput {
        person_id: ana.id,
        category: "health".into(),
        value: "zqxfact chemotherapy".into(),
        source: None,
        learned_on: None,
        told_by: None,
    })?;
    a.tie_create(RelationshipInput {
        person_a: me,
        person_b: ana.id,
        kind: TieKind::Colleague,
        since: None,
        how_met: Some("Met at the Lisbon fair; her daughter zqxkid plays soccer".into()),
        strength_override: None,
        override_reason: None,
    })?;
    a.interaction_log(InteractionInput {
        occurred_at: t0() - Duration::days(10),
        kind: InteractionKind::Meeting,
        participants: vec![me, ana.id],
        initiator_id: None,
        note: Some("zqxlunch talked about her surgery".into()),
        outcome: None,
    })?;
    a.target_set(TargetInput {
        organization_id: acme,
        owner_id: Some(me),
        tier: Some(1),
        note: Some("Renewal in the third quarter; his wife zqxwife is pregnant".into()),
    })?;
    join_with(&a, &server.url, &code)?;
    a.team_share_set(ShareRequest {
        level: ShareLevel::HowMet,
    })?;
    let r = a.sync()?;
    assert!(r.error.is_none(), "{r:?}");
    assert!(r.pushed >= 5, "org, people, knows, target: {r:?}");

    // Bruno joins with an invitation from Alice; his Ana is the team's Ana.
    let invite = a.team_invite(InviteRequest {
        name: "Bruno".into(),
        admin: false,
    })?;
    let b = Device::at(0)?;
    b.me("Bruno")?;
    let ana_b = b.person("Ana", "Lima", Some("ana@acme.example"), "CTO")?;
    join_with(&b, &server.url, &invite.code)?;
    let r = b.sync()?;
    assert!(r.error.is_none(), "{r:?}");
    assert_eq!(r.matched, 1, "Bruno's Ana is the team's: {r:?}");
    assert!(r.pulled > 0, "{r:?}");
    assert_eq!(
        b.team_key_of("person", ana_b)?,
        a.team_key_of("person", ana.id)?
    );
    assert_eq!(b.team_status(Empty {})?.members.len(), 2);

    // Offline edits on both sides: Alice's is newer, Bruno's loses and is shown.
    let a = a.later(31)?;
    a.set_title(ana.id, "Chief Technology Officer")?;
    b.set_title(ana_b, "VP Engineering")?;
    a.sync()?;
    let r = b.sync()?;
    assert_eq!(r.conflicts, 1, "{r:?}");
    let c = b.team_conflicts(Empty {})?.pop().ok_or("a conflict")?;
    assert_eq!(
        (c.yours.as_str(), c.theirs.as_str()),
        ("VP Engineering", "Chief Technology Officer")
    );
    assert_eq!(c.by, "Alice", "the member who won, by name");
    b.team_conflict_resolve(TeamResolveRequest {
        id: c.id,
        keep: "theirs".into(),
    })?;
    assert_eq!(b.title(ana_b)?, "Chief Technology Officer");
    let r = b.sync()?;
    assert!(r.error.is_none() && r.conflicts == 0, "{r:?}");

    // A change of Bruno's reaches Alice.
    let b = b.later(32)?;
    b.set_title(ana_b, "CTO and co-founder")?;
    b.sync()?;
    let a = a.later(33)?;
    a.sync()?;
    assert_eq!(a.title(ana.id)?, "CTO and co-founder");

    // Share level down to existence: the band and how-met are cleared on the server.
    a.team_share_set(ShareRequest {
        level: ShareLevel::Existence,
    })?;
    let r = a.sync()?;
    assert!(r.error.is_none(), "{r:?}");

    // The admin check: nothing private anywhere on the server.
    let rows = server.everything()?;
    assert!(!rows.is_empty());
    for (table, row) in &rows {
        for word in [
            "zqx",
            "Bob Withheld",
            "bob@private.example",
            "ana@acme.example",
            "divorce",
            "chemotherapy",
            "surgery",
            "daughter",
            "pregnant",
        ] {
            assert!(
                !row.to_lowercase().contains(&word.to_lowercase()),
                "{word:?} is in {table}: {row}"
            );
        }
    }
    let knows: Vec<&String> = rows
        .iter()
        .filter(|(t, _)| t == "knows")
        .map(|(_, r)| r)
        .collect();
    assert!(!knows.is_empty(), "Alice's knows row is there");
    for row in knows {
        let v: Value = serde_json::from_str(row)?;
        let band = v["fields"]["band"]["value"].clone();
        assert!(band.is_null(), "existence only: no band left: {row}");
    }

    // Leaving: Bruno withdraws and forgets the team.
    let status = b.team_leave(TeamLeaveRequest { withdraw: true })?;
    assert!(!status.connected);
    let err = b.sync().err().ok_or("no team after leaving")?;
    assert_eq!(err.kind, ErrorKind::NotFound);
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn a_bad_invitation_stores_nothing_and_a_stopped_server_leaves_the_outbox() -> TestResult {
    let server = Server::start()?;
    let code = server.team("Alice")?;
    let a = Device::at(0)?;
    a.me("Alice")?;
    let err = join_with(&a, &server.url, "not-a-code")
        .err()
        .ok_or("a bad code is refused")?;
    assert!(
        !a.team_status(Empty {})?.connected,
        "nothing stored: {err:?}"
    );
    join_with(&a, &server.url, &code)?;
    a.sync()?;
    let ana = a.person("Ana", "Lima", None, "CTO")?;
    // The server goes away (its runtime is dropped).
    let url = server.url.clone();
    drop(server);
    let r = a.sync()?;
    assert!(r.error.is_some() && r.pending >= 1, "{r:?}");
    assert!(
        r.error.as_deref().unwrap_or("").contains(&url[7..]),
        "{r:?}"
    );
    assert!(
        a.team_key_of("person", ana).is_ok(),
        "the key is given when queued"
    );
    Ok(())
}
