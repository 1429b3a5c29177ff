#!/usr/bin/env python3
"""Side by side: adva against pymcdm, pyDecision and scikit-criteria (PyPI) on the same inputs.

Run with the interpreter that has adva installed (``make python`` then
``.venv/bin/python benchmarks/python/compare_peers.py``). The peers are installed into a throwaway
virtual environment (a temporary directory, removed at the end) and run in a worker process there;
adva runs in this process. For weighted sum, TOPSIS, VIKOR and PROMETHEE II at a small (10×20) and
a large size (10 000×50; 2 000×20 for PROMETHEE) the script

- checks that the results agree where the conventions match, and names the convention behind any
  difference (normalisation, flow scaling, tie handling);
- prints the time of one call (best of several repeats) and the ratio peer / adva;
- measures the call overhead of ``adva.evaluate`` on 10×20 (target < 20 µs).

Options: --quick (fewer repeats), --keep-venv DIR (reuse a peers' environment).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time

import numpy as np

PEERS = {"pymcdm": "pymcdm", "pyDecision": "pyDecision", "scikit-criteria": "scikit-criteria"}
SIZES = {"small": (10, 20), "large": (10_000, 50), "large_promethee": (2_000, 20)}
METHODS = ("wsm", "topsis", "vikor", "promethee2")
CALL_TIMEOUT_S = 120

# The worker runs inside the peers' environment: it times each peer on the saved matrices and
# returns the scores (as the peer defines them) and the best time of `repeats` calls.
WORKER = textwrap.dedent(r'''
    import json, signal, sys, time, warnings
    import numpy as np
    warnings.filterwarnings("ignore")
    spec = json.load(sys.stdin)

    class Timeout(Exception):
        pass

    def on_alarm(*_):
        raise Timeout()

    signal.signal(signal.SIGALRM, on_alarm)

    def pymcdm_call(method, x, w, t):
        from pymcdm import methods, normalizations
        types = np.where(np.array(t) == "cost", -1, 1)
        if method == "wsm":
            return lambda: methods.WSM(normalization_function=normalizations.minmax_normalization)(x, w, types)
        if method == "topsis":
            return lambda: methods.TOPSIS(normalization_function=normalizations.vector_normalization)(x, w, types)
        if method == "vikor":
            return lambda: methods.VIKOR(v=0.5)(x, w, types)
        if method == "promethee2":
            return lambda: methods.PROMETHEE_II("usual")(x, w, types)

    def pydecision_call(method, x, w, t):
        from pyDecision import algorithm as a
        ct = ["min" if c == "cost" else "max" for c in t]
        if method == "topsis":
            return lambda: a.topsis_method(x, w, ct, graph=False, verbose=False)
        if method == "vikor":
            return lambda: a.vikor_method(x, w, ct, strategy_coefficient=0.5, graph=False, verbose=False)[2]
        if method == "promethee2":
            n = x.shape[1]
            xs = np.where(np.array(t) == "cost", -x, x)  # pyDecision maximises every criterion
            return lambda: a.promethee_ii(xs, W=list(w), Q=[0] * n, S=[0] * n, P=[0] * n, F=["t1"] * n, sort=False,
                                          topn=0, graph=False, verbose=False)[:, 1]
        return None  # no weighted sum in pyDecision

    def skcriteria_call(method, x, w, t):
        import skcriteria as skc
        from skcriteria.preprocessing import invert_objectives, scalers
        obj = [min if c == "cost" else max for c in t]
        if method == "topsis":
            from skcriteria.agg.similarity import TOPSIS
            def run():
                dm = skc.mkdm(x, obj, weights=w)
                dm = scalers.VectorScaler(target="matrix").transform(dm)
                return TOPSIS().evaluate(dm).e_.similarity
            return run
        if method == "wsm":
            from skcriteria.agg.simple import WeightedSumModel
            def run():
                dm = skc.mkdm(x, obj, weights=w)
                dm = invert_objectives.NegateMinimize().transform(dm)
                dm = scalers.MinMaxScaler(target="matrix").transform(dm)
                return WeightedSumModel().evaluate(dm).e_.score
            return run
        return None  # no VIKOR / PROMETHEE in scikit-criteria

    calls = {"pymcdm": pymcdm_call, "pyDecision": pydecision_call, "scikit-criteria": skcriteria_call}
    for job in spec["jobs"]:
        x = np.load(job["matrix"])
        w = np.array(job["weights"])
        out = {"peer": job["peer"], "method": job["method"], "size": job["size"]}
        try:
            f = calls[job["peer"]](job["method"], x, w, job["types"])
            if f is None:
                out["missing"] = "not provided by this library"
            else:
                best = float("inf")
                scores = None
                for _ in range(job["repeats"]):
                    signal.alarm(spec["timeout"])
                    t0 = time.perf_counter()
                    scores = f()
                    best = min(best, time.perf_counter() - t0)
                    signal.alarm(0)
                    if best > 5:
                        break
                out["seconds"] = best
                s = np.asarray(scores, dtype=float)
                if s.ndim == 2:  # pyDecision returns [alternative number, value] rows, sorted by value
                    s = s[np.argsort(s[:, 0], kind="stable")][:, -1]
                out["scores"] = s.ravel().tolist()
        except Timeout:
            out["missing"] = f"over {spec['timeout']} s"
        except Exception as e:
            out["missing"] = f"{type(e).__name__}: {str(e)[:120]}"
        signal.alarm(0)
        print(json.dumps(out), flush=True)
''')

# How each peer's scores relate to adva's output, when they should agree: (adva method options,
# adva output key, comparison, the convention that makes them comparable).
AGREEMENT = {
    ("pymcdm", "wsm"): ({"normalisation": "minmax"}, "scores", "values", "min-max normalisation, cost = (max-x)/(max-min)"),
    ("scikit-criteria", "wsm"): ({"normalisation": "minmax"}, "scores", "rank",
                                 "scikit-criteria negates cost columns then min-max scales: same ranking, different scale"),
    ("pymcdm", "topsis"): ({"normalisation": "vector"}, "closeness", "values",
                           "vector normalisation; pymcdm's 1 - x/||x|| cost form is affine, so closeness is identical"),
    ("pyDecision", "topsis"): ({"normalisation": "vector"}, "closeness", "values",
                               "textbook vector TOPSIS (ideal = column min for costs): equal to adva's vector form"),
    ("scikit-criteria", "topsis"): ({"normalisation": "vector"}, "closeness", "values",
                                    "vector scaling, ideal = column min for costs"),
    ("pymcdm", "vikor"): ({"v": 0.5}, "Q", "values", "Q with v = 0.5, lower is better"),
    ("pyDecision", "vikor"): ({"v": 0.5}, "Q", "values", "Q with v = 0.5, lower is better"),
    ("pymcdm", "promethee2"): ({"preference": "usual"}, "phi", "values", "usual preference, flows divided by m-1"),
    ("pyDecision", "promethee2"): ({"preference": "usual"}, "phi", "rank",
                                   "usual preference; pyDecision does not divide flows by m-1 (same ranking)"),
}


def best_time(f, repeats):
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def make_problem(m, n, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(1.0, 100.0, size=(m, n))
    types = ["cost" if j % 3 == 0 else "benefit" for j in range(n)]
    w = rng.uniform(0.5, 1.5, size=n)
    return x, types, w / w.sum()


def ranks(v, lower_better=False):
    v = np.asarray(v, dtype=float)
    return np.argsort(np.argsort(v if lower_better else -v, kind="stable"), kind="stable")


def agreement(peer, method, adva_result, peer_scores):
    if (peer, method) not in AGREEMENT:
        return "-"
    _, key, how, convention = AGREEMENT[(peer, method)]
    a = np.asarray(adva_result[key], dtype=float)
    p = np.asarray(peer_scores, dtype=float)
    if a.shape != p.shape:
        return f"shape differs ({p.shape})"
    if how == "values":
        if np.allclose(a, p, rtol=1e-9, atol=1e-12):
            return "same values"
        if np.array_equal(ranks(a), ranks(p)):
            return f"same ranking, values differ: {convention}"
        return f"DIFFERENT ({convention}; max |diff| {np.max(np.abs(a - p)):.3g})"
    same = np.array_equal(ranks(a, method == "vikor"), ranks(p, method == "vikor"))
    return f"same ranking ({convention})" if same else f"DIFFERENT ranking ({convention})"


def main() -> int:
    import adva

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--keep-venv", metavar="DIR")
    args = ap.parse_args()
    repeats_small, repeats_large = (200, 2) if args.quick else (2000, 5)

    work = tempfile.mkdtemp(prefix="adva-peers-")
    venv = args.keep_venv or os.path.join(work, "venv")
    try:
        if not os.path.exists(os.path.join(venv, "bin", "python")):
            subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        py = os.path.join(venv, "bin", "python")
        installed = {}
        subprocess.run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "numpy"], check=True)
        for name, package in PEERS.items():
            r = subprocess.run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", package],
                               capture_output=True, text=True)
            installed[name] = r.returncode == 0
            if not installed[name]:
                print(f"note: {name} did not install: {r.stderr.strip().splitlines()[-1:]}")
        versions = subprocess.run([py, "-m", "pip", "list", "--format=json"], capture_output=True, text=True, check=True)
        version = {p["name"].lower(): p["version"] for p in json.loads(versions.stdout)}

        jobs, problems = [], {}
        for method in METHODS:
            for size in ("small", "large"):
                key = "large_promethee" if (method == "promethee2" and size == "large") else size
                m, n = SIZES[key]
                x, types, w = problems.setdefault(key, make_problem(m, n, seed=42 + m + n))
                path = os.path.join(work, f"{key}.npy")
                if not os.path.exists(path):
                    np.save(path, x)
                for peer in PEERS:
                    if installed[peer]:
                        jobs.append({"peer": peer, "method": method, "size": key, "matrix": path, "weights": w.tolist(),
                                     "types": types, "repeats": repeats_small if size == "small" else repeats_large})
        worker = subprocess.run([py, "-c", WORKER], input=json.dumps({"jobs": jobs, "timeout": CALL_TIMEOUT_S}),
                                capture_output=True, text=True)
        peer_results = [json.loads(line) for line in worker.stdout.splitlines() if line.startswith("{")]
        if worker.returncode != 0:
            print("worker stderr:", worker.stderr[-2000:])

        print(f"adva {adva.__version__}; " + ", ".join(f"{p} {version.get(p.lower(), 'not installed')}" for p in PEERS))
        print(f"numpy {np.__version__}; times are the best of several calls; ratio = peer time / adva time\n")
        header = f"{'method':<11}{'size':<14}{'adva':>11}  {'peer':<16}{'peer time':>11}{'ratio':>9}  agreement"
        print(header)
        print("-" * len(header))
        slower = []
        for method in METHODS:
            for size in ("small", "large"):
                key = "large_promethee" if (method == "promethee2" and size == "large") else size
                x, types, w = problems[key]
                options = {"preference": "usual"} if method == "promethee2" else {}
                repeats = repeats_small if size == "small" else repeats_large
                t_adva = best_time(lambda: adva.evaluate(x, types, weights=w, method=method, **options), repeats)
                shape = f"{x.shape[0]}x{x.shape[1]}"
                first = True
                for res in (r for r in peer_results if r["method"] == method and r["size"] == key):
                    peer = res["peer"]
                    cells = f"{method if first else '':<11}{shape if first else '':<14}{_fmt(t_adva) if first else '':>11}  {peer:<16}"
                    first = False
                    if "missing" in res:
                        print(f"{cells}{'n/a':>11}{'':>9}  {res['missing']}")
                        continue
                    opts = AGREEMENT.get((peer, method), ({},))[0]
                    adva_result = adva.evaluate(x, types, weights=w, method=method, **opts)
                    ratio = res["seconds"] / t_adva
                    if ratio < 1:
                        slower.append(f"{method} {shape} vs {peer}")
                    print(f"{cells}{_fmt(res['seconds']):>11}{ratio:>8.1f}x  {agreement(peer, method, adva_result, res['scores'])}")
        x, types, w = problems["small"]
        overhead = best_time(lambda: adva.evaluate(x, types, weights=w, method="wsm"), 20000 if not args.quick else 2000)
        print(f"\nadva.evaluate call on 10x20 (wsm, end to end, best of many): {overhead * 1e6:.1f} us (target < 20 us)")
        print("adva slower than a peer at: " + (", ".join(slower) if slower else "nowhere"))
        return 0
    finally:
        if not args.keep_venv:
            shutil.rmtree(work, ignore_errors=True)


def _fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


if __name__ == "__main__":
    sys.exit(main())
