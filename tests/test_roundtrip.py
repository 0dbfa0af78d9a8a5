"""Round trip for every answer type: generate, fill by program, read back identical answers,
and the same after LibreOffice opened and saved the workbook (a real client, in CI too).
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path
from typing import Any

import pytest
from external import client
from workbooks import make_workbook

from evalsoc.answers.model import AnswerStatus
from evalsoc.excel.workbook import read_workbook
from evalsoc.referentiel.loader import load_text
from evalsoc.referentiel.model import Referentiel

ALL_TYPES = """\
schema_version: 1
id: types
version: 1.0.0
title: Tous les types de réponse
status: published
groups:
  - {id: structure, label: La structure, multiple: false}
  - {id: publics, label: Publics, min_respondents: 2}
scales:
  - id: accord
    label: Accord
    options:
      - {code: 1, label: Pas du tout d'accord, score: 0}
      - {code: 2, label: Plutôt pas d'accord, score: 1}
      - {code: 3, label: Plutôt d'accord, score: 2}
      - {code: 4, label: Tout à fait d'accord, score: 3}
      - {code: nc, label: Non concerné, meaning: non_concerne}
      - {code: nsp, label: Ne sait pas, meaning: ne_sait_pas}
dimensions:
  - id: D
    label: Dimension
    criteres:
      - id: D.1
        label: Critère
        indicateurs:
          - id: D.1.1
            label: Options
            kind: realisation
            questions:
              - {id: q_scale, label: Échelle, type: scale, scale: accord}
              - {id: q_yesno, label: Oui ou non, type: yesno}
              - id: q_single
                label: Un choix
                type: single_choice
                options: [{code: a, label: Choix A, score: 0}, {code: b, label: Choix B, score: 2}]
              - id: q_multi
                label: Plusieurs choix
                type: multiple_choice
                cap: 2
                options: [{code: x, label: X1, score: 1}, {code: y, label: Y1, score: 1},
                          {code: z, label: Z1, score: 1}]
              - {id: q_public, label: Avis du public, type: scale, scale: accord, group: publics}
            scoring: {method: options}
          - id: D.1.2
            label: Nombres
            kind: resultat
            questions:
              - {id: q_int, label: Entier, type: integer, min: 0, max: 1000}
              - {id: q_num, label: Nombre, type: number}
              - {id: q_pct, label: Pourcentage, type: percent}
              - {id: q_eur, label: Montant, type: amount}
            scoring: {method: linear, formula: "q_int + q_num + q_pct + q_eur", low: 0, high: 10}
          - id: D.1.3
            label: Informations
            kind: impact
            questions:
              - {id: q_date, label: Date, type: date}
              - {id: q_text, label: Texte, type: text}
            scoring: {method: informational}
"""

TYPED: dict[str, Any] = {
    "q_scale": "Plutôt d'accord", "q_yesno": "Non", "q_single": "Choix B",
    "q_multi:x": "X", "q_multi:z": "X", "q_int": 12, "q_num": 3.25, "q_pct": 0.35,
    "q_eur": 12500.5, "q_date": datetime.date(2025, 6, 30),
    "q_text": "Une phrase, avec « guillemets » et un retour\nà la ligne.",
}
GRID = {"publics": [{"q_public": "Tout à fait d'accord"}, {"q_public": "Ne sait pas"},
                    {"q_public": "Non concerné"}]}
EXPECTED: dict[tuple[str, str], object] = {
    ("q_scale", "structure"): "3", ("q_yesno", "structure"): "non",
    ("q_single", "structure"): "b", ("q_multi", "structure"): ("x", "z"),
    ("q_int", "structure"): 12.0, ("q_num", "structure"): 3.25,
    ("q_pct", "structure"): 35.0, ("q_eur", "structure"): 12500.5,
    ("q_date", "structure"): "2025-06-30",
    ("q_text", "structure"): "Une phrase, avec « guillemets » et un retour\nà la ligne.",
    ("q_public", "publics-001"): "4", ("q_public", "publics-002"): AnswerStatus.NE_SAIT_PAS,
    ("q_public", "publics-003"): AnswerStatus.NON_CONCERNE,
}


@pytest.fixture
def types_root(tmp_path: Path) -> tuple[Referentiel, Path]:
    folder = tmp_path / "referentiels"
    (folder / "types").mkdir(parents=True)
    (folder / "types" / "1.0.0.yaml").write_text(ALL_TYPES, encoding="utf-8")
    ref = load_text(ALL_TYPES, "types/1.0.0.yaml").referentiel
    assert ref is not None
    return ref, folder


def answers_of(path: Path, root: Path) -> dict[tuple[str, str], object]:
    result = read_workbook(path, root)
    assert result.valid and result.answers is not None, [i.render() for i in result.issues]
    return {(a.question, a.respondent): a.value if a.status is AnswerStatus.ANSWERED
            else a.status for a in result.answers.answers}


def test_every_type_round_trips(types_root: tuple[Referentiel, Path], tmp_path: Path) -> None:
    ref, root = types_root
    path = make_workbook(tmp_path / "types.xlsx", ref, answers=TYPED, grids=GRID)
    got = answers_of(path, root)
    assert got.pop(("q_pct", "structure")) == pytest.approx(35.0)
    expected = dict(EXPECTED)
    expected.pop(("q_pct", "structure"))
    assert got == expected


def libreoffice_resave(source: Path, folder: Path) -> Path:
    """Open and save with LibreOffice (headless), as an association's laptop would."""
    soffice = client("libreoffice")
    folder.mkdir()
    profile = (folder / "profil").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(folder),
                    str(source)], check=True, capture_output=True, timeout=180)
    saved = folder / source.name
    assert saved.is_file() and saved.read_bytes() != source.read_bytes()
    return saved


@pytest.mark.external
def test_every_type_survives_libreoffice(types_root: tuple[Referentiel, Path],
                                         tmp_path: Path) -> None:
    ref, root = types_root
    path = make_workbook(tmp_path / "types.xlsx", ref, answers=TYPED, grids=GRID)
    before = answers_of(path, root)
    after = answers_of(libreoffice_resave(path, tmp_path / "lo"), root)
    assert after.pop(("q_pct", "structure")) == pytest.approx(before.pop(("q_pct", "structure")))
    assert after == before
