"""
Private extension module of adva: use the package `adva`, not this module.
"""

from collections.abc import Sequence
from typing import Annotated

import numpy
from numpy.typing import NDArray


__version__: str

class Model:
    """A validated appraisal model (C++ adva::appraisal)."""

    @staticmethod
    def from_json_text(text: str) -> Model:
        """Parses and validates a model from JSON text (format v1)."""

    @staticmethod
    def load(path: str) -> Model:
        """Reads and validates a model file."""

    @staticmethod
    def check_text(text: str) -> dict:
        """
        Every error of a model in JSON text (at most 100 kept), and the model when none.
        """

    @staticmethod
    def check_file(path: str) -> dict:
        """
        Every error of a model file, located by line and column, and the model when none.
        """

    def to_json_text(self, indent: int = -1) -> str:
        """The model as JSON text (lossless)."""

    def framing_json_text(self) -> str:
        """The canonical JSON of the framing (what the digest covers)."""

    def save(self, path: str, overwrite: bool = True) -> None:
        """Writes the model as JSON under the output policy (adva/io/output.hpp)."""

    def validate(self) -> None:
        """Checks every rule of the model."""

    def lock(self, by: str, at: str = '', signing_key: str = '', direct_weights: bool = False) -> list[str]:
        """
        Validates and locks the framing (digest, snapshot, a chained lock entry); returns advice.
        """

    def reopen(self, reason: str, by: str = '', at: str = '', signing_key: str = '') -> None:
        """Releases the lock with a recorded reason."""

    def record_scores(self, scores: str, rationale: str, by: str, at: str = '', signing_key: str = '') -> None:
        """
        Changes scores after lock through the record (scores: JSON {option: {criterion: score}}).
        """

    def criteria_guide_json_text(self, group: str = '') -> str:
        """
        What to enter for each leaf criterion (adva criteria --format json), as JSON text.
        """

    def scoresheet_rows(self, group: str = '') -> list[list[str]]:
        """The scoring sheet as rows of text, the header first (adva scoresheet)."""

    def write_scoresheet(self, path: str, group: str, format: str, overwrite: bool) -> None:
        """
        Writes the scoring sheet as CSV or a workbook (format "csv", "xlsx"; empty: by the extension) under the output policy.
        """

    def import_scores_file(self, path: str, format: str, by: str, rationale: str, at: str = '', signing_key: str = '') -> dict:
        """
        Reads a scoring sheet, CSV or a workbook (format as for write_scoresheet), and applies its scores (adva import-scores).
        """

    def governance(self) -> dict:
        """The governance status as a dict."""

    def verify(self, digest: str = '', public_key: str = '', strict: bool = False) -> dict:
        """
        Checks the decision record against the model, a published digest and a public key.
        """

    def framing_digest(self) -> str:
        """SHA-256 of the canonical framing JSON."""

    def is_locked(self) -> bool: ...

    def check_edit(self, edited: Model) -> None:
        """
        StageError unless `edited` may replace this model by an edit outside the record (adva::check_edit): the governance record unchanged, and the framing unchanged while locked.
        """

    def has_scores(self) -> bool: ...

    def copy(self) -> Model:
        """A deep copy."""

    def __eq__(self, arg: Model, /) -> bool: ...

    def option_ids(self) -> list[str]: ...

    def group_ids(self) -> list[str]: ...

def default_model() -> Model:
    """The embedded children's services model (illustrative figures)."""

def starter_model() -> Model:
    """
    The default question set, criteria, gates and options with no answers and no scores.
    """

def read_key_file(path: str, what: str) -> str:
    """The text of a key file (PEM), at most 64 KiB."""

model_format_version: int = 1

json_max_depth: int = 64

json_max_bytes: int = 67108864

def write_file(path: str, data: bytes, overwrite: bool) -> None:
    """
    Writes data as the whole file: a regular file replaced atomically (refused if it exists and not overwrite), a device or FIFO written into, a directory refused.
    """

class EconomicCase:
    """The economic case of a model (C++ adva::economic_case)."""

    @property
    def cost_basis(self) -> str: ...

    @property
    def currency(self) -> str: ...

    @property
    def base_year(self) -> int: ...

    @property
    def has_budget(self) -> bool: ...

    @property
    def discount_factors(self) -> list[float]: ...

    @property
    def health_discount_factors(self) -> list[float]: ...

    @property
    def options(self) -> list: ...

    @property
    def lines(self) -> list: ...

    @property
    def by_year(self) -> dict: ...

    @property
    def warnings(self) -> list[str]: ...

    def report(self, format: str = 'table', by_year: bool = False) -> str: ...

    def to_json_text(self, indent: int = -1) -> str: ...

def economic_case(model: Model) -> EconomicCase:
    """
    The economic case of a model: cash flows by year, optimism bias, NPC, benefits, affordability.
    """

class AppraisalResult:
    """Result of the additive appraisal (C++ adva::appraisal_result)."""

    @property
    def weights_name(self) -> str: ...

    @property
    def group(self) -> str: ...

    @property
    def relative_scale_basis(self) -> str: ...

    @property
    def tie_tolerance(self) -> float: ...

    @property
    def option_ids(self) -> list[str]: ...

    @property
    def option_names(self) -> list[str]: ...

    @property
    def criterion_ids(self) -> list[str]: ...

    @property
    def criterion_names(self) -> list[str]: ...

    @property
    def criterion_parents(self) -> list[str]: ...

    @property
    def leaf_ids(self) -> list[str]: ...

    @property
    def weights_local(self) -> list[float]: ...

    @property
    def weights_global(self) -> list[float]: ...

    @property
    def values(self) -> Annotated[NDArray[numpy.float64], dict(shape=(None, None), order='F')]: ...

    @property
    def totals(self) -> Annotated[NDArray[numpy.float64], dict(shape=(None,), order='C')]: ...

    @property
    def contributions(self) -> Annotated[NDArray[numpy.float64], dict(shape=(None, None), order='F')]: ...

    @property
    def ranking(self) -> list: ...

    @property
    def screening(self) -> list: ...

    @property
    def dominance(self) -> list: ...

    @property
    def value_for_money(self) -> list: ...

    @property
    def switching_values(self) -> list: ...

    def switching_values_report(self, format: str = 'table') -> str: ...

    @property
    def cost_tornado(self) -> list: ...

    def cost_tornado_report(self, format: str = 'table') -> str: ...

    @property
    def value_for_money_comparator(self) -> str: ...

    @property
    def governance(self) -> dict: ...

    @property
    def warnings(self) -> list[str]: ...

    @property
    def illustrative(self) -> bool: ...

    @property
    def title(self) -> str: ...

    @property
    def currency(self) -> str: ...

    def explain(self, a: str, b: str) -> tuple: ...

    def to_json_text(self, indent: int = -1, by_group: bool = False) -> str: ...

    def report(self, format: str = 'table', by_group: bool = False) -> str: ...

    def decision_report(self, format: str = 'html', interactive: bool = False, timestamp: bool = False, path: str = '', overwrite: bool = True) -> str:
        """
        The decision report (docs/report.md) as text, or written to path under the output policy (returns "").
        """

def appraise(model: Model, group: str = '', relative_scale_basis: str = 'all_options', tie_tolerance: float = 1e-09, strict: bool = False) -> AppraisalResult:
    """
    The additive appraisal of a model; strict: IntegrityError unless the decision record verifies with no finding.
    """

def evaluate(matrix: Annotated[NDArray[numpy.float64], dict(shape=(None, None), order='C', device='cpu', writable=False)], types: list[str], weights: Annotated[NDArray[numpy.float64], dict(shape=(None,), writable=False)], method: str, options: dict, alternatives: Sequence[str] = [], criteria: Sequence[str] = []) -> dict:
    """
    One aggregation method of the registry on a decision matrix; options as the CLI's "method" object.
    """

def methods() -> dict:
    """
    The method registry: each method's options (name -> type) and integer outputs.
    """

def weighting(spec: str, matrix: Annotated[NDArray[numpy.float64], dict(shape=(None, None), writable=False)] | None = None, types: Sequence[str] | None = None) -> dict:
    """One weighting method (the CLI's weighting object as JSON text)."""

def smaa_matrix(matrix: Annotated[NDArray[numpy.float64], dict(shape=(None, None), writable=False)], document: str, samples: int = 10000, seed: int = 0, threads: int = 0) -> dict:
    """
    SMAA-2 on a float64 matrix (alternatives x criteria) and the rest of its document (docs/smaa.md: types, alternatives, weights, uncertainty) as JSON text; the indices as numpy arrays.
    """

def sensitivity(result: AppraisalResult) -> dict:
    """
    One-way weight sensitivity at every node and score thresholds (the sensitivity document as a dict).
    """

def what_if(result: AppraisalResult, option: str, norm: str = 'l1') -> dict:
    """
    The smallest weight change that makes an option (at least tied) first (the what-if document as a dict).
    """

def compare_methods(result: AppraisalResult) -> dict:
    """
    The short list ranked by every aggregation method (the method-comparison document as a dict).
    """

def compare_stakeholders(result: AppraisalResult) -> dict:
    """
    Rankings under every group's weights and the consensus (the stakeholder-comparison document as a dict).
    """

def model_smaa(result: AppraisalResult, samples: int = 10000, seed: int = 0, threads: int = 0, weights: str = 'uniform', group: str = '') -> dict:
    """
    SMAA-2 of the short list and the scores' uncertainty, with weights uniform within each parent ("uniform") or uniform on what a group's answers allow ("elicited"): the indices as numpy arrays, with the short list (options, rows), the leaves (criteria, central weight columns) and the elicited parents.
    """

def hit_and_run(n: int, A: Annotated[NDArray[numpy.float64], dict(shape=(None, None), order='F')], b: Annotated[NDArray[numpy.float64], dict(shape=(None,), order='C')], E: Annotated[NDArray[numpy.float64], dict(shape=(None, None), order='F')], f: Annotated[NDArray[numpy.float64], dict(shape=(None,), order='C')], count: int, seed: int = 0, burn_in: int = -1, thinning: int = -1, chain_length: int = 1000, threads: int = 0) -> dict:
    """
    Uniform samples (count x n, float64) of {w >= 0, sum w = 1, A w <= b, E w = f} by hit-and-run from its Chebyshev centre (docs/elicitation.md); burn_in and thinning < 0 take the defaults of the polytope's dimension.
    """

def robustness_summary(result: AppraisalResult) -> dict:
    """
    The robustness summary of the appraisal report (a dict, as its JSON document).
    """

def macbeth(elements: int, judgements: Sequence[tuple[int, int, int, int]], neutral: int | None = None, good: int | None = None) -> dict:
    """
    The MACBETH scale of `elements` elements from judgements (more, less, lowest, highest): element indices and category numbers 0 (no difference) to 6 (extreme); neutral and good (both or neither) anchor it at 0 and 100.
    """

def paprika(levels: Sequence[int], answers: Sequence[tuple[Sequence[tuple[int, int]], Sequence[tuple[int, int]], int]], max_criteria: int = 2) -> dict:
    """
    PAPRIKA on criteria with levels[c] levels each: answers (a, b, answer) with a and b lists of (criterion, level) and answer 0 (a better), 1 (b better) or 2 (equal); the points, weights, ranges and question counts.
    """

batch_max_in_memory: int = 1000000

def batch_count(text: str, base_dir: str) -> int:
    """Number of scenarios a scenario file (JSON text) describes."""

def batch_run(text: str, base_dir: str, first: int = 0, last: int = 18446744073709551615, threads: int = 0) -> dict:
    """
    Runs scenarios [first, last) of a scenario file (JSON text); returns their results in index order as columns (a dict: one list or numpy array per field of a line of adva batch).
    """

def batch_run_flat(text: str, base_dir: str, first: int = 0, last: int = 18446744073709551615, threads: int = 0) -> dict:
    """
    Runs scenarios [first, last) of a scenario file (JSON text); returns their results in index order as flat columns (a dict: name -> (kind, arrays), one per figure of a line of adva batch).
    """

class Trajectories:
    """
    Improvement over time of a model's options (C++ adva::trajectory_measures).
    """

    @property
    def option_ids(self) -> list[str]: ...

    @property
    def option_names(self) -> list[str]: ...

    @property
    def exact(self) -> list[bool]: ...

    @property
    def measure_names(self) -> list[str]: ...

    @property
    def values(self) -> Annotated[NDArray[numpy.float64], dict(shape=(None, None), order='F')]:
        """options x measures"""

    @property
    def standard_errors(self) -> Annotated[NDArray[numpy.float64], dict(shape=(None, None), order='F')]:
        """options x measures (0 where exact)"""

    @property
    def times(self) -> Annotated[NDArray[numpy.float64], dict(shape=(None,), order='C')]:
        """years of the path points"""

    @property
    def expected_path(self) -> Annotated[NDArray[numpy.float64], dict(shape=(None, None), order='F')]:
        """options x path points: the expected level"""

    @property
    def bands(self) -> Annotated[NDArray[numpy.float64], dict(shape=(None, None, None))]:
        """options x band probabilities x path points: the level's quantiles"""

    @property
    def band_probabilities(self) -> list[float]: ...

    @property
    def samples(self) -> int: ...

    @property
    def seed(self) -> int: ...

    @property
    def scale(self) -> tuple:
        """(name, lower, upper)"""

    @property
    def grades(self) -> list:
        """(id, name, from) of each grade, lowest first"""

    @property
    def target(self) -> tuple:
        """((id, name, from) of the target grade, the target year)"""

    @property
    def plan(self) -> tuple:
        """(current level, [(name, year, level) of each milestone])"""

    @property
    def horizon(self) -> float: ...

    @property
    def discount_rate(self) -> float: ...

    def report(self, format: str = 'table') -> str:
        """
        The measures as adva trajectory writes them: table, json, csv or markdown.
        """

def trajectories(model: Model, samples: int = 10000, seed: int = 1, threads: int = 0, points: int = 41, bands: Sequence[float] = [0.05, 0.25, 0.5, 0.75, 0.95], options: Sequence[str] | None = None) -> Trajectories:
    """
    Each option's quality path along the model's improvement plan (docs/trajectories.md): its measures, expected path and bands; options: the ids to compute, in that order (default: every option).
    """
