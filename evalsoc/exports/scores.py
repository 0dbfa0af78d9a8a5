"""Batch scores as tables: long scores, wide profiles, files and their problems."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from evalsoc.batch.run import BatchItem
from evalsoc.explain.text import ABSENT_LABELS, nothing_applies
from evalsoc.exports.safe import write_csv, write_json, write_xlsx
from evalsoc.issues import Issue, Severity

__all__ = ["FORMATS", "ISSUE_COLUMNS", "file_frame", "issue_frame", "profile_frame",
           "score_frame", "write_scores"]

FORMATS = (".xlsx", ".csv", ".json")


def score_frame(items: Sequence[BatchItem]) -> pd.DataFrame:
    """One row per structure and node (dimension, critère, indicator)."""
    rows: list[dict[str, Any]] = []
    for item in items:
        result = item.result
        if result is None:
            continue
        for node in result.nodes().values():
            rows.append({
                "structure_id": result.structure.id, "structure": result.structure.name,
                "fichier": item.read.file, "referentiel": result.referentiel,
                "empreinte": result.referentiel_hash[:12], "noeud": node.id,
                "type": node.kind, "libelle": node.label,
                "score": None if node.score is None else round(node.score, 2),
                "niveau": node.level, "niveau_libelle": node.level_label,
                "completude": None if nothing_applies(node) else round(node.completeness, 4),
                "absence": ABSENT_LABELS.get(node.absent) if node.absent else
                ("informatif" if node.informational else None),
                "raison": node.reason or None,
            })
    return pd.DataFrame(rows, columns=["structure_id", "structure", "fichier", "referentiel",
                                       "empreinte", "noeud", "type", "libelle", "score",
                                       "niveau", "niveau_libelle", "completude", "absence",
                                       "raison"])


def profile_frame(items: Sequence[BatchItem]) -> pd.DataFrame:
    """One row per structure, one column per dimension."""
    rows = []
    for item in items:
        if item.result is None:
            continue
        row: dict[str, Any] = {"structure_id": item.result.structure.id,
                               "structure": item.result.structure.name,
                               "fichier": item.read.file}
        for dim in item.result.dimensions:
            row[dim.id] = None if dim.score is None else round(dim.score, 2)
        rows.append(row)
    return pd.DataFrame(rows)


def file_frame(items: Sequence[BatchItem]) -> pd.DataFrame:
    rows = []
    for item in items:
        errors = [i for i in item.read.issues if i.severity is Severity.ERROR]
        status = ("noté" if item.result is not None else
                  "questionnaire individuel" if item.read.individual and item.read.valid
                  else "non noté")
        rows.append({
            "fichier": item.read.file, "sha256": (item.read.sha256 or "")[:12],
            "statut": status, "erreurs": len(errors),
            "avertissements": len(item.read.issues) - len(errors),
            "fusionnes": len(item.merged),
            "cause": "; ".join(i.message for i in errors[:3]) or None,
        })
    return pd.DataFrame(rows)


# an issue's fields (the library's and the JSON report's names) -> the column headers of
# the tables people open: `evalsoc check --csv` and the "Problèmes" sheet of scores.xlsx
ISSUE_COLUMNS = {"code": "code", "severity": "gravite", "file": "fichier",
                 "file_sha256": "empreinte", "sheet": "onglet", "cell": "cellule",
                 "path": "chemin", "line": "ligne", "question": "question",
                 "respondent": "repondant", "raw": "valeur_saisie", "message": "message"}


def issue_frame(issues: Sequence[Issue]) -> pd.DataFrame:
    """One row per issue, French column headers (see ISSUE_COLUMNS)."""
    frame = pd.DataFrame([i.model_dump(mode="json") for i in issues],
                         columns=list(ISSUE_COLUMNS))
    return frame.rename(columns=ISSUE_COLUMNS)


def write_scores(path: Path, items: Sequence[BatchItem]) -> None:
    """By the file's suffix: XLSX (four sheets), CSV (long scores) or JSON (with traces)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        write_json(path, [{
            "file": i.read.file, "sha256": i.read.sha256, "valid": i.read.valid,
            "merged": list(i.merged),
            "issues": [x.model_dump(mode="json") for x in i.read.issues],
            "result": i.result.model_dump(mode="json") if i.result else None,
        } for i in items])
    elif suffix == ".csv":
        write_csv(path, score_frame(items))
    else:
        issues = [x for i in items for x in i.read.issues]
        write_xlsx(path, {"Scores": score_frame(items), "Profils": profile_frame(items),
                          "Fichiers": file_frame(items), "Problèmes": issue_frame(issues)})
