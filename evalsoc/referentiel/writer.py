"""A référentiel (or a crosswalk) written back as YAML, the way an author would write it:
fields in the order of the format, values left at their default omitted, short mappings
on one line (``{code: 1, label: Oui, score: 1}``), texts quoted only where YAML needs it.

Reading the text back gives the same model, hence the same fingerprint
(:mod:`evalsoc.referentiel.fingerprint`): what ``referentiel import-xlsx`` relies on.
"""

from __future__ import annotations

from typing import Any

import yaml

from evalsoc.referentiel.crosswalk import Crosswalk
from evalsoc.referentiel.model import Referentiel

__all__ = ["crosswalk_yaml", "referentiel_yaml"]

_FLOW_WIDTH = 76  # a mapping of scalars shorter than this is written on one line


class _Dumper(yaml.SafeDumper):
    """Block style for the tree, flow style for short mappings of scalars."""


def _short(values: list[Any]) -> bool:
    """Scalars (or short lists of them), on one line, and no line break in a text."""
    flat = all(not isinstance(v, dict) and (not isinstance(v, list) or all(
        not isinstance(x, (dict, list)) for x in v)) for v in values)
    return flat and len(repr(values)) < _FLOW_WIDTH and not any(
        isinstance(v, str) and "\n" in v for v in values)


def _mapping(dumper: _Dumper, data: dict[str, Any]) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data,
                                    flow_style=_short(list(data.values())))


def _sequence(dumper: _Dumper, data: list[Any]) -> yaml.SequenceNode:
    scalars = all(not isinstance(v, (dict, list)) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data,
                                     flow_style=scalars and _short(data))


def _text(dumper: _Dumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


def _float(dumper: _Dumper, data: float) -> yaml.ScalarNode:
    if data.is_integer() and abs(data) < 1e15:
        return dumper.represent_int(int(data))  # « score: 2 », as an author writes it
    return dumper.represent_float(data)


_Dumper.add_representer(dict, _mapping)
_Dumper.add_representer(float, _float)
_Dumper.add_representer(list, _sequence)
_Dumper.add_representer(str, _text)


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=88, indent=2)


def _entries(data: dict[str, Any]) -> dict[str, Any]:
    """``old: q1`` rather than ``old: [q1]``, as an author writes one id."""
    for section in ("nodes", "questions"):
        for entry in data.get(section, ()):
            for side in ("old", "new"):
                if isinstance(entry.get(side), list) and len(entry[side]) == 1:
                    entry[side] = entry[side][0]
    return data


def _shared_lines(diagnostic: dict[str, Any]) -> dict[str, Any]:
    """A diagnostic's line that takes a shared question written as its author wrote it,
    ``{use: budget_total, label: ...}``: the question is the library's, named, never
    written out (reading the file takes it from the library again)."""
    for section in diagnostic.get("sections", ()):
        section["lines"] = [_shared_line(line) for line in section.get("lines", ())]
    return diagnostic


def _shared_line(line: dict[str, Any]) -> dict[str, Any]:
    shared = line.get("use")
    if not isinstance(shared, dict):
        return line
    return {"use": shared["id"], **{
        k: v for k, v in line.items() if k != "use"
        and not (k == "id" and v == shared["id"])
        and not (k == "type" and v == shared.get("type", "amount"))}}


def referentiel_yaml(referentiel: Referentiel) -> str:
    """The référentiel as a YAML file (what its author wrote, no default written out)."""
    data = referentiel.model_dump(mode="json", exclude_defaults=True)
    if "crosswalk" in data:
        data["crosswalk"] = _entries(data["crosswalk"])
    if "diagnostic" in data:
        data["diagnostic"] = _shared_lines(data["diagnostic"])
    return _dump(data)


def crosswalk_yaml(crosswalk: Crosswalk) -> str:
    """A crosswalk as the ``crosswalk:`` block that ends a référentiel's file."""
    return _dump({"crosswalk": _entries(crosswalk.model_dump(mode="json",
                                                             exclude_defaults=True))})
