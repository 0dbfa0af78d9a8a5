"""The sheets of an authoring workbook and their columns.

A column is named by the field of the YAML format it holds (``id``, ``label``,
``weight``...); a column naming the parent (``dimension`` in « criteres ») attaches the
row to it; rows keep their order. A value left empty is the field's default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CROSSWALK",
    "CROSSWALK_BANDS",
    "CROSSWALK_OPTIONS",
    "DIAGNOSTIC",
    "DIAGNOSTIC_KEYS",
    "DIAGNOSTIC_SHEETS",
    "GLOSSARY",
    "LEVELS",
    "SETTINGS",
    "SETTING_KEYS",
    "SHEETS",
    "TREE",
    "Column",
    "Kind",
    "Sheet",
]

Kind = Literal["text", "number", "integer", "boolean", "list", "code"]


@dataclass(frozen=True)
class Column:
    key: str
    kind: Kind = "text"


@dataclass(frozen=True)
class Sheet:
    name: str
    parent: str | None  # the column naming the row's parent
    columns: tuple[Column, ...]

    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


def _cols(*spec: str) -> tuple[Column, ...]:
    """« weight:number » → Column("weight", "number")."""
    out = []
    for item in spec:
        key, _, kind = item.partition(":")
        out.append(Column(key, kind or "text"))  # type: ignore[arg-type]
    return tuple(out)


_NODE = ("id", "label", "description", "weight:number", "tags:list", "na_policy",
         "min_coverage:number")

SETTINGS = "referentiel"
# the settings sheet: one row per field (« champ », « valeur »); sources and changelog
# take one row per entry; crosswalk.previous is the crosswalk's starting version
SETTING_KEYS: dict[str, Kind] = {
    "schema_version": "integer", "id": "text", "version": "text", "title": "text",
    "status": "text", "kind": "text", "description": "text", "sources": "text", "changelog": "text",
    "na_policy": "text", "min_coverage": "number", "pistes_threshold": "number",
    "overall_score": "boolean", "crosswalk.previous": "text",
}
SHEETS: tuple[Sheet, ...] = (
    Sheet("groupes", None, _cols("id", "label", "description", "multiple:boolean",
                                 "min_respondents:integer", "typical_respondents:integer",
                                 "collection:list")),
    Sheet("niveaux", None, _cols("code:integer", "label", "min:number", "color")),
    Sheet("echelles", None, _cols("id", "label")),
    Sheet("options", None, _cols("echelle", "question", "code:code", "label", "score:number",
                                 "meaning")),
    Sheet("dimensions", None, _cols(*_NODE)),
    Sheet("criteres", "dimension", _cols("dimension", *_NODE)),
    Sheet("pistes", "critere", _cols("critere", "piste")),
    Sheet("indicateurs", "critere", _cols(
        "critere", *_NODE, "kind", "direction", "method", "question", "formula", "polarity",
        "low:number", "high:number", "consolidation", "top:list", "applies_if.question",
        "applies_if.codes:list", "alert.codes:list", "alert.message")),
    Sheet("tranches", "indicateur", _cols("indicateur", "min:number", "score:number")),
    Sheet("questions", "indicateur", _cols(
        "indicateur", "id", "label", "description", "group", "type", "scale", "cap:number",
        "required:boolean", "allow_non_concerne:boolean", "unit", "min:number", "max:number",
        "weight:number", "tags:list", "mirror")),
)
# the glossary of the questionnaires (« Glossaire » sheet): one row per term; written
# when the référentiel has one, read when the sheet is there
GLOSSARY = Sheet("glossaire", None, _cols("term", "definition"))
CROSSWALK = Sheet("correspondance", None, _cols(
    "ligne", "niveau", "old:list", "new:list", "change", "factor:number", "offset:number",
    "combine", "note"))
CROSSWALK_OPTIONS = Sheet("correspondance_options", "ligne", _cols("ligne", "ancien:code",
                                                                   "nouveau:code"))
CROSSWALK_BANDS = Sheet("correspondance_tranches", "ligne", _cols("ligne", "min:number",
                                                                  "code:code"))
LEVELS = {"noeud": "nodes", "question": "questions"}  # « niveau » → crosswalk section

# the sheets of the tree of a référentiel « utilité sociale » (a diagnostic has none)
TREE = frozenset({"dimensions", "criteres", "pistes", "indicateurs", "tranches",
                  "questions"})

# A référentiel « diagnostic » (kind: diagnostic, evalsoc.referentiel.diagnostic): its
# section's settings, one row per field (« champ », « valeur », as « referentiel »), then
# one sheet per list. A line that takes a question of the shared library names it in
# « use » (the question stays the library's: only its id is written); a ratio's bands,
# notes and secondary reading name it in « ratio », in order.
DIAGNOSTIC = "diagnostic"
DIAGNOSTIC_KEYS: dict[str, Kind] = {
    "sheet": "text", "title": "text", "introduction": "text", "sector.medians": "list",
    "sector.red": "list", "sector.by": "list",
}
DIAGNOSTIC_SHEETS: tuple[Sheet, ...] = (
    Sheet("periodes", None, _cols("id", "label", "description")),
    Sheet("parametres", None, _cols("id", "label", "value:number", "unit", "source",
                                    "reference")),
    Sheet("sections", None, _cols("id", "label", "description")),
    Sheet("lignes", "section", _cols(
        "section", "id", "use", "label", "accounts", "description", "type", "unit",
        "min:number", "max:number", "required:boolean", "allow_non_concerne:boolean",
        "total:boolean", "detail:boolean", "periods:list", "same_as")),
    Sheet("controles", None, _cols("id", "label", "line", "equals", "relation",
                                   "tolerance:number", "severity", "fix")),
    Sheet("agregats", None, _cols("id", "label", "formula", "unit", "description")),
    Sheet("ratios", None, _cols(
        "id", "label", "family", "formula", "unit", "description", "sources.formula",
        "sources.bands", "sources.reference", "discuss", "periods:list")),
    Sheet("bandes", "ratio", _cols("ratio", "color", "when", "alert")),
    Sheet("notes", "ratio", _cols("ratio", "when", "text")),
    Sheet("secondaires", "ratio", _cols("ratio", "label", "formula", "unit")),
)
