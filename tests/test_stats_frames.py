"""Small hand-made input frames shared by the statistics tests (no tests in this module)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

ScoreRow = tuple[str, str, float | None]  # structure_id, noeud, score


def score_rows(rows: Sequence[ScoreRow], campagne: str = "2024", annee: int = 2024,
               absence: Mapping[str, str] | None = None,
               sources: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One score per (structure, node); the node's type follows its depth (ECO.1.2 is an
    indicator). ``absence`` gives a reason per structure id for its missing scores."""
    absence = absence or {}
    sources = sources or {}
    records = []
    for structure_id, node, score in rows:
        depth = node.count(".")
        records.append({
            "campagne": campagne, "annee": annee, "structure_id": structure_id,
            "noeud": node, "type": ("dimension", "critere", "indicateur")[depth],
            "libelle": f"Libellé {node}", "dimension": node.split(".")[0],
            "score": np.nan if score is None else float(score), "niveau": np.nan,
            "completude": 0.0 if score is None else 1.0,
            "absence": absence.get(structure_id, "sans_reponse") if score is None else None,
            "groupe_source": sources.get(node) if depth == 2 else None,
        })
    return pd.DataFrame(records)


def registry(groups: Mapping[str, str | None], column: str = "departement"
             ) -> pd.DataFrame:
    """A registry where ``groups`` maps structure id -> value of ``column``."""
    ids = list(groups)
    frame = pd.DataFrame({
        "structure_id": ids, "nom": [f"Association {i}" for i in ids],
        "departement": "14", "commune": "Caen", "territoire": "urbain",
        "discipline": "théâtre", "taille": "petite", "consentement": "nominative"})
    frame[column] = [groups[i] for i in ids]
    return frame


def one_node(values: Mapping[str, float | None], node: str = "ECO") -> pd.DataFrame:
    return score_rows([(s, node, v) for s, v in values.items()])


def partition(sizes: Sequence[int], values: Sequence[float]
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scores of one node for groups of the given sizes, and their registry."""
    groups: dict[str, str] = {}
    scores: dict[str, float | None] = {}
    position = 0
    for g, size in enumerate(sizes):
        for _ in range(size):
            structure_id = f"S{position:03d}"
            groups[structure_id] = f"G{g}"
            scores[structure_id] = values[position]
            position += 1
    return one_node(scores), registry(groups)


def row(table: pd.DataFrame, **keys: object) -> pd.Series:
    """The single row of ``table`` matching ``keys``."""
    mask = np.ones(len(table), dtype=bool)
    for column, value in keys.items():
        mask &= (table[column] == value).to_numpy()
    assert mask.sum() == 1, f"{mask.sum()} rows match {keys}"
    return table[mask].iloc[0]
