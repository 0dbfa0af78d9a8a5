"""One structure's answer set to its files: the structure's workbook and individual forms.

Workbooks come from the writer (:func:`~evalsoc.questionnaire.writer.build_workbook`), as
``evalsoc questionnaire`` issues them. By default the writer builds one template per
kind of workbook, with markers for the identity, and each structure's copy is patched
from it (:mod:`evalsoc.simulate.fast`); ``fast=False``, or any doubt about a copy,
builds and fills each workbook with openpyxl instead. Both give the same cells.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from evalsoc.answers.model import AnswerSet, Respondent, StructureInfo
from evalsoc.questionnaire.writer import build_individual_workbook, build_workbook, write_workbook
from evalsoc.referentiel.model import Referentiel
from evalsoc.simulate.fast import Template
from evalsoc.simulate.fill import (
    Positions,
    apply_cells,
    find_positions,
    plan_individual,
    plan_structure,
    respondent_number,
)
from evalsoc.simulate.messy import messy_cells
from evalsoc.structures.registry import safe_path
from evalsoc.support.files import atomic_write

__all__ = ["Writer", "individual_id", "individualise"]

NAME, STRUCTURE, QUESTIONNAIRE, PARENT = "XNAMEX91", "XSTRUCTX91", "XQUESTX91", "XPARENTX91"
NUMBER = 987654321  # respondent number marker (an int, as the writer expects)
_MARKERS = (NAME, STRUCTURE, QUESTIONNAIRE, PARENT, str(NUMBER))


def individual_id(group: str, number: int) -> str:
    """The id of a respondent who answered on an individual form."""
    return f"{group}-i{number}"


def individualise(answers: AnswerSet, groups: set[str]) -> AnswerSet:
    """Respondents of ``groups`` renamed as individual forms ("benevoles-i3")."""
    rename = {r.id: individual_id(r.group, respondent_number(r.id) or index)
              for index, r in enumerate(answers.respondents, start=1) if r.group in groups}
    if not rename:
        return answers
    respondents = tuple(Respondent(id=rename.get(r.id, r.id), group=r.group)
                        for r in answers.respondents)
    moved = tuple(a.but(respondent=rename[a.respondent])
                  if a.respondent in rename else a for a in answers.answers)
    return answers.model_copy(update={"respondents": respondents, "answers": moved})


def _stamp(answers: AnswerSet) -> datetime:
    """The workbook's time: the day it was filled in, at noon."""
    day = answers.structure.date
    return datetime.combine(date.fromisoformat(day), time(12)) if day else \
        datetime(2000, 1, 1, 12)


@dataclass
class Writer:
    """Builds, fills and saves workbooks for one référentiel."""

    referentiel: Referentiel
    ref_hash: str
    fast: bool = True
    _templates: dict[str, tuple[Template, Positions]] = field(default_factory=dict)

    def _template(self, kind: str) -> tuple[Template, Positions]:
        if kind not in self._templates:
            marked = StructureInfo(id=STRUCTURE, name=NAME)
            if kind == "structure":
                wb = build_workbook(self.referentiel, marked, QUESTIONNAIRE, self.ref_hash)
            else:
                wb = build_individual_workbook(self.referentiel, kind, marked, PARENT, NUMBER,
                                               QUESTIONNAIRE, self.ref_hash)
            self._templates[kind] = (Template.from_workbook(wb, _MARKERS), find_positions(wb))
        return self._templates[kind]

    def structure(self, answers: AnswerSet, path: Path, individual: set[str],
                  messy: random.Random | None) -> None:
        """The structure's workbook: its identity as issued, then every answer typed in."""
        template, positions = self._template("structure")
        cells = plan_structure(answers, self.referentiel, positions, individual)
        cells = messy_cells(cells, messy) if messy is not None else cells
        qid = answers.questionnaire_id or ""
        values = {NAME: answers.structure.name, STRUCTURE: answers.structure.id,
                  QUESTIONNAIRE: qid}
        data = template.render(values, cells, _stamp(answers)) if self.fast else None
        if data is not None:
            atomic_write(path, data)
            return
        issued = answers.structure.model_copy(update={"mode": None, "date": None})
        wb = build_workbook(self.referentiel, issued, qid, self.ref_hash)
        apply_cells(wb, cells)
        write_workbook(wb, path)

    def individuals(self, answers: AnswerSet, folder: Path, stem: str, groups: set[str],
                    messy: random.Random | None) -> list[Path]:
        """One form per respondent of ``groups``; returns the files written."""
        written: list[Path] = []
        for respondent in answers.respondents:
            if respondent.group not in groups:
                continue
            number = respondent_number(respondent.id) or len(written) + 1
            path = safe_path(folder, f"{stem}_{respondent.group}_{number:02d}")
            self._individual(answers, respondent, number, path, messy)
            written.append(path)
        return written

    def _individual(self, answers: AnswerSet, respondent: Respondent, number: int,
                    path: Path, messy: random.Random | None) -> None:
        template, positions = self._template(respondent.group)
        cells = plan_individual(answers, self.referentiel, positions, respondent.id)
        cells = messy_cells(cells, messy) if messy is not None else cells
        parent = answers.questionnaire_id or ""
        qid = f"{parent}-{respondent.group}-{number:03d}"
        values = {NAME: answers.structure.name, STRUCTURE: answers.structure.id,
                  QUESTIONNAIRE: qid, PARENT: parent, str(NUMBER): str(number)}
        data = template.render(values, cells, _stamp(answers)) if self.fast else None
        if data is not None:
            atomic_write(path, data)
            return
        wb = build_individual_workbook(self.referentiel, respondent.group, answers.structure,
                                       parent, number, qid, self.ref_hash)
        apply_cells(wb, cells)
        write_workbook(wb, path)
