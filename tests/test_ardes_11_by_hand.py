"""ardes-culture@1.1.0 scored by hand: the golden examples' expected values were written
with the engine's help; these are worked out here from the référentiel's rules alone
(formulas, bands, linear ranges, scales, weights all 1, « non concerné » excluded), each
step written as the arithmetic a consultant would do on paper, then compared with the
engine. A change of a band, a formula or a rule of aggregation makes them fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evalsoc.answers.model import AnswerSet
from evalsoc.answers.validate import validate_answer_set
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import resolve
from evalsoc.scoring import score
from evalsoc.scoring.result import AbsentReason, NodeScore

EXAMPLES = (Path(__file__).resolve().parent.parent / "referentiels" / "ardes-culture"
            / "examples" / "1.1.0")


@pytest.fixture(scope="module")
def ref() -> Referentiel:
    return resolve("ardes-culture@1.1.0")[1]


def _nodes(ref: Referentiel, name: str) -> dict[str, NodeScore]:
    data = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    answers, _ = validate_answer_set(AnswerSet.model_validate(data["answers"]), ref, name)
    found: dict[str, NodeScore] = {}
    for dim in score(ref, answers).dimensions:
        for node in dim.walk():
            found[node.id] = node
    return found


def _linear(value: float, low: float, high: float) -> float:
    return 100 * min(max((value - low) / (high - low), 0.0), 1.0)


def test_complet_eco_by_hand(ref: Referentiel) -> None:
    """« Le Kiosque à Rêves »: 5 ETP (3,5 permanents, 3 CDI), 300 k€ of products;
    resources 90 k€ activity, 165 k€ subsidies, 30 k€ gifts and fees, 40 k€ valorised
    volunteering; 45 % of purchases local; three salariés answered."""
    nodes = _nodes(ref, "complet")
    # ECO.1.1: 5 ETP / 300 000 € x 100 000 = 1,67 ETP per 100 k€, band « >= 1 » -> 100
    eco_1_1 = 100.0
    # ECO.1.2: 3,5 / 5 = 70 % permanent, linear from 20 % (0) to 80 % (100)
    eco_1_2 = _linear(70, 20, 80)  # 50 / 60 = 83,33
    eco_1 = (eco_1_1 + eco_1_2) / 2  # ECO.1.4 is informational
    # ECO.2.2: scale accord_4 scores 0..3 (« 4 » = 3); the reversed item's codes read
    # backwards (accord_4_inverse: « 1 » = 3). Answers of sal-01, sal-02, sal-03:
    conditions = (3 + 2 + 2) / 3 / 3 * 100  # codes 4, 3, 3
    charge = (1 + 2 + 1) / 3 / 3 * 100  # codes 2, 3, 2
    reconnaissance = (2 + 3 + 2) / 3 / 3 * 100  # codes 3, 4, 3
    heures = (1 + 2 + 1) / 3 / 3 * 100  # reversed, codes 3, 2, 3
    eco_2_2 = (conditions + charge + reconnaissance + heures) / 4  # 61,11
    # ECO.2.3: 1 salarié in 3 trained = 33,3 %, linear from 0 to 50 %
    eco_2_3 = _linear(100 / 3, 0, 50)  # 66,67
    # ECO.2.4: 3 CDI / 5 ETP = 60 %, linear from 10 % to 70 %
    eco_2_4 = _linear(60, 10, 70)  # 83,33
    eco_2_5 = 100.0  # equal pay checked: « oui »
    eco_2 = (eco_2_2 + eco_2_3 + eco_2_4 + eco_2_5) / 4  # ECO.2.1 is the alert
    # ECO.5.2 (lower is better): the largest resource, 165 k€ of 325 k€ = 50,8 %, under
    # the first threshold of concentration (60 %) -> 100
    assert 165_000 / (90_000 + 165_000 + 30_000 + 40_000) * 100 < 60
    eco_5_2 = 100.0
    # ECO.5.3: 40 k€ / (300 k€ + 40 k€) = 11,8 % of volunteering, band « >= 5 » -> 40
    assert 5 <= 40_000 / 340_000 * 100 < 15
    eco_5_3 = 40.0
    # ECO.5.4: 45 % local, linear from 10 % to 70 %
    eco_5_4 = _linear(45, 10, 70)  # 58,33
    eco_5 = (eco_5_2 + eco_5_3 + eco_5_4) / 3
    eco = (eco_1 + eco_2 + eco_5) / 3
    by_hand = {"ECO.1.1": eco_1_1, "ECO.1.2": eco_1_2, "ECO.1": eco_1, "ECO.2.2": eco_2_2,
               "ECO.2.3": eco_2_3, "ECO.2.4": eco_2_4, "ECO.2.5": eco_2_5, "ECO.2": eco_2,
               "ECO.5.2": eco_5_2, "ECO.5.3": eco_5_3, "ECO.5.4": eco_5_4, "ECO.5": eco_5,
               "ECO": eco}
    for ident, value in by_hand.items():
        assert nodes[ident].score == pytest.approx(value, abs=0.01), ident
    assert round(eco, 2) == 78.52 and round(eco_2_2, 2) == 61.11  # the figures, on paper
    assert nodes["ECO.2.1"].informational and nodes["ECO.1.4"].informational


def test_volunteer_only_association_by_hand(ref: Referentiel) -> None:
    """« benevole »: no staff (« employeur » = non, 0 ETP), 12 k€ of products; 6 k€
    activity, 3 k€ subsidies, 3 k€ gifts, 14 k€ valorised volunteering; 80 % local;
    1 400 hours of volunteering."""
    nodes = _nodes(ref, "benevole")
    for ident in ("ECO.1.1", "ECO.1.2", "ECO.2.2", "ECO.2.3", "ECO.2.4", "ECO.2.5"):
        assert nodes[ident].absent is AbsentReason.NON_CONCERNE, ident  # never a zero
    assert nodes["ECO.1"].absent is AbsentReason.NON_CONCERNE
    assert nodes["ECO.2"].absent is AbsentReason.NON_CONCERNE
    # ECO.5.2: largest resource 14 k€ of 26 k€ = 53,8 % < 60 % -> 100
    assert 14_000 / 26_000 * 100 < 60
    # ECO.5.3: 14 k€ / (12 k€ + 14 k€) = 53,8 % >= 25 % -> 100
    assert 14_000 / 26_000 * 100 >= 25
    # ECO.5.4: 80 % local, linear from 10 % to 70 %: capped at 100
    eco_5 = (100.0 + 100.0 + _linear(80, 10, 70)) / 3
    # ECO: ECO.1 and ECO.2 « non concerné » are excluded (na_policy exclude), not zeros
    assert nodes["ECO.5"].score == pytest.approx(eco_5, abs=0.01)
    assert nodes["ECO"].score == pytest.approx(eco_5, abs=0.01)
    # GOUV.1.1: 1 400 h / (1 400 h + 0 ETP x 1 607 h) = 100 % of the work, band « >= 30 »
    assert nodes["GOUV.1.1"].score == pytest.approx(100.0)
