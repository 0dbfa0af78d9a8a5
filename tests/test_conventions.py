"""Région conventions (issue 22, spec 6.D).

C1 a target is set on a raw value, never on a 0-100 score or a level (refused, CNV001);
C2 a perception indicator is followed, not targeted (CNV002); C3 3 to 8 indicators, at
least one réalisation and one résultat; C4 the follow-up of each year comes from the
stored campaign of that year, read under the version it was scored with, and says when
that version redefined the indicator; C5 the workbook written for a convention reads
back as the same convention; C6 every issue names the file and the place to correct.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from versions_fixture import answer_set, run_cli, store_answers, use_root

from evalsoc.catalogue import Code
from evalsoc.conventions.files import read_convention_file
from evalsoc.conventions.followup import follow_up, status_of
from evalsoc.conventions.model import Direction, Indicator, Source, Status
from evalsoc.conventions.run import follow_conventions
from evalsoc.conventions.workbook import write_convention_workbook
from evalsoc.referentiel.registry import resolve
from evalsoc.simulate.registry import SimStructure, make_registry
from evalsoc.simulate.stored import store_campaign
from evalsoc.store.db import connect
from evalsoc.store.frames import Store

HEAD = ("convention;financeur;structure;debut;fin;objectifs;indicateur;referentiel;libelle;"
        "unite;nature;mesure;base_valeur;base_annee;cible_sens;cible_valeur;cible_annee;"
        "source\n")
ARDES = "ardes-culture@1.0.0"
GOOD = [
    f"CPO-1;Région;S001;2025;2027;EAC et territoire;CULT.3.2;{ARDES};;;;;120;2024;≥;150;2027;",
    f"CPO-1;Région;S001;2025;2027;;TERR.1.1;{ARDES};;;;;4;2024;>=;6;2027;",
    f"CPO-1;Région;S001;2025;2027;;SOC.3.2;{ARDES};;;;;8;2024;au moins;10;2027;",
    f"CPO-1;Région;S001;2025;2027;;CULT.1.1;{ARDES};;;;perception;;;;;;",
    "CPO-1;Région;S001;2025;2027;;BEN;;Heures de bénévolat;heures;resultat;;900;2024;≥;"
    "1 000;2027;bilan d'activité",
]


def _csv(tmp_path: Path, lines: list[str], name: str = "conv.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _codes(path: Path) -> list[str]:
    return [i.code.value for i in read_convention_file(path).issues]


def test_good_convention_reads(tmp_path: Path) -> None:
    read = read_convention_file(_csv(tmp_path, GOOD))
    assert read.issues == [] and len(read.conventions) == 1
    c = read.conventions[0]
    assert [i.key for i in c.indicators] == ["CULT.3.2", "TERR.1.1", "SOC.3.2", "CULT.1.1", "BEN"]
    eac, _, share, seen, free = c.indicators
    assert (eac.unit, eac.target, eac.direction, eac.referentiel) == (
        "heures", 150.0, Direction.AT_LEAST, ARDES)
    assert share.unit == "%" and share.kind == "resultat"
    assert seen.perception and seen.target is None
    assert free.referentiel is None and free.target == 1000.0
    assert free.source is Source.ACTIVITY


@pytest.mark.parametrize(("column", "value", "cell"), [
    ("mesure", "score", 11), ("mesure", "Niveau", 11), ("unite", "points", 9),
    ("unite", "/100", 9), ("cible_valeur", "70/100", 15), ("cible_valeur", "niveau 3", 15),
])
def test_target_on_score_or_level_refused(tmp_path: Path, column: str, value: str,
                                          cell: int) -> None:
    """C1: whichever way the score or level is named, the convention is refused."""
    fields = GOOD[0].split(";")
    fields[cell] = value
    path = _csv(tmp_path, [";".join(fields), *GOOD[1:]])
    read = read_convention_file(path)
    refused = [i for i in read.issues if i.code is Code.CNV_SCORE_TARGET]
    assert len(refused) == 1 and read.conventions == []
    issue = refused[0]
    assert issue.line == 2 and issue.path == f"colonne {column}" and issue.raw == value
    assert "jamais sur une note de 0 à 100 ni sur un niveau" in issue.message
    assert "étalonnage des barèmes et de la version du référentiel" in issue.message


@pytest.mark.parametrize("node", ["CULT", "CULT.3"])
def test_dimension_or_critere_is_a_score(tmp_path: Path, node: str) -> None:
    """C1: a dimension or a critère has nothing but a score and a level."""
    fields = GOOD[0].split(";")
    fields[6] = node
    read = read_convention_file(_csv(tmp_path, [";".join(fields), *GOOD[1:]]))
    assert [i.code for i in read.issues] == [Code.CNV_SCORE_TARGET]
    assert "la note 0-100 et le niveau d" in read.issues[0].message


def test_perception_targeted_refused(tmp_path: Path) -> None:
    """C2: CULT.1.1 is answered by the publics: a target on it is refused."""
    line = f"CPO-1;Région;S001;2025;2027;;CULT.1.1;{ARDES};;;;;2,5;2024;≥;3;2027;"
    read = read_convention_file(_csv(tmp_path, [*GOOD[:3], line]))
    assert [i.code for i in read.issues] == [Code.CNV_PERCEPTION_TARGET]
    assert "les publics" in read.issues[0].message
    assert "répondants bienveillants" in read.issues[0].message


def test_counts_and_kinds(tmp_path: Path) -> None:
    """C3: two indicators are too few; nine too many; no résultat is a warning."""
    assert _codes(_csv(tmp_path, GOOD[:2])) == ["CNV003", "CNV004"]
    many = [f"CPO-1;Région;S001;2025;2027;;L{n};;Libre {n};heures;realisation;;1;2024;≥;2;"
            "2027;comptes" for n in range(9)]
    assert _codes(_csv(tmp_path, many, "many.csv")) == ["CNV003", "CNV004"]
    three = [GOOD[0], GOOD[1], GOOD[4].replace("resultat", "realisation")]
    assert _codes(_csv(tmp_path, three, "three.csv")) == ["CNV004"]


def test_bad_rows_said_where(tmp_path: Path) -> None:
    """C6: each problem at its line and column, with the raw value."""
    lines = [GOOD[0].replace(";150;", ";beaucoup;"), GOOD[1].replace(">=", "plus"),
             GOOD[2].replace("SOC.3.2", "SOC.9.9"), GOOD[3],
             GOOD[4].replace(";2027;bilan", ";2031;bilan")]
    issues = read_convention_file(_csv(tmp_path, lines)).issues
    found = {(i.code.value, i.line, i.path, i.raw) for i in issues}
    assert ("CNV007", 2, "colonne cible_valeur", "beaucoup") in found
    assert ("CNV021", 3, "colonne cible_sens", "plus") in found
    assert ("CNV005", 4, "colonne indicateur", "SOC.9.9") in found
    assert ("CNV011", 6, "colonne cible_annee", None) in found


def test_missing_columns_and_fake_workbook(tmp_path: Path) -> None:
    bare = tmp_path / "bare.csv"
    bare.write_text("financeur;structure\nRégion;S1\n", encoding="utf-8")
    assert _codes(bare) == ["CNV012"]
    fake = tmp_path / "fake.xlsx"
    fake.write_text(HEAD + GOOD[0], encoding="utf-8")
    read = read_convention_file(fake)
    assert read.conventions == [] and read.issues and not read.valid
    assert read.issues[0].code.value.startswith("XL")


def test_workbook_round_trip(tmp_path: Path) -> None:
    """C5: the workbook of a convention reads back as the same convention, hand values
    and comments of its Suivi sheet included."""
    convention = read_convention_file(_csv(tmp_path, GOOD)).conventions[0]
    path = tmp_path / "cpo.xlsx"
    write_convention_workbook(path, convention, resolve(ARDES)[1])
    back = read_convention_file(path)
    assert back.issues == []
    again = back.conventions[0]
    assert again.indicators == convention.indicators and again.hand == ()
    assert (again.id, again.funder, again.structure, again.start, again.end,
            again.objectives) == ("CPO-1", "Région", "S001", 2025, 2027, "EAC et territoire")


def test_blank_workbook_lists_indicators(tmp_path: Path) -> None:
    from openpyxl import load_workbook  # noqa: PLC0415

    path = tmp_path / "vierge.xlsx"
    write_convention_workbook(path, None, resolve(ARDES)[1])
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["Convention", "Indicateurs", "Suivi", "Indicateurs possibles"]
    offered = [r[0] for r in book["Indicateurs possibles"].iter_rows(min_row=2, values_only=True)]
    assert "CULT.3.2" in offered and "ECO.2.1" not in offered  # yes/no: no raw value
    assert read_convention_file(path).conventions == []


def _indicator(**changes: Any) -> Indicator:
    base = Indicator("X", "x", "h", "realisation", Source.ACTIVITY, baseline=100.0,
                     baseline_year=2024, target=160.0, direction=Direction.AT_LEAST,
                     due_year=2027)
    return replace(base, **changes)


def test_status_rules() -> None:
    """Steady path 100 (2024) -> 160 (2027): 120 in 2025, 140 in 2026."""
    up = _indicator()
    assert status_of(up, 160, 2026) is Status.MET
    assert status_of(up, 120, 2025) is Status.ON_TRACK
    assert status_of(up, 119, 2025) is Status.GAP
    assert status_of(up, 150, 2027) is Status.GAP  # due year, not met
    assert status_of(up, None, 2025) is Status.MISSING
    down = _indicator(baseline=40.0, target=10.0, direction=Direction.AT_MOST)
    assert status_of(down, 30, 2025) is Status.ON_TRACK
    assert status_of(down, 31, 2025) is Status.GAP
    assert status_of(down, 10, 2026) is Status.MET
    assert status_of(_indicator(perception=True, target=None), 3.2, 2025) is Status.FOLLOWED


VERSIONS = ("convention;financeur;structure;debut;fin;indicateur;referentiel;base_valeur;"
            "base_annee;cible_sens;cible_valeur;cible_annee;libelle;unite;nature;source\n"
            "C1;Région;S1;2025;2027;ECO.1.1;essai-versions@1.0.0;2;2024;≥;5;2027;;;;\n"
            "C1;Région;S1;2025;2027;ECO.2.1;essai-versions@1.0.0;25;2024;≥;35;2027;;;;\n"
            "C1;Région;S1;2025;2027;ECO.2.2;essai-versions@1.0.0;2;2024;≥;4;2027;;;;\n"
            "C1;Région;S1;2025;2027;TERR.1.1;essai-versions@1.0.0;3;2024;≥;5;2027;;;;\n"
            "C1;Région;S1;2025;2027;BEN;;900;2024;≥;1000;2027;Heures de bénévolat;heures;"
            "resultat;bilan d'activité\n")
HAND = ("convention;indicateur;annee;valeur;commentaire_structure;commentaire_financeur\n"
        "C1;BEN;2025;950;Deux festivals de plus;\n"
        "C1;ECO.2.1;2026;;Un mécène perdu;À revoir au comité de suivi\n")


@pytest.fixture
def two_campaigns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """2025 scored under essai-versions 1.0.0, 2026 under 1.1.0 (whose crosswalk rescales
    ECO.1.1's bands, renames budget to budget_total, and turns ECO.2.2's formula cdi +
    cdd into one question salaries)."""
    root = use_root(tmp_path, monkeypatch)
    r0 = resolve("essai-versions@1.0.0", root)[1]
    r1 = resolve("essai-versions@1.1.0", root)[1]
    db = tmp_path / "base.sqlite"
    connect(db).close()
    store_answers(db, "2025", 2025, r0, "d0", [answer_set(r0)])
    later = {"emplois": 5.0, "convention": "oui", "ressources_propres": 15000.0,
             "budget_total": 50000.0, "salaries": 4.0, "communes": 6.0}
    store_answers(db, "2026", 2026, r1, "d1", [answer_set(r1, later, benevoles=[])])
    (tmp_path / "c.csv").write_text(VERSIONS, encoding="utf-8")
    (tmp_path / "h.csv").write_text(HAND, encoding="utf-8")
    return db, tmp_path / "c.csv", tmp_path / "h.csv"


def test_follow_up_over_two_campaigns(two_campaigns: tuple[Path, Path, Path]) -> None:
    """C4, by hand. 2025 (1.0.0): emplois 3; 12 000 / 40 000 = 30 %; cdi 2 + cdd 1 = 3;
    communes 4. 2026 (1.1.0): emplois 5; 15 000 / 50 000 = 30 %; salaries 4; communes 6.
    Steady paths from 2024 to 2027: ECO.2.1 25 -> 35 is 28.33 in 2025, 31.67 in 2026."""
    db, path, hand = two_campaigns
    result = follow_conventions(path, hand, db)
    assert result.issues == []
    rows = {(r.indicator, r.year): r for r in result.followups[0].rows}
    expected = {
        ("ECO.1.1", 2025): (3.0, Status.ON_TRACK), ("ECO.1.1", 2026): (5.0, Status.MET),
        ("ECO.2.1", 2025): (30.0, Status.ON_TRACK), ("ECO.2.1", 2026): (30.0, Status.GAP),
        ("ECO.2.2", 2025): (3.0, Status.ON_TRACK), ("ECO.2.2", 2026): (4.0, Status.MET),
        ("TERR.1.1", 2025): (4.0, Status.ON_TRACK), ("TERR.1.1", 2026): (6.0, Status.MET),
        ("BEN", 2025): (950.0, Status.ON_TRACK), ("BEN", 2026): (None, Status.MISSING),
    }
    assert {k: (rows[k].value, rows[k].status) for k in expected} == expected
    assert all(rows[(k, 2027)].status is Status.MISSING for k, _ in expected)
    # the version change: ECO.2.2 redefined (its row says so), ECO.1.1 only re-banded
    redefined = rows[("ECO.2.2", 2026)]
    assert redefined.redefined and "redéfini dans essai-versions@1.1.0" in redefined.notes[0]
    assert "cdi + cdd devient la question salaries" in redefined.notes[0]
    banded = rows[("ECO.1.1", 2026)]
    assert not banded.redefined and "la comparaison tient" in banded.notes[0]
    assert rows[("ECO.2.1", 2026)].how == "formule « ressources_propres / budget_total * 100 »"
    assert not any(rows[(k, 2025)].notes for k in ("ECO.1.1", "ECO.2.1"))
    assert rows[("ECO.2.1", 2026)].structure_comment == "Un mécène perdu"
    assert rows[("BEN", 2025)].origin == "saisie"
    assert rows[("ECO.1.1", 2025)].origin == "campagne 2025 (essai-versions@1.0.0)"


def test_follow_up_commands(two_campaigns: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """The command's JSON is the library's result; the annex is written and escaped."""
    db, path, hand = two_campaigns
    code, out = run_cli("convention", "suivi", str(path), "--suivi", str(hand), "--db", str(db),
                        "--json")
    assert code == 0
    data = json.loads(out)
    row = next(r for r in data["followups"][0]["rows"]
               if (r["indicator"], r["year"]) == ("ECO.2.2", 2026))
    assert row["value"] == 4.0 and row["status"] == "atteint" and row["redefined"] is True
    annex = tmp_path / "annexe.html"
    code, out = run_cli("convention", "suivi", str(path), "--suivi", str(hand), "--db", str(db),
                        "-o", str(annex))
    assert code == 0 and "⚠ redéfini" in out and "Annexe écrite" in out
    page = annex.read_text(encoding="utf-8")
    assert "Annexe : suivi de la convention C1" in page and "Un mécène perdu" in page
    code, out = run_cli("convention", "verifier", str(path))
    assert code == 0 and "5 indicateur(s) valides" in out


def test_refused_convention_exit_code(tmp_path: Path) -> None:
    fields = GOOD[0].split(";")
    fields[11] = "score"
    path = _csv(tmp_path, [";".join(fields), *GOOD[1:]])
    code, out = run_cli("convention", "verifier", str(path))
    assert code == 1 and "[CNV001]" in out and "ligne 2" in out
    code, out = run_cli("convention", "classeur", "--depuis", str(path), "-o",
                        str(tmp_path / "x.xlsx"))
    assert code == 1 and not (tmp_path / "x.xlsx").exists()
    code, out = run_cli("convention", "suivi", str(path), "-o", str(tmp_path / "a.html"))
    assert code == 1 and "[CNV001]" in out and not (tmp_path / "a.html").exists()


def test_annex_escapes_text(tmp_path: Path) -> None:
    from evalsoc.conventions.annex import annex_html  # noqa: PLC0415

    line = GOOD[0].replace("EAC et territoire", "<script>alert(1)</script>")
    convention = read_convention_file(_csv(tmp_path, [line, *GOOD[1:]])).conventions[0]
    page = annex_html(follow_up(convention, {}))
    assert "<script>" not in page and "&lt;script&gt;" in page


@pytest.fixture
def portfolio_base(tmp_path: Path) -> tuple[Path, Path, list[SimStructure]]:
    """A 2026 campaign of 14 simulated structures, 11 of them under a convention with
    the Région following CULT.3.2 (target ≥ 50 hours) and TERR.1.1 (≥ 3 communes)."""
    ref = resolve(ARDES)[1]
    structures = make_registry(14, 7)
    db = tmp_path / "base.sqlite"
    connect(db).close()
    store_campaign(db, "2026", 2026, ref, structures, 3, [s.info for s in structures])
    lines = []
    for sim in structures[:11]:
        ident = sim.info.id
        lines += [f"C-{ident};Région;{ident};2025;2027;;CULT.3.2;{ARDES};;;;;10;2024;≥;50;2027;",
                  f"C-{ident};Région;{ident};2025;2027;;TERR.1.1;{ARDES};;;;;1;2024;≥;3;2027;",
                  f"C-{ident};Région;{ident};2025;2027;;SOC.3.2;{ARDES};;;;;5;2024;≥;15;2027;"]
    return db, _csv(tmp_path, lines), structures


def test_portfolio_through_the_publication(
        portfolio_base: tuple[Path, Path, list[SimStructure]]) -> None:
    """The portfolio's counts equal the hand count over the structures whose consent
    allows sector figures; small départements are masked; the auditor passes."""
    db, path, structures = portfolio_base
    code, out = run_cli("convention", "portefeuille", str(path), "--campagne", "2026",
                        "--db", str(db), "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["clean"] is True and data["issues"] == []
    consents = {s.info.id: s.info.consentement for s in structures}
    counted = [s for s in structures[:11] if consents[s.info.id] != "aucune"]
    with Store(db) as store:
        figures = store.figures("2026")
    eac = dict(zip(figures[figures["question"] == "heures_eac"]["structure_id"],
                   figures[figures["question"] == "heures_eac"]["value"], strict=True))
    met = sum(1 for s in counted if eac.get(s.info.id, 0) >= 50)
    whole = {(r["departement"], r["indicator"]): r for r in data["rows"]}
    row = whole[("Ensemble", "CULT.3.2")]
    assert len(counted) >= 3 and row["conventions"] == len(counted)
    assert row["met"] == met and row["share_met"] == pytest.approx(met / len(counted))
    by_dep = Counter(s.info.departement for s in counted)
    for (dep, key), r in whole.items():
        if dep not in ("Ensemble", "Autres départements") and key == "CULT.3.2" \
                and r["conventions"] is not None:
            assert by_dep[dep] >= 3 and r["conventions"] == by_dep[dep]
    code, out = run_cli("audit", "--campagne", "2026", "--db", str(db), "--conventions",
                        str(path))
    assert code == 0 and "conventions:departement" in out
    assert "Aucune valeur non publiée ne se déduit" in out


def test_several_campaigns_in_a_year(two_campaigns: tuple[Path, Path, Path]) -> None:
    """A second 2026 campaign: the first created is read and the row says so; the user
    chooses with campaigns (--campagne)."""
    db, path, hand = two_campaigns
    r1 = resolve("essai-versions@1.1.0")[1]
    other = {"emplois": 9.0, "convention": "oui", "ressources_propres": 1.0,
             "budget_total": 2.0, "salaries": 1.0, "communes": 1.0}
    store_answers(db, "2026-bis", 2026, r1, "d1", [answer_set(r1, other, benevoles=[])])
    rows = {(r.indicator, r.year): r for r in follow_conventions(path, hand, db)
            .followups[0].rows}
    assert rows[("ECO.1.1", 2026)].value == 5.0
    assert "« 2026 » est lue, pas « 2026-bis »" in rows[("ECO.1.1", 2026)].notes[0]
    chosen = follow_conventions(path, hand, db, campaigns=("2025", "2026-bis"))
    rows = {(r.indicator, r.year): r for r in chosen.followups[0].rows}
    assert rows[("ECO.1.1", 2026)].value == 9.0 and rows[("ECO.1.1", 2025)].value == 3.0
