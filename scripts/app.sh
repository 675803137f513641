#!/usr/bin/env bash
# Launches the Sphere desktop app, installing whatever is missing first.
#   SPHERE_DB=path/to/file.db scripts/app.sh   uses another database
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [[ "$(uname -s)" == "Linux" && -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  cat >&2 <<'MSG'
There is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop window
cannot open. Use Sphere in a browser instead:

    cargo run --release -p sphere-cli -- serve

and open the link it prints (it carries this launch's token).
MSG
  exit 1
fi
echo "==> Building and starting Sphere (the first build takes several minutes)"
exec cargo run --release -p sphere-desktop
