"""The crosswalk: how a version of a référentiel relates to the one before it.

A new version declares, node by node and question by question, what became of each
element of the previous version (``same``, ``renamed``, ``reworded``, ``rescaled``,
``split``, ``merged``, ``dropped``) and which of its own elements are ``new``. The
YAML form (``docs/versions.md``)::

    crosswalk:
      previous: 1.0.0
      nodes:
        - {old: ECO, change: same}
        - {old: SOC.1, new: SOC.3, change: renamed}
      questions:
        - {old: frequentation, change: rescaled, options: {1: 1, 2: 1, 3: 2, 4: 3}}
        - {old: [cdi, cdd], new: salaries, change: merged, combine: sum}
        - {new: mecenat, change: new}

Only the shape of each entry is checked here (pydantic); whether the ids exist, whether
every element is classified once and whether a mapping fits the questions need both
versions, and live in :mod:`evalsoc.versions.check`. The crosswalk is part of what the
author wrote, hence of the fingerprint; a référentiel without one keeps its fingerprint.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

__all__ = ["ChangeKind", "Combine", "Crosswalk", "CrosswalkEntry", "ValueBand"]


def _to_str(value: object) -> object:
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else value


def _to_ids(value: object) -> object:
    """One id or a list of ids, as a tuple (``old: q1`` or ``old: [q1, q2]``)."""
    if value is None:
        return ()
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return (str(value),)
    if isinstance(value, (list, tuple)):
        return tuple(_to_str(v) for v in value)
    return value


Code = Annotated[str, BeforeValidator(_to_str)]
Ids = Annotated[tuple[str, ...], BeforeValidator(_to_ids)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ChangeKind(StrEnum):
    """What became of an element from one version to the next."""

    SAME = "same"  # nothing a reader or the scoring sees changed
    RENAMED = "renamed"  # a new id (the wording may change too)
    REWORDED = "reworded"  # same id and meaning, another wording
    RESCALED = "rescaled"  # same meaning, another scale or rule: answers are converted
    SPLIT = "split"  # one element becomes several
    MERGED = "merged"  # several elements become one
    DROPPED = "dropped"  # no longer there
    NEW = "new"  # not there before


class Combine(StrEnum):
    """How the answers of merged questions make one answer (per respondent)."""

    SUM = "sum"
    MEAN = "mean"
    MIN = "min"
    MAX = "max"
    ANY = "any"  # yes when one of them is yes
    ALL = "all"  # yes when all of them are yes
    FIRST = "first"  # the first one answered, in the order of ``old``


class ValueBand(_Frozen):
    """A number read into an option: the last band whose ``min`` the value reaches."""

    min: float
    code: Code


class CrosswalkEntry(_Frozen):
    """One line of the crosswalk: old id(s), new id(s), the change, and for a conversion
    its mapping (``options``: old code -> new code, or a number for a numeric question,
    ``null`` for no equivalent; ``factor``/``offset`` for numbers; ``bands`` from a
    number to an option; ``combine`` for merged questions)."""

    old: Ids = ()
    new: Ids = ()
    change: ChangeKind
    options: dict[Code, Code | None] = Field(default_factory=dict)
    factor: float | None = None
    offset: float | None = None
    bands: tuple[ValueBand, ...] = ()
    combine: Combine | None = None
    note: str = ""

    def targets(self) -> tuple[str, ...]:
        """The new ids this entry gives: ``new``, or ``old`` when the id is kept."""
        if self.change in (ChangeKind.DROPPED, ChangeKind.NEW):
            return self.new
        return self.new or self.old

    def converts(self) -> bool:
        """Whether the entry states a mapping of answers."""
        return bool(self.options or self.bands or self.factor is not None
                    or self.offset is not None)


class Crosswalk(_Frozen):
    """The relation of a version to ``previous`` (a version of the same référentiel)."""

    previous: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    nodes: tuple[CrosswalkEntry, ...] = ()
    questions: tuple[CrosswalkEntry, ...] = ()
