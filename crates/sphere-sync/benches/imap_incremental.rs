//! "1,000 new messages synced incrementally from the loopback IMAP server" (target < 5 s).
//! Needs the servers of `scripts/servers.sh` (scripts/bench.sh starts them and sources their
//! env). Seeds a folder, syncs it once, appends 1,000 messages as a mail program would, then
//! times the incremental sync: connect, log in, EXAMINE, UID SEARCH, fetch the headers in
//! batches and hand each batch to a stand-in writer (which reads each Message-ID).

use std::collections::BTreeSet;
use std::net::TcpStream;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use sphere_sync::SyncError;
use sphere_sync::imap::{self as sync_imap, ImapAccount, ImapCursor, Security};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const NEW: usize = 1_000;
const SEED: usize = 200;
const BATCH: usize = 250;

fn message(i: usize, run: &str) -> Vec<u8> {
    format!(
        "Message-ID: <{run}.{i}@bench.example.org>\r\nDate: Tue, 3 Nov 2026 09:{:02}:00 +0000\r\n\
         From: Peer {i} <peer{}@example.org>\r\nTo: me@example.org\r\nCc: team{}@example.org\r\n\
         Subject: status {i}\r\nIn-Reply-To: <{run}.{}@bench.example.org>\r\n\r\nbody {i}\r\n",
        i % 60,
        i % 97,
        i % 7,
        i.saturating_sub(1)
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
    let (user, password) = (var("SPHERE_TEST_USER")?, var("SPHERE_TEST_PASSWORD")?);
    let run = format!("bench{}", std::process::id());
    let folder = format!("{run}-inbox");

    let mut admin = imap::Client::new(TcpStream::connect((host, port.parse::<u16>()?))?);
    admin.read_greeting()?;
    let mut admin = admin.login(&user, &password).map_err(|(e, _)| e)?;
    admin.create(&folder)?;
    for i in 0..SEED {
        admin.append(&folder, &message(i, &run)).finish()?;
    }
    let account = ImapAccount {
        host: host.to_string(),
        port: port.parse()?,
        security: Security::None,
        user,
        password,
        folders: Some(vec![folder.clone()]),
    };
    let cancel = AtomicBool::new(false);
    let cursor = sync_imap::fetch(&account, ImapCursor::default(), BATCH, &cancel, |_| {
        Ok::<(), SyncError>(())
    })?;

    let appended = Instant::now();
    for i in SEED..SEED + NEW {
        admin.append(&folder, &message(i, &run)).finish()?;
    }
    let append_secs = appended.elapsed().as_secs_f64();

    let mut ids = BTreeSet::new();
    let mut batches = 0;
    let start = Instant::now();
    sync_imap::fetch(&account, cursor, BATCH, &cancel, |batch| {
        batches += 1;
        for (_, header) in &batch.messages {
            let text = String::from_utf8_lossy(header);
            if let Some(id) = text.lines().find_map(|l| l.strip_prefix("Message-ID: ")) {
                ids.insert(id.to_string());
            }
        }
        Ok::<(), SyncError>(())
    })?;
    let secs = start.elapsed().as_secs_f64();
    admin.delete(&folder)?;
    admin.logout()?;
    if ids.len() != NEW {
        return Err(format!("expected {NEW} new messages, read {}", ids.len()).into());
    }
    println!(
        "IMAP incremental sync (dovecot on loopback, protocol client + stand-in write): {NEW} new \
         messages after {SEED} synced, {batches} batches of {BATCH}: {secs:.3} s (target < 5 s; \
         appending them took {append_secs:.2} s)"
    );
    Ok(())
}
