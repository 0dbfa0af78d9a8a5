"""What every part of the synthèse shares: the inputs, the rules, and French labels.

Labels come from the référentiel (dimensions, respondent groups, levels) or from small
tables here (départements of Normandy, the registry's grouping columns). A value
without a label is shown as it is: the registry is the authority on its own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.publish.inputs import SectorInputs
from evalsoc.publish.publication import Publication
from evalsoc.referentiel.model import Level
from evalsoc.stats import LevelSpec, SecrecyRules, levels_of
from evalsoc.stats.inputs import text
from evalsoc.support.formatting import fr_number

__all__ = ["BY_LABELS", "DEPARTEMENTS", "SectorContext", "count_text", "plural"]

DEPARTEMENTS = {"14": "Calvados", "27": "Eure", "50": "Manche", "61": "Orne",
                "76": "Seine-Maritime"}
BY_LABELS = {"departement": "Département", "discipline": "Discipline",
             "territoire": "Type de territoire", "taille": "Taille (budget annuel)"}
ALL = text(Code.STAT_LABEL_ALL)


def plural(n: float, singular: str, several: str | None = None) -> str:
    return singular if abs(n) < 2 else (several or f"{singular}s")


def count_text(n: float, singular: str, several: str | None = None) -> str:
    """« 1 structure », « 1 204 structures »."""
    return f"{fr_number(n, 0)} {plural(n, singular, several)}"


@dataclass(frozen=True)
class SectorContext:
    """The synthèse's view of one :class:`~evalsoc.publish.Publication`: every figure a
    section prints comes from the publication's tables (:meth:`table`)."""

    publication: Publication

    @property
    def inputs(self) -> SectorInputs:
        return self.publication.inputs

    @property
    def rules(self) -> SecrecyRules:
        return self.publication.rules

    def table(self, table_id: str) -> pd.DataFrame:
        return self.publication.table(table_id)

    @cached_property
    def scores(self) -> pd.DataFrame:
        """The scores of the structures in the published population, in the
        référentiel's order (ECO before SOC...)."""
        return self.publication.current.scores

    @property
    def structures(self) -> pd.DataFrame:
        return self.publication.registry

    @cached_property
    def levels(self) -> tuple[Level, ...]:
        return tuple(sorted(self.inputs.referentiel.levels, key=lambda lv: lv.min))

    @cached_property
    def thresholds(self) -> tuple[float, ...]:
        """Where each level above the first starts: a printed score never reaches one
        it does not reach (:func:`evalsoc.support.formatting.whole_score`)."""
        return tuple(lv.min for lv in self.levels if lv.min > 0)

    @cached_property
    def level_specs(self) -> tuple[LevelSpec, ...]:
        return levels_of(self.inputs.referentiel)

    @cached_property
    def high_level(self) -> Level:
        """The first level at or above the middle of the scale (« Affirmé », 50): the
        report counts the structures that reach it."""
        middle = [lv for lv in self.levels if lv.min >= 50]
        return middle[0] if middle else self.levels[-1]

    @cached_property
    def high_codes(self) -> tuple[int, ...]:
        return tuple(lv.code for lv in self.levels if lv.min >= self.high_level.min)

    @cached_property
    def dimension_labels(self) -> dict[str, str]:
        return {d.id: d.label for d in self.inputs.referentiel.dimensions}

    @cached_property
    def group_labels(self) -> dict[str, str]:
        return {g.id: g.label for g in self.inputs.referentiel.groups}

    @cached_property
    def evaluated(self) -> pd.DataFrame:
        """Registry rows of the structures the figures are about (consent « nominative »
        or « anonyme »), their publishable labels in place of the raw ones."""
        ids = self.publication.population.included
        registry = self.structures
        rows = registry[registry["structure_id"].astype(str).isin(ids)].reset_index(drop=True)
        labels = self.publication.grouping("departement").set_index("structure_id")
        return rows.assign(departement=rows["structure_id"].astype(str).map(
            labels["departement"]).to_numpy())

    def group_label(self, by: str, value: object) -> str:
        raw = "" if value is None else str(value)
        if by == "departement" and raw in DEPARTEMENTS:
            return f"{DEPARTEMENTS[raw]} ({raw})"
        return raw

    def labelled(self, frame: pd.DataFrame, by: str) -> pd.DataFrame:
        """``by`` values turned into their labels (« Ensemble » stays)."""
        if by not in frame.columns:
            return frame
        values = frame[by].astype(object).map(
            lambda v: v if v == ALL else self.group_label(by, v))
        return frame.assign(**{by: values})

    def support_labels(self) -> list[tuple[str, str]]:
        """The options of the support-schemes question, (code, label), if asked."""
        ref = self.inputs.referentiel
        question = ref.questions().get("dispositifs_accompagnement")
        return [] if question is None else [(o.code, o.label) for o in ref.options_of(question)]

    def high_label(self) -> str:
        return f"niveau {self.high_level.code} ou plus"
