"""A diff told in French, for the terminal: one block per dimension of the new version,
one line per change (unchanged elements are only counted), details indented below."""

from __future__ import annotations

from evalsoc.referentiel.crosswalk import ChangeKind
from evalsoc.versions.diff import Change, Diff, StepDiff, kinds_text
from evalsoc.versions.flags import kind_label

__all__ = ["diff_lines"]


def diff_lines(found: Diff) -> list[str]:
    lines = [f"Changements de {found.old} à {found.new}"]
    for step in found.steps:
        lines += ["", *_step(step, found, several=len(found.steps) > 1)]
    return lines


def _step(step: StepDiff, found: Diff, several: bool) -> list[str]:
    lines = []
    if several:
        lines.append(f"== De {step.before} à {step.after} ==")
    if not step.declared:
        lines.append(f"{step.after} ne déclare pas de table de correspondance depuis "
                     f"{step.before} : éléments rapprochés par leur identifiant (écrivez la "
                     "table avec « evalsoc referentiel diff … --brouillon »).")
    counts = step.counts()
    lines.append(f"Nœuds : {kinds_text(counts['noeud'])}.")
    lines.append(f"Questions : {kinds_text(counts['question'])}.")
    for dimension, label in step.dimensions.items():
        changes = [c for c in step.changes
                   if c.dimension == dimension and c.kind is not ChangeKind.SAME]
        flag = found.flags.get(dimension) if not several else None
        if not changes and flag is None:
            continue
        title = f"{dimension} {label}"
        if flag is not None:
            title += f" — série : {flag.flag.label}"
        lines += ["", title]
        if not changes:
            lines.append("  aucun changement déclaré")
        lines += [line for change in changes for line in _change(change)]
    return lines


def _change(change: Change) -> list[str]:
    what = "nœud" if change.level == "noeud" else "question"
    olds = ", ".join(f"{i} « {label} »" for i, label in zip(change.old, change.old_labels,
                                                            strict=True))
    news = ", ".join(f"{i} « {label} »" for i, label in zip(change.new, change.new_labels,
                                                            strict=True))
    if change.kind is ChangeKind.NEW:
        head = f"  {what} {news} : {kind_label(change.kind)}"
    elif change.kind is ChangeKind.DROPPED or change.old == change.new:
        head = f"  {what} {olds} : {kind_label(change.kind)}"
    else:
        head = f"  {what} {olds} → {', '.join(change.new)} : {kind_label(change.kind)}"
    if change.flag is not None:
        head += f" ({change.flag.label})"
    lines = [head]
    lines += [f"      {detail}" for detail in change.details]
    if change.note:
        lines.append(f"      note : {change.note}")
    return lines
