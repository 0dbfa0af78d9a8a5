"""The rows of an authoring workbook put back together as the document of the YAML
format (:mod:`evalsoc.authoring.layout`), each value placed at its cell.

A row attaches to the parent its parent column names (a critère to its dimension, a
question to its indicateur...), found among the rows above; the rows keep their order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from evalsoc.authoring.cells import typed
from evalsoc.authoring.layout import (
    CROSSWALK,
    CROSSWALK_BANDS,
    CROSSWALK_OPTIONS,
    DIAGNOSTIC,
    DIAGNOSTIC_KEYS,
    DIAGNOSTIC_SHEETS,
    GLOSSARY,
    LEVELS,
    SETTING_KEYS,
    SETTINGS,
    SHEETS,
    Sheet,
)
from evalsoc.catalogue import Code
from evalsoc.issues import Loc

if TYPE_CHECKING:  # read imports this module
    from evalsoc.authoring.read import Document, Row

__all__ = ["assemble"]

_NODE_KEYS = ("id", "label", "description", "weight", "tags", "na_policy", "min_coverage")
_INDICATOR_KEYS = (*_NODE_KEYS, "kind", "direction")
_SCORING_KEYS = ("method", "question", "formula", "polarity", "low", "high")
_LISTED = ("sources", "changelog")
_OBJECTS = ("applies_if", "alert")  # an indicator's small objects, one column per field


def assemble(doc: Document) -> None:
    """Fill ``doc.data`` (and ``doc.cells``) from ``doc.sheets``."""
    _settings(doc)
    data = doc.data
    data["groups"] = _plain_rows(doc, "groupes", "groups")
    if levels := _plain_rows(doc, "niveaux", "levels"):
        data["levels"] = levels
    scales = _plain_rows(doc, "echelles", "scales")
    if scales:
        data["scales"] = scales
    questions = _tree(doc)
    _options(doc, scales, questions)
    if glossary := _plain_rows(doc, GLOSSARY.name, "glossary"):
        data["glossary"] = glossary
    _crosswalk(doc)
    _diagnostic(doc)


def _row_values(row: Row, keys: tuple[str, ...] | None = None, drop: str | None = None
                ) -> dict[str, Any]:
    return {k: v for k, v in row.values.items()
            if (keys is None or k in keys) and k != drop}


def _plain_rows(doc: Document, sheet: str, section: str,
                drop: str | None = None, prefix: Loc = ()) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for row in doc.sheets.get(sheet, ()):
        doc.place_row((*prefix, section, len(out)), row)
        out.append(_row_values(row, drop=drop))
    return out


def _settings(doc: Document) -> None:
    data = doc.data
    for row in doc.sheets.get(SETTINGS, ()):
        key = str(row.values.get("champ", "")).strip()
        raw = row.values.get("valeur")
        if key not in SETTING_KEYS:
            doc.add(Code.REF_XLSX_SETTING, row, "champ", raw=key,
                    known=", ".join(SETTING_KEYS))
            continue
        if raw is None:
            continue
        try:
            value = typed(raw, SETTING_KEYS[key])
        except ValueError as err:
            doc.add(Code.REF_XLSX_VALUE, row, "valeur", raw=str(raw)[:60], column=key,
                    expected=str(err))
            continue
        loc: Loc
        if key in _LISTED:
            items = data.setdefault(key, [])
            loc = (key, len(items))
            items.append(value)
        elif key == "crosswalk.previous":
            data.setdefault("crosswalk", {})["previous"] = value
            loc = ("crosswalk", "previous")
        else:
            data[key] = value
            loc = (key,)
        doc.place(loc, row, "valeur")


class _Parents:
    """Rows found so far, by id, with where their children go."""

    def __init__(self, doc: Document, sheet: str) -> None:
        self.doc = doc
        self.sheet = sheet
        self.found: dict[str, tuple[dict[str, Any], Loc]] = {}
        self.lost: set[Any] = set()  # rows left out (already reported): their children too

    def add(self, ident: Any, item: dict[str, Any], loc: Loc) -> None:
        if isinstance(ident, str) and ident not in self.found:
            self.found[ident] = (item, loc)

    def of(self, row: Row, column: str) -> tuple[dict[str, Any], Loc] | None:
        parent = row.values.get(column)
        if parent in self.found:
            return self.found[str(parent)]
        if parent is not None and parent in self.lost:
            return None
        self.doc.add(Code.REF_XLSX_PARENT, row, column, parent=parent or "",
                     column=column, parent_sheet=self.sheet, raw=parent)
        return None


def _child(doc: Document, parents: _Parents, row: Row, sheet: Sheet, key: str,
           values: dict[str, Any]) -> tuple[dict[str, Any], Loc] | None:
    """``values`` appended to the ``key`` list of the row's parent, and placed."""
    assert sheet.parent is not None
    found = parents.of(row, sheet.parent)
    if found is None:
        return None
    parent, parent_loc = found
    items = parent.setdefault(key, [])
    loc = (*parent_loc, key, len(items))
    items.append(values)
    doc.place_row(loc, row)
    return values, loc


def _sheet(name: str) -> Sheet:
    return next(s for s in (*SHEETS, *DIAGNOSTIC_SHEETS) if s.name == name)


def _tree(doc: Document) -> _Parents:
    """Dimensions, critères, pistes, indicateurs, tranches and questions; the questions
    found (for their options)."""
    dimensions: list[dict[str, Any]] = []
    doc.data["dimensions"] = dimensions
    dims = _Parents(doc, "dimensions")
    for row in doc.sheets.get("dimensions", ()):
        item = _row_values(row)
        loc: Loc = ("dimensions", len(dimensions))
        dimensions.append(item)
        doc.place_row(loc, row)
        dims.add(item.get("id"), item, loc)
    crits = _Parents(doc, "criteres")
    for row in doc.sheets.get("criteres", ()):
        placed = _child(doc, dims, row, _sheet("criteres"), "criteres",
                        _row_values(row, drop="dimension"))
        if placed:
            crits.add(placed[0].get("id"), *placed)
        else:
            crits.lost.add(row.values.get("id"))
    for row in doc.sheets.get("pistes", ()):
        found = crits.of(row, "critere")
        if found is not None and "piste" in row.values:
            items = found[0].setdefault("pistes_action", [])
            doc.place((*found[1], "pistes_action", len(items)), row, "piste")
            items.append(row.values["piste"])
    inds = _indicateurs(doc, crits)
    _bands(doc, inds)
    questions = _Parents(doc, "questions")
    for row in doc.sheets.get("questions", ()):
        placed = _child(doc, inds, row, _sheet("questions"), "questions",
                        _row_values(row, drop="indicateur"))
        if placed:
            questions.add(placed[0].get("id"), *placed)
        else:
            questions.lost.add(row.values.get("id"))
    return questions


def _indicateurs(doc: Document, crits: _Parents) -> _Parents:
    inds = _Parents(doc, "indicateurs")
    for row in doc.sheets.get("indicateurs", ()):
        item = _row_values(row, _INDICATOR_KEYS)
        scoring = _row_values(row, _SCORING_KEYS)
        consolidation = {k: row.values[c] for k, c in (("method", "consolidation"),
                                                       ("top", "top")) if c in row.values}
        if consolidation:
            scoring["consolidation"] = consolidation
        item["scoring"] = scoring
        for key in _OBJECTS:
            if fields := {c.partition(".")[2]: v for c, v in row.values.items()
                          if c.startswith(f"{key}.")}:
                item[key] = fields
        placed = _child(doc, crits, row, _sheet("indicateurs"), "indicateurs", item)
        if placed is None:
            inds.lost.add(item.get("id"))
            continue
        loc = placed[1]
        for key in _SCORING_KEYS:
            if key in row.cells:
                doc.place((*loc, "scoring", key), row, key)
        doc.place((*loc, "scoring"), row, "method")
        for key, column in (("method", "consolidation"), ("top", "top")):
            if column in row.cells:
                doc.place((*loc, "scoring", "consolidation", key), row, column)
        for column in row.cells:
            key, dot, field = column.partition(".")
            if dot and key in _OBJECTS:
                doc.place((*loc, key, field), row, column)
        inds.add(item.get("id"), item, loc)
    return inds


def _bands(doc: Document, inds: _Parents) -> None:
    """Tranches into their indicateur's scoring."""
    for row in doc.sheets.get("tranches", ()):
        found = inds.of(row, "indicateur")
        if found is None:
            continue
        item, loc = found
        bands = item["scoring"].setdefault("bands", [])
        band_loc = (*loc, "scoring", "bands", len(bands))
        bands.append(_row_values(row, drop="indicateur"))
        doc.place_row(band_loc, row)


def _options(doc: Document, scales: list[dict[str, Any]], questions: _Parents) -> None:
    by_scale: dict[Any, tuple[dict[str, Any], Loc]] = {
        s.get("id"): (s, ("scales", i)) for i, s in enumerate(scales)}
    for row in doc.sheets.get("options", ()):
        values = _row_values(row)
        scale, question = values.pop("echelle", None), values.pop("question", None)
        if (scale is None) == (question is None):
            doc.add(Code.REF_XLSX_PARENT, row, "echelle", parent=scale or question or "",
                    column="echelle » ou « question", parent_sheet="options / questions",
                    raw=scale or question)
            continue
        if scale is not None:
            if scale not in by_scale:
                doc.add(Code.REF_XLSX_PARENT, row, "echelle", parent=scale,
                        column="echelle", parent_sheet="echelles", raw=scale)
                continue
            parent, loc = by_scale[scale]
        else:
            found = questions.of(row, "question")
            if found is None:
                continue
            parent, loc = found
        items = parent.setdefault("options", [])
        doc.place_row((*loc, "options", len(items)), row)
        items.append(values)


def _crosswalk(doc: Document) -> None:
    rows = doc.sheets.get(CROSSWALK.name, ())
    if not rows and "crosswalk" not in doc.data:
        return
    crosswalk = doc.data.setdefault("crosswalk", {})
    lines: dict[str, tuple[dict[str, Any], Loc]] = {}
    for row in rows:
        values = _row_values(row)
        level = values.pop("niveau", None)
        line = values.pop("ligne", None)
        section = LEVELS.get(str(level).strip().casefold() if level else "")
        if section is None:
            doc.add(Code.REF_XLSX_VALUE, row, "niveau", raw=level or "", column="niveau",
                    expected="« noeud » ou « question »")
            continue
        entries = crosswalk.setdefault(section, [])
        loc: Loc = ("crosswalk", section, len(entries))
        entries.append(values)
        doc.place_row(loc, row)
        if line is not None:
            lines[str(line)] = (values, loc)
    _crosswalk_details(doc, lines)


def _crosswalk_details(doc: Document, lines: dict[str, tuple[dict[str, Any], Loc]]) -> None:
    for row in doc.sheets.get(CROSSWALK_OPTIONS.name, ()):
        found = _line(doc, row, lines, CROSSWALK_OPTIONS.name)
        if found is None or "ancien" not in row.values:
            continue
        entry, loc = found
        old = row.values["ancien"]
        entry.setdefault("options", {})[old] = row.values.get("nouveau")
        doc.place((*loc, "options", old), row, "ancien")
    for row in doc.sheets.get(CROSSWALK_BANDS.name, ()):
        found = _line(doc, row, lines, CROSSWALK_BANDS.name)
        if found is None:
            continue
        entry, loc = found
        bands = entry.setdefault("bands", [])
        doc.place_row((*loc, "bands", len(bands)), row)
        bands.append(_row_values(row, drop="ligne"))


def _line(doc: Document, row: Row, lines: dict[str, tuple[dict[str, Any], Loc]],
          sheet: str) -> tuple[dict[str, Any], Loc] | None:
    line = row.values.get("ligne")
    if line is not None and str(line) in lines:
        return lines[str(line)]
    doc.add(Code.REF_XLSX_PARENT, row, "ligne", parent=line or "", column="ligne",
            parent_sheet=CROSSWALK.name, raw=line)
    return None


_ROOT: Loc = ("diagnostic",)


def _diagnostic(doc: Document) -> None:
    """The section of a référentiel « diagnostic », when the workbook has its sheets."""
    if not {DIAGNOSTIC, *(s.name for s in DIAGNOSTIC_SHEETS)} & set(doc.sheets):
        return
    section: dict[str, Any] = {}
    doc.data["diagnostic"] = section
    if rows := doc.sheets.get(DIAGNOSTIC):
        doc.place(_ROOT, rows[0])
    _diagnostic_settings(doc, section)
    for key, sheet in (("periods", "periodes"), ("parameters", "parametres"),
                       ("checks", "controles"), ("aggregates", "agregats")):
        if items := _plain_rows(doc, sheet, key, prefix=_ROOT):
            section[key] = items
    section["sections"] = _plain_rows(doc, "sections", "sections", prefix=_ROOT)
    parts = _Parents(doc, "sections")
    for index, item in enumerate(section["sections"]):
        parts.add(item.get("id"), item, (*_ROOT, "sections", index))
    for row in doc.sheets.get("lignes", ()):
        _child(doc, parts, row, _sheet("lignes"), "lines", _row_values(row, drop="section"))
    section["indicators"] = []
    _ratios(doc, section["indicators"])


def _diagnostic_settings(doc: Document, section: dict[str, Any]) -> None:
    for row in doc.sheets.get(DIAGNOSTIC, ()):
        key = str(row.values.get("champ", "")).strip()
        raw = row.values.get("valeur")
        if key not in DIAGNOSTIC_KEYS:
            doc.add(Code.REF_XLSX_DIAGNOSTIC_SETTING, row, "champ", raw=key,
                    known=", ".join(DIAGNOSTIC_KEYS))
            continue
        if raw is None:
            continue
        try:
            value = typed(raw, DIAGNOSTIC_KEYS[key])
        except ValueError as err:  # what the cell should hold (as main's cells.typed says)
            doc.add(Code.REF_XLSX_VALUE, row, "valeur", raw=str(raw)[:60], column=key,
                    expected=str(err))
            continue
        top, _, sub = key.partition(".")
        if sub:
            section.setdefault(top, {})[sub] = value
            doc.place((*_ROOT, top, sub), row, "valeur")
            doc.place((*_ROOT, top), row, "valeur")
        else:
            section[key] = value
            doc.place((*_ROOT, key), row, "valeur")


def _ratios(doc: Document, indicators: list[dict[str, Any]]) -> None:
    """Ratios, their sources, bands, notes and secondary reading."""
    ratios = _Parents(doc, "ratios")
    for row in doc.sheets.get("ratios", ()):
        item = {k: v for k, v in row.values.items() if not k.startswith("sources.")}
        sources = {k.partition(".")[2]: v for k, v in row.values.items()
                   if k.startswith("sources.")}
        if sources:
            item["sources"] = sources
        loc: Loc = (*_ROOT, "indicators", len(indicators))
        indicators.append(item)
        doc.place_row(loc, row)
        for key in sources:
            doc.place((*loc, "sources", key), row, f"sources.{key}")
        doc.place((*loc, "sources"), row, "sources.formula")
        ratios.add(item.get("id"), item, loc)
    for sheet, key in (("bandes", "bands"), ("notes", "notes")):
        for row in doc.sheets.get(sheet, ()):
            _child(doc, ratios, row, _sheet(sheet), key, _row_values(row, drop="ratio"))
    for row in doc.sheets.get("secondaires", ()):
        found = ratios.of(row, "ratio")
        if found is None:
            continue
        parent, parent_loc = found
        if "secondary" in parent:
            doc.add(Code.REF_XLSX_TWICE, row, "ratio", parent=row.values.get("ratio", ""),
                    sheet_name="secondaires", column="ratio",
                    rule="un ratio a au plus une lecture secondaire")
            continue
        parent["secondary"] = _row_values(row, drop="ratio")
        doc.place_row((*parent_loc, "secondary"), row)
