"""What a campaign publishes of its diagnostics: the sector view each one asks for.

A diagnostic référentiel says in its ``sector`` section what its sector view shows
(:class:`~evalsoc.referentiel.diagnostic.SectorSpec`): for the financial self-diagnosis,
the medians of F05, F10, F12, F13 and F15 and the shares of structures in red on F04,
F10 and T1, for the reference exercise, over the whole campaign and by size class and
by discipline. Each becomes a table of the :class:`~evalsoc.publish.Publication`
(``autodiag-financier:medianes:taille``, ``autodiag-financier:rouges:discipline``...), protected by
the secrecy rules and audited with everything else:

- a median is a quantile fact on the family ``ratio|<campagne>|<part>:<indicator>`` (a
  magnitude, protected by a share of its value: months, days) or ``part|…`` (a share,
  protected by points, like a score);
- a share in red is a count fact on the family ``rouge|<campagne>|<part>:<indicator>``,
  whose value is 1 for a structure in red and 0 otherwise: the published count says how
  many unknown members are in red, and nothing of the others. A structure's red band is
  exposed when the figures published, together, leave no doubt that it is in red.

Only the structures whose consent allows sector figures enter them (the population of
the publication), like every other table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from evalsoc.publish.inputs import CampaignFrames
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import ReferentielNotFoundError, resolve
from evalsoc.stats import Disclosure, SecrecyRules
from evalsoc.stats.diagnostics import RED, ratio_medians, red_shares

__all__ = ["DiagnosticTable", "diagnostic_parts", "diagnostic_tables", "diagnostic_values",
           "family_labels", "family_of_row"]

Loader = Callable[[], dict[str, dict[str, float]]]


@dataclass(frozen=True)
class DiagnosticTable:
    """One table of a diagnostic's sector view, for the publication to protect."""

    id: str
    kind: str  # "ratios" or "alerts"
    by: tuple[str, ...]
    build: Callable[[Disclosure], pd.DataFrame]
    family: Callable[[Mapping[str, object]], str]


def diagnostic_parts(frames: CampaignFrames) -> list[Referentiel]:
    """The diagnostic référentiels the campaign asks (those it can still find)."""
    members = frames.members
    if members.empty:
        return []
    found = []
    for ref in members.loc[members["nature"] == "diagnostic", "referentiel"]:
        try:
            found.append(resolve(str(ref))[1])
        except ReferentielNotFoundError:
            continue  # its fiche says why; its sector view is left out
    return [p for p in found if p.diagnostic is not None]


def _reference(diagnostics: pd.DataFrame, part: Referentiel) -> pd.DataFrame:
    assert part.diagnostic is not None
    if diagnostics.empty:
        return diagnostics
    reference = part.diagnostic.period_ids()[0]
    return diagnostics[(diagnostics["referentiel"] == part.ref)
                       & (diagnostics["exercice"] == reference)]


def _kind(part: Referentiel, indicator: str) -> str:
    assert part.diagnostic is not None
    unit = next((i.unit for i in part.diagnostic.indicators if i.id == indicator), "")
    return "part" if unit == "part" else "ratio"


def family_of_row(part: Referentiel, kind: str) -> Callable[[Mapping[str, object]], str]:
    """The family a published row speaks of (see the module docstring)."""
    def family(row: Mapping[str, object]) -> str:
        indicator = str(row["indicateur"])
        prefix = "rouge" if kind == "alerts" else _kind(part, indicator)
        return f"{prefix}|{row['campagne']}|{part.id}:{indicator}"
    return family


def diagnostic_tables(diagnostics: pd.DataFrame, parts: list[Referentiel],
                      grouping: Callable[[str], pd.DataFrame], everyone: pd.DataFrame,
                      rules: SecrecyRules) -> list[DiagnosticTable]:
    """The tables of every diagnostic's sector view (``grouping(column)`` gives the
    registry column as it may be published; ``everyone`` the structures' ids)."""
    tables: list[DiagnosticTable] = []
    for part in parts:
        assert part.diagnostic is not None
        spec = part.diagnostic.sector
        rows = _reference(diagnostics, part)
        values = rows[rows["indicateur"].isin(spec.medians) & rows["valeur"].notna()]
        values = values.iloc[values["indicateur"].map(
            {i: n for n, i in enumerate(spec.medians)}).argsort(kind="stable")]
        bands = rows[rows["indicateur"].isin(spec.red) & rows["bande"].notna()]
        bands = bands.iloc[bands["indicateur"].map(
            {i: n for n, i in enumerate(spec.red)}).argsort(kind="stable")]
        for column in ("", *spec.by):
            by = (column,) if column else ()
            name = column or "ensemble"
            groups = grouping(column) if column else everyone

            def medians(d: Disclosure, v: pd.DataFrame = values, g: pd.DataFrame = groups,
                        b: tuple[str, ...] = by) -> pd.DataFrame:
                return ratio_medians(v, g, b, rules, disclosure=d)

            def reds(d: Disclosure, v: pd.DataFrame = bands, g: pd.DataFrame = groups,
                     b: tuple[str, ...] = by) -> pd.DataFrame:
                return red_shares(v, g, b, rules, disclosure=d)

            if spec.medians:
                tables.append(DiagnosticTable(f"{part.id}:medianes:{name}", "ratios", by,
                                              medians, family_of_row(part, "ratios")))
            if spec.red:
                tables.append(DiagnosticTable(f"{part.id}:rouges:{name}", "alerts", by,
                                              reds, family_of_row(part, "alerts")))
    return tables


def diagnostic_values(campaign: str, diagnostics: pd.DataFrame, parts: list[Referentiel]
                      ) -> dict[str, Loader]:
    """The true values behind the families above, for the auditor."""
    def load(prefix: str) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for part in parts:
            assert part.diagnostic is not None
            rows = _reference(diagnostics, part)
            for ident, indicator, value, band in zip(
                    rows["structure_id"].astype(str), rows["indicateur"].astype(str),
                    rows["valeur"], rows["bande"], strict=True):
                if prefix == "rouge":
                    if isinstance(band, str):
                        key = f"rouge|{campaign}|{part.id}:{indicator}"
                        out.setdefault(key, {})[ident] = 1.0 if band == RED else 0.0
                elif pd.notna(value) and _kind(part, indicator) == prefix:
                    key = f"{prefix}|{campaign}|{part.id}:{indicator}"
                    out.setdefault(key, {})[ident] = float(value)
        return out

    def loader(prefix: str) -> Loader:
        return lambda: load(prefix)

    return {f"{prefix}|{campaign}": loader(prefix) for prefix in ("ratio", "part", "rouge")}


def family_labels(campaign: str, parts: list[Referentiel]) -> dict[str, str]:
    """The French label of every family above (for the audit report)."""
    labels: dict[str, str] = {}
    for part in parts:
        assert part.diagnostic is not None
        for indicator in part.diagnostic.indicators:
            text = f"{indicator.id} {indicator.label}"
            for prefix in ("ratio", "part", "rouge"):
                labels[f"{prefix}|{campaign}|{part.id}:{indicator.id}"] = text
    return labels
