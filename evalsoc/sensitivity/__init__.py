"""How robust the levels are: a Monte Carlo over the référentiel's own choices.

A structure's level on a dimension depends on answers, but also on choices the
référentiel made: the weights of indicators and critères, the minimum coverage a node
needs to be scored, and what a « non concerné » answer counts for (the N/A policy).
:mod:`~evalsoc.sensitivity.variants` draws many variants of those choices from a seed
(:class:`~evalsoc.sensitivity.params.Variation`), re-scores every structure's dimensions
from its stored indicator scores under each variant at once (numpy), and says:

- per structure and dimension, in what share of the variants the level stays the same
  (the fiche: « niveau stable dans 94 % des variantes »);
- per published median, the interval the median moves in across variants (the synthèse);
- per year-on-year change, whether it exceeds that noise
  (:mod:`~evalsoc.sensitivity.change`, one rule for the fiche and the synthèse).

Pure functions of the campaign's score frames; ``evalsoc sensibilite`` shows them.
"""

from evalsoc.sensitivity.analysis import STABLE, Analysis, analyse
from evalsoc.sensitivity.change import (
    HALF_POINT,
    Direction,
    change_direction,
    change_noise,
    structure_change_noise,
)
from evalsoc.sensitivity.params import Variation
from evalsoc.sensitivity.summary import Interval, change_interval, median_interval
from evalsoc.sensitivity.variants import Variants, variants_of

__all__ = ["HALF_POINT", "STABLE", "Analysis", "Direction", "Interval", "Variants",
           "Variation", "analyse",
           "change_direction", "change_interval", "change_noise", "median_interval",
           "structure_change_noise", "variants_of"]
