"""adva — appraising alternative delivery vehicles for public services, from Python.

Models (function before form, locked framing, gates, value tree, options, costs)::

    import adva
    model = adva.default_model()          # or adva.load("model.json"), adva.from_excel("model.xlsx")
    result = model.appraise()             # or model.appraise(group="families")
    result.ranking, result.contributions, result.screening, result.value_for_money
    result.explain("trust", "in_house_improvement")
    model.trajectories().measures         # improvement over time: the chance of the target grade by its year …

Plain decision matrices (every method and weighting of ``adva evaluate``)::

    adva.evaluate(matrix, ["benefit", "cost"], weights=[0.6, 0.4], method="vikor", v=0.5)

The decision record (lock, reopen and scores after lock as a hash-chained, optionally signed audit)::

    model.lock(by="Board", sign="board-key.pem")
    model.score("O1", "SF_practice", 60, rationale="inspection report 2026", by="Panel")
    model.verify(digest="…published…", pubkey="board-pub.pem").raise_if_failed()
    model.appraise(strict=True)           # IntegrityError unless the record verifies with no finding

Everything adva raises is an :class:`adva.Error` (also spelt ``adva.AdvaError``) carrying ``id``, ``where``,
``rule`` and ``seen``.
"""

from __future__ import annotations

from . import _core
from .economics import EconomicCase
from .elicitation import ElicitationSession, MacbethScale, PaprikaResult, macbeth, paprika
from .errors import (
                     AdvaError,
                     ComputationError,
                     Error,
                     IntegrityError,
                     InvalidInputError,
                     InvalidTypeError,
                     LimitExceededError,
                     StageError,
)
from .evaluate import METHODS, WEIGHTINGS, EvaluationResult, evaluate, weights
from .model import Model, Verification, default_model, from_excel, load, starter_model, validate
from .model import init_model as init_model  # deprecated name of starter_model (DeprecationWarning)
from .results import AppraisalResult
from .robustness import MethodComparison, SensitivityResult, SmaaResult, StakeholderComparison, WhatIfResult, hit_and_run, smaa
from .trajectories import Trajectories, TrajectoryTarget

__version__: str = _core.__version__

__all__ = [
    "Error", "AdvaError", "InvalidInputError", "LimitExceededError", "InvalidTypeError", "StageError", "IntegrityError",
    "ComputationError",
    "Model", "Verification", "ElicitationSession", "load", "validate", "default_model", "starter_model", "from_excel",
    "macbeth", "paprika", "MacbethScale", "PaprikaResult",
    "AppraisalResult", "EconomicCase", "evaluate", "weights", "EvaluationResult", "METHODS", "WEIGHTINGS",
    "smaa", "hit_and_run", "SmaaResult", "SensitivityResult", "WhatIfResult", "MethodComparison", "StakeholderComparison",
    "Trajectories", "TrajectoryTarget",
    "__version__",
]
