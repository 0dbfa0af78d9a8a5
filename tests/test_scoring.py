"""Scoring semantics (docs/methode-de-calcul.md), with numbers checked by hand.

Rules cited: M1 options normalised over the scale; M2 bands (last lower bound reached);
M3 linear with a formula, division by zero not computable; M4 consolidation and the
group minimum; M5 coverage and N/A policies; M6 trace down to the answer.
"""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from conftest import MINI_YAML, build_answers

from evalsoc.answers.model import AnswerStatus as S
from evalsoc.answers.validate import validate_answer_set
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.loader import load_text
from evalsoc.referentiel.model import Referentiel
from evalsoc.scoring import AbsentReason, ScoreResult, score
from evalsoc.scoring.result import node_json

FULL = {"convention": "oui", "etp": 3.5, "ressources_propres": 12000, "budget": 40000,
        "actions": ["tarifs", "ateliers"], "verbatim": "Très bien"}
BENEVOLES: list[dict[str, Any]] = [{"rencontres": 4, "accueil": 3}, {"rencontres": 3, "accueil": 2},
             {"rencontres": 1, "accueil": 4}]


def _scores(ref: Referentiel, structure: dict[str, Any],
            benevoles: list[dict[str, Any]] | None = None) -> dict[str, object]:
    answers = build_answers(structure, {"benevoles": benevoles or []})
    normalised, issues = validate_answer_set(answers, ref)
    assert not [i for i in issues if i.severity.value == "erreur"], issues
    return {k: (n.score if n.score is not None else n.absent)
            for k, n in score(ref, normalised).nodes().items()}


def test_m1_m2_m3_methods_by_hand(mini: Referentiel) -> None:
    s = _scores(mini, FULL, BENEVOLES)
    assert s["ECO.1.1"] == 100  # oui
    assert s["ECO.1.2"] == 70  # 3.5 reaches the band >= 3
    assert s["ECO.2.1"] == pytest.approx(40)  # 30 % between 10 and 60
    assert s["ECO.1"] == pytest.approx(85)
    assert s["ECO"] == pytest.approx((85 + 2 * 40) / 3)  # ECO.2 weighs 2
    assert s["SOC.1.1"] == pytest.approx((100 + 200 / 3 + 0) / 3)
    assert s["SOC.1.2"] == 50  # 2 of 3 answered 3 or 4: 66.7 % reaches the band >= 50
    assert s["SOC.2.1"] == pytest.approx(100)  # 3 points, capped at 3
    assert s["SOC.2.2"] is None  # informational: no score, no absence


def test_m2_band_boundary_is_inclusive(mini: Referentiel) -> None:
    assert _scores(mini, {**FULL, "etp": 6})["ECO.1.2"] == 100
    assert _scores(mini, {**FULL, "etp": 5.99})["ECO.1.2"] == 70


def test_m3_division_by_zero_is_not_computable(mini: Referentiel) -> None:
    s = _scores(mini, {**FULL, "budget": 0}, BENEVOLES)
    assert s["ECO.2.1"] is AbsentReason.NOT_COMPUTABLE
    assert s["ECO.2"] is AbsentReason.COVERAGE
    # ECO.1 weighs 1 and ECO.2 weighs 2: present 1 / applicable 3 is under 50 %
    assert s["ECO"] is AbsentReason.COVERAGE


def test_m5_coverage_counts_unknown_against(mini: Referentiel) -> None:
    s = _scores(mini, {**FULL, "budget": S.NE_SAIT_PAS}, BENEVOLES)
    assert s["ECO.2.1"] is AbsentReason.NE_SAIT_PAS
    assert s["ECO"] is AbsentReason.COVERAGE  # present weight 1 of 3


def test_m5_non_concerne_excluded_by_default(mini: Referentiel) -> None:
    s = _scores(mini, {**FULL, "convention": S.NON_CONCERNE}, BENEVOLES)
    assert s["ECO.1.1"] is AbsentReason.NON_CONCERNE
    assert s["ECO.1"] == 70  # the N/A weight leaves the denominator


@pytest.mark.parametrize(("policy", "expected"), [("zero", 35.0), ("max", 85.0)])
def test_m5_na_policies(policy: str, expected: float) -> None:
    text = MINI_YAML.replace("        label: Emploi\n",
                             f"        label: Emploi\n        na_policy: {policy}\n")
    ref = load_text(text, "mini/1.0.0.yaml").referentiel
    assert ref is not None
    s = _scores(ref, {**FULL, "convention": S.NON_CONCERNE}, BENEVOLES)
    assert s["ECO.1"] == pytest.approx(expected)


def test_m4_too_few_respondents(mini: Referentiel) -> None:
    s = _scores(mini, FULL, BENEVOLES[:2])
    assert s["SOC.1.1"] is AbsentReason.TOO_FEW
    assert s["SOC.1.2"] is AbsentReason.TOO_FEW
    assert s["SOC.1"] is AbsentReason.COVERAGE


def test_m4_unknown_and_na_answers_are_not_usable(mini: Referentiel) -> None:
    rows = [*BENEVOLES, {"rencontres": S.NE_SAIT_PAS, "accueil": S.NON_CONCERNE}]
    s = _scores(mini, FULL, rows)
    assert s["SOC.1.1"] == pytest.approx((100 + 200 / 3 + 0) / 3)


def test_all_na_makes_the_node_na(mini: Referentiel) -> None:
    rows = [{"rencontres": S.NON_CONCERNE, "accueil": S.NON_CONCERNE}] * 3
    s = _scores(mini, FULL, rows)
    assert s["SOC.1.1"] is AbsentReason.NON_CONCERNE
    assert s["SOC.1"] is AbsentReason.NON_CONCERNE


def test_unanswered_is_never_zero(mini: Referentiel) -> None:
    # an empty answer set is refused before scoring (ANS021); the engine itself still
    # gives every node a reason, never a 0
    result = score(mini, build_answers({}))
    assert all(n.score is None for n in result.nodes().values())
    assert all(n.absent is not None or n.informational for n in result.nodes().values())


def test_m6_trace_reaches_the_answer(mini: Referentiel) -> None:
    answers = build_answers({**FULL, "budget": "40 000 €"}, {"benevoles": BENEVOLES})
    normalised, _ = validate_answer_set(answers, mini)
    result = score(mini, normalised)
    assert result.referentiel == "mini@1.0.0"
    assert result.referentiel_hash == canonical_hash(mini)
    node = result.find("ECO.2.1")
    assert node is not None
    assert "ressources_propres / budget * 100" in node.rule
    assert "linéaire de 10 (0) à 60 (100)" in node.rule
    budget = next(a for a in node.answers if a.question == "budget")
    assert budget.raw == "40 000 €"
    assert budget.normalised == "40\u202f000"
    eco = result.find("ECO")
    assert eco is not None and eco.children[0].children[0].id == "ECO.1.1"
    na = score(mini, validate_answer_set(
        build_answers({**FULL, "convention": S.NON_CONCERNE}), mini)[0]).find("ECO.1.1")
    assert na is not None and "exclu du calcul" in na.policy


def test_result_survives_pickle_and_json(mini: Referentiel) -> None:
    """Results cross process boundaries (pickle) and are written as JSON: both keep every
    field. (That nodes are read-only is checked by mypy: test_docs.)"""
    normalised, _ = validate_answer_set(build_answers(FULL, {"benevoles": BENEVOLES}), mini)
    result = score(mini, normalised)
    back = pickle.loads(pickle.dumps(result))
    assert back == result and back.model_dump_json() == result.model_dump_json()
    assert ScoreResult.model_validate_json(result.model_dump_json()) == result
    dumped = result.model_dump(mode="json")
    assert node_json(result.dimensions[0]) == dumped["dimensions"][0]
    assert list(dumped["dimensions"][0])[:4] == ["id", "kind", "label", "score"]
