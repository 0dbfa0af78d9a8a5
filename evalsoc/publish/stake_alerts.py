"""Stake 3's financial alerts (spec 6.E, read from the financial self-diagnosis of
spec 6.A): the share of structures whose fonds propres cover less than ``fp_mois_min``
months of charges (F05), whose trésorerie covers less than ``tresorerie_jours_rouge``
days (F10), and with ``deficits_rouge`` deficits or more over three exercises (T1).

::

    Store.diagnostics (valeur per structure, indicator and exercice)
      --reference exercise of the campaign's autodiag-financier, value computed-->
    one 0/1 per structure and alert, question « part:alerte_… »
      --> rows of the ExtraFigures « enjeux-faits » (:mod:`evalsoc.publish.stake_facts`):
          summed over the structures the campaign may publish, protected and audited
          like the other facts (a flag: never said for sure of anyone); an alert that is
          a red band the sector view publishes too is audited in that band's family

Every threshold is the référentiel's parameter, read here and printed with its value:
none is written in this module. A value « non calculable » is in no n. A campaign that
does not bundle the self-diagnosis has no alert figure: the report says « non
recueilli ». Pure: no store, no file.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from evalsoc.publish.inputs import ExtraFigures
from evalsoc.publish.stake_facts import SHARE
from evalsoc.referentiel.diagnostic import Parameter
from evalsoc.referentiel.model import Referentiel
from evalsoc.stats.diagnostics import RED
from evalsoc.support.formatting import fr_number, fr_percent

__all__ = ["ALERTS", "ALERT_STAKE", "FINANCE", "Alert", "alert_figures", "finance_part",
           "same_as_red", "threshold", "with_alerts"]

FINANCE = "autodiag-financier"  # the référentiel id of the financial self-diagnosis
ALERT_STAKE = "professionnalisation"


@dataclass(frozen=True)
class Alert:
    """One financial alert: ``indicator`` compared with the référentiel's ``parameter``
    (``below``: value < threshold; otherwise value >= threshold)."""

    key: str
    indicator: str
    parameter: str
    below: bool
    text: str  # the fact's label, « {seuil} » the threshold with its unit
    generic: str  # the label when no threshold can be read (no self-diagnosis)

    @property
    def question(self) -> str:
        return SHARE + self.key

    def test(self) -> Callable[[float, float], bool]:
        return operator.lt if self.below else operator.ge


ALERTS: tuple[Alert, ...] = (
    Alert("alerte_fonds_propres", "F05", "fp_mois_min", True,
          "Structures dont les fonds propres couvrent moins de {seuil} de charges "
          "d'exploitation (alerte financière)",
          "Structures dont les fonds propres couvrent trop peu de mois de charges "
          "(alerte financière)"),
    Alert("alerte_tresorerie", "F10", "tresorerie_jours_rouge", True,
          "Structures dont la trésorerie couvre moins de {seuil} de charges décaissables "
          "(alerte financière)",
          "Structures dont la trésorerie couvre trop peu de jours de charges "
          "(alerte financière)"),
    Alert("alerte_deficits", "T1", "deficits_rouge", False,
          "Structures en déficit sur au moins {seuil} des trois derniers exercices "
          "(alerte financière)",
          "Structures en déficits répétés sur les trois derniers exercices "
          "(alerte financière)"),
)


def finance_part(parts: list[Referentiel]) -> Referentiel | None:
    """The campaign's financial self-diagnosis among its diagnostic parts, if any."""
    return next((p for p in parts if p.id == FINANCE and p.diagnostic is not None), None)


def threshold(alert: Alert, part: Referentiel) -> Parameter | None:
    """The alert's parameter in ``part``, when it defines it and its indicator."""
    diagnostic = part.diagnostic
    if diagnostic is None or not any(i.id == alert.indicator for i in diagnostic.indicators):
        return None
    return next((p for p in diagnostic.parameters if p.id == alert.parameter), None)


def threshold_text(parameter: Parameter) -> str:
    """« 3 mois », « 30 jours », « 2 », « 20 % »: the value with its unit."""
    if parameter.unit == "part":
        return fr_percent(parameter.value, 1)
    value = fr_number(parameter.value, 2)
    return f"{value} {parameter.unit}" if parameter.unit in ("mois", "jours", "euros") \
        else value


def label(alert: Alert, part: Referentiel | None) -> str:
    """The fact's label, with the threshold ``part`` sets (the generic one without)."""
    found = threshold(alert, part) if part is not None else None
    return alert.generic if found is None else alert.text.format(seuil=threshold_text(found))


def source(alert: Alert, part: Referentiel) -> str:
    """Where the figure comes from, in words: the indicator, the exercise, the
    référentiel version and the parameter."""
    diagnostic = part.diagnostic
    assert diagnostic is not None
    indicator = next(i for i in diagnostic.indicators if i.id == alert.indicator)
    period = diagnostic.periods[0].label if diagnostic.periods else ""
    found = threshold(alert, part)
    assert found is not None
    exercise = f", exercice {period}" if period else ""
    return (f"« {indicator.id} {indicator.label} »{exercise} ({part.ref.replace('@', ' ')} ; "
            f"seuil {found.id} = {threshold_text(found)})")


def alert_figures(campaign: str, diagnostics: pd.DataFrame, part: Referentiel
                  ) -> pd.DataFrame:
    """Per structure with a computed value for the reference exercise, 1.0 when the
    alert is on, 0.0 when not (``diagnostics``: the columns of Store.diagnostics)."""
    columns = ["campagne", "structure_id", "question", "value"]
    assert part.diagnostic is not None
    if diagnostics.empty:
        return pd.DataFrame(columns=columns)
    reference = part.diagnostic.period_ids()[0]
    mine = diagnostics[(diagnostics["referentiel"].astype(str) == part.ref)
                       & (diagnostics["exercice"].astype(str) == reference)
                       & diagnostics["valeur"].notna()]
    rows: list[dict[str, object]] = []
    for alert in ALERTS:
        found = threshold(alert, part)
        if found is None:
            continue  # the report says the référentiel does not define it
        test = alert.test()
        values = mine[mine["indicateur"].astype(str) == alert.indicator]
        rows += [{"campagne": campaign, "structure_id": str(ident),
                  "question": alert.question,
                  "value": 1.0 if test(float(value), found.value) else 0.0}
                 for ident, value in zip(values["structure_id"], values["valeur"],
                                         strict=True)]
    return pd.DataFrame(rows, columns=columns)


def with_alerts(facts: ExtraFigures, campaign: str, diagnostics: pd.DataFrame,
                parts: list[Referentiel]) -> ExtraFigures:
    """The stakes' facts plus the financial alerts, when the campaign bundles the
    self-diagnosis (unchanged otherwise)."""
    part = finance_part(parts)
    if part is None:
        return facts
    alerts = alert_figures(campaign, diagnostics, part)
    if alerts.empty:
        return facts
    frames = [f for f in (facts.figures, alerts) if not f.empty]
    return replace(facts, figures=pd.concat(frames, ignore_index=True),
                   families={**facts.families,
                             **same_as_red(campaign, alerts, diagnostics, part)})


def same_as_red(campaign: str, alerts: pd.DataFrame, diagnostics: pd.DataFrame,
                part: Referentiel) -> dict[str, str]:
    """The alerts whose flags are, structure by structure, the red band the sector view
    already publishes (F10 < tresorerie_jours_rouge is F10's red band in 1.0.0): question
    -> that band's audit family, so that the auditor reads the two figures together
    (one masked cannot be given back by the other). Checked on the values, never
    assumed: a version whose red band says something else keeps its own family."""
    assert part.diagnostic is not None
    reference = part.diagnostic.period_ids()[0]
    rows = diagnostics[(diagnostics["referentiel"].astype(str) == part.ref)
                       & (diagnostics["exercice"].astype(str) == reference)]
    found: dict[str, str] = {}
    for alert in ALERTS:
        if alert.indicator not in part.diagnostic.sector.red:
            continue
        mine = alerts[alerts["question"] == alert.question]
        banded = rows[(rows["indicateur"].astype(str) == alert.indicator)
                      & rows["bande"].map(lambda b: isinstance(b, str))]
        red = {str(s): 1.0 if b == RED else 0.0
               for s, b in zip(banded["structure_id"], banded["bande"], strict=True)}
        flags = dict(zip(mine["structure_id"].astype(str), mine["value"].astype(float),
                         strict=True))
        if flags and flags == red:
            found[alert.question] = f"rouge|{campaign}|{part.id}:{alert.indicator}"
    return found
