#!/usr/bin/env bash
# Fuzzes every import parser, and the address-book planner, with cargo-fuzz (libFuzzer +
# AddressSanitizer, nightly Rust).
#
#   scripts/fuzz.sh                 # every target, ${FUZZ_SECONDS:-60} s each
#   FUZZ_SECONDS=300 scripts/fuzz.sh vcard read_contacts
#
# Installs cargo-fuzz when it is missing, seeds each target's corpus (fuzz/corpus/<target>,
# not committed) from the fixtures in tests/data/import and fuzz/seeds/<target>, runs the
# targets one after the other and prints target, seconds, executions and crashes. Crash
# inputs land in fuzz/artifacts/<target>/, logs in fuzz/artifacts/logs/. Exits 1 when any
# target crashed. Not part of scripts/test.sh (it takes minutes and needs nightly).
#
# Environment: FUZZ_SECONDS (per target, default 60), FUZZ_RSS_MB (default 2048),
# FUZZ_TOOLCHAIN (default nightly).
set -euo pipefail
cd "$(dirname "$0")/../crates/sphere-import"   # cargo fuzz runs in the crate that holds fuzz/
ROOT=../..
export PATH="$HOME/.cargo/bin:$PATH"

seconds="${FUZZ_SECONDS:-60}"
rss_mb="${FUZZ_RSS_MB:-2048}"
toolchain="${FUZZ_TOOLCHAIN:-nightly}"
all_targets=(decode linkedin google outlook vcard read_contacts plan import_log helpers mail)
if [[ $# -gt 0 ]]; then targets=("$@"); else targets=("${all_targets[@]}"); fi

if ! rustup toolchain list | grep -q "^$toolchain"; then
  echo "installing the $toolchain toolchain (cargo-fuzz needs it)"
  rustup toolchain install "$toolchain" --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz"
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

fixtures=$ROOT/tests/data/import

# Copies the files of the given directories into a corpus directory.
seed() {
  local corpus=$1; shift
  local dir
  for dir in "$@"; do
    [[ -d $dir ]] || continue
    find "$dir" -type f -exec cp {} "$corpus/" \;
  done
}

# The seeds of one target, from the fixtures it reads.
seed_target() {
  local t=$1 corpus="fuzz/corpus/$1"
  mkdir -p "$corpus"
  case $t in
    linkedin | google | outlook) seed "$corpus" "$fixtures/$t" ;;
    vcard) seed "$corpus" "$fixtures/vcard" ;;
    decode | helpers) seed "$corpus" "$fixtures" ;;
    read_contacts | plan)
      # The first byte picks the format: 0 detects, 1..4 name linkedin, google, outlook, vcard
      # (mod 5). For `plan`, (byte / 5) mod 4 also picks the owner: 0 the user, 1 a team
      # member (byte + 5), 2 and 3 someone who may not own an import.
      local f name pick
      while IFS= read -r f; do
        name=$(basename "$(dirname "$f")")-$(basename "$f")
        case $f in
          */linkedin/*) pick=1 ;; */google/*) pick=2 ;; */outlook/*) pick=3 ;; *) pick=4 ;;
        esac
        { printf '\x00'; cat "$f"; } >"$corpus/detect-$name"
        { printf "\\x0$pick"; cat "$f"; } >"$corpus/named-$name"
        if [[ $t == plan ]]; then
          { printf "\\x0$((pick + 5))"; cat "$f"; } >"$corpus/team-$name"
        fi
      done < <(find "$fixtures" -type f)
      ;;
    import_log) ;;
    mail) seed "$corpus" "$fixtures/mail" ;;
    *) echo "unknown target: $t (targets: ${all_targets[*]})" >&2; exit 2 ;;
  esac
  seed "$corpus" "fuzz/seeds/$t"
}

mkdir -p fuzz/artifacts/logs
echo "building the fuzz targets ($toolchain)"
cargo "+$toolchain" fuzz build

summary=()
failed=0
for t in "${targets[@]}"; do
  seed_target "$t"
  log="fuzz/artifacts/logs/$t.log"
  printf '\n==> %s: %ss (corpus fuzz/corpus/%s, %s files)\n' \
    "$t" "$seconds" "$t" "$(find "fuzz/corpus/$t" -type f | wc -l)"
  status=ok
  if ! cargo "+$toolchain" fuzz run "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -rss_limit_mb="$rss_mb" -print_final_stats=1 >"$log" 2>&1; then
    status=CRASH
    failed=1
    grep -E "panicked|ERROR: |Test unit written|SUMMARY" "$log" | head -n 8 || true
  fi
  execs=$(awk '/stat::number_of_executed_units:/ { n = $2 } END { print n }' "$log")
  cov=$(awk '$2 == "DONE" && $3 == "cov:" { c = $4 } END { print c }' "$log")
  summary+=("$(printf '%-14s %6ss %12s %12s %s' "$t" "$seconds" "${execs:-?}" "${cov:-?}" \
    "$status")")
  tail -n 3 "$log"
done

printf '\n%-14s %7s %12s %12s %s\n' target time executions coverage result
printf '%s\n' "${summary[@]}"
if [[ $failed -ne 0 ]]; then
  echo "crashes found: inputs in fuzz/artifacts/<target>/, minimize with"
  echo "  cargo +$toolchain fuzz tmin <target> fuzz/artifacts/<target>/<crash-file>"
  exit 1
fi
