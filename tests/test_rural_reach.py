"""Stake 2 read with the rural grid's itinérance (issue 22, Build 4; spec 6.E and §6.C R8).

RR1 a structure is « en itinérance rurale » with at least ``communes_itinerance_min``
    communes reached of which at least ``itinerance_min`` are rural; no commune reached
    is a 0; communes unknown to the density table leave it out (never a 0);
RR2 ``report sector --attractivite --densite`` prints the share of the structures in both
    campaigns whose consent allows it in each, equal to the hand count, with its source;
    the auditor passes with the joined table;
RR3 the options are refused in French when incomplete or when the campaign named is not
    one of the grid.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from versions_fixture import run_cli

from evalsoc.referentiel.registry import resolve
from evalsoc.reports.attractiveness.rural_reach import roving
from evalsoc.store.frames import Store
from evalsoc.structures.consent import ANONYMOUS, NAMED
from evalsoc.support.formatting import fr_percent
from evalsoc.territory.conditions import StructureConditions, campaign_conditions
from evalsoc.territory.density import read_density

ROOT = Path(__file__).resolve().parent.parent
DENSITY = ROOT / "examples" / "territoires" / "grille-densite-exemple.csv"


def test_rr1_roving_by_hand() -> None:
    grid = resolve("attractivite-rurale")[1]

    def flag(reached: int, rural: float | None) -> float | None:
        return roving(StructureConditions("S1", communes_reached=reached,
                                          rural_reached=rural), grid)

    assert flag(0, None) == 0.0  # nothing reached: not roving, and known
    assert flag(3, 2 / 3) == 1.0  # 3 communes (the minimum), 67 % rural (50 % at least)
    assert flag(3, 0.5) == 1.0  # exactly the parameter
    assert flag(2, 1.0) == 0.0  # too few communes, however rural
    assert flag(5, 0.4) == 0.0
    assert flag(4, None) is None  # communes not in the density table: out of n


@pytest.fixture(scope="module")
def joined(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rural")
    db = root / "base.sqlite"
    for ref, name, n, year in (("ardes-culture@1.2.0", "2026", "16", "2026"),
                               ("attractivite-rurale", "rural-2025", "12", "2025")):
        out = root / name
        code, text = run_cli("simulate", ref, "--structures", n, "--seed", "2025",
                             "--annee", year, "-o", str(out), "-q")
        assert code == 0, text
        code, text = run_cli("ingest", str(out), "--campagne", name, "--annee", year,
                             "--structures", str(out / "structures.csv"), "--db", str(db),
                             "-q")
        assert code == 0, text
    return db


def _hand(db: Path) -> tuple[int, int]:
    """(n, structures roving) by hand from the two campaigns' consents and the grid."""
    grid = resolve("attractivite-rurale")[1]
    with Store(db) as store:
        ours = {str(s) for s, c in store.consents("2026").items() if c in (NAMED, ANONYMOUS)}
        theirs = {str(s) for s, c in store.consents("rural-2025").items()
                  if c in (NAMED, ANONYMOUS)}
        answers = store.answers("rural-2025")
    table = read_density(DENSITY).levels
    n = yes = 0
    for c in campaign_conditions(answers, {}, grid, table):
        if c.structure_id not in ours & theirs:
            continue
        if c.communes_reached == 0:
            n += 1
        elif c.rural_reached is not None:
            n += 1
            yes += int(c.communes_reached >= 3 and c.rural_reached >= 0.5)
    return n, yes


@pytest.mark.slow
def test_rr2_the_synthesis_prints_the_hand_share_and_the_audit_passes(
        joined: Path, tmp_path: Path) -> None:
    n, yes = _hand(joined)
    assert n >= 5 and 0 < yes < n  # a figure the rules let through, not « secret »

    code, out = run_cli("report", "sector", "--campagne", "2026", "--attractivite",
                        "rural-2025", "--densite", str(DENSITY), "--db", str(joined),
                        "--format", "html", "-o", str(tmp_path))
    assert code == 0, out
    page = html.unescape(re.sub(r"<[^>]+>", " ", (tmp_path / "synthese-2026.html")
                                .read_text(encoding="utf-8")))
    text = re.sub(r"\s+", " ", page)
    row = re.search(r"Structures en itinérance rurale : au moins 3 communes atteintes, dont "
                    r"au moins 50 % rurales \(grille communale de densité de l'INSEE\) "
                    r"« Itinérance, hors les murs » \(R8, campagne « rural-2025 » de la "
                    r"grille\) (\S+) (\S+ %) (\S+)", text)
    assert row is not None, text[text.find("Décloisonner"):][:3000]
    spaced = fr_percent(yes / n).replace("\u202f", " ")  # \s+ made every space one
    assert row.groups() == (str(n), spaced, str(yes))
    # said once, not also « non recueilli »
    assert "Part des actions menées dans des communes rurales : non recueilli" not in text
    code, out = run_cli("audit", "--campagne", "2026", "--attractivite", "rural-2025",
                        "--densite", str(DENSITY), "--db", str(joined))
    assert code == 0, out
    assert "enjeux-rural:ensemble : 1 ligne(s)" in out


@pytest.mark.slow
def test_rr2_without_the_grid_the_share_is_said_not_collected(joined: Path,
                                                               tmp_path: Path) -> None:
    code, out = run_cli("report", "sector", "--campagne", "2026", "--db", str(joined),
                        "--format", "html", "-o", str(tmp_path))
    assert code == 0, out
    text = html.unescape((tmp_path / "synthese-2026.html").read_text(encoding="utf-8"))
    assert "Part des actions menées dans des communes rurales : non recueilli dans " \
        "ardes-culture 1.2.0 ; à lire dans la grille d'attractivité rurale, que evalsoc " \
        "report sector --attractivite CAMPAGNE --densite grille.csv joint à la synthèse." \
        in text


@pytest.mark.slow
def test_rr3_incomplete_or_wrong_options_are_refused(joined: Path, tmp_path: Path) -> None:
    code, out = run_cli("report", "sector", "--campagne", "2026", "--attractivite",
                        "rural-2025", "--db", str(joined), "-o", str(tmp_path))
    assert code == 2 and "--attractivite demande la grille communale de densité" in out
    code, out = run_cli("audit", "--campagne", "2026", "--densite", str(DENSITY),
                        "--db", str(joined))
    assert code == 2 and "--densite ne sert qu'avec --attractivite" in out
    code, out = run_cli("audit", "--campagne", "2026", "--attractivite", "2026",
                        "--densite", str(DENSITY), "--db", str(joined))
    assert code != 0 and "RUR013" in out and "« rural-2025 »" in out
    assert not list(tmp_path.iterdir())  # nothing written
