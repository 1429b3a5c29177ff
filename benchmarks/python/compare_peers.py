#!/usr/bin/env python3
"""Side by side: the installed adva package against pymcdm, pyDecision and scikit-criteria (PyPI).

Run with the interpreter that has adva installed as users install it (``make python`` then
``.venv/bin/python benchmarks/python/compare_peers.py``): this measures the shipped build, whose
kernels choose AVX2 or the portable path at run time (never a -march=native build). The peers are
installed into a throwaway virtual environment (removed at the end unless --keep-venv) and run in a
worker process there; adva runs in this process. For weighted sum, TOPSIS, VIKOR and PROMETHEE II
at a small (10×20) and a large size (10 000×50; 2 000×20 for PROMETHEE) the script

- checks that the results agree where the conventions match, and names the convention behind any
  difference (normalisation, flow scaling, tie handling);
- times every library by one rule: its call (inputs already in memory) repeated back to back until
  a wall-clock budget is spent (--budget, at least one call), in --rounds rounds in which the
  libraries alternate (adva, then each peer); a library's time is the median of its per-round
  median calls, and the ratio printed is peer median / adva median. An equal budget, rather than an
  equal number of calls, gives every library the same exposure to a noisy host;
- measures the call overhead of ``adva.evaluate`` on 10×20 by the same rule.

Options: --quick (one round, short budget), --budget S, --rounds N, --keep-venv DIR, --json FILE
(the figures, for docs and notes). ADVA_PORTABLE_KERNELS=1 in the environment times adva's portable
path instead (the same results, bit for bit).
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
                times, scores = [], None
                deadline = time.perf_counter() + spec["budget"]
                while True:
                    signal.alarm(spec["timeout"])
                    t0 = time.perf_counter()
                    scores = f()
                    t1 = time.perf_counter()
                    signal.alarm(0)
                    times.append(t1 - t0)
                    if t1 >= deadline:
                        break
                times.sort()
                out["median"] = times[len(times) // 2]
                out["calls"] = len(times)
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


def median_call(f, budget):
    """The median of back-to-back calls of f for `budget` seconds (at least one call)."""
    times = []
    deadline = time.perf_counter() + budget
    while True:
        t0 = time.perf_counter()
        f()
        t1 = time.perf_counter()
        times.append(t1 - t0)
        if t1 >= deadline:
            break
    times.sort()
    return times[len(times) // 2]


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


def cases():
    """(method, size key) in report order."""
    for method in METHODS:
        for size in ("small", "large"):
            yield method, "large_promethee" if (method == "promethee2" and size == "large") else size


def main() -> int:
    import statistics

    import adva

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one round of 0.2 s per library and case")
    ap.add_argument("--budget", type=float, default=1.0, help="seconds per library, case and round (default 1)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds, libraries alternating (default 3)")
    ap.add_argument("--keep-venv", metavar="DIR")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args()
    budget, rounds = (0.2, 1) if args.quick else (args.budget, args.rounds)
    if budget <= 0 or rounds < 1:
        ap.error("--budget must be positive and --rounds at least 1")

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
        for method, key in cases():
            m, n = SIZES[key]
            x, types, w = problems.setdefault(key, make_problem(m, n, seed=42 + m + n))
            path = os.path.join(work, f"{key}.npy")
            if not os.path.exists(path):
                np.save(path, x)
            for peer in PEERS:
                if installed[peer]:
                    jobs.append({"peer": peer, "method": method, "size": key, "matrix": path, "weights": w.tolist(),
                                 "types": types})

        def adva_call(method, key):
            x, types, w = problems[key]
            options = {"preference": "usual"} if method == "promethee2" else {}
            # .scores: the result's arrays are made when first read, and a peer's call returns its scores
            return lambda: adva.evaluate(x, types, weights=w, method=method, **options).scores

        # Rounds: adva's calls for every case, then the peers' (one worker run), alternating.
        adva_medians = {case: [] for case in cases()}
        peer_medians, peer_results = {}, {}
        x_small, types_small, w_small = problems["small"]
        overhead = []
        for r in range(rounds):
            for case in cases():
                adva_medians[case].append(median_call(adva_call(*case), budget))
            overhead.append(median_call(lambda: adva.evaluate(x_small, types_small, weights=w_small, method="wsm").scores, budget))
            worker = subprocess.run([py, "-c", WORKER], input=json.dumps({"jobs": jobs, "timeout": CALL_TIMEOUT_S, "budget": budget}),
                                    capture_output=True, text=True)
            if worker.returncode != 0:
                print("worker stderr:", worker.stderr[-2000:])
            for line in worker.stdout.splitlines():
                if line.startswith("{"):
                    res = json.loads(line)
                    key = (res["peer"], res["method"], res["size"])
                    peer_results[key] = res
                    if "median" in res:
                        peer_medians.setdefault(key, []).append(res["median"])
            print(f"round {r + 1}/{rounds} done", file=sys.stderr)

        print(f"adva {adva.__version__} (installed: {os.path.dirname(adva.__file__)}); "
              + ", ".join(f"{p} {version.get(p.lower(), 'not installed')}" for p in PEERS))
        print(f"numpy {np.__version__}; {rounds} round(s) of {budget:g} s per library and case, libraries alternating; "
              "times are medians; ratio = peer median / adva median\n")
        header = f"{'method':<11}{'size':<14}{'adva':>11}  {'peer':<16}{'peer time':>11}{'ratio':>9}  agreement"
        print(header)
        print("-" * len(header))
        slower, figures = [], []
        for method, key in cases():
            t_adva = statistics.median(adva_medians[(method, key)])
            x, types, w = problems[key]
            shape = f"{x.shape[0]}x{x.shape[1]}"
            first = True
            for peer in PEERS:
                res = peer_results.get((peer, method, key))
                if res is None:
                    continue
                cells = f"{method if first else '':<11}{shape if first else '':<14}{_fmt(t_adva) if first else '':>11}  {peer:<16}"
                first = False
                if "missing" in res:
                    print(f"{cells}{'n/a':>11}{'':>9}  {res['missing']}")
                    continue
                t_peer = statistics.median(peer_medians[(peer, method, key)])
                opts = AGREEMENT.get((peer, method), ({},))[0]
                adva_result = adva.evaluate(x, types, weights=w, method=method, **opts)
                ratio = t_peer / t_adva
                if ratio < 1:
                    slower.append(f"{method} {shape} vs {peer}")
                verdict = agreement(peer, method, adva_result, res["scores"])
                figures.append({"method": method, "size": shape, "peer": peer, "adva_s": t_adva, "peer_s": t_peer,
                                "ratio": ratio, "agreement": verdict})
                print(f"{cells}{_fmt(t_peer):>11}{ratio:>8.1f}x  {verdict}")
        # SMAA-2 10×20, 10⁶ samples, exact values, uniform weights: adva on 2 threads against the
        # vectorised numpy version (benchmarks/smaa_numpy.py), alternating in this process.
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        from smaa_numpy import smaa2 as numpy_smaa2
        a, c = 10, 20
        values = np.array([[((i * 7 + k * 13) % 17) / 16 for k in range(c)] for i in range(a)])
        samples = 10**6 if not args.quick else 10**5
        smaa_adva, smaa_numpy = [], []
        for _ in range(rounds):
            smaa_adva.append(median_call(lambda: adva.smaa(values, samples=samples, threads=2), budget))
            smaa_numpy.append(median_call(lambda: numpy_smaa2(values, samples, np.random.default_rng(1)), budget))
        t_adva, t_numpy = statistics.median(smaa_adva), statistics.median(smaa_numpy)
        print(f"\nSMAA-2 10x20, {samples} samples: adva (2 threads) {_fmt(t_adva)}, numpy {_fmt(t_numpy)}: "
              f"{t_numpy / t_adva:.1f}x")
        figures.append({"method": "smaa2", "size": f"10x20x{samples}", "peer": "numpy", "adva_s": t_adva,
                        "peer_s": t_numpy, "ratio": t_numpy / t_adva, "agreement": "-"})
        call = statistics.median(overhead)
        print(f"\nadva.evaluate call on 10x20 (wsm, end to end with .scores read, median): {call * 1e6:.1f} us")
        print("adva slower than a peer at: " + (", ".join(slower) if slower else "nowhere"))
        if args.json:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump({"adva": adva.__version__, "numpy": np.__version__, "rounds": rounds, "budget_s": budget,
                           "peers": {p: version.get(p.lower()) for p in PEERS}, "cases": figures,
                           "evaluate_10x20_s": call}, f, indent=2)
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
