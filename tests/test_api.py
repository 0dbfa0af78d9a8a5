"""The public API (issue 16, point 6): what ``evalsoc/__init__.py`` names, and the docs'
Python examples, which import only from it and all run (tests/test_doc_examples.py).

A1 every name of ``evalsoc.__all__`` resolves, to the object its module defines, and
the type checker sees the same names; A2 ``import evalsoc`` loads nothing else (each
name on first use); A3 every Python example of docs/ is played by the doc runner and
imports from ``evalsoc`` itself.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import evalsoc

ROOT = Path(__file__).resolve().parent.parent
INIT = ROOT / "evalsoc" / "__init__.py"


def _homes() -> dict[str, str]:
    homes: dict[str, str] = evalsoc._HOMES
    return homes


def test_a1_every_public_name_resolves_to_its_home() -> None:
    homes = _homes()
    assert evalsoc.__all__ == sorted(["__version__", *homes])
    for name, home in homes.items():
        module, _, attribute = home.partition(":")
        expected = getattr(importlib.import_module(module), attribute or name)
        assert getattr(evalsoc, name) is expected, name
    wanted = {"resolve", "read_workbook", "check_paths", "validate_answer_set", "score",
              "ingest", "Store", "build_fiches", "build_sector_report", "EvalsocError"}
    assert wanted <= set(evalsoc.__all__)


def test_a1_the_type_checker_sees_the_same_names() -> None:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    guarded = next(n for n in tree.body if isinstance(n, ast.If)
                   and isinstance(n.test, ast.Name) and n.test.id == "TYPE_CHECKING")
    seen = {alias.asname or alias.name for node in guarded.body
            if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert seen == set(_homes())


def test_a2_import_evalsoc_loads_nothing_else() -> None:
    code = ("import json, sys, evalsoc\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('evalsoc')"
            " or m.split('.')[0] in ('pandas', 'yaml', 'openpyxl', 'click', 'pydantic'))))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert json.loads(run.stdout) == ["evalsoc"]
    assert evalsoc.__version__ == "0.1.0"


_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)


def test_a3_every_python_example_of_the_docs_runs_and_imports_from_evalsoc() -> None:
    examples = 0
    for guide in sorted((ROOT / "docs").glob("*.md")):
        text = guide.read_text(encoding="utf-8")
        for match in _FENCE.finditer(text):
            if match.group(1) != "python":
                continue
            examples += 1
            line = text.count("\n", 0, match.start()) + 1
            before = text[:match.start()].rstrip().rsplit("\n", 1)[-1]
            assert "essai : python" in before, f"{guide.name}:{line} : exemple non joué"
            deep = re.findall(r"^\s*(?:from|import) evalsoc\.\S+", match.group(2), re.M)
            assert not deep, f"{guide.name}:{line} : {deep} (importez de evalsoc)"
    assert examples >= 15
