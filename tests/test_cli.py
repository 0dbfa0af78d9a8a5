"""The command line through click's runner: exit codes, JSON equal to the library's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_YAML, build_answers

from evalsoc.answers.model import AnswerStatus
from evalsoc.batch.answer_file import score_answer_file
from evalsoc.cli.main import cli

FULL = {"convention": "oui", "etp": 3.5, "ressources_propres": 12000, "budget": 40000,
        "actions": ["tarifs", "ateliers"], "verbatim": "Très bien"}
BENEVOLES = [{"rencontres": 4, "accueil": 3}, {"rencontres": 3, "accueil": 2},
             {"rencontres": 1, "accueil": 4}]


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A référentiel folder holding ``mini@1.0.0`` and one hand-computed golden example."""
    folder = tmp_path / "referentiels"
    (folder / "mini").mkdir(parents=True)
    (folder / "mini" / "1.0.0.yaml").write_text(MINI_YAML, encoding="utf-8")
    examples = folder / "mini" / "examples" / "1.0.0"
    examples.mkdir(parents=True)
    answers = build_answers(FULL, {"benevoles": BENEVOLES})
    golden = {"description": "calculé à la main", "answers": answers.model_dump(mode="json"),
              "expected": {"ECO.1": 85, "ECO.2": 40, "ECO": 55, "ECO.1.2": 70,
                           "SOC.1.2": 50, "SOC.2.2": "informatif"}}
    (examples / "complet.json").write_text(json.dumps(golden), encoding="utf-8")
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(folder))
    return folder


def _write_answers(path: Path, structure: dict[str, object]) -> Path:
    answers = build_answers(structure, {"benevoles": BENEVOLES})
    path.write_text(answers.model_dump_json(), encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_list_and_show(root: Path) -> None:
    code, out = run("referentiel", "list")
    assert code == 0 and "mini@1.0.0" in out and "published" in out
    code, out = run("referentiel", "show", "mini", "--json")
    assert code == 0 and json.loads(out)["id"] == "mini"
    code, out = run("referentiel", "show", "mini@1.0.0")
    assert "ECO.2.1" in out and "ressources_propres" in out


def test_check_ok_with_golden_examples(root: Path) -> None:
    code, out = run("referentiel", "check", "mini@1.0.0")
    assert code == 0, out
    assert "1 exemple(s) de référence vérifié(s)" in out


def test_check_reports_a_wrong_golden_value(root: Path) -> None:
    golden = root / "mini" / "examples" / "1.0.0" / "complet.json"
    data = json.loads(golden.read_text(encoding="utf-8"))
    data["expected"]["ECO"] = 60
    golden.write_text(json.dumps(data), encoding="utf-8")
    code, out = run("referentiel", "check", "mini", "--json")
    assert code == 1
    [issue] = json.loads(out)["issues"]
    assert issue["code"] == "GOLD001" and issue["path"] == "ECO"


def test_check_every_part_of_referentiels_asked_together(root: Path) -> None:
    """« a+b » checks b too: a broken second part fails the command, by name."""
    (root / "autre").mkdir()
    (root / "autre" / "1.0.0.yaml").write_text(
        MINI_YAML.replace("id: mini", "id: autre").replace("scale: accord", "scale: inconnue"),
        encoding="utf-8")
    code, out = run("referentiel", "check", "mini@1.0.0+autre@1.0.0")
    assert code == 1, out
    assert "mini@1.0.0 : valide" in out and "REF004" in out
    code, out = run("referentiel", "check", "mini@1.0.0+autre@1.0.0", "--json")
    assert code == 1
    assert [r["valid"] for r in json.loads(out)] == [True, False]


def test_check_exit_codes(root: Path, tmp_path: Path) -> None:
    broken = tmp_path / "mini" / "1.0.0.yaml"
    broken.parent.mkdir()
    broken.write_text(MINI_YAML.replace("scale: accord", "scale: inconnue"), encoding="utf-8")
    code, out = run("referentiel", "check", str(broken))
    assert code == 1 and "REF004" in out
    code, out = run("referentiel", "check", "absent@9.9.9")
    assert code == 2


def test_score_json_equals_library(root: Path, tmp_path: Path) -> None:
    path = _write_answers(tmp_path / "a.json", FULL)
    code, out = run("score", "--answers", str(path), "--json")
    assert code == 0
    library = score_answer_file(path).result
    assert library is not None
    assert json.loads(out)[0]["result"] == library.model_dump(mode="json")


def test_score_table_and_output_file(root: Path, tmp_path: Path) -> None:
    path = _write_answers(tmp_path / "a.json", {**FULL, "etp": 0.5})
    target = tmp_path / "scores.json"
    code, out = run("score", "--answers", str(path), "-o", str(target))
    assert code == 0
    assert "ECO" in out and "Pistes d'action" in out
    assert json.loads(target.read_text(encoding="utf-8"))[0]["valid"] is True


def test_score_invalid_file_is_listed_not_scored(root: Path, tmp_path: Path) -> None:
    bad = _write_answers(tmp_path / "bad.json", {**FULL, "etp": "trois"})
    good = _write_answers(tmp_path / "good.json", FULL)
    code, out = run("score", "--answers", str(bad), "--answers", str(good))
    assert code == 1
    assert "ANS008" in out and "« trois » n'est pas un nombre" in out
    assert "bad.json : non noté" in out and "1 noté(s), 1 non noté(s)" in out
    not_json = tmp_path / "x.json"
    not_json.write_text("{pas du json", encoding="utf-8")
    code, out = run("score", "--answers", str(not_json))
    assert code == 1 and "ANS001" in out


def test_explain_node(root: Path, tmp_path: Path) -> None:
    path = _write_answers(tmp_path / "a.json", {**FULL, "convention": AnswerStatus.NON_CONCERNE})
    code, out = run("explain", "--answers", str(path), "--node", "ECO.1")
    assert code == 0
    assert "Référentiel : mini@1.0.0" in out
    assert "non concerné : exclu du calcul" in out
    assert "tranche « ≥ 3 » atteinte par 3,5 → 70" in out
    code, out = run("explain", "--answers", str(path), "--node", "NOPE")
    assert code == 2


def test_version_and_french_usage_errors() -> None:
    code, out = run("--version")
    assert code == 0 and out.startswith("evalsoc ")
    code, out = run("score")
    assert code == 2 and "indiquez des classeurs" in out
    code, out = run("explain")
    assert code == 2 and "donnez une seule source" in out


def test_real_process_exit_codes(root: Path, tmp_path: Path) -> None:
    """The console entry point keeps the exit-code contract (not only click's runner)."""
    bad = _write_answers(tmp_path / "bad.json", {**FULL, "etp": "trois"})
    env = {"EVALSOC_REFERENTIELS": str(root), "PATH": ""}
    runs = {
        0: ["referentiel", "check", "mini"],
        1: ["score", "--answers", str(bad)],
        2: ["referentiel", "check", str(tmp_path / "absent.yaml")],
    }
    for expected, args in runs.items():
        done = subprocess.run([sys.executable, "-m", "evalsoc", *args], env=env,
                              capture_output=True, text=True, check=False)
        assert done.returncode == expected, (args, done.stdout, done.stderr)
