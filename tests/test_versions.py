"""Which version of a workbook counts, never hiding a correction (issue 15, item 1).

V1 a correction ingested in a later run counts even when its file date is older than
the original's (unzipped from a mail, copied with ``cp -p``), and the report names both
files (DB005); V2 ``--version-de date`` keeps the newest by file date and says so (DB006);
V3 within one run the newest file date counts, whatever the paths' order (DB007); V4 a
refused file, once corrected, no longer keeps the exit code at 1 (DB008); V5 an
interrupted run, run again, ends in the same base as a clean run, with several versions
of a structure in the batch.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pgserver import arg, dump
from workbooks import make_workbook

from evalsoc.answers.model import StructureInfo
from evalsoc.cli.main import cli
from evalsoc.referentiel.model import Referentiel
from evalsoc.store.frames import Store
from evalsoc.store.ingest import VersionRule, ingest
from evalsoc.store.target import Target

MakeTarget = Callable[[str], Target]

DAY = 86_400
BASE = 1_760_000_000  # a fixed moment (October 2025), so that dates are the test's


@pytest.fixture
def root(mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(mini_root))
    return mini_root


def version(path: Path, mini: Referentiel, ident: str, etp: float, day: int,
            etp_text: object = None) -> Path:
    """A workbook of structure ``ident`` whose file is dated ``day`` days after BASE."""
    answers = {"convention": "Oui", "etp": etp if etp_text is None else etp_text,
               "budget": 40000, "ressources_propres": 10000}
    make_workbook(path, mini, answers=answers,
                  structure=StructureInfo(id=ident, name=f"Structure {ident}"))
    os.utime(path, (BASE + day * DAY, BASE + day * DAY))
    return path


def counting(db: Target, ident: str) -> list[tuple[str, str]]:
    with Store(db) as store:
        subs = store.submissions("2025")
    rows = subs[subs["structure_id"] == ident].sort_values("submission_id")
    return list(zip(rows["fichier"], rows["statut"], strict=True))


def etp_of(db: Target, ident: str) -> float:
    with Store(db) as store:
        figures = store.figures("2025")
    return float(figures.query(f"structure_id == '{ident}' and question == 'etp'")
                 ["value"].iloc[0])


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_v1_an_older_dated_correction_counts_and_is_reported(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    db = make_target("c")
    version(tmp_path / "boite" / "s001.xlsx", mini, "S001", 2, day=10)
    assert run("ingest", str(tmp_path / "boite"), "--campagne", "2025", "--db", arg(db))[0] \
        == 0
    fixed = version(tmp_path / "mail" / "s001-corrige.xlsx", mini, "S001", 5, day=3)
    code, out = run("ingest", str(fixed), "--campagne", "2025", "--db", arg(db))
    assert code == 0, out
    assert counting(db, "S001") == [("s001.xlsx", "remplacee"), ("s001-corrige.xlsx", "valide")]
    assert etp_of(db, "S001") == 5  # the correction's answers, and only they, count
    assert "remplacés par une version corrigée : 1" in out
    assert "Attention : [DB005]" in out and "remplace s001.xlsx" in out
    assert "bien qu'il soit plus ancien" in out and str(fixed) in out


def test_v2_by_date_the_newest_file_counts_and_the_other_is_reported(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    db = make_target("c")
    version(tmp_path / "boite" / "s001.xlsx", mini, "S001", 2, day=10)
    ingest([tmp_path / "boite"], "2025", db, 2025, workers=1, root=root)
    older = version(tmp_path / "mail" / "s001-ancien.xlsx", mini, "S001", 5, day=3)
    summary = ingest([older], "2025", db, 2025, workers=1, root=root,
                     rule=VersionRule.DATE)
    assert counting(db, "S001") == [("s001.xlsx", "valide"), ("s001-ancien.xlsx", "remplacee")]
    assert etp_of(db, "S001") == 2
    assert [i.code for i in summary.versions] == ["DB006"]
    assert "s001.xlsx" in summary.versions[0].message and summary.superseded == 0
    code, out = run("ingest", str(version(tmp_path / "n" / "s001-v3.xlsx", mini, "S001", 7,
                                          day=20)), "--campagne", "2025", "--db", arg(db),
                    "--version-de", "date")
    assert code == 0 and etp_of(db, "S001") == 7, out  # newer by date: it counts


def test_v3_within_one_run_the_newest_date_counts(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    folder = tmp_path / "boite"
    version(folder / "a-nouvelle.xlsx", mini, "S001", 5, day=9)  # first by path
    version(folder / "b-ancienne.xlsx", mini, "S001", 2, day=1)
    db = make_target("c")
    summary = ingest([folder], "2025", db, 2025, workers=1, root=root)
    assert counting(db, "S001") == [("b-ancienne.xlsx", "remplacee"),
                                    ("a-nouvelle.xlsx", "valide")]
    assert etp_of(db, "S001") == 5
    assert [i.code for i in summary.versions] == ["DB007"]
    assert "b-ancienne.xlsx et a-nouvelle.xlsx" in summary.versions[0].message


def test_v4_a_corrected_refusal_no_longer_fails_the_run(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    inbox = tmp_path / "boite"
    version(inbox / "s001.xlsx", mini, "S001", 2, day=1)
    version(inbox / "s002.xlsx", mini, "S002", 0, day=1, etp_text="trois")
    (inbox / "vide.xlsx").write_bytes(b"")
    db = make_target("c")
    code, out = run("ingest", str(inbox), "--campagne", "2025", "--db", arg(db))
    assert code == 1 and "rejetés : 2" in out, out
    code, out = run("ingest", str(inbox), "--campagne", "2025", "--db", arg(db))
    assert code == 1 and "[DB009]" in out, out  # still refused, no correction yet
    version(inbox / "s002-corrige.xlsx", mini, "S002", 3, day=2)
    (inbox / "vide.xlsx").unlink()
    version(inbox / "vide.xlsx", mini, "S003", 1, day=2)  # sent again under its name
    code, out = run("ingest", str(inbox), "--campagne", "2025", "--db", arg(db))
    assert code == 0, out
    assert "[DB008]" in out and "s002-corrige.xlsx l'a remplacé" in out
    code, out = run("ingest", str(inbox), "--campagne", "2025", "--db", arg(db))
    assert code == 0 and "déjà connus : 4" in out, out  # the inbox as it stands: settled


def test_v5_interrupted_then_run_again_equals_clean_with_versions(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    folder = tmp_path / "boite"
    for n in range(4):
        version(folder / f"s{n}.xlsx", mini, f"S00{n}", 2 + n, day=5)
    version(folder / "s1-correction.xlsx", mini, "S001", 9, day=7)
    version(folder / "s2-vieille.xlsx", mini, "S002", 8, day=2)
    version(folder / "s3-refus.xlsx", mini, "S003", 0, day=6, etp_text="beaucoup")
    clean = make_target("propre")
    ingest([folder], "2025", clean, 2025, workers=1, root=root)
    assert etp_of(clean, "S001") == 9 and etp_of(clean, "S002") == 4
    order = sorted(folder.iterdir(), key=lambda p: (p.stat().st_mtime, p.name))
    for cut in range(1, len(order)):  # an interruption after the cut-th file
        db = make_target(f"coupe-{cut}")
        ingest(order[:cut], "2025", db, 2025, workers=1, root=root)
        ingest([folder], "2025", db, 2025, workers=1, root=root)
        assert dump(db) == dump(clean), cut
