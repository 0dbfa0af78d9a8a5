"""A diagnostic's values as French readers expect them: « 22 000 € », « 5,1 % », « 3,8 mois »."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from evalsoc.diagnostic.result import DiagnosticResult, Reading
from evalsoc.support.formatting import NNBSP, fr_number

__all__ = ["BAND_LABELS", "band_counts", "reading_text", "value_text"]

BAND_LABELS = {"vert": "vert", "orange": "orange", "rouge": "rouge"}
_DECIMALS = {"euros": 0, "part": 1, "jours": 0, "mois": 1, "ratio": 2, "nombre": 0}


def value_text(value: float | None, unit: str) -> str:
    """A value in its unit; « — » when there is none."""
    if value is None:
        return "—"
    if unit == "part":
        return f"{fr_number(value * 100, 1)}{NNBSP}%"
    shown = fr_number(value, _DECIMALS.get(unit, 2))
    suffix = {"euros": f"{NNBSP}€", "jours": f"{NNBSP}j", "mois": f"{NNBSP}mois"}.get(unit, "")
    return f"{shown}{suffix}"


def reading_text(reading: Reading) -> str:
    """« 22 000 € (vert) », « non calculable », « 42,3 % »."""
    if reading.value is None:
        return "non calculable"
    shown = value_text(reading.value, reading.unit)
    return f"{shown} ({reading.band})" if reading.band else shown


def band_counts(result: DiagnosticResult, period: str | None = None,
                readings: Iterable[Reading] | None = None) -> dict[str, int]:
    """How many indicators of ``period`` (the reference one by default) are in each band,
    and how many cannot be computed."""
    wanted = period if period is not None else result.reference()
    chosen = readings if readings is not None else result.indicators()
    counts: Counter[str] = Counter()
    for reading in chosen:
        if reading.period != wanted or reading.informational:
            continue
        counts[reading.band or "non calculable"] += 1
    return {key: counts[key] for key in ("vert", "orange", "rouge", "non calculable")
            if counts[key]}
