"""What a crosswalk line that says « nothing changed » must find unchanged.

``same``, ``renamed`` and ``reworded`` promise that answers and scores carry over as
they are: the question's type, answers, bounds, unit and weight, the node's weight,
rules and scoring are compared, after renames. ``same`` promises the wording too.
Every question line also keeps its respondents' group.
"""

from __future__ import annotations

import re
from typing import Any

from evalsoc.catalogue import Code
from evalsoc.referentiel.crosswalk import ChangeKind, CrosswalkEntry
from evalsoc.referentiel.model import Indicateur, Question, Referentiel
from evalsoc.versions.elements import nodes_of
from evalsoc.versions.mapping import EXACT

__all__ = ["Problem", "node_changes", "question_changes", "renames"]

Problem = tuple[Code, str, dict[str, Any]]  # code, the entry's field it concerns, fields


def renames(before: Referentiel, after: Referentiel) -> dict[str, str]:
    """Old question id -> new id, for the questions carried one to one."""
    crosswalk = after.crosswalk
    assert crosswalk is not None
    found = {}
    for entry in crosswalk.questions:
        targets = entry.targets()
        if (entry.change in EXACT or entry.change is ChangeKind.RESCALED) \
                and len(entry.old) == 1 and len(targets) == 1:
            found[entry.old[0]] = targets[0]
    return found


def _question_content(ref: Referentiel, question: Question) -> dict[str, object]:
    return {
        "son type": question.type.value,
        "ses réponses possibles (codes, scores, sens)": tuple(
            (o.code, o.score, o.meaning.value) for o in ref.options_of(question)),
        "ses bornes": (question.min, question.max),
        "son plafond (cap)": question.cap,
        "son poids": question.weight,
        "son unité": question.unit,
    }


def _wording(ref: Referentiel, question: Question) -> tuple[str, ...]:
    return (question.label, *(o.label for o in ref.options_of(question)))


def question_changes(entry: CrosswalkEntry, before: Referentiel, after: Referentiel
                     ) -> list[Problem]:
    olds, news = before.questions(), after.questions()
    found: list[Problem] = []
    field = "new" if entry.new else "old"
    for old in entry.old:
        for new in entry.targets():
            a, b = olds[old], news[new]
            if a.group != b.group:
                found.append((Code.VER_GROUP_CHANGED, field, {
                    "old": old, "new": new, "old_group": a.group, "new_group": b.group}))
    if entry.change not in EXACT:
        return found
    a, b = olds[entry.old[0]], news[entry.targets()[0]]
    was, now = _question_content(before, a), _question_content(after, b)
    changed = [name for name in was if was[name] != now[name]]
    if changed:
        found.append((Code.VER_NOT_UNCHANGED, "change", {
            "id": entry.old[0], "change": entry.change.value, "detail": ", ".join(changed),
            "old": before.ref, "new": after.ref}))
    elif entry.change is ChangeKind.SAME and _wording(before, a) != _wording(after, b):
        found.append((Code.VER_REWORDED, "change", {
            "id": entry.old[0], "old": a.label, "new": b.label if a.label != b.label
            else f"{b.label} (libellés des réponses)"}))
    return found


def _scoring(ind: Indicateur, names: dict[str, str]) -> dict[str, Any]:
    dumped: dict[str, Any] = ind.scoring.model_dump(mode="json")
    if dumped.get("question") in names:
        dumped["question"] = names[dumped["question"]]
    if isinstance(dumped.get("formula"), str):
        dumped["formula"] = re.sub(r"[A-Za-z_][A-Za-z0-9_]*",
                                   lambda m: names.get(m.group(0), m.group(0)),
                                   dumped["formula"]).replace(" ", "")
    return dumped


def _node_content(node: Any, names: dict[str, str]) -> dict[str, object]:
    content: dict[str, object] = {
        "son poids": node.weight,
        "sa règle des non concernés (na_policy)": node.na_policy,
        "sa couverture minimale (min_coverage)": node.min_coverage,
    }
    if isinstance(node, Indicateur):
        content["sa notation (scoring)"] = _scoring(node, names)
        content["son sens (direction)"] = node.direction
    return content


def node_changes(entry: CrosswalkEntry, before: Referentiel, after: Referentiel
                 ) -> list[Problem]:
    if entry.change not in EXACT:
        return []
    a = nodes_of(before)[entry.old[0]].node
    b = nodes_of(after)[entry.targets()[0]].node
    names = renames(before, after)
    was, now = _node_content(a, names), _node_content(b, {})
    if isinstance(b, Indicateur) and "sa notation (scoring)" in now:
        formula = now["sa notation (scoring)"]
        if isinstance(formula, dict) and isinstance(formula.get("formula"), str):
            formula["formula"] = formula["formula"].replace(" ", "")
    changed = [name for name in was if was.get(name) != now.get(name)]
    if changed:
        return [(Code.VER_NOT_UNCHANGED, "change", {
            "id": entry.old[0], "change": entry.change.value, "detail": ", ".join(changed),
            "old": before.ref, "new": after.ref})]
    if entry.change is ChangeKind.SAME and a.label != b.label:
        return [(Code.VER_REWORDED, "change", {"id": entry.old[0], "old": a.label,
                                               "new": b.label})]
    return []
