"""How the answers of an old question become answers of a new one: planned once per
crosswalk line (and refused, with the reason, when impossible), then applied to each
value.

=====================  ==============================================================
old → new              what converts
=====================  ==============================================================
options → options      each old code to a new one: ``options`` (old code: new code,
                       ``null`` for no equivalent), else the same code if the new
                       question has it; a multiple choice maps each ticked code
number → number        ``value × factor + offset`` (1 and 0 by default)
number → options       ``bands``: the code of the last band whose ``min`` it reaches
options → number       ``options``: old code → a number (or ``null``)
text, date             copied, to a question of the same type
=====================  ==============================================================

« Non concerné » and « ne sait pas » are statuses, not values: they carry over as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from evalsoc.catalogue import Code
from evalsoc.referentiel.crosswalk import ChangeKind, CrosswalkEntry, ValueBand
from evalsoc.referentiel.model import (
    NUMERIC_TYPES,
    OPTION_TYPES,
    OptionMeaning,
    Question,
    QuestionType,
    Referentiel,
)
from evalsoc.scoring.combine import exact

__all__ = ["Converter", "conversion_problems", "plan_conversion"]

Value = float | str | tuple[str, ...]
Problem = tuple[Code, str, dict[str, Any]]


@dataclass(frozen=True)
class Converter:
    """One old question's values to one new question's (``None``: no equivalent)."""

    kind: str  # copy, codes, choices, number, bands, to_number
    table: Mapping[str, str | None] = field(default_factory=dict)
    order: tuple[str, ...] = ()  # the new question's codes, in order
    factor: float = 1.0
    offset: float = 0.0
    bands: tuple[ValueBand, ...] = ()

    def __call__(self, value: Value) -> Value | None:
        if self.kind == "copy":
            return value
        if self.kind == "codes":
            return self.table.get(str(value))
        if self.kind == "choices":
            picked = value if isinstance(value, tuple) else (str(value),)
            mapped = {self.table.get(str(v)) for v in picked}
            return tuple(c for c in self.order if c in mapped)
        if self.kind == "to_number":
            target = self.table.get(str(value))
            return None if target is None else float(target)
        if not isinstance(value, (int, float)):
            return None
        if self.kind == "bands":
            code = self.bands[0].code
            for band in self.bands:
                if value >= band.min:
                    code = band.code
            return code
        return exact(float(value) * self.factor + self.offset)


def _codes(ref: Referentiel, question: Question) -> list[str]:
    return [o.code for o in ref.options_of(question) if o.meaning is OptionMeaning.VALUE]


def _number(text: str | None) -> bool:
    if text is None:
        return True
    try:
        float(text)
    except ValueError:
        return False
    return True


def plan_conversion(entry: CrosswalkEntry, old: Question, new: Question,
                    before: Referentiel, after: Referentiel, sources: int = 1
                    ) -> tuple[Converter | None, list[str], list[str]]:
    """The converter from ``old`` to ``new`` under ``entry``, or None; and what is wrong:
    (problems with the answers' mapping, impossible conversions), in French."""
    old_opt, new_opt = old.type in OPTION_TYPES, new.type in OPTION_TYPES
    old_num, new_num = old.type in NUMERIC_TYPES, new.type in NUMERIC_TYPES
    multi = (old.type is QuestionType.MULTIPLE_CHOICE, new.type is QuestionType.MULTIPLE_CHOICE)
    numbers = entry.factor is not None or entry.offset is not None
    if old_opt and new_opt and multi[0] == multi[1]:
        if numbers or entry.bands:
            return None, [], ["« factor », « offset » et « bands » convertissent des nombres"]
        return _codes_plan(entry, old, new, before, after, sources, multi[0])
    if old_num and new_num:
        if entry.options or entry.bands:
            return None, [], ["entre deux nombres, seuls « factor » et « offset » s'appliquent"]
        return Converter("number", factor=1.0 if entry.factor is None else entry.factor,
                         offset=entry.offset or 0.0), [], []
    if old_num and new_opt and not multi[1]:
        return _bands_plan(entry, new, after)
    if old_opt and new_num and not multi[0]:
        return _to_number_plan(entry, old, before)
    if old.type == new.type and not (entry.options or numbers or entry.bands):
        return Converter("copy"), [], []
    return None, [], [f"une question de type {old.type.value} ne se convertit pas en "
                      f"type {new.type.value} (voir docs/versions.md)"]


def _codes_plan(entry: CrosswalkEntry, old: Question, new: Question, before: Referentiel,
                after: Referentiel, sources: int, multiple: bool
                ) -> tuple[Converter | None, list[str], list[str]]:
    olds, news = _codes(before, old), _codes(after, new)
    wrong = []
    if sources == 1:
        wrong += [f"« {c} » n'est pas une réponse de « {old.id} »" for c in entry.options
                  if c not in olds]
    wrong += [f"« {t} » n'est pas une réponse de « {new.id} »"
              for c, t in entry.options.items() if c in olds and t is not None and t not in news]
    table: dict[str, str | None] = {}
    for code in olds:
        if code in entry.options:
            table[code] = entry.options[code]
        elif code in news:
            table[code] = code
        else:
            wrong.append(f"la réponse « {code} » de « {old.id} » n'a pas d'équivalent")
    if wrong:
        return None, wrong, []
    return Converter("choices" if multiple else "codes", table, tuple(news)), [], []


def _bands_plan(entry: CrosswalkEntry, new: Question, after: Referentiel
                ) -> tuple[Converter | None, list[str], list[str]]:
    if entry.options or entry.factor is not None or entry.offset is not None:
        return None, [], ["un nombre devient une réponse par des tranches (« bands ») seules"]
    if not entry.bands:
        return None, [], ["un nombre devient une réponse par des tranches : bands: "
                          "[{min: 0, code: …}, …]"]
    news = _codes(after, new)
    wrong = [f"« {b.code} » n'est pas une réponse de « {new.id} »" for b in entry.bands
             if b.code not in news]
    mins = [b.min for b in entry.bands]
    if any(b <= a for a, b in pairwise(mins)):
        return None, [], ["les bornes des tranches (« min ») doivent être croissantes"]
    if wrong:
        return None, wrong, []
    return Converter("bands", bands=entry.bands), [], []


def _to_number_plan(entry: CrosswalkEntry, old: Question, before: Referentiel
                    ) -> tuple[Converter | None, list[str], list[str]]:
    if entry.bands or entry.factor is not None or entry.offset is not None:
        return None, [], ["une réponse devient un nombre par « options » (code: nombre)"]
    olds = _codes(before, old)
    wrong = [f"la réponse « {c} » de « {old.id} » n'a pas de nombre" for c in olds
             if c not in entry.options]
    wrong += [f"« {t} » n'est pas un nombre" for t in entry.options.values() if not _number(t)]
    wrong += [f"« {c} » n'est pas une réponse de « {old.id} »" for c in entry.options
              if c not in olds]
    if wrong:
        return None, wrong, []
    return Converter("to_number", dict(entry.options)), [], []


def conversion_problems(entry: CrosswalkEntry, before: Referentiel, after: Referentiel
                        ) -> list[Problem]:
    """Why a converting line (rescaled, split with a mapping, merged) cannot convert."""
    if entry.change not in (ChangeKind.RESCALED, ChangeKind.SPLIT, ChangeKind.MERGED):
        return []
    if entry.change is ChangeKind.SPLIT and not entry.converts():
        return []  # the parts get no answer: a break in series, said by the flags
    olds, news = before.questions(), after.questions()
    found: list[Problem] = []
    codes = {c for o in entry.old for c in _codes(before, olds[o])}
    if entry.change is ChangeKind.MERGED:
        found += [(Code.VER_OPTION_MAP, "options", {
            "old": ", ".join(entry.old), "new": entry.new[0],
            "detail": f"« {c} » n'est la réponse d'aucune des questions fusionnées",
            "known": ", ".join(_codes(after, news[entry.new[0]])) or "(des nombres)"})
            for c in entry.options if c not in codes]
    for old in entry.old:
        for new in entry.targets():
            _, mapping, impossible = plan_conversion(entry, olds[old], news[new], before,
                                                     after, len(entry.old))
            for detail in mapping:
                found.append((Code.VER_OPTION_MAP, "options", {
                    "old": old, "new": new, "detail": detail,
                    "known": ", ".join(_codes(after, news[new])) or "(des nombres)"}))
            for detail in impossible:
                found.append((Code.VER_CONVERSION, "change", {"old": old, "new": new,
                                                              "detail": detail}))
    if entry.change is ChangeKind.MERGED and entry.combine is not None:
        found += _combine_problems(entry, news[entry.new[0]])
    return found


def _combine_problems(entry: CrosswalkEntry, target: Question) -> list[Problem]:
    combine = entry.combine.value if entry.combine else ""
    numeric = combine in ("sum", "mean", "min", "max")
    if numeric and target.type not in NUMERIC_TYPES:
        detail = f"« combine: {combine} » fait un nombre ; « {target.id} » est de type " \
                 f"{target.type.value}"
    elif combine in ("any", "all") and target.type is not QuestionType.YESNO:
        detail = f"« combine: {combine} » fait un oui/non ; « {target.id} » est de type " \
                 f"{target.type.value}"
    else:
        return []
    return [(Code.VER_CONVERSION, "combine", {"old": ", ".join(entry.old), "new": target.id,
                                               "detail": detail})]
