#!/usr/bin/env bash
# The bulk-import benchmark (docs/benchmarks.md): streams ImportCaseFiles batches of the benchmark
# case through the real intake service over TLS, signed in, with 1, 2 and 4 concurrent streams,
# and prints cases/s per run against the target of 20,000 cases/s. Starts a throwaway durable
# PostgreSQL, the PKI, accounts and intake under build/, and removes it all, also on Ctrl-C.
#
# Environment: BENCH_SECONDS (measured seconds per run, default 20), BENCH_WARMUP (default 3),
# BENCH_STREAMS (default "1 2 4"), BENCH_BATCH (cases per batch, default 500, the most a batch
# may hold), and those of bench/lib/stack.sh: BENCH_INTAKE_FLAGS, CASEBRIDGE_BUILD_DIR,
# BENCH_KEEP=1.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
seconds="${BENCH_SECONDS:-20}"
warmup="${BENCH_WARMUP:-3}"
read -r -a streams_list <<<"${BENCH_STREAMS:-1 2 4}"
batch="${BENCH_BATCH:-500}"
target=20000

bench_init import
bench_start_stack

results=()
for s in "${streams_list[@]}"; do
  measure_loadgen "import-$s" import --callers "$s" --batch "$batch" --warmup "$warmup" \
    --duration "$seconds" --tag "s$s"
  results+=("$s $(field cases) $(field 'cases/s') $(field p50_ms) $(field p99_ms) $(field max_ms) $(field errors)")
  say "  case_files now holds $(pg_admin -c "SELECT count(*) FROM intake.case_files") rows, the database $(pg_admin -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
done

echo
say "import benchmark: batches of $batch cases, ${seconds}s measured per run after ${warmup}s warm-up; intake ${intake_flags[*]:-with default flags}; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
row() { printf '%-7s | %-9s | %-9s | %-12s | %-23s | %s\n' "$@"; }
row streams "cases" "cases/s" "of $target" "batch p50/p99/max ms" "failed batches"
best=0
for r in "${results[@]}"; do
  read -r s cases cps p50 p99 max errs <<<"$r"
  row "$s" "$cases" "$cps" "$(awk -v a="$cps" -v t="$target" 'BEGIN{printf "%.0f%%", 100 * a / t}')" \
    "$p50/$p99/$max" "$errs"
  best="$(awk -v a="$cps" -v b="$best" 'BEGIN{print (a > b) ? a : b}')"
done
echo
say "target (>= $target cases/s): $(awk -v a="$best" -v t="$target" 'BEGIN{print (a >= t) ? "met" : "NOT met"}') — best $best cases/s"
bench_done
