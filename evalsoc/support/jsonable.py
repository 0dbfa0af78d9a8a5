"""A library result as JSON data: what ``--json`` prints, the same for every command.

A result serialises itself: a pydantic model by its ``model_dump(mode="json")``, a
dataclass by its fields (a field with ``metadata={"json": False}`` is left out, a whole
référentiel for instance), a type with an ``as_json()`` method by that method. Keys are
therefore the results' own field names, in English like every identifier of the code;
values are JSON's (paths and dates as text, enumerations as their value).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel

__all__ = ["to_json"]


def to_json(value: Any) -> Any:
    """``value`` as JSON data (dicts, lists, strings, numbers, booleans, None)."""
    as_json = getattr(value, "as_json", None)
    if callable(as_json):
        return to_json(as_json())
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.metadata.get("json", True)}
    if isinstance(value, Enum):
        return to_json(value.value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, dict):
        return {str(to_json(k)): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_json(v) for v in value]
    return value
