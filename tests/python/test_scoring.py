"""Scoring by a panel from Python (docs/scoring.md): the criteria guide, the scoring sheet as CSV and
as a workbook (written and read by the C++ library, the CLI's code), and its import through the
decision record; a workbook edited as a panel would (openpyxl) and read back by the CLI."""

import io
import json
import math
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from test_docs_commands import adva_dir

import adva

ROOT = Path(__file__).resolve().parents[2]


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
    with pytest.raises(adva.InvalidInputError) as e:
        model.scoresheet(tmp_path / "x.csv", format="ods")
    assert (e.value.id, e.value.where) == ("adva.scoresheet.format", "format")
    assert not math.isnan(model.criteria_guide().weight.iloc[0])
    workbook = tmp_path / "sheet.xlsx"
    model.scoresheet(workbook)
    with pytest.raises(adva.InvalidInputError) as e:
        model.scoresheet(workbook, overwrite=False)
    assert e.value.id == "adva.io.output_exists"
    # A workbook named otherwise, read and written by format=.
    model.scoresheet(tmp_path / "panel.dat", format="xlsx")
    assert (tmp_path / "panel.dat").read_bytes()[:2] == b"PK"
    assert model.import_scores(tmp_path / "panel.dat", format="xlsx", by="Panel", rationale="Workshop")["changes"] == []


def _direct_leaf(model):
    """A leaf criterion scored directly on 0-100 points."""
    guide = model.criteria_guide()
    return next(c for c in guide.index if guide.loc[c, "domain_text"] == "[0, 100] points")


def test_workbook_keeps_numbers_exact_and_text_as_text(model, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    leaf = _direct_leaf(model)
    d = model.to_dict()
    d.pop("governance")
    o = d["options"][0]
    o["scores"][leaf] = {"value": 0.1 + 0.2, "rationale": '=HYPERLINK("http://example.com", "click")'}
    m = adva.Model.from_dict(d)
    path = tmp_path / "sheet.xlsx"
    m.scoresheet(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["scoresheet"]
    ws = wb["scoresheet"]
    header = [c.value for c in ws[1]]
    assert header == list(m._core.scoresheet_rows()[0])
    assert ws.freeze_panes == "A2" and all(c.font.b for c in ws[1])
    col = {h: i + 1 for i, h in enumerate(header)}
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(r, col["option"]).value == o["id"] and ws.cell(r, col["criterion"]).value == leaf)
    assert ws.cell(row, col["value"]).value == 0.30000000000000004  # the same double
    assert isinstance(ws.cell(row, col["weight"]).value, float)
    rationale = ws.cell(row, col["rationale"])
    assert rationale.data_type == "s" and rationale.value.startswith("=HYPERLINK")  # text, never a formula
    # Read back: nothing changes.
    assert m.import_scores(path, by="Panel", rationale="Round trip")["changes"] == []


def test_workbook_errors_come_from_the_cpp_reader(model, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    two = tmp_path / "two.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Panel A"
    wb.create_sheet("Panel B")
    wb.save(two)
    with pytest.raises(adva.InvalidInputError) as e:
        model.import_scores(two, by="Panel", rationale="Workshop")
    assert (e.value.id, e.value.where) == ("adva.excel.missing_sheet", str(two))
    assert '"Panel A"' in e.value.seen

    # A zip bomb: 100 MiB of spaces in the sheet part, refused while unpacking.
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml",
                   '<workbook xmlns:r="urn:r"><sheets><sheet name="scoresheet" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * (100 << 20) + b"</worksheet>")
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(adva.LimitExceededError) as e:
        model.import_scores(bomb, by="Panel", rationale="Workshop")
    assert (e.value.id, e.value.where) == ("adva.limits.input_size", f"{bomb}: xl/worksheets/sheet1.xml")

    # A DOCTYPE (entities) in a part: refused, naming the part, line and column.
    doctype = tmp_path / "doctype.xlsx"
    buffer = io.BytesIO(bomb.read_bytes())
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(doctype, "w") as z:
        for name in src.namelist():
            z.writestr(name, src.read(name) if name != "xl/worksheets/sheet1.xml"
                       else b'<!DOCTYPE x [<!ENTITY a "b">]><worksheet/>')
    with pytest.raises(adva.InvalidInputError) as e:
        model.import_scores(doctype, by="Panel", rationale="Workshop")
    assert e.value.id == "adva.excel.xml" and e.value.where.startswith(f"{doctype}: xl/worksheets/sheet1.xml:1:")


def _adva(*args, cwd):
    proc = subprocess.run([str(adva_dir() / "adva"), *map(str, args)], cwd=cwd, capture_output=True, text=True)
    assert proc.returncode == 0, f"adva {' '.join(map(str, args))}: {proc.stderr}"
    return proc


def test_cli_reads_a_workbook_the_panel_edited(tmp_path):
    """adva scoresheet, the panel's edits saved by openpyxl (as Excel or LibreOffice would save
    them), adva import-scores: the change is recorded, the rest unchanged."""
    openpyxl = pytest.importorskip("openpyxl")
    model = tmp_path / "model.json"
    shutil.copy(ROOT / "examples" / "childrens_services.json", model)
    before = json.loads(model.read_text(encoding="utf-8"))
    sheet = tmp_path / "sheet.xlsx"
    _adva("scoresheet", model, "--out", sheet, cwd=tmp_path)

    wb = openpyxl.load_workbook(sheet)
    ws = wb["scoresheet"]
    col = {c.value: c.column for c in ws[1]}
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(r, col["option"]).value == "O2" and ws.cell(r, col["criterion"]).value == "ACH_staff")
    assert isinstance(ws.cell(row, col["value"]).value, (int, float))
    ws.cell(row, col["value"]).value = 71.25
    ws.cell(row, col["rationale"]).value = "Staff ballot, March: 71% in favour"
    ws.cell(row, col["scored_by"]).value = "Workforce panel"
    wb.save(sheet)

    out = _adva("import-scores", model, "--from", sheet, "--by", "Scoring lead", "--rationale", "Panel workshop",
                "--at", "2030-01-01T00:00:00Z", cwd=tmp_path).stdout
    assert "1 score changed: O2/ACH_staff" in out and "127 rows unchanged" in out
    after = json.loads(model.read_text(encoding="utf-8"))
    o2 = next(o for o in after["options"] if o["id"] == "O2")
    assert o2["scores"]["ACH_staff"]["value"] == 71.25
    assert o2["scores"]["ACH_staff"]["rationale"] == "Staff ballot, March: 71% in favour"
    assert after["governance"]["audit"][-1]["by"] == "Workforce panel"
    changed = {(o["id"], c) for o, b in zip(after["options"], before["options"]) for c in o.get("scores", {})
               if o["scores"][c] != b.get("scores", {}).get(c)}
    assert changed == {("O2", "ACH_staff")}
    _adva("verify", model, cwd=tmp_path)
