"""Elicitation sessions for a workshop in a notebook: what ``adva elicit`` does at a terminal, one
call at a time (docs/elicitation.md).

    session = model.elicit("Q17", "members", "ahp", by="Cabinet workshop")
    session.next_question()          # {"kind": "pair", "criteria": ["ACH_time", "ACH_transition"]}
    session.ahp("ACH_time", "ACH_transition", 3)
    ...
    session.state                    # the swings, weights and consistency the judgements give so far
    session.record()                 # the group's answer to Q17, written into the model

Every step is checked at once by the derivation that reads a model (on a trial copy of it): a MACBETH
judgement (between swings, or between a criterion's levels on an anchor question) that leaves no
consistent scale, a PAPRIKA answer that contradicts earlier ones or a
bisection level outside its bracket raises the adva error naming the rule (and, for MACBETH, the
changes of one judgement that would repair it) and leaves the session as it was. A PAPRIKA
question whose answer the earlier answers imply is never offered by :meth:`next_question`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Optional, Protocol, Union

import pandas as pd

from . import _args, _core
from .errors import InvalidInputError, InvalidTypeError, StageError

__all__ = ["ElicitationSession", "MacbethScale", "PaprikaResult", "macbeth", "paprika"]

ALL_LOWER = "[all lower]"
_CATEGORIES = ("no_difference", "very_weak", "weak", "moderate", "strong", "very_strong", "extreme")
_ANSWERS = {"a": "a_better", "b": "b_better", "equal": "equal", "a_better": "a_better", "b_better": "b_better"}
_BISECTION_VALUES = (50.0, 25.0, 75.0)  # the values a session asks for, in order


def _category(category: Union[str, Sequence[str]]) -> Any:
    """A MACBETH category, or a range [lowest, highest], checked and as the model format writes it."""
    names = [category] if isinstance(category, str) else [_args.text(f"category/{i}", c) for i, c in enumerate(category)]
    for name in names:
        if name.replace(" ", "_") not in _CATEGORIES:
            raise InvalidInputError.make("adva.json.unknown_name", "category",
                                         "a MACBETH category is one of " + ", ".join(_CATEGORIES), f'"{name}"')
    return names[0] if len(names) == 1 else names


def _connected(scale: Mapping[str, Any]) -> bool:
    """Whether a MACBETH value scale's judgements connect every one of its levels."""
    levels = list(scale["levels"])
    if len(levels) < 2:
        return True  # the derivation names the rule
    reached, frontier = {levels[0]}, [levels[0]]
    while frontier:
        at = frontier.pop()
        for j in scale["judgements"]:
            for x, y in ((j["more"], j["less"]), (j["less"], j["more"])):
                if x == at and y not in reached:
                    reached.add(y)
                    frontier.append(y)
    return reached >= set(levels)


class _Model(Protocol):
    """What a session uses of :class:`adva.Model` (named structurally: the model module imports this one)."""

    @property
    def governance(self) -> dict[str, Any]: ...
    @property
    def group_ids(self) -> list[str]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def copy(self) -> Any: ...
    def set_answer(self, question: str, group: str, *, swing: Optional[Mapping[str, float]] = None, text: Optional[str] = None,
                   by: Optional[str] = None, rationale: Optional[str] = None, applies: Optional[bool] = None,
                   method: Optional[str] = None, judgements: Optional[Mapping[str, Any]] = None) -> None: ...


class ElicitationSession:
    """One stakeholder group's elicitation of one question: ``method`` "ahp", "macbeth" or
    "paprika" on a weight question, "bisection" or "macbeth" (value scales on levels) on an anchor
    question. Create it with
    :meth:`adva.Model.elicit`; the model's framing must be open (not locked)."""

    def __init__(self, model: _Model, question: str, group: str, method: str, *, by: str = "", text: str = "",
                 rationale: str = "") -> None:
        _args.text("question", question)
        _args.text("group", group)
        _args.text("method", method)
        for name, value in (("by", by), ("text", text), ("rationale", rationale)):
            _args.text(name, value)
        if method not in ("ahp", "macbeth", "paprika", "bisection"):
            raise InvalidInputError.make("adva.python.argument", "method", "an elicitation is ahp, macbeth, paprika or bisection",
                                         _args.seen(method))
        if model.governance["locked"]:
            raise StageError.make("adva.governance.locked", "/governance/locked",
                                  "the framing is locked and answers are part of it: reopen it with a reason first", "true")
        document = model.to_dict()
        found = next((q for f in document.get("functions", []) for q in f.get("questions", []) if q["id"] == question), None)
        if found is None:
            raise InvalidInputError.make("adva.model.unknown_id", "question", "no question has this id", f'"{question}"')
        if group not in model.group_ids:
            raise InvalidInputError.make("adva.model.unknown_id", "group", "no stakeholder group has this id", f'"{group}"')
        # An anchor question is answered on levels (bisection, MACBETH); a weight question by swings.
        self._on_levels = found.get("kind") == "anchor"
        fits = method in ("bisection", "macbeth") if self._on_levels else found.get("kind") == "weight" and method != "bisection"
        if not fits:
            raise InvalidInputError.make(
                "adva.elicitation.method", "question",
                "bisection answers an anchor question" if method == "bisection"
                else "AHP, MACBETH and PAPRIKA answer weight questions (MACBETH also anchor questions)",
                f'"{question}"')
        self._model = model
        self._question = question
        self._group = group
        self._method = method
        self._by, self._text, self._rationale = by, text, rationale
        self._criteria: list[str] = list(found.get("criteria", []))
        if len(self._criteria) < (1 if self._on_levels else 2):
            raise InvalidInputError.make("adva.elicit.response", "question",
                                         "an elicitation compares at least two criteria (of levels, at least one)",
                                         f'"{question}"')
        empty: dict[str, dict[str, Any]] = {
            "ahp": {"judges": [{"by": by, "judgements": []}]},
            "macbeth": {"scales": {}} if self._on_levels else {"judgements": []},
            "paprika": {"levels": {}, "answers": []},
            "bisection": {},
        }
        self._judgements: dict[str, Any] = empty[method]
        self._state: dict[str, Any] = {}

    # ---- what the session holds -------------------------------------------------------------

    @property
    def method(self) -> str:
        return self._method

    @property
    def criteria(self) -> list[str]:
        """The criteria the question links, in its order."""
        return list(self._criteria)

    @property
    def judgements(self) -> dict[str, Any]:
        """The judgements so far, as the model format writes them under the method's name."""
        return copy.deepcopy(self._judgements)

    @property
    def state(self) -> dict[str, Any]:
        """What the judgements give so far (``swing`` and ``elicited``, as the model writes the
        answer); empty until they are complete enough to derive (every AHP pair, every MACBETH
        swing against "[all lower]", every PAPRIKA criterion's levels, a bisection's ends)."""
        return copy.deepcopy(self._state)

    # ---- the steps ----------------------------------------------------------------------------

    def ahp(self, more: str, less: str, ratio: float) -> dict[str, Any]:
        """``more`` is ``ratio`` times as important as ``less`` (1 = equally; Saaty's 1–9). Judging a
        pair again replaces the earlier judgement."""
        self._expect("ahp")
        pair = {self._criterion("more", more), self._criterion("less", less)}
        if len(pair) != 2:
            raise InvalidInputError.make("adva.elicitation.judgement", "less", "a judgement compares two different criteria",
                                         f'"{less}"')
        ratio = _args.real("ratio", ratio)
        if not 1 <= ratio <= 1e6:
            raise InvalidInputError.make(
                "adva.elicitation.ratio", "ratio",
                'a ratio judgement is from 1 (equally important) to 10^6: "more" names the more important criterion',
                _args.seen(ratio))
        candidate = self.judgements
        judgements = candidate["judges"][0]["judgements"]
        judgements[:] = [j for j in judgements if {j["more"], j["less"]} != pair]
        judgements.append({"more": more, "less": less, "ratio": ratio})
        complete = len(judgements) == len(self._criteria) * (len(self._criteria) - 1) // 2
        return self._accept(candidate, check=complete)

    def macbeth(self, more: str, less: str, category: Union[str, Sequence[str]]) -> dict[str, Any]:
        """The swing of ``more`` is more attractive than that of ``less`` (a criterion or "[all
        lower]") by ``category`` ("no_difference" … "extreme"), or by a range ("weak", "strong").
        An inconsistent judgement raises adva.elicitation.inconsistent with the repairs."""
        self._expect("macbeth", on_levels=False)
        self._criterion("more", more)
        if less != ALL_LOWER:
            self._criterion("less", less)
        candidate = self.judgements
        judgements = candidate["judgements"]
        judgements[:] = [j for j in judgements if {j["more"], j["less"]} != {more, less}]
        judgements.append({"more": more, "less": less, "category": _category(category)})
        judged = {j["more"] for j in judgements if j["less"] == ALL_LOWER}
        return self._accept(candidate, check=judged >= set(self._criteria))

    def scale_levels(self, criterion: str, levels: Sequence[float]) -> dict[str, Any]:
        """MACBETH on an anchor question: the measured levels of ``criterion`` to value (two or more,
        distinct). Giving them again starts the criterion's judgements afresh."""
        self._expect("macbeth", on_levels=True)
        self._criterion("criterion", criterion)
        if isinstance(levels, (str, bytes)) or not isinstance(levels, Sequence):
            raise InvalidInputError.make("adva.python.type", "levels", "must be a sequence of numbers", _args.seen(levels))
        values = [_args.real(f"levels/{i}", x) for i, x in enumerate(levels)]
        if not 2 <= len(values) <= 100 or len(set(values)) != len(values):
            raise InvalidInputError.make("adva.elicitation.levels", "levels",
                                         "a MACBETH value scale judges from 2 to 100 finite levels, each listed once",
                                         _args.seen(levels))
        candidate = self.judgements
        candidate["scales"][criterion] = {"levels": values, "judgements": []}
        return self._accept(candidate, check=False)

    def level_difference(self, criterion: str, more: float, less: float, category: Union[str, Sequence[str]]) -> dict[str, Any]:
        """MACBETH on an anchor question: level ``more`` of ``criterion`` is more attractive than level
        ``less`` by ``category`` (or a range). Judging a pair again replaces the earlier judgement;
        once the judgements connect every level, an inconsistent one raises
        adva.elicitation.inconsistent with the repairs."""
        self._expect("macbeth", on_levels=True)
        self._criterion("criterion", criterion)
        if criterion not in self._judgements["scales"]:
            raise InvalidInputError.make("adva.elicitation.levels", "criterion",
                                         "give the levels to value first (scale_levels())", f'"{criterion}"')
        more, less = _args.real("more", more), _args.real("less", less)
        candidate = self.judgements
        judgements = candidate["scales"][criterion]["judgements"]
        judgements[:] = [j for j in judgements if {j["more"], j["less"]} != {more, less}]
        judgements.append({"more": more, "less": less, "category": _category(category)})
        return self._accept(candidate, check=all(_connected(scale) for scale in candidate["scales"].values()))

    def levels(self, criterion: str, levels: Sequence[str]) -> dict[str, Any]:
        """PAPRIKA: a criterion's levels, worst first (at least two)."""
        self._expect("paprika")
        self._criterion("criterion", criterion)
        candidate = self.judgements
        candidate["levels"][criterion] = _args.names("levels", levels)
        return self._accept(candidate, check=set(candidate["levels"]) >= set(self._criteria))

    def trade_off(self, a: Mapping[str, int], b: Mapping[str, int], answer: str) -> dict[str, Any]:
        """PAPRIKA: of alternative ``a`` and ``b`` (criterion -> level index, 0 the worst, on the
        criteria where they differ), which is better: "a", "b" or "equal"."""
        self._expect("paprika")
        if answer not in _ANSWERS:
            raise InvalidInputError.make("adva.python.argument", "answer", 'a trade-off answer is "a", "b" or "equal"',
                                         _args.seen(answer))
        if set(self._judgements["levels"]) < set(self._criteria):
            raise InvalidInputError.make("adva.elicitation.levels", "levels",
                                         "give every criterion's levels before the trade-offs",
                                         ", ".join(c for c in self._criteria if c not in self._judgements["levels"]))
        candidate = self.judgements
        candidate["answers"].append({"a": {str(k): int(v) for k, v in a.items()}, "b": {str(k): int(v) for k, v in b.items()},
                                     "answer": _ANSWERS[answer]})
        return self._accept(candidate, check=True)

    def ends(self, criterion: str, worst: float, best: float) -> dict[str, Any]:
        """Bisection: the criterion's worst level (value 0) and best level (value 100)."""
        self._expect("bisection")
        self._criterion("criterion", criterion)
        candidate = self.judgements
        candidate[criterion] = {"worst": _args.real("worst", worst), "best": _args.real("best", best), "midpoints": []}
        return self._accept(candidate, check=True)

    def midpoint(self, criterion: str, value: float, level: float) -> dict[str, Any]:
        """Bisection: the level whose value is ``value`` — halfway in value between two levels already
        valued (50 first, then 25 and 75, ...)."""
        self._expect("bisection")
        self._criterion("criterion", criterion)
        if criterion not in self._judgements:
            raise InvalidInputError.make("adva.elicitation.bisection", "criterion",
                                         "give the worst and best levels first (ends())", f'"{criterion}"')
        candidate = self.judgements
        candidate[criterion]["midpoints"].append({"value": _args.real("value", value), "level": _args.real("level", level)})
        return self._accept(candidate, check=True)

    # ---- what to ask next, and recording --------------------------------------------------------

    def next_question(self) -> Optional[dict[str, Any]]:
        """The next thing to ask, or None when the method has what it needs: ``{"kind": "pair",
        "criteria": [x, y]}`` (AHP), ``{"kind": "difference", "more": x, "less": y}`` (MACBETH:
        each swing against "[all lower]", then each pair), ``{"kind": "levels", "criterion": c}`` or
        ``{"kind": "trade_off", "a": {...}, "b": {...}}`` (PAPRIKA: only questions the answers so far
        do not imply), ``{"kind": "ends", "criterion": c}`` or ``{"kind": "midpoint", "criterion": c,
        "value": v, "between": [[value, level], [value, level]]}`` (bisection)."""
        pairs = [(x, y) for i, x in enumerate(self._criteria) for y in self._criteria[i + 1:]]
        if self._method == "ahp":
            judged = [{j["more"], j["less"]} for j in self._judgements["judges"][0]["judgements"]]
            return next(({"kind": "pair", "criteria": [x, y]} for x, y in pairs if {x, y} not in judged), None)
        if self._method == "macbeth" and self._on_levels:
            for c in self._criteria:
                scale = self._judgements["scales"].get(c)
                if scale is None:
                    return {"kind": "scale_levels", "criterion": c}
                levels = scale["levels"]
                judged_levels = [{j["more"], j["less"]} for j in scale["judgements"]]
                neighbours = list(zip(levels, levels[1:]))  # they connect the scale: asked first
                others = [(x, y) for i, x in enumerate(levels) for y in levels[i + 2:]]
                for x, y in neighbours + others:
                    if {x, y} not in judged_levels:
                        return {"kind": "level_difference", "criterion": c, "levels": [x, y]}
            return None
        if self._method == "macbeth":
            judged = [{j["more"], j["less"]} for j in self._judgements["judgements"]]
            asks = [(c, ALL_LOWER) for c in self._criteria] + pairs
            return next(({"kind": "difference", "more": x, "less": y} for x, y in asks if {x, y} not in judged), None)
        if self._method == "paprika":
            missing = [c for c in self._criteria if c not in self._judgements["levels"]]
            if missing:
                return {"kind": "levels", "criterion": missing[0]}
            for a, b in self._trade_offs():
                if not self._answered(a, b) and not self._implied(a, b):
                    return {"kind": "trade_off", "a": a, "b": b}
            return None
        for c in self._criteria:
            if c not in self._judgements:
                return {"kind": "ends", "criterion": c}
            curve = self._judgements[c]
            known = {0.0: curve["worst"], 100.0: curve["best"]}
            known.update({float(m["value"]): m["level"] for m in curve["midpoints"]})
            for value in _BISECTION_VALUES:
                if value not in known:
                    below, above = value - (50.0 if value == 50.0 else 25.0), value + (50.0 if value == 50.0 else 25.0)
                    return {"kind": "midpoint", "criterion": c, "value": value,
                            "between": [[below, known[below]], [above, known[above]]]}
        return None

    def record(self) -> None:
        """Writes the judgements as the group's answer to the question (replacing its earlier
        answer), exactly as :meth:`adva.Model.set_answer` does."""
        self._model.set_answer(self._question, self._group, method=self._method, judgements=self.judgements,
                               by=self._by or None, text=self._text or None, rationale=self._rationale or None)

    def __repr__(self) -> str:
        return f"<adva.ElicitationSession {self._method} of {self._question} by {self._group}: next {self.next_question()!r}>"

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{k}</td><td>{v:.1f}</td></tr>" for k, v in self._state.get("swing", {}).items())
        summary = ", ".join(f"{k}: {v}" for k, v in self._state.get("elicited", {}).items() if not isinstance(v, (dict, list)))
        return (f"<p>{self._method.upper() if self._method != 'bisection' else 'Bisection'} of {self._question} by group "
                f"{self._group}; next: {self.next_question()}</p>"
                + (f"<table><tr><th>criterion</th><th>swing</th></tr>{rows}</table>" if rows else "")
                + (f"<p>{summary}</p>" if summary else ""))

    # ---- internals ----------------------------------------------------------------------------

    def _expect(self, method: str, on_levels: Optional[bool] = None) -> None:
        if self._method != method:
            raise InvalidInputError.make("adva.python.argument", "method", f"this session elicits by {self._method}",
                                         f'a {method} step')
        if on_levels is not None and on_levels != self._on_levels:
            raise InvalidInputError.make(
                "adva.python.argument", "method",
                "this MACBETH session values " + ("levels (scale_levels, level_difference)" if self._on_levels
                                                  else "swings (macbeth)"),
                "a step on " + ("levels" if on_levels else "swings"))

    def _criterion(self, name: str, value: str) -> str:
        _args.text(name, value)
        if value not in self._criteria:
            raise InvalidInputError.make("adva.model.weight_question_siblings", name,
                                         f"a criterion the question links ({', '.join(self._criteria)})", f'"{value}"')
        return value

    def _derive(self, judgements: Mapping[str, Any]) -> dict[str, Any]:
        """The answer the judgements give, by the model's own derivation on a trial copy."""
        trial = self._model.copy()
        trial.set_answer(self._question, self._group, method=self._method, judgements=judgements)
        for f in trial.to_dict().get("functions", []):
            for q in f.get("questions", []):
                if q["id"] == self._question:
                    for a in q.get("answers", []):
                        if a.get("group") == self._group:
                            return {k: a[k] for k in ("swing", "elicited") if k in a}
        return {}  # not reached: set_answer recorded it

    def _accept(self, candidate: dict[str, Any], check: bool) -> dict[str, Any]:
        """Keeps the candidate judgements when they derive (or are not complete enough to check)."""
        state = self._derive(candidate) if check else self._state
        self._judgements = candidate
        self._state = state
        return self.state

    def _trade_offs(self) -> list[tuple[dict[str, int], dict[str, int]]]:
        """Every question on two criteria: a better on the first criterion, b on the second."""
        out = []
        levels = self._judgements["levels"]
        for i, x in enumerate(self._criteria):
            for y in self._criteria[i + 1:]:
                nx, ny = len(levels[x]), len(levels[y])
                for x_hi in range(1, nx):
                    for x_lo in range(x_hi):
                        for y_hi in range(1, ny):
                            for y_lo in range(y_hi):
                                out.append(({x: x_hi, y: y_lo}, {x: x_lo, y: y_hi}))
        return out

    def _answered(self, a: Mapping[str, int], b: Mapping[str, int]) -> bool:
        return any((dict(r["a"]) == dict(a) and dict(r["b"]) == dict(b)) or (dict(r["a"]) == dict(b) and dict(r["b"]) == dict(a))
                   for r in self._judgements["answers"])

    def _implied(self, a: dict[str, int], b: dict[str, int]) -> bool:
        """Whether the answers so far leave only one strict answer possible."""
        for answer in ("a_better", "b_better"):
            candidate = self.judgements
            candidate["answers"].append({"a": a, "b": b, "answer": answer})
            try:
                self._derive(candidate)
            except InvalidInputError as e:
                if e.id == "adva.elicitation.inconsistent":
                    return True
                raise
        return False


# ---- the engines on their own ---------------------------------------------------------------------


@dataclass(frozen=True)
class MacbethScale:
    """A MACBETH scale (docs/elicitation.md, "MACBETH"): by element, the basic scale (LP-MACBETH
    units, least score 0), the anchored ``scores`` and the open interval (``lower``, ``upper``;
    ±inf when unbounded) within which each score can move, the others fixed, and still fit the
    judgements. Inconsistent judgements give ``consistent`` False, empty series and the
    ``suggestions``: changes of one judgement that would restore consistency, smallest first."""

    consistent: bool
    scores: pd.Series
    basic: pd.Series
    lower: pd.Series
    upper: pd.Series
    thresholds: list[float]  #: the least thresholds s₁..s₆ the basic scale allows
    anchoring: str  #: "neutral_good" or "bottom_top"
    tie_rule: str
    suggestions: list[dict[str, Any]]  #: {"judgement", "more", "less", "change", "now", "suggested", "shift"}


@dataclass(frozen=True)
class PaprikaResult:
    """PAPRIKA's points and weights (docs/elicitation.md, "PAPRIKA"): each criterion's level points
    (worst level 0, the top levels summing to 100), the weights and the range each can take under
    the answers, and the question counts. Contradicting answers give ``consistent`` False and
    ``conflict``, the indices of a minimal set of answers that contradict each other."""

    consistent: bool
    conflict: list[int]
    points: dict[str, list[float]]
    weights: pd.Series
    weight_ranges: dict[str, tuple[float, float]]
    questions_possible: int
    questions_asked: int
    questions_implied: int
    point_rule: str


def _category_numbers(category: Any, where: str) -> tuple[int, int]:
    """A category name (or a range [lowest, highest] of two) as numbers 0 (no difference) .. 6."""
    names = [category] if isinstance(category, str) else category
    if isinstance(names, (str, bytes)) or not isinstance(names, Sequence) or len(names) not in (1, 2):
        raise InvalidTypeError.make("adva.python.type", where, "must be a category name or a range [lowest, highest]",
                                    _args.seen(category))
    numbers = []
    for name in names:
        key = name.replace(" ", "_") if isinstance(name, str) else name
        if key not in _CATEGORIES:
            raise InvalidInputError.make("adva.macbeth.unknown_category", where,
                                         "a MACBETH category is one of " + ", ".join(_CATEGORIES), _args.seen(name))
        numbers.append(_CATEGORIES.index(key))
    return numbers[0], numbers[-1]


def macbeth(elements: Sequence[str], judgements: Sequence[Any], *, neutral: Optional[str] = None,
            good: Optional[str] = None) -> MacbethScale:
    """The MACBETH scale of ``elements`` (options, or a criterion's performance levels, named) from
    ``judgements`` of difference in attractiveness: each ``{"more": x, "less": y, "category": c}``
    or a tuple ``(x, y, c)``, c one of "no_difference", "very_weak", "weak", "moderate", "strong",
    "very_strong", "extreme", or a range ``["weak", "strong"]``. The matrix may be incomplete but
    must connect every element. ``neutral`` and ``good`` (both or neither) anchor the scale at 0 and
    100; without them the least attractive element is 0 and the most attractive 100."""
    names = _args.names("elements", elements)
    index = {name: k for k, name in enumerate(names)}
    if len(index) != len(names):
        twice = next(name for k, name in enumerate(names) if name in names[:k])
        raise InvalidInputError.make("adva.python.argument", "elements", "each element is named once", _args.seen(twice))
    if isinstance(judgements, (str, bytes)) or not isinstance(judgements, Sequence):
        raise InvalidTypeError.make("adva.python.type", "judgements", "must be a list of judgements", _args.seen(judgements))
    indexed = []
    for k, j in enumerate(judgements):
        where = f"/judgements/{k}"
        if isinstance(j, Mapping):
            more, less, category = j.get("more"), j.get("less"), j.get("category")
        elif isinstance(j, Sequence) and not isinstance(j, (str, bytes)) and len(j) == 3:
            more, less, category = j
        else:
            raise InvalidTypeError.make("adva.python.type", where,
                                        'must be {"more", "less", "category"} or (more, less, category)', _args.seen(j))
        sides = []
        for side, name in (("more", more), ("less", less)):
            if name not in index:
                raise InvalidInputError.make("adva.macbeth.element_out_of_range", f"{where}/{side}",
                                             "a judgement names one of the elements", _args.seen(name))
            sides.append(index[name])
        indexed.append((sides[0], sides[1], *_category_numbers(category, f"{where}/category")))
    anchors = []
    for side, name in (("neutral", neutral), ("good", good)):
        if name is not None and name not in index:
            raise InvalidInputError.make("adva.macbeth.anchor_out_of_range", side, "a reference is one of the elements",
                                         _args.seen(name))
        anchors.append(None if name is None else index[name])
    data = _core.macbeth(len(names), indexed, anchors[0], anchors[1])
    consistent = bool(data["consistent"])

    def series(key: str) -> pd.Series:
        return pd.Series(data[key], index=names if consistent else [], dtype=float)

    suggestions = [{**s, "more": names[s["more"]], "less": names[s["less"]]} for s in data["suggestions"]]
    return MacbethScale(consistent, series("scores"), series("basic"), series("lower"), series("upper"),
                        [float(t) for t in data["thresholds"]], str(data["anchoring"]), str(data["tie_rule"]), suggestions)


def paprika(levels: Mapping[str, Sequence[str]], answers: Sequence[Any], *, max_criteria: int = 2) -> PaprikaResult:
    """PAPRIKA's point values from answered trade-offs: ``levels`` maps each criterion to its levels,
    worst first (at least two); each answer is ``{"a": {criterion: level, ...}, "b": {...},
    "answer": "a" | "b" | "equal"}`` (or "a_better", "b_better"), the two hypothetical alternatives
    named by their levels (0 the worst) on the criteria where they differ. ``max_criteria`` (2 or 3)
    is the most criteria a counted question differs on."""
    if not isinstance(levels, Mapping):
        raise InvalidTypeError.make("adva.python.type", "levels", "must be a mapping of criterion to its levels, worst first",
                                    _args.seen(levels))
    criteria = [_args.text("levels", c) for c in levels]
    counts = [len(_args.names(f"levels/{c}", levels[c])) for c in criteria]
    index = {c: k for k, c in enumerate(criteria)}
    if isinstance(answers, (str, bytes)) or not isinstance(answers, Sequence):
        raise InvalidTypeError.make("adva.python.type", "answers", "must be a list of answers", _args.seen(answers))
    given = []
    for k, a in enumerate(answers):
        where = f"/answers/{k}"
        if not isinstance(a, Mapping):
            raise InvalidTypeError.make("adva.python.type", where, 'must be {"a": {...}, "b": {...}, "answer": ...}',
                                        _args.seen(a))
        sides = []
        for side in ("a", "b"):
            chosen = a.get(side)
            if not isinstance(chosen, Mapping):
                raise InvalidTypeError.make("adva.python.type", f"{where}/{side}", "must be a mapping of criterion to level",
                                            _args.seen(chosen))
            pairs = []
            for c, level in chosen.items():
                if c not in index:
                    raise InvalidInputError.make("adva.paprika.criterion_out_of_range", f"{where}/{side}/{c}",
                                                 "a question names criteria of levels", _args.seen(c))
                pairs.append((index[c], _args.count(f"{where}/{side}/{c}", level)))
            sides.append(pairs)
        said = a.get("answer")
        answer = _ANSWERS.get(said) if isinstance(said, str) else None
        if answer is None:
            raise InvalidInputError.make("adva.paprika.answer", f"{where}/answer", 'an answer is "a", "b" or "equal"',
                                         _args.seen(said))
        given.append((sides[0], sides[1], ("a_better", "b_better", "equal").index(answer)))
    data = _core.paprika(counts, given, _args.count("max_criteria", max_criteria))
    return PaprikaResult(
        bool(data["consistent"]), [int(k) for k in data["conflict"]],
        {c: [float(p) for p in data["points"][k]] for k, c in enumerate(criteria)} if data["consistent"] else {},
        pd.Series(data["weights"], index=criteria if data["consistent"] else [], dtype=float),
        {c: (float(r[0]), float(r[1])) for c, r in zip(criteria, data["weight_ranges"])} if data["consistent"] else {},
        int(data["questions_possible"]), int(data["questions_asked"]), int(data["questions_implied"]), str(data["point_rule"]))
