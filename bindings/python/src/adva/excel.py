"""Excel in and out (openpyxl).

A model workbook has one sheet per part of the model format (docs/python.md gives the layout):
``context`` (key/value rows), ``stakeholder_groups``, ``functions``, ``questions``, ``answers``,
``weights`` (swing weights of the answers, one row per criterion), ``criteria``, ``attributes``,
``gates``, ``vehicle_types``, ``options``, ``option_attributes``, ``scores``, ``costs``, and the
decision record: ``audit`` (one row per entry), ``audit_changes`` (the scores each "score" entry
changed) and ``framing`` (the framing as locked, JSON text in parts: a cell holds at most 32 767
characters). Row 1 of every sheet holds the column names; an empty cell means "not given" (the
format's default). Lists of ids are comma-separated; free lists (tags, gate values, breakpoints) are
JSON. A model read back from its own workbook equals the original (``from_excel(p) == model``), its
record included, so that it still verifies. Text is always written as text, never as a formula.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, Union

from . import _args, _core
from .errors import Error, InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_model_workbook", "model_to_excel", "result_to_excel", "MODEL_SHEETS"]

PathLike = Union[str, "os.PathLike[str]"]

#: Sheet name -> column names of a model workbook.
MODEL_SHEETS: dict[str, list[str]] = {
    "context": ["key", "value"],
    "stakeholder_groups": ["id", "name", "description", "influence", "influence_reason"],
    "functions": ["id", "name", "description"],
    "questions": ["function", "id", "text", "kind", "guidance", "criteria", "gates"],
    "answers": ["question", "answer", "group", "by", "text", "rationale", "applies", "method", "judgements", "elicited"],
    "weights": ["question", "answer", "criterion", "swing"],
    "criteria": ["id", "name", "parent", "description", "direction", "scale", "anchor_low", "anchor_high",
                 "value_function", "lower", "upper", "rho", "points", "unit", "tags", "csf", "function", "weight",
                 "measures_cost", "trajectory_measure"],
    "attributes": ["id", "name", "type", "description"],
    "gates": ["id", "name", "description", "kind", "attribute", "criterion", "op", "values", "threshold", "weights",
              "on_unknown"],
    "vehicle_types": ["id", "name", "description"],
    "options": ["id", "name", "vehicle", "description", "business_as_usual", "do_minimum", "evidence"],
    "option_attributes": ["option", "attribute", "value"],
    "scores": ["option", "criterion", "distribution", "value", "low", "high", "sd", "rationale"],
    "costs": ["option", "id", "name", "kind", "category", "amount", "profile", "year", "end_year", "prices",
              "optimism_bias", "mitigation", "mitigation_reason", "range"],
    "benefits": ["option", "id", "name", "amount", "profile", "year", "end_year", "prices", "discounting"],
    "economics": ["setting", "json"],
    "improvement": ["setting", "option", "json"],
    "audit": ["action", "at", "by", "reason", "digest", "after_scoring", "scores_digest", "scores_before", "previous",
              "key", "signature"],
    "audit_changes": ["entry", "option", "criterion", "before", "after"],
    "framing": ["part", "json"],
}
_AUDIT_TEXT = ["action", "at", "by", "reason", "digest", "scores_digest", "scores_before", "previous", "key", "signature"]
# Code points per part of the framing's JSON: at most 32 767 UTF-16 units fit in a cell.
_FRAMING_PART = 16000

_CONTEXT_KEYS = ["adva_model", "illustrative", "title", "organisation", "service", "trigger", "base_year", "horizon_years",
                 "discount_rate", "discount_schedule", "currency", "consensus_method", "consensus_lead_group",
                 "locked", "framing_digest"]
_MULTI_OPS = ("one_of", "none_of")


def _openpyxl() -> ModuleType:
    try:
        import openpyxl
    except ImportError as e:  # pragma: no cover - openpyxl is a declared dependency
        raise ImportError("Excel support needs openpyxl (pip install openpyxl)") from e
    return openpyxl


# --- model -> workbook --------------------------------------------------------------------------
def _ids(xs: Iterable[str]) -> str:
    return ", ".join(xs)


def _json_text(value: Any) -> Any:
    """A list or object as JSON text for one cell (None stays an empty cell)."""
    return None if value is None else json.dumps(value)


def model_rows(document: dict[str, Any]) -> dict[str, list[list[Any]]]:
    """The rows (without header) of every sheet of a model workbook, from the model's JSON dict."""
    d = document
    ctx = d["context"]
    gov = d.get("governance", {})
    consensus = d.get("consensus", {})
    context_values = {"adva_model": d["adva_model"], "illustrative": d.get("illustrative", False), **ctx,
                      "consensus_method": consensus.get("method"), "consensus_lead_group": consensus.get("lead_group"),
                      "locked": gov.get("locked", False), "framing_digest": gov.get("framing_digest")}
    rows: dict[str, list[list[Any]]] = {name: [] for name in MODEL_SHEETS}
    rows["context"] = [[k, context_values.get(k)] for k in _CONTEXT_KEYS]
    for g in d.get("stakeholder_groups", []):
        rows["stakeholder_groups"].append([g["id"], g.get("name"), g.get("description"), g.get("influence"),
                                           g.get("influence_reason")])
    for f in d.get("functions", []):
        rows["functions"].append([f["id"], f.get("name"), f.get("description")])
        for q in f.get("questions", []):
            rows["questions"].append([f["id"], q["id"], q.get("text"), q.get("kind"), q.get("guidance"),
                                      _ids(q.get("criteria", [])), _ids(q.get("gates", []))])
            for k, a in enumerate(q.get("answers", []), start=1):
                method = a.get("method")
                rows["answers"].append([q["id"], k, a.get("group"), a.get("by"), a.get("text"), a.get("rationale"),
                                        a.get("applies"), method, _json_text(a.get(method) if method else None),
                                        _json_text(a.get("elicited"))])
                for c, w in a.get("swing", {}).items():
                    rows["weights"].append([q["id"], k, c, w])
    for c in d["criteria"]:
        vf = c.get("value_function", {})
        anchors = c.get("anchors", {})
        rows["criteria"].append([
            c["id"], c.get("name"), c.get("parent"), c.get("description"), c.get("direction"), c.get("scale"),
            anchors.get("low"), anchors.get("high"), vf.get("kind"), vf.get("lower"), vf.get("upper"), vf.get("rho"),
            json.dumps(vf["points"]) if "points" in vf else None, vf.get("unit"),
            json.dumps(c["tags"]) if c.get("tags") else None, c.get("csf"), c.get("function"), c.get("weight"),
            c.get("measures_cost"), c.get("trajectory_measure")])
    for a in d.get("attributes", []):
        rows["attributes"].append([a["id"], a.get("name"), a.get("type"), a.get("description")])
    for g in d.get("gates", []):
        values = g["values"] if "values" in g else ([g["value"]] if "value" in g else None)
        rows["gates"].append([g["id"], g.get("name"), g.get("description"), g.get("kind"), g.get("attribute"),
                              g.get("criterion"), g.get("op"), json.dumps(values) if values is not None else None,
                              g.get("threshold"), g.get("weights"), g.get("on_unknown")])
    for v in d.get("vehicle_types", []):
        rows["vehicle_types"].append([v["id"], v.get("name"), v.get("description")])
    for o in d["options"]:
        rows["options"].append([o["id"], o.get("name"), o.get("vehicle"), o.get("description"),
                                o.get("business_as_usual", False), o.get("do_minimum", False), o.get("evidence")])
        for a, v in o.get("attributes", {}).items():
            rows["option_attributes"].append([o["id"], a, v])
        for c, s in o.get("scores", {}).items():
            if not isinstance(s, dict):
                s = {"value": s}
            kind = s.get("distribution", "point")
            value = s.get("value", s.get("mode", s.get("mean")))
            rows["scores"].append([o["id"], c, kind, value, s.get("low"), s.get("high"), s.get("sd"), s.get("rationale")])
        for line in o.get("costs", []):
            rows["costs"].append([o["id"], line.get("id"), line.get("name"), line.get("kind"), line.get("category"),
                                  line.get("amount"), _json_text(line.get("profile")), line.get("year"),
                                  line.get("end_year"), line.get("prices"), line.get("optimism_bias"),
                                  line.get("mitigation"), line.get("mitigation_reason"), _json_text(line.get("range"))])
        for line in o.get("benefits", []):
            rows["benefits"].append([o["id"], line.get("id"), line.get("name"), line.get("amount"),
                                     _json_text(line.get("profile")), line.get("year"), line.get("end_year"),
                                     line.get("prices"), line.get("discounting")])
    # The economic case's conventions, a JSON value per setting (cost_basis, optimism_bias, deflator, budget).
    rows["economics"] = [[k, json.dumps(v, ensure_ascii=False)] for k, v in d.get("economics", {}).items()]
    # Improvement over time: a JSON value per setting (scale, plan, target, horizon, discount_rate), and
    # a "transition" row per option.
    improvement = d.get("improvement", {})
    rows["improvement"] = [[k, None, json.dumps(v, ensure_ascii=False)] for k, v in improvement.items() if k != "transitions"]
    rows["improvement"] += [["transition", o, json.dumps(t, ensure_ascii=False)]
                            for o, t in improvement.get("transitions", {}).items()]
    for k, e in enumerate(gov.get("audit", []), start=1):
        rows["audit"].append([e.get("action"), e.get("at"), e.get("by"), e.get("reason"), e.get("digest"),
                              e.get("after_scoring", False), e.get("scores_digest"), e.get("scores_before"),
                              e.get("previous"), e.get("key"), e.get("signature")])
        for c in e.get("changes", []):
            rows["audit_changes"].append([k, c.get("option"), c.get("criterion"),
                                          json.dumps(c["before"]) if "before" in c else None, json.dumps(c.get("after"))])
    if "framing" in gov:
        text = json.dumps(gov["framing"], ensure_ascii=False, separators=(",", ":"))
        rows["framing"] = [[i // _FRAMING_PART + 1, text[i:i + _FRAMING_PART]] for i in range(0, len(text), _FRAMING_PART)]
    return rows


def _write_workbook(path: PathLike, sheets: dict[str, list[list[Any]]], headers: Mapping[str, Sequence[str]],
                    overwrite: bool) -> None:
    openpyxl = _openpyxl()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, header in headers.items():
        ws = wb.create_sheet(name)
        ws.append(list(header))
        for cell in ws[1]:
            cell.font = openpyxl.styles.Font(bold=True)
        for row in sheets.get(name, []):
            ws.append(row)
            for cell in ws[ws.max_row]:
                # openpyxl makes text starting with "=" a formula: a rationale would run in Excel.
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        ws.freeze_panes = "A2"
    data = io.BytesIO()
    wb.save(data)
    _core.write_file(os.fspath(path), data.getvalue(), overwrite)


def model_to_excel(document: dict[str, Any], path: PathLike, *, overwrite: bool = True) -> None:
    """Writes a model document (``Model.to_dict()``) as a workbook with the layout of :data:`MODEL_SHEETS` (the file policy of
    ``Model.save``: replaced whole, ``overwrite=False`` refuses an existing file)."""
    _write_workbook(path, model_rows(document), MODEL_SHEETS, overwrite)


# --- workbook -> model --------------------------------------------------------------------------
class _Sheet:
    def __init__(self, wb: Any, name: str, required: bool) -> None:
        self.name = name
        self.rows: list[dict[str, Any]] = []
        if name not in wb.sheetnames:
            if required:
                raise InvalidInputError.make("adva.excel.missing_sheet", name, "the workbook needs this sheet",
                                             ", ".join(wb.sheetnames))
            return
        ws = wb[name]
        it = ws.iter_rows(values_only=True)
        header = next(it, None) or ()
        known = MODEL_SHEETS[name]
        self.columns = [h for h in header]
        for col, h in enumerate(self.columns):
            if h is not None and h not in known:
                raise InvalidInputError.make("adva.excel.unknown_column", f"{name}!{_col(col)}1",
                                             "unknown column; allowed here: " + ", ".join(known), f'"{h}"')
        for r, values in enumerate(it, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            row = {h: v for h, v in zip(self.columns, values) if h is not None and v is not None and v != ""}
            row["__where__"] = f"{name}!row {r}"
            self.rows.append(row)


def _col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        s = chr(65 + rem) + s
    return s


def _json_cell(row: dict[str, Any], key: str) -> Any:
    try:
        return json.loads(row[key])
    except (TypeError, ValueError):
        raise InvalidInputError.make("adva.excel.bad_cell", f"{row['__where__']}/{key}", "must be JSON text",
                                     repr(row[key])) from None


def _score_cell(row: dict[str, Any], key: str) -> Any:
    # A score as JSON text, or a number Excel kept as a number.
    value = row[key]
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else _json_cell(row, key)


def _required(row: dict[str, Any], key: str) -> Any:
    if key not in row:
        raise InvalidInputError.make("adva.excel.bad_cell", f"{row['__where__']}/{key}",
                                     "this cell is required (it has no default)", "")
    return row[key]


def _id_list(text: Any) -> list[str]:
    return [x.strip() for x in str(text).split(",") if x.strip()]


def _put(target: dict[str, Any], row: dict[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    for k in keys:
        if k in row:
            target[k] = row[k]
    return target


def _number(v: Any) -> Any:
    # Excel stores every number as a double; integral years and counts come back as ints.
    return int(v) if isinstance(v, float) and v.is_integer() else v


def read_model_workbook(path: PathLike) -> dict[str, Any]:
    """The model document (a JSON-like dict, not yet validated) of a model workbook (layout of
    :data:`MODEL_SHEETS`, as written by ``Model.to_excel``); errors name the sheet and row.
    :func:`adva.from_excel` validates it as a model."""
    openpyxl = _openpyxl()
    path = _args.path("path", path)
    # openpyxl reports a file that is not a workbook in many ways (BadZipFile, InvalidFileException,
    # KeyError for a missing part, XML errors while the sheets are read): all of them mean the same.
    def not_a_workbook(e: Exception) -> InvalidInputError:
        return InvalidInputError.make("adva.excel.not_a_workbook", path, "not an Excel workbook (.xlsx) that can be read",
                                      type(e).__name__)
    try:
        open(path, "rb").close()  # a missing file or a directory is unreadable, whatever its name
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as e:
        raise InvalidInputError.make("adva.io.read", path, "cannot read the file", e.strerror or type(e).__name__) from None
    except Exception as e:
        raise not_a_workbook(e) from None
    try:
        sheets = {name: _Sheet(wb, name, required=name in ("context", "criteria", "options")) for name in MODEL_SHEETS}
    except Error:
        raise
    except Exception as e:
        raise not_a_workbook(e) from None
    finally:
        wb.close()
    ctx_rows = {r["key"]: r.get("value") for r in sheets["context"].rows if "key" in r}
    for key in ctx_rows:
        if key not in _CONTEXT_KEYS:
            raise InvalidInputError.make("adva.excel.unknown_key", f"context!{key}", "unknown context key; allowed: " +
                                         ", ".join(_CONTEXT_KEYS), f'"{key}"')
    d: dict[str, Any] = {"adva_model": _number(ctx_rows.get("adva_model", 1))}
    if ctx_rows.get("illustrative") is not None:
        d["illustrative"] = bool(ctx_rows["illustrative"])
    d["context"] = {k: _number(v) if k in ("base_year", "horizon_years") else v for k, v in ctx_rows.items()
                    if k in ("title", "organisation", "service", "trigger", "base_year", "horizon_years", "discount_rate",
                             "discount_schedule", "currency") and v is not None}
    if ctx_rows.get("consensus_method") is not None:
        d["consensus"] = {"method": ctx_rows["consensus_method"]}
        if ctx_rows.get("consensus_lead_group") is not None:
            d["consensus"]["lead_group"] = ctx_rows["consensus_lead_group"]
    d["stakeholder_groups"] = [_put({}, r, ["id", "name", "description", "influence", "influence_reason"])
                               for r in sheets["stakeholder_groups"].rows]

    functions = {_required(r, "id"): _put({"questions": []}, r, ["id", "name", "description"]) for r in sheets["functions"].rows}
    questions: dict[str, dict[str, Any]] = {}
    for r in sheets["questions"].rows:
        f = functions.get(r.get("function"))
        if f is None:
            raise InvalidInputError.make("adva.model.unknown_id", f"{r['__where__']}/function", "no function has this id",
                                         repr(r.get("function")))
        _required(r, "id")
        q = _put({}, r, ["id", "text", "kind", "guidance"])
        if "criteria" in r:
            q["criteria"] = _id_list(r["criteria"])
        if "gates" in r:
            q["gates"] = _id_list(r["gates"])
        q["answers"] = []
        f["questions"].append(q)
        questions[q["id"]] = q
    answers: dict[tuple[Any, Any], dict[str, Any]] = {}
    for r in sheets["answers"].rows:
        question = questions.get(r.get("question", ""))
        if question is None:
            raise InvalidInputError.make("adva.model.unknown_id", f"{r['__where__']}/question", "no question has this id",
                                         repr(r.get("question")))
        a = _put({}, r, ["group", "by", "text", "rationale", "applies", "method"])
        if r.get("judgements") is not None:  # an elicited answer's judgements, under its method's name
            a[str(a.get("method", "judgements"))] = _json_cell(r, "judgements")
        if r.get("elicited") is not None:
            a["elicited"] = _json_cell(r, "elicited")
        question["answers"].append(a)
        answers[(question["id"], _number(r.get("answer", len(question["answers"]))))] = a
    for r in sheets["weights"].rows:
        answer = answers.get((r.get("question"), _number(r.get("answer"))))
        if answer is None:
            raise InvalidInputError.make("adva.model.unknown_id", f"{r['__where__']}/answer",
                                         "no answer with this question and number (sheet answers)",
                                         f"{r.get('question')}/{r.get('answer')}")
        answer.setdefault("swing", {})[_required(r, "criterion")] = r.get("swing")
    d["functions"] = list(functions.values())

    d["criteria"] = []
    for r in sheets["criteria"].rows:
        c = _put({}, r, ["id", "name", "parent", "description", "direction", "scale"])
        if "anchor_low" in r or "anchor_high" in r:
            c["anchors"] = {k: r[f"anchor_{k}"] for k in ("low", "high") if f"anchor_{k}" in r}
        vf = _put({}, r, ["lower", "upper", "rho", "unit"])
        if "value_function" in r:
            vf["kind"] = r["value_function"]
        if "points" in r:
            vf["points"] = _json_cell(r, "points")
        if vf:
            c["value_function"] = vf
        if "tags" in r:
            c["tags"] = _json_cell(r, "tags")
        _put(c, r, ["csf", "function", "weight", "trajectory_measure"])
        if "measures_cost" in r:
            c["measures_cost"] = bool(r["measures_cost"])
        d["criteria"].append(c)
    d["attributes"] = [_put({}, r, ["id", "name", "type", "description"]) for r in sheets["attributes"].rows]
    d["gates"] = []
    for r in sheets["gates"].rows:
        g = _put({}, r, ["id", "name", "description", "kind", "attribute", "criterion", "op", "threshold", "weights",
                         "on_unknown"])
        if "values" in r:
            values = _json_cell(r, "values")
            if g.get("op") in _MULTI_OPS:
                g["values"] = values
            else:
                g["value"] = values[0] if isinstance(values, list) and len(values) == 1 else values
        d["gates"].append(g)
    vehicle_types = [_put({}, r, ["id", "name", "description"]) for r in sheets["vehicle_types"].rows]
    if vehicle_types:
        d["vehicle_types"] = vehicle_types

    options = {}
    for r in sheets["options"].rows:
        o = _put({}, r, ["id", "name", "vehicle", "description", "business_as_usual", "do_minimum", "evidence"])
        for flag in ("business_as_usual", "do_minimum"):
            if flag in o:
                o[flag] = bool(o[flag])
        options[o.get("id")] = o

    def option_for(r: dict[str, Any]) -> dict[str, Any]:
        o = options.get(r.get("option"))
        if o is None:
            raise InvalidInputError.make("adva.model.unknown_id", f"{r['__where__']}/option", "no option has this id",
                                         repr(r.get("option")))
        return o

    for r in sheets["option_attributes"].rows:
        option_for(r).setdefault("attributes", {})[_required(r, "attribute")] = r.get("value")
    for r in sheets["scores"].rows:
        kind = r.get("distribution", "point")
        s: dict[str, Any]
        if kind == "point":
            s = {"value": r.get("value")}
        elif kind == "range":
            s = {"distribution": "range", "low": r.get("low"), "high": r.get("high")}
        elif kind in ("triangular", "pert"):
            s = {"distribution": kind, "low": r.get("low"), "mode": r.get("value"), "high": r.get("high")}
        else:
            s = {"distribution": kind, "mean": r.get("value"), "sd": r.get("sd")}
        if "rationale" in r:
            s["rationale"] = r["rationale"]
        option_for(r).setdefault("scores", {})[_required(r, "criterion")] = s

    def flow_line(r: dict[str, Any], text: Sequence[str]) -> dict[str, Any]:
        line = _put({}, r, ["id", "name", "amount", "prices", *text])
        if "profile" in r:
            line["profile"] = _json_cell(r, "profile")
        for k in ("year", "end_year"):
            if k in r:
                line[k] = _number(r[k])
        return line

    for r in sheets["costs"].rows:
        line = flow_line(r, ["kind", "category", "optimism_bias", "mitigation", "mitigation_reason"])
        if "range" in r:
            line["range"] = _json_cell(r, "range")
        option_for(r).setdefault("costs", []).append(line)
    for r in sheets["benefits"].rows:
        option_for(r).setdefault("benefits", []).append(flow_line(r, ["discounting"]))
    economics = {_required(r, "setting"): _json_cell(r, "json") for r in sheets["economics"].rows}
    if economics:
        d["economics"] = economics
    improvement: dict[str, Any] = {}
    for r in sheets["improvement"].rows:
        setting = _required(r, "setting")
        if setting == "transition":
            improvement.setdefault("transitions", {})[_required(r, "option")] = _json_cell(r, "json")
        else:
            improvement[setting] = _json_cell(r, "json")
    if improvement:
        d["improvement"] = improvement
    d["options"] = list(options.values())

    gov: dict[str, Any] = {"locked": bool(ctx_rows.get("locked", False))}
    if ctx_rows.get("framing_digest"):
        gov["framing_digest"] = ctx_rows["framing_digest"]
    gov["audit"] = []
    for r in sheets["audit"].rows:
        entry = _put({}, r, _AUDIT_TEXT)
        if "after_scoring" in r:
            entry["after_scoring"] = bool(r["after_scoring"])
        gov["audit"].append(entry)
    for r in sheets["audit_changes"].rows:
        k = _number(r.get("entry"))
        if not isinstance(k, int) or not 1 <= k <= len(gov["audit"]):
            raise InvalidInputError.make("adva.model.unknown_id", f"{r['__where__']}/entry",
                                         "no audit entry with this number (sheet audit, from 1)", repr(r.get("entry")))
        change = _put({}, r, ["option", "criterion"])
        for side in ("before", "after"):
            if side in r:
                change[side] = _score_cell(r, side)
        gov["audit"][k - 1].setdefault("changes", []).append(change)
    parts = sheets["framing"].rows  # in row order; "part" numbers them for people
    if parts:
        text = "".join(str(r.get("json", "")) for r in parts)
        try:
            gov["framing"] = json.loads(text)
        except ValueError:
            raise InvalidInputError.make("adva.excel.bad_cell", "framing!json", "the parts joined in order must be JSON text",
                                         repr(text[:60])) from None
    d["governance"] = gov
    return d


# --- results -------------------------------------------------------------------------------------
def result_to_excel(tables: Mapping[str, pd.DataFrame], governance: Mapping[str, Any], path: PathLike, *,
                    overwrite: bool = True) -> None:
    """Writes an appraisal result's tables, one sheet each in the order given (``AppraisalResult.to_excel``
    passes ranking, contributions, screening, gates, value_for_money, values, weights, dominance), then
    its governance and the findings of the decision record, under the file policy of ``Model.save``."""
    import pandas as pd

    frames = dict(tables)
    if "dominance" in frames:
        frames["dominance"] = frames["dominance"].assign(dominated_by=frames["dominance"]["dominated_by"].map(_ids))
    frames["governance"] = pd.DataFrame({"value": {k: (", ".join(v) if isinstance(v, list) else v)
                                                   for k, v in governance.items() if k != "findings"}})
    frames["findings"] = pd.DataFrame(governance["findings"], columns=["kind", "where", "message", "severity"],
                                      index=pd.RangeIndex(1, len(governance["findings"]) + 1, name="finding"))
    data = io.BytesIO()
    with pd.ExcelWriter(data, engine="openpyxl") as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name)
    _core.write_file(os.fspath(path), data.getvalue(), overwrite)

