"""The package layout reads as the pipeline, and stays that way.

The sub-packages of ``evalsoc`` (and its few top-level modules) import each other
without a cycle, so that each stage can be read, tested and replaced after the ones it
builds on; the scoring loads none of the libraries of the edges (YAML, pandas, click,
openpyxl), so that a worker process that scores carries only what it scores with.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "evalsoc"


def _imported(tree: ast.AST) -> Iterator[str]:
    """Every evalsoc module a file imports, at its top or inside a function."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "evalsoc":
                yield from (f"evalsoc.{alias.name}" for alias in node.names)
            elif node.module.startswith("evalsoc."):
                yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("evalsoc."))


def _unit(module: str) -> str | None:
    """The sub-package (or top-level module) a module belongs to; None for the package
    root, whose public names are imported lazily (see evalsoc/__init__.py)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] != "__version__" else None


def _edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        source = _unit(".".join(relative.parts).removesuffix(".__init__"))
        if source is None or source == "__main__":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target in map(_unit, _imported(tree)):
            if target is not None and target != source:
                edges.setdefault(source, set()).add(target)
    return edges


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, as the path that closes it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_import_cycle_between_sub_packages() -> None:
    edges = _edges()
    assert {"referentiel", "excel", "answers", "scoring", "store", "reports"} <= set(edges)
    cycle = _cycle(edges)
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


def test_the_referentiel_does_not_score() -> None:
    """Loading, checking and naming a référentiel never needs the scoring; what does
    (golden examples, the full check) lives in evalsoc.checks."""
    edges = _edges()
    assert not edges["referentiel"] & {"scoring", "checks", "answers", "excel"}
    assert "scoring" in edges["checks"]


def _loaded_by(statement: str) -> set[str]:
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return set(json.loads(run.stdout))


def test_scoring_loads_none_of_the_edges_libraries() -> None:
    loaded = _loaded_by("import evalsoc.scoring")
    assert "evalsoc.scoring.engine" in loaded
    heavy = {m.split(".")[0] for m in loaded} & {"yaml", "pandas", "click", "openpyxl"}
    assert not heavy, f"import evalsoc.scoring charge {sorted(heavy)}"


def test_the_check_of_loaded_libraries_sees_them() -> None:
    """The measure above would see a library the scoring pulled in."""
    loaded = _loaded_by("import evalsoc.referentiel.loader")
    assert "yaml" in loaded


def test_every_package_says_what_it_does() -> None:
    for init in sorted(PACKAGE.rglob("__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 60, f"{init.relative_to(PACKAGE.parent)} : docstring"
    folders = {p.parent for p in PACKAGE.rglob("*.py")}
    missing = sorted(str(f) for f in folders if not (f / "__init__.py").exists())
    assert not missing, missing
