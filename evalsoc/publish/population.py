"""Who a campaign's publication speaks of, and under which labels.

- The *population* of sector figures: the evaluated structures whose consent for the
  campaign is « nominative » or « anonyme ». Those with « aucune » are counted only in
  the sentence saying how many were left out.
- *Named* structures (« nominative ») get a row of their own in exports: their scores
  are then known to any reader, which the secrecy rules and the auditor take into
  account.
- *Labels* of a breakdown (a discipline, a commune...) are published only for groups
  of at least ``min_structures`` structures of the population, of which either none or
  at least ``min_structures`` are unnamed (a group of named structures and one or two
  others would be masked whole: rule 2 of docs/statistiques.md); other groups are merged
  into « Autres … » so that something is still published rather than a row of
  « secret ». Outside the coarse
  classifications (département, discipline, territoire, taille), a label must also be
  one a named structure already shows: a commune where only unnamed structures stand
  is never printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.stats.inputs import text
from evalsoc.structures.consent import ANONYMOUS, NAMED, NONE

__all__ = ["CLASSIFICATIONS", "OTHERS", "Population", "merged_labels", "population_of"]

CLASSIFICATIONS = frozenset({"departement", "discipline", "territoire", "taille"})
OTHERS = {"departement": "Autres départements", "discipline": "Autres disciplines",
          "territoire": "Autres territoires", "taille": "Autres tailles",
          "commune": "Autres communes", "nom": "Autres structures"}


@dataclass(frozen=True)
class Population:
    """The evaluated structures of one campaign, by consent."""

    campaign: str
    consents: Mapping[str, str]  # evaluated structure id -> consent for the campaign

    def _with(self, *wanted: str) -> frozenset[str]:
        return frozenset(s for s, c in self.consents.items() if c in wanted)

    @property
    def included(self) -> frozenset[str]:
        """In every sector figure: named or anonymous."""
        return self._with(NAMED, ANONYMOUS)

    @property
    def named(self) -> frozenset[str]:
        return self._with(NAMED)

    @property
    def left_out(self) -> frozenset[str]:
        """Evaluated, but in no sector figure (consent « aucune »)."""
        return self._with(NONE)


def population_of(campaign: str, evaluated: pd.Series, consents: pd.Series,
                  registry: pd.DataFrame) -> Population:
    """The consent of each evaluated structure: the campaign's own (``consents``, from
    the store), else the registry's column, else « aucune »."""
    fallback = registry.set_index(registry["structure_id"].astype(str))["consentement"] \
        if "consentement" in registry.columns else pd.Series(dtype=object)
    decided = {}
    for ident in dict.fromkeys(evaluated.astype(str)):
        value = consents.get(ident) if ident in consents.index else fallback.get(ident)
        decided[ident] = value if value in (NAMED, ANONYMOUS, NONE) else NONE
    return Population(campaign, decided)


def merged_labels(registry: pd.DataFrame, column: str, population: Population,
                  min_structures: int) -> pd.Series:
    """The ``column`` of the registry as it may be published for this population (see
    the module docstring); structures outside the population keep their value (they
    enter no figure)."""
    ids = registry["structure_id"].astype(str)
    missing = text(Code.STAT_LABEL_MISSING)
    values = registry[column].astype(object).where(registry[column].notna(), missing)
    values = values.astype(str).where(values.astype(str).str.strip() != "", missing)
    inside = ids.isin(population.included).to_numpy()
    counts = values[inside].value_counts()
    named = ids.isin(population.named).to_numpy()
    unnamed = values[inside & ~named].value_counts()
    shown_by_named = set(values[named])
    keep = {v for v, n in counts.items() if n >= min_structures
            and unnamed.get(v, 0) in (0, *range(min_structures, n + 1))
            and (column in CLASSIFICATIONS or v in shown_by_named)}
    other = OTHERS.get(column, f"Autres ({column})")
    merged = values.where(~inside | values.isin(keep), other)
    return merged.rename(column)
