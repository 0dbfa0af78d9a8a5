"""Robustness of levels (evalsoc sensibilite), issue 19 item 4.

- SEN1 variant 0 is the référentiel itself: it gives back every stored dimension score;
- SEN2 the vectorised variants equal the engine's combine() node by node, on a sample;
- SEN3 the same seed gives the same variants, another seed others; every factor stays
  within the asked range;
- SEN4 the publication prints each published median's interval, which holds the median,
  and whose bounds are audited (the auditor finds nothing exposed);
- SEN5 the command prints the table, a structure's stability, writes the workbook, and
  refuses unknown structures, policies and formats with French messages;
- SEN6 the fiche says « niveau stable » per dimension: the share the command gives for
  that structure, printed as a percentage in its profile table.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from evalsoc.cli.main import cli
from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.intervals import BOUNDS
from evalsoc.publish.publication import Publication
from evalsoc.publish.review import review
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import resolve
from evalsoc.reports.fiche.render import render_fiche
from evalsoc.reports.fiche.store import campaign_context, fiche_from_store
from evalsoc.sensitivity import Variation, analyse, variants_of
from evalsoc.sensitivity.params import draws
from evalsoc.sensitivity.reference import reference_scores
from evalsoc.simulate.registry import make_registry
from evalsoc.simulate.stored import store_campaign
from evalsoc.store.frames import Store
from evalsoc.support.formatting import fr_percent


@pytest.fixture(scope="module")
def ref() -> Referentiel:
    return resolve("ardes-culture@1.0.0")[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, ref: Referentiel) -> Path:
    path = tmp_path_factory.mktemp("sensibilite") / "evalsoc.sqlite"
    sims = make_registry(40, 11)
    store_campaign(path, "2026", 2026, ref, sims, 11, [s.info for s in sims])
    return path


@pytest.fixture(scope="module")
def scores(db: Path) -> pd.DataFrame:
    with Store(db) as store:
        return store.scores("2026")


def test_sen1_variant_zero_gives_back_the_stored_scores(scores: pd.DataFrame,
                                                         ref: Referentiel) -> None:
    variants = variants_of(scores, ref, Variation(draws=5))
    dims = scores[scores["type"] == "dimension"]
    assert len(dims) == 40 * 6
    for row in dims.to_dict("records"):
        where = (row["structure_id"], row["noeud"])
        got = variants.scores[0, variants.position(str(row["structure_id"])),
                              variants.dimensions.index(str(row["noeud"]))]
        if np.isnan(float(row["score"])):
            assert np.isnan(got), where
        else:
            assert got == pytest.approx(row["score"], abs=1e-8), where
    assert np.nanmin(variants.stability) >= 0 and np.nanmax(variants.stability) == 1


def test_sen2_vectorised_equals_the_engine_node_by_node(scores: pd.DataFrame,
                                                         ref: Referentiel) -> None:
    variation = Variation(draws=60, seed=5, weight=0.3, coverage=0.2)
    fast = variants_of(scores, ref, variation)
    sample = [0, 1, 7, 19, 33, 59]
    plain = reference_scores(scores, ref, variation, fast.structures, sample)
    assert np.array_equal(np.isnan(plain), np.isnan(fast.scores[sample]))
    assert np.allclose(np.nan_to_num(plain), np.nan_to_num(fast.scores[sample]), atol=1e-6)
    policies = draws(variation, 3, 2).policy
    assert len(set(policies.tolist())) > 1  # several N/A policies were drawn
    # the variants do move scores: not every draw equals draw 0
    assert np.nanmax(np.abs(fast.scores[1:] - fast.scores[0])) > 1


def test_sen3_reproducible_from_the_seed_and_within_range() -> None:
    one = draws(Variation(draws=200, seed=4, weight=0.2, coverage=0.1), 50, 20)
    again = draws(Variation(draws=200, seed=4, weight=0.2, coverage=0.1), 50, 20)
    other = draws(Variation(draws=200, seed=5, weight=0.2, coverage=0.1), 50, 20)
    assert np.array_equal(one.indicators, again.indicators)
    assert np.array_equal(one.policy, again.policy)
    assert not np.array_equal(one.indicators, other.indicators)
    assert one.indicators.min() >= 0.8 and one.indicators.max() <= 1.2
    assert np.abs(one.shift).max() <= 0.1
    assert np.all(one.indicators[0] == 1) and one.shift[0] == 0


def test_sen4_published_intervals_hold_the_median_and_are_audited(db: Path) -> None:
    with Store(db) as store:
        publication = Publication(load_sector_inputs(store, "2026"))
    table = publication.table("intervalles:ensemble")
    shown = table[~table["masque"]]
    assert len(shown) == 6  # every dimension's median of 40 structures is published
    for row in shown.to_dict("records"):
        low, mid, high = (float(row[k]) for k in ("mediane_basse", "mediane", "mediane_haute"))
        assert low <= mid + 1e-9 <= high + 2e-9
        assert high - low < 25
    facts = [f for f in publication.facts if f.cell and f.cell[0].startswith("intervalles")]
    assert len(facts) >= 2 * len(shown)
    assert all(f.kind == "quantile" and len(f.terms) == 2 for f in facts)
    assert publication.result is not None and publication.result.clean
    assert review(publication).clean
    none = Publication(load_sector_inputs(Store(db), "2026"), variation=None)
    assert not any(t.startswith("intervalles") for t in none.tables)


def test_sen5_command(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["sensibilite", "--campagne", "2026", "--db", str(db), "--tirages", "200"]
    out = tmp_path / "sens.xlsx"
    run = runner.invoke(cli, [*base, "--structure", "S0003", "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert "200 variantes (graine 1)" in run.output
    assert "Économique et emploi" in run.output and "Structure S0003 :" in run.output
    assert "stable dans" in run.output and "document de travail" in run.output
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["dimensions", "structures", "parametres"]
    book.close()
    again = runner.invoke(cli, [*base, "--json"])
    assert again.exit_code == 0 and again.output == runner.invoke(cli, [*base, "--json"]).output
    unknown = runner.invoke(cli, [*base, "--structure", "S9999"])
    assert unknown.exit_code == 2 and "S9999" in unknown.output
    policy = runner.invoke(cli, [*base, "--politiques", "moyenne"])
    assert policy.exit_code == 2 and "SEN" not in policy.output and "moyenne" in policy.output
    csv = runner.invoke(cli, [*base, "-o", str(tmp_path / "x.csv")])
    assert csv.exit_code == 2 and ".xlsx" in csv.output
    missing = runner.invoke(cli, ["sensibilite", "--campagne", "inconnue", "--db", str(db)])
    assert missing.exit_code == 2 and "inconnue" in missing.output
    assert BOUNDS == ("mediane_basse", "mediane_haute")


def test_sen6_the_fiche_says_how_stable_each_level_is(db: Path, ref: Referentiel,
                                                      scores: pd.DataFrame) -> None:
    context = campaign_context(db, "2026")
    analysis = analyse(scores, ref, "2026", structures=sorted(context.submissions))
    rows = analysis.structures.dropna(subset=["stabilite"])
    expected = dict(zip(zip(rows["structure_id"].astype(str), rows["dimension"].astype(str),
                            strict=True), rows["stabilite"].astype(float), strict=True))
    with Store(db) as store:
        fiche = fiche_from_store(context, store.conn, ref, "S0003")
    shown = {(fiche.identity.id, d.id): d.stability for d in fiche.dimensions
             if d.stability is not None}
    assert shown and shown == {k: v for k, v in expected.items() if k[0] == "S0003"}
    html = render_fiche(fiche, ["html"])["html"].decode("utf-8")
    assert "Stabilité" in html and "1 000 variantes" in html
    for d in fiche.dimensions:
        if d.stability is not None and d.level is not None:
            assert fr_percent(d.stability) in html
