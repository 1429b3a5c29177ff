"""Improvement over time (docs/trajectories.md) as DataFrames and a fan chart.

:meth:`adva.Model.trajectories` follows each option's service quality along the model's improvement
plan, with the dip, trough and recovery of its change of vehicle, and returns :class:`Trajectories`:
the measures per option (:attr:`~Trajectories.measures`), the expected path and the level's
quantiles at evenly spaced years (:attr:`~Trajectories.paths`), the target, the scale's grades and a
fan chart (:meth:`~Trajectories.plot`, also ``adva.plots.fan_chart``). The figures are those of
``adva trajectory``: the same C++ analysis, the same seed, the same numbers on any thread count.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

import numpy as np
import pandas as pd

from . import _args, _core
from ._figures import of
from .errors import InvalidInputError

if TYPE_CHECKING:  # matplotlib is imported when a chart is drawn, not with the package
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["Trajectories", "TrajectoryTarget", "band_column"]

#: The band probabilities of adva trajectory: 5 %, 25 %, 50 %, 75 %, 95 %.
DEFAULT_BANDS = (0.05, 0.25, 0.5, 0.75, 0.95)

_FAN = "#0072B2"
_TARGET = "#C44E52"


@dataclass(frozen=True)
class TrajectoryTarget:
    """The target the measures count against: a grade of the scale (``grade`` its id, ``name``),
    the level it starts at (``level``, the threshold) and the year it is wanted by (``year``)."""

    grade: str
    name: str
    level: float
    year: float


def band_column(probability: float) -> str:
    """The column of a band probability in :attr:`Trajectories.paths`: ``q05`` for 0.05, ``q50`` for
    0.5, ``q02.5`` for 0.025, ``q100`` for 1."""
    percent = round(100.0 * probability, 4)
    if percent == round(percent):
        return f"q{int(round(percent)):02d}"
    text = f"{percent:g}"
    return "q" + (text.zfill(len(text) + 1) if percent < 10 else text)


def band_probabilities(name: str, value: Any) -> list[float]:
    """Band probabilities: finite numbers, rising, each with a column name of its own (the range
    0 to 1 is the C++ check, ``adva.trajectory.out_of_range``)."""
    out: list[float] = []
    for i, x in enumerate(_args.vector(name, value).tolist()):
        p = _args.real(f"{name}/{i}", x)
        # Rising, so that the columns read q05 <= q25 <= ... and the fan pairs the outer bands.
        if out and not (p > out[-1] and band_column(p) != band_column(out[-1])):
            raise InvalidInputError.make("adva.python.range", f"{name}/{i}",
                                         "band probabilities rise, each above the one before (0.05, 0.25, 0.5, ...)",
                                         _args.seen(p))
        out.append(p)
    return out


def option_list(name: str, value: Any) -> list[str]:
    """One option id (a string) or a list of them."""
    return [_args.text(name, value)] if isinstance(value, str) else _args.names(name, value)


class Trajectories:
    """Each option's quality path along the improvement plan (``adva trajectory``). Obtained from
    :meth:`adva.Model.trajectories`.

    DataFrames: :attr:`measures` (one row per option), :attr:`paths` (one row per option and year:
    the expected level and a column per band probability, ``q05`` … ``q95``), :attr:`scale` (the
    grades) and :attr:`plan`. Also :attr:`target`, :attr:`horizon`, :attr:`samples`, :attr:`seed`,
    :meth:`report` and :meth:`plot` (a fan chart per option).
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.Trajectories) -> None:
        """Wraps the C++ result; obtained from :meth:`adva.Model.trajectories`."""
        self._core = core

    @property
    def option_ids(self) -> list[str]:
        """The options, in the order computed (the model's, or the ``options=`` given)."""
        return list(self._core.option_ids)

    @property
    def measures(self) -> pd.DataFrame:
        """Index option; columns name, exact (True: no uncertain parameter, one path, standard errors
        0), then each measure and its ``*_standard_error``: at_target, sustained_by_target,
        reached_within_horizon (probabilities), time_to_target (years, the horizon if never),
        dip_depth (index points), dip_length (years), discounted_level (index points)."""
        names = list(self._core.measure_names)
        values, errors = np.asarray(self._core.values), np.asarray(self._core.standard_errors)
        columns: dict[str, Any] = {"name": list(self._core.option_names), "exact": list(self._core.exact)}
        for k, measure in enumerate(names):
            columns[measure] = values[:, k]
            columns[f"{measure}_standard_error"] = errors[:, k]
        return pd.DataFrame(columns, index=pd.Index(self.option_ids, name="option"))

    @property
    def band_probabilities(self) -> list[float]:
        """The probabilities of the bands, rising (default 0.05, 0.25, 0.5, 0.75, 0.95)."""
        return list(self._core.band_probabilities)

    @property
    def band_columns(self) -> list[str]:
        """The band columns of :attr:`paths`, in the order of :attr:`band_probabilities`."""
        return [band_column(p) for p in self.band_probabilities]

    @property
    def paths(self) -> pd.DataFrame:
        """One row per option and path point (options in order, years rising): option, year,
        expected (the mean level) and, per band probability, the level's quantile (``q05`` …
        ``q95``; the expected level itself where the option is exact)."""
        ids = self.option_ids
        years = np.asarray(self._core.times, dtype=float)
        columns: dict[str, Any] = {
            "option": np.repeat(np.array(ids, dtype=object), len(years)),
            "year": np.tile(years, len(ids)),
            "expected": np.asarray(self._core.expected_path, dtype=float).reshape(-1),
        }
        bands = np.asarray(self._core.bands, dtype=float)
        for b, name in enumerate(self.band_columns):
            columns[name] = bands[:, b, :].reshape(-1)
        return pd.DataFrame(columns)

    @property
    def target(self) -> TrajectoryTarget:
        """The target grade, its lower level (the threshold) and the target year."""
        (grade, name, level), year = self._core.target
        return TrajectoryTarget(str(grade), str(name), float(level), float(year))

    @property
    def scale(self) -> pd.DataFrame:
        """The grades of the quality scale, lowest first: id, name and the level each starts at
        (``from``); a grade runs up to the next one's ``from``, the last to :attr:`scale_range`'s top."""
        return pd.DataFrame(list(self._core.grades), columns=["id", "name", "from"])

    @property
    def scale_name(self) -> str:
        """What the index measures (default "service quality index")."""
        return str(self._core.scale[0])

    @property
    def scale_range(self) -> tuple[float, float]:
        """The bottom and top of the index (default 0 and 100)."""
        _, lower, upper = self._core.scale
        return float(lower), float(upper)

    @property
    def plan(self) -> pd.DataFrame:
        """The improvement plan every path starts on: name, year and level of each milestone, after a
        first row for the current level at year 0 (name "current")."""
        current, milestones = self._core.plan
        rows = [("current", 0.0, float(current)), *[(str(n), float(y), float(v)) for n, y, v in milestones]]
        return pd.DataFrame(rows, columns=["name", "year", "level"])

    @property
    def horizon(self) -> float:
        """The years every measure covers, from year 0."""
        return self._core.horizon

    @property
    def discount_rate(self) -> float:
        """The annual rate of the discounted level (applied continuously)."""
        return self._core.discount_rate

    @property
    def samples(self) -> int:
        """Monte Carlo samples of each option with an uncertain transition."""
        return self._core.samples

    @property
    def seed(self) -> int:
        """The random seed."""
        return self._core.seed

    def report(self, format: str = "table") -> str:
        """The measures as ``adva trajectory`` prints them: "table", "json", "csv" or "markdown"."""
        with _args.native("report"):
            return self._core.report(_args.text("format", format))

    def plot(self, option: Union[None, str, Sequence[str]] = None, *, ax: Any = None) -> Figure:
        """A fan chart per option (small multiples); see :func:`fan_chart`."""
        return fan_chart(self, option, ax)

    def __repr__(self) -> str:
        return f"<adva.Trajectories {len(self.option_ids)} options, {self.samples} samples, seed {self.seed}>"

    def _repr_html_(self) -> str:
        t = self.target
        return (f"<p>Improvement over time: target {t.name or t.grade} (from {t.level:g}) by year {t.year:g}; "
                f"{self.samples} samples, seed {self.seed}</p>" + self.measures.to_html(float_format=lambda x: f"{x:.3f}"))


def fan_chart(result: Any, option: Union[None, str, Sequence[str]] = None, ax: Any = None) -> Figure:
    """One panel per option (small multiples, every option by default; ``option`` one id or a list):
    the level's 5–95 % and 25–75 % bands shaded (the outermost band probabilities paired with each
    other, then inwards), the median (dashed) and expected (solid) paths, the target's threshold
    (horizontal) and year (vertical), and the scale's grades as faint labelled bands. ``ax``: one
    matplotlib Axes for one option, or a list of Axes, one per option; by default a new figure."""
    result = of("result", result, Trajectories)
    ids = result.option_ids if option is None else option_list("option", option)
    known = result.option_ids
    for k, id in enumerate(ids):
        if id not in known:
            raise InvalidInputError.make("adva.model.unknown_id", "option" if isinstance(option, str) else f"option/{k}",
                                         "not an option of these trajectories (known: " + ", ".join(known) + ")",
                                         _args.seen(id))
    fig, axes = _panels(ax, len(ids))
    paths, measures = result.paths, result.measures
    across = min(len(ids), 3)
    for k, (id, panel) in enumerate(zip(ids, axes)):
        _fan(panel, result, paths[paths["option"] == id], str(measures.at[id, "name"]), id,
             bool(measures.at[id, "exact"]), legend=k == 0)
        if ax is None:  # a grid of our own: years under the lowest panel of each column, the index left of each row
            if k + across < len(ids):
                panel.set_xlabel("")
                panel.tick_params(labelbottom=False)
            else:
                panel.tick_params(labelbottom=True)
            if k % across:
                panel.set_ylabel("")
                panel.tick_params(labelleft=False)
    if ax is None:
        fig.suptitle(f"Improvement over time: {result.scale_name} ({result.samples} samples, seed {result.seed})",
                     fontsize="medium")
    return fig


def _panels(ax: Any, n: int) -> tuple[Figure, list[Axes]]:
    """The axes to draw n panels on: the given Axes (one, or a list of n), else a grid of n (at most
    three across) in a new figure, the unused cells removed."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if ax is not None:
        if isinstance(ax, (list, tuple, np.ndarray)):  # a list of Axes, or the array Figure.subplots gives
            given = [of(f"ax/{k}", a, Axes) for k, a in enumerate(np.ravel(np.array(ax, dtype=object)).tolist())]
        else:
            given = [of("ax", ax, Axes)]
        if len(given) != n:
            raise InvalidInputError.make("adva.python.range", "ax", f"one Axes per option drawn ({n})",
                                         f"{len(given)} Axes")
        return given[0].figure, given
    if n == 0:
        raise InvalidInputError.make("adva.python.range", "option", "a fan chart draws at least one option", "no options")
    across = min(n, 3)
    down = math.ceil(n / across)
    fig = Figure(figsize=(4.2 * across, 3.2 * down + 0.5), layout="constrained")
    grid = fig.subplots(down, across, sharex=True, sharey=True, squeeze=False).ravel()
    for spare in grid[n:]:
        fig.delaxes(spare)
    return fig, list(grid[:n])


def _fan(ax: Axes, result: Trajectories, path: pd.DataFrame, name: str, id: str, exact: bool, legend: bool) -> None:
    lower, upper = result.scale_range
    years = path["year"].to_numpy(dtype=float)
    # The grades as faint alternating bands, each named at the right edge.
    grades = result.scale
    tops = [*grades["from"].tolist()[1:], upper]
    for k, (grade, start, top) in enumerate(zip(grades.itertuples(index=False), grades["from"], tops)):
        ax.axhspan(float(start), float(top), color="0.5", alpha=0.04 if k % 2 else 0.09, linewidth=0)
        ax.text(0.99, (float(start) + float(top)) / 2, str(grade.name or grade.id), transform=ax.get_yaxis_transform(),
                ha="right", va="center", fontsize="x-small", color="0.45")
    # The bands: outermost pair lightest, then inwards.
    probabilities, columns = result.band_probabilities, result.band_columns
    for i in range(len(probabilities) // 2):
        low, high = columns[i], columns[-1 - i]
        ax.fill_between(years, path[low].to_numpy(dtype=float), path[high].to_numpy(dtype=float), color=_FAN,
                        alpha=0.15 + 0.15 * i, linewidth=0,
                        label=f"{100 * probabilities[i]:g}–{100 * probabilities[-1 - i]:g} %")
    if "q50" in columns:
        ax.plot(years, path["q50"].to_numpy(dtype=float), color=_FAN, linestyle="--", linewidth=1, label="median")
    ax.plot(years, path["expected"].to_numpy(dtype=float), color=_FAN, linewidth=1.6, label="expected")
    target = result.target
    ax.axhline(target.level, color=_TARGET, linestyle="--", linewidth=1,
               label=f"target: {target.name or target.grade} ({target.level:g})")
    ax.axvline(target.year, color=_TARGET, linestyle=":", linewidth=1, label=f"by year {target.year:g}")
    ax.set_xlim(0, result.horizon)
    ax.set_ylim(lower, upper)
    title = id if name == id else f"{id}: {name}"
    ax.set_title(title if len(title) <= 48 else title[:47] + "…", fontsize="small")
    if exact:
        ax.text(0.01, 0.02, "exact (no uncertain parameter)", transform=ax.transAxes, fontsize="x-small", color="0.35")
    ax.set_xlabel("years")
    ax.set_ylabel(result.scale_name)
    if legend:
        ax.legend(fontsize="x-small", loc="upper left")
