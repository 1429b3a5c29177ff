"""Plots render headless (Agg) and show what they claim: bars, segments, labels."""

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from adva import plots


def bars(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def render(fig):
    fig.canvas.draw()  # Agg: really rasterised
    return fig


def test_contributions(result):
    fig = render(plots.contributions(result))
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    c = result.contributions
    assert len(bars(ax)) == c.shape[0] * c.shape[1]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(c.index)[::-1]
    # The bar of the winner ends at its total.
    ends = [p.get_x() + p.get_width() for p in bars(ax) if abs(p.get_y() + p.get_height() / 2 - (len(c) - 1)) < 1e-9]
    assert max(ends) == __import__("pytest").approx(result.ranking["total"].iloc[0])
    top = render(plots.contributions(result, level="top")).axes[0]
    n_top = int((result.weights["parent"] == "").sum())
    assert len(bars(top)) == c.shape[0] * n_top


def test_tornado(result):
    s = result.sensitivity()
    fig = render(plots.tornado(s))
    ax = fig.axes[0]
    movable = int(s.nodes["movable"].sum())
    assert len(bars(ax)) == movable
    assert s.winner in ax.get_title()
    widths = [p.get_width() for p in bars(ax)]
    assert widths == sorted(widths)  # widest at the top


def test_rank_acceptability(result):
    r = result.smaa(samples=2000, seed=3)
    fig = render(plots.rank_acceptability(r))
    ax = fig.axes[0]
    n = len(r.rank_acceptability)
    assert len(bars(ax)) == n * n
    assert [t.get_text() for t in ax.get_xticklabels()] == list(r.rank_acceptability.index)


def test_value_for_money(result):
    fig = render(plots.value_for_money(result))
    ax = fig.axes[0]
    v = result.value_for_money
    assert sorted(t.get_text() for t in ax.texts) == sorted(v.index)
    frontier = ax.lines[0]
    assert len(frontier.get_xdata()) == int(v["on_frontier"].sum())
    assert "NPV" in ax.get_xlabel()


def test_cash_flows():
    import adva

    case = adva.default_model().economics()
    fig = render(plots.cash_flows(case))
    ax = fig.axes[0]
    options = list(case.summary.index)
    assert [line.get_label() for line in ax.lines] == options
    # Each line is the option's cost by year after optimism bias, in millions.
    first = case.by_year.loc[options[0]]
    want = (first["capital_after_optimism_bias"] + first["revenue_after_optimism_bias"]) / 1e6
    assert list(ax.lines[0].get_ydata()) == list(want)
    assert list(ax.lines[0].get_xdata())[0] == 2026
    assert len(ax.collections) == 1  # the shaded budget envelope
    assert "after optimism bias" in ax.get_title()


def test_cost_effectiveness(result):
    fig = render(plots.cost_effectiveness(result))
    ax = fig.axes[0]
    v = result.value_for_money
    assert sorted(t.get_text() for t in ax.texts) == sorted(v.index)
    points = ax.collections[0].get_offsets()
    assert list(points[:, 1]) == list(v["value_added"])
    assert result.value_for_money_comparator in ax.get_title()


def test_cost_effectiveness_needs_a_comparator():
    import json

    import pytest

    import adva

    doc = json.loads(adva.default_model().to_json())
    for option in doc["options"]:
        if option.get("business_as_usual") or option.get("do_minimum"):
            option["costs"] = []
    result = adva.Model.from_dict(doc).appraise()
    assert result.value_for_money_comparator is None
    with pytest.raises(adva.InvalidInputError, match=r"\[adva.plots.no_comparator\] result: the cost-effectiveness plane"):
        plots.cost_effectiveness(result)
