"""French input habits (../shared/BAD_INPUTS.md): parsed, raw kept, the rest an issue."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import build_answers

from evalsoc.answers.model import AnswerStatus, Respondent
from evalsoc.answers.normalize import canon, parse_date, parse_number, status_token
from evalsoc.answers.validate import validate_answer_set
from evalsoc.referentiel.model import Referentiel


@pytest.mark.parametrize(("raw", "expected"), [
    ("3,5", 3.5), ("1 000", 1000.0), ("1\u00a0000", 1000.0), ("1\u202f234,50", 1234.5),
    ("35 %", 35.0), ("12 €", 12.0), ("12 000 euros", 12000.0), ("1.234,5", 1234.5),
    ("-2", -2.0), (" 7 ", 7.0), ("1.000.000", 1e6),
])
def test_french_numbers(raw: str, expected: float) -> None:
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["", "beaucoup", "3,5,2", "€", "1/2"])
def test_not_numbers(raw: str) -> None:
    assert parse_number(raw) is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("01/02/2024", date(2024, 2, 1)), ("1/2/24", date(2024, 2, 1)),
    ("2024-02-01", date(2024, 2, 1)), (45322, date(2024, 1, 31)),
    ("31/02/2024", None), ("02/13/2024", None), ("demain", None),
])
def test_dates_day_first(raw: object, expected: date | None) -> None:
    assert parse_date(raw) == expected


def test_tokens() -> None:
    assert canon("  Tout à  FAIT d'accord. ") == "tout a fait d'accord"
    assert status_token("Non concerné") is AnswerStatus.NON_CONCERNE
    assert status_token(" NSP ") is AnswerStatus.NE_SAIT_PAS
    assert status_token("peut-être") is None


# the rest of the structure's questionnaire, answered: a value is checked in a
# questionnaire that is not blank (issue 14: a blank one is refused as a whole)
_REST = {"convention": "oui", "etp": 2.0, "ressources_propres": 1000.0, "budget": 5000.0,
         "actions": ["tarifs"], "verbatim": "Bien"}


def _check(mini: Referentiel, question: str, value: object) -> tuple[object, list[str]]:
    group = "structure" if question not in ("rencontres", "accueil") else "benevoles"
    structure = {**{k: v for k, v in _REST.items() if k != question},
                 **({question: value} if group == "structure" else {})}
    groups = {"benevoles": [{question: value}]} if group == "benevoles" else None
    normalised, issues = validate_answer_set(build_answers(structure, groups), mini, "f.json")
    answer = next((a for a in normalised.answers if a.question == question), None)
    got = None if answer is None else (answer.value if answer.value is not None
                                       else answer.status)
    return got, [i.code for i in issues]


@pytest.mark.parametrize(("question", "raw", "expected"), [
    ("convention", "Oui ", "oui"), ("convention", "OUI", "oui"), ("convention", "X", "oui"),
    ("convention", 1, "oui"), ("convention", "non", "non"),
    ("rencontres", "Plutôt d'accord", "3"), ("rencontres", " 4", "4"),
    ("rencontres", "non concerné", AnswerStatus.NON_CONCERNE),
    ("etp", "3,5", 3.5), ("etp", "NC", AnswerStatus.NON_CONCERNE),
    ("actions", "Tarifs solidaires; ateliers", ("tarifs", "ateliers")),
])
def test_accepted_variants(mini: Referentiel, question: str, raw: object,
                           expected: object) -> None:
    got, codes = _check(mini, question, raw)
    assert got == expected
    assert not [c for c in codes if c not in ("ANS015",)]


@pytest.mark.parametrize(("question", "raw", "code"), [
    ("convention", "peut-être", "ANS007"), ("rencontres", "beaucoup", "ANS007"),
    ("etp", "trois", "ANS008"), ("etp", 900, "ANS009"),
    ("budget", "non concerné", "ANS017"), ("verbatim", "x" * 40_000, "ANS013"),
])
def test_rejected_with_an_issue(mini: Referentiel, question: str, raw: object,
                                code: str) -> None:
    got, codes = _check(mini, question, raw)
    assert got is None
    assert code in codes


def test_issue_message_names_value_and_fix(mini: Referentiel) -> None:
    _, issues = validate_answer_set(build_answers({}, {"benevoles": [{"rencontres": "beaucoup"}]}),
                                    mini, "f.json")
    [issue] = [i for i in issues if i.code == "ANS007"]
    assert issue.raw == "beaucoup"
    assert issue.file == "f.json" and issue.question == "rencontres"
    assert "« beaucoup » n'est pas une réponse possible" in issue.message
    assert "Choisissez une valeur dans la liste" in issue.message


def test_conversion_is_noted_and_raw_kept(mini: Referentiel) -> None:
    normalised, issues = validate_answer_set(build_answers({**_REST, "budget": "12 000 €"}),
                                             mini)
    [answer] = [a for a in normalised.answers if a.question == "budget"]
    assert answer.value == 12000.0 and answer.raw == "12 000 €"
    assert [i.code for i in issues] == ["ANS015"]


def test_unknown_question_and_duplicates(mini: Referentiel) -> None:
    answers = build_answers({**_REST, "inconnue": 3, "etp": 2})
    doubled = answers.model_copy(update={"answers": (*answers.answers, answers.answers[1])})
    _, issues = validate_answer_set(doubled, mini)
    assert {i.code for i in issues} == {"ANS004", "ANS011"}


def test_respondent_list_is_checked(mini: Referentiel) -> None:
    answers = build_answers({"etp": 2})
    odd = answers.model_copy(update={"respondents": (
        *answers.respondents, Respondent(id="structure", group="structure"),
        Respondent(id="x", group="elus"), Respondent(id="bis", group="structure"))})
    _, issues = validate_answer_set(odd, mini)
    assert {"ANS018", "ANS019", "ANS020"} <= {i.code for i in issues}


@pytest.mark.parametrize(("raw", "expected"), [("1,234.50", 1234.5), ("12/09/98", None)])
def test_separators_and_two_digit_years(raw: str, expected: float | None) -> None:
    if expected is not None:
        assert parse_number(raw) == expected
    else:
        parsed = parse_date(raw)
        assert parsed is not None and parsed.year == 1998
