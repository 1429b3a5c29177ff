"""Robustness analyses as DataFrames: one-way weight sensitivity (tornado, crossovers, score
thresholds), "what would it take", stakeholder and method comparison, and SMAA-2 (on a model's
short list or on a plain matrix of partial values).

Model analyses are methods of :class:`adva.AppraisalResult` (``sensitivity()``, ``what_if()``,
``compare_methods()``, ``compare_stakeholders()``, ``smaa()``, ``robustness()``); :func:`smaa` runs
on a matrix. Conventions are the C++ library's (docs/robustness.md, docs/smaa.md): sensitivity moves
one local weight with its siblings rescaled proportionally; SMAA uses Philox streams, so the same
seed gives bitwise identical results on any number of threads.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Optional

import numpy as np
import pandas as pd

from . import _args, _core
from ._args import native
from .errors import InvalidInputError, InvalidTypeError

__all__ = ["SmaaResult", "SensitivityResult", "WhatIfResult", "MethodComparison", "StakeholderComparison", "smaa", "hit_and_run"]


def _nan(v: Any) -> float:
    return math.nan if v is None else v


class SmaaResult:
    """SMAA-2 results: :attr:`rank_acceptability` (rows × ranks), :attr:`central_weights`
    (rows × criteria; NaN rows for those never first), :attr:`confidence_factors`,
    :attr:`pairwise_winning`, each with a ``*_standard_error`` twin; ``samples``,
    and ``weight_sampler``. The rows are a model's options (index "option", from
    ``AppraisalResult.smaa()``) or a matrix's alternatives (index "alternative", from :func:`smaa`)."""

    def __init__(self, data: Mapping[str, Any], alternatives: Sequence[str], criteria: Sequence[str],
                 axis: str = "alternative") -> None:
        """Labels the raw outputs (numpy arrays or nested lists with None for undefined); ``axis``
        names the rows ("option" or "alternative")."""
        a = pd.Index(list(alternatives), name=axis)
        c = pd.Index(list(criteria), name="criterion")
        ranks = pd.Index(range(1, len(a) + 1), name="rank")

        def frame(key: str, columns: pd.Index) -> pd.DataFrame:
            return pd.DataFrame(np.array(_nan_rows(data[key]), dtype=float), index=a, columns=columns)

        self.samples: int = int(data["samples"])
        self.weight_sampler: str = data["weight_sampler"]
        #: A model's SMAA: "per_parent_uniform", or "elicited" (``weights_group``'s answers bound the
        #: local weights of the parents in ``elicited_parents``: parent, children, source, dimension,
        #: burn_in, thinning, chain_length). A matrix's SMAA: "matrix".
        self.weights: str = str(data.get("weights", "matrix"))
        self.weights_group: str = str(data.get("weights_group", ""))
        self.elicited_parents: list[dict[str, Any]] = [dict(x) for x in data.get("elicited_parents", [])]
        self.confidence_samples: int = int(data.get("confidence_samples", 0))
        self.rank_acceptability = frame("rank_acceptability", ranks)
        self.rank_acceptability_standard_error = frame("rank_acceptability_standard_error", ranks)
        self.central_weights = frame("central_weights", c)
        self.central_weights_standard_error = frame("central_weights_standard_error", c)
        versus = pd.Index(list(alternatives), name="versus")
        self.pairwise_winning = frame("pairwise_winning", versus)
        self.pairwise_winning_standard_error = frame("pairwise_winning_standard_error", versus)
        self.confidence_factors = pd.Series(np.array(_nan_rows(data["confidence_factors"]), dtype=float), index=a,
                                            name="confidence_factor")
        self.confidence_factors_standard_error = pd.Series(
            np.array(_nan_rows(data["confidence_factors_standard_error"]), dtype=float), index=a, name="standard_error")

    def __repr__(self) -> str:
        first = self.rank_acceptability[1].idxmax() if len(self.rank_acceptability) else None
        return f"<adva.SmaaResult {self.samples} samples, most often first: {first!r}>"

    def _repr_html_(self) -> str:
        return (f"<p>SMAA-2, {self.samples} samples ({self.weight_sampler})</p>"
                + self.rank_acceptability.to_html(float_format=lambda x: f"{x:.3f}"))


def _nan_rows(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return v
    if v is None:
        return math.nan
    if isinstance(v, list):
        return [_nan_rows(x) for x in v]
    return v


class SensitivityResult:
    """One-way weight sensitivity of an appraisal. Totals are linear in a node's local weight, so
    everything is exact: :attr:`nodes` (per node: weight, stability intervals), :attr:`tornado`
    (per node and option: total at weight 0, now and at 1), :attr:`crossovers` (weights where two
    options tie), :attr:`score_thresholds` (score change that changes the winner). ``convention``
    names how siblings follow (proportional rescaling)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        """Builds the tables from the sensitivity JSON document (docs/robustness.md)."""
        self.data = dict(data)
        self.winner: Optional[str] = data["winner"]
        self.convention: str = data["convention"]
        self.ranking: list[str] = list(data["ranking"])
        self.nodes = pd.DataFrame([{
            "node": n["node"], "parent": n["parent"] or "", "weight": n["weight"],
            "parent_global_weight": n["parent_global_weight"], "movable": n["movable"],
            "winner_stable_lower": n["winner_stable"][0], "winner_stable_upper": n["winner_stable"][1],
            "ranking_stable_lower": n["ranking_stable"][0], "ranking_stable_upper": n["ranking_stable"][1],
        } for n in data["nodes"]]).set_index("node")
        self.tornado = pd.DataFrame([{"node": n["node"], **{k: _nan(v) if k != "option" else v for k, v in line.items()}}
                                     for n in data["nodes"] for line in n["tornado"]],
                                    columns=["node", "option", "at_zero", "at_current", "at_one"])
        self.crossovers = pd.DataFrame([{"node": n["node"], "a": c["options"][0], "b": c["options"][1], "weight": c["weight"],
                                         "total": _nan(c["total"]), "involves_winner": c["involves_winner"],
                                         "leads_above": c["leads_above"]}
                                        for n in data["nodes"] for c in n["crossovers"]],
                                       columns=["node", "a", "b", "weight", "total", "involves_winner", "leads_above"])
        self.score_thresholds = pd.DataFrame([{k: (_nan(v) if k not in ("option", "criterion", "within_scale") else v)
                                               for k, v in t.items()} for t in data["score_thresholds"]])

    def winner_swing(self, node: Optional[str] = None) -> pd.DataFrame:
        """The tornado of the winner: per node (or one node), its total at weight 0 and 1 and the
        swing (at_one - at_zero), largest absolute swing first."""
        t = self.tornado[self.tornado["option"] == self.winner]
        if node is not None:
            t = t[t["node"] == node]
        t = t.assign(swing=t["at_one"] - t["at_zero"])
        return t.reindex(t["swing"].abs().sort_values(ascending=False).index).set_index("node")

    def __repr__(self) -> str:
        return f"<adva.SensitivityResult winner {self.winner!r}, {len(self.nodes)} nodes, {len(self.crossovers)} crossovers>"


class WhatIfResult:
    """The smallest change of weights (``norm`` "l1" or "linf", in global weight units) that makes an
    option at least tied first: ``possible``, ``best_possible`` ("outright": beyond the new weights
    it wins alone; "tie_only": it can at best tie; "never"), ``distance``, :attr:`leaf_weights` (current and new),
    :attr:`node_weights`, :attr:`new_ranking`; when impossible, ``dominated_by`` and the proof
    (``beaten_by_mixture``)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        """Builds the tables from the what-if JSON document."""
        self.data = dict(data)
        self.option: str = data["option"]
        self.norm: str = data["norm"]
        self.possible: bool = data["possible"]
        self.already_winner: bool = data["already_winner"]
        self.best_possible: str = data["best_possible"]
        self.distance: float = _nan(data["distance"])
        self.dominated_by: list[str] = list(data["dominated_by"])
        self.leaf_weights = pd.DataFrame([{"criterion": x["criterion"], "current": x["current"], "new": _nan(x["new"])}
                                          for x in data["leaf_weights"]]).set_index("criterion")
        self.node_weights = pd.DataFrame([{k: _nan(v) if k != "node" else v for k, v in x.items()}
                                          for x in data["node_weights"]]).set_index("node")
        self.new_ranking = (pd.DataFrame(data["new_ranking"]).set_index("option") if data.get("new_ranking")
                            else pd.DataFrame(columns=["rank", "total", "tied"]))
        proof = data.get("proof", {})
        self.beaten_by_mixture: dict[str, float] = {x["option"]: x["share"] for x in proof.get("beaten_by_mixture", [])}

    def __repr__(self) -> str:
        return f"<adva.WhatIfResult {self.option!r}: possible={self.possible}, distance={self.distance:.4g} ({self.norm})>"


class MethodComparison:
    """The short list ranked by every aggregation method on the leaf values and global weights:
    :attr:`ranks` (options × methods), :attr:`scores`, :attr:`methods` (applicable, reason,
    score meaning, same winner as additive); ``winner_agrees``."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        """Builds the tables from the method-comparison JSON document."""
        self.data = dict(data)
        self.winner_agrees: bool = data["winner_agrees"]
        options = list(data["options"])
        ok = [m for m in data["methods"] if m["applicable"]]
        self.ranks = pd.DataFrame({m["method"]: m["ranks"] for m in ok}, index=pd.Index(options, name="option"))
        self.scores = pd.DataFrame({m["method"]: [_nan(s) for s in m["scores"]] for m in ok},
                                   index=pd.Index(options, name="option"))
        self.methods = pd.DataFrame([{"method": m["method"], "applicable": m["applicable"], "reason": m.get("reason", ""),
                                      "score_meaning": m.get("score_meaning", ""), "winners": m.get("winners", []),
                                      "same_winner_as_additive": m.get("same_winner_as_additive", False)}
                                     for m in data["methods"]]).set_index("method")

    def __repr__(self) -> str:
        return f"<adva.MethodComparison {len(self.methods)} methods, winner agrees: {self.winner_agrees}>"


class StakeholderComparison:
    """Rankings under each stakeholder group's weights and the consensus: :attr:`ranks` (options ×
    weight sets; NaN where an option is not on that set's short list), :attr:`winners`,
    :attr:`kendall` (tau-b between every pair), ``groups_with_different_winner``."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        """Builds the tables from the stakeholder-comparison JSON document."""
        self.data = dict(data)
        sets = [data["consensus"]] + list(data["groups"])
        self.ranks = pd.DataFrame({g["group"]: {r["option"]: r["rank"] for r in g["ranking"]} for g in sets})
        self.ranks.index.name = "option"
        self.totals = pd.DataFrame({g["group"]: {r["option"]: _nan(r["total"]) for r in g["ranking"]} for g in sets})
        self.totals.index.name = "option"
        self.winners = pd.DataFrame([{"weights": g["group"], "winners": g["winners"], "winner_differs": g["winner_differs"]}
                                     for g in sets]).set_index("weights")
        self.kendall = pd.DataFrame([{k: _nan(v) if k == "tau_b" else v for k, v in x.items()} for x in data["kendall_tau_b"]],
                                    columns=["a", "b", "tau_b", "options"])
        self.groups_with_different_winner: list[str] = list(data["groups_with_different_winner"])

    def __repr__(self) -> str:
        return f"<adva.StakeholderComparison {self.ranks.shape[1]} weight sets, differing: {self.groups_with_different_winner}>"


@native("smaa")
def model_smaa(core_result: Any, samples: int, seed: int, threads: int, weights: str = "uniform", group: str = "") -> SmaaResult:
    """SMAA-2 of an appraisal result's short list (used by AppraisalResult.smaa; arguments checked there)."""
    data = _core.model_smaa(core_result, samples, seed, threads, weights, group)
    return SmaaResult(data, data["options"], data["criteria"], axis="option")


@native("hit_and_run")
def hit_and_run(n: int, A: Any = None, b: Any = None, E: Any = None, f: Any = None, *, count: int = 10000, seed: int = 0,
                burn_in: Optional[int] = None, thinning: Optional[int] = None, chain_length: int = 1000,
                threads: int = 0) -> np.ndarray:
    """Uniform samples (``count`` × ``n`` float64) of the weight polytope {w ≥ 0, Σw = 1, A w ≤ b,
    E w = f} by hit-and-run from its Chebyshev centre (docs/elicitation.md, "Sampling the weights
    people gave"). ``burn_in`` and ``thinning`` default to the rules of the polytope's dimension d
    (max(100, ⌈ln(d + 1)/4 · d³⌉) and d²); samples come in chains of ``chain_length``, each from the
    centre. Same ``seed`` ⇒ the same bits on any number of ``threads``."""
    n = _args.count("n", n, 1)
    A_ = np.zeros((0, n)) if A is None else _args.matrix("A", A)
    b_ = np.zeros(0) if b is None else _args.vector("b", b)
    E_ = np.zeros((0, n)) if E is None else _args.matrix("E", E)
    f_ = np.zeros(0) if f is None else _args.vector("f", f)
    data = _core.hit_and_run(n, A_, b_, E_, f_, _args.count("count", count), _args.count("seed", seed),
                             -1 if burn_in is None else _args.count("burn_in", burn_in, 0, 2**62),
                             -1 if thinning is None else _args.count("thinning", thinning, 1, 2**62),
                             _args.count("chain_length", chain_length, 1), _args.threads("threads", threads))
    samples: np.ndarray = data["samples"]
    return samples


def smaa(values: Any, types: Optional[Sequence[str]] = None, *, weights: Any = "none",
         uncertainty: Optional[Sequence[Sequence[Optional[Mapping[str, Any]]]]] = None,
         samples: int = 10000, seed: int = 0, threads: int = 0,
         alternatives: Optional[Sequence[str]] = None, criteria: Optional[Sequence[str]] = None) -> SmaaResult:
    """SMAA-2 on a matrix of partial values (alternatives × criteria; a DataFrame gives labels).

    ``types``: "benefit"/"cost" per criterion (default all benefit; cost columns enter negated).
    ``weights``: "none" (uniform on the simplex), or ``{"information": "ordinal", "rank": [...]}``,
    ``{"information": "intervals", "lower": [...], "upper": [...]}``.
    ``uncertainty``: per cell None (exact) or ``{"distribution": "uniform"|"triangular"|"pert"|
    "truncated_normal", "lower", "upper", "mode"?, "mean"?, "sd"?}`` (docs/smaa.md).
    Same ``seed`` ⇒ identical results on any number of ``threads`` (0 = all cores).
    """
    alternatives = _args.labels("alternatives", alternatives)
    criteria = _args.labels("criteria", criteria)
    if hasattr(values, "to_numpy") and hasattr(values, "columns"):  # a DataFrame
        alternatives = alternatives if alternatives is not None else [str(a) for a in values.index]
        criteria = criteria if criteria is not None else [str(c) for c in values.columns]
        values = values.to_numpy()
    x = _args.matrix("/matrix", values)  # a non-finite value: adva.smaa.not_finite from _core.smaa_matrix
    if criteria is not None and len(criteria) != x.shape[1]:
        raise InvalidInputError.make("adva.smaa.shape", "criteria", "one label per matrix column",
                                     f"{len(criteria)} labels for {x.shape[1]} columns")
    document: dict[str, Any] = {}  # the matrix crosses as the array itself, the rest as a small document
    if types is not None:
        document["types"] = _args.names("/types", types)
    if alternatives is not None:
        document["alternatives"] = alternatives
    if isinstance(weights, str):
        document["weights"] = {"information": weights}
    elif isinstance(weights, Mapping):
        document["weights"] = weights
    elif weights is not None:
        raise InvalidTypeError.make("adva.python.type", "/weights",
                                    'must be "none" or a dict such as {"information": "ordinal", …}', _args.seen(weights))
    if uncertainty is not None:
        if not isinstance(uncertainty, (list, tuple, np.ndarray)):
            raise InvalidTypeError.make("adva.python.type", "/uncertainty", "must be a list of rows (one per alternative)",
                                        _args.seen(uncertainty))
        document["uncertainty"] = uncertainty
    samples = _args.count("samples", samples, 1)
    seed = _args.count("seed", seed)
    threads = _args.threads("threads", threads)
    with native("smaa"):
        data = _core.smaa_matrix(x, _args.json_text(document, not_finite="adva.smaa.not_finite"), samples, seed, threads)
    a = alternatives if alternatives is not None else [str(i) for i in range(x.shape[0])]
    c = criteria if criteria is not None else [str(j) for j in range(x.shape[1])]
    return SmaaResult(data, a, c)
