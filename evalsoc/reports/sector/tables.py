"""From the protected tables of :mod:`evalsoc.stats` to the report's :class:`Table`.

Every figure a reader sees is formatted here, once, in French: the HTML and the PDF
print these texts, the workbook keeps the raw values beside them. A statistic of a
masked row reads « secret », whatever the statistics layer left in it (nothing: it
blanks them); a published cell without a value (an extreme effaced by secondary
suppression, a share with no denominator) reads « – ».
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from evalsoc.referentiel.model import DEFAULT_LEVELS
from evalsoc.reports.sector.model import Column, Row, Table, Value
from evalsoc.stats.secrecy import META
from evalsoc.support.formatting import NNBSP, fr_number, fr_percent, whole_score

__all__ = ["EMPTY", "SECRET", "cell_text", "plain", "table_from"]

SECRET = "secret"
DEFAULT_THRESHOLDS = tuple(lv.min for lv in DEFAULT_LEVELS if lv.min > 0)
EMPTY = "–"
MINUS = "\u2212"


def plain(value: Any) -> Value:
    """A value the model can hold: float, str or None (NaN, NA and NaT become None)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return None if math.isnan(number) else number


def cell_text(value: Value, kind: str, thresholds: Sequence[float] = ()) -> str:
    """A value as the report prints it (French conventions): scores and changes as
    whole numbers (a score never shows a level threshold of ``thresholds`` it does not
    reach), shares as whole percentages; the workbook keeps the exact values."""
    if value is None or value == "":
        return "" if kind == "text" else EMPTY
    if kind == "text" or isinstance(value, str):
        return str(value)
    if kind == "count":
        return fr_number(value, 0)
    if kind == "score":
        return fr_number(whole_score(value, thresholds), 0)
    if kind == "delta":
        text = fr_number(abs(value), 0)
        return "0" if text == "0" else ("+" if value > 0 else MINUS) + text
    if kind == "share":
        return fr_percent(value)
    if kind == "money":
        return f"{fr_number(value, 0)}{NNBSP}€"
    return fr_number(value, 1)


def _row(record: Mapping[Any, Any], columns: Sequence[Column],
         thresholds: Sequence[float]) -> Row:
    masked = bool(record.get("masque", False))
    values = tuple(None if masked and c.stat else plain(record.get(c.key)) for c in columns)
    texts = tuple(SECRET if masked and c.stat else cell_text(v, c.kind, thresholds)
                  for c, v in zip(columns, values, strict=True))
    motif = record.get("motif")
    # a published row's motif only says that its min or max was effaced: the report
    # shows neither, so there is nothing to explain
    shown = masked or any(c.key in ("min", "max") for c in columns)
    return Row(values=values, texts=texts, masked=masked,
               total=bool(record.get("ensemble", False)),
               motif=str(motif) if isinstance(motif, str) and shown else "")


def table_from(frame: pd.DataFrame, *, id: str, caption: str,
               columns: Sequence[Column], note: str = "",
               thresholds: Sequence[float] = DEFAULT_THRESHOLDS) -> Table:
    """The rows of a protected ``frame`` (columns renamed or derived beforehand) as a
    report table; the breakdown keys the report leaves out (the campaign: one per
    report) are dropped from the metadata."""
    meta: dict[str, Any] = frame.attrs.get(META, {})
    records = frame.to_dict("records")
    rows = [_row(r, columns, thresholds) for r in records]
    columns, rows, note = _without_empty(list(columns), rows, note)
    keys = [c.key for c in columns]
    breakdown = tuple(k for k in meta.get("breakdown", []) if k in keys)
    stats = tuple(c.key for c in columns if c.stat)
    return Table(id=id, caption=caption, columns=tuple(columns), rows=tuple(rows),
                 breakdown=breakdown,
                 stats=stats, min_structures=int(meta.get("min_structures", 3)),
                 protected=bool(meta), note=note)


def _without_empty(columns: list[Column], rows: list[Row], note: str
                   ) -> tuple[list[Column], list[Row], str]:
    """The statistic columns that hold a value in at least one row; a note names the
    others (a column of « secret » and dashes only says nothing a sentence cannot)."""
    empty = [i for i, c in enumerate(columns)
             if c.stat and rows and all(r.values[i] is None for r in rows)]
    if not empty:
        return columns, rows, note
    kept = [i for i in range(len(columns)) if i not in empty]
    names = ", ".join(f"« {columns[i].label} »" for i in empty)
    said = (f"Colonne(s) {names} omise(s) : aucune case publiable dans ce tableau "
            "(trop peu de structures non nommées pour cette statistique, secret "
            "statistique ou vérification d'ensemble), ou sans objet pour ses lignes.")
    rows = [r.model_copy(update={"values": tuple(r.values[i] for i in kept),
                                 "texts": tuple(r.texts[i] for i in kept)}) for r in rows]
    return [columns[i] for i in kept], rows, f"{note} {said}".strip()
