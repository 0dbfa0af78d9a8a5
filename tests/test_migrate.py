"""``evalsoc migrate`` and ``referentiel impact`` (issue 17, items 3 and 4).

M1 a stored 1.0.0 campaign migrated to 1.1.0 holds, for each node, the values computed by
hand (versions_fixture.HAND), the campaign follows 1.1.0 and every node carries its
series flag; M2 ``--dry-run`` prints what the migration then writes: its JSON rows are
the rows of the scores table after it, its text the same but for the last line; M3
``--annuler`` gives back byte-identical exported tables and score rows, and nothing is
ever deleted (both sets kept); migrating again writes the same rows; M4 what cannot be
migrated is refused with its code (unknown campaign, same version, earlier version,
another référentiel, nothing to undo); M5 a migrated campaign's fiche and explanation
read the stored 1.0.0 answers under 1.1.0, down to their original cell; M6
``referentiel impact`` measures the change per dimension and critère and lists the
level changes, before anything is written.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from versions_fixture import HAND, IDENT, answer_set, run_cli, store_answers, use_root

from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.simulate.registry import make_registry
from evalsoc.simulate.stored import store_campaign


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return use_root(tmp_path, monkeypatch)


def _hand_campaign(db: Path, root: Path) -> None:
    entry, old = resolve(f"{IDENT}@1.0.0", root)
    store_answers(db, "2025", 2025, old, load_entry(entry).hash or "",
                  [answer_set(old, ident="S1")])


def _simulated(db: Path, root: Path, n: int = 12) -> None:
    _, old = resolve(f"{IDENT}@1.0.0", root)
    structures = make_registry(n, 5)
    store_campaign(db, "2025", 2025, old, structures, 5, [s.info for s in structures], root)


def _rows(db: Path, table: str = "scores") -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2"))


def test_m1_hand_values_after_migration(root: Path, tmp_path: Path) -> None:
    db = tmp_path / "base.sqlite"
    _hand_campaign(db, root)
    code, out = run_cli("migrate", "--campagne", "2025", "--vers", f"{IDENT}@1.1.0", "--db",
                     str(db))
    assert code == 0, out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT referentiel FROM campaigns").fetchone()[0] == \
            f"{IDENT}@1.1.0"
        scores = {n: (s, a) for n, s, a in conn.execute(
            "SELECT node, score, absent FROM scores")}
        flags = dict(conn.execute("SELECT node, flag FROM series").fetchall())
    assert set(scores) == set(HAND) == set(flags)
    for node, want in HAND.items():
        if isinstance(want, float):
            assert scores[node][0] == pytest.approx(want, abs=1e-6), node
        else:
            assert scores[node] == (None, want), node
    assert flags["CULT"] == "comparable" and flags["ECO"] == "conversion"
    assert flags["GOUV"] == "rupture"
    assert "[VER022] 1 réponse(s) de essai-versions@1.0.0 n'ont pas d'équivalent" in out
    assert "(ag_participation : 1)" in out


def test_m2_dry_run_is_what_is_written(root: Path, tmp_path: Path) -> None:
    db = tmp_path / "base.sqlite"
    _simulated(db, root)
    before = _rows(db)
    args = ("migrate", "--campagne", "2025", "--vers", f"{IDENT}@1.1.0", "--db", str(db))
    code, dry = run_cli(*args, "--dry-run", "--json")
    assert code == 0, dry
    code, dry_text = run_cli(*args, "--dry-run")
    assert _rows(db) == before  # nothing written
    code, done_text = run_cli(*args)
    assert code == 0, done_text
    planned = json.loads(dry)
    written = [dict(zip(planned["scores"][0], row, strict=True)) for row in _rows(db)]
    assert planned["scores"] == written
    series = [dict(zip(planned["series_lignes"][0], r, strict=True))
              for r in _rows(db, "series")]
    assert planned["series_lignes"] == series
    assert dry_text.splitlines()[:-1] == done_text.splitlines()[:-1]
    assert dry_text.splitlines()[-1] == "Simulation (--dry-run) : rien n'est écrit."


def _export(db: Path, out: Path) -> dict[str, bytes]:
    out.mkdir()
    code, text = run_cli("export", "--campagne", "2025", "--db", str(db), "-o",
                      str(out / "export.csv"))
    assert code == 0, text
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_m3_undo_gives_back_identical_tables(root: Path, tmp_path: Path) -> None:
    db = tmp_path / "base.sqlite"
    _simulated(db, root)
    first = _export(db, tmp_path / "avant")
    rows = _rows(db)
    args = ("--campagne", "2025", "--db", str(db))
    assert run_cli("migrate", *args, "--vers", f"{IDENT}@1.1.0")[0] == 0
    migrated = _rows(db)
    assert _export(db, tmp_path / "migre") != first
    code, out = run_cli("migrate", *args, "--annuler")
    assert code == 0, out
    assert _export(db, tmp_path / "apres") == first  # byte for byte
    assert _rows(db) == rows and _rows(db, "series") == []
    with sqlite3.connect(db) as conn:
        sets = list(conn.execute("SELECT referentiel, state, replaces FROM score_sets "
                                 "ORDER BY id"))
        saved = conn.execute("SELECT COUNT(*) FROM saved_scores").fetchone()[0]
        assert conn.execute("SELECT referentiel FROM campaigns").fetchone()[0] == \
            f"{IDENT}@1.0.0"
    assert sets == [(f"{IDENT}@1.0.0", "active", None), (f"{IDENT}@1.1.0", "saved", 1)]
    assert saved == len(migrated)  # the migrated set is kept, never deleted
    assert run_cli("migrate", *args, "--vers", f"{IDENT}@1.1.0")[0] == 0
    assert _rows(db) == migrated  # the same migration writes the same rows


@pytest.mark.parametrize(("args", "code", "message"), [
    (("--campagne", "2024", "--vers", f"{IDENT}@1.1.0"), 2, "[DB003]"),
    (("--campagne", "2025", "--vers", f"{IDENT}@1.0.0"), 0, "[VER030]"),
    (("--campagne", "2025", "--vers", "ardes-culture@1.0.0"), 2, "[VER034]"),
    (("--campagne", "2025", "--annuler"), 2, "[VER031]"),
    (("--campagne", "2025", "--vers", f"{IDENT}@9.9.9"), 2, "[REF015]"),
    (("--campagne", "2025"), 2, "--vers ID@VERSION, soit --annuler"),
])
def test_m4_refusals(root: Path, tmp_path: Path, args: tuple[str, ...], code: int,
                     message: str) -> None:
    db = tmp_path / "base.sqlite"
    _hand_campaign(db, root)
    got, out = run_cli("migrate", *args, "--db", str(db))
    assert got == code and message in out, out


def test_m4_no_way_back_to_an_earlier_version(root: Path, tmp_path: Path) -> None:
    db = tmp_path / "base.sqlite"
    entry, new = resolve(f"{IDENT}@1.1.0", root)
    store_answers(db, "2026", 2026, new, load_entry(entry).hash or "", [])
    got, out = run_cli("migrate", "--campagne", "2026", "--vers", f"{IDENT}@1.0.0", "--db",
                    str(db))
    assert got == 2 and "[VER033]" in out and "--annuler" in out


def test_m5_explain_reads_stored_answers_under_the_new_version(root: Path, tmp_path: Path
                                                               ) -> None:
    db = tmp_path / "base.sqlite"
    _hand_campaign(db, root)
    assert run_cli("migrate", "--campagne", "2025", "--vers", f"{IDENT}@1.1.0", "--db",
                str(db))[0] == 0
    code, out = run_cli("explain", "--campagne", "2025", "--structure", "S1", "--db", str(db),
                     "--node", "GOUV.2.1")
    assert code == 0, out
    assert "essai-versions@1.1.0" in out and "1,25" in out
    code, out = run_cli("report", "structure", "--campagne", "2025", "--db", str(db), "-o",
                     str(tmp_path / "fiches"), "--format", "html")
    assert code in (0, 1), out
    html = next((tmp_path / "fiches").rglob("*.html")).read_text(encoding="utf-8")
    assert "Lien social et convivialité" in html  # the dimensions of 1.1.0


def test_m6_impact(root: Path, tmp_path: Path) -> None:
    db = tmp_path / "base.sqlite"
    _hand_campaign(db, root)
    before = _rows(db)
    code, out = run_cli("referentiel", "impact", f"{IDENT}@1.0.0", f"{IDENT}@1.1.0",
                     "--campagne", "2025", "--db", str(db))
    assert code == 0, out
    assert _rows(db) == before
    lines = out.splitlines()
    eco = next(line for line in lines if line.startswith("ECO Économie"))
    assert eco.split()[-6:] == ["1", "65", "57,5", "-7,5", "0", "1"]
    assert "  S1 S1 : SOC Lien social et convivialité, niveau 4 → 3" in lines
    assert "  S1 S1 : TERR Territoire, niveau 2 → 1" in lines
    code, out = run_cli("referentiel", "impact", f"{IDENT}@1.0.0", f"{IDENT}@1.1.0",
                     "--campagne", "2025", "--db", str(db), "--json")
    found = json.loads(out)
    eco_json = next(n for n in found["noeuds"] if n["noeud"] == "ECO")
    assert eco_json["moyenne_avant"] == 65.0 and eco_json["moyenne_apres"] == 57.5
    assert eco_json["serie"] == "conversion"
    soc = next(n for n in found["noeuds"] if n["noeud"] == "SOC.3")
    assert soc["compare_a"] == "SOC.1"
    assert {(c["noeud"], c["avant"], c["apres"]) for c in found["niveaux"]} == {
        ("SOC", 4, 3), ("TERR", 2, 1)}
