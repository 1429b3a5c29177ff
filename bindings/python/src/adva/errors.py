"""The exceptions of adva.

Every error raised by the C++ library arrives as one of these classes, with the same message as the
C++ ``what()`` and the same fields:

- ``id``: a stable identifier such as ``"adva.model.unknown_id"`` (never changes between releases);
- ``where``: the JSON pointer (``/options/3/scores/C7``) or argument name of the offending place;
- ``rule``: the rule that was broken, in words;
- ``seen``: the value seen, as text.

``InvalidInputError`` (bad input) is also a ``ValueError``. Two kinds of it: ``LimitExceededError``
(well-formed input beyond a safety bound) and ``InvalidTypeError`` (an argument or value of a type
adva does not accept; also a ``TypeError``). ``IntegrityError`` says the decision record does not
verify; it is not a ``ValueError``: the input is well formed, its record is what fails (the CLI exits
with status 3). ``AdvaError`` is another name of ``Error``.
"""

from __future__ import annotations

from typing import Any, TypeVar

__all__ = [
    "Error",
    "AdvaError",
    "InvalidInputError",
    "LimitExceededError",
    "InvalidTypeError",
    "StageError",
    "IntegrityError",
    "ComputationError",
]


_E = TypeVar("_E", bound="Error")


class Error(Exception):
    """Base class of every adva error; carries ``id``, ``where``, ``rule`` and ``seen``."""

    def __init__(self, message: str, id: str = "", where: str = "", rule: str = "", seen: str = "") -> None:
        super().__init__(message)
        self.id = id
        self.where = where
        self.rule = rule
        self.seen = seen

    @classmethod
    def make(cls: type[_E], id: str, where: str, rule: str, seen: str = "") -> _E:
        """Builds an error with the C++ message format ``[id] where: rule (seen: …)``."""
        message = f"[{id}] "
        if where:
            message += f"{where}: "
        message += rule
        if seen:
            message += f" (seen: {seen})"
        return cls(message, id, where, rule, seen)

    def __reduce__(self) -> tuple[type[Error], tuple[str, str, str, str, str]]:  # picklable (multiprocessing, Dask)
        return (type(self), (str(self), self.id, self.where, self.rule, self.seen))


AdvaError = Error


class InvalidInputError(Error, ValueError):
    """Bad input: a model, matrix, option or argument that breaks a rule."""

    # Set by adva.validate only: every error found (dicts) and how many there were.
    errors: list[dict[str, Any]]
    error_count: int


class LimitExceededError(InvalidInputError):
    """Well-formed input that exceeds a safety bound (size, nesting depth, counts)."""


class InvalidTypeError(InvalidInputError, TypeError):
    """An argument (or a value inside a dict or matrix) of a type adva does not accept."""


class StageError(Error):
    """An operation not allowed in the appraisal's current stage (e.g. editing a locked framing)."""


class IntegrityError(Error):
    """The decision record does not verify: the framing changed after lock, the audit chain is broken,
    or a published digest or signature does not match (``Model.verify``, ``appraise(strict=True)``)."""


class ComputationError(Error, RuntimeError):
    """A computation could not be carried out (e.g. a solver failure); not the user's input."""
