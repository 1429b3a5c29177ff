"""Elicitation sessions for a workshop in a notebook: Model.elicit, step by step."""

import pytest

import adva


def _answer(model, question, group):
    return next(a for f in model.to_dict()["functions"] for q in f["questions"] if q["id"] == question
                for a in q["answers"] if a["group"] == group)


def test_an_ahp_session_asks_every_pair_then_records(unlocked):
    s = unlocked.elicit("Q17", "officers", "ahp", by="DCS", rationale="workshop")
    assert s.next_question() == {"kind": "pair", "criteria": ["ACH_time", "ACH_transition"]}
    s.ahp("ACH_time", "ACH_transition", 4)
    s.ahp("ACH_time", "ACH_staff", 2)
    assert s.state == {}  # a pair is still missing
    state = s.ahp("ACH_staff", "ACH_transition", 2)
    assert s.next_question() is None
    assert state["swing"]["ACH_time"] == 100.0 and state["swing"]["ACH_transition"] == pytest.approx(25, rel=1e-12)
    assert state["elicited"]["consistent"] is True
    # Judging a pair again replaces it; the answer is only in the model once recorded.
    s.ahp("ACH_transition", "ACH_staff", 2)
    assert s.state["elicited"]["consistency_ratio"] > 0.1
    before = _answer(unlocked, "Q17", "officers") if any(
        a["group"] == "officers" for f in unlocked.to_dict()["functions"] for q in f["questions"] if q["id"] == "Q17"
        for a in q["answers"]) else None
    assert before is None or before.get("method") != "ahp"
    s.record()
    recorded = _answer(unlocked, "Q17", "officers")
    assert recorded["method"] == "ahp" and recorded["rationale"] == "workshop"
    assert recorded["swing"] == s.state["swing"]
    with pytest.raises(adva.InvalidInputError) as info:
        s.ahp("ACH_time", "ACH_staff", 0.5)
    assert info.value.id == "adva.elicitation.ratio"


def test_a_macbeth_session_refuses_an_inconsistent_judgement_and_keeps_its_state(unlocked):
    s = unlocked.elicit("Q4", "families", "macbeth")
    assert s.next_question() == {"kind": "difference", "more": "CAP_agency", "less": "[all lower]"}
    for criterion, category in [("CAP_caseload", "very_strong"), ("CAP_agency", ["strong", "very_strong"]),
                                ("CAP_culture", "strong"), ("CAP_leadership", "moderate")]:
        s.macbeth(criterion, "[all lower]", category)
    state = s.state
    assert state["swing"]["CAP_caseload"] == 100.0 and "weight_ranges" in state["elicited"]
    assert s.next_question() == {"kind": "difference", "more": "CAP_agency", "less": "CAP_caseload"}
    judgements = s.judgements
    with pytest.raises(adva.InvalidInputError) as info:
        s.macbeth("CAP_leadership", "CAP_caseload", "extreme")
    assert info.value.id == "adva.elicitation.inconsistent" and "would" in str(info.value)
    assert s.judgements == judgements and s.state == state
    with pytest.raises(adva.InvalidInputError) as info:
        s.macbeth("CAP_agency", "CAP_caseload", "huge")
    assert info.value.id == "adva.json.unknown_name"
    with pytest.raises(adva.InvalidInputError) as info:
        s.ahp("CAP_agency", "CAP_caseload", 3)
    assert info.value.id == "adva.python.argument"


def test_a_paprika_session_never_offers_an_implied_question(unlocked):
    s = unlocked.elicit("Q10", "partners", "paprika")
    assert s.next_question() == {"kind": "levels", "criterion": "AFF_budget"}
    s.levels("AFF_budget", ["needs 10%", "needs 5%", "fits"])
    s.levels("AFF_tax", ["both", "VAT only", "none"])
    asked = 0
    while (q := s.next_question()) is not None:
        assert q["kind"] == "trade_off"
        s.trade_off(q["a"], q["b"], "a")  # the budget always comes first
        asked += 1
    elicited = s.state["elicited"]
    assert 1 <= asked < elicited["questions_possible"]
    assert asked + elicited["questions_implied"] == elicited["questions_possible"]
    assert s.state["swing"]["AFF_budget"] == 100.0
    # An answer that contradicts the earlier ones is refused, naming them.
    with pytest.raises(adva.InvalidInputError) as info:
        s.trade_off({"AFF_budget": 2, "AFF_tax": 0}, {"AFF_budget": 0, "AFF_tax": 2}, "b")
    assert info.value.id == "adva.elicitation.inconsistent"
    s.record()
    assert _answer(unlocked, "Q10", "partners")["method"] == "paprika"


def test_a_bisection_session_gives_a_value_function(unlocked):
    s = unlocked.elicit("Q5", "officers", "bisection")
    assert s.next_question() == {"kind": "ends", "criterion": "CAP_agency"}
    s.ends("CAP_agency", 40, 0)
    assert s.next_question() == {"kind": "midpoint", "criterion": "CAP_agency", "value": 50.0, "between": [[0.0, 40], [100.0, 0]]}
    s.midpoint("CAP_agency", 50, 15)
    with pytest.raises(adva.InvalidInputError) as info:
        s.midpoint("CAP_agency", 25, 10)  # must lie between 40 (0) and 15 (50)
    assert info.value.id == "adva.elicitation.bisection"
    s.midpoint("CAP_agency", 25, 26)
    s.midpoint("CAP_agency", 75, 7)
    assert s.next_question() == {"kind": "ends", "criterion": "CAP_caseload"}
    assert s.state["elicited"]["value_functions"]["CAP_agency"] == [[0, 100], [7, 75], [15, 50], [26, 25], [40, 0]]
    s.record()
    agency = next(c for c in unlocked.to_dict()["criteria"] if c["id"] == "CAP_agency")
    assert agency["value_function"]["points"] == [[0, 100], [7, 75], [15, 50], [26, 25], [40, 0]]


def test_a_session_needs_an_open_framing_and_the_right_question(unlocked):
    with pytest.raises(adva.StageError) as info:
        adva.default_model().elicit("Q17", "officers", "ahp")  # locked
    assert info.value.id == "adva.governance.locked"
    for question, method, id_ in [("Q17", "bisection", "adva.elicitation.method"), ("Q5", "ahp", "adva.elicitation.method"),
                                  ("Q99", "ahp", "adva.model.unknown_id"), ("Q17", "smart", "adva.python.argument")]:
        with pytest.raises(adva.InvalidInputError) as info:
            unlocked.elicit(question, "officers", method)
        assert info.value.id == id_
    with pytest.raises(adva.InvalidInputError) as info:
        unlocked.elicit("Q17", "nobody", "ahp")
    assert info.value.id == "adva.model.unknown_id"
