"""Simulation hints: plausible orders of magnitude per question, kept beside a référentiel.

A référentiel says what is asked; it does not say what a typical answer looks like. The
hints file (``referentiels/<id>/simulation.yaml``, never part of a published version)
says it for the questions where a generic draw would be implausible: amounts that must
add up, counts bounded by other counts, dates, verbatims. Questions without hints are
drawn from their scoring rule or their bounds (:mod:`evalsoc.simulate.numbers`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evalsoc.catalogue import Code
from evalsoc.errors import HintsError
from evalsoc.versions.check import version_key

__all__ = [
    "FILE_NAME",
    "ChoiceHint",
    "DateHint",
    "GroupHint",
    "Hints",
    "HintsError",
    "NumberHint",
    "OptionHint",
    "TextHint",
    "hints_path",
    "load_hints",
]

FILE_NAME = "simulation.yaml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Rates(_Frozen):
    non_concerne: float = Field(default=0.04, ge=0, le=1)
    ne_sait_pas: float = Field(default=0.03, ge=0, le=1)
    unanswered: float = Field(default=0.05, ge=0, le=1)
    below_minimum: float = Field(default=0.08, ge=0, le=1)
    respondents_sigma: float = Field(default=0.35, ge=0)
    external: float = Field(default=0.25, ge=0, le=1)


class Latent(_Frozen):
    dimension_sd: float = Field(default=0.6, ge=0)
    answer_sd: float = Field(default=0.7, ge=0)
    respondent_sd: float = Field(default=0.5, ge=0)
    drift_sd: float = Field(default=0.25, ge=0)
    budget_drift_sd: float = Field(default=0.08, ge=0)


class GroupHint(_Frozen):
    bias: float = 0.0  # how this group sees the structure, relative to its latent level
    cap: str | None = None  # formula: the most respondents the structure can have


class NumberHint(_Frozen):
    of: str | None = None  # formula over other questions, or "budget"
    low: float | None = None
    high: float | None = None
    noise: float = 0.05
    median: float | None = None
    sigma: float = 0.5
    size: float = 0.0
    latent: float = 0.0
    zero: float = Field(default=0.0, ge=0, le=1)
    clip: tuple[float, float] | None = None
    disciplines: dict[str, float] = {}
    decimals: int = 0
    round: Literal["nearest", "up"] = "nearest"
    min: float | None = None
    max: float | None = None


class DateHint(_Frozen):
    closing: tuple[str, ...] = ()  # "MM-DD" candidates for the end of the last exercise
    after: str | None = None
    days: tuple[int, int] = (0, 0)


class OptionHint(_Frozen):
    bias: float = 0.0
    follows: str | None = None  # yes exactly when this numeric question is positive


class ChoiceHint(_Frozen):
    low: float = Field(default=0.15, ge=0, le=1)  # chance of ticking an option, lowest level
    high: float = Field(default=0.6, ge=0, le=1)
    disciplines: dict[str, str] = {}  # discipline -> option always ticked
    weights: dict[str, float] = {}  # option -> multiplier of its chance (rarer options)


class TextHint(_Frozen):
    rate: float = Field(default=0.3, ge=0, le=1)
    positive: tuple[str, ...] = ()
    mitigated: tuple[str, ...] = ()


class EvaluatorHint(_Frozen):
    strong: tuple[str, ...] = ("{dimension} : un point fort.",)
    middle: tuple[str, ...] = ("{dimension} : des acquis à consolider.",)
    weak: tuple[str, ...] = ("{dimension} : point de vigilance.",)


class Hints(_Frozen):
    format: Literal["evalsoc-simulation"] = "evalsoc-simulation"
    schema_version: Literal[1] = 1
    rates: Rates = Rates()
    latent: Latent = Latent()
    groups: dict[str, GroupHint] = {}
    numbers: dict[str, NumberHint] = {}
    dates: dict[str, DateHint] = {}
    options: dict[str, OptionHint] = {}
    choices: dict[str, ChoiceHint] = {}
    texts: dict[str, TextHint] = {}
    evaluator: EvaluatorHint = EvaluatorHint()


def _version_key(version: str) -> tuple[int, ...] | None:
    """The version compared number by number; None for a name that is not one."""
    try:
        return version_key(version)
    except ValueError:
        return None


def hints_path(folder: Path, version: str | None = None) -> Path:
    """The hints of ``version``: ``simulation-<v>.yaml`` for the latest ``v`` up to
    ``version`` (a file starts hints of their own when a version's questions differ too
    much from the earlier ones', and serves the later versions until the next one),
    else the shared ``simulation.yaml``."""
    wanted = _version_key(version) if version is not None else None
    if wanted is not None:
        own: list[tuple[tuple[int, ...], Path]] = []
        for path in folder.glob("simulation-*.yaml"):
            key = _version_key(path.stem.removeprefix("simulation-"))
            if key is not None and key <= wanted:
                own.append((key, path))
        if own:
            return max(own)[1]
    return folder / FILE_NAME


def load_hints(folder: Path, version: str | None = None) -> Hints:
    """The hints beside a référentiel's versions (``version``'s own file first, see
    :func:`hints_path`); defaults when there is no such file."""
    path = hints_path(folder, version)
    if not path.is_file():
        return Hints()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return Hints.model_validate(data)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValidationError) as err:
        raise HintsError.of(Code.ARCH_SIM_HINTS, file=str(path), detail=err) from err
