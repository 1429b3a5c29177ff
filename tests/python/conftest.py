"""Shared fixtures of the Python tests: a headless matplotlib and fresh copies of the models."""

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
