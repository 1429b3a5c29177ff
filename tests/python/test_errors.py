"""C++ errors reach Python as adva.errors classes with the same message, id, where, rule and seen."""

import json

import numpy as np
import pytest

import adva


def test_hierarchy():
    assert issubclass(adva.InvalidInputError, adva.AdvaError)
    assert issubclass(adva.InvalidInputError, ValueError)
    assert issubclass(adva.LimitExceededError, adva.InvalidInputError)
    assert issubclass(adva.StageError, adva.AdvaError) and not issubclass(adva.StageError, ValueError)
    assert issubclass(adva.ComputationError, RuntimeError)


def test_model_error_carries_id_where_rule_seen(model):
    d = model.to_dict()
    d["options"][2]["scores"]["NO_SUCH"] = 50
    with pytest.raises(adva.InvalidInputError) as info:
        adva.load(d)
    e = info.value
    assert e.id == "adva.model.unknown_id"
    assert e.where == "/options/2/scores/NO_SUCH"
    assert e.rule and "NO_SUCH" in e.seen
    assert str(e) == f"[{e.id}] {e.where}: {e.rule} (seen: {e.seen})"
    assert isinstance(e, ValueError)


def test_json_parse_error(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text("{not json")
    with pytest.raises(adva.InvalidInputError) as info:
        adva.load(p)
    assert info.value.id == "adva.json.parse"


def test_limit_exceeded_is_invalid_input():
    deep = "[" * 200 + "]" * 200
    with pytest.raises(adva.LimitExceededError) as info:
        adva.Model.from_json(deep)
    assert info.value.id == "adva.json.limit"
    assert isinstance(info.value, ValueError)


def test_stage_error_on_double_lock(model):
    with pytest.raises(adva.StageError) as info:
        model.lock(by="again")
    assert info.value.id.startswith("adva.")
    assert "lock" in str(info.value).lower()


def test_evaluate_error_names_matrix_cell():
    x = np.array([[1.0, 2.0], [3.0, np.nan]])
    with pytest.raises(adva.InvalidInputError) as info:
        adva.evaluate(x, ["benefit", "cost"], weights=[0.5, 0.5])
    assert (info.value.id, info.value.where, info.value.seen) == ("adva.methods.not_finite", "/matrix/1/1", "NaN")


def test_errors_pickle():
    import pickle

    e = adva.InvalidInputError.make("adva.x", "/a", "rule", "1")
    back = pickle.loads(pickle.dumps(e))
    assert (type(back), str(back), back.id, back.where, back.rule, back.seen) == (type(e), str(e), "adva.x", "/a", "rule", "1")
