"""The economic case of a model as pandas DataFrames (docs/economics.md)."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from . import _args, _core
from ._args import native

__all__ = ["EconomicCase"]

_SUMMARY = ["option", "name", "npc_before_optimism_bias", "npc_after_optimism_bias", "npc", "present_benefits", "npsv",
            "bcr", "shortfall_years", "largest_shortfall"]
_LINES = ["option", "line", "name", "kind", "category", "optimism_bias", "uplift", "present_before_optimism_bias",
          "present_after_optimism_bias"]


class EconomicCase:
    """Each option's cash flows by year, net present cost before and after optimism bias, monetised
    benefits and affordability, as ``adva economics`` reports them. Obtained from
    :meth:`adva.Model.economics`.

    DataFrames: :attr:`summary` (one row per option), :attr:`by_year` (one row per option and year)
    and :attr:`lines` (one row per cost line). Also :attr:`cost_basis`, :attr:`warnings`,
    :meth:`report`, :meth:`to_dict`.
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.EconomicCase) -> None:
        self._core = core

    @property
    def cost_basis(self) -> str:
        """Which net present cost the value-for-money view and affordability use: "with_optimism_bias"
        (the Green Book's, default) or "before_optimism_bias" (the model's ``economics.cost_basis``)."""
        return self._core.cost_basis

    @property
    def warnings(self) -> list[str]:
        """What a reader should know before relying on the figures."""
        return list(self._core.warnings)

    @property
    def summary(self) -> pd.DataFrame:
        """Index option; columns name, npc_before_optimism_bias, npc_after_optimism_bias, npc (on the
        cost basis), present_benefits, npsv, bcr (NaN without monetised benefits), shortfall_years and
        largest_shortfall (0 without a budget)."""
        frame = pd.DataFrame(self._core.options, columns=_SUMMARY).set_index("option")
        frame.insert(3, "optimism_bias", frame["npc_after_optimism_bias"] - frame["npc_before_optimism_bias"])
        return frame

    @property
    def by_year(self) -> pd.DataFrame:
        """Index (option, year); columns capital and revenue before and after optimism bias, the
        discount factor, the calendar year (when the model has a base year) and, with a budget, the
        capital and revenue headroom (envelope − cost on the cost basis; NaN where it has no envelope)."""
        series = self._core.by_year
        options = [row[0] for row in self._core.options]
        factors = list(self._core.discount_factors)
        years = range(len(factors))
        index = pd.MultiIndex.from_product([options, years], names=["option", "year"])
        frame = pd.DataFrame({name: values.reshape(-1) for name, values in series.items()}, index=index)
        frame["discount_factor"] = factors * len(options)
        if self._core.base_year:
            frame["calendar_year"] = [self._core.base_year + t for t in years] * len(options)
        return frame

    @property
    def lines(self) -> pd.DataFrame:
        """One row per cost line: option, line (its id, else costs/K), name, kind, category, the
        optimism-bias category (empty for none), the uplift applied, and its present value before and
        after the uplift."""
        return pd.DataFrame(self._core.lines, columns=_LINES)

    def report(self, format: str = "table", *, by_year: bool = False) -> str:
        """The economic case as ``adva economics`` prints it: "table", "json", "csv" or "markdown"."""
        with native("report"):
            return self._core.report(_args.text("format", format), _args.flag("by_year", by_year))

    def to_dict(self) -> dict[str, Any]:
        """Every figure and convention, as ``adva economics --format json`` writes them."""
        result: dict[str, Any] = json.loads(self._core.to_json_text())
        return result

    def __repr__(self) -> str:
        return f"<EconomicCase: {len(self._core.options)} options, {self.cost_basis}>"
