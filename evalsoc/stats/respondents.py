"""What each group of respondents says, and how far the groups' views diverge.

An indicator is fed by one respondent group (``groupe_source``) or several (« mixte »).
For a structure and a dimension, the *group mean* is the mean of the scores of the
indicators that group feeds. The divergence between groups (self-view against partners
and publics) is itself a finding of the method.

- :func:`respondent_figures`: campagne, annee, <by...>, dimension, libelle_dimension,
  groupe, n (structures), moyenne, mediane, n_repondants, ensemble, masque, motif.
- :func:`structure_divergence` (per structure, not for publication as is): campagne,
  structure_id, dimension, n_groupes, ecart_groupes (max - min of the group means),
  auto_moins_autres (the « structure » group's mean minus the mean of the other groups'
  means, each group counting once; positive when the structure sees itself better).
- :func:`divergence`: campagne, annee, <by...>, dimension, libelle_dimension, mesure
  (« ecart_groupes » or « auto_moins_autres »), n, moyenne, mediane, ensemble, masque,
  motif.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from evalsoc.stats.aggregate import in_order, ordered, summarise, with_ensemble
from evalsoc.stats.inputs import campaign_years, require, require_unique, scored, with_groups
from evalsoc.stats.secrecy import Disclosure, SecrecyRules, protect

__all__ = ["RESPONDENTS_COLUMNS", "divergence", "respondent_figures", "structure_divergence"]

RESPONDENTS_COLUMNS = ("campagne", "structure_id", "groupe", "n")
SCORES_COLUMNS = ("campagne", "annee", "structure_id", "noeud", "type", "libelle",
                  "dimension", "score", "completude", "absence", "groupe_source")
SELF, MIXED = "structure", "mixte"
KEYS = ["campagne", "structure_id", "dimension"]
MEASURES = ("ecart_groupes", "auto_moins_autres")


def group_means(scores: pd.DataFrame, completude_min: float = 0.0) -> pd.DataFrame:
    """campagne, structure_id, dimension, groupe, valeur: one row per group heard."""
    require(scores, "scores", SCORES_COLUMNS)
    rows = scored(scores[scores["type"] == "indicateur"], completude_min)
    rows = rows[rows["groupe_source"].notna()]
    rows = rows.assign(campagne=in_order(rows["campagne"]),
                       dimension=in_order(rows["dimension"]),
                       groupe=in_order(rows["groupe_source"]))
    means = rows.groupby([*KEYS, "groupe"], sort=False, observed=True)["score"].mean()
    return means.rename("valeur").reset_index()


def _finish(table: pd.DataFrame, scores: pd.DataFrame, base: list[str],
            by: list[str]) -> pd.DataFrame:
    """Sorted rows, with annee and libelle_dimension read from the scores."""
    dims = scores.loc[scores["type"] == "dimension", ["campagne", "noeud", "libelle"]]
    labels = dims.drop_duplicates(["campagne", "noeud"]).set_index(["campagne", "noeud"])
    keys = pd.MultiIndex.from_arrays([table["campagne"].astype(str),
                                      table["dimension"].astype(str)])
    table = table.assign(annee=table["campagne"].astype(str).map(campaign_years(scores)),
                         libelle_dimension=labels["libelle"].reindex(keys).to_numpy())
    return ordered(table, base, by, ["campagne", "annee", *by, "dimension",
                                     "libelle_dimension", base[-1]])


def _heard(means: pd.DataFrame, respondents: pd.DataFrame) -> np.ndarray[Any, Any]:
    """Respondents of each (campagne, structure, group) row of ``means``, NaN if unknown."""
    keys = ["campagne", "structure_id", "groupe"]
    require_unique(respondents, "respondents", keys)
    counts = respondents.astype(dict.fromkeys(keys, str)).set_index(keys)["n"].astype(float)
    wanted = pd.MultiIndex.from_arrays([means[k].astype(str) for k in keys])
    return counts.reindex(wanted).to_numpy()


def _figure_cells(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    table = summarise(rows, keys, value="valeur", quartiles=False)
    heard = rows.groupby(keys, sort=False, observed=True)["n_repondants"].sum(min_count=1)
    return table.join(heard.rename("n_repondants"))


def respondent_figures(scores: pd.DataFrame, respondents: pd.DataFrame,
                       structures: pd.DataFrame, by: Sequence[str] = (),
                       rules: SecrecyRules | None = None, *,
                       completude_min: float = 0.0,
                       disclosure: Disclosure | None = None) -> pd.DataFrame:
    """Per dimension and respondent group: mean of the indicator scores that group feeds
    (one mean per structure, then their mean and median), structures and respondents."""
    rules = rules or SecrecyRules()
    by = list(by)
    require(respondents, "respondents", RESPONDENTS_COLUMNS)
    require(structures, "structures", ["structure_id"])
    means = group_means(scores, completude_min)
    rows = with_groups(means.assign(n_repondants=_heard(means, respondents)), structures, by,
                       "scores")
    base = ["campagne", "dimension", "groupe"]
    table = with_ensemble(rows, base, by, _figure_cells)
    table = _finish(table, scores, base, by)
    return protect(table, breakdown=base, by=by,
                   stats=["n", "moyenne", "mediane", "n_repondants"], rules=rules,
                   disclosure=disclosure)


def _spreads(scores: pd.DataFrame, completude_min: float) -> pd.DataFrame:
    means = group_means(scores, completude_min)
    means = means[means["groupe"].astype(str) != MIXED]
    wide = means.set_index([*KEYS, "groupe"])["valeur"].unstack("groupe")
    wide.columns = pd.Index([str(c) for c in wide.columns])
    wide = wide.dropna(axis=1, how="all")
    heard = wide.notna().sum(axis=1)
    others = wide.drop(columns=[SELF], errors="ignore").mean(axis=1)
    own = wide[SELF] if SELF in wide.columns else pd.Series(float("nan"), index=wide.index)
    out = pd.DataFrame({"n_groupes": heard,
                        "ecart_groupes": (wide.max(axis=1) - wide.min(axis=1)).where(heard > 1),
                        "auto_moins_autres": own - others})
    return out.reset_index()


def structure_divergence(scores: pd.DataFrame, completude_min: float = 0.0) -> pd.DataFrame:
    """Per structure and dimension, the spread between group means. One row per structure:
    publish it only through :func:`divergence` or with :func:`public_names`."""
    per = _spreads(scores, completude_min)
    return per.assign(**{k: per[k].astype(str) for k in ("campagne", "dimension")})


def divergence(scores: pd.DataFrame, structures: pd.DataFrame, by: Sequence[str] = (),
               rules: SecrecyRules | None = None, *,
               completude_min: float = 0.0,
               disclosure: Disclosure | None = None) -> pd.DataFrame:
    """The divergence between respondent groups summarised per group of ``by``: n, mean
    and median of each measure (see the module docstring), secrecy applied."""
    rules = rules or SecrecyRules()
    by = list(by)
    require(structures, "structures", ["structure_id"])
    per = _spreads(scores, completude_min)
    long = per.melt(id_vars=KEYS, value_vars=list(MEASURES), var_name="mesure",
                    value_name="valeur").dropna(subset=["valeur"])
    long = long.assign(mesure=pd.Categorical(long["mesure"], categories=list(MEASURES)))
    rows = with_groups(long, structures, by, "scores")
    base = ["campagne", "dimension", "mesure"]
    table = with_ensemble(rows, base, by,
                          lambda r, k: summarise(r, k, value="valeur", quartiles=False))
    table = _finish(table, scores, base, by)
    return protect(table, breakdown=base, by=by, stats=["n", "moyenne", "mediane"],
                   rules=rules, disclosure=disclosure)
