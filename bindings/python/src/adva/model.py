"""The appraisal model: load, edit (validated, all or nothing), lock / reopen, save, appraise.

A :class:`Model` holds the C++ model. Reading is through pandas views (``criteria``, ``options``,
``scores``, ``attributes``) and plain dicts (``context``, ``governance``); editing is through
convenience methods (``set_weight``, ``set_score``, ``set_attribute``, ``set_answer``,
``set_context``, ``add_option``, ``remove_option``) or, for anything else, the ``edit()`` context
manager over the JSON document (docs/model-format.md). Every edit is validated completely by the C++
loader before it takes effect; a failed edit leaves the model unchanged and raises an
:class:`~adva.errors.InvalidInputError` naming the JSON pointer of the problem.

Function before form: while the framing is locked, an edit that changes the framing (context,
groups, consensus, functions and answers, criteria and weights, attributes, gates) raises
:class:`~adva.errors.StageError`; call :meth:`Model.reopen` with a reason first. The governance record
itself changes only through :meth:`Model.lock` and :meth:`Model.reopen`.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import os
from typing import Any, Dict, Iterator, Mapping, Optional, Sequence, Union

from . import _args, _core
from ._args import native
from .errors import InvalidInputError, InvalidTypeError, StageError

__all__ = ["Model", "load", "default_model", "init_model"]

PathLike = Union[str, "os.PathLike[str]"]

_SCORE_KINDS = ("point", "range", "triangular", "pert", "normal")


class Model:
    """An appraisal model (JSON model format v1), validated on every change."""

    __slots__ = ("_core",)

    def __init__(self, core: "_core.Model") -> None:
        """Wraps a C++ model; use :func:`load`, :func:`default_model`, :func:`init_model` or
        :meth:`from_dict` rather than calling this directly."""
        if not isinstance(core, _core.Model):
            raise InvalidTypeError.make("adva.python.type", "core",
                                        "Model() takes an adva._core.Model; use adva.load(...) or Model.from_dict(...)",
                                        _args.seen(core))
        self._core = core

    # --- construction and serialisation ----------------------------------------------------------
    @classmethod
    @native("document")
    def from_dict(cls, document: Mapping[str, Any]) -> "Model":
        """Builds and validates a model from a JSON-like dict (format v1)."""
        return cls(_core.Model.from_json_text(_dumps(document)))

    @classmethod
    @native("text")
    def from_json(cls, text: str) -> "Model":
        """Parses and validates a model from JSON text."""
        return cls(_core.Model.from_json_text(_args.text("text", text)))

    def to_dict(self) -> Dict[str, Any]:
        """The model as a JSON-like dict (a fresh copy: changing it does not change the model)."""
        return json.loads(self._core.to_json_text())

    def to_json(self, indent: Optional[int] = 2) -> str:
        """The model as JSON text (lossless: ``Model.from_json(m.to_json()) == m``); ``indent`` is
        None (one line) or 0 to 32."""
        return self._core.to_json_text(-1 if indent is None else _args.count("indent", indent, 0, _args.MAX_INDENT))

    @native("path")
    def save(self, path: PathLike, *, overwrite: bool = True) -> None:
        """Writes the model as JSON, replacing the file whole (never a partial file); a device such
        as /dev/null is written into, a directory refused. ``overwrite=False`` refuses an existing
        file (``adva.io.output_exists``)."""
        self._core.save(_args.path("path", path), _args.flag("overwrite", overwrite))

    def to_excel(self, path: PathLike, *, overwrite: bool = True) -> None:
        """Writes the model as an Excel workbook (layout in docs/python.md), as :meth:`save` writes
        files; see :func:`adva.from_excel`."""
        from .excel import model_to_excel

        model_to_excel(self, _args.path("path", path), overwrite=_args.flag("overwrite", overwrite))

    def copy(self) -> "Model":
        """An independent deep copy."""
        return Model(self._core.copy())

    def validate(self) -> None:
        """Checks every rule of the model (always true of a Model; kept for symmetry with the CLI)."""
        self._core.validate()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Model) and self._core == other._core

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        c = self.context
        return (f"<adva.Model {c.get('title', '')!r}: {len(self.option_ids)} options, "
                f"{self.governance['state']}>")

    # --- read views -------------------------------------------------------------------------------
    @property
    def context(self) -> Dict[str, Any]:
        """The appraisal context (title, organisation, service, horizon, discount rate …) as a dict copy."""
        return self.to_dict()["context"]

    @property
    def illustrative(self) -> bool:
        """Whether the model's figures are illustrative, not evidence."""
        return bool(self.to_dict().get("illustrative", False))

    @property
    def option_ids(self) -> list:
        """Option ids in model order."""
        return list(self._core.option_ids())

    @property
    def group_ids(self) -> list:
        """Stakeholder group ids in model order."""
        return list(self._core.group_ids())

    @property
    def criteria(self):
        """The value tree as a DataFrame indexed by criterion id (name, parent, leaf, direction,
        scale, direct weight, CSF, function)."""
        import pandas as pd

        d = self.to_dict()
        parents = {c.get("parent", "") for c in d["criteria"]}
        rows = []
        for c in d["criteria"]:
            rows.append({
                "id": c["id"], "name": c.get("name", ""), "parent": c.get("parent", ""),
                "leaf": c["id"] not in parents,
                "direction": c.get("direction", "higher_is_better"), "scale": c.get("scale", "fixed"),
                "weight": c.get("weight", math.nan), "csf": c.get("csf", ""), "function": c.get("function", ""),
            })
        return pd.DataFrame(rows).set_index("id")

    @property
    def options(self):
        """Options as a DataFrame indexed by option id (name, vehicle, benchmark flags, NPV-relevant
        cost line count)."""
        import pandas as pd

        rows = []
        for o in self.to_dict()["options"]:
            rows.append({
                "id": o["id"], "name": o.get("name", ""), "vehicle": o.get("vehicle", ""),
                "business_as_usual": o.get("business_as_usual", False), "do_minimum": o.get("do_minimum", False),
                "cost_lines": len(o.get("costs", [])),
            })
        return pd.DataFrame(rows).set_index("id") if rows else pd.DataFrame(
            columns=["name", "vehicle", "business_as_usual", "do_minimum", "cost_lines"])

    @property
    def scores(self):
        """Scores as a DataFrame: options × leaf criteria, the expected value of each score (NaN
        where not scored). Uncertain scores show their central value (see docs/model-format.md)."""
        import pandas as pd

        d = self.to_dict()
        parents = {c.get("parent", "") for c in d["criteria"]}
        leaves = [c["id"] for c in d["criteria"] if c["id"] not in parents]
        data = {o["id"]: {c: _central(s) for c, s in o.get("scores", {}).items()} for o in d["options"]}
        frame = pd.DataFrame.from_dict(data, orient="index", columns=leaves, dtype=float)
        return frame.reindex(index=[o["id"] for o in d["options"]], columns=leaves)

    @property
    def attributes(self):
        """Option attributes as a DataFrame: options × declared attributes (None where unset)."""
        import pandas as pd

        d = self.to_dict()
        cols = [a["id"] for a in d.get("attributes", [])]
        rows = {o["id"]: [o.get("attributes", {}).get(a) for a in cols] for o in d["options"]}
        return pd.DataFrame.from_dict(rows, orient="index", columns=cols)

    @property
    def governance(self) -> Dict[str, Any]:
        """The function-before-form status: state ("locked", "unlocked", "modified after lock"),
        digests, weights revised after scoring, warnings, and the audit trail."""
        status = dict(self._core.governance())
        status["audit"] = self.to_dict().get("governance", {}).get("audit", [])
        return status

    # --- governance -------------------------------------------------------------------------------
    @native("lock")
    def lock(self, by: str = "", at: str = "") -> None:
        """Locks the framing (records its SHA-256 digest and an audit entry). ``at`` is an ISO 8601
        UTC timestamp (default: now). Raises StageError if already locked."""
        self._core.lock(_args.text("by", by), _args.text("at", at))

    @native("reopen")
    def reopen(self, reason: str, by: str = "", at: str = "") -> None:
        """Releases the lock for a framing change, with a recorded reason (required)."""
        self._core.reopen(_args.text("reason", reason), _args.text("by", by), _args.text("at", at))

    # --- editing ----------------------------------------------------------------------------------
    @contextlib.contextmanager
    def edit(self) -> Iterator[Dict[str, Any]]:
        """Edits the JSON document of the model in a ``with`` block; on exit the whole document is
        validated and replaces the model (nothing changes if the block raises or validation fails).

        >>> with model.edit() as d:
        ...     d["context"]["discount_rate"] = 0.03
        """
        document = self.to_dict()
        yield document
        self._replace(document)

    def set_context(self, **fields: Any) -> None:
        """Sets context fields, e.g. ``set_context(discount_rate=0.03, horizon_years=15)``."""
        with self.edit() as d:
            for key, value in fields.items():
                d["context"][key] = value

    def set_weight(self, criterion: str, weight: Optional[float]) -> None:
        """Sets a criterion's direct swing weight within its parent (None removes it)."""
        _args.text("criterion", criterion)
        with self.edit() as d:
            c = _find(d["criteria"], criterion, "criterion")
            if weight is None:
                c.pop("weight", None)
            else:
                c["weight"] = weight

    def set_score(self, option: str, criterion: str, value: Optional[float] = None, *, distribution: str = "point",
                  low: Optional[float] = None, high: Optional[float] = None, sd: Optional[float] = None,
                  rationale: Optional[str] = None) -> None:
        """Sets an option's score on a leaf criterion.

        ``distribution`` is one of "point" (``value``), "range" (``low``, ``high``), "triangular" and
        "pert" (``low``, mode = ``value``, ``high``), "normal" (mean = ``value``, ``sd``). ``value=None``
        with the point distribution removes the score.
        """
        _args.text("option", option)
        _args.text("criterion", criterion)
        _args.choice("distribution", distribution, _SCORE_KINDS, id="adva.json.unknown_name")
        _args.optional_text("rationale", rationale)
        with self.edit() as d:
            o = _find(d["options"], option, "option")
            scores = o.setdefault("scores", {})
            if distribution == "point":
                if value is None:
                    scores.pop(criterion, None)
                    return
                entry: Dict[str, Any] = {"value": value}
            elif distribution == "range":
                entry = {"distribution": "range", "low": low, "high": high}
            elif distribution in ("triangular", "pert"):
                entry = {"distribution": distribution, "low": low, "mode": value, "high": high}
            else:
                entry = {"distribution": "normal", "mean": value, "sd": sd}
            if rationale:
                entry["rationale"] = rationale
            scores[criterion] = entry

    def set_attribute(self, option: str, attribute: str, value: Union[bool, float, str, None]) -> None:
        """Sets (or with None removes) a declared attribute of an option."""
        _args.text("option", option)
        _args.text("attribute", attribute)
        with self.edit() as d:
            o = _find(d["options"], option, "option")
            attrs = o.setdefault("attributes", {})
            if value is None:
                attrs.pop(attribute, None)
            else:
                attrs[attribute] = value

    def set_answer(self, question: str, group: str, *, swing: Optional[Mapping[str, float]] = None,
                   text: Optional[str] = None, by: Optional[str] = None, rationale: Optional[str] = None) -> None:
        """Records (or replaces) a stakeholder group's answer to a question; for weight questions
        ``swing`` maps the linked criteria to swing weights (the most important swing is 100)."""
        _args.text("question", question)
        _args.text("group", group)
        if swing is not None and not isinstance(swing, Mapping):
            raise InvalidTypeError.make("adva.python.type", "swing", "must be a mapping of criterion id to swing weight",
                                        _args.seen(swing))
        with self.edit() as d:
            q = None
            for f in d.get("functions", []):
                for candidate in f.get("questions", []):
                    if candidate["id"] == question:
                        q = candidate
            if q is None:
                raise InvalidInputError.make("adva.model.unknown_id", "question", "no question has this id", f'"{question}"')
            answers = q.setdefault("answers", [])
            answer: Dict[str, Any] = next((a for a in answers if a.get("group") == group), None) or {}
            if not answer:
                answers.append(answer)
            answer["group"] = group
            for key, value in (("swing", dict(swing) if swing is not None else None), ("text", text), ("by", by),
                               ("rationale", rationale)):
                if value is not None:
                    answer[key] = value

    def add_option(self, id: str, name: str = "", vehicle: str = "in_house", **fields: Any) -> None:
        """Adds an option; ``fields`` are any other keys of the format (description, attributes,
        business_as_usual, do_minimum, scores, evidence, costs)."""
        _args.text("id", id)
        _args.text("name", name)
        _args.text("vehicle", vehicle)
        with self.edit() as d:
            d["options"].append({"id": id, "name": name or id, "vehicle": vehicle, **fields})

    def remove_option(self, id: str) -> None:
        """Removes an option."""
        _args.text("id", id)
        with self.edit() as d:
            _find(d["options"], id, "option")
            d["options"] = [o for o in d["options"] if o["id"] != id]

    @native("document")
    def _replace(self, document: Mapping[str, Any]) -> None:
        old = self._core
        new = _core.Model.from_json_text(_dumps(document))
        if json.loads(new.to_json_text()).get("governance") != json.loads(old.to_json_text()).get("governance"):
            raise StageError.make("adva.stage.governance_edit", "/governance",
                                  "the governance record changes only through lock() and reopen()")
        if old.is_locked() and new.framing_json_text() != old.framing_json_text():
            raise StageError.make("adva.stage.locked", "/governance/locked",
                                  "the framing is locked: reopen it with a reason before changing it")
        self._core = new

    # --- analyses ---------------------------------------------------------------------------------
    @native("appraise")
    def appraise(self, group: Optional[str] = None, *, relative_scale_basis: str = "all_options",
                 tie_tolerance: float = 1e-9) -> "AppraisalResult":
        """Runs the additive appraisal: gate screening, values at every node, weighted totals,
        ranking (ties explicit), contributions, dominance and value for money.

        ``group``: a stakeholder group id whose weights to use (default: the consensus).
        ``relative_scale_basis``: "all_options" (default) or "shortlist" — which options define 0
        and 100 on relative scales. ``tie_tolerance``: totals closer than this are tied.
        """
        from .results import AppraisalResult

        return AppraisalResult(_core.appraise(self._core, _args.optional_text("group", group) or "",
                                              _args.text("relative_scale_basis", relative_scale_basis),
                                              _args.real("tie_tolerance", tie_tolerance)))

    def appraise_by_group(self, *, relative_scale_basis: str = "all_options",
                          tie_tolerance: float = 1e-9) -> Dict[str, "AppraisalResult"]:
        """One appraisal per stakeholder group plus the consensus (key "consensus")."""
        options = {"relative_scale_basis": relative_scale_basis, "tie_tolerance": tie_tolerance}
        out = {"consensus": self.appraise(**options)}
        for g in self.group_ids:
            out[g] = self.appraise(g, **options)
        return out


def _dumps(document: Mapping[str, Any]) -> str:
    return _args.json_text(document, not_finite="adva.model.not_finite")


def _find(items: Sequence[Dict[str, Any]], id: str, what: str) -> Dict[str, Any]:
    for item in items:
        if item.get("id") == id:
            return item
    raise InvalidInputError.make("adva.model.unknown_id", what, f"no {what} has this id", f'"{id}"')


def _central(s: Any) -> float:
    if isinstance(s, (int, float)):
        return float(s)
    kind = s.get("distribution", "point")
    if kind == "point":
        return float(s["value"])
    if kind == "range":
        return 0.5 * (s["low"] + s["high"])
    if kind == "triangular":
        return (s["low"] + s["mode"] + s["high"]) / 3.0
    if kind == "pert":
        return (s["low"] + 4.0 * s["mode"] + s["high"]) / 6.0
    return float(s["mean"])


def load(source: Union[PathLike, Mapping[str, Any]]) -> Model:
    """Loads a model from a JSON file path, or builds one from a dict; validated either way."""
    if isinstance(source, Mapping):
        return Model.from_dict(source)
    path = _args.path("source", source)
    if path.lower().endswith((".xlsx", ".xlsm")):
        from .excel import from_excel

        return from_excel(path)
    with native("source"):
        return Model(_core.Model.load(path))


def default_model() -> Model:
    """The embedded children's services model (illustrative figures), with answers and scores."""
    return Model(_core.default_model())


def init_model() -> Model:
    """A starter model: the default question set, criteria, gates and options, no answers or scores
    (what ``adva init`` writes)."""
    return Model(_core.starter_model())


from .results import AppraisalResult  # noqa: E402  (type reference for appraise())
