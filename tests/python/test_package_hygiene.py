"""The package's own hygiene: no import cycle between its modules, stubs of the extension as nanobind
generates them, mypy --strict and ruff clean (settings in pyproject.toml)."""

from __future__ import annotations

import ast
import difflib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "bindings" / "python" / "src" / "adva"
STUB = PACKAGE / "_core.pyi"


def _is_module(name: str) -> bool:
    relative = name.split(".", 1)[1].replace(".", "/")
    return (PACKAGE / f"{relative}.py").exists() or (PACKAGE / f"{relative}.pyi").exists()


def _imports(path: Path, module: str) -> set[str]:
    """The package modules ``module`` imports anywhere in its file: at the top, inside functions,
    under ``if TYPE_CHECKING`` (a cycle there is one a reader has to untangle too)."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name == "adva" or a.name.startswith("adva."))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target != "adva" and not target.startswith("adva."):
                continue
            # `from . import excel` imports the module adva.excel; `from .excel import x`, adva.excel.
            out.update(f"{target}.{a.name}" if _is_module(f"{target}.{a.name}") else target for a in node.names)
    return out


def _graph() -> dict[str, set[str]]:
    graph = {}
    for path in sorted(PACKAGE.glob("*.py")):
        module = "adva" if path.name == "__init__.py" else f"adva.{path.stem}"
        graph[module] = _imports(path, module)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph (a list of modules, the first repeated at the end), or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(m: str) -> list[str]:
        state[m] = 1
        path.append(m)
        for n in sorted(graph.get(m, ())):
            if n == "adva" or n == m:  # the package itself (its __init__) is the root; a module naming itself is no cycle
                continue
            if state.get(n) == 1:
                return path[path.index(n):] + [n]
            if n not in state and (found := visit(n)):
                return found
        state[m] = 2
        path.pop()
        return []

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return []


def test_the_import_graph_sees_imports_at_every_level():
    # The reader of the graph is itself checked: a function-local and a TYPE_CHECKING import count.
    graph = _graph()
    assert "adva.excel" in graph["adva.model"] and "adva.results" in graph["adva.model"]
    assert "adva.robustness" in graph["adva.results"]
    assert _cycle({"adva.a": {"adva.b"}, "adva.b": {"adva.c"}, "adva.c": {"adva.a"}}) == ["adva.a", "adva.b", "adva.c", "adva.a"]
    assert _cycle({"adva.a": {"adva.b"}, "adva.b": set()}) == []


def test_the_local_imports_are_read(tmp_path):
    source = tmp_path / "excel.py"
    source.write_text("def f():\n    from .model import Model\n    from . import results\n    import adva.plots\n")
    assert _imports(source, "adva.excel") == {"adva.model", "adva.results", "adva.plots"}


def test_no_import_cycle_between_the_package_modules():
    cycle = _cycle(_graph())
    assert not cycle, ("the modules of adva import each other in a cycle (counting function-local imports): "
                       + " -> ".join(cycle) + "; move what both need to a module of its own, or pass plain data")


def _tool(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.fail(f"{module} is not installed in this environment: make python installs it")


def test_the_checked_in_stubs_are_what_nanobind_generates(tmp_path):
    _tool("nanobind")
    out = tmp_path / "_core.pyi"
    subprocess.run([sys.executable, "-m", "nanobind.stubgen", "-q", "-m", "adva._core",
                    "-p", str(ROOT / "bindings" / "python" / "stubgen-patterns.txt"), "-o", str(out)], check=True, cwd=tmp_path)
    generated, committed = out.read_text(encoding="utf-8"), STUB.read_text(encoding="utf-8")
    if generated != committed:
        diff = "".join(difflib.unified_diff(committed.splitlines(True), generated.splitlines(True),
                                            "bindings/python/src/adva/_core.pyi (checked in)",
                                            "generated from the installed adva._core"))
        pytest.fail("the stubs of adva._core are out of date: run `make stubs` and commit "
                    "bindings/python/src/adva/_core.pyi\n" + diff)


def test_the_installed_package_ships_the_stubs_and_the_marker():
    import adva

    installed = Path(adva.__file__).parent
    assert (installed / "py.typed").is_file()
    assert (installed / "_core.pyi").read_text(encoding="utf-8") == STUB.read_text(encoding="utf-8")


def test_mypy_strict_is_clean():
    _tool("mypy")
    run = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, f"mypy --strict (pyproject.toml [tool.mypy]) found problems:\n{run.stdout}{run.stderr}"


def test_ruff_is_clean():
    _tool("ruff")
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "bindings/python/src/adva", "tests/python"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, f"ruff check (pyproject.toml [tool.ruff]) found problems:\n{run.stdout}{run.stderr}"
