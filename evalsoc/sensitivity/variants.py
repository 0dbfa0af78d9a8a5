"""Every structure's dimension scores under every variant, at once (numpy).

The stored indicator scores of a campaign are what the analysis starts from: an
indicator is *present* (a score), *non concerné*, or *absent* for another reason (ne sait
pas, no answer, too few respondents...); informational ones count for nothing. A critère
is then the weighted mean of its present indicators, exactly as the engine's
:func:`evalsoc.scoring.combine.combine` computes it, and a dimension that of its
critères, under each variant's weights, coverages and N/A policies. With ``M`` the
indicator -> critère membership and ``W`` a draw's weights, the sums of every structure
and critère are one matrix product ``X @ (W * M)``; draws are taken in chunks so that
memory stays flat (:data:`CHUNK`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from evalsoc.referentiel.model import InformationalScoring, NaPolicy, Referentiel
from evalsoc.scoring.result import AbsentReason
from evalsoc.sensitivity.params import OWN, POLICIES, Draws, Variation, draws

__all__ = ["CHUNK", "Tree", "Variants", "tree_of", "variants_of"]

CHUNK = 100  # draws per matrix product: (draws, structures, critères) floats at a time
EXACT = 1e9  # the engine keeps 9 decimals (evalsoc.scoring.combine.DECIMALS)
VALUES = {NaPolicy.EXCLUDE: 0.0, NaPolicy.ZERO: 0.0, NaPolicy.MAX: 100.0}


@dataclass(frozen=True)
class Tree:
    """The scored part of a référentiel as arrays: indicators, critères, dimensions in
    tree order, their weights, coverages, N/A policies and memberships."""

    indicators: tuple[str, ...]
    criteres: tuple[str, ...]
    dimensions: tuple[str, ...]
    indicator_weight: np.ndarray
    critere_weight: np.ndarray
    indicator_policy: tuple[NaPolicy, ...]
    critere_policy: tuple[NaPolicy, ...]
    critere_coverage: np.ndarray
    dimension_coverage: np.ndarray
    in_critere: np.ndarray  # (indicators, critères) 0/1
    in_dimension: np.ndarray  # (critères, dimensions) 0/1
    thresholds: np.ndarray  # level minimums, ascending
    codes: np.ndarray  # level codes, in the same order


def tree_of(ref: Referentiel) -> Tree:
    inds: list[str] = []
    crits: list[str] = []
    dims: list[str] = []
    iw: list[float] = []
    cw: list[float] = []
    ccov: list[float] = []
    dcov: list[float] = []
    ipol: list[NaPolicy] = []
    cpol: list[NaPolicy] = []
    pairs_i: list[tuple[int, int]] = []
    pairs_c: list[tuple[int, int]] = []
    for dim in ref.dimensions:
        dpol = dim.na_policy or ref.na_policy
        dim_crits = []
        for crit in dim.criteres:
            policy = crit.na_policy or dpol
            scored = [i for i in crit.indicateurs
                      if not isinstance(i.scoring, InformationalScoring)]
            if not scored:
                continue
            dim_crits.append(len(crits))
            for ind in scored:
                pairs_i.append((len(inds), len(crits)))
                inds.append(ind.id)
                iw.append(ind.weight)
                ipol.append(ind.na_policy or policy)
            crits.append(crit.id)
            cw.append(crit.weight)
            cpol.append(policy)
            ccov.append(ref.min_coverage if crit.min_coverage is None else crit.min_coverage)
        if dim_crits:
            pairs_c += [(c, len(dims)) for c in dim_crits]
            dims.append(dim.id)
            dcov.append(ref.min_coverage if dim.min_coverage is None else dim.min_coverage)
    in_critere = np.zeros((len(inds), len(crits)))
    for i, c in pairs_i:
        in_critere[i, c] = 1.0
    in_dimension = np.zeros((len(crits), len(dims)))
    for c, d in pairs_c:
        in_dimension[c, d] = 1.0
    levels = sorted(ref.levels, key=lambda lv: lv.min)
    return Tree(tuple(inds), tuple(crits), tuple(dims), np.array(iw), np.array(cw),
                tuple(ipol), tuple(cpol), np.array(ccov), np.array(dcov), in_critere,
                in_dimension, np.array([lv.min for lv in levels]),
                np.array([lv.code for lv in levels]))


def _exact(values: np.ndarray) -> np.ndarray:
    return np.floor(values * EXACT + 0.5) / EXACT


def _policy_arrays(own: Sequence[NaPolicy], policy: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Per draw and node: does a non concerné child count (0/1), and for how much."""
    counted = np.empty((len(policy), len(own)))
    value = np.empty((len(policy), len(own)))
    own_counted = np.array([p is not NaPolicy.EXCLUDE for p in own], dtype=float)
    own_value = np.array([VALUES[p] for p in own])
    for k, chosen in enumerate(policy):
        if chosen == OWN:
            counted[k], value[k] = own_counted, own_value
        else:
            p = POLICIES[int(chosen)]
            counted[k] = float(p is not NaPolicy.EXCLUDE)
            value[k] = VALUES[p]
    return counted, value


def _states(scores: pd.DataFrame, ids: list[str], nodes: Sequence[str]
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(structures, nodes) arrays: score (0 where none), present, non concerné, absent."""
    rows = scores[scores["noeud"].isin(nodes)]
    row = pd.Index(ids).get_indexer(pd.Index(rows["structure_id"].astype(str)))
    col = pd.Index(list(nodes)).get_indexer(pd.Index(rows["noeud"]))
    keep = (row >= 0) & (col >= 0)
    row, col, rows = row[keep], col[keep], rows[keep]
    shape = (len(ids), len(nodes))
    value = np.zeros(shape)
    present, na, absent = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    score = rows["score"].to_numpy(dtype=float)
    reason = rows["absence"].astype(object).to_numpy()
    has = ~np.isnan(score)
    value[row[has], col[has]] = score[has]
    present[row[has], col[has]] = 1.0
    nc = ~has & (reason == AbsentReason.NON_CONCERNE.value)
    na[row[nc], col[nc]] = 1.0
    other = ~has & ~nc & (reason != "informatif")
    absent[row[other], col[other]] = 1.0
    return value, present, na, absent


def _combine(num: np.ndarray, present: np.ndarray, applicable: np.ndarray,
             coverage: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores (NaN when none), non concerné and absent flags of weighted sums, as
    :func:`evalsoc.scoring.combine.combine` decides them; ``coverage`` broadcasts."""
    eps = 1e-12
    na = applicable <= eps
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(np.abs(present - applicable) <= eps, 1.0,
                         _exact(present / np.where(na, 1.0, applicable)))
        missing = ~na & ((present <= eps) | (share < coverage - 1e-9))
        score = np.where(na | missing, np.nan, _exact(num / np.where(present > eps,
                                                                      present, 1.0)))
    return score, na, missing


@dataclass(frozen=True)
class Variants:
    """``scores[d, s, k]``: structure ``s``'s score on dimension ``k`` under variant
    ``d`` (NaN when it has none); variant 0 is the référentiel itself."""

    structures: tuple[str, ...]
    dimensions: tuple[str, ...]
    scores: np.ndarray
    tree: Tree
    variation: Variation

    @cached_property
    def levels(self) -> np.ndarray:
        """The level code of every score (0 where there is none)."""
        index = np.searchsorted(self.tree.thresholds, np.nan_to_num(self.scores, nan=-1.0),
                                side="right") - 1
        codes = self.tree.codes[np.clip(index, 0, None)]
        return np.where(np.isnan(self.scores), 0, codes)

    @cached_property
    def stability(self) -> np.ndarray:
        """(structures, dimensions): the share of variants that keep the level of the
        référentiel's own score (NaN where that score does not exist)."""
        same = (self.levels == self.levels[0][None]).mean(axis=0)
        return np.where(np.isnan(self.scores[0]), np.nan, same)

    def position(self, structure: str) -> int:
        return self.structures.index(structure)

    def column(self, dimension: str) -> np.ndarray:
        """(draws, structures) scores on one dimension."""
        return self.scores[:, :, self.dimensions.index(dimension)]


def variants_of(scores: pd.DataFrame, ref: Referentiel, variation: Variation | None = None,
                structures: Sequence[str] | None = None) -> Variants:
    """Every dimension score of every structure (of ``structures``, else of every
    structure in ``scores``, in first-seen order) under every variant."""
    variation = variation or Variation()
    tree = tree_of(ref)
    ids = list(dict.fromkeys(scores["structure_id"].astype(str))) if structures is None \
        else [str(s) for s in structures]
    value, present, na, absent = _states(scores, ids, tree.indicators)
    drawn = draws(variation, len(tree.indicators), len(tree.criteres))
    out = np.empty((variation.draws, len(ids), len(tree.dimensions)))
    for start in range(0, variation.draws, CHUNK):
        part = slice(start, min(start + CHUNK, variation.draws))
        out[part] = _chunk(tree, drawn, part, value * present, present, na, absent)
    return Variants(tuple(ids), tree.dimensions, out, tree, variation)


def _chunk(tree: Tree, drawn: Draws, part: slice, weighted: np.ndarray, present: np.ndarray,
           na: np.ndarray, absent: np.ndarray) -> np.ndarray:
    w = tree.indicator_weight[None] * drawn.indicators[part]  # (d, i)
    counted, worth = _policy_arrays(tree.indicator_policy, drawn.policy[part])
    member = tree.in_critere[None]  # (1, i, c)
    by_weight = w[:, :, None] * member
    na_weight = (w * counted)[:, :, None] * member
    num = np.matmul(weighted, by_weight) + np.matmul(na, (w * counted * worth)[:, :, None]
                                                     * member)
    pres = np.matmul(present, by_weight) + np.matmul(na, na_weight)
    appl = pres + np.matmul(absent, by_weight)
    shift = drawn.shift[part][:, None, None]
    crit, crit_na, crit_missing = _combine(num, pres, appl,
                                           np.clip(tree.critere_coverage[None, None] + shift,
                                                   0.0, 1.0))
    v = tree.critere_weight[None] * drawn.criteres[part]  # (d, c)
    c_counted, c_worth = _policy_arrays(tree.critere_policy, drawn.policy[part])
    scored = ~np.isnan(crit)
    q = tree.in_dimension
    vd = v[:, None, :]
    dnum = np.einsum("dnc,cm->dnm", vd * np.where(scored, crit, 0.0)
                     + (vd * c_counted[:, None] * c_worth[:, None]) * crit_na, q)
    dpres = np.einsum("dnc,cm->dnm", vd * scored + (vd * c_counted[:, None]) * crit_na, q)
    dappl = dpres + np.einsum("dnc,cm->dnm", vd * crit_missing, q)
    score, _, _ = _combine(dnum, dpres, dappl,
                           np.clip(tree.dimension_coverage[None, None] + shift, 0.0, 1.0))
    return score
