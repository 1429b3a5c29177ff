"""adva.batch: local runs and Dask runs (a LocalCluster of two worker processes) give the same rows."""
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

import adva.batch

REPO = Path(__file__).resolve().parents[2]

SCENARIOS = {
    "adva_scenarios": 1,
    "model": {"builtin": "default"},
    "scenarios": [
        {"id": "base"},
        {"id": "heavy", "weights": [{"node": "SF", "percent": 900}]},
    ],
    "generators": [
        {"id": "panel", "kind": "stakeholders"},
        {"id": "grid", "kind": "weight_grid", "axes": [
            {"node": "SF", "percent": {"from": -50, "to": 50, "step": 5}},
            {"node": "CAP_agency", "percent": {"from": -50, "to": 50, "step": 10}}]},
    ],
}


def test_run_returns_one_row_per_scenario_in_index_order():
    frame = adva.batch.run(SCENARIOS, threads=2)
    assert adva.batch.count(SCENARIOS) == 2 + 7 + 21 * 11
    assert list(frame["index"]) == list(range(len(frame)))
    assert frame["id"].is_unique
    heavy = frame.set_index("id").loc["heavy"]
    assert heavy["status"] == "error"
    assert heavy["error"] == "adva.scenario.weight_out_of_range"
    assert heavy["pointer"] == "/scenarios/1"
    base = frame.set_index("id").loc["base"]
    assert base["winner"] == base["ranking"][0]
    assert set(base["totals"]) == set(base["ranking"])


def test_value_for_money_in_every_row_as_appraise_gives_it(adva_cli, tmp_path):
    doc = {"adva_scenarios": 1, "model": {"builtin": "default"}, "scenarios": [{"id": "base"}],
           "generators": [{"id": "fee", "kind": "cost_sweep", "option": "O4", "line": "costs/1", "percent": [-50, 50]}]}
    frame = adva.batch.run(doc).set_index("id")
    appraised = adva.default_model().appraise().value_for_money
    base = frame.loc["base", "value_for_money"]
    assert base["comparator"] == "O1"
    assert list(base["options"]) == list(appraised.index)
    for option, fields in base["options"].items():
        assert fields["npv_cost"] == pytest.approx(appraised.loc[option, "npv_cost"], rel=1e-12)
        assert fields["on_frontier"] == appraised.loc[option, "on_frontier"]
    low, high = (frame.loc[f"fee/{k}", "value_for_money"]["options"]["O4"] for k in (0, 1))
    assert low["npv_cost"] < base["options"]["O4"]["npv_cost"] < high["npv_cost"]
    # The frame's field is the JSON line's, as adva batch writes it.
    (tmp_path / "s.json").write_text(json.dumps(doc))
    adva_cli("batch", str(tmp_path / "s.json"), "--out", str(tmp_path / "r.jsonl"))
    lines = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [line["value_for_money"] for line in lines] == list(frame["value_for_money"])


def test_run_with_a_model_path(tmp_path):
    (tmp_path / "model.json").write_text((REPO / "examples/childrens_services.json").read_text())
    doc = dict(SCENARIOS, model="model.json")
    (tmp_path / "s.json").write_text(json.dumps(doc))
    a = adva.batch.run(tmp_path / "s.json")
    b = adva.batch.run(SCENARIOS)
    assert list(a["winner"]) == list(b["winner"])


def test_run_dask_equals_the_local_run():
    distributed = pytest.importorskip("distributed")
    local = adva.batch.run(SCENARIOS, threads=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        assert len(client.nthreads()) == 2
        remote = adva.batch.run_dask(SCENARIOS, client, partitions=7)
        remote_flat = adva.batch.run_dask(SCENARIOS, client, partitions=7, layout="flat")
    assert remote.to_json() == local.to_json()
    local_flat = adva.batch.run(SCENARIOS, threads=1, layout="flat")
    assert list(remote_flat.columns) == list(local_flat.columns)
    assert [str(t) for t in remote_flat.dtypes] == [str(t) for t in local_flat.dtypes]
    pd.testing.assert_frame_equal(remote_flat, local_flat, check_categorical=False, check_dtype=False)


def test_a_run_in_memory_is_bounded():
    # Six 100-step sweeps: 10^12 scenarios. Counted without expansion; run() and run_dask() refuse
    # before running anything (the frame would hold every scenario).
    sweep = {"kind": "weight_sweep", "nodes": ["SF"], "percent": {"from": -49.5, "to": 0, "step": 0.5}}
    huge = {"adva_scenarios": 1, "model": {"builtin": "default"},
            "generators": [{"id": "huge", "kind": "product", "of": [sweep] * 6}]}
    assert adva.batch.count(huge) == 10**12
    with pytest.raises(adva.LimitExceededError) as e:
        adva.batch.run(huge)
    assert e.value.id == "adva.limits.batch_in_memory"
    class NeverUsedClient:  # the bound is checked before any task is submitted
        def submit(self, *args, **kwargs):
            raise AssertionError("submitted")

        gather = submit

        def nthreads(self):
            return {"w": 1}

    with pytest.raises(adva.LimitExceededError, match=r"\[adva\.limits\.batch_in_memory\]"):
        adva.batch.run_dask(huge, client=NeverUsedClient())
    # A range of it is fine.
    frame = adva.batch.run(huge, first=10**12 - 3)
    assert list(frame["index"]) == [10**12 - 3, 10**12 - 2, 10**12 - 1]


def test_run_dask_without_dask_says_to_install_the_extra(monkeypatch):
    # None in sys.modules makes `import dask.distributed` fail as it does when dask is not installed.
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.distributed", None)

    class UnusedClient:  # the dependency is checked before the client is used
        def submit(self, *args, **kwargs):
            raise AssertionError("submitted")

        gather = submit

        def nthreads(self):
            raise AssertionError("asked for threads")

    with pytest.raises(adva.Error) as e:
        adva.batch.run_dask(SCENARIOS, UnusedClient())
    assert (e.value.id, e.value.where) == ("adva.python.missing_dependency", "dask.distributed")
    assert "pip install adva[dask]" in str(e.value)
    assert type(e.value) is adva.Error  # not an input error: the input is fine, the environment lacks dask


def test_columns_are_the_lines_of_adva_batch(tmp_path, adva_cli):
    # One scenario file with every kind of row (ok, error, labelled, sensitivity and SMAA) run by the
    # CLI (JSONL on disk) and by adva.batch.run: the same value in every field of every row.
    doc = dict(SCENARIOS, analyses={"sensitivity": {"nodes": ["SF"]}},
               scenarios=SCENARIOS["scenarios"] + [
                   {"id": "smaa", "analyses": {"smaa": {"samples": 500, "seed": 3}}},
                   {"id": "patched", "patch": {"criteria": [{"id": "NOPE"}]}}])
    (tmp_path / "s.json").write_text(json.dumps(doc))
    adva_cli("batch", "s.json", "--out", "out.jsonl", "--threads", 2, cwd=tmp_path)
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    lines.sort(key=lambda line: line["index"])
    frame = adva.batch.run(tmp_path / "s.json", threads=2)
    assert len(frame) == len(lines) == adva.batch.count(doc)
    assert frame["index"].dtype == "int64" and list(frame["index"]) == [line["index"] for line in lines]
    keys = {k for line in lines for k in line}
    assert {"label", "error", "sensitivity", "smaa", "governance_state"} <= keys  # every kind of row is there
    assert list(frame.columns[:12]) == ["index", "id", "label", "status", "winner", "ranking", "ranks", "totals",
                                        "discounted", "error", "pointer", "message"]
    assert set(frame.columns) == keys | set(frame.columns[:12])
    rows = frame.to_dict("records")
    for line, row in zip(lines, rows):
        for column, value in row.items():
            if column in line:
                assert value == line[column], (line["id"], column)
            else:
                assert value is None or value != value, (line["id"], column)  # missing: None or NaN


def test_an_empty_range_is_an_empty_frame():
    frame = adva.batch.run(SCENARIOS, first=5, last=5)
    assert len(frame) == 0 and frame["index"].dtype == "int64"
    assert list(frame.columns) == ["index", "id", "label", "status", "winner", "ranking", "ranks", "totals", "discounted",
                                   "error", "pointer", "message"]


def _flattened(line):
    """A line of adva batch flattened by the rule of the flat layout (docs/batch.md)."""
    out = {key: line.get(key) for key in ("index", "id", "label", "status", "winner", "error", "pointer", "message",
                                          "governance_state")}
    for option, total in line.get("totals", {}).items():
        out[f"totals.{option}"] = total
    for option, rank in zip(line.get("ranking", []), line.get("ranks", [])):
        out[f"ranks.{option}"] = rank
        out[f"discounted.{option}"] = False
    for option in line.get("discounted", []):
        out[f"discounted.{option}"] = True
    for node, fields in line.get("sensitivity", {}).items():
        out[f"sensitivity.{node}.weight"] = fields["weight"]
        out[f"sensitivity.{node}.winner_stable_lower"], out[f"sensitivity.{node}.winner_stable_upper"] = fields["winner_stable"]
    if "smaa" in line:
        out["smaa.samples"], out["smaa.seed"] = line["smaa"]["samples"], line["smaa"]["seed"]
        for key in ("first_rank_acceptability", "confidence_factors"):
            for option, x in line["smaa"][key].items():
                out[f"smaa.{key}.{option}"] = x
    if "value_for_money" in line:
        out["value_for_money.comparator"] = line["value_for_money"]["comparator"]
        for option, fields in line["value_for_money"]["options"].items():
            for key, x in fields.items():
                out[f"value_for_money.options.{option}.{key}"] = x
    return out


def _assert_cells_equal(frame, expected):
    """Every cell of the flat frame is the flattened line's value, or missing where the line has none."""
    assert len(frame) == len(expected)
    for want, (_, row) in zip(expected, frame.iterrows()):
        for column, value in row.items():
            if want.get(column) is None:
                assert pd.isna(value), (want["id"], column, value)
            else:
                assert value == want[column], (want["id"], column, value)


def test_the_flat_layout_is_the_lines_of_adva_batch_flattened(tmp_path, adva_cli):
    # Every kind of row (ok, error, labelled, sensitivity, SMAA, value for money, a patch) from the
    # CLI's JSONL, flattened here by the documented rule: the same value in every column of every row.
    doc = dict(SCENARIOS, analyses={"sensitivity": {"nodes": ["SF"]}},
               scenarios=SCENARIOS["scenarios"] + [
                   {"id": "smaa", "analyses": {"smaa": {"samples": 500, "seed": 3}}},
                   {"id": "patched", "patch": {"criteria": [{"id": "NOPE"}]}}],
               generators=SCENARIOS["generators"] + [
                   {"id": "fee", "kind": "cost_sweep", "option": "O4", "line": "costs/1", "percent": [-50, 50]}])
    (tmp_path / "s.json").write_text(json.dumps(doc))
    adva_cli("batch", "s.json", "--out", "out.jsonl", "--threads", 2, cwd=tmp_path)
    lines = sorted((json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()),
                   key=lambda line: line["index"])
    frame = adva.batch.run(tmp_path / "s.json", threads=2, layout="flat")
    assert len(frame) == len(lines) == adva.batch.count(doc)
    expected = [_flattened(line) for line in lines]
    keys = {key for row in expected for key in row}
    assert {"smaa.seed", "sensitivity.SF.weight", "value_for_money.options.O4.npv_cost", "error"} <= keys
    # A column per option of the model (in its order) for totals, ranks and discounted, whether or not
    # a line has it; the patched scenario's options are the model's.
    options = list(adva.default_model().options.index)
    assert set(frame.columns) == keys | {f"{kind}.{o}" for kind in ("totals", "ranks", "discounted") for o in options}
    assert list(frame.columns[:9]) == ["index", "id", "label", "status", "winner", "error", "pointer", "message",
                                       "governance_state"]
    assert [c for c in frame.columns if c.startswith("totals.")] == [f"totals.{o}" for o in options]
    _assert_cells_equal(frame, expected)
    dtypes = {column: str(dtype) for column, dtype in frame.dtypes.items()}
    assert dtypes["index"] == "int64" and dtypes["status"] == "category" and dtypes["winner"] == "category"
    assert dtypes["totals.O1"] == "float64" and dtypes["ranks.O1"] == "UInt64" and dtypes["discounted.O5"] == "boolean"
    assert dtypes["value_for_money.options.O4.on_frontier"] == "boolean"
    assert dtypes["value_for_money.options.O4.shortfall_years"] == "UInt64"
    assert dtypes["value_for_money.options.O4.position"] == "category"
    assert dtypes["smaa.seed"] == "UInt64" and dtypes["sensitivity.SF.weight"] == "float64"
    # The flat frame and the lines frame are the same run.
    lines_frame = adva.batch.run(tmp_path / "s.json", threads=1)
    assert list(lines_frame["winner"].fillna("-")) == list(frame["winner"].astype(object).fillna("-"))


def test_a_flat_run_is_the_same_on_any_threads_when_columns_first_appear_late(tmp_path, adva_cli):
    # Workers fill rows in parallel; a row that needs a column or category text not yet made is left
    # to the in-order sink. Here the value-for-money, SMAA, error and new-winner columns and texts first
    # appear several chunks (256 scenarios each) into the run: the frame, its column order and its
    # categories' order are the same on 1 and 2 threads, and the same as adva batch's lines.
    doc = {"adva_scenarios": 1, "model": {"builtin": "default"}, "analyses": {"value_for_money": False},
           "generators": [
               {"id": "grid", "kind": "weight_grid", "axes": [
                   {"node": "CAP_agency", "percent": {"from": -50, "to": 50, "step": 5}},
                   {"node": "ACH_staff", "percent": {"from": -50, "to": 50, "step": 2}}]},
               {"id": "fee", "kind": "cost_sweep", "option": "O4", "line": "costs/1", "percent": [-60, 0, 60],
                "analyses": {"value_for_money": True, "smaa": {"samples": 200, "seed": 1}}},
               {"id": "sf", "kind": "weight_sweep", "nodes": ["SF"], "percent": {"from": -95, "to": 905, "step": 5}}]}
    (tmp_path / "late.json").write_text(json.dumps(doc))
    frames = [adva.batch.run(tmp_path / "late.json", threads=threads, layout="flat") for threads in (1, 2)]
    pd.testing.assert_frame_equal(frames[0], frames[1])
    frame = frames[1]
    adva_cli("batch", "late.json", "--out", "late.jsonl", "--threads", 2, cwd=tmp_path)
    lines = sorted((json.loads(line) for line in (tmp_path / "late.jsonl").read_text().splitlines()),
                   key=lambda line: line["index"])
    first_vfm = next(line["index"] for line in lines if "value_for_money" in line)
    first_error = next(line["index"] for line in lines if line["status"] == "error")
    assert 4 * 256 <= first_vfm < first_error and len(frame) == len(lines)
    assert frame["winner"].nunique() >= 2 and "value_for_money.options.O4.position" in frame.columns
    _assert_cells_equal(frame, [_flattened(line) for line in lines])


def test_the_flat_layout_of_an_empty_range_and_a_bad_layout():
    frame = adva.batch.run(SCENARIOS, first=5, last=5, layout="flat")
    assert len(frame) == 0 and frame["index"].dtype == "int64" and "totals.O1" in frame.columns
    with pytest.raises(adva.InvalidInputError) as e:
        adva.batch.run(SCENARIOS, layout="wide")
    assert e.value.id == "adva.python.choice" and e.value.where == "layout"


def test_a_flat_run_too_large_for_memory_is_refused_before_it_runs():
    # 400 options and 10^6 scenarios: 1 200 option columns (totals, ranks, discounted) of 10^6 rows
    # each are more than the 5 * 10^8 cells a flat run may hold; refused before any is allocated.
    # A range of the file runs.
    model = json.loads((REPO / "examples/minimal.json").read_text())
    template = model["options"][1]
    model["options"] = model["options"][:1] + [dict(template, id=f"X{k}", business_as_usual=False) for k in range(400)]
    doc = {"adva_scenarios": 1, "model": {"embedded": model}, "analyses": {"value_for_money": False},
           "generators": [{"id": "grid", "kind": "weight_grid", "axes": [
               {"node": node, "percent": {"from": -49.5, "to": 49.5, "step": 1}} for node in ("access", "quality", "savings")]}]}
    assert adva.batch.count(doc) == 10 ** 6
    with pytest.raises(adva.LimitExceededError) as e:
        adva.batch.run(doc, layout="flat")
    assert e.value.id == "adva.limits.batch_in_memory" and e.value.where == "layout"
    assert "(seen: 1000000 scenarios x 1207 columns)" in str(e.value)
    part = adva.batch.run(doc, layout="flat", last=1000)
    assert len(part) == 1000 and "totals.X399" in part.columns
