"""Issue 14, item 6: correction advice that can be followed, and duplicates that cannot
make a score depend on the order of the answers (docs/format-reponses.md §6)."""

from __future__ import annotations

from conftest import MINI_YAML, build_answers

from evalsoc.answers.model import Answer, AnswerStatus
from evalsoc.answers.validate import validate_answer_set
from evalsoc.referentiel.loader import load_text
from evalsoc.referentiel.model import Referentiel
from evalsoc.scoring import score

FULL = {"convention": "oui", "etp": 3.5, "ressources_propres": 12000, "budget": 40000,
        "actions": ["tarifs"], "verbatim": "Très bien"}


def test_duplicate_answers_are_an_error_whatever_their_order(mini: Referentiel) -> None:
    base = build_answers(FULL)
    twice = [Answer(question="etp", value=1.0), Answer(question="etp", value=6.0)]
    outcomes = []
    for pair in (twice, twice[::-1]):
        answers = base.model_copy(update={"answers": (
            *[a for a in base.answers if a.question != "etp"], *pair)})
        _, issues = validate_answer_set(answers, mini)
        [issue] = [i for i in issues if i.code == "ANS011"]
        assert issue.severity.value == "erreur" and issue.question == "etp"
        assert "aucune n'est retenue" in issue.message
        outcomes.append([(i.code, i.severity) for i in issues])
    assert outcomes[0] == outcomes[1]


def test_required_advice_offers_only_what_the_question_accepts() -> None:
    text = MINI_YAML.replace(
        "type: amount, allow_non_concerne: false",
        "type: amount, allow_non_concerne: false, required: true").replace(
        "{id: etp, label: ETP permanents, type: number,",
        "{id: etp, label: ETP permanents, type: number, required: true,").replace(
        "type: yesno}", "type: yesno, required: true}").replace(
        "{id: ressources_propres, label: Ressources propres, type: amount}",
        "{id: ressources_propres, label: Ressources propres, type: amount, required: true}")
    ref = load_text(text, "mini/1.0.0.yaml").referentiel
    assert ref is not None
    questions = ref.questions()
    assert not questions["budget"].allow_non_concerne and questions["etp"].allow_non_concerne
    half = build_answers({"convention": "oui", "ressources_propres": 1000})
    _, issues = validate_answer_set(half, ref)
    assert "ANS022" in [i.code for i in issues]  # half the required questions: partial
    advice = {i.question: i.message for i in issues if i.code == "ANS012"}
    assert advice["etp"].endswith("indiquez « non concerné » ou « ne sait pas ».")
    assert advice["budget"].endswith("indiquez « ne sait pas ».")
    # following the advice gives no further problem (never ANS017)
    followed = build_answers({"convention": "oui", "ressources_propres": 1000,
                              "etp": AnswerStatus.NON_CONCERNE,
                              "budget": AnswerStatus.NE_SAIT_PAS})
    _, issues = validate_answer_set(followed, ref)
    assert not [i for i in issues if i.question in ("etp", "budget")]


def test_not_a_number_advice_is_the_workbook_s(mini: Referentiel) -> None:
    _, issues = validate_answer_set(build_answers({**FULL, "etp": "beaucoup"}), mini)
    [issue] = [i for i in issues if i.code == "ANS008"]
    assert "indiquez « ne sait pas »" in issue.message and "laissez vide" not in issue.message
    followed = build_answers({**FULL, "etp": "ne sait pas"})
    normalised, issues = validate_answer_set(followed, mini)
    assert not issues
    node = score(mini, normalised).find("ECO.1.2")
    assert node is not None and node.absent is not None
