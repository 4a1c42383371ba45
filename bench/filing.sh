#!/usr/bin/env bash
# The filing benchmark (docs/benchmarks.md): files cases through the real intake service over TLS,
# signed in, at 8, 32 and 64 concurrent callers, next to the ceiling measured in the same run and
# on the same database: the SQL one filing executes (bench/pgbench/filing.sql, checked against the
# service's own statements and fed its real parameter values), run by pgbench at the same and at
# fewer connections. Starts a throwaway durable PostgreSQL, the PKI, accounts and intake under
# build/, and removes it all, also on Ctrl-C.
#
# Environment: BENCH_SECONDS (measured seconds per run, default 20), BENCH_WARMUP (default 3),
# BENCH_CALLERS (default "8 32 64"), BENCH_CEILING_CLIENTS (pgbench client counts tried for the
# best ceiling at or below each caller count, default "2 4 8 16 32 64"), BENCH_TARGET_CALLERS
# (default 32), and those of bench/lib/stack.sh: BENCH_INTAKE_FLAGS, CASEBRIDGE_BUILD_DIR,
# BENCH_KEEP=1.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
seconds="${BENCH_SECONDS:-20}"
warmup="${BENCH_WARMUP:-3}"
read -r -a callers_list <<<"${BENCH_CALLERS:-8 32 64}"
read -r -a ceiling_clients <<<"${BENCH_CEILING_CLIENTS:-2 4 8 16 32 64}"
target_callers="${BENCH_TARGET_CALLERS:-32}"
script="$here/bench/pgbench/filing.sql"

bench_init filing
bench_start_stack

# ---- one real filing, logged, to check filing.sql and take its parameter values ---------------
say "filing two cases through the service with statement logging, to check filing.sql ..."
pg_log="$work/pg/log/postgres.log"
pg_admin -c "ALTER SYSTEM SET log_statement = 'all'" \
  -c "ALTER SYSTEM SET log_line_prefix = '%m [%p] app=%a '" -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.5 # the postmaster passes the reload on to the backends
log_from=$(stat -c %s "$pg_log")
loadgen file --callers 1 --requests 1 --warmup 0 --tag sample >/dev/null 2>"$work/log/sample.err" \
  || { cat "$work/log/sample.err" >&2; die "the sample filing failed"; }
pg_admin -c "ALTER SYSTEM RESET log_statement" -c "ALTER SYSTEM RESET log_line_prefix" \
  -c "SELECT pg_reload_conf()" >/dev/null
sample_id="$(pg_admin -c "SELECT id FROM intake.case_files WHERE case_number LIKE '%-sample-0-0%'")"
[ -n "$sample_id" ] || die "the sample case is not in the database"
mapfile -d '' pg_vars < <(python3 "$here/bench/lib/sample_filing.py" --log "$pg_log" \
  --offset "$log_from" --script "$script" --marker "sample-0-0" --first-marker "sample-check-0" \
  --must-vary "sample-0-0" --must-vary "$sample_id" 2>"$work/log/sample_filing.err") || true
[ "${#pg_vars[@]}" -gt 0 ] || { cat "$work/log/sample_filing.err" >&2; die "update $script to the statements above"; }
say "filing.sql is the service's filing: $(cat "$work/log/sample_filing.err")"
# With BENCH_KEEP=1 the ceiling can be rerun by hand afterwards: cluster.sh start the kept pg/ on
# its old port, source run/pgbench-args.sh, then pgbench -n -M extended -f filing.sql -D run=99
# -D n=0 "${pg_vars[@]}" "$db_url".
if [ "${BENCH_KEEP:-0}" = 1 ]; then declare -p pg_vars db_url pg_port >"$work/run/pgbench-args.sh"; fi
say "sample case: $(pg_admin -c "SELECT format('body %s B, event %s B, response %s B',
    octet_length(c.body), octet_length(e.event), octet_length(r.response))
  FROM intake.case_files c JOIN intake.case_events e ON e.case_file_id = c.id
  JOIN intake.request_log r ON r.request_id = 'loadgen-sample-0-0' WHERE c.id = '$sample_id'")"

# ---- the ceiling: pgbench at C connections, remembered per C ----------------------------------
declare -A ceiling_tps ceiling_lat
run=0
pgbench_run() { # clients seconds run-number log-prefix
  run_child "$PGBIN/pgbench" -n -M extended -c "$1" -j "$1" -T "$2" -f "$script" -D "run=$3" -D n=0 \
    -l --log-prefix="$4" "${pg_vars[@]}" "$db_url" >"$work/log/pgbench.out" 2>&1
}
percentiles() { # prefix: "p50 p99" in ms of the per-transaction latencies pgbench logged
  cat "$1".* | awk '{print $3}' | sort -n | awk '{v[NR]=$1}
    END{if (NR == 0) {print "- -"; exit}
        i = int(0.5 * NR + 0.999); j = int(0.99 * NR + 0.999);
        printf "%.1f %.1f\n", v[i] / 1000, v[j] / 1000}'
}
ceiling() { # clients
  local c="$1" tps failed
  [ -n "${ceiling_tps[$c]:-}" ] && return 0
  run=$((run + 2))
  say "ceiling: pgbench -c $c, warm-up ${warmup}s, then ${seconds}s measured ..."
  if [ "$warmup" != 0 ]; then
    pgbench_run "$c" "$warmup" "$((run - 1))" "$work/run/warm" \
      || { cat "$work/log/pgbench.out" >&2; die "pgbench warm-up failed"; }
  fi
  rm -f "$work/run/warm".*
  pg_admin -c CHECKPOINT
  cpu_mark
  waits_start
  pgbench_run "$c" "$seconds" "$run" "$work/run/pgb$run" \
    || { cat "$work/log/pgbench.out" >&2; die "pgbench failed"; }
  waits_stop
  say "  database backends: $waits"
  say "  $(cpu_report)"
  tps="$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' "$work/log/pgbench.out")"
  failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$work/log/pgbench.out")"
  [ -n "$tps" ] || { cat "$work/log/pgbench.out" >&2; die "could not read pgbench's tps"; }
  ceiling_tps[$c]="$tps"
  ceiling_lat[$c]="$(percentiles "$work/run/pgb$run")"
  rm -f "$work/run/pgb$run".*
  read -r p50 p99 <<<"${ceiling_lat[$c]}"
  say "  pgbench -c $c: $tps tx/s, p50 $p50 ms, p99 $p99 ms, failed ${failed:-0}"
}

# ---- the service -----------------------------------------------------------------------------
results=()
for c in "${callers_list[@]}"; do
  # The ceiling at C callers is shown twice: pgbench -c C, the issue's ceiling, and the most this
  # SQL commits with at most C connections, because the hot audit and event head rows make more
  # connections slower and the service is free to use fewer (it has db_pool_size).
  best_c=""
  for k in "${ceiling_clients[@]}" "$c"; do
    [ "$k" -le "$c" ] || continue
    ceiling "$k"
    if [ -z "$best_c" ] \
      || awk -v a="${ceiling_tps[$k]}" -v b="${ceiling_tps[$best_c]}" 'BEGIN{exit !(a > b)}'; then
      best_c="$k"
    fi
  done

  measure_loadgen "file-$c" file --callers "$c" --warmup "$warmup" --duration "$seconds" --tag "c$c"
  results+=("$c ${ceiling_tps[$c]} ${ceiling_lat[$c]} $best_c ${ceiling_tps[$best_c]} $(field 'cases/s') $(field p50_ms) $(field p99_ms) $(field max_ms) $(field errors)")
done

# ---- the table ---------------------------------------------------------------------------------
percent() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.0f%%", (b > 0 ? 100 * a / b : 0)}'; }
echo
say "filing benchmark: ${seconds}s measured per run after ${warmup}s warm-up; intake ${intake_flags[*]:-with default flags}; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
row() { printf '%-7s | %-9s | %-13s | %-16s | %-9s | %-12s | %-9s | %-21s | %s\n' "$@"; }
row callers "pgbench" "pgbench" "best pgbench" "service" "service /" "service /" "service" "service"
row "C" "-c C tx/s" "p50/p99 ms" "<= C tx/s (-c)" "cases/s" "pgbench -c C" "best" "p50/p99/max ms" "errors"
verdict=""
for r in "${results[@]}"; do
  read -r c tps p50 p99 best_c best cps sp50 sp99 smax errs <<<"$r"
  row "$c" "$(printf '%.1f' "$tps")" "$p50/$p99" "$(printf '%.1f (%s)' "$best" "$best_c")" "$cps" \
    "$(percent "$cps" "$tps")" "$(percent "$cps" "$best")" "$sp50/$sp99/$smax" "$errs"
  if [ "$c" = "$target_callers" ]; then
    met=$(awk -v a="$cps" -v b="$tps" -v p="$sp99" -v e="$errs" \
      'BEGIN{print (b > 0 && a >= 0.7 * b && p <= 50 && e == 0) ? "met" : "NOT met"}')
    verdict="target at $c callers (>= 70 % of pgbench -c $c, p99 <= 50 ms, no errors): $met — $(percent "$cps" "$tps") of pgbench -c $c, $(percent "$cps" "$best") of the best pgbench at <= $c connections, p99 $sp99 ms"
  fi
done
echo
[ -n "$verdict" ] && say "$verdict"
bench_done
