#!/usr/bin/env bash
# Manages an embedded or throwaway PostgreSQL 15 cluster kept entirely under one ROOT folder (init, start, stop, status, psql).
set -euo pipefail

PGBIN="${CASEBRIDGE_PGBIN:-/usr/lib/postgresql/15/bin}"
SUPERUSER=casebridge_admin
ORPHAN_WAIT_SECONDS="${CASEBRIDGE_PG_ORPHAN_WAIT:-60}"

prog="$(basename "$0")"
die() { echo "$prog: error: $*" >&2; exit 1; }
say() { echo "$prog: $*" >&2; } # messages go to stderr; stdout carries only results (the port)

usage() {
  cat >&2 <<EOF
usage: $prog init   ROOT         create the cluster if it does not exist yet
       $prog start  ROOT PORT    init if needed, start on 127.0.0.1:PORT, wait until ready, print PORT
       $prog stop   ROOT         fast shutdown (nothing to do if it is not running)
       $prog status ROOT         exit 0 and print the port if running, exit 3 if not
       $prog psql   ROOT [ARGS]  psql as superuser $SUPERUSER (database \${CASEBRIDGE_DB_NAME:-casebridge})

Layout under ROOT:  pgdata/ (the cluster)  socket/ (unix socket)  log/postgres.log
                    superuser.password (0600)  port (written by start)
Environment: CASEBRIDGE_PG_FAST=1 on start turns off fsync, synchronous_commit and
             full_page_writes (throwaway test clusters only: a crash can lose or corrupt data).
EOF
  exit 2
}

[ $# -ge 2 ] || usage
cmd="$1"
[ -n "$2" ] || usage
[ -x "$PGBIN/postgres" ] || die "PostgreSQL 15 binaries not found in $PGBIN (run deploy/install-deps.sh)"

# ---------------------------------------------------------------- paths and the user that runs PostgreSQL
case "$cmd" in
  init | start) mkdir -p -- "$2" 2>/dev/null || die "cannot create folder $2" ;;
  *) [ -d "$2" ] || die "$2 does not exist; create the cluster with: $prog start $2 PORT" ;;
esac
ROOT="$(cd -- "$2" && pwd -P)"
PGDATA_DIR="$ROOT/pgdata"
SOCKET_DIR="$ROOT/socket"
LOG_DIR="$ROOT/log"
LOG_FILE="$LOG_DIR/postgres.log"
PW_FILE="$ROOT/superuser.password"
PORT_FILE="$ROOT/port"
LOCK_FILE="$ROOT/cluster.lock"

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1
if [ "$IS_ROOT" -eq 1 ]; then
  # PostgreSQL refuses to run as root: use Debian's postgres account, or the existing
  # owner of the cluster when someone else created it.
  RUN_AS=postgres
  if [ -d "$PGDATA_DIR" ]; then
    owner="$(stat -c %U "$PGDATA_DIR")"
    [ "$owner" != root ] && [ "$owner" != UNKNOWN ] && RUN_AS="$owner"
  fi
  id -u "$RUN_AS" >/dev/null 2>&1 || die "user '$RUN_AS' does not exist; install postgresql-15 (it creates it)"
  RUN_GROUP="$(id -gn "$RUN_AS")"
else
  RUN_AS="$(id -un)"
fi

# Runs a command as the user that owns the cluster.
# fd 9 (our lock) is closed so that a started server does not hold the lock forever.
as_pg() {
  if [ "$IS_ROOT" -eq 1 ]; then
    (cd / && runuser -u "$RUN_AS" -- "$@") 9>&-
  else
    "$@" 9>&-
  fi
}

# Serialises init/start/stop of one ROOT between concurrent callers (parallel test runs).
take_lock() {
  exec 9>>"$LOCK_FILE"
  flock -w 300 9 || die "another $prog is still working on $ROOT (waited 300 s for $LOCK_FILE)"
}

# Makes every folder above ROOT traversable for the PostgreSQL user (root only).
ensure_traversable() {
  [ "$IS_ROOT" -eq 1 ] || return 0
  runuser -u "$RUN_AS" -- test -x "$ROOT" 2>/dev/null && return 0
  local dir="" part
  local IFS=/
  for part in $ROOT; do
    [ -n "$part" ] || continue
    dir="$dir/$part"
    if [ "$dir" != "$ROOT" ] && ! runuser -u "$RUN_AS" -- test -x "$dir" 2>/dev/null; then
      chmod o+x "$dir"
      say "made $dir traversable (o+x) so that user $RUN_AS can reach $ROOT"
    fi
  done
}

prepare_layout() {
  mkdir -p "$SOCKET_DIR" "$LOG_DIR"
  chmod 0700 "$ROOT" "$SOCKET_DIR"
  chmod 0750 "$LOG_DIR"
  if [ "$IS_ROOT" -eq 1 ]; then
    chown "$RUN_AS:$RUN_GROUP" "$ROOT" "$SOCKET_DIR" "$LOG_DIR"
    [ -e "$LOG_FILE" ] && chown "$RUN_AS:$RUN_GROUP" "$LOG_FILE"
    ensure_traversable
  fi
  # The unix socket path has a hard limit of 107 bytes.
  local sock="$SOCKET_DIR/.s.PGSQL.65535"
  [ "${#sock}" -le 107 ] || die "ROOT path is too long for a unix socket ($sock is ${#sock} bytes, limit 107); use a shorter ROOT"
}

do_init() {
  prepare_layout
  if [ -f "$PGDATA_DIR/PG_VERSION" ]; then
    ensure_include
    return 0
  fi
  if [ -d "$PGDATA_DIR" ] && [ -n "$(ls -A "$PGDATA_DIR")" ]; then
    die "$PGDATA_DIR exists and is not empty but holds no cluster (no PG_VERSION), perhaps from an interrupted init. Remove it and run again."
  fi
  if [ ! -s "$PW_FILE" ]; then
    (umask 077 && openssl rand -hex 24 >"$PW_FILE.tmp" && mv -f "$PW_FILE.tmp" "$PW_FILE") \
      || die "cannot write $PW_FILE"
  fi
  chmod 0600 "$PW_FILE"
  # initdb reads the password file as the PostgreSQL user; root can read it anyway.
  [ "$IS_ROOT" -eq 1 ] && chown "$RUN_AS:$RUN_GROUP" "$PW_FILE"
  say "initialising a new cluster in $PGDATA_DIR (superuser $SUPERUSER, password in $PW_FILE)"
  if ! as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U "$SUPERUSER" --pwfile="$PW_FILE" \
      --locale=C.UTF-8 --encoding=UTF8 --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
      >"$LOG_DIR/initdb.log" 2>&1; then
    cat "$LOG_DIR/initdb.log" >&2
    die "initdb failed (output above, also in $LOG_DIR/initdb.log)"
  fi
  ensure_include
}

# Settings written by 'start' live in their own file so that postgresql.conf stays stock.
ensure_include() {
  grep -qx "include_if_exists = 'casebridge.conf'" "$PGDATA_DIR/postgresql.conf" \
    || echo "include_if_exists = 'casebridge.conf'" | as_pg tee -a "$PGDATA_DIR/postgresql.conf" >/dev/null
}

# PIDs of live postgres processes whose working folder is this cluster's data folder
# (the postmaster and every backend chdir there); zombies do not count. The scan runs as
# the cluster's user because root without CAP_SYS_PTRACE (containers) cannot read
# /proc/PID/exe of other users' processes.
# shellcheck disable=SC2016 # expanded by the inner bash
CLUSTER_PIDS_SCAN='for p in /proc/[0-9]*; do
  { read -r comm <"$p/comm"; } 2>/dev/null || continue
  [ "$comm" = postgres ] || continue
  exe="$(readlink "$p/exe" 2>/dev/null)" || continue
  [ "$exe" = "$1" ] || continue
  cwd="$(readlink "$p/cwd" 2>/dev/null)" || continue
  [ "$cwd" = "$2" ] && echo "${p#/proc/}"
done; exit 0'
cluster_pids() {
  local data
  data="$(cd "$PGDATA_DIR" 2>/dev/null && pwd -P)" || return 0
  as_pg bash -c "$CLUSTER_PIDS_SCAN" cluster_pids "$PGBIN/postgres" "$data"
}

# PID of the running postmaster of this cluster, or nothing.
postmaster_pid() {
  local pid
  [ -f "$PGDATA_DIR/postmaster.pid" ] || return 0
  pid="$(head -n1 "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  local pids
  pids="$(cluster_pids)"
  if grep -qx "$pid" <<<"$pids"; then echo "$pid"; fi
  return 0
}

# After a kill -9 of the postmaster its backends live on until they notice; PostgreSQL
# refuses to start while they still hold the old shared memory, so wait for them.
wait_for_orphans() {
  local waited=0 pids
  pids="$(cluster_pids | tr '\n' ' ')"
  [ -n "${pids// /}" ] || return 0
  say "waiting for leftover backends of a dead server to exit (PIDs: $pids)"
  while [ -n "${pids// /}" ]; do
    if [ "$waited" -ge "$((ORPHAN_WAIT_SECONDS * 10))" ]; then
      die "leftover PostgreSQL processes of $PGDATA_DIR are still running after ${ORPHAN_WAIT_SECONDS}s (PIDs: $pids).
  Check them with 'ps -fp ${pids// /,}' and end them (kill -QUIT) before starting again."
    fi
    sleep 0.1
    waited=$((waited + 1))
    pids="$(cluster_pids | tr '\n' ' ')"
  done
}

sql_quote() { printf "'%s'" "${1//\'/\'\'}"; }

write_settings() { # port
  local fast=off
  [ "${CASEBRIDGE_PG_FAST:-0}" = 1 ] && fast=on
  local durable=on
  [ "$fast" = on ] && durable=off
  as_pg tee "$PGDATA_DIR/casebridge.conf" >/dev/null <<EOF
# Written by deploy/postgres/cluster.sh start; rewritten on every start.
listen_addresses = '127.0.0.1'
port = $1
unix_socket_directories = $(sql_quote "$SOCKET_DIR")
shared_buffers = 128MB
max_connections = 200
timezone = 'UTC'
log_timezone = 'UTC'
# CASEBRIDGE_PG_FAST=$([ "$fast" = on ] && echo 1 || echo 0): durability $([ "$fast" = on ] && echo "off (throwaway cluster)" || echo on)
fsync = $durable
synchronous_commit = $durable
full_page_writes = $durable
EOF
}

read_port() {
  [ -s "$PORT_FILE" ] || return 1
  local p
  p="$(head -n1 "$PORT_FILE")"
  [[ "$p" =~ ^[0-9]+$ ]] || return 1
  echo "$p"
}

do_start() { # port
  local port="$1" pid running_port waited
  do_init
  pid="$(postmaster_pid)"
  if [ -n "$pid" ]; then
    running_port="$(sed -n 4p "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true)"
    if [ -n "$running_port" ] && [ "$running_port" != "$port" ]; then
      die "the cluster in $ROOT is already running on port $running_port (PID $pid), not $port; stop it first"
    fi
    say "already running on 127.0.0.1:$port (PID $pid)"
  else
    wait_for_orphans
    if [ -e "$PGDATA_DIR/postmaster.pid" ]; then
      # No process of this cluster is alive: the lock file is stale (e.g. after kill -9).
      say "removing stale $PGDATA_DIR/postmaster.pid left by a server that did not shut down"
      rm -f "$PGDATA_DIR/postmaster.pid" "$SOCKET_DIR"/.s.PGSQL.*
    fi
    write_settings "$port"
    say "starting PostgreSQL on 127.0.0.1:$port (log: $LOG_FILE)"
    if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$LOG_FILE" -w -t 120 -s start >/dev/null 2>"$LOG_DIR/pg_ctl.err"; then
      cat "$LOG_DIR/pg_ctl.err" >&2 || true
      echo "---- last lines of $LOG_FILE ----" >&2
      tail -n 15 "$LOG_FILE" >&2 || true
      die "PostgreSQL did not start (is port $port already in use?)"
    fi
    rm -f "$LOG_DIR/pg_ctl.err"
  fi
  waited=0
  until "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2; do
    waited=$((waited + 1))
    [ "$waited" -lt 60 ] || die "PostgreSQL started but does not accept connections on 127.0.0.1:$port (see $LOG_FILE)"
    sleep 0.5
  done
  echo "$port" >"$PORT_FILE.tmp" && mv -f "$PORT_FILE.tmp" "$PORT_FILE"
  echo "$port"
}

do_stop() {
  local pid
  [ -f "$PGDATA_DIR/PG_VERSION" ] || { say "no cluster in $ROOT; nothing to stop"; return 0; }
  pid="$(postmaster_pid)"
  if [ -z "$pid" ]; then
    say "not running"
    return 0
  fi
  if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 120 -s stop; then
    die "PostgreSQL (PID $pid) did not stop within 120 s; see $LOG_FILE"
  fi
  say "stopped"
}

case "$cmd" in
  init)
    [ $# -eq 2 ] || usage
    take_lock
    do_init
    say "cluster ready in $PGDATA_DIR (not started)"
    ;;
  start)
    [ $# -eq 3 ] || usage
    if ! [[ "$3" =~ ^[0-9]{1,5}$ ]] || [ "$((10#$3))" -lt 1 ] || [ "$((10#$3))" -gt 65535 ]; then
      die "PORT must be a number from 1 to 65535, got '$3'"
    fi
    take_lock
    do_start "$((10#$3))"
    ;;
  stop)
    [ $# -eq 2 ] || usage
    take_lock
    do_stop
    ;;
  status)
    [ $# -eq 2 ] || usage
    pid="$(postmaster_pid)"
    if [ -n "$pid" ]; then
      sed -n 4p "$PGDATA_DIR/postmaster.pid"
      say "running (PID $pid)"
      exit 0
    fi
    say "not running"
    exit 3
    ;;
  psql)
    shift 2
    [ -r "$PW_FILE" ] || die "cannot read $PW_FILE; has the cluster been initialised (and are you its owner or root)?"
    port="$(read_port)" || die "$PORT_FILE is missing; start the cluster first: $prog start $ROOT PORT"
    [ -n "$(postmaster_pid)" ] || die "the cluster in $ROOT is not running; start it first: $prog start $ROOT $port"
    PGPASSWORD="$(head -n1 "$PW_FILE")"
    export PGPASSWORD PGHOST="$SOCKET_DIR" PGPORT="$port" PGUSER="$SUPERUSER"
    export PGDATABASE="${CASEBRIDGE_DB_NAME:-casebridge}"
    exec "$PGBIN/psql" "$@"
    ;;
  *)
    usage
    ;;
esac
