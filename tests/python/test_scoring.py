"""Scoring by a panel from Python (docs/scoring.md): the criteria guide, the scoring sheet as CSV and
as a workbook, and its import through the decision record."""

import math

import pytest

import adva


def _scores(model):
    return {o["id"]: o.get("scores", {}) for o in model.to_dict()["options"]}


def _unscored(model):
    d = model.to_dict()
    d.pop("governance", None)
    for o in d["options"]:
        o.pop("scores", None)
    return adva.Model.from_dict(d)


def test_criteria_guide_tells_what_to_enter(model):
    guide = model.criteria_guide()
    assert list(guide.index)[:1] and "ACH_time" in guide.index
    time = guide.loc["ACH_time"]
    assert (time.domain_low, time.domain_high) == (6.0, 36.0)
    assert time.unit == "months"
    assert time.domain_text == "[6, 36] months"
    assert "months" in time.enter and time.value_function.startswith("piecewise linear")
    assert guide.weight.sum() == pytest.approx(1.0)
    assert {"anchor_low", "anchor_high", "parent_path", "csf", "function", "outside_domain", "scale"} <= set(guide.columns)
    with pytest.raises(adva.InvalidInputError) as e:
        model.criteria_guide(group="familes")
    assert e.value.id == "adva.cli.unknown_group" and "families" in str(e.value)


@pytest.mark.parametrize("name", ["sheet.csv", "sheet.xlsx"])
def test_sheet_round_trip(model, tmp_path, name):
    path = tmp_path / name
    model.scoresheet(path)
    blank = _unscored(model)
    summary = blank.import_scores(path, by="Scoring panel", rationale="Round trip")
    assert _scores(blank) == _scores(model)
    assert summary["entries"] == 0 and summary["changes"]
    # Unchanged: nothing to record, even after lock.
    again = model.copy()
    summary = again.import_scores(path, by="Scoring panel", rationale="Round trip")
    assert summary["changes"] == [] and again == model


def test_workbook_import_is_recorded_after_lock(model, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "sheet.xlsx"
    model.scoresheet(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["scoresheet"]
    header = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(header)}
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, col["option"]).value == "O2" and ws.cell(r, col["criterion"]).value == "ACH_staff":
            assert isinstance(ws.cell(r, col["value"]).value, (int, float))  # numbers as numbers
            ws.cell(r, col["value"]).value = 70
            ws.cell(r, col["rationale"]).value = "Ballot of staff in March"
            ws.cell(r, col["scored_by"]).value = "Workforce panel"
            line = r
    wb.save(path)
    entries = len(model.to_dict()["governance"]["audit"])
    summary = model.import_scores(path, by="Scoring lead", rationale="Panel workshop", at="2030-01-01T00:00:00Z")
    assert summary["entries"] == 1
    assert summary["changes"][0] | {"before": None} == {"option": "O2", "criterion": "ACH_staff", "before": None, "after": 70.0,
                                                        "rationale": "Ballot of staff in March", "by": "Workforce panel"}
    audit = model.to_dict()["governance"]["audit"]
    assert len(audit) == entries + 1 and audit[-1]["by"] == "Workforce panel"
    assert model.verify().verified

    # A bad cell is named by sheet row and column; the model is unchanged.
    wb = openpyxl.load_workbook(path)
    wb["scoresheet"].cell(line, col["value"]).value = "70x"
    wb.save(path)
    before = model.copy()
    with pytest.raises(adva.InvalidInputError) as e:
        model.import_scores(path, by="Scoring lead", rationale="Panel workshop")
    assert e.value.id == "adva.scoresheet.not_a_number"
    assert e.value.where == f'{path}:{line}: column "value"'
    assert model == before


def test_sheet_errors_and_output_policy(model, tmp_path):
    csv = tmp_path / "sheet.csv"
    model.scoresheet(csv)
    with pytest.raises(adva.InvalidInputError) as e:
        model.scoresheet(csv, overwrite=False)
    assert e.value.id == "adva.io.output_exists"
    text = csv.read_text(encoding="utf-8").replace("ACH_time", "ACH_tme", 1)
    csv.write_text(text, encoding="utf-8")
    with pytest.raises(adva.InvalidInputError) as e:
        model.import_scores(csv, by="Panel", rationale="Workshop")
    assert e.value.id == "adva.scoresheet.unknown_id" and "ACH_time" in e.value.rule
    (tmp_path / "not.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(adva.InvalidInputError) as e:
        model.import_scores(tmp_path / "not.xlsx", by="Panel", rationale="Workshop")
    assert e.value.id == "adva.excel.not_a_workbook"
    with pytest.raises(adva.InvalidInputError):
        model.scoresheet(tmp_path / "x.csv", format="ods")
    assert not math.isnan(model.criteria_guide().weight.iloc[0])
