"""Plausible numbers for a structure's numeric questions, consistent with each other.

A number is drawn once as the structure's "true" value, whether or not it is answered in
the end, so that ratios hold: own resources and subsidies never exceed the budget,
permanent FTE never exceed total FTE, and so on. Hinted questions follow their hint
(:class:`~evalsoc.simulate.hints.NumberHint`); the others are drawn from their scoring
rule (bands or linear thresholds) or, failing that, their bounds.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from evalsoc.referentiel.formula import FormulaError, evaluate, names
from evalsoc.referentiel.model import (
    BandsScoring,
    Indicateur,
    LinearScoring,
    Question,
    QuestionType,
)
from evalsoc.simulate.hints import NumberHint
from evalsoc.simulate.registry import BUDGET_MEDIAN

__all__ = ["Truth", "fallback_number", "round_for"]

Ranker = Callable[[str], tuple[random.Random, float, float]]  # qid -> stream, z, u


@dataclass
class Truth:
    """The true values of one structure's numeric questions, computed on demand."""

    questions: dict[str, Question]
    indicators: dict[str, Indicateur]
    hints: dict[str, NumberHint]
    discipline: str
    budget: float
    ranker: Ranker
    values: dict[str, float] = field(default_factory=dict)
    _busy: set[str] = field(default_factory=set)

    def get(self, qid: str) -> float:
        if qid == "budget":
            return self.budget
        if qid not in self.values:
            if qid in self._busy or qid not in self.questions:
                return 0.0  # a cycle or an unknown name in a hint: no basis
            self._busy.add(qid)
            self.values[qid] = self._draw(self.questions[qid])
            self._busy.discard(qid)
        return self.values[qid]

    def formula(self, text: str) -> float:
        try:
            return evaluate(text, {n: self.get(n) for n in names(text)})
        except FormulaError:
            return 0.0

    def _draw(self, question: Question) -> float:
        rng, z, u = self.ranker(question.id)
        hint = self.hints.get(question.id)
        if hint is None:
            value = fallback_number(question, self.indicators.get(question.id), u, rng)
        else:
            value = self._hinted(hint, rng, z, u)
        return _bounded(question, round_for(question, value, hint), hint)

    def _hinted(self, hint: NumberHint, rng: random.Random, z: float, u: float) -> float:
        if hint.zero and rng.random() < hint.zero:
            return 0.0
        factor = hint.disciplines.get(self.discipline, 1.0)
        if hint.median is not None:
            size = float((self.budget / BUDGET_MEDIAN) ** hint.size)
            return hint.median * factor * size * math.exp(hint.latent * z
                                                           + rng.gauss(0.0, hint.sigma))
        low = hint.low if hint.low is not None else 1.0
        high = hint.high if hint.high is not None else low
        share = (low + (high - low) * u + rng.gauss(0.0, hint.noise)) * factor
        if hint.clip is not None:
            share = min(max(share, hint.clip[0]), hint.clip[1])
        base = self.formula(hint.of) if hint.of else 1.0
        return base * share


def round_for(question: Question, value: float, hint: NumberHint | None = None) -> float:
    """Rounded as a person would type it: whole euros, whole counts, one decimal for FTE."""
    if hint is not None and (hint.decimals or hint.round == "up"):
        scale = 10.0 ** hint.decimals
        rounded = math.ceil(value * scale - 1e-9) if hint.round == "up" else round(value * scale)
        return rounded / scale
    if question.type is QuestionType.NUMBER:
        return round(value, 1)
    return float(round(value))


def _bounded(question: Question, value: float, hint: NumberHint | None) -> float:
    low = question.min if question.min is not None else (
        0.0 if question.type is not QuestionType.NUMBER else None)
    high = 100.0 if question.type is QuestionType.PERCENT else question.max
    if hint is not None:
        low = hint.min if hint.min is not None else low
        high = hint.max if hint.max is not None else high
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    return value


def fallback_number(question: Question, indicator: Indicateur | None, u: float,
                    rng: random.Random) -> float:
    """A value whose score follows ``u``: from the bands, the linear thresholds or bounds."""
    scoring = indicator.scoring if indicator is not None else None
    direct = scoring is not None and not getattr(scoring, "formula", None)
    if isinstance(scoring, BandsScoring) and direct:
        return _from_bands(scoring, u, rng, question)
    if isinstance(scoring, LinearScoring) and direct:
        return scoring.low + (scoring.high - scoring.low) * min(1.0, max(0.0, u * 1.2 - 0.1))
    low = question.min if question.min is not None else 0.0
    span = BUDGET_MEDIAN if question.type is QuestionType.AMOUNT else 100.0
    high = question.max if question.max is not None else low + span
    return low + (high - low) * u**3  # skewed towards small values, as counts are


def _from_bands(scoring: BandsScoring, u: float, rng: random.Random,
                question: Question) -> float:
    """Pick a band by its score (rank ``u``), then a value inside it."""
    edges = sorted(b.min for b in scoring.bands)
    by_score = sorted(scoring.bands, key=lambda b: (b.score, b.min))
    band = by_score[min(len(by_score) - 1, int(u * len(by_score)))]
    index = edges.index(band.min)
    upper = edges[index + 1] if index + 1 < len(edges) else band.min * 1.6 + 1
    if question.type is QuestionType.INTEGER:
        return float(rng.randint(math.ceil(band.min), max(math.ceil(band.min),
                                                          math.ceil(upper) - 1)))
    return rng.uniform(band.min, upper - (upper - band.min) * 0.01)
