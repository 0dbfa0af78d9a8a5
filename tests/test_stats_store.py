"""The store's DataFrames are valid inputs of the statistics layer, end to end.

Requirement: C2 the frames :class:`evalsoc.store.frames.Store` returns follow the input
contract of :mod:`evalsoc.stats` (workbooks -> ingest -> frames -> protected tables).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from audited import recomputed
from conftest import MINI_YAML
from workbooks import make_workbook

from evalsoc.answers.model import StructureInfo
from evalsoc.referentiel.model import Referentiel
from evalsoc.stats import describe, respondent_figures, totals
from evalsoc.store.frames import Store
from evalsoc.store.ingest import ingest
from evalsoc.store.target import Target


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini: Referentiel,
          make_target: Callable[[str], Target]) -> Target:
    folder = tmp_path / "referentiels" / "mini"
    folder.mkdir(parents=True)
    (folder / "1.0.0.yaml").write_text(MINI_YAML, encoding="utf-8")
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(folder.parent))
    books = tmp_path / "classeurs"
    books.mkdir()
    registry = []
    for n in range(8):
        info = StructureInfo(id=f"S{n:03d}", name=f"Structure {n}",
                             departement=("14", "50", "61")[n % 3], consentement="anonyme")
        registry.append(info)
        answers = {"convention": "Oui" if n % 2 else "Non", "etp": 1 + n,
                   "ressources_propres": 1000 * n, "budget": 40000 + 5000 * n}
        make_workbook(books / f"s{n:03d}.xlsx", mini, answers=answers, structure=info)
    db = make_target("evalsoc")
    ingest([books], "2024", db, year=2024, registry=registry, workers=1)
    return db


def test_c2_store_frames_feed_the_statistics(store: Target) -> None:
    with Store(store) as opened:
        scores, structures = opened.scores("2024"), opened.structures()
        respondents, figures = opened.respondents("2024"), opened.figures("2024")
    table = describe(scores, structures, ["departement"], "all")
    assert set(table["departement"]) == {"14", "50", "61", "Ensemble"}
    assert (table.loc[table["ensemble"], "n"] == 8).all()
    dimensions = describe(scores, structures, ["departement"])
    assert dimensions["masque"].any()
    assert not recomputed(dimensions, "describe", scores=scores, by=["departement"])
    money = totals(figures, structures, ["departement"])
    assert money.loc[money["ensemble"] & (money["question"] == "budget"), "somme"].iloc[0] == (
        8 * 40000 + 5000 * sum(range(8)))
    assert not recomputed(money, "totals", figures=figures, by=["departement"])
    heard = respondent_figures(scores, respondents, structures)
    assert set(heard["groupe"]) <= {"structure", "benevoles"}
    assert set(structures["consentement"]) == {"anonyme"}
