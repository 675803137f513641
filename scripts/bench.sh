#!/usr/bin/env bash
# The path-search benchmark, one command. Builds Sphere in release mode, installs NetworkX and
# python-igraph into target/peers/venv, makes the data under target/bench/ when missing
# (CollegeMsg imported with `sphere import log`; a synthetic sales network of 100,000 people
# and 1,000,000 relationships from `sphere synth`), then on each: open + graph build, k=10
# queries with H<=4 and without a hop bound (p50/p99 over 200 random pairs), one
# single-source Dijkstra, peak RSS, and NetworkX and igraph on the same graph and pairs; the
# same, k=5 over 50 pairs, on a generated school contact log (242 people, ~8,300 ties, many
# near-equal paths: where the best-first search hands queries to Yen's algorithm); then
# the Sphere view in Chromium (first drawing, frame times while panning and while zooming) on
# 5,000 people / 20,000 relationships and 30,000 / 120,000; and the sensitivity engine
# (classifying a 2,000-word note, linting a draft); and address-book imports (30,000 LinkedIn
# connections, 10,000 vCards, with Python's csv and vobject reading the same files); mail (a
# generated 100,000-message mbox imported, with Python's mailbox reading the same file); a
# calendar import (10,000 generated events, with icalendar + recurring-ical-events on the same
# file); and the
# desktop cold start (the release app on the demo network, from its process start to the people
# list painted, through tauri-driver and WebKitWebDriver; target 1.5 s); and an IMAP
# incremental sync of 1,000 new messages from dovecot on loopback (scripts/servers.sh); and
# introductions suggested with every contact of the user holding a need and an offer; and
# coverage of 1,000 target accounts × 20 team members (with one what-if).
#   scripts/bench.sh cold-start   only the desktop cold start
#   scripts/bench.sh sphere-view  only the Sphere view (5,000 and 30,000 people)
#   scripts/bench.sh vault        only encrypted against plain (open + graph build, LinkedIn import)
#   scripts/bench.sh coverage     only coverage of 1,000 target accounts × 20 team members
#   scripts/bench.sh team         only the team server on PostgreSQL (100 members × 10,000 contacts)
#   BENCH_PEOPLE / BENCH_TIES   size of the synthetic network (default 100000 / 1000000)
#   PEER_BUDGET                 seconds each peer may spend per data set (default 150)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
started=$SECONDS
PEOPLE=${BENCH_PEOPLE:-100000}
TIES=${BENCH_TIES:-1000000}
BUDGET=${PEER_BUDGET:-150}
BENCH=target/bench
TARGET=${CARGO_TARGET_DIR:-target}
SPHERE=$TARGET/release/sphere
mkdir -p "$BENCH"

machine() {
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# The desktop cold start needs the built UI (the binary embeds ui/dist), the release app and
# CLI (which makes the demo database), tauri-driver, WebKitWebDriver and Xvfb: setup installs
# what is missing.
cold_start() {
  if [[ ! -d node_modules || ! -x /usr/bin/WebKitWebDriver ]] || ! command -v tauri-driver > /dev/null; then
    scripts/setup.sh --test
  fi
  echo "Building the UI and the desktop app (release)..."
  local out
  out=$(npm run build --workspace ui 2>&1) || { echo "$out"; return 1; }
  cargo build --release -p sphere-desktop -p sphere-cli --bin sphere-desktop --bin sphere --quiet
  node crates/sphere-cli/benches/cold_start.mjs --app "$TARGET/release/sphere-desktop" --cli "$SPHERE" --db "$BENCH/demo.db"
}
if [[ "${1:-}" == cold-start ]]; then
  machine
  cold_start
  echo
  echo "bench done in $((SECONDS - started)) s"
  exit 0
fi

# The Sphere view needs Chromium, the npm packages and the built UI: setup installs what is
# missing. The networks are made once under target/bench/.
SYNTH_AS_OF=2026-01-01T00:00:00Z
sphere_view() {
  if [[ ! -x "${CHROMIUM_BIN:-/usr/bin/chromium}" || ! -d node_modules ]]; then
    scripts/setup.sh --test
  fi
  local out
  out=$(npm run build --workspace ui 2>&1) || { echo "$out"; return 1; }
  for size in "5000 20000" "30000 120000"; do
    read -r people ties <<< "$size"
    db="$BENCH/view-$people-$ties-seed1.db"
    if [[ ! -f "$db" ]]; then
      rm -f "$BENCH"/view.tmp.db*
      "$SPHERE" --db "$BENCH/view.tmp.db" --as-of "$SYNTH_AS_OF" synth --people "$people" --ties "$ties" --seed 1 > /dev/null
      mv "$BENCH/view.tmp.db" "$db"
    fi
    node crates/sphere-cli/benches/sphere_view.mjs --db "$db" --as-of "$SYNTH_AS_OF" --bin "$SPHERE" --screenshot "$BENCH/view-$people.png"
  done
}
# The synthetic network, made once (by the full run and `scripts/bench.sh vault`).
SYNTH_DB="$BENCH/synth-$PEOPLE-$TIES-seed1.db"
synth_network() {
  if [[ ! -f "$SYNTH_DB" ]]; then
    echo "Generating the synthetic network..."
    rm -f "$BENCH"/synth.tmp.db*
    "$SPHERE" --db "$BENCH/synth.tmp.db" --as-of "$SYNTH_AS_OF" synth --people "$PEOPLE" --ties "$TIES" --seed 1
    mv "$BENCH/synth.tmp.db" "$SYNTH_DB"
  fi
}
# Encryption at rest: open + graph build of the synthetic network plain and encrypted, and the
# 30,000-connection LinkedIn import into a plain and an encrypted database (target: < 25 %).
vault_bench() {
  cargo bench --quiet --bench vault -- --from "$SYNTH_DB"
}
if [[ "${1:-}" == vault ]]; then
  machine
  cargo build --release -p sphere-cli --bin sphere --quiet
  synth_network
  vault_bench
  echo
  echo "bench done in $((SECONDS - started)) s"
  exit 0
fi

# Coverage of 1,000 target accounts × 20 team members on a copy of the synthetic network,
# one what-if and one account page (target: coverage under 2 s).
coverage_bench() {
  # cargo runs a bench in its package's folder: the path is made absolute.
  cargo bench --quiet --bench coverage -- --from "$PWD/$SYNTH_DB" --as-of "$SYNTH_AS_OF"
}
if [[ "${1:-}" == coverage ]]; then
  machine
  cargo build --release -p sphere-cli --bin sphere --quiet
  synth_network
  coverage_bench
  echo
  echo "bench done in $((SECONDS - started)) s"
  exit 0
fi

# The team server on PostgreSQL: 100 members × 10,000 contacts (1,000,000 people, 2,000,000
# knows rows) seeded with COPY; first full pull, incremental push + pull of 1,000 changes,
# coverage of 100 target accounts (cold and warm), team paths. PostgreSQL from
# scripts/servers.sh, stopped afterwards whatever happens.
TEAM_BENCH_DIR=""
stop_team_bench() { if [[ -n "$TEAM_BENCH_DIR" ]]; then scripts/servers.sh stop "$TEAM_BENCH_DIR"; rm -rf "$TEAM_BENCH_DIR"; TEAM_BENCH_DIR=""; fi; }
team_bench() {
  scripts/servers.sh install
  TEAM_BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sphere-bench-team.XXXXXX")
  trap stop_team_bench EXIT
  scripts/servers.sh start "$TEAM_BENCH_DIR"
  ( . "$TEAM_BENCH_DIR/env" && cargo bench --quiet -p sphere-cli --bench team )
  stop_team_bench
}
if [[ "${1:-}" == team ]]; then
  machine
  team_bench
  echo
  echo "bench done in $((SECONDS - started)) s"
  exit 0
fi

if [[ "${1:-}" == sphere-view ]]; then
  machine
  cargo build --release -p sphere-cli --bin sphere --quiet
  sphere_view
  echo
  echo "bench done in $((SECONDS - started)) s"
  exit 0
fi

echo "Building (release) and preparing the Python peers..."
cargo build --release -p sphere-cli --bin sphere --quiet
cargo bench --bench paths --bench sensitivity --bench import --bench sync --bench intros --bench today --bench coverage --bench mail --bench calendar --bench vault --no-run --quiet 2>/dev/null
PYTHON=$(scripts/peers/venv.sh)

# A database is made under a temporary name and renamed when complete.
if [[ ! -f "$BENCH/collegemsg.db" ]]; then
  echo "Importing CollegeMsg..."
  "$PYTHON" scripts/peers/common.py collegemsg-log "$BENCH/collegemsg.csv" > "$BENCH/collegemsg.as-of"
  rm -f "$BENCH"/collegemsg.tmp.db*
  "$SPHERE" --db "$BENCH/collegemsg.tmp.db" import log "$BENCH/collegemsg.csv" --source collegemsg
  mv "$BENCH/collegemsg.tmp.db" "$BENCH/collegemsg.db"
fi
if [[ ! -f "$BENCH/school.db" ]]; then
  echo "Generating and importing a school contact log..."
  "$PYTHON" scripts/peers/school_log.py "$BENCH/school.csv" > "$BENCH/school.as-of"
  rm -f "$BENCH"/school.tmp.db*
  "$SPHERE" --db "$BENCH/school.tmp.db" import log "$BENCH/school.csv" --source school > /dev/null
  mv "$BENCH/school.tmp.db" "$BENCH/school.db"
fi
synth_network

echo
machine
run() {
  local label=$1 db=$2 as_of=$3 out=$4
  shift 4
  cargo bench --quiet --bench paths -- --db "$db" --as-of "$as_of" --label "$label" --out "$out" "$@"
  "$PYTHON" scripts/peers/peers_bench.py "$out" --budget "$BUDGET"
}
run "CollegeMsg" "$BENCH/collegemsg.db" "$(cat "$BENCH/collegemsg.as-of")" "$BENCH/collegemsg"
run "synthetic $PEOPLE people / $TIES relationships" "$SYNTH_DB" "$SYNTH_AS_OF" "$BENCH/synth"
run "school contact log (generated; dense, near-equal paths)" "$BENCH/school.db" "$(cat "$BENCH/school.as-of")" "$BENCH/school" -k 5 --pairs 50 --peer-pairs 50

# Keeping a long-running process in step with another's writes: the per-command check, an
# incremental catch-up, a full rebuild (on a copy of the synthetic network).
cargo bench --quiet --bench sync -- --from "$SYNTH_DB"

# Introductions you could make: every contact of the user with a need and an offer, then the
# suggestions (on a copy of the synthetic network).
cargo bench --quiet --bench intros -- --from "$SYNTH_DB"
# Today, keeping in touch and network health on the synthetic network (read only).
cargo bench --quiet --bench today -- --db "$SYNTH_DB" --as-of "$SYNTH_AS_OF"
# Coverage of the target accounts (on a copy of the synthetic network).
coverage_bench

vault_bench

# The sensitivity engine: classifying a 2,000-word note, linting a draft.
cargo bench --quiet --bench sensitivity

# Address-book imports: 30,000 LinkedIn connections and 10,000 vCards, with the Python
# readers of the same files (csv, vobject) for the parse.
cargo bench --quiet --bench import -- --out "$BENCH/import"
"$PYTHON" scripts/peers/import_bench.py "$BENCH/import"

# Mail: a generated mbox of 100,000 messages imported through the command set, with
# Python's mailbox module reading the same file (From, To and Date of every message).
cargo bench --quiet --bench mail -- --out "$BENCH/mail"
"$PYTHON" scripts/peers/mail_bench.py "$BENCH/mail"

# Calendar capture: 10,000 generated events (.ics) through calendar_import, with icalendar +
# recurring-ical-events reading and expanding the same file in the same window.
cargo bench --quiet --bench calendar -- --out "$BENCH/calendar"
"$PYTHON" scripts/peers/calendar_bench.py "$BENCH/calendar"

# The Sphere view in Chromium.
sphere_view

# Mail sync: 1,000 new messages synced incrementally from a loopback dovecot (target 5 s),
# with the servers of scripts/servers.sh, stopped afterwards whatever happens.
SYNC_BENCH_DIR=""
stop_sync_bench() { if [[ -n "$SYNC_BENCH_DIR" ]]; then scripts/servers.sh stop "$SYNC_BENCH_DIR"; rm -rf "$SYNC_BENCH_DIR"; SYNC_BENCH_DIR=""; fi; }
trap stop_sync_bench EXIT
sync_bench() {
  scripts/servers.sh install
  SYNC_BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sphere-bench-servers.XXXXXX")
  scripts/servers.sh start "$SYNC_BENCH_DIR"
  ( . "$SYNC_BENCH_DIR/env" && cargo bench --quiet -p sphere-sync --bench imap_incremental \
      && cargo bench --quiet -p sphere-cli --bench imap_sync )
  stop_sync_bench
}
sync_bench

# The team server on PostgreSQL.
team_bench

# The desktop cold start.
cold_start
echo
echo "bench done in $((SECONDS - started)) s"
