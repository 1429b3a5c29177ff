"""Value functions elicited by MACBETH on anchor questions (judgements between a criterion's levels),
from Python: Model.set_answer and the notebook session."""

import pytest

import adva

# CAP_agency (% of posts, lower is better): 20 over 40 weak, 0 over 20 moderate, 0 over 40 strong.
# The least basic scale puts 40 at 0, 20 at 2 and 0 at 5 (5 = s₂ + s₃ + 1 at the least thresholds
# 1.5 and 2.5, which also fixes 20's score): anchored 0, 40, 100.
SCALE = {"levels": [0, 20, 40], "judgements": [
    {"more": 20, "less": 40, "category": "weak"},
    {"more": 0, "less": 20, "category": "moderate"},
    {"more": 0, "less": 40, "category": "strong"}]}


def _criterion(model, criterion):
    return next(c for c in model.to_dict()["criteria"] if c["id"] == criterion)


def _answer(model, question, group):
    return next(a for f in model.to_dict()["functions"] for q in f["questions"] if q["id"] == question
                for a in q["answers"] if a["group"] == group)


def test_a_macbeth_answer_on_levels_gives_and_replaces_a_value_function(unlocked):
    unlocked.set_answer("Q5", "officers", method="macbeth", judgements={"scales": {"CAP_agency": SCALE}})
    f = _criterion(unlocked, "CAP_agency")["value_function"]
    assert f["kind"] == "piecewise_linear" and f["unit"] == "% of posts"
    assert [p[0] for p in f["points"]] == [0, 20, 40]
    assert [p[1] for p in f["points"]] == pytest.approx([100, 40, 0], abs=1e-9)
    record = _answer(unlocked, "Q5", "officers")["elicited"]
    assert record["rule"] == "least_total_then_index_order"
    assert len(record["value_ranges"]["CAP_agency"]) == 3
    # With 40 and 0 fixed (and the thresholds free), 20's basic score 2 may move within (0, 2.5): it
    # stays below s₃, which stays below 0's score minus 20's. Anchored: 0 to 50.
    assert record["value_ranges"]["CAP_agency"][1] == pytest.approx([0, 50], abs=1e-9)
    # The appraisal values a level through it: 10% lies between 0 (100) and 20 (40).
    option = unlocked.option_ids[0]
    unlocked.set_score(option, "CAP_agency", 10, rationale="test")
    assert unlocked.appraise().values.loc[option, "CAP_agency"] == pytest.approx(70, rel=1e-9)

    # Asked again, the group's answer and the function are replaced, not refused as a mismatch.
    changed = {"levels": [0, 40], "judgements": [{"more": 0, "less": 40, "category": "strong"}]}
    unlocked.set_answer("Q5", "officers", method="macbeth", judgements={"scales": {"CAP_agency": changed}})
    assert _criterion(unlocked, "CAP_agency")["value_function"]["points"] == [[0, 100], [40, 0]]


def test_a_macbeth_answer_on_levels_that_breaks_a_rule_is_refused(unlocked):
    before = unlocked.to_dict()
    inconsistent = {"levels": [0, 20, 40], "judgements": [
        {"more": 20, "less": 40, "category": "strong"}, {"more": 0, "less": 20, "category": "strong"},
        {"more": 0, "less": 40, "category": "weak"}]}
    with pytest.raises(adva.InvalidInputError) as info:
        unlocked.set_answer("Q5", "officers", method="macbeth", judgements={"scales": {"CAP_agency": inconsistent}})
    assert info.value.id == "adva.elicitation.inconsistent"
    assert "/macbeth/scales/CAP_agency/judgements" in info.value.where
    with pytest.raises(adva.InvalidInputError) as info:
        unlocked.set_answer("Q5", "officers", method="macbeth",
                            judgements={"scales": {"CAP_agency": {"levels": [0, 20], "judgements": [
                                {"more": 0, "less": 30, "category": "weak"}]}}})
    assert info.value.id == "adva.elicitation.levels"
    with pytest.raises(adva.InvalidInputError) as info:  # levels judged on a weight question
        unlocked.set_answer("Q17", "officers", method="macbeth", judgements={"scales": {"ACH_time": SCALE}})
    assert info.value.id == "adva.elicitation.method"
    assert unlocked.to_dict() == before


def test_a_macbeth_session_on_an_anchor_question_values_each_criterion_s_levels(unlocked):
    s = unlocked.elicit("Q5", "officers", "macbeth")
    assert s.next_question() == {"kind": "scale_levels", "criterion": "CAP_agency"}
    with pytest.raises(adva.InvalidInputError) as info:
        s.macbeth("CAP_agency", "[all lower]", "weak")  # a swing judgement in a session on levels
    assert info.value.id == "adva.python.argument"
    with pytest.raises(adva.InvalidInputError) as info:
        s.scale_levels("CAP_agency", [0, 20, 20])
    assert info.value.id == "adva.elicitation.levels"
    s.scale_levels("CAP_agency", [0, 20, 40])
    # Neighbours first (they connect the scale), then the rest.
    assert s.next_question() == {"kind": "level_difference", "criterion": "CAP_agency", "levels": [0, 20]}
    s.level_difference("CAP_agency", 0, 20, "moderate")
    assert s.next_question() == {"kind": "level_difference", "criterion": "CAP_agency", "levels": [20, 40]}
    s.level_difference("CAP_agency", 20, 40, "weak")
    assert s.state["elicited"]["value_functions"]["CAP_agency"][1][1] == pytest.approx(40, abs=1e-9)
    # A judgement that leaves no scale is refused with the repairs, and the session keeps its state.
    with pytest.raises(adva.InvalidInputError) as info:
        s.level_difference("CAP_agency", 0, 40, "very_weak")
    assert info.value.id == "adva.elicitation.inconsistent"
    assert len(s.judgements["scales"]["CAP_agency"]["judgements"]) == 2
    s.level_difference("CAP_agency", 0, 40, "strong")
    assert s.next_question() == {"kind": "scale_levels", "criterion": "CAP_caseload"}
    s.record()
    points = _criterion(unlocked, "CAP_agency")["value_function"]["points"]
    assert [p[1] for p in points] == pytest.approx([100, 40, 0], abs=1e-9)
    assert _answer(unlocked, "Q5", "officers")["macbeth"]["scales"]["CAP_agency"]["levels"] == [0, 20, 40]


def test_a_value_function_whose_levels_overflow_is_refused(unlocked):
    before = unlocked.to_dict()
    far = {"levels": [-1e308, 1e308], "judgements": [{"more": -1e308, "less": 1e308, "category": "strong"}]}
    with pytest.raises(adva.InvalidInputError) as info:
        unlocked.set_answer("Q5", "officers", method="macbeth", judgements={"scales": {"CAP_agency": far}})
    assert info.value.id == "adva.model.bad_value_function"
    with pytest.raises(adva.InvalidInputError) as info:
        unlocked.set_answer("Q5", "officers", method="bisection",
                            judgements={"CAP_agency": {"worst": 1e308, "best": -1e308, "midpoints": []}})
    assert info.value.id == "adva.model.bad_value_function"
    assert unlocked.to_dict() == before
