#!/usr/bin/env python3
"""A straightforward vectorised numpy SMAA-2 on the problem of benchmarks/smaa_bench.cpp.

10 alternatives x 20 criteria, values ((i*7 + k*13) % 17) / 16, uniform weights on the simplex
(normalised exponentials), exact values, rank = 1 + number strictly better. Processed in chunks so
memory stays bounded, as a careful numpy user would. Prints the best of --repeat runs in ms.
"""
import argparse
import time

import numpy as np


def smaa2(values, samples, rng, chunk=100_000):
    a, c = values.shape
    rank_counts = np.zeros((a, a), dtype=np.int64)
    pair_counts = np.zeros((a, a), dtype=np.int64)
    cw_sum = np.zeros((a, c))
    for start in range(0, samples, chunk):
        n = min(chunk, samples - start)
        w = rng.exponential(size=(n, c))
        w /= w.sum(axis=1, keepdims=True)
        u = w @ values.T                                   # n x a utilities
        better = (u[:, None, :] > u[:, :, None])           # [b, i, j]: j strictly better than i
        ranks = better.sum(axis=2)                         # 0-based rank
        for i in range(a):
            rank_counts[i] += np.bincount(ranks[:, i], minlength=a)
            first = ranks[:, i] == 0
            cw_sum[i] += w[first].sum(axis=0)
        pair_counts += better.sum(axis=0).T                # [i, j]: u_i > u_j
    ra = rank_counts / samples
    with np.errstate(invalid="ignore"):
        cw = cw_sum / rank_counts[:, :1]
    return ra, cw, pair_counts / samples


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    i, k = np.meshgrid(np.arange(10), np.arange(20), indexing="ij")
    values = ((i * 7 + k * 13) % 17) / 16.0
    best = float("inf")
    for r in range(args.repeat):
        rng = np.random.default_rng(r)
        t0 = time.perf_counter()
        ra, cw, pw = smaa2(values, args.samples, rng)
        best = min(best, time.perf_counter() - t0)
    print(f"numpy {np.__version__}: best of {args.repeat}: {best * 1e3:.1f} ms; ra[0,0] = {ra[0, 0]:.4f}")
    print(f"numpy_ms {best * 1e3:.3f}")


if __name__ == "__main__":
    main()
