"""The documentation runs as written: every ``sh`` and ``python`` block of README.md and docs/*.md is
executed verbatim, in order, in a scratch directory per page (so a page's later blocks see the files
its earlier blocks wrote), with ``examples/`` of the repository beside it and the built ``adva`` first
on PATH. A block that cannot run (the two make commands, which run this test; a Dask scheduler) is
marked in the page with ``<!-- not run by the docs test: REASON -->`` on the line before it.

Each block must exit 0; beyond that, the key outputs a reader is told to expect are checked below.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"(?P<before>[^\n]*)\n```(?P<lang>[a-z]*)\n(?P<body>.*?)^```$", re.S | re.M)
NOT_RUN = re.compile(r"<!-- not run by the docs test: (?P<reason>[^>]+) -->")


def adva_dir() -> Path:
    """Where the built adva is: ADVA_BUILD_DIR (make test sets it), else build/."""
    build = Path(os.environ.get("ADVA_BUILD_DIR", ROOT / "build"))
    if not build.is_absolute():
        build = ROOT / build
    if not (build / "adva").exists():
        pytest.fail(f"no adva executable in {build}: build first (make build), or set ADVA_BUILD_DIR")
    return build


def blocks(page: Path):
    """(language, body, reason it is not run or None) of every fenced block of `page`, in order."""
    text = "\n" + page.read_text(encoding="utf-8")
    for m in FENCE.finditer(text):
        skip = NOT_RUN.search(m.group("before"))
        yield m.group("lang"), m.group("body"), skip.group("reason") if skip else None


def run_page(page: Path, tmp: Path):
    """Runs the page's sh and python blocks in `tmp`; returns [(language, body, completed process)]."""
    (tmp / "examples").symlink_to(ROOT / "examples")
    env = dict(os.environ, PATH=f"{adva_dir()}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    done = []
    for lang, body, skip in blocks(page):
        if skip or lang not in ("sh", "python"):
            continue
        command = ["bash", "-euo", "pipefail", "-c", body] if lang == "sh" else [sys.executable, "-c", body]
        proc = subprocess.run(command, cwd=tmp, env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, (
            f"{page.relative_to(ROOT)}: this {lang} block exited {proc.returncode}:\n{body}\n"
            f"--- stdout ---\n{proc.stdout[-3000:]}\n--- stderr ---\n{proc.stderr[-3000:]}")
        done.append((lang, body, proc))
    return done


def test_every_block_is_run_or_says_why_not():
    for page in PAGES:
        for lang, _body, skip in blocks(page):
            if lang in ("sh", "bash", "shell", "console"):
                assert lang == "sh" or skip, f"{page.name}: a {lang} block: write it as ```sh (run) or say why not"
            if skip:
                assert len(skip.strip()) > 10, f"{page.name}: say why the block is not run"


@pytest.mark.parametrize("page", [p for p in PAGES if any(lang in ("sh", "python") and not skip
                                                           for lang, _, skip in blocks(p))],
                         ids=lambda p: p.name)
def test_page_runs_as_written(page, tmp_path):
    done = run_page(page, tmp_path)
    assert done, f"{page.name}: nothing was run"


def test_readme_tutorial_gives_the_documented_results(tmp_path):
    """What the README tells a newcomer to expect, checked on what its commands produced."""
    done = run_page(ROOT / "README.md", tmp_path)
    out = "\n".join(p.stdout for _, _, p in done)
    model = tmp_path / "my_model.json"
    assert model.exists()
    assert "locked: framing digest " in out                    # lock prints the digest to publish
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>") and "<svg" in report
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("#")
    results = (tmp_path / "results.jsonl").read_text().splitlines()
    assert len(results) == len(set(results)) > 0              # each scenario once, also after --resume
    assert (tmp_path / "summary.csv").exists()
    record = json.loads(adva("appraise", str(model), "--format", "json").stdout)["governance"]
    assert record["revisions"] == 1                              # reopened after scoring, and locked again
    assert record["state"] == "locked"


def adva(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(adva_dir() / "adva"), *args], cwd=cwd, capture_output=True, text=True)
    assert proc.returncode == 0, f"adva {' '.join(args)}: {proc.stderr}"
    return proc


def test_the_example_answers_and_scores_are_the_embedded_councils():
    """examples/answers.json and scores.json are the illustrative council's, as in the embedded model."""
    embedded = json.loads((ROOT / "examples" / "childrens_services.json").read_text(encoding="utf-8"))
    answers = {q["id"]: q["answers"] for f in embedded["functions"] for q in f["questions"] if q.get("answers")}
    assert json.loads((ROOT / "examples" / "answers.json").read_text(encoding="utf-8")) == answers
    scores = {o["id"]: o["scores"] for o in embedded["options"] if o.get("scores")}
    assert json.loads((ROOT / "examples" / "scores.json").read_text(encoding="utf-8")) == scores
