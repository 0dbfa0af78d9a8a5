"""docs/methode-de-calcul.md, rule by rule: each documented example run through the
engine, so that the guide and the engine cannot disagree.

Every test names its section (§3.4 is « 3.4 Méthode bands »). The complete example of
§12 is run from the files the guides print (treteaux.json in docs/format-reponses.md
§7) and its outputs compared, line for line, with the outputs the guide prints.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import MINI_YAML, build_answers

from evalsoc.answers.model import AnswerSet
from evalsoc.answers.model import AnswerStatus as S
from evalsoc.answers.validate import validate_answer_set
from evalsoc.cli.main import cli
from evalsoc.explain.text import completeness_text, explain_text
from evalsoc.referentiel.loader import load_text
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import resolve
from evalsoc.scoring import AbsentReason, NodeScore, ScoreResult, score
from evalsoc.scoring.pistes import weak_criteres

DOCS = Path(__file__).resolve().parent.parent / "docs"
GUIDE = (DOCS / "methode-de-calcul.md").read_text(encoding="utf-8")
FORMAT = (DOCS / "format-reponses.md").read_text(encoding="utf-8")
FULL: dict[str, Any] = {"convention": "Oui", "etp": "2,5", "ressources_propres": "14 400 €",
                        "budget": "48 000", "actions": ["tarifs", "ateliers", "navettes"],
                        "verbatim": "La lecture à la salle des fêtes de Saint-Martin"}
BENEVOLES: list[dict[str, Any]] = [
    {"rencontres": "4", "accueil": "4"}, {"rencontres": "Plutôt d'accord", "accueil": "3"},
    {"rencontres": S.NON_CONCERNE, "accueil": "2"}, {"rencontres": "2", "accueil": S.NE_SAIT_PAS}]


def ref_of(text: str = MINI_YAML) -> Referentiel:
    loaded = load_text(text, "mini/1.0.0.yaml")
    assert loaded.referentiel is not None, loaded.issues
    return loaded.referentiel


def result_of(ref: Referentiel, structure: dict[str, Any],
              benevoles: list[dict[str, Any]] | None = None) -> ScoreResult:
    answers = build_answers(structure, {"benevoles": BENEVOLES if benevoles is None
                                        else benevoles})
    normalised, issues = validate_answer_set(answers, ref)
    assert not [i for i in issues if i.severity.value == "erreur"], issues
    return score(ref, normalised)


def node(result: ScoreResult, node_id: str) -> NodeScore:
    found = result.find(node_id)
    assert found is not None, node_id
    return found


def edited(old: str, new: str) -> Referentiel:
    assert old in MINI_YAML, old
    return ref_of(MINI_YAML.replace(old, new))


# §3.1 -------------------------------------------------------------------------------

def test_s3_1_options_over_the_scored_range() -> None:
    ref = ref_of()
    soc = node(result_of(ref, FULL, [{"rencontres": "Plutôt d'accord"}] * 3), "SOC.1.1")
    assert soc.score == pytest.approx(66.67, abs=0.005)  # 100 × (2 − 0) / (3 − 0)
    assert node(result_of(ref, FULL), "ECO.1.1").score == 100  # Oui = 1 point of 0 to 1
    assert node(result_of(ref, {**FULL, "convention": "Non"}), "ECO.1.1").score == 0


# §3.2 -------------------------------------------------------------------------------

def test_s3_2_multiple_choice_capped() -> None:
    ref = ref_of()
    assert node(result_of(ref, FULL), "SOC.2.1").score == 100  # 2 + 1 + 1 = 4, capped at 3
    assert node(result_of(ref, {**FULL, "actions": []}), "SOC.2.1").score == 0
    uncapped = edited("                cap: 3\n", "")  # all the options' points: 5
    assert node(result_of(uncapped, FULL), "SOC.2.1").score == 80
    assert node(result_of(uncapped, {**FULL, "actions": ["tarifs", "ateliers", "navettes",
                                                         "autre"]}), "SOC.2.1").score == 100


# §3.3 -------------------------------------------------------------------------------

TWO_QUESTIONS = edited(
    "            scoring: {method: options}\n          - id: SOC.1.2",
    "              - {id: ambiance, label: L'ambiance est bonne, type: scale, scale: accord,\n"
    "                 group: benevoles}\n"
    "            scoring: {method: options}\n          - id: SOC.1.2")


def test_s3_3_questions_of_an_indicator_averaged() -> None:
    rows = [{"rencontres": "4", "ambiance": "1", "accueil": "3"}] * 3
    assert node(result_of(TWO_QUESTIONS, FULL, rows), "SOC.1.1").score == 50  # (100 + 0) / 2
    rows = [{"rencontres": S.NON_CONCERNE, "ambiance": "2", "accueil": "3"}] * 3
    assert node(result_of(TWO_QUESTIONS, FULL, rows), "SOC.1.1").score == pytest.approx(
        100 / 3)  # the question « non concerné » is left out


def test_s3_3_too_few_respondents_told_with_the_count() -> None:
    rows = [{"rencontres": "4", "ambiance": "3", "accueil": "3"},
            {"rencontres": "3", "accueil": "4"}, {"accueil": "2"}]
    soc = node(result_of(TWO_QUESTIONS, FULL, rows), "SOC.1.1")
    assert soc.absent is AbsentReason.TOO_FEW
    assert soc.reason == ("2 réponse(s) exploitable(s) du groupe « benevoles », 3 au minimum : "
                          "non évaluable")
    documented = re.search(r"« (\d) réponse\(s\) exploitable\(s\) du groupe « benevoles », "
                           r"(\d) au\nminimum »", GUIDE)
    assert documented is not None and documented.groups() == ("2", "3")


def test_s3_3_one_shared_reason_or_coverage() -> None:
    old = ('              - {id: convention, label: "Appliquez-vous une convention '
           'collective ?", type: yesno}')
    two = edited(old, old + '\n              - {id: reseau, label: "En réseau ?", type: yesno}')
    both = node(result_of(two, {**FULL, "convention": S.NE_SAIT_PAS,
                                "reseau": S.NE_SAIT_PAS}), "ECO.1.1")
    assert both.absent is AbsentReason.NE_SAIT_PAS  # one shared reason
    mixed = node(result_of(two, {**FULL, "convention": S.NE_SAIT_PAS}), "ECO.1.1")
    assert mixed.absent is AbsentReason.COVERAGE  # ne sait pas, and no answer at all
    assert "couverture 0\u202f%" in mixed.reason


# §3.4 -------------------------------------------------------------------------------

@pytest.mark.parametrize(("etp", "expected"), [(2.5, 40), (3, 70), (6, 100), (7, 100),
                                               (0.5, 0), (5.99, 70)])
def test_s3_4_bands(etp: float, expected: float) -> None:
    assert node(result_of(ref_of(), {**FULL, "etp": etp}), "ECO.1.2").score == expected


def test_s3_4_a_computed_value_reaches_its_bound() -> None:
    ref = edited("              method: linear\n              formula: ressources_propres / "
                 "budget * 100\n              low: 10\n              high: 60",
                 "              method: bands\n              formula: ressources_propres / "
                 "budget * 100\n              bands: [{min: 0, score: 0}, {min: 29, score: 50}]")
    eco = node(result_of(ref, {**FULL, "ressources_propres": 29, "budget": 100}), "ECO.2.1")
    assert 29 / 100 * 100 < 29 and eco.value == 29 and eco.score == 50


# §3.5 -------------------------------------------------------------------------------

@pytest.mark.parametrize(("own", "expected"), [(30, 40), (5, 0), (80, 100), (10, 0),
                                               (60, 100)])
def test_s3_5_linear(own: float, expected: float) -> None:
    eco = node(result_of(ref_of(), {**FULL, "ressources_propres": own, "budget": 100}),
               "ECO.2.1")
    assert eco.score == expected


def test_s3_5_linear_reversed() -> None:
    ref = edited("              low: 10\n              high: 60", "              low: 60\n"
                 "              high: 10")
    eco = node(result_of(ref, {**FULL, "ressources_propres": 20, "budget": 100}), "ECO.2.1")
    assert eco.score == 80  # a lower share, a better score


# §3.6 -------------------------------------------------------------------------------

def test_s3_6_a_zero_numerator_is_a_real_zero() -> None:
    eco = node(result_of(ref_of(), {**FULL, "ressources_propres": 0}), "ECO.2.1")
    assert eco.value == 0 and eco.score == 0 and eco.absent is None


@pytest.mark.parametrize("own", [14400, 0])
def test_s3_6_a_zero_denominator_is_not_computable(own: float) -> None:
    eco = node(result_of(ref_of(), {**FULL, "ressources_propres": own, "budget": 0}),
               "ECO.2.1")
    assert eco.absent is AbsentReason.NOT_COMPUTABLE and "division par zéro" in eco.reason


def test_s3_6_zero_in_the_shipped_referentiel() -> None:
    """The guide's two examples on ardes-culture: 0 € of aid, then 0 ETP of 0 ETP."""
    _, ref = resolve("ardes-culture@1.0.0")
    base = json.loads((Path(__file__).resolve().parent.parent / "examples" / "reponses"
                       / "la-grange-aux-sons.json").read_text(encoding="utf-8"))

    def run(changes: dict[str, float]) -> ScoreResult:
        data = json.loads(json.dumps(base))
        for answer in data["answers"]:
            if answer["question"] in changes:
                answer["value"] = changes[answer["question"]]
        normalised, _ = validate_answer_set(AnswerSet.model_validate(data), ref)
        return score(ref, normalised)

    assert node(run({"aides_emploi": 0}), "ECO.1.3").score == 100
    empty = node(run({"etp_total": 0, "etp_permanents": 0}), "ECO.1.2")
    assert empty.absent is AbsentReason.NOT_COMPUTABLE


def test_s3_6_the_most_telling_missing_datum() -> None:
    ref = ref_of()
    for statuses, expected in [
        ((S.NE_SAIT_PAS, None), AbsentReason.NE_SAIT_PAS),
        ((S.NON_CONCERNE, None), AbsentReason.UNANSWERED),
        ((S.NON_CONCERNE, S.NON_CONCERNE), AbsentReason.NON_CONCERNE),
    ]:
        structure = {k: v for k, v in FULL.items() if k not in ("ressources_propres", "budget")}
        structure["ressources_propres"] = statuses[0]
        if statuses[1] is not None:
            structure["budget"] = S.NE_SAIT_PAS if statuses[1] is not S.NON_CONCERNE \
                else statuses[1]
        refusing = ref_of(MINI_YAML.replace(", allow_non_concerne: false", ""))
        eco = node(result_of(refusing if statuses[1] else ref, structure), "ECO.2.1")
        assert eco.absent is expected, statuses


# §4 ---------------------------------------------------------------------------------

def test_s4_consolidation() -> None:
    result = result_of(ref_of(), FULL)
    assert node(result, "SOC.1.1").score == pytest.approx(66.67, abs=0.005)  # mean of 3
    assert node(result, "SOC.1.2").value == pytest.approx(66.67, abs=0.005)  # 2 of 3
    median = edited("            scoring: {method: options}\n          - id: SOC.1.2",
                    "            scoring: {method: options, consolidation: {method: median}}\n"
                    "          - id: SOC.1.2")
    assert node(result_of(median, FULL), "SOC.1.1").score == pytest.approx(200 / 3)


def test_s4_all_non_concerne_and_too_few() -> None:
    ref = ref_of()
    nobody = [{"rencontres": S.NON_CONCERNE, "accueil": "3"}] * 3
    assert node(result_of(ref, FULL, nobody), "SOC.1.1").absent is AbsentReason.NON_CONCERNE
    two = [{"rencontres": "4", "accueil": "3"}] * 2
    soc = node(result_of(ref, FULL, two), "SOC.1.1")
    assert soc.absent is AbsentReason.TOO_FEW and soc.respondents == 2
    assert node(result_of(ref, FULL, []), "SOC.1.1").absent is AbsentReason.TOO_FEW


# §6 ---------------------------------------------------------------------------------

def test_s6_coverage_is_inclusive() -> None:
    result = result_of(ref_of(), FULL, [{"accueil": "4"}] * 3)  # SOC.1.1: too few
    soc = node(result, "SOC.1")
    assert soc.completeness == 0.5 and soc.score == 100


def weighted(critere_weights: tuple[str, ...],
             indicator_weights: tuple[str, ...]) -> Referentiel:
    """One dimension D; critères C1, C2... of the given weights, each with indicators of
    the given weights, each reading one number question linearly from 0 to 100."""
    criteres = []
    for c, cw in enumerate(critere_weights, start=1):
        indicators = "".join(f"""
          - id: C{c}.{i}
            label: Indicateur {c}.{i}
            kind: realisation
            weight: {iw}
            questions:
              - {{id: q{c}_{i}, label: Question {c}.{i}, type: number}}
            scoring: {{method: linear, low: 0, high: 100}}""" for i, iw in
            enumerate(indicator_weights, start=1))
        criteres.append(f"""
      - id: C{c}
        label: Critère {c}
        weight: {cw}
        indicateurs:{indicators}""")
    head = MINI_YAML.split("dimensions:")[0]
    return ref_of(head + "dimensions:\n  - id: D\n    label: Dimension\n    criteres:"
                  + "".join(criteres) + "\n")


def test_s6_fractional_weights_at_a_tie() -> None:
    ref = weighted(("1",), ("0.3", "0.1", "0.2"))
    answers = build_answers({"q1_1": 80, "q1_2": S.NE_SAIT_PAS, "q1_3": S.NE_SAIT_PAS})
    normalised, _ = validate_answer_set(answers, ref)
    critere = node(score(ref, normalised), "C1")
    assert 0.3 / (0.3 + 0.1 + 0.2) < 0.5  # what the computer alone would compare
    assert critere.completeness == 0.5 and critere.score == 80


def test_s6_three_criteres_at_50_average_to_50() -> None:
    ref = weighted(("0.1", "0.2", "0.3"), ("1",))
    answers = build_answers({"q1_1": 50, "q2_1": 50, "q3_1": 50})
    normalised, _ = validate_answer_set(answers, ref)
    dimension = node(score(ref, normalised), "D")
    assert (0.1 * 50 + 0.2 * 50 + 0.3 * 50) / (0.1 + 0.2 + 0.3) < 50
    assert dimension.score == 50 and dimension.level == 3


@pytest.mark.parametrize(("policy", "expected"), [("exclude", 40), ("zero", 20),
                                                   ("max", 70)])
def test_s6_non_concerne_policies(policy: str, expected: float) -> None:
    ref = edited("        label: Emploi\n", f"        label: Emploi\n        na_policy: {policy}\n")
    result = result_of(ref, {**FULL, "convention": S.NON_CONCERNE})
    assert node(result, "ECO.1").score == expected  # §12.5: 40, 20 or 70


# §7 ---------------------------------------------------------------------------------

def test_s7_nothing_applies_completeness_is_sans_objet() -> None:
    ref = ref_of()
    structure = {**FULL, "convention": S.NON_CONCERNE, "etp": S.NON_CONCERNE,
                 "ressources_propres": S.NON_CONCERNE}
    eco1 = node(result_of(ref, structure), "ECO.1")
    assert eco1.absent is AbsentReason.NON_CONCERNE
    assert completeness_text(eco1) == "sans objet"
    assert completeness_text(node(result_of(ref, FULL), "ECO.1")) == "100\u202f%"


# §8 ---------------------------------------------------------------------------------

def test_s8_a_score_at_a_threshold_is_at_that_level() -> None:
    # linear 10 to 60: a share of 35 gives exactly 50, at level 3
    eco = node(result_of(ref_of(), {**FULL, "ressources_propres": 35, "budget": 100}),
               "ECO.2.1")
    assert eco.score == 50 and eco.level == 3


def test_s8_eleven_point_seven_of_eighteen_is_level_4() -> None:
    """The guide's example on the shipped référentiel: 11,7 / 18 ETP, linear 20 to 80."""
    _, ref = resolve("ardes-culture@1.0.0")
    base = json.loads((Path(__file__).resolve().parent.parent / "examples" / "reponses"
                       / "la-grange-aux-sons.json").read_text(encoding="utf-8"))
    for answer in base["answers"]:
        if answer["question"] in ("etp_permanents", "etp_total"):
            answer["value"] = {"etp_permanents": 11.7, "etp_total": 18}[answer["question"]]
    normalised, _ = validate_answer_set(AnswerSet.model_validate(base), ref)
    eco = node(score(ref, normalised), "ECO.1.2")
    assert 100 * (11.7 / 18 * 100 - 20) / 60 < 75  # what the computer alone finds
    assert eco.value == 65 and eco.score == 75 and eco.level == 4
    assert "niveau 4" in GUIDE and "11,7 ETP permanents sur 18 ETP" in GUIDE


# §10 --------------------------------------------------------------------------------

def test_s10_pistes_strictly_under_the_threshold() -> None:
    ref = ref_of()
    result = result_of(ref, FULL)
    weak = [w.node.id for w in weak_criteres(result, ref)]
    assert weak == ["ECO.2"]  # 40; SOC.1 at 58.33 is not, nor would 50 be
    at_fifty = result_of(ref, {**FULL, "ressources_propres": 35, "budget": 100})
    assert node(at_fifty, "ECO.2").score == 50
    assert "ECO.2" not in [w.node.id for w in weak_criteres(at_fifty, ref)]


# §12 --------------------------------------------------------------------------------

def _blocks(text: str, after: str, kind: str = "text") -> list[str]:
    """The fenced blocks of ``kind`` that follow the heading or sentence ``after``."""
    start = text.index(after)
    return re.findall(rf"```{kind}\n(.*?)```", text[start:], flags=re.S)


@pytest.fixture
def referentiels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "referentiels-essai"
    (folder / "mini").mkdir(parents=True)
    (folder / "mini" / "1.0.0.yaml").write_text(MINI_YAML, encoding="utf-8")
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(folder))
    return folder


def _files(tmp_path: Path) -> tuple[Path, Path]:
    """treteaux.json as docs/format-reponses.md prints it, and variante.json as
    §12.5 describes it (three answers changed)."""
    [printed] = _blocks(FORMAT, "## 7. Exemple complet", "json")[:1]
    treteaux = tmp_path / "treteaux.json"
    treteaux.write_text(printed, encoding="utf-8")
    data = json.loads(printed)
    data["structure"] = {"id": "treteaux-bocage-variante",
                         "name": "Les Tréteaux du Bocage (variante)"}
    for answer in data["answers"]:
        key = (answer["question"], answer.get("respondent", "structure"))
        if key == ("convention", "structure"):
            answer["value"] = "NC"
        elif key == ("budget", "structure"):
            answer["value"] = 0
        elif key == ("rencontres", "B04"):
            answer["value"] = "ne sait pas"
    variante = tmp_path / "variante.json"
    variante.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return treteaux, variante


def _run(args: list[str], folder: Path) -> str:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.output.replace(str(folder) + "/", "")


def test_s12_the_complete_example_prints_what_the_guide_prints(
        tmp_path: Path, referentiels: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _, variante = _files(tmp_path)
    # 12.4 is a console session, played by test_doc_examples; 12.5's variant is built
    # here from treteaux.json, so its blocks are compared here
    assert "$ evalsoc score --answers treteaux.json" in GUIDE
    variants = _blocks(GUIDE, "### 12.5 Variante")
    for block, node_id in zip(variants, ("ECO", "SOC.1"), strict=True):
        assert _run(["explain", "--answers", variante.name, "--node", node_id],
                    tmp_path).strip() == block.strip()


def test_s12_the_table_of_results() -> None:
    result = result_of(ref_of(), FULL)
    table = re.search(r"\| nœud \| score \| niveau \| complétude \|\n\|[-| ]+\|\n(.*?)\n\n",
                      GUIDE, flags=re.S)
    assert table is not None
    for line in table.group(1).splitlines():
        node_id, shown, level, complete = (c.strip() for c in line.strip("|").split("|"))
        found = node(result, node_id)
        assert f"{found.score:.2f}".rstrip("0").rstrip(".").replace(".", ",") == shown
        assert level.startswith(f"{found.level} ") and complete == completeness_text(found)


def test_s12_python_example_of_the_guide() -> None:
    """The guide's Python example is played by tests/test_doc_examples.py against the
    output the guide shows; here that output is checked against this file's own result
    for the same answers."""
    after = "En Python, les réponses construites dans le programme"
    assert "<!-- essai : python -->" in GUIDE[GUIDE.index(after):].split("```", 1)[0]
    [shown] = _blocks(GUIDE, after)[:1]
    result = result_of(ref_of(), FULL)
    soc = node(result, "SOC").score
    assert soc is not None
    assert shown.splitlines() == [f"{soc:.2f}", explain_text(result, "SOC.1").splitlines()[5]]
