"""The appraisal model: load, edit (validated, all or nothing), lock / reopen, save, appraise.

A :class:`Model` holds the C++ model. Reading is through pandas views (``criteria``, ``options``,
``scores``, ``attributes``) and plain dicts (``context``, ``governance``); editing is through
convenience methods (``set_weight``, ``set_score``, ``set_attribute``, ``set_answer``,
``set_context``, ``add_option``, ``remove_option``) or, for anything else, the ``edit()`` context
manager over the JSON document (docs/model-format.md). Every edit is validated completely by the C++
loader before it takes effect; a failed edit leaves the model unchanged and raises an
:class:`~adva.errors.InvalidInputError` naming the JSON pointer of the problem.

Function before form: while the framing is locked, an edit that changes the framing (context,
groups, consensus, functions and answers, criteria and weights, attributes, gates, the options and
the attributes a gate reads) raises :class:`~adva.errors.StageError`; call :meth:`Model.reopen` with
a reason first.

The decision record (docs/decision-record.md) changes only through :meth:`Model.lock`,
:meth:`Model.reopen` and :meth:`Model.score` / :meth:`Model.score_many`: each adds an entry to a
hash-chained audit (who, when, why, the framing digest, a scores digest), optionally signed with an
Ed25519 key. :meth:`Model.verify` checks it. Scores may still be edited directly after lock
(:meth:`Model.set_score`, :meth:`Model.edit`), but only :meth:`Model.score` puts the change on the
record: :meth:`Model.verify` reports other changes as ``scores_outside_record`` (a warning; a
failure when strict).

Keys (``sign=`` and ``pubkey=``): a ``str`` that starts with ``-----BEGIN`` (leading white space
aside) is the PEM text itself; anything else (a ``str`` or ``os.PathLike``) is the path of a PEM file,
read up to 64 KiB. Make a key pair with ``openssl genpkey -algorithm ed25519 -out key.pem`` and
``openssl pkey -in key.pem -pubout -out key.pub.pem``.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, Union

from . import _args, _core, excel
from ._args import native
from .economics import EconomicCase
from .elicitation import ElicitationSession
from .errors import IntegrityError, InvalidInputError, InvalidTypeError
from .results import AppraisalResult
from .trajectories import DEFAULT_BANDS, Trajectories, band_probabilities, option_list

if TYPE_CHECKING:  # for annotations (the tables import pandas where they are built)
    import pandas as pd

__all__ = ["Model", "Verification", "load", "validate", "from_excel", "default_model", "starter_model"]

PathLike = Union[str, "os.PathLike[str]"]
#: A key argument: PEM text (a str starting with "-----BEGIN") or the path of a PEM file.
KeySource = Union[str, "os.PathLike[str]"]
ScoreValue = Union[float, Mapping[str, Any]]

_SCORE_KINDS = ("point", "range", "triangular", "pert", "normal")


class Model:
    """An appraisal model (JSON model format v1), validated on every change."""

    __slots__ = ("_core",)

    def __init__(self, core: _core.Model) -> None:
        """Wraps a C++ model; use :func:`load`, :func:`default_model`, :func:`starter_model` or
        :meth:`from_dict` rather than calling this directly."""
        if not isinstance(core, _core.Model):
            raise InvalidTypeError.make("adva.python.type", "core",
                                        "Model() takes an adva._core.Model; use adva.load(...) or Model.from_dict(...)",
                                        _args.seen(core))
        self._core = core

    # --- construction and serialisation ----------------------------------------------------------
    @classmethod
    @native("document")
    def from_dict(cls, document: Mapping[str, Any]) -> Model:
        """Builds and validates a model from a JSON-like dict (format v1)."""
        return cls(_core.Model.from_json_text(_dumps(document)))

    @classmethod
    @native("text")
    def from_json(cls, text: str) -> Model:
        """Parses and validates a model from JSON text."""
        return cls(_core.Model.from_json_text(_args.text("text", text)))

    def to_dict(self) -> dict[str, Any]:
        """The model as a JSON-like dict (a fresh copy: changing it does not change the model)."""
        return _args.json_object(self._core.to_json_text())

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
        excel.model_to_excel(self.to_dict(), _args.path("path", path), overwrite=_args.flag("overwrite", overwrite))

    def copy(self) -> Model:
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
    def context(self) -> dict[str, Any]:
        """The appraisal context (title, organisation, service, horizon, discount rate …) as a dict copy."""
        context: dict[str, Any] = self.to_dict()["context"]
        return context

    @property
    def illustrative(self) -> bool:
        """Whether the model's figures are illustrative, not evidence."""
        return bool(self.to_dict().get("illustrative", False))

    @property
    def option_ids(self) -> list[str]:
        """Option ids in model order."""
        return list(self._core.option_ids())

    @property
    def group_ids(self) -> list[str]:
        """Stakeholder group ids in model order."""
        return list(self._core.group_ids())

    @property
    def criteria(self) -> pd.DataFrame:
        """The value tree as a DataFrame indexed by criterion id (name, parent, leaf, direction,
        scale, direct weight, CSF, function, and the trajectory measure a derived leaf takes)."""
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
                "trajectory_measure": c.get("trajectory_measure", ""),
            })
        return pd.DataFrame(rows).set_index("id")

    @property
    def options(self) -> pd.DataFrame:
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
    def scores(self) -> pd.DataFrame:
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
    def attributes(self) -> pd.DataFrame:
        """Option attributes as a DataFrame: options × declared attributes (None where unset)."""
        import pandas as pd

        d = self.to_dict()
        cols = [a["id"] for a in d.get("attributes", [])]
        rows = {o["id"]: [o.get("attributes", {}).get(a) for a in cols] for o in d["options"]}
        return pd.DataFrame.from_dict(rows, orient="index", columns=cols)

    @property
    def governance(self) -> dict[str, Any]:
        """The function-before-form status, as every result reports it (the record checked without
        a published digest or key; see :meth:`verify`): ``state`` ("locked", "unlocked",
        "reopened", "modified after lock" or "record broken"), ``status_text``, ``locked``,
        ``digest_matches``, ``reopened``, ``recorded_digest``, ``current_digest``, ``record_head``
        (SHA-256 of the last audit entry), ``revisions`` (reopenings), ``reopen_reason``,
        ``weights_revised_after_scoring``, ``score_changes_recorded``, ``scored_before_lock``,
        ``findings`` (dicts: kind, where, message, severity "failure" or "warning"),
        ``imputations`` (groups whose weights were partly imputed), ``warnings``, and ``audit`` (the
        entries as the model file holds them)."""
        status = dict(self._core.governance())
        status["audit"] = self.to_dict().get("governance", {}).get("audit", [])
        return status

    # --- the decision record ----------------------------------------------------------------------
    @native("lock")
    def lock(self, by: str, at: str = "", *, sign: Optional[KeySource] = None,
             direct_weights: bool = False) -> list[str]:
        """Locks the framing before the options are scored: records its SHA-256 digest, a copy of it
        (so that :meth:`verify` names what changed later) and a "lock" entry chained to the record.

        ``by``: who locks (a person or panel). ``at``: the UTC time to record,
        ``YYYY-MM-DDTHH:MM:SSZ`` (default: now; never before the last entry). ``sign``: an Ed25519
        private key (PEM text or a PEM file's path, see the module notes) to sign the entry with.
        ``direct_weights``: lock although no stakeholder group answered a weight question (the
        criteria's direct weights are then the weights, on purpose).

        Returns advice for the person locking (unanswered questions, imputed weights). Raises
        StageError when already locked, dated before the last entry, or without weights from
        answers (``adva.governance.no_weights``); IntegrityError when the existing record does not
        verify. On any error the model is unchanged.
        """
        return list(self._core.lock(_args.text("by", by), _args.text("at", at), _pem("sign", sign, "private key file"),
                                    _args.flag("direct_weights", direct_weights)))

    @native("reopen")
    def reopen(self, reason: str, by: str, at: str = "", *, sign: Optional[KeySource] = None) -> None:
        """Releases the lock so the framing can change, with a recorded reason (required); ``by``,
        ``at`` and ``sign`` as for :meth:`lock`. A reopening while options have scores counts as a
        revision after scoring. Raises IntegrityError when the framing was changed while locked
        (undo the changes :meth:`verify` lists first: reopening does not legalise them)."""
        self._core.reopen(_args.text("reason", reason), _args.text("by", by), _args.text("at", at),
                          _pem("sign", sign, "private key file"))

    def score(self, option: str, criterion: str, value: ScoreValue, rationale: str, by: str, at: str = "", *,
              sign: Optional[KeySource] = None) -> None:
        """Changes one score after lock through the record: a "score" entry holds the old and new
        score, who (``by``), when (``at``) and why (``rationale``, also the score's rationale unless
        ``value`` gives its own). ``value`` is a number on the criterion's scale or a dict as a score
        in a model file (``{"distribution": "triangular", "low": 40, "mode": 55, "high": 70}``).
        Raises StageError when the framing is not locked; IntegrityError when the record does not
        verify. See :meth:`score_many` to record several scores as one entry."""
        _args.text("option", option)
        _args.text("criterion", criterion)
        if not isinstance(value, Mapping):
            value = _args.real("value", value)
        self.score_many({option: {criterion: value}}, rationale, by, at, sign=sign)

    @native("scores")
    def score_many(self, scores: Mapping[str, Mapping[str, ScoreValue]], rationale: str, by: str, at: str = "", *,
                   sign: Optional[KeySource] = None) -> None:
        """Changes several scores after lock as one entry of the record: ``scores`` maps option id to
        ``{criterion id: score}`` (as ``adva score --from``); otherwise as :meth:`score`. Every score
        is checked before anything changes."""
        if not isinstance(scores, Mapping):
            raise InvalidTypeError.make("adva.python.type", "scores",
                                        "must be a mapping of option id to {criterion id: score}", _args.seen(scores))
        text = _args.json_text(scores, "scores", not_finite="adva.model.not_finite")
        self._core.record_scores(text, _args.text("rationale", rationale), _args.text("by", by), _args.text("at", at),
                                 _pem("sign", sign, "private key file"))

    # --- scoring by a panel (docs/scoring.md) -------------------------------------------------------
    def criteria_guide(self, group: Optional[str] = None) -> pd.DataFrame:
        """What to enter for each leaf criterion (``adva criteria``) as a DataFrame indexed by
        criterion id: name, parent path, CSF and function of origin, direction, unit, scale, the
        domain of valid levels (``domain_low``, ``domain_high``: NaN on a relative scale) and what a
        level outside it does, what 0 and 100 mean, the value function in words, what to enter and
        the global weight (the consensus, or ``group``'s)."""
        import pandas as pd

        guides = json.loads(self._core.criteria_guide_json_text(_args.optional_text("group", group) or ""))
        for g in guides:
            domain = g.pop("domain")
            g["domain_low"], g["domain_high"] = domain if domain is not None else (math.nan, math.nan)
        columns = ["name", "parents", "parent_path", "csf", "function", "direction", "unit", "scale", "domain_low",
                   "domain_high", "domain_text", "outside_domain", "anchor_low", "anchor_high", "value_function", "enter",
                   "weight"]
        return pd.DataFrame(guides, columns=["id"] + columns).set_index("id")

    def scoresheet(self, path: PathLike, *, group: Optional[str] = None, format: Optional[str] = None,
                   overwrite: bool = True) -> None:
        """Writes a scoring sheet for a panel (``adva scoresheet``): one row per option and leaf
        criterion, every option (discounted ones marked), with units, domains, anchors and the
        current scores. ``format`` "csv" or "xlsx" (default: the extension of ``path``); a workbook
        has one sheet, ``scoresheet``, numbers as numbers and text never as a formula. The file
        policy of :meth:`save`: replaced whole, ``overwrite=False`` refuses an existing file."""
        path = _args.path("path", path)
        group = _args.optional_text("group", group) or ""
        format = _args.optional_text("format", format) or ""
        self._core.write_scoresheet(path, group, format, _args.flag("overwrite", overwrite))

    @native("import_scores")
    def import_scores(self, path: PathLike, *, by: str, rationale: str, at: str = "", sign: Optional[KeySource] = None,
                      format: Optional[str] = None) -> dict[str, Any]:
        """Reads a filled-in scoring sheet (CSV or xlsx, by ``format`` or the extension) and applies
        its scores, all or nothing (``adva import-scores``): blank rows stay unscored, rows equal to
        the model's scores change nothing. With a locked framing the changes are recorded as
        :meth:`score_many` records them, one entry per scorer (column ``scored_by``, else ``by``),
        each row keeping its rationale (else ``rationale``). Errors name the file, row and column.
        Returns ``{"changes": [{option, criterion, before, after, rationale, by}], "unchanged": n,
        "entries": n, "warnings": [...]}`` (before and after: central values)."""
        path = _args.path("path", path)
        by, rationale, at = _args.text("by", by), _args.text("rationale", rationale), _args.text("at", at)
        key = _pem("sign", sign, "private key file")
        format = _args.optional_text("format", format) or ""
        return dict(self._core.import_scores_file(path, format, by, rationale, at, key))

    @native("verify")
    def verify(self, digest: Optional[str] = None, pubkey: Optional[KeySource] = None,
               strict: bool = False) -> Verification:
        """Checks the decision record: the framing matches its lock, the audit chain is whole
        (entries linked by hash, lock and reopen alternating, times never going backwards) and,
        when given, the framing digest equals the published ``digest`` (hex, e.g. from the cabinet
        paper) and every entry is signed with the Ed25519 public key ``pubkey`` (PEM text or a PEM
        file's path). ``strict``: warnings (scores changed outside the record) fail too.

        Returns a :class:`Verification`; ``.raise_if_failed()`` raises IntegrityError when it does
        not verify (as ``adva verify`` exits with status 3)."""
        d = self._core.verify(_args.optional_text("digest", digest) or "", _pem("pubkey", pubkey, "public key file"),
                              _args.flag("strict", strict))
        return Verification(
            verified=d["verified"], strict=d["strict"], state=d["state"], framing_digest=d["current_digest"],
            recorded_digest=d["recorded_digest"], record_head=d["record_head"], entries=d["entries"],
            revisions=d["revisions"], score_changes_recorded=d["score_changes_recorded"],
            published_digest_checked=d["published_digest_checked"], signatures_checked=d["signatures_checked"],
            findings=list(d["findings"]), _error=d["error"])

    # --- editing ----------------------------------------------------------------------------------
    @contextlib.contextmanager
    def edit(self) -> Iterator[dict[str, Any]]:
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
        """Sets an option's score on a leaf criterion. Allowed while the framing is locked, but not
        on the record: after lock, :meth:`score` records who changed it, when and why, and
        :meth:`verify` reports a change made here as ``scores_outside_record``.

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
                entry: dict[str, Any] = {"value": value}
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
                   text: Optional[str] = None, by: Optional[str] = None, rationale: Optional[str] = None,
                   applies: Optional[bool] = None, method: Optional[str] = None,
                   judgements: Optional[Mapping[str, Any]] = None) -> None:
        """Records (or replaces) a stakeholder group's answer to a question; for weight questions
        ``swing`` maps the linked criteria to swing weights (the most important swing is 100), or
        ``method`` ("ahp", "macbeth" or "paprika") with ``judgements`` (that method's part of the
        answer, as in the model format: docs/elicitation.md) records an elicited answer whose swings
        are derived from the judgements; for anchor questions ``method="bisection"`` with
        ``judgements`` ``{criterion: {"worst", "best", "midpoints": [{"value", "level"}, ...]}}``, or
        ``method="macbeth"`` with ``{"scales": {criterion: {"levels": [...], "judgements": [{"more",
        "less", "category"}, ...]}}}``, gives those criteria their value functions; for gate questions ``applies=False`` says the
        linked gates do not apply (``rationale``: why)."""
        _args.text("question", question)
        _args.text("group", group)
        if applies is not None and not isinstance(applies, bool):
            raise InvalidTypeError.make("adva.python.type", "applies", "must be True or False", _args.seen(applies))
        if swing is not None and not isinstance(swing, Mapping):
            raise InvalidTypeError.make("adva.python.type", "swing", "must be a mapping of criterion id to swing weight",
                                        _args.seen(swing))
        if method is not None:
            _args.text("method", method)
        if judgements is not None and not isinstance(judgements, Mapping):
            raise InvalidTypeError.make("adva.python.type", "judgements",
                                        "must be a mapping: the method's part of the answer (docs/elicitation.md)",
                                        _args.seen(judgements))
        elicited = method is not None and method != "swing"
        if elicited and (judgements is None or swing is not None):
            raise InvalidInputError.make("adva.python.argument", "judgements",
                                         "an elicited answer gives judgements, and its swings are derived from them",
                                         f'method "{method}"')
        if judgements is not None and not elicited:
            raise InvalidInputError.make("adva.python.argument", "method",
                                         'judgements need the method they belong to: "ahp", "macbeth", "paprika" or "bisection"',
                                         _args.seen(method))
        with self.edit() as d:
            q = None
            for f in d.get("functions", []):
                for candidate in f.get("questions", []):
                    if candidate["id"] == question:
                        q = candidate
            if q is None:
                raise InvalidInputError.make("adva.model.unknown_id", "question", "no question has this id", f'"{question}"')
            answers = q.setdefault("answers", [])
            answer: dict[str, Any] = next((a for a in answers if a.get("group") == group), {})
            if not answer:
                answers.append(answer)
            answer["group"] = group
            if method is not None:  # a new way of answering replaces the old one's judgements and record
                for key in ("swing", "elicited", "ahp", "macbeth", "paprika", "bisection"):
                    answer.pop(key, None)
                answer["method"] = method
                if elicited:
                    answer[method] = dict(judgements or {})
                # The value functions a bisection or MACBETH scale gives replace the criteria's.
                valued = (answer[method] if method == "bisection"
                          else answer[method].get("scales", {}) if method == "macbeth" else {})
                if isinstance(valued, Mapping) and valued:
                    for c in d.get("criteria", []):
                        if c.get("id") in valued:
                            unit = c.get("value_function", {}).get("unit")
                            c["value_function"] = {"kind": "direct", **({"unit": unit} if unit else {})}
            for key, value in (("swing", dict(swing) if swing is not None else None), ("text", text), ("by", by),
                               ("rationale", rationale), ("applies", applies)):
                if value is not None:
                    answer[key] = value

    def elicit(self, question: str, group: str, method: str, *, by: str = "", text: str = "",
               rationale: str = "") -> ElicitationSession:
        """A step-by-step elicitation of ``group``'s answer to ``question`` for a workshop in a
        notebook: ``method`` "ahp", "macbeth" or "paprika" (weight questions) or "bisection" or
        "macbeth" (anchor questions: value functions). Each step is checked at once;
        :meth:`ElicitationSession.next_question` says what to ask next and
        :meth:`ElicitationSession.record` writes the answer (docs/elicitation.md)."""
        return ElicitationSession(self, question, group, method, by=by, text=text, rationale=rationale)

    def add_option(self, id: str, name: str = "", vehicle: str = "in_house", **fields: Any) -> None:
        """Adds an option; ``fields`` are any other keys of the format (description, attributes,
        business_as_usual, do_minimum, scores, evidence, costs)."""
        _args.text("id", id)
        _args.text("name", name)
        _args.text("vehicle", vehicle)
        with self.edit() as d:
            d["options"].append({"id": id, "name": name or id, "vehicle": vehicle, **fields})

    def remove_option(self, id: str) -> None:
        """Removes an option, with its transition in the improvement section."""
        _args.text("id", id)
        with self.edit() as d:
            _find(d["options"], id, "option")
            d["options"] = [o for o in d["options"] if o["id"] != id]
            d.get("improvement", {}).get("transitions", {}).pop(id, None)

    @native("document")
    def _replace(self, document: Mapping[str, Any]) -> None:
        new = _core.Model.from_json_text(_dumps(document))
        self._core.check_edit(new)  # the rule of an edit outside the record is C++'s (adva::check_edit)
        self._core = new

    # --- analyses ---------------------------------------------------------------------------------
    @native("appraise")
    def appraise(self, group: Optional[str] = None, *, relative_scale_basis: str = "all_options",
                 tie_tolerance: float = 1e-9, strict: bool = False) -> AppraisalResult:
        """Runs the additive appraisal: gate screening, values at every node, weighted totals,
        ranking (ties explicit), contributions, dominance and value for money.

        ``group``: a stakeholder group id whose weights to use (default: the consensus).
        ``relative_scale_basis``: "all_options" (default) or "shortlist" — which options define 0
        and 100 on relative scales. ``tie_tolerance``: totals closer than this are tied.
        ``strict``: raise IntegrityError (``adva.governance.integrity``) unless the decision record
        verifies with no finding at all, warnings included (``adva appraise --strict``).
        """
        return AppraisalResult(_core.appraise(self._core, _args.optional_text("group", group) or "",
                                              _args.text("relative_scale_basis", relative_scale_basis),
                                              _args.real("tie_tolerance", tie_tolerance), _args.flag("strict", strict)))

    def economics(self) -> EconomicCase:
        """The economic case (``adva economics``, docs/economics.md): cash flows by year in real
        prices, net present cost before and after optimism bias, monetised benefits and
        affordability against the budget envelope."""
        return EconomicCase(_core.economic_case(self._core))

    @native("trajectories")
    def trajectories(self, *, samples: int = 10000, seed: int = 1, threads: int = 0, points: int = 41,
                     bands: Sequence[float] = DEFAULT_BANDS,
                     options: Union[None, str, Sequence[str]] = None) -> Trajectories:
        """Improvement over time (``adva trajectory``, docs/trajectories.md): each option's service
        quality along the improvement plan, with the dip, trough and recovery of its change of
        vehicle; its measures (chance of being at the target grade by the target year, years to get
        there for good, depth and length of the dip, discounted level), expected path and bands.

        Exact when no parameter of an option is uncertain, else ``samples`` Monte Carlo samples (1 to
        10^8); the same ``seed`` gives the same numbers on any number of ``threads`` (0 = every core).
        ``points``: the path's evenly spaced years over the horizon (2 to 1 001); ``bands``: the
        level's quantiles at each, rising probabilities from 0 to 1; ``options``: one id or a list
        (in that order; default every option). A model without an improvement section raises
        InvalidInputError ``adva.trajectory.missing``.
        """
        return Trajectories(_core.trajectories(
            self._core, _args.count("samples", samples), _args.count("seed", seed), _args.threads("threads", threads),
            _args.count("points", points), band_probabilities("bands", bands),
            None if options is None else option_list("options", options)))

    def report(self, path: Optional[PathLike] = None, *, group: Optional[str] = None, format: str = "html",
               interactive: bool = False, timestamp: bool = False, strict: bool = False,
               overwrite: bool = True) -> Optional[str]:
        """The decision report of this model (``adva report``): ``format`` "html" (one self-contained
        file, see :meth:`AppraisalResult.to_html`) or "markdown"; ``group`` a stakeholder group's
        weights (default: the consensus); ``strict`` as in :meth:`appraise`. With ``path`` the file
        is written and None returned; without, the text."""
        result = self.appraise(group, strict=strict)
        if _args.text("format", format) == "markdown":
            if interactive:
                raise InvalidInputError.make("adva.report.format", "interactive", "the live weights section is part of "
                                             "the HTML report: it needs format=\"html\"", "True")
            return result.to_markdown(path, overwrite=overwrite)
        return result._decision_report(format, None if path is None else path, interactive, timestamp, overwrite)

    def appraise_by_group(self, *, relative_scale_basis: str = "all_options",
                          tie_tolerance: float = 1e-9, strict: bool = False) -> dict[str, AppraisalResult]:
        """One appraisal per stakeholder group plus the consensus (key "consensus")."""
        out = {"consensus": self.appraise(relative_scale_basis=relative_scale_basis, tie_tolerance=tie_tolerance, strict=strict)}
        for g in self.group_ids:
            out[g] = self.appraise(g, relative_scale_basis=relative_scale_basis, tie_tolerance=tie_tolerance, strict=strict)
        return out


@dataclass(frozen=True)
class Verification:
    """The result of :meth:`Model.verify` (the fields of ``adva verify --format json``).

    ``verified``: the framing is locked and the record has no failure (no finding at all when
    ``strict``). ``state``: "locked", "unlocked", "reopened", "modified after lock" or "record
    broken". ``framing_digest``: the digest of the framing now (what to publish);
    ``recorded_digest``: the one the last lock recorded. ``record_head``: SHA-256 of the last
    entry. ``findings``: dicts with ``kind`` (framing_changed, chain_broken, scores_outside_record,
    published_digest, signature_missing, signature_invalid …), ``where`` (a framing path such as
    ``criteria/SF/weight`` or a JSON pointer into the record), ``message`` and ``severity``
    ("failure" or "warning").
    """

    verified: bool
    strict: bool
    state: str
    framing_digest: str
    recorded_digest: str
    record_head: str
    entries: int
    revisions: int
    score_changes_recorded: int
    published_digest_checked: bool
    signatures_checked: bool
    findings: list[dict[str, str]]
    # The error the library raises for this status (None when it verifies): one rule, in C++.
    _error: Optional[tuple[str, str, str, str, str]] = field(default=None, repr=False, compare=False)

    def raise_if_failed(self) -> Verification:
        """Raises IntegrityError (``adva.governance.integrity``, every finding listed) unless the
        record verified; returns ``self`` otherwise."""
        if self._error is not None:
            raise IntegrityError(*self._error)
        return self


def _pem(name: str, value: Any, what: str) -> str:
    """The PEM text of a key argument (the rule in the module notes); "" for None."""
    if value is None:
        return ""
    if isinstance(value, str) and value.lstrip().startswith("-----BEGIN"):
        return _args.text(name, value)
    path = _args.path(name, value)
    with native(name):
        return _core.read_key_file(path, what)


def _dumps(document: Mapping[str, Any]) -> str:
    return _args.json_text(document, not_finite="adva.model.not_finite")


def _find(items: Sequence[dict[str, Any]], id: str, what: str) -> dict[str, Any]:
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
        return 0.5 * (float(s["low"]) + float(s["high"]))
    if kind == "triangular":
        return (float(s["low"]) + float(s["mode"]) + float(s["high"])) / 3.0
    if kind == "pert":
        return (float(s["low"]) + 4.0 * float(s["mode"]) + float(s["high"])) / 6.0
    return float(s["mean"])


def load(source: Union[PathLike, Mapping[str, Any]]) -> Model:
    """Loads a model from a JSON file path, or builds one from a dict; validated either way."""
    if isinstance(source, Mapping):
        return Model.from_dict(source)
    path = _args.path("source", source)
    if path.lower().endswith((".xlsx", ".xlsm")):
        return from_excel(path)
    with native("source"):
        return Model(_core.Model.load(path))


def from_excel(path: PathLike) -> Model:
    """Reads a model workbook (layout in docs/python.md, as written by :meth:`Model.to_excel`) and
    validates it; errors name the sheet and row, or the JSON pointer of the assembled model."""
    return Model.from_dict(excel.read_model_workbook(path))


def validate(source: Union[PathLike, Mapping[str, Any]]) -> Model:
    """Checks a model (a JSON file path or a dict) against every rule, reporting every error found
    rather than the first (as ``adva validate`` does). Returns the model when it is valid; otherwise
    raises :class:`InvalidInputError` with the first error's ``id``, ``where``, ``rule`` and
    ``seen``, a message listing every error kept (at most 100; from a file each reads
    ``file:line:column: [id] pointer: rule (seen: …)``), ``errors``: those errors as dicts (``id``,
    ``where``, ``rule``, ``seen``, ``line``, ``column``, ``message``; line 0 for a dict) and
    ``error_count``: every error found. An Excel workbook is read as :func:`load` reads it."""
    if isinstance(source, Mapping):
        with native("source"):
            check = _core.Model.check_text(_dumps(source))
    else:
        path = _args.path("source", source)
        if path.lower().endswith((".xlsx", ".xlsm")):
            return load(path)
        with native("source"):
            check = _core.Model.check_file(path)
    if "model" in check:
        return Model(check["model"])
    errors, count = check["errors"], check["error_count"]
    lines = [e["message"] for e in errors]
    if count > len(errors):
        lines.append(f"… and {count - len(errors)} more")
    first = errors[0]
    error = InvalidInputError(f"{count} error{'s' if count != 1 else ''} in the model:\n" + "\n".join(lines),
                              first["id"], first["where"], first["rule"], first["seen"])
    error.errors = errors
    error.error_count = count
    raise error


def default_model() -> Model:
    """The embedded children's services model (illustrative figures), with answers and scores."""
    return Model(_core.default_model())


def starter_model() -> Model:
    """A starter model: the default question set, criteria, gates and options, no answers or scores
    (what ``adva init`` writes; C++ ``adva::io::starter_model``)."""
    return Model(_core.starter_model())


def init_model() -> Model:
    """Deprecated name of :func:`starter_model` (one name in C++, the CLI docs and Python)."""
    warnings.warn("adva.init_model is deprecated; use adva.starter_model", DeprecationWarning, stacklevel=2)
    return starter_model()

