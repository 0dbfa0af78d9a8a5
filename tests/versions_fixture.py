"""The test référentiel of versions, ``essai-versions`` 1.0.0 → 1.1.0 (under
tests/data/referentiels), and answers to it computed by hand."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from evalsoc.answers.model import Answer, AnswerSet, AnswerStatus, Respondent, StructureInfo
from evalsoc.cli.main import cli
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


# By hand, from the answers of versions_fixture (1.0.0) and the crosswalk of 1.1.0:
HAND = {
    # same: emplois 3 → 3; the node ECO.1.1 is rescaled: bands 0/2/4/8 → 40 (was 70)
    "ECO.1.1": 40.0, "ECO.1.2": 100.0, "ECO.1": 70.0,
    # renamed: budget → budget_total; 12 000 / 40 000 = 30 % → linear 10..60 → 40
    "ECO.2.1": 40.0,
    # merged (sum): cdi 2 + cdd 1 = salaries 3 → bands 0/2/5 → 50
    "ECO.2.2": 50.0, "ECO.2": 45.0, "ECO": 57.5,
    # rescaled options 4→3, 3→2, 1→1 on accord3 (0, 50, 100): 100, 50, 0 → mean 50
    "SOC.3.1": 50.0,
    # reworded: accueil 3, 2, 4 → 2 of 3 in the top → 66.7 % → bands 0/50/80 → 50
    "SOC.3.2": 50.0, "SOC.3": 50.0,
    # split with mappings: tarifs → actions_tarifs (2 of cap 2 → 100), ateliers →
    # actions_mediation (1 of cap 2 → 50)
    "SOC.2.1": 100.0, "SOC.2": 100.0, "SOC.4.1": 50.0, "SOC.4": 50.0,
    "SOC": (50 + 100 + 50) / 3,
    # same throughout: residences 2 → bands 0/1/3 → 50
    "CULT.1.1": 50.0, "CULT.1": 50.0, "CULT": 50.0,
    # split without mapping: entrees → no answer for either part; TERR.1 has 1 of 3
    # indicators: coverage below 50 %
    "TERR.1.1": 50.0, "TERR.1.2": "sans_reponse", "TERR.1.3": "sans_reponse",
    "TERR.1": "couverture_insuffisante",
    # merged critère TERR.2: partenariats 2 → 40, reseau non → 0
    "TERR.2.1": 40.0, "TERR.2.2": 0.0, "TERR.2": 20.0, "TERR": 20.0,
    # dropped ag_participation; new renouvellement_ca: no answer; GOUV.1 = GOUV.1.1 = 50
    "GOUV.1.1": 50.0, "GOUV.1.3": "sans_reponse", "GOUV.1": 50.0,
    # rescaled by factor: 2 000 h × 0.000625 = 1.25 ETP → bands 0/0.5/1/2 → 70
    "GOUV.2.1": 70.0, "GOUV.2": 70.0, "GOUV": 60.0,
}


def copy_root(target: Path) -> Path:
    """A référentiels folder with the shipped ones and ``essai-versions``."""
    repo = DATA.parent.parent.parent / "referentiels"
    shutil.copytree(repo, target)
    shutil.copytree(DATA / IDENT, target / IDENT)
    return target


def use_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test référentiels copied under ``tmp_path``, as the commands' folder."""
    folder = copy_root(tmp_path / "referentiels")
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(folder))
    return folder


def run_cli(*args: str) -> tuple[int, str]:
    """A command run in this process: its exit code and what it printed."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


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


def store_answers(db: Path, campaign: str, year: int, ref: Referentiel, digest: str,
                  answer_sets: list[AnswerSet]) -> None:
    """A campaign of ``answer_sets`` written as ``evalsoc ingest`` writes valid
    workbooks (one structure submission each, scored)."""
    from evalsoc.scoring import score  # noqa: PLC0415
    from evalsoc.store.db import connect, transaction  # noqa: PLC0415
    from evalsoc.store.write import insert_rows, upsert_structure, write_scores  # noqa: PLC0415

    conn = connect(db)
    try:
        with transaction(conn):
            cursor = conn.execute(
                "INSERT INTO campaigns (name, year, referentiel, referentiel_hash, "
                "created_at) VALUES (?, ?, ?, ?, '2025-06-01')", (campaign, year, ref.ref,
                                                                  digest))
            campaign_id = int(cursor.lastrowid or 0)
            conn.execute("INSERT INTO campaign_referentiels VALUES (?, ?, ?, ?)",
                         (campaign_id, ref.ref, digest, ref.kind.value))
            for answers in answer_sets:
                info = answers.structure.model_copy(update={"consentement": "nominative",
                                                            "departement": "14"})
                upsert_structure(conn, info)
                cursor = conn.execute(
                    "INSERT INTO submissions (campaign_id, file_name, sha256, received_at, "
                    "kind, structure_id, referentiel, referentiel_hash, status, "
                    "engine_version, consent) VALUES (?, ?, ?, '2025-06-01', 'structure', "
                    "?, ?, ?, 'valide', '0', 'nominative')",
                    (campaign_id, f"{info.id}.xlsx", f"{campaign}:{info.id}", info.id,
                     ref.ref, digest))
                submission = int(cursor.lastrowid or 0)
                insert_rows(conn, submission, answers, ())
                write_scores(conn, submission, score(ref, answers, digest))
    finally:
        conn.close()
