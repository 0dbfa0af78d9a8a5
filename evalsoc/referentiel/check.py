"""Whole-tree checks of a référentiel, all problems at once, each located.

Pydantic validates each field; these rules need the whole tree: unique ids, known scales
and groups, formulas, bands, reachable scores, that every question counts somewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

from evalsoc.catalogue import Code
from evalsoc.issues import Issue, Loc, format_path, make_issue
from evalsoc.referentiel.check_diagnostic import check_diagnostic
from evalsoc.referentiel.check_extras import check_extras
from evalsoc.referentiel.check_observation import check_observation
from evalsoc.referentiel.formula import FormulaError, names
from evalsoc.referentiel.library import library_for, load_library, shared_mismatches
from evalsoc.referentiel.loader import LoadResult
from evalsoc.referentiel.model import (
    NUMERIC_TYPES,
    OPTION_TYPES,
    BandsScoring,
    Consolidation,
    Indicateur,
    InformationalScoring,
    LinearScoring,
    OptionMeaning,
    OptionsScoring,
    Polarity,
    Question,
    QuestionType,
    Referentiel,
)

__all__ = ["check_tree", "reachable"]


class _Sink:
    """Collects issues, locating each at a document path and its line."""

    def __init__(self, loaded: LoadResult) -> None:
        self.loaded = loaded
        self.issues: list[Issue] = []

    def add(self, code: Code, loc: Loc, **params: Any) -> None:
        self.issues.append(make_issue(code, file=self.loaded.file, path=format_path(loc),
                                      line=self.loaded.line_of(loc), **params))


def check_tree(loaded: LoadResult) -> list[Issue]:
    ref = loaded.referentiel
    if ref is None:
        return list(loaded.issues)
    sink = _Sink(loaded)
    _check_location(ref, sink)
    _check_levels(ref, sink)
    _check_ids(ref, sink)
    questions = ref.questions()
    used: set[str] = set()
    for loc, ind in _indicators(ref):
        for q_index, question in enumerate(ind.questions):
            _check_question(ref, question, (*loc, "questions", q_index), sink,
                            scored=isinstance(ind.scoring, OptionsScoring))
        used |= _check_scoring(ref, ind, questions, loc, sink)
    for loc, ind in _indicators(ref):
        for q_index, question in enumerate(ind.questions):
            if question.id not in used:
                sink.add(Code.REF_UNSCORED_QUESTION, (*loc, "questions", q_index),
                         question=question.id)
    _check_empty(ref, sink)
    check_extras(ref, sink.add)
    if ref.diagnostic is not None:
        check_diagnostic(ref.diagnostic, sink.add)
    check_observation(ref, sink.add)
    _check_shared(ref, sink)
    return sink.issues


def _check_shared(ref: Referentiel, sink: _Sink) -> None:
    """QLIB005: a question written out with a shared question's id, but not as it is."""
    library = load_library(library_for(sink.loaded.file))
    places = {q.id: (*loc, "questions", n) for loc, ind in _indicators(ref)
              for n, q in enumerate(ind.questions)}
    for question, fields in shared_mismatches(ref, library):
        sink.add(Code.QLIB_MISMATCH, places.get(question, ()), question=question,
                 library=library.file, fields=", ".join(fields))


def _indicators(ref: Referentiel) -> Iterator[tuple[Loc, Indicateur]]:
    for d, dim in enumerate(ref.dimensions):
        for c, crit in enumerate(dim.criteres):
            for i, ind in enumerate(crit.indicateurs):
                yield ("dimensions", d, "criteres", c, "indicateurs", i), ind


def _check_location(ref: Referentiel, sink: _Sink) -> None:
    path = Path(sink.loaded.file)
    if path.suffix == ".yaml" and (path.stem != ref.version or path.parent.name != ref.id):
        sink.add(Code.REF_FILE_NAME, ("id",), declared=ref.ref,
                 location=f"{path.parent.name}/{path.name}")


def _check_levels(ref: Referentiel, sink: _Sink) -> None:
    mins = [lv.min for lv in ref.levels]
    ascending = all(b > a for a, b in pairwise(mins))
    if mins[0] != 0 or not ascending or mins[-1] >= 100:
        sink.add(Code.REF_LEVELS, ("levels",), bounds=", ".join(f"{m:g}" for m in mins))


def _check_ids(ref: Referentiel, sink: _Sink) -> None:
    seen: dict[str, str] = {}

    def claim(ident: str, loc: Loc) -> None:
        where = format_path(loc)
        if ident in seen:
            sink.add(Code.REF_DUPLICATE_ID, (*loc, "id"), id=ident, other=seen[ident])
        else:
            seen[ident] = where

    for g, group in enumerate(ref.groups):
        claim(f"groupe:{group.id}", ("groups", g))
    for s, scale in enumerate(ref.scales):
        claim(f"échelle:{scale.id}", ("scales", s))
    for d, dim in enumerate(ref.dimensions):
        claim(dim.id, ("dimensions", d))
        for c, crit in enumerate(dim.criteres):
            claim(crit.id, ("dimensions", d, "criteres", c))
    for loc, ind in _indicators(ref):
        claim(ind.id, loc)
        for q, question in enumerate(ind.questions):
            claim(question.id, (*loc, "questions", q))


def _check_question(ref: Referentiel, question: Question, loc: Loc, sink: _Sink,
                    scored: bool) -> None:
    if ref.group(question.group) is None:
        sink.add(Code.REF_UNKNOWN_GROUP, (*loc, "group"), question=question.id,
                 group=question.group, known=", ".join(g.id for g in ref.groups))
    if question.scale and ref.scale(question.scale) is None:
        sink.add(Code.REF_UNKNOWN_SCALE, (*loc, "scale"), question=question.id,
                 scale=question.scale, known=", ".join(s.id for s in ref.scales) or "aucune")
    elif question.type in OPTION_TYPES and not ref.options_of(question):
        sink.add(Code.REF_UNKNOWN_SCALE, (*loc, "type"), question=question.id,
                 scale="(aucune)", known=", ".join(s.id for s in ref.scales) or "aucune")
    if question.min is not None and question.max is not None and question.min > question.max:
        sink.add(Code.REF_BOUNDS, (*loc, "min"), question=question.id,
                 low=f"{question.min:g}", high=f"{question.max:g}")
    if question.type not in OPTION_TYPES:
        return
    options = ref.options_of(question)
    codes = [o.code for o in options]
    if doubles := sorted({c for c in codes if codes.count(c) > 1}):
        sink.add(Code.REF_BAD_OPTIONS, (*loc, "options" if question.options else "scale"),
                 detail=f"la question « {question.id} » a des codes de réponse en double : "
                        f"{', '.join(doubles)}")
    unscored = [o.code for o in options if o.meaning is OptionMeaning.VALUE and o.score is None]
    if scored and unscored:
        sink.add(Code.REF_BAD_OPTIONS, (*loc, "options" if question.options else "scale"),
                 detail=f"la question « {question.id} » a des réponses sans « score » : "
                        f"{', '.join(unscored)} (donnez un score, ou le sens non_concerne "
                        "ou ne_sait_pas)")


def _check_scoring(ref: Referentiel, ind: Indicateur, questions: dict[str, Question],
                   loc: Loc, sink: _Sink) -> set[str]:
    """Checks one indicator's scoring and returns the question ids it reads."""
    scoring = ind.scoring
    sloc = (*loc, "scoring")
    own = {q.id for q in ind.questions}
    if isinstance(scoring, InformationalScoring):
        return own
    if isinstance(scoring, OptionsScoring):
        if not ind.questions:
            sink.add(Code.REF_EMPTY_NODE, (*loc, "questions"), node=ind.id, child="question")
        for question in ind.questions:
            if question.type not in OPTION_TYPES:
                sink.add(Code.REF_SCORING_MISMATCH, sloc, indicator=ind.id,
                         detail=f"la méthode « options » ne note pas la question "
                                f"« {question.id} » de type {question.type.value}")
        _check_top(ref, ind, scoring.consolidation, list(ind.questions), sloc, sink)
        _check_reach(ref, ind, loc, sink)
        return own
    return _check_valued(ref, ind, scoring, questions, loc, sink)


def _check_valued(ref: Referentiel, ind: Indicateur, scoring: BandsScoring | LinearScoring,
                  questions: dict[str, Question], loc: Loc, sink: _Sink) -> set[str]:
    sloc = (*loc, "scoring")
    if isinstance(scoring, BandsScoring):
        _check_bands(scoring, (*sloc, "bands"), sink)
    elif scoring.low == scoring.high:
        sink.add(Code.REF_SCORING_MISMATCH, sloc, indicator=ind.id,
                 detail="« low » et « high » doivent être différents")
    if scoring.formula is not None:
        return _check_formula(ref, scoring.formula, questions, (*sloc, "formula"), sink)
    target = scoring.question or (ind.questions[0].id if len(ind.questions) == 1 else None)
    if target is None:
        sink.add(Code.REF_SCORING_MISMATCH, sloc, indicator=ind.id,
                 detail="indiquez « question » ou « formula » (plusieurs questions possibles)")
        return set()
    if target not in questions:
        sink.add(Code.REF_UNKNOWN_QUESTION, (*sloc, "question"), question=target,
                 indicator=ind.id)
        return set()
    question = questions[target]
    method = scoring.consolidation.method
    if question.type not in NUMERIC_TYPES and not (
        question.type in OPTION_TYPES and ref.group(question.group) is not None
        and (ref.group(question.group) or ref.groups[0]).multiple
    ):
        sink.add(Code.REF_SCORING_MISMATCH, sloc, indicator=ind.id,
                 detail=f"la question « {target} » (type {question.type.value}) ne donne pas "
                        "de valeur numérique ; utilisez la méthode « options »")
    if method == "top_share":
        _check_top(ref, ind, scoring.consolidation, [question], sloc, sink)
    elif question.type is QuestionType.MULTIPLE_CHOICE:
        sink.add(Code.REF_SCORING_MISMATCH, sloc, indicator=ind.id,
                 detail=f"un choix multiple (« {target} ») ne donne une valeur qu'avec la "
                        "consolidation « top_share »")
    return {target}


def _check_formula(ref: Referentiel, formula: str, questions: dict[str, Question],
                   loc: Loc, sink: _Sink) -> set[str]:
    try:
        found = names(formula)
    except FormulaError as err:
        sink.add(Code.REF_FORMULA_SYNTAX, loc, formula=formula, detail=str(err))
        return set()
    for name in found:
        question = questions.get(name)
        if question is None:
            sink.add(Code.REF_FORMULA_NAME, loc, formula=formula, name=name)
        elif question.type not in NUMERIC_TYPES or (
            (group := ref.group(question.group)) is not None and group.multiple
        ):
            sink.add(Code.REF_FORMULA_NOT_NUMERIC, loc, formula=formula, name=name,
                     type=question.type.value, group=question.group)
    return set(found)


def _check_top(ref: Referentiel, ind: Indicateur, consolidation: Consolidation,
               questions: list[Question], loc: Loc, sink: _Sink) -> None:
    top = consolidation.top
    if consolidation.method == "top_share" and not top:
        sink.add(Code.REF_SCORING_MISMATCH, (*loc, "consolidation", "top"), indicator=ind.id,
                 detail="« top_share » demande la liste « top » des réponses comptées")
    for question in questions:
        codes = {o.code for o in ref.options_of(question)}
        if top and (unknown := [t for t in top if t not in codes]):
            sink.add(Code.REF_SCORING_MISMATCH, (*loc, "consolidation", "top"),
                     indicator=ind.id, detail=f"« top » cite {', '.join(unknown)}, absent(s) "
                     f"des réponses de « {question.id} » ({', '.join(sorted(codes))})")


def _check_bands(scoring: BandsScoring, loc: Loc, sink: _Sink) -> None:
    mins = [b.min for b in scoring.bands]
    if any(b <= a for a, b in pairwise(mins)):
        sink.add(Code.REF_BANDS_ORDER, loc, bounds=", ".join(f"{m:g}" for m in mins))
    scores = [b.score for b in scoring.bands]
    steps = list(pairwise(scores))
    rules = {
        Polarity.HIGHER_BETTER: ("croissants", all(b >= a for a, b in steps)),
        Polarity.LOWER_BETTER: ("décroissants", all(b <= a for a, b in steps)),
        Polarity.TARGET: ("croissants puis décroissants", _unimodal(scores)),
    }
    rule, ok = rules[scoring.polarity]
    if not ok:
        sink.add(Code.REF_BANDS_POLARITY, loc, polarity=scoring.polarity.value, rule=rule,
                 scores=", ".join(f"{s:g}" for s in scores))


def _unimodal(scores: list[float]) -> bool:
    peak = scores.index(max(scores))
    rising = all(b >= a for a, b in pairwise(scores[: peak + 1]))
    falling = all(b <= a for a, b in pairwise(scores[peak:]))
    return rising and falling


def reachable(ref: Referentiel, ind: Indicateur) -> tuple[float, float] | None:
    """The lowest and highest score an indicator can give; None if it is not scored."""
    scoring = ind.scoring
    if isinstance(scoring, InformationalScoring):
        return None
    if isinstance(scoring, BandsScoring):
        return min(b.score for b in scoring.bands), max(b.score for b in scoring.bands)
    if isinstance(scoring, LinearScoring):
        return 0.0, 100.0
    lows, highs = [], []
    for question in ind.questions:
        scored = [o.score for o in ref.options_of(question)
                  if o.meaning is OptionMeaning.VALUE and o.score is not None]
        if len(set(scored)) < 2 and question.type is not QuestionType.MULTIPLE_CHOICE:
            # one possible score: the engine gives it 100 (or nothing if none is scored)
            lows.append(100.0 if scored else 0.0)
            highs.append(100.0 if scored else 0.0)
            continue
        high = 100.0
        if question.type is QuestionType.MULTIPLE_CHOICE and question.cap:
            positive = sum(s for s in scored if s > 0)
            high = min(100.0, 100 * positive / question.cap)
        lows.append(0.0)
        highs.append(high)
    return (min(lows), max(highs)) if lows else None


def _check_reach(ref: Referentiel, ind: Indicateur, loc: Loc, sink: _Sink) -> None:
    span = reachable(ref, ind)
    if span is None:
        return
    low, high = span
    for bound, bad in (("100", high < 100), ("0", low > 0)):
        if bad:
            sink.add(Code.REF_UNREACHABLE, (*loc, "scoring"), node=ind.id, bound=bound,
                     low=f"{low:g}", high=f"{high:g}")


def _check_empty(ref: Referentiel, sink: _Sink) -> None:
    for d, dim in enumerate(ref.dimensions):
        if not dim.criteres:
            sink.add(Code.REF_EMPTY_NODE, ("dimensions", d), node=dim.id, child="critère")
        for c, crit in enumerate(dim.criteres):
            if not crit.indicateurs:
                sink.add(Code.REF_EMPTY_NODE, ("dimensions", d, "criteres", c),
                         node=crit.id, child="indicateur")
