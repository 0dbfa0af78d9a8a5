"""The fiche's position among its peers goes through the publication (issue 19, Build 6).

Requirements:
- PEER1 the peers' quartiles a fiche prints are the publication's ``pairs:discipline``
  and ``pairs:taille`` tables, figure for figure, and ``evalsoc audit`` checks them with
  everything else (nothing exposed);
- PEER2 the reader of a fiche knows its own score: a peer cell counts one unknown
  member fewer than the synthèse's (a group of 7 structures not named gets the
  synthèse's median but no peer median; a group of 8, a median but no quartiles);
- PEER3 a group merged into « Autres … » is not a group of peers: such a structure is
  placed within its size class instead, or nowhere;
- PEER4 the position in words follows the quartiles.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from evalsoc.cli.main import cli
from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.peers import member_unknown
from evalsoc.publish.publication import Publication
from evalsoc.referentiel.registry import resolve
from evalsoc.reports.fiche.model import PeerView
from evalsoc.reports.fiche.peers import position
from evalsoc.reports.fiche.render import render_fiche
from evalsoc.reports.fiche.store import campaign_context, fiche_from_store
from evalsoc.simulate.registry import SimStructure, make_registry
from evalsoc.simulate.stored import store_campaign
from evalsoc.stats.aggregate import MEMBERS
from evalsoc.store.frames import Store

# discipline -> structures, all « anonyme »; two size classes across them
GROUPS = {"théâtre": 12, "danse": 8, "cirque": 7, "conte": 2, "marionnette": 2}


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Publication]:
    db = tmp_path_factory.mktemp("pairs") / "evalsoc.sqlite"
    _, ref = resolve("ardes-culture@1.0.0")
    disciplines = [d for d, n in GROUPS.items() for _ in range(n)]
    sims = make_registry(len(disciplines), 19)
    structures = [SimStructure(s.info.model_copy(update={
        "discipline": d, "consentement": "anonyme", "departement": "14",
        "taille": "moins de 100 k€" if k % 2 else "100 à 300 k€"}), s.budget)
        for k, (s, d) in enumerate(zip(sims, disciplines, strict=True))]
    store_campaign(db, "2026", 2026, ref, structures, 19, [s.info for s in structures])
    with Store(db) as store:
        publication = Publication(load_sector_inputs(store, "2026", None))
    return db, publication


def _row(table: pd.DataFrame, column: str, group: str, node: str) -> pd.Series:
    found = table[(table[column] == group) & (table["noeud"] == node)]
    assert len(found) == 1, (column, group, node)
    return found.iloc[0]


def test_peer2_member_counts_one_unknown_fewer() -> None:
    table = pd.DataFrame({MEMBERS: [("A",), ("A", "B"), ("A", "B", "C"),
                                    ("A", "B", "C", "D"), ("N", "A", "B", "C")]})
    assert list(member_unknown(frozenset({"N"}))(table)) == [1, 2, 2, 3, 2]


@pytest.mark.slow
def test_peer2_the_member_rule_in_the_tables(campaign: tuple[Path, Publication]) -> None:
    _, publication = campaign
    sector = publication.table("secteur:discipline")
    pairs = publication.table("pairs:discipline")
    # 7 unknown structures: the synthèse prints the median, a member would know 6 others
    assert not math.isnan(_row(sector, "discipline", "cirque", "SOC")["mediane"])
    assert math.isnan(_row(pairs, "discipline", "cirque", "SOC")["mediane"])
    danse = _row(pairs, "discipline", "danse", "SOC")  # 8: median, no quartiles
    assert not math.isnan(danse["mediane"]) and math.isnan(danse["q1"])
    theatre = _row(pairs, "discipline", "théâtre", "SOC")  # 12: quartiles
    assert not math.isnan(theatre["q1"]) and not math.isnan(theatre["q3"])
    assert "conte" not in set(pairs["discipline"])  # merged into « Autres disciplines »


@pytest.mark.slow
def test_peer1_fiche_figures_are_the_publication(campaign: tuple[Path, Publication]) -> None:
    db, publication = campaign
    context = campaign_context(db, "2026")
    registry = publication.registry.set_index("structure_id")
    pairs = {c: publication.table(f"pairs:{c}") for c in ("discipline", "taille")}
    seen = {"discipline": 0, "taille": 0}
    with Store(db) as store:
        _, ref = resolve(context.referentiel)
        for ident in context.submissions:
            fiche = fiche_from_store(context, store.conn, ref, ident)
            discipline = str(registry.loc[ident, "discipline"])
            for d in fiche.dimensions:
                if d.peers is None:
                    continue
                seen[d.peers.column] += 1
                row = _row(pairs[d.peers.column], d.peers.column, d.peers.group, d.id)
                assert d.peers.group == str(registry.loc[ident, d.peers.column])
                assert d.peers.median == row["mediane"] and d.peers.n == row["n"]
                for mine, theirs in ((d.peers.q1, row["q1"]), (d.peers.q3, row["q3"])):
                    assert (mine is None and math.isnan(theirs)) or mine == theirs
                if discipline in ("cirque", "conte", "marionnette"):  # PEER3: size class
                    assert d.peers.column == "taille"
    assert seen["discipline"] > 0 and seen["taille"] > 0


@pytest.mark.slow
def test_peer1_audit_checks_the_peer_tables(campaign: tuple[Path, Publication]) -> None:
    db, publication = campaign
    assert publication.result is not None and publication.result.clean
    done = CliRunner().invoke(cli, ["audit", "--campagne", "2026", "--db", str(db), "--json"])
    report = json.loads(done.output)
    assert done.exit_code == 0 and report["exposed"] == []
    assert {t["table"] for t in report["tables"]} >= {"pairs:discipline", "pairs:taille"}


@pytest.mark.slow
def test_peer1_the_fiche_shows_its_place(campaign: tuple[Path, Publication]) -> None:
    db, publication = campaign
    context = campaign_context(db, "2026")
    registry = publication.registry
    theatre = str(registry.loc[registry["discipline"] == "théâtre", "structure_id"].iloc[0])
    with Store(db) as store:
        _, ref = resolve(context.referentiel)
        fiche = fiche_from_store(context, store.conn, ref, theatre)
    html = render_fiche(fiche, ["html"])["html"].decode("utf-8")
    assert "Position parmi les structures comparables" in html
    assert "théâtre (12)" in html


def test_peer4_position_in_words() -> None:
    band = PeerView(column="discipline", group="théâtre", n=12, q1=40.0, median=55.0, q3=70.0)
    assert [position(s, band) for s in (39.9, 40.0, 55.0, 70.0)] == [
        "quart le plus bas", "entre le 1er quartile et la médiane",
        "entre la médiane et le 3e quartile", "quart le plus haut"]
    half = band.model_copy(update={"q1": None, "q3": None})
    assert [position(s, half) for s in (54.0, 55.0)] == [
        "sous la médiane", "à la médiane ou au-dessus"]
