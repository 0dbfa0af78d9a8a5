"""The OPP observation (opp-observation@1.0.0): rules agreed before collection, applied.

Requirements (issue 21, specs/opp-observation.md):
- o1 a structure enters a block's tables only if the block is complete; n per table;
- o2 a sum only of additive quantities: no percentage, price, capacity or year summed;
- o3 Σ/Σ ratios and medians of individual ratios, both, equal to hand values;
- o4 a size class derived from the budget in every breakdown;
- o5 participation: invited, answered, complete, rates;
- o6 series on the same structures: a late joiner's first year is not compared;
- o7 every observation table is a publication table, and the auditor passes on them;
- o11 opp-observation@1.1.0 (42 fields, the spec's blocks) beside the locked 1.0.0, with
  its crosswalk; a series 1.0.0 -> 1.1.0 over the same structures compares the fields
  both versions share, each block's completeness judged by the version of its year.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from workbooks import answer_row

from evalsoc.catalogue import Code
from evalsoc.cli.main import cli
from evalsoc.excel import layout
from evalsoc.issues import make_issue
from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.observation import comparable_questions
from evalsoc.publish.publication import Publication
from evalsoc.publish.review import review
from evalsoc.referentiel.check_observation import check_observation
from evalsoc.referentiel.model import QuestionType, Referentiel
from evalsoc.referentiel.registry import resolve
from evalsoc.stats import SecrecyRules
from evalsoc.stats.observation import (
    SERIES_STATS,
    SIZE_COLUMN,
    block_questions,
    block_totals,
    complete_blocks,
    participation,
    ratio_table,
    ratio_values,
    series,
    typology,
)
from evalsoc.store.frames import Store

REF: Referentiel = resolve("opp-observation@1.0.0")[1]
RULES = SecrecyRules()
# seven structures by hand: budget, subsidies (o3)
BUDGETS = {"A": (100_000, 60_000), "B": (40_000, 10_000), "C": (250_000, 100_000),
           "D": (80_000, 60_000), "E": (500_000, 200_000), "F": (30_000, 3_000),
           "G": (150_000, 90_000)}


def _default(question: str) -> object:
    q = REF.questions()[question]
    if q.type is QuestionType.SINGLE_CHOICE:
        return REF.options_of(q)[0].code
    if q.type is QuestionType.MULTIPLE_CHOICE:
        return [REF.options_of(q)[0].code]
    if q.type is QuestionType.NUMBER:
        return 2.5
    return 2000 if q.min is None or q.min < 2000 else q.min


def answers(campaign: str, structures: Mapping[str, Mapping[str, object]],
            missing: Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """Every question answered by every structure, but ``missing`` (left empty) and the
    values given in ``structures``."""
    rows = []
    for ident, given in structures.items():
        for question in REF.questions():
            if question in (missing or {}).get(ident, ()):
                continue
            value = given.get(question, _default(question))
            rows.append((campaign, ident, question, "answered", value))
    return pd.DataFrame(rows, columns=["campagne", "structure_id", "question", "statut",
                                       "valeur"])


def seven(campaign: str = "2025", **extra: Mapping[str, object]) -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {
        k: {"budget_total": b, "subventions_total": s} for k, (b, s) in BUDGETS.items()}
    for ident, values in extra.items():
        found.setdefault(ident, {}).update(values)
    return found


def test_o3_sum_ratio_and_median_of_ratios_by_hand() -> None:
    frame = answers("2025", seven())
    complete = complete_blocks(frame, REF)
    ratio = next(r for r in REF.observation.ratios if r.id == "part_subventions")  # type: ignore[union-attr]
    values = ratio_values(frame, ratio, complete["BUDGET"])
    table = ratio_table(values, pd.DataFrame({"structure_id": list(BUDGETS)}), (), RULES)
    row = table.iloc[0]
    # Σ subsidies 523 000 / Σ budgets 1 150 000; the ratios 0.1 0.25 0.4 0.4 0.6 0.6 0.75
    assert row["n"] == 7
    assert row["numerateur"] == 523_000 and row["denominateur"] == 1_150_000
    assert row["ratio_sommes"] == pytest.approx(523_000 / 1_150_000)
    assert row["ratio_sommes"] == pytest.approx(0.454783, abs=1e-6)
    assert row["mediane_ratios"] == pytest.approx(0.4)
    assert not row["masque"]


def test_o3_a_zero_denominator_leaves_the_structure_out_of_both() -> None:
    frame = answers("2025", seven(H={"budget_total": 0, "subventions_total": 5_000}))
    ratio = next(r for r in REF.observation.ratios if r.id == "part_subventions")  # type: ignore[union-attr]
    values = ratio_values(frame, ratio, complete_blocks(frame, REF)["BUDGET"])
    assert "H" not in set(values["structure_id"]) and len(values) == 7


def test_o1_an_incomplete_block_leaves_its_tables_only() -> None:
    # B and D leave one employment field empty: out of EMPLOI, still in BUDGET
    frame = answers("2025", seven(), missing={"B": ["etp_permanents"],
                                              "D": ["services_civiques"]})
    complete = complete_blocks(frame, REF)
    assert complete["EMPLOI"] == frozenset("ACEFG")
    assert complete["BUDGET"] == frozenset("ABCDEFG")
    groups = pd.DataFrame({"structure_id": list(BUDGETS)})
    emploi = block_totals(frame, REF, "EMPLOI", complete["EMPLOI"], groups, (), RULES)
    budget = block_totals(frame, REF, "BUDGET", complete["BUDGET"], groups, (), RULES)
    assert set(emploi["n"]) == {5}  # n per table: the complete ones, each question
    assert set(budget["n"]) == {7}
    assert all("B" not in m and "D" not in m for m in emploi["_membres"])
    assert all({"B", "D"} <= set(m) for m in budget["_membres"])
    assert set(emploi["question"]) == {"emplois_permanents", "etp_permanents",
                                       "nb_intermittents", "nb_intervenants", "emplois_aides",
                                       "services_civiques"}


def test_o2_only_additive_quantities_are_summed() -> None:
    frame = answers("2025", seven())
    complete = complete_blocks(frame, REF)
    groups = pd.DataFrame({"structure_id": list(BUDGETS)})
    spec = REF.observation
    assert spec is not None
    questions = REF.questions()
    summed: set[str] = set()
    for block in block_questions(REF):
        table = block_totals(frame, REF, block, complete[block], groups, (), RULES)
        summed |= set(table.loc[table["somme"].notna(), "question"])
    assert summed <= set(spec.additive)
    assert {"jauge_salle", "prix_plein", "annee_creation"}.isdisjoint(summed)
    assert not any(questions[q].type is QuestionType.PERCENT for q in summed)
    assert {"budget_total", "entrees_payantes"} <= summed
    # the ratio table has no sum of shares: only Σ numerator, Σ denominator, their ratio
    ratio = ratio_table(ratio_values(frame, spec.ratios[0], complete["BUDGET"]), groups)
    assert not [c for c in ratio.columns if "somme" in str(c) and "ratio" not in str(c)]


def test_o4_size_class_is_derived_from_the_budget() -> None:
    kinds = typology(answers("2025", seven()), REF).set_index("structure_id")[SIZE_COLUMN]
    assert kinds.to_dict() == {"A": "De 50 à 200 k€", "B": "Moins de 50 k€",
                               "C": "Plus de 200 k€", "D": "De 50 à 200 k€",
                               "E": "Plus de 200 k€", "F": "Moins de 50 k€",
                               "G": "De 50 à 200 k€"}


def test_o5_participation_counts_and_rates() -> None:
    frame = answers("2025", seven(), missing={"B": ["etp_permanents"]})
    complete = complete_blocks(frame, REF)
    table = participation("2025", [*BUDGETS, "X", "Y", "Z"], list(BUDGETS), complete)
    whole = table.set_index("bloc").loc["ensemble"]
    assert (whole["invites"], whole["repondants"], whole["complets"]) == (10, 7, 6)
    assert whole["taux_reponse"] == pytest.approx(0.7)
    assert whole["taux_complets"] == pytest.approx(0.6)
    assert table.set_index("bloc").loc["BUDGET", "complets"] == 7


def test_o6_series_over_three_campaigns_a_late_joiner_is_not_compared() -> None:
    early = {k: v for k, v in seven().items() if k != "G"}  # G joins in 2025
    years = {"2024": answers("2024", early), "2025": answers("2025", seven()),
             "2026": answers("2026", seven(A={"budget_total": 120_000}))}
    groups = pd.DataFrame({"structure_id": list(BUDGETS)})

    def pair(before: str, after: str) -> pd.DataFrame:
        first = complete_blocks(years[before], REF)["BUDGET"]
        second = complete_blocks(years[after], REF)["BUDGET"]
        return series(years[before], years[after], ["budget_total", "subventions_total"],
                      {"budget_total": first & second, "subventions_total": first & second},
                      groups, (), RULES)

    one, two = pair("2024", "2025"), pair("2025", "2026")
    budget_one = one[one["question"] == "budget_total"].iloc[0]
    budget_two = two[two["question"] == "budget_total"].iloc[0]
    assert budget_one["n"] == 6 and "G" not in budget_one["_membres"]
    # G's 150 000 € are not a growth of the sector: the same six, unchanged
    assert budget_one["evolution"] == 0
    assert budget_two["n"] == 7 and "G" in budget_two["_membres"]
    assert budget_two["evolution"] == pytest.approx(20_000 / 1_150_000)
    assert math.isclose(1_150_000 * (1 + budget_two["evolution"]), 1_170_000)
    # the published columns: n and the change, no level (each year's tables give them)
    assert list(SERIES_STATS) == ["n", "evolution"]


# -- end to end: simulated workbooks, ingest, the publication and its audit ------------

BLANKED = ("S0002", "S0005")


@pytest.fixture(scope="module")
def observed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two campaigns of opp-observation: 2025 under 1.0.0 (12 structures, two of which
    leave a field of the employment block empty) and 2026 under 1.1.0 (the same and a
    13th that joins): the series crosses the versions."""
    folder = tmp_path_factory.mktemp("opp")
    runner = CliRunner()
    for year, count, ref in (("2025", 12, "opp-observation@1.0.0"),
                             ("2026", 13, "opp-observation")):
        made = runner.invoke(cli, ["simulate", ref, "--structures", str(count),
                                   "--seed", "21", "--annee", year, "-o",
                                   str(folder / year), "-q"])
        assert made.exit_code == 0, made.output
    for path in sorted((folder / "2025").glob("*.xlsx")):
        if path.stem.endswith(BLANKED):
            book = openpyxl.load_workbook(path)
            sheet = book[layout.QUESTIONNAIRE_SHEET]
            sheet.cell(answer_row(sheet, "etp_permanents"), layout.ANSWER_COL).value = None
            book.save(path)
    db = folder / "opp.sqlite"
    for year in ("2025", "2026"):
        done = runner.invoke(cli, ["ingest", str(folder / year), "--db", str(db),
                                   "--campagne", year, "--annee", year, "--structures",
                                   str(folder / year / "structures.csv"), "-q"])
        assert done.exit_code in (0, 1), done.output
    return db


def _members(table: pd.DataFrame) -> set[str]:
    return {s for m in table["_membres"] if isinstance(m, tuple) for s in m}


@pytest.mark.slow
def test_o1_o7_a_campaign_with_incomplete_blocks_published_and_audited(
        observed: Path) -> None:
    with Store(observed) as store:
        publication = Publication(load_sector_inputs(store, "2025"))
        complete = complete_blocks(store.answers("2025").query("groupe == 'structure'"), REF)
    for blanked in BLANKED:
        assert blanked not in complete["EMPLOI"]
    emploi = publication.tables["observation:EMPLOI:ensemble"]
    assert not _members(emploi) & set(BLANKED)
    budget = publication.tables["observation:BUDGET:ensemble"]
    assert _members(budget) & set(BLANKED) == set(BLANKED) & complete["BUDGET"]
    assert (emploi["n"].dropna() <= len(complete["EMPLOI"])).all()
    ids = set(publication.tables)
    for column in ("ensemble", SIZE_COLUMN, "territoire_opp", "type_structure", "label_etat",
                   "forme_juridique"):
        assert f"observation:ratios:{column}" in ids
        assert f"observation:BUDGET:{column}" in ids
    families = {key.split("|")[0] for fact in publication.facts for key, _ in fact.terms}
    assert {"figure", "oratio"} <= families
    assert publication.result is not None and publication.result.clean
    assert review(publication).clean  # an audit from scratch, exact intervals
    result = CliRunner().invoke(cli, ["audit", "--db", str(observed), "--campagne", "2025"])
    assert result.exit_code == 0, result.output
    assert "observation:ratios:taille_budget" in result.output


@pytest.mark.slow
def test_o6_o7_series_between_two_campaigns_audited(observed: Path) -> None:
    with Store(observed) as store:
        publication = Publication(load_sector_inputs(store, "2026", "2025"))
    table = publication.tables["observation:series"]
    assert "S0013" not in _members(table)  # joined in 2026: its first year not compared
    assert publication.result is not None and publication.result.clean
    assert review(publication).clean
    participation_ = publication.table("observation:participation").set_index("bloc")
    assert participation_.loc["ensemble", "invites"] == 13


def test_o8_the_observation_section_is_checked_where_it_is_wrong() -> None:
    spec = REF.observation
    assert spec is not None
    assert spec.size is not None
    size = spec.size.model_copy(update={"classes": tuple(reversed(spec.size.classes))})
    broken = REF.model_copy(update={"observation": spec.model_copy(update={
        "blocks": (*spec.blocks, "FINANCES"), "additive": (*spec.additive, "prix_plein2",
                                                            "type_structure"),
        "typology": (*spec.typology, "budget_total"), "size": size})})
    found: list[tuple[Code, tuple[object, ...], dict[str, object]]] = []
    check_observation(broken, lambda code, loc, **fields: found.append((code, loc, fields)))
    codes = [code for code, _, _ in found]
    assert codes.count(Code.OPP_UNKNOWN_BLOCK) == 1
    assert (Code.OPP_UNKNOWN_QUESTION, ("observation", "additive", len(spec.additive)),
            {"question": "prix_plein2", "where": "additive"}) in found
    assert Code.OPP_NOT_ADDITIVE in codes and Code.OPP_TYPOLOGY in codes
    assert Code.OPP_SIZE_ORDER in codes
    messages = [make_issue(code, **{k: str(v) for k, v in fields.items()}).message
                for code, _, fields in found]
    assert any("FINANCES" in m and "PROFIL" in m for m in messages)
    ok: list[object] = []
    check_observation(REF, lambda *a, **k: ok.append(a))
    assert ok == []


@pytest.mark.slow
def test_o9_each_report_refuses_the_other_kind_of_campaign(observed: Path) -> None:
    runner = CliRunner()
    sector = runner.invoke(cli, ["report", "sector", "--campagne", "2025", "--db",
                                 str(observed), "-o", str(observed.parent / "s")])
    assert sector.exit_code == 2 and "OPP008" in sector.output
    assert "report observation" in sector.output
    fiches = runner.invoke(cli, ["report", "structure", "--campagne", "2025", "--db",
                                 str(observed), "-o", str(observed.parent / "f")])
    assert fiches.exit_code == 2 and "OPP009" in fiches.output
    assert not (observed.parent / "f").exists()


@pytest.mark.slow
def test_o10_the_observation_report_prints_the_audited_figures(observed: Path) -> None:
    out = observed.parent / "rapport"
    result = CliRunner().invoke(cli, ["report", "observation", "--campagne", "2026",
                                      "--precedente", "2025", "--db", str(observed),
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "observation-2026_depuis-2025.html").read_text(encoding="utf-8")
    pdf = (out / "observation-2026_depuis-2025.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    with Store(observed) as store:
        publication = Publication(load_sector_inputs(store, "2026", "2025"))
    invited = publication.table("observation:participation")["invites"].tolist()[0]
    assert f"<strong>{invited}</strong>structures invitées" in html
    for text in ("Part des subventions dans le budget", "FEDELIMA", "Classe de budget",
                 "Type de territoire", "De 2025 à 2026, sur les mêmes structures",
                 "Repère (source, année)"):
        assert text in html, text
    book = openpyxl.load_workbook(out / "observation-2026_depuis-2025.xlsx", read_only=True)
    assert {"Notes", "observation-participation", "obs-ratios-ensemble",
            "observation-series"} <= set(book.sheetnames)
    audit = CliRunner().invoke(cli, ["audit", "--db", str(observed), "--campagne", "2026",
                                     "--precedente", "2025"])
    assert audit.exit_code == 0, audit.output
    assert "observation:series" in audit.output


REF_11: Referentiel = resolve("opp-observation@1.1.0")[1]


def test_o11_the_questionnaire_of_1_1_0_beside_1_0_0() -> None:
    assert resolve("opp-observation")[1].version == "1.1.0"  # a bare id: the latest
    blocks = block_questions(REF_11)
    assert list(blocks) == ["PROFIL", "ACTIVITES", "DIFFUSION", "EMPLOI", "BENEVOLAT",
                            "BUDGET"]
    assert sum(len(q) for q in blocks.values()) == 42
    assert sum(len(q) for q in block_questions(REF).values()) == 33
    added = {"nb_residences", "jours_ouverture", "emplois_cdi", "emplois_cdd_long",
             "emplois_cdii", "subventions_etat", "subventions_region",
             "subventions_departement", "subventions_communes"}
    assert set(REF_11.questions()) - set(REF.questions()) == added
    assert {"emplois_cdi", "emplois_cdd_long", "emplois_cdii"} <= set(blocks["EMPLOI"])
    assert REF_11.crosswalk is not None and REF_11.crosswalk.previous == "1.0.0"
    # the series compares what both versions ask, nothing new
    assert comparable_questions(REF, REF_11) == frozenset(REF.questions())
    assert comparable_questions(REF_11, REF_11) == frozenset(REF_11.questions())
    assert REF_11.observation is not None and added - {"jours_ouverture"} <= set(
        REF_11.observation.additive)


@pytest.mark.slow
def test_o11_a_series_from_1_0_0_to_1_1_0_on_the_same_structures(observed: Path) -> None:
    with Store(observed) as store:
        inputs = load_sector_inputs(store, "2026", "2025")
        before = complete_blocks(store.answers("2025").query("groupe == 'structure'"), REF)
        after = complete_blocks(store.answers("2026").query("groupe == 'structure'"), REF_11)
    assert inputs.current.referentiel == "opp-observation@1.1.0"
    publication = Publication(inputs)
    table = publication.tables["observation:series"]
    rows = table[~table["masque"].astype(bool)].set_index("question")
    assert not set(rows.index) & {"emplois_cdi", "subventions_region", "jours_ouverture"}
    members: dict[str, tuple[str, ...]] = dict(zip(rows.index.astype(str), rows["_membres"],
                                                   strict=True))
    for question, block in (("etp_permanents", "EMPLOI"), ("budget_total", "BUDGET"),
                            ("jauge_salle", "DIFFUSION")):
        paired = before[block] & after[block]
        assert rows.loc[question, "n"] == len(paired), question
        assert set(members[question]) == paired
    # complete in 2025 under 1.0.0 (its 7 fields) though 1.0.0 never asked the 2026 ones
    assert len(before["EMPLOI"] & after["EMPLOI"]) >= 3
    assert set(BLANKED).isdisjoint(members["etp_permanents"])
    assert publication.result is not None and publication.result.clean


def test_o12_a_check_with_an_unreadable_formula_or_an_unknown_question() -> None:
    spec = REF_11.observation
    assert spec is not None
    bad = spec.checks[0].model_copy(update={"equals": "emplois_cdi + (", "id": "casse"})
    unknown = spec.checks[0].model_copy(update={"equals": "emplois_cdi + emplois_cdd"})
    broken = REF_11.model_copy(update={"observation": spec.model_copy(update={
        "checks": (bad, unknown)})})
    found: list[tuple[Code, tuple[object, ...], dict[str, object]]] = []
    check_observation(broken, lambda code, loc, **fields: found.append((code, loc, fields)))
    assert [c for c, _, _ in found] == [Code.OPP_CHECK_FORMULA, Code.OPP_UNKNOWN_QUESTION]
    assert found[0][1] == ("observation", "checks", 0, "equals")
    assert found[1][2]["question"] == "emplois_cdd"


def test_o12_figures_that_do_not_add_up_are_said_at_their_cell(tmp_path: Path) -> None:
    """The three contract types make the permanent jobs, a « dont » stays under its
    total: a workbook that says otherwise gets a warning at the total's cell, with both
    figures; the answers are kept as given."""
    runner = CliRunner()
    made = runner.invoke(cli, ["simulate", "opp-observation", "--structures", "1", "--seed",
                               "3", "-o", str(tmp_path / "sim"), "-q"])
    assert made.exit_code == 0, made.output
    clean = runner.invoke(cli, ["check", str(tmp_path / "sim"), "--json"])
    assert "OPP011" not in clean.output  # the simulated figures agree
    path = next((tmp_path / "sim").glob("*.xlsx"))
    book = openpyxl.load_workbook(path)
    sheet = book[layout.QUESTIONNAIRE_SHEET]
    jobs = sheet.cell(answer_row(sheet, "emplois_permanents"), layout.ANSWER_COL)
    cdi = sheet.cell(answer_row(sheet, "emplois_cdi"), layout.ANSWER_COL)
    cdd = sheet.cell(answer_row(sheet, "emplois_cdd_long"), layout.ANSWER_COL)
    cdii = sheet.cell(answer_row(sheet, "emplois_cdii"), layout.ANSWER_COL)
    jobs.value, cdi.value, cdd.value, cdii.value = 6, 3, 1, 1
    total = sheet.cell(answer_row(sheet, "subventions_total"), layout.ANSWER_COL)
    region = sheet.cell(answer_row(sheet, "subventions_region"), layout.ANSWER_COL)
    assert isinstance(total.value, (int, float))
    region.value = total.value + 1000  # a « dont » above its total
    book.save(path)
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output  # warnings: the workbook stays valid
    lines = [line for line in result.output.splitlines() if "OPP011" in line]
    assert len(lines) == 2, result.output
    jobs_line = next(line for line in lines if "Emploi permanent par type" in line)
    assert f"{jobs.coordinate}" in jobs_line and "« Emplois permanents » vaut 6" in jobs_line
    assert "« dont CDI » + « dont CDD de plus de six mois » + « dont CDII » donne 5" \
        in jobs_line
    assert "écart de 1" in jobs_line and "Rien n'a été corrigé" in jobs_line
    assert any("Subventions par financeur" in line for line in lines)


@pytest.mark.slow
def test_o11_a_structure_that_refused_the_previous_year_is_in_no_series(
        observed: Path) -> None:
    """Consent is per campaign: a structure that refused any publication in 2025 and
    accepts in 2026 is in the 2026 tables, never in a series that would print its 2025
    figures."""
    with Store(observed) as store:
        inputs = load_sector_inputs(store, "2026", "2025")
    assert inputs.previous is not None
    counted = Publication(inputs).population.included
    refusing = sorted(counted)[0]
    consents = inputs.previous.consents.copy()
    consents[refusing] = "aucune"
    changed = replace(inputs, previous=replace(inputs.previous, consents=consents))
    publication = Publication(changed)
    assert refusing in publication.population.included
    assert refusing in _members(publication.tables["observation:BUDGET:ensemble"])
    assert refusing not in _members(publication.tables["observation:series"])
    assert publication.result is not None and publication.result.clean
