#!/usr/bin/env bash
# The referral lifecycle benchmark (docs/benchmarks.md): casebridge-loadgen takes referrals from
# filing to 立案 through the real intake and referral services over TLS, each act by its own
# signed-in user, at 32 concurrent callers, next to the ceiling measured in the same run and on the
# same database: the SQL one lifecycle executes, taken from the PostgreSQL statement log of a
# sample lifecycle through the services (bench/lib/sample_lifecycle.py), run by pgbench at as many
# connections as callers. Starts a throwaway durable PostgreSQL, the PKI, accounts, intake and
# referral under build/, and removes it all, also on Ctrl-C.
#
# Environment: BENCH_SECONDS (measured seconds per run, default 20), BENCH_WARMUP (default 10),
# BENCH_CALLERS (default "32"), BENCH_CEILING_CLIENTS (pgbench client counts shown beside the
# ceiling at as many connections as callers, default "4"; "" for none), and those of bench/lib/stack.sh: BENCH_INTAKE_FLAGS,
# BENCH_REFERRAL_FLAGS, CASEBRIDGE_BUILD_DIR, BENCH_KEEP=1.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
seconds="${BENCH_SECONDS:-20}"
# A lifecycle takes seconds under load, so the warm-up is longer than filing.sh's: it must fill
# the pipeline (every caller well into its first lifecycle) before the window opens.
warmup="${BENCH_WARMUP:-10}"
read -r -a callers_list <<<"${BENCH_CALLERS:-32}"
# Also shown: pgbench at fewer connections, since the hot head rows make this SQL slower with more
# (docs/benchmarks.md, Filing) while the services may use fewer (their pools).
read -r -a fewer_clients <<<"${BENCH_CEILING_CLIENTS-4}"
bench_binaries+=(services/referral/casebridge-referral)

bench_init referral
bench_start_stack
bench_start_referral
lifecycle=(--referral-endpoint "127.0.0.1:${port_of[referral]}" --second-officer nt.officer2
  --head-user nt.head --receiver-user nt.receiver --investigator-user nt.investigator
  --police-org nt-psb)

# ---- one real lifecycle, logged, to write the ceiling's script --------------------------------
say "taking two referrals from filing to 立案 with statement logging, for the ceiling's script ..."
statement_log_on
loadgen referral "${lifecycle[@]}" --callers 1 --requests 1 --warmup 0 --tag sample \
  >"$work/log/sample.out" 2>"$work/log/sample.err" \
  || { cat "$work/log/sample.out" "$work/log/sample.err" >&2; die "the sample lifecycle failed"; }
sleep 2 # the referral service reports each act to intake in the background
statement_log_off
while read -r l; do say "  one caller: $l"; done <"$work/log/sample.out"
case_id="$(pg_admin -c "SELECT id FROM intake.case_files WHERE case_number LIKE '%-sample-0-0号'")"
referral_id="$(pg_admin -c "SELECT id FROM referral.referrals WHERE case_file_id = '$case_id'")"
[ -n "$case_id" ] && [ -n "$referral_id" ] || die "the sample lifecycle is not in the database"
# What must differ per lifecycle: ids of the case, the referral and its documents, the request ids
# and case number (all holding sample-0-0), and the request ids of the referral's reports to intake.
vary=(--must-vary sample-0-0 --must-vary "$case_id" --must-vary "$referral_id")
while read -r v; do vary+=(--must-vary "$v"); done < <(pg_admin -c "
  SELECT document_id FROM referral.referral_documents WHERE referral_id = '$referral_id'
  UNION ALL SELECT 'referral-event-' || sequence FROM referral.referral_events
  WHERE referral_id = '$referral_id'")
# The check lifecycle before it reports to intake in the background while the sample runs: left out.
check_case="$(pg_admin -c "SELECT id FROM intake.case_files WHERE case_number LIKE '%-sample-check-0号'")"
check_referral="$(pg_admin -c "SELECT id FROM referral.referrals WHERE case_file_id = '$check_case'")"
exclude=(--exclude "$check_case" --exclude "$check_referral")
while read -r v; do exclude+=(--exclude "$v"); done < <(pg_admin -c "
  SELECT 'referral-event-' || sequence FROM referral.referral_events
  WHERE referral_id = '$check_referral'")
script="$work/run/referral.sql"
# The reporter's cursor transactions are left out too: the sample, one act at a time, shows one per
# event, while under load the reporter takes up to 100 events per transaction.
python3 "$here/bench/lib/sample_lifecycle.py" --log "$pg_log" --offset "$log_from" \
  --marker sample-0-0 "${vary[@]}" "${exclude[@]}" --skip-sql 'intake_status_cursor' \
  --out "$script" 2>"$work/log/sample_lifecycle.err" \
  || { cat "$work/log/sample_lifecycle.err" >&2; die "could not write the ceiling's script"; }
say "one lifecycle's SQL: $(cat "$work/log/sample_lifecycle.err")"
say "sample referral: $(pg_admin -c "SELECT format('body %s B, %s documents of %s B, %s events',
    octet_length(r.body), (SELECT count(*) FROM referral.referral_document_contents d
      WHERE d.referral_id = r.id), (SELECT sum(octet_length(content))
      FROM referral.referral_document_contents d WHERE d.referral_id = r.id),
    (SELECT count(*) FROM referral.referral_events e WHERE e.referral_id = r.id))
  FROM referral.referrals r WHERE r.id = '$referral_id'")"

# ---- the ceiling: pgbench at C connections -----------------------------------------------------
# One pgbench run of warm-up plus measured seconds, as the superuser (the script spans intake's,
# referral's and accounts' schemas); like the service's, its rate counts the lifecycles that
# ended inside the measured window, from pgbench's per-transaction log (completion time in
# fields 5-6, latency in microseconds in field 3).
run=0
declare -A ceiling_tps ceiling_lat
ceiling() { # clients
  local c="$1" t0
  run=$((run + 1))
  say "ceiling: pgbench -c $c running one lifecycle's SQL per transaction, ${warmup}s warm-up, then ${seconds}s measured ..."
  pg_admin -c CHECKPOINT
  cpu_mark
  waits_start
  t0="$(date +%s.%N)"
  PGPASSWORD="$(head -n1 "$work/pg/superuser.password")" run_child "$PGBIN/pgbench" -n \
    -M extended -h 127.0.0.1 -p "$pg_port" -U casebridge_admin -c "$c" -j "$c" \
    -T "$((warmup + seconds))" -f "$script" -D "run=$run" -D n=0 -l --log-prefix="$work/run/pgb" \
    casebridge >"$work/log/pgbench.out" 2>&1 || { tail -20 "$work/log/pgbench.out" >&2; die "pgbench failed"; }
  waits_stop
  ! grep -q 'aborted\|ERROR' "$work/log/pgbench.out" \
    || { grep -m5 'aborted\|ERROR' "$work/log/pgbench.out" >&2; die "pgbench's lifecycles failed"; }
  say "  database backends: $waits"
  say "  $(cpu_report)"
  read -r ceiling_tps[$c] ceiling_lat[$c] < <(cat "$work/run/pgb".* | awk -v from="$t0" -v w="$warmup" -v s="$seconds" '
    {end = $5 + $6 / 1e6 - from; if (end >= w && end < w + s) print $3}' | sort -n | awk -v s="$seconds" '
    {v[NR] = $1} END{if (NR == 0) {print "0 -/-"; exit}
      printf "%.2f %.1f/%.1f\n", NR / s, v[int(0.5 * NR + 0.999)] / 1000, v[int(0.99 * NR + 0.999)] / 1000}')
  rm -f "$work/run/pgb".*
  say "  pgbench -c $c: ${ceiling_tps[$c]} lifecycles/s ended in the window, p50/p99 ${ceiling_lat[$c]} ms; pgbench's own figure over its whole run: $(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "$work/log/pgbench.out") tx/s"
}

# ---- the service -------------------------------------------------------------------------------
results=()
for c in "${callers_list[@]}"; do
  ceiling "$c"
  for k in "${fewer_clients[@]}"; do [ -n "${ceiling_tps[$k]:-}" ] || ceiling "$k"; done
  # A transfer renders two PDFs; at 32 callers on two cores one can wait longer than the default
  # 10 s, which would count it as an error rather than show how long it took.
  measure_loadgen "referral-$c" referral "${lifecycle[@]}" --callers "$c" --warmup "$warmup" \
    --duration "$seconds" --deadline 120 --tag "c$c"
  line="$(head -n1 <<<"$line")"
  say "  lifecycles ended inside the ${seconds}s window: $(field completed) ($(field 'completed/s')/s); started inside it: $(field lifecycles) ($(field 'lifecycles/s')/s over the window and its tail)"
  acts="$(sed -n 's/^act=\([^ ]*\) calls=[0-9]* p50_ms=\([^ ]*\) p99_ms=\([^ ]*\) max_ms=\([^ ]*\)$/\1:\2\/\3\/\4/p' \
    "$work/log/referral-$c.out" | tr '\n' ' ')"
  results+=("$c ${ceiling_tps[$c]} ${ceiling_lat[$c]} $(field 'completed/s') $(field p50_ms)/$(field p99_ms)/$(field max_ms) $(field errors) $acts")
done

# ---- the tables --------------------------------------------------------------------------------
echo
say "referral lifecycle benchmark: ${seconds}s measured per run after ${warmup}s warm-up; intake ${intake_flags[*]:-with default flags}, referral ${referral_flags[*]:-with default flags}; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
row() { printf '%-7s | %-11s | %-15s | %-12s | %-11s | %-22s | %s\n' "$@"; }
row callers "ceiling" "ceiling" "service" "service /" "service" "service"
row "C" "lifecycles/s" "p50/p99 ms" "lifecycles/s" "ceiling" "p50/p99/max ms" "errors"
for r in "${results[@]}"; do
  read -r c tps lat lps slat errs _ <<<"$r"
  row "$c" "$(printf '%.1f' "$tps")" "$lat" "$lps" \
    "$(awk -v a="$lps" -v b="$tps" 'BEGIN{printf "%.0f%%", (b > 0 ? 100 * a / b : 0)}')" "$slat" "$errs"
  ratio_line="at $c callers the service completed $lps lifecycles/s, $(awk -v a="$lps" -v b="$tps" 'BEGIN{printf "%.2f", (b > 0 ? a / b : 0)}') of the ceiling ($tps lifecycles/s of its SQL alone)"
done
say "$ratio_line"
for k in "${fewer_clients[@]}"; do
  say "pgbench -c $k (fewer connections): ${ceiling_tps[$k]} lifecycles/s, p50/p99 ${ceiling_lat[$k]} ms"
done
for r in "${results[@]}"; do
  read -r c _ _ _ _ _ acts <<<"$r"
  echo
  say "per act at $c callers (ms, every act of the measured lifecycles):"
  printf '%-16s | %s\n' act "p50/p99/max ms"
  for a in $acts; do printf '%-16s | %s\n' "${a%%:*}" "${a#*:}"; done
done
echo
bench_done
