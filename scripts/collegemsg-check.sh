#!/usr/bin/env bash
# Cross-checks Sphere's k-best warm paths against NetworkX on the CollegeMsg message log
# (59,835 messages among 1,899 people): imports it with `sphere import log`, then compares
# the k best paths without a hop bound for 20 fixed pairs. Installs its Python dependencies
# into target/peers/venv and caches the data set in target/peers/. See
# scripts/peers/collegemsg_check.py. Uses the debug `sphere` binary unless SPHERE_BIN is set.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1
if [[ -z "${SPHERE_BIN:-}" ]]; then
  cargo build -p sphere-cli --bin sphere --quiet
  SPHERE_BIN=target/debug/sphere
fi
PYTHON=$(scripts/peers/venv.sh)
exec "$PYTHON" scripts/peers/collegemsg_check.py --sphere "$SPHERE_BIN" "$@"
