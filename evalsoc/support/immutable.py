"""Value classes: slotted dataclasses, compared and hashed by value, never changed once
built.

A batch builds one answer and one cell reference per answer cell, and one node per
indicator, critère and dimension of every structure. A frozen dataclass sets each field
through ``object.__setattr__`` and takes about four times as long to build as a plain
one, which was about a quarter of the scoring time. These classes are therefore frozen for the
type checker only: ``mypy --strict``, which the tests run, refuses any assignment to
their fields (a test checks that it does); at run time nothing stops one, and nothing in
evalsoc makes one. A changed copy is made with :func:`dataclasses.replace`.

They pickle (batches send them between processes) as a call of the class with its
fields in order, read from :func:`dataclasses.fields`: several times faster than the
default way for slotted dataclasses, and a field added to a class travels with it
without anyone listing it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

__all__ = ["value_class"]

_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)
def value_class(cls: type[_T]) -> type[_T]:
    """The class as a slotted dataclass hashed by value, read-only for the type checker,
    pickled by its fields."""
    built = dataclass(slots=True, unsafe_hash=True)(cls)
    names = [f.name for f in fields(built)]  # type: ignore[arg-type]
    # attrgetter of several names gives a tuple (of one name, the value alone)
    values: Callable[[Any], tuple[Any, ...]] = attrgetter(*names) if len(names) > 1 \
        else lambda obj: tuple(getattr(obj, name) for name in names)

    def __reduce__(self: Any) -> tuple[type[Any], tuple[Any, ...]]:  # noqa: N807
        return built, values(self)

    built.__reduce__ = __reduce__  # type: ignore[method-assign]
    return built
