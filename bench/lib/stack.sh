# Sourced by bench/filing.sh, bench/import.sh and bench/referral.sh: a throwaway durable
# PostgreSQL, the PKI, accounts and intake in one folder under build/, an agency with two officers,
# on request the referral service with a head and a police organisation (bench_start_referral),
# CPU accounting per process group, and a cleanup that removes it all on exit, error, Ctrl-C or
# TERM.
#
# Environment: CASEBRIDGE_BUILD_DIR (default build/), BENCH_INTAKE_FLAGS (extra intake flags, e.g.
# "--db_pool_size=8"), BENCH_REFERRAL_FLAGS (extra referral flags), BENCH_KEEP=1 keeps the folder
# (with the cluster stopped).

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${CASEBRIDGE_BUILD_DIR:-$here/build}"
PGBIN="${CASEBRIDGE_PGBIN:-/usr/lib/postgresql/15/bin}"
read -r -a intake_flags <<<"${BENCH_INTAKE_FLAGS:-}"
read -r -a referral_flags <<<"${BENCH_REFERRAL_FLAGS:-}"
unset CASEBRIDGE_PG_FAST # durable, like production: fsync and synchronous_commit on
bench_binaries=(services/intake/casebridge-intake services/accounts/casebridge-accounts
  clients/cbctl/cbctl clients/loadgen/casebridge-loadgen)

say() { echo "[$(date +%H:%M:%S)] $*"; }
die() { echo "$(basename "$0"): error: $*" >&2; exit 1; }

# Creates the folder and the traps. Everything started later is stopped by bench_cleanup.
bench_init() { # name
  local f
  for f in "${bench_binaries[@]}"; do
    [ -x "$build/$f" ] || die "$build/$f is missing; build it first:
  cmake --build $build -j2 --target$(for b in "${bench_binaries[@]}"; do printf ' %s' "${b##*/}"; done)"
  done
  [ -x "$PGBIN/pgbench" ] || die "pgbench not found in $PGBIN"
  work="$(mktemp -d "$build/bench-$1.XXXXXX")"
  pids=()
  child=""
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$work/bin" "$work/log" "$work/run"
  # Copies of the binaries, so a colleague's rebuild in build/ cannot swap them mid-run.
  for f in "${bench_binaries[@]}"; do cp "$build/$f" "$work/bin/"; done
  bin="$work/bin"
  started=$(date +%s)
}

bench_cleanup() {
  trap - EXIT INT TERM
  set +e # stop and remove everything, whatever fails on the way
  [ -n "${child:-}" ] && kill -TERM "$child" 2>/dev/null
  # The sampler's loop ends at the stop file, and its psql at the end of its input; waiting on
  # the sampler waits for the whole pipeline.
  [ -n "${work:-}" ] && [ -d "$work/run" ] && touch "$work/run/waits.stop"
  [ -n "${sampler_pid:-}" ] && kill -TERM "$sampler_pid" 2>/dev/null
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}" ${child:+"$child"} ${sampler_pid:+"$sampler_pid"}; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "${work:-}" ] && [ -d "$work" ]; then
    "$here/deploy/postgres/cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
      echo "kept $work"
    else
      rm -rf -- "$work"
    fi
  fi
}

# Runs a command in the background and waits for it, so that a TERM or Ctrl-C reaches the traps at
# once (bash runs traps only between commands) and the cleanup stops the command too.
run_child() { # command...; its status is returned
  local status=0
  "$@" &
  child=$!
  wait "$child" || status=$?
  child=""
  return "$status"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

pg_admin() { # psql as the superuser, without cluster.sh's process scan (seconds on a busy machine)
  PGPASSWORD="$(head -n1 "$work/pg/superuser.password")" "$PGBIN/psql" -h 127.0.0.1 -p "$pg_port" \
    -U casebridge_admin -d casebridge -XAtq "$@"
}

bench_start_pg() {
  say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/{printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  say "starting a throwaway durable PostgreSQL in $work/pg ..."
  pg_port="$(free_port)"
  "$here/deploy/postgres/cluster.sh" start "$work/pg" "$pg_port" >/dev/null 2>"$work/log/cluster.log" \
    || { cat "$work/log/cluster.log" >&2; die "PostgreSQL did not start"; }
  "$here/deploy/postgres/bootstrap.sh" "$work/pg" "$work/secrets" >/dev/null
  say "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port: $(pg_admin -c \
    "SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY name) FROM pg_settings
      WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers',
                     'wal_sync_method', 'max_connections', 'commit_delay')")"
  db_url="$(cat "$work/secrets/db-intake.url")"
}

declare -A port_of pid_of
start_service() { # name flags...; sets port_of[name] and pid_of[name]
  local name="$1" pid
  shift
  "$bin/casebridge-$name" --listen=127.0.0.1:0 --port_file="$work/run/$name.port" \
    --tls_cert="$work/pki/$name.crt" --tls_key="$work/pki/$name.key" --tls_ca="$work/pki/ca.crt" \
    --database_url_file="$work/secrets/db-$name.url" "$@" >>"$work/log/$name.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  pid_of[$name]=$pid
  for _ in $(seq 1 600); do
    if [ -s "$work/run/$name.port" ]; then
      port_of[$name]="$(cat "$work/run/$name.port")"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  tail -20 "$work/log/$name.log" >&2
  die "casebridge-$name did not start"
}

# PostgreSQL, the PKI, accounts, intake, agency nt-amr (320600) and officers nt.officer(2).
bench_start_stack() {
  bench_start_pg
  "$here/deploy/pki.sh" "$work/pki" >/dev/null
  (umask 077; openssl rand -hex 12 >"$work/secrets/admin.password"
    openssl rand -hex 12 >"$work/secrets/officer.password")
  say "starting accounts and intake ..."
  start_service accounts --token_signing_key="$work/pki/token-signing.key" \
    --bootstrap_admin_password_file="$work/secrets/admin.password"
  start_service intake --accounts_endpoint="127.0.0.1:${port_of[accounts]}" \
    ${intake_flags[@]+"${intake_flags[@]}"}
  say "accounts 127.0.0.1:${port_of[accounts]}, intake 127.0.0.1:${port_of[intake]} ${intake_flags[*]:-(default flags)}"
  say "intake defaults: $("$bin/casebridge-intake" --help | awk '/^  --/{name = substr($1, 3)}
    /\[default:/ && name ~ /^(db_pool_size|worker_threads|max_queued_calls)$/ {
      match($0, /\[default: [^]]*\]/); printf "%s%s=%s", sep, name, substr($0, RSTART + 10, RLENGTH - 11); sep = " "}')"
  export CBCTL_CONFIG="$work/run/cbctl.json"
  local cbctl=("$bin/cbctl")
  "${cbctl[@]}" login --endpoint "127.0.0.1:${port_of[accounts]}" --ca-file "$work/pki/ca.crt" \
    --user admin --password-stdin <"$work/secrets/admin.password" >/dev/null
  "${cbctl[@]}" org add --id nt-amr --name 南通市市场监督管理局 --kind agency --region 320600 \
    --domain market-regulation >/dev/null
  for u in nt.officer nt.officer2; do
    "${cbctl[@]}" user add --id "$u" --name "张伟" --org nt-amr --role officer --password-stdin \
      <"$work/secrets/officer.password" >/dev/null
  done
  say "agency nt-amr (320600) with officers nt.officer and nt.officer2"
}

# After bench_start_stack, with services/referral/casebridge-referral added to bench_binaries
# before bench_init: the referral service, the agency head nt.head, and the police organisation
# nt-psb (320600) with the receiver nt.receiver and the investigator nt.investigator, all with the
# officers' password.
bench_start_referral() {
  say "starting referral ..."
  start_service referral --accounts_endpoint="127.0.0.1:${port_of[accounts]}" \
    --intake_endpoint="127.0.0.1:${port_of[intake]}" ${referral_flags[@]+"${referral_flags[@]}"}
  cpu_services+=(referral)
  say "referral 127.0.0.1:${port_of[referral]} ${referral_flags[*]:-(default flags)}"
  local cbctl=("$bin/cbctl")
  "${cbctl[@]}" org add --id nt-psb --name 南通市公安局 --kind police --region 320600 >/dev/null
  local u
  for u in "nt.head nt-amr agency-head" "nt.receiver nt-psb police-receiver" \
    "nt.investigator nt-psb police-investigator"; do
    set -- $u
    "${cbctl[@]}" user add --id "$1" --name "王建国" --org "$2" --role "$3" --password-stdin \
      <"$work/secrets/officer.password" >/dev/null
  done
  say "head nt.head; police nt-psb (320600) with receiver nt.receiver and investigator nt.investigator"
}

# casebridge-loadgen against this stack, signed in as nt.officer over TLS (through run_child).
loadgen() { # file|import options...
  local mode="$1"
  shift
  run_child "$bin/casebridge-loadgen" "$mode" --endpoint "127.0.0.1:${port_of[intake]}" \
    --accounts-endpoint "127.0.0.1:${port_of[accounts]}" --ca-file "$work/pki/ca.crt" \
    --user nt.officer --password-file "$work/secrets/officer.password" \
    --case-file "$here/bench/cases/filing.json" "$@"
}

# One measured casebridge-loadgen run after a checkpoint, with the database's waits and everyone's
# CPU alongside; sets `line` to its result line, and field NAME reads a value from it.
measure_loadgen() { # name mode options...
  local name="$1"
  shift
  say "service: casebridge-loadgen $*"
  pg_admin -c CHECKPOINT
  cpu_mark
  waits_start
  loadgen "$@" >"$work/log/$name.out" 2>"$work/log/$name.err" || true
  waits_stop
  say "  database backends: $waits"
  say "  $(cpu_report)"
  line="$(cat "$work/log/$name.out")"
  [ -n "$line" ] || { cat "$work/log/$name.err" >&2; die "casebridge-loadgen printed nothing"; }
  say "  $line"
  grep -v '^casebridge-loadgen: warm-up' "$work/log/$name.err" >&2 || true
}
field() { sed -n "s|.* $1=\([^ ]*\).*|\1|p" <<<" $line"; }

# ---- the statements the services send, for a ceiling taken from them -----------------------
# Logs every statement with its backend and application until statement_log_off; sets pg_log to
# the log and log_from to where this part of it starts.
statement_log_on() {
  pg_log="$work/pg/log/postgres.log"
  pg_admin -c "ALTER SYSTEM SET log_statement = 'all'" \
    -c "ALTER SYSTEM SET log_line_prefix = '%m [%p] app=%a '" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 0.5 # the postmaster passes the reload on to the backends
  log_from=$(stat -c %s "$pg_log")
}
statement_log_off() {
  pg_admin -c "ALTER SYSTEM RESET log_statement" -c "ALTER SYSTEM RESET log_line_prefix" \
    -c "SELECT pg_reload_conf()" >/dev/null
}

# ---- CPU accounting: who used the machine's CPUs during a run --------------------------------
# /proc/stat: busy and total jiffies of the whole machine.
machine_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat; }
# A process's own CPU plus that of its children it has waited for (fields 14-17).
tree_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# PostgreSQL: the postmaster (which reaps every backend, so ended connections count there) and
# the backends alive now.
pg_ticks() {
  local pm
  pm="$(head -n1 "$work/pg/pgdata/postmaster.pid")"
  { tree_ticks "$pm"; for p in $(pgrep -P "$pm"); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done; } \
    | awk '{s += $1} END{print s + 0}'
}
cpu_services=(intake) # the services whose CPU is shown, each on its own
cpu_ticks() { # machine busy, machine total, postgres, each of cpu_services, this script and its children
  local s
  echo "$(machine_ticks) $(pg_ticks) $(for s in "${cpu_services[@]}"; do tree_ticks "${pid_of[$s]}"; done) $(tree_ticks $$)"
}
cpu_mark() { cpu_at="$(cpu_ticks)"; }
# Prints the cores each used since cpu_mark: postgres, the services, load (pgbench or
# casebridge-loadgen, counted once they have exited) and everything else on the machine (other
# users' work).
cpu_report() {
  awk -v a="$cpu_at" -v b="$(cpu_ticks)" -v n="$(nproc)" -v names="${cpu_services[*]}" 'BEGIN{
    split(a, x, " "); k = split(b, y, " "); m = split(names, name, " ");
    total = y[2] - x[2]; if (total <= 0) exit; secs = total / n / 100;
    busy = n * (y[1] - x[1]) / total; other = busy;
    out = sprintf("CPU in cores of %d: postgres %.2f", n, (y[3] - x[3]) / 100 / secs);
    other -= (y[3] - x[3]) / 100 / secs;
    for (i = 1; i <= m; i++) {
      c = (y[3 + i] - x[3 + i]) / 100 / secs; other -= c; out = out sprintf(", %s %.2f", name[i], c) }
    load = (y[k] - x[k]) / 100 / secs; other -= load; if (other < 0) other = 0;
    printf "%s, load generator %.2f, other processes %.2f (machine %d%% busy)", out, load, other, 100 * busy / n}'
}

# ---- what the database's busy backends wait for ----------------------------------------------
# Sampled every 0.2 s while load runs: the share of samples per wait event (CPU = running).
waits_start() {
  rm -f "$work/run/waits.stop"
  local script_pid=$$
  # Also ends when this script is gone, whatever killed it.
  while [ ! -e "$work/run/waits.stop" ] && kill -0 "$script_pid" 2>/dev/null; do
    echo "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') FROM pg_stat_activity
           WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid();"
    sleep 0.2
  done | pg_admin >"$work/log/waits" 2>/dev/null &
  sampler_pid=$!
}
waits_stop() { # sets waits to the summary
  touch "$work/run/waits.stop"
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=""
  waits="$(sort "$work/log/waits" | uniq -c | sort -rn | awk '{n[NR]=$1; w[NR]=$2; t+=$1}
    END{if (t == 0) {print "none active"; exit}
        for(i=1;i<=NR&&i<=4;i++) printf "%s%s %d%%", (i>1?", ":""), w[i], 100*n[i]/t}')"
}

bench_done() {
  say "done in $(($(date +%s) - started)) s; load average now $(cut -d' ' -f1-3 /proc/loadavg); removing $work"
}
