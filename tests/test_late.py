"""Late workbooks (issue 17, item 6): a questionnaire generated under the previous
version, returned to a campaign that now follows the new one.

L1 it is read through the crosswalk with a warning naming its version (VER021), its
answers stored as given (under 1.0.0), its scores those of the new version (the values
computed by hand) with their series flags; L2 a questionnaire of a later version than
its campaign is refused with the way forward (VER026); another référentiel is still
refused (DB001); L3 after ``migrate --annuler``, a late workbook of the old version is
scored under it again, while one of the new version blocks the way back (VER032).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_YAML
from versions_fixture import HAND, IDENT, answer_set, run_cli, store_answers, use_root
from workbooks import make_workbook

from evalsoc.answers.model import StructureInfo
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import load_entry, resolve

STRUCTURE: dict[str, Any] = {
    "emplois": 3, "convention": "Oui", "ressources_propres": 12000, "budget": 40000,
    "cdi": 2, "cdd": 1, "actions:tarifs": "X", "actions:ateliers": "X", "residences": 2,
    "communes": 4, "entrees": 5000, "partenariats": 2, "reseau": "Non",
    "benevoles_reguliers": 12, "ag_participation": 20, "heures_benevoles": 2000,
}
NEW: dict[str, Any] = {
    "emplois": 3, "convention": "Oui", "ressources_propres": 12000, "budget_total": 40000,
    "salaries": 3, "actions_tarifs:tarifs": "X", "actions_mediation:ateliers": "X",
    "residences": 2, "communes": 4, "entrees_payantes": 4000, "entrees_gratuites": 500,
    "partenariats": 2, "reseau": "Non", "benevoles_reguliers": 12, "renouvellement_ca": 22,
    "etp_benevoles": 1.25,
}
BENEVOLES = [{"rencontres": "Tout à fait d'accord", "accueil": "Plutôt d'accord"},
             {"rencontres": "Plutôt d'accord", "accueil": "Plutôt pas d'accord"},
             {"rencontres": "Pas du tout d'accord", "accueil": "Tout à fait d'accord"}]


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return use_root(tmp_path, monkeypatch)


def _version(root: Path, version: str) -> tuple[Referentiel, str]:
    entry, ref = resolve(f"{IDENT}@{version}", root)
    return ref, load_entry(entry).hash or ""


def _migrated_campaign(db: Path, root: Path) -> None:
    old, digest = _version(root, "1.0.0")
    store_answers(db, "2025", 2025, old, digest, [answer_set(old, ident="S0")])
    assert run_cli("migrate", "--campagne", "2025", "--vers", f"{IDENT}@1.1.0", "--db",
                str(db))[0] == 0


def test_l1_an_earlier_version_is_read_through_the_crosswalk(root: Path, tmp_path: Path
                                                              ) -> None:
    db = tmp_path / "base.sqlite"
    _migrated_campaign(db, root)
    old, _ = _version(root, "1.0.0")
    late = make_workbook(tmp_path / "retard" / "s1.xlsx", old, STRUCTURE,
                         {"benevoles": BENEVOLES}, structure=StructureInfo(id="S1", name="S1"))
    code, out = run_cli("ingest", str(late), "--campagne", "2025", "--db", str(db))
    assert code == 0, out
    assert "enregistrés : 1" in out
    assert "[VER021]" in out and "produit pour essai-versions@1.0.0" in out
    assert "la campagne « 2025 » suit essai-versions@1.1.0" in out
    assert "[VER022]" in out and "ag_participation : 1" in out
    with sqlite3.connect(db) as conn:
        sub, ref = conn.execute("SELECT id, referentiel FROM submissions WHERE "
                                "structure_id = 'S1'").fetchone()
        questions = {q for (q,) in conn.execute(
            "SELECT question FROM answers WHERE submission_id = ?", (sub,))}
        scores = {n: (s, a) for n, s, a in conn.execute(
            "SELECT node, score, absent FROM scores WHERE submission_id = ?", (sub,))}
        flags = dict(conn.execute("SELECT node, flag FROM series WHERE submission_id = ?",
                                  (sub,)).fetchall())
        warned = [c for (c,) in conn.execute("SELECT code FROM issues WHERE "
                                            "submission_id = ?", (sub,))]
    assert ref == f"{IDENT}@1.0.0"  # stored as given
    assert {"budget", "cdi", "ag_participation", "heures_benevoles"} <= questions
    assert set(scores) == set(HAND)
    for node, want in HAND.items():
        if isinstance(want, float):
            assert scores[node][0] == pytest.approx(want, abs=1e-6), node
        else:
            assert scores[node] == (None, want), node
    assert flags["GOUV"] == "rupture" and flags["CULT"] == "comparable"
    assert "VER021" in warned and "VER022" in warned


def test_l2_a_later_version_or_another_referentiel_is_refused(root: Path, tmp_path: Path
                                                              ) -> None:
    db = tmp_path / "base.sqlite"
    old, digest = _version(root, "1.0.0")
    store_answers(db, "2025", 2025, old, digest, [answer_set(old, ident="S0")])
    new, _ = _version(root, "1.1.0")
    early = make_workbook(tmp_path / "avance" / "s1.xlsx", new, NEW,
                          {"benevoles": []}, structure=StructureInfo(id="S1", name="S1"))
    code, out = run_cli("ingest", str(early), "--campagne", "2025", "--db", str(db))
    assert code == 1
    assert "ce questionnaire suit essai-versions@1.1.0, la campagne « 2025 » suit encore " \
           "essai-versions@1.0.0" in out
    assert "evalsoc migrate --campagne 2025 --vers essai-versions@1.1.0" in out
    (root / "mini").mkdir()
    (root / "mini" / "1.0.0.yaml").write_text(MINI_YAML, encoding="utf-8")
    mini = resolve("mini@1.0.0", root)[1]
    other = make_workbook(tmp_path / "autre" / "s2.xlsx", mini,
                          structure=StructureInfo(id="S2", name="S2"))
    code, out = run_cli("ingest", str(other), "--campagne", "2025", "--db", str(db))
    assert code == 1 and "suit mini@1.0.0, mais la campagne « 2025 »" in out


def test_l3_undo_with_late_workbooks(root: Path, tmp_path: Path) -> None:
    db = tmp_path / "base.sqlite"
    _migrated_campaign(db, root)
    old, _ = _version(root, "1.0.0")
    late = make_workbook(tmp_path / "retard" / "s1.xlsx", old, STRUCTURE,
                         {"benevoles": BENEVOLES}, structure=StructureInfo(id="S1", name="S1"))
    assert run_cli("ingest", str(late), "--campagne", "2025", "--db", str(db))[0] == 0
    code, out = run_cli("migrate", "--campagne", "2025", "--annuler", "--db", str(db))
    assert code == 0, out
    assert "Reçues depuis le recalcul, notées sous essai-versions@1.0.0 : S1." in out
    with sqlite3.connect(db) as conn:
        eco = conn.execute("SELECT sc.score FROM scores sc JOIN submissions s ON "
                           "s.id = sc.submission_id WHERE s.structure_id = 'S1' AND "
                           "sc.node = 'ECO'").fetchone()[0]
        assert conn.execute("SELECT COUNT(*) FROM series").fetchone()[0] == 0
    assert eco == 65.0  # the 1.0.0 score of the golden example
    assert run_cli("migrate", "--campagne", "2025", "--vers", f"{IDENT}@1.1.0", "--db",
                str(db))[0] == 0
    new, _ = _version(root, "1.1.0")
    native = make_workbook(tmp_path / "neuf" / "s2.xlsx", new, NEW,
                           {"benevoles": []}, structure=StructureInfo(id="S2", name="S2"))
    code, out = run_cli("ingest", str(native), "--campagne", "2025", "--db", str(db))
    assert code == 0, out
    code, out = run_cli("migrate", "--campagne", "2025", "--annuler", "--db", str(db))
    assert code == 2 and "[VER032]" in out and "s2.xlsx" in out
