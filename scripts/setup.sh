#!/usr/bin/env bash
# Installs what Sphere needs on a Debian/Ubuntu machine that has Rust, Node, npm and git.
#   scripts/setup.sh          what the desktop app needs to build and run
#   scripts/setup.sh --test   plus what the test suites need (Xvfb, Chromium, WebKitWebDriver, tauri-driver,
#                             Python's venv for the NetworkX cross-check, dovecot, Radicale, PostgreSQL)
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

apt_packages=(
  build-essential pkg-config file
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  libsoup-3.0-dev libjavascriptcoregtk-4.1-dev libssl-dev
)
if (( want_test )); then
  apt_packages+=(xvfb xauth xfonts-base webkit2gtk-driver chromium fonts-dejavu-core)
  # The peer checks (NetworkX, igraph) run in a virtual environment under target/peers.
  apt_packages+=(python3 python3-venv)
  # The real servers of scripts/servers.sh: IMAP, CalDAV/CardDAV and the team server's PostgreSQL.
  apt_packages+=(dovecot-imapd radicale postgresql)
fi

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if (( ${#missing[@]} )); then
    say "Installing Debian packages: ${missing[*]}"
    if [[ $(id -u) -eq 0 ]]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
      echo "error: these Debian packages are missing and I am neither root nor able to sudo:" >&2
      echo "  ${missing[*]}" >&2
      echo "Install them (apt-get install ...) and run this again." >&2
      exit 1
    fi
    "${SUDO[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}"
  fi
else
  say "Not a Debian/Ubuntu system: skipping system packages (see README for macOS and Windows)."
fi

say "Installing npm packages (npm ci)"
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

say "Building the UI (ui/dist)"
npm run build --silent

if (( want_test )); then
  if ! command -v tauri-driver >/dev/null 2>&1 && [[ ! -x "$HOME/.cargo/bin/tauri-driver" ]]; then
    say "Installing tauri-driver (cargo install, a few minutes the first time)"
    cargo install tauri-driver --version '^2' --locked --quiet
  fi
fi
say "Setup done."
