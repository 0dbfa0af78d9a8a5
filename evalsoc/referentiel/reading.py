"""How an indicator reads, in the words of the reports: its kind (réalisation, résultat,
impact: what the référentiel measures, in the Culture et Promotion / Avise chain) and its
direction (whether a higher measured value is better or worse).

A score is always 0 to 100, higher being better; the direction says what the measured
value does, so that « Dépendance au premier financeur » is never read backwards.
"""

from __future__ import annotations

from evalsoc.referentiel.model import Direction, Indicateur

__all__ = ["DIRECTION_LABELS", "KIND_LABELS", "direction_label", "kind_label"]

KIND_LABELS = {"realisation": "réalisation", "resultat": "résultat", "impact": "impact"}
DIRECTION_LABELS = {Direction.HIGHER_BETTER: "plus c'est haut, mieux c'est",
                    Direction.LOWER_BETTER: "plus c'est bas, mieux c'est"}


def kind_label(indicateur: Indicateur) -> str:
    return KIND_LABELS[indicateur.kind]


def direction_label(indicateur: Indicateur) -> str:
    return DIRECTION_LABELS[indicateur.direction]
