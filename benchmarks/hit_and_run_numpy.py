#!/usr/bin/env python3
"""Hit-and-run on a weight polytope in numpy, as R's hitandrun does it, for side-by-side timing.

P = {w >= 0, sum(w) = 1, A w <= b, E w = f}. The same conventions as adva's hit_and_run_sampler
(docs/elicitation.md (hit-and-run)): the walk runs in an orthonormal basis of {d : sum(d) = 0, E d = 0},
directions are normalised standard normals (uniform on that subspace's unit sphere), the chord
intersects every inequality, the new point is uniform on it. Samples come in chains of
`chain_length`, each from x0: `burn_in` steps, then every `thinning`-th step is kept (step i after
the burn-in is kept when (i + 1) % thinning == 0, as R's har()). The chains run side by side, one
numpy operation per step for all of them; the last chain runs in full and its extra rows are
dropped. numpy's PCG64 replaces adva's Philox, so the samples agree in law, not in bits.

Prints samples per second for an ordinal polytope w_0 >= w_1 >= ... >= w_{n-1}, and, side by side
in the same run, those of the installed adva package (adva.hit_and_run, the build users get) on the
same polytope with the same burn-in, thinning and chain length: the two alternate for --rounds
rounds and the ratio of their medians is printed.
"""
import argparse
import math
import time

import numpy as np


def default_burn_in(d):
    """adva's rule: R's thinning rule ceil(log(d + 1) / 4 * d^3), at least 100."""
    return max(100, math.ceil(math.log(d + 1) / 4 * d**3))


def default_thinning(d):
    """adva's rule: d^2, at least 1."""
    return max(1, d * d)


def numpy_hit_and_run(A, b, E, f, x0, count, burn_in, thinning, seed, chain_length=1000):
    """`count` samples (count x n) of P from the strictly interior point x0."""
    x0 = np.asarray(x0, dtype=float)
    n = x0.size
    A = np.asarray(A, dtype=float).reshape(-1, n)
    E = np.asarray(E, dtype=float).reshape(-1, n)
    G = np.vstack([-np.eye(n), A])                   # every inequality: G w <= h
    h = np.concatenate([np.zeros(n), np.asarray(b, dtype=float).reshape(-1)])
    C = np.vstack([np.ones((1, n)), E])
    _, sv, vt = np.linalg.svd(C)
    rank = int((sv > 1e-12 * sv[0]).sum())
    B = vt[rank:].T                                  # n x d, orthonormal: directions within the hull
    d = B.shape[1]
    rng = np.random.default_rng(seed)
    chains = -(-count // chain_length)
    out = np.empty((chains * chain_length, n))
    if d == 0:
        out[:] = x0
        return out[:count]
    Gy = G @ B                                       # rows in hull coordinates
    keep = np.linalg.norm(Gy, axis=1) > 1e-12 * np.linalg.norm(G, axis=1)
    Gy, s0 = Gy[keep], (h - G @ x0)[keep]
    if np.any(s0 <= 0):
        raise ValueError("x0 is not strictly inside the polytope")
    Y = np.zeros((chains, d))
    rows = np.arange(chains) * chain_length
    shrink = 1.0 - 2.0**-40
    for step in range(burn_in + chain_length * thinning):
        U = rng.standard_normal((chains, d))
        U /= np.linalg.norm(U, axis=1, keepdims=True)
        H = U @ Gy.T                                 # chains x rows: rate of each row along U
        S = np.maximum(s0 - Y @ Gy.T, 0.0)           # slacks
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = S / H
        hi = np.where(H > 0, ratio, np.inf).min(axis=1)
        lo = np.where(H < 0, ratio, -np.inf).max(axis=1)
        t = shrink * (lo + rng.random(chains) * (hi - lo))
        Y += t[:, None] * U
        if step + 1 > burn_in and (step + 1 - burn_in) % thinning == 0:
            k = (step + 1 - burn_in) // thinning - 1
            out[rows + k] = x0 + Y @ B.T
    return np.maximum(out[:count], 0.0)


def ordinal_polytope(n):
    """w_0 >= w_1 >= ... >= w_{n-1}: rows w_{i+1} - w_i <= 0; x0 proportional to n - i."""
    A = np.zeros((n - 1, n))
    for i in range(n - 1):
        A[i, i], A[i, i + 1] = -1.0, 1.0
    x0 = np.arange(n, 0, -1, dtype=float)
    return A, np.zeros(n - 1), np.zeros((0, n)), np.zeros(0), x0 / x0.sum()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20_000)
    parser.add_argument("--n", type=int, default=5, help="weights (the polytope has dimension n - 1)")
    parser.add_argument("--thinning", type=int, default=None, help="default: (n - 1)^2")
    parser.add_argument("--burn-in", type=int, default=None, help="default: max(100, ceil(log(d + 1) / 4 d^3))")
    parser.add_argument("--chain-length", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds of each library")
    parser.add_argument("--threads", type=int, default=0, help="adva's threads (0 = every core; numpy runs on one)")
    args = parser.parse_args()
    A, b, E, f, x0 = ordinal_polytope(args.n)
    d = args.n - 1
    burn_in = default_burn_in(d) if args.burn_in is None else args.burn_in
    thinning = default_thinning(d) if args.thinning is None else args.thinning
    try:
        import adva
    except ImportError:
        adva = None
        print("adva is not installed (make python, then .venv/bin/python): numpy only")

    def violation(w):
        return max(float(-w.min()), float(np.abs(w.sum(axis=1) - 1).max()), float((w @ A.T - b).max(initial=0.0)))

    timings = {"numpy": [], "adva": []}
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        w = numpy_hit_and_run(A, b, E, f, x0, args.samples, burn_in, thinning, args.seed, args.chain_length)
        timings["numpy"].append(time.perf_counter() - t0)
        if adva is not None:
            t0 = time.perf_counter()
            v = adva.hit_and_run(args.n, A, b, count=args.samples, seed=args.seed, burn_in=burn_in, thinning=thinning,
                                 chain_length=args.chain_length, threads=args.threads)
            timings["adva"].append(time.perf_counter() - t0)
    print(f"n = {args.n}, {args.samples} samples, burn-in {burn_in}, thinning {thinning}, chains of {args.chain_length}, "
          f"{args.rounds} alternating rounds")
    numpy_median = float(np.median(timings["numpy"]))
    print(f"numpy {np.__version__}: median {numpy_median:.3f} s, {args.samples / numpy_median:.0f} samples/s; "
          f"largest constraint violation {violation(w):.1e}; mean w_0 {w[:, 0].mean():.4f}")
    if adva is not None:
        adva_median = float(np.median(timings["adva"]))
        print(f"adva {adva.__version__} (installed, threads={args.threads}): median {adva_median:.3f} s, "
              f"{args.samples / adva_median:.0f} samples/s; largest constraint violation {violation(v):.1e}; "
              f"mean w_0 {v[:, 0].mean():.4f}")
        print(f"ratio adva/numpy samples per second: {numpy_median / adva_median:.1f}")


if __name__ == "__main__":
    main()
