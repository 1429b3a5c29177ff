"""The HTML decision report in a real browser: Debian's chromium, headless, driven by Playwright
(never a browser Playwright downloads). The page loads offline with no request and no console
error; every chart is drawn; every chart's numbers equal its data table and the JSON result; the
live weights change the winner exactly at the break-even weights of ``adva sensitivity``; and the
page prints to a PDF whose pages render."""

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright import sync_api as playwright_api  # make test installs it (scripts/python-env.sh)

import adva

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is required for the browser tests: scripts/install-deps.sh installs it")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def open_offline(browser, path):
    """Opens a file with the network off, recording every request, console error and page error."""
    context = browser.new_context(offline=True, java_script_enabled=True)
    page = context.new_page()
    seen = {"requests": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(Path(path).resolve().as_uri())
    page.wait_for_load_state("load")
    return context, page, seen


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    adva.default_model().report(path, interactive=True)
    return path


@pytest.fixture(scope="module")
def live_page(browser, report_file):
    context, page, seen = open_offline(browser, report_file)
    yield page, seen
    context.close()


def chart_data(page):
    """Per chart: its marks' and its table cells' key -> value (both number attributes)."""
    return page.evaluate("""() => {
      const read = (root) => {
        const out = {};
        root.querySelectorAll('[data-key]').forEach(e => {
          out[e.getAttribute('data-key')] = parseFloat(e.getAttribute('data-value'));
          if (e.hasAttribute('data-key-x')) out[e.getAttribute('data-key-x')] = parseFloat(e.getAttribute('data-value-x'));
        });
        return out;
      };
      const charts = {};
      document.querySelectorAll('figure.chart').forEach(f => {
        charts[f.id.slice(4)] = {marks: read(f.querySelector('svg')), table: read(f.querySelector('table'))};
      });
      return charts;
    }""")


def test_the_page_loads_offline_with_no_request_and_no_error(live_page, report_file):
    page, seen = live_page
    assert seen["errors"] == []
    assert [u for u in seen["requests"] if u != report_file.resolve().as_uri()] == []
    for section in ("summary", "context", "function", "screening", "criteria", "weights", "scores", "ranking", "dominance",
                    "value-for-money", "economic-case", "improvement", "sensitivity", "smaa", "stakeholders", "methods", "record",
                    "elicitation", "live"):
        assert page.locator(f"#sec-{section} h2").count() == 1, section
    assert page.locator("#illustrative-banner").is_visible()


def test_every_svg_is_drawn(live_page):
    page, _ = live_page
    boxes = page.evaluate("() => [...document.querySelectorAll('svg')].map(s => { const r = s.getBoundingClientRect(); "
                          "return [s.id, r.width, r.height]; })")
    assert len(boxes) >= 8
    for svg_id, width, height in boxes:
        assert width > 0 and height > 0, svg_id


def test_each_chart_equals_its_table_and_the_json_result(live_page):
    page, _ = live_page
    charts = chart_data(page)
    for name, chart in charts.items():
        assert chart["marks"], name
        for key, value in chart["marks"].items():
            assert chart["table"][key] == value, (name, key)

    result = adva.default_model().appraise()
    doc = result.to_dict()
    contrib = charts["contrib"]["table"]
    for entry in doc["ranking"]:
        assert contrib[entry["option"] + "|total"] == entry["total"]
    for option in doc["options"]:
        if any(r["option"] == option["id"] for r in doc["ranking"]):
            for criterion, points in option["contributions"].items():
                assert contrib[f"{option['id']}|{criterion}"] == points
    vfm = charts["vfm"]["table"]
    for entry in doc["value_for_money"]:
        assert vfm[entry["option"] + "|npv_cost"] == entry["npv_cost"]
        assert vfm[entry["option"] + "|benefit"] == entry["benefit"]
    # The economic case: each option's cost by year after optimism bias, and the cost-effectiveness plane.
    by_year = adva.default_model().economics().by_year
    cash = charts["cash-flow"]["table"]
    for (option, year), row in by_year.iterrows():
        cost = (row["capital_after_optimism_bias"] + row["revenue_after_optimism_bias"]) / 1e6
        assert cash[f"{option}|{year}"] == pytest.approx(cost, rel=1e-15, abs=1e-12)
    plane = charts["ce-plane"]["table"]
    for entry in doc["value_for_money"]:
        assert plane[entry["option"] + "|value_added"] == entry["value_added"]
        assert plane[entry["option"] + "|extra_cost"] == pytest.approx(entry["extra_cost"] / 1e6, rel=1e-15, abs=1e-12)
    top = [w for w in doc["weights"]["criteria"] if not w["parent"]]
    weights = charts["weights-chart"]["table"]
    for w in top:
        assert weights["Consensus|" + w["criterion"]] == w["local"]

    sensitivity = result.sensitivity()
    for w in top:
        table = charts["sens-" + w["criterion"]]["table"]
        node = sensitivity.nodes.loc[w["criterion"]]
        assert table["stable|lower"] == node["winner_stable_lower"]
        assert table["stable|upper"] == node["winner_stable_upper"]
        lines = sensitivity.tornado[sensitivity.tornado["node"] == w["criterion"]]
        for _, line in lines.iterrows():
            assert table[line["option"] + "|at_zero"] == line["at_zero"]
            assert table[line["option"] + "|at_one"] == line["at_one"]

    summary = result.robustness()
    smaa = charts["smaa-chart"]["table"]
    assert smaa[summary["winner"] + "|rank1"] == summary["first_rank_acceptability"]


def set_weight(page, node, value):
    number = page.locator(f'input.live-number[data-node="{node}"]')
    number.fill(repr(value))
    number.dispatch_event("change")
    return page.locator("#live-status").get_attribute("data-winner")


def test_live_totals_equal_the_appraisal_for_every_weight_set(live_page):
    page, _ = live_page
    model = adva.default_model()
    names = page.evaluate("() => [...document.querySelectorAll('#live-set option')].map(o => o.textContent)")
    groups = {g: model.appraise(g) for g in model.group_ids}
    assert len(names) == 1 + len(groups)
    for index, name in enumerate(names):
        page.select_option("#live-set", str(index))
        group_names = {g["id"]: g["name"] for g in model.to_dict()["stakeholder_groups"]}
        expected = model.appraise() if index == 0 else next(r for g, r in groups.items() if group_names[g] == name)
        rows = page.evaluate("() => [...document.querySelectorAll('#live-ranking tbody tr')].map(r => "
                             "[r.dataset.option, parseInt(r.dataset.rank), parseFloat(r.dataset.total)])")
        assert rows == [[o, rank, total] for o, rank, total, _ in expected._core.ranking], name
    page.select_option("#live-set", "0")


def test_the_sliders_change_the_winner_exactly_at_the_break_even_weight(live_page):
    page, _ = live_page
    page.select_option("#live-set", "0")
    sensitivity = adva.default_model().appraise().sensitivity()
    winner = sensitivity.winner
    tested = 0
    for node, row in sensitivity.nodes[sensitivity.nodes["parent"] == ""].iterrows():
        for end, step in (("winner_stable_upper", 1), ("winner_stable_lower", -1)):
            x = row[end]
            if (step == 1 and x >= 1) or (step == -1 and x <= 0):
                continue
            crossing = sensitivity.crossovers[(sensitivity.crossovers["node"] == node) & sensitivity.crossovers["involves_winner"]
                                              & (sensitivity.crossovers["weight"] == x)]
            assert len(crossing) >= 1
            rival = next(o for o in (crossing.iloc[0]["a"], crossing.iloc[0]["b"]) if o != winner)
            page.click("#live-reset")
            assert set_weight(page, node, x - step * 1e-6) == winner
            page.click("#live-reset")
            assert set_weight(page, node, x + step * 1e-6) == rival
            assert page.locator("#live-status").get_attribute("data-changed") == "true"
            tested += 1
    assert tested >= 2
    page.click("#live-reset")
    assert page.locator("#live-status").get_attribute("data-changed") == "false"


def test_the_report_prints_to_a_pdf_whose_pages_render(report_file, tmp_path):
    pdf = tmp_path / "report.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", report_file.resolve().as_uri()],
                   check=True, capture_output=True, timeout=120)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3
    assert all(p.stat().st_size > 1000 for p in pages)


def test_a_model_without_groups_costs_or_gates_still_has_every_section(browser, tmp_path):
    model = adva.Model.from_json(adva.default_model().to_json())
    data = json.loads(model.to_json())
    data["governance"] = {"locked": False}
    data["stakeholder_groups"] = []
    data["consensus"] = {"method": "arithmetic_mean"}
    for f in data["functions"]:
        for q in f["questions"]:
            q["answers"] = []
    for c in data["criteria"]:
        c.setdefault("weight", 1)
    for o in data["options"]:
        o["costs"] = []
    path = tmp_path / "plain.html"
    adva.Model.from_json(json.dumps(data)).report(path)
    context, page, seen = open_offline(browser, path)
    try:
        assert seen["errors"] == [] and page.locator("script").count() == 0
        assert page.locator("section h2").count() == 18
        assert "No short-listed option has costs." in page.locator("#sec-value-for-money").inner_text()
        assert "No option has cost lines." in page.locator("#sec-economic-case").inner_text()
        charts = chart_data(page)
        for name, chart in charts.items():
            for key, value in chart["marks"].items():
                assert chart["table"][key] == value, (name, key)
        first_option = page.locator("#contrib-data tbody tr").first.get_attribute("data-option")
        assert not math.isnan(charts["contrib"]["table"][first_option + "|total"])
    finally:
        context.close()
