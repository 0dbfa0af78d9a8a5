"""``referentiel check``: a broken référentiel gets every error at once, each located."""

from __future__ import annotations

from pathlib import Path

from conftest import MINI_YAML

from evalsoc.referentiel.check import check_tree
from evalsoc.referentiel.loader import load_text

BROKEN = (
    MINI_YAML
    # a duplicate indicator id
    .replace("id: ECO.1.2\n", "id: ECO.1.1\n")
    # an unknown scale
    .replace("type: scale, scale: accord,\n                 group: benevoles}\n            "
             "scoring: {method: options}",
             "type: scale, scale: accrod,\n                 group: benevoles}\n            "
             "scoring: {method: options}")
    # a formula citing an unknown question
    .replace("formula: ressources_propres / budget * 100",
             "formula: ressources_propres / budjet * 100")
    # bands out of order, and against their polarity
    .replace("{min: 50, score: 50}, {min: 80, score: 100}",
             "{min: 80, score: 50}, {min: 50, score: 10}")
    # a multiple choice whose cap cannot be reached
    .replace("cap: 3\n", "cap: 30\n")
    # an unknown group
    .replace("{id: verbatim, label: Un souvenir marquant, type: text}",
             "{id: verbatim, label: Un souvenir marquant, type: text, group: elus}")
)


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_mini_is_clean(mini: object) -> None:
    assert check_tree(load_text(MINI_YAML, "mini/1.0.0.yaml")) == []


def test_every_error_at_once_each_located() -> None:
    issues = check_tree(load_text(BROKEN, "mini/1.0.0.yaml"))
    got = {(i.code, i.path) for i in issues}
    ind = "dimensions[{}].criteres[{}].indicateurs[{}]"
    expected = {
        ("REF003", ind.format(0, 0, 1) + ".id"),
        ("REF004", ind.format(1, 0, 0) + ".questions[0].scale"),
        ("REF007", ind.format(0, 1, 0) + ".scoring.formula"),
        ("REF009", ind.format(1, 0, 1) + ".scoring.bands"),
        ("REF010", ind.format(1, 0, 1) + ".scoring.bands"),
        ("REF011", ind.format(1, 1, 0) + ".scoring"),
        ("REF005", ind.format(1, 1, 1) + ".questions[0].group"),
    }
    assert expected <= got, sorted(got)
    by_code = {str(i.code): i for i in issues}
    assert by_code["REF007"].line == _line(BROKEN, "budjet")
    assert by_code["REF004"].line == _line(BROKEN, "accrod")
    duplicates = [n for n, t in enumerate(BROKEN.splitlines(), 1) if "id: ECO.1.1" in t]
    assert by_code["REF003"].line == duplicates[1]
    assert all(i.file == "mini/1.0.0.yaml" and i.line for i in issues)
    assert "budjet" in by_code["REF007"].message


def test_unscored_question_and_formula_on_text_are_reported() -> None:
    text = MINI_YAML.replace(
        "              - {id: budget, label: Budget total, type: amount, "
        "allow_non_concerne: false}\n",
        "              - {id: budget, label: Budget total, type: amount, "
        "allow_non_concerne: false}\n"
        "              - {id: oubli, label: Question oubliée, type: number}\n",
    ).replace("formula: ressources_propres / budget * 100",
              "formula: ressources_propres / verbatim * 100")
    codes = {(i.code, i.path) for i in check_tree(load_text(text, "mini/1.0.0.yaml"))}
    assert ("REF012", "dimensions[0].criteres[1].indicateurs[0].questions[2]") in codes
    assert ("REF008", "dimensions[0].criteres[1].indicateurs[0].scoring.formula") in codes
    # budget is no longer read by any scoring either
    assert ("REF012", "dimensions[0].criteres[1].indicateurs[0].questions[1]") in codes


def test_misplaced_file_is_reported(tmp_path: Path) -> None:
    issues = check_tree(load_text(MINI_YAML, str(tmp_path / "autre" / "2.0.0.yaml")))
    assert [i.code for i in issues] == ["REF017"]


def test_option_and_bound_mistakes_are_caught() -> None:
    text = (MINI_YAML
            .replace("{code: navettes, label: Navettes, score: 1}",
                     "{code: ateliers, label: Navettes, score: 1}")
            .replace("{code: 3, label: Plutôt d'accord, score: 2}",
                     "{code: 3, label: Plutôt d'accord}")
            .replace("type: number, min: 0, max: 500}", "type: number, min: 600, max: 500}")
            .replace("consolidation: {method: top_share, top: [3, 4]}",
                     "consolidation: {method: top_share, top: []}"))
    found = {(i.code, i.path) for i in check_tree(load_text(text, "mini/1.0.0.yaml"))}
    ind = "dimensions[{}].criteres[{}].indicateurs[{}]"
    assert ("REF020", ind.format(1, 1, 0) + ".questions[0].options") in found  # double code
    assert ("REF020", ind.format(1, 0, 0) + ".questions[0].scale") in found  # no score
    assert ("REF021", ind.format(0, 0, 1) + ".questions[0].min") in found
    assert ("REF013", ind.format(1, 0, 1) + ".scoring.consolidation.top") in found


def test_multiple_choice_needs_top_share_to_give_a_value() -> None:
    text = MINI_YAML.replace(
        "          - id: SOC.2.2\n",
        "          - id: SOC.2.3\n            label: Choix des bénévoles\n"
        "            kind: resultat\n            questions:\n"
        "              - id: envies\n                label: Vos envies\n"
        "                group: benevoles\n                type: multiple_choice\n"
        "                options: [{code: a, label: A, score: 1}, {code: b, label: B, score: 1}]\n"
        "            scoring: {method: linear, low: 0, high: 100}\n"
        "          - id: SOC.2.2\n")
    found = {i.code for i in check_tree(load_text(text, "mini/1.0.0.yaml"))}
    assert "REF013" in found
