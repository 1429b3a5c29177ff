"""SMAA on what a group said about the weights, and hit-and-run on any weight polytope, from Python."""

import numpy as np
import pytest

import adva

PANEL = {"judges": [
    {"by": "DCS", "judgements": [{"more": "ACH_time", "less": "ACH_transition", "ratio": 4},
                                 {"more": "ACH_time", "less": "ACH_staff", "ratio": 2},
                                 {"more": "ACH_staff", "less": "ACH_transition", "ratio": 2}]},
    {"by": "Head of service", "judgements": [{"more": "ACH_time", "less": "ACH_transition", "ratio": 3},
                                             {"more": "ACH_time", "less": "ACH_staff", "ratio": 3},
                                             {"more": "ACH_staff", "less": "ACH_transition", "ratio": 1}]}]}


def _parent_of(model, criterion):
    return next(c.get("parent") for c in model.to_dict()["criteria"] if c["id"] == criterion)


def test_smaa_on_a_groups_elicited_weights(unlocked):
    unlocked.set_answer("Q17", "officers", method="ahp", judgements=PANEL)
    result = unlocked.appraise()
    s = result.smaa(samples=4096, seed=3, weights="elicited", group="officers")
    assert s.weights == "elicited" and s.weights_group == "officers"
    assert s.weight_sampler == "per_parent_hit_and_run"
    parents = {p["parent"]: p for p in s.elicited_parents}
    ach = parents[_parent_of(unlocked, "ACH_time")]
    assert set(ach["children"]) == {"ACH_time", "ACH_transition", "ACH_staff"}
    assert "AHP" in ach["source"] and "Q17" in ach["source"]
    assert ach["dimension"] == 2 and ach["burn_in"] >= 100 and ach["thinning"] == 4 and ach["chain_length"] == 2048

    # The same bits on one thread; other answers than uniform change the indices.
    same = result.smaa(samples=4096, seed=3, threads=1, weights="elicited", group="officers")
    assert np.array_equal(same.rank_acceptability.to_numpy(), s.rank_acceptability.to_numpy())
    uniform = result.smaa(samples=4096, seed=3)
    assert uniform.weights == "per_parent_uniform" and uniform.elicited_parents == []
    assert not np.array_equal(uniform.central_weights.to_numpy(), s.central_weights.to_numpy())


def test_smaa_weights_arguments_are_checked(result):
    with pytest.raises(adva.InvalidInputError) as info:
        result.smaa(samples=100, weights="ordinal")
    assert info.value.id == "adva.smaa.weights"
    with pytest.raises(adva.InvalidInputError) as info:
        result.smaa(samples=100, group="officers")
    assert info.value.id == "adva.python.argument"
    with pytest.raises(adva.InvalidInputError) as info:
        result.smaa(samples=100, weights="elicited", group="nobody")
    assert info.value.id == "adva.smaa.unknown_group"


def test_hit_and_run_samples_a_polytope_uniformly_on_any_thread_count():
    A = [[-1.0, 1.0, 0.0], [0.0, -1.0, 1.0]]  # w0 >= w1 >= w2
    w = adva.hit_and_run(3, A, [0.0, 0.0], count=40_000, seed=5)
    assert w.shape == (40_000, 3) and w.dtype == np.float64
    assert (np.diff(w, axis=1) <= 1e-12).all() and np.allclose(w.sum(axis=1), 1.0)
    # The centroid of the ordinal triangle is the mean of its vertices.
    assert np.allclose(w.mean(axis=0), [11 / 18, 5 / 18, 2 / 18], atol=0.01)
    one = adva.hit_and_run(3, A, [0.0, 0.0], count=3000, seed=5, threads=1, chain_length=500)
    two = adva.hit_and_run(3, A, [0.0, 0.0], count=3000, seed=5, threads=2, chain_length=500)
    assert np.array_equal(one, two)
    tie = adva.hit_and_run(3, E=[[1.0, -1.0, 0.0]], f=[0.0], count=200, burn_in=10, thinning=1)
    assert np.allclose(tie[:, 0], tie[:, 1])


def test_hit_and_run_refuses_bad_polytopes():
    with pytest.raises(adva.InvalidInputError) as info:
        adva.hit_and_run(3, [[1.0, 0.0]], [0.5])
    assert info.value.id == "adva.polytope.size"
    with pytest.raises(adva.InvalidInputError) as info:
        adva.hit_and_run(2, [[1.0, 0.0], [0.0, 1.0]], [0.2, 0.2])  # w0, w1 <= 0.2 cannot sum to 1
    assert info.value.id == "adva.polytope.empty"
    with pytest.raises(adva.InvalidInputError) as info:
        adva.hit_and_run(0)
    assert info.value.id == "adva.python.range"
