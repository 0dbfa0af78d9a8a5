"""From what a person typed to a typed value, with French habits and the raw value kept.

``normalize_answer`` types an answer (JSON answer sets); ``normalize_value`` gives the
outcome of one typed-in value, which the Excel reader uses for every cell as it reads it.
Outcomes are pure functions of the value and the question, so they are remembered per
référentiel (a batch meets the same few values thousands of times); the position of any
issue is given by the caller. The parsers are exposed for tests and for the Excel reader,
which knows cell formats.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from evalsoc.answers.model import Answer, AnswerStatus, Value
from evalsoc.catalogue import Code
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.model import (
    NUMERIC_TYPES,
    Option,
    OptionMeaning,
    Question,
    QuestionType,
    Referentiel,
)
from evalsoc.support.cache import IdentityCache
from evalsoc.support.formatting import fr_number
from evalsoc.support.text import canon, is_blank

__all__ = [
    "MAX_TEXT",
    "Normalised",
    "canon",
    "normalize_answer",
    "normalize_value",
    "parse_date",
    "parse_number",
    "status_token",
]

MAX_TEXT = 32_767  # a spreadsheet cell holds no more
_EXCEL_EPOCH = date(1899, 12, 30)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")
_UNITS = re.compile(r"(%|€|eur(os?)?|etp|h)$", re.IGNORECASE)
_NA = {"non concerne", "nc", "n/c", "sans objet", "so", "n/a", "na", "pas concerne"}
_UNKNOWN = {"ne sait pas", "nsp", "je ne sais pas", "ne sais pas", "inconnu", "?", "ns"}
_YES = {"oui", "o", "yes", "y", "x", "1", "vrai", "true", "ok"}
_NO = {"non", "n", "no", "0", "faux", "false"}


def status_token(text: str) -> AnswerStatus | None:
    token = canon(text)
    if token in _NA:
        return AnswerStatus.NON_CONCERNE
    if token in _UNKNOWN:
        return AnswerStatus.NE_SAIT_PAS
    return None


def parse_number(raw: str) -> float | None:
    """'3,5' '1 000' '35 %' '12 €' '1.234,50' -> float; None when it is not a number,
    nor a finite one ('nan', 'inf', '1e999' are typed words, not answers)."""
    text = _SPACES.sub("", raw.strip())
    while (stripped := _UNITS.sub("", text)) != text:
        text = stripped
    if not text:
        return None
    if "," in text and "." in text:  # the last separator is the decimal one
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "").replace(",", ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(".") > 1:  # 1.000.000 as thousands
        text = text.replace(".", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_date(raw: object) -> date | None:
    """Excel serial numbers, ISO dates and French day-first dates; None otherwise."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _EXCEL_EPOCH + timedelta(days=int(raw)) if 1 <= raw < 2_958_466 else None
    text = str(raw).strip()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text):
        year, month, day = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", text):
        day, month, year = (int(g) for g in m.groups())
        if year < 100:  # two digits: the nearest year not more than ten years ahead
            year += 2000 if year <= date.today().year % 100 + 10 else 1900
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


IssueSpec = tuple[Code, tuple[tuple[str, Any], ...]]  # a catalogue code and its fields


def _spec(code: Code, **fields: Any) -> IssueSpec:
    return code, tuple(fields.items())


@dataclass(frozen=True, slots=True)
class Normalised:
    """What one typed-in value becomes for one question: kept (a value or a status) or
    refused, with the issues to report, their position left for the caller to give."""

    keep: bool
    value: Value = None
    status: AnswerStatus = AnswerStatus.ANSWERED
    raw: str | None = None
    issues: tuple[IssueSpec, ...] = ()

    def issues_at(self, where: dict[str, Any]) -> list[Issue]:
        return [make_issue(code, **dict(fields), **where) for code, fields in self.issues]


_NOTHING = Normalised(keep=False)
_MEMO_LIMIT = 50_000
_MEMOS: IdentityCache[Referentiel, dict[tuple[Any, ...], Normalised]] = IdentityCache(16)


def _new_memo(_: Referentiel) -> dict[tuple[Any, ...], Normalised]:
    return {}


def memo_for(referentiel: Referentiel) -> dict[tuple[Any, ...], Normalised]:
    """A cache of outcomes per référentiel: a batch meets the same few values thousands
    of times."""
    return _MEMOS.get(referentiel, _new_memo)


def remember(memo: dict[tuple[Any, ...], Normalised], key: tuple[Any, ...],
             outcome: Normalised) -> Normalised:
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[key] = outcome
    return outcome


def normalize_value(value: Value, raw: str, question: Question,
                    referentiel: Referentiel, cached: bool = True) -> Normalised:
    """The outcome of an answered ``value`` (typed in as ``raw``) for ``question``; the
    same value always gives the same outcome, so it is computed once per référentiel
    (``cached=False``: computed afresh and not kept, for a caller that keeps it under a
    key of its own)."""
    if not cached or referentiel.questions().get(question.id) is not question:
        return _outcome(value, raw, question, referentiel)
    memo = memo_for(referentiel)
    key = ("value", question.id, type(value), value, raw)
    found = memo.get(key)
    return found if found is not None else remember(
        memo, key, _outcome(value, raw, question, referentiel))


def normalize_answer(answer: Answer, question: Question,
                     referentiel: Referentiel) -> tuple[Answer | None, list[Issue]]:
    """The answer with a typed value, or None with the issues that explain why."""
    if answer.status is not AnswerStatus.ANSWERED:
        said = _status_outcome(answer.status, answer.raw, question)
        if not said.keep:
            return None, said.issues_at(_where(answer))
        return answer.but(value=None), []
    value = answer.value
    if value is None or (isinstance(value, str) and is_blank(value)):
        return None, []
    raw = answer.raw if answer.raw is not None else _raw_text(value)
    outcome = normalize_value(value, raw, question, referentiel)
    issues = outcome.issues_at(_where(answer)) if outcome.issues else []
    if not outcome.keep:
        return None, issues
    return Answer(answer.question, answer.respondent, outcome.value, outcome.status, raw,
                  answer.comment, answer.source), issues


def _outcome(value: Value, raw: str, question: Question,
             referentiel: Referentiel) -> Normalised:
    if value is None or (isinstance(value, str) and is_blank(value)):
        return _NOTHING
    if isinstance(value, str) and (status := status_token(value)) is not None:
        options = referentiel.options_of(question)
        if not any(canon(o.code) == canon(value) for o in options):
            return _status_outcome(status, raw, question)
    typed, issues = _typed(value, raw, question, referentiel)
    if typed is None and issues:
        return Normalised(False, raw=raw, issues=tuple(issues))
    if isinstance(typed, AnswerStatus):
        return _status_outcome(typed, raw, question)
    return Normalised(True, typed, AnswerStatus.ANSWERED, raw, tuple(issues))


def _status_outcome(status: AnswerStatus, raw: str | None, question: Question) -> Normalised:
    if status is AnswerStatus.NON_CONCERNE and not question.allow_non_concerne:
        return Normalised(False, raw=raw, issues=(_spec(Code.ANS_STATUS_NOT_ALLOWED, raw=raw),))
    return Normalised(True, None, status, raw)


def _where(answer: Answer) -> dict[str, str | None]:
    src = answer.source
    return {
        "file": src.file if src else None,
        "sheet": src.sheet if src else None,
        "cell": src.cell if src else None,
        "question": answer.question,
        "respondent": answer.respondent,
    }


def _raw_text(value: Value) -> str:
    if isinstance(value, tuple):
        return "; ".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _typed(value: Value, raw: str, question: Question, referentiel: Referentiel
           ) -> tuple[Value | AnswerStatus, list[IssueSpec]]:
    kind = question.type
    if kind in NUMERIC_TYPES:
        return _number(value, raw, question)
    if kind is QuestionType.DATE:
        parsed = parse_date(value)
        if parsed is None:
            return None, [_spec(Code.ANS_NOT_A_DATE, raw=raw)]
        return parsed.isoformat(), []
    if kind is QuestionType.TEXT:
        text = _raw_text(value)
        if len(text) > MAX_TEXT:
            return None, [_spec(Code.ANS_TOO_LONG, raw=raw[:80],
                                length=fr_number(len(text), 0),
                                limit=fr_number(MAX_TEXT, 0))]
        return text, []
    options = referentiel.options_of(question)
    if kind is QuestionType.MULTIPLE_CHOICE:
        return _choices(value, raw, options)
    return _option(value, raw, options, kind is QuestionType.YESNO)


def _number(value: Value, raw: str, question: Question) -> tuple[Value, list[IssueSpec]]:
    issues: list[IssueSpec] = []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number: float | None = float(value)
    else:
        number = parse_number(str(value))
        if number is not None and str(value).strip() != _show(number):
            issues.append(_spec(Code.ANS_CONVERTED, raw=raw, value=_show(number)))
    if number is None or not math.isfinite(number):
        return None, [_spec(Code.ANS_NOT_A_NUMBER, raw=raw)]
    if question.type is QuestionType.INTEGER and not number.is_integer():
        return None, [_spec(Code.ANS_NOT_INTEGER, raw=raw)]
    low, high = _bounds(question)
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = f"de {_show(low) if low is not None else '-∞'} à " \
                 f"{_show(high) if high is not None else '+∞'}"
        return None, [_spec(Code.ANS_OUT_OF_BOUNDS, raw=raw, value=_show(number),
                            bounds=bounds)]
    return number, issues


def _bounds(question: Question) -> tuple[float | None, float | None]:
    low, high = question.min, question.max
    if question.type is QuestionType.PERCENT:
        low = 0.0 if low is None else low
        high = 100.0 if high is None else high
    elif question.type in (QuestionType.INTEGER, QuestionType.AMOUNT) and low is None:
        low = 0.0
    return low, high


def _show(number: float | None) -> str:
    if number is None:
        return ""
    text = f"{number:.6g}" if not number.is_integer() else str(int(number))
    return text.replace(".", ",")


def _match(token: str, options: tuple[Option, ...]) -> Option | None:
    return _index(options).get(canon(token))


_INDEXES: IdentityCache[tuple[Option, ...], dict[str, Option]] = IdentityCache(256)


def _index(options: tuple[Option, ...]) -> dict[str, Option]:
    """Folded code and label -> option, built once per option list."""
    return _INDEXES.get(options, _new_index)


def _new_index(options: tuple[Option, ...]) -> dict[str, Option]:
    index: dict[str, Option] = {}
    for option in reversed(options):  # the first option wins a clash
        index[canon(option.label)] = option
        index[canon(option.code)] = option
    return index


def _option(value: Value, raw: str, options: tuple[Option, ...], yesno: bool
            ) -> tuple[Value | AnswerStatus, list[IssueSpec]]:
    token = _raw_text(value) if not isinstance(value, str) else value
    option = _match(token, options)
    if option is None and yesno:
        key = canon(token)
        code = "oui" if key in _YES else "non" if key in _NO else None
        option = _match(code, options) if code else None
    if option is None:
        accepted = ", ".join(f"{o.code} ({o.label})" if o.code != o.label else o.code
                             for o in options)
        return None, [_spec(Code.ANS_NOT_AN_OPTION, raw=raw, accepted=accepted)]
    if option.meaning is OptionMeaning.NON_CONCERNE:
        return AnswerStatus.NON_CONCERNE, []
    if option.meaning is OptionMeaning.NE_SAIT_PAS:
        return AnswerStatus.NE_SAIT_PAS, []
    return option.code, []


def _choices(value: Value, raw: str, options: tuple[Option, ...]
             ) -> tuple[Value, list[IssueSpec]]:
    parts = list(value) if isinstance(value, tuple) else re.split(r"[;,\n]", str(value))
    codes: list[str] = []
    for part in (p for p in parts if not is_blank(p)):
        option = _match(part, options)
        if option is None:
            accepted = ", ".join(o.code for o in options)
            return None, [_spec(Code.ANS_NOT_AN_OPTION, raw=raw, accepted=accepted)]
        if option.code not in codes:
            codes.append(option.code)
    return tuple(codes), []
