"""Whole-section checks of a diagnostic (``kind: diagnostic``), all problems at once.

Pydantic checks each field; these rules need the whole section: unique ids, every name
an expression reads defined before it (a ratio reads the lines, the aggregates, the
parameters and the indicators above it; a band also reads its own indicator), the
periods named, the totals that checks compare, what the sector view publishes. Each
problem is located in the document like the tree's (:mod:`evalsoc.referentiel.check`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from evalsoc.catalogue import Code
from evalsoc.issues import Loc
from evalsoc.referentiel.diagnostic import LINE_TYPES, Diagnostic, Indicator
from evalsoc.referentiel.expression import names
from evalsoc.referentiel.formula import FormulaError

__all__ = ["check_diagnostic", "split_previous"]

Add = Callable[..., None]  # (code, loc, **fields): the sink of evalsoc.referentiel.check
_PREVIOUS = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9_]*?)_prev(?P<back>\d*)$")
ROOT: Loc = ("diagnostic",)


def split_previous(name: str) -> tuple[str, int]:
    """``F01_prev2`` -> ``("F01", 2)``; ``F01`` -> ``("F01", 0)``."""
    match = _PREVIOUS.match(name)
    if match is None:
        return name, 0
    return match.group("name"), int(match.group("back") or 1)


def check_diagnostic(diagnostic: Diagnostic, add: Add) -> None:
    _check_ids(diagnostic, add)
    _check_periods(diagnostic, add)
    lines = {line.id for line in diagnostic.asked_lines()}
    _check_lines(diagnostic, lines, add)
    _check_checks(diagnostic, lines, add)
    known = lines | {p.id for p in diagnostic.parameters}
    for a, aggregate in enumerate(diagnostic.aggregates):
        _expression(aggregate.formula, (*ROOT, "aggregates", a, "formula"), known, set(),
                    add, previous=lines | {x.id for x in diagnostic.aggregates[:a]})
        known.add(aggregate.id)
    later = {i.id for i in diagnostic.indicators}
    for n, indicator in enumerate(diagnostic.indicators):
        loc = (*ROOT, "indicators", n)
        later.discard(indicator.id)
        _indicator(indicator, loc, known, later, add)
        known.add(indicator.id)
    _check_sector(diagnostic, add)


def _indicator(indicator: Indicator, loc: Loc, known: set[str], later: set[str],
               add: Add) -> None:
    _expression(indicator.formula, (*loc, "formula"), known, later, add,
                previous=known | {indicator.id})
    with_self = known | {indicator.id}
    for b, band in enumerate(indicator.bands):
        _expression(band.when, (*loc, "bands", b, "when"), with_self, later, add)
    for n, note in enumerate(indicator.notes):
        _expression(note.when, (*loc, "notes", n, "when"), with_self, later, add)
    if indicator.secondary is not None:
        _expression(indicator.secondary.formula, (*loc, "secondary", "formula"), with_self,
                    later, add)


def _expression(expression: str, loc: Loc, known: set[str], later: set[str], add: Add,
                previous: set[str] | None = None) -> None:
    try:
        found = names(expression)
    except FormulaError as err:
        add(Code.REF_FORMULA_SYNTAX, loc, formula=expression, detail=str(err))
        return
    earlier = known if previous is None else previous
    for name in found:
        base, back = split_previous(name)
        if (back and base in earlier) or (not back and name in known):
            continue
        if (base if back else name) in later:
            add(Code.FIN_ORDER, loc, expression=expression, name=name)
        else:
            add(Code.FIN_NAME, loc, expression=expression, name=name,
                hint="« _prev » lit l'exercice précédent, « _prev2 » celui d'avant")


def _claims(diagnostic: Diagnostic) -> Iterable[tuple[str, Loc]]:
    for p, period in enumerate(diagnostic.periods):
        yield f"période {period.id}", (*ROOT, "periods", p)
    for s, section in enumerate(diagnostic.sections):
        yield f"section {section.id}", (*ROOT, "sections", s)
        for n, line in enumerate(section.lines):
            yield line.id, (*ROOT, "sections", s, "lines", n)
    for p, parameter in enumerate(diagnostic.parameters):
        yield parameter.id, (*ROOT, "parameters", p)
    for a, aggregate in enumerate(diagnostic.aggregates):
        yield aggregate.id, (*ROOT, "aggregates", a)
    for n, indicator in enumerate(diagnostic.indicators):
        yield indicator.id, (*ROOT, "indicators", n)
    for c, check in enumerate(diagnostic.checks):
        yield f"contrôle {check.id}", (*ROOT, "checks", c)


def _check_ids(diagnostic: Diagnostic, add: Add) -> None:
    seen: dict[str, Loc] = {}
    asked = {diagnostic.question_id(line.id, period): line.id
             for line in diagnostic.asked_lines() for period in diagnostic.period_ids()}
    for ident, loc in _claims(diagnostic):
        if ident in seen:
            add(Code.FIN_DUPLICATE, (*loc, "id"), id=ident, other=_shown(seen[ident]))
            continue
        seen[ident] = loc
        if split_previous(ident)[1]:
            add(Code.FIN_SCHEMA, (*loc, "id"), detail=f"l'identifiant « {ident} » se "
                "termine comme une lecture de l'exercice précédent (« _prev ») : renommez-le")
        owner = asked.get(ident)
        if owner is not None and owner != ident:
            add(Code.FIN_DUPLICATE, (*loc, "id"), id=ident,
                other=f"question d'un exercice de la ligne « {owner} »")


def _shown(loc: Loc) -> str:
    return ".".join(str(p) for p in loc)


def _check_periods(diagnostic: Diagnostic, add: Add) -> None:
    known = {p.id for p in diagnostic.periods}
    shown = ", ".join(sorted(known)) or "aucune"
    places: list[tuple[Loc, tuple[str, ...]]] = [
        ((*ROOT, "sections", s, "lines", n, "periods"), line.periods)
        for s, section in enumerate(diagnostic.sections)
        for n, line in enumerate(section.lines)]
    places += [((*ROOT, "indicators", n, "periods"), indicator.periods)
               for n, indicator in enumerate(diagnostic.indicators)]
    for loc, periods in places:
        for period in periods:
            if period not in known:
                add(Code.FIN_PERIOD_REF, loc, period=period, known=shown)


def _check_lines(diagnostic: Diagnostic, lines: set[str], add: Add) -> None:
    for s, section in enumerate(diagnostic.sections):
        for n, line in enumerate(section.lines):
            loc = (*ROOT, "sections", s, "lines", n)
            question_type = line.use.type if line.use is not None else line.type
            if question_type not in LINE_TYPES:
                add(Code.FIN_SCHEMA, (*loc, "type"), detail=f"la ligne « {line.id} » est de "
                    f"type {question_type.value} : une ligne est un montant, un nombre, un "
                    "entier, un pourcentage ou une date")
            if line.same_as is not None and line.same_as not in lines:
                add(Code.FIN_NAME, (*loc, "same_as"), expression=line.same_as,
                    name=line.same_as, hint="« same_as » répète une ligne posée ailleurs")


def _check_checks(diagnostic: Diagnostic, lines: set[str], add: Add) -> None:
    for c, check in enumerate(diagnostic.checks):
        loc = (*ROOT, "checks", c)
        if check.line not in lines:
            add(Code.FIN_NAME, (*loc, "line"), expression=check.line, name=check.line,
                hint="un contrôle compare une ligne posée")
        _expression(check.equals, (*loc, "equals"), lines, set(), add)


def _check_sector(diagnostic: Diagnostic, add: Add) -> None:
    indicators = {i.id: i for i in diagnostic.indicators}
    loc = (*ROOT, "sector")
    for name in diagnostic.sector.medians:
        if name not in indicators:
            add(Code.FIN_SECTOR, (*loc, "medians"), name=name, what="du diagnostic")
    for name in diagnostic.sector.red:
        found: Any = indicators.get(name)
        if found is None or not any(b.color == "rouge" for b in found.bands):
            add(Code.FIN_SECTOR, (*loc, "red"), name=name, what="qui a une bande rouge")
