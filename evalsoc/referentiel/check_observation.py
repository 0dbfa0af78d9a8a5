"""Whole-référentiel rules of an observation section (``kind: observation``).

Everything the section names must exist and make sense before a single workbook is
sent: its blocks are dimensions, the questions it cites are asked in a block, an
additive quantity is a number (never a percentage), a typology is a single choice,
nothing is scored, size classes are bounded in increasing order. Each problem is one
located issue (OPP001-OPP006, OPP010 for a check's formula); nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Callable

from evalsoc.catalogue import Code
from evalsoc.referentiel.expression import names
from evalsoc.referentiel.formula import FormulaError
from evalsoc.referentiel.model import InformationalScoring, QuestionType, Referentiel

__all__ = ["check_observation"]

Add = Callable[..., None]  # (code, loc, **fields): the sink of evalsoc.referentiel.check
ROOT = ("observation",)
Known = Callable[[str, tuple[object, ...], str], bool]
READING_QUESTIONS = ("code_commune", "code_postal", "classe_densite", "distance_offre",
                     "codes_postaux_epci", "pub_code_postal", "pub_nouvel_habitant",
                     "pub_transport", "pub_age", "convention_epci", "communes_atteintes",
                     "benevoles_reguliers", "population_epci")
READING_PARAMETERS = ("rural_min", "portee_min", "itinerance_min", "communes_itinerance_min",
                      "isolement_km", "benevoles_pour_mille_min")
SUMMABLE = frozenset({QuestionType.INTEGER, QuestionType.NUMBER, QuestionType.AMOUNT})


def check_observation(ref: Referentiel, add: Add) -> None:
    spec = ref.observation
    if spec is None:
        return
    dimensions = [d.id for d in ref.dimensions]
    for n, block in enumerate(spec.blocks):
        if block not in dimensions:
            add(Code.OPP_UNKNOWN_BLOCK, (*ROOT, "blocks", n), block=block,
                known=", ".join(dimensions))
    _check_unscored(ref, add)
    questions = ref.questions()

    def known(question: str, loc: tuple[object, ...], where: str) -> bool:
        if question not in questions:
            add(Code.OPP_UNKNOWN_QUESTION, (*ROOT, *loc), question=question, where=where)
            return False
        return True

    for n, question in enumerate(spec.additive):
        if known(question, ("additive", n), "additive") \
                and questions[question].type not in SUMMABLE:
            add(Code.OPP_NOT_ADDITIVE, (*ROOT, "additive", n), question=question,
                type=questions[question].type.value)
    for n, question in enumerate(spec.typology):
        if known(question, ("typology", n), "typology") \
                and questions[question].type is not QuestionType.SINGLE_CHOICE:
            add(Code.OPP_TYPOLOGY, (*ROOT, "typology", n), question=question,
                type=questions[question].type.value)
    _check_references(ref, known)
    _check_checks(ref, add, known)
    _check_sizes(ref, add)
    _check_reading(ref, add, known)


def _check_references(ref: Referentiel, known: Known) -> None:
    spec = ref.observation
    assert spec is not None
    if spec.size is not None:
        known(spec.size.question, ("size", "question"), "size")
    for n, ratio in enumerate(spec.ratios):
        for side in ("numerator", "denominator"):
            for question in getattr(ratio, side):
                known(question, ("ratios", n, side), f"ratio {ratio.id}")
    ratio_ids = {r.id for r in spec.ratios}
    for n, benchmark in enumerate(spec.benchmarks):
        if benchmark.figure not in ratio_ids:
            known(benchmark.figure, ("benchmarks", n, "figure"), "benchmarks")


def _check_checks(ref: Referentiel, add: Add, known: Known) -> None:
    """A check reads numbers the questionnaire asks, in a formula that parses."""
    spec = ref.observation
    assert spec is not None
    for n, check in enumerate(spec.checks):
        known(check.line, ("checks", n, "line"), f"check {check.id}")
        try:
            read = names(check.equals)
        except FormulaError as err:
            add(Code.OPP_CHECK_FORMULA, (*ROOT, "checks", n, "equals"), check=check.id,
                detail=str(err))
            continue
        for question in read:
            known(question, ("checks", n, "equals"), f"check {check.id}")


def _check_reading(ref: Referentiel, add: Add, known: Known) -> None:
    """The rural grid's reading needs its questions and its parameters."""
    spec = ref.observation
    assert spec is not None
    if spec.reading != "attractivite_rurale":
        return
    for question in READING_QUESTIONS:
        known(question, ("reading",), "reading attractivite_rurale")
    have = {p.id for p in spec.parameters}
    for parameter in READING_PARAMETERS:
        if parameter not in have:
            add(Code.RUR_PARAMETER, (*ROOT, "parameters"), parameter=parameter)


def _check_sizes(ref: Referentiel, add: Add) -> None:
    assert ref.observation is not None
    if ref.observation.size is None:
        return
    bounds = [c.below for c in ref.observation.size.classes]
    open_ended = [b for b in bounds[:-1] if b is None]
    finite = [b for b in bounds if b is not None]
    if open_ended or bounds[-1] is not None or finite != sorted(set(finite)):
        add(Code.OPP_SIZE_ORDER, (*ROOT, "size", "classes"),
            detail=", ".join("sans borne" if b is None else f"{b:g}" for b in bounds))


def _check_unscored(ref: Referentiel, add: Add) -> None:
    for loc, ind in ((("dimensions", d.id, c.id, i.id), i) for d in ref.dimensions
                     for c in d.criteres for i in c.indicateurs):
        if not isinstance(ind.scoring, InformationalScoring):
            add(Code.OPP_SCORED, (*loc, "scoring"), node=ind.id, method=ind.scoring.method)
