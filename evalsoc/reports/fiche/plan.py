"""The fiche's « Plan d'action » (the pistes the board chose, from the workbook) and its
« Analyse partagée » box, as both renderers read them: plain strings.

The plan is a table (piste, responsable, échéance, indicateur de suivi, statut), shown
only when the workbook gave one; the analysis box is always there: the text typed in the
workbook, or an empty framed box to fill by hand on the printed fiche (and to type into in
the editable ODT copy).
"""

from __future__ import annotations

from typing import Any

from evalsoc.reports.fiche.model import Fiche

__all__ = ["ANALYSIS_EMPTY", "MONTHS", "analysis_view", "deadline_text", "plan_view"]

DASH = "—"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
ANALYSIS_EMPTY = ("À compléter : ce que le conseil d'administration et le consultant "
                  "retiennent de ces résultats.")


def deadline_text(value: str | None) -> str:
    """« 2027-06-30 » -> « 30/06/2027 », « 2027-06 » -> « juin 2027 »."""
    if not value:
        return DASH
    parts = value.split("-")
    if len(parts) == 3:
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    if len(parts) == 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return value


def plan_view(fiche: Fiche) -> dict[str, Any] | None:
    if not fiche.plan:
        return None
    return {
        "intro": ("Les pistes retenues par le conseil d'administration, telles qu'écrites "
                  "dans l'onglet « Plan d'action » du classeur."),
        "header": ["Piste d'action", "Responsable", "Échéance", "Indicateur de suivi",
                   "Statut"],
        "rows": [[a.piste, a.responsable or DASH, deadline_text(a.echeance),
                  a.indicateur or DASH, a.statut or DASH] for a in fiche.plan],
    }


def analysis_view(fiche: Fiche) -> dict[str, Any]:
    text = fiche.shared_analysis or ""
    return {"text": text, "paragraphs": [p for p in text.splitlines() if p.strip()],
            "empty": ANALYSIS_EMPTY if not text else "",
            "intro": ("L'analyse des résultats partagée par le conseil d'administration et "
                      "le consultant (onglet « Plan d'action » du classeur).")}
