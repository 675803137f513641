#!/usr/bin/env bash
# The long fault suite, one command: `kill -9` during every kind of write (LinkedIn, vCard,
# calendar and interaction-log imports, the demo, the generator, a backup restore, taking and restoring a
# snapshot, an import through `sphere serve`) at MOMENTS moments spread over each write, with
# `PRAGMA integrity_check` and an all-or-nothing count check after each; and page-level
# corruption (one 4 KiB page zeroed or scrambled at 4 x MOMENTS offsets across the file, the
# file truncated or emptied), each of which must be detected (opened read-only with the
# message, or refused) and never written to. Prints the figures (trials, kinds, failures).
# The normal test run (`cargo test -p sphere-cli --test core integrity::fault`) runs the same
# suite with 3 moments.
#   scripts/fault.sh          12 moments per kind (about 5 minutes on 2 cores)
#   scripts/fault.sh 30       30 moments per kind
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
moments="${1:-12}"
started=$SECONDS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
SPHERE_FAULT_MOMENTS="$moments" cargo test -q -p sphere-cli --test core \
  integrity::fault -- --nocapture --test-threads=1 >"$log" 2>&1 || status=$?
grep -E '^fault suite:' "$log" || { cat "$log"; exit 1; }
if [ "$status" -ne 0 ]; then
  sed -n '/panicked/,/^test result/p' "$log"
fi
echo "fault.sh: $((SECONDS - started)) s"
exit "$status"
