"""Stake 3's financial alerts in the synthèse (spec 6.E, from spec 6.A): the rows of the
stake's facts table that :mod:`evalsoc.publish.stake_alerts` publishes, each with its
threshold (the référentiel's parameter, printed with its value) and its source in
words; when the campaign does not bundle the financial self-diagnosis, each alert is
said « non recueilli », never left out."""

from __future__ import annotations

import pandas as pd

from evalsoc.publish.diagnostics import diagnostic_parts
from evalsoc.publish.stake_alerts import (
    ALERT_STAKE,
    ALERTS,
    FINANCE,
    finance_part,
    label,
    source,
    threshold,
)
from evalsoc.publish.stake_facts import Fact
from evalsoc.referentiel.model import Referentiel
from evalsoc.reports.sector.context import SectorContext

__all__ = ["alert_facts", "alert_notes", "missing_alerts"]

NOT_BUNDLED = ("non recueilli : la campagne ne comprend pas l'autodiagnostic financier "
               f"({FINANCE}), à joindre au questionnaire d'utilité sociale dans un même "
               "classeur (par exemple ardes-culture+autodiag-financier)")


def _part(ctx: SectorContext) -> Referentiel | None:
    return finance_part(diagnostic_parts(ctx.inputs.current))


def alert_facts(ctx: SectorContext) -> list[tuple[Fact, str]]:
    """The alerts as facts of the stake's table (their published question
    « part:alerte_… », their label with the threshold), each with its source."""
    part = _part(ctx)
    if part is None:
        return []
    return [(Fact(a.key, ALERT_STAKE, label(a, part), None), source(a, part))
            for a in ALERTS if threshold(a, part) is not None]


def missing_alerts(ctx: SectorContext, published: pd.DataFrame | None) -> list[str]:
    """Each alert the table cannot show, and why: no self-diagnosis in the campaign, a
    version without the threshold, or no structure with a computed value."""
    part = _part(ctx)
    if part is None:
        return [f"{label(a, None)} : {NOT_BUNDLED}." for a in ALERTS]
    said = []
    name = part.ref.replace("@", " ")
    questions = set() if published is None else set(published["question"].astype(str))
    for alert in ALERTS:
        if threshold(alert, part) is None:
            said.append(f"{label(alert, None)} : {name} ne définit pas l'indicateur "
                        f"{alert.indicator} ou le seuil « {alert.parameter} ».")
        elif alert.question not in questions:
            said.append(f"{label(alert, part)} : aucune structure dans les chiffres n'a de "
                        f"valeur calculable de {alert.indicator} pour le dernier exercice.")
    return said


def alert_notes(ctx: SectorContext, published: pd.DataFrame | None) -> list[str]:
    """How to read the alerts' rows, when the table shows one."""
    part = _part(ctx)
    questions = set() if published is None else set(published["question"].astype(str))
    if part is None or part.diagnostic is None or not any(
            a.question in questions for a in ALERTS):
        return []
    period = part.diagnostic.periods[0] if part.diagnostic.periods else None
    exercise = f"l'exercice {period.label} ({period.description})" if period \
        else "l'exercice de référence"
    return [f"Alertes financières : chaque part se lit sur les structures dont "
            f"l'autodiagnostic financier ({part.ref.replace('@', ' ')}) donne une valeur "
            f"pour {exercise} ; une valeur « non calculable » n'est jamais comptée. Les "
            "seuils sont les paramètres de ce référentiel ; le détail de chaque structure "
            "est dans sa fiche financière, qu'elle seule reçoit."]
