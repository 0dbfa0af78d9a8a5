"""A référentiel compiled once for scoring: what does not depend on the answers.

Effective N/A policies and coverages, option tables, group rules and the questions each
indicator reads are worked out once per référentiel, so that scoring a structure only
walks its answers. Plans are cached by référentiel, which is immutable
(:class:`~evalsoc.support.cache.IdentityCache`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.formula import names
from evalsoc.referentiel.model import (
    NUMERIC_TYPES,
    BandsScoring,
    Consolidation,
    Critere,
    Dimension,
    Indicateur,
    InformationalScoring,
    LinearScoring,
    NaPolicy,
    Node,
    Option,
    OptionMeaning,
    OptionsScoring,
    Question,
    QuestionType,
    Referentiel,
)
from evalsoc.scoring.combine import exact, policy_note
from evalsoc.support.cache import IdentityCache
from evalsoc.support.formatting import fr_number

__all__ = ["GroupPlan", "IndicatorPlan", "InputPlan", "Plan", "QuestionPlan", "plan_of"]

Method = Literal["informational", "options", "valued"]
# how an answer becomes a point: an option's score, a number, or the general rules
Reading = Literal["option", "number", "general"]


@dataclass(frozen=True, slots=True, eq=False)
class QuestionPlan:
    """A question with its options' scores and its group's consolidation rule."""

    question: Question
    options: tuple[Option, ...]
    table: dict[str, tuple[float, str]]  # one option: code -> (score in 0-100, how)
    choices: tuple[Option, ...]  # multiple choice: the options that carry points
    cap: float  # multiple choice: the points worth 100
    numeric: bool
    multiple_choice: bool
    text: bool
    consolidated: bool  # its group has several respondents
    min_respondents: int
    reading: Reading


@dataclass(frozen=True, slots=True, eq=False)
class InputPlan:
    """One question read with one consolidation, as a score or as a value: its outcome
    is computed once per structure however many indicators read it."""

    question: QuestionPlan
    consolidation: Consolidation
    want_score: bool


@dataclass(frozen=True, slots=True, eq=False)
class Leveled:
    """What a scored node needs from its parents: its N/A policy and its coverage."""

    policy: NaPolicy
    policy_note: str  # shown when the node is non concerné
    min_coverage: float


@dataclass(frozen=True, slots=True, eq=False)
class IndicatorPlan:
    indicateur: Indicateur
    method: Method
    rules: Leveled
    inputs: tuple[InputPlan, ...]  # options: one per question; valued: what it reads
    scoring: BandsScoring | LinearScoring | None = None
    formula: str | None = None
    names: tuple[str, ...] = ()  # the formula's question ids, in order


@dataclass(frozen=True, slots=True, eq=False)
class GroupPlan:
    """A dimension or a critère: the weighted mean of its children."""

    node: Dimension | Critere
    kind: Literal["dimension", "critere"]
    rules: Leveled
    children: tuple[GroupPlan | IndicatorPlan, ...]
    policies: tuple[NaPolicy, ...]  # the children's effective policies


class Plan:
    """Everything about a référentiel that scoring needs, computed once."""

    def __init__(self, referentiel: Referentiel) -> None:
        self.referentiel = referentiel
        self._questions: dict[int, QuestionPlan] = {}
        self._inputs: dict[tuple[int, Consolidation, bool], InputPlan] = {}
        root = referentiel.na_policy
        self.dimensions = tuple(self._dimension(d, root) for d in referentiel.dimensions)
        self.policies = tuple(d.rules.policy for d in self.dimensions)
        self.rules = Leveled(root, policy_note(root), referentiel.min_coverage)
        # (minimum, (code, label)) from the highest level down, read for every node
        self._levels = tuple((lv.min, (lv.code, lv.label)) for lv in reversed(referentiel.levels))

    @cached_property
    def hash(self) -> str:
        return canonical_hash(self.referentiel)

    def level(self, score: float) -> tuple[int, str]:
        """The code and label of the last level whose minimum the score reaches."""
        for minimum, level in self._levels:
            if minimum <= score:
                return level
        raise IndexError("no level reached")  # as Referentiel.level_for

    def _rules(self, node: Node, inherited: NaPolicy) -> Leveled:
        policy = node.na_policy or inherited
        coverage = self.referentiel.min_coverage if node.min_coverage is None \
            else node.min_coverage
        return Leveled(policy, policy_note(policy), coverage)

    def _dimension(self, dim: Dimension, inherited: NaPolicy) -> GroupPlan:
        rules = self._rules(dim, inherited)
        children = tuple(self._critere(c, rules.policy) for c in dim.criteres)
        return GroupPlan(dim, "dimension", rules, children,
                         tuple(c.rules.policy for c in children))

    def _critere(self, crit: Critere, inherited: NaPolicy) -> GroupPlan:
        rules = self._rules(crit, inherited)
        children = tuple(self._indicateur(i, rules.policy) for i in crit.indicateurs)
        return GroupPlan(crit, "critere", rules, children,
                         tuple(c.rules.policy for c in children))

    def _indicateur(self, ind: Indicateur, inherited: NaPolicy) -> IndicatorPlan:
        rules = self._rules(ind, inherited)
        scoring = ind.scoring
        if isinstance(scoring, InformationalScoring):
            inputs = tuple(self._input(q, Consolidation(), False) for q in ind.questions)
            return IndicatorPlan(ind, "informational", rules, inputs)
        if isinstance(scoring, OptionsScoring):
            inputs = tuple(self._input(q, scoring.consolidation, True) for q in ind.questions)
            return IndicatorPlan(ind, "options", rules, inputs)
        questions = self.referentiel.questions()
        if scoring.formula is None:
            question = questions[scoring.question or ind.questions[0].id]
            return IndicatorPlan(ind, "valued", rules,
                                 (self._input(question, scoring.consolidation, False),),
                                 scoring)
        read = tuple(names(scoring.formula))
        inputs = tuple(self._input(questions[n], scoring.consolidation, False) for n in read)
        return IndicatorPlan(ind, "valued", rules, inputs, scoring, scoring.formula, read)

    def _input(self, question: Question, consolidation: Consolidation,
               want_score: bool) -> InputPlan:
        compiled = self._question(question)
        key = (id(compiled), consolidation, want_score)
        found = self._inputs.get(key)
        if found is None:
            found = self._inputs[key] = InputPlan(compiled, consolidation, want_score)
        return found

    def _question(self, question: Question) -> QuestionPlan:
        found = self._questions.get(id(question))
        if found is not None:
            return found
        referentiel = self.referentiel
        options = referentiel.options_of(question)
        scored = tuple(o for o in options
                       if o.meaning is OptionMeaning.VALUE and o.score is not None)
        cap = question.cap or math.fsum(o.score or 0 for o in scored if (o.score or 0) > 0)
        group = referentiel.group(question.group)
        numeric = question.type in NUMERIC_TYPES
        multiple_choice = question.type is QuestionType.MULTIPLE_CHOICE
        reading: Reading = "general"
        if options and not numeric and not multiple_choice:
            reading = "option"
        elif numeric and not options:
            reading = "number"
        found = QuestionPlan(
            question=question, options=options, table=option_table(scored), choices=scored,
            cap=cap, numeric=numeric, multiple_choice=multiple_choice,
            text=question.type is QuestionType.TEXT,
            consolidated=group is not None and group.multiple,
            min_respondents=group.min_respondents if group is not None else 1,
            reading=reading)
        self._questions[id(question)] = found  # the référentiel keeps ``question`` alive
        return found


def option_table(scored: tuple[Option, ...]) -> dict[str, tuple[float, str]]:
    """Code -> (score in 0-100, how): the option's points over the scale's range."""
    low = min((o.score or 0 for o in scored), default=0.0)
    high = max((o.score or 0 for o in scored), default=0.0)
    table: dict[str, tuple[float, str]] = {}
    for option in scored:
        points = option.score or 0.0
        score = 100.0 if high == low else exact(100 * (points - low) / (high - low))
        table[option.code] = (score, f"option « {option.label} » : {fr_number(points, 2)} "
                              f"point(s) sur l'échelle {fr_number(low, 2)} à "
                              f"{fr_number(high, 2)} → {fr_number(score, 2)}")
    return table


_PLANS: IdentityCache[Referentiel, Plan] = IdentityCache(64)


def plan_of(referentiel: Referentiel) -> Plan:
    """The référentiel's plan, compiled on first use."""
    return _PLANS.get(referentiel, Plan)
