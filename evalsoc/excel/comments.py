"""The « Commentaire » column of a questionnaire sheet: what people wrote beside their
answers, kept with its question and its cell.

A comment is read on every row of a question (for a multiple choice, on each of its
option rows, in order, joined by a new line), whether the answer beside it is given or
not. A cell of spaces or invisible characters holds no comment. A formula or an error
value in a comment cell is not a comment anyone wrote: it is reported (XL034), never
kept as text.
"""

from __future__ import annotations

from evalsoc.answers.model import CellRef, Comment
from evalsoc.catalogue import Code
from evalsoc.excel import layout
from evalsoc.excel.cells import a1
from evalsoc.excel.reader import Sheet
from evalsoc.excel.values import raw_text
from evalsoc.issues import Issue, make_issue
from evalsoc.support.text import BLANKS

__all__ = ["read_comments"]

_AT = layout.COMMENT_COL - 1


def read_comments(sheet: Sheet, rows: dict[str, int], respondent: str,
                  base: dict[str, str]) -> tuple[list[Comment], list[Issue]]:
    """The comments on the question rows ``rows`` (question or choice key -> row)."""
    lines, marks = sheet.rows, sheet.marks
    marked = bool(marks.formulas or marks.errors)
    found: dict[str, list[tuple[str, str]]] = {}
    issues: list[Issue] = []
    for key, row in rows.items():
        line = lines[row - 1]
        value = line[_AT] if len(line) > _AT else None
        if marked and (mark := _mark(sheet, row)) is not None:
            issues.append(make_issue(Code.XL_COMMENT_FORMULA, sheet=sheet.name,
                                     cell=a1(row, layout.COMMENT_COL), raw=mark,
                                     question=layout.split_choice_key(key)[0],
                                     respondent=respondent, **base))
            continue
        if value is None or value == "":
            continue
        text = raw_text(value)
        if not text.strip(BLANKS):
            continue
        question = layout.split_choice_key(key)[0]
        found.setdefault(question, []).append((text, a1(row, layout.COMMENT_COL)))
    comments = [Comment(question=question, respondent=respondent,
                        text="\n".join(text for text, _ in texts),
                        source=CellRef(base["file"], sheet.name, texts[0][1]))
                for question, texts in found.items()]
    return comments, issues


def _mark(sheet: Sheet, row: int) -> str | None:
    ref = a1(row, layout.COMMENT_COL)
    return sheet.marks.formulas.get(ref) or sheet.marks.errors.get(ref)
