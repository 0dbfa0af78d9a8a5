"""Checks of a référentiel's optional devices: conditions (``applies_if``), compliance
alerts (``alert``), mirror items (``mirror``) and the glossary. Each problem is located
at its place in the YAML, like the rest of :mod:`evalsoc.referentiel.check`."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from evalsoc.catalogue import Code
from evalsoc.issues import Loc
from evalsoc.referentiel.model import (
    OPTION_TYPES,
    Indicateur,
    InformationalScoring,
    Question,
    QuestionType,
    Referentiel,
)

__all__ = ["check_extras"]

Add = Callable[..., None]


def _indicators(ref: Referentiel) -> Iterator[tuple[Loc, Indicateur]]:
    for d, dim in enumerate(ref.dimensions):
        for c, crit in enumerate(dim.criteres):
            for i, ind in enumerate(crit.indicateurs):
                yield ("dimensions", d, "criteres", c, "indicateurs", i), ind


def check_extras(ref: Referentiel, add: Add) -> None:
    """Every problem of the optional devices, through ``add(code, loc, **params)``."""
    questions = ref.questions()
    for loc, ind in _indicators(ref):
        if ind.applies_if is not None:
            _condition(ref, ind, questions, loc, add)
        if ind.alert is not None:
            _alert(ref, ind, loc, add)
    _mirrors(ref, add)
    _glossary(ref, add)
    for g, group in enumerate(ref.groups):
        for n, ident in enumerate(group.collection):
            question = questions.get(ident)
            if question is None or question.group != "structure":
                add(Code.REF_COLLECTION_QUESTION, ("groups", g, "collection", n),
                    group=group.id, question=ident)


def _codes(ref: Referentiel, question: Question) -> list[str]:
    return [o.code for o in ref.options_of(question)]


def _condition(ref: Referentiel, ind: Indicateur, questions: dict[str, Question],
               loc: Loc, add: Add) -> None:
    assert ind.applies_if is not None
    where = (*loc, "applies_if")
    question = questions.get(ind.applies_if.question)
    if (question is None or question.group != "structure"
            or question.type not in OPTION_TYPES
            or question.type is QuestionType.MULTIPLE_CHOICE):
        add(Code.REF_CONDITION_QUESTION, (*where, "question"), indicator=ind.id,
            question=ind.applies_if.question)
        return
    if question.id in {q.id for q in ind.questions}:
        add(Code.REF_CONDITION_QUESTION, (*where, "question"), indicator=ind.id,
            question=question.id)
        return
    known = _codes(ref, question)
    for code in ind.applies_if.codes:
        if code not in known:
            add(Code.REF_CONDITION_CODE, (*where, "codes"), indicator=ind.id, value=code,
                question=question.id, known=", ".join(known))


def _alert(ref: Referentiel, ind: Indicateur, loc: Loc, add: Add) -> None:
    assert ind.alert is not None
    where = (*loc, "alert")
    single = [q for q in ind.questions if q.group == "structure"
              and q.type in OPTION_TYPES and q.type is not QuestionType.MULTIPLE_CHOICE]
    if not isinstance(ind.scoring, InformationalScoring) or len(ind.questions) != 1 \
            or not single:
        add(Code.REF_ALERT_SHAPE, where, indicator=ind.id)
        return
    known = _codes(ref, single[0])
    for code in ind.alert.codes:
        if code not in known:
            add(Code.REF_CONDITION_CODE, (*where, "codes"), indicator=ind.id, value=code,
                question=single[0].id, known=", ".join(known))


def _mirrors(ref: Referentiel, add: Add) -> None:
    places: dict[str, Loc] = {}
    for loc, ind in _indicators(ref):
        for q, question in enumerate(ind.questions):
            places[question.id] = (*loc, "questions", q, "mirror")
    for key, questions in ref.mirrors().items():
        groups = {q.group for q in questions}
        first = questions[0]
        if len(groups) < 2 or len(groups) < len(questions):
            add(Code.REF_MIRROR_GROUPS, places[first.id], mirror=key,
                questions=", ".join(f"{q.id} ({q.group})" for q in questions))
        shapes = {(q.type, q.scale) for q in questions}
        if len(shapes) > 1 or first.type not in OPTION_TYPES:
            add(Code.REF_MIRROR_SCALES, places[first.id], mirror=key,
                questions=", ".join(q.id for q in questions))


def _glossary(ref: Referentiel, add: Add) -> None:
    seen: set[str] = set()
    for n, entry in enumerate(ref.glossary):
        term = entry.term.strip().casefold()
        if term in seen:
            add(Code.REF_GLOSSARY_DUPLICATE, ("glossary", n, "term"), term=entry.term)
        seen.add(term)


