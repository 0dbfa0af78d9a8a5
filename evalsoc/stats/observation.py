"""The statistics of an annual observation (OPP): complete blocks, sums, ratios, series.

The rules are the référentiel's (:class:`~evalsoc.referentiel.observation.Observation`),
agreed before collection, and applied here to one campaign's structure answers:

- :func:`complete_blocks`: a structure enters a block's tables only when every question
  of the block is filled (an answer or « non concerné »; « ne sait pas » and an empty
  cell are not); every table says its ``n``;
- :func:`block_totals`: n, sum, mean and median of each numeric question of a block over
  the structures whose block is complete; the sum only for additive quantities, never
  for a percentage, a price, a capacity or a year;
- :func:`ratio_table`: Σ numerator / Σ denominator (``ratio_sommes``) beside the median of
  each structure's own ratio (``mediane_ratios``): they answer two questions (the
  sector's money, the typical structure) and are never mixed;
- :func:`typology`: each structure's size class (derived from its budget, never typed)
  and its answers to the typology questions, as labels, to break tables down by;
- :func:`participation`: invited, answered, complete, and the rates;
- :func:`series`: the change of a figure over two campaigns, on the structures complete
  in both (levels stay in each campaign's own tables), so
  that a structure that joined late is not compared on its first year.

Every table goes through the secrecy rules (:func:`~evalsoc.stats.secrecy.protect`);
the publication (:mod:`evalsoc.publish.observation`) audits them with everything else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from evalsoc.referentiel.model import NUMERIC_TYPES, Referentiel
from evalsoc.referentiel.observation import Observation, ObservationRatio
from evalsoc.stats.aggregate import in_order, ordered, with_ensemble
from evalsoc.stats.inputs import require, with_groups
from evalsoc.stats.secrecy import Disclosure, SecrecyRules, protect
from evalsoc.stats.totals import totals

__all__ = ["ANSWERS_COLUMNS", "FILLED", "SERIES_STATS", "SIZE_COLUMN", "block_questions",
           "block_totals", "complete_blocks", "observation_of", "participation", "ratio_table",
           "ratio_values", "series", "typology"]

ANSWERS_COLUMNS = ("campagne", "structure_id", "question", "statut", "valeur")
FILLED = frozenset({"answered", "non_concerne"})
SIZE_COLUMN = "taille_budget"
RATIO_STATS = ["n", "numerateur", "denominateur", "ratio_sommes", "mediane_ratios"]
SERIES_STATS = ["n", "evolution"]


def observation_of(referentiel: Referentiel) -> Observation:
    assert referentiel.observation is not None, "not an observation référentiel"
    return referentiel.observation


def block_questions(referentiel: Referentiel) -> dict[str, tuple[str, ...]]:
    """Block (dimension id) -> its questions, in the référentiel's order."""
    blocks = observation_of(referentiel).blocks
    return {d.id: tuple(q.id for c in d.criteres for i in c.indicateurs for q in i.questions)
            for d in referentiel.dimensions if d.id in blocks}


def complete_blocks(answers: pd.DataFrame, referentiel: Referentiel
                    ) -> dict[str, frozenset[str]]:
    """Block -> the structures whose every question of the block is filled."""
    require(answers, "réponses", ANSWERS_COLUMNS)
    filled = answers[answers["statut"].isin(FILLED)]
    have: dict[str, set[str]] = {}
    for ident, question in zip(filled["structure_id"].astype(str), filled["question"],
                               strict=True):
        have.setdefault(ident, set()).add(str(question))
    everyone = sorted(set(answers["structure_id"].astype(str)) | set(have))
    return {block: frozenset(s for s in everyone if set(questions) <= have.get(s, set()))
            for block, questions in block_questions(referentiel).items()}


def _numbers(answers: pd.DataFrame) -> pd.DataFrame:
    """The answered numbers as a figures frame (campagne, structure_id, question, value)."""
    rows = answers[answers["statut"] == "answered"]
    numeric = rows["valeur"].map(lambda v: isinstance(v, (int, float))
                                 and not isinstance(v, bool))
    rows = rows[numeric.astype(bool)]
    return pd.DataFrame({"campagne": rows["campagne"].astype(str),
                         "structure_id": rows["structure_id"].astype(str),
                         "question": rows["question"].astype(str),
                         "value": rows["valeur"].astype(float)}).reset_index(drop=True)


def typology(answers: pd.DataFrame, referentiel: Referentiel) -> pd.DataFrame:
    """structure_id, the size class (when the référentiel has one) and each typology
    question, as French labels
    (« Non renseigné » falls to the grouping when a structure has no answer)."""
    spec = observation_of(referentiel)
    numbers = _numbers(answers)
    ids = sorted(set(answers["structure_id"].astype(str)))
    frame = pd.DataFrame({"structure_id": ids})
    if spec.size is not None:
        size = spec.size
        rows = numbers[numbers["question"] == size.question]
        budget = dict(zip(rows["structure_id"], rows["value"].astype(float), strict=True))
        labels = {c.code: c.label for c in size.classes}
        frame[SIZE_COLUMN] = [labels.get(size.class_of(budget.get(i)) or "") for i in ids]
    questions = referentiel.questions()
    for ident in spec.typology:
        options = {o.code: o.label for o in referentiel.options_of(questions[ident])}
        rows = answers[(answers["question"] == ident) & (answers["statut"] == "answered")]
        chosen = dict(zip(rows["structure_id"].astype(str), rows["valeur"], strict=True))
        frame[ident] = [options.get(str(chosen[i]), str(chosen[i])) if i in chosen else None
                        for i in ids]
    return frame


def block_totals(answers: pd.DataFrame, referentiel: Referentiel, block: str,
                 complete: frozenset[str], groups: pd.DataFrame, by: Sequence[str] = (),
                 rules: SecrecyRules | None = None, *,
                 disclosure: Disclosure | None = None) -> pd.DataFrame:
    """n, somme (additive quantities only), moyenne and médiane of the block's numeric
    questions, over the structures whose block is complete."""
    spec = observation_of(referentiel)
    questions = referentiel.questions()
    numeric = [q for q in block_questions(referentiel)[block]
               if questions[q].type.value in NUMERIC_TYPES]
    figures = _numbers(answers)
    figures = figures[figures["question"].isin(numeric)
                      & figures["structure_id"].isin(complete)]
    order = {q: i for i, q in enumerate(numeric)}
    figures = figures.iloc[figures["question"].map(order).argsort(kind="stable")]
    table = totals(figures, groups, by, rules, disclosure=disclosure)
    additive = [q for q in spec.additive if questions[q].type.value != "percent"]
    table["somme"] = table["somme"].where(table["question"].isin(additive))
    return table


def _sum_of(values: Mapping[str, float], terms: Sequence[str]) -> float | None:
    found = [values[t] for t in terms if t in values]
    return float(sum(found)) if len(found) == len(terms) else None


def ratio_values(answers: pd.DataFrame, ratio: ObservationRatio, members: frozenset[str]
                 ) -> pd.DataFrame:
    """Per structure of ``members`` with every term and a denominator other than 0:
    numerateur, denominateur and its own ratio (a zero denominator is « non calculable »
    and leaves the structure out of both figures, never a 0)."""
    figures = _numbers(answers)
    figures = figures[figures["structure_id"].isin(members)
                      & figures["question"].isin(ratio.questions())]
    rows = []
    for (campaign, ident), part in figures.groupby(["campagne", "structure_id"], sort=True):
        values = dict(zip(part["question"], part["value"], strict=True))
        top, bottom = _sum_of(values, ratio.numerator), _sum_of(values, ratio.denominator)
        if top is None or bottom is None or bottom == 0:
            continue
        rows.append((campaign, ident, ratio.id, top, bottom, top / bottom))
    return pd.DataFrame(rows, columns=["campagne", "structure_id", "indicateur",
                                       "numerateur", "denominateur", "ratio"])


def _ratio_cells(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = rows.groupby(keys, sort=False, observed=True)
    table = pd.DataFrame({"n": grouped["ratio"].count(),
                          "numerateur": grouped["numerateur"].sum(),
                          "denominateur": grouped["denominateur"].sum(),
                          "mediane_ratios": grouped["ratio"].median(),
                          "_max_abs": grouped["_abs"].max(), "_sum_abs": grouped["_abs"].sum()})
    table.insert(3, "ratio_sommes", table["numerateur"] / table["denominateur"]
                 .where(table["denominateur"] != 0))
    return table.astype({"n": "Int64"})


def ratio_table(values: pd.DataFrame, groups: pd.DataFrame, by: Sequence[str] = (),
                rules: SecrecyRules | None = None, *,
                disclosure: Disclosure | None = None) -> pd.DataFrame:
    """Per campagne, group and ratio: n, Σ numerator, Σ denominator, their ratio and the
    median of the structures' own ratios (dominance judged on the denominator: one
    structure's budget must not be readable in a Σ)."""
    rules = rules or SecrecyRules()
    by = list(by)
    base = ["campagne", "indicateur"]
    rows = values.assign(campagne=in_order(values["campagne"]),
                         indicateur=in_order(values["indicateur"]),
                         _abs=values["denominateur"].abs())
    rows = with_groups(rows, groups, by, "ratios")
    table = with_ensemble(rows[[*base, *by, "structure_id", "numerateur", "denominateur",
                                "ratio", "_abs"]], base, by, _ratio_cells)
    table = ordered(table, base, by, ["campagne", *by, "indicateur"])
    return protect(table, breakdown=base, by=by, stats=RATIO_STATS, rules=rules,
                   dominance=("_max_abs", "_sum_abs"), disclosure=disclosure)


def participation(campaign: str, invited: Sequence[str], answered: Sequence[str],
                  complete: Mapping[str, frozenset[str]]) -> pd.DataFrame:
    """Invited, answered and complete structures, with the rates: complete in every
    block (« complets ») and block by block. Counts of structures, not their data."""
    asked = set(invited) | set(answered)
    whole = frozenset.intersection(*complete.values()) if complete else frozenset()
    rows = [("ensemble", len(asked), len(set(answered)), len(whole & set(answered)))]
    rows += [(block, len(asked), len(set(answered)), len(members & set(answered)))
             for block, members in complete.items()]
    table = pd.DataFrame(rows, columns=["bloc", "invites", "repondants", "complets"])
    table.insert(0, "campagne", campaign)
    invited_n = table["invites"].where(table["invites"] > 0)
    table["taux_reponse"] = table["repondants"] / invited_n
    table["taux_complets"] = table["complets"] / invited_n
    return table


def _series_cells(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = rows.groupby(keys, sort=False, observed=True)
    before, after = grouped["avant"].sum(), grouped["apres"].sum()
    table = pd.DataFrame({"n": grouped["avant"].count(),
                          "evolution": after / before.where(before != 0) - 1,
                          "_max_abs": grouped["_abs"].max(), "_sum_abs": grouped["_abs"].sum()})
    return table.astype({"n": "Int64"})


def series(before: pd.DataFrame, after: pd.DataFrame, questions: Sequence[str],
           paired: Mapping[str, frozenset[str]], groups: pd.DataFrame,
           by: Sequence[str] = (), rules: SecrecyRules | None = None, *,
           disclosure: Disclosure | None = None) -> pd.DataFrame:
    """Per question, on the structures whose question's block is complete in both
    campaigns (``paired``: question -> structures): n and the change Σ after / Σ before
    - 1 (on the same structures, the change of the mean as well). Levels are not
    repeated here: each campaign's own tables give them, and a mean over the paired
    structures beside the mean over all would give away the difference. A structure
    that answered only the later campaign is in no row: its first year is not
    compared."""
    rules = rules or SecrecyRules()
    by = list(by)
    first, second = _numbers(before), _numbers(after)
    if first.empty or second.empty:
        return pd.DataFrame()
    keys = ["structure_id", "question"]
    both = first.merge(second, on=keys, suffixes=("_avant", "_apres"))
    both = both[both["question"].isin(questions)]
    inside = [s in paired.get(q, frozenset()) for s, q in
              zip(both["structure_id"], both["question"], strict=True)]
    both = both[np.asarray(inside, dtype=bool)]
    order = {q: i for i, q in enumerate(questions)}
    both = both.iloc[both["question"].map(order).argsort(kind="stable")]
    rows = pd.DataFrame({"campagne_avant": in_order(both["campagne_avant"]),
                         "campagne_apres": in_order(both["campagne_apres"]),
                         "question": in_order(both["question"]),
                         "structure_id": both["structure_id"],
                         "avant": both["value_avant"], "apres": both["value_apres"],
                         "_abs": both["value_apres"].abs()})
    rows = with_groups(rows, groups, by, "series")
    base = ["campagne_avant", "campagne_apres", "question"]
    table = with_ensemble(rows[[*base, *by, "structure_id", "avant", "apres", "_abs"]], base,
                          by, _series_cells)
    table = ordered(table, base, by, [*base[:2], *by, "question"])
    return protect(table, breakdown=base, by=by, stats=SERIES_STATS, rules=rules,
                   dominance=("_max_abs", "_sum_abs"), disclosure=disclosure)
