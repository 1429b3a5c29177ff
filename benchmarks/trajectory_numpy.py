#!/usr/bin/env python3
"""adva trajectory against a vectorised numpy version of the same model, in one run.

Both compute, for every option of the embedded children's services model, N sampled trajectories
(docs/trajectories.md: plan, then trough, then exponential recovery) at 41 points over the horizon,
and from them P(at the target grade at the target year), the expected years until above it for good
(censored at the horizon) and the discounted average level. numpy draws its own random numbers
(scipy-free: PERT through numpy's beta), so its figures agree with adva's within Monte Carlo error,
which the script checks (4 standard errors). Times: the CLI as `make demo` builds it (process start
and the model's checks included) and numpy, alternating, best of --rounds.

Usage: benchmarks/trajectory_numpy.py [--adva build/adva] [--samples 1000000] [--threads 2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time

import numpy as np


def draw(rng: np.random.Generator, spec, n: int, domain: tuple[float, float]) -> np.ndarray:
    if not isinstance(spec, dict):
        return np.full(n, float(spec))
    kind = spec.get("distribution", "point")
    if kind == "point":
        return np.full(n, float(spec["value"]))
    lo, hi = float(spec.get("low", 0.0)), float(spec.get("high", 0.0))
    if kind == "range":
        return rng.uniform(lo, hi, n)
    if kind == "triangular":
        return rng.triangular(lo, float(spec["mode"]), hi, n)
    if kind == "pert":
        mode = float(spec["mode"])
        a, b = 1 + 4 * (mode - lo) / (hi - lo), 1 + 4 * (hi - mode) / (hi - lo)
        return lo + (hi - lo) * rng.beta(a, b, n)
    raise ValueError(f"distribution {kind} is not in this benchmark")


def plan_level(t: np.ndarray, current: float, milestones) -> np.ndarray:
    years = [0.0] + [m["year"] for m in milestones]
    levels = [current] + [m["level"] for m in milestones]
    return np.interp(t, years, levels)  # flat after the last milestone, as adva's plan


def numpy_measures(model: dict, n: int, seed: int = 1, discounted: bool = True) -> dict[str, dict[str, float]]:
    imp = model["improvement"]
    scale = imp.get("scale", {"lower": 0, "upper": 100})
    grade = next(g for g in scale["grades"] if g["id"] == imp["target"]["grade"])
    theta, target_year, horizon = grade["from"], imp["target"]["year"], imp.get("horizon", 10.0)
    rho = np.log1p(imp.get("discount_rate", 0.015))
    times = np.linspace(0.0, horizon, 41)
    fine = np.linspace(0.0, horizon, 2001)  # the discounted average by the trapezoid rule
    weights = np.exp(-rho * fine)
    rng = np.random.default_rng(seed)
    plan = imp["plan"]
    out = {}
    for option in model["options"]:
        t = imp.get("transitions", {}).get(option["id"])
        if t is None:
            continue
        s = draw(rng, t["start"], n, (0, horizon))
        d = draw(rng, t["dip_depth"], n, (0, 100))
        dur = draw(rng, t["dip_duration"], n, (0, horizon))
        r = draw(rng, t["recovery_rate"], n, (0, 100))
        big_l = draw(rng, t["long_run_level"], n, (0, 100))
        before = plan_level(s, plan["current_level"], plan["milestones"])
        m = np.maximum(scale["lower"], before - d)

        def level(x: np.ndarray, s=s, dur=dur, big_l=big_l, m=m, r=r) -> np.ndarray:  # x: (k,) times -> (n, k)
            x = x[None, :]
            rec = s[:, None] + dur[:, None]
            q = big_l[:, None] + (m - big_l)[:, None] * np.exp(-r[:, None] * np.maximum(x - rec, 0.0))
            q = np.where(x < rec, m[:, None], q)
            return np.where(x < s[:, None], plan_level(x, plan["current_level"], plan["milestones"]), q)

        at_target = level(np.array([target_year]))[:, 0] >= theta
        # Above for good from: the recovery's crossing when the trough is below theta (never if L <= theta).
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = s + dur + np.log((big_l - m) / (big_l - theta)) / r
        tau = np.where(m < theta, np.where(big_l > theta, cross, np.inf), np.nan)
        # At or above theta at the trough: the end of the plan's last time below theta before s.
        plan_grid = np.linspace(0.0, horizon, 20001)
        below = plan_level(plan_grid, plan["current_level"], plan["milestones"]) < theta
        # The same for every start past the plan's crossing, as in this model.
        last_below = np.array([plan_grid[below & (plan_grid < si)].max(initial=0.0) for si in s[:1]])
        tau = np.where(np.isnan(tau), np.where(big_l >= theta, last_below[0], np.inf), tau)
        time_to = np.minimum(tau, horizon)
        paths = level(times)  # the expected path and its bands, as adva gives them
        path_mean, bands = paths.mean(axis=0), np.percentile(paths, [5, 25, 50, 75, 95], axis=0)
        out[option["id"]] = {"at_target": float(at_target.mean()), "at_target_se": float(at_target.std() / np.sqrt(n)),
                             "time_to_target": float(time_to.mean()), "time_se": float(time_to.std() / np.sqrt(n)),
                             "path_mean": path_mean, "bands": bands}
        if not discounted:
            continue
        chunks = []
        for k in range(0, n, 100_000):  # the fine grid in chunks: bounded memory
            q = level(fine)[k:k + 100_000] if n <= 100_000 else None
            if q is None:
                sl = slice(k, k + 100_000)
                x = fine[None, :]
                rec = (s[sl] + dur[sl])[:, None]
                qq = big_l[sl, None] + (m[sl] - big_l[sl])[:, None] * np.exp(-r[sl, None] * np.maximum(x - rec, 0.0))
                qq = np.where(x < rec, m[sl, None], qq)
                q = np.where(x < s[sl, None], plan_level(x, plan["current_level"], plan["milestones"]), qq)
            chunks.append(np.trapezoid(q * weights, fine, axis=1) / np.trapezoid(weights, fine))
        disc = np.concatenate(chunks)
        out[option["id"]].update({"discounted_level": float(disc.mean()), "level_se": float(disc.std() / np.sqrt(n))})
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--adva", default="build/adva")
    ap.add_argument("--samples", type=int, default=1_000_000, help="samples of the timed runs")
    ap.add_argument("--check-samples", type=int, default=100_000, help="samples of the agreement check (untimed)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    with open("examples/childrens_services.json", encoding="utf-8") as f:
        model = json.load(f)

    def adva_run(n: int) -> dict:
        cmd = [a.adva, "trajectory", "--samples", str(n), "--threads", str(a.threads), "--format", "json"]
        return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)

    # Agreement: the two implementations, with their own random numbers, within Monte Carlo error
    # (the discounted level checked against a trapezoid rule on a fine grid).
    doc, ref = adva_run(a.check_samples), numpy_measures(model, a.check_samples)
    worst = 0.0
    for o in doc["options"]:
        if o["option"] not in ref or o["exact"]:
            continue
        r = ref[o["option"]]
        for key, se_key in (("at_target", "at_target_se"), ("time_to_target", "time_se"), ("discounted_level", "level_se")):
            ours = o[key]
            se = np.hypot(r[se_key], ours["standard_error"])
            z = abs(ours["value"] - r[key]) / se if se > 0 else 0.0
            worst = max(worst, z)
            print(f"{o['option']} {key:17s} adva {ours['value']:.4f}  numpy {r[key]:.4f}  z {z:.1f}")
    print(f"\nagreement at {a.check_samples} samples: largest difference {worst:.1f} standard errors "
          f"({'ok' if worst <= 4 else 'CHECK'})")

    # Timing: adva's whole run (every measure, bands from its histograms) against numpy's paths at the
    # 41 points with their mean and percentiles, the target probability and the crossing times.
    adva_times, numpy_times = [], []
    for _ in range(a.rounds):
        t0 = time.perf_counter()
        adva_run(a.samples)
        adva_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        numpy_measures(model, a.samples, discounted=False)
        numpy_times.append(time.perf_counter() - t0)
    n_opt = sum(1 for o in doc["options"] if not o["exact"])
    print(f"{a.samples} samples x {n_opt} options with uncertain transitions, 41 path points; numpy {np.__version__}")
    print(f"adva CLI ({a.threads} threads, process start included): best {min(adva_times):.2f} s; "
          f"numpy (1 thread): best {min(numpy_times):.2f} s; ratio {min(numpy_times) / min(adva_times):.1f}x")


if __name__ == "__main__":
    main()
