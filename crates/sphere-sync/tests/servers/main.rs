//! Sync against real servers: Debian's dovecot (IMAP) and Radicale (CalDAV/CardDAV), started
//! on loopback by `scripts/servers.sh` (which `scripts/test.sh` runs around this target). The
//! tests are `#[ignore]`d in a plain `cargo test` (they say why) and run with `--ignored`;
//! run without the servers they fail and say how to start them. Each test works in its own
//! folders or collections, so they run in parallel. No protocol is mocked.

mod dav;
mod imap;
mod support;
