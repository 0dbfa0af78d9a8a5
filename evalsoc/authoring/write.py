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
    DIAGNOSTIC,
    DIAGNOSTIC_KEYS,
    DIAGNOSTIC_SHEETS,
    GLOSSARY,
    SETTINGS,
    SHEETS,
    TREE,
    Sheet,
)
from evalsoc.catalogue import Code
from evalsoc.errors import AuthoringError
from evalsoc.exports.safe import write_xlsx
from evalsoc.referentiel.model import Referentiel

__all__ = ["README", "README_DIAGNOSTIC", "bundle_refused", "workbook_frames",
           "write_authoring"]

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
    "Listes (tags, top, old, new, collection, applies_if.codes, alert.codes) : éléments "
    "séparés par des virgules. Une feuille « glossaire » (term, definition), s'il y en a "
    "une, donne le glossaire des questionnaires. Options : une ligne "
    "par réponse, avec « echelle » ou « question ». Correspondance : « niveau » vaut noeud "
    "ou question ; « ligne » nomme la ligne que complètent « correspondance_options » "
    "(ancien code → nouveau code, nouveau vide : sans équivalent) et "
    "« correspondance_tranches » (docs/versions.md).",
    "Pour en refaire le YAML : evalsoc referentiel import-xlsx CE-FICHIER.xlsx -o "
    "referentiels/<id>/<version>.yaml ; les erreurs y sont situées par feuille et cellule "
    "(evalsoc referentiel check CE-FICHIER.xlsx les donne aussi).",
)


README_DIAGNOSTIC = (
    "Ce classeur est un référentiel evalsoc de type « diagnostic » (des valeurs lues sur "
    "des bandes, jamais une note) : « referentiel » (les réglages, une ligne par champ), "
    "« groupes », « niveaux », « echelles » et « options », puis la section du diagnostic : "
    "« diagnostic » (ses réglages, une ligne par champ), « periodes », « parametres », "
    "« sections » et leurs « lignes », « controles », « agregats », « ratios » et, pour "
    "chaque ratio, ses « bandes » (dans l'ordre où elles sont essayées), ses « notes » et "
    "sa lecture secondaire (« secondaires ») ; enfin la table de correspondance avec la "
    "version précédente (« correspondance », « correspondance_options », "
    "« correspondance_tranches »).",
    "Chaque colonne porte le nom du champ du format YAML (docs/autodiagnostic-financier.md). "
    "Une colonne qui nomme le parent (« section » dans « lignes », « ratio » dans "
    "« bandes », « notes » et « secondaires ») rattache la ligne ; l'ordre des lignes est "
    "l'ordre du référentiel. Une case vide vaut la valeur par défaut.",
    "Une ligne qui reprend une question de la bibliothèque partagée la nomme dans « use » : "
    "la question reste celle de la bibliothèque (questions-partagees.yaml), la ligne n'en "
    "redit ni le type, ni les bornes. Listes (periods, sector.medians...) : éléments "
    "séparés par des virgules.",
    README[3],
)
# the fields of a référentiel the workbook carries (a field added to the model and not
# here refuses the export rather than being lost: REF112)
_CARRIED = frozenset({
    "schema_version", "id", "version", "title", "status", "kind", "description", "sources",
    "changelog", "na_policy", "min_coverage", "pistes_threshold", "overall_score", "groups",
    "levels", "scales", "dimensions", "crosswalk", "diagnostic", "glossary"})


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and float(f"{value:.15g}") != value:
        return repr(value)  # a cell keeps 15 digits: more is written as text, exactly
    return value


def _lost(ref: str, fields: set[str], where: str = "") -> AuthoringError:
    """The refusal of fields the workbook would not carry (REF112)."""
    named = ", ".join(f"« {where}{f} »" for f in sorted(fields))
    return AuthoringError.of(Code.REF_XLSX_SHAPE, ref=ref, what=f"le champ {named}")


def _frame(sheet: Sheet, rows: list[dict[str, Any]], ref: str,
           nested: frozenset[str] = frozenset()) -> pd.DataFrame:
    """``nested``: the fields of the rows that other sheets carry."""
    keys = sheet.keys()
    for row in rows:
        if lost := set(row) - set(keys) - nested:
            raise _lost(ref, lost, f"{sheet.name} : ")
    data = [[_cell(row.get(k)) for k in keys] for row in rows]
    return pd.DataFrame(data, columns=keys, dtype=object)


def _settings(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for key in ("schema_version", "id", "version", "title", "status", "kind",
                "description"):
        if key in data:
            yield key, data[key]
    for key in ("sources", "changelog"):
        yield from ((key, item) for item in data.get(key, ()))
    for key in ("na_policy", "min_coverage", "pistes_threshold", "overall_score"):
        if key in data:
            yield key, data[key]
    if "crosswalk" in data:
        yield "crosswalk.previous", data["crosswalk"]["previous"]


def _settings_frame(rows: list[tuple[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame([(k, _cell(v)) for k, v in rows], columns=["champ", "valeur"],
                        dtype=object)


def _tree(data: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> None:
    for dim in data.get("dimensions", ()):
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
                    "top": consolidation.get("top"),
                    **_dotted(ind, "applies_if"), **_dotted(ind, "alert")})
                rows["tranches"] += [{"indicateur": ind["id"], **b}
                                     for b in scoring.get("bands", ())]
                for question in ind.get("questions", ()):
                    rows["questions"].append({**question, "indicateur": ind["id"]})
                    rows["options"] += [{"question": question["id"], **o}
                                        for o in question.get("options", ())]


def _dotted(item: dict[str, Any], key: str) -> dict[str, Any]:
    """``{"alert": {"codes": [...]}}`` -> ``{"alert.codes": [...]}``: a small object in
    columns of its own (its keys must all be columns: REF112 otherwise)."""
    return {f"{key}.{k}": v for k, v in (item.get(key) or {}).items()}


def bundle_refused(ref: str, parts: list[str]) -> AuthoringError:
    """The refusal of a bundle (``a+b``): not a file; each part has its workbook."""
    commands = " ; ".join(f"evalsoc referentiel export-xlsx {r} -o {r.split('@')[0]}.xlsx"
                          for r in parts)
    return AuthoringError.of(Code.REF_XLSX_BUNDLE, ref=ref, parts=", ".join(parts),
                             commands=commands)


_NESTED = {"echelles": frozenset({"options"}), "dimensions": frozenset({"criteres"}),
           "criteres": frozenset({"indicateurs", "pistes_action"}),
           "indicateurs": frozenset({"scoring", "questions", "bands", "applies_if",
                                     "alert"}),
           "questions": frozenset({"options"})}


def workbook_frames(referentiel: Referentiel) -> dict[str, pd.DataFrame]:
    """The sheets of the authoring workbook, in order: those of the tree for a
    référentiel « utilité sociale », those of its section for a diagnostic.
    AuthoringError (REF111, REF112) when the workbook could not carry it whole."""
    if referentiel.parts:
        raise bundle_refused(referentiel.ref, [p.ref for p in referentiel.parts])
    data = referentiel.model_dump(mode="json", exclude_defaults=True)
    try:
        if lost := set(data) - _CARRIED:
            raise _lost(referentiel.ref, lost)
        return _frames(data, referentiel.ref)
    except (KeyError, TypeError, AttributeError) as err:
        raise AuthoringError.of(Code.REF_XLSX_SHAPE, ref=referentiel.ref,
                                what=f"une forme inattendue ({type(err).__name__} : {err})"
                                ) from err


def _frames(data: dict[str, Any], ref: str) -> dict[str, pd.DataFrame]:
    rows: dict[str, list[dict[str, Any]]] = {s.name: [] for s in SHEETS}
    rows["groupes"] = list(data.get("groups", ()))
    rows["niveaux"] = list(data.get("levels", ()))
    for scale in data.get("scales", ()):
        rows["echelles"].append(scale)
        rows["options"] += [{"echelle": scale["id"], **o} for o in scale["options"]]
    diagnostic = data.get("diagnostic")
    _tree(data, rows)
    readme = README if diagnostic is None else README_DIAGNOSTIC
    frames = {"lisez-moi": pd.DataFrame({"lisez-moi": list(readme)}),  # read.README_SHEET
              SETTINGS: _settings_frame(list(_settings(data)))}
    frames.update({s.name: _frame(s, rows[s.name], ref, _NESTED.get(s.name, frozenset()))
                   for s in SHEETS if diagnostic is None or s.name not in TREE})
    if data.get("glossary"):
        frames[GLOSSARY.name] = _frame(GLOSSARY, list(data["glossary"]), ref)
    if diagnostic is not None:
        frames.update(_diagnostic(diagnostic, ref))
    frames.update(_crosswalk(data.get("crosswalk"), ref))
    return frames


_DIAGNOSTIC_LISTS = frozenset({"periods", "parameters", "sections", "checks", "aggregates",
                               "indicators", "sector"})
# what a line taking a shared question does not write (the library's question says it)
_SHARED = "type"


def _diagnostic_settings(diagnostic: dict[str, Any], ref: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key in DIAGNOSTIC_KEYS:
        top, _, sub = key.partition(".")
        value = diagnostic.get(top)
        if sub and isinstance(value, dict):
            value = value.get(sub)
            if lost := set(diagnostic[top]) - {k.partition(".")[2] for k in DIAGNOSTIC_KEYS
                                               if k.startswith(f"{top}.")}:
                raise _lost(ref, lost, f"diagnostic.{top}.")
        if value is not None and not (sub and value == []):
            out.append((key, value))
    return out


def _line(line: dict[str, Any], section: str) -> dict[str, Any]:
    """A line's row; a line taking a shared question names it (never written out)."""
    row = {**line, "section": section}
    shared = line.get("use")
    if isinstance(shared, dict):
        row["use"] = shared["id"]
        if row.get(_SHARED) == shared.get(_SHARED, "amount"):
            del row[_SHARED]
    return row


def _diagnostic(diagnostic: dict[str, Any], ref: str) -> dict[str, pd.DataFrame]:
    """The sheets of a diagnostic's section (:data:`DIAGNOSTIC_SHEETS`)."""
    if lost := set(diagnostic) - _DIAGNOSTIC_LISTS - {k.partition(".")[0]
                                                     for k in DIAGNOSTIC_KEYS}:
        raise _lost(ref, lost, "diagnostic.")
    rows: dict[str, list[dict[str, Any]]] = {s.name: [] for s in DIAGNOSTIC_SHEETS}
    rows["periodes"] = list(diagnostic.get("periods", ()))
    rows["parametres"] = list(diagnostic.get("parameters", ()))
    rows["controles"] = list(diagnostic.get("checks", ()))
    rows["agregats"] = list(diagnostic.get("aggregates", ()))
    for section in diagnostic.get("sections", ()):
        rows["sections"].append(section)
        rows["lignes"] += [_line(line, section["id"]) for line in section.get("lines", ())]
    for indicator in diagnostic.get("indicators", ()):
        ident = indicator["id"]
        sources = indicator.get("sources", {})
        if lost := set(sources) - {"formula", "bands", "reference"}:
            raise _lost(ref, lost, "ratios : sources.")
        rows["ratios"].append({**indicator,
                               **{f"sources.{k}": v for k, v in sources.items()}})
        rows["bandes"] += [{"ratio": ident, **b} for b in indicator.get("bands", ())]
        rows["notes"] += [{"ratio": ident, **n} for n in indicator.get("notes", ())]
        if "secondary" in indicator:
            rows["secondaires"].append({"ratio": ident, **indicator["secondary"]})
    nested = {"sections": frozenset({"lines"}),
              "ratios": frozenset({"sources", "bands", "notes", "secondary"})}
    frames = {DIAGNOSTIC: _settings_frame(_diagnostic_settings(diagnostic, ref))}
    frames.update({s.name: _frame(s, rows[s.name], ref, nested.get(s.name, frozenset()))
                   for s in DIAGNOSTIC_SHEETS})
    return frames


def _crosswalk(data: dict[str, Any] | None, ref: str) -> dict[str, pd.DataFrame]:
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
    return {CROSSWALK.name: _frame(CROSSWALK, entries, ref, frozenset({"options", "bands"})),
            CROSSWALK_OPTIONS.name: _frame(CROSSWALK_OPTIONS, options, ref),
            CROSSWALK_BANDS.name: _frame(CROSSWALK_BANDS, bands, ref)}


def write_authoring(referentiel: Referentiel, path: Path) -> None:
    """The référentiel's authoring workbook at ``path``, written whole (atomically)."""
    write_xlsx(path, workbook_frames(referentiel))
