"""adva.batch.run on the installed package: the two layouts of its DataFrame, side by side.

A 6-axis weight grid of 10 steps per axis (10^6 scenarios) on the embedded model, with and without
the value-for-money fields, run by ``adva.batch.run(..., layout="lines")`` and ``layout="flat"``.
Each run is a fresh process (peak RSS is the process's), the layouts alternate, and every case is
run ``--rounds`` times. Prints seconds, scenarios per second, peak RSS and the flat layout's speed-up.

    .venv/bin/python benchmarks/python/batch_layouts.py [--axes 6] [--rounds 2] [--threads 2]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

NODES = ["SF", "VFM", "CAP", "SF_practice", "CAP_agency", "ACH_staff"]

CHILD = """
import resource, sys, time
import adva.batch
path, layout, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = time.perf_counter()
frame = adva.batch.run(path, threads=threads, layout=layout)
seconds = time.perf_counter() - start
print(len(frame), seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def grid(axes: int, value_for_money: bool) -> dict:
    return {"adva_scenarios": 1, "model": {"builtin": "default"}, "analyses": {"value_for_money": value_for_money},
            "generators": [{"id": "grid", "kind": "weight_grid", "axes": [
                {"node": node, "percent": {"from": -45, "to": 45, "step": 10}} for node in NODES[:axes]]}]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--axes", type=int, default=6, choices=range(1, len(NODES) + 1), help="10^axes scenarios")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    times: dict[tuple[str, str], list[float]] = {}
    memory: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as directory:
        files = {}
        for name, vfm in (("ranking only", False), ("with value for money", True)):
            files[name] = Path(directory) / f"{vfm}.json"
            files[name].write_text(json.dumps(grid(args.axes, vfm)))
        for _ in range(args.rounds):
            for name, path in files.items():
                for layout in ("lines", "flat"):
                    out = subprocess.run([sys.executable, "-c", CHILD, str(path), layout, str(args.threads)],
                                         check=True, capture_output=True, text=True).stdout.split()
                    rows, seconds, rss = int(out[0]), float(out[1]), float(out[2])
                    assert rows == 10 ** args.axes
                    times.setdefault((name, layout), []).append(seconds)
                    memory.setdefault((name, layout), []).append(rss)
    print(f"adva.batch.run, 10^{args.axes} weight scenarios, {args.threads} threads, {args.rounds} rounds")
    print(f"{'lines':<22} {'layout':<6} {'seconds (min-max)':>18} {'scenarios/s':>12} {'peak RSS':>10}")
    for (name, layout), seconds in times.items():
        best = min(seconds)
        print(f"{name:<22} {layout:<6} {best:>8.2f}-{max(seconds):<8.2f} {10 ** args.axes / best:>12.3g} "
              f"{max(memory[(name, layout)]):>8.0f} MB")
    for name in files:
        ratio = statistics.median(times[(name, "lines")]) / statistics.median(times[(name, "flat")])
        print(f"{name}: flat is {ratio:.1f}x as fast as lines (ratio of medians)")


if __name__ == "__main__":
    main()
