"""The elicitation engines on their own, from Python: adva.macbeth (a value scale of options or
levels) and adva.paprika (points and weights from answered trade-offs), on cases worked by hand."""

import math

import pytest

import adva

# a > b weak, b > c moderate, a > c strong. By hand (s₁ = ½, s_k ≥ k − ½): v(c) = 0, v(b) ≥ s₃ + ½ ≥ 3,
# v(a) − v(b) ≥ s₂ + ½ ≥ 2, so v(a) ≥ 5, and (5, 3, 0) meets every upper bound: the unique optimum.
THREE = [("a", "b", "weak"), {"more": "b", "less": "c", "category": "moderate"}, ("a", "c", "strong")]


def test_macbeth_gives_the_lp_macbeth_scale_its_intervals_and_anchoring():
    s = adva.macbeth(["a", "b", "c"], THREE)
    assert s.consistent and s.anchoring == "bottom_top" and s.tie_rule == "least_total_then_index_order"
    assert list(s.basic) == pytest.approx([5, 3, 0], abs=1e-6)
    assert list(s.scores) == pytest.approx([100, 60, 0], abs=1e-6)
    assert s.scores["b"] == pytest.approx(60, abs=1e-6)
    # b alone may move within (2.5, 5) basic (a − b must stay inside weak, b − c inside moderate).
    assert (s.lower["b"], s.upper["b"]) == pytest.approx((50, 100), abs=1e-6)
    assert s.thresholds[0] == 0.5
    # A range is honoured: "very weak to weak" on (a, b) lets a fall to b + 1 = 4.
    lowered = adva.macbeth(["a", "b", "c"], [("a", "b", ["very weak", "weak"])] + THREE[1:])
    assert list(lowered.basic) == pytest.approx([4, 3, 0], abs=1e-6)
    assert lowered.scores["b"] == pytest.approx(75, abs=1e-6)
    # Neutral and good references: c at 0, b at 100, a beyond it.
    anchored = adva.macbeth(["a", "b", "c"], THREE, neutral="c", good="b")
    assert anchored.anchoring == "neutral_good"
    assert anchored.scores["a"] == pytest.approx(500 / 3, abs=1e-6)
    assert math.isinf(adva.macbeth(["a", "b"], [("a", "b", "extreme")]).upper["a"])


def test_inconsistent_macbeth_judgements_give_the_repairs_by_name():
    s = adva.macbeth(["a", "b", "c"], [("a", "b", "strong"), ("b", "c", "strong"), ("a", "c", "weak")])
    assert not s.consistent and s.scores.empty
    first = s.suggestions[0]
    assert (first["judgement"], first["more"], first["less"]) == (2, "a", "c")
    assert first["change"] == "highest_end" and first["suggested"] == ("weak", "strong") and first["shift"] == 2
    repaired = [("a", "b", "strong"), ("b", "c", "strong"), ("a", "c", list(first["suggested"]))]
    assert adva.macbeth(["a", "b", "c"], repaired).consistent


def test_macbeth_refuses_what_it_cannot_use_naming_the_place():
    for elements, judgements, expected, where in [
        (["a", "b"], [("a", "z", "weak")], "adva.macbeth.element_out_of_range", "/judgements/0/less"),
        (["a", "b"], [("a", "b", "huge")], "adva.macbeth.unknown_category", "/judgements/0/category"),
        (["a", "b", "c"], [("a", "b", "weak")], "adva.macbeth.disconnected", "/judgements"),
        (["a", "b"], [("a", "b", ["strong", "weak"])], "adva.macbeth.reversed_range", "/judgements/0"),
    ]:
        with pytest.raises(adva.InvalidInputError) as info:
            adva.macbeth(elements, judgements)
        assert info.value.id == expected
        assert info.value.where.startswith(where)
    with pytest.raises(adva.InvalidInputError) as info:
        adva.macbeth(["a", "b"], [("a", "b", "weak")], neutral="a")
    assert info.value.id == "adva.macbeth.anchor_missing"
    with pytest.raises(adva.InvalidTypeError):
        adva.macbeth(["a", "b"], "a over b")
    with pytest.raises(adva.InvalidInputError) as info:
        adva.macbeth(["a", "b", "a"], [("a", "b", "weak")])
    assert info.value.id == "adva.python.argument" and '"a"' in str(info.value)


def test_paprika_gives_the_minimum_total_points_on_a_case_worked_by_hand():
    # A = (x top, y worst) beats B = (x worst, y top); A = (x level 1, y worst) equals B: p_x1 = p_y2.
    # Least total with unit gaps: x = {0, 2, 3}, y = {0, 1, 2}; ×20: x = {0, 40, 60}, y = {0, 20, 40}.
    r = adva.paprika({"x": ["low", "mid", "high"], "y": ["low", "mid", "high"]},
                     [{"a": {"x": 2, "y": 0}, "b": {"x": 0, "y": 2}, "answer": "a"},
                      {"a": {"x": 1, "y": 0}, "b": {"x": 0, "y": 2}, "answer": "equal"}])
    assert r.consistent and r.point_rule == "minimum_total"
    assert r.points["x"] == pytest.approx([0, 40, 60]) and r.points["y"] == pytest.approx([0, 20, 40])
    assert r.weights["x"] == pytest.approx(0.6)
    assert r.weight_ranges["x"] == pytest.approx((0.5, 1.0))
    assert (r.questions_possible, r.questions_asked, r.questions_implied) == (9, 2, 4)
    # A contradiction names a minimal set of answers.
    bad = adva.paprika({"x": ["low", "high"], "y": ["low", "high"]},
                       [{"a": {"x": 1, "y": 0}, "b": {"x": 0, "y": 1}, "answer": "a"},
                        {"a": {"x": 1, "y": 0}, "b": {"x": 0, "y": 1}, "answer": "b_better"}])
    assert not bad.consistent and bad.conflict == [0, 1] and bad.points == {}
    with pytest.raises(adva.InvalidInputError) as info:
        adva.paprika({"x": ["low", "high"], "y": ["low", "high"]}, [{"a": {"z": 1}, "b": {"x": 0}, "answer": "a"}])
    assert info.value.id == "adva.paprika.criterion_out_of_range"
    with pytest.raises(adva.InvalidInputError) as info:
        adva.paprika({"x": ["low", "high"], "y": ["low", "high"]},
                     [{"a": {"x": 1, "y": 0}, "b": {"x": 0, "y": 1}, "answer": "maybe"}])
    assert info.value.id == "adva.paprika.answer"
