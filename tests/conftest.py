"""Shared fixtures: a small référentiel written inline, and answer sets built in code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from external import MARKED
from pgserver import backend, make_target, pg_cluster  # noqa: F401 - fixtures of both backends

from evalsoc.answers.model import Answer, AnswerSet, AnswerStatus, Respondent, StructureInfo
from evalsoc.referentiel.loader import load_text
from evalsoc.referentiel.model import Referentiel

MINI_YAML = """\
schema_version: 1
id: mini
version: 1.0.0
title: Mini référentiel de test
status: published
groups:
  - {id: structure, label: La structure, multiple: false}
  - {id: benevoles, label: Bénévoles, min_respondents: 3}
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
levels:
  - {code: 1, label: À construire, min: 0, color: "#d55e00"}
  - {code: 2, label: En développement, min: 25, color: "#e69f00"}
  - {code: 3, label: Affirmé, min: 50, color: "#56b4e9"}
  - {code: 4, label: Remarquable, min: 75, color: "#009e73"}
dimensions:
  - id: ECO
    label: Économie
    criteres:
      - id: ECO.1
        label: Emploi
        pistes_action: [Consolider les emplois aidés]
        indicateurs:
          - id: ECO.1.1
            label: Convention collective
            kind: realisation
            questions:
              - {id: convention, label: "Appliquez-vous une convention collective ?", type: yesno}
            scoring: {method: options}
          - id: ECO.1.2
            label: Emplois permanents
            kind: realisation
            questions:
              - {id: etp, label: ETP permanents, type: number, min: 0, max: 500}
            scoring:
              method: bands
              bands: [{min: 0, score: 0}, {min: 1, score: 40}, {min: 3, score: 70},
                      {min: 6, score: 100}]
      - id: ECO.2
        label: Ressources
        weight: 2
        pistes_action: [Diversifier les ressources]
        indicateurs:
          - id: ECO.2.1
            label: Part des ressources propres
            kind: resultat
            questions:
              - {id: ressources_propres, label: Ressources propres, type: amount}
              - {id: budget, label: Budget total, type: amount, allow_non_concerne: false}
            scoring:
              method: linear
              formula: ressources_propres / budget * 100
              low: 10
              high: 60
  - id: SOC
    label: Lien social
    criteres:
      - id: SOC.1
        label: Rencontres
        pistes_action: [Organiser des temps conviviaux]
        indicateurs:
          - id: SOC.1.1
            label: Rencontres grâce à l'association
            kind: resultat
            questions:
              - {id: rencontres, label: J'ai rencontré des gens, type: scale, scale: accord,
                 group: benevoles}
            scoring: {method: options}
          - id: SOC.1.2
            label: Part des bénévoles d'accord
            kind: resultat
            questions:
              - {id: accueil, label: Je me suis senti bien accueilli, type: scale, scale: accord,
                 group: benevoles}
            scoring:
              method: bands
              consolidation: {method: top_share, top: [3, 4]}
              bands: [{min: 0, score: 0}, {min: 50, score: 50}, {min: 80, score: 100}]
      - id: SOC.2
        label: Ouverture
        pistes_action: [Aller vers de nouveaux publics]
        indicateurs:
          - id: SOC.2.1
            label: Actions d'ouverture
            kind: realisation
            questions:
              - id: actions
                label: Quelles actions menez-vous ?
                type: multiple_choice
                cap: 3
                options:
                  - {code: tarifs, label: Tarifs solidaires, score: 2}
                  - {code: ateliers, label: Ateliers, score: 1}
                  - {code: navettes, label: Navettes, score: 1}
                  - {code: autre, label: Autre, score: 1}
            scoring: {method: options}
          - id: SOC.2.2
            label: Témoignage
            kind: impact
            questions:
              - {id: verbatim, label: Un souvenir marquant, type: text}
            scoring: {method: informational}
"""


@pytest.fixture
def mini() -> Referentiel:
    loaded = load_text(MINI_YAML, "mini/1.0.0.yaml")
    assert loaded.referentiel is not None, loaded.issues
    return loaded.referentiel


AnswerSpec = Any


def build_answers(structure: dict[str, AnswerSpec], groups: dict[str, list[dict[str, Any]]]
                  | None = None, ref: str = "mini@1.0.0") -> AnswerSet:
    """An answer set: ``structure`` maps question -> value or status; ``groups`` maps a
    group to one dict per respondent."""
    respondents = [Respondent(id="structure", group="structure")]
    answers = [_answer(q, "structure", v) for q, v in structure.items()]
    for group, rows in (groups or {}).items():
        for index, row in enumerate(rows, start=1):
            rid = f"{group}-{index}"
            respondents.append(Respondent(id=rid, group=group))
            answers.extend(_answer(q, rid, v) for q, v in row.items())
    return AnswerSet(referentiel=ref, structure=StructureInfo(id="S1", name="Test"),
                     respondents=tuple(respondents), answers=tuple(answers))


def _answer(question: str, respondent: str, value: AnswerSpec) -> Answer:
    if isinstance(value, AnswerStatus):
        return Answer(question=question, respondent=respondent, status=value)
    if isinstance(value, list):
        value = tuple(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    return Answer(question=question, respondent=respondent, value=value)


@pytest.fixture
def answers() -> Callable[..., AnswerSet]:
    return build_answers


@pytest.fixture
def mini_root(tmp_path: Path) -> Path:
    """A référentiel folder holding only ``mini@1.0.0``."""
    folder = tmp_path / "referentiels"
    (folder / "mini").mkdir(parents=True)
    (folder / "mini" / "1.0.0.yaml").write_text(MINI_YAML, encoding="utf-8")
    return folder


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tell tests/external.py whether the test about to run (and its fixtures) is marked
    ``external``."""
    MARKED["external"] = item.get_closest_marker("external") is not None


def pytest_runtest_teardown(item: pytest.Item) -> None:
    MARKED["external"] = False
