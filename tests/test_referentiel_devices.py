"""A référentiel's optional devices, for any référentiel (issue 18): a condition
(``applies_if``) that makes an indicator « non concerné », a compliance alert
(``alert``) that is never a score, mirror items (``mirror``) on which « regards
croisés » are read, and a glossary sheet in the questionnaires."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI_YAML
from openpyxl import load_workbook

from evalsoc.answers.model import Answer, AnswerSet, Respondent, StructureInfo
from evalsoc.questionnaire.writer import build_workbook, grid_groups
from evalsoc.referentiel.check import check_tree
from evalsoc.referentiel.loader import load_text
from evalsoc.referentiel.model import Referentiel
from evalsoc.reports.fiche.parts import group_means, mirror_means
from evalsoc.scoring import score
from evalsoc.scoring.alerts import alerts_of

# MINI with: ECO.1.2 only for employers, the agreement as an alert, a mirror item asked
# of the structure and of the bénévoles, and a glossary
_CONVENTION = (
    "            questions:\n"
    "              - {id: convention, label: \"Appliquez-vous une convention collective ?\","
    " type: yesno}\n"
    "            scoring: {method: options}")
_ALERT = (
    "            alert: {codes: [non], message: \"Vérifiez la convention applicable.\"}\n"
    + _CONVENTION.replace("{method: options}", "{method: informational}") + "\n"
    "          - id: ECO.1.3\n"
    "            label: Employeur\n"
    "            kind: realisation\n"
    "            questions:\n"
    "              - {id: employeur, label: \"Avez-vous des salariés ?\", type: yesno}\n"
    "            scoring: {method: informational}")
_JOBS = "            label: Emplois permanents\n            kind: realisation\n"
_MEETINGS = (
    "              - {id: rencontres, label: J'ai rencontré des gens, type: scale,"
    " scale: accord,\n                 group: benevoles}")
_MIRRORED = (
    "              - {id: rencontres, label: On rencontre des gens, type: scale,\n"
    "                 scale: accord, group: benevoles, mirror: rencontres}\n"
    "              - {id: rencontres_vues, label: On rencontre des gens, type: scale,\n"
    "                 scale: accord, mirror: rencontres}")
DEVICES = (
    MINI_YAML
    .replace(_CONVENTION, _ALERT)
    .replace(_JOBS, _JOBS + "            applies_if: {question: employeur, codes: [oui]}\n")
    .replace(_MEETINGS, _MIRRORED)
    + "glossary:\n"
    "  - {term: ETP, definition: \"Équivalent temps plein : 1 607 heures par an.\"}\n"
)


def _ref(text: str = DEVICES) -> Referentiel:
    loaded = load_text(text, "mini/1.0.0.yaml")
    assert loaded.referentiel is not None, [i.render() for i in loaded.issues]
    return loaded.referentiel


def _codes(text: str) -> set[str]:
    return {i.code for i in check_tree(load_text(text, "mini/1.0.0.yaml"))}


def test_devices_are_clean() -> None:
    assert check_tree(load_text(DEVICES, "mini/1.0.0.yaml")) == []
    collected = DEVICES.replace("min_respondents: 3}",
                                "min_respondents: 3, collection: [employeur]}")
    assert check_tree(load_text(collected, "mini/1.0.0.yaml")) == []


@pytest.mark.parametrize(("old", "new", "code"), [
    ("applies_if: {question: employeur", "applies_if: {question: etp", "REF150"),
    ("codes: [oui]", "codes: [peut-etre]", "REF151"),
    ("scoring: {method: informational}\n          - id: ECO.1.3",
     "scoring: {method: options}\n          - id: ECO.1.3", "REF152"),
    ("scale: accord, mirror: rencontres}", "scale: accord, mirror: autre}", "REF153"),
    ("type: scale,\n                 scale: accord, mirror: rencontres}",
     "type: yesno, mirror: rencontres}", "REF154"),
    ("min_respondents: 3}", "min_respondents: 3, collection: [rencontres]}", "REF156"),
    ("glossary:\n", "glossary:\n  - {term: etp, definition: En double.}\n", "REF155"),
])
def test_each_misuse_is_reported(old: str, new: str, code: str) -> None:
    assert old in DEVICES
    assert code in _codes(DEVICES.replace(old, new, 1))


def _answers(employer: str, agreement: str) -> AnswerSet:
    people = [Respondent(id="structure", group="structure")] + [
        Respondent(id=f"b{n}", group="benevoles") for n in range(3)]
    given = [Answer("employeur", value=employer), Answer("convention", value=agreement),
             Answer("etp", value=4.0), Answer("ressources_propres", value=10.0),
             Answer("budget", value=100.0), Answer("rencontres_vues", value="4")]
    given += [Answer("rencontres", f"b{n}", value=v) for n, v in enumerate("123")]
    return AnswerSet(referentiel="mini@1.0.0", structure=StructureInfo(id="s1"),
                     respondents=tuple(people),
                     answers=tuple(given))


def _node(result: object, ident: str) -> object:
    stack = list(result.dimensions)  # type: ignore[attr-defined]
    while stack:
        node = stack.pop()
        if node.id == ident:
            return node
        stack.extend(node.children)
    raise KeyError(ident)


def test_condition_makes_an_indicator_non_concerne_never_zero() -> None:
    ref = _ref()
    employer = score(ref, _answers("oui", "oui"))
    assert _node(employer, "ECO.1.2").score == 70  # type: ignore[attr-defined]
    volunteer = score(ref, _answers("non", "oui"))
    node = _node(volunteer, "ECO.1.2")
    assert node.score is None and node.absent.value == "non_concerne"  # type: ignore[attr-defined]
    assert "Non" in node.reason  # type: ignore[attr-defined]
    # no answer to the condition: the indicator is scored from its own answers
    silent = _answers("oui", "oui")
    silent = silent.model_copy(update={"answers": tuple(
        a for a in silent.answers if a.question != "employeur")})
    assert _node(score(ref, silent), "ECO.1.2").score == 70  # type: ignore[attr-defined]


def test_alert_is_raised_by_its_codes_and_never_scored() -> None:
    ref = _ref()
    raised = alerts_of(ref, _answers("oui", "non"))
    assert [(a.indicator, a.answer) for a in raised] == [("ECO.1.1", "Non")]
    assert alerts_of(ref, _answers("oui", "oui")) == ()
    result = score(ref, _answers("oui", "non"))
    assert _node(result, "ECO.1.1").informational  # type: ignore[attr-defined]


def test_regards_croises_are_read_on_mirror_items_only() -> None:
    ref = _ref()
    result = score(ref, _answers("oui", "oui"))
    means = mirror_means(result, ref)
    assert {(m.dimension, m.dimension_label, m.group): m.mean for m in means} == {
        ("rencontres", "Rencontres grâce à l'association", "benevoles"): pytest.approx(
            100 / 3),
        ("rencontres", "Rencontres grâce à l'association", "structure"): 100.0}
    assert group_means(result, ref) == means
    # without mirror items, each group's indicators as before
    plain = _ref(MINI_YAML)
    assert {m.group for m in group_means(score(plain, _answers("oui", "oui")), plain)} \
        >= {"structure"}


def test_glossary_sheet_and_open_questions_last(tmp_path: Path) -> None:
    ref = _ref(DEVICES.replace(
        "{id: verbatim, label: Un souvenir marquant, type: text}",
        "{id: verbatim, label: Un souvenir marquant, type: text, group: benevoles}"))
    wb = build_workbook(ref, None, "q1", "0" * 64)
    assert "Glossaire" in wb.sheetnames
    path = tmp_path / "q.xlsx"
    wb.save(path)
    sheet = load_workbook(path)["Glossaire"]
    assert [sheet.cell(4, 1).value, sheet.cell(4, 2).value] == [
        "ETP", "Équivalent temps plein : 1 607 heures par an."]
    (_, questions), = grid_groups(ref)
    assert questions[-1].id == "verbatim"
    assert "Glossaire" not in build_workbook(_ref(MINI_YAML), None, "q2", "0" * 64).sheetnames
