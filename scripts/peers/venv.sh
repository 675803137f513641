#!/usr/bin/env bash
# Creates (once) the Python virtual environment the peer checks and the benchmark use, under
# target/peers/venv, with pinned NetworkX and python-igraph from PyPI. Prints the path of its
# python. Safe to run repeatedly: it reinstalls only when the pinned versions change.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=target/peers/venv
REQUIREMENTS="networkx==3.6.1 igraph==1.0.0 vobject==0.9.9 icalendar==7.3.2 recurring-ical-events==3.8.2"
STAMP="$VENV/.sphere-requirements"
if [[ ! -x "$VENV/bin/python" ]] || [[ "$(cat "$STAMP" 2>/dev/null)" != "$REQUIREMENTS" ]]; then
  mkdir -p target/peers
  if ! python3 -m venv "$VENV" >&2; then
    echo "error: cannot create a Python virtual environment; install python3-venv (scripts/setup.sh does)" >&2
    exit 1
  fi
  # shellcheck disable=SC2086
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $REQUIREMENTS >&2
  echo "$REQUIREMENTS" > "$STAMP"
fi
echo "$VENV/bin/python"
