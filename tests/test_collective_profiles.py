"""The restitution collective's profiles side by side (issue 19, Build 5, last part).

- CP1 every structure of a 6-structure collective consented to be named: the synthèse's
  transversal reading shows one column per structure, the dimensions as rows, each cell
  the level in words and the rounded score, equal to the stored score; the table comes
  from the publication's spec « profils:collectif » and the auditor finds nothing exposed;
- CP2 one structure chose « anonyme »: nothing side by side, one sentence says why, and
  the publication's table is empty;
- CP3 the auditor is the second lock: the same table fed for a structure that is not
  named is an exposure (its score would be published individually);
- CP4 the HTML, PDF and ODT carry the table (external: Typst and LibreOffice-free);
- CP5 with the profiles, the synthèse stays within 4 pages: its annex lists the
  indicators by dimension and kind.
"""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from editable_text import html_tables, odt_tables
from external import client

from evalsoc.audit import Auditor
from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.profiles import PROFILES, profile_facts
from evalsoc.publish.publication import Publication
from evalsoc.publish.review import review
from evalsoc.referentiel.registry import resolve
from evalsoc.reports.sector.build import build_sector_report
from evalsoc.reports.sector.model import SectorReport, TableBlock
from evalsoc.reports.sector.render import write_sector_report
from evalsoc.simulate.registry import make_registry
from evalsoc.simulate.stored import store_campaign
from evalsoc.store.frames import Store
from evalsoc.support.formatting import whole_score


def _campaign(root: Path, consents: list[str]) -> Publication:
    ref = resolve("ardes-culture")[1]
    sims = [dataclasses.replace(s, info=s.info.model_copy(update={"consentement": c}))
            for s, c in zip(make_registry(len(consents), 7), consents, strict=True)]
    db = root / "evalsoc.sqlite"
    store_campaign(db, "2026", 2026, ref, sims, 7, [s.info for s in sims])
    with Store(db) as opened:
        return Publication(load_sector_inputs(opened, "2026"))


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory) -> tuple[Publication, SectorReport]:
    publication = _campaign(tmp_path_factory.mktemp("nommes"), ["nominative"] * 6)
    return publication, build_sector_report(publication)


@pytest.fixture(scope="module")
def one_anonymous(tmp_path_factory: pytest.TempPathFactory
                  ) -> tuple[Publication, SectorReport]:
    publication = _campaign(tmp_path_factory.mktemp("anonyme"),
                            ["nominative"] * 3 + ["anonyme"] + ["nominative"] * 2)
    return publication, build_sector_report(publication)


def _transversal(report: SectorReport) -> list[object]:
    return list(next(s for s in report.sections if s.id == "lecture-transversale").blocks)


def test_cp1_profiles_side_by_side_when_all_are_named(
        named: tuple[Publication, SectorReport]) -> None:
    publication, report = named
    assert publication.result is not None and publication.result.clean
    frame = publication.table(PROFILES)
    assert len(frame) == 6 * 6 and not frame["masque"].any()
    tables = [b.table for b in _transversal(report) if isinstance(b, TableBlock)]
    assert len(tables) == 1
    table = tables[0]
    registry = publication.inputs.structures
    names = dict(zip(registry["structure_id"].astype(str), registry["nom"], strict=True))
    assert table.columns[0].label == "Dimension"
    assert sorted(c.label for c in table.columns[1:]) == sorted(names.values())
    ref = publication.inputs.referentiel
    assert [r.texts[0] for r in table.rows] == [d.label for d in ref.dimensions]
    scores = publication.current.scores
    edges = [lv.min for lv in ref.levels if lv.min > 0]
    labels = {lv.code: lv.label for lv in ref.levels}
    checked = 0
    for k, column in enumerate(table.columns[1:], start=1):
        for dim, row in zip(ref.dimensions, table.rows, strict=True):
            stored = scores[(scores["structure_id"] == column.key)
                            & (scores["noeud"] == dim.id)].iloc[0]
            if pd.isna(stored["score"]):
                assert row.texts[k] == "n.é."
                continue
            shown = f"{whole_score(float(stored['score']), edges):.0f}"
            assert row.texts[k] == f"{labels[int(stored['niveau'])]} · {shown}", row.texts
            checked += 1
    assert checked >= 30
    assert not review(publication).exposed
    text = " ".join(b.model_dump_json() for b in _transversal(report))  # type: ignore[attr-defined]
    assert "« secret »" not in text and '"secret"' not in text
    assert "pas consenti" not in text


def test_cp2_nothing_side_by_side_when_one_is_not_named(
        one_anonymous: tuple[Publication, SectorReport]) -> None:
    publication, report = one_anonymous
    assert publication.table(PROFILES).empty
    blocks = _transversal(report)
    assert not [b for b in blocks if isinstance(b, TableBlock)]
    said = [b.text for b in blocks if getattr(b, "kind", "") == "paragraph"  # type: ignore[attr-defined]
            and "côte à côte" in b.text]  # type: ignore[attr-defined]
    assert said == ["Les profils ne sont pas présentés côte à côte : 1 structure du "
                    "collectif n'a pas consenti à être nommée dans les rapports de la "
                    "campagne, et une comparaison structure par structure demande l'accord "
                    "de toutes (consentement « nominative »)."]
    registry = publication.inputs.structures
    for name in registry["nom"]:  # no structure named anywhere in the reading
        assert name not in " ".join(b.model_dump_json() for b in blocks)  # type: ignore[attr-defined]


def test_cp3_the_auditor_refuses_a_score_of_an_unnamed_structure(
        named: tuple[Publication, SectorReport],
        one_anonymous: tuple[Publication, SectorReport]) -> None:
    table = named[0].table(PROFILES)
    publication = one_anonymous[0]
    anonymous = sorted(publication.population.included - publication.population.named)
    assert len(anonymous) == 1
    forged = table[table["structure_id"] == anonymous[0]]
    assert len(forged) == 6
    facts = profile_facts(forged, PROFILES)
    # the same structure's scores in the other campaign are its own: use this campaign's
    truth = publication.current.scores
    mine = truth[(truth["structure_id"] == anonymous[0]) & (truth["type"] == "dimension")
                 & truth["score"].notna()]
    values = dict(zip(mine["noeud"].astype(str), mine["score"].astype(float), strict=True))
    facts = [dataclasses.replace(f, value=values[f.terms[0][0].split("|")[2]])
             for f in facts if f.terms[0][0].split("|")[2] in values]
    assert facts
    result = Auditor(exact=True).run(facts, publication.knowledge(facts))
    assert {e.structure for e in result.exposures} == {anonymous[0]}
    assert len(result.exposures) == len(facts)
    # a named structure's published scores are no exposure
    named_one = sorted(publication.population.named)[0]
    own = [dataclasses.replace(f, members=(named_one,), value=float(v))
           for f in profile_facts(table, PROFILES)[:1]
           for v in truth[(truth["structure_id"] == named_one)
                          & (truth["noeud"] == f.terms[0][0].split("|")[2])]["score"]]
    assert own and not Auditor(exact=True).run(own, publication.knowledge(own)).exposures


@pytest.mark.external
def test_cp4_html_pdf_and_odt_carry_the_table(named: tuple[Publication, SectorReport],
                                              tmp_path: Path) -> None:
    files = write_sector_report(named[1], tmp_path)
    html = [t for t in html_tables(files["html"]) if t and t[0] and t[0][0] == "Dimension"]
    odt = [t for t in odt_tables(files["odt"]) if t and t[0] and t[0][0] == "Dimension"]
    assert html and html == odt
    assert len(html[0]) == 7 and len(html[0][0]) == 7  # header + 6 dimensions, 1 + 6


@pytest.mark.external
def test_cp5_all_named_the_collective_stays_within_4_pages(
        named: tuple[Publication, SectorReport], tmp_path: Path) -> None:
    """The profiles take room: the annex gives the indicators' kind and direction by
    dimension and kind (one row per dimension), and the whole stays within 4 pages."""
    publication, report = named
    ref = publication.inputs.referentiel
    table = next(b.table for s in report.sections for b in s.blocks
                 if isinstance(b, TableBlock) and b.table.id == "indicateurs-nature")
    assert [r.texts[0] for r in table.rows] == [d.label for d in ref.dimensions]
    listed = " ; ".join(" ; ".join(r.texts[1:]) for r in table.rows)
    assert all(ind.label in listed for ind in ref.indicateurs())
    assert "(plus c'est bas, mieux c'est)" in listed and "(informatif, non noté)" in listed
    files = write_sector_report(report, tmp_path)
    done = subprocess.run([client("pdftotext"), "-layout", str(files["pdf"]), "-"],
                          capture_output=True, text=True, check=True)
    assert len(done.stdout.rstrip("\f").split("\f")) <= 4
