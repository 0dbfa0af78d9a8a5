"""The interval of every unpublished value, by linear programming (HiGHS).

For each value the auditor needs to know whether the attacker's interval reaches the
protection owed below and above it. Rather than two programs per value, it looks for
*witnesses*: consistent sets of values in which the value reaches far enough. The first
are free: two unknown values that every fact names together (*twins*) can swap, so each
can take the other's. Then, in the program of each component (the variables some fact
joins), one optimum maximising the sum of the values not yet shown to reach high enough
shows many of them at once. The few left are maximised one at a time: those that cannot
reach are exposed, with the facts that hold them back. The same goes downwards.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import highspy
import numpy as np

from evalsoc.audit.model import Fact, Family, Knowledge, Term
from evalsoc.audit.program import EPS, Program, Row, build_program, expression_family, tolerance

__all__ = ["Exposure", "Target", "components", "fact_groups", "solve"]

ROUNDS = 4


@dataclass(frozen=True)
class Target:
    """A value to protect: a family's value for a structure, or a combination of them
    (an evolution), as coefficients on the program's variables."""

    family: Family
    structure: str
    coefficients: tuple[tuple[int, float], ...]
    constant: float
    value: float
    terms: tuple[Term, ...]

    def of(self, point: np.ndarray) -> float:
        return self.constant + sum(c * float(point[p]) for p, c in self.coefficients)

    def reaches(self, value: float, up: bool) -> bool:
        low, high = self.family.required(self.value)
        limit = high if up else low
        slack = tolerance(limit)
        return value >= limit - slack if up else value <= limit + slack


@dataclass(frozen=True)
class Exposure:
    """A value the published facts pin down closer than its protection allows."""

    family: Family
    structure: str
    value: float
    low: float
    high: float
    required: tuple[float, float]
    facts: tuple[Fact, ...]
    terms: tuple[Term, ...] = ()


def fact_groups(facts: Sequence[Fact]) -> list[list[Fact]]:
    """Facts grouped so that no two groups share a family (independent problems)."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for fact in facts:
        first = root(fact.terms[0][0])
        for family, _ in fact.terms[1:]:
            parent[root(family)] = first
    grouped: dict[str, list[Fact]] = {}
    for fact in facts:
        grouped.setdefault(root(fact.terms[0][0]), []).append(fact)
    return list(grouped.values())


def components(program: Program) -> list[int]:
    """The component of each variable: variables joined by a row share one."""
    parent = list(range(len(program.names)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for row in program.rows:
        first, *rest = row.coefficients
        for other in rest:
            parent[root(other)] = root(first)
    return [root(i) for i in range(len(parent))]


def _targets(program: Program, facts: Sequence[Fact], knowledge: Knowledge) -> list[Target]:
    found = [Target(knowledge.families[name[0]], name[1], ((p, 1.0),), 0.0, program.truth[p],
                    ((name[0], 1.0),))
             for p, name in enumerate(program.names) if name is not None]
    seen: set[tuple[tuple[Term, ...], str]] = set()
    families = dict(knowledge.families)
    for fact in facts:
        if len(fact.terms) < 2:
            continue
        for structure in fact.members:
            if (fact.terms, structure) in seen:
                continue
            seen.add((fact.terms, structure))
            coefficients, constant, value = [], 0.0, 0.0
            for family, c in fact.terms:
                key = (family, structure)
                value += c * knowledge.truth[key]
                if key in program.index:
                    coefficients.append((program.index[key], c))
                else:
                    constant += c * knowledge.known[key]
            if coefficients:
                found.append(Target(expression_family(fact.terms, families), structure,
                                    tuple(coefficients), constant, value, fact.terms))
    return found


@contextmanager
def _quiet() -> Iterator[None]:
    """HiGHS prints a banner on the process's standard output, below Python, when its
    first solver is made: evalsoc's own output (``--json`` included) must stay clean."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no standard output at all: nothing to keep clean
        yield
        return
    try:
        with Path(os.devnull).open("wb") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _highs() -> highspy.Highs:
    with _quiet():
        solver = highspy.Highs()  # type: ignore[no-untyped-call]  # its __init__ is unannotated
    solver.setOptionValue("output_flag", False)
    return solver


class _Solver:
    """The rows of a program (or of some of its variables) loaded once into HiGHS; each
    optimum changes the objective only, so that the solver starts from the last basis
    (a few times faster than a program built anew each time)."""

    def __init__(self, program: Program, variables: Sequence[int] | None = None,
                 lines: Sequence[Row] | None = None) -> None:
        keep = range(len(program.names)) if variables is None else variables
        self.program = program
        self.variables = np.asarray(list(keep), dtype=np.int64)
        self.position = {int(v): i for i, v in enumerate(self.variables)}
        rows = list(program.rows if lines is None else lines)
        self.origin = [row.fact for row in rows]
        self.size = len(self.variables)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.size, len(rows)
        lp.col_cost_ = np.zeros(self.size)
        lp.col_lower_ = np.asarray([program.lows[v] for v in self.variables], dtype=float)
        lp.col_upper_ = np.asarray([program.highs[v] for v in self.variables], dtype=float)
        lp.row_lower_ = np.asarray([_inf(r.low) for r in rows], dtype=float)
        lp.row_upper_ = np.asarray([_inf(r.high) for r in rows], dtype=float)
        starts, index, values = [0], [], []
        for row in rows:
            for variable, c in row.coefficients.items():
                index.append(self.position[variable])
                values.append(c)
            starts.append(len(index))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.asarray(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.asarray(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.asarray(values, dtype=float)
        self.highs = _highs()
        self.highs.passModel(lp)
        self.columns = np.arange(self.size, dtype=np.int32)

    def _solved(self) -> bool:
        """Solve; on a numerical difficulty, again from scratch, then without presolve.
        The truth is always consistent: a program that still fails is a solver's
        failure, which the caller treats on the safe side."""
        for retry in range(3):
            if retry == 1:
                self.highs.clearSolver()
            elif retry == 2:
                self.highs.clearSolver()
                self.highs.setOptionValue("presolve", "off")
            self.highs.run()
            if self.highs.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                return True
        return False

    def optimum(self, objective: dict[int, float]) -> tuple[np.ndarray, list[int]] | None:
        """The point minimising ``objective`` (on program variables), in program
        coordinates, and the facts binding at it; None if HiGHS could not solve."""
        cost = np.zeros(self.size)
        for variable, value in objective.items():
            cost[self.position[variable]] += value
        self.highs.changeColsCost(self.size, self.columns, cost)
        if not self._solved():
            return None
        solution = self.highs.getSolution()
        duals = np.asarray(solution.row_dual, dtype=float)
        binding = {f for f, d in zip(self.origin, duals, strict=True)
                   if f is not None and abs(d) > 1e-9}
        values = np.asarray(solution.col_value, dtype=float)
        for column in np.flatnonzero(np.abs(np.asarray(solution.col_dual)) > 1e-9):
            variable = int(self.variables[column])
            lowest = values[column] <= self.program.lows[variable] + EPS
            fact = (self.program.low_facts if lowest else self.program.high_facts).get(variable)
            if fact is not None:
                binding.add(fact)
        point = np.zeros(int(self.variables.max(initial=-1)) + 1)
        point[self.variables] = values
        return point, sorted(binding)


def _inf(value: float) -> float:
    return value if math.isfinite(value) else (highspy.kHighsInf if value > 0
                                                else -highspy.kHighsInf)


def _twins(targets: Sequence[Target], facts: Sequence[Fact]) -> dict[bool, list[float]]:
    """For each unknown value, the highest and lowest true value of its *twins*: the
    unknown values of the same family that every fact names together with it. Swapping
    two twins' values leaves every sum, mean, quantile and count unchanged, so each can
    take the other's value: a witness that costs no program. (Families that enter an
    order statistic of a combination, such as the median of an evolution, are left to
    the programs: a swap there would change the combination.)"""
    tied: set[str] = set()
    seen_in: dict[tuple[str, str], list[int]] = {}
    for number, fact in enumerate(facts):
        if len(fact.terms) > 1 and fact.kind not in ("sum", "mean"):
            tied.update(f for f, _ in fact.terms)
        for family, _ in fact.terms:
            for structure in fact.members:
                seen_in.setdefault((family, structure), []).append(number)
    groups: dict[tuple[str, tuple[int, ...]], list[int]] = {}
    for i, t in enumerate(targets):
        family = t.terms[0][0]
        if len(t.terms) == 1 and family not in tied:
            key = (family, tuple(seen_in.get((family, t.structure), ())))
            groups.setdefault(key, []).append(i)
    high = [t.value for t in targets]
    low = list(high)
    for members in groups.values():
        values = [targets[i].value for i in members]
        for i in members:
            high[i], low[i] = max(values), min(values)
    return {True: high, False: low}


class _Search:
    """Twins, then witness rounds in each component's program, then one program per
    value left."""

    def __init__(self, program: Program, targets: list[Target], facts: Sequence[Fact]
                 ) -> None:
        self.program = program
        self.targets = targets
        # the furthest value seen for each target, below and above: first its twins'
        self.seen = {up: [t.value for t in targets] for up in (True, False)}
        for up, values in _twins(targets, facts).items():
            self.seen[up] = [max(a, b) if up else min(a, b)
                             for a, b in zip(self.seen[up], values, strict=True)]
        group = components(program)
        self.group = [group[t.coefficients[0][0]] for t in targets]
        self.members: dict[int, list[int]] = {}
        for variable, g in enumerate(group):
            self.members.setdefault(g, []).append(variable)
        self.lines: dict[int, list[Row]] = {}
        for row in program.rows:
            self.lines.setdefault(group[next(iter(row.coefficients))], []).append(row)
        self.parts: dict[int, _Solver] = {}

    def part(self, i: int) -> _Solver:
        g = self.group[i]
        if g not in self.parts:
            self.parts[g] = _Solver(self.program, self.members[g], self.lines.get(g, []))
        return self.parts[g]

    def _objective(self, chosen: Sequence[int], up: bool) -> dict[int, float]:
        sign = -1.0 if up else 1.0  # linprog minimises
        objective: dict[int, float] = {}
        for i in chosen:
            for variable, c in self.targets[i].coefficients:
                objective[variable] = objective.get(variable, 0.0) + sign * c
        return objective

    def _note(self, i: int, value: float, up: bool) -> None:
        seen = self.seen[up]
        seen[i] = max(seen[i], value) if up else min(seen[i], value)

    def _witness(self, solver: _Solver, open_: list[int], up: bool) -> list[int]:
        """Rounds of one program maximising every open target together: the targets
        still short of their bound."""
        for _ in range(ROUNDS):
            if len(open_) < 2:
                break
            found = solver.optimum(self._objective(open_, up))
            if found is None:
                break
            point = found[0]
            for i in open_:
                self._note(i, self.targets[i].of(point), up)
            still = [i for i in open_ if not self.targets[i].reaches(self.seen[up][i], up)]
            if len(still) == len(open_):
                break
            open_ = still
        return open_

    def release(self, group: int) -> None:
        """Forget a component's solver once its targets are settled: a solver holds
        HiGHS's copy of the program and its work space, and a publication has hundreds
        of components (kept together, they took 150 MB on 500 structures)."""
        self.parts.pop(group, None)

    def stuck(self, up: bool, among: Sequence[int]) -> dict[int, list[int]]:
        """Targets ``among`` that cannot reach their required bound upwards (or
        downwards), with the facts that hold each back: twins first, then witnesses in
        each component's program, then each target alone."""
        targets = self.targets
        open_ = [i for i in among if not targets[i].reaches(self.seen[up][i], up)]
        by_group: dict[int, list[int]] = {}
        for i in open_:
            by_group.setdefault(self.group[i], []).append(i)
        held: dict[int, list[int]] = {}
        for members in by_group.values():
            for i in self._witness(self.part(members[0]), members, up):
                solved = self.part(i).optimum(self._objective([i], up))
                if solved is None:  # not shown to reach far enough: exposed, to be safe
                    held[i] = []
                    continue
                point, binding = solved
                value = targets[i].of(point)
                self._note(i, value, up)
                if not targets[i].reaches(value, up):
                    held[i] = binding
        return held

    def furthest(self, i: int, up: bool) -> float:
        """The exact furthest value of target ``i`` (for the report)."""
        solved = self.part(i).optimum(self._objective([i], up))
        if solved is not None:
            self._note(i, self.targets[i].of(solved[0]), up)
        return self.seen[up][i]


def solve(facts: Sequence[Fact], knowledge: Knowledge, exact: bool = True
          ) -> tuple[list[Target], list[Exposure]]:
    """The values the facts are checked for, and those they expose. With
    ``exact``, an exposed value's interval is computed on both sides; otherwise the
    side that reaches far enough says only how far it was seen to reach."""
    program = build_program(facts, knowledge)
    targets = _targets(program, facts, knowledge)
    if not targets:
        return [], []
    search = _Search(program, targets, facts)
    by_group: dict[int, list[int]] = {}
    for i, g in enumerate(search.group):
        by_group.setdefault(g, []).append(i)
    exposures: list[tuple[int, Exposure]] = []
    for g, among in by_group.items():  # one component at a time, then its solver goes
        high, low = search.stuck(True, among), search.stuck(False, among)
        for i in sorted({*high, *low}):
            t = targets[i]
            top = search.furthest(i, up=True) if exact and i not in high \
                else search.seen[True][i]
            bottom = search.furthest(i, up=False) if exact and i not in low \
                else search.seen[False][i]
            binding = sorted({*high.get(i, []), *low.get(i, [])})
            exposures.append((i, Exposure(t.family, t.structure, t.value, bottom, top,
                                          t.family.required(t.value),
                                          tuple(facts[f] for f in binding), t.terms)))
        search.release(g)
    return targets, [e for _, e in sorted(exposures, key=lambda pair: pair[0])]
