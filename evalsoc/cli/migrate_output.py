"""What ``evalsoc migrate`` prints: the same text for ``--dry-run`` and for the real
migration (only the last line differs), and a JSON holding the very rows written."""

from __future__ import annotations

from collections import Counter
from typing import Any

from evalsoc.catalogue import Code
from evalsoc.issues import make_issue
from evalsoc.store.migration import MigrationPlan
from evalsoc.store.scoresets import SCORE_COLUMNS
from evalsoc.versions.flags import Flag
from evalsoc.versions.impact import Impact
from evalsoc.versions.impact_text import impact_lines

__all__ = ["migration_json", "migration_lines"]


def _flags(plan: MigrationPlan) -> str:
    counts = Counter(f.flag for f in plan.flags.values())
    return ", ".join(f"{flag.label} : {counts[flag]}" for flag in Flag)


def _left_out(plan: MigrationPlan) -> list[str]:
    """VER022: answers of the earlier version that no question of the new one takes."""
    lost: Counter[str] = Counter()
    unsplit: Counter[str] = Counter()
    for report in plan.translations:
        lost.update(report.not_carried)
        lost.update(report.no_equivalent)
        unsplit.update(report.unsplit)
    lines = []
    if total := sum(lost.values()):
        detail = ", ".join(f"{q} : {n}" for q, n in sorted(lost.items()) if n)
        issue = make_issue(Code.VER_NOT_CARRIED, count=total, old=plan.source,
                           new=plan.target.ref, detail=detail)
        lines.append(f"[{issue.code}] {issue.message}")
    if unsplit:
        lines.append("Parties de questions scindées sans correspondance, laissées sans "
                     "réponse : " + ", ".join(f"{q} ({n})" for q, n in sorted(unsplit.items()))
                     + ".")
    refused = sum(len(r.refused) for r in plan.translations)
    if refused:
        lines.append(f"Réponses converties refusées par {plan.target.ref} (hors limites) : "
                     f"{refused}.")
    return lines


def migration_lines(plan: MigrationPlan, impact: Impact, dry_run: bool) -> list[str]:
    lines = [f"Campagne « {plan.campaign} » : {plan.source} → {plan.target.ref}, "
             f"{len(plan.structures)} questionnaire(s) de structure recalculé(s) à partir de "
             "leurs réponses enregistrées.",
             f"Séries des nœuds : {_flags(plan)}.", *_left_out(plan), "",
             *impact_lines(impact), ""]
    if dry_run:
        lines.append("Simulation (--dry-run) : rien n'est écrit.")
    else:
        lines.append(f"Écrit. Les scores sous {plan.source} sont gardés : evalsoc migrate "
                     f"--campagne {plan.campaign} --annuler pour y revenir.")
    return lines


def migration_json(plan: MigrationPlan, impact: Impact, dry_run: bool) -> dict[str, Any]:
    return {
        "campagne": plan.campaign, "de": plan.source, "vers": plan.target.ref,
        "empreinte": plan.target_hash, "simulation": dry_run,
        "questionnaires": len(plan.structures),
        "series": {node: {"serie": f.flag.value, "cause": f.cause}
                   for node, f in plan.flags.items()},
        "scores": [dict(zip(SCORE_COLUMNS, row, strict=True)) for row in plan.rows],
        "series_lignes": [dict(zip(("submission_id", "node", "flag", "origin", "cause"), row,
                                   strict=True)) for row in plan.series],
        "impact": impact.json(),
    }
