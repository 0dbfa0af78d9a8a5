"""A diagnostic explained: each ratio, period by period, down to the cells it read.

For every indicator (or the one asked for): its value and band, the formula with the
values it read, the condition that gave the band and its alert, or why it is « non
calculable »; then each answer read, with its sheet and cell.
"""

from __future__ import annotations

from evalsoc.diagnostic.display import reading_text, value_text
from evalsoc.diagnostic.result import DiagnosticResult, Reading

__all__ = ["diagnostic_ids", "diagnostic_lines"]


def diagnostic_ids(diagnostics: tuple[DiagnosticResult, ...]) -> set[str]:
    """The ids ``--node`` may name in the diagnostics (F05, T1, aggregates...)."""
    return {r.id for d in diagnostics for r in d.readings}


def _reading(reading: Reading) -> list[str]:
    lines = [f"{reading.id} {reading.label}, exercice {reading.period_label} : "
             f"{reading_text(reading)}"]
    if reading.value is None:
        lines.append(f"  non calculable : {reading.reason}")
    if reading.rule:
        lines.append(f"  formule : {reading.rule}")
    if reading.band:
        lines.append(f"  bande : {reading.band_rule}"
                     + (f" — {reading.alert}" if reading.alert else ""))
    lines.extend(f"  note : {note}" for note in reading.notes)
    for trace in reading.inputs:
        where = f"{trace.source.sheet}!{trace.source.cell}" if trace.source and \
            trace.source.cell else "(fichier de réponses)"
        shown = value_text(trace.value, "nombre") if trace.value is not None else \
            (trace.status or "sans réponse")
        lines.append(f"    {trace.question} = {shown}  [{where}]")
    return lines


def diagnostic_lines(diagnostics: tuple[DiagnosticResult, ...],
                     ident: str | None = None) -> list[str]:
    """The explanation of every diagnostic, or of one indicator in each period."""
    lines: list[str] = []
    for diagnostic in diagnostics:
        chosen = [r for r in diagnostic.readings
                  if (r.id == ident if ident else r.kind == "indicator")]
        if not chosen:
            continue
        lines += ["", f"{diagnostic.title} — {diagnostic.referentiel} "
                  f"(empreinte {diagnostic.referentiel_hash[:12]})"]
        for reading in chosen:
            lines += _reading(reading)
    return lines
