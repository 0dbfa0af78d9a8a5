"""ardes-culture@1.1.0: utilité sociale, not size or accounts (issue 18).

The review of 1.0.0 (../shared/specs/ardes-culture-review.md) measured that dividing
every extensive quantity of the « complet » example by 10 moved CULT by 13 points, and
that negative equity and a deficit still gave ECO « Affirmé ». These tests replay both
experiments on 1.1.0, and on 1.0.0 to show that they bite.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from evalsoc.answers.model import AnswerSet, AnswerStatus
from evalsoc.answers.validate import validate_answer_set
from evalsoc.checks.verify import check_referentiel
from evalsoc.cli.main import cli
from evalsoc.referentiel.formula import names
from evalsoc.referentiel.model import (
    BandsScoring,
    InformationalScoring,
    LinearScoring,
    QuestionType,
    Referentiel,
)
from evalsoc.referentiel.registry import resolve
from evalsoc.reports import CampaignFigures, build_fiche, fiche_charts, fiche_view
from evalsoc.reports.fiche.parts import collection_of
from evalsoc.reports.fiche.render import fiche_html
from evalsoc.reports.sector.method import indicators_table
from evalsoc.scoring import score
from evalsoc.scoring.alerts import alerts_of
from evalsoc.scoring.result import NodeScore

ROOT = Path(__file__).resolve().parent.parent / "referentiels" / "ardes-culture"
EXTENSIVE = frozenset({QuestionType.INTEGER, QuestionType.NUMBER, QuestionType.AMOUNT})
NEW_GROUPS = ("artistes", "elus", "administrateurs")
FINANCIAL = ("fonds_propres", "charges_totales", "montant_premier_financeur")


@pytest.fixture(scope="module")
def ref11() -> Referentiel:
    return resolve("ardes-culture@1.1.0")[1]


@pytest.fixture(scope="module")
def ref10() -> Referentiel:
    return resolve("ardes-culture@1.0.0")[1]


def _example(ref: Referentiel, name: str) -> AnswerSet:
    data = json.loads((ROOT / "examples" / ref.version / f"{name}.json").read_text("utf-8"))
    answers, issues = validate_answer_set(AnswerSet.model_validate(data["answers"]), ref,
                                          name)
    assert not [i for i in issues if i.severity.value == "erreur"]
    return answers


def _profile(ref: Referentiel, answers: AnswerSet) -> dict[str, float | None]:
    """Every dimension's, critère's and indicator's score (None when absent)."""
    result = score(ref, answers)
    found: dict[str, float | None] = {}

    def walk(node: object) -> None:
        found[node.id] = node.score  # type: ignore[attr-defined]
        for child in node.children:  # type: ignore[attr-defined]
            if child.kind != "question":
                walk(child)

    for dim in result.dimensions:
        walk(dim)
    return found


def _scaled(ref: Referentiel, answers: AnswerSet, factor: float) -> AnswerSet:
    """Every extensive quantity (counts and amounts the structure declares) times
    ``factor``, exactly; shares, choices and every respondent's answer unchanged."""
    questions = ref.questions()
    changed = []
    for answer in answers.answers:
        question = questions.get(answer.question)
        if (question is not None and question.group == "structure"
                and question.type in EXTENSIVE and isinstance(answer.value, float)
                and answer.status is AnswerStatus.ANSWERED):
            changed.append(answer.but(value=answer.value * factor))
        else:
            changed.append(answer)
    return answers.model_copy(update={"answers": tuple(changed)})


# --- Must show 1: check and diff ---------------------------------------------------

def test_check_passes_with_examples_of_each_new_group_and_a_volunteer_association(
        ref11: Referentiel) -> None:
    report = check_referentiel("ardes-culture@1.1.0")
    assert report.valid, [i.render() for i in report.issues]
    assert report.examples == 4
    groups: set[str] = set()
    volunteer = []
    for path in sorted((ROOT / "examples" / "1.1.0").glob("*.json")):
        answers = _example(ref11, path.stem)
        counts: dict[str, int] = {}
        for r in answers.respondents:
            counts[r.group] = counts.get(r.group, 0) + 1
        groups |= {g for g, n in counts.items() if n >= 3}
        if any(a.question == "employeur" and a.value == "non" for a in answers.answers):
            volunteer.append(path.stem)
    assert set(NEW_GROUPS) <= groups  # each new group above its minimum somewhere
    assert volunteer == ["benevole"]


def test_published_beside_1_0_0_which_keeps_its_fingerprint() -> None:
    lock = json.loads((ROOT.parent / "referentiels.lock").read_text("utf-8"))
    assert lock["ardes-culture@1.0.0"] == (
        "f87e2c31984355819a61743f0c0d4f00c11ced5f8f76863a3e4ba8f789833c0b")
    assert "ardes-culture@1.1.0" in lock


def test_crosswalk_classifies_every_node_and_question(ref10: Referentiel,
                                                      ref11: Referentiel) -> None:
    crosswalk = ref11.crosswalk
    assert crosswalk is not None and crosswalk.previous == "1.0.0"

    def ids(ref: Referentiel) -> tuple[set[str], set[str]]:
        nodes = {d.id for d in ref.dimensions} | {
            c.id for d in ref.dimensions for c in d.criteres} | {
            i.id for i in ref.indicateurs()}
        return nodes, set(ref.questions())

    old_nodes, old_questions = ids(ref10)
    new_nodes, new_questions = ids(ref11)
    assert {o for e in crosswalk.nodes for o in e.old} == old_nodes
    assert {n for e in crosswalk.nodes for n in e.targets()} == new_nodes
    assert {o for e in crosswalk.questions for o in e.old} == old_questions
    assert {n for e in crosswalk.questions for n in e.targets()} == new_questions


def test_diff_lists_every_change() -> None:
    out = CliRunner().invoke(cli, ["referentiel", "diff", "ardes-culture@1.0.0",
                                    "ardes-culture@1.1.0", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    text = json.dumps(data, ensure_ascii=False)
    for changed in ("ECO.3.4", "ECO.4.1", "fonds_propres", "part_attractivite",
                    "esthetiques", "nb_benevoles_reguliers", "elu_objectifs", "TERR.4",
                    "art_remuneration", "adm_hors_conseil", "employeur"):
        assert changed in text, changed


def test_diff_text_gives_every_line_of_the_crosswalk(ref11: Referentiel) -> None:
    out = CliRunner().invoke(cli, ["referentiel", "diff", "ardes-culture@1.0.0",
                                   "ardes-culture@1.1.0"])
    assert out.exit_code == 0, out.output
    crosswalk = ref11.crosswalk
    assert crosswalk is not None
    for entry in crosswalk.nodes:  # every change is told (« inchangé » only counted)
        if entry.change.value == "same":
            continue
        for ident in entry.old or entry.new:
            assert f"nœud {ident} " in out.output, ident
    assert "Nœuds : inchangé : 17" in out.output


# --- Must show 2: the size experiment ------------------------------------------------

FACTORS = (1.0, 1 / 3, 1 / 10)


def _dimension_moves(ref: Referentiel) -> dict[str, float]:
    """How far each dimension of « complet » moves over ×1, ×1/3, ×1/10, every
    extensive quantity scaled exactly (0,1 résidence is the same intensity as 1 for a
    budget ten times larger; whole counts are the next test's business)."""
    answers = _example(ref, "complet")
    profiles = [_profile(ref, _scaled(ref, answers, f)) for f in FACTORS]
    moves = {}
    for dim in ref.dimensions:
        values = [p[dim.id] for p in profiles]
        assert all(v is not None for v in values), (dim.id, values)
        moves[dim.id] = max(values) - min(values)  # type: ignore[type-var,operator]
    return moves


def test_size_experiment_moves_no_dimension_by_more_than_5_points(
        ref11: Referentiel) -> None:
    moves = _dimension_moves(ref11)
    assert max(moves.values()) <= 5, moves
    assert set(moves) == {"ECO", "SOC", "CULT", "TERR", "GOUV", "INNOV"}


def _indicators(ref: Referentiel, answers: AnswerSet
                ) -> dict[str, tuple[float | None, float | None]]:
    """Every indicator's (value its formula gave, score)."""
    found: dict[str, tuple[float | None, float | None]] = {}

    def walk(node: NodeScore) -> None:
        if node.kind == "indicateur":
            found[node.id] = (node.value, node.score)
        for child in node.children:
            walk(child)

    for dim in score(ref, answers).dimensions:
        walk(dim)
    return found


def _whole(ref: Referentiel, answers: AnswerSet, factor: float) -> AnswerSet:
    """As :func:`_scaled`, but each count (an integer question) rounded to a whole
    number, as a real structure of that size would declare it."""
    questions = ref.questions()
    scaled = _scaled(ref, answers, factor)
    return scaled.model_copy(update={"answers": tuple(
        a.but(value=float(round(a.value)))
        if isinstance(a.value, float) and a.question in questions
        and questions[a.question].type is QuestionType.INTEGER
        and questions[a.question].group == "structure" else a
        for a in scaled.answers)})


def test_size_experiment_with_whole_counts_moves_only_what_rounding_changed(
        ref11: Referentiel) -> None:
    """The rounding caveat. Divided by 10 and rounded to whole numbers, « complet »'s
    small counts are no longer the same intensity: 1 expérimentation, 2 résidences, 2
    actions de prévention, 4 moments conviviaux, 2 partenariats sociaux, 3 nouveaux
    administrateurs become 0
    (the structure then has none, a different fact), 7 communes become 1 (3,3 per
    100 k€ instead of 2,3). Those indicators move, and SOC, GOUV and INNOV with them
    (13 to 17 points at ×1/10, INNOV 5,6 at ×1/3). What the test holds is that nothing
    else moves: every indicator whose intensity rounding left unchanged keeps its score
    exactly, and every one that moved had its intensity changed."""
    answers = _example(ref11, "complet")
    before = _indicators(ref11, answers)
    changed_somewhere = False
    for factor in FACTORS[1:]:
        after = _indicators(ref11, _whole(ref11, answers, factor))
        for ident, (value, scored) in before.items():
            new_value, new_score = after[ident]
            same = (value is None and new_value is None) or (
                value is not None and new_value is not None
                and abs(new_value - value) <= 1e-9 * max(1.0, abs(value)))
            if same:
                assert new_score == scored, (factor, ident, scored, new_score)
            elif new_score != scored:
                changed_somewhere = True
    assert changed_somewhere  # the caveat is real: whole counts do change intensities


def test_size_experiment_bites_on_1_0_0(ref10: Referentiel) -> None:
    """The same experiment on 1.0.0 reproduces the review: CULT loses 13 points."""
    moves = _dimension_moves(ref10)
    assert moves["CULT"] == pytest.approx(57.78 - 44.81, abs=0.05)
    assert max(moves.values()) > 5


def test_size_is_never_typed(ref11: Referentiel) -> None:
    """No indicator reads the identification's « taille » or any declared size class:
    a size is only ever the budget, a number from the accounts."""
    for question in ref11.questions().values():
        assert "taille" not in question.id and "classe" not in question.id


def test_realisations_are_intensities(ref11: Referentiel) -> None:
    """Every scored réalisation that reads a count or an amount divides it by the budget
    or by another quantity of the structure: none is an absolute count."""
    questions = ref11.questions()
    for ind in ref11.indicateurs():
        scoring = ind.scoring
        if not isinstance(scoring, (BandsScoring, LinearScoring)):
            continue
        read = names(scoring.formula) if scoring.formula else [
            scoring.question or ind.questions[0].id]
        extensive = [n for n in read if questions[n].type in EXTENSIVE]
        if extensive:
            assert scoring.formula and "/" in scoring.formula, ind.id


# --- Must show 3: finance out of ECO -------------------------------------------------

def test_no_financial_ratio_is_scored(ref11: Referentiel) -> None:
    for ind in ref11.indicateurs():
        scoring = ind.scoring
        if isinstance(scoring, InformationalScoring):
            continue
        formula = scoring.formula if isinstance(scoring, (BandsScoring, LinearScoring)) \
            else None
        read = set(names(formula)) if formula else {q.id for q in ind.questions}
        assert not read & set(FINANCIAL), ind.id
        assert "subventions_publiques / " not in (formula or "")


def _with(answers: AnswerSet, **values: float) -> AnswerSet:
    changed = [a.but(value=values[a.question]) if a.question in values else a
               for a in answers.answers]
    return answers.model_copy(update={"answers": tuple(changed)})


def test_accounts_do_not_move_the_utilite_sociale_profile(ref11: Referentiel,
                                                          ref10: Referentiel) -> None:
    """Negative equity and a deficit against healthy accounts, all else equal: the
    same profile in 1.1.0 (and not in 1.0.0, where ECO moved)."""
    for ref in (ref11, ref10):
        answers = _example(ref, "complet")
        ailing = _with(answers, fonds_propres=-1800.0, charges_totales=330000.0)
        healthy = _with(answers, fonds_propres=90000.0, charges_totales=280000.0)
        if ref is ref11:
            assert _profile(ref, ailing) == _profile(ref, healthy)
        else:
            assert _profile(ref, ailing)["ECO"] != _profile(ref, healthy)["ECO"]


def test_more_own_resources_is_not_monotonously_better(ref11: Referentiel) -> None:
    """The mix of resources: all from ticketing is worse than half and half."""
    answers = _example(ref11, "complet")
    market = _with(answers, recettes_activite=300000.0, subventions_publiques=0.0,
                   dons_cotisations=0.0, benevolat_valorise=0.0)
    mixed = _with(answers, recettes_activite=150000.0, subventions_publiques=150000.0,
                  dons_cotisations=0.0, benevolat_valorise=0.0)
    assert _profile(ref11, market)["ECO.5.2"] == 0
    assert _profile(ref11, mixed)["ECO.5.2"] == 100


def test_free_entry_no_longer_lowers_access(ref11: Referentiel) -> None:
    answers = _example(ref11, "complet")
    free = _with(answers, entrees_gratuites=8000.0, entrees_tarif_social=0.0)
    assert _profile(ref11, free)["SOC.3.2"] == 100


# --- the volunteer-only association and the collective agreement --------------------

def test_volunteer_only_association_is_not_concerned_by_employer_indicators(
        ref11: Referentiel) -> None:
    answers = _example(ref11, "benevole")
    result = score(ref11, answers)
    profile = _profile(ref11, answers)
    for ident in ("ECO.1", "ECO.2", "ECO.1.1", "ECO.1.2", "ECO.2.2", "ECO.2.3",
                  "GOUV.2.3"):
        assert profile[ident] is None, ident
    assert profile["ECO"] is not None  # ECO reads the plural economy instead
    eco = next(d for d in result.dimensions if d.id == "ECO")
    eco1 = next(c for c in eco.children if c.id == "ECO.1")
    assert eco1.absent is not None and eco1.absent.value == "non_concerne"
    assert "contrats aidés" not in json.dumps(result.model_dump(mode="json"),
                                              ensure_ascii=False)


def test_collective_agreement_is_an_alert_not_a_score(ref11: Referentiel) -> None:
    petite = _example(ref11, "petite-structure")  # « non » to the agreement
    raised = alerts_of(ref11, petite)
    assert [a.indicator for a in raised] == ["ECO.2.1"]
    assert "CCNEAC" in raised[0].message
    assert _profile(ref11, petite)["ECO.2.1"] is None  # informational: never a score
    complet = _example(ref11, "complet")  # « oui »
    assert alerts_of(ref11, complet) == ()
    volunteer = _example(ref11, "benevole")  # no staff: no alert whatever the answer
    assert alerts_of(ref11, _with(volunteer)) == ()


# --- groups, mirror items, kinds and wording -----------------------------------------

def test_groups_each_need_three_respondents_and_publics_ten(ref11: Referentiel) -> None:
    groups = {g.id: g for g in ref11.groups}
    assert set(NEW_GROUPS) <= set(groups)
    for group in ref11.groups:
        if group.multiple:
            assert group.min_respondents >= 3, group.id
    assert groups["publics"].min_respondents >= 10


def test_every_group_has_a_reversed_item_and_a_critical_open_question_last(
        ref11: Referentiel) -> None:
    reversed_scale = "accord_4_inverse"
    for group in ref11.groups:
        if group.id == "structure":
            continue
        asked = list(ref11.questions_of(group.id).values())
        assert any(q.scale == reversed_scale for q in asked), group.id
        assert any(q.type is QuestionType.TEXT and ("mieux" in q.label or "changer"
                   in q.label or "progresser" in q.label) for q in asked), group.id


def test_mirror_items_are_declared_across_groups(ref11: Referentiel) -> None:
    mirrors = ref11.mirrors()
    assert {"mot_benevoles", "salaries_associes", "usagers_avis", "usagers_suite",
            "role_territoire"} <= set(mirrors)
    for key, questions in mirrors.items():
        assert len({q.group for q in questions}) == len(questions) >= 2, key
        assert len({q.scale for q in questions}) == 1, key


def test_every_indicator_has_a_kind_and_a_direction(ref11: Referentiel) -> None:
    kinds = {i.kind for i in ref11.indicateurs()}
    assert kinds == {"realisation", "resultat", "impact"}
    directions = {i.id: i.direction.value for i in ref11.indicateurs()}
    assert directions["ECO.5.2"] == "lower_better"


def test_glossary_defines_the_jargon(ref11: Referentiel) -> None:
    terms = {g.term for g in ref11.glossary}
    assert {"ETP", "EAC", "CCNEAC", "FONPEPS", "Subvention d'exploitation"} <= terms


def test_fiche_shows_alerts_collection_and_mirror_items_only(ref11: Referentiel) -> None:
    """The fiche of the « petite-structure » example: the agreement's alert apart from
    the scores, how the publics were reached under the respondents, and « regards
    croisés » one mirror item per row, never a structure's counts against perceptions."""
    answers = _example(ref11, "complet")
    fiche = build_fiche(score(ref11, answers), ref11, CampaignFigures("2026", 2026),
                        alerts=alerts_of(ref11, _example(ref11, "petite-structure")),
                        collection=collection_of(answers, ref11))
    assert fiche.mirrored and fiche.alerts[0].indicator == "ECO.2.1"
    rows = {(d.dimension, d.group) for d in fiche.divergence}
    assert {key for key, _ in rows} <= set(ref11.mirrors())
    assert ("mot_benevoles", "administrateurs") in rows
    html = fiche_html(fiche_view(fiche, fiche_charts(fiche)))
    assert "Alertes de conformité" in html and "CCNEAC" in html
    assert "Recueil des réponses — les publics : Sur papier, pendant les activités" in html
    assert "Pour chaque item miroir" in html
    assert "Plus grand écart : " in html


# --- Issue point 7: kind and direction in the fiche and the synthesis ------------------

def test_fiche_shows_every_indicator_s_kind_and_direction(ref11: Referentiel) -> None:
    """The volunteer-only association's fiche: every indicator once, in the tree's
    order, with its kind and direction; the resource concentration (ECO.5.2) reads
    « plus c'est bas, mieux c'est »; an employer indicator is « non concerné », an
    informational one « informatif », never a score."""
    answers = _example(ref11, "benevole")
    fiche = build_fiche(score(ref11, answers), ref11, CampaignFigures("2026", 2026))
    shown = {i.id: i for i in fiche.indicators}
    assert [i.id for i in fiche.indicators] == [i.id for i in ref11.indicateurs()]
    kinds = {"realisation": "réalisation", "resultat": "résultat", "impact": "impact"}
    for spec in ref11.indicateurs():
        assert shown[spec.id].kind == kinds[spec.kind], spec.id
        lower = spec.direction.value == "lower_better"
        assert shown[spec.id].direction == (
            "plus c'est bas, mieux c'est" if lower else "plus c'est haut, mieux c'est")
    assert shown["ECO.5.2"].direction == "plus c'est bas, mieux c'est"
    assert shown["ECO.5.2"].kind == "résultat" and shown["ECO.5.2"].score == 100.0
    assert shown["ECO.1.1"].score is None and shown["ECO.1.1"].status == "non concerné"
    assert shown["ECO.5.1"].status == "informatif, non noté"
    assert {i.kind for i in fiche.indicators} == {"réalisation", "résultat", "impact"}
    view = fiche_view(fiche, fiche_charts(fiche))
    html = fiche_html(view)
    assert "Détail par indicateur : nature et sens de lecture" in html
    row = next(r for r in view["indicators"]["rows"] if r[0].startswith("ECO.5.2 "))
    assert row[1:] == ["résultat", "plus c'est bas, mieux c'est", "100"]
    assert "plus c&#39;est bas, mieux c&#39;est" in html  # the ECO.5.2 row, escaped
    compact = next(r for r in view["indicators"]["compact"] if r[0].startswith("ECO.5.2 "))
    assert compact[2] == "↓" and "↓ : plus c'est bas, mieux c'est" in view["indicators"][
        "legend"]


def test_synthesis_annex_gives_every_indicator_s_kind_and_direction(
        ref11: Referentiel) -> None:
    table = indicators_table(ref11)
    assert not table.protected  # the référentiel's words, no structure's figure
    assert len(table.rows) == len(ref11.indicateurs())
    by_id = {str(r.values[1]).split(" · ")[0]: r.values for r in table.rows}
    assert by_id["ECO.5.2"][2:] == ("résultat", "plus c'est bas, mieux c'est")
    assert by_id["ECO.5.1"][3] == "informatif, non noté"
    assert by_id["CULT.3.3"][2] == "impact"
