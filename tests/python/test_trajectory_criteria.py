"""Trajectory-derived criteria from Python: the embedded model's "Sustaining improvement" takes each
option's discounted level as its score, through its value function; nobody can type it in."""

import json

import numpy as np
import pytest

import adva


def piecewise(x: float) -> float:
    """SF_sustaining's value function: 0 up to an average of 30, 100 from 70, straight between."""
    return float(np.interp(x, [0, 30, 70, 100], [0, 0, 100, 100]))


def test_the_embedded_model_derives_sustaining_improvement(model):
    assert model.criteria.loc["SF_sustaining", "trajectory_measure"] == "discounted_level"
    assert model.criteria.loc["SF_practice", "trajectory_measure"] == ""
    # Not written, so not among the scores people gave.
    document = model.to_dict()
    assert all("SF_sustaining" not in o.get("scores", {}) for o in document["options"])
    assert model.scores["SF_sustaining"].isna().all()


def test_derived_values_follow_the_trajectories(model):
    result = model.appraise()
    values = result.values["SF_sustaining"]
    cli = adva.load(json.loads(model.to_json()))  # read again: derived again, to the same numbers
    assert cli.appraise().values["SF_sustaining"].equals(values)
    trajectories = model.trajectories(samples=10_000, seed=1)
    for option, value in values.dropna().items():
        level = trajectories.measures.loc[option, "discounted_level"]
        assert value == pytest.approx(piecewise(level), abs=1e-9)
    assert values.max() - values.min() > 20  # it separates the options


def test_a_derived_score_cannot_be_typed(unlocked):
    with pytest.raises(adva.InvalidInputError) as caught:
        unlocked.set_score("O3", "SF_sustaining", 60.0)
    assert caught.value.id == "adva.trajectory.criterion"
    assert caught.value.where == "/options/2/scores/SF_sustaining"
