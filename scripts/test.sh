#!/usr/bin/env bash
# Runs every test of Sphere, from a fresh clone, installing what the tests need first.
# Stages: formatting, lints, Rust unit + integration tests (core and desktop shell), the
# CollegeMsg cross-check of warm paths against NetworkX on real data, UI type
# check and unit tests, the browser end-to-end suite (Playwright + Chromium against
# `sphere serve`) and the desktop end-to-end suite (the real Tauri binary under Xvfb, driven
# by tauri-driver + WebKitWebDriver), and the tests against real servers that scripts/servers.sh
# starts on loopback: IMAP (dovecot), CalDAV/CardDAV (Radicale) and the team server's PostgreSQL.
# Screenshots land in target/e2e-screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

passed=0
stage() {
  local name=$1; shift
  printf '\n\033[1;34m==> %s\033[0m\n' "$name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    printf '\033[1;32m--> %s passed (%ss)\033[0m\n' "$name" "$((SECONDS - start))"
  else
    printf '\033[1;31m--> %s FAILED (%ss)\033[0m\n' "$name" "$((SECONDS - start))"
    echo "test stages: $passed passed, 1 failed"
    exit 1
  fi
}

stage "setup (system packages, npm, UI build, tauri-driver)" scripts/setup.sh --test
stage "cargo fmt --check" cargo fmt --all --check
stage "cargo clippy" cargo clippy --workspace --all-targets --quiet -- -D warnings
stage "cargo test (core + desktop shell)" cargo test --workspace
# The real servers on loopback (dovecot IMAP, Radicale CalDAV/CardDAV, a throwaway PostgreSQL
# cluster run by the `postgres` user): `cargo test` lists the tests that need them as ignored
# ("needs the real servers"); here they run with the servers up. The servers stay up through the
# browser suite (its team spec syncs two members through a real team server on PostgreSQL) and
# are stopped afterwards whatever happens.
SERVERS_DIR=""
stop_servers() { if [ -n "$SERVERS_DIR" ]; then scripts/servers.sh stop "$SERVERS_DIR"; rm -rf "$SERVERS_DIR"; SERVERS_DIR=""; fi; }
trap stop_servers EXIT
start_servers() {
  scripts/servers.sh install || return 1
  SERVERS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sphere-servers.XXXXXX")
  scripts/servers.sh start "$SERVERS_DIR"
}
with_servers() { ( . "$SERVERS_DIR/env" && "$@" ); }
real_server_tests() {
  cargo test -p sphere-sync --test servers -- --ignored \
    && cargo test -p sphere-cli --test core sync:: -- --ignored \
    && cargo test -p sphere-cli --test core team:: -- --ignored \
    && cargo build -p sphere-cli --quiet \
    && cargo test -p sphere-team --test pg -- --ignored
}
stage "start real servers on loopback (dovecot, Radicale, PostgreSQL)" start_servers
stage "sync and team server against real servers (IMAP, CalDAV/CardDAV, PostgreSQL)" with_servers real_server_tests
stage "CollegeMsg cross-check (k best paths vs NetworkX)" scripts/collegemsg-check.sh
stage "UI type check (svelte-check)" npm run check --workspace ui --silent
stage "UI unit tests (vitest)" npm run test --workspace ui --silent
stage "build binaries for end-to-end" cargo build -p sphere-cli -p sphere-desktop --quiet
stage "browser e2e (Playwright + Chromium; the team spec on PostgreSQL)" with_servers npx playwright test --config tests/e2e/browser/playwright.config.ts
stop_servers
stage "desktop e2e (Tauri + WebKitWebDriver under Xvfb)" node tests/e2e/desktop/run.mjs
echo
echo "test stages: $passed passed, 0 failed"
