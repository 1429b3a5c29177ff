"""The additive appraisal as DataFrames: consistency of every table, explain, groups, outputs."""

import json

import numpy as np
import pytest

import adva


def test_ranking(result):
    r = result.ranking
    assert list(r.columns) == ["name", "rank", "total", "tied"]
    assert r["total"].is_monotonic_decreasing
    assert r["rank"].iloc[0] == 1 and result.winner == r.index[0]
    shortlisted = result.screening.index[result.screening["shortlisted"]]
    assert set(r.index) == set(shortlisted)


def test_contributions_add_up_to_totals(result):
    c = result.contributions
    assert list(c.index) == list(result.ranking.index)
    np.testing.assert_allclose(c.sum(axis=1), result.ranking["total"], rtol=1e-12)
    w = result.weights
    leaves = w.index[w["leaf"]]
    assert list(c.columns) == list(leaves)
    assert w.loc[leaves, "global"].sum() == pytest.approx(1.0)
    v = result.values
    np.testing.assert_allclose(c.loc[:, leaves], v.loc[c.index, leaves] * w.loc[leaves, "global"].to_numpy(), rtol=1e-12)


def test_screening_and_gates(result):
    s = result.screening
    assert {"shortlisted", "benchmark", "flagged", "reason"} <= set(s.columns)
    discounted = s[~s["shortlisted"]]
    assert len(discounted) >= 1 and (discounted["reason"] != "").all()
    g = result.gates
    assert list(g.columns) == ["option", "gate", "status", "reason"]
    assert set(g["status"]) <= {"pass", "fail", "unknown"} and (g["reason"] != "").all()
    for _, row in g.iterrows():
        assert s.loc[row["option"], row["gate"]] == row["status"]


def test_value_for_money_and_dominance(result):
    v = result.value_for_money
    assert list(v.columns) == ["npv_cost", "npv_cost_before_optimism_bias", "total_value", "benefit", "value_added",
                               "extra_cost", "value_added_per_extra_cost", "position", "benefit_per_cost", "on_frontier",
                               "incremental_benefit_per_cost"]
    assert v["on_frontier"].any()
    np.testing.assert_allclose(v["total_value"], result.ranking.loc[v.index, "total"])
    # The benefit leaves out the criteria that measure cost, so it differs from the total value.
    assert (v["benefit"] != v["total_value"]).any()
    comparator = result.value_for_money_comparator
    assert comparator == "O1" and v.loc[comparator, "position"] == "comparator"
    np.testing.assert_allclose(v["value_added"], v["benefit"] - v.loc[comparator, "benefit"])
    np.testing.assert_allclose(v["extra_cost"], v["npv_cost"] - v.loc[comparator, "npv_cost"])
    cheapest = v["npv_cost"].idxmin()
    assert v.loc[cheapest, "on_frontier"]
    d = result.dominance
    assert set(d.index) == set(result.ranking.index)


def test_explain_lines_add_up(result):
    a, b = result.ranking.index[:2]
    e = result.explain(a, b)
    assert e.attrs["gap"] == pytest.approx(e.attrs["total_a"] - e.attrs["total_b"])
    assert e["contribution_gap"].sum() == pytest.approx(e.attrs["gap"], abs=1e-9)
    assert e["contribution_gap"].abs().is_monotonic_decreasing
    with pytest.raises(adva.InvalidInputError) as info:
        result.explain("nope", b)
    assert (info.value.id, info.value.where) == ("adva.explain.unknown_option", "A")


def test_group_weights_differ_from_consensus(model):
    consensus = model.appraise()
    for g in model.group_ids:
        r = model.appraise(group=g)
        assert r.weights_name == g
    families = model.appraise(group="families")
    assert not np.allclose(families.weights["global"], consensus.weights["global"])
    with pytest.raises(adva.InvalidInputError) as info:
        model.appraise(group="aliens")
    assert (info.value.id, info.value.where) == ("adva.appraise.unknown_group", "group")
    by = model.appraise_by_group()
    assert set(by) == {"consensus", *model.group_ids}


def test_options_of_appraise(model):
    r = model.appraise(relative_scale_basis="shortlist", tie_tolerance=0.5)
    assert r.ranking["rank"].iloc[0] == 1
    with pytest.raises(adva.InvalidInputError) as info:
        model.appraise(relative_scale_basis="everything")
    assert (info.value.id, info.value.where, info.value.seen) == ("adva.appraise.relative_basis", "relative_scale_basis",
                                                                   '"everything"')
    with pytest.raises(adva.InvalidInputError) as info:
        model.appraise(tie_tolerance=-1)
    assert (info.value.id, info.value.where) == ("adva.appraise.tie_tolerance", "tie_tolerance")


def test_to_json_and_report(result):
    d = json.loads(result.to_json())
    assert d == result.to_dict()
    text = json.dumps(d)
    assert result.winner in text
    with_groups = result.to_dict(by_group=True)
    assert len(json.dumps(with_groups)) > len(text)
    assert result.winner in result.report("table")
    assert result.report("markdown").lstrip().startswith("#")
    assert result.report("csv").count("\n") >= len(result.values)
    with pytest.raises(adva.InvalidInputError):
        result.report("pdf")


def test_html_and_repr(result):
    h = result._repr_html_()
    assert "<table" in h and result.winner in h and "Illustrative" in h
    assert result.winner in repr(result)


def test_governance_reported_after_reopen(model):
    model.reopen("change", by="x")
    model.set_weight("SF", 80)
    r = model.appraise()
    assert r.governance["weights_revised_after_scoring"] == 1 and r.governance["state"] == "reopened"
    assert r.governance["reopen_reason"] == "change" and r.governance["revisions"] == 1


def test_a_gate_answered_not_applicable_screens_no_one(unlocked):
    unlocked.set_answer("Q7", "officers", applies=False, rationale="There is no statutory direction.")
    gates = unlocked.appraise().gates
    g2 = gates[gates.gate == "G2"]
    assert len(g2) == len(unlocked.options)
    assert set(g2.status) == {"not_applicable"}
    assert g2.reason.str.endswith("There is no statutory direction.").all()
    with pytest.raises(adva.InvalidTypeError):
        unlocked.set_answer("Q7", "officers", applies="no")


def test_dominance_says_whether_an_option_can_win_or_only_tie(result):
    d = result.dominance
    assert set(d.best_possible) <= {"outright", "tie_only", "never"}
    assert (d.potentially_optimal == (d.best_possible == "outright")).all()
    for option, row in d.iterrows():
        w = result.what_if(option)
        assert w.best_possible == row.best_possible
        assert w.possible == (row.best_possible != "never")
