"""Answer sets: what a structure and its respondents answered, in one documented form.

The JSON form (``docs/format-reponses.md``) and the Excel reader produce the same
:class:`AnswerSet`. Values are normalised by :mod:`evalsoc.answers.normalize`: an option code for
scale, yes/no and single choice; a list of codes for multiple choice; a float for
numbers (percentages in 0-100, amounts in euros); an ISO date; a text.
"""

from __future__ import annotations

import json
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evalsoc.catalogue import Code
from evalsoc.issues import Issue, format_path, make_issue
from evalsoc.support.immutable import value_class

__all__ = [
    "Answer",
    "AnswerSet",
    "AnswerStatus",
    "CellRef",
    "Comment",
    "EvaluatorNote",
    "Respondent",
    "StructureInfo",
    "Value",
    "load_answer_set",
]

Value = float | str | tuple[str, ...] | None


class AnswerStatus(StrEnum):
    ANSWERED = "answered"
    NON_CONCERNE = "non_concerne"
    NE_SAIT_PAS = "ne_sait_pas"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# CellRef and Answer are value classes (see evalsoc.support.immutable): a batch makes
# hundreds of thousands of them, and pydantic still validates them wherever they come
# from a file (AnswerSet). They are never changed once made (``Answer.but`` makes a
# changed copy), and pickle by their fields.
@value_class
class CellRef:
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None


@value_class
class Answer:
    """One answer of one respondent to one question (a typed value, or a status)."""

    question: str
    respondent: str = "structure"
    value: float | str | tuple[str, ...] | None = None
    status: AnswerStatus = AnswerStatus.ANSWERED
    raw: str | None = None
    comment: str | None = None
    source: CellRef | None = None

    def but(self, **changes: Any) -> Answer:
        """A copy with ``changes``."""
        return replace(self, **changes)


class Respondent(_Frozen):
    id: str = Field(min_length=1)
    group: str


class StructureInfo(_Frozen):
    """Who is evaluated; the optional fields come from the "Identification" sheet."""

    id: str = Field(min_length=1)
    name: str = ""
    departement: str | None = None
    commune: str | None = None
    discipline: str | None = None
    territoire: str | None = None
    taille: str | None = None
    mode: str | None = None
    consentement: str | None = None
    date: str | None = None


class Comment(_Frozen):
    """What a respondent wrote beside an answer (the « Commentaire » column), kept with
    the question and the cell, whether the answer itself is given or not."""

    question: str
    respondent: str = "structure"
    text: str = Field(min_length=1)
    source: CellRef | None = None


class EvaluatorNote(_Frozen):
    """The evaluator's own appreciation of one dimension (évaluation externe partagée)."""

    dimension: str
    level: int | None = None
    text: str | None = None
    source: CellRef | None = None


class PlanAction(_Frozen):
    """One piste d'action the board chose, from the workbook's « Plan d'action »:
    ``echeance`` is an ISO date (2027-06-30) or month (2027-06); ``statut`` one of
    :data:`evalsoc.excel.layout.PLAN_STATUSES`."""

    piste: str
    responsable: str | None = None
    echeance: str | None = None
    indicateur: str | None = None
    statut: str | None = None
    source: CellRef | None = None


class AnswerSet(_Frozen):
    format: Literal["evalsoc-reponses"] = "evalsoc-reponses"
    schema_version: Literal[1] = 1
    referentiel: str
    referentiel_hash: str | None = None
    questionnaire_id: str | None = None
    structure: StructureInfo
    respondents: tuple[Respondent, ...] = (Respondent(id="structure", group="structure"),)
    answers: tuple[Answer, ...] = ()
    comments: tuple[Comment, ...] = ()
    evaluator: tuple[EvaluatorNote, ...] = ()
    # the board's plan d'action and the analysis shared with it (« Plan d'action » sheet)
    plan: tuple[PlanAction, ...] = ()
    analyse_partagee: str | None = None


def load_answer_set(path: Path) -> tuple[AnswerSet | None, list[Issue]]:
    """Read a JSON answer set; problems come back as issues, never as a traceback."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        return None, [make_issue(Code.ANS_JSON, file=str(path), detail=str(err))]
    try:
        return AnswerSet.model_validate(data), []
    except ValidationError as err:
        return None, [
            make_issue(Code.ANS_SCHEMA, file=str(path), path=format_path(tuple(e["loc"])),
                       detail=f"{e['msg']}")
            for e in err.errors()
        ]
