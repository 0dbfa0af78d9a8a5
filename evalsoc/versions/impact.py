"""What a new version does to a campaign's scores: for every dimension and critère,
the mean over the stored structures before and after, the mean change, how many rise
and fall, and which structures change level on a dimension.

Pure: the scores before and after come from the caller (re-scored from the stored
answers by :mod:`evalsoc.store.migration`, or read from the store). A node is compared
with the node of the earlier version it continues when it continues exactly one (a
merged node has no single « before »); its series flag says whether the comparison
holds (:mod:`evalsoc.versions.series`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from evalsoc.referentiel.model import Referentiel
from evalsoc.stats.evolution import STABLE_WITHIN
from evalsoc.versions.elements import nodes_of
from evalsoc.versions.flags import Flag
from evalsoc.versions.series import SeriesFlag

__all__ = ["Impact", "LevelChange", "NodeImpact", "Scores", "measure"]

# structure id -> node id -> (score, level)
Scores = Mapping[str, Mapping[str, tuple[float | None, int | None]]]


@dataclass(frozen=True)
class NodeImpact:
    node: str
    label: str
    kind: str  # dimension, critere
    origin: str | None  # the one node of the earlier version it is compared with
    flag: Flag
    cause: str
    n: int  # structures scored before and after
    before: float | None
    after: float | None
    delta: float | None
    up: int
    down: int


@dataclass(frozen=True)
class LevelChange:
    structure: str
    name: str
    node: str
    label: str
    before: int | None
    after: int | None


@dataclass(frozen=True)
class Impact:
    old: str
    new: str
    campaign: str
    structures: int
    nodes: tuple[NodeImpact, ...]
    levels: tuple[LevelChange, ...]

    def json(self) -> dict[str, Any]:
        return {"ancienne": self.old, "nouvelle": self.new, "campagne": self.campaign,
                "structures": self.structures,
                "noeuds": [{"noeud": n.node, "libelle": n.label, "type": n.kind,
                            "compare_a": n.origin, "serie": n.flag.value, "cause": n.cause,
                            "n": n.n, "moyenne_avant": n.before, "moyenne_apres": n.after,
                            "ecart_moyen": n.delta, "en_hausse": n.up, "en_baisse": n.down}
                           for n in self.nodes],
                "niveaux": [{"structure_id": c.structure, "nom": c.name, "noeud": c.node,
                             "libelle": c.label, "avant": c.before, "apres": c.after}
                            for c in self.levels]}


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 9) if values else None


def measure(old: str, target: Referentiel, campaign: str, before: Scores, after: Scores,
            flags: Mapping[str, SeriesFlag], origins: Mapping[str, tuple[str, ...]],
            names: Mapping[str, str]) -> Impact:
    """The impact of moving from ``before`` (scores under ``old``) to ``after`` (under
    ``target``), over the structures present in both."""
    structures = sorted(set(before) & set(after))
    nodes: list[NodeImpact] = []
    levels: list[LevelChange] = []
    for node_id, ref in nodes_of(target).items():
        if ref.kind == "indicateur":
            continue
        found = origins.get(node_id, ())
        origin = found[0] if len(found) == 1 else None
        pairs = []
        for structure in structures:
            now = after[structure].get(node_id, (None, None))
            was = before[structure].get(origin, (None, None)) if origin else (None, None)
            if now[0] is not None and was[0] is not None:
                pairs.append((was[0], now[0]))
            if ref.kind == "dimension" and origin and was[1] != now[1]:
                levels.append(LevelChange(structure, names.get(structure, ""), node_id,
                                          ref.label, was[1], now[1]))
        deltas = [b - a for a, b in pairs]
        flag = flags.get(node_id, SeriesFlag(Flag.COMPARABLE))
        nodes.append(NodeImpact(
            node_id, ref.label, ref.kind, origin, flag.flag, flag.cause, len(pairs),
            _mean([a for a, _ in pairs]), _mean([b for _, b in pairs]), _mean(deltas),
            sum(d >= STABLE_WITHIN for d in deltas), sum(d <= -STABLE_WITHIN for d in deltas)))
    return Impact(old, target.ref, campaign, len(structures), tuple(nodes), tuple(levels))
