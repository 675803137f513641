#!/usr/bin/env bash
# Regenerates every app icon Tauri bundles (png, ico, icns) from the one source, icons/icon.svg,
# with the Tauri CLI's `icon` command (npm package @tauri-apps/cli; works offline).
# Run after editing the SVG, then commit the SVG and the generated files together.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/tauri ]; then
  echo "icons.sh: the Tauri CLI is missing; run \`npm install\` (or scripts/setup.sh) first" >&2
  exit 1
fi

node_modules/.bin/tauri icon icons/icon.svg --output icons
# Sphere ships for the desktop only; drop the mobile sets the CLI also writes.
rm -rf icons/android icons/ios
ls icons
