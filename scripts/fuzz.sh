#!/usr/bin/env bash
# Runs every libFuzzer target built in BUILD_DIR (make fuzz-build) for SECONDS each, seeded from
# tests/fuzz/seeds/<target>, tests/fuzz/regressions/<target> and the test inputs, keeping what it
# learns in BUILD_DIR/corpus/<target>. Prints executions per target; a crash, sanitizer report,
# timeout or memory blow-up is saved under BUILD_DIR/findings/<target>/ and fails the run.
# Usage: scripts/fuzz.sh BUILD_DIR SECONDS [RUNS [TARGET...]]   (0 = no limit; with both, the first
# reached ends it; no TARGET = every target)
set -euo pipefail
build=$(cd "$1" && pwd); seconds=$2; runs_limit=${3:-0}
shift $(( $# < 3 ? $# : 3 ))
targets=("$@")
[ ${#targets[@]} = 0 ] && targets=(model matrix smaa_replay scenarios scoresheet_xlsx cli_args)
[ "$runs_limit" = 0 ] && runs_limit=-1  # libFuzzer: -1 = no limit
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
for target in "${targets[@]}"; do
  if [ ! -x "$build/tests/fuzz/adva_fuzz_$target" ]; then
    echo "fuzz: no target '$target' in $build (known: model matrix smaa_replay scenarios scoresheet_xlsx cli_args)" >&2
    exit 2
  fi
  corpus=$build/corpus/$target; findings=$build/findings/$target; log=$build/findings/$target.log
  mkdir -p "$corpus" "$findings"
  seeds=()
  for dir in "$root/tests/fuzz/seeds/$target" "$root/tests/fuzz/regressions/$target"; do
    [ -d "$dir" ] && seeds+=("$dir")
  done
  case $target in
    model) seeds+=("$root/examples") ;;
    matrix | smaa_replay) seeds+=("$root/tests/reference") ;;
    scoresheet_xlsx) seeds+=("$root/tests/data") ;;
  esac
  # Standard input closed: a reader must never wait on it. New inputs go to the first directory.
  if "$build/tests/fuzz/adva_fuzz_$target" -max_total_time="$seconds" -runs="$runs_limit" -timeout=30 -rss_limit_mb=2048 \
       -artifact_prefix="$findings/" -print_final_stats=1 "$corpus" "${seeds[@]}" </dev/null >"$log" 2>&1; then
    result="no finding"
  else
    result="FINDING (see $log and $findings/)"
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  echo "fuzz $target: ${runs:-?} executions in $(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1) s, corpus $(find "$corpus" -type f | wc -l) inputs: $result"
done
exit $status
