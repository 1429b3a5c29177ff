"""The error registry (docs/errors.md) against the code and the tests.

Every id the code can raise is declared once in docs/errors.md with its class; an id there must be
used by the code, raised with the declared class, and triggered by at least one test (C++ or
Python) unless it is marked *internal* (a solver or adva failure no input is known to cause).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ID = r"adva\.[a-z_]+\.[a-z_0-9]+"
CLASSES = {"error", "invalid_input", "limit_exceeded", "stage_error", "integrity_error", "computation_error"}
# Python classes that raise registered ids, by the C++ class they stand for.
PYTHON_CLASSES = {
    "Error": "error",
    "InvalidInputError": "invalid_input",
    "InvalidTypeError": "invalid_input",
    "LimitExceededError": "limit_exceeded",
    "StageError": "stage_error",
    "IntegrityError": "integrity_error",
    "ComputationError": "computation_error",
}


def _registry() -> dict[str, tuple[str, str]]:
    rows: dict[str, tuple[str, str]] = {}
    for line in (ROOT / "docs" / "errors.md").read_text(encoding="utf-8").splitlines():
        m = re.match(rf"^\| `({ID})` \| (\w+) \| (.+) \|$", line)
        if m:
            assert m.group(1) not in rows, f"{m.group(1)} is declared twice in docs/errors.md"
            rows[m.group(1)] = (m.group(2), m.group(3))
    return rows


def _sources(*roots: str, suffixes=(".cpp", ".hpp", ".py", ".in")) -> dict[Path, str]:
    out = {}
    for root in roots:
        for p in (ROOT / root).rglob("*"):
            if p.is_file() and p.suffix in suffixes:
                out[p] = p.read_text(encoding="utf-8", errors="replace")
    return out


REGISTRY = _registry()
CODE = _sources("src", "include", "bindings")
TESTS = _sources("tests", suffixes=(".cpp", ".hpp", ".py", ".json", ".sh"))
TESTS.pop(Path(__file__).resolve(), None)


def _ids_in(texts) -> set[str]:
    return {m for t in texts for m in re.findall(rf'"({ID})"', t)} | {
        m for t in texts for m in re.findall(rf"'({ID})'", t)
    }


def test_the_registry_is_not_empty_and_every_class_is_known():
    assert len(REGISTRY) > 100
    unknown = {i: c for i, (c, _) in REGISTRY.items() if c not in CLASSES}
    assert not unknown, f"unknown classes in docs/errors.md: {unknown}"


def test_every_id_the_code_uses_is_declared():
    missing = sorted(_ids_in(CODE.values()) - set(REGISTRY))
    assert not missing, f"ids used in the code but not declared in docs/errors.md: {missing}"


def test_every_declared_id_is_used_by_the_code():
    used = _ids_in(CODE.values())
    stale = sorted(set(REGISTRY) - used)
    assert not stale, f"ids declared in docs/errors.md but used nowhere in the code: {stale}"


def test_every_throw_site_uses_the_declared_class():
    wrong = []
    for path, text in CODE.items():
        for m in re.finditer(rf'\b(\w+)\(\s*"({ID})"', text):
            cls, id_ = m.group(1), m.group(2)
            cls = PYTHON_CLASSES.get(cls, cls)
            if cls in CLASSES and id_ in REGISTRY and REGISTRY[id_][0] != cls:
                wrong.append(f"{path.relative_to(ROOT)}: {id_} raised as {cls}, declared {REGISTRY[id_][0]}")
        for m in re.finditer(rf'\b(\w*Error)\.make\(\s*"({ID})"', text):
            cls, id_ = PYTHON_CLASSES.get(m.group(1)), m.group(2)
            if cls and id_ in REGISTRY and REGISTRY[id_][0] != cls:
                wrong.append(f"{path.relative_to(ROOT)}: {id_} raised as {m.group(1)}, declared {REGISTRY[id_][0]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("id_", sorted(i for i, (_, meaning) in REGISTRY.items() if "*internal*" not in meaning))
def test_every_declared_id_is_triggered_by_a_test(id_):
    assert any(id_ in t for t in TESTS.values()), f"no test checks {id_}"
