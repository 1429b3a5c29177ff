"""Robustness from Python: sensitivity, what-if, comparisons and SMAA (model and matrix)."""

import numpy as np
import pandas as pd
import pytest

import adva


def test_sensitivity(result):
    s = result.sensitivity()
    assert s.winner == result.winner and s.convention == "proportional_siblings"
    assert set(s.nodes.index) == set(result.weights.index)
    cur = s.tornado[s.tornado["option"] == s.winner]["at_current"]
    assert np.allclose(cur, result.ranking.loc[s.winner, "total"])
    n = s.nodes
    assert ((n["winner_stable_lower"] <= n["weight"] + 1e-12) & (n["weight"] <= n["winner_stable_upper"] + 1e-12)).all()
    swing = s.winner_swing()
    assert swing["swing"].abs().is_monotonic_decreasing
    assert {"option", "criterion", "value_change", "within_scale"} <= set(s.score_thresholds.columns)


def test_what_if(result):
    runner_up = result.ranking.index[1]
    w = result.what_if(runner_up)
    assert w.option == runner_up and w.norm == "l1"
    if w.possible:
        assert w.distance > 0 and w.new_ranking.loc[runner_up, "rank"] == 1
        assert w.leaf_weights["new"].sum() == pytest.approx(1.0)
    assert result.what_if(result.winner, norm="linf").already_winner
    with pytest.raises(adva.InvalidInputError):
        result.what_if(runner_up, norm="l2")


def test_comparisons(result):
    m = result.compare_methods()
    assert "additive" in m.methods.index and m.ranks.loc[result.winner, "additive"] == 1
    s = result.compare_stakeholders()
    assert "consensus" in s.ranks.columns and s.ranks.loc[result.winner, "consensus"] == 1
    assert ((s.kendall["tau_b"] >= -1) & (s.kendall["tau_b"] <= 1)).all()


def test_model_smaa_same_seed_same_results(result):
    a = result.smaa(samples=4000, seed=7)
    b = result.smaa(samples=4000, seed=7, threads=1)
    c = result.smaa(samples=4000, seed=8)
    pd.testing.assert_frame_equal(a.rank_acceptability, b.rank_acceptability)
    pd.testing.assert_frame_equal(a.central_weights, b.central_weights)
    assert not a.rank_acceptability.equals(c.rank_acceptability)
    np.testing.assert_allclose(a.rank_acceptability.sum(axis=1), 1.0)
    assert set(a.rank_acceptability.index) == set(result.ranking.index)
    # A model's rows are options (docs/python.md, "Names"); a plain matrix's are alternatives.
    assert a.rank_acceptability.index.name == a.central_weights.index.name == a.confidence_factors.index.name == "option"
    assert result.robustness()["winner"] == result.winner


def test_matrix_smaa():
    values = pd.DataFrame([[1.0, 0.0], [0.0, 1.0], [0.4, 0.4]], index=["a", "b", "c"], columns=["x", "y"])
    r = adva.smaa(values, samples=20000, seed=1)
    ra = r.rank_acceptability
    assert list(ra.index) == ["a", "b", "c"] and list(ra.columns) == [1, 2, 3]
    assert ra.index.name == "alternative"
    # Uniform weights on two criteria: a wins when w_x > 1/2, b otherwise; c (0.4) is never first.
    assert ra.loc["a", 1] == pytest.approx(0.5, abs=0.02) and ra.loc["c", 1] == 0
    assert r.central_weights.loc["a", "x"] == pytest.approx(0.75, abs=0.01)
    assert np.isnan(r.central_weights.loc["c"]).all()
    ordinal = adva.smaa(values, weights={"information": "ordinal", "rank": [1, 2]}, samples=5000, seed=1)
    assert ordinal.rank_acceptability.loc["a", 1] == pytest.approx(1.0)
    with pytest.raises(adva.InvalidInputError):
        adva.smaa(values, weights={"information": "ordinal", "rank": [1, 1]})
    with pytest.raises(adva.InvalidInputError) as info:
        adva.smaa([[1.0, np.nan]])
    assert (info.value.id, info.value.where) == ("adva.smaa.not_finite", "/matrix/0/1")


@pytest.mark.parametrize("threads", [1025, 10**6, 10**12])
def test_thread_counts_beyond_the_bound_are_refused(result, threads):
    # One rule everywhere (adva/threads.hpp): 0 = every core, else 1 to 1024. A TBB arena of 10^6
    # threads used to crash the interpreter.
    with pytest.raises(adva.LimitExceededError) as e:
        adva.smaa([[1.0, 2.0], [2.0, 1.0]], samples=100, threads=threads)
    assert e.value.id == "adva.limits.threads"
    assert e.value.where == "threads"
    with pytest.raises(adva.LimitExceededError, match=r"\[adva\.limits\.threads\]"):
        result.smaa(samples=100, threads=threads)
