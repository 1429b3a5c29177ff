"""Robustness from Python: sensitivity, what-if, comparisons and SMAA (model and matrix)."""

import json

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


# --- results cross as Python objects built in C++: the same values as the CLI's documents -------------
def test_analyses_are_the_documents_the_cli_writes(result, adva_cli):
    # Key order too: the DataFrames' columns follow it (e.g. score_thresholds, node_weights).
    def same(data, text):
        assert json.dumps(data) == json.dumps(json.loads(text))

    same(result.sensitivity().data, adva_cli("sensitivity", "--format", "json"))
    runner_up, last = result.ranking.index[1], result.ranking.index[-1]
    same(result.what_if(runner_up).data, adva_cli("what-if", "--winner", runner_up, "--format", "json"))
    same(result.what_if(last, norm="linf").data, adva_cli("what-if", "--winner", last, "--norm", "linf", "--format", "json"))
    both = json.loads(adva_cli("compare", "--format", "json"))
    same(result.compare_methods().data, json.dumps(both["methods"]))
    same(result.compare_stakeholders().data, json.dumps(both["stakeholders"]))
    same(result.robustness(), json.dumps(json.loads(adva_cli("appraise", "--format", "json"))["robustness"]))


def test_model_smaa_arrays_are_the_cli_results(result, adva_cli):
    r = result.smaa(samples=3000, seed=11)
    doc = json.loads(adva_cli("smaa", "--samples", 3000, "--seed", 11, "--format", "json"))
    assert list(r.rank_acceptability.index) == doc["options"] and list(r.central_weights.columns) == doc["criteria"]
    n, c = len(doc["options"]), len(doc["criteria"])
    tables = {"rank_acceptability": (n, n), "rank_acceptability_standard_error": (n, n), "central_weights": (n, c),
              "central_weights_standard_error": (n, c), "pairwise_winning": (n, n), "pairwise_winning_standard_error": (n, n)}
    for key, shape in tables.items():
        frame = getattr(r, key)
        assert frame.shape == shape and (frame.dtypes == np.float64).all(), key
        expected = np.array([[np.nan] * shape[1] if row is None else [np.nan if x is None else x for x in row]
                             for row in doc[key]], dtype=float)
        np.testing.assert_array_equal(frame.to_numpy(), expected, err_msg=key)
    for key in ("confidence_factors", "confidence_factors_standard_error"):
        series = getattr(r, key)
        assert series.dtype == np.float64
        np.testing.assert_array_equal(series.to_numpy(), np.array([np.nan if x is None else x for x in doc[key]], dtype=float))
    assert (r.samples, r.weight_sampler, r.confidence_samples) == (
        doc["samples"], doc["weight_sampler"], doc["confidence_samples"])
    np.testing.assert_allclose(r.rank_acceptability.sum(axis=1), 1.0)
    defined = r.central_weights.dropna()
    assert len(defined) and np.allclose(defined.sum(axis=1), 1.0)  # central weights lie on the simplex


def test_matrix_smaa_takes_the_array_as_it_is():
    x = np.array([[0.9, 0.1, 3.0], [0.2, 0.8, 1.0], [0.5, 0.5, 2.0], [0.1, 0.2, 9.0]])
    kept = x.copy()
    r = adva.smaa(x, ["benefit", "benefit", "cost"], samples=5000, seed=2)
    np.testing.assert_array_equal(x, kept)  # cost columns are negated on the C++ copy, not the caller's array
    ra = r.rank_acceptability
    assert ra.shape == (4, 4) and (ra.dtypes == np.float64).all()
    assert r.central_weights.shape == (4, 3) and r.pairwise_winning.shape == (4, 4)
    np.testing.assert_allclose(ra.sum(axis=1), 1.0)
    np.testing.assert_allclose(ra.sum(axis=0), 1.0)
    p = r.pairwise_winning.to_numpy()
    np.testing.assert_allclose((p + p.T)[~np.eye(4, dtype=bool)], 1.0)  # no ties: one of each pair wins
    # Fortran order, a strided view, a DataFrame and nested lists of ints give identical results.
    wide = np.zeros((4, 6))
    wide[:, ::2] = x
    for same in (np.asfortranarray(x), wide[:, ::2], pd.DataFrame(x), x.tolist()):
        other = adva.smaa(same, ["benefit", "benefit", "cost"], samples=5000, seed=2)
        np.testing.assert_array_equal(other.rank_acceptability.to_numpy(), ra.to_numpy())
        np.testing.assert_array_equal(other.central_weights.to_numpy(), r.central_weights.to_numpy())
    flipped = adva.smaa(x[::-1], ["benefit", "benefit", "cost"], samples=5000, seed=2)  # negative strides
    np.testing.assert_allclose(flipped.rank_acceptability.to_numpy()[::-1], ra.to_numpy(), atol=0.03)
    np.testing.assert_allclose(flipped.pairwise_winning.to_numpy()[::-1, ::-1], p, atol=0.03)
    ints = adva.smaa(np.array([[3, 1], [1, 3]], dtype=np.int32), samples=1000, seed=1)
    np.testing.assert_array_equal(ints.rank_acceptability.to_numpy(),
                                  adva.smaa([[3.0, 1.0], [1.0, 3.0]], samples=1000, seed=1).rank_acceptability.to_numpy())


@pytest.mark.parametrize("bad, seen", [(np.inf, "inf"), (-np.inf, "-inf"), (np.nan, "NaN")])
def test_matrix_smaa_refuses_non_finite_cells_as_they_were_given(bad, seen):
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    x[1, 1] = bad
    for types in (None, ["benefit", "cost"]):  # a cost column is negated after the check
        with pytest.raises(adva.InvalidInputError) as info:
            adva.smaa(x, types, samples=10)
        assert (info.value.id, info.value.where, info.value.seen) == ("adva.smaa.not_finite", "/matrix/1/1", seen)
    # An uncertain cell's matrix entry is only informative, but still a number.
    u = [[None, None], [None, {"distribution": "uniform", "lower": 0.0, "upper": 1.0}]]
    with pytest.raises(adva.InvalidInputError) as info:
        adva.smaa(x, uncertainty=u, samples=10)
    assert (info.value.id, info.value.where) == ("adva.smaa.not_finite", "/matrix/1/1")


@pytest.mark.parametrize("values", [np.array([[1 + 1j, 2.0]]), np.array([[1.0, "a"]], dtype=object),
                                    np.array([[True, False]])])
def test_matrix_smaa_refuses_complex_object_and_bool_arrays(values):
    with pytest.raises(adva.InvalidTypeError) as info:
        adva.smaa(values, samples=10)
    assert (info.value.id, info.value.where) == ("adva.python.type", "/matrix")
