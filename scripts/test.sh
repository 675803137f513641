#!/usr/bin/env bash
# Runs every test of Sphere, from a fresh clone, installing what the tests need first.
# Stages: formatting, lints, Rust unit + integration tests (core and desktop shell), the
# CollegeMsg cross-check of warm paths against NetworkX on real data, UI type
# check and unit tests, the browser end-to-end suite (Playwright + Chromium against
# `sphere serve`) and the desktop end-to-end suite (the real Tauri binary under Xvfb, driven
# by tauri-driver + WebKitWebDriver), and the sync tests against a real IMAP server (dovecot)
# and CalDAV/CardDAV server (Radicale) that scripts/servers.sh starts on loopback.
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
# The sync and team-server tests against real servers (dovecot, Radicale, PostgreSQL) on loopback: `cargo test` lists
# them as ignored ("needs the real servers"); here they run with the servers up, which are
# stopped afterwards whatever happens.
SERVERS_DIR=""
stop_servers() { if [ -n "$SERVERS_DIR" ]; then scripts/servers.sh stop "$SERVERS_DIR"; rm -rf "$SERVERS_DIR"; SERVERS_DIR=""; fi; }
trap stop_servers EXIT
real_servers() {
  scripts/servers.sh install || return 1
  SERVERS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sphere-servers.XXXXXX")
  local rc=0
  if scripts/servers.sh start "$SERVERS_DIR"; then
    ( . "$SERVERS_DIR/env" && cargo test -p sphere-sync --test servers -- --ignored \
        && cargo test -p sphere-cli --test core sync:: -- --ignored \
        && cargo build -p sphere-cli --quiet \
        && cargo test -p sphere-team --test pg -- --ignored ) || rc=$?
  else
    rc=1
  fi
  stop_servers
  return "$rc"
}
stage "sync and team server against real servers (dovecot IMAP, Radicale CalDAV/CardDAV, PostgreSQL)" real_servers
stage "CollegeMsg cross-check (k best paths vs NetworkX)" scripts/collegemsg-check.sh
stage "UI type check (svelte-check)" npm run check --workspace ui --silent
stage "UI unit tests (vitest)" npm run test --workspace ui --silent
stage "build binaries for end-to-end" cargo build -p sphere-cli -p sphere-desktop --quiet
stage "browser e2e (Playwright + Chromium)" npx playwright test --config tests/e2e/browser/playwright.config.ts
stage "desktop e2e (Tauri + WebKitWebDriver under Xvfb)" node tests/e2e/desktop/run.mjs
echo
echo "test stages: $passed passed, 0 failed"
