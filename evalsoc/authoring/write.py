"""A référentiel written as an authoring workbook (:mod:`evalsoc.authoring.layout`).

Only what the author wrote is written (values left at their default stay empty), so
that reading the workbook back gives the same document, hence the same fingerprint.
Every text is written as text, never as a formula (:func:`evalsoc.exports.safe.write_xlsx`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from evalsoc.authoring.layout import (
    CROSSWALK,
    CROSSWALK_BANDS,
    CROSSWALK_OPTIONS,
    SETTINGS,
    SHEETS,
    Sheet,
)
from evalsoc.exports.safe import write_xlsx
from evalsoc.referentiel.model import Referentiel

__all__ = ["README", "workbook_frames", "write_authoring"]

README = (
    "Ce classeur est un référentiel evalsoc, une feuille par niveau : « referentiel » (les "
    "réglages, une ligne par champ), « groupes », « niveaux », « echelles » et « options » "
    "(les réponses des échelles et des questions), « dimensions », « criteres », « pistes », "
    "« indicateurs », « tranches », « questions », et la table de correspondance avec la "
    "version précédente (« correspondance », « correspondance_options », "
    "« correspondance_tranches »).",
    "Chaque colonne porte le nom du champ du format YAML (docs/referentiels.md). Une colonne "
    "qui nomme le parent (« dimension » dans « criteres », « critere » dans « indicateurs », "
    "« indicateur » dans « questions »...) rattache la ligne ; l'ordre des lignes est "
    "l'ordre du référentiel. Une case vide vaut la valeur par défaut.",
    "Listes (tags, top, old, new) : éléments séparés par des virgules. Options : une ligne "
    "par réponse, avec « echelle » ou « question ». Correspondance : « niveau » vaut noeud "
    "ou question ; « ligne » nomme la ligne que complètent « correspondance_options » "
    "(ancien code → nouveau code, nouveau vide : sans équivalent) et "
    "« correspondance_tranches » (docs/versions.md).",
    "Pour en refaire le YAML : evalsoc referentiel import-xlsx CE-FICHIER.xlsx -o "
    "referentiels/<id>/<version>.yaml ; les erreurs y sont situées par feuille et cellule "
    "(evalsoc referentiel check CE-FICHIER.xlsx les donne aussi).",
)


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and float(f"{value:.15g}") != value:
        return repr(value)  # a cell keeps 15 digits: more is written as text, exactly
    return value


def _frame(sheet: Sheet, rows: list[dict[str, Any]]) -> pd.DataFrame:
    keys = sheet.keys()
    data = [[_cell(row.get(k)) for k in keys] for row in rows]
    return pd.DataFrame(data, columns=keys, dtype=object)


def _settings(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for key in ("schema_version", "id", "version", "title", "status", "description"):
        if key in data:
            yield key, data[key]
    for key in ("sources", "changelog"):
        yield from ((key, item) for item in data.get(key, ()))
    for key in ("na_policy", "min_coverage", "pistes_threshold", "overall_score"):
        if key in data:
            yield key, data[key]
    if "crosswalk" in data:
        yield "crosswalk.previous", data["crosswalk"]["previous"]


def _tree(data: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> None:
    for dim in data["dimensions"]:
        rows["dimensions"].append(dim)
        for crit in dim.get("criteres", ()):
            rows["criteres"].append({**crit, "dimension": dim["id"]})
            rows["pistes"] += [{"critere": crit["id"], "piste": p}
                               for p in crit.get("pistes_action", ())]
            for ind in crit.get("indicateurs", ()):
                scoring = ind["scoring"]
                consolidation = scoring.get("consolidation", {})
                rows["indicateurs"].append({
                    **ind, **scoring, "critere": crit["id"],
                    "consolidation": consolidation.get("method"),
                    "top": consolidation.get("top")})
                rows["tranches"] += [{"indicateur": ind["id"], **b}
                                     for b in scoring.get("bands", ())]
                for question in ind.get("questions", ()):
                    rows["questions"].append({**question, "indicateur": ind["id"]})
                    rows["options"] += [{"question": question["id"], **o}
                                        for o in question.get("options", ())]


def workbook_frames(referentiel: Referentiel) -> dict[str, pd.DataFrame]:
    """The sheets of the authoring workbook, in order."""
    data = referentiel.model_dump(mode="json", exclude_defaults=True)
    rows: dict[str, list[dict[str, Any]]] = {s.name: [] for s in SHEETS}
    rows["groupes"] = list(data.get("groups", ()))
    rows["niveaux"] = list(data.get("levels", ()))
    for scale in data.get("scales", ()):
        rows["echelles"].append(scale)
        rows["options"] += [{"echelle": scale["id"], **o} for o in scale["options"]]
    _tree(data, rows)
    frames = {"lisez-moi": pd.DataFrame({"lisez-moi": list(README)}),  # read.README_SHEET
              SETTINGS: pd.DataFrame([(k, _cell(v)) for k, v in _settings(data)],
                                     columns=["champ", "valeur"], dtype=object)}
    frames.update({s.name: _frame(s, rows[s.name]) for s in SHEETS})
    frames.update(_crosswalk(data.get("crosswalk")))
    return frames


def _crosswalk(data: dict[str, Any] | None) -> dict[str, pd.DataFrame]:
    entries: list[dict[str, Any]] = []
    options: list[dict[str, Any]] = []
    bands: list[dict[str, Any]] = []
    for section, level, prefix in (("nodes", "noeud", "n"), ("questions", "question", "q")):
        for index, entry in enumerate((data or {}).get(section, ()), start=1):
            line = f"{prefix}{index}"
            entries.append({**entry, "ligne": line, "niveau": level})
            options += [{"ligne": line, "ancien": k, "nouveau": v}
                        for k, v in entry.get("options", {}).items()]
            bands += [{"ligne": line, "min": b["min"], "code": b["code"]}
                      for b in entry.get("bands", ())]
    return {CROSSWALK.name: _frame(CROSSWALK, entries),
            CROSSWALK_OPTIONS.name: _frame(CROSSWALK_OPTIONS, options),
            CROSSWALK_BANDS.name: _frame(CROSSWALK_BANDS, bands)}


def write_authoring(referentiel: Referentiel, path: Path) -> None:
    """The référentiel's authoring workbook at ``path``, written whole (atomically)."""
    write_xlsx(path, workbook_frames(referentiel))
