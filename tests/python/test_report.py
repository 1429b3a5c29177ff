"""The decision report from Python: result.to_html / to_markdown and model.report, written as every
adva file is written, the same bytes for the same model, and the errors of the CLI."""

import pytest

import adva


def test_to_html_returns_the_report_or_writes_it(result, tmp_path):
    html = result.to_html()
    assert html.startswith("<!DOCTYPE html>")
    assert html.count('<section id="sec-') == 18
    assert "<script" not in html
    assert result.to_html() == html  # deterministic
    path = tmp_path / "report.html"
    assert result.to_html(path) is None
    assert path.read_text(encoding="utf-8") == html
    with pytest.raises(adva.InvalidInputError, match=r"\[adva.io.output_exists\]"):
        result.to_html(path, overwrite=False)
    live = result.to_html(interactive=True, timestamp=True)
    assert 'id="sec-live"' in live and "Generated 20" in live


def test_the_markdown_report_is_the_cli_document(result, tmp_path):
    md = result.to_markdown()
    assert md == result.report("markdown")
    assert "## Rank acceptability (SMAA-2)" in md and "## Decision record" in md
    path = tmp_path / "report.md"
    result.to_markdown(path)
    assert path.read_text(encoding="utf-8") == md


def test_model_report_uses_the_groups_weights(model, tmp_path):
    group = model.group_ids[0]
    html = model.report(group=group)
    expected = model.appraise(group).to_html()
    assert html == expected
    assert model.report(format="markdown") == model.appraise().to_markdown()
    with pytest.raises(adva.InvalidInputError, match=r"\[adva.report.format\] interactive"):
        model.report(format="markdown", interactive=True)
    with pytest.raises(adva.InvalidInputError, match=r"\[adva.report.format\]"):
        model.report(format="pdf")
    path = tmp_path / "r.html"
    model.report(path, interactive=True)
    assert 'id="adva-live-data"' in path.read_text(encoding="utf-8")


def test_strict_report_refuses_a_record_that_does_not_verify(model):
    data = model.to_dict()
    data["context"]["discount_rate"] = 0.05  # edited after lock, outside the record
    edited = adva.Model.from_dict(data)
    with pytest.raises(adva.IntegrityError):
        edited.report(strict=True)
    assert "MODIFIED AFTER LOCK" in edited.report()
