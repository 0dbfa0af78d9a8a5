"""Issue 14, item 4: ``evalsoc explain`` on a returned workbook, on its answers JSON (as
``evalsoc score --reponses`` writes it) and on the structure stored in a campaign: the
same trace, line for line, comments included.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_comments import MINI_SAID, _campaign, with_comments
from workbooks import make_workbook

from evalsoc.answers.model import StructureInfo
from evalsoc.cli.main import cli
from evalsoc.referentiel.model import Referentiel
from evalsoc.store.ingest import ingest


@pytest.fixture
def root(mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(mini_root))
    return mini_root


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_a_workbook_and_its_answers_json_explain_alike(tmp_path: Path, mini: Referentiel,
                                                      root: Path) -> None:
    path = make_workbook(tmp_path / "retour.xlsx", mini, edit=with_comments(MINI_SAID))
    written = run("score", str(path), "--reponses", str(tmp_path / "reponses"), "-q")
    assert written.exit_code == 0, written.output
    assert "Réponses de 1 structure(s) écrites" in written.output
    answers = tmp_path / "reponses" / "retour.json"
    data = json.loads(answers.read_text(encoding="utf-8"))
    assert data["format"] == "evalsoc-reponses" and len(data["comments"]) == 3
    assert data["answers"][0]["source"]["cell"].startswith("D")
    for node in ([], ["--node", "ECO"], ["--node", "SOC.1.2"]):
        from_workbook = run("explain", str(path), *node)
        from_json = run("explain", "--answers", str(answers), *node)
        assert from_workbook.exit_code == from_json.exit_code == 0
        assert from_workbook.output == from_json.output
    text = run("explain", str(path)).output
    assert "[Questionnaire!D7]" in text  # the cell of each answer
    assert "commentaire : « Dont 1 ETP en contrat aidé »" in text
    assert run("explain", str(path), "--json").output == run(
        "explain", "--answers", str(answers), "--json").output


def test_a_structure_with_its_forms_from_workbooks_json_and_store(
        tmp_path: Path, mini: Referentiel, root: Path) -> None:
    folder = _campaign(tmp_path, mini)
    explained = run("explain", str(folder / "s1.xlsx"), str(folder / "s1_benevoles_04.xlsx"))
    assert explained.exit_code == 0, explained.output
    assert "benevoles-i4-" in explained.output  # the form's respondent, joined
    assert "commentaire : « Très bien reçue par l'équipe (nominative) »" in explained.output
    several = run("explain", str(folder))
    assert several.exit_code == 2 and "EXP001" in several.output
    chosen = run("explain", str(folder), "--structure", "s1")
    assert chosen.output == explained.output
    run("score", str(folder), "--reponses", str(tmp_path / "rep"), "-q")
    from_json = run("explain", "--answers", str(tmp_path / "rep" / "s1.json"))
    assert from_json.output == explained.output
    db = tmp_path / "c.sqlite"
    ingest([folder], "2025", db, 2025, workers=1)
    stored = run("explain", "--campagne", "2025", "--structure", "S1", "--db", str(db))
    assert stored.exit_code == 0, stored.output
    assert stored.output == explained.output
    for node in ("SOC.1", "ECO.2.1"):
        assert run("explain", "--campagne", "2025", "--structure", "S1", "--db", str(db),
                   "--node", node).output == run("explain", str(folder), "--structure",
                                                 "S1", "--node", node).output


def test_explain_says_why_it_cannot(tmp_path: Path, mini: Referentiel, root: Path) -> None:
    bad = make_workbook(tmp_path / "faux.xlsx", mini,
                        answers={"convention": "Oui", "etp": "nan", "budget": 1000,
                                 "ressources_propres": 10, "actions:tarifs": "X"})
    refused = run("explain", str(bad))
    assert refused.exit_code == 1 and "ANS008" in refused.output
    assert "Impossible d'expliquer" in refused.output
    nothing = run("explain")
    assert nothing.exit_code == 2 and "une seule source" in nothing.output
    both = run("explain", str(bad), "--answers", str(bad))
    assert both.exit_code == 2
    good = make_workbook(tmp_path / "bon.xlsx", mini,
                         structure=StructureInfo(id="S9", name="Neuf"))
    db = tmp_path / "c.sqlite"
    ingest([good], "2025", db, 2025, workers=1)
    absent = run("explain", "--campagne", "2025", "--structure", "S404", "--db", str(db))
    assert absent.exit_code == 1 and "EXP004" in absent.output and "S9" in absent.output
    unknown = run("explain", "--campagne", "2030", "--structure", "S9", "--db", str(db))
    assert unknown.exit_code == 2 and "DB003" in unknown.output
    nobase = run("explain", "--campagne", "2025", "--structure", "S9", "--db",
                 str(tmp_path / "aucune.sqlite"))
    assert nobase.exit_code == 2 and not (tmp_path / "aucune.sqlite").exists()
    other = run("explain", str(good), "--structure", "S1")
    assert other.exit_code == 1 and "EXP002" in other.output
