"""The store and ingestion: nothing duplicated, nothing lost, crash-safe, superseding.

I1 same bytes twice; I2 a corrected re-submission supersedes and the old one is kept;
I3 SIGKILL at any moment, then a re-run, equals a clean run; I4 rejected files are
recorded with their issues; I5 individual forms join their structure; I6 the DataFrame
API has the documented columns.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pgserver import arg, dump
from workbooks import BENEVOLES, make_workbook

from evalsoc.answers.model import StructureInfo
from evalsoc.questionnaire.writer import build_individual_workbook, write_workbook
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.model import Referentiel
from evalsoc.store.frames import Store
from evalsoc.store.ingest import ingest
from evalsoc.store.target import Target

MakeTarget = Callable[[str], Target]


@pytest.fixture
def root(mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(mini_root))
    return mini_root


def campaign(folder: Path, mini: Referentiel, count: int, etp: float = 3.5) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        info = StructureInfo(id=f"S{n:03d}", name=f"Structure {n}")
        answers = {"convention": "Oui", "etp": etp + n % 7, "ressources_propres": 1000 * n,
                   "budget": 40000, "actions:tarifs": "X", "verbatim": f"Texte {n}"}
        make_workbook(folder / f"s{n:03d}.xlsx", mini, answers=answers, structure=info)
    return folder


def test_i1_same_bytes_twice_changes_nothing(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    files = campaign(tmp_path / "in", mini, 6)
    db = make_target("c")
    first = ingest([files], "2025", db, 2025, workers=1, root=root)
    assert (first.ingested, first.known, first.rejected) == (6, 0, [])
    before = dump(db)
    again = ingest([files], "2025", db, 2025, workers=1, root=root)
    assert (again.ingested, again.known) == (0, 6)
    assert dump(db) == before


def test_i2_correction_supersedes_and_keeps_the_old(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    db = make_target("c")
    ingest([campaign(tmp_path / "in", mini, 4)], "2025", db, 2025, workers=1, root=root)
    fixed = make_workbook(tmp_path / "fix" / "s001-v2.xlsx", mini,
                          answers={"convention": "Non", "etp": 9, "budget": 40000},
                          structure=StructureInfo(id="S001", name="Structure 1"))
    summary = ingest([fixed], "2025", db, 2025, workers=1, root=root)
    assert (summary.ingested, summary.superseded) == (1, 1)
    with Store(db) as store:
        subs = store.submissions("2025")
        s001 = subs[subs["structure_id"] == "S001"].sort_values("submission_id")
        assert list(s001["statut"]) == ["remplacee", "valide"]
        assert s001["remplace"].iloc[1] == s001["submission_id"].iloc[0]
        scores = store.scores("2025")
        eco = scores[(scores["structure_id"] == "S001") & (scores["noeud"] == "ECO.1.1")]
        assert list(eco["score"]) == [0.0]  # the corrected answer, and only it
        assert len(store.answers("2025").query("structure_id == 'S001'")) > 0


def test_i4_rejected_files_are_recorded(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    db = make_target("c")
    files = campaign(tmp_path / "in", mini, 3)
    (files / "vide.xlsx").write_bytes(b"")
    make_workbook(files / "faux.xlsx", mini, answers={"etp": "trois"},
                  structure=StructureInfo(id="S900", name="Fautive"))
    summary = ingest([files], "2025", db, 2025, workers=1, root=root)
    assert summary.ingested == 3
    assert sorted(Path(f).name for f, _ in summary.rejected) == ["faux.xlsx", "vide.xlsx"]
    with Store(db) as store:
        issues = store.issues("2025")
        assert {"XL001", "ANS008"} <= set(issues["code"])
        assert "S900" not in set(store.scores("2025")["structure_id"])
    again = ingest([files], "2025", db, 2025, workers=1, root=root)
    assert again.known == 5 and not again.rejected


def test_i5_individual_forms_join_their_structure(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    db = make_target("c")
    info = StructureInfo(id="S1", name="Le Hangar à Sons")
    folder = tmp_path / "in"
    make_workbook(folder / "a-structure.xlsx", mini, grids={"benevoles": BENEVOLES[:2]},
                  structure=info)
    form = build_individual_workbook(mini, "benevoles", info, "Q-TEST", 3, "Q-IND-3",
                                     canonical_hash(mini))
    sheet = form["Questionnaire"]
    for row in sheet.iter_rows():
        if row[0].value == "rencontres":
            row[3].value = "Tout à fait d'accord"
        if row[0].value == "accueil":
            row[3].value = "Plutôt d'accord"
    write_workbook(form, folder / "b-individuel.xlsx")
    # two bénévoles in the grid are too few (minimum 3); the form makes three
    ingest([folder / "a-structure.xlsx"], "2025", db, 2025, workers=1, root=root)
    with Store(db) as store:
        node = store.scores("2025").query("noeud == 'SOC.1.1'")
        assert node["absence"].iloc[0] == "trop_peu_de_repondants"
    summary = ingest([folder], "2025", db, 2025, workers=1, root=root)
    assert summary.individual == 1
    with Store(db) as store:
        node = store.scores("2025").query("noeud == 'SOC.1.1'")
        assert node["score"].iloc[0] == pytest.approx((100 + 200 / 3 + 100) / 3)
        counts = store.respondents("2025")
        assert int(counts.query("groupe == 'benevoles'")["n"].sum()) == 3


def test_i6_dataframe_columns(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    db = make_target("c")
    ingest([campaign(tmp_path / "in", mini, 3)], "2025", db, 2025, workers=1, root=root)
    with Store(db) as store:
        assert list(store.scores("2025").columns) == [
            "campagne", "annee", "structure_id", "noeud", "type", "score", "niveau",
            "completude", "absence", "libelle", "dimension", "groupe_source"]
        explained = store.scores("2025", explain=True)
        assert {"raison", "regle"} <= set(explained.columns)
        assert set(store.figures("2025")["question"]) >= {"etp", "budget"}
        assert list(store.structures().columns)[:3] == ["structure_id", "nom", "departement"]
        assert store.campaigns()["structures"].iloc[0] == 3


@pytest.mark.slow
def test_i3_killed_at_random_moments_then_rerun_equals_clean(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    files = campaign(tmp_path / "in", mini, 24)
    clean = make_target("clean")
    ingest([files], "2025", clean, 2025, workers=1, root=root)
    killed = make_target("killed")
    command = [sys.executable, "-m", "evalsoc", "ingest", str(files), "--campagne", "2025",
               "--annee", "2025", "--db", arg(killed), "--workers", "1", "-q"]
    env = {**os.environ, "EVALSOC_REFERENTIELS": str(root)}
    # kill moments are drawn within the length of a whole run on this machine, so that
    # the kills land in the run whatever the machine's speed
    timed = make_target("timed")
    start = time.perf_counter()
    subprocess.run([*command[:-4], arg(timed), *command[-3:]], env=env, check=True,
                   capture_output=True)
    length = time.perf_counter() - start
    chance = random.Random(20251126)
    kills = 0
    for _ in range(6):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.2, 0.9) * length)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
    subprocess.run(command, env=env, check=False, capture_output=True)
    assert kills >= 1
    assert dump(killed) == dump(clean)


def test_i7_copies_and_refused_files_and_foreign_workbooks(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    import shutil  # noqa: PLC0415

    from openpyxl import load_workbook  # noqa: PLC0415

    folder = campaign(tmp_path / "in", mini, 3)
    shutil.copy(folder / "s000.xlsx", folder / "s000-copie.xlsx")
    (folder / "vide.xlsx").write_bytes(b"")
    db = make_target("c")
    first = ingest([folder], "2025", db, 2025, workers=1, root=root)
    assert first.ingested == 3 and len(first.duplicates) == 1 and len(first.rejected) == 1
    again = ingest([folder], "2025", db, 2025, workers=1, root=root)
    assert again.known_rejected == [str(folder / "vide.xlsx")] and again.problems
    # S002's workbook, filled in by another association that typed its own id
    foreign = tmp_path / "autre" / "s001-rempli-par-S009.xlsx"
    foreign.parent.mkdir()
    shutil.copy(folder / "s001.xlsx", foreign)
    book = load_workbook(foreign)
    for row in book["Identification"].iter_rows():
        if row[0].value == "structure_id":
            row[2].value = "S009"
        if row[0].value == "nom":
            row[2].value = "Une autre"
    book.save(foreign)
    summary = ingest([foreign], "2025", db, 2025, workers=1, root=root)
    assert summary.superseded == 0 and len(summary.rejected) == 1
    with Store(db) as store:
        subs = store.submissions("2025")
        assert (subs.query("structure_id == 'S001'")["statut"] == "valide").sum() == 1
        assert "XL014" in set(store.issues("2025")["code"])  # an error: never stored
        assert set(store.structures()["consentement"]) == {"aucune"}  # none was given


@pytest.mark.slow
def test_i8_worker_processes_through_python_m(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    """Workers re-import the main module: ``python -m evalsoc`` must not run twice."""
    files = campaign(tmp_path / "in", mini, 10)
    env = {**os.environ, "EVALSOC_REFERENTIELS": str(root)}
    for args in (["check", str(files)], ["ingest", str(files), "--campagne", "2025",
                                         "--db", arg(make_target("c"))]):
        done = subprocess.run([sys.executable, "-m", "evalsoc", *args, "--workers", "2", "-q"],
                              env=env, capture_output=True, text=True, timeout=300,
                              check=False)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "10 fichier(s) : 10 valide(s)" in subprocess.run(
        [sys.executable, "-m", "evalsoc", "check", str(files), "--workers", "2", "-q"],
        env=env, capture_output=True, text=True, timeout=300, check=False).stdout
