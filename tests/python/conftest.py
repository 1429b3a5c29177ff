"""Shared fixtures of the Python tests: a headless matplotlib, fresh copies of the models and the
built CLI (to check that Python returns what the CLI writes)."""

import os
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: plots are rendered, never shown

import pytest  # noqa: E402

import adva  # noqa: E402


@pytest.fixture
def model():
    """The embedded children's services model (locked, scored)."""
    return adva.default_model()


@pytest.fixture
def unlocked(model):
    """The default model with its framing reopened, so it can be edited."""
    model.reopen("tests edit the framing", by="pytest")
    return model


@pytest.fixture(scope="session")
def result():
    """The consensus appraisal of the default model (read-only)."""
    return adva.default_model().appraise()


@pytest.fixture(scope="session")
def adva_cli():
    """Runs the built ``adva`` (in ADVA_BUILD_DIR, which make test sets, else build/) and returns its
    standard output; fails when it is not built or exits non-zero."""
    root = Path(__file__).resolve().parents[2]
    build = Path(os.environ.get("ADVA_BUILD_DIR", root / "build"))
    executable = (build if build.is_absolute() else root / build) / "adva"
    if not executable.exists():
        pytest.fail(f"no adva executable at {executable}: build first (make build), or set ADVA_BUILD_DIR")

    def run(*args, cwd=None):
        proc = subprocess.run([str(executable), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    return run
