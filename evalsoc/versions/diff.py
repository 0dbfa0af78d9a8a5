"""What changed from one version to a later one, as a consultant reads it: every change
the crosswalks declare, grouped by dimension of the new version, with what it does to
the wording, the answers and the scoring, and the series flag of each node.

When the later version declares no crosswalk from the earlier one, ids are matched by
name (:func:`evalsoc.versions.draft.draft_crosswalk`) and the diff says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evalsoc.referentiel.crosswalk import ChangeKind, CrosswalkEntry
from evalsoc.referentiel.model import (
    BandsScoring,
    Indicateur,
    InformationalScoring,
    LinearScoring,
    Question,
    Referentiel,
)
from evalsoc.support.formatting import fr_number
from evalsoc.versions.chain import VersionError, chain
from evalsoc.versions.draft import draft_crosswalk
from evalsoc.versions.elements import nodes_of
from evalsoc.versions.flags import Flag, kind_label
from evalsoc.versions.mapping import Step, compile_step, route_flag
from evalsoc.versions.series import SeriesFlag, series_flags

__all__ = ["Change", "Diff", "StepDiff", "diff", "kinds_text"]


@dataclass(frozen=True)
class Change:
    """One line of a crosswalk, told: its elements, their labels, what changed."""

    level: str  # noeud, question
    kind: ChangeKind
    old: tuple[str, ...]
    new: tuple[str, ...]
    old_labels: tuple[str, ...]
    new_labels: tuple[str, ...]
    dimension: str  # the dimension it belongs to (of the new version; of the old if dropped)
    details: tuple[str, ...] = ()
    note: str = ""
    flag: Flag | None = None


@dataclass(frozen=True)
class StepDiff:
    before: str
    after: str
    declared: bool  # False: no crosswalk, ids matched by name
    changes: tuple[Change, ...]
    dimensions: dict[str, str] = field(default_factory=dict)  # id -> label, in order

    def counts(self) -> dict[str, Counter[str]]:
        found: dict[str, Counter[str]] = {"noeud": Counter(), "question": Counter()}
        for change in self.changes:
            found[change.level][change.kind.value] += 1
        return found


@dataclass(frozen=True)
class Diff:
    old: str
    new: str
    steps: tuple[StepDiff, ...]
    flags: dict[str, SeriesFlag]  # every node of the new version

    def json(self) -> dict[str, Any]:
        return {"ancienne": self.old, "nouvelle": self.new, "etapes": [{
            "de": s.before, "vers": s.after, "declaree": s.declared,
            "changements": [_change_json(c) for c in s.changes]} for s in self.steps],
            "series": {n: {"serie": f.flag.value, "cause": f.cause}
                       for n, f in self.flags.items()}}


def _change_json(change: Change) -> dict[str, Any]:
    return {"niveau": change.level, "changement": change.kind.value, "ancien": change.old,
            "nouveau": change.new, "libelles_anciens": change.old_labels,
            "libelles_nouveaux": change.new_labels, "dimension": change.dimension,
            "details": change.details, "note": change.note,
            "serie": change.flag.value if change.flag else None}


def diff(old: Referentiel, new: Referentiel, root: Path | None = None) -> Diff:
    """The changes from ``old`` to ``new``: through their crosswalks when they lead
    there; else, ids matched by name."""
    try:
        steps = chain(old, new, root)
    except VersionError:
        if new.crosswalk is not None and new.crosswalk.previous == old.version:
            raise  # declared, but invalid: ``referentiel check`` says why
        draft = new.model_copy(update={"crosswalk": draft_crosswalk(old, new)})
        step = compile_step(old, draft)
        return Diff(old.ref, new.ref, (_step(step, declared=False),), series_flags((step,)))
    flags = series_flags(steps, new)
    return Diff(old.ref, new.ref, tuple(_step(s, True) for s in steps), flags)


def _step(step: Step, declared: bool) -> StepDiff:
    crosswalk = step.crosswalk
    flags = series_flags((step,))
    changes = [_node(e, step, flags) for e in crosswalk.nodes]
    changes += [_question(e, step) for e in crosswalk.questions]
    dims = {d.id: d.label for d in step.after.dimensions}
    dims.update({d.id: f"{d.label} (version {step.before.version})"
                 for d in step.before.dimensions if d.id not in dims})
    order = list(dims)
    changes.sort(key=lambda c: order.index(c.dimension) if c.dimension in order else 0)
    return StepDiff(step.before.ref, step.after.ref, declared, tuple(changes), dims)


def _node(entry: CrosswalkEntry, step: Step, flags: dict[str, SeriesFlag]) -> Change:
    olds, news = nodes_of(step.before), nodes_of(step.after)
    targets = entry.targets()
    home = news[targets[0]].dimension if targets else olds[entry.old[0]].dimension
    details: list[str] = []
    if len(entry.old) == 1 and len(targets) == 1:
        a, b = olds[entry.old[0]].node, news[targets[0]].node
        details += _label(a.label, b.label)
        if a.weight != b.weight:
            details.append(f"poids : {fr_number(a.weight, 6)} → {fr_number(b.weight, 6)}")
        if isinstance(a, Indicateur) and isinstance(b, Indicateur) \
                and (was := _scoring(a)) != (now := _scoring(b)):
            details.append(f"notation : {was} → {now}")
    flag = flags[targets[0]].flag if targets else None
    return Change("noeud", entry.change, entry.old, targets,
                  tuple(olds[i].label for i in entry.old), tuple(news[i].label for i in targets),
                  home, tuple(details), entry.note, flag)


def _question(entry: CrosswalkEntry, step: Step) -> Change:
    olds, news = step.before.questions(), step.after.questions()
    targets = entry.targets()
    homes = {q.id: i for i in step.after.indicateurs() for q in i.questions}
    old_homes = {q.id: i for i in step.before.indicateurs() for q in i.questions}
    if targets:
        home = nodes_of(step.after)[homes[targets[0]].id].dimension
    else:
        home = nodes_of(step.before)[old_homes[entry.old[0]].id].dimension
    details: list[str] = []
    if len(entry.old) == 1 and len(targets) == 1:
        a, b = olds[entry.old[0]], news[targets[0]]
        details += _label(a.label, b.label)
        if a.type != b.type:
            details.append(f"type : {a.type.value} → {b.type.value}")
    details += _conversion(entry, [olds[i] for i in entry.old])
    flag = None if entry.change is ChangeKind.DROPPED else (
        Flag.RUPTURE if entry.change is ChangeKind.NEW else route_flag(entry))
    return Change("question", entry.change, entry.old, targets,
                  tuple(olds[i].label for i in entry.old), tuple(news[i].label for i in targets),
                  home, tuple(details), entry.note, flag)


def _label(old: str, new: str) -> list[str]:
    return [f"libellé : « {old} » → « {new} »"] if old != new else []


_COMBINE = {"sum": "somme", "mean": "moyenne", "min": "minimum", "max": "maximum",
            "any": "oui si l'une est oui", "all": "oui si toutes sont oui",
            "first": "la première répondue"}


def _conversion(entry: CrosswalkEntry, olds: list[Question]) -> list[str]:
    found = []
    if entry.options:
        pairs = ", ".join(f"{k} → {'(sans équivalent)' if v is None else v}"
                          for k, v in entry.options.items())
        found.append(f"réponses : {pairs}")
    if entry.factor is not None or entry.offset is not None:
        expr = "valeur"
        if entry.factor is not None:
            expr += f" × {fr_number(entry.factor, 9)}"
        if entry.offset is not None:
            expr += f" + {fr_number(entry.offset, 9)}"
        found.append(f"conversion : {expr}")
    if entry.bands:
        found.append("tranches : " + ", ".join(f"≥ {fr_number(b.min, 6)} → {b.code}"
                                              for b in entry.bands))
    if entry.combine is not None:
        found.append(f"combinaison : {_COMBINE[entry.combine.value]}")
    if entry.change is ChangeKind.SPLIT and not entry.converts():
        found.append("sans correspondance des réponses : les parties restent sans réponse "
                     f"pour les réponses à « {', '.join(q.id for q in olds)} »")
    return found


def _scoring(ind: Indicateur) -> str:
    scoring = ind.scoring
    if isinstance(scoring, InformationalScoring):
        return "informatif"
    if isinstance(scoring, (BandsScoring, LinearScoring)):
        read = scoring.formula or scoring.question or ", ".join(q.id for q in ind.questions)
        if isinstance(scoring, BandsScoring):
            return f"tranches sur {read} (" + ", ".join(
                f"≥ {fr_number(b.min, 6)} : {fr_number(b.score, 2)}"
                for b in scoring.bands) + ")"
        return (f"linéaire sur {read}, de {fr_number(scoring.low, 6)} (0) à "
                f"{fr_number(scoring.high, 6)} (100)")
    return "selon les réponses (" + ", ".join(q.id for q in ind.questions) + ")"


def kinds_text(counts: Counter[str]) -> str:
    """« inchangé : 14, renommé : 2… », in the order of the kinds."""
    return ", ".join(f"{kind_label(k)} : {counts[k.value]}" for k in ChangeKind
                     if counts[k.value])
