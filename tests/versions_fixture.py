"""The test référentiel of versions, ``essai-versions`` 1.0.0 → 1.1.0 (under
tests/data/referentiels), and answers to it computed by hand."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from evalsoc.answers.model import Answer, AnswerSet, AnswerStatus, Respondent, StructureInfo
from evalsoc.referentiel.model import Referentiel

DATA = Path(__file__).resolve().parent / "data" / "referentiels"
IDENT = "essai-versions"

# one structure's answers under 1.0.0 (the golden example « complet » of that version)
STRUCTURE: dict[str, Any] = {
    "emplois": 3.0, "convention": "oui", "ressources_propres": 12000.0, "budget": 40000.0,
    "cdi": 2.0, "cdd": 1.0, "actions": ("tarifs", "ateliers"), "residences": 2.0,
    "communes": 4.0, "entrees": 5000.0, "partenariats": 2.0, "reseau": "non",
    "benevoles_reguliers": 12.0, "ag_participation": 20.0, "heures_benevoles": 2000.0,
}
BENEVOLES: list[dict[str, Any]] = [
    {"rencontres": "4", "accueil": "3"}, {"rencontres": "3", "accueil": "2"},
    {"rencontres": "1", "accueil": "4"},
]


def copy_root(target: Path) -> Path:
    """A référentiels folder with the shipped ones and ``essai-versions``."""
    repo = DATA.parent.parent.parent / "referentiels"
    shutil.copytree(repo, target)
    shutil.copytree(DATA / IDENT, target / IDENT)
    return target


def answer_set(ref: Referentiel, structure: dict[str, Any] | None = None,
               benevoles: list[dict[str, Any]] | None = None, ident: str = "S1"
               ) -> AnswerSet:
    rows = STRUCTURE if structure is None else structure
    answers = [_answer(q, "structure", v) for q, v in rows.items()]
    respondents = [Respondent(id="structure", group="structure")]
    for index, row in enumerate(BENEVOLES if benevoles is None else benevoles, start=1):
        respondents.append(Respondent(id=f"ben-{index:02d}", group="benevoles"))
        answers += [_answer(q, f"ben-{index:02d}", v) for q, v in row.items()]
    return AnswerSet(referentiel=ref.ref, structure=StructureInfo(id=ident, name=ident),
                     respondents=tuple(respondents), answers=tuple(answers))


def _answer(question: str, respondent: str, value: Any) -> Answer:
    if isinstance(value, AnswerStatus):
        return Answer(question=question, respondent=respondent, status=value)
    return Answer(question=question, respondent=respondent, value=value)
