"""From a workbook's sheets to an answer set: answers found by question id, never position.

Every answer cell ends as an Answer (validated later) or an issue; every question the
référentiel expects in a sheet and not found there is reported. A diagnostic's questions
are read on its own sheet (:mod:`evalsoc.excel.table`), the structure's other questions
on « Questionnaire ».
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from evalsoc.answers.model import (
    Answer,
    AnswerSet,
    CellRef,
    Comment,
    EvaluatorNote,
    PlanAction,
    Respondent,
    StructureInfo,
)
from evalsoc.answers.normalize import canon, memo_for, parse_date
from evalsoc.catalogue import Code
from evalsoc.excel import layout
from evalsoc.excel.cells import a1, column_letter
from evalsoc.excel.comments import read_comments
from evalsoc.excel.plan import read_plan
from evalsoc.excel.reader import Cell, RawWorkbook, Sheet
from evalsoc.excel.table import locate, questionnaire_questions, table_comments, table_questions
from evalsoc.excel.values import cell_answer, cell_key, choice_answer, raw_text
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.model import Question, QuestionType, Referentiel
from evalsoc.support.cache import IdentityCache
from evalsoc.support.text import BLANKS

__all__ = ["Extracted", "extract"]

Positions = dict[str, tuple[int, int]]  # question or choice key -> (row, column)


@dataclass
class Extracted:
    answers: list[Answer] = field(default_factory=list)
    respondents: list[Respondent] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    evaluator: list[EvaluatorNote] = field(default_factory=list)
    plan: tuple[PlanAction, ...] = ()
    analysis: str | None = None
    comments: list[Comment] = field(default_factory=list)
    # the answers' own problems (ANS codes), reported after the reading problems
    value_issues: list[Issue] = field(default_factory=list)
    # respondent -> (sheet, positions, row) of every answer cell found, answered or not;
    # a grid's positions are shared by its respondents, with row 0 for each one's own row
    places: dict[str, tuple[str, Positions, int]] = field(default_factory=dict)
    # each answer names its cell (``Answer.source``); a batch that keeps neither the
    # answers nor their traces goes without (issues find their cell in ``places``)
    sources: bool = True
    # the diagnostics' sheets: (sheet, positions) of the structure's answers there
    tables: list[tuple[str, Positions]] = field(default_factory=list)

    def cell_of(self, respondent: str, question: str) -> tuple[str, str] | None:
        """The (sheet, cell) where ``respondent`` answers ``question`` (its first option's
        cell for a multiple choice), if the workbook has one."""
        sheet, positions, at_row = self.places.get(respondent, ("", {}, 0))
        place = positions.get(question) or next(
            (p for k, p in positions.items() if k.startswith(f"{question}:")), None)
        if place is None and respondent == "structure":
            for name, cells in self.tables:
                if (found := cells.get(question)) is not None:
                    return name, a1(*found)
        return None if place is None else (sheet, a1(at_row or place[0], place[1]))


def extract(raw: RawWorkbook, ref: Referentiel, sources: bool = True
            ) -> tuple[AnswerSet, list[Issue], Extracted]:
    """The raw answer set of one workbook (structure or individual) and the issues met.
    ``sources=False``: the answers read without a problem do not name their cell."""
    out = Extracted(sources=sources)
    base = raw.where()
    structure = _identification(raw, out, base)
    individual = raw.meta.get("kind") == layout.KIND_INDIVIDUAL
    if individual:
        group_id = raw.meta.get("group", "")
        respondent = f"{group_id}-i{raw.meta.get('respondent', '1')}-{raw.package.sha256[:6]}"
        _form(raw, ref, group_id, respondent, out, base)
    else:
        _form(raw, ref, "structure", "structure", out, base)
        for part in ref.diagnostics():
            _table(raw, ref, part, out, base)
        for group in ref.groups:
            if group.multiple:
                _grid(raw, ref, group.id, out, base)
        _evaluator(raw, ref, out, base)
        _plan_sheet(raw, out, base)
    answer_set = AnswerSet(
        referentiel=ref.ref, referentiel_hash=raw.meta.get("referentiel_hash") or None,
        questionnaire_id=raw.meta.get("questionnaire_id") or None, structure=structure,
        respondents=tuple(out.respondents), answers=tuple(out.answers),
        comments=tuple(out.comments), evaluator=tuple(out.evaluator), plan=out.plan,
        analyse_partagee=out.analysis)
    return answer_set, out.issues, out


def _sheet(raw: RawWorkbook, name: str, out: Extracted, base: dict[str, str]) -> Sheet | None:
    try:
        return raw.sheet(name)
    except KeyError:
        found = ", ".join(n for n in raw.names if not n.startswith("_"))
        out.issues.append(make_issue(Code.XL_MISSING_SHEET, sheet=name, found=found, **base))
    except ValueError as err:
        out.issues.append(make_issue(Code.XL_MALFORMED, part=name, detail=str(err)[:120],
                                     **base))
    return None


def _identification(raw: RawWorkbook, out: Extracted, base: dict[str, str]) -> StructureInfo:
    values: dict[str, str] = {}
    if layout.IDENT_SHEET in raw.names and (sheet := _sheet(raw, layout.IDENT_SHEET, out, base)):
        for row in range(1, min(len(sheet.rows), 100) + 1):
            key = sheet.value(row, 1)
            value = sheet.value(row, layout.IDENT_VALUE_COL)
            if isinstance(key, str) and value is not None and _written(value):
                values[key.strip()] = raw_text(value).strip(BLANKS)
    expected = raw.meta.get("structure_id", "")
    typed = values.get("structure_id", "")
    if expected and typed and canon(expected) != canon(typed):
        out.issues.append(make_issue(Code.XL_IDENTITY_MISMATCH, expected=expected,
                                     actual=typed, sheet=layout.IDENT_SHEET, **base))
    ident = expected or typed
    if not ident:
        ident = f"sans-id-{raw.package.sha256[:8]}"
        out.issues.append(make_issue(Code.XL_NO_STRUCTURE_ID, structure=ident,
                                     sheet=layout.IDENT_SHEET, **base))
    fields = {k: values[k] for k in ("departement", "commune", "discipline", "territoire",
                                     "taille", "mode", "consentement", "date") if k in values}
    if "date" in fields and (day := parse_date(fields["date"])) is not None:
        fields["date"] = day.isoformat()
    return StructureInfo(id=ident, name=values.get("nom", ""), **fields)


def _form(raw: RawWorkbook, ref: Referentiel, group: str, respondent: str, out: Extracted,
          base: dict[str, str]) -> None:
    """One respondent, one row per question: the structure's sheet or an individual form."""
    wanted = questionnaire_questions(ref, group)
    out.respondents.append(_respondent(respondent, group))
    if not wanted:  # a diagnostic alone: its questions are on its own sheet
        return
    sheet = _sheet(raw, layout.QUESTIONNAIRE_SHEET, out, base)
    if sheet is None:
        return
    rows: dict[str, int] = {}
    for row, line in enumerate(sheet.rows, start=1):
        key = line[layout.ID_COL - 1] if len(line) >= layout.ID_COL else None
        if key.__class__ is not str:
            continue
        key = key.strip()
        if key not in wanted and layout.split_choice_key(key)[0] not in wanted:
            continue
        if key in rows:
            out.issues.append(make_issue(
                Code.XL_DUPLICATE_QUESTION, sheet=sheet.name, cell=a1(row, layout.ID_COL),
                question=key, other=a1(rows[key], layout.ID_COL), **base))
            continue
        rows[key] = row
    positions = {k: (r, layout.ANSWER_COL) for k, r in rows.items()}
    _merged(sheet, layout.FIRST_ROW - 1, out, base, columns={layout.ANSWER_COL})
    _collect(sheet, ref, _plan(wanted, positions), positions, [(respondent, 0)], out, base)
    comments, found = read_comments(sheet, rows, respondent, base)
    out.comments += comments
    out.issues += found
    _too_many(sheet, out, base)


# How a sheet answers one wanted question, worked out once per sheet: in one cell (an
# empty tuple, with the cell's row, column and column letter; row 0 in a grid, where each
# respondent has a row), in one mark cell per option ((code, key) pairs), or not at all
# (None).
_Step = tuple[Question, tuple[tuple[str, str], ...] | None, int, int, str, str]


def _plan(wanted: dict[str, Question], positions: Positions) -> tuple[_Step, ...]:
    """The steps for one sheet; the same for every workbook laid out alike (a campaign's
    are), so worked out once per layout."""
    shape = tuple(positions.items())
    return _PLANS.get(wanted, lambda _: _new_plan(wanted, positions), shape)


# (the questions wanted, the sheet's layout) -> the steps
_PLANS: IdentityCache[dict[str, Question], tuple[_Step, ...]] = IdentityCache(256)


def _new_plan(wanted: dict[str, Question], positions: Positions) -> tuple[_Step, ...]:
    options: dict[str, list[tuple[str, str]]] = {}  # question id -> its (code, key) found
    for key in positions:
        question_id, colon, code = key.partition(":")
        if colon:
            options.setdefault(question_id, []).append((code, key))
    steps: list[_Step] = []
    for question in wanted.values():
        if question.type is QuestionType.MULTIPLE_CHOICE:
            steps.append((question, tuple(options.get(question.id, ())) or None, 0, 0, "",
                          question.id))
        elif (place := positions.get(question.id)) is not None:
            row, col = place
            steps.append((question, (), row, col, column_letter(col), question.id))
        else:
            steps.append((question, None, 0, 0, "", question.id))
    return tuple(steps)


def _collect(sheet: Sheet, ref: Referentiel, plan: tuple[_Step, ...], positions: Positions,
             who: list[tuple[str, int]], out: Extracted, base: dict[str, str],
             report_missing: bool = True, place: bool = True) -> None:
    """The normalised answers at ``positions`` for each respondent of ``who``, in the
    plan's order; a respondent's row, when not 0, is the row of every position (a grid's
    respondent row).

    This runs for every answer cell of a batch. The common case, a value already met for
    the same question on a sheet without formulas or error values, is handled here; any
    other cell goes through :func:`cell_answer`, which explains what it finds."""
    rows, file, name = sheet.rows, base["file"], sheet.name
    height = len(rows)
    clean = not (sheet.marks.formulas or sheet.marks.errors)
    memo = memo_for(ref)
    answers = out.answers
    sources = out.sources
    for respondent, at_row in who:
        if place:
            out.places[respondent] = (name, positions, at_row)
        line = rows[at_row - 1] if 0 < at_row <= height else ()
        width = len(line)
        for step in plan:
            question, codes, row, col, letter, qid = step
            if clean and codes == ():
                if at_row:
                    value = line[col - 1] if col <= width else None
                else:
                    cells = rows[row - 1] if row <= height else ()
                    value = cells[col - 1] if col <= len(cells) else None
                if value is None:
                    continue
                if value.__class__ is str:
                    if not value.strip(BLANKS):
                        continue
                    known = memo.get((qid, value))
                else:
                    known = memo.get(cell_key(question, value))
                if known is not None and not known.issues:
                    if known.keep:
                        answers.append(Answer(
                            qid, respondent, known.value, known.status, known.raw,
                            None, CellRef(file, name, f"{letter}{at_row or row}")
                            if sources else None))
                    continue
            _read_step(sheet, ref, step, positions, respondent, at_row, out, base,
                       report_missing)


def _read_step(sheet: Sheet, ref: Referentiel, step: _Step, positions: Positions,
               respondent: str, at_row: int, out: Extracted, base: dict[str, str],
               report_missing: bool) -> None:
    """One question of one respondent outside the common case: not found in the sheet,
    a multiple choice, a value met for the first time or with something to report, a
    sheet with formulas or error values."""
    question, codes, row, col, _, _ = step
    if codes is None:
        if report_missing:
            out.issues.append(make_issue(Code.XL_MISSING_QUESTION, sheet=sheet.name,
                                         question=question.id, **base))
        return
    if codes:
        cells = [(code, at_row or positions[key][0], positions[key][1]) for code, key in codes]
        answer, issues = choice_answer(sheet, cells, question, respondent, base, ref)
    else:
        answer, issues = cell_answer(sheet, at_row or row, col, question, respondent, base,
                                     ref)
    for issue in issues:
        (out.value_issues if issue.code.startswith("ANS") else out.issues).append(issue)
    if answer is not None:
        out.answers.append(answer)


def _table(raw: RawWorkbook, ref: Referentiel, part: Referentiel, out: Extracted,
           base: dict[str, str]) -> None:
    """A diagnostic's sheet: the structure's answers, line by line and period by period."""
    assert part.diagnostic is not None
    name = raw.meta.get(f"{layout.TABLE_KEY_PREFIX}{part.id}") or part.diagnostic.sheet
    sheet = _sheet(raw, name, out, base)
    if sheet is None:
        return
    found = locate(sheet, part.diagnostic, base)
    out.issues += found.issues
    if not found.found:
        return
    columns = {col for _, col in found.positions.values()}
    _merged(sheet, min(found.rows.values(), default=1) - 1, out, base, columns=columns)
    _collect(sheet, ref, _plan(table_questions(part), found.positions), found.positions,
             [("structure", 0)], out, base, report_missing=False, place=False)
    out.tables.append((sheet.name, found.positions))
    comments, issues = table_comments(sheet, found, part.diagnostic, "structure", base)
    out.comments += comments
    out.issues += issues
    _too_many(sheet, out, base)


def _too_many(sheet: Sheet, out: Extracted, base: dict[str, str]) -> None:
    if sheet.height > layout.MAX_ROWS:
        out.issues.append(make_issue(Code.XL_TOO_MANY_ROWS, sheet=sheet.name,
                                     rows=sheet.height, limit=layout.MAX_ROWS, **base))


def _grid(raw: RawWorkbook, ref: Referentiel, group_id: str, out: Extracted,
          base: dict[str, str]) -> None:
    """One respondent per row; columns found by the id row."""
    wanted = ref.questions_of(group_id)
    group = ref.group(group_id)
    if not wanted or group is None:
        return
    name = (raw.meta.get(f"{layout.SHEET_KEY_PREFIX}{group_id}")
            or layout.grid_sheet_name(group.label))
    sheet = _sheet(raw, name, out, base)
    if sheet is None:
        return
    id_row, columns = _id_row(sheet, wanted)
    if id_row is None:
        out.issues.append(make_issue(Code.XL_NO_ID_ROW, sheet=sheet.name, **base))
        return
    for question in wanted.values():
        if question.id not in columns and not any(
                layout.split_choice_key(k)[0] == question.id for k in columns):
            out.issues.append(make_issue(Code.XL_MISSING_QUESTION, sheet=sheet.name,
                                         question=question.id, **base))
    _merged(sheet, id_row, out, base)
    used: set[str] = set()
    positions = {k: (0, c) for k, c in columns.items()}  # the row is each respondent's
    who: list[tuple[str, int]] = []
    answered = _answered_rows(sheet, id_row + 1, columns.values())
    rows = sheet.rows
    for row in answered:
        line = rows[row - 1]
        respondent = _respondent_id(line[0] if line else None, row, group_id, used)
        out.respondents.append(_respondent(respondent, group_id))
        who.append((respondent, row))
    _collect(sheet, ref, _plan(wanted, positions), positions, who, out, base,
             report_missing=False)
    # empty rows between the first and the last respondent
    skipped = answered[-1] - answered[0] + 1 - len(answered) if answered else 0
    if skipped:
        out.issues.append(make_issue(Code.XL_EMPTY_ROWS, sheet=sheet.name, count=skipped,
                                     **base))
    _too_many(sheet, out, base)


def _id_row(sheet: Sheet, wanted: dict[str, Question]) -> tuple[int | None, dict[str, int]]:
    best: tuple[int | None, dict[str, int]] = (None, {})
    order = [layout.GRID_ID_ROW, *range(1, 16)]
    for row in order:
        if row > len(sheet.rows):
            continue
        columns: dict[str, int] = {}
        for col, value in enumerate(sheet.rows[row - 1], start=1):
            if isinstance(value, str):
                key = value.strip()
                if layout.split_choice_key(key)[0] in wanted and key not in columns:
                    columns[key] = col
        if len(columns) > len(best[1]):
            best = (row, columns)
        if row == layout.GRID_ID_ROW and len(columns) == len(wanted):
            break
    return best


_BLANK = frozenset(("", None))


def _written(value: Cell) -> bool:
    """Whether a grid cell holds anything: a row of spaces is an empty row, not a
    respondent who answered nothing."""
    if value.__class__ is str:
        return bool(value.strip(BLANKS))
    return value is not None


def _answered_rows(sheet: Sheet, first: int, cols: Iterable[int]) -> list[int]:
    """The rows from ``first`` on holding anything in ``cols``: a value, a formula or an
    error value."""
    marks = sheet.marks
    marked = bool(marks.formulas or marks.errors)
    columns = sorted(set(cols))
    indexes = [col - 1 for col in columns]
    if not indexes:
        return []
    pick = itemgetter(*indexes, indexes[0])  # always a tuple, even of one column
    last = indexes[-1]
    found: list[int] = []
    for row, line in enumerate(sheet.rows[first - 1:], start=first):
        if len(line) > last:
            values = pick(line)
            filled = not _BLANK.issuperset(values) and (
                _written(values[0]) or any(map(_written, values)))
        else:
            filled = any(i < len(line) and _written(line[i]) for i in indexes)
        if filled or (marked and any(a1(row, col) in marks.formulas
                                    or a1(row, col) in marks.errors for col in columns)):
            found.append(row)
    return found


@lru_cache(maxsize=4096, typed=True)  # typed: True, 1 and 1.0 are different cells
def _numbered(group: str, number: Cell) -> str | None:
    """``group-007`` for the whole number 7 (not a bool), None for anything else; the
    same few numbers head a campaign's grid rows."""
    if number.__class__ in (float, int) and float(number).is_integer():
        return f"{group}-{int(number):03d}"
    return None


@lru_cache(maxsize=4096)
def _respondent(ident: str, group: str) -> Respondent:
    """The same respondent object for every workbook (they are immutable): a campaign's
    grids number their respondents alike, and validating fifty-odd of them again for each
    workbook cost more than a microsecond apiece."""
    return Respondent(id=ident, group=group)


def _respondent_id(number: Cell, row: int, group: str, used: set[str]) -> str:
    """The respondent on ``row``, by its number (column A) when it is a whole number."""
    ident = _numbered(group, number) or f"{group}-L{row}"
    if ident in used:
        ident = f"{group}-L{row}"
    used.add(ident)
    return ident


def _merged(sheet: Sheet, id_row: int, out: Extracted, base: dict[str, str],
            columns: set[int] | None = None) -> None:
    """Merged ranges over answer cells (below ``id_row``, in ``columns`` if given)."""
    for (r0, c0), (r1, c1) in sheet.merged:
        touches = columns is None or any(c0 + 1 <= c <= c1 + 1 for c in columns)
        if touches and r1 + 1 > id_row and (r1 > r0 or c1 > c0):
            out.issues.append(make_issue(
                Code.XL_MERGED, sheet=sheet.name, cell=a1(r0 + 1, c0 + 1),
                range=f"{a1(r0 + 1, c0 + 1)}:{a1(r1 + 1, c1 + 1)}", **base))


def _plan_sheet(raw: RawWorkbook, out: Extracted, base: dict[str, str]) -> None:
    """The optional « Plan d'action » sheet (none in older workbooks: no plan, no issue)."""
    if layout.PLAN_SHEET not in raw.names:
        return
    sheet = _sheet(raw, layout.PLAN_SHEET, out, base)
    if sheet is not None:
        out.plan, out.analysis, found = read_plan(sheet, base)
        out.issues += found


def _evaluator(raw: RawWorkbook, ref: Referentiel, out: Extracted,
               base: dict[str, str]) -> None:
    if layout.EVALUATOR_SHEET not in raw.names:
        return
    sheet = _sheet(raw, layout.EVALUATOR_SHEET, out, base)
    if sheet is None:
        return
    dims = {d.id for d in ref.dimensions}
    levels = {canon(lv.label): lv.code for lv in ref.levels}
    levels |= {str(lv.code): lv.code for lv in ref.levels}
    for row in range(1, min(len(sheet.rows), 200) + 1):
        key = sheet.value(row, 1)
        if not isinstance(key, str) or key.strip() not in dims:
            continue
        level_raw = sheet.value(row, layout.EVALUATOR_LEVEL_COL)
        text = sheet.value(row, layout.EVALUATOR_TEXT_COL)
        level = None
        if _written(level_raw):
            level = levels.get(canon(raw_text(level_raw)))
            if level is None:
                accepted = ", ".join(lv.label for lv in ref.levels)
                out.issues.append(make_issue(
                    Code.XL_LEVEL, sheet=sheet.name,
                    cell=a1(row, layout.EVALUATOR_LEVEL_COL), raw=raw_text(level_raw),
                    accepted=accepted, **base))
        if level is not None or _written(text):
            out.evaluator.append(EvaluatorNote(
                dimension=key.strip(), level=level,
                text=raw_text(text) if _written(text) else None))
