"""The JSON Schemas in schema/ describe what the CLI writes: `adva appraise --format json` (with its
improvement over time, schema/result.schema.json) and `adva trajectory --format json`
(schema/trajectory.schema.json), validated as the built adva writes them; documents that break a
schema fail, so a schema that accepts anything would not pass."""

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator  # the test extra (pyproject.toml); make python installs it
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ("result.schema.json", "trajectory.schema.json")


@pytest.fixture(scope="module")
def validators():
    """A Draft 2020-12 validator per schema; the result schema refers to the trajectory schema by its $id."""
    schemas = {name: json.loads((ROOT / "schema" / name).read_text(encoding="utf-8")) for name in SCHEMAS}
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return {name.split(".")[0]: Draft202012Validator(s, registry=registry) for name, s in schemas.items()}


def problems(validator, document):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


@pytest.fixture(scope="module")
def appraised(adva_cli):
    return json.loads(adva_cli("appraise", "--format", "json"))


@pytest.fixture(scope="module")
def trajectories(adva_cli):
    return json.loads(adva_cli("trajectory", "--format", "json", "--samples", "2000"))


def test_the_result_of_the_default_model_conforms(validators, appraised):
    assert "improvement_over_time" in appraised  # the embedded model has an improvement section
    assert problems(validators["result"], appraised) == []


def test_a_result_without_an_improvement_section_conforms_and_has_no_member(validators, adva_cli):
    doc = json.loads(adva_cli("appraise", ROOT / "examples" / "minimal.json", "--format", "json"))
    assert "improvement_over_time" not in doc
    assert problems(validators["result"], doc) == []


def test_adva_trajectory_json_conforms(validators, trajectories, appraised):
    assert problems(validators["trajectory"], trajectories) == []
    assert trajectories["conventions"]["samples"] == 2000
    # The result's member is the same document, with the report's conventions.
    assert problems(validators["trajectory"], appraised["improvement_over_time"]) == []
    assert [o["option"] for o in trajectories["options"]] == [o["option"] for o in appraised["improvement_over_time"]["options"]]


def broken_trajectories(doc):
    """Documents that each break the trajectory schema once."""
    def edit(change):
        copy_ = copy.deepcopy(doc)
        change(copy_)
        return copy_

    first = lambda d: d["options"][0]  # noqa: E731
    return {
        "measure missing": edit(lambda d: first(d).pop("at_target")),
        "probability above 1": edit(lambda d: first(d)["at_target"].update(value=1.5)),
        "negative standard error": edit(lambda d: first(d)["dip_depth"].update(standard_error=-0.1)),
        "unknown member": edit(lambda d: first(d).update(extra=True)),
        "band name": edit(lambda d: first(d)["path"]["bands"].update(median=[1.0, 2.0])),
        "version": edit(lambda d: d.update(adva_trajectories=2)),
        "convention": edit(lambda d: d["conventions"].update(time_to_target="not censored")),
        "grade without id": edit(lambda d: d["conventions"]["scale"]["grades"][0].pop("id")),
    }


def test_broken_documents_fail_validation(validators, trajectories, appraised):
    for what, doc in broken_trajectories(trajectories).items():
        assert problems(validators["trajectory"], doc), what
    # The result schema checks its member against the trajectory schema.
    for what, member in broken_trajectories(appraised["improvement_over_time"]).items():
        doc = dict(appraised, improvement_over_time=member)
        assert problems(validators["result"], doc), what
    assert problems(validators["result"], dict(appraised, improvement_over_time=[]))
    assert problems(validators["result"], {k: v for k, v in appraised.items() if k != "ranking"})


@pytest.fixture(scope="module")
def model_validator():
    schema = json.loads((ROOT / "schema" / "model.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_models_as_adva_writes_them_conform_to_the_model_schema(model_validator):
    import adva

    model = adva.default_model()
    assert problems(model_validator, model.to_dict()) == []
    # Every kind of elicited answer: AHP, MACBETH and PAPRIKA weights (the README's example), a bisection and a
    # MACBETH value scale on levels.
    model.reopen("schema test", by="pytest")
    elicited = json.loads((ROOT / "examples" / "elicited_answers.json").read_text(encoding="utf-8"))
    for question, a in elicited.items():
        model.set_answer(question, a["group"], method=a["method"], judgements=a[a["method"]], by=a["by"])
    model.set_answer("Q5", "officers", method="bisection", judgements={
        "CAP_agency": {"worst": 40, "best": 0, "midpoints": [{"value": 50, "level": 15}, {"value": 25, "level": 26}]}})
    model.set_answer("Q5", "families", method="macbeth", judgements={"scales": {"CAP_caseload": {
        "levels": [10, 20, 30], "judgements": [{"more": 10, "less": 20, "category": ["weak", "moderate"]},
                                               {"more": 20, "less": 30, "category": "strong"}]}}})
    document = model.to_dict()
    methods = {a.get("method") for f in document["functions"] for q in f["questions"] for a in q.get("answers", [])}
    assert {"ahp", "macbeth", "paprika", "bisection"} <= methods
    answers = [a for f in document["functions"] for q in f["questions"] for a in q.get("answers", [])]
    assert any("scales" in a.get("macbeth", {}) for a in answers)
    assert problems(model_validator, document) == []
    broken = copy.deepcopy(document)
    broken["functions"][0]["questions"][0]["answers"][0]["method"] = "smart"
    assert problems(model_validator, broken) != []
    broken = copy.deepcopy(document)
    for f in broken["functions"]:
        for q in f["questions"]:
            for a in q.get("answers", []):
                if "scales" in a.get("macbeth", {}):
                    a["macbeth"]["scales"]["CAP_caseload"]["levels"] = [10, 10]
    assert problems(model_validator, broken) != []
