"""Decision-matrix mode: every method and weighting, checked against independent numpy formulas."""

import numpy as np
import pandas as pd
import pytest

import adva

X = np.array([[250.0, 16, 12, 5], [200, 16, 8, 3], [300, 32, 16, 4], [275, 32, 8, 4], [225, 16, 16, 2]])
TYPES = ["cost", "benefit", "benefit", "benefit"]
W = np.array([0.25, 0.25, 0.25, 0.25])


def minmax(x, types):
    lo, hi = x.min(0), x.max(0)
    r = (x - lo) / (hi - lo)
    cost = np.array([t == "cost" for t in types])
    r[:, cost] = 1 - r[:, cost]
    return r


def test_wsm_matches_formula():
    r = adva.evaluate(X, TYPES, weights=W, method="wsm")
    np.testing.assert_allclose(r.scores, minmax(X, TYPES) @ W, rtol=1e-12)
    assert r["scores"] is r.scores
    assert r.method == {"name": "wsm", "normalisation": "minmax"}
    assert r.ranking.tolist() == list(pd.Series(-r.scores).rank(method="min").astype(int))


def test_topsis_matches_formula():
    r = adva.evaluate(X, TYPES, weights=W)  # topsis, vector normalisation by default
    v = X / np.linalg.norm(X, axis=0)
    v[:, 0] = 1 - v[:, 0]
    v = v * W
    d_plus = np.linalg.norm(v - v.max(0), axis=1)
    d_minus = np.linalg.norm(v - v.min(0), axis=1)
    np.testing.assert_allclose(r.closeness, d_minus / (d_plus + d_minus), rtol=1e-12)
    np.testing.assert_allclose(r.distance_to_ideal, d_plus, rtol=1e-12)
    np.testing.assert_array_equal(r.scores, r.closeness)
    assert r.method["normalisation"] == "vector"
    m = adva.evaluate(X, TYPES, weights=W, method="topsis", normalisation="minmax")
    assert m.method["normalisation"] == "minmax"


def test_vikor_matches_formula():
    W = np.array([0.4, 0.3, 0.2, 0.1])
    r = adva.evaluate(X, TYPES, weights=W, method="vikor", v=0.3)
    best = np.where(np.array(TYPES) == "cost", X.min(0), X.max(0))
    worst = np.where(np.array(TYPES) == "cost", X.max(0), X.min(0))
    regret = W * (best - X) / (best - worst)
    S, R = regret.sum(1), regret.max(1)
    Q = 0.3 * (S - S.min()) / (S.max() - S.min()) + 0.7 * (R - R.min()) / (R.max() - R.min())
    np.testing.assert_allclose(r.S, S, rtol=1e-12)
    np.testing.assert_allclose(r.R, R, rtol=1e-12)
    np.testing.assert_allclose(r.Q, Q, rtol=1e-12, atol=1e-15)
    assert r.method["v"] == 0.3 and r.dq == pytest.approx(0.25)
    assert isinstance(r.acceptable_advantage, bool) and len(r.compromise) >= 1


def test_wpm_matches_formula():
    r = adva.evaluate(X, TYPES, weights=W, method="wpm")
    signs = np.where(np.array(TYPES) == "cost", -1.0, 1.0)
    np.testing.assert_allclose(r.log_scores, np.log(X) @ (signs * W), rtol=1e-12)
    np.testing.assert_allclose(r.scores, np.exp(r.log_scores), rtol=1e-12)


def promethee_flows(x, types, w, pref):
    m = len(x)
    sign = np.where(np.array(types) == "cost", -1.0, 1.0)
    d = (x[:, None, :] - x[None, :, :]) * sign
    P = pref(d)
    pi = (P * w).sum(2)
    plus, minus = pi.sum(1) / (m - 1), pi.sum(0) / (m - 1)
    return plus, minus


def test_promethee2_usual_and_linear():
    r = adva.evaluate(X, TYPES, weights=W, method="promethee2", preference="usual")
    plus, minus = promethee_flows(X, TYPES, W, lambda d: (d > 0).astype(float))
    np.testing.assert_allclose(r.phi_plus, plus, atol=1e-12)
    np.testing.assert_allclose(r.phi, plus - minus, atol=1e-12)
    q, p = 1.0, 20.0
    pref = [{"function": "linear", "q": q, "p": p}] * 4
    r = adva.evaluate(X, TYPES, weights=W, method="promethee2", preference=pref)
    plus, minus = promethee_flows(X, TYPES, W, lambda d: np.clip((d - q) / (p - q), 0, 1))
    np.testing.assert_allclose(r.phi, plus - minus, atol=1e-12)
    assert r.method["preference"][0] == {"function": "linear", "q": 1.0, "p": 20.0}


def test_promethee1_relations():
    r = adva.evaluate(X, TYPES, weights=W, method="promethee1", preference={"function": "usual"})
    for a, b in r.outranks:
        assert r.phi_plus[a] >= r.phi_plus[b] and r.phi_minus[a] <= r.phi_minus[b]
    assert "incomparable" in r and "indifferent" in r


def test_dataframe_labels_and_mappings():
    df = pd.DataFrame(X, index=list("ABCDE"), columns=["price", "ram", "storage", "camera"])
    types = {"price": "cost", "ram": "benefit", "storage": "benefit", "camera": "benefit"}
    weights = pd.Series({"camera": 0.1, "price": 0.4, "ram": 0.3, "storage": 0.2})
    r = adva.evaluate(df, types, weights=weights, method="wsm")
    np.testing.assert_allclose(r.weights, [0.4, 0.3, 0.2, 0.1])
    assert r.alternatives == list("ABCDE") and r.criteria == list(df.columns)
    frame = r.to_frame()
    assert list(frame.index) == list("ABCDE") and {"scores", "ranking"} <= set(frame.columns)
    assert r.to_dict()["alternatives"] == list("ABCDE")
    assert '"scores"' in r.to_json()
    assert "<table" in r._repr_html_()


def test_input_forms_agree():
    a = adva.evaluate(X, TYPES, weights=W)
    b = adva.evaluate(X.tolist(), TYPES, weights=W.tolist())
    c = adva.evaluate(np.asfortranarray(X), TYPES, weights=W)
    d = adva.evaluate(X.astype(np.int64), TYPES, weights=W)
    for r in (b, c, d):
        np.testing.assert_array_equal(a.scores, r.scores)
    e = adva.evaluate(X[:, ::2], TYPES[::2], weights=[0.5, 0.5])  # a strided view
    f = adva.evaluate(np.ascontiguousarray(X[:, ::2]), TYPES[::2], weights=[0.5, 0.5])
    np.testing.assert_array_equal(e.scores, f.scores)


@pytest.mark.parametrize("method", sorted(adva.METHODS))
def test_common_call_equals_the_checked_call(method):
    # float64 arrays and a list of types take the direct route; a tuple of types takes the checked one.
    options = {"preference": "usual"} if method.startswith("promethee") else {}
    fast = adva.evaluate(X, TYPES, weights=W, method=method, **options)
    checked = adva.evaluate(X, tuple(TYPES), weights=W, method=method, **options)
    assert list(fast.keys()) == list(checked.keys())
    assert fast.to_dict() == checked.to_dict()


@pytest.mark.parametrize("types,where", [
    (["cost", "benefit", 3, "benefit"], "/types/2"),
    (["cost", "benefit", "\ud800", "benefit"], "/types/2"),
    (["cost", "benefit", "gain", "benefit"], "/types/2"),
])
def test_common_call_errors_name_the_place(types, where):
    # A value the direct route refuses is explained as the checked route explains it.
    errors = []
    for form in (types, tuple(types)):
        with pytest.raises(adva.Error) as info:
            adva.evaluate(X, form, weights=W)
        errors.append((type(info.value), info.value.id, info.value.where))
    assert errors[0] == errors[1]
    assert errors[0][2] == where
    with pytest.raises(adva.Error) as info:
        adva.evaluate(X, TYPES, weights=W, method="\ud800")
    assert info.value.where == "/method/name"


def test_result_arrays_are_made_when_read_and_kept():
    r = adva.evaluate(X, TYPES, weights=W, method="topsis")
    first = r.ranking
    assert first is r.ranking and first is r["ranking"]
    assert first.dtype == np.int32 and r.closeness.dtype == np.float64
    first[0] = 99  # a writable array of its own, as before
    assert r.to_dict()["ranking"][0] == 99
    assert all(isinstance(r[k], np.ndarray) for k in ("scores", "distance_to_ideal", "weights"))
    assert set(r.to_frame().columns) >= {"scores", "ranking", "closeness"}


@pytest.mark.parametrize("weighting,expected", [
    ("equal", [0.25] * 4),
    ({"method": "direct", "values": [2, 1, 1, 0]}, [0.5, 0.25, 0.25, 0.0]),
    ({"method": "roc", "ranking": [1, 2, 3, 4]}, [25 / 48, 13 / 48, 7 / 48, 3 / 48]),
    ({"method": "rank_sum", "ranking": [1, 2, 3, 4]}, [0.4, 0.3, 0.2, 0.1]),
])
def test_weightings(weighting, expected):
    r = adva.evaluate(X, TYPES, weighting=weighting, method="wsm")
    np.testing.assert_allclose(r.weights, expected, rtol=1e-12)
    assert r.weighting["method"] == (weighting if isinstance(weighting, str) else weighting["method"])


def test_entropy_and_critic_weights():
    r = adva.evaluate(X, TYPES, weighting="entropy", method="wsm")
    p = X / X.sum(0)
    e = -(p * np.log(p)).sum(0) / np.log(len(X))
    np.testing.assert_allclose(r.weights, (1 - e) / (1 - e).sum(), rtol=1e-10)
    np.testing.assert_allclose(r.entropy, e, rtol=1e-10)
    c = adva.evaluate(X, TYPES, weighting={"method": "critic", "correlation": "spearman"}, method="wsm")
    assert c.weights.sum() == pytest.approx(1.0) and c.weighting["correlation"] == "spearman"
    w = adva.weights("critic", X, TYPES)
    assert w["weighting"] == {"method": "critic", "normalisation": "minmax", "invert_costs": True, "correlation": "pearson"}


def test_ahp_weights_and_consistency():
    pairwise = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]
    w = adva.weights("ahp", pairwise=pairwise)
    vals, vecs = np.linalg.eig(np.array(pairwise))
    k = np.argmax(vals.real)
    expected = np.abs(vecs[:, k].real) / np.abs(vecs[:, k].real).sum()
    np.testing.assert_allclose(w["weights"], expected, rtol=1e-8)
    assert w["lambda_max"] == pytest.approx(vals.real[k], rel=1e-8) and 0 <= w["cr"] < 0.1
    r = adva.evaluate(X[:, :3], TYPES[:3], weighting={"method": "ahp", "pairwise": pairwise}, method="topsis")
    assert r.cr == w["cr"]


def test_option_errors():
    with pytest.raises(adva.InvalidInputError) as info:
        adva.evaluate(X, TYPES, weights=W, method="vikor", normalisation="minmax")
    assert (info.value.id, info.value.where) == ("adva.json.unknown_key", "/method/normalisation")
    with pytest.raises(adva.InvalidInputError) as info:
        adva.evaluate(X, TYPES, weights=W, method="topsis", normalisation="l2")
    assert (info.value.id, info.value.where) == ("adva.json.unknown_name", "/method/normalisation")
    with pytest.raises(adva.InvalidInputError) as info:
        adva.evaluate(X, TYPES, weights=W, method="electre")
    assert info.value.where == "/method/name"
    with pytest.raises(adva.InvalidInputError) as info:
        adva.evaluate(X, TYPES, weights=W, vee=0.5)
    assert info.value.where == "/method/vee"
    with pytest.raises(adva.InvalidInputError) as info:
        adva.evaluate(X, TYPES, weights=[0.5, 0.5, 0.5, 0.5])
    assert info.value.id == "adva.weights.not_normalised"
    with pytest.raises(adva.InvalidInputError) as info:
        adva.evaluate(X, TYPES)
    assert info.value.id == "adva.json.missing_key"
    with pytest.raises(adva.InvalidInputError) as info:
        adva.evaluate(X, ["cost", "benefit", "gain", "benefit"], weights=W)
    assert (info.value.id, info.value.where) == ("adva.json.unknown_name", "/types/2")
    with pytest.raises(adva.InvalidInputError) as info:
        adva.evaluate(X, TYPES, weights=W, method="promethee2", preference={"function": "linear", "q": 1})
    assert (info.value.id, info.value.where) == ("adva.json.missing_key", "/method/preference/0/p")
    with pytest.raises(adva.InvalidInputError) as info:
        adva.evaluate(X, TYPES, weights=W, method="promethee2", preference={"function": "usual", "q": 1})
    assert (info.value.id, info.value.where) == ("adva.json.unknown_key", "/method/preference/0/q")
    with pytest.raises(adva.InvalidInputError) as info:
        adva.evaluate(X, TYPES, weighting={"method": "direct", "values": [1, 2]})
    assert (info.value.id, info.value.where) == ("adva.weights.size_mismatch", "/weighting/values")
    with pytest.raises(adva.InvalidInputError) as info:
        adva.evaluate(X, TYPES, weights=W, method="vikor", v=1.5)
    assert info.value.id == "adva.methods.vikor_v"


def test_method_table_is_complete():
    assert set(adva.METHODS) == {"wsm", "wpm", "topsis", "vikor", "promethee1", "promethee2"}
    for method, opts in adva.METHODS.items():
        kwargs = {"preference": "usual"} if "preference" in opts else {}
        r = adva.evaluate(X, TYPES, weights=W, method=method, **kwargs)
        assert len(r.scores) == len(X) and sorted(set(r.ranking)) [0] == 1
    for weighting in adva.WEIGHTINGS:
        spec = {"equal": "equal", "direct": {"method": "direct", "values": [1, 1, 1, 1]},
                "swing": {"method": "swing", "values": [100, 50, 50, 20]}, "roc": {"method": "roc", "ranking": [1, 2, 3, 4]},
                "rank_sum": {"method": "rank_sum", "ranking": [1, 2, 3, 4]},
                "reciprocal": {"method": "reciprocal", "ranking": [1, 2, 3, 4]}, "entropy": "entropy", "critic": "critic",
                "ahp": {"method": "ahp", "pairwise": np.ones((4, 4))}}[weighting]
        r = adva.evaluate(X, TYPES, weighting=spec, method="wsm")
        assert r.weights.sum() == pytest.approx(1.0)


def test_wpm_sum_normalisation_is_pymcdm_wpm():
    # pymcdm 1.4.0: pymcdm.methods.WPM() (sum normalisation, score prod r**w) on its docstring's
    # matrix with weights (8, 5, 6, 7)/26, types [1, 1, -1, -1]; computed outside the test suite
    # (pymcdm is not a test dependency).
    x = np.array([[96, 83, 75, 7], [63, 5, 56, 9], [72, 30, 32, 48], [11, 4, 27, 9], [77, 21, 17, 11]], dtype=float)
    w = np.array([8, 5, 6, 7]) / 26
    types = ["benefit", "benefit", "cost", "cost"]
    r = adva.evaluate(x, types, weights=w, method="wpm", normalisation="sum")
    np.testing.assert_allclose(r.scores, [0.2542121863334796, 0.13006702910370208, 0.13867898185894428,
                                          0.08618451530023429, 0.22743276864937176], rtol=1e-12)
    assert r.method == {"name": "wpm", "normalisation": "sum"}
    assert r.ranking.tolist() == [1, 4, 3, 5, 2] and r.ranking.dtype == np.int32
    assert adva.evaluate(x, types, weights=w, method="wpm").method["normalisation"] == "none"
    with pytest.raises(adva.InvalidInputError) as info:
        adva.evaluate(x, types, weights=w, method="wpm", normalisation="minmax")
    assert (info.value.id, info.value.where) == ("adva.json.unknown_name", "/method/normalisation")


def test_methods_and_their_options_come_from_the_registry():
    assert adva.METHODS["wpm"] == ("normalisation",) and adva.METHODS["vikor"] == ("v",)
    r = adva.evaluate(X, TYPES, weights=W, method="vikor")
    assert r.compromise.dtype == np.int32 and r.S.dtype == np.float64 and isinstance(r.acceptable_advantage, bool)
    with pytest.raises(adva.InvalidInputError) as info:  # an option of another method
        adva.evaluate(X, TYPES, weights=W, method="wsm", v=0.5)
    assert (info.value.id, info.value.where) == ("adva.json.unknown_key", "/method/v")
