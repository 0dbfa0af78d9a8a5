"""``evalsoc sensibilite`` as data: what the variants say about each dimension of a
campaign and about each structure, as two DataFrames (French column names).

- ``dimensions``: per dimension, the structures scored, the median score (the
  référentiel's own), the interval of the median across variants, and how many
  structures keep their level in at least :data:`STABLE` of the variants;
- ``structures``: per structure and dimension, its score, level and the share of
  variants that keep that level (what its fiche prints).

This is the consultant's working view of every evaluated structure: it is not
protected by statistical secrecy and is not for publication (the synthèse publishes the
medians' intervals through the campaign's publication, audited).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evalsoc.referentiel.model import Referentiel
from evalsoc.sensitivity.params import Variation
from evalsoc.sensitivity.summary import median_interval
from evalsoc.sensitivity.variants import Variants, variants_of

__all__ = ["STABLE", "Analysis", "analyse"]

STABLE = 0.9  # a level kept in at least this share of the variants is called stable


@dataclass(frozen=True)
class Analysis:
    campaign: str
    variation: Variation
    variants: Variants
    dimensions: pd.DataFrame
    structures: pd.DataFrame


def analyse(scores: pd.DataFrame, ref: Referentiel, campaign: str,
            variation: Variation | None = None,
            structures: Sequence[str] | None = None) -> Analysis:
    """The analysis of ``scores`` (a campaign's score frame), every structure in it."""
    variation = variation or Variation()
    variants = variants_of(scores, ref, variation, structures)
    labels = {d.id: d.label for d in ref.dimensions}
    rows = []
    for k, dim in enumerate(variants.dimensions):
        base = variants.scores[0, :, k]
        scored = [s for s, v in zip(variants.structures, base, strict=True)
                  if not np.isnan(v)]
        interval = median_interval(variants, scored, dim)
        stable = variants.stability[:, k]
        rows.append({"dimension": dim, "libelle": labels.get(dim, dim),
                     "structures": len(scored),
                     "mediane": float(np.median(base[~np.isnan(base)])) if scored else None,
                     "mediane_basse": interval.low.value if interval else None,
                     "mediane_haute": interval.high.value if interval else None,
                     "niveau_stable": int(np.sum(stable >= STABLE - 1e-12)),
                     "part_stable": float(np.mean(stable[~np.isnan(stable)] >= STABLE - 1e-12))
                     if scored else None})
    per = []
    for s, structure in enumerate(variants.structures):
        for k, dim in enumerate(variants.dimensions):
            score = variants.scores[0, s, k]
            per.append({"structure_id": structure, "dimension": dim,
                        "score": None if np.isnan(score) else float(score),
                        "niveau": int(variants.levels[0, s, k]) or None,
                        "stabilite": None if np.isnan(score)
                        else float(variants.stability[s, k])})
    return Analysis(campaign, variation, variants, pd.DataFrame(rows), pd.DataFrame(per))
