"""Everything adva raises is an adva.Error: C++ errors arrive as adva.errors classes with the same
message, id, where, rule and seen; Python arguments and documents are checked before they reach C++."""

import contextlib
import json
import os
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import adva
import adva.batch
from adva import _args, _core, plots


@contextlib.contextmanager
def raises(cls, id, where=None):
    """pytest.raises for an adva error with this id (and where, when given), never nanobind's text."""
    with pytest.raises(cls) as info:
        yield info
    e = info.value
    assert e.id == id, str(e)
    if where is not None:
        assert e.where == where, str(e)
    assert "incompatible function arguments" not in str(e)


def test_hierarchy():
    assert adva.AdvaError is adva.Error
    assert issubclass(adva.InvalidInputError, adva.Error)
    assert issubclass(adva.InvalidInputError, ValueError)
    assert issubclass(adva.LimitExceededError, adva.InvalidInputError)
    assert issubclass(adva.InvalidTypeError, adva.InvalidInputError) and issubclass(adva.InvalidTypeError, TypeError)
    assert issubclass(adva.StageError, adva.Error) and not issubclass(adva.StageError, ValueError)
    assert issubclass(adva.ComputationError, adva.Error) and issubclass(adva.ComputationError, RuntimeError)


def test_model_error_carries_id_where_rule_seen(model):
    d = model.to_dict()
    d["options"][2]["scores"]["NO_SUCH"] = 50
    with pytest.raises(adva.InvalidInputError) as info:
        adva.load(d)
    e = info.value
    assert e.id == "adva.model.unknown_id"
    assert e.where == "/options/2/scores/NO_SUCH"
    assert e.rule and "NO_SUCH" in e.seen
    assert str(e) == f"[{e.id}] {e.where}: {e.rule} (seen: {e.seen})"
    assert isinstance(e, ValueError)


def test_json_parse_error(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text("{not json")
    with pytest.raises(adva.InvalidInputError) as info:
        adva.load(p)
    assert info.value.id == "adva.json.parse"


def test_limit_exceeded_is_invalid_input():
    deep = "[" * 200 + "]" * 200
    with pytest.raises(adva.LimitExceededError) as info:
        adva.Model.from_json(deep)
    assert info.value.id == "adva.json.limit"
    assert isinstance(info.value, ValueError)


def test_stage_error_on_double_lock(model):
    with pytest.raises(adva.StageError) as info:
        model.lock(by="again")
    assert info.value.id.startswith("adva.")
    assert "lock" in str(info.value).lower()


def test_evaluate_error_names_matrix_cell():
    x = np.array([[1.0, 2.0], [3.0, np.nan]])
    with pytest.raises(adva.InvalidInputError) as info:
        adva.evaluate(x, ["benefit", "cost"], weights=[0.5, 0.5])
    assert (info.value.id, info.value.where, info.value.seen) == ("adva.methods.not_finite", "/matrix/1/1", "NaN")


def test_errors_pickle():
    import pickle

    e = adva.InvalidInputError.make("adva.x", "/a", "rule", "1")
    back = pickle.loads(pickle.dumps(e))
    assert (type(back), str(back), back.id, back.where, back.rule, back.seen) == (type(e), str(e), "adva.x", "/a", "rule", "1")


# --- arguments ----------------------------------------------------------------------------------
X = [[1.0, 2.0], [3.0, 1.0]]


@pytest.mark.parametrize("samples, cls, id", [
    (-1, adva.InvalidInputError, "adva.python.range"),
    (0, adva.InvalidInputError, "adva.python.range"),
    (2**64, adva.InvalidInputError, "adva.python.range"),
    (True, adva.InvalidTypeError, "adva.python.type"),
    (100.0, adva.InvalidTypeError, "adva.python.type"),
    ("100", adva.InvalidTypeError, "adva.python.type"),
])
def test_samples_are_checked_by_name(result, samples, cls, id):
    with raises(cls, id, "samples"):
        adva.smaa(X, samples=samples)
    with raises(cls, id, "samples"):
        result.smaa(samples=samples)


@pytest.mark.parametrize("threads", [2**31, 10**6, 1025])
def test_too_many_threads_is_a_limit(result, threads):
    with raises(adva.LimitExceededError, "adva.limits.threads", "threads"):
        adva.smaa(X, samples=10, threads=threads)
    with raises(adva.LimitExceededError, "adva.limits.threads", "threads"):
        result.smaa(samples=10, threads=threads)
    with raises(adva.LimitExceededError, "adva.limits.threads", "threads"):
        adva.batch.run({"adva_scenarios": 1, "model": {"builtin": "default"}, "scenarios": [{"id": "a"}]}, threads=threads)


def test_most_threads_allowed_runs():
    assert adva.smaa(X, samples=10, threads=_args.MAX_THREADS).samples == 10


def test_seed_and_threads_ranges(result):
    with raises(adva.InvalidInputError, "adva.python.range", "seed"):
        result.smaa(samples=10, seed=-1)
    with raises(adva.InvalidInputError, "adva.python.range", "threads"):
        adva.smaa(X, samples=10, threads=-1)
    with raises(adva.InvalidTypeError, "adva.python.type", "threads"):
        adva.smaa(X, samples=10, threads=np.bool_(True))
    assert adva.smaa(X, samples=10, seed=np.uint64(2**64 - 1), threads=np.int8(1)).samples == 10


def test_numbers_are_not_text():
    with raises(adva.InvalidTypeError, "adva.python.type", "/method/v"):
        adva.evaluate(X, ["benefit", "cost"], weights=[0.5, 0.5], method="vikor", v="0.5")
    with raises(adva.InvalidInputError, "adva.python.range", "/method/v"):
        adva.evaluate(X, ["benefit", "cost"], weights=[0.5, 0.5], method="vikor", v=float("inf"))
    with raises(adva.InvalidTypeError, "adva.python.type", "tie_tolerance"):
        adva.default_model().appraise(tie_tolerance="0")


def test_names_must_be_strings(model, result):
    with raises(adva.InvalidTypeError, "adva.python.type", "/method/name"):
        adva.evaluate(X, ["benefit", "cost"], weights=[0.5, 0.5], method=1)
    with raises(adva.InvalidTypeError, "adva.python.type", "/types/1"):
        adva.evaluate(X, ["benefit", None], weights=[0.5, 0.5])
    with raises(adva.InvalidTypeError, "adva.python.type", "/types"):
        adva.evaluate(X, "benefit", weights=[0.5, 0.5])
    with raises(adva.InvalidTypeError, "adva.python.type", "a"):
        result.explain(["O1"], "O2")
    with raises(adva.InvalidTypeError, "adva.python.type", "criterion"):
        model.set_weight(np.array(["SF"]), 1.0)
    with raises(adva.InvalidTypeError, "adva.python.type", "by_group"):
        result.report("table", by_group=1)


def test_choice_and_indent(result):
    with raises(adva.InvalidInputError, "adva.python.choice", "level"):
        plots.contributions(result, level="middle")
    with raises(adva.InvalidInputError, "adva.python.range", "indent"):
        result.to_json(indent=10**9)
    with raises(adva.InvalidTypeError, "adva.python.type", "result"):
        plots.value_for_money("not a result")


def test_text_must_be_valid_unicode(model):
    with raises(adva.InvalidInputError, "adva.python.text", "by"):
        model.reopen("a reason", by="\ud800")
    with raises(adva.InvalidInputError, "adva.python.text", "/context/title"):
        adva.load({**model.to_dict(), "context": {"title": "\udfff"}})


def test_paths(tmp_path, model):
    with raises(adva.InvalidInputError, "adva.python.path", "source"):
        adva.load("model\0.json")
    with raises(adva.InvalidTypeError, "adva.python.type", "source"):
        adva.load(b"model.json")
    with raises(adva.InvalidTypeError, "adva.python.type", "path"):
        model.save(3)
    with raises(adva.InvalidInputError, "adva.io.read"):
        adva.batch.count(tmp_path / "missing.json")
    with raises(adva.InvalidInputError, "adva.io.read", str(tmp_path)):
        adva.batch.count(tmp_path)
    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.truncate(_args.JSON_MAX_BYTES + 1)
    with raises(adva.LimitExceededError, "adva.json.limit", str(big)):
        adva.batch.count(big)


# --- matrices -------------------------------------------------------------------------------------
@pytest.mark.parametrize("matrix, dtype", [
    (np.array([[1 + 2j, 2.0], [3.0, 1.0]]), "complex128"),
    (np.array([[1, "a"], [2, 3]], dtype=object), "object"),
    ([[1.0, None], [2.0, 3.0]], "object"),
    ([["1", "2"], ["3", "4"]], "<U1"),
    (np.array([[True, False], [False, True]]), "bool"),
])
def test_matrices_of_non_real_numbers_are_refused(matrix, dtype):
    with raises(adva.InvalidTypeError, "adva.python.type", "/matrix") as info:
        adva.evaluate(matrix, ["benefit", "cost"], weights=[0.5, 0.5])
    assert info.value.seen == f"dtype {dtype}"
    with raises(adva.InvalidTypeError, "adva.python.type", "/matrix"):
        adva.smaa(matrix, samples=10)
    with raises(adva.InvalidTypeError, "adva.python.type", "/matrix"):
        adva.weights("entropy", matrix, ["benefit", "cost"])


def test_matrix_shapes():
    with raises(adva.InvalidInputError, "adva.json.type", "/matrix"):
        adva.evaluate([[1.0, 2.0], [3.0]], ["benefit", "cost"], weights=[0.5, 0.5])
    deep = [1.0]
    for _ in range(100):
        deep = [deep]
    with raises(adva.InvalidInputError, "adva.json.type", "/matrix"):
        adva.evaluate(deep, ["benefit"], weights=[1.0])
    with raises(adva.InvalidTypeError, "adva.python.type", "/matrix"):
        adva.evaluate({"a": 1}, ["benefit"], weights=[1.0])
    with raises(adva.InvalidTypeError, "adva.python.type", "/weights"):
        adva.evaluate(X, ["benefit", "cost"], weights=[0.5 + 0j, 0.5])
    with raises(adva.InvalidInputError, "adva.smaa.shape", "criteria"):
        adva.smaa(X, samples=10, criteria=["a"])


def test_integer_matrices_are_numbers():
    r = adva.evaluate(np.array([[1, 2], [3, 1]], dtype=np.int64), ["benefit", "cost"], weights=[0.5, 0.5])
    assert list(r.ranking) == [2, 1]


def test_smaa_not_finite_is_one_id():
    with raises(adva.InvalidInputError, "adva.smaa.not_finite", "/matrix/1/0") as info:
        adva.smaa([[1.0, 2.0], [np.nan, 1.0]], samples=10)
    assert info.value.seen == "NaN"
    with raises(adva.InvalidInputError, "adva.smaa.not_finite", "/weights/upper/0"):
        adva.smaa(X, samples=10, weights={"information": "intervals", "lower": [0.0, 0.0], "upper": [np.inf, 1.0]})


# --- documents (dicts) ----------------------------------------------------------------------------
def nested(depth, leaf=1):
    d = leaf
    for _ in range(depth):
        d = {"a": d}
    return d


def test_deep_dicts_are_refused_before_walking(model):
    d = model.to_dict()
    d["context"]["title"] = nested(100_000)
    with raises(adva.LimitExceededError, "adva.json.limit", "/context/title" + "/a" * 62):
        adva.load(d)
    with raises(adva.LimitExceededError, "adva.json.limit"):
        adva.batch.count(nested(10_000))
    with raises(adva.LimitExceededError, "adva.json.limit"):
        adva.weights("direct", values=nested(5000))
    loop = []
    loop.append(loop)
    with raises(adva.LimitExceededError, "adva.json.limit"):
        adva.smaa(X, samples=10, uncertainty=loop)


def test_depth_matches_the_cpp_reader():
    assert _args.JSON_MAX_DEPTH == 64
    deepest = _args.json_text(nested(63, []))  # 64 containers: the most either reader takes
    with raises(adva.InvalidInputError, "adva.json.missing_key"):
        adva.Model.from_json(deepest)  # read, then refused as a model, not for its depth
    pointer = "/a" * 63 + "/0"
    with raises(adva.LimitExceededError, "adva.json.limit", pointer):
        adva.Model.from_json(deepest.replace("[]", "[[]]"))
    with raises(adva.LimitExceededError, "adva.json.limit", pointer):
        _args.json_text(nested(63, [[]]))


def test_document_values(model):
    d = model.to_dict()
    d["context"]["title"] = float("nan")
    with raises(adva.InvalidInputError, "adva.model.not_finite", "/context/title"):
        adva.load(d)
    d["context"]["title"] = {"ok", "set"}
    with raises(adva.InvalidTypeError, "adva.python.type", "/context/title") as info:
        adva.load(d)
    assert info.value.seen == "set"
    d["context"]["title"] = b"bytes"
    with raises(adva.InvalidTypeError, "adva.python.type", "/context/title"):
        adva.load(d)
    d["context"]["title"] = object()
    with raises(adva.InvalidTypeError, "adva.python.type", "/context/title"):
        adva.load(d)
    d["context"]["title"] = 2**64
    with raises(adva.LimitExceededError, "adva.json.limit", "/context/title"):
        adva.load(d)
    d["context"] = {"title": "t", 3: "three"}
    with raises(adva.InvalidTypeError, "adva.python.type", "/context") as info:
        adva.load(d)
    assert info.value.seen == "3"


def test_pointers_escape_tilde_and_slash(model):
    d = model.to_dict()
    d["options"][0]["scores"]["a/b~c"] = {"value": float("inf")}
    with raises(adva.InvalidInputError, "adva.model.not_finite", "/options/0/scores/a~1b~0c/value"):
        adva.load(d)
    with raises(adva.InvalidInputError, "adva.json.not_finite", "/weighting/values/1"):
        adva.weights("direct", values=[1.0, float("nan")])
    with raises(adva.InvalidInputError, "adva.json.not_finite", "/scenarios/0/x~1y"):
        adva.batch.count({"adva_scenarios": 1, "model": {"builtin": "default"}, "scenarios": [{"x/y": float("-inf")}]})


def test_numpy_values_in_documents():
    out = adva.weights({"method": "direct", "values": np.array([1, 3], dtype=np.int32)})
    np.testing.assert_allclose(out["weights"], [0.25, 0.75])
    with raises(adva.InvalidTypeError, "adva.python.type", "/weighting/values/0"):
        adva.weights({"method": "direct", "values": np.array([1 + 1j, 3])})


def test_json_text_round_trips():
    doc = {"a": [1, 2.5, True, None, "x\"y/~"], "b": {"": [], "c": {}}, "d": (np.float64(0.25), np.int64(-3))}
    assert json.loads(_args.json_text(doc)) == {"a": [1, 2.5, True, None, "x\"y/~"], "b": {"": [], "c": {}},
                                                 "d": [0.25, -3]}


def test_preferences_are_checked():
    with raises(adva.InvalidTypeError, "adva.python.type", "/method/preference/1/p"):
        adva.evaluate(X, ["benefit", "cost"], weights=[0.5, 0.5], method="promethee2",
                      preference=[{"function": "usual"}, {"function": "v_shape", "p": "2"}])
    with raises(adva.InvalidTypeError, "adva.json.type", "/method/preference"):
        adva.evaluate(X, ["benefit", "cost"], weights=[0.5, 0.5], method="promethee2", preference=3)


# --- Excel ----------------------------------------------------------------------------------------
def test_files_that_are_not_workbooks(tmp_path):
    text = tmp_path / "model.xlsx"
    text.write_text("not a workbook")
    with raises(adva.InvalidInputError, "adva.excel.not_a_workbook", str(text)):
        adva.from_excel(text)
    with raises(adva.InvalidInputError, "adva.excel.not_a_workbook", str(text)):
        adva.load(text)
    archive = tmp_path / "other.xlsx"  # a zip file without the parts of a workbook
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("hello.txt", "hi")
    with raises(adva.InvalidInputError, "adva.excel.not_a_workbook", str(archive)):
        adva.from_excel(archive)
    csv = tmp_path / "model.csv"
    csv.write_text("a,b\n")
    with raises(adva.InvalidInputError, "adva.excel.not_a_workbook", str(csv)):
        adva.from_excel(csv)
    with raises(adva.InvalidInputError, "adva.io.read", str(tmp_path / "missing.xlsx")):
        adva.from_excel(tmp_path / "missing.xlsx")
    with raises(adva.InvalidInputError, "adva.io.read", str(tmp_path)):
        adva.from_excel(tmp_path)


# --- the translation of C++ errors ------------------------------------------------------------------
def test_cpp_limit_exceeded_arrives_as_limit_exceeded():
    x = np.zeros((2001, 2))
    with raises(adva.LimitExceededError, "adva.limits.promethee1", "/matrix"):
        adva.evaluate(x, ["benefit", "cost"], weights=[0.5, 0.5], method="promethee1", preference="usual")


def test_a_failed_conversion_in_cpp_is_an_adva_error():
    # A threshold beyond the double range fails nanobind's cast inside the C++ function (the public
    # evaluate() refuses it before): a non-adva C++ exception, reported as adva.internal.
    with raises(adva.ComputationError, "adva.internal"):
        _core.evaluate(np.zeros((2, 1)), ["benefit"], np.ones(1), "promethee2",
                       {"preference": [{"function": "v_shape", "p": 10**400}]})


def test_messages_quoting_input_bytes_stay_printable():
    # The parser quotes the bytes it read, here the first byte of a two-byte character: the
    # message shows it as '?' and is plain printable text.
    with raises(adva.InvalidInputError, "adva.json.parse") as info:
        adva.Model.from_json("\x80")
    assert "last read: '?'" in str(info.value)
    assert str(info.value).isprintable()


def test_model_wraps_only_a_core_model():
    with raises(adva.InvalidTypeError, "adva.python.type", "core"):
        adva.Model({"adva_model": 1})


def test_nanobind_argument_errors_are_translated():
    with raises(adva.InvalidTypeError, "adva.python.type", "appraise") as info, _args.native("appraise"):
        _core.appraise("not a model")
    assert "int" not in info.value.seen and "str" in info.value.seen
    with raises(adva.InvalidTypeError, "adva.python.type", "smaa"), _args.native("smaa"):
        _core.smaa_matrix("{}", 2**70)  # nanobind refuses an int beyond 64 bits as a type
    with raises(adva.InvalidInputError, "adva.python.range", "samples"), _args.native("samples"):
        int(float("inf"))


# --- property: junk arguments to any public function raise adva errors only ---------------------------
class ImmediateClient:
    """Stands in for a dask.distributed Client: runs every task at once, in this process."""

    def nthreads(self):
        return {"worker": 1}

    def submit(self, function, *args, pure=True):
        return function(*args)

    def gather(self, futures):
        return list(futures)


def _loop():
    x = []
    x.append(x)
    return x


def _nested_list(depth):
    x = [1.0]
    for _ in range(depth):
        x = [x]
    return x


# No valid large counts: samples=2**31 would be a long run, not an error.
JUNK = st.one_of(
    st.none(), st.booleans(), st.sampled_from([-1, 0, 1, 3, 2**64, -(2**63) - 1, 10**30]),
    st.floats(), st.text(max_size=4), st.sampled_from(["\ud800", "a\0b", "0.5", "", ".", "{}", "[1]"]),
    st.binary(max_size=3), st.complex_numbers(max_magnitude=10), st.frozensets(st.integers(0, 3), max_size=2),
    st.builds(object), st.lists(st.one_of(st.integers(-3, 3), st.text(max_size=2), st.none()), max_size=3),
    st.dictionaries(st.one_of(st.integers(0, 3), st.text(max_size=2)), st.one_of(st.integers(0, 3), st.floats()), max_size=2),
    st.sampled_from([
        np.array([[1 + 2j, 1.0], [2.0, 1.0]]), np.array([["a", "b"], ["c", "d"]]), np.array([[None, 1]], dtype=object),
        np.zeros((2, 2, 2)), np.zeros((0, 2)), np.array([np.nan, 1.0]), np.array([[1.0, 2.0], [3.0, np.inf]]),
        np.float64("nan"), np.int64(5), np.bool_(True), np.uint8(7),
        np.array(["benefit", "cost"]), pd.DataFrame({"a": ["x", "y"], "b": [1, 2]}), pd.Series([0.5, 0.5]),
        nested(200), _nested_list(200), _loop(), range(3), iter(()),
    ]),
)
SCENARIOS = {"adva_scenarios": 1, "model": {"builtin": "default"}, "scenarios": [{"id": "a"}]}
TYPES = ["benefit", "cost"]


def _unlocked():
    m = adva.default_model()
    m.reopen("property test", by="pytest")
    return m


def public_calls(files, result):
    """Every public function and method with valid arguments: name -> (call, keyword arguments)."""
    model_dict = adva.default_model().to_dict()
    sensitivity, smaa = result.sensitivity(), result.smaa(samples=50)
    evaluation = adva.evaluate(X, TYPES, weights=[0.5, 0.5])
    return {
        "load": (adva.load, {"source": model_dict}),
        "Model.from_dict": (adva.Model.from_dict, {"document": model_dict}),
        "Model.from_json": (adva.Model.from_json, {"text": json.dumps(model_dict)}),
        "from_excel": (adva.from_excel, {"path": files / "model.xlsx"}),
        "evaluate vikor": (adva.evaluate, {"matrix": X, "types": TYPES, "weights": [0.5, 0.5], "weighting": None,
                                           "method": "vikor", "v": 0.5, "alternatives": ["a", "b"], "criteria": ["c", "d"]}),
        "evaluate topsis": (adva.evaluate, {"matrix": X, "types": TYPES, "weighting": "entropy", "method": "topsis",
                                            "normalisation": "vector"}),
        "evaluate promethee": (adva.evaluate, {"matrix": X, "types": TYPES, "weights": [0.5, 0.5], "method": "promethee2",
                                               "preference": "usual"}),
        "weights ahp": (adva.weights, {"weighting": "ahp", "pairwise": [[1, 3], [1 / 3, 1]]}),
        "weights critic": (adva.weights, {"weighting": "critic", "matrix": X, "types": TYPES}),
        "smaa": (adva.smaa, {"values": X, "types": TYPES, "weights": "none", "uncertainty": None, "samples": 50, "seed": 0,
                             "threads": 1, "alternatives": None, "criteria": None}),
        "Model.to_json": (lambda **k: adva.default_model().to_json(**k), {"indent": 2}),
        "Model.save": (lambda **k: adva.default_model().save(**k), {"path": files / "saved.json"}),
        "Model.lock": (lambda **k: _unlocked().lock(**k), {"by": "p", "at": "", "sign": None, "direct_weights": False}),
        "Model.reopen": (lambda **k: adva.default_model().reopen(**k), {"reason": "r", "by": "p", "at": "", "sign": None}),
        "Model.score": (lambda **k: adva.default_model().score(**k), {"option": "O1", "criterion": "SF_practice",
                                                                      "value": 50.0, "rationale": "r", "by": "p",
                                                                      "at": "2030-01-01T00:00:00Z", "sign": None}),
        "Model.score_many": (lambda **k: adva.default_model().score_many(**k),
                             {"scores": {"O1": {"SF_practice": {"value": 50.0}}}, "rationale": "r", "by": "p",
                              "at": "2030-01-01T00:00:00Z", "sign": None}),
        "Model.verify": (lambda **k: adva.default_model().verify(**k).raise_if_failed(),
                         {"digest": None, "pubkey": None, "strict": True}),
        "Model.set_context": (lambda **k: _unlocked().set_context(**k), {"title": "t", "discount_rate": 0.03}),
        "Model.set_weight": (lambda **k: _unlocked().set_weight(**k), {"criterion": "SF", "weight": 10.0}),
        "Model.set_score": (lambda **k: _unlocked().set_score(**k), {"option": "O1", "criterion": "SF_practice", "value": 50.0,
                                                                     "distribution": "point", "low": None, "high": None,
                                                                     "sd": None, "rationale": None}),
        "Model.set_attribute": (lambda **k: _unlocked().set_attribute(**k), {"option": "O1", "attribute": "ownership",
                                                                             "value": None}),
        "Model.set_answer": (lambda **k: _unlocked().set_answer(**k), {"question": "Q1", "group": "members", "swing": None,
                                                                       "text": None, "by": None, "rationale": None,
                                                                       "method": None, "judgements": None}),
        "Model.add_option": (lambda **k: _unlocked().add_option(**k), {"id": "NEW", "name": "", "vehicle": "in_house"}),
        "Model.remove_option": (lambda **k: _unlocked().remove_option(**k), {"id": "O8"}),
        "Model.appraise": (lambda **k: adva.default_model().appraise(**k), {"group": None, "relative_scale_basis": "shortlist",
                                                                             "tie_tolerance": 1e-9, "strict": True}),
        "Model.appraise_by_group": (lambda **k: adva.default_model().appraise_by_group(**k),
                                    {"relative_scale_basis": "all_options", "tie_tolerance": 0.0, "strict": False}),
        "AppraisalResult.explain": (result.explain, {"a": "O1", "b": "O2"}),
        "AppraisalResult.what_if": (result.what_if, {"option": "O2", "norm": "linf"}),
        "AppraisalResult.smaa": (result.smaa, {"samples": 50, "seed": 0, "threads": 1}),
        "AppraisalResult.to_json": (result.to_json, {"indent": 2, "by_group": False}),
        "AppraisalResult.to_dict": (result.to_dict, {"by_group": False}),
        "AppraisalResult.report": (result.report, {"format": "markdown", "by_group": False}),
        "EvaluationResult.to_json": (evaluation.to_json, {"indent": 2}),
        "batch.count": (adva.batch.count, {"scenarios": SCENARIOS, "base_dir": None}),
        "batch.run": (adva.batch.run, {"scenarios": SCENARIOS, "base_dir": None, "threads": 1, "first": 0, "last": None}),
        "batch.run_dask": (adva.batch.run_dask, {"scenarios": SCENARIOS, "client": ImmediateClient(), "base_dir": None,
                                                 "partitions": None, "threads_per_task": 1}),
        "plots.contributions": (plots.contributions, {"result": result, "level": "top", "ax": None}),
        "plots.tornado": (plots.tornado, {"sensitivity": sensitivity, "option": None, "nodes": None, "ax": None}),
        "plots.rank_acceptability": (plots.rank_acceptability, {"smaa": smaa, "ax": None}),
        "plots.value_for_money": (plots.value_for_money, {"result": result, "ax": None}),
    }


@pytest.fixture(scope="module")
def calls(tmp_path_factory, result):
    files = tmp_path_factory.mktemp("junk")
    adva.default_model().to_excel(files / "model.xlsx")
    return files, public_calls(files, result)


def test_every_public_call_runs_with_its_valid_arguments(calls):
    _, table = calls
    for _name, (call, kwargs) in table.items():
        call(**kwargs)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_junk_arguments_raise_adva_errors_only(calls, data):
    # Model.to_excel / AppraisalResult.to_excel are left out: writing files goes through another path.
    files, table = calls
    name = data.draw(st.sampled_from(sorted(table)), label="function")
    call, valid = table[name]
    junk = data.draw(st.sets(st.sampled_from(sorted(valid)), min_size=1), label="junk arguments")
    kwargs = {k: (data.draw(JUNK, label=k) if k in junk else v) for k, v in valid.items()}
    cwd = os.getcwd()
    os.chdir(files)  # junk text may name a file to write
    try:
        call(**kwargs)
    except adva.Error as e:
        assert "incompatible function arguments" not in str(e)
    finally:
        os.chdir(cwd)


def test_validate_reports_every_error_located_in_the_file(tmp_path, model):
    d = model.to_dict()
    d["context"]["discount_rate"] = 1.5
    d["options"][2]["scores"]["NO_SUCH"] = 50
    d["options"][0]["vehicle"] = "no_such_vehicle"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(d, indent=1))
    with raises(adva.InvalidInputError, "adva.model.bad_context", "/context/discount_rate") as info:
        adva.validate(path)
    e = info.value
    assert e.error_count == 3 and len(e.errors) == 3
    assert [x["id"] for x in e.errors] == ["adva.model.bad_context", "adva.model.unknown_id", "adva.model.unknown_id"]
    assert all(x["line"] > 0 and x["column"] > 0 for x in e.errors)
    for x in e.errors:
        assert x["message"].startswith(f"{path}:{x['line']}:{x['column']}: [{x['id']}] {x['where']}: ")
        assert x["message"] in str(e)
    # A dict has no file: pointers only, and a valid model comes back.
    with raises(adva.InvalidInputError, "adva.model.bad_context"):
        adva.validate(d)
    assert adva.validate(model.to_dict()) == model
