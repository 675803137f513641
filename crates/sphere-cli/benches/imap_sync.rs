//! "1,000 new messages synced incrementally from the loopback IMAP server" (target < 5 s),
//! through the command set: `sync_run` reads the headers from dovecot in batches and writes
//! each batch (people, relationships, email interactions, the cursor) in its own transaction.
//! Needs the servers of `scripts/servers.sh` (scripts/bench.sh starts them and sources their
//! env). Seeds a folder with 200 messages of exchanges with 40 people, syncs it once,
//! appends 1,000 more as a mail program would, then times the incremental `sync_run`.

use std::net::TcpStream;
use std::time::Instant;

use sphere_api::domain::*;
use sphere_api::*;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const SEED: usize = 200;
const NEW: usize = 1_000;
const ME: &str = "me@example.org";

fn message(i: usize, run: &str) -> Vec<u8> {
    let peer = format!("peer{}@example.org", i % 40);
    let (from, to) = if i.is_multiple_of(3) {
        (ME, peer.as_str())
    } else {
        (peer.as_str(), ME)
    };
    format!(
        "Message-ID: <{run}.{i}@bench.example.org>\r\nDate: Tue, {} Nov 2025 09:{:02}:00 +0000\r\n\
         From: Peer <{from}>\r\nTo: <{to}>\r\nSubject: status {i}\r\n\r\nbody {i}\r\n",
        1 + i % 28,
        i % 60,
    )
    .into_bytes()
}

fn main() -> Result<()> {
    let var = |n: &str| {
        std::env::var(n).map_err(|_| format!("{n} is not set: run this through scripts/bench.sh"))
    };
    let imap_addr = var("SPHERE_TEST_IMAP")?;
    let (host, port) = imap_addr
        .rsplit_once(':')
        .ok_or("SPHERE_TEST_IMAP is host:port")?;
    let port: u16 = port.parse()?;
    let (user, password) = (var("SPHERE_TEST_USER")?, var("SPHERE_TEST_PASSWORD")?);
    let run = format!("apibench{}", std::process::id());
    let folder = format!("{run}-inbox");

    let mut admin = imap::Client::new(TcpStream::connect((host, port))?);
    admin.read_greeting()?;
    let mut admin = admin.login(&user, &password).map_err(|(e, _)| e)?;
    admin.create(&folder)?;
    for i in 0..SEED {
        admin.append(&folder, &message(i, &run)).finish()?;
    }

    let dir = tempfile::tempdir()?;
    let sphere = Sphere::open(&dir.path().join("bench.db"))?;
    sphere.person_create(PersonInput {
        first_name: "Me".into(),
        emails: Some(vec![ME.into()]),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    let id = sphere
        .sync_add(SyncAddRequest {
            kind: SyncKind::Imap,
            label: Some("bench".into()),
            host: Some(host.to_string()),
            port: Some(port),
            security: Some(SyncSecurity::None),
            folders: Some(vec![folder.clone()]),
            url: None,
            user: user.clone(),
            password: password.clone(),
            remember_password: false,
        })?
        .source
        .id;
    let request = || SyncRunRequest {
        id,
        password: Some(password.clone()),
        job: None,
    };
    let first = sphere.sync_run(request())?;

    for i in SEED..SEED + NEW {
        admin.append(&folder, &message(i, &run)).finish()?;
    }
    let start = Instant::now();
    let next = sphere.sync_run(request())?;
    let secs = start.elapsed().as_secs_f64();
    admin.delete(&folder)?;
    admin.logout()?;
    if next.read as usize != NEW {
        return Err(format!("expected {NEW} new messages, read {}", next.read).into());
    }
    let kept = next.mail.map(|m| m.kept).unwrap_or_default();
    println!(
        "IMAP incremental sync through sync_run (dovecot on loopback): {NEW} new messages after \
         {} synced, {kept} kept as interactions, in {secs:.3} s (target < 5 s)",
        first.read
    );
    Ok(())
}
