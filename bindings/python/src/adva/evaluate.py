"""Decision-matrix mode: every aggregation method and weighting on a plain matrix, at C++ speed.

The names, options, defaults, output keys and error ids are those of ``adva evaluate`` / ``adva
weights`` (docs/methods.md). The matrix is passed to C++ without conversion to JSON; results come
back as numpy arrays.
"""

from __future__ import annotations

import html
import json
from collections.abc import (
    Iterator,
    KeysView,
    Mapping,  # isinstance against typing.Mapping is several times slower
    Sequence,
)
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np

from . import _args, _core
from ._args import native
from .errors import InvalidInputError, InvalidTypeError

if TYPE_CHECKING:  # pandas is imported when a table is asked for
    import pandas as pd

__all__ = ["evaluate", "weights", "EvaluationResult", "METHODS", "WEIGHTINGS"]

_REGISTRY = _core.methods()  # the C++ method registry: options (name -> type) and integer outputs
#: Aggregation methods of :func:`evaluate` and their keyword options (from the C++ method registry).
METHODS: dict[str, tuple[str, ...]] = {name: tuple(entry["options"]) for name, entry in _REGISTRY.items()}
#: Weighting methods of :func:`evaluate` (``weighting=``) and :func:`weights`.
WEIGHTINGS = ("equal", "direct", "swing", "roc", "rank_sum", "reciprocal", "entropy", "critic", "ahp")

_evaluate = _core.evaluate
_OPTION_TYPES = {key: kind for entry in _REGISTRY.values() for key, kind in entry["options"].items()}
_INTEGER_KEYS = frozenset(key for entry in _REGISTRY.values() for key in entry["integers"])
_frombuffer, _ndarray = np.frombuffer, np.ndarray
_NO_OPTIONS: dict[str, Any] = {}  # never changed: the C++ side only reads it
_NO_LABELS: list[str] = []
_float64, _int32 = np.dtype(np.float64), np.dtype(np.int32)


def _view(key: str, value: Any) -> Any:
    # The extension returns result vectors as bytearrays (cheaper than its generic array export);
    # numpy views them in place, writable.
    if type(value) is bytearray:
        return _frombuffer(value, _int32 if key in _INTEGER_KEYS else _float64)
    return value


def _decode(data: dict[str, Any]) -> dict[str, Any]:
    for key, value in data.items():
        data[key] = _view(key, value)
    return data


class EvaluationResult:
    """The output of :func:`evaluate`: the CLI's keys as attributes and items.

    Every method has ``scores``, ``ranking`` (1-based, ties share the better rank), ``weights`` and
    ``method`` (the options used, defaults filled in); TOPSIS adds ``closeness``,
    ``distance_to_ideal``, ``distance_to_anti_ideal``; WPM ``log_scores``; VIKOR ``S``, ``R``, ``Q``,
    ``compromise``, ``acceptable_advantage``, ``acceptable_stability``, ``dq``; PROMETHEE ``phi``,
    ``phi_plus``, ``phi_minus`` (and for PROMETHEE I ``outranks``, ``incomparable``,
    ``indifferent``); a weighting adds ``weighting`` and its own outputs (``cr``, ``entropy`` …).
    """

    __slots__ = ("_data", "_viewed", "alternatives", "criteria")

    def __init__(self, data: dict[str, Any], alternatives: Optional[list[str]] = None,
                 criteria: Optional[list[str]] = None) -> None:
        """Wraps the dict of outputs (built by :func:`evaluate`). A vector becomes its numpy array
        when first read (the same array on every later read): a call pays only for what is used."""
        self._data = data
        self._viewed = False
        self.alternatives = alternatives
        self.criteria = criteria

    def _all(self) -> dict[str, Any]:
        if not self._viewed:
            _decode(self._data)
            self._viewed = True
        return self._data

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"this result has no {name!r}; it has: {', '.join(self._data)}") from None

    def __getitem__(self, key: str) -> Any:
        value = self._data[key]
        if type(value) is bytearray:
            value = self._data[key] = _view(key, value)
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def keys(self) -> KeysView[str]:
        """The output keys (as the CLI writes them)."""
        return self._data.keys()

    def to_dict(self) -> dict[str, Any]:
        """The outputs as JSON-ready Python values (lists, not arrays), with labels when given."""
        out = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in self._all().items()}
        if self.alternatives is not None:
            out["alternatives"] = list(self.alternatives)
        if self.criteria is not None:
            out["criteria"] = list(self.criteria)
        return out

    def to_json(self, indent: Optional[int] = 2) -> str:
        """The outputs as JSON text (the shape of ``adva evaluate``'s output)."""
        return json.dumps(self.to_dict(), indent=None if indent is None else _args.count("indent", indent, 0, _args.MAX_INDENT))

    def to_frame(self) -> pd.DataFrame:
        """Per-alternative outputs as a DataFrame indexed by alternative: scores, ranking and the
        method's own per-alternative columns."""
        import pandas as pd

        m = len(self["scores"])
        cols = {k: v for k, v in self._all().items() if isinstance(v, np.ndarray) and v.ndim == 1 and len(v) == m
                and k not in ("weights", "compromise")}
        index = pd.Index(self.alternatives if self.alternatives is not None else range(m), name="alternative")
        return pd.DataFrame(cols, index=index)

    def __repr__(self) -> str:
        return f"<adva.EvaluationResult {self._data['method']['name']}: ranking {self['ranking'].tolist()}>"

    # The outputs of every method as properties: read without __getattr__'s failed lookup first.
    scores = property(lambda self: self["scores"], doc="The method's score per alternative (numpy).")
    ranking = property(lambda self: self["ranking"], doc="1-based ranks (numpy int32); ties share the better rank.")
    weights = property(lambda self: self["weights"], doc="The normalised weights used (numpy).")
    method = property(lambda self: self["method"], doc="The method's name and options used, defaults filled in.")

    def _repr_html_(self) -> str:
        return f"<p>Method: {html.escape(json.dumps(self._data['method']))}</p>" + self.to_frame().to_html()


def _matrix_and_labels(matrix: Any, alternatives: Any, criteria: Any
                       ) -> tuple[np.ndarray, Optional[list[str]], Optional[list[str]]]:
    alternatives = _args.labels("alternatives", alternatives)
    criteria = _args.labels("criteria", criteria)
    if hasattr(matrix, "to_numpy") and hasattr(matrix, "columns"):  # a pandas DataFrame
        if alternatives is None:
            alternatives = [str(a) for a in matrix.index]
        if criteria is None:
            criteria = [str(c) for c in matrix.columns]
        matrix = matrix.to_numpy()
    return _args.matrix("/matrix", matrix), alternatives, criteria


def _types(types: Any, criteria: Optional[Sequence[str]], n: int) -> list[str]:
    if isinstance(types, Mapping):
        if criteria is None:
            raise InvalidInputError.make("adva.json.type", "/types",
                                         "types by criterion name need criterion labels (a DataFrame or criteria=)", "a mapping")
        missing = [c for c in criteria if c not in types]
        if missing:
            raise InvalidInputError.make("adva.json.missing_key", "/types/" + _args.token(missing[0]),
                                         "one type per criterion is required", "")
        return [_args.text("/types/" + _args.token(c), types[c]) for c in criteria]
    return _args.names("/types", types)


def _weight_vector(weights: Any, criteria: Optional[Sequence[str]]) -> np.ndarray:
    if isinstance(weights, Mapping) or (hasattr(weights, "index") and hasattr(weights, "reindex")):
        if criteria is None:
            raise InvalidInputError.make("adva.json.type", "/weights", "weights by criterion name need criterion labels "
                                         "(a DataFrame or criteria=)", "a mapping")
        w = dict(weights.items()) if not isinstance(weights, Mapping) else weights
        missing = [c for c in criteria if c not in w]
        if missing:
            raise InvalidInputError.make("adva.weights.size_mismatch", "/weights/" + _args.token(missing[0]),
                                         "one weight per criterion is required", "")
        return np.array([_args.real("/weights/" + _args.token(c), w[c]) for c in criteria], dtype=np.float64)
    return _args.vector("/weights", weights)


def _weighting_spec(weighting: Union[str, Mapping[str, Any]], options: Mapping[str, Any]) -> str:
    if isinstance(weighting, str):
        spec = {"method": weighting, **options}
    elif isinstance(weighting, Mapping):
        spec = {**weighting, **options}
    else:
        raise InvalidTypeError.make("adva.json.type", "/weighting", "must be a weighting name or a dict like the CLI's",
                                    _args.seen(weighting))
    return _args.json_text(spec, "/weighting")


def _preference(entry: Any, where: str) -> dict[str, Any]:
    # The C++ side reads the dict itself: keys must be strings, thresholds plain finite floats.
    if isinstance(entry, str):
        return {"function": entry}
    if not isinstance(entry, Mapping):
        raise InvalidTypeError.make("adva.json.type", where,
                                    'must be a function name or a dict like {"function": "linear", "q": 1, "p": 3}',
                                    _args.seen(entry))
    out: dict[str, Any] = {}
    for key, value in entry.items():
        key = _args.text(where, key)
        out[key] = _args.real(f"{where}/{_args.token(key)}", value) if key in ("q", "p", "s") else value
    return out


def _preferences(preference: Any, n: int) -> list[Any]:
    # One function for every criterion is spelt once: "usual" or {"function": "v_shape", "p": 2}.
    where = "/method/preference"
    if isinstance(preference, (str, Mapping)):
        return [_preference(preference, where)] * n
    if not isinstance(preference, (list, tuple)):
        raise InvalidTypeError.make("adva.json.type", where, "must be a function name, a dict, or a list with one per criterion",
                                    _args.seen(preference))
    return [_preference(p, f"{where}/{j}") for j, p in enumerate(preference)]


def evaluate(matrix: Any, types: Any, weights: Any = None, weighting: Union[str, Mapping[str, Any], None] = None,
             method: str = "topsis", *, alternatives: Optional[Sequence[str]] = None,
             criteria: Optional[Sequence[str]] = None, **options: Any) -> EvaluationResult:
    """Evaluates a decision matrix (alternatives × criteria) with one aggregation method.

    Parameters
    ----------
    matrix: numpy array, nested lists or a DataFrame (its index and columns become the labels).
    types: one of "benefit" / "cost" per criterion (a list, or a mapping by criterion label).
    weights: normalised weights (sum 1; never rescaled silently), as an array, a list, a Series or a
        mapping by criterion label. Give exactly one of ``weights`` and ``weighting``.
    weighting: a weighting method: "equal", "entropy", "critic", or a dict as in the CLI, e.g.
        ``{"method": "ahp", "pairwise": [[1, 3], [1/3, 1]]}``, ``{"method": "roc", "ranking": [1, 2]}``,
        ``{"method": "direct", "values": [5, 3]}``.
    method: "wsm", "wpm", "topsis" (default), "vikor", "promethee1" or "promethee2".
    options: the method's options with the CLI's names (``METHODS`` lists them): ``normalisation``
        (wsm, topsis: "vector", "minmax", "max", "sum", "none"; wpm: "none" (default), "sum",
        "vector"), ``v`` (vikor, default 0.5), ``preference`` (promethee: one dict per criterion,
        ``{"function": "linear", "q": 1, "p": 3}``, or one function name / dict for every
        criterion). An option the method does not have is an error (``adva.json.unknown_key``).

    Errors are :class:`~adva.errors.InvalidInputError` with the CLI's ids and JSON pointers.
    """
    if (type(matrix) is _ndarray and type(weights) is _ndarray and type(types) is list and type(method) is str
            and weighting is None and not options and alternatives is None and criteria is None
            and matrix.dtype is _float64 and weights.dtype is _float64 and matrix.ndim == 2 and weights.ndim == 1):
        # The common call (float64 arrays, a list of types, no labels or options): C++ checks every
        # value; a type it refuses is explained by the checked path below, which names the place.
        try:
            return EvaluationResult(_evaluate(matrix, types, weights, method, _NO_OPTIONS, _NO_LABELS, _NO_LABELS))
        except (TypeError, OverflowError):
            pass
    x, alternatives, criteria = _matrix_and_labels(matrix, alternatives, criteria)
    type_list = _types(types, criteria, x.shape[1])
    extra: Optional[dict[str, Any]] = None
    if (weights is None) == (weighting is None):
        raise InvalidInputError.make("adva.json.missing_key", "/weighting" if weights is not None else "/weights",
                                     'give exactly one of "weights" (normalised, sum 1) or "weighting" (a method)')
    if weighting is not None:
        spec = _weighting_spec(weighting, {})
        with native("weighting"):
            extra = _decode(_core.weighting(spec, x, type_list))
        w = np.asarray(extra.pop("weights"), dtype=np.float64)
    else:
        w = _weight_vector(weights, criteria)
    method = _args.text("/method/name", method)
    given = {}
    for key, value in options.items():  # Python values to plain ones by the option's type; the registry checks them
        if value is None:
            continue
        kind = _OPTION_TYPES.get(key)
        if kind == "number":
            value = _args.real(f"/method/{key}", value)
        elif kind == "name":
            value = _args.text(f"/method/{key}", value)
        elif kind == "preferences":
            value = _preferences(value, x.shape[1])
        given[key] = value
    try:  # not `with native(...)`: this call's overhead is measured in microseconds
        data = _evaluate(x, type_list, w, method, given, alternatives or _NO_LABELS, criteria or _NO_LABELS)
    except (TypeError, OverflowError) as e:
        raise _args.translated(e, "evaluate") from None
    if extra:
        data.update(extra)  # already viewed as arrays: _view leaves them as they are
    return EvaluationResult(data, None if alternatives is None else list(alternatives),
                            None if criteria is None else list(criteria))


def weights(weighting: Union[str, Mapping[str, Any]], matrix: Any = None, types: Any = None, **options: Any) -> dict[str, Any]:
    """Computes weights alone (``adva weights``): returns a dict with ``weights`` (numpy, sum 1),
    ``weighting`` (the options used, defaults filled in) and the method's extras (AHP's
    ``lambda_max``, ``ci``, ``cr``, ``ri``; entropy's ``entropy``).

    ``options`` are the weighting's own keys, e.g. ``weights("ahp", pairwise=[[1, 3], [1/3, 1]],
    priority="geometric_mean")`` or ``weights("roc", ranking=[2, 1, 3])``. Entropy and CRITIC need
    the matrix and types.
    """
    x = criteria = None
    type_list = None
    if matrix is not None:
        x, _, criteria = _matrix_and_labels(matrix, None, None)
        if types is None:
            raise InvalidInputError.make("adva.json.missing_key", "/types", "the matrix needs one type per criterion")
        type_list = _types(types, criteria, x.shape[1])
    spec = _weighting_spec(weighting, options)
    with native("weighting"):
        out = _decode(dict(_core.weighting(spec, x, type_list)))
    out["weights"] = np.asarray(out["weights"], dtype=np.float64)
    if criteria is not None:
        out["criteria"] = criteria
    return out
