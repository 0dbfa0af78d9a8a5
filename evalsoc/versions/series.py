"""The series flag of every node of a version, for scores computed from answers given
under an earlier one, and its cause in French.

A question is comparable when its answers carry over as they were, comparable after
conversion when they were converted (a new scale, merged questions, a split with its
mapping), a break when the old answers do not say it (a new question, a split without
mapping). A node takes the worst of its own change (its rule changed: conversion; a new
node rebuilt from old answers: conversion) and of what it is computed from: its
questions for an indicator, its children for a critère or a dimension.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evalsoc.catalogue import CATALOGUE, Code
from evalsoc.referentiel.model import Referentiel
from evalsoc.versions.elements import nodes_of, reads
from evalsoc.versions.flags import Flag, kind_label, worst
from evalsoc.versions.mapping import Step

__all__ = ["SeriesFlag", "origins", "question_flags", "series_flags"]


@dataclass(frozen=True)
class SeriesFlag:
    flag: Flag
    cause: str = ""  # why it is not comparable as it is (French), "" when it is


_COMPARABLE = SeriesFlag(Flag.COMPARABLE)


def _text(code: Code, **fields: str) -> str:
    return CATALOGUE[code].template.format(**fields)


def _worst(found: Sequence[SeriesFlag]) -> SeriesFlag:
    flag = worst(f.flag for f in found)
    return next((f for f in found if f.flag is flag and f.cause), SeriesFlag(flag))


def question_flags(steps: Sequence[Step]) -> dict[str, SeriesFlag]:
    """Each question of the last version: how its answers came from the first one."""
    if not steps:
        return {}
    flags = dict.fromkeys(steps[0].before.questions(), _COMPARABLE)
    for step in steps:
        flags = {q: _question(q, step, flags) for q in step.after.questions()}
    return flags


def _question(question: str, step: Step, before: dict[str, SeriesFlag]) -> SeriesFlag:
    route = step.routes.get(question)
    if route is None:
        return SeriesFlag(Flag.RUPTURE, _text(Code.VER_CAUSE_NEW, question=question))
    if route.flag is Flag.RUPTURE:
        own = SeriesFlag(Flag.RUPTURE, _text(Code.VER_CAUSE_SPLIT, question=question,
                                             source=", ".join(route.sources)))
    elif route.flag is Flag.CONVERSION:
        own = SeriesFlag(Flag.CONVERSION, _text(Code.VER_CAUSE_CONVERTED, question=question,
                                                change=kind_label(route.kind)))
    else:
        own = _COMPARABLE
    return _worst([own, *(before.get(s, _COMPARABLE) for s in route.sources)])


def _own_flags(steps: Sequence[Step]) -> dict[str, SeriesFlag]:
    """Each node's own change along the steps (its rule, not its inputs)."""
    own = dict.fromkeys(nodes_of(steps[0].before), _COMPARABLE)
    for step in steps:
        current: dict[str, SeriesFlag] = {}
        for node in nodes_of(step.after):
            lineage = step.lineage.get(node)
            if lineage is None or not lineage.sources:
                current[node] = SeriesFlag(Flag.CONVERSION,
                                           _text(Code.VER_CAUSE_RECONSTRUCTED))
                continue
            mine = SeriesFlag(lineage.flag, "" if lineage.flag is Flag.COMPARABLE else
                              _text(Code.VER_CAUSE_RULE, change=kind_label(lineage.kind)))
            current[node] = _worst([mine, *(own.get(s, _COMPARABLE) for s in lineage.sources)])
        own = current
    return own


def series_flags(steps: Sequence[Step], target: Referentiel | None = None
                 ) -> dict[str, SeriesFlag]:
    """Every node of the last version (``target`` when there is no step): its flag and
    cause. No step (the same version): every node comparable."""
    if not steps:
        assert target is not None
        return dict.fromkeys(nodes_of(target), _COMPARABLE)
    last = steps[-1].after
    questions = question_flags(steps)
    own = _own_flags(steps)
    nodes = nodes_of(last)
    found: dict[str, SeriesFlag] = {}
    for node_id in reversed(list(nodes)):  # children before parents
        ref = nodes[node_id]
        if ref.kind == "indicateur":
            parts = [questions.get(q, _COMPARABLE) for q in reads(ref.node)]  # type: ignore[arg-type]
        else:
            parts = [_child(c, nodes[c].label, found[c]) for c in ref.children]
        found[node_id] = _worst([own[node_id], *parts])
    return {n: found[n] for n in nodes}


def _child(child: str, label: str, flag: SeriesFlag) -> SeriesFlag:
    if flag.flag is Flag.COMPARABLE:
        return flag
    return SeriesFlag(flag.flag, _text(Code.VER_CAUSE_CHILD, child=f"{child} {label}",
                                       cause=flag.cause))


def origins(steps: Sequence[Step], target: Referentiel | None = None
            ) -> dict[str, tuple[str, ...]]:
    """Each node of the last version: the nodes of the first version it continues
    (none for a new node; itself when there is no step)."""
    if not steps:
        assert target is not None
        return {n: (n,) for n in nodes_of(target)}
    found: dict[str, tuple[str, ...]] = {n: (n,) for n in nodes_of(steps[0].before)}
    for step in steps:
        found = {n: tuple(dict.fromkeys(o for s in (step.lineage[n].sources
                                                    if n in step.lineage else ())
                                        for o in found.get(s, ())))
                 for n in nodes_of(step.after)}
    return found
