"""Value classes: slotted dataclasses, compared and hashed by value, never changed once
built.

A batch builds one answer and one cell reference per answer cell, and one node per
indicator, critère and dimension of every structure. A frozen dataclass sets each field
through ``object.__setattr__`` and takes about four times as long to build as a plain
one, which was about a quarter of the scoring time. These classes are therefore frozen for the
type checker only: ``mypy --strict``, which the tests run, refuses any assignment to
their fields (a test checks that it does); at run time nothing stops one, and nothing in
evalsoc makes one. A changed copy is made with :func:`dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

__all__ = ["value_class"]

_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)
def value_class(cls: type[_T]) -> type[_T]:
    """The class as a slotted dataclass hashed by value, read-only for the type checker."""
    return dataclass(slots=True, unsafe_hash=True)(cls)
