#!/usr/bin/env bash
# Builds adva_bench_smaa, then times it and the numpy SMAA-2 (benchmarks/smaa_numpy.py) on the same
# problem in the same run, and prints the ratio. Usage: benchmarks/run_smaa_comparison.sh [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../build-bench}"
cmake -S "$here/.." -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DADVA_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build" --target adva_bench_smaa >/dev/null
python3 -c "import numpy" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check numpy
adva_json="$(mktemp)"
trap 'rm -f "$adva_json"' EXIT
"$build/benchmarks/adva_bench_smaa" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out="$adva_json" --benchmark_out_format=json
numpy_ms="$(python3 "$here/smaa_numpy.py" --repeat 3 | tee /dev/stderr | awk '/^numpy_ms/ {print $2}')"
python3 - "$adva_json" "$numpy_ms" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
numpy_ms = float(sys.argv[2])
for b in data["benchmarks"]:
    if b.get("aggregate_name") != "median":
        continue
    ms = b["real_time"] if b["time_unit"] == "ms" else b["real_time"] / 1e6
    print(f"{b['run_name']}: {ms:.1f} ms (median)  numpy {numpy_ms:.1f} ms  ratio {numpy_ms / ms:.1f}x")
PY
