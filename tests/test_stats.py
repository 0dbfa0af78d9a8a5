"""Sector statistics: exact figures on hand-made frames.

Requirements (DOMAIN.md sections 4 and 8; docs/statistiques.md):
- C1 input contract: a missing column or an unknown grouping key is one clear error
  naming the table and the column.
- D1 describe: n, mean, median, quartiles (linear interpolation, as Excel
  QUARTILE.INCLUS), level distribution, per group and « Ensemble »; never an extreme.
- D2 complete records only (OPP): an absent score never enters, never counts as 0.
- D3 any registry column groups; a structure without a value is « Non renseigné ».
- E1 evolution: the same structures, scored in both campaigns, only.
- R1 respondent groups: mean of the indicators each group feeds.
- R2 divergence: spread between groups and the sign of self-view minus the others.
- T1 totals: n, sum, mean, median of the numeric answers given.
- S5 notes: the rules in force, and a lowered threshold said loudly.
- DOC the French guide's Python example runs and prints what the guide shows.
"""

from __future__ import annotations

import math
import re
import types
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError
from test_stats_frames import one_node, registry, row, score_rows

from evalsoc import stats
from evalsoc.catalogue import Code
from evalsoc.stats import (
    SecrecyRules,
    StatsInputError,
    describe,
    divergence,
    evolution,
    respondent_figures,
    structure_divergence,
    totals,
)

OPEN = SecrecyRules(min_structures=1, dominance=1.0, min_median=1, min_quartiles=1)
RAW_ORDER = SecrecyRules(min_median=1, min_quartiles=1)  # every median and quartile shown

D1_SCORES = {"A": 10, "B": 20, "C": 30, "D": 40, "E": 50, "F": 60, "G": 75, "H": 90}
D1_GROUPS = {"A": "14", "B": "14", "C": "14", "D": "14", "E": "50", "F": "50", "G": "50",
             "H": "50", "I": "50", "J": "50"}


def d1_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    scores = one_node({**D1_SCORES, "I": None, "J": None})
    scores.loc[scores["structure_id"] == "I", "absence"] = "non_concerne"
    scores.loc[scores["structure_id"] == "J", "absence"] = "ne_sait_pas"
    return scores, registry(D1_GROUPS)


def test_c1_missing_column_names_table_and_column() -> None:
    scores, structures = d1_frames()
    with pytest.raises(StatsInputError, match=r"« scores ».*« absence »") as raised:
        describe(scores.drop(columns="absence"), structures)
    assert raised.value.code == Code.STAT_MISSING_COLUMNS.value
    assert str(raised.value).startswith("[STAT001] le tableau « scores » n'a pas")
    with pytest.raises(StatsInputError, match=r"« figures ».*« value »"):
        totals(pd.DataFrame({"campagne": [], "structure_id": [], "question": []}), structures)


def test_c1_unknown_grouping_key_lists_the_registry_columns() -> None:
    scores, structures = d1_frames()
    with pytest.raises(StatsInputError, match=r"« region ».*« departement »"):
        describe(scores, structures, by=["region"])
    with pytest.raises(StatsInputError, match="« tout » n'est pas un choix"):
        describe(scores, structures, nodes="tout")  # type: ignore[arg-type]


def test_c1_duplicate_rows_are_refused() -> None:
    figures = pd.DataFrame({"campagne": "2024", "structure_id": ["A", "A"],
                            "question": "budget_total", "value": [1.0, 2.0]})
    with pytest.raises(StatsInputError, match="en double"):
        totals(figures, registry({"A": "14"}))


def test_d1_exact_figures_per_group_and_ensemble() -> None:
    scores, structures = d1_frames()
    table = describe(scores, structures, by=["departement"], rules=RAW_ORDER)
    assert list(table["departement"]) == ["14", "50", "Ensemble"]
    assert "min" not in table.columns and "max" not in table.columns
    low = row(table, departement="14")
    assert (low["n"], low["moyenne"], low["mediane"]) == (4, 25.0, 25.0)
    assert (low["q1"], low["q3"]) == (17.5, 32.5)
    assert [low[f"n_niveau_{k}"] for k in (1, 2, 3, 4)] == [2, 2, 0, 0]
    everyone = row(table, departement="Ensemble")
    assert everyone["ensemble"] and not everyone["masque"]
    assert (everyone["n"], everyone["moyenne"], everyone["mediane"]) == (8, 46.875, 45.0)
    assert (everyone["q1"], everyone["q3"]) == (27.5, 63.75)
    assert [everyone[f"part_niveau_{k}"] for k in (1, 2, 3, 4)] == [0.25] * 4
    assert (everyone["annee"], everyone["type"], everyone["libelle"]) == (
        2024, "dimension", "Libellé ECO")
    published = describe(scores, structures, by=["departement"])  # default rules
    assert math.isnan(row(published, departement="14")["mediane"])  # 4 structures only
    assert math.isnan(row(published, departement="Ensemble")["q1"])  # 8 only


def test_d2_absent_scores_never_count() -> None:
    scores, structures = d1_frames()
    high = row(describe(scores, structures, by=["departement"]), departement="50")
    assert high["n"] == 4 and high["moyenne"] == 68.75


def test_d2_completeness_threshold_is_optional() -> None:
    scores, structures = d1_frames()
    scores.loc[scores["structure_id"] == "A", "completude"] = 0.6
    everyone = describe(scores, structures, completude_min=0.8).iloc[0]
    assert everyone["n"] == 7 and everyone["moyenne"] == pytest.approx(365 / 7)


def test_d2_nothing_scored_gives_an_empty_table_with_its_columns() -> None:
    scores = one_node({"A": None, "B": None})
    table = describe(scores, registry({"A": "14", "B": "50"}), ["departement"])
    assert table.empty and {"n", "mediane", "q3", "masque", "motif"} <= set(table.columns)


def test_d1_levels_come_from_the_store_or_the_score() -> None:
    scores = one_node({"A": 10, "B": 20, "C": 30})
    scores.loc[0, "niveau"] = 4  # an evaluator's level, kept as given
    levels = [(1, "bas", 0.0), (2, "haut", 15.0), (4, "remarquable", 99.0)]
    table = describe(scores, registry(dict.fromkeys("ABC", "14")), levels=levels,
                     rules=RAW_ORDER)
    assert [table.iloc[0][f"n_niveau_{k}"] for k in (1, 2, 4)] == [0, 2, 1]


def test_d1_nodes_select_types_in_referentiel_order() -> None:
    scores = score_rows([(s, node, v) for s in "ABC"
                         for node, v in (("ECO", 50), ("ECO.1", 40), ("ECO.1.1", 30),
                                         ("SOC", 60), ("ECO.10", 20), ("ECO.2", 10))])
    structures = registry(dict.fromkeys("ABC", "14"))
    assert list(describe(scores, structures, nodes="all")["noeud"]) == [
        "ECO", "ECO.1", "ECO.1.1", "SOC", "ECO.10", "ECO.2"]
    assert list(describe(scores, structures, nodes="critere")["noeud"]) == [
        "ECO.1", "ECO.10", "ECO.2"]


def test_d3_any_registry_column_and_missing_values() -> None:
    scores = one_node({"A": 10, "B": 20, "C": 30, "X": 40})
    structures = registry({"A": "rural", "B": "rural", "C": None}, column="territoire")
    table = describe(scores, structures, by=["territoire"], rules=OPEN)
    assert list(table["territoire"]) == ["Non renseigné", "rural", "Ensemble"]
    assert list(table["n"]) == [2, 2, 4]


def test_e1_evolution_on_the_same_structures_only() -> None:
    before = one_node({"A": 40, "B": 50, "C": 60, "D": 70, "E": 0})
    after = one_node({"A": 45, "B": 51, "C": 50, "D": 80, "F": 100}).assign(
        campagne="2025", annee=2025)
    scores = pd.concat([before, after], ignore_index=True)
    structures = registry(dict.fromkeys("ABCDEF", "14"))
    table = evolution(scores, structures, "2024", "2025", rules=RAW_ORDER)
    everyone = table.iloc[0]
    assert (everyone["avant"], everyone["apres"], everyone["n"]) == ("2024", "2025", 4)
    assert (everyone["moyenne_avant"], everyone["moyenne_apres"]) == (55.0, 56.5)
    assert (everyone["evolution_moyenne"], everyone["evolution_mediane"]) == (1.5, 3.0)
    assert [everyone[f"n_{d}"] for d in ("hausse", "stable", "baisse")] == [2, 1, 1]
    assert everyone["part_hausse"] == 0.5
    moved = {c: everyone[c] for c in table.columns
             if c.startswith("n_niveau_") and everyone[c] > 0}
    assert moved == {"n_niveau_2_vers_2": 1, "n_niveau_3_vers_3": 2, "n_niveau_3_vers_4": 1}
    wider = evolution(scores, structures, "2024", "2025", stable_within=6,
                      rules=RAW_ORDER).iloc[0]
    assert [wider[f"n_{d}"] for d in ("hausse", "stable", "baisse")] == [1, 2, 1]


def test_e1_unknown_campaign_is_named() -> None:
    scores, structures = d1_frames()
    with pytest.raises(StatsInputError, match=r"« 2030 » n'a aucun score.*2024"):
        evolution(scores, structures, "2024", "2030")


SOURCES = {"ECO.1.1": "structure", "ECO.1.2": "benevoles", "ECO.1.3": "publics",
           "ECO.1.4": "mixte", "ECO.2.1": "structure"}
VIEWS: dict[str, dict[str, int | None]] = {
    "A": {"ECO.1.1": 80, "ECO.2.1": 60, "ECO.1.2": 60, "ECO.1.3": 40, "ECO.1.4": 10},
    "B": {"ECO.1.1": 50, "ECO.1.2": 70, "ECO.1.3": 90},
    "C": {"ECO.1.1": 60, "ECO.1.2": 60, "ECO.1.3": None}}


def views() -> pd.DataFrame:
    rows = [(s, node, v) for s, nodes in VIEWS.items() for node, v in nodes.items()]
    rows += [(s, "ECO", 50) for s in VIEWS]
    return score_rows(rows, sources=SOURCES)


def test_r1_respondent_groups() -> None:
    respondents = pd.DataFrame({"campagne": "2024", "structure_id": ["A", "B", "C"],
                                "groupe": "benevoles", "n": [5, 8, 4]})
    structures = registry(dict.fromkeys("ABC", "14"))
    table = respondent_figures(views(), respondents, structures, rules=RAW_ORDER)
    assert list(table["groupe"]) == ["structure", "benevoles", "publics", "mixte"]
    own = row(table, groupe="structure")
    assert (own["n"], own["moyenne"], own["mediane"]) == (3, 60.0, 60.0)
    assert own["libelle_dimension"] == "Libellé ECO" and math.isnan(own["n_repondants"])
    volunteers = row(table, groupe="benevoles")
    assert volunteers["moyenne"] == pytest.approx(190 / 3) and volunteers["n_repondants"] == 17
    publics = row(table, groupe="publics")
    assert publics["masque"] and publics["motif"] == "moins de 3 structures"


def test_r2_divergence_sign_and_spread() -> None:
    per = structure_divergence(views()).set_index("structure_id")
    assert per.loc["A", "ecart_groupes"] == 30 and per.loc["A", "auto_moins_autres"] == 20
    assert per.loc["B", "ecart_groupes"] == 40 and per.loc["B", "auto_moins_autres"] == -30
    assert per.loc["C", "ecart_groupes"] == 0 and per.loc["C", "n_groupes"] == 2
    table = divergence(views(), registry(dict.fromkeys("ABC", "14")), rules=RAW_ORDER)
    spread = row(table, mesure="ecart_groupes")
    assert (spread["n"], spread["mediane"]) == (3, 30.0)
    assert spread["moyenne"] == pytest.approx(70 / 3)
    self_view = row(table, mesure="auto_moins_autres")
    assert self_view["moyenne"] == pytest.approx(-10 / 3) and self_view["mediane"] == 0


def test_t1_totals_exact() -> None:
    figures = pd.DataFrame({"campagne": "2024", "structure_id": list("ABCD"),
                            "question": "entrees_totales",
                            "value": [1000.0, 2000.0, 6000.0, np.nan]})
    everyone = totals(figures, registry(dict.fromkeys("ABCD", "14")), ["departement"],
                      RAW_ORDER).iloc[-1]
    assert (everyone["n"], everyone["somme"], everyone["moyenne"], everyone["mediane"]) == (
        3, 9000.0, 3000.0, 2000.0)


def test_s5_notes_describe_the_rules() -> None:
    notes = SecrecyRules().notes()
    assert notes[0].startswith("Aucune case n'est publiée si elle repose sur moins de 3 "
                               "structures, ou si elle réunit des structures nommées")
    assert "plus de 85\u202f%" in notes[1] and "masquage secondaire" in notes[2]


def test_s5_lowered_threshold_is_said_first() -> None:
    notes = SecrecyRules(min_structures=2, dominance=0.95).notes()
    assert notes[0].startswith("Seuil abaissé à 2 structures à la demande de "
                               "l'utilisateur : risque de divulgation")
    assert notes[1].startswith("Seuil de dominance relevé à 95\u202f%")
    assert "Secret statistique désactivé" in SecrecyRules(min_structures=1).notes()[0]
    assert "Seuil relevé à 5 structures" in SecrecyRules(min_structures=5).notes()[0]


def test_s5_rules_are_frozen_and_checked() -> None:
    rules = SecrecyRules()
    with pytest.raises(ValidationError):
        rules.min_structures = 2  # type: ignore[misc]
    with pytest.raises(ValidationError):
        SecrecyRules(min_structures=0)


def test_public_api_is_complete() -> None:
    public = {name for name, value in vars(stats).items() if not name.startswith("_")
              and not isinstance(value, types.ModuleType) and name != "annotations"}
    assert public == set(stats.__all__)


def test_doc_example_prints_what_the_guide_shows(capsys: pytest.CaptureFixture[str]) -> None:
    guide = (Path(__file__).resolve().parent.parent / "docs" / "statistiques.md").read_text(
        encoding="utf-8")
    code = re.findall(r"```python\n(.*?)```", guide, flags=re.S)[-1]
    shown = "".join(re.findall(r"```text\n(.*?)```", guide, flags=re.S))
    exec(compile(code, "docs/statistiques.md", "exec"), {})
    assert capsys.readouterr().out == shown
