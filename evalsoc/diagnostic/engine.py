"""A diagnostic computed for one structure: pure, no I/O.

Periods are computed from the oldest to the reference one, so that ``F01_prev`` is known
when N is computed. Within a period, aggregates then indicators in the order the
référentiel gives them: each reads the lines, the parameters and what was computed
before it. A value is exact to nine decimals (what a reader computes by hand); a
comparison with a band's threshold is made on that value.
"""

from __future__ import annotations

from dataclasses import dataclass

from evalsoc.answers.model import AnswerSet
from evalsoc.catalogue import Code
from evalsoc.diagnostic.inputs import Inputs, text
from evalsoc.diagnostic.result import (
    NOT_COMPUTABLE,
    DiagnosticResult,
    InputTrace,
    PeriodInfo,
    Reading,
)
from evalsoc.referentiel.check_diagnostic import split_previous
from evalsoc.referentiel.diagnostic import Aggregate, Diagnostic, Indicator
from evalsoc.referentiel.expression import denominators, evaluate, known_condition, names
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.formula import FormulaError
from evalsoc.referentiel.model import Referentiel
from evalsoc.support.cache import IdentityCache
from evalsoc.support.formatting import fr_number

__all__ = ["diagnose"]

DECIMALS = 9
_HASHES: IdentityCache[Referentiel, str] = IdentityCache(64)


def _exact(value: float) -> float:
    return round(value, DECIMALS) + 0.0


@dataclass
class _Computed:
    """A value computed for a period, or the reason there is none."""

    value: float | None
    reason: str = ""


class _Run:
    """One structure's diagnostic being computed."""

    def __init__(self, referentiel: Referentiel, answers: AnswerSet, trace: bool) -> None:
        assert referentiel.diagnostic is not None
        self.diagnostic: Diagnostic = referentiel.diagnostic
        self.inputs = Inputs.of(referentiel, answers)
        self.trace = trace
        self.periods = self.diagnostic.period_ids()
        self.labels = {p.id: p.label for p in self.diagnostic.periods}
        self.parameters = {p.id: p.value for p in self.diagnostic.parameters}
        self.lines = {line.id for line in self.diagnostic.asked_lines()}
        self.lines_of = {p: self.inputs.values(p) for p in self.periods}
        self.computed: dict[tuple[str, str], _Computed] = {}  # (name, period)
        self.read: dict[tuple[str, str], tuple[InputTrace, ...]] = {}  # what it read
        self.names_shown = {line.id: f"« {line.label} »"
                            for line in self.diagnostic.asked_lines()}
        self.names_shown |= {a.id: f"« {a.label} »" for a in self.diagnostic.aggregates}
        self.names_shown |= {i.id: f"{i.id} (« {i.label} »)" for i in self.diagnostic.indicators}

    def label(self, period: str) -> str:
        return self.labels.get(period, period)

    def earlier(self, period: str, back: int) -> str | None:
        index = self.periods.index(period) + back
        return self.periods[index] if index < len(self.periods) else None

    # -- names ---------------------------------------------------------------------
    def lookup(self, name: str, period: str) -> tuple[float | None, str]:
        """A name's value for the period, or why there is none."""
        base, back = split_previous(name)
        target = self.earlier(period, back) if back else period
        if target is None:
            return None, text(Code.FIN_WHY_PERIOD,
                              period=f"précédant {self.label(self.periods[-1])}")
        if base in self.parameters:
            return self.parameters[base], ""
        if base in self.lines:
            value = self.lines_of[target].get(base)
            if value is None:
                return None, self.inputs.why_missing([base], target, self.label(target))
            return value, ""
        found = self.computed.get((base, target))
        if found is None:
            return None, text(Code.FIN_WHY_PERIOD, period=self.label(target))
        if found.value is None:
            return None, text(Code.FIN_WHY_DEPENDS, name=self.shown(base),
                              period=self.label(target), reason=found.reason)
        return found.value, ""

    def shown(self, name: str) -> str:
        """A name as a reader knows it: a line's or an aggregate's label, an indicator's
        id and label."""
        return self.names_shown.get(name, name)

    def values_for(self, expression: str, period: str) -> tuple[dict[str, float], str]:
        """The values an expression reads, or the reason one is missing (the missing
        lines of one period said together)."""
        values: dict[str, float] = {}
        missing_lines: dict[str, list[str]] = {}
        other = ""
        for name in names(expression):
            value, why = self.lookup(name, period)
            if value is not None:
                values[name] = value
                continue
            base, back = split_previous(name)
            target = self.earlier(period, back) if back else period
            if base in self.lines and target is not None:
                missing_lines.setdefault(target, []).append(base)
            else:
                other = other or why
        for target, lines in missing_lines.items():
            return values, self.inputs.why_missing(lines, target, self.label(target))
        return values, other

    def inputs_of(self, expression: str, period: str) -> tuple[InputTrace, ...]:
        """The answers behind an expression, through the aggregates and indicators it
        reads: what explains it down to the cells."""
        if not self.trace:
            return ()
        found: dict[str, InputTrace] = {}
        for name in names(expression):
            base, back = split_previous(name)
            target = self.earlier(period, back) if back else period
            if target is None:
                continue
            if base in self.lines:
                trace = self.inputs.trace(base, target)
                found.setdefault(trace.question, trace)
            for trace in self.read.get((base, target), ()):
                found.setdefault(trace.question, trace)
        return tuple(found.values())

    # -- computing -----------------------------------------------------------------
    def compute(self, formula: str, period: str) -> tuple[_Computed, str]:
        values, why = self.values_for(formula, period)
        if why:
            return _Computed(None, why), ""
        try:
            value = _exact(evaluate(formula, values))
        except FormulaError as err:
            if "zéro" in err.detail:
                below = denominators(formula)
                zeros = [f"{self.shown(k)} = 0" for k in below if values.get(k) == 0]
                detail = ", ".join(zeros) or ", ".join(
                    f"{self.shown(k)} = {fr_number(values[k], 2)}" for k in below
                    if k in values) or formula
                return _Computed(None, text(Code.FIN_WHY_ZERO, period=self.label(period),
                                            detail=detail)), ""
            return _Computed(None, text(Code.FIN_WHY_ERROR, period=self.label(period),
                                        detail=err.detail, formula=formula)), ""
        rule = text(Code.FIN_RULE_FORMULA, formula=formula, values=_shown(values),
                    value=fr_number(value, 2)) if self.trace else ""
        return _Computed(value), rule

    def aggregate(self, aggregate: Aggregate, period: str) -> Reading:
        done, rule = self.compute(aggregate.formula, period)
        self.computed[(aggregate.id, period)] = done
        inputs = self.read[(aggregate.id, period)] = self.inputs_of(aggregate.formula, period)
        return Reading(id=aggregate.id, kind="aggregate", label=aggregate.label,
                       period=period, period_label=self.label(period), unit=aggregate.unit,
                       value=done.value, absent=None if done.value is not None
                       else NOT_COMPUTABLE, reason=done.reason, rule=rule,
                       informational=True, inputs=inputs)

    def indicator(self, indicator: Indicator, period: str) -> Reading:
        done, rule = self.compute(indicator.formula, period)
        self.computed[(indicator.id, period)] = done
        inputs = self.read[(indicator.id, period)] = self.inputs_of(indicator.formula, period)
        base = {"id": indicator.id, "kind": "indicator", "label": indicator.label,
                "family": indicator.family, "period": period,
                "period_label": self.label(period), "unit": indicator.unit,
                "informational": indicator.informational, "inputs": inputs}
        if done.value is None:
            return Reading(**base, absent=NOT_COMPUTABLE, reason=done.reason)
        band, alert, band_rule = self.band(indicator, period, done.value)
        notes = tuple(n.text for n in indicator.notes if self.holds(n.when, period) is True)
        secondary = None
        if indicator.secondary is not None:
            secondary = self.compute(indicator.secondary.formula, period)[0].value
        discuss = indicator.discuss if band in ("orange", "rouge") or notes else ""
        return Reading(**base, value=done.value, secondary=secondary, band=band,
                       alert=alert, notes=notes, rule=rule, band_rule=band_rule,
                       discuss=discuss)

    def holds(self, when: str, period: str) -> bool | str:
        """Whether a condition holds; the names it misses when they decide it."""
        values, _ = self.values_for(when, period)
        try:
            held = known_condition(when, values)
        except FormulaError as err:
            return err.detail
        if held is None:
            return ", ".join(n for n in names(when) if n not in values)
        return held

    def band(self, indicator: Indicator, period: str, value: float
             ) -> tuple[str | None, str, str]:
        skipped: list[str] = []
        for band in indicator.bands:
            held = self.holds(band.when, period)
            if held is True:
                used = {n: v for n, v in self.values_for(band.when, period)[0].items()
                        if n in self.parameters or split_previous(n)[1]}
                shown = f" ({_shown(used)})" if used else ""
                rule = text(Code.FIN_RULE_BAND, color=band.color, when=band.when,
                            parameters=shown) if self.trace else ""
                return band.color, band.alert, "; ".join([*skipped, rule])
            if isinstance(held, str) and self.trace:
                skipped.append(text(Code.FIN_RULE_SKIPPED, when=band.when, missing=held))
        if not indicator.bands:
            return None, "", ""
        rule = text(Code.FIN_RULE_NO_BAND, value=fr_number(value, 2)) if self.trace else ""
        return None, "", "; ".join([*skipped, rule])


def _shown(values: dict[str, float]) -> str:
    return ", ".join(f"{k} = {fr_number(v, 2)}" for k, v in values.items())


def diagnose(referentiel: Referentiel, answer_set: AnswerSet,
             referentiel_hash: str | None = None, trace: bool = True) -> DiagnosticResult:
    """The diagnostic of one structure under ``referentiel`` (a ``kind: diagnostic``
    référentiel, or a bundle's diagnostic part). ``trace=False`` leaves out the
    explanations (formulas with their values, the answers read)."""
    run = _Run(referentiel, answer_set, trace)
    diagnostic = run.diagnostic
    by_period: dict[str, list[Reading]] = {}
    for period in reversed(run.periods):
        found = [run.aggregate(a, period) for a in diagnostic.aggregates]
        found += [run.indicator(i, period) for i in diagnostic.indicators
                  if not i.periods or period in i.periods]
        by_period[period] = found
    order = {name: n for n, name in enumerate(
        [a.id for a in diagnostic.aggregates] + [i.id for i in diagnostic.indicators])}
    readings = sorted((r for p in run.periods for r in by_period[p]),
                      key=lambda r: (order[r.id], run.periods.index(r.period)))
    periods = tuple(PeriodInfo(id=p, label=run.label(p), given=run.inputs.given(p),
                               closing=run.inputs.closing(p)) for p in run.periods)
    return DiagnosticResult(
        referentiel=referentiel.ref,
        referentiel_hash=referentiel_hash or _HASHES.get(referentiel, canonical_hash),
        title=diagnostic.title, structure=answer_set.structure, periods=periods,
        parameters=dict(run.parameters), readings=tuple(readings))
