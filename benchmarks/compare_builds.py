#!/usr/bin/env python3
"""Before/after: the Google Benchmark programs of two builds, run in one session.

    benchmarks/compare_builds.py BEFORE_DIR AFTER_DIR [--rounds N] [--filter REGEX] [--min-time S]

BEFORE_DIR and AFTER_DIR are the benchmarks/ folders of two builds (configured with
-DADVA_BUILD_BENCHMARKS=ON), e.g. one of a git worktree at an earlier commit. Every program both
have (adva_bench_*) is run alternately, before then after, for N rounds; each benchmark's time is
the median over the rounds, and the report is the ratio after / before per benchmark present in
both (above 1: slower). Alternating within one session is what makes the ratio meaningful on a
noisy machine; absolute times are not compared across sessions.
"""
import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path


def run(program: Path, pattern: str, min_time: str) -> dict:
    args = [str(program), "--benchmark_format=json", f"--benchmark_min_time={min_time}"]
    if pattern:
        args.append(f"--benchmark_filter={pattern}")
    done = subprocess.run(args, capture_output=True, text=True)
    if "Failed to match any benchmarks" in done.stderr + done.stdout or not done.stdout.strip():
        return {}  # the filter selects nothing in this program
    done.check_returncode()
    return {b["name"]: b["real_time"] for b in json.loads(done.stdout)["benchmarks"] if b.get("run_type", "iteration") == "iteration"}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--filter", default="")
    p.add_argument("--min-time", default="0.2")
    a = p.parse_args()
    programs = sorted({x.name for x in a.before.glob("adva_bench_*")} & {x.name for x in a.after.glob("adva_bench_*")})
    if not programs:
        print("no benchmark program in both folders", file=sys.stderr)
        return 2
    times = {"before": {}, "after": {}}
    for r in range(a.rounds):
        for name in programs:
            for side, folder in (("before", a.before), ("after", a.after)):
                for bench, t in run(folder / name, a.filter, a.min_time).items():
                    times[side].setdefault(bench, []).append(t)
        print(f"round {r + 1}/{a.rounds} done", file=sys.stderr)
    common = [b for b in times["before"] if b in times["after"]]
    worst = 0.0
    print(f"{'benchmark':70} {'before':>12} {'after':>12} {'after/before':>13}")
    for b in common:
        before, after = statistics.median(times["before"][b]), statistics.median(times["after"][b])
        ratio = after / before
        worst = max(worst, ratio)
        print(f"{b:70} {before:12.1f} {after:12.1f} {ratio:13.3f}")
    print(f"{len(common)} benchmarks in both; slowest ratio {worst:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
