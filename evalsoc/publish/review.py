"""The auditor's verdict on a campaign's publication, for ``evalsoc audit``: what each
table had to hide and why, and every value that could still be deduced (with the
figures that pin it down), in French.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from evalsoc.audit import Auditor, Exposure
from evalsoc.catalogue import Code
from evalsoc.publish.publication import Publication
from evalsoc.publish.quote_audit import QuoteAudit, audit_quotes
from evalsoc.stats.inputs import text
from evalsoc.support.formatting import fr_number

__all__ = ["AuditReport", "ExposureView", "TableView", "review"]

MAX_FACTS = 4


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class TableView(_Frozen):
    """One published table: its rows, the masked ones by motif, the values blanked."""

    table: str
    rows: int
    masked: dict[str, int]  # motif -> rows masked for it
    blanked: int


class ExposureView(_Frozen):
    """A value that could still be deduced: the interval a reader could narrow it to,
    against the protection owed on both sides of the true value."""

    value: str  # what the value is (its family's label)
    structure: str
    name: str
    true_value: float
    low: float
    high: float
    protection_low: float
    protection_high: float
    sources: tuple[str, ...]  # the published figures that pin it down
    message: str


class AuditReport(_Frozen):
    """What ``evalsoc audit`` shows (and prints with --json, field for field)."""

    campaign: str
    previous: str | None
    protection: float
    facts: int
    values: int
    tables: tuple[TableView, ...]
    exposed: tuple[ExposureView, ...]
    already_published: tuple[ExposureView, ...]
    verdict: str
    quotes: QuoteAudit | None = None  # the quotes' audit (evalsoc.publish.quote_audit)

    @property
    def clean(self) -> bool:
        return not self.exposed and (self.quotes is None or self.quotes.clean)


def _number(value: float) -> str:
    return fr_number(value, 1) if math.isfinite(value) else "?"


def _view(exposure: Exposure, names: dict[str, str], code: Code, previous: str) -> ExposureView:
    what = exposure.family.label[:1].upper() + exposure.family.label[1:]
    sources = tuple(dict.fromkeys(f.source for f in exposure.facts if f.source))
    name = names.get(exposure.structure, "")
    shown = f"{exposure.structure} {name}".strip()
    low, high = exposure.required
    message = text(code, what=what, structure=shown, low=_number(exposure.low),
                   high=_number(exposure.high), need_low=_number(low),
                   need_high=_number(high), value=_number(exposure.value),
                   facts="; ".join(sources[:MAX_FACTS]) or "l'ensemble des tableaux",
                   previous=previous)
    return ExposureView(value=exposure.family.label, structure=exposure.structure, name=name,
                        true_value=exposure.value, low=exposure.low, high=exposure.high,
                        protection_low=low, protection_high=high, sources=sources,
                        message=message)


def _tables(publication: Publication) -> tuple[TableView, ...]:
    views = []
    for table_id in sorted(publication.tables):
        frame = publication.table(table_id)
        masked = frame[frame["masque"].astype(bool)] if "masque" in frame else frame.iloc[:0]
        motifs = Counter(str(m) for m in masked["motif"].fillna("")) if len(masked) else {}
        stats = frame.attrs.get("evalsoc.stats", {}).get("stats", [])
        shown = frame[~frame["masque"].astype(bool)] if "masque" in frame else frame
        blanked = int(sum(shown[c].isna().sum() for c in stats if c in shown))
        views.append(TableView(table=table_id, rows=len(frame), masked=dict(motifs),
                               blanked=blanked))
    return tuple(views)


def review(publication: Publication, documents: Iterable[Path] = ()) -> AuditReport:
    """Audit everything ``publication`` and its previous campaign published, again and
    with each exposed value's whole interval; and its quotes, in the ``documents``
    (files or folders) too."""
    facts = publication.everything()
    result = Auditor(exact=True).run(facts, publication.knowledge(facts))
    registry = publication.inputs.structures
    names = dict(zip(registry["structure_id"].astype(str), registry["nom"].fillna("").astype(str),
                     strict=True))
    previous = publication.before.frames.name if publication.before is not None else ""
    fixed = {(e.family.key, e.structure) for e in publication.unfixable}
    exposed = [e for e in result.exposures if (e.family.key, e.structure) not in fixed]
    earlier = [e for e in result.exposures if (e.family.key, e.structure) in fixed]
    protection = publication.rules.protection
    verdict = text(Code.AUD_CLEAN, facts=fr_number(result.facts, 0),
                   values=fr_number(result.values, 0),
                   protection=f"±{fr_number(protection, 1)} points sur 100 "
                              f"(±{fr_number(protection, 1)} % pour les montants)") \
        if not exposed else f"{len(exposed)} valeur(s) exposée(s)."
    verdict = verdict[:1].upper() + verdict[1:]
    return AuditReport(
        campaign=publication.current.frames.name, previous=previous or None,
        protection=protection, facts=result.facts, values=result.values,
        tables=_tables(publication),
        exposed=tuple(_view(e, names, Code.AUD_EXPOSED, previous) for e in exposed),
        already_published=tuple(_view(e, names, Code.AUD_UNFIXABLE, previous)
                                for e in earlier),
        verdict=verdict, quotes=audit_quotes(publication, documents))
