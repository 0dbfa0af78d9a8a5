"""Year-on-year « hausse / baisse » only beyond the noise of the robustness variants
(issue 19, Build 4, last part).

- CN1 the rule on its own: a change is « hausse » / « baisse » only when the whole
  interval of the variants' changes lies on its side of zero and it rounds to a point;
- CN2 hand-made scores: a 4-point change carried by critères moving in opposite
  directions is noise (its sign flips under some variants), a 3-point change of every
  indicator of another dimension is real (the same under every variant);
- CN3 the fiche says it in words: « stable (écart de 4 point(s) dans le bruit des
  variantes) » and « en hausse de 3 point(s) »;
- CN4 the synthèse reads its dimensions with the same rule (stable / hausse / baisse,
  never a fixed threshold).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.publication import Publication
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import resolve
from evalsoc.reports.fiche.model import DimensionView, Fiche, Identity, LevelView, Method
from evalsoc.reports.fiche.view import change_text
from evalsoc.reports.sector.context import SectorContext
from evalsoc.reports.sector.evolution import changes, evolution_section
from evalsoc.reports.sector.model import Bullets
from evalsoc.sensitivity import (
    Variation,
    change_direction,
    change_interval,
    change_noise,
    structure_change_noise,
    variants_of,
)
from evalsoc.sensitivity.variants import tree_of
from evalsoc.simulate.registry import make_registry
from evalsoc.simulate.stored import store_campaign
from evalsoc.stats.aggregate import MEMBERS
from evalsoc.store.frames import Store

UP = ("TERR.1", "TERR.3")  # these critères rise by 88 points...
DOWN = ("TERR.2", "TERR.4")  # ...these fall by 80: +4 on TERR with equal weights


@pytest.fixture(scope="module")
def ref() -> Referentiel:
    return resolve("ardes-culture@1.1.0")[1]


def _frame(ref: Referentiel, after: bool) -> pd.DataFrame:
    """One structure's indicator scores: 50 everywhere but TERR and SOC."""
    rows = []
    for dim in ref.dimensions:
        for crit in dim.criteres:
            for ind in crit.indicateurs:
                score = 50.0
                if crit.id in UP:
                    score = 98.0 if after else 10.0
                elif crit.id in DOWN:
                    score = 10.0 if after else 90.0
                elif dim.id == "SOC" and after:
                    score = 53.0
                rows.append({"structure_id": "S1", "noeud": ind.id, "score": score,
                             "absence": None})
    return pd.DataFrame(rows)


def test_cn1_the_rule() -> None:
    assert change_direction(4.0, (-1.2, 8.5)) == "stable"
    assert change_direction(3.0, (2.6, 3.0)) == "hausse"
    assert change_direction(-3.0, (-3.4, -0.1)) == "baisse"
    assert change_direction(-3.0, (-3.4, 0.2)) == "stable"
    assert change_direction(0.4, (0.3, 0.5)) == "stable"  # prints as 0 point
    assert change_direction(0.5, (0.5, 0.5)) == "hausse"
    assert change_direction(6.0, None) == "stable"  # no variant measured: no claim
    deltas = np.array([*range(1, 20), np.nan])  # 5th..95th percentile, NaN left out
    assert change_noise(deltas, 5, 95) == (2.0, 18.0)
    assert change_noise(np.array([np.nan]), 5, 95) is None


def test_cn2_four_points_of_noise_and_three_real_points(ref: Referentiel) -> None:
    weights = {c: w for c, w in zip(tree_of(ref).criteres, tree_of(ref).critere_weight,
                                    strict=True) if c.startswith("TERR.")}
    assert len(set(weights.values())) == 1  # equal weights: the +4 below is exact
    variation = Variation(draws=400, seed=3)
    before = variants_of(_frame(ref, False), ref, variation)
    after = variants_of(_frame(ref, True), ref, variation)
    terr = after.column("TERR")[0, 0] - before.column("TERR")[0, 0]
    soc = after.column("SOC")[0, 0] - before.column("SOC")[0, 0]
    assert terr == pytest.approx(4.0) and soc == pytest.approx(3.0)
    noise = structure_change_noise(before, after, "S1", ["TERR", "SOC", "ECO"])
    low, high = noise["TERR"]
    assert low < 0 < terr < high  # some defensible variants turn the +4 into a fall
    assert noise["SOC"] == pytest.approx((3.0, 3.0))  # every variant: +3
    assert noise["ECO"] == pytest.approx((0.0, 0.0))
    assert change_direction(terr, noise["TERR"]) == "stable"
    assert change_direction(soc, noise["SOC"]) == "hausse"
    assert change_direction(0.0, noise["ECO"]) == "stable"
    # what the old fixed 2,5-point rule said: both « hausse »
    assert abs(terr) >= 2.5 and abs(soc) >= 2.5
    # a structure missing from one campaign has no noise, hence no claim
    assert structure_change_noise(before, after, "S2", ["TERR"]) == {}


def _fiche(dimensions: tuple[DimensionView, ...]) -> Fiche:
    levels = (LevelView(code=1, label="Émergent", min=0, color="#eee"),
              LevelView(code=2, label="En développement", min=40, color="#ddd"),
              LevelView(code=3, label="Affirmé", min=60, color="#ccc"))
    method = Method(referentiel="ardes-culture@1.1.0", referentiel_title="ARDES",
                    hash_prefix="abc", campaign="2026", year=2026, mode="auto-évaluation",
                    engine_version="0")
    return Fiche(identity=Identity(id="S1", name="Asso"), method=method, levels=levels,
                 pistes_threshold=50, dimensions=dimensions, previous_campaign="2025")


def test_cn3_the_fiche_says_it(ref: Referentiel) -> None:
    variation = Variation(draws=400, seed=3)
    before = variants_of(_frame(ref, False), ref, variation)
    after = variants_of(_frame(ref, True), ref, variation)
    noise = structure_change_noise(before, after, "S1", ["TERR", "SOC", "ECO"])
    dims = tuple(
        DimensionView(id=d, label=label, score=float(after.column(d)[0, 0]),
                      previous=float(before.column(d)[0, 0]), change_noise=noise[d])
        for d, label in (("TERR", "Territoire"), ("SOC", "Lien social"),
                         ("ECO", "Économie")))
    text = change_text(_fiche(dims))
    assert text.startswith("Depuis la campagne 2025 : ")
    assert "Territoire stable (écart de 4 point(s) dans le bruit des variantes)" in text
    assert "Lien social en hausse de 3 point(s)" in text
    assert "Économie stable ;" not in text and "Économie stable." in text
    # a fall beyond the noise that crosses a level is said with both levels
    down = DimensionView(id="X", label="Gouvernance", score=58.0, previous=63.0,
                         change_noise=(-5.5, -4.0))
    assert ("Gouvernance en baisse de 5 point(s) (du niveau « Affirmé » au niveau « En "
            "développement »)") in change_text(_fiche((down,)))


@pytest.fixture(scope="module")
def two_campaigns(tmp_path_factory: pytest.TempPathFactory, ref: Referentiel) -> Path:
    """40 structures scored in 2025 and again in 2026 (other answers: other seeds)."""
    path = tmp_path_factory.mktemp("evolution") / "evalsoc.sqlite"
    sims = make_registry(40, 11)
    store_campaign(path, "2025", 2025, ref, sims, 11, [s.info for s in sims])
    store_campaign(path, "2026", 2026, ref, sims, 12)
    return path


def test_cn4_the_synthese_uses_the_same_rule(two_campaigns: Path) -> None:
    with Store(two_campaigns) as store:
        publication = Publication(load_sector_inputs(store, "2026", "2025"))
    earlier = publication.earlier
    assert earlier is not None
    found = changes(SectorContext(publication))
    raw = publication.tables["evolution:departement"]
    rows = raw[raw["ensemble"].astype(bool) & ~raw["masque"].astype(bool)
               & raw["evolution_mediane"].notna()]
    assert len(rows) == len(found) > 0
    for r in rows.to_dict("records"):
        noise = change_interval(earlier.variants, publication.variants, r[MEMBERS],
                                str(r["noeud"]))
        assert found[str(r["noeud"])][0] == change_direction(float(r["evolution_mediane"]),
                                                             noise)
    section = evolution_section(SectorContext(publication))
    assert section is not None
    bullets = [i for b in section.blocks if isinstance(b, Bullets) for i in b.items]
    assert len(bullets) == len(found)
    for (word, change, _), bullet in zip(found.values(), bullets, strict=True):
        if word != "stable":
            assert f" : en {word}, " in bullet, bullet
        elif abs(change) < 0.5:
            assert bullet.endswith(" : stable (moins d'un point de médiane)."), bullet
        else:
            assert " : stable (écart dans le bruit des variantes : " in bullet, bullet
    assert not any("comparable" in b for b in bullets)
