"""Documentation kept honest: the CLI reference, the README commands, code quality gates."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from evalsoc.cli.docgen import reference

ROOT = Path(__file__).resolve().parent.parent


def _quick_start_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Démarrage rapide", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(?:sh|bash|shell)\n(.*?)```", section, flags=re.S)


def test_cli_reference_is_in_sync_with_help() -> None:
    on_disk = (ROOT / "docs" / "reference-cli.md").read_text(encoding="utf-8")
    regenerate = "python -m evalsoc.cli.docgen > docs/reference-cli.md"
    assert on_disk == reference(), f"régénérez : {regenerate}"


def test_readme_has_two_commands_and_ci_runs_the_second() -> None:
    blocks = _quick_start_blocks()
    assert len(blocks) == 2
    test_command = blocks[1].strip()
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


def test_user_guides_exist_in_french() -> None:
    for name in ("methode-de-calcul.md", "referentiels.md", "format-reponses.md"):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert " le " in text and " la " in text and len(text) > 2000, name


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is a dev dependency"
    return found


def test_ruff_is_clean() -> None:
    run = subprocess.run([_tool("ruff"), "check", "evalsoc", "tests"], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict_is_clean() -> None:
    run = subprocess.run([_tool("mypy"), "evalsoc"], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


_ASSIGNMENTS = """
from evalsoc.answers.model import Answer, CellRef
from evalsoc.scoring.result import AnswerTrace, NodeScore

def change(answer: Answer, cell: CellRef, trace: AnswerTrace, node: NodeScore) -> None:
    answer.value = "2"
    cell.cell = "A1"
    trace.score = 0.0
    node.score = 0.0
    node.children = ()
"""


def test_value_classes_are_read_only_for_mypy(tmp_path: Path) -> None:
    """Answers, cell references, traces and score nodes are built without the cost of a
    frozen dataclass (evalsoc.support.immutable); mypy --strict is what refuses to change them."""
    snippet = tmp_path / "change_values.py"
    snippet.write_text(_ASSIGNMENTS, encoding="utf-8")
    run = subprocess.run([_tool("mypy"), "--follow-imports=silent", str(snippet)], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    refused = [line for line in run.stdout.splitlines() if "is read-only" in line]
    assert len(refused) == 5, run.stdout + run.stderr
