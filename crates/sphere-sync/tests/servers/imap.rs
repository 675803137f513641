//! IMAP sync against dovecot.

use std::collections::BTreeSet;
use std::sync::atomic::AtomicBool;

use sphere_sync::SyncError;
use sphere_sync::imap::{self, Batch, Connection, ImapCursor, Security};

use crate::support::{Relay, Servers, TestResult, message, message_id, servers, unique};

/// What a caller that commits each batch with its cursor has written.
#[derive(Default)]
struct Written {
    /// (folder, uid, Message-ID), in the order written.
    rows: Vec<(String, u32, String)>,
    cursor: ImapCursor,
    batches: usize,
}

impl Written {
    fn commit(&mut self, batch: Batch) -> Result<(), SyncError> {
        for (uid, header) in &batch.messages {
            let id = message_id(header).unwrap_or_default();
            let text = String::from_utf8_lossy(header);
            assert!(
                !text.contains("BODY-SECRET"),
                "only the header block is fetched, never the body"
            );
            self.rows.push((batch.folder.clone(), *uid, id));
        }
        self.cursor = batch.cursor_after;
        self.batches += 1;
        Ok(())
    }

    fn ids(&self) -> BTreeSet<String> {
        self.rows.iter().map(|r| r.2.clone()).collect()
    }
}

fn sync(
    s: &Servers,
    folders: &[&str],
    written: &mut Written,
    batch: usize,
) -> Result<ImapCursor, SyncError> {
    let cancel = AtomicBool::new(false);
    let cursor = written.cursor.clone();
    imap::fetch(&s.imap_account(folders), cursor, batch, &cancel, |b| {
        written.commit(b)
    })
}

fn append(s: &Servers, folder: &str, ids: &[String]) -> TestResult {
    let mut admin = s.admin()?;
    for (n, id) in ids.iter().enumerate() {
        admin
            .append(folder, &message(id, "ann@example.org", "me@example.org", n))
            .finish()?;
    }
    admin.logout()?;
    Ok(())
}

fn ids(prefix: &str, range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("{prefix}.{i}@example.org")).collect()
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn first_sync_reads_every_header_in_batches_then_only_new_ones() -> TestResult {
    let s = servers()?;
    let folder = unique("first");
    s.admin()?.create(&folder)?;
    let first = ids(&folder, 0..5);
    append(&s, &folder, &first)?;

    let mut w = Written::default();
    let end = sync(&s, &[&folder], &mut w, 2)?;
    assert_eq!(w.batches, 3, "5 messages in batches of 2 are 3 batches");
    assert_eq!(
        w.ids(),
        first.iter().cloned().collect(),
        "the first sync reads all"
    );
    assert_eq!(end, w.cursor, "the returned cursor is the last batch's");
    let uids: Vec<u32> = w.rows.iter().map(|r| r.1).collect();
    assert!(uids.windows(2).all(|p| p[0] < p[1]), "UIDs arrive in order");

    let more = ids(&folder, 5..8);
    append(&s, &folder, &more)?;
    let before = w.rows.len();
    sync(&s, &[&folder], &mut w, 2)?;
    let new: BTreeSet<String> = w.rows[before..].iter().map(|r| r.2.clone()).collect();
    assert_eq!(
        new,
        more.iter().cloned().collect(),
        "an incremental sync reads only the new"
    );

    let before = w.rows.len();
    sync(&s, &[&folder], &mut w, 2)?;
    assert_eq!(w.rows.len(), before, "nothing new, nothing read");

    // Read-only: the messages are still unseen for the user's mail program.
    let mut admin = s.admin()?;
    admin.examine(&folder)?;
    let seen = admin.uid_search("SEEN")?;
    assert!(seen.is_empty(), "syncing marks nothing as read: {seen:?}");
    Ok(())
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn a_deleted_message_is_not_read_again_and_a_moved_one_arrives_under_its_new_folder() -> TestResult
{
    let s = servers()?;
    let (inbox, archive) = (unique("inbox"), unique("archive"));
    let mut admin = s.admin()?;
    admin.create(&inbox)?;
    admin.create(&archive)?;
    let msgs = ids(&inbox, 0..4);
    append(&s, &inbox, &msgs)?;
    let mut w = Written::default();
    sync(&s, &[&inbox, &archive], &mut w, 10)?;
    assert_eq!(w.rows.len(), 4);

    // The user deletes the first message and moves the second to the archive.
    admin.select(&inbox)?;
    let uid_of = |id: &str| {
        w.rows
            .iter()
            .find(|r| r.2 == id)
            .map(|r| r.1)
            .ok_or("not synced")
    };
    let (deleted, moved) = (uid_of(&msgs[0])?, uid_of(&msgs[1])?);
    admin.uid_store(deleted.to_string(), "+FLAGS (\\Deleted)")?;
    admin.uid_expunge(deleted.to_string())?;
    admin.uid_mv(moved.to_string(), &archive)?;
    admin.logout()?;

    let before = w.rows.len();
    sync(&s, &[&inbox, &archive], &mut w, 10)?;
    let new = &w.rows[before..];
    assert_eq!(new.len(), 1, "only the moved message is new: {new:?}");
    assert_eq!(new[0].0, archive, "it arrives in the folder it moved to");
    assert_eq!(
        new[0].2, msgs[1],
        "with its Message-ID, so the writer counts it once"
    );
    Ok(())
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn a_changed_uidvalidity_reads_the_folder_again_from_the_start() -> TestResult {
    let s = servers()?;
    let folder = unique("validity");
    s.admin()?.create(&folder)?;
    append(&s, &folder, &ids(&folder, 0..3))?;
    let mut w = Written::default();
    sync(&s, &[&folder], &mut w, 10)?;
    let old = w.cursor.folders.get(&folder).copied().ok_or("no cursor")?;

    // The server rebuilt the folder (as after a restore): UIDVALIDITY changes, UIDs restart.
    let mut admin = s.admin()?;
    admin.delete(&folder)?;
    admin.create(&folder)?;
    admin.logout()?;
    let again = ids(&folder, 0..2);
    append(&s, &folder, &again)?;
    let before = w.rows.len();
    sync(&s, &[&folder], &mut w, 10)?;
    let new = w.cursor.folders.get(&folder).copied().ok_or("no cursor")?;
    assert_ne!(
        new.uidvalidity, old.uidvalidity,
        "dovecot gave a new UIDVALIDITY"
    );
    let read: BTreeSet<String> = w.rows[before..].iter().map(|r| r.2.clone()).collect();
    assert_eq!(
        read,
        again.iter().cloned().collect(),
        "every message of the rebuilt folder is read, although its UIDs are below the old last UID"
    );
    assert_eq!(new.last_uid, 2);
    Ok(())
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn a_server_gone_mid_sync_keeps_what_was_committed_and_the_next_sync_resumes() -> TestResult {
    let s = servers()?;
    let folder = unique("gone");
    s.admin()?.create(&folder)?;
    let all = ids(&folder, 0..10);
    append(&s, &folder, &all)?;

    let relay = Relay::start((s.imap_host.clone(), s.imap_port))?;
    let mut account = s.imap_account(&[&folder]);
    account.port = relay.port;
    let mut w = Written::default();
    let cancel = AtomicBool::new(false);
    let result = imap::fetch(&account, ImapCursor::default(), 3, &cancel, |b| {
        w.commit(b)?;
        if w.batches == 2 {
            relay.cut(); // the server goes away after the second batch is committed
        }
        Ok::<(), SyncError>(())
    });
    let err = result
        .err()
        .ok_or("the sync must fail when the server goes away")?;
    let text = err.to_string();
    assert!(
        text.contains(&format!("127.0.0.1:{}", relay.port)),
        "the error names the server: {text}"
    );
    assert_eq!(w.rows.len(), 6, "two batches of 3 were committed");
    assert_eq!(
        w.cursor.folders.get(&folder).map(|c| c.last_uid),
        Some(6),
        "the committed cursor covers exactly what was written"
    );

    // The server is back: the next sync resumes from the committed cursor.
    relay.restore();
    let cursor = w.cursor.clone();
    imap::fetch(&account, cursor, 3, &cancel, |b| w.commit(b))?;
    let read: Vec<String> = w.rows.iter().map(|r| r.2.clone()).collect();
    let unique_read: BTreeSet<String> = read.iter().cloned().collect();
    assert_eq!(
        read.len(),
        unique_read.len(),
        "no message is read twice: {read:?}"
    );
    assert_eq!(
        unique_read,
        all.iter().cloned().collect(),
        "and none is missing"
    );
    Ok(())
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn cancel_stops_between_batches() -> TestResult {
    let s = servers()?;
    let folder = unique("cancel");
    s.admin()?.create(&folder)?;
    append(&s, &folder, &ids(&folder, 0..6))?;
    let cancel = AtomicBool::new(false);
    let mut w = Written::default();
    let result = imap::fetch(
        &s.imap_account(&[&folder]),
        ImapCursor::default(),
        2,
        &cancel,
        |b| {
            w.commit(b)?;
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            Ok::<(), SyncError>(())
        },
    );
    assert!(matches!(result, Err(SyncError::Cancelled)), "{result:?}");
    assert_eq!(
        w.rows.len(),
        2,
        "the batch under way is finished, no other is started"
    );
    Ok(())
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn default_folders_skip_junk_trash_and_drafts() -> TestResult {
    let s = servers()?;
    let mut account = s.imap_account(&[]);
    account.folders = None;
    let folders = imap::check(&account)?;
    for f in ["INBOX", "Sent", "Archive"] {
        assert!(folders.iter().any(|x| x == f), "{f} is read: {folders:?}");
    }
    for f in ["Junk", "Trash", "Drafts"] {
        assert!(
            !folders.iter().any(|x| x == f),
            "{f} is not read: {folders:?}"
        );
    }
    Ok(())
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn wrong_password_and_closed_port_are_errors_in_words() -> TestResult {
    let s = servers()?;
    let mut account = s.imap_account(&["INBOX"]);
    account.password = "not-the-password".into();
    let err = Connection::open(&account)
        .err()
        .ok_or("a wrong password must fail")?;
    assert!(matches!(err, SyncError::Auth { .. }), "{err:?}");
    assert!(err.to_string().contains(&s.imap_host), "{err}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    account.port = closed;
    let err = Connection::open(&account)
        .err()
        .ok_or("a closed port must fail")?;
    let text = err.to_string();
    assert!(
        text.contains(&format!("127.0.0.1:{closed}")) && text.contains("refused"),
        "{text}"
    );

    account.port = s.imap_port;
    account.security = Security::Tls;
    let err = Connection::open(&account)
        .err()
        .ok_or("TLS to a clear-text port must fail")?;
    assert!(matches!(err, SyncError::Tls { .. }), "{err:?}");
    Ok(())
}
