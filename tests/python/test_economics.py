"""The economic case from Python: the same figures as adva economics, as DataFrames by option and year."""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import adva

# Five years at 3.5 %: an in-house benchmark and a trust with set-up, fee, saving and benefit lines
# (the same file as the C++ CLI test's).
TRUST_FILE = Path(__file__).resolve().parents[1] / "data" / "economic_case.json"
TRUST = json.loads(TRUST_FILE.read_text())


@pytest.fixture
def economics():
    return adva.Model.from_dict(TRUST).economics()


def test_summary_to_the_penny(economics):
    s = economics.summary
    assert list(s.index) == ["BAU", "TRUST"]
    t = s.loc["TRUST"]
    assert t["npc_before_optimism_bias"] == pytest.approx(1231963.14, abs=0.005)
    assert t["npc_after_optimism_bias"] == pytest.approx(2382559.39, abs=0.005)
    assert t["optimism_bias"] == pytest.approx(2382559.39 - 1231963.14, abs=0.01)
    assert t["npc"] == t["npc_after_optimism_bias"]
    assert t["present_benefits"] == pytest.approx(734615.84, abs=0.005)
    assert t["npsv"] == pytest.approx(734615.84 - 2382559.39, abs=0.01)
    assert t["shortfall_years"] == 1 and t["largest_shortfall"] == 500000
    assert math.isnan(s.loc["BAU", "npsv"])
    assert economics.cost_basis == "with_optimism_bias"
    assert any("BAU" in w for w in economics.warnings)


def test_by_year_and_lines(economics):
    y = economics.by_year
    assert y.index.names == ["option", "year"] and len(y) == 2 * 5
    assert y.loc[("TRUST", 0), "capital_after_optimism_bias"] == 2000000
    assert y.loc[("TRUST", 2), "revenue_after_optimism_bias"] == pytest.approx(91000)
    assert y.loc[("TRUST", 0), "capital_headroom"] == -500000
    assert y.loc[("BAU", 4), "calendar_year"] == 2030
    np.testing.assert_allclose(y.loc["BAU", "discount_factor"], [1.035 ** -t for t in range(5)], rtol=1e-15)
    lines = economics.lines
    assert list(lines["line"]) == ["costs/0", "setup", "fee", "agency"]
    assert list(lines.loc[lines["option"] == "TRUST", "uplift"]) == pytest.approx([1.0, 0.41, 0.0])
    assert list(lines["kind"]) == ["recurring", "one_off", "recurring", "saving"]


def test_the_same_figures_as_the_cli(economics, adva_cli):
    path = TRUST_FILE
    assert economics.to_dict() == json.loads(adva_cli("economics", str(path), "--format", "json"))
    assert economics.report() == adva_cli("economics", str(path))
    assert economics.report("csv").count("\n") == 1 + 2 * 5


def test_the_default_model_and_the_cost_basis():
    case = adva.default_model().economics()
    assert len(case.summary) == len(adva.default_model().options)
    d = json.loads(json.dumps(TRUST))
    d["economics"]["cost_basis"] = "before_optimism_bias"
    before = adva.Model.from_dict(d)
    assert before.economics().summary.loc["TRUST", "npc"] == pytest.approx(1231963.14, abs=0.005)
    with pytest.raises(adva.InvalidInputError) as info:
        before.economics().report("pdf")
    assert info.value.id == "adva.report.format"


def test_switching_values_move_each_npc_to_where_the_frontier_changes():
    result = adva.default_model().appraise()
    vfm = result.value_for_money
    sv = result.switching_values
    assert list(sv.index) == list(vfm.index)
    assert (sv["on_frontier"] == vfm["on_frontier"]).all()
    assert list(sv.columns[:3]) == ["npv_cost", "benefit", "on_frontier"]
    for option, row in sv.iterrows():
        # Independently: the NPCs of the options with at least this one's benefit.
        others = vfm[(vfm.index != option) & (vfm["benefit"] >= row["benefit"])]["npv_cost"] - row["npv_cost"]
        if row["on_frontier"]:
            above = others[others >= 0]
            if above.empty:
                assert math.isnan(row["frontier_change"]) and pd.isna(row["frontier_option"])
            else:
                assert row["frontier_change"] == above.min()
                assert row["frontier_effect"] == "leaves_frontier"
        else:
            assert row["frontier_change"] == others.min() < 0
            assert row["frontier_effect"] == "joins_frontier"
            assert row["frontier_percent"] == pytest.approx(100 * others.min() / row["npv_cost"])
        # The nearest ranking change is never further than the option's own.
        if not math.isnan(row["frontier_change"]):
            side = "ranking_up_change" if row["on_frontier"] else "ranking_down_change"
            assert abs(row[side]) <= abs(row["frontier_change"])
    text = result.switching_values_report("markdown")
    assert text.startswith("| option | NPC | frontier |")
    doc = json.loads(result.switching_values_report("json"))
    assert [o["option"] for o in doc["options"]] == list(sv.index)
    with pytest.raises(adva.InvalidInputError, match="adva.report.format"):
        result.switching_values_report("pdf")


def test_cost_tornado_runs_each_line_over_its_optimism_bias_range():
    model = adva.default_model()
    result = model.appraise()
    tornado = result.cost_tornado
    case = model.economics()
    lines = case.lines.set_index(["option", "line"])
    table = json.loads(case.report("json"))["optimism_bias_table"]
    assert len(tornado) > 10
    for _, bar in tornado.iterrows():
        line = lines.loc[(bar["option"], bar["line"])]
        bounds = table[bar["optimism_bias"]]
        assert bar["range"] == "optimism_bias_bounds"
        assert (bar["low"], bar["high"]) == (bounds["lower"], bounds["upper"])
        others = bar["npc"] - line["present_after_optimism_bias"]
        assert bar["npc_low"] == pytest.approx(others + line["present_before_optimism_bias"] * (1 + bounds["lower"]), rel=1e-12)
        assert bar["npc_high"] == pytest.approx(others + line["present_before_optimism_bias"] * (1 + bounds["upper"]), rel=1e-12)
    # Widest first within each option.
    for _, bars in tornado.groupby("option", sort=False):
        swings = list(bars["swing"].abs())
        assert swings == sorted(swings, reverse=True)
    assert result.cost_tornado_report("csv").splitlines()[0].startswith("option,npc,line,name,optimism_bias,range,low,high")


def test_a_line_with_its_own_range_runs_over_it_under_its_uplift():
    d = adva.default_model().to_dict()
    line = d["options"][3]["costs"][1]  # O4's partner management fee, outsourcing
    line["range"] = [-0.2, 0.5]
    d["options"][3]["costs"][4]["range"] = [0, 0.25]  # a contingency: no category, its own range only
    model = adva.Model.from_dict(d)
    tornado = model.appraise().cost_tornado
    lines = model.economics().lines.set_index(["option", "line"])
    own = tornado[(tornado["option"] == "O4") & (tornado["range"] == "line")].set_index("line")
    assert set(own.index) == {"costs/1", "costs/4"}
    for name, (low, high) in {"costs/1": (-0.2, 0.5), "costs/4": (0, 0.25)}.items():
        bar, flows = own.loc[name], lines.loc[("O4", name)]
        assert (bar["low"], bar["high"]) == (low, high)
        others = bar["npc"] - flows["present_after_optimism_bias"]
        uplifted = flows["present_after_optimism_bias"]  # the cost basis keeps the line's uplift at either end
        assert bar["npc_low"] == pytest.approx(others + uplifted * (1 + low), rel=1e-12)
        assert bar["npc_high"] == pytest.approx(others + uplifted * (1 + high), rel=1e-12)
    with pytest.raises(adva.InvalidInputError) as info:
        line["range"] = [0.5, -0.2]
        adva.Model.from_dict(d).validate()
    assert info.value.id == "adva.model.bad_cost" and info.value.where == "/options/3/costs/1/range"


def test_a_model_without_criteria_is_costed_but_not_ranked():
    model = adva.Model.from_dict(TRUST)
    assert len(model.economics().summary) == 2
    for rank in (model.appraise, model.appraise_by_group, model.report, model.validate,
                 lambda: model.lock("Analyst")):
        with pytest.raises(adva.InvalidInputError) as info:
            rank()
        assert info.value.id == "adva.model.no_criteria"
        assert info.value.where == "/criteria"
