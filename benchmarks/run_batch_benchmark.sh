#!/usr/bin/env bash
# The batch benchmark: 10^6 generated weight scenarios (the ranking alone, /0, and with value for money,
# /1) and 70 000 cost scenarios on the default model, JSONL output.
# Reports scenarios/s on 1 and 2 threads, and the peak RSS of separate processes for 10^5 and 10^6
# scenarios (/usr/bin/time -v when present, else the benchmark's getrusage counter): flat memory
# means the two are about equal. Usage: benchmarks/run_batch_benchmark.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
bench="$build/benchmarks/adva_bench_batch"
[ -x "$bench" ] || { echo "build $bench first (cmake -DADVA_BUILD_BENCHMARKS=ON; --target adva_bench_batch)" >&2; exit 2; }
for filter in 'batch_weight_grid/1/5/0' 'batch_weight_grid/1/6/0' 'batch_weight_grid/2/6/0' 'batch_weight_grid/2/5/1' \
              'batch_weight_grid/2/6/1' 'batch_cost_grid/1' 'batch_cost_grid/2'; do
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$bench" --benchmark_filter="^${filter}/" 2> /tmp/adva_batch_time.txt | grep -E "^batch" || true
    grep -E "Maximum resident" /tmp/adva_batch_time.txt | sed "s|^|  $filter: |"
  else
    "$bench" --benchmark_filter="^${filter}/" | grep -E "^batch"
  fi
done
