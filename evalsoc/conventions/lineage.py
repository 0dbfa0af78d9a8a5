"""What became of an agreed indicator in the version a later (or earlier) campaign was
scored under: its id there, and whether its raw value is still measured the same way.

A convention keeps the référentiel version each indicator was agreed under. When a
campaign uses another version, the crosswalks between the two (:mod:`evalsoc.versions`)
say where the indicator went; its raw value is *redefined* when the node was split or
merged, when a question it reads came through a conversion, or when what it reads (its
formula, its questions' types, units and groups) changed. A new band scale alone
changes the score, not the raw value: the comparison holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from evalsoc.conventions.values import value_rule
from evalsoc.referentiel.crosswalk import ChangeKind
from evalsoc.referentiel.model import Indicateur, Referentiel
from evalsoc.versions.chain import VersionError, chain
from evalsoc.versions.check import version_key
from evalsoc.versions.elements import nodes_of
from evalsoc.versions.flags import kind_label
from evalsoc.versions.mapping import EXACT, Step

__all__ = ["Continuation", "continuation"]


@dataclass(frozen=True)
class Continuation:
    node: str | None  # its id in the campaign's version; None: no longer there
    redefined: bool
    change: str  # the changes met on the way, as a reader reads them ("" if the same version)


def _indicator(ref: Referentiel, node: str | None) -> Indicateur | None:
    found = nodes_of(ref).get(node or "")
    return found.node if found is not None and isinstance(found.node, Indicateur) else None


def _forward(steps: tuple[Step, ...], node: str) -> tuple[str | None, list[str], bool]:
    current: str | None = node
    told: list[str] = []
    converted = False
    for step in steps:
        nexts = [(new, lin) for new, lin in step.lineage.items() if current in lin.sources]
        where = f"{step.after.ref} : " if len(steps) > 1 else ""
        if not nexts:
            return None, [*told, f"{where}{kind_label(ChangeKind.DROPPED)}"], True
        new, lin = nexts[0]
        if lin.kind is not ChangeKind.SAME or new != current:
            note = f" — {lin.entry.note}" if lin.entry is not None and lin.entry.note else ""
            told.append(f"{where}{kind_label(lin.kind)}{note}")
        if lin.kind in (ChangeKind.SPLIT, ChangeKind.MERGED) or len(nexts) > 1:
            converted = True
        ind = _indicator(step.after, new)
        rule = value_rule(step.after, ind) if ind is not None else None
        if rule is not None and not isinstance(rule, str):
            for question in rule.questions:
                route = step.routes.get(question.id)
                if route is not None and route.kind not in EXACT:
                    converted = True
        current = new
    return current, told, converted


def continuation(agreed: Referentiel, campaign: Referentiel, node: str) -> Continuation:
    """Where ``node`` (an indicator of ``agreed``) is in ``campaign``'s version."""
    if agreed.ref == campaign.ref:
        return Continuation(node, False, "")
    later = version_key(campaign.version) >= version_key(agreed.version)
    try:
        steps = chain(agreed, campaign) if later else chain(campaign, agreed)
    except VersionError:
        steps = ()
    if not later:  # the campaign came before the agreed version: walk back to it
        back = [old for step in steps for new, lin in step.lineage.items() if new == node
                for old in lin.sources]
        target = back[0] if back else (node if _indicator(campaign, node) else None)
        return _compare(agreed, node, campaign, target,
                        "version antérieure à celle de la convention", False)
    if not steps:
        target = node if _indicator(campaign, node) else None
        return _compare(agreed, node, campaign, target, "pas de table de correspondance",
                        False)
    target, told, converted = _forward(steps, node)
    return _compare(agreed, node, campaign, target,
                    " ; ".join(told) or "définition inchangée", converted)


def _compare(agreed: Referentiel, node: str, campaign: Referentiel, target: str | None,
             told: str, converted: bool) -> Continuation:
    before, after = _indicator(agreed, node), _indicator(campaign, target)
    if after is None or before is None:
        return Continuation(None, True, told)
    old, new = value_rule(agreed, before), value_rule(campaign, after)
    if isinstance(old, str) or isinstance(new, str):
        return Continuation(target, True, told)
    return Continuation(target, converted or old.shape() != new.shape(), told)
