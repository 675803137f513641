#!/usr/bin/env bash
# Real servers for the sync and team tests, on loopback, in a throwaway directory:
# Debian's dovecot (IMAP), Radicale (CalDAV/CardDAV) and PostgreSQL (the team server's
# database). Nothing touches /etc or the system services: each server runs from its own
# config inside DIR.
#
#   scripts/servers.sh install      apt-get dovecot-imapd, radicale and postgresql when missing (as root)
#   scripts/servers.sh start DIR    start all three on free ports; write DIR/env (sourceable)
#   scripts/servers.sh stop DIR     stop them and wait for them to exit
#
# DIR/env exports what the tests read:
#   SPHERE_TEST_IMAP=127.0.0.1:PORT  SPHERE_TEST_DAV=http://127.0.0.1:PORT
#   SPHERE_TEST_USER=...  SPHERE_TEST_PASSWORD=...
#   SPHERE_TEST_PG_ADMIN=postgres://postgres@127.0.0.1:PORT/sphere   (the superuser; trust on loopback)
#   SPHERE_TEST_PG=postgres://sphere_app:PW@127.0.0.1:PORT/sphere    (the team server's role:
#                                       LOGIN NOSUPERUSER NOBYPASSRLS, owner of database `sphere`)
# PostgreSQL runs as the `postgres` system user when started by root (it refuses root),
# as the caller otherwise.
# Idempotent: `install` twice installs once; `start` on a running DIR leaves it running;
# `stop` on a stopped DIR does nothing.
set -euo pipefail

TEST_USER=sphere
TEST_PASSWORD=sphere-test-pw
PG_APP_ROLE=sphere_app
PG_APP_PASSWORD=sphere-app-test-pw

die() { echo "servers.sh: $*" >&2; exit 1; }

# A Python that has Radicale: Debian's, not a pyenv shim.
radicale_python() {
  for py in /usr/bin/python3 python3; do
    if "$py" -c 'import radicale' 2>/dev/null; then echo "$py"; return; fi
  done
  return 1
}

install() {
  local need=()
  command -v dovecot >/dev/null 2>&1 && [ -x /usr/lib/dovecot/imap ] || need+=(dovecot-imapd)
  radicale_python >/dev/null || need+=(radicale)
  pg_bin >/dev/null || need+=(postgresql)
  [ ${#need[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "installing ${need[*]} needs root (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; } \
    || die "apt-get install ${need[*]} failed"
  # Debian starts the packaged service; ours run from DIR, so the system one is not needed.
}

# Debian's PostgreSQL server binaries (the newest installed major version).
pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] && [ -x "$d/postgres" ] && [ -x "$d/initdb" ] || return 1
  echo "$d"
}

# Runs a command as the PostgreSQL owner: `postgres` when we are root, ourselves otherwise.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_running() { # DIR
  [ -f "$1/pg/data/postmaster.pid" ] && kill -0 "$(head -1 "$1/pg/data/postmaster.pid")" 2>/dev/null
}

start_pg() { # DIR
  local dir=$1 bin port
  bin=$(pg_bin) || die "postgresql is not installed: run scripts/servers.sh install"
  port=$(free_port)
  rm -rf "$dir/pg"
  mkdir -p "$dir/pg/sock"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir/pg"
  as_pg "$bin/initdb" -D "$dir/pg/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$dir/pg/initdb.log" 2>&1 \
    || { tail -20 "$dir/pg/initdb.log" >&2; die "initdb failed"; }
  # Trust on loopback for the superuser only (a throwaway cluster); the app role uses its password.
  printf '%s\n' 'local all all trust' 'host all postgres 127.0.0.1/32 trust' \
    'host all all 127.0.0.1/32 scram-sha-256' | as_pg tee "$dir/pg/data/pg_hba.conf" >/dev/null
  as_pg "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/postgres.log" -w -t 60 \
    -o "-p $port -k $dir/pg/sock -c listen_addresses=127.0.0.1" start >/dev/null \
    || { tail -20 "$dir/pg/postgres.log" >&2 || true; die "postgresql did not start"; }
  wait_port "$port" postgresql "$dir/pg/postgres.log"
  as_pg "$bin/psql" -q -v ON_ERROR_STOP=1 -h "$dir/pg/sock" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE $PG_APP_ROLE LOGIN PASSWORD '$PG_APP_PASSWORD' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE" \
    -c "CREATE DATABASE sphere OWNER $PG_APP_ROLE" >/dev/null \
    || die "could not create the role $PG_APP_ROLE and the database sphere"
  echo "$port" >"$dir/pg/port"
}

free_port() {
  "$(radicale_python)" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_port() { # PORT NAME LOG
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "--- $3" >&2; tail -20 "$3" >&2 || true
  die "$2 did not listen on 127.0.0.1:$1"
}

start() {
  local dir=$1
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ -f "$dir/env" ] && [ -f "$dir/dovecot.pid" ] && kill -0 "$(cat "$dir/dovecot.pid")" 2>/dev/null \
    && [ -f "$dir/radicale.pid" ] && kill -0 "$(cat "$dir/radicale.pid")" 2>/dev/null \
    && pg_running "$dir"; then
    return 0
  fi
  stop "$dir"
  command -v dovecot >/dev/null || die "dovecot is not installed: run scripts/servers.sh install"
  local py; py=$(radicale_python) || die "radicale is not installed: run scripts/servers.sh install"

  # dovecot: mail processes never run as root, so as root the mail belongs to the
  # packaged `dovecot` user; otherwise everything runs as the caller.
  local me mail_user login_user
  me=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then mail_user=dovecot; login_user=dovenull; else mail_user=$me; login_user=$me; fi
  local imap_port; imap_port=$(free_port)
  mkdir -p "$dir/dovecot/run" "$dir/dovecot/mail"
  chmod 755 "$dir" "$dir/dovecot"
  [ "$(id -u)" -eq 0 ] && chown "$mail_user:" "$dir/dovecot/mail"
  printf '%s:{PLAIN}%s:%s:%s::%s/dovecot/mail/%%u\n' \
    "$TEST_USER" "$TEST_PASSWORD" "$(id -u "$mail_user")" "$(id -g "$mail_user")" "$dir" \
    >"$dir/dovecot/passwd"
  cat >"$dir/dovecot/dovecot.conf" <<EOF
# Throwaway dovecot for Sphere's sync tests (scripts/servers.sh).
base_dir = $dir/dovecot/run
state_dir = $dir/dovecot/run
instance_name = sphere-test-$imap_port
log_path = $dir/dovecot/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
default_login_user = $login_user
default_internal_user = $mail_user
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = $dir/dovecot/passwd
}
userdb {
  driver = passwd-file
  args = $dir/dovecot/passwd
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = create
  }
  mailbox Archive {
    special_use = \\Archive
    auto = create
  }
  mailbox Junk {
    special_use = \\Junk
    auto = create
  }
  mailbox Trash {
    special_use = \\Trash
    auto = create
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = create
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
service auth {
  user = \$default_internal_user
}
service stats {
  unix_listener stats-reader {
    user = $mail_user
  }
  unix_listener stats-writer {
    user = $mail_user
  }
}
EOF
  dovecot -c "$dir/dovecot/dovecot.conf" || { tail -20 "$dir/dovecot/dovecot.log" >&2 || true; die "dovecot did not start"; }
  wait_port "$imap_port" dovecot "$dir/dovecot/dovecot.log"
  cp "$dir/dovecot/run/master.pid" "$dir/dovecot.pid"

  # Radicale: htpasswd with a plain password, owner-only rights, storage in DIR.
  local dav_port; dav_port=$(free_port)
  mkdir -p "$dir/radicale/collections"
  printf '%s:%s\n' "$TEST_USER" "$TEST_PASSWORD" >"$dir/radicale/users"
  cat >"$dir/radicale/config" <<EOF
[server]
hosts = 127.0.0.1:$dav_port
[auth]
type = htpasswd
htpasswd_filename = $dir/radicale/users
htpasswd_encryption = plain
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = $dir/radicale/collections
[web]
type = none
[logging]
level = warning
EOF
  "$py" -m radicale --config "$dir/radicale/config" >"$dir/radicale/radicale.log" 2>&1 &
  echo $! >"$dir/radicale.pid"
  wait_port "$dav_port" radicale "$dir/radicale/radicale.log"

  start_pg "$dir"
  local pg_port; pg_port=$(cat "$dir/pg/port")

  cat >"$dir/env" <<EOF
export SPHERE_TEST_PG_ADMIN=postgres://postgres@127.0.0.1:$pg_port/sphere
export SPHERE_TEST_PG=postgres://$PG_APP_ROLE:$PG_APP_PASSWORD@127.0.0.1:$pg_port/sphere
export SPHERE_TEST_IMAP=127.0.0.1:$imap_port
export SPHERE_TEST_DAV=http://127.0.0.1:$dav_port
export SPHERE_TEST_USER=$TEST_USER
export SPHERE_TEST_PASSWORD=$TEST_PASSWORD
export SPHERE_TEST_SERVERS_DIR=$dir
EOF
}

stop_pid() { # PIDFILE
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

stop() {
  local dir=$1
  [ -d "$dir" ] || return 0
  stop_pid "$dir/dovecot.pid"
  stop_pid "$dir/radicale.pid"
  if pg_running "$dir"; then
    local bin; bin=$(pg_bin) || die "postgresql is running in $dir but its binaries are gone"
    as_pg "$bin/pg_ctl" -D "$dir/pg/data" -m fast -w -t 60 stop >/dev/null || true
  fi
  rm -f "$dir/env"
}

case "${1:-}" in
  install) install ;;
  start) [ -n "${2:-}" ] || die "usage: servers.sh start DIR"; start "$2" ;;
  stop) [ -n "${2:-}" ] || die "usage: servers.sh stop DIR"; stop "$2" ;;
  *) die "usage: servers.sh install | start DIR | stop DIR" ;;
esac
