"""A diagnostic on the terminal: the table of indicators by exercise, then the alerts."""

from __future__ import annotations

import click

from evalsoc.diagnostic.display import band_counts, reading_text
from evalsoc.diagnostic.result import DiagnosticResult

__all__ = ["echo_diagnostic", "summary"]

_COLORS = {"vert": "green", "orange": "yellow", "rouge": "red"}


def summary(result: DiagnosticResult) -> str:
    """« finances N : 12 vert, 2 orange, 1 rouge »: one structure on one line."""
    counts = band_counts(result)
    label = next((p.label for p in result.periods if p.id == result.reference()), "")
    shown = ", ".join(f"{n} {band}" for band, n in counts.items()) or "rien de calculé"
    return f"{result.title}{f' ({label})' if label else ''} : {shown}"


def echo_diagnostic(result: DiagnosticResult) -> None:
    """Every indicator of every period, coloured by its band, then the alerts of the
    reference period and why some values are missing."""
    click.secho(f"\n{result.title} — {result.referentiel} "
                f"(empreinte {result.referentiel_hash[:12]})", bold=True)
    periods = list(result.periods)
    head = "".join(f"{'Exercice ' + p.label if p.id else 'Valeur':>22}" for p in periods)
    click.echo(f"{'':5}{'':44}{head}")
    labels = {r.id: r.label for r in result.indicators()}
    for ident, label in labels.items():
        click.echo(f"{ident:<5}{label[:43]:<44}", nl=False)
        for period in periods:
            found = result.reading(ident, period.id)
            text = "" if found is None else reading_text(found)
            color = _COLORS.get(found.band or "") if found else None
            click.secho(f"{text:>22}", fg=color, nl=False)
        click.echo()
    reference = result.reference()
    alerts = [r for r in result.indicators() if r.period == reference
              and (r.band in ("orange", "rouge") or r.notes)]
    if alerts:
        click.secho("Alertes de l'exercice le plus récent :", bold=True)
        for reading in alerts:
            for text in (reading.alert, *reading.notes) if reading.band in (
                    "orange", "rouge") else reading.notes:
                if text:
                    click.secho(f"  {reading.id} {reading.band or 'à noter'} : {text}",
                                fg=_COLORS.get(reading.band or ""))
    topics = list(dict.fromkeys(r.discuss for r in alerts if r.discuss))
    if topics:
        click.secho("À discuter avec un chargé de mission DLA :", bold=True)
        for topic in topics:
            click.echo(f"  - {topic}")
    missing = [r for r in result.indicators() if r.value is None]
    if missing:
        click.secho(f"Non calculés ({len(missing)}) :", bold=True)
        for reading in missing[:12]:
            click.echo(f"  {reading.id} ({reading.period_label}) : {reading.reason}")
        if len(missing) > 12:
            click.echo(f"  … et {len(missing) - 12} autre(s) (evalsoc explain les détaille).")
