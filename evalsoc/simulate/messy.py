"""Human ways of filling a workbook that the reader must still understand (BAD_INPUTS.md).

Two levels. :func:`messy_answers` changes what is answered without changing any score:
free text that looks like a formula or carries HTML (stored verbatim), and an empty row
left in the middle of a grid (respondents after it move down one row, so their ids,
which follow grid rows, move too). :func:`messy_cells` changes how a value is typed,
never what it means: numbers as French text, "35 %" or a bare 35 in a percent cell,
"Oui " or "OUI", a scale code instead of its label, stray spaces, "x" for "X", dates
typed as text. A clean and a messy campaign of the same seed score the same.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from evalsoc.answers.model import Answer, AnswerSet, Respondent
from evalsoc.referentiel.model import QuestionType
from evalsoc.simulate.fill import Cell, CellValue, respondent_number
from evalsoc.support.formatting import fr_number

__all__ = ["CELL_RATE", "RISKY_TEXTS", "messy_answers", "messy_cells"]

CELL_RATE = 0.25  # chance that a cell is typed in a human way
TEXT_RATE = 0.3
GAP_RATE = 0.35
NBSP = "\u00a0"
RISKY_TEXTS: tuple[Callable[[str], str], ...] = (
    lambda t: f"={t}",
    lambda t: f"+1 ! {t}",
    lambda t: f"@l'équipe : {t}",
    lambda t: f"<script>alert('merci')</script> {t}",
    lambda t: f"-- {t}",
    lambda t: f"<b>{t}</b> & merci",
)


def messy_answers(answers: AnswerSet, rng: random.Random, capacity: dict[str, int]
                  ) -> AnswerSet:
    """Risky free text, and one empty row in some grids (``capacity``: grid group -> rows)."""
    texts = _risky_texts(answers, rng)
    renumber: dict[str, str] = {}
    for group, rows in capacity.items():
        ids = [r.id for r in answers.respondents if r.group == group]
        if 2 <= len(ids) < rows and rng.random() < GAP_RATE:
            gap = rng.randint(2, len(ids))
            renumber |= {rid: f"{group}-{(respondent_number(rid) or 0) + 1:03d}"
                         for rid in ids[gap - 1:]}
    respondents = tuple(Respondent(id=renumber.get(r.id, r.id), group=r.group)
                        for r in answers.respondents)
    moved = tuple(a.but(respondent=renumber.get(a.respondent, a.respondent),
                        **({"value": texts[i]} if i in texts else {}))
                  for i, a in enumerate(answers.answers))
    return answers.model_copy(update={"respondents": respondents, "answers": moved})


def _risky_texts(answers: AnswerSet, rng: random.Random) -> dict[int, str]:
    out: dict[int, str] = {}
    for index, answer in enumerate(answers.answers):
        if _is_text(answer) and rng.random() < TEXT_RATE:
            out[index] = rng.choice(RISKY_TEXTS)(str(answer.value))
    return out


def _is_text(answer: Answer) -> bool:
    return isinstance(answer.value, str) and " " in answer.value and len(answer.value) > 20


def messy_cells(cells: list[Cell], rng: random.Random) -> list[Cell]:
    """Each cell, now and then typed another way that means the same."""
    out = []
    for cell in cells:
        typed = _variant(cell, rng) if rng.random() < CELL_RATE else None
        out.append(cell if typed is None else Cell(cell.sheet, cell.row, cell.col, typed,
                                                   cell.kind, cell.question, cell.code))
    return out


def _variant(cell: Cell, rng: random.Random) -> CellValue | None:
    value = cell.value
    if cell.kind == "number" and isinstance(value, (int, float)):
        return _number_text(value, cell, rng)
    if cell.kind == "percent" and isinstance(value, (int, float)):
        return _percent(value, rng)
    if cell.kind in ("option", "status", "evaluator") and isinstance(value, str):
        return _label(value, cell, rng)
    if cell.kind == "choice":
        return rng.choice(("x", " X", "X ", "x ", 1, "Oui"))
    if cell.kind == "date" and isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if cell.kind == "ident" and isinstance(value, str):
        return _ident(value, rng)
    return None


def _number_text(value: float, cell: Cell, rng: random.Random) -> str:
    """'3,5', '1 000' (no-break space), '12 000 €'."""
    text = fr_number(float(value), 2).replace("\u202f", rng.choice((NBSP, " ", "")))
    amount = cell.question is not None and cell.question.type is QuestionType.AMOUNT
    return f"{text} €" if amount and rng.random() < 0.6 else text


def _percent(fraction: float, rng: random.Random) -> CellValue | None:
    """'35 %' as text, or 35 typed as a number (read as 35 %, with a warning)."""
    percent = round(fraction * 100, 6)
    if 1 < percent <= 100 and rng.random() < 0.5:
        return int(percent) if percent.is_integer() else percent
    return f"{fr_number(percent, 2)}{rng.choice((' ', NBSP, ''))}%"


def _label(label: str, cell: Cell, rng: random.Random) -> CellValue:
    """A label with stray spaces or another case, or the option's code typed instead."""
    yesno = cell.question is not None and cell.question.type is QuestionType.YESNO
    if yesno and cell.code == "oui" and rng.random() < 0.3:
        return rng.choice(("x", "X", "o"))
    if cell.code is not None and not yesno and rng.random() < 0.4:
        return int(cell.code) if cell.code.isdigit() else cell.code
    if cell.kind == "status" and rng.random() < 0.5:
        return rng.choice(("NSP", "nsp", "ne sait pas")) if "sait" in label.lower() \
            else rng.choice(("NC", "nc", "non concerné"))
    return rng.choice((f"{label} ", f" {label} ", label.upper(), label.lower(),
                       f"{label}{NBSP}"))


def _ident(value: str, rng: random.Random) -> CellValue:
    if value.isdigit():
        return int(value)  # a département typed as a number
    return rng.choice((f"{value} ", f" {value}"))
