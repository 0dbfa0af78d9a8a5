"""The publication auditor: what could a reader rebuild from everything published?

::

    published tables --facts_of--> Facts (populations, sums, means, quantiles, bands)
    Facts + Knowledge --audit--> AuditResult: every exposed value, with the facts that
                                 pin it down                                 (pure)

Every value that is not published individually gets the interval of values consistent
with all the published facts at once (linear programming, see
:mod:`evalsoc.audit.program`); it is *exposed* when that interval does not reach the
protection owed on both sides of the true value (:class:`Family`). The publication step
(:mod:`evalsoc.publish`) masks cells until nothing is exposed; ``evalsoc audit`` shows
the result in French.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from evalsoc.audit.model import Fact, FactKind, Family, Knowledge, Term
from evalsoc.audit.solve import Exposure, fact_groups, solve

__all__ = ["AuditResult", "Auditor", "Exposure", "Fact", "FactKind", "Family", "Knowledge",
           "Term", "audit"]


@dataclass(frozen=True)
class AuditResult:
    facts: int
    values: int
    exposures: tuple[Exposure, ...]
    seconds: float

    @property
    def clean(self) -> bool:
        return not self.exposures


def audit(facts: Iterable[Fact], knowledge: Knowledge, *, exact: bool = True) -> AuditResult:
    """Every value the facts expose, given what is known; ``exact`` computes each exposed
    value's whole interval (for a report), not only the side that fails."""
    return Auditor(exact=exact).run(facts, knowledge)


class Auditor:
    """Audits successive versions of a publication against the same knowledge,
    solving again only the independent groups of facts that changed (the publication
    step masks a few cells at a time)."""

    def __init__(self, *, exact: bool = True) -> None:
        self.exact = exact
        self._done: dict[frozenset[Fact], tuple[int, tuple[Exposure, ...]]] = {}

    def run(self, facts: Iterable[Fact], knowledge: Knowledge) -> AuditResult:
        start = time.perf_counter()
        listed = list(facts)
        groups = [(frozenset(g), g) for g in fact_groups(listed)]
        todo = [(key, g) for key, g in groups if key not in self._done]
        if todo:
            owner = {f: key for key, g in todo for fact in g for f, _ in fact.terms}
            targets, found = solve([f for _, g in todo for f in g], knowledge, self.exact)
            counts: dict[frozenset[Fact], int] = dict.fromkeys((k for k, _ in todo), 0)
            for target in targets:
                counts[owner[target.terms[0][0]]] += 1
            exposed: dict[frozenset[Fact], list[Exposure]] = {k: [] for k, _ in todo}
            for exposure in found:
                exposed[owner[exposure.terms[0][0]]].append(exposure)
            for key, _ in todo:
                self._done[key] = (counts[key], tuple(exposed[key]))
        checked = sum(self._done[key][0] for key, _ in groups)
        exposures = tuple(e for key, _ in groups for e in self._done[key][1])
        return AuditResult(len(listed), checked, exposures, time.perf_counter() - start)
