"""Published tables as the auditor's facts, and the values they are about.

Each kind of table says what its statistic columns mean: the mean of a node's scores
over the row's members, their median, the counts per level... Only published figures
become facts: a masked row or a blanked statistic says nothing. Families are named
``<kind>|<campaign>|<detail>`` (``score|2026|SOC.1``); their bounds and protection
follow :class:`evalsoc.stats.SecrecyRules` (points on a 0-100 scale, a share for
magnitudes such as budgets).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from evalsoc.audit import Fact, FactKind, Family, Term
from evalsoc.publish.observation import ratio_facts, series_facts
from evalsoc.stats.aggregate import MEMBERS
from evalsoc.stats.inputs import LevelSpec
from evalsoc.stats.secrecy import SecrecyRules, row_keys

__all__ = ["FAMILY_KINDS", "TableKind", "facts_of", "family_of"]

LEVEL_SLACK = 0.5  # a level's edge, whatever rounding decided it
TableKind = str  # describe, totals, groups, divergence, evolution, completeness, absences

# kind -> (low, high, relative protection?, label): bounds of each value
FAMILY_KINDS: dict[str, tuple[float, float, bool, str]] = {
    "score": (0.0, 100.0, False, "le score"),
    "groupe": (0.0, 100.0, False, "la moyenne d'un groupe de répondants"),
    "divergence": (-100.0, 100.0, False, "l'écart entre groupes de répondants"),
    "figure": (-math.inf, math.inf, True, "le chiffre déclaré"),
    "repondants": (0.0, math.inf, True, "le nombre de répondants"),
    "completude": (0.0, 1.0, False, "la complétude"),
    "absence": (0.0, math.inf, False, "le nombre d'indicateurs non évalués"),
    # how far one robustness variant moves a score (evalsoc.publish.intervals): a bound
    # of the attacker's reasoning, owed no protection of its own
    "variante": (-100.0, 100.0, False, "l'écart d'une variante sur"),
    # a diagnostic's values (evalsoc.publish.diagnostics): a ratio (months, days...), a
    # share, and whether a structure is in red (1) or not (0)
    "ratio": (-math.inf, math.inf, True, "le ratio"),
    "part": (0.0, 1.0, False, "la part"),
    "rouge": (0.0, 1.0, False, "la bande rouge de"),
    # an observation's per-structure ratio (evalsoc.publish.observation)
    "oratio": (-math.inf, math.inf, True, "le ratio"),
    # whether a structure is in a class of the rural typology (1) or not (0)
    # (evalsoc.publish.attractiveness)
    "classe": (0.0, 1.0, False, "l'appartenance à la classe"),
}
UNPROTECTED = frozenset({"variante"})


def family_of(key: str, rules: SecrecyRules, labels: Mapping[str, str] | None = None,
              bounds: tuple[float | None, float | None] = (None, None)) -> Family:
    """The family of ``key`` (``score|2026|SOC``), its bounds (those of its kind unless
    ``bounds`` says better: a question's own minimum and maximum) and protection."""
    kind = key.split("|", 1)[0]
    low, top, relative, what = FAMILY_KINDS[kind]
    low = low if bounds[0] is None else bounds[0]
    top = top if bounds[1] is None else bounds[1]
    if kind in UNPROTECTED:
        protection = 0.0
    elif relative or kind in ("completude", "part"):
        protection = rules.protection / 100
    elif kind in ("rouge", "classe"):  # nothing may say, for sure, that a structure
        # is in red, or in a class of the typology
        protection = 1.0 if rules.protection > 0 else 0.0
    elif kind == "absence":
        protection = max(1.0, top * rules.protection / 100) if math.isfinite(top) else 1.0
    else:
        protection = rules.protection
    detail = (labels or {}).get(key, key.split("|", 2)[-1])
    return Family(key=key, low=low, high=top, protection=protection, relative=relative,
                  label=f"{what} « {detail} » ({key.split('|')[1]})")


@dataclass(frozen=True)
class _Row:
    table: str
    key: tuple[str, ...]
    record: Mapping[str, object]
    members: tuple[str, ...]
    label: str

    def number(self, column: str) -> float | None:
        value = self.record.get(column)
        if value is None or value is pd.NA:
            return None
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        return None if math.isnan(number) else number

    def fact(self, terms: tuple[Term, ...], kind: FactKind, value: float, column: str,
             p: float = 0.5) -> Fact:
        where = f"{self.table} [{self.label}] {column}"
        return Fact(terms=terms, members=self.members, kind=kind, value=value, p=p,
                    source=where, cell=(self.table, self.key, column))


def _rows(table: pd.DataFrame, table_id: str, breakdown: Sequence[str],
          by: Sequence[str]) -> Iterator[_Row]:
    if MEMBERS not in table.columns or table.empty:
        return
    keys = row_keys(table, breakdown, by)
    masked = table["masque"].to_numpy(dtype=bool) if "masque" in table else None
    for position, record in enumerate(table.to_dict("records")):
        if masked is not None and masked[position]:
            continue
        members = record[MEMBERS]
        if not isinstance(members, tuple) or not members:
            continue
        yield _Row(table_id, keys[position], {str(k): v for k, v in record.items()}, members,
                   " / ".join(keys[position]))


def _simple(row: _Row, terms: tuple[Term, ...], columns: Mapping[str, str]) -> Iterator[Fact]:
    """``columns`` map a column to its figure: "mean", "sum", or "q0.5" for the quantile
    at 0.5."""
    for column, kind in columns.items():
        value = row.number(column)
        if value is None:
            continue
        if kind.startswith("q"):
            yield row.fact(terms, "quantile", value, column, p=float(kind[1:]))
        else:
            yield row.fact(terms, "sum" if kind == "sum" else "mean", value, column)


def _bands(row: _Row, terms: tuple[Term, ...], columns: Sequence[str],
           bands: Sequence[tuple[float, float]], splits: Sequence[float]) -> Iterator[Fact]:
    counts = [row.number(c) for c in columns]
    if any(c is None for c in counts) or not counts:
        return
    yield Fact(terms=terms, members=row.members, kind="bands", bands=tuple(bands),
               counts=tuple(round(c or 0) for c in counts), splits=tuple(splits),
               source=f"{row.table} [{row.label}] effectifs par tranche",
               cell=(row.table, row.key, "|".join(columns)))


def level_bands(levels: Sequence[LevelSpec]
                ) -> tuple[list[int], list[tuple[float, float]], list[float]]:
    """Level codes in order, each level's band of scores (with a little slack at the
    edges, whatever rounding decided a level) and where each level starts."""
    ordered = sorted(levels, key=lambda lv: lv[2])
    edges = [lv[2] for lv in ordered]
    tops = [*edges[1:], 100.0]
    bands = [(max(0.0, low - LEVEL_SLACK) if i else 0.0, min(100.0, top + LEVEL_SLACK))
             for i, (low, top) in enumerate(zip(edges, tops, strict=True))]
    return [lv[0] for lv in ordered], bands, edges


def _describe(row: _Row, levels: Sequence[LevelSpec]) -> Iterator[Fact]:
    terms = ((f"score|{row.record['campagne']}|{row.record['noeud']}", 1.0),)
    yield from _simple(row, terms, {"moyenne": "mean", "mediane": "q0.5", "q1": "q0.25",
                                    "q3": "q0.75"})
    codes, bands, edges = level_bands(levels)
    yield from _bands(row, terms, [f"n_niveau_{c}" for c in codes], bands, edges)


def _evolution(row: _Row, stable: float) -> Iterator[Fact]:
    node = row.record["noeud"]
    before = (f"score|{row.record['avant']}|{node}", 1.0)
    after = (f"score|{row.record['apres']}|{node}", 1.0)
    delta = ((after[0], 1.0), (before[0], -1.0))
    yield from _simple(row, (before,), {"moyenne_avant": "mean"})
    yield from _simple(row, (after,), {"moyenne_apres": "mean"})
    yield from _simple(row, delta, {"evolution_moyenne": "mean", "evolution_mediane": "q0.5"})
    yield from _bands(row, delta, ["n_baisse", "n_stable", "n_hausse"],
                      [(-100.0, -stable), (-stable, stable), (stable, 100.0)],
                      [-math.inf, math.nextafter(-stable, 0.0), stable])


def facts_of(table: pd.DataFrame, table_id: str, kind: TableKind, *,
             breakdown: Sequence[str], by: Sequence[str],
             family: Callable[[Mapping[str, object]], str] | None = None,
             levels: Sequence[LevelSpec] = (), stable: float = 2.5,
             ratios: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None
             ) -> list[Fact]:
    """Every published figure of ``table`` as a fact (masked rows say nothing);
    ``ratios``: an observation's ratio id -> its numerator's and denominator's questions."""
    found: list[Fact] = []
    for row in _rows(table, table_id, breakdown, by):
        if kind == "obs_ratios":
            found += ratio_facts(row.record, row.number, row.fact, ratios or {})
        elif kind == "obs_series":
            found += series_facts(row.record, row.number, row.fact)
        elif kind == "describe":
            found += _describe(row, levels)
        elif kind == "evolution":
            found += _evolution(row, stable)
        elif kind == "groups":
            r = row.record
            found += _simple(row, ((f"groupe|{r['campagne']}|{r['dimension']}|{r['groupe']}",
                                    1.0),), {"moyenne": "mean", "mediane": "q0.5"})
            found += _simple(row, ((f"repondants|{r['campagne']}|{r['groupe']}", 1.0),),
                             {"n_repondants": "sum"})
        elif kind == "divergence":
            r = row.record
            terms = ((f"divergence|{r['campagne']}|{r['dimension']}|{r['mesure']}", 1.0),)
            found += _simple(row, terms, {"moyenne": "mean", "mediane": "q0.5"})
        elif kind == "totals":
            assert family is not None
            found += _simple(row, ((family(row.record), 1.0),),
                             {"somme": "sum", "moyenne": "mean", "mediane": "q0.5"})
        elif kind == "completeness":
            terms = ((f"completude|{row.record['campagne']}|{row.record['noeud']}", 1.0),)
            found += _simple(row, terms, {"completude": "mean"})
        elif kind == "absences":
            found += _absences(row)
        elif kind == "ratios":
            assert family is not None
            found += _simple(row, ((family(row.record), 1.0),), {"mediane": "q0.5"})
        elif kind == "alerts":
            assert family is not None
            found += _reds(row, family(row.record))
    return found


def _reds(row: _Row, family: str) -> Iterator[Fact]:
    """How many members are in red: the red ones (value 1) are the top ones; the others
    may be anything (the count says nothing of them: band [0, 1])."""
    n, red = row.number("n"), row.number("n_rouge")
    if n is None or red is None:
        return
    yield Fact(terms=((family, 1.0),), members=row.members, kind="bands",
               bands=((0.0, 1.0), (1.0, 1.0)), counts=(round(n - red), round(red)),
               splits=(0.0, 0.5), source=f"{row.table} [{row.label}] structures en rouge",
               cell=(row.table, row.key, "n_rouge|part_rouge"))


def _absences(row: _Row) -> Iterator[Fact]:
    expected = row.number("attendus")
    if expected is None:
        return
    r = row.record
    for column in r:
        if isinstance(column, str) and column.startswith("part_") and column != "part_score":
            share = row.number(column)
            if share is not None:
                terms = ((f"absence|{r['campagne']}|{r['noeud']}|{column[5:]}", 1.0),)
                yield row.fact(terms, "sum", share * expected, column)
