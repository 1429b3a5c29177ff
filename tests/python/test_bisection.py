"""Value functions elicited by bisection on anchor questions, from Python."""

import pytest

import adva


def _criterion(model, criterion):
    return next(c for c in model.to_dict()["criteria"] if c["id"] == criterion)


def test_a_bisection_answer_gives_and_replaces_a_value_function(unlocked):
    unlocked.set_answer("Q5", "officers", method="bisection", judgements={
        "CAP_agency": {"worst": 40, "best": 0, "midpoints": [{"value": 50, "level": 15}, {"value": 25, "level": 26},
                                                            {"value": 75, "level": 7}]}})
    f = _criterion(unlocked, "CAP_agency")["value_function"]
    assert f["kind"] == "piecewise_linear" and f["unit"] == "% of posts"
    assert f["points"] == [[0, 100], [7, 75], [15, 50], [26, 25], [40, 0]]
    # The appraisal values a level through it: 20% lies between 15 (50) and 26 (25).
    option = unlocked.option_ids[0]
    unlocked.set_score(option, "CAP_agency", 20, rationale="test")
    assert unlocked.appraise().values.loc[option, "CAP_agency"] == pytest.approx(50 - 25 * 5 / 11, rel=1e-12)

    # Asked again, the group's answer and the function are replaced, not refused as a mismatch.
    unlocked.set_answer("Q5", "officers", method="bisection", judgements={
        "CAP_agency": {"worst": 40, "best": 0, "midpoints": [{"value": 50, "level": 20}]}})
    assert _criterion(unlocked, "CAP_agency")["value_function"]["points"] == [[0, 100], [20, 50], [40, 0]]


def test_a_bisection_that_breaks_a_rule_is_refused(unlocked):
    before = unlocked.to_dict()
    with pytest.raises(adva.InvalidInputError) as info:
        unlocked.set_answer("Q5", "officers", method="bisection", judgements={
            "CAP_agency": {"worst": 40, "best": 0, "midpoints": [{"value": 50, "level": 45}]}})
    assert info.value.id == "adva.elicitation.bisection"
    with pytest.raises(adva.InvalidInputError) as info:
        unlocked.set_answer("Q17", "officers", method="bisection", judgements={
            "ACH_time": {"worst": 0, "best": 100, "midpoints": []}})
    assert info.value.id == "adva.elicitation.method"
    assert unlocked.to_dict() == before
