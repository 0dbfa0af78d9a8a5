"""Documentation kept honest: the CLI reference, the README commands and the test tiers."""

from __future__ import annotations

import re
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
    assert ci_lines[-1] == test_command
    assert "export EVALSOC_EXTERNAL=required" in ci_lines[:-1]


def test_the_test_command_runs_ruff_mypy_and_every_test_as_steps_of_their_own() -> None:
    """Point 7 of issue 16: the gates are steps of the command, not tests inside pytest;
    mypy checks the tests too; pytest runs every tier (no -m filter)."""
    steps = [s.strip() for s in _quick_start_blocks()[1].split("&&")]
    assert ".venv/bin/ruff check evalsoc tests" in steps
    assert ".venv/bin/mypy --strict evalsoc tests" in steps
    assert steps[-1] == ".venv/bin/pytest"


def test_the_developer_section_documents_the_tiers() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    developers = readme.split("## Pour les développeurs", 1)[1]
    assert '.venv/bin/pytest -q -p no:cacheprovider -m "not slow"' in developers
    assert "EVALSOC_EXTERNAL=required" in developers
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"slow:' in pyproject and '"external:' in pyproject


def test_user_guides_exist_in_french() -> None:
    for name in ("methode-de-calcul.md", "referentiels.md", "format-reponses.md"):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert " le " in text and " la " in text and len(text) > 2000, name
