"""Argument checks of the public functions, run before anything reaches adva._core.

nanobind converts arguments itself, but a value it cannot convert raises a TypeError or an
OverflowError that lists every signature of the function. So each public function checks its
arguments here first (``where`` is the argument's name, or the CLI's JSON pointer where the CLI has
one), and :class:`native` turns whatever nanobind still refuses into an adva error.

:func:`json_text` writes a Python document (model, scenario file, weighting, SMAA problem) as JSON
text without recursion; the C++ strict reader then validates the text, as it does a file's.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
from collections.abc import (
    Collection,
    Iterator,
    Mapping,  # isinstance against typing.Mapping is several times slower
)
from types import TracebackType
from typing import Any, Optional

import numpy as np

from . import _core
from .errors import Error, InvalidInputError, InvalidTypeError, LimitExceededError

UINT64_MAX = 2**64 - 1
#: The most worker threads an analysis takes (as the CLI's --threads).
MAX_THREADS = 1024
#: The widest JSON indentation the writers take.
MAX_INDENT = 32
#: Nesting depth and size of a JSON document: the C++ reader's limits (adva::io::read_limits).
JSON_MAX_DEPTH: int = _core.json_max_depth
JSON_MAX_BYTES: int = _core.json_max_bytes

_INT64_MIN = -(2**63)
_REAL_KINDS = "iuf"  # numpy dtype kinds of a matrix: signed, unsigned, floating (not bool, complex, object)
_FLOAT64 = np.dtype(np.float64)


def seen(value: Any) -> str:
    """A short text of a value for an error's ``seen``; never calls a foreign ``__repr__``."""
    if value is None or isinstance(value, (bool, np.bool_)):
        return repr(None if value is None else bool(value))
    if isinstance(value, (int, np.integer)):
        n = int(value)  # str() of a huge int is slow, and refused beyond 4300 digits
        return int.__repr__(n) if n.bit_length() <= 64 else f"an integer of {n.bit_length()} bits"
    if isinstance(value, (float, np.floating)):
        x = float(value)
        if math.isnan(x):
            return "NaN"  # as C++ writes non-finite numbers
        return float.__repr__(x) if math.isfinite(x) else ("inf" if x > 0 else "-inf")
    if isinstance(value, str):
        return json.dumps(value[:60]) + ("..." if len(value) > 60 else "")
    if isinstance(value, np.ndarray):
        return f"a {value.ndim}-dimensional array of {value.dtype}"
    return type(value).__name__


def _is_integer(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_real(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def count(name: str, value: Any, minimum: int = 0, maximum: int = UINT64_MAX) -> int:
    """An integer in [minimum, maximum] (a bool is not an integer here)."""
    if not _is_integer(value):
        raise InvalidTypeError.make("adva.python.type", name, "must be an integer", seen(value))
    n = int(value)
    if not minimum <= n <= maximum:
        raise InvalidInputError.make("adva.python.range", name, f"must be an integer from {minimum} to {maximum}", seen(n))
    return n


def threads(name: str, value: Any) -> int:
    """A thread count: 0 (every core) up to MAX_THREADS."""
    n = count(name, value)
    if n > MAX_THREADS:
        raise LimitExceededError.make("adva.limits.threads", name, f"at most {MAX_THREADS} threads (0 = every core)", seen(n))
    return n


def real(name: str, value: Any) -> float:
    """A finite real number (a bool is not a number here)."""
    if not _is_real(value):
        raise InvalidTypeError.make("adva.python.type", name, "must be a number", seen(value))
    try:
        x = float(value)
    except OverflowError:  # an int beyond the float range
        x = math.inf
    if not math.isfinite(x):
        raise InvalidInputError.make("adva.python.range", name, "must be a finite number", seen(value))
    return x


def flag(name: str, value: Any) -> bool:
    """True or False."""
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidTypeError.make("adva.python.type", name, "must be True or False", seen(value))
    return bool(value)


def text(name: str, value: Any) -> str:
    """A string that can cross to C++ (valid Unicode: no lone surrogates)."""
    if not isinstance(value, str):
        raise InvalidTypeError.make("adva.python.type", name, "must be a string", seen(value))
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInputError.make("adva.python.text", name, "must be valid Unicode text (no lone surrogates)",
                                         seen(value)) from None
    return value


def optional_text(name: str, value: Any) -> Optional[str]:
    """None or a string (see :func:`text`)."""
    return None if value is None else text(name, value)


def choice(name: str, value: Any, allowed: Collection[str], id: str = "adva.python.choice") -> str:
    """One of the ``allowed`` names."""
    name_text = text(name, value)
    if name_text not in allowed:
        raise InvalidInputError.make(id, name, "unknown name; one of: " + ", ".join(allowed), seen(value))
    return name_text


def path(name: str, value: Any) -> str:
    """A file path (str or os.PathLike giving a str), as text."""
    p = os.fspath(value) if isinstance(value, os.PathLike) else value
    if not isinstance(p, str):
        raise InvalidTypeError.make("adva.python.type", name, "must be a path (str or os.PathLike)", seen(value))
    text(name, p)
    if "\0" in p:  # C++ would open the path cut at the NUL: another file
        raise InvalidInputError.make("adva.python.path", name, "a path cannot contain a NUL character", seen(p))
    return p


def read_text(name: str, file: Any) -> str:
    """The UTF-8 text of a JSON file; never more than the JSON size limit is read."""
    p = path(name, file)
    try:
        with open(p, "rb") as f:
            data = f.read(JSON_MAX_BYTES + 1)
    except OSError as e:
        raise InvalidInputError.make("adva.io.read", p, "cannot read the file", e.strerror or type(e).__name__) from None
    if len(data) > JSON_MAX_BYTES:
        raise LimitExceededError.make("adva.json.limit", p, f"text larger than {JSON_MAX_BYTES} bytes",
                                      f"more than {JSON_MAX_BYTES} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidInputError.make("adva.io.read", p, "the file is not UTF-8 text", f"byte {e.start}") from None


def _sequence(name: str, value: Any, what: str) -> list[Any]:
    # Sized containers only: an arbitrary iterable may be endless.
    if isinstance(value, (list, tuple)):
        return list(value)
    array_like = isinstance(value, np.ndarray) or (hasattr(value, "tolist") and hasattr(value, "dtype"))  # pandas Index, Series
    if array_like and getattr(value, "ndim", None) == 1:
        return list(value.tolist())
    raise InvalidTypeError.make("adva.python.type", name, f"must be a list of {what}", seen(value))


def names(name: str, value: Any) -> list[str]:
    """A list (or tuple, 1-D array, Index) of strings, e.g. criterion types."""
    items = _sequence(name, value, "strings")
    try:
        plain = "".join(items).isascii()  # all strings, all ASCII: checked in C (evaluate's call overhead)
    except TypeError:
        plain = False
    if not plain:
        for i, x in enumerate(items):
            text(f"{name}/{i}", x)
    return items


def labels(name: str, value: Any) -> Optional[list[str]]:
    """None, or labels (strings or integers) as strings."""
    if value is None:
        return None
    out = []
    for i, x in enumerate(_sequence(name, value, "labels (strings or integers)")):
        if _is_integer(x):
            x = int.__repr__(int(x))
        out.append(text(f"{name}/{i}", x))
    return out


def array(name: str, value: Any, ndim: int, shape_rule: str) -> np.ndarray:
    """A float64 array of ``ndim`` dimensions from a numpy array, nested lists or an array-like of
    real numbers; complex, bool, object and string data are refused, never converted."""
    if isinstance(value, np.ndarray):
        x = value
    elif isinstance(value, (list, tuple)) or hasattr(value, "__array__"):
        try:
            x = np.asarray(value)
        except (ValueError, TypeError, OverflowError):  # ragged nesting, or deeper than numpy's dimension limit
            raise InvalidInputError.make("adva.json.type", name, shape_rule,
                                         "nested lists of different lengths or depths") from None
    else:
        raise InvalidTypeError.make("adva.python.type", name, "must be a numpy array or nested lists of numbers", seen(value))
    dtype = x.dtype
    if dtype is not _FLOAT64 and dtype.kind not in _REAL_KINDS:
        raise InvalidTypeError.make("adva.python.type", name,
                                    "must contain only real numbers (not bool, complex, text or objects)", f"dtype {dtype}")
    if x.ndim != ndim:
        raise InvalidInputError.make("adva.json.type", name, shape_rule, f"{x.ndim} dimensions")
    return x if dtype is _FLOAT64 else x.astype(np.float64)


def matrix(name: str, value: Any) -> np.ndarray:
    """A two-dimensional float64 matrix (alternatives x criteria); see :func:`array`."""
    return array(name, value, 2, "must be a two-dimensional matrix (alternatives x criteria)")


def vector(name: str, value: Any) -> np.ndarray:
    """A one-dimensional float64 vector; see :func:`array`."""
    return array(name, value, 1, "must be a one-dimensional list of numbers")


def translated(error: BaseException, where: str) -> BaseException:
    """The adva error for a TypeError or OverflowError from nanobind's argument conversion (without
    its listing of signatures); any other exception unchanged."""
    if isinstance(error, Error):
        return error
    if isinstance(error, OverflowError):
        return InvalidInputError.make("adva.python.range", where, "a number is outside the range adva accepts")
    if isinstance(error, TypeError):
        types = re.search(r"Invoked with types: (.*)", str(error))
        return InvalidTypeError.make("adva.python.type", where, "an argument has a type adva does not accept",
                                     types.group(1) if types else "")
    return error


class native(contextlib.ContextDecorator):
    """The net under a call into adva._core (as ``with native(where):`` or a decorator): see
    :func:`translated`. Arguments are checked before the call, so this is reached only by a case
    the checks missed."""

    def __init__(self, where: str) -> None:
        self.where = where

    def __enter__(self) -> native:
        return self

    def __exit__(self, kind: Optional[type[BaseException]], error: Optional[BaseException],
                 traceback: Optional[TracebackType]) -> None:
        if error is not None:
            replacement = translated(error, self.where)
            if replacement is not error:
                raise replacement from None


def json_object(text: str) -> dict[str, Any]:
    """A JSON object the C++ library wrote (a model, result or report document) as a dict."""
    document = json.loads(text)
    if not isinstance(document, dict):  # never: the writers write objects
        raise TypeError(f"expected a JSON object, got {type(document).__name__}")
    return document


def token(key: str) -> str:
    """A key as a JSON pointer reference token (RFC 6901: "~" is written "~0", "/" is "~1")."""
    return key.replace("~", "~0").replace("/", "~1")


class _Frame:
    __slots__ = ("items", "closer", "is_object", "count")

    def __init__(self, items: Iterator[tuple[Any, Any]], closer: str, is_object: bool) -> None:
        self.items, self.closer, self.is_object, self.count = items, closer, is_object, 0


def json_text(document: Any, where: str = "", not_finite: str = "adva.json.not_finite") -> str:
    """``document`` (dicts with string keys, lists, tuples, numpy arrays, str, int, float, bool, None)
    as JSON text, written with an explicit stack: nesting beyond the C++ reader's depth is refused
    before it is walked. Errors name the JSON pointer (``where`` + RFC 6901 tokens); a non-finite
    number raises ``not_finite``."""
    parts: list[str] = []
    tokens: list[str] = []  # reference tokens of the values being written, root first
    frames: list[_Frame] = []

    def pointer() -> str:
        return where + "".join("/" + t for t in tokens)

    value = document
    while True:
        if isinstance(value, np.ndarray):
            value = value.tolist()  # elements are checked like any others
        elif isinstance(value, np.generic):
            value = value.item()
        frame = None
        if value is None:
            parts.append("null")
        elif value is True or value is False:
            parts.append("true" if value else "false")
        elif isinstance(value, int):
            if not _INT64_MIN <= value <= UINT64_MAX:
                raise LimitExceededError.make("adva.json.limit", pointer(), "integers must fit in 64 bits", seen(value))
            parts.append(int.__repr__(value))
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise InvalidInputError.make(not_finite, pointer(), "numbers must be finite (JSON has no NaN or infinity)",
                                             seen(value))
            parts.append(float.__repr__(value))
        elif isinstance(value, str):
            text(pointer(), value)
            parts.append(json.dumps(value))
        elif isinstance(value, Mapping):
            frame = _Frame(iter(value.items()), "}", True)
        elif isinstance(value, (list, tuple)):
            frame = _Frame(enumerate(value), "]", False)
        else:
            raise InvalidTypeError.make("adva.python.type", pointer(),
                                        "must be a JSON value: dict, list, str, number, bool or None", seen(value))
        if frame is not None:
            if len(frames) + 1 > JSON_MAX_DEPTH:
                raise LimitExceededError.make("adva.json.limit", pointer(), f"nesting deeper than {JSON_MAX_DEPTH} levels")
            parts.append("{" if frame.is_object else "[")
            frames.append(frame)
        elif frames:
            tokens.pop()
        # The next value to write: the next entry of the innermost open container, closing those done.
        while frames:
            top = frames[-1]
            entry = next(top.items, None)  # entries are (key, value) pairs, never None
            if entry is None:
                parts.append(top.closer)
                frames.pop()
                if frames:
                    tokens.pop()
                continue
            key, value = entry
            if top.is_object and not isinstance(key, str):
                raise InvalidTypeError.make("adva.python.type", pointer(), "object keys must be strings", seen(key))
            if top.count:
                parts.append(",")
            top.count += 1
            if top.is_object:
                parts.append(json.dumps(text(pointer() + "/" + token(key), key)) + ":")
                tokens.append(token(key))
            else:
                tokens.append(str(key))
            break
        else:
            return "".join(parts)
