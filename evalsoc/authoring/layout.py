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
    "LEVELS",
    "SETTINGS",
    "SETTING_KEYS",
    "SHEETS",
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
    "status": "text", "description": "text", "sources": "text", "changelog": "text",
    "na_policy": "text", "min_coverage": "number", "pistes_threshold": "number",
    "overall_score": "boolean", "crosswalk.previous": "text",
}
SHEETS: tuple[Sheet, ...] = (
    Sheet("groupes", None, _cols("id", "label", "description", "multiple:boolean",
                                 "min_respondents:integer", "typical_respondents:integer")),
    Sheet("niveaux", None, _cols("code:integer", "label", "min:number", "color")),
    Sheet("echelles", None, _cols("id", "label")),
    Sheet("options", None, _cols("echelle", "question", "code:code", "label", "score:number",
                                 "meaning")),
    Sheet("dimensions", None, _cols(*_NODE)),
    Sheet("criteres", "dimension", _cols("dimension", *_NODE)),
    Sheet("pistes", "critere", _cols("critere", "piste")),
    Sheet("indicateurs", "critere", _cols(
        "critere", *_NODE, "kind", "direction", "method", "question", "formula", "polarity",
        "low:number", "high:number", "consolidation", "top:list")),
    Sheet("tranches", "indicateur", _cols("indicateur", "min:number", "score:number")),
    Sheet("questions", "indicateur", _cols(
        "indicateur", "id", "label", "description", "group", "type", "scale", "cap:number",
        "required:boolean", "allow_non_concerne:boolean", "unit", "min:number", "max:number",
        "weight:number", "tags:list")),
)
CROSSWALK = Sheet("correspondance", None, _cols(
    "ligne", "niveau", "old:list", "new:list", "change", "factor:number", "offset:number",
    "combine", "note"))
CROSSWALK_OPTIONS = Sheet("correspondance_options", "ligne", _cols("ligne", "ancien:code",
                                                                   "nouveau:code"))
CROSSWALK_BANDS = Sheet("correspondance_tranches", "ligne", _cols("ligne", "min:number",
                                                                  "code:code"))
LEVELS = {"noeud": "nodes", "question": "questions"}  # « niveau » → crosswalk section
