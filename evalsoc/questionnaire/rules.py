"""What an answer cell accepts: drop-down lists, bounds, number formats, French help.

Every option question gets a list validation whose values are the option labels, read
from a range of the hidden lists sheet (inline lists are limited to 255 characters).
Numeric and date cells accept a number within bounds, or the words « Ne sait pas » and
« Non concerné » (when the question allows it): a plain decimal validation would refuse
them, and the reader (:mod:`evalsoc.answers.normalize`) understands both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evalsoc.answers.normalize import MAX_TEXT
from evalsoc.excel import layout
from evalsoc.referentiel.model import OptionMeaning, Question, QuestionType, Referentiel
from evalsoc.support.formatting import fr_number

__all__ = [
    "NC_LABEL",
    "NSP_LABEL",
    "Expect",
    "Lists",
    "answer_labels",
    "choice_validation",
    "expectation",
    "list_validation",
    "question_validation",
]

NC_LABEL = "Non concerné"
NSP_LABEL = "Ne sait pas"
PROMPT_LIMIT = 255  # Excel refuses longer input and error messages
TITLE_LIMIT = 32

_FORMATS = {
    QuestionType.INTEGER: "#,##0",
    QuestionType.NUMBER: "#,##0.0#",
    QuestionType.AMOUNT: '#,##0\\ "€"',
    QuestionType.PERCENT: "0\\ %",
    QuestionType.DATE: "DD/MM/YYYY",
    QuestionType.TEXT: "@",
}
_KINDS = {
    QuestionType.INTEGER: "Nombre entier",
    QuestionType.NUMBER: "Nombre",
    QuestionType.AMOUNT: "Montant en euros",
    QuestionType.PERCENT: "Pourcentage",
    QuestionType.DATE: "Date (jj/mm/aaaa)",
    QuestionType.TEXT: "Texte libre",
    QuestionType.MULTIPLE_CHOICE: "Plusieurs réponses possibles",
}


class Lists:
    """The hidden lists sheet: one drop-down list per column, each written once."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._refs: dict[tuple[str, ...], str] = {}

    def ref(self, values: tuple[str, ...]) -> str:
        if values not in self._refs:
            column = len(self._refs) + 1
            for row, value in enumerate(values, start=1):
                self.ws.cell(row=row, column=column, value=value)
            letter = get_column_letter(column)
            self._refs[values] = (f"'{layout.LISTS_SHEET}'!${letter}$1:"
                                  f"${letter}${len(values)}")
        return self._refs[values]


@dataclass(frozen=True)
class Expect:
    """What a cell expects, said three ways: a title, a sentence, a number format."""

    title: str
    accepted: str
    number_format: str | None = None


def answer_labels(question: Question, referentiel: Referentiel) -> tuple[str, ...]:
    """Drop-down values: option labels, then « Non concerné » / « Ne sait pas »."""
    options = referentiel.options_of(question)
    kept = [o for o in options
            if question.allow_non_concerne or o.meaning is not OptionMeaning.NON_CONCERNE]
    labels = [o.label for o in kept]
    meanings = {o.meaning for o in kept}
    if question.allow_non_concerne and OptionMeaning.NON_CONCERNE not in meanings:
        labels.append(NC_LABEL)
    if OptionMeaning.NE_SAIT_PAS not in meanings:
        labels.append(NSP_LABEL)
    return tuple(labels)


def _status_words(question: Question) -> tuple[str, ...]:
    return (NC_LABEL, NSP_LABEL) if question.allow_non_concerne else (NSP_LABEL,)


def _bounds(question: Question) -> tuple[float | None, float | None]:
    low, high = question.min, question.max
    if question.type is QuestionType.PERCENT:
        return (0.0 if low is None else low), (100.0 if high is None else high)
    if question.type in (QuestionType.INTEGER, QuestionType.AMOUNT) and low is None:
        low = 0.0
    return low, high


def _range_text(question: Question) -> str:
    low, high = _bounds(question)
    suffix = {QuestionType.PERCENT: " %", QuestionType.AMOUNT: " €"}.get(question.type, "")
    if low is not None and high is not None:
        return f" de {fr_number(low, 2)} à {fr_number(high, 2)}{suffix}"
    if low is not None:
        return f" d'au moins {fr_number(low, 2)}{suffix}"
    return f" d'au plus {fr_number(high, 2)}{suffix}" if high is not None else ""


def expectation(question: Question, referentiel: Referentiel) -> Expect:
    kind = question.type
    if kind is QuestionType.MULTIPLE_CHOICE:
        return Expect(_KINDS[kind], "Mettez X en face de chaque réponse qui s'applique.")
    if kind.value in ("scale", "yesno", "single_choice"):
        labels = " / ".join(answer_labels(question, referentiel))
        return Expect("Choisissez dans la liste", f"Choisissez : {labels}.")
    if kind is QuestionType.TEXT:
        return Expect(_KINDS[kind], "Texte libre, aussi long que nécessaire.", _FORMATS[kind])
    words = " ou ".join(f"« {w} »" for w in _status_words(question))
    unit = f", en {question.unit}" if question.unit and question.unit not in ("%", "€") else ""
    hint = {QuestionType.PERCENT: " Tapez par exemple 35 %.",
            QuestionType.NUMBER: " Virgule pour les décimales (3,5)."}.get(kind, "")
    body = f"{_KINDS[kind]}{_range_text(question)}{unit}" \
        if kind is not QuestionType.DATE else "Date au format jj/mm/aaaa"
    return Expect(_KINDS[kind], f"{body}, sinon {words}.{hint}", _FORMATS[kind])


def _clip(text: str, limit: int = PROMPT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _messages(dv: DataValidation, title: str, prompt: str, error: str) -> DataValidation:
    dv.promptTitle, dv.prompt = _clip(title, TITLE_LIMIT), _clip(prompt)
    dv.errorTitle, dv.error = "Réponse non acceptée", _clip(error)
    dv.showInputMessage = dv.showErrorMessage = True
    return dv


def list_validation(lists: Lists, values: tuple[str, ...], title: str, prompt: str,
                    error_style: Literal["stop", "information"] = "stop") -> DataValidation:
    dv = DataValidation(type="list", formula1=lists.ref(values), allow_blank=True,
                        errorStyle=error_style)
    shown = " / ".join(values)
    return _messages(dv, title, prompt, f"Choisissez une valeur de la liste : {shown}.")


def choice_validation(lists: Lists) -> DataValidation:
    dv = DataValidation(type="list", formula1=lists.ref((layout.CHOICE_MARK,)),
                        allow_blank=True)
    return _messages(dv, "Cochez avec X", "Mettez X si cette réponse s'applique ; "
                     "laissez vide sinon.", "Seul X est accepté : mettez X ou laissez vide.")


def _literal(number: float) -> str:
    """A number as a formula literal: never scientific notation."""
    return str(int(number)) if number.is_integer() else repr(number)


def _numeric_formula(question: Question, cell: str) -> str:
    checks = [f"ISNUMBER({cell})"]
    low, high = _bounds(question)
    scale = 100.0 if question.type is QuestionType.PERCENT else 1.0
    if question.type is not QuestionType.DATE:
        checks += [f"{cell}>={_literal(low / scale)}"] if low is not None else []
        checks += [f"{cell}<={_literal(high / scale)}"] if high is not None else []
    if question.type is QuestionType.INTEGER:
        checks.append(f"{cell}=INT({cell})")
    words = ",".join(f'{cell}="{w}"' for w in _status_words(question))
    return f"OR(AND({','.join(checks)}),{words})"


def question_validation(question: Question, referentiel: Referentiel, lists: Lists,
                        anchor: str) -> DataValidation:
    """The validation of one answer cell (or column), ``anchor`` being its top-left cell."""
    expect = expectation(question, referentiel)
    prompt = expect.accepted + (f"\n{question.description}" if question.description else "")
    if question.type.value in ("scale", "yesno", "single_choice"):
        return list_validation(lists, answer_labels(question, referentiel), expect.title,
                               prompt)
    if question.type is QuestionType.TEXT:
        dv = DataValidation(type="textLength", operator="lessThanOrEqual",
                            formula1=str(MAX_TEXT), allow_blank=True)
        error = f"Le texte dépasse {fr_number(MAX_TEXT)} caractères : raccourcissez-le."
        return _messages(dv, expect.title, prompt, error)
    dv = DataValidation(type="custom", formula1=_numeric_formula(question, anchor),
                        allow_blank=True)
    return _messages(dv, expect.title, prompt, f"Réponse non acceptée. {expect.accepted}")
