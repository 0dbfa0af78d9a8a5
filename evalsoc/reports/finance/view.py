"""The fiche financière's view: every string both renderers lay out, from a structure's
stored readings and its diagnostic référentiel. Pure.

Each period's value is formatted the French way (:mod:`evalsoc.diagnostic.display`); a
band is a coloured cell that also says its word (vert, orange, rouge: never colour
alone); « non calculable » carries a mark whose reason is written under the table. The
alerts are those of the reference exercise (N), one short text each, and what to discuss
with a DLA officer is each alerted indicator's ``discuss`` text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from evalsoc.answers.model import StructureInfo
from evalsoc.diagnostic.display import value_text
from evalsoc.referentiel.check_diagnostic import split_previous
from evalsoc.referentiel.diagnostic import Diagnostic, Indicator
from evalsoc.referentiel.expression import known_condition, names
from evalsoc.referentiel.formula import FormulaError
from evalsoc.referentiel.model import Referentiel
from evalsoc.reports.finance.source import StoredReading, stored_diagnostics
from evalsoc.store.backends import Connection

__all__ = ["HEADINGS", "SOURCE_LABELS", "finance_from_store", "finance_view"]

View = dict[str, Any]
DASH = "—"
NOT_COMPUTABLE = "non calculable"
ALERTED = ("rouge", "orange")
HEADINGS = {
    "table": "Les ratios sur trois exercices",
    "indicator": "Indicateur",
    "source": "Repère",
    "alerts": "Alertes de l'exercice {period}",
    "discuss": "À discuter avec un chargé de mission DLA",
    "reasons": "Non calculable : pourquoi",
}
SOURCE_LABELS = {
    "S": "source publique citée",
    "K": "usage du métier (connaissance des accompagnateurs, non revérifiée)",
    "R": "proposition de ce référentiel",
    "M": "mesuré avec evalsoc",
}
INTRO = ("Chaque ratio est lu sur des bandes (vert, orange, rouge) : ce ne sont ni une "
         "note ni une moyenne, et rien ici ne se mêle au profil d'utilité sociale. "
         "Seuls les chiffres de la structure figurent sur cette page.")
NO_ALERT = "Aucune alerte pour l'exercice {period} : aucun ratio en orange ou en rouge."
NO_DISCUSS = "Rien de particulier : les ratios de l'exercice {period} sont dans le vert."


def _key(readings: Sequence[StoredReading]) -> dict[tuple[str, str], StoredReading]:
    return {(r.indicator, r.period): r for r in readings}


def _noted(indicator: Indicator, period: str, periods: tuple[str, ...],
           found: dict[tuple[str, str], StoredReading], parameters: dict[str, float]
           ) -> tuple[str, ...]:
    """The indicator's notes that hold, read on the stored values (as the engine does)."""
    at = periods.index(period)

    def value(name: str) -> float | None:
        base, back = split_previous(name)
        if base in parameters:
            return parameters[base]
        target = periods[at + back] if at + back < len(periods) else None
        stored = found.get((base, target)) if target else None
        return stored.value if stored else None

    out = []
    for note in indicator.notes:
        values = {n: v for n in names(note.when) if (v := value(n)) is not None}
        try:
            if known_condition(note.when, values) is True:
                out.append(note.text)
        except FormulaError:
            continue
    return tuple(out)


def _cell(stored: StoredReading | None, indicator: Indicator, marks: dict[str, int]) -> View:
    if stored is None:
        return {"text": DASH, "band": "", "word": "", "mark": ""}
    if stored.value is None:
        mark = marks.setdefault(stored.reason or NOT_COMPUTABLE, len(marks) + 1)
        return {"text": NOT_COMPUTABLE, "band": "", "word": "", "mark": str(mark)}
    band = stored.band or ""
    return {"text": value_text(stored.value, indicator.unit), "band": band, "word": band,
            "mark": ""}


def finance_view(referentiel: Referentiel, readings: Sequence[StoredReading], *,
                 name: str, structure_id: str, campaign: str) -> View:
    """Everything the fiche financière shows, as strings."""
    diagnostic: Diagnostic | None = referentiel.diagnostic
    assert diagnostic is not None, "a diagnostic référentiel"
    periods = diagnostic.period_ids()
    labels = {p.id: p.label for p in diagnostic.periods}
    reference = labels.get(periods[0], periods[0])
    parameters = {p.id: p.value for p in diagnostic.parameters}
    found = _key(readings)
    marks: dict[str, int] = {}
    rows, alerts, discuss, used = [], [], [], set()
    for ind in diagnostic.indicators:
        cells = [_cell(found.get((ind.id, p)), ind, marks) for p in periods]
        source = ind.sources.bands or ""
        used.add(source)
        rows.append({"id": ind.id, "label": ind.label, "family": ind.family,
                     "cells": cells, "source": f"[{source}]" if source else DASH})
        now = found.get((ind.id, periods[0]))
        if now is None or now.value is None:
            continue
        notes = _noted(ind, periods[0], periods, found, parameters)
        if now.band in ALERTED and now.alert:
            alerts.append({"id": ind.id, "label": ind.label, "band": now.band,
                           "word": now.band, "text": now.alert})
        for text in notes:
            alerts.append({"id": ind.id, "label": ind.label, "band": "", "word": "à noter",
                           "text": text})
        if ind.discuss and (now.band in ALERTED or notes):
            discuss.append({"id": ind.id, "text": ind.discuss})
    alerts.sort(key=lambda a: ("rouge", "orange", "").index(a["band"]))
    sources = [f"[{k}] {v}" for k, v in SOURCE_LABELS.items() if k in used]
    return {
        "title": f"Fiche financière — {name}",
        "name": name,
        "subtitle": (f"{diagnostic.title} · campagne {campaign} · {referentiel.ref} · "
                     f"identifiant {structure_id}"),
        "intro": INTRO,
        "headings": {**HEADINGS, "alerts": HEADINGS["alerts"].format(period=reference)},
        "header": [HEADINGS["indicator"], *(labels.get(p, p) for p in periods),
                   HEADINGS["source"]],
        "rows": rows,
        "alerts": alerts,
        "alerts_empty": NO_ALERT.format(period=reference),
        "discuss": discuss,
        "discuss_empty": NO_DISCUSS.format(period=reference),
        "reasons": [{"mark": str(n), "text": text} for text, n in marks.items()],
        "sources": "Source des repères (bandes) : " + " ; ".join(sources) + ".",
        "footer": f"Fiche financière — {name[:50]} · evalsoc",
    }


def finance_from_store(conn: Connection, submission: int, ref: Referentiel,
                       info: StructureInfo, campaign: str) -> View | None:
    """The view of a structure's stored diagnostic under ``ref``; None when it has none."""
    readings = stored_diagnostics(conn, submission, ref.ref)
    if not readings:
        return None
    return finance_view(ref, readings, name=info.name or info.id, structure_id=info.id,
                        campaign=campaign)
