"""What a campaign of an observation référentiel (OPP) publishes, as publication tables.

Each table of :mod:`evalsoc.stats.observation` becomes a table of the
:class:`~evalsoc.publish.Publication`, protected by the secrecy rules and audited with
everything else:

- ``observation:<bloc>:<ventilation>``: the block's numeric questions over the
  structures whose block is complete (a « totals » table: its sum, mean and median are
  facts on ``figure|<campagne>|<question>``, the structure's own answer);
- ``observation:ratios:<ventilation>``: Σ/Σ ratios and medians of ratios. Σ num / Σ den
  = r says that Σ (num - r × den) = 0 over the row's members (a sum fact on two
  families); the median is a quantile fact on ``oratio|<campagne>|<ratio>``, each
  structure's own ratio;
- ``observation:participation``: counts of structures (no structure's datum);
- ``observation:series``: with a previous campaign, the change Σ after / Σ before - 1 on
  the structures complete in both years (a sum fact on both campaigns' families); the
  levels are each campaign's own tables (a mean over the paired structures beside the
  mean over all would give away the difference: the auditor masked 24 of 27 rows when
  they were published).

Breakdowns: the size class derived from the budget and the référentiel's typology
questions (territory, structure type, label, legal form), from the structures' answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import pandas as pd

from evalsoc.audit import Fact, FactKind
from evalsoc.referentiel.model import NUMERIC_TYPES, Kind, Referentiel
from evalsoc.stats import Disclosure, SecrecyRules
from evalsoc.stats.observation import (
    SIZE_COLUMN,
    block_questions,
    block_totals,
    complete_blocks,
    observation_of,
    participation,
    ratio_table,
    ratio_values,
    series,
    typology,
)

__all__ = [
    "ObservationTable",
    "comparable_questions",
    "is_observation",
    "observation_labels",
    "observation_tables",
    "observation_values",
    "own_answers",
    "ratio_facts",
    "series_facts",
]

Loader = Callable[[], dict[str, dict[str, float]]]


@dataclass(frozen=True)
class ObservationTable:
    id: str
    kind: str  # totals, obs_ratios, obs_series, participation
    breakdown: tuple[str, ...]
    by: tuple[str, ...]
    build: Callable[[Disclosure], pd.DataFrame]
    audited: bool = True


def own_answers(answers: pd.DataFrame) -> pd.DataFrame:
    """The structure's own answers (the publics' ones feed the rural grid's reading)."""
    if "groupe" not in answers.columns:
        return answers
    return answers[answers["groupe"] == "structure"]


def is_observation(referentiel: Referentiel) -> bool:
    return referentiel.kind is Kind.OBSERVATION and referentiel.observation is not None


def _ratio_members(referentiel: Referentiel, complete: Mapping[str, frozenset[str]],
                   questions: tuple[str, ...]) -> frozenset[str]:
    blocks = [b for b, asked in block_questions(referentiel).items()
              if set(asked) & set(questions)]
    found = [complete[b] for b in blocks]
    return frozenset.intersection(*found) if found else frozenset()


def _all_ratios(answers: pd.DataFrame, referentiel: Referentiel,
                complete: Mapping[str, frozenset[str]]) -> pd.DataFrame:
    frames = [ratio_values(answers, r, _ratio_members(referentiel, complete, r.questions()))
              for r in observation_of(referentiel).ratios]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["campagne", "structure_id", "indicateur", "numerateur", "denominateur",
                 "ratio"])


def observation_tables(campaign: str, answers: pd.DataFrame, invited: tuple[str, ...],
                       included: frozenset[str], referentiel: Referentiel,
                       rules: SecrecyRules, previous: pd.DataFrame | None = None,
                       previous_referentiel: Referentiel | None = None
                       ) -> list[ObservationTable]:
    """Every table of the observation (``answers``: the structure group's answers of the
    campaign; ``included``: the structures whose consent allows sector figures;
    ``previous``: the previous campaign's answers that may be published, under
    ``previous_referentiel`` when it asked another version)."""
    spec = observation_of(referentiel)
    answers = own_answers(answers[answers["structure_id"].astype(str).isin(included)])
    complete = complete_blocks(answers, referentiel)
    groups = typology(answers, referentiel)
    columns = ("", *((SIZE_COLUMN,) if spec.size else ()), *spec.typology)
    tables: list[ObservationTable] = []
    for block in block_questions(referentiel):
        if not _numeric(referentiel, block):
            continue
        for column in columns:
            by = (column,) if column else ()

            def build(d: Disclosure, b: str = block, c: tuple[str, ...] = by
                      ) -> pd.DataFrame:
                return block_totals(answers, referentiel, b, complete[b], groups, c, rules,
                                    disclosure=d)

            tables.append(ObservationTable(f"observation:{block}:{column or 'ensemble'}",
                                           "totals", ("campagne", "question"), by, build))
    ratios = _all_ratios(answers, referentiel, complete)
    if not ratios.empty:
        for column in columns:
            by = (column,) if column else ()

            def ratios_of(d: Disclosure, c: tuple[str, ...] = by) -> pd.DataFrame:
                return ratio_table(ratios, groups, c, rules, disclosure=d)

            tables.append(ObservationTable(f"observation:ratios:{column or 'ensemble'}",
                                           "obs_ratios", ("campagne", "indicateur"), by,
                                           ratios_of))
    answered = sorted(set(answers["structure_id"].astype(str)))
    tables.append(ObservationTable(
        "observation:participation", "participation", ("campagne", "bloc"), (),
        lambda _d: participation(campaign, invited, answered, complete), audited=False))
    if previous is not None and not previous.empty:
        tables.append(_series_table(own_answers(previous[previous["structure_id"].astype(
                                        str).isin(included)]), answers, complete,
                                    referentiel, groups, rules,
                                    previous_referentiel or referentiel))
    return tables


def _numeric(referentiel: Referentiel, block: str) -> list[str]:
    questions = referentiel.questions()
    return [q for q in block_questions(referentiel)[block]
            if questions[q].type.value in NUMERIC_TYPES]


def comparable_questions(before: Referentiel, after: Referentiel) -> frozenset[str]:
    """The questions of ``after`` whose answers compare with those of ``before``: all of
    them under one version; across versions, those the crosswalk keeps (``same``,
    ``reworded``: the meaning is unchanged) or that both versions ask identically. A
    question new, rescaled, split or merged starts its series again."""
    asked = after.questions()
    if before.ref == after.ref:
        return frozenset(asked)
    earlier = before.questions()
    kept = set()
    walk = after.crosswalk
    if walk is not None and walk.previous == before.version:
        kept = {e.old[0] for e in walk.questions
                if e.change.value in ("same", "reworded") and len(e.old) == 1
                and e.new in ((), e.old)}
    return frozenset(q for q in asked if q in earlier
                     and (q in kept or asked[q] == earlier[q]))


def _series_table(previous: pd.DataFrame, answers: pd.DataFrame,
                  complete: Mapping[str, frozenset[str]], referentiel: Referentiel,
                  groups: pd.DataFrame, rules: SecrecyRules, before_referentiel: Referentiel
                  ) -> ObservationTable:
    """Each block's completeness the previous year is judged by the version it asked:
    a structure complete under 1.0.0 is compared on the fields 1.0.0 and 1.1.0 share."""
    before = complete_blocks(previous, before_referentiel)
    block_before = {q: b for b, asked in block_questions(before_referentiel).items()
                    for q in asked}
    comparable = comparable_questions(before_referentiel, referentiel)
    paired: dict[str, frozenset[str]] = {}
    numeric: list[str] = []
    for block in block_questions(referentiel):
        for question in _numeric(referentiel, block):
            if question not in comparable:
                continue
            numeric.append(question)
            paired[question] = before.get(block_before[question], frozenset()) \
                & complete[block]
    def build(d: Disclosure) -> pd.DataFrame:
        return series(previous, answers, numeric, paired, groups, (), rules, disclosure=d)

    return ObservationTable("observation:series", "obs_series",
                            ("campagne_avant", "campagne_apres", "question"), (), build)


def observation_values(campaign: str, answers: pd.DataFrame,
                       referentiel: Referentiel) -> dict[str, Loader]:
    """The true values behind the ``oratio`` families, for the auditor."""
    def load() -> dict[str, dict[str, float]]:
        own = own_answers(answers)
        ratios = _all_ratios(own, referentiel, complete_blocks(own, referentiel))
        out: dict[str, dict[str, float]] = {}
        for ident, ratio, value in zip(ratios["structure_id"].astype(str),
                                       ratios["indicateur"], ratios["ratio"], strict=True):
            out.setdefault(f"oratio|{campaign}|{ratio}", {})[ident] = float(value)
        return out
    return {f"oratio|{campaign}": load}


def observation_labels(campaign: str, referentiel: Referentiel) -> dict[str, str]:
    return {f"oratio|{campaign}|{r.id}": r.label
            for r in observation_of(referentiel).ratios}


def ratio_facts(row: Mapping[str, object], number: Callable[[str], float | None],
                make: Callable[[tuple[tuple[str, float], ...], FactKind, float, str, float], Fact],
                ratios: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]
                ) -> Iterator[Fact]:
    """The facts of one published row of a ratios table (see the module docstring)."""
    campaign, ratio = row["campagne"], str(row["indicateur"])
    top, bottom = ratios.get(ratio, ((), ()))
    numerator, denominator = number("numerateur"), number("denominateur")
    for column, value, terms in (("numerateur", numerator, top),
                                 ("denominateur", denominator, bottom)):
        if value is not None and terms:
            yield make(tuple((f"figure|{campaign}|{q}", 1.0) for q in terms), "sum", value,
                       column, 0.5)
    share = number("ratio_sommes")
    if share is not None and top and bottom:
        mixed: dict[str, float] = {}  # a question on both sides: one term
        for questions, weight in ((top, 1.0), (bottom, -share)):
            for q in questions:
                key = f"figure|{campaign}|{q}"
                mixed[key] = mixed.get(key, 0.0) + weight
        yield make(tuple(mixed.items()), "sum", 0.0, "ratio_sommes", 0.5)
    median = number("mediane_ratios")
    if median is not None:
        yield make(((f"oratio|{campaign}|{ratio}", 1.0),), "quantile", median,
                   "mediane_ratios", 0.5)


def series_facts(row: Mapping[str, object], number: Callable[[str], float | None],
                 make: Callable[[tuple[tuple[str, float], ...], FactKind, float, str, float],
                                Fact]) -> Iterator[Fact]:
    """Σ after / Σ before - 1 = e says that Σ (after - (1 + e) × before) = 0 over the
    row's members: a sum fact on the question's families of both campaigns."""
    change = number("evolution")
    if change is None:
        return
    question = row["question"]
    terms = ((f"figure|{row['campagne_apres']}|{question}", 1.0),
             (f"figure|{row['campagne_avant']}|{question}", -(1.0 + change)))
    yield make(terms, "sum", 0.0, "evolution", 0.5)
