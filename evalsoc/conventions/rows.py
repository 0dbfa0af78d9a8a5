"""Rows of a convention file (CSV or workbook) made into checked conventions.

Both readers give :class:`RawRow` objects: each column's text and where it stands (file
and line for a CSV, sheet and cell for a workbook), so that every issue names the place
to correct. The rules of the Région's conventions are in :mod:`evalsoc.conventions.rules`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from evalsoc.answers.normalize import parse_number
from evalsoc.catalogue import Code
from evalsoc.conventions.model import Convention, Direction, Hand, Indicator, Source
from evalsoc.conventions.rules import Resolver, check_convention, check_target, indicator_from
from evalsoc.issues import Issue, make_issue
from evalsoc.support.text import canon

__all__ = ["CONVENTION_COLUMNS", "HAND_COLUMNS", "INDICATOR_COLUMNS", "RawRow", "Read",
           "build"]

CONVENTION_COLUMNS = ("convention", "financeur", "structure", "debut", "fin", "objectifs")
INDICATOR_COLUMNS = ("indicateur", "referentiel", "libelle", "unite", "nature", "mesure",
                     "base_valeur", "base_annee", "cible_sens", "cible_valeur",
                     "cible_annee", "source", "frequence")
HAND_COLUMNS = ("convention", "indicateur", "annee", "valeur", "commentaire_structure",
                "commentaire_financeur")
REQUIRED = ("convention", "financeur", "structure", "debut", "fin", "indicateur")

_SOURCES = {canon(s.value): s for s in Source} | {"compta": Source.ACCOUNTS,
    "comptabilite": Source.ACCOUNTS, "activite": Source.ACTIVITY,
    "bilan": Source.ACTIVITY, "registres": Source.ACTIVITY}
_KINDS = {"realisation": "realisation", "resultat": "resultat", "impact": "impact"}
_DIRECTIONS = {">=": Direction.AT_LEAST, "≥": Direction.AT_LEAST, "au moins": Direction.AT_LEAST,
               "min": Direction.AT_LEAST, "<=": Direction.AT_MOST, "≤": Direction.AT_MOST,
               "au plus": Direction.AT_MOST, "max": Direction.AT_MOST}


@dataclass(frozen=True)
class RawRow:
    values: dict[str, str]
    where: dict[str, dict[str, Any]]  # column -> file, sheet, cell or line

    def at(self, column: str) -> dict[str, Any]:
        return self.where.get(column) or next(iter(self.where.values()), {})


@dataclass
class Read:
    """What a convention file gave: the conventions whose rows hold no error, and every
    issue (a convention with an error is left out whole, never half read)."""

    file: str
    conventions: list[Convention] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(i.severity.value == "erreur" for i in self.issues)


class _Cells:
    """Typed reading of one row's cells, issues collected."""

    def __init__(self, row: RawRow, issues: list[Issue]) -> None:
        self.row, self.issues = row, issues

    def text(self, column: str) -> str:
        return self.row.values.get(column, "").strip()

    def number(self, column: str) -> float | None:
        raw = self.text(column)
        if not raw:
            return None
        value = parse_number(raw)
        if value is None:
            self.issues.append(make_issue(Code.CNV_NOT_A_NUMBER, raw=raw, column=column,
                                          **self.row.at(column)))
        return value

    def year(self, column: str) -> int | None:
        raw = self.text(column)
        if not raw:
            return None
        value = parse_number(raw)
        if value is None or value != int(value) or not 1900 <= value <= 2200:
            self.issues.append(make_issue(Code.CNV_NOT_A_YEAR, raw=raw, column=column,
                                          **self.row.at(column)))
            return None
        return int(value)

    def choice(self, column: str, table: dict[str, Any], default: Any) -> Any:
        raw = self.text(column)
        if not raw:
            return default
        found = table.get(canon(raw)) or table.get(raw.replace(" ", ""))
        if found is None:
            accepted = ", ".join(dict.fromkeys(str(v) for v in table.values()))
            self.issues.append(make_issue(Code.CNV_CHOICE, raw=raw, column=column,
                                          accepted=accepted, **self.row.at(column)))
            return default
        return found


def _header(row: RawRow, issues: list[Issue], convention: str) -> dict[str, Any] | None:
    cells = _Cells(row, issues)
    for column in REQUIRED[1:5]:
        if not cells.text(column):
            issues.append(make_issue(Code.CNV_REQUIRED, column=column,
                                     what=f"la convention « {convention} »",
                                     fix="remplissez-la.", **row.at(column)))
    start, end = cells.year("debut"), cells.year("fin")
    if start is None or end is None:
        return None
    return {"funder": cells.text("financeur"), "structure": cells.text("structure"),
            "start": start, "end": end, "objectives": cells.text("objectifs")}


def _consistent(first: RawRow, row: RawRow, issues: list[Issue], convention: str) -> None:
    for column in REQUIRED[1:5]:
        mine, theirs = row.values.get(column, "").strip(), first.values.get(column, "").strip()
        if mine and mine != theirs:
            issues.append(make_issue(Code.CNV_SEVERAL, convention=convention, raw=mine,
                                     first=theirs, column=column, **row.at(column)))


def _indicator(row: RawRow, issues: list[Issue], resolver: Resolver) -> Indicator | None:
    cells = _Cells(row, issues)
    key = cells.text("indicateur")
    fields = {
        "label": cells.text("libelle"), "unit": cells.text("unite"),
        "kind": cells.choice("nature", _KINDS, ""), "measure": cells.text("mesure"),
        "baseline": cells.number("base_valeur"), "baseline_year": cells.year("base_annee"),
        "direction": cells.choice("cible_sens", _DIRECTIONS, None),
        "target_raw": cells.text("cible_valeur"),
        "target": None if _scored(cells.text("cible_valeur")) else cells.number("cible_valeur"),
        "due_year": cells.year("cible_annee"),
        "source": cells.choice("source", _SOURCES, None),
        "frequency": cells.text("frequence") or "annuelle",
    }
    if cells.text("cible_sens") and fields["direction"] is None:
        issues.append(make_issue(Code.CNV_DIRECTION, raw=cells.text("cible_sens"),
                                 **row.at("cible_sens")))
    return indicator_from(key, cells.text("referentiel"), fields, row.at, issues, resolver)


def _scored(raw: str) -> bool:
    """A target written as a mark or a level (« 70/100 », « niveau 3 »): said by the
    rules (CNV001), not as a mere « not a number »."""
    return bool(re.search(r"/\s*100|\bpoints?\b|\bniveau|\bnote\b|\bscore", canon(raw)))


def _hand(row: RawRow, issues: list[Issue]) -> Hand | None:
    cells = _Cells(row, issues)
    year = cells.year("annee")
    if year is None:
        if not cells.text("annee"):
            issues.append(make_issue(Code.CNV_REQUIRED, column="annee",
                                     what="la ligne de suivi",
                                     fix="écrivez l'année suivie.", **row.at("annee")))
        return None
    hand = Hand(cells.text("indicateur"), year, cells.number("valeur"),
                cells.text("commentaire_structure"), cells.text("commentaire_financeur"))
    if hand.value is None and not hand.structure_comment and not hand.funder_comment:
        return None  # a row of the workbook's Suivi sheet left blank
    return hand


def build(file: str, rows: list[RawRow], hand_rows: list[RawRow],
          resolver: Resolver) -> Read:
    """The conventions of ``rows`` (grouped by their ``convention`` column, in order)
    with their follow-up rows by hand."""
    out = Read(file)
    groups: dict[str, list[RawRow]] = {}
    for row in rows:
        key = row.values.get("convention", "").strip()
        if not key:
            out.issues.append(make_issue(Code.CNV_REQUIRED, column="convention",
                                         what="la ligne", fix="donnez le code de la "
                                         "convention (le même sur toutes ses lignes).",
                                         **row.at("convention")))
            continue
        groups.setdefault(key, []).append(row)
    for key, members in groups.items():
        issues: list[Issue] = []
        head = _header(members[0], issues, key)
        for row in members[1:]:
            _consistent(members[0], row, issues, key)
        indicators: list[Indicator] = []
        for row in members:
            found = _indicator(row, issues, resolver)
            if found is not None:
                indicators.append(found)
                if head is not None:
                    issues.extend(check_target(found, head["start"], head["end"], row.at))
        hands = [h for row in hand_rows if _same(row, key, len(groups))
                 if (h := _hand(row, issues))]
        if head is not None:
            convention = Convention(key, indicators=tuple(indicators), hand=tuple(hands),
                                    file=file, **head)
            issues.extend(check_convention(convention, len(members), members[0].at,
                                           _hand_at(hand_rows)))
            if not any(i.severity.value == "erreur" for i in issues):
                out.conventions.append(_deduplicated(convention))
        out.issues.extend(issues)
    if not groups and out.valid:
        out.issues.append(make_issue(Code.CNV_EMPTY, file=file))
    return out


def _same(row: RawRow, key: str, count: int) -> bool:
    named = row.values.get("convention", "").strip()
    return named == key or (not named and count == 1)


def _hand_at(rows: list[RawRow]) -> Callable[[str, int], dict[str, Any]]:
    def at(indicator: str, year: int) -> dict[str, Any]:
        for row in rows:
            if (row.values.get("indicateur", "").strip() == indicator
                    and re.sub(r"\.0$", "", row.values.get("annee", "").strip()) == str(year)):
                return row.at("indicateur")
        return {}
    return at


def _deduplicated(convention: Convention) -> Convention:
    seen: dict[str, Indicator] = {}
    for indicator in convention.indicators:
        seen.setdefault(indicator.key, indicator)
    return Convention(convention.id, convention.funder, convention.structure,
                      convention.start, convention.end, convention.objectives,
                      tuple(seen.values()), convention.hand, convention.file)
