"""The exceptions of adva.

Every error raised by the C++ library arrives as one of these classes, with the same message as the
C++ ``what()`` and the same fields:

- ``id``: a stable identifier such as ``"adva.model.unknown_id"`` (never changes between releases);
- ``where``: the JSON pointer (``/options/3/scores/C7``) or argument name of the offending place;
- ``rule``: the rule that was broken, in words;
- ``seen``: the value seen, as text.

``InvalidInputError`` (bad input) is also a ``ValueError``; ``LimitExceededError`` (well-formed input
beyond a safety bound) is an ``InvalidInputError``.
"""

from __future__ import annotations

__all__ = [
    "AdvaError",
    "InvalidInputError",
    "LimitExceededError",
    "StageError",
    "ComputationError",
]


class AdvaError(Exception):
    """Base class of every adva error; carries ``id``, ``where``, ``rule`` and ``seen``."""

    def __init__(self, message: str, id: str = "", where: str = "", rule: str = "", seen: str = "") -> None:
        super().__init__(message)
        self.id = id
        self.where = where
        self.rule = rule
        self.seen = seen

    @classmethod
    def make(cls, id: str, where: str, rule: str, seen: str = "") -> "AdvaError":
        """Builds an error with the C++ message format ``[id] where: rule (seen: …)``."""
        message = f"[{id}] "
        if where:
            message += f"{where}: "
        message += rule
        if seen:
            message += f" (seen: {seen})"
        return cls(message, id, where, rule, seen)

    def __reduce__(self):  # picklable (multiprocessing, Dask)
        return (type(self), (str(self), self.id, self.where, self.rule, self.seen))


class InvalidInputError(AdvaError, ValueError):
    """Bad input: a model, matrix, option or argument that breaks a rule."""


class LimitExceededError(InvalidInputError):
    """Well-formed input that exceeds a safety bound (size, nesting depth, counts)."""


class StageError(AdvaError):
    """An operation not allowed in the appraisal's current stage (e.g. editing a locked framing)."""


class ComputationError(AdvaError, RuntimeError):
    """A computation could not be carried out (e.g. a solver failure); not the user's input."""
