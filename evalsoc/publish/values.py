"""The true per-structure values behind every family the published facts speak of.

The auditor measures exposure against the truth: for each family key
(``score|2026|SOC``, see :mod:`evalsoc.publish.facts`) and structure, the very value
the statistics were computed from. Families are read from the campaign frames lazily
and kept once read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

from evalsoc.publish.quality import REASON_KEYS
from evalsoc.stats.inputs import scored
from evalsoc.stats.respondents import group_means, structure_divergence

__all__ = ["Values", "values_of"]

Loader = Callable[[], dict[str, dict[str, float]]]


class Values(Mapping[tuple[str, str], float]):
    """(family key, structure id) -> true value, loaded one kind of family at a time."""

    def __init__(self, loaders: Mapping[str, Loader],
                 keyed: Mapping[str, Callable[[str], dict[str, float]]] | None = None
                 ) -> None:
        self._loaders = dict(loaders)  # "score|2026" -> every family of that kind
        # "variante|2026" -> one family at a time, asked by key (there are too many to
        # load them all: evalsoc.publish.intervals)
        self._keyed = dict(keyed or {})
        self._families: dict[str, dict[str, float]] = {}
        self._loaded: set[str] = set()

    def _load(self, prefix: str) -> None:
        if prefix not in self._loaded:
            self._loaded.add(prefix)
            loader = self._loaders.get(prefix)
            if loader is not None:
                self._families.update(loader())

    def family(self, key: str) -> dict[str, float]:
        prefix = "|".join(key.split("|", 2)[:2])
        if prefix in self._keyed:
            if key not in self._families:
                self._families[key] = self._keyed[prefix](key)
            return self._families[key]
        self._load(prefix)
        return self._families.get(key, {})

    def __getitem__(self, key: tuple[str, str]) -> float:
        return self.family(key[0])[key[1]]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for prefix in self._loaders:
            self._load(prefix)
        for family, values in self._families.items():
            for structure in values:
                yield family, structure

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _nested(frame: pd.DataFrame, prefix: str, keys: Sequence[str], value: str
            ) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    if frame.empty:
        return out
    ids = frame["structure_id"].astype(str).to_numpy()
    numbers = frame[value].to_numpy(dtype=float)
    labels = frame[keys[0]].astype(str)
    for key in keys[1:]:
        labels = labels + "|" + frame[key].astype(str)
    for label, ident, number in zip(labels.to_numpy(), ids, numbers, strict=True):
        out.setdefault(f"{prefix}|{label}", {})[ident] = float(number)
    return out


def _absences(scores: pd.DataFrame, campaign: str) -> dict[str, dict[str, float]]:
    """Per dimension and reason, how many indicators of each structure have no score
    for that reason (0 when none): the values behind the « non évaluable » shares."""
    rows = scores[(scores["type"] == "indicateur") & (scores["absence"] != "informatif")]
    reason = rows["absence"].astype(object).where(
        rows["absence"].notna(), np.where(rows["score"].notna(), "score", "sans_reponse"))
    counts = rows.assign(raison=reason).groupby(
        ["dimension", "raison", "structure_id"], observed=True).size()
    everyone = rows.groupby("dimension", observed=True)["structure_id"].unique()
    out: dict[str, dict[str, float]] = {}
    for dimension, ids in everyone.items():
        for why in ("score", *REASON_KEYS):
            out[f"absence|{campaign}|{dimension}|{why}"] = {str(i): 0.0 for i in ids}
    for (dimension, why, structure), n in zip(counts.index, counts.to_numpy(), strict=True):
        out[f"absence|{campaign}|{dimension}|{why}"][str(structure)] = float(n)
    return out


def values_of(campaign: str, scores: pd.DataFrame, figures: pd.DataFrame,
              respondents: pd.DataFrame) -> dict[str, Loader]:
    """Loaders of every family kind of one campaign's frames."""
    kept = scored(scores)

    def divergence() -> dict[str, dict[str, float]]:
        spread = structure_divergence(scores).melt(
            id_vars=["campagne", "structure_id", "dimension"],
            value_vars=["ecart_groupes", "auto_moins_autres"], var_name="mesure",
            value_name="valeur").dropna(subset=["valeur"])
        return _nested(spread, f"divergence|{campaign}", ["dimension", "mesure"], "valeur")

    dims = scores[scores["type"] == "dimension"]
    return {
        f"score|{campaign}": lambda: _nested(kept, f"score|{campaign}", ["noeud"], "score"),
        f"groupe|{campaign}": lambda: _nested(group_means(scores), f"groupe|{campaign}",
                                              ["dimension", "groupe"], "valeur"),
        f"divergence|{campaign}": divergence,
        f"figure|{campaign}": lambda: _nested(figures[figures["value"].notna()],
                                              f"figure|{campaign}", ["question"], "value"),
        f"repondants|{campaign}": lambda: _nested(respondents, f"repondants|{campaign}",
                                                  ["groupe"], "n"),
        f"completude|{campaign}": lambda: _nested(dims, f"completude|{campaign}", ["noeud"],
                                                  "completude"),
        f"absence|{campaign}": lambda: _absences(scores, campaign),
    }
