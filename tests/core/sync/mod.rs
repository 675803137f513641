//! Sync through the command set against real servers: dovecot (IMAP) and Radicale
//! (CalDAV/CardDAV), started on loopback by `scripts/servers.sh`. `#[ignore]`d in a plain
//! `cargo test` (they say why); `scripts/test.sh` runs them with `--ignored` while the servers
//! are up; without the servers they fail and say how to start them.

/// The servers' addresses and a second, ordinary client (shared with `sphere-sync`'s tests).
#[path = "../../../crates/sphere-sync/tests/servers/support.rs"]
#[allow(dead_code)]
mod support;

mod api;
