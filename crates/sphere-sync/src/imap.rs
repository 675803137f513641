//! Read-only IMAP sync of message headers, incremental by UIDVALIDITY and UID (RFC 3501).
//!
//! Which folders: the account's list when given; otherwise, when the server has an `\All`
//! folder (RFC 6154; Gmail's "All Mail", which holds every message incl. sent ones) that one
//! only, else every selectable folder except `\Junk`, `\Trash`, `\Drafts` and the virtual
//! `\Flagged`. A message that sits in two synced folders (or moves between them) is handed
//! over twice, under each folder's UID; the writer counts it once by its Message-ID.
//!
//! **Architecture Invariant:** folders are opened with `EXAMINE` and read with
//! `BODY.PEEK[HEADER]`: syncing never marks a message seen, never changes a flag, never
//! expunges.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use imap_proto::NameAttribute;
use serde::{Deserialize, Serialize};

use crate::error::{SyncError, SyncResult};
use crate::net::{self, Stream};

/// How the connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// In clear (only sensible on loopback or a trusted network).
    None,
    /// Plain connection upgraded with `STARTTLS` (usually port 143).
    StartTls,
    /// TLS from the first byte (usually port 993).
    #[default]
    Tls,
}

/// An IMAP account to read. The password is passed in, never stored here.
#[derive(Debug, Clone)]
pub struct ImapAccount {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: String,
    pub password: String,
    /// The folders to read; `None` for the default choice (see the module doc).
    pub folders: Option<Vec<String>>,
}

/// Where one folder's sync stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FolderCursor {
    pub uidvalidity: u32,
    pub last_uid: u32,
}

/// Where the account's sync stopped, per folder (stored as the source's cursor JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ImapCursor {
    #[serde(default)]
    pub folders: BTreeMap<String, FolderCursor>,
}

/// Headers of messages of one folder, in UID order, and the cursor once they are written.
#[derive(Debug, Clone)]
pub struct Batch {
    pub folder: String,
    pub uidvalidity: u32,
    /// (UID, the raw header block).
    pub messages: Vec<(u32, Vec<u8>)>,
    /// UIDs of this batch whose header the server did not return (expunged while it was
    /// read, or refused): passed over, and counted as unreadable.
    pub missing: u32,
    /// The cursor to store in the same transaction as these messages.
    pub cursor_after: ImapCursor,
}

type Session = imap::Session<Stream>;

/// An open, logged-in, read-only connection.
pub struct Connection {
    session: Session,
    place: String,
}

impl Connection {
    /// Connects and logs in; the errors say which host and what failed.
    pub fn open(account: &ImapAccount) -> SyncResult<Connection> {
        let place = format!("{}:{}", account.host, account.port);
        let tcp = net::connect(&account.host, account.port)?;
        let stream = match account.security {
            Security::None => Stream::Plain(tcp),
            Security::Tls => net::tls(&account.host, account.port, tcp)?,
            Security::StartTls => {
                let tcp = starttls(&place, tcp)?;
                net::tls(&account.host, account.port, tcp)?
            }
        };
        let mut client = imap::Client::new(stream);
        if account.security != Security::StartTls {
            client
                .read_greeting()
                .map_err(|e| imap_error(&place, "reading the greeting", e))?;
        }
        let session = client
            .login(&account.user, &account.password)
            .map_err(|(e, _)| match e {
                imap::Error::No(_) | imap::Error::Bad(_) => SyncError::Auth {
                    host: place.clone(),
                    user: account.user.clone(),
                },
                other => imap_error(&place, "logging in", other),
            })?;
        Ok(Connection { session, place })
    }

    /// The folders synced by default (see the module doc), in the server's order.
    pub fn default_folders(&mut self) -> SyncResult<Vec<String>> {
        let names = self
            .session
            .list(None, Some("*"))
            .map_err(|e| imap_error(&self.place, "listing the folders", e))?;
        let mut all = None;
        let mut folders = Vec::new();
        for name in names.iter() {
            let attrs = name.attributes();
            let has = |a: &NameAttribute<'_>| attrs.iter().any(|b| b == a);
            if has(&NameAttribute::NoSelect) || is_ext(attrs, "\\NonExistent") {
                continue;
            }
            if has(&NameAttribute::All) {
                all = Some(name.name().to_string());
            }
            if has(&NameAttribute::Junk)
                || has(&NameAttribute::Trash)
                || has(&NameAttribute::Drafts)
                || has(&NameAttribute::Flagged)
            {
                continue;
            }
            folders.push(name.name().to_string());
        }
        Ok(match all {
            Some(all) => vec![all],
            None => folders,
        })
    }

    /// Reads the headers of every message newer than `cursor` in `folders`, `batch_size` at a
    /// time, handing each batch to `on_batch` (which writes it with its cursor). Stops before
    /// the next batch when `cancel` is set. Returns the cursor after the last batch.
    pub fn fetch<E, F>(
        &mut self,
        folders: &[String],
        mut cursor: ImapCursor,
        batch_size: usize,
        cancel: &AtomicBool,
        mut on_batch: F,
    ) -> Result<ImapCursor, E>
    where
        E: From<SyncError>,
        F: FnMut(Batch) -> Result<(), E>,
    {
        let batch_size = batch_size.max(1);
        cursor.folders.retain(|f, _| folders.contains(f));
        for folder in folders {
            if cancel.load(Ordering::Relaxed) {
                return Err(SyncError::Cancelled.into());
            }
            let mailbox = self
                .session
                .examine(folder)
                .map_err(|e| imap_error(&self.place, &format!("opening folder {folder}"), e))?;
            let uidvalidity = mailbox.uid_validity.unwrap_or(0);
            let last_uid = match cursor.folders.get(folder) {
                Some(c) if c.uidvalidity == uidvalidity => c.last_uid,
                // New folder, or UIDVALIDITY changed: every UID is new.
                _ => 0,
            };
            cursor.folders.insert(
                folder.clone(),
                FolderCursor {
                    uidvalidity,
                    last_uid,
                },
            );
            // UIDs are 32-bit: at u32::MAX there is nothing after (RFC 3501 has the server
            // change UIDVALIDITY first).
            if mailbox.exists == 0
                || last_uid == u32::MAX
                || mailbox
                    .uid_next
                    .is_some_and(|next| u64::from(next) <= u64::from(last_uid) + 1)
            {
                continue;
            }
            let mut uids: Vec<u32> = self
                .session
                .uid_search(format!("UID {}:*", u64::from(last_uid) + 1))
                .map_err(|e| imap_error(&self.place, &format!("listing {folder}"), e))?
                .into_iter()
                .filter(|&u| u > last_uid) // `N:*` includes the highest UID even below N
                .collect();
            uids.sort_unstable();
            for chunk in uids.chunks(batch_size) {
                if cancel.load(Ordering::Relaxed) {
                    return Err(SyncError::Cancelled.into());
                }
                let fetches = self
                    .session
                    .uid_fetch(uid_set(chunk), "(UID BODY.PEEK[HEADER])")
                    .map_err(|e| {
                        imap_error(&self.place, &format!("reading headers in {folder}"), e)
                    })?;
                let mut messages: Vec<(u32, Vec<u8>)> = fetches
                    .iter()
                    .filter_map(|f| Some((f.uid?, f.header()?.to_vec())))
                    .filter(|(uid, _)| chunk.binary_search(uid).is_ok())
                    .collect();
                messages.sort_by_key(|(uid, _)| *uid);
                messages.dedup_by_key(|(uid, _)| *uid);
                let highest = chunk.last().copied().unwrap_or(last_uid);
                cursor.folders.insert(
                    folder.clone(),
                    FolderCursor {
                        uidvalidity,
                        last_uid: highest,
                    },
                );
                let missing =
                    u32::try_from(chunk.len().saturating_sub(messages.len())).unwrap_or(u32::MAX);
                on_batch(Batch {
                    folder: folder.clone(),
                    uidvalidity,
                    messages,
                    missing,
                    cursor_after: cursor.clone(),
                })?;
            }
        }
        Ok(cursor)
    }

    /// Says goodbye; errors here do not matter any more.
    pub fn close(mut self) {
        let _ = self.session.logout();
    }
}

/// Connects, picks the folders and reads everything newer than `cursor` (see
/// [`Connection::fetch`]).
pub fn fetch<E, F>(
    account: &ImapAccount,
    cursor: ImapCursor,
    batch_size: usize,
    cancel: &AtomicBool,
    on_batch: F,
) -> Result<ImapCursor, E>
where
    E: From<SyncError>,
    F: FnMut(Batch) -> Result<(), E>,
{
    let mut conn = Connection::open(account)?;
    let folders = match &account.folders {
        Some(f) if !f.is_empty() => f.clone(),
        _ => conn.default_folders()?,
    };
    let cursor = conn.fetch(&folders, cursor, batch_size, cancel, on_batch)?;
    conn.close();
    Ok(cursor)
}

/// Checks that the account can be reached and logged into; returns the folders it would read.
pub fn check(account: &ImapAccount) -> SyncResult<Vec<String>> {
    let mut conn = Connection::open(account)?;
    let folders = match &account.folders {
        Some(f) if !f.is_empty() => f.clone(),
        _ => conn.default_folders()?,
    };
    conn.close();
    Ok(folders)
}

fn is_ext(attrs: &[NameAttribute<'_>], flag: &str) -> bool {
    attrs
        .iter()
        .any(|a| matches!(a, NameAttribute::Extension(s) if s.eq_ignore_ascii_case(flag)))
}

/// A UID set in compact form: `1:5,9,11:12`.
fn uid_set(sorted: &[u32]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    out
}

/// Sends `STARTTLS` on a fresh connection and reads the server's consent; the caller then
/// starts TLS on the same socket.
fn starttls(place: &str, mut tcp: std::net::TcpStream) -> SyncResult<std::net::TcpStream> {
    let greeting = read_line(place, &mut tcp)?;
    if !greeting.starts_with("* OK") && !greeting.starts_with("* PREAUTH") {
        return Err(SyncError::protocol(place, "the greeting", greeting.trim()));
    }
    tcp.write_all(b"s1 STARTTLS\r\n")
        .map_err(|e| SyncError::io(place, "asking for STARTTLS", &e))?;
    loop {
        let line = read_line(place, &mut tcp)?;
        if let Some(rest) = line.strip_prefix("s1 ") {
            if rest.to_ascii_uppercase().starts_with("OK") {
                return Ok(tcp);
            }
            return Err(SyncError::Tls {
                host: place.to_string(),
                detail: format!("the server refused STARTTLS: {}", rest.trim()),
            });
        }
    }
}

/// One CRLF-ended line, read a byte at a time so nothing after it is consumed.
fn read_line(place: &str, tcp: &mut std::net::TcpStream) -> SyncResult<String> {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while !line.ends_with(b"\r\n") {
        let n = tcp
            .read(&mut byte)
            .map_err(|e| SyncError::io(place, "starting TLS", &e))?;
        if n == 0 {
            return Err(SyncError::protocol(
                place,
                "starting TLS",
                "the server closed the connection",
            ));
        }
        line.push(byte[0]);
        if line.len() > 64 * 1024 {
            return Err(SyncError::protocol(
                place,
                "starting TLS",
                "a line too long",
            ));
        }
    }
    Ok(String::from_utf8_lossy(&line).into_owned())
}

fn imap_error(place: &str, what: &str, e: imap::Error) -> SyncError {
    match e {
        imap::Error::Io(io) => SyncError::io(place, what, &io),
        imap::Error::ConnectionLost => {
            SyncError::protocol(place, what, "the server closed the connection")
        }
        imap::Error::No(no) => SyncError::protocol(place, what, format!("NO {}", no.information)),
        imap::Error::Bad(bad) => {
            SyncError::protocol(place, what, format!("BAD {}", bad.information))
        }
        imap::Error::Bye(bye) => SyncError::protocol(
            place,
            what,
            format!("the server said goodbye: {}", bye.information),
        ),
        other => SyncError::protocol(place, what, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets_are_compact_ranges() {
        assert_eq!(uid_set(&[1, 2, 3, 5, 7, 8]), "1:3,5,7:8");
        assert_eq!(uid_set(&[42]), "42");
        assert_eq!(uid_set(&[]), "");
    }

    #[test]
    fn the_cursor_is_stable_json() -> Result<(), serde_json::Error> {
        let mut c = ImapCursor::default();
        c.folders.insert(
            "INBOX".into(),
            FolderCursor {
                uidvalidity: 7,
                last_uid: 42,
            },
        );
        let json = serde_json::to_value(&c)?;
        assert_eq!(
            json,
            serde_json::json!({"folders": {"INBOX": {"uidvalidity": 7, "last_uid": 42}}})
        );
        let empty: ImapCursor = serde_json::from_value(serde_json::json!({}))?;
        assert!(
            empty.folders.is_empty(),
            "a new source's cursor is {{}} and reads as empty"
        );
        Ok(())
    }
}
