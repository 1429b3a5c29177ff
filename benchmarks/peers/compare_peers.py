#!/usr/bin/env python3
"""Side-by-side timing of adva against pymcdm and pyDecision on the same inputs, in one run.

1. Generates the matrices once (fixed seed, uniform [1, 100), criterion j is a cost when j % 3 == 2,
   equal weights) and writes them as raw float64 for adva.
2. Creates a throwaway virtual environment, pip-installs pymcdm and pyDecision from PyPI.
3. Compiles benchmarks/peers/adva_peer_timer.cpp with the benchmark flags (-O3 -march=native).
4. Times every library on every case by one rule, checks that results agree where the conventions
   match, prints the speed ratios.

Timing rule, the same for every library: the call (computation only, inputs already in memory) is
repeated back to back until the time budget is spent (default 2 s, at least one call), and the
fastest call is reported, with the median beside it. Equal wall-clock budgets, not equal call
counts, give every library the same exposure to a noisy machine: a fast library that got only the
slow library's 20 calls would have them all inside one 5 ms window, where one busy spell of the
host spoils every sample. Ratios are fastest against fastest; the median ratio is printed too.

Conventions compared: TOPSIS with vector normalisation (closeness), VIKOR v=0.5 (Q), PROMETHEE II
with the usual preference function on every criterion (net flow divided by m-1).
Usage: python3 benchmarks/peers/compare_peers.py [--keep-venv DIR] [--budget S] [--only topsis,vikor,...]
A full run (no --only) records its figures in benchmarks/peers/last_results.json.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

CASES = [  # (method, rows, cols, peers run?)
    ("topsis", 10_000, 50, True),
    ("vikor", 10_000, 50, True),
    ("promethee2_usual", 2_000, 20, True),
    ("promethee2_usual", 100_000, 20, False),  # O(m^2) peers would need 10^10 pairs: adva only
]

PEER_CODE = textwrap.dedent(r'''
import json, sys, time, warnings
import numpy as np
warnings.filterwarnings("ignore")
method, path, m, n, budget = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
X = np.fromfile(path, dtype=np.float64).reshape(m, n)
types = np.array([-1 if j % 3 == 2 else 1 for j in range(n)])
w = np.full(n, 1.0 / n)
out = {}

def timed(fn):  # the timing rule in the module docstring; adva_peer_timer.cpp follows the same one
    times, res = [], None
    while not times or sum(times) < budget:
        t0 = time.perf_counter(); res = fn(); times.append(time.perf_counter() - t0)
    times.sort()
    return {"seconds": times[0], "median_seconds": times[len(times) // 2], "calls": len(times)}, res

# pymcdm
try:
    from pymcdm import methods as pm, normalizations as pn
    if method == "topsis":
        f = pm.TOPSIS(normalization_function=pn.vector_normalization)
        t, r = timed(lambda: f(X, w, types))
    elif method == "vikor":
        f = pm.VIKOR(v=0.5)
        t, r = timed(lambda: f(X, w, types))
    else:
        f = pm.PROMETHEE_II("usual")
        t, r = timed(lambda: f(X, w, types))
    out["pymcdm"] = dict(t, result=np.asarray(r, dtype=float).ravel().tolist())
except Exception as e:
    out["pymcdm"] = {"error": repr(e)[:300]}

# pyDecision
try:
    import matplotlib; matplotlib.use("Agg")
    if method == "topsis":
        from pyDecision.algorithm import topsis_method
        ct = ["min" if j % 3 == 2 else "max" for j in range(n)]
        t, r = timed(lambda: topsis_method(X, w, ct, graph=False, verbose=False))
    elif method == "vikor":
        from pyDecision.algorithm import vikor_method
        ct = ["min" if j % 3 == 2 else "max" for j in range(n)]
        t, r = timed(lambda: vikor_method(X, w, ct, strategy_coefficient=0.5, graph=False, verbose=False))
        r = r[2] if isinstance(r, (tuple, list)) else r  # (S, R, Q, solution)
    else:
        from pyDecision.algorithm import promethee_ii
        # pyDecision maximises every criterion: negate the cost columns (exact).
        Xp = X.copy(); Xp[:, types < 0] *= -1
        zeros = [0] * n
        t, r = timed(lambda: promethee_ii(Xp, W=list(w), Q=zeros, S=zeros, P=zeros, F=["t1"] * n, sort=False, topn=0, graph=False, verbose=False))
    arr = np.asarray(r, dtype=float)
    if arr.ndim == 2:  # (index, value) pairs
        arr = arr[np.argsort(arr[:, 0])][:, 1] if arr.shape[1] == 2 else arr.ravel()
    out["pyDecision"] = dict(t, result=arr.ravel().tolist())
except Exception as e:
    out["pyDecision"] = {"error": repr(e)[:300]}
print(json.dumps(out))
''')


def run(cmd, **kw):
    r = subprocess.run(cmd, text=True, capture_output=True, **kw)
    if r.returncode != 0:
        sys.exit(f"command failed ({r.returncode}): {' '.join(cmd[:6])} ...\n{r.stderr[-3000:]}")
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep-venv", help="reuse/keep the virtual environment in this directory")
    ap.add_argument("--budget", type=float, default=2.0, help="seconds of back-to-back calls per library and case (the same for all)")
    ap.add_argument("--only", help="comma-separated methods to time (default: all); partial runs are not recorded")
    args = ap.parse_args()
    cases = CASES
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {c[0] for c in CASES}
        if unknown:
            ap.error(f"unknown method(s) {sorted(unknown)}; known: {sorted({c[0] for c in CASES})}")
        cases = [c for c in CASES if c[0] in wanted]

    work = tempfile.mkdtemp(prefix="adva-peers-")
    venv = args.keep_venv or os.path.join(work, "venv")
    # 1. venv + peers
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        print(f"creating virtual environment {venv} and installing pymcdm, pyDecision from PyPI ...", flush=True)
        run([sys.executable, "-m", "venv", venv])
        run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "numpy", "pymcdm", "pyDecision"])
    versions = run([py, "-c", "import importlib.metadata as m, json; "
                        "print(json.dumps({p: m.version(p) for p in ['numpy', 'pymcdm', 'pyDecision']}))"]).stdout.strip()
    print("peer versions:", versions)

    # 2. inputs, generated once with the venv's numpy
    gen = textwrap.dedent('''
        import sys, numpy as np
        rng = np.random.default_rng(20240611)
        for spec in sys.argv[2:]:
            m, n = map(int, spec.split("x"))
            rng.uniform(1.0, 100.0, size=(m, n)).astype(np.float64).tofile(f"{sys.argv[1]}/m{m}x{n}.f64")
    ''')
    shapes = sorted({f"{m}x{n}" for _, m, n, _ in cases})
    run([py, "-c", gen, work] + shapes)

    # 3. adva timer
    timer = os.path.join(work, "adva_peer_timer")
    cxx = os.environ.get("CXX", "g++")
    run([cxx, "-std=c++20", "-O3", "-march=native", "-DNDEBUG", f"-I{ROOT}/include", "-I/usr/include/eigen3",
         os.path.join(HERE, "adva_peer_timer.cpp"), "-ltbb", "-o", timer])

    # 4. time
    print(f"\n{'case':<28}{'adva':>12}{'pymcdm':>12}{'pyDecision':>12}{'ratio vs fastest peer':>24}{'(medians)':>11}  agreement")
    summary = []
    for method, m, n, with_peers in cases:
        path = os.path.join(work, f"m{m}x{n}.f64")
        a = json.loads(run([timer, method, path, str(m), str(n), str(args.budget)]).stdout)
        peers = json.loads(run([py, "-c", PEER_CODE, method, path, str(m), str(n), str(args.budget)]).stdout) if with_peers else {}
        cells, agree, fastest, fastest_median = [], [], None, None
        for name in ("pymcdm", "pyDecision"):
            p = peers.get(name)
            if not p:
                cells.append("-")
                continue
            if "error" in p:
                cells.append("error")
                agree.append(f"{name}: {p['error']}")
                continue
            cells.append(f"{p['seconds'] * 1e3:.1f} ms")
            fastest = p["seconds"] if fastest is None else min(fastest, p["seconds"])
            fastest_median = p["median_seconds"] if fastest_median is None else min(fastest_median, p["median_seconds"])
            got = p["result"]
            if len(got) == len(a["result"]):
                diff = max(abs(x - y) for x, y in zip(got, a["result"]))
                agree.append(f"{name} max|diff|={diff:.1e}" + (" OK" if diff < 1e-9 else " (differs)"))
            else:
                agree.append(f"{name}: result of length {len(got)}")
        ratio = f"{fastest / a['seconds']:.0f}x" if fastest else "-"
        median_ratio = f"{fastest_median / a['median_seconds']:.0f}x" if fastest_median else "-"
        label = f"{method} {m}x{n}"
        print(f"{label:<28}{a['seconds'] * 1e3:>9.2f} ms{cells[0] if cells else '-':>12}{cells[1] if len(cells) > 1 else '-':>12}{ratio:>24}{median_ratio:>11}  {'; '.join(agree)}", flush=True)
        summary.append({"case": label, "adva": {k: v for k, v in a.items() if k in ("seconds", "median_seconds", "calls")},
                        "peers": {k: {kk: vv for kk, vv in v.items() if kk != "result"} for k, v in peers.items()},
                        "ratio_vs_fastest_peer": (fastest / a["seconds"]) if fastest else None,
                        "median_ratio_vs_fastest_peer": (fastest_median / a["median_seconds"]) if fastest_median else None})
    if not args.only:
        with open(os.path.join(HERE, "last_results.json"), "w") as f:
            json.dump({"versions": json.loads(versions), "budget_seconds": args.budget, "cases": summary}, f, indent=1)
    shutil.rmtree(work, ignore_errors=True)  # inputs, timer, and the venv unless --keep-venv put it elsewhere


if __name__ == "__main__":
    main()
