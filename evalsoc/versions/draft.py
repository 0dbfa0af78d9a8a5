"""A first crosswalk for an author to correct: each id of both versions matched by its
name, classified by what changed (``same``, ``reworded``, ``rescaled``), the others
``dropped`` or ``new``. Renames, splits and merges are the author's to declare: a draft
says what it sees, never what it guesses."""

from __future__ import annotations

from collections.abc import Mapping

from evalsoc.referentiel.crosswalk import ChangeKind, Crosswalk, CrosswalkEntry
from evalsoc.referentiel.model import Referentiel
from evalsoc.versions.elements import nodes_of
from evalsoc.versions.unchanged import node_changes, question_changes

__all__ = ["draft_crosswalk"]


def _kind(ident: str, before: Referentiel, after: Referentiel, question: bool) -> ChangeKind:
    entry = CrosswalkEntry(old=(ident,), change=ChangeKind.SAME)
    probe = after.model_copy(update={"crosswalk": Crosswalk(
        previous=before.version, questions=(entry,) if question else ())})
    found = (question_changes if question else node_changes)(entry, before, probe)
    codes = {code.value for code, _, _ in found}
    if "VER009" in codes or "VER013" in codes:
        return ChangeKind.RESCALED
    return ChangeKind.REWORDED if "VER010" in codes else ChangeKind.SAME


def _entries(olds: Mapping[str, object], news: Mapping[str, object], before: Referentiel,
             after: Referentiel, question: bool) -> tuple[CrosswalkEntry, ...]:
    entries = [CrosswalkEntry(old=(i,), change=_kind(i, before, after, question))
               if i in news else CrosswalkEntry(old=(i,), change=ChangeKind.DROPPED)
               for i in olds]
    entries += [CrosswalkEntry(new=(i,), change=ChangeKind.NEW) for i in news if i not in olds]
    return tuple(entries)


def draft_crosswalk(before: Referentiel, after: Referentiel) -> Crosswalk:
    """The crosswalk from ``before`` to ``after`` that matching ids alone suggests."""
    return Crosswalk(
        previous=before.version,
        nodes=_entries(nodes_of(before), nodes_of(after), before, after, False),
        questions=_entries(before.questions(), after.questions(), before, after, True))
