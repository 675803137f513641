//! Sphere's protocol clients: read-only sync of an IMAP account (headers only), CalDAV
//! calendars and CardDAV address books. They speak the protocols and keep a cursor; they know
//! nothing of the store or the domain: the caller writes what they hand over, and the cursor
//! with it, in one transaction.
//!
//! `team` is the one client that writes: the team server's (JSON over HTTP), which receives
//! what the member chose to share.
//!
//! **Architecture Invariant:** nothing here writes to a mail, calendar or address-book server. IMAP mailboxes are opened with
//! `EXAMINE` and read with `BODY.PEEK[HEADER]` (no flag changes, no `STORE`, no `EXPUNGE`);
//! WebDAV is read with `PROPFIND` and `REPORT` only. Passwords are passed in, never kept.

pub mod credentials;
pub mod dav;
mod error;
pub mod imap;
mod net;
pub mod team;
mod xml;

pub use error::{SyncError, SyncResult};
