"""A convention's follow-up told as the annex of a compte rendu: one row per indicator
and year, in a table (CSV, XLSX) or a printable HTML page (every text escaped)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from evalsoc.conventions.followup import FollowRow, FollowUp
from evalsoc.conventions.model import Indicator
from evalsoc.support.files import atomic_write
from evalsoc.support.formatting import fr_number

__all__ = ["annex_html", "annex_rows", "target_text", "write_annex"]


def _number(value: float | None) -> str:
    return "" if value is None else fr_number(value, 0 if value == int(value) else 1)


def target_text(ind: Indicator) -> str:
    if ind.perception or ind.target is None or ind.direction is None:
        return "suivi sans cible"
    unit = f" {ind.unit}" if ind.unit else ""
    return f"{ind.direction.value} {_number(ind.target)}{unit} en {ind.due_year}"


def _baseline(ind: Indicator) -> str:
    if ind.baseline is None:
        return ""
    return f"{_number(ind.baseline)} ({ind.baseline_year})"


def annex_rows(follow: FollowUp) -> list[dict[str, Any]]:
    """The table's rows, columns named in French (the CSV and XLSX headers)."""
    out = []
    for row in follow.rows:
        ind = follow.convention.indicator(row.indicator)
        assert ind is not None
        out.append({
            "indicateur": row.indicator, "libelle": row.label, "unite": row.unit,
            "referentiel": ind.referentiel or "libre", "base": _baseline(ind),
            "cible": target_text(ind), "annee": row.year, "valeur": row.value,
            "statut": row.status.value, "origine": row.origin, "calcul": row.how,
            "redefini": "oui" if row.redefined else "non", "notes": " ; ".join(row.notes),
            "commentaire_structure": row.structure_comment,
            "commentaire_financeur": row.funder_comment})
    return out


_CSS = """body{font-family:sans-serif;font-size:10pt;margin:1.5cm}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:3px 5px;
vertical-align:top}th{background:#dde6f0}td.n{text-align:right;white-space:nowrap}
.atteint{background:#d9f2e3}.en-bonne-voie{background:#e6f0fa}.ecart{background:#fbe3d6}
.note{font-size:8.5pt;color:#444}@media print{body{margin:0}}"""
_CLASS = {"atteint": "atteint", "en bonne voie": "en-bonne-voie", "écart": "ecart"}


def _cells(row: FollowRow, ind: Indicator, first: bool, span: int) -> str:
    e = html.escape
    head = ""
    if first:
        head = (f'<td rowspan="{span}"><b>{e(row.indicator)}</b> {e(row.label)}<br>'
                f'<span class="note">{e(ind.referentiel or "indicateur libre")}</span></td>'
                f'<td rowspan="{span}">{e(_baseline(ind))}</td>'
                f'<td rowspan="{span}">{e(target_text(ind))}</td>')
    value = _number(row.value) + (f" {row.unit}" if row.value is not None and row.unit else "")
    notes = "<br>".join(e(n) for n in row.notes)
    origin = e(row.origin) + (f" — {e(row.how)}" if row.how else "")
    comments = "<br>".join(f"{who} : {e(text)}" for who, text in (
        ("Structure", row.structure_comment), ("Financeur", row.funder_comment)) if text)
    return (f"<tr>{head}<td>{row.year}</td><td class=\"n\">{e(value)}</td>"
            f'<td class="{_CLASS.get(row.status.value, "")}">{e(row.status.value)}'
            f"{' ⚠ redéfini' if row.redefined else ''}</td>"
            f'<td><span class="note">{origin}{"<br>" if origin and notes else ""}{notes}'
            f"</span></td><td>{comments}</td></tr>")


def annex_html(follow: FollowUp) -> str:
    c, e = follow.convention, html.escape
    body = []
    for ind in c.indicators:
        rows = [r for r in follow.rows if r.indicator == ind.key]
        body += [_cells(r, ind, n == 0, len(rows)) for n, r in enumerate(rows)]
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Suivi de la '
            f"convention {e(c.id)}</title><style>{_CSS}</style></head><body>"
            f"<h1>Annexe : suivi de la convention {e(c.id)}</h1>"
            f"<p>Financeur : {e(c.funder)} — structure : {e(c.structure)} — période "
            f"{c.start}-{c.end}</p><p>Objectifs : {e(c.objectives) or '—'}</p>"
            "<table><thead><tr><th>Indicateur</th><th>Base</th><th>Cible</th><th>Année</th>"
            "<th>Valeur</th><th>Statut</th><th>Origine et notes</th><th>Commentaires</th>"
            f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
            "<p class=\"note\">Les cibles portent sur des valeurs brutes, jamais sur une note "
            "ou un niveau. Les indicateurs de perception se suivent sans cible.</p>"
            "</body></html>")


def write_annex(path: Path, follow: FollowUp) -> None:
    """The annex as .html, .csv or .xlsx (by the extension), written whole or not at all."""
    suffix = path.suffix.lower()
    if suffix == ".html":
        atomic_write(path, annex_html(follow).encode("utf-8"))
        return
    import pandas as pd  # noqa: PLC0415 - only the tables need pandas

    from evalsoc.exports.safe import write_csv, write_xlsx  # noqa: PLC0415

    frame = pd.DataFrame(annex_rows(follow))
    if suffix == ".csv":
        write_csv(path, frame)
    else:
        write_xlsx(path, {"suivi": frame})
