"""Published facts as the linear constraints of an attacker's program.

Variables are the values nobody published individually: ``x[(family, structure)]``.
Sums and means are linear in them. Order statistics (quantiles, extremes, counts per
band) are linear in the *sorted* values of a population's unknown members: for each
population and value that carries such a fact, the program holds the sorted vector
``z_1 <= ... <= z_u`` of its unknown members' values, tied to them by their sum and by
``z_1 <= value <= z_u``. Known members (published individually) turn each order fact
into exact conditions on ranks of ``z``: a median of 58 over 13 structures of which 9
are known says how many unknown values lie on each side of 58.

This is the convex relaxation of the attacker's problem (which member holds which rank
is a combinatorial question the program does not ask): the intervals it gives can be
wider than what a determined attacker could reach by trying every assignment. Where a
population has more unknown members than :data:`ORDER_LIMIT`, only the conditions that
bind all of them at once (every value above a minimum, all in one band) are kept.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from evalsoc.audit.model import Fact, Family, Knowledge, Term

__all__ = ["ORDER_LIMIT", "Expression", "Program", "Row", "build_program", "expression_family"]

ORDER_LIMIT = 60
EPS = 1e-6
BIG = 1e12  # stands for an unbounded value (a budget has no maximum)


def tolerance(value: float) -> float:
    """How far a published figure may be from its exact value (float arithmetic)."""
    return EPS * max(1.0, abs(value))


@dataclass(frozen=True)
class Expression:
    """A member's value of a fact: ``constant`` plus a combination of unknowns."""

    constant: float
    coefficients: tuple[tuple[int, float], ...]  # (variable index, coefficient)

    @property
    def known(self) -> bool:
        return not self.coefficients


@dataclass
class Row:
    coefficients: dict[int, float]
    low: float
    high: float
    fact: int | None = None  # index of the fact it comes from (for explanations)


@dataclass
class Program:
    """Variables (unknown values, then sorted vectors), their bounds and the rows."""

    names: list[tuple[str, str] | None] = field(default_factory=list)  # None: a z variable
    lows: list[float] = field(default_factory=list)
    highs: list[float] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    index: dict[tuple[str, str], int] = field(default_factory=dict)
    truth: list[float] = field(default_factory=list)
    # the fact that set each variable's bound, when a fact did (for explanations)
    low_facts: dict[int, int] = field(default_factory=dict)
    high_facts: dict[int, int] = field(default_factory=dict)

    def variable(self, name: tuple[str, str] | None, low: float, high: float,
                 truth: float) -> int:
        self.names.append(name)
        self.lows.append(low)
        self.highs.append(high)
        self.truth.append(truth)
        position = len(self.names) - 1
        if name is not None:
            self.index[name] = position
        return position

    def add(self, coefficients: dict[int, float], low: float, high: float,
            fact: int | None) -> None:
        """A row; one on a single variable narrows that variable's bounds instead
        (« every member above 75 » is thousands of them in a large population)."""
        clean = {k: v for k, v in coefficients.items() if v != 0.0}
        if len(clean) == 1:
            (variable, c), = clean.items()
            low, high = (low / c, high / c) if c > 0 else (high / c, low / c)
            if low > self.lows[variable]:
                self.lows[variable] = min(low, self.highs[variable])
                if fact is not None:
                    self.low_facts[variable] = fact
            if high < self.highs[variable]:
                self.highs[variable] = max(high, self.lows[variable])
                if fact is not None:
                    self.high_facts[variable] = fact
        elif clean:
            self.rows.append(Row(clean, low, high, fact))


def expression_family(terms: Sequence[Term], families: dict[str, Family]) -> Family:
    """Bounds and protection of a combination of families (an evolution: after minus
    before), for judging the exposure of the combination itself."""
    if len(terms) == 1 and terms[0][1] == 1.0:
        return families[terms[0][0]]
    low = sum(c * (families[f].low if c > 0 else families[f].high) for f, c in terms)
    high = sum(c * (families[f].high if c > 0 else families[f].low) for f, c in terms)
    first = families[terms[0][0]]
    sign = {1.0: "+", -1.0: "−"}
    label = " ".join(f"{sign.get(c, str(c))} {families[f].label or f}" for f, c in terms)
    return Family(key="|".join(f"{c:g}*{f}" for f, c in terms), low=low, high=high,
                  protection=first.protection, relative=first.relative,
                  label=label.lstrip("+ "))


class _Builder:
    def __init__(self, facts: Sequence[Fact], knowledge: Knowledge) -> None:
        self.facts = facts
        self.knowledge = knowledge
        self.program = Program()
        self._expressions: dict[tuple[tuple[Term, ...], str], Expression] = {}

    def unknown(self, family: str, structure: str) -> int | None:
        key = (family, structure)
        if key in self.knowledge.known:
            return None
        if key not in self.program.index:
            spec = self.knowledge.families[family]
            low = max(spec.low, -BIG)
            high = min(spec.high, BIG)
            self.program.variable(key, low, high, self.knowledge.truth[key])
        return self.program.index[key]

    def expression(self, terms: tuple[Term, ...], structure: str) -> Expression:
        """A member's value of a fact (kept: many facts describe the same members)."""
        key = (terms, structure)
        found = self._expressions.get(key)
        if found is None:
            found = self._expressions[key] = self._expression(terms, structure)
        return found

    def _expression(self, terms: Sequence[Term], structure: str) -> Expression:
        constant = 0.0
        coefficients: list[tuple[int, float]] = []
        for family, coefficient in terms:
            position = self.unknown(family, structure)
            if position is None:
                constant += coefficient * self.knowledge.known[(family, structure)]
            else:
                coefficients.append((position, coefficient))
        return Expression(constant, tuple(coefficients))

    def linear(self, number: int, fact: Fact, expressions: list[Expression]) -> None:
        total = fact.value * (len(fact.members) if fact.kind == "mean" else 1)
        constant = sum(e.constant for e in expressions)
        coefficients: dict[int, float] = {}
        for e in expressions:
            for position, c in e.coefficients:
                coefficients[position] = coefficients.get(position, 0.0) + c
        slack = tolerance(total)
        self.program.add(coefficients, total - constant - slack, total - constant + slack,
                         number)

    def build(self) -> Program:
        groups: dict[tuple[tuple[Term, ...], tuple[str, ...]], list[int]] = {}
        for number, fact in enumerate(self.facts):
            expressions = [self.expression(fact.terms, s) for s in fact.members]
            if fact.kind in ("sum", "mean"):
                self.linear(number, fact, expressions)
            else:
                groups.setdefault((fact.terms, fact.members), []).append(number)
        for (terms, members), numbers in groups.items():
            _Order(self, terms, members, numbers).add()
        return self.program


class _Order:
    """The order facts of one population and one value, as rows on its sorted vector."""

    def __init__(self, builder: _Builder, terms: tuple[Term, ...], members: tuple[str, ...],
                 numbers: list[int]) -> None:
        self.builder = builder
        self.program = builder.program
        self.numbers = numbers
        expressions = [builder.expression(terms, s) for s in members]
        self.known = sorted(e.constant for e in expressions if e.known)
        self.unknown = [e for e in expressions if not e.known]
        self.n = len(members)
        spec = expression_family(terms, dict(builder.knowledge.families))
        self.low, self.high = max(spec.low, -BIG), min(spec.high, BIG)
        self.z: list[int] = []

    def add(self) -> None:
        u = len(self.unknown)
        if u == 0:
            return
        if u <= ORDER_LIMIT:
            self._sorted_vector()
        for number in self.numbers:
            fact = self.builder.facts[number]
            if fact.kind == "bands":
                self._bands(number, fact)
            else:
                self._rank(number, fact)

    def _sorted_vector(self) -> None:
        truth = sorted(e.constant + sum(c * self.program.truth[p] for p, c in e.coefficients)
                       for e in self.unknown)
        self.z = [self.program.variable(None, self.low, self.high, t) for t in truth]
        for a, b in zip(self.z, self.z[1:], strict=False):
            self.program.add({a: 1.0, b: -1.0}, -math.inf, 0.0, None)
        total: dict[int, float] = dict.fromkeys(self.z, 1.0)
        constant = 0.0
        for e in self.unknown:
            constant += e.constant
            for position, c in e.coefficients:
                total[position] = total.get(position, 0.0) - c
        self.program.add(total, constant - EPS, constant + EPS, None)
        for e in self.unknown:  # z_1 <= value <= z_u
            row = dict(e.coefficients)
            self.program.add({**row, self.z[0]: -1.0}, -e.constant - EPS, math.inf, None)
            self.program.add({**row, self.z[-1]: -1.0}, -math.inf, -e.constant + EPS, None)

    def _bound(self, rank: int, low: float, high: float, number: int) -> None:
        """The ``rank``-th smallest unknown value (1-based) lies in [low, high]."""
        u = len(self.unknown)
        if not 1 <= rank <= u:
            return
        if self.z:
            self.program.add({self.z[rank - 1]: 1.0}, low, high, number)
        elif rank == 1 and math.isfinite(low):  # the smallest above low: all of them
            self._all(low, math.inf, number)
        elif rank == u and math.isfinite(high):  # the largest below high: all of them
            self._all(-math.inf, high, number)

    def _all(self, low: float, high: float, number: int) -> None:
        for e in self.unknown:
            self.program.add(dict(e.coefficients), low - e.constant, high - e.constant, number)

    def _rank(self, number: int, fact: Fact) -> None:
        q, slack = fact.value, tolerance(fact.value)
        below = sum(k < q - slack for k in self.known)
        at_most = sum(k <= q + slack for k in self.known)
        at_least = sum(k >= q - slack for k in self.known)
        u = len(self.unknown)
        if fact.kind == "min":
            self._bound(1, q - slack, q + slack if at_most == 0 else math.inf, number)
            return
        if fact.kind == "max":
            self._bound(u, -math.inf if at_least else q - slack, q + slack, number)
            return
        h = (self.n - 1) * fact.p
        r = math.floor(h + 1e-9)
        exact = h - r < 1e-9
        rank = r + 1  # 1-based: y_rank <= q (= q when exact) <= y_(rank + 1)
        self._bound(rank - at_most, -math.inf, q + slack, number)  # rank values <= q
        above = self.n - rank + (1 if exact else 0)  # that many values >= q
        self._bound(u - (above - at_least) + 1, q - slack, math.inf, number)
        del below  # strict counts are implied by the two conditions above

    def _bands(self, number: int, fact: Fact) -> None:
        edges = fact.splits or tuple(low for low, _ in fact.bands)
        placed = [0] * len(fact.bands)
        for k in self.known:  # a known value where it was counted
            position = max(0, sum(k >= e for e in edges) - 1)
            placed[position] += 1
        remaining = [c - p for c, p in zip(fact.counts, placed, strict=True)]
        if min(remaining) < 0 or sum(remaining) != len(self.unknown):
            return  # the known values were counted differently: say nothing (safe side)
        first = 1
        for (low, high), count in zip(fact.bands, remaining, strict=True):
            if count:
                self._bound(first, low, high, number)
                self._bound(first + count - 1, low, high, number)
            first += count


def build_program(facts: Iterable[Fact], knowledge: Knowledge) -> Program:
    """The attacker's program for a set of facts (one connected component)."""
    return _Builder(list(facts), knowledge).build()
