"""What evalsoc already knows that signals a need, per structure and theme: pure
functions of one campaign's frames (scores, diagnostics, answers, divergence)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.issues import make_issue
from evalsoc.needs.themes import PARAMETERS, THEMES, Parameters
from evalsoc.support.formatting import fr_number

__all__ = ["Signals", "signals_of"]

Signals = dict[str, dict[str, list[str]]]  # structure -> theme -> signals, in order


def _text(code: Code, **fields: object) -> str:
    return make_issue(code, **fields).message


def _alerts(diagnostics: pd.DataFrame, labels: Mapping[str, str], params: Parameters,
            out: Signals) -> None:
    if diagnostics.empty:
        return
    rows = diagnostics[diagnostics["bande"].isin(params.alert_bands)]
    reference = rows[rows["exercice"].astype(str) == "n"]
    rows = reference if not reference.empty else rows
    for theme in THEMES:
        for ident, indicator, band, value in zip(rows["structure_id"], rows["indicateur"],
                                                 rows["bande"], rows["valeur"], strict=True):
            if indicator in theme.alerts:
                shown = "" if value is None or math.isnan(float(value)) else fr_number(
                    float(value), 1)
                out[str(ident)][theme.id].append(_text(
                    Code.BES_SIGNAL_ALERT, band=band, indicator=indicator,
                    label=labels.get(str(indicator), ""), value=shown or "non calculable"))


def _weak(scores: pd.DataFrame, labels: Mapping[str, str], threshold: float,
          out: Signals) -> None:
    rows = scores[scores["score"].notna() & (scores["score"].astype(float) < threshold)]
    for theme in THEMES:
        chosen = rows[rows["noeud"].isin(theme.weak)]
        for ident, node, kind, score in zip(chosen["structure_id"], chosen["noeud"],
                                            chosen["type"], chosen["score"], strict=True):
            out[str(ident)][theme.id].append(_text(
                Code.BES_SIGNAL_WEAK, kind="critère" if kind == "critere" else "indicateur",
                node=node, label=labels.get(str(node), ""), score=fr_number(float(score), 0),
                threshold=fr_number(threshold, 0)))


def _legal(answers: pd.DataFrame, labels: Mapping[str, str], out: Signals) -> None:
    if answers.empty:
        return
    for theme in THEMES:
        for code, said in ((Code.BES_SIGNAL_LEGAL, theme.legal),
                           (Code.BES_SIGNAL_PRACTICE, theme.practice)):
            for node, question, flagged in said:
                rows = answers[(answers["question"] == question)
                               & (answers["valeur"].astype(str) == flagged)]
                for ident in rows["structure_id"]:
                    out[str(ident)][theme.id].append(_text(
                        code, node=node, label=labels.get(node, ""), answer=flagged))


def _divergence(spread: pd.DataFrame, labels: Mapping[str, str], params: Parameters,
                out: Signals) -> None:
    if spread.empty:
        return
    gap = spread["auto_moins_autres"].astype(float)
    rows = spread[gap.abs() >= params.divergence_points]
    for ident, dimension, value in zip(rows["structure_id"], rows["dimension"],
                                       rows["auto_moins_autres"].astype(float), strict=True):
        out[str(ident)]["evaluation"].append(_text(
            Code.BES_SIGNAL_DIVERGENCE, dimension=labels.get(str(dimension), dimension),
            gap=fr_number(abs(value), 0), way="plus haut" if value > 0 else "plus bas"))


def signals_of(scores: pd.DataFrame, diagnostics: pd.DataFrame, answers: pd.DataFrame,
               spread: pd.DataFrame, labels: Mapping[str, str], threshold: float,
               params: Parameters = PARAMETERS) -> Signals:
    """Per structure and theme, the signals found (a theme without any is absent).

    ``scores``: structure_id, noeud, type, score; ``diagnostics``: structure_id,
    indicateur, exercice, valeur, bande; ``answers``: structure_id, question, valeur (the
    structure's own); ``spread``: structure_id, dimension, auto_moins_autres;
    ``labels``: node, indicator and dimension labels; ``threshold``: below it a critère
    or an indicator is weak (the référentiel's pistes threshold by default)."""
    out: Signals = defaultdict(lambda: defaultdict(list))
    _alerts(diagnostics, labels, params, out)
    _weak(scores, labels, params.weak_below if params.weak_below is not None else threshold,
          out)
    _legal(answers, labels, out)
    _divergence(spread, labels, params, out)
    return {k: dict(v) for k, v in out.items()}
