"""The publication auditor pointed at single tables of the statistics tests (no tests in
this module): can a masked cell's figure be recomputed exactly from the published ones?

This is the differencing attack that secondary suppression defends against: with a
protection of a thousandth of a point, the auditor reports exactly the values that
the published sums and means pin down. What several tables reveal together, order
statistics included, is tested on whole publications (tests/test_publication.py)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evalsoc.audit import Knowledge, audit
from evalsoc.publish.facts import facts_of, family_of
from evalsoc.publish.values import Values, values_of
from evalsoc.stats import SecrecyRules
from evalsoc.stats.inputs import DEFAULT_LEVEL_SPECS

EXACT = SecrecyRules(protection=0.001)
BREAKDOWNS = {"describe": ["campagne", "noeud"], "totals": ["campagne", "question"],
              "evolution": ["avant", "apres", "noeud"]}
NO_FRAME = pd.DataFrame(columns=["campagne", "structure_id", "question", "value", "groupe",
                                 "n"])


def recomputed(table: pd.DataFrame, kind: str, *, scores: pd.DataFrame | None = None,
               figures: pd.DataFrame | None = None, by: Sequence[str] = (),
               rules: SecrecyRules = EXACT) -> list[tuple[str, str]]:
    """(family, structure) of every value the table's sums and means pin down (exactly,
    or closer than ``rules.protection``)."""
    facts = [f for f in facts_of(table, "t", kind, breakdown=BREAKDOWNS[kind], by=by,
                                 family=lambda r: f"figure|{r['campagne']}|{r['question']}",
                                 levels=DEFAULT_LEVEL_SPECS)
             if f.kind in ("mean", "sum")]
    loaders = {}
    frames = scores if scores is not None else pd.DataFrame(
        columns=["campagne", "structure_id", "noeud", "type", "score", "absence", "dimension",
                 "completude", "groupe_source"])
    numbers = figures if figures is not None else NO_FRAME
    for campaign in {*frames["campagne"].astype(str), *numbers["campagne"].astype(str)}:
        loaders.update(values_of(campaign, frames[frames["campagne"].astype(str) == campaign],
                                 numbers[numbers["campagne"].astype(str) == campaign],
                                 NO_FRAME))
    truth = Values(loaders)
    families = {k: family_of(k, rules, bounds=(-1e9, 1e9) if k.startswith("figure") else
                             (None, None)) for f in facts for k, _ in f.terms}
    result = audit(facts, Knowledge(families, truth))
    hidden = {s for members, masked in zip(table["_membres"], table["masque"], strict=True)
              if masked for s in members}  # a value a published cell pins by itself (all
    # members at 100) is a group's, not a masked cell's: secondary suppression is not
    # about it
    return [(e.family.key, e.structure) for e in result.exposures if e.structure in hidden]
