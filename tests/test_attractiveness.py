"""The rural attractiveness grid (attractivite-rurale@1.0.0): conditions, not results.

Requirements (issue 21, specs/attractivite-rurale.md):
- r1 the INSEE density grid read from its published CSV format (the sample under
  examples/ and the variants a user meets), every unusable line an issue with its line
  and raw value;
- r2 R1 from the table when given, from the class chosen by hand without it; the table
  wins over a contradicting hand class and says so; a commune missing from the table or
  no class at all is said;
- r3 where the publics come from (R4), from their postcodes, computed by hand; too few
  publics is « non évaluable »;
- r4 the typology of the rural workshop, with the référentiel's parameters;
- r5 end to end: a simulated campaign, the report with and without the table, the
  sector figures published under secrecy and the auditor clean on the grid's tables;
- r6 class membership is the typology's secret: a forged typology that counts a
  refusing structure, or prints a class holding everyone, fails the audit; the
  publication step masks such a class by itself;
- r7 a structure's conditions joined to its fiche of utilité sociale (same structure
  id, linked campaign): one more section and page, the fiche otherwise unchanged.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from external import client

import evalsoc.publish.attractiveness as typology
from evalsoc.audit import Knowledge, audit
from evalsoc.catalogue import Code
from evalsoc.cli.main import cli
from evalsoc.publish.attractiveness import typology_facts
from evalsoc.publish.facts import family_of
from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.publication import Publication
from evalsoc.publish.review import review
from evalsoc.referentiel.registry import resolve
from evalsoc.stats import SecrecyRules
from evalsoc.stats.inputs import text
from evalsoc.store.frames import Store
from evalsoc.territory.conditions import CLASSES, conditions_of, typology_of
from evalsoc.territory.density import read_density

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "territoires" / "grille-densite-exemple.csv"
REF = resolve("attractivite-rurale@1.0.0")[1]
NO_PUBLICS = pd.DataFrame(columns=["repondant", "question", "statut", "valeur"])


def test_r1_the_sample_insee_table() -> None:
    table = read_density(SAMPLE)
    assert table.issues == [] and table.valid
    assert len(table.levels) == 12
    assert table.levels["14992"] == 6 and table.levels["61990"] == 1
    assert table.level_of(" 14991 ") == 5 and table.level_of("99999") is None


def test_r1_variants_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "grille.csv"
    path.write_text(
        "Grille communale de densité à 7 niveaux\nSource : Insee\n\n"
        "Code géographique,Libellé,DENS7,Libellé du degré\n"
        "1001,L'Abergement,6,Rural à habitat dispersé\n"
        "2A004,Ajaccio,2,Centres urbains intermédiaires\n"
        "14118,Caen,9,?\n"
        "Caen,Caen,1,Grands centres urbains\n"
        "2A004,Ajaccio,3,Ceintures urbaines\n", encoding="cp1252")
    table = read_density(path)
    assert table.levels == {"01001": 6, "2A004": 2}
    found = {(i.code, i.line, i.raw) for i in table.issues}
    assert (Code.RUR_BAD_LEVEL, 7, "9") in found
    assert (Code.RUR_BAD_CODE, 8, "Caen") in found
    assert (Code.RUR_DUPLICATE, 9, "3") in found
    assert Code.RUR_ENCODING in {i.code for i in table.issues}
    assert all(i.file == str(path) for i in table.issues)


def test_r1_a_file_without_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "autre.csv"
    path.write_text("commune;population\n14118;105000\n", encoding="utf-8")
    table = read_density(path)
    assert not table.valid
    issue = table.issues[0]
    assert issue.code is Code.RUR_NO_COLUMNS and "commune, population" in issue.message


BASE = {"code_commune": "14992", "code_postal": "14190", "distance_offre": 25.0,
        "codes_postaux_epci": "14190, 14430", "convention_epci": "oui",
        "communes_atteintes": "14991, 14992, 14993, 14990", "benevoles_reguliers": 10,
        "population_epci": 20000}


def test_r2_density_from_the_table_and_by_hand() -> None:
    table = read_density(SAMPLE).levels
    with_table = conditions_of("S1", "Essai", {**BASE, "classe_densite": "6"}, NO_PUBLICS,
                               REF, table, "grille.csv")
    by_hand = conditions_of("S1", "Essai", {**BASE, "classe_densite": "6"}, NO_PUBLICS, REF)
    assert with_table.level == by_hand.level == 6
    assert with_table.rows[0].value == by_hand.rows[0].value == \
        "6 — Rural à habitat dispersé (rural)"
    assert "table de densité INSEE" in with_table.rows[0].source
    assert by_hand.rows[0].source == "classe choisie à la main"
    assert with_table.issues == [] and by_hand.issues == []
    # the table wins over a contradicting hand class, and says so
    contradicted = conditions_of("S1", "Essai", {**BASE, "classe_densite": "2"}, NO_PUBLICS,
                                 REF, table, "grille.csv")
    assert contradicted.level == 6 and contradicted.rural
    assert [i.code for i in contradicted.issues] == [Code.RUR_HAND_DIFFERS]
    # a commune the table lacks: the hand class, said
    elsewhere = conditions_of("S1", "Essai", {**BASE, "code_commune": "14118",
                                              "classe_densite": "1"}, NO_PUBLICS, REF, table,
                              "grille.csv")
    assert elsewhere.level == 1 and elsewhere.rural is False
    assert [i.code for i in elsewhere.issues] == [Code.RUR_NOT_IN_TABLE]
    unknown = conditions_of("S1", "Essai", {**BASE, "code_commune": "14118"}, NO_PUBLICS,
                            REF)
    assert unknown.level is None and [i.code for i in unknown.issues] == [Code.RUR_NO_CLASS]
    assert typology_of(unknown, REF) == "inconnue"


def test_r2_rural_share_of_the_communes_reached_needs_the_table() -> None:
    table = read_density(SAMPLE).levels
    with_table = conditions_of("S1", "Essai", BASE, NO_PUBLICS, REF, table)
    assert with_table.communes_reached == 4
    assert with_table.rural_reached == pytest.approx(3 / 4)  # 14990 is level 2
    by_hand = conditions_of("S1", "Essai", {**BASE, "classe_densite": "6"}, NO_PUBLICS, REF)
    assert by_hand.rural_reached is None
    assert "non calculable sans table" in by_hand.rows[7].value


def _publics(codes: list[str]) -> pd.DataFrame:
    rows = [(f"p{i}", "pub_code_postal", "answered", c) for i, c in enumerate(codes)]
    rows += [(f"p{i}", "pub_transport", "answered", "voiture" if i % 2 else "doux")
             for i in range(len(codes))]
    return pd.DataFrame(rows, columns=["repondant", "question", "statut", "valeur"])


def test_r3_where_the_publics_come_from_by_hand() -> None:
    # 10 publics: 2 from the commune (14190), 3 from the intercommunality (14430),
    # 1 from the département (14000), 4 from elsewhere
    codes = ["14190", "14190", "14430", "14430", "14430", "14000", "75011", "35000",
             "50100", "61000"]
    found = conditions_of("S1", "Essai", {**BASE, "classe_densite": "6"}, _publics(codes),
                          REF)
    r4 = next(r for r in found.rows if r.code == "R4")
    assert "commune 20 %" in r4.value.replace("\u202f", " ")
    assert "intercommunalité 30 %" in r4.value.replace("\u202f", " ")
    assert "département 10 %" in r4.value.replace("\u202f", " ")
    assert "ailleurs 40 %" in r4.value.replace("\u202f", " ")
    assert found.reach == pytest.approx(0.5)
    r6 = next(r for r in found.rows if r.code == "R6")
    assert "voiture : 50 %" in r6.value.replace("\u202f", " ")
    few = conditions_of("S1", "Essai", BASE, _publics(codes[:4]), REF)
    assert few.reach is None
    assert "non évaluable (4 répondant(s), 10 au moins)" in few.rows[3].value


def test_r4_typology_by_hand() -> None:
    table = read_density(SAMPLE).levels
    codes = ["14190"] * 4 + ["75011"] * 6  # 60 % from outside the intercommunality
    attractive = conditions_of("S1", "Essai", BASE, _publics(codes), REF, table)
    assert typology_of(attractive, REF) == "attractive"
    local = conditions_of("S1", "Essai", BASE, _publics(["14190"] * 10), REF, table)
    assert typology_of(local, REF) == "itinerance"
    urban = conditions_of("S1", "Essai", {**BASE, "code_commune": "61990"},
                          _publics(codes), REF, table)
    assert typology_of(urban, REF) == "non_rurale"
    assert attractive.volunteers_per_thousand == pytest.approx(0.5)
    assert attractive.volunteers_rare is True and attractive.agreement is True


@pytest.fixture(scope="module")
def rural(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rural")
    runner = CliRunner()
    made = runner.invoke(cli, ["simulate", "attractivite-rurale", "--structures", "12",
                               "--seed", "4", "-o", str(folder / "sim"), "-q"])
    assert made.exit_code == 0, made.output
    db = folder / "r.sqlite"
    done = runner.invoke(cli, ["ingest", str(folder / "sim"), "--db", str(db),
                               "--campagne", "rural", "--structures",
                               str(folder / "sim" / "structures.csv"), "-q"])
    assert done.exit_code in (0, 1), done.output
    return db


@pytest.mark.slow
def test_r5_the_grid_end_to_end_with_and_without_the_table(rural: Path) -> None:
    runner = CliRunner()
    out = rural.parent / "avec"
    result = runner.invoke(cli, ["report", "attractivite", "--campagne", "rural", "--db",
                                 str(rural), "--densite", str(SAMPLE), "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    assert "RUR009" in result.output  # the simulated hand classes differ from the table
    documents = sorted((out / "conditions").glob("*_conditions-rural.html"))
    assert len(documents) == 12
    text = documents[0].read_text(encoding="utf-8")
    assert "table de densité INSEE (grille-densite-exemple.csv)" in text
    for code in ("R1", "R4", "R8", "R12"):
        assert f"<th scope=\"row\">{code}</th>" in text
    sector = (out / "attractivite-rural.html").read_text(encoding="utf-8")
    assert "Typologie des structures pour l&#39;atelier rural" in sector
    bare = rural.parent / "sans"
    result = runner.invoke(cli, ["report", "attractivite", "--campagne", "rural", "--db",
                                 str(rural), "-o", str(bare), "--format", "html"])
    assert result.exit_code in (0, 1), result.output
    by_hand = sorted((bare / "conditions").glob("*.html"))[0].read_text(encoding="utf-8")
    assert "classe choisie à la main" in by_hand and "table de densité INSEE" not in by_hand
    with Store(rural) as store:
        publication = Publication(load_sector_inputs(store, "rural"),
                                  territory=read_density(SAMPLE).levels)
    typology = publication.table("attractivite:typologie")
    visible = typology[~typology["masque"] & ~typology["ensemble"]]
    assert (visible["n"] >= 3).all()
    whole = typology[typology["ensemble"]].iloc[0]
    assert whole["n"] == len(publication.population.included)
    assert publication.result is not None and publication.result.clean
    assert review(publication).clean
    audit = runner.invoke(cli, ["audit", "--db", str(rural), "--campagne", "rural"])
    assert audit.exit_code == 0, audit.output


@pytest.mark.slow
def test_r5_the_grid_report_refuses_another_referentiel(rural: Path,
                                                       tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(cli, ["simulate", "opp-observation", "--structures", "3", "-o",
                               str(tmp_path / "opp"), "-q"])
    assert made.exit_code == 0
    db = tmp_path / "o.sqlite"
    runner.invoke(cli, ["ingest", str(tmp_path / "opp"), "--db", str(db), "--campagne",
                        "opp", "-q"])
    result = runner.invoke(cli, ["report", "attractivite", "--campagne", "opp", "--db",
                                 str(db), "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "RUR011" in result.output


# -- r6 the typology as the auditor reads it (class membership is the secret) ----------

def _forged(rows: Sequence[tuple[str, Sequence[str]]], everyone: tuple[str, ...],
            masked: Sequence[str] = ()) -> pd.DataFrame:
    """A typology table as a careless writer would print it: every class with its
    count, only the classes ``masked`` masked."""
    records: list[dict[str, object]] = [
        {"campagne": "c", "classe": CLASSES[key],
         "n": pd.NA if key in masked else len(members), "part": 0.0,
         "n_isolees": 0, "n_convention": 0, "n_benevolat_rare": 0,
         "_membres": tuple(members), "_classe": key, "ensemble": False,
         "masque": key in masked} for key, members in rows]
    records.append({"campagne": "c", "classe": "Ensemble", "n": len(everyone), "part": 1.0,
                    "n_isolees": 0, "n_convention": 0, "n_benevolat_rare": 0,
                    "_membres": everyone, "_classe": "ensemble", "ensemble": True,
                    "masque": False})
    return pd.DataFrame(records)


def _exposed(table: pd.DataFrame, classes: dict[str, str]) -> set[tuple[str, str]]:
    facts = typology_facts(table, "attractivite:typologie")
    families = {k: family_of(k, SecrecyRules()) for f in facts for k, _ in f.terms}
    # in the class (no structure here is isolated, bound by an agreement...)
    truth = {(k, s): float(k == f"classe|c|{classes[s]}") for k in families for s in classes}
    result = audit(facts, Knowledge(families, truth))
    return {(e.family.key, e.structure) for e in result.exposures}


def test_r6_a_forged_typology_that_counts_a_refusing_structure_fails_the_audit() -> None:
    """s5 refused any publication; a typology computed with it and printed whole says
    that all five structures of the registry, s5 among them, are « Ancrage local »."""
    everyone = ("s1", "s2", "s3", "s4", "s5")
    classes = dict.fromkeys(everyone, "locale")
    forged = _forged([("locale", everyone)], everyone)
    assert ("classe|c|locale", "s5") in _exposed(forged, classes)
    # the same, with the other classes printed as zeros: still every structure's class
    rows = [(key, everyone if key == "locale" else ()) for key in CLASSES]
    assert ("classe|c|locale", "s5") in _exposed(_forged(rows, everyone), classes)
    # the class masked alone, the others printed as zeros: the total gives it back
    alone = _forged(rows, everyone, masked=["locale"])
    assert ("classe|c|locale", "s5") in _exposed(alone, classes)
    # counted honestly (s5 left out) and split between classes, nobody's class is said
    fair = _forged([("portee", ("s1", "s2", "s3")), ("locale", ("s4",))],
                   ("s1", "s2", "s3", "s4"), masked=["locale"])
    split = {"s1": "portee", "s2": "portee", "s3": "portee", "s4": "locale"}
    assert not _exposed(fair, split)


@pytest.mark.slow
def test_r6_the_publication_masks_a_class_that_holds_everyone(
        rural: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every counted structure in one class (the attack: the class's count equals the
    Ensemble's): the publication step masks it, with the other classes, and the audit of
    what is left is clean; the refusing structures are in no fact."""
    monkeypatch.setattr(typology, "typology_of", lambda _c, _r: "locale")
    # and every one bound by an agreement with its intercommunality (R5)
    monkeypatch.setitem(typology.CROSS, "n_convention", ("convention", lambda _c: True))
    with Store(rural) as store:
        publication = Publication(load_sector_inputs(store, "rural"))
    table = publication.tables["attractivite:typologie"]
    local = table[table["_classe"] == "locale"].iloc[0]
    assert local["n"] is pd.NA and bool(local["masque"])
    # the empty classes, printed masked (a missing class would say « 0 »), take the
    # full one with them: secondary suppression; the auditor would have asked otherwise
    assert local["motif"] in (text(Code.STAT_MOTIF_SECONDARY), text(Code.STAT_MOTIF_AUDIT))
    assert len(table) == len(CLASSES) + 1
    assert table[~table["ensemble"]]["masque"].all()
    assert publication.result is not None and publication.result.clean
    counted = publication.population.included
    assert 3 <= len(counted) < 12  # the simulated registry holds refusals too
    modelled = [f for f in publication.facts if f.terms[0][0].startswith("classe|")]
    assert modelled and all(set(f.members) <= counted for f in modelled)
    whole = table[table["ensemble"]].iloc[0]
    assert whole["n"] == len(counted) and not whole["masque"]
    # « all of them have an agreement » says each one's: the auditor blanks it
    assert whole["n_convention"] is pd.NA and whole["n_isolees"] is not pd.NA


# -- r7 the conditions joined to the structure's fiche ---------------------------------

@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with a campaign of utilité sociale (4 structures) and a campaign of the
    grid answered by three of them (same ids)."""
    folder = tmp_path_factory.mktemp("linked")
    runner = CliRunner()
    db = folder / "l.sqlite"
    for ref, n, name in (("ardes-culture", "4", "us-2025"),
                         ("attractivite-rurale", "3", "rural-2025")):
        made = runner.invoke(cli, ["simulate", ref, "--structures", n, "--seed", "4", "-o",
                                   str(folder / name), "-q"])
        assert made.exit_code == 0, made.output
        done = runner.invoke(cli, ["ingest", str(folder / name), "--db", str(db),
                                   "--campagne", name, "--annee", "2025", "-q"])
        assert done.exit_code in (0, 1), done.output
    return db


def _without_conditions(html: str) -> str:
    start = html.index('<section class="conditions"')
    return html[:start] + html[html.index("</section>", start) + len("</section>\n"):]


@pytest.mark.slow
@pytest.mark.external
def test_r7_the_conditions_are_joined_to_the_fiche_never_scored(linked: Path) -> None:
    runner = CliRunner()
    out, bare = linked.parent / "jointes", linked.parent / "seules"
    result = runner.invoke(cli, ["report", "structure", "--campagne", "us-2025",
                                 "--attractivite", "rural-2025", "--densite", str(SAMPLE),
                                 "--db", str(linked), "-o", str(out), "--format", "html,pdf"])
    assert result.exit_code == 0, result.output
    assert "Conditions d'attractivité (campagne « rural-2025 ») jointes à 3 fiche(s)." \
        in result.output
    assert "RUR014" in result.output and "S0004" in result.output  # no grid: said
    alone = runner.invoke(cli, ["report", "structure", "--campagne", "us-2025", "--db",
                                str(linked), "-o", str(bare), "--format", "html,pdf"])
    assert alone.exit_code == 0, alone.output
    joined = sorted(out.glob("*_S0001_*.html"))[0].read_text(encoding="utf-8")
    plain = sorted(bare.glob("*_S0001_*.html"))[0].read_text(encoding="utf-8")
    assert 'id="conditions-attractivite"' in joined
    for code in ("R1", "R4", "R8", "R12"):
        assert f'<th scope="row">{code}</th>' in joined
    assert "table de densité INSEE (grille-densite-exemple.csv)" in joined
    assert "Lecture pour l&#39;atelier rural" in joined
    # read next to the profile, never scored into it: the fiche is the same otherwise
    assert _without_conditions(joined) == plain
    last = sorted(out.glob("*_S0004_*.html"))[0].read_text(encoding="utf-8")
    assert "conditions-attractivite" not in last
    # the PDF: one more page, numbered in the whole
    pdftotext = client("pdftotext")
    pdf = sorted(out.glob("*_S0001_*.pdf"))[0]
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.count("\f")
    plain_pages = subprocess.run([pdftotext, str(sorted(bare.glob("*_S0001_*.pdf"))[0]),
                                  "-"], capture_output=True, text=True,
                                 check=True).stdout.count("\f")
    assert pages == plain_pages + 1
    page = text.split("\f")[-2]  # the last page: the conditions, numbered in the whole
    assert "Conditions d'attractivité" in page and re.search(rf"\b{pages}\s*/\s*{pages}\b", page)
    # a campaign that is not the grid is refused, naming the grid's campaigns
    wrong = runner.invoke(cli, ["report", "structure", "--campagne", "us-2025",
                                "--attractivite", "us-2025", "--db", str(linked), "-o",
                                str(linked.parent / "x")])
    assert wrong.exit_code == 2 and "RUR013" in wrong.output \
        and "« rural-2025 »" in wrong.output


@pytest.mark.slow
def test_r7_a_campaign_that_asks_both_joins_its_own_grid(tmp_path: Path) -> None:
    """One workbook carrying the utilité-sociale questionnaire and the grid (a bundle):
    without --attractivite, the fiche joins the campaign's own conditions."""
    runner = CliRunner()
    made = runner.invoke(cli, ["simulate", "ardes-culture+attractivite-rurale",
                               "--structures", "3", "--seed", "2", "-o",
                               str(tmp_path / "b"), "-q"])
    assert made.exit_code == 0, made.output
    db = tmp_path / "b.sqlite"
    done = runner.invoke(cli, ["ingest", str(tmp_path / "b"), "--db", str(db),
                               "--campagne", "both", "-q"])
    assert done.exit_code in (0, 1), done.output
    result = runner.invoke(cli, ["report", "structure", "--campagne", "both", "--db", str(db),
                                 "--format", "html", "-o", str(tmp_path / "f")])
    assert result.exit_code == 0, result.output
    assert "Conditions d'attractivité (campagne « both ») jointes à 3 fiche(s)." in result.output
    for page in (tmp_path / "f").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'id="conditions-attractivite"' in html and '<th scope="row">R12</th>' in html
