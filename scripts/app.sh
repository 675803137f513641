#!/usr/bin/env bash
# Launches Sphere, installing whatever is missing first: the desktop app where there is a
# display, and browser mode (`sphere serve` on 127.0.0.1, with the link to open printed) where
# there is none (a server, SSH, a container).
#   SPHERE_DB=path/to/file.db scripts/app.sh    uses another database
#   SPHERE_PORT=8080 scripts/app.sh              browser mode on another port (default 7878)
#   scripts/app.sh --browser                     browser mode even with a display
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

browser=0
[[ "${1:-}" == "--browser" ]] && browser=1
if [[ "$(uname -s)" == "Linux" && -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "==> No display here (neither DISPLAY nor WAYLAND_DISPLAY is set): starting Sphere in browser mode."
  browser=1
fi

if [[ $browser == 1 ]]; then
  echo "==> Building and starting Sphere's server (the first build takes several minutes)"
  args=(serve --port "${SPHERE_PORT:-7878}")
  [[ -n "${SPHERE_DB:-}" ]] && args=(--db "$SPHERE_DB" "${args[@]}")
  cat <<MSG

Sphere runs on this machine only (127.0.0.1). Open the link below in a browser here, or from
another machine through an SSH tunnel: ssh -L ${SPHERE_PORT:-7878}:127.0.0.1:${SPHERE_PORT:-7878} THIS_HOST
Ctrl-C stops it.

MSG
  exec cargo run --release --quiet -p sphere-cli --bin sphere -- "${args[@]}"
fi

echo "==> Building and starting Sphere (the first build takes several minutes)"
exec cargo run --release -p sphere-desktop
