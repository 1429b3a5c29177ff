"""Results of the additive appraisal as pandas DataFrames, with JSON, Excel and HTML output."""

from __future__ import annotations

import html
import os
from typing import Any, Callable, Optional, Union

import pandas as pd

from . import _args, _core, excel
from ._args import native
from .robustness import MethodComparison, SensitivityResult, SmaaResult, StakeholderComparison, WhatIfResult, model_smaa

__all__ = ["AppraisalResult"]


class AppraisalResult:
    """The additive appraisal of a model under one weight set (a group's, or the consensus).

    DataFrames: :attr:`ranking`, :attr:`contributions`, :attr:`screening`, :attr:`gates`,
    :attr:`value_for_money`, :attr:`values`, :attr:`weights`, :attr:`dominance`. Also
    :meth:`explain`, :meth:`to_json`, :meth:`to_dict`, :meth:`report`, :meth:`to_excel`, and an
    HTML representation for Jupyter.
    """

    __slots__ = ("_core", "_cache")

    def __init__(self, core: _core.AppraisalResult) -> None:
        """Wraps a C++ result; obtained from :meth:`adva.Model.appraise`."""
        self._core = core
        self._cache: dict[str, Any] = {}

    # --- identity -------------------------------------------------------------------------------
    @property
    def weights_name(self) -> str:
        """"consensus" or the stakeholder group id whose weights were used."""
        return self._core.weights_name

    @property
    def governance(self) -> dict[str, Any]:
        """The decision record as reported with every result: the fields of
        :attr:`adva.Model.governance` (state, status_text, digests, record_head, revisions,
        reopen_reason, weights revised after scoring, score changes recorded, scored before lock,
        findings, imputations, warnings) without the audit entries."""
        return dict(self._core.governance)

    @property
    def warnings(self) -> list[str]:
        """Warnings of the appraisal (options without costs, everything discounted …)."""
        return list(self._core.warnings)

    @property
    def winner(self) -> Optional[str]:
        """The id of the first-ranked option (None when nothing is on the short list)."""
        r = self._core.ranking
        return r[0][0] if r else None

    def _memo(self, key: str, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        if key not in self._cache:
            self._cache[key] = build()
        frame: pd.DataFrame = self._cache[key]
        return frame

    # --- tables ---------------------------------------------------------------------------------
    @property
    def ranking(self) -> pd.DataFrame:
        """The short list best first: index option id; columns name, rank (1-based, ties share the
        better rank), total (0–100), tied."""
        def build() -> pd.DataFrame:
            names = dict(zip(self._core.option_ids, self._core.option_names))
            rows = [{"option": o, "name": names[o], "rank": rank, "total": total, "tied": tied}
                    for o, rank, total, tied in self._core.ranking]
            frame = pd.DataFrame(rows, columns=["option", "name", "rank", "total", "tied"])
            return frame.astype({"rank": "int64", "total": "float64", "tied": "bool"}).set_index("option")
        return self._memo("ranking", build).copy()

    @property
    def values(self) -> pd.DataFrame:
        """0–100 values: options (model order) × every node of the value tree (NaN where a
        discounted option has no score)."""
        return self._memo("values", lambda: pd.DataFrame(
            self._core.values, index=pd.Index(self._core.option_ids, name="option"),
            columns=pd.Index(self._core.criterion_ids, name="criterion"))).copy()

    @property
    def totals(self) -> pd.Series:
        """Weighted total value (0–100) of every option, model order."""
        return pd.Series(self._core.totals, index=pd.Index(self._core.option_ids, name="option"), name="total")

    @property
    def contributions(self) -> pd.DataFrame:
        """Contribution of each leaf criterion (global weight × value, in total points) for the
        short list in ranking order; rows add up to the totals."""
        def build() -> pd.DataFrame:
            full = pd.DataFrame(self._core.contributions, index=pd.Index(self._core.option_ids, name="option"),
                                columns=pd.Index(self._core.leaf_ids, name="criterion"))
            return full.loc[[o for o, *_ in self._core.ranking]]
        return self._memo("contributions", build).copy()

    @property
    def weights(self) -> pd.DataFrame:
        """The weight set: index criterion id; columns name, parent, leaf, local (within parent),
        global (product from the top; leaves sum to 1)."""
        def build() -> pd.DataFrame:
            leaves = set(self._core.leaf_ids)
            return pd.DataFrame({
                "name": self._core.criterion_names, "parent": self._core.criterion_parents,
                "leaf": [c in leaves for c in self._core.criterion_ids],
                "local": self._core.weights_local, "global": self._core.weights_global,
            }, index=pd.Index(self._core.criterion_ids, name="criterion"))
        return self._memo("weights", build).copy()

    @property
    def screening(self) -> pd.DataFrame:
        """Gate screening of every option: index option id; columns shortlisted, benchmark,
        flagged, reason, then one column per gate with "pass", "fail" or "unknown"."""
        def build() -> pd.DataFrame:
            rows = []
            for s in self._core.screening:
                row = {"option": s["option"], "shortlisted": s["shortlisted"], "benchmark": s["benchmark"],
                       "flagged": s["flagged"], "reason": s["reason"]}
                for gate, status, _ in s["gates"]:
                    row[gate] = status
                rows.append(row)
            return pd.DataFrame(rows).set_index("option")
        return self._memo("screening", build).copy()

    @property
    def gates(self) -> pd.DataFrame:
        """Every gate outcome in long form: columns option, gate, status, reason (always filled)."""
        rows = [{"option": s["option"], "gate": g, "status": st, "reason": why}
                for s in self._core.screening for g, st, why in s["gates"]]
        return pd.DataFrame(rows, columns=["option", "gate", "status", "reason"])

    @property
    def dominance(self) -> pd.DataFrame:
        """Short-list dominance: index option; columns dominated_by (list of ids), potentially_optimal
        (can win: some weights rank it first alone) and best_possible ("outright", "tie_only" or
        "never": the best place any weights give it, as what_if decides it)."""
        rows = [{"option": o, "dominated_by": list(by), "potentially_optimal": po, "best_possible": best}
                for o, by, po, best in self._core.dominance]
        return pd.DataFrame(rows, columns=["option", "dominated_by", "potentially_optimal", "best_possible"]).set_index("option")

    @property
    def value_for_money_comparator(self) -> Optional[str]:
        """The option value added and extra cost are measured against (the business-as-usual option, or
        the do-minimum as ``economics.comparator`` names); None when the short list has none with costs."""
        return self._core.value_for_money_comparator or None

    @property
    def value_for_money(self) -> pd.DataFrame:
        """Value for money of the short list with costs (docs/economics.md): index option; columns
        npv_cost (net present cost on the model's cost basis, by default after optimism bias),
        npv_cost_before_optimism_bias, total_value (the ranking's), benefit (by default the weighted value of
        the criteria that do not measure cost), value_added and extra_cost over the comparator
        (:attr:`value_for_money_comparator`), value_added_per_extra_cost (per million, in the two
        trade-off positions), position (comparator, more_value_more_cost, less_value_less_cost, dominant,
        dominated, equivalent, no_comparator), benefit_per_cost (the plain ratio per million; inf for zero
        cost), on_frontier, incremental_benefit_per_cost (along the frontier)."""
        cols = ["option", "npv_cost", "npv_cost_before_optimism_bias", "total_value", "benefit", "value_added", "extra_cost",
                "value_added_per_extra_cost", "position", "benefit_per_cost", "on_frontier", "incremental_benefit_per_cost"]
        return pd.DataFrame([dict(zip(cols, row)) for row in self._core.value_for_money], columns=cols).set_index("option")

    @property
    def switching_values(self) -> pd.DataFrame:
        """How far each option's net present cost can move, all else fixed, before the value-for-money
        comparison changes (docs/economics.md, "Switching values"; ``adva economics --view
        switching-values``). Index option; columns npv_cost, benefit, on_frontier, then for
        ``frontier`` (the change at which the option itself leaves the frontier, an increase, or joins
        it, a decrease), ``ranking_up`` and ``ranking_down`` (the nearest increase and decrease at which
        any option joins or leaves it) each ``_change`` (signed, in the model's currency; NaN: no such
        change), ``_percent`` (of the option's NPC), ``_option`` (whose membership flips) and ``_effect``
        ("joins_frontier" or "leaves_frontier")."""
        with native("switching_values"):
            raw = self._core.switching_values
        cols = ["npv_cost", "benefit", "on_frontier"] + [f"{part}_{field}" for part in ("frontier", "ranking_up", "ranking_down")
                                                         for field in ("change", "percent", "option", "effect")]
        rows = {option: [cost, benefit, on, *frontier, *up, *down] for option, cost, benefit, on, frontier, up, down in raw}
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
        frame.index.name = "option"
        return frame

    def switching_values_report(self, format: str = "table") -> str:
        """The switching values as ``adva economics --view switching-values`` prints them: "table", "json",
        "csv" or "markdown"."""
        with native("switching_values_report"):
            return self._core.switching_values_report(_args.text("format", format))

    @property
    def cost_tornado(self) -> pd.DataFrame:
        """Each option's net present cost as one cost line at a time runs over its range: the line's
        own ``range``, else its optimism-bias category's, the Green Book's lower to upper bound
        (docs/economics.md, "Cost tornado"; ``adva economics --view tornado``). One row per option and
        line with a range, widest swing first within an option: columns option, npc (on the cost
        basis), line, name, optimism_bias, range ("line" or "optimism_bias_bounds"), low and high (the
        shares added to the line's estimate at each end), npc_low, npc_high, swing, and
        reaches_switch_up / reaches_switch_down (the move reaches the option's nearest switching value,
        see :attr:`switching_values`)."""
        with native("cost_tornado"):
            raw = self._core.cost_tornado
        cols = ["option", "npc", "line", "name", "optimism_bias", "range", "low", "high", "npc_low", "npc_high", "swing",
                "reaches_switch_up", "reaches_switch_down"]
        return pd.DataFrame([dict(zip(cols, row)) for row in raw], columns=cols)

    def cost_tornado_report(self, format: str = "table") -> str:
        """The cost tornado as ``adva economics --view tornado`` prints it: "table", "json", "csv" or
        "markdown"."""
        with native("cost_tornado_report"):
            return self._core.cost_tornado_report(_args.text("format", format))

    # --- explanations and output ----------------------------------------------------------------
    def explain(self, a: str, b: str) -> pd.DataFrame:
        """Why ``a`` beats (or trails) ``b``: the total gap broken down by leaf criterion, largest
        first. Columns weight (global), value_a, value_b, contribution_gap (points); the frame's
        ``attrs`` hold total_a, total_b and gap."""
        with native("explain"):
            total_a, total_b, gap, lines = self._core.explain(_args.text("a", a), _args.text("b", b))
        frame = pd.DataFrame(lines, columns=["criterion", "weight", "value_a", "value_b", "contribution_gap"])
        frame = frame.set_index("criterion")
        frame.attrs.update({"a": a, "b": b, "total_a": total_a, "total_b": total_b, "gap": gap})
        return frame

    # --- robustness (adva/analysis: sensitivity, what_if, compare, model_smaa) -----------------------
    def sensitivity(self) -> SensitivityResult:
        """Exact one-way weight sensitivity at every node of the tree (tornado, crossovers,
        stability intervals) and the score thresholds that change the winner."""
        return SensitivityResult(_core.sensitivity(self._core))

    def what_if(self, option: str, norm: str = "l1") -> WhatIfResult:
        """The smallest change of weights (``norm`` "l1" or "linf") that makes ``option`` at
        least tied first, or the proof that none exists."""
        with native("what_if"):
            return WhatIfResult(_core.what_if(self._core, _args.text("option", option), _args.text("norm", norm)))

    def compare_methods(self) -> MethodComparison:
        """Does the winner change across aggregation methods? The short list ranked by each."""
        return MethodComparison(_core.compare_methods(self._core))

    def compare_stakeholders(self) -> StakeholderComparison:
        """Rankings under every stakeholder group's weights and the consensus, with Kendall's tau-b."""
        return StakeholderComparison(_core.compare_stakeholders(self._core))

    def smaa(self, samples: int = 10000, seed: int = 0, threads: int = 0, weights: str = "uniform",
             group: Optional[str] = None) -> SmaaResult:
        """SMAA-2 of the short list, scores sampled from their uncertainty. ``weights="uniform"``:
        local weights uniform within each parent of the tree; ``"elicited"``: uniform on what
        ``group``'s answers (AHP, MACBETH, PAPRIKA, swings) allow, by hit-and-run (default group: the
        lead group, or the one group that answered; docs/elicitation.md). Same seed ⇒ identical
        results on any number of threads."""
        return model_smaa(self._core, _args.count("samples", samples, 1), _args.count("seed", seed),
                          _args.threads("threads", threads), _args.text("weights", weights),
                          "" if group is None else _args.text("group", group))

    def robustness(self) -> dict[str, Any]:
        """The short robustness summary printed with the report (top-level weight stability and
        the winner's first-rank acceptability, fixed seed)."""
        return _core.robustness_summary(self._core)

    def to_json(self, indent: Optional[int] = 2, by_group: bool = False) -> str:
        """The result as JSON text (schema/result.schema.json); ``by_group`` adds every stakeholder
        group's appraisal (where the groups disagree on the leading option)."""
        indent = -1 if indent is None else _args.count("indent", indent, 0, _args.MAX_INDENT)
        return self._core.to_json_text(indent, _args.flag("by_group", by_group))

    def to_dict(self, by_group: bool = False) -> dict[str, Any]:
        """The JSON result as a dict."""
        return _args.json_object(self._core.to_json_text(-1, _args.flag("by_group", by_group)))

    def report(self, format: str = "table", by_group: bool = False) -> str:
        """The report as text: "table" (terminal), "markdown", "csv" or "json" (as the CLI prints)."""
        with native("report"):
            return self._core.report(_args.text("format", format), _args.flag("by_group", by_group))

    def to_html(self, path: Optional[Union[str, os.PathLike[str]]] = None, *, interactive: bool = False,
                timestamp: bool = False, overwrite: bool = True) -> Optional[str]:
        """The decision report (docs/report.md) as one self-contained HTML document: every section,
        charts as inline SVG with their data tables, print CSS for A4. ``interactive`` adds the live
        weights section (a small inline script); ``timestamp`` prints the time of writing (left
        out by default, so the same result gives the same bytes). With ``path`` the file is
        written as :meth:`Model.save` writes files and None is returned; without, the text."""
        return self._decision_report("html", path, interactive, timestamp, overwrite)

    def to_markdown(self, path: Optional[Union[str, os.PathLike[str]]] = None, *, overwrite: bool = True) -> Optional[str]:
        """The decision report's sections as Markdown text tables (``adva report --format markdown``)."""
        return self._decision_report("markdown", path, False, False, overwrite)

    def _decision_report(self, format: str, path: Optional[Union[str, os.PathLike[str]]], interactive: bool, timestamp: bool,
                         overwrite: bool) -> Optional[str]:
        target = "" if path is None else _args.path("path", path)
        with native("report"):
            text = self._core.decision_report(format, _args.flag("interactive", interactive), _args.flag("timestamp", timestamp),
                                              target, _args.flag("overwrite", overwrite))
        return None if path is not None else text

    def to_excel(self, path: Union[str, os.PathLike[str]], *, overwrite: bool = True) -> None:
        """Writes the result tables to an Excel workbook (sheets: ranking, contributions, screening,
        gates, value_for_money, values, weights, dominance, governance, findings), as ``Model.save`` writes
        files (``overwrite=False`` refuses an existing file)."""
        tables = {"ranking": self.ranking, "contributions": self.contributions, "screening": self.screening,
                  "gates": self.gates.set_index("option"), "value_for_money": self.value_for_money, "values": self.values,
                  "weights": self.weights, "dominance": self.dominance}
        excel.result_to_excel(tables, self.governance, _args.path("path", path), overwrite=_args.flag("overwrite", overwrite))

    def __repr__(self) -> str:
        return f"<adva.AppraisalResult {self.weights_name}: winner {self.winner!r}, {self.governance['state']}>"

    def _repr_html_(self) -> str:
        title = html.escape(self._core.title or "Appraisal")
        parts = [f"<h4>{title} — weights: {html.escape(self.weights_name)}</h4>"]
        if self._core.illustrative:
            parts.append("<p><b>Illustrative figures</b>: not evidence.</p>")
        parts.append(f"<p>Framing: {html.escape(self.governance['status_text'])}; weights revised after scoring: "
                     f"{self.governance['weights_revised_after_scoring']}</p>")
        for w in self.warnings + list(self.governance["warnings"]):
            parts.append(f"<p>&#9888; {html.escape(w)}</p>")
        parts.append(self.ranking.to_html(float_format=lambda x: f"{x:.1f}"))
        discounted = self.screening[~self.screening["shortlisted"]]
        if len(discounted):
            parts.append("<p>Discounted at screening:</p>" + discounted[["reason"]].to_html())
        if len(self.value_for_money):
            parts.append("<p>Value for money:</p>" + self.value_for_money.to_html(float_format=lambda x: f"{x:,.2f}"))
        return "\n".join(parts)
