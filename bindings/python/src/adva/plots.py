"""Plots with matplotlib; each function returns a ``matplotlib.figure.Figure`` (nothing is shown or
saved as a side effect). Works headless (the Agg backend) and in Jupyter.

- :func:`contributions`: stacked bars of each short-listed option's total by criterion;
- :func:`tornado`: one-way weight sensitivity of an option's total (the winner by default);
- :func:`rank_acceptability`: SMAA-2 rank acceptability indices as stacked bars;
- :func:`value_for_money`: NPV cost against benefit, with the efficiency frontier;
- :func:`cash_flows`: each option's cost by year against the budget envelope;
- :func:`cost_effectiveness`: the cost-effectiveness plane, value added against extra cost;
- :func:`fan_chart`: each option's quality path over the years, with its bands, the target and the grades.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np

from . import _args
from ._figures import colours as _colours
from ._figures import figure as _figure
from ._figures import of as _of
from .economics import EconomicCase
from .errors import InvalidInputError
from .results import AppraisalResult
from .robustness import SensitivityResult, SmaaResult
from .trajectories import Trajectories
from .trajectories import fan_chart as _fan_chart

if TYPE_CHECKING:  # matplotlib is imported when a plot is drawn, not with the package
    from matplotlib.figure import Figure

__all__ = ["contributions", "tornado", "rank_acceptability", "value_for_money", "cash_flows", "cost_effectiveness",
           "fan_chart"]


def contributions(result: Any, level: str = "leaf", ax: Any = None) -> Figure:
    """Stacked horizontal bars: one bar per short-listed option (best at the top), one segment per
    criterion (``level="leaf"``) or per top-level node (``level="top"``); segment length is the
    contribution in total points, so a bar's length is the option's total."""
    frame = _of("result", result, AppraisalResult).contributions
    if _args.choice("level", level, ("leaf", "top")) == "top":
        w = result.weights
        def top(c: str) -> str:
            while w.at[c, "parent"]:
                c = w.at[c, "parent"]
            return c
        frame = frame.T.groupby(lambda c: top(c), sort=False).sum().T
    fig, ax = _figure(ax)
    options = list(frame.index)[::-1]
    left = np.zeros(len(options))
    cmap = _colours(frame.shape[1])
    for k, criterion in enumerate(frame.columns):
        widths = frame.loc[options, criterion].to_numpy(dtype=float)
        ax.barh(options, widths, left=left, label=str(criterion), color=cmap[k])
        left += widths
    ax.set_xlabel("contribution to total value (points)")
    ax.set_title(f"Contributions ({result.weights_name} weights)")
    ax.legend(fontsize="small", ncols=2 if frame.shape[1] > 8 else 1, loc="lower right")
    return fig


def tornado(sensitivity: Any, option: Optional[str] = None, nodes: Optional[Sequence[str]] = None, ax: Any = None) -> Figure:
    """Tornado of one option's total as each node's local weight sweeps from 0 to 1 (siblings
    rescaled proportionally): one bar per node from the total at weight 0 to the total at weight 1,
    widest swing at the top; the vertical line is the current total."""
    _of("sensitivity", sensitivity, SensitivityResult)
    option = _args.optional_text("option", option) or sensitivity.winner
    nodes = None if nodes is None else _args.names("nodes", nodes)
    t = sensitivity.tornado
    t = t[(t["option"] == option)]
    movable = sensitivity.nodes.index[sensitivity.nodes["movable"]]
    t = t[t["node"].isin(movable if nodes is None else nodes)]
    t = t.assign(swing=(t["at_one"] - t["at_zero"]).abs()).sort_values("swing")
    fig, ax = _figure(ax)
    low = np.minimum(t["at_zero"], t["at_one"]).to_numpy()
    high = np.maximum(t["at_zero"], t["at_one"]).to_numpy()
    ax.barh(t["node"].tolist(), high - low, left=low, color="#4C72B0")
    if len(t):
        ax.axvline(float(t["at_current"].iloc[0]), color="black", linewidth=1)
    ax.set_xlabel(f"total value of {option} (weight 0 to 1)")
    ax.set_title(f"Weight sensitivity: {option}")
    return fig


def rank_acceptability(smaa: Any, ax: Any = None) -> Figure:
    """Stacked bars of SMAA-2 rank acceptability: one bar per option (or alternative), one segment per rank
    (rank 1 first), each bar summing to 1."""
    ra = _of("smaa", smaa, SmaaResult).rank_acceptability
    fig, ax = _figure(ax)
    bottom = np.zeros(len(ra))
    colours = _colours(ra.shape[1])
    labels = [str(a) for a in ra.index]
    for k, rank in enumerate(ra.columns):
        heights = ra[rank].to_numpy(dtype=float)
        ax.bar(labels, heights, bottom=bottom, label=f"rank {rank}", color=colours[k])
        bottom += heights
    ax.set_ylim(0, 1)
    ax.set_ylabel("rank acceptability")
    ax.set_title(f"SMAA-2 rank acceptability ({smaa.samples} samples)")
    ax.legend(fontsize="small")
    ax.tick_params(axis="x", labelrotation=30)
    return fig


def value_for_money(result: Any, ax: Any = None) -> Figure:
    """Benefit (total value) against NPV cost for the short list with costs; frontier options are
    joined by the efficiency frontier line and every point is labelled."""
    vfm = _of("result", result, AppraisalResult).value_for_money
    fig, ax = _figure(ax)
    scale = 1e6
    x = vfm["npv_cost"].to_numpy(dtype=float) / scale
    y = vfm["benefit"].to_numpy(dtype=float)
    on = vfm["on_frontier"].to_numpy(dtype=bool)
    ax.scatter(x[~on], y[~on], color="grey", label="dominated on value for money")
    ax.scatter(x[on], y[on], color="#C44E52", label="efficient")
    order = np.argsort(x[on])
    ax.plot(x[on][order], y[on][order], color="#C44E52", linewidth=1, label="efficiency frontier")
    for label, xi, yi in zip(vfm.index, x, y):
        ax.annotate(str(label), (xi, yi), textcoords="offset points", xytext=(4, 4), fontsize="small")
    ax.set_xlabel(f"NPV of costs (million {getattr(result._core, 'currency', '')})".replace(" )", ")"))
    ax.set_ylabel("benefit (0-100)")
    ax.set_title("Value for money")
    ax.legend(fontsize="small")
    return fig


def cash_flows(case: Any, ax: Any = None) -> Figure:
    """One line per option with costs: its capital and revenue cost in each year (real prices,
    undiscounted, on the model's cost basis), over the budget envelope shaded when the model has one,
    so that a line above the shading is over budget that year. ``case`` is :meth:`adva.Model.economics`."""
    case = _of("case", case, EconomicCase)
    by_year = case.by_year
    stage = "after" if case.cost_basis == "with_optimism_bias" else "before"
    cost = (by_year[f"capital_{stage}_optimism_bias"] + by_year[f"revenue_{stage}_optimism_bias"]) / 1e6
    with_costs = [option for option in case.summary.index if (case.lines["option"] == option).any()]
    fig, ax = _figure(ax)
    doc = case.to_dict()
    years = sorted({year for _, year in by_year.index})
    axis = [doc["base_year"] + t for t in years] if doc["base_year"] else years
    budget = doc["budget"]
    if budget:
        def at(xs: list[Optional[float]], t: int) -> float:
            x = xs[t] if t < len(xs) else None
            return 0.0 if x is None else float(x)
        covered = [t for t in years if t < max(len(budget["capital"]), len(budget["revenue"]))]
        envelope = [(at(budget["capital"], t) + at(budget["revenue"], t)) / 1e6 for t in covered]
        ax.fill_between([axis[t] for t in covered], envelope, color="#9ec5e8", alpha=0.5, label="budget envelope")
    for colour, option in zip(_colours(len(with_costs)), with_costs):
        ax.plot(axis, cost.loc[option].to_numpy(dtype=float), marker="o", markersize=3, color=colour, label=str(option))
    currency = doc["currency"]
    ax.set_xlabel("year")
    ax.set_ylabel(f"cost (million {currency}, real prices)")
    ax.set_title(f"Cost by year, {stage} optimism bias")
    ax.legend(fontsize="small")
    return fig


def cost_effectiveness(result: Any, ax: Any = None) -> Figure:
    """The cost-effectiveness plane: each short-listed option with costs at its extra net present cost
    (across) and value added (up) over the comparator, which sits at the origin; up and to the left is
    better for less."""
    result = _of("result", result, AppraisalResult)
    vfm = result.value_for_money
    if result.value_for_money_comparator is None:
        raise InvalidInputError.make("adva.plots.no_comparator", "result",
                                     "the cost-effectiveness plane is drawn over a comparator: the business-as-usual "
                                     "(or do-minimum) option, short-listed and with costs")
    fig, ax = _figure(ax)
    x = vfm["extra_cost"].to_numpy(dtype=float) / 1e6
    y = vfm["value_added"].to_numpy(dtype=float)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.scatter(x, y, color="#0072B2")
    for label, xi, yi in zip(vfm.index, x, y):
        ax.annotate(str(label), (xi, yi), textcoords="offset points", xytext=(4, 4), fontsize="small")
    ax.set_xlabel("extra net present cost (million)")
    ax.set_ylabel("value added (benefit points)")
    ax.set_title(f"Cost-effectiveness plane, over {result.value_for_money_comparator}")
    return fig


def fan_chart(result: Any, option: Union[None, str, Sequence[str]] = None, ax: Any = None) -> Figure:
    """Improvement over time (``model.trajectories()``): one panel per option (small multiples; every
    option by default, or ``option``, one id or a list) with the level's 5–95 % and 25–75 % bands
    shaded, the median (dashed) and expected (solid) paths, the target's threshold (horizontal line)
    and year (vertical line), over the scale's grades as faint labelled bands. ``ax``: one Axes for
    one option, or a list of Axes, one per option. Also ``result.plot()``."""
    return _fan_chart(_of("result", result, Trajectories), option, ax)
