"""Scenario batches (docs/batch.md): run a scenario file locally or over a Dask cluster.

``run`` runs every scenario with the C++ runner (all cores, GIL released) and returns one row per
scenario. ``run_dask`` splits the index range into partitions, runs each partition as a Dask task
(the C++ runner again, GIL released) and returns the same DataFrame as ``run``.
"""
from __future__ import annotations

import importlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional, Union

import pandas as pd

from . import _args, _core
from ._args import native
from .errors import Error, InvalidTypeError, LimitExceededError

ScenarioFile = Union[str, "os.PathLike[str]", Mapping[str, Any]]
#: The most parts run_dask splits a scenario file into (each part is one Dask task).
MAX_PARTITIONS = 100_000

__all__ = ["LAYOUTS", "count", "run", "run_dask"]


def _text_and_dir(scenarios: ScenarioFile, base_dir: Optional[os.PathLike[str]]) -> tuple[str, str]:
    """JSON text and the directory that resolves a relative model path."""
    base = None if base_dir is None else _args.path("base_dir", base_dir)
    if isinstance(scenarios, Mapping):
        return _args.json_text(scenarios), base if base is not None else str(Path.cwd())
    path = _args.path("scenarios", scenarios)
    return _args.read_text("scenarios", path), base if base is not None else str(Path(path).parent)


def _embed_model(text: str, directory: str) -> str:
    """The scenario file with a model path replaced by the model itself, so that remote workers
    need no access to the file. ``text`` has passed the C++ reader (batch_count)."""
    doc = json.loads(text)
    if isinstance(doc, dict) and isinstance(doc.get("model"), str):
        model_path = Path(doc["model"])
        if not model_path.is_absolute():
            model_path = Path(directory) / model_path
        with native("model"):
            model = _core.Model.load(_args.path("model", str(model_path))).to_json_text()
        doc["model"] = {"embedded": json.loads(model)}
        text = json.dumps(doc)
    return text


def _frame(*parts: Mapping[str, Any]) -> pd.DataFrame:
    """The DataFrame of the columns adva._core.batch_run returns (one dict per part, parts in index
    order): the fields of docs/batch.md first, then the extra ones (governance_state, sensitivity,
    smaa, value_for_money) as the parts have them."""
    columns = ["index", "id", "label", "status", "winner", "ranking", "ranks", "totals", "discounted",
               "error", "pointer", "message"]
    frames = [pd.DataFrame(dict(p)) for p in parts if len(p["index"])]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "index" else object) for c in columns})
    frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    extra = [c for c in frame.columns if c not in columns]
    frame = frame[columns + extra]
    return frame.sort_values("index", kind="stable").reset_index(drop=True)


def _flat_frame(*parts: Mapping[str, Any]) -> pd.DataFrame:
    """The DataFrame of the flat columns adva._core.batch_run_flat returns (one dict per part, parts
    in index order; name -> (kind, arrays)): numbers as float64, counts as UInt64 and flags as boolean
    (pandas' nullable arrays: <NA> where a line lacks the figure), categories as categoricals, texts
    as str or None."""
    frames = []
    categorical, texts = set(), set()
    for part in parts:
        data: dict[str, Any] = {}
        for name, (kind, *arrays) in part.items():
            if kind == "number" or kind == "text":
                data[name] = arrays[0]
                if kind == "text":
                    texts.add(name)
            elif kind == "none":  # a text column without any text
                data[name] = pd.Series([None] * arrays[0], dtype=object)
                texts.add(name)
            elif kind == "count":
                data[name] = pd.arrays.IntegerArray(arrays[0], arrays[1].view(bool))
            elif kind == "flag":
                data[name] = pd.arrays.BooleanArray(arrays[0].view(bool), arrays[1].view(bool))
            else:
                data[name] = pd.Categorical.from_codes(arrays[0], categories=arrays[1])
                categorical.add(name)
        frames.append(pd.DataFrame(data, copy=False))
    if len(frames) == 1:
        return frames[0]
    frame = pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)
    # As one part would have them: parts with different texts concatenate categoricals as objects,
    # and a part without any text makes a text column object, whatever pandas infers for the rest.
    for name in categorical & set(frame.columns):
        frame[name] = frame[name].astype("category")
    for name in texts & set(frame.columns):
        frame[name] = pd.Series([None if x is None or x != x else x for x in frame[name]], index=frame.index)
    return frame


def count(scenarios: ScenarioFile, *, base_dir: Optional[os.PathLike[str]] = None) -> int:
    """Number of scenarios the file describes (generators are not expanded)."""
    text, directory = _text_and_dir(scenarios, base_dir)
    with native("scenarios"):
        return int(_core.batch_count(text, directory))


#: The layouts of run()'s DataFrame: the fields of a line of ``adva batch``, or a column per figure.
LAYOUTS = ("lines", "flat")


def _flat(layout: Any) -> bool:
    return _args.choice("layout", layout, LAYOUTS) == "flat"


def run(scenarios: ScenarioFile, *, base_dir: Optional[os.PathLike[str]] = None, threads: int = 0,
        first: int = 0, last: Optional[int] = None, layout: str = "lines") -> pd.DataFrame:
    """Runs scenarios [first, last) of a scenario file (a path or the parsed document) and returns one
    row per scenario in index order.

    ``layout="lines"`` (the default) has the fields of a line of ``adva batch``: index, id, label,
    status, winner, ranking, ranks, totals (option -> total), discounted, and for failed scenarios
    error, pointer, message; plus sensitivity / smaa columns when the file asks for them, and
    value_for_money ({"comparator", "options": option -> NPC, value added, frontier membership,
    affordability, …}) when options on the short list have costs.

    ``layout="flat"`` has one typed column per figure, named by its path in a line
    (``totals.O1``, ``ranks.O1``, ``discounted.O1``, ``value_for_money.options.O1.npv_cost``; see
    docs/batch.md): no Python object per row and figure, so it is several times as fast and small
    for large runs.

    At most 1 000 000 scenarios per call (``adva.limits.batch_in_memory``): run larger files a range
    at a time, or with ``adva batch``."""
    text, directory = _text_and_dir(scenarios, base_dir)
    threads = _args.threads("threads", threads)
    first = _args.count("first", first)
    end = _args.UINT64_MAX if last is None else _args.count("last", last)
    flat = _flat(layout)
    with native("scenarios"):
        if flat:
            return _flat_frame(_core.batch_run_flat(text, directory, first, end, threads))
        return _frame(_core.batch_run(text, directory, first, end, threads))


def _run_partition(text: str, directory: str, first: int, last: int, threads: int, flat: bool = False) -> Mapping[str, Any]:
    if flat:
        return _core.batch_run_flat(text, directory, first, last, threads)
    return _core.batch_run(text, directory, first, last, threads)


def _require_distributed() -> None:
    """dask.distributed is an optional dependency (the extra ``adva[dask]``): say how to get it."""
    try:
        importlib.import_module("dask.distributed")
    except ImportError as e:
        raise Error.make("adva.python.missing_dependency", "dask.distributed",
                         "run_dask needs dask.distributed: pip install adva[dask]", str(e)) from None


def run_dask(scenarios: ScenarioFile, client: Any, *, base_dir: Optional[os.PathLike[str]] = None,
             partitions: Optional[int] = None, threads_per_task: int = 1, layout: str = "lines") -> pd.DataFrame:
    """Runs the scenario file on a Dask distributed cluster and returns the same DataFrame as run()
    (in either ``layout``).

    The index range is split into ``partitions`` contiguous parts (default: 4 per worker thread);
    each task runs the C++ runner on its part with ``threads_per_task`` threads and the GIL released.
    A model given as a path is embedded in the task's input, so workers need no shared files.
    Needs dask.distributed (``pip install adva[dask]``; ``adva.python.missing_dependency`` without it).
    """
    _require_distributed()
    text, directory = _text_and_dir(scenarios, base_dir)
    if partitions is not None:
        partitions = _args.count("partitions", partitions, 1, MAX_PARTITIONS)
    threads_per_task = _args.threads("threads_per_task", threads_per_task)
    flat = _flat(layout)
    if not all(hasattr(client, name) for name in ("submit", "gather", "nthreads")):
        raise InvalidTypeError.make("adva.python.type", "client", "must be a dask.distributed Client", _args.seen(client))
    with native("scenarios"):
        total = int(_core.batch_count(text, directory))
    text = _embed_model(text, directory)
    if total > _core.batch_max_in_memory:  # the gathered frame holds every scenario
        raise LimitExceededError.make(
            "adva.limits.batch_in_memory", "scenarios",
            f"a batch run in memory returns at most {_core.batch_max_in_memory} scenarios: stream larger files "
            "to a file with adva batch --out", f"{total} scenarios")
    if partitions is None:
        threads = sum(client.nthreads().values()) or 1
        partitions = 4 * threads
    partitions = max(1, min(partitions, total))
    bounds = [total * k // partitions for k in range(partitions + 1)]
    futures = [client.submit(_run_partition, text, directory, bounds[k], bounds[k + 1], threads_per_task, flat,
                             pure=False) for k in range(partitions)]
    parts = client.gather(futures)
    return _flat_frame(*parts) if flat else _frame(*parts)
