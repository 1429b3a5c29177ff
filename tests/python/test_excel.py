"""Excel in and out: a model survives Excel -> JSON -> Excel; results write every table."""

import json
import os
import stat
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import adva
from adva.excel import MODEL_SHEETS

ROOT = Path(__file__).resolve().parents[2]


def sheets(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    out = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    wb.close()
    return out


def test_layout(model, tmp_path):
    p = tmp_path / "m.xlsx"
    model.to_excel(p)
    s = sheets(p)
    assert list(s) == list(MODEL_SHEETS)
    for name, header in MODEL_SHEETS.items():
        assert s[name][0] == header
    d = model.to_dict()
    assert len(s["options"]) - 1 == len(d["options"])
    assert len(s["criteria"]) - 1 == len(d["criteria"])
    assert len(s["scores"]) - 1 == sum(len(o.get("scores", {})) for o in d["options"])
    assert len(s["costs"]) - 1 == sum(len(o.get("costs", [])) for o in d["options"])


def test_excel_json_excel_round_trip(model, tmp_path):
    first = tmp_path / "a.xlsx"
    model.to_excel(first)
    back = adva.from_excel(first)
    assert back == model
    assert back.to_dict() == model.to_dict()
    assert back.governance["state"] == "locked"  # the digest still matches: nothing was lost
    j = tmp_path / "b.json"
    back.save(j)
    second = tmp_path / "c.xlsx"
    adva.load(j).to_excel(second)
    assert sheets(first) == sheets(second)


def test_elicited_answers_survive_the_workbook(unlocked, tmp_path):
    """An answer's method, judgements and recorded elicitation come back from the workbook unchanged."""
    answers = json.loads((ROOT / "examples" / "elicited_answers.json").read_text(encoding="utf-8"))
    for question, a in answers.items():
        method = a["method"]
        unlocked.set_answer(question, a["group"], by=a["by"], text=a["text"], rationale=a["rationale"], method=method,
                            judgements=a[method])
    path = tmp_path / "elicited.xlsx"
    unlocked.to_excel(path)
    back = adva.from_excel(path)
    assert back == unlocked
    q10 = next(q for f in back.to_dict()["functions"] for q in f["questions"] if q["id"] == "Q10")
    partners = next(a for a in q10["answers"] if a["group"] == "partners")
    assert partners["method"] == "paprika" and partners["elicited"]["rule"] == "minimum_total"


def test_cash_flow_lines_and_economics_survive_the_workbook(unlocked, tmp_path):
    """Every field of a cost line, a benefit line and the economic case's settings comes back unchanged."""
    d = unlocked.to_dict()
    d["options"][0]["costs"] = [
        {"id": "setup", "name": "Set-up", "kind": "one_off", "amount": 1000000.5, "year": 0, "category": "capital",
         "optimism_bias": "equipment_development", "mitigation": 0.25, "mitigation_reason": "fixed price"},
        {"kind": "recurring", "profile": [1, 2.5], "year": 1, "prices": "nominal"},
        {"kind": "saving", "amount": 5, "year": 2, "end_year": 3},
    ]
    d["options"][0]["benefits"] = [{"id": "b", "profile": [3], "year": 4, "discounting": "health"}]
    d["economics"]["cost_basis"] = "before_optimism_bias"
    d["economics"]["optimism_bias"]["mixed"] = {"upper": 0.321, "lower": 0.026, "source": "30/70 blend"}
    d["economics"]["deflator"] = {"name": "GDP deflator", "index": [100, 102, 104.5]}
    d["economics"]["budget"] = {"name": "MTFP", "revenue": [1, 2, 3]}
    d["gates"].append({"id": "G_afford", "kind": "affordability", "name": "Within the MTFP", "threshold": 250000.5})
    changed = adva.Model.from_dict(d)
    p = tmp_path / "m.xlsx"
    changed.to_excel(p)
    back = adva.from_excel(p)
    assert back.to_dict() == changed.to_dict()
    assert back.to_dict()["options"][0]["costs"][1]["profile"] == [1, 2.5]
    assert back.to_dict()["economics"]["cost_basis"] == "before_optimism_bias"
    assert back.to_dict()["gates"][-1] == {"id": "G_afford", "kind": "affordability", "name": "Within the MTFP",
                                           "op": "less_equal", "threshold": 250000.5}


def test_edited_workbook_is_validated(model, tmp_path):
    p = tmp_path / "m.xlsx"
    model.to_excel(p)
    wb = openpyxl.load_workbook(p)
    ws = wb["scores"]
    ws.cell(row=2, column=4).value = 250  # a score beyond the 0-100 scale
    wb.save(p)
    with pytest.raises(adva.InvalidInputError) as info:
        adva.from_excel(p)
    assert info.value.id == "adva.model.out_of_scale"
    wb = openpyxl.load_workbook(p)
    wb["options"].cell(row=1, column=8).value = "colour"
    wb.save(p)
    with pytest.raises(adva.InvalidInputError) as info:
        adva.from_excel(p)
    assert (info.value.id, info.value.where) == ("adva.excel.unknown_column", "options!H1")
    del wb["criteria"]
    wb.save(p)
    with pytest.raises(adva.InvalidInputError) as info:
        adva.from_excel(p)
    assert info.value.id == "adva.excel.missing_sheet"


def test_json_cells_and_context_keys_are_checked(model, tmp_path):
    p = tmp_path / "m.xlsx"
    model.to_excel(p)
    wb = openpyxl.load_workbook(p)
    wb["criteria"].cell(row=2, column=MODEL_SHEETS["criteria"].index("tags") + 1).value = '["csf:strategic_fit"'
    wb.save(p)
    with pytest.raises(adva.InvalidInputError) as info:
        adva.from_excel(p)
    assert (info.value.id, info.value.where, info.value.seen) == (
        "adva.excel.bad_cell", "criteria!row 2/tags", """'["csf:strategic_fit"'""")
    q = tmp_path / "n.xlsx"
    model.to_excel(q)
    wb = openpyxl.load_workbook(q)
    wb["context"].append(["colour", "blue"])
    wb.save(q)
    with pytest.raises(adva.InvalidInputError) as info:
        adva.from_excel(q)
    assert (info.value.id, info.value.where, info.value.seen) == ("adva.excel.unknown_key", "context!colour", '"colour"')


def test_starter_model_round_trip(tmp_path):
    m = adva.starter_model()
    p = tmp_path / "s.xlsx"
    m.to_excel(p)
    assert adva.from_excel(p) == m


def test_result_to_excel(result, tmp_path):
    p = tmp_path / "r.xlsx"
    result.to_excel(p)
    s = sheets(p)
    assert {"ranking", "contributions", "screening", "gates", "value_for_money", "values", "weights", "dominance",
            "governance"} <= set(s)
    ranking = pd.read_excel(p, sheet_name="ranking", index_col=0)
    pd.testing.assert_frame_equal(ranking, result.ranking, check_names=False)
    assert not list(tmp_path.glob("*.tmp-*"))


def test_excel_writers_follow_the_output_policy(model, result, tmp_path):
    p = tmp_path / "r.xlsx"
    p.write_bytes(b"earlier")
    for write in (model.to_excel, result.to_excel):
        with pytest.raises(adva.InvalidInputError) as e:
            write(p, overwrite=False)
        assert (e.value.id, e.value.where) == ("adva.io.output_exists", "path")
        assert p.read_bytes() == b"earlier"
        with pytest.raises(adva.InvalidInputError) as e:
            write(tmp_path)
        assert e.value.id == "adva.io.output_not_file"
        write(os.devnull)
        assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
        with pytest.raises(adva.AdvaError) as e:
            write(tmp_path / "missing" / "r.xlsx")
        assert e.value.id == "adva.io.write"
        assert [x.name for x in tmp_path.iterdir()] == ["r.xlsx"]
    result.to_excel(p)  # replaced by default
    assert "ranking" in sheets(p)
    model.to_excel(p)
    assert adva.from_excel(p) == model


def test_text_is_never_written_as_a_formula(model, tmp_path):
    model.set_score("O1", "SF_practice", 40, rationale="=HYPERLINK(\"http://example.invalid\")")
    p = tmp_path / "m.xlsx"
    model.to_excel(p)
    cells = [c for ws in openpyxl.load_workbook(p).worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)
    assert adva.from_excel(p) == model
