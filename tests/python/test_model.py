"""Models from Python: load, edit with validation, lock / reopen, lossless JSON."""

import os
import stat

import pandas as pd
import pytest

import adva


def test_default_model_is_locked_and_scored(model):
    g = model.governance
    assert g["state"] == "locked" and g["locked"] and g["digest_matches"]
    assert g["audit"][0]["action"] == "lock"
    assert model.illustrative
    assert not model.scores.isna().all().all()


def test_starter_model_has_no_scores_or_answers():
    m = adva.starter_model()
    assert m.scores.isna().all().all()
    for f in m.to_dict()["functions"]:
        for q in f["questions"]:
            assert not q.get("answers")


def test_init_model_is_a_deprecated_name_of_starter_model():
    with pytest.warns(DeprecationWarning, match=r"adva\.init_model is deprecated; use adva\.starter_model"):
        m = adva.init_model()
    assert m == adva.starter_model()
    assert "init_model" not in adva.__all__ and "starter_model" in adva.__all__


def test_json_round_trip_is_lossless(model, tmp_path):
    assert adva.Model.from_json(model.to_json()) == model
    assert adva.load(model.to_dict()) == model
    p = tmp_path / "m.json"
    model.save(p)
    again = adva.load(str(p))
    assert again == model and again.to_dict() == model.to_dict()


def test_save_follows_the_output_policy(model, tmp_path):
    p = tmp_path / "m.json"
    p.write_text("earlier")
    model.save(p)  # an existing file is replaced by default, as Python writers do
    assert adva.load(p) == model
    with pytest.raises(adva.InvalidInputError) as e:
        model.save(p, overwrite=False)
    assert (e.value.id, e.value.where) == ("adva.io.output_exists", "path")
    assert adva.load(p) == model

    with pytest.raises(adva.InvalidInputError) as e:
        model.save(tmp_path)
    assert e.value.id == "adva.io.output_not_file"
    assert tmp_path.is_dir()

    model.save(os.devnull, overwrite=False)  # written into, not replaced: no overwrite needed
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)

    with pytest.raises(adva.InvalidInputError) as e:
        model.save(str(tmp_path / "m.json") + "\0.bak")  # the system would see the name cut short
    assert e.value.id == "adva.python.path"

    with pytest.raises(adva.AdvaError) as e:
        model.save(tmp_path / "missing" / "m.json")
    assert e.value.id == "adva.io.write"
    assert [x.name for x in tmp_path.iterdir()] == ["m.json"]  # no temporary file left anywhere


def test_views(model):
    c = model.criteria
    assert isinstance(c, pd.DataFrame) and c.index.name == "id"
    leaves = c.index[c["leaf"]].tolist()
    assert list(model.scores.columns) == leaves
    assert list(model.scores.index) == model.option_ids
    assert list(model.options.index) == model.option_ids
    assert set(model.attributes.columns) == {a["id"] for a in model.to_dict()["attributes"]}
    assert model.context["discount_rate"] == pytest.approx(0.035)
    assert "members" in model.group_ids


def test_uncertain_score_shows_central_value(model):
    # O1's SF_improvement is a range 0-10 in the default model: its central value is 5.
    assert model.scores.loc["O1", "SF_improvement"] == pytest.approx(5.0)


def test_edits_on_locked_framing_need_reopen(model):
    with pytest.raises(adva.StageError) as info:
        model.set_weight("SF", 10)
    assert info.value.id == "adva.stage.locked"
    assert model.criteria.loc["SF", "weight"] == 100  # unchanged
    model.reopen("members asked for a lower weight", by="board")
    model.set_weight("SF", 10)
    assert model.criteria.loc["SF", "weight"] == 10
    g = model.governance
    assert g["state"] == "reopened" and g["weights_revised_after_scoring"] == 1
    assert g["audit"][-1]["reason"] == "members asked for a lower weight"
    model.lock(by="board")
    assert model.governance["state"] == "locked"


def test_scoring_is_allowed_while_locked(model):
    model.set_score("O1", "SF_practice", 33, rationale="re-scored")
    assert model.scores.loc["O1", "SF_practice"] == 33
    assert model.governance["state"] == "locked"
    model.set_score("O1", "SF_practice", distribution="triangular", low=20, value=30, high=50)
    assert model.scores.loc["O1", "SF_practice"] == pytest.approx(100 / 3)
    model.set_score("O1", "SF_practice", distribution="normal", value=40, sd=5)
    assert model.to_dict()["options"][0]["scores"]["SF_practice"]["sd"] == 5


def test_invalid_edit_changes_nothing(model):
    before = model.to_dict()
    with pytest.raises(adva.InvalidInputError) as info:
        model.set_score("O1", "SF_practice", 150)
    assert info.value.id == "adva.model.out_of_scale" and info.value.where == "/options/0/scores/SF_practice"
    assert model.to_dict() == before
    with pytest.raises(adva.InvalidInputError) as info:
        model.set_score("NOPE", "SF_practice", 1)
    assert (info.value.id, info.value.where) == ("adva.model.unknown_id", "option")


def test_governance_changes_only_through_lock_and_reopen(model):
    with pytest.raises(adva.StageError) as info, model.edit() as d:
        d["governance"]["locked"] = False
    assert info.value.id == "adva.stage.governance_edit"
    assert model.governance["locked"]


def test_edit_context_manager_and_context(unlocked):
    with unlocked.edit() as d:
        d["context"]["discount_rate"] = 0.03
    assert unlocked.context["discount_rate"] == 0.03
    unlocked.set_context(horizon_years=15)
    assert unlocked.context["horizon_years"] == 15
    with pytest.raises(adva.InvalidInputError) as info:
        unlocked.set_context(discount_rate=1.5)
    assert info.value.id == "adva.model.bad_context"
    with pytest.raises(adva.InvalidInputError):
        unlocked.set_context(discount_rate=float("nan"))


def test_attributes_answers_and_options(unlocked):
    unlocked.set_attribute("O1", "operational_independence", True)
    assert bool(unlocked.attributes.loc["O1", "operational_independence"]) is True
    with pytest.raises(adva.InvalidInputError) as info:
        unlocked.set_attribute("O1", "operational_independence", "yes")
    assert info.value.id == "adva.model.attribute_type"
    q = next(q for f in unlocked.to_dict()["functions"] for q in f["questions"] if q["kind"] == "weight")
    swing = {c: 50 for c in q["criteria"]}
    swing[q["criteria"][0]] = 100
    unlocked.set_answer(q["id"], "members", swing=swing, rationale="workshop 2")
    a = next(a for f in unlocked.to_dict()["functions"] for x in f["questions"] if x["id"] == q["id"] for a in x["answers"]
             if a["group"] == "members")
    assert a["swing"] == swing and a["rationale"] == "workshop 2"
    with pytest.raises(adva.InvalidInputError):
        unlocked.set_answer("NO_Q", "members", swing={})
    n = len(unlocked.option_ids)
    unlocked.add_option("O_new", "New option", "mutual")
    assert unlocked.option_ids[-1] == "O_new" and len(unlocked.option_ids) == n + 1
    unlocked.remove_option("O_new")
    assert "O_new" not in unlocked.option_ids
    with pytest.raises(adva.InvalidInputError):
        unlocked.add_option("O1", "duplicate")


def _answer(model, question, group):
    return next(a for f in model.to_dict()["functions"] for q in f["questions"] if q["id"] == question
                for a in q["answers"] if a["group"] == group)


def test_elicited_answers_derive_their_swings(unlocked):
    # AHP on Q17: time 4x transition and 2x staff, staff 2x transition (consistent): swings 100, 25, 50.
    judgements = [{"more": "ACH_time", "less": "ACH_transition", "ratio": 4},
                  {"more": "ACH_time", "less": "ACH_staff", "ratio": 2},
                  {"more": "ACH_staff", "less": "ACH_transition", "ratio": 2}]
    unlocked.set_answer("Q17", "officers", method="ahp", judgements={"judges": [{"by": "DCS", "judgements": judgements}]})
    a = _answer(unlocked, "Q17", "officers")
    assert a["method"] == "ahp" and a["elicited"]["consistent"] is True
    assert a["swing"]["ACH_time"] == 100.0
    assert a["swing"]["ACH_staff"] == pytest.approx(50, rel=1e-12)
    assert a["swing"]["ACH_transition"] == pytest.approx(25, rel=1e-12)

    # MACBETH on Q10, replacing a typed swing answer whole.
    unlocked.set_answer("Q10", "members", method="macbeth", judgements={"judgements": [
        {"more": "AFF_budget", "less": "[all lower]", "category": "strong"},
        {"more": "AFF_tax", "less": "[all lower]", "category": "weak"}]})
    a = _answer(unlocked, "Q10", "members")
    assert a["method"] == "macbeth" and a["swing"]["AFF_budget"] == 100.0
    assert 0 < a["swing"]["AFF_tax"] < 100
    assert set(a["elicited"]["weight_ranges"]) == {"AFF_budget", "AFF_tax"}

    # Back to typed swings: the judgements and their record go.
    unlocked.set_answer("Q10", "members", method="swing", swing={"AFF_budget": 100, "AFF_tax": 40})
    a = _answer(unlocked, "Q10", "members")
    assert "macbeth" not in a and "elicited" not in a and a["swing"] == {"AFF_budget": 100, "AFF_tax": 40}

    before = unlocked.to_dict()
    with pytest.raises(adva.InvalidInputError) as info:
        unlocked.set_answer("Q10", "members", method="macbeth")
    assert info.value.id == "adva.python.argument"
    with pytest.raises(adva.InvalidInputError) as info:
        unlocked.set_answer("Q10", "members", judgements={"judgements": []})
    assert info.value.id == "adva.python.argument"
    with pytest.raises(adva.InvalidInputError) as info:  # inconsistent: the budget's swing weaker, yet preferred
        unlocked.set_answer("Q10", "members", method="macbeth", judgements={"judgements": [
            {"more": "AFF_budget", "less": "[all lower]", "category": "weak"},
            {"more": "AFF_tax", "less": "[all lower]", "category": "strong"},
            {"more": "AFF_budget", "less": "AFF_tax", "category": "weak"}]})
    assert info.value.id == "adva.elicitation.inconsistent"
    assert unlocked.to_dict() == before


def test_copy_is_independent(model):
    c = model.copy()
    c.set_score("O1", "SF_practice", 1)
    assert c != model


def test_load_xlsx_path(model, tmp_path):
    p = tmp_path / "m.xlsx"
    model.to_excel(p)
    assert adva.load(p) == model


def test_repr(model):
    assert "locked" in repr(model)
