"""The four regional stakes read with sector facts (issue 22, build 4; spec 6.E).

E1 the facts' figures per structure equal hand counts on a hand-made campaign: shares,
   totals, the staff trained over the staff who answered, nothing for an unasked fact;
E2 on a stored 1.1.0 campaign, each stake's facts table prints the hand share of the
   published structures with its n and its source in words, and the auditor passes with
   the facts (evalsoc audit lists their tables);
E3 a 1.0.0 campaign says « non recueilli dans ardes-culture 1.0.0 » for what 1.1.0
   added, and still reads what 1.0.0 asks;
E4 late 1.0.0 workbooks in a 1.1.0 campaign: kept questions are read through the
   crosswalk, the others leave those structures out of n, and the report says so;
E5 ardes-culture@1.2.0 adds the plan de trésorerie, the awareness of the DLA and the calls
   for projects (European ones apart): hand counts; a 1.1.0 campaign says them « non
   recueilli »; the crosswalks chain back to 1.0.0; a campaign bundling the financial
   self-diagnosis (its workbooks stored under the bundle's name) publishes its facts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from versions_fixture import run_cli

from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.publication import Publication
from evalsoc.publish.review import review
from evalsoc.publish.stake_facts import carried, fact_figures, own_part, to_campaign_ids
from evalsoc.referentiel.registry import resolve
from evalsoc.reports.sector.build import build_sector_report
from evalsoc.reports.sector.model import Section, SectorReport, Table
from evalsoc.simulate.registry import make_registry
from evalsoc.simulate.stored import store_campaign
from evalsoc.store.db import connect
from evalsoc.store.frames import Store
from evalsoc.support.formatting import fr_percent

NEW, OLD = "ardes-culture@1.1.0", "ardes-culture@1.0.0"


def _answers(rows: list[tuple[str, str, str, object]], ref: str = NEW) -> pd.DataFrame:
    return pd.DataFrame([{"structure_id": s, "groupe": g, "question": q, "valeur": v,
                          "referentiel": ref} for s, g, q, v in rows])


def test_e1_figures_equal_hand_counts() -> None:
    ref = resolve(NEW)[1]
    answers = _answers([
        ("S1", "structure", "membre_reseau", "oui"), ("S2", "structure", "membre_reseau", "oui"),
        ("S3", "structure", "membre_reseau", "non"), ("S4", "structure", "membre_reseau", "oui"),
        ("S1", "structure", "mutualisations", ["emploi"]),
        ("S2", "structure", "mutualisations", ["rencontres"]),
        ("S3", "structure", "mutualisations", ["aucun"]),
        ("S4", "structure", "mutualisations", ["locaux", "rencontres"]),
        ("S1", "structure", "partenariats_sociaux", 0), ("S2", "structure",
                                                         "partenariats_sociaux", 3),
        ("S3", "structure", "partenariats_sociaux", 5),
        ("S1", "structure", "amateurs_professionnels", 1),
        ("S2", "structure", "amateurs_professionnels", 2),
        ("S1", "salaries", "sal_formation", "oui"), ("S1", "salaries", "sal_formation", "oui"),
        ("S1", "salaries", "sal_formation", "non"), ("S2", "salaries", "sal_formation", "non"),
        ("S1", "structure", "dispositifs_accompagnement", ["dla", "reseau"]),
        ("S2", "structure", "dispositifs_accompagnement", ["aucun"]),
    ])
    facts, support = fact_figures("2026", answers, ref)
    sums = facts.figures.groupby("question")["value"].agg(["count", "sum"])

    def hand(question: str) -> tuple[int, float]:
        return int(str(sums.loc[question, "count"])), float(str(sums.loc[question, "sum"]))

    assert hand("part:reseau") == (4, 3.0)  # 75 %: S1, S2, S4 of 4 (S5 did not answer)
    assert hand("part:mutualisation") == (4, 2.0)  # emploi (S1), locaux (S4)
    assert hand("part:rencontres") == (4, 2.0)  # S2, S4
    assert hand("part:social") == (3, 2.0) and hand("nombre:social_nombre") == (3, 8.0)
    assert hand("part:amateurs") == (2, 1.0)  # « un projet construit ensemble » or more
    assert hand("nombre:formation_formes") == (2, 2.0)  # 2 of S1's 3, none of S2's 1
    assert hand("nombre:formation_repondants") == (2, 4.0)  # 2 / 4 = 50 % of the staff
    assert hand("part:dispositif_dla") == (2, 1.0) and hand("part:dispositif_aucun") == (2, 1.0)
    assert "part:convention" not in sums.index  # nobody answered: no figure, not a 0
    assert set(facts.flags) == {"part:"}
    ticked = support.figures.set_index(["structure_id", "question"])["value"]
    assert ticked[("S1", "dispositif:reseau")] == 1.0
    assert ticked[("S2", "dispositif:reseau")] == 0.0


def test_e1_crosswalk_keeps_only_carried_questions() -> None:
    ref = resolve(NEW)[1]
    kept = carried(ref, OLD)
    assert {"membre_reseau", "dispositifs_accompagnement", "sal_formation"} <= kept
    assert not {"mutualisations", "amateurs_professionnels", "partenariats_sociaux"} & kept
    assert carried(ref, "ardes-culture@0.9.0") == set()
    old = _answers([("S9", "structure", "membre_reseau", "oui"),
                    ("S9", "structure", "ressources_propres", 1000)], OLD)
    mapped = to_campaign_ids(old, ref)
    assert list(mapped["question"]) == ["membre_reseau"]  # a split question is not guessed


def _campaign(tmp_path: Path, ref: str, n: int = 16) -> Path:
    structures = make_registry(n, 11)
    db = tmp_path / "base.sqlite"
    connect(db).close()
    store_campaign(db, "2026", 2026, resolve(ref)[1], structures, 5,
                   [s.info for s in structures])
    return db


def _report(db: Path) -> tuple[Publication, SectorReport]:
    with Store(db) as store:
        inputs = load_sector_inputs(store, "2026")
    publication = Publication(inputs)
    return publication, build_sector_report(publication)


def _stake(report: SectorReport, key: str) -> Section:
    return next(s for s in report.sections if s.id == f"enjeu-{key}")


def _facts(section: Section) -> Table:
    return next(b.table for b in section.blocks
                if b.kind == "table" and b.table.id == f"{section.id}-faits")


def _texts(section: Section) -> list[str]:
    return [b.text for b in section.blocks if b.kind == "paragraph"] + [
        item for b in section.blocks if b.kind == "bullets" for item in b.items]


HAND: dict[str, tuple[str, str, Callable[[object], bool]]] = {
    # label starts with, question, the hand test of a « yes »
    "reseau": ("Structures membres d'un réseau", "membre_reseau", lambda v: v == "oui"),
    "mutualisation": ("Structures qui mutualisent", "mutualisations",
                      lambda v: bool({"emploi", "materiel", "locaux"} & set(v))),  # type: ignore[call-overload]
    "amateurs": ("Structures qui ont construit", "amateurs_professionnels",
                 lambda v: int(str(v)) >= 2),
    "dla": ("Structures accompagnées par un DLA", "dispositifs_accompagnement",
            lambda v: "dla" in v),  # type: ignore[operator]
    "aucun": ("Structures sans aucun accompagnement", "dispositifs_accompagnement",
              lambda v: "aucun" in v),  # type: ignore[operator]
}


def test_e2_stakes_print_hand_shares_and_pass_the_audit(tmp_path: Path) -> None:
    db = _campaign(tmp_path, NEW)
    publication, report = _report(db)
    with Store(db) as store:
        answers = store.answers("2026")
    included = publication.population.included
    answers = answers[(answers["groupe"] == "structure") & (answers["statut"] == "answered")
                      & answers["structure_id"].astype(str).isin(included)]
    rows = {r.texts[0]: r for key in ("structuration", "decloisonnement", "accompagnement")
            for r in _facts(_stake(report, key)).rows}
    shown = 0
    for label, question, test in HAND.values():
        row = next(r for text, r in rows.items() if text.startswith(label))
        values = list(answers.loc[answers["question"] == question, "valeur"])
        yes = sum(1 for v in values if test(v))
        if row.masked:
            assert row.texts[2] == "secret"
            continue
        shown += 1
        assert row.texts[2:] == (str(len(values)), fr_percent(yes / len(values)), str(yes))
        assert row.texts[1].startswith("« ") and "(la structure)" in row.texts[1]
    assert shown >= 3  # the test reads figures, not only « secret »
    assert review(publication).clean
    code, out = run_cli("audit", "--campagne", "2026", "--db", str(db))
    assert code == 0, out
    assert "enjeux-faits:ensemble" in out and "dispositifs:departement" in out
    # stake 3: the governance indicators are read under their dimension (spec 6.E)
    three = _stake(report, "professionnalisation")
    scored = next(b.table for b in three.blocks if b.kind == "table"
                  and b.table.id == "enjeu-professionnalisation")
    assert not any(r.texts[0] in ("Participation à l'assemblée générale",
                                  "Renouvellement du conseil d'administration sur trois ans")
                   for r in scored.rows)
    assert any("relèvent de la gouvernance" in t and "« Gouvernance et engagement »" in t
               for t in _texts(three))
    # stake 4 without --besoins: the schemes by département, the needs said missing
    four = _stake(report, "accompagnement")
    assert any(b.kind == "table" and b.table.id == "enjeu-accompagnement-dispositifs"
               for b in four.blocks)
    assert any("--besoins" in t for t in _texts(four))
    assert not any("ECO.3.3" in t or "ECO.4.1" in t for t in _texts(four))


def test_e3_a_1_0_campaign_says_what_it_did_not_collect(tmp_path: Path) -> None:
    _, report = _report(_campaign(tmp_path, OLD))
    said = {key: _texts(_stake(report, key)) for key in
            ("structuration", "decloisonnement", "professionnalisation", "accompagnement")}
    missing = "non recueilli dans ardes-culture 1.0.0"
    assert any(t.startswith("Structures qui mutualisent") and missing in t
               for t in said["structuration"])
    assert any(t.startswith("Structures qui ont construit au moins un projet entre amateurs")
               and missing in t for t in said["decloisonnement"])
    assert any(t.startswith("Structures qui connaissent le DLA") and missing in t
               for t in said["accompagnement"])
    # what 1.0.0 asks is read all the same
    network = _facts(_stake(report, "structuration")).rows[0]
    assert network.texts[0].startswith("Structures membres d'un réseau")
    four = [r.texts[0] for r in _facts(_stake(report, "accompagnement")).rows]
    assert any(t.startswith("Structures accompagnées par un DLA") for t in four)


@pytest.mark.slow
def test_e4_late_1_0_workbooks_are_out_of_the_new_facts_n(tmp_path: Path) -> None:
    new, old, late, db = (tmp_path / p for p in ("new", "old", "late", "base.sqlite"))
    for ref, out in ((NEW, new), (OLD, old)):
        code, text = run_cli("simulate", ref, "--structures", "12", "--seed", "3",
                             "-o", str(out), "-q")
        assert code == 0, text
    code, text = run_cli("ingest", str(new), "--campagne", "2026", "--annee", "2026",
                         "--structures", str(new / "structures.csv"), "--db", str(db), "-q")
    assert code == 0, text
    late.mkdir()
    for ident in ("S0009", "S0010", "S0011", "S0012"):  # sent back late, on 1.0.0
        book = next(old.glob(f"*_{ident}.xlsx"))
        (late / book.name).write_bytes(book.read_bytes())
    code, text = run_cli("ingest", str(late), "--campagne", "2026", "--db", str(db), "-q")
    assert code == 0, text
    publication, report = _report(db)
    with Store(db) as store:
        submissions = store.submissions("2026")
    current = submissions[(submissions["statut"] == "valide")
                          & submissions["structure_id"].isin(publication.population.included)]
    on_old = int((current["referentiel"] == OLD).sum())
    assert on_old >= 2
    section = _stake(report, "decloisonnement")
    rows = {r.texts[0]: r for r in _facts(section).rows}
    amateurs = next(r for t, r in rows.items() if t.startswith("Structures qui ont construit"))
    with Store(db) as store:
        answers = store.answers("2026")
    asked = answers[(answers["question"] == "amateurs_professionnels")
                    & (answers["statut"] == "answered")
                    & answers["structure_id"].isin(publication.population.included)]
    assert amateurs.masked or amateurs.texts[2] == str(len(asked))
    assert f"{on_old} structures ont rempli le questionnaire de ardes-culture 1.0.0" in \
        " ".join(_texts(section))
    # a kept question counts every structure, through the crosswalk
    network = _facts(_stake(report, "structuration")).rows[0]
    said = answers[(answers["question"] == "membre_reseau") & (answers["statut"] == "answered")
                   & answers["structure_id"].isin(publication.population.included)]
    assert network.masked or network.texts[2] == str(len(said))


V12 = "ardes-culture@1.2.0"


def test_e5_the_1_2_facts_equal_hand_counts() -> None:
    """ardes-culture@1.2.0 asks what stakes 3 and 4 lacked: the plan de trésorerie, the
    awareness of the DLA and the calls for projects answered, European ones apart."""
    ref = resolve(V12)[1]
    answers = _answers([
        ("S1", "structure", "connaissance_dla", "sollicite"),
        ("S2", "structure", "connaissance_dla", "connu"),
        ("S3", "structure", "connaissance_dla", "inconnu"),
        ("S4", "structure", "connaissance_dla", "connu"),
        ("S1", "structure", "appels_projets", ["region", "europe"]),
        ("S2", "structure", "appels_projets", ["aucun"]),
        ("S3", "structure", "appels_projets", ["collectivite"]),
        ("S1", "structure", "plan_tresorerie", "oui"),
        ("S2", "structure", "plan_tresorerie", "non"),
    ], V12)
    facts, _ = fact_figures("2026", answers, ref)
    sums = facts.figures.groupby("question")["value"].agg(["count", "sum"])
    got = {q: (int(str(sums.loc[q, "count"])), float(str(sums.loc[q, "sum"])))
           for q in sums.index}
    assert got["part:connaissance_dla"] == (4, 3.0)  # S1 sollicited, S2 and S4 know it
    assert got["part:dla_sollicite"] == (4, 1.0)
    assert got["part:appels_projets"] == (3, 2.0)  # S1, S3; S2 answered « aucun »
    assert got["part:europe"] == (3, 1.0)
    assert got["part:tresorerie"] == (2, 1.0)


def test_e5_the_crosswalks_chain_back_to_1_0() -> None:
    ref = resolve(V12)[1]
    from_11 = carried(ref, NEW)
    assert from_11 == set(ref.questions()) - {"connaissance_dla", "appels_projets",
                                               "plan_tresorerie"}
    # 1.0.0 -> 1.1.0 -> 1.2.0: what both steps keep, and nothing else
    assert carried(ref, OLD) == carried(resolve(NEW)[1], OLD)
    old = _answers([("S9", "structure", "membre_reseau", "oui"),
                    ("S9", "structure", "ressources_propres", 1000)], OLD)
    assert list(to_campaign_ids(old, ref)["question"]) == ["membre_reseau"]


def test_e5_a_bundled_workbook_is_read_under_its_utilite_sociale_part() -> None:
    """A campaign asking ardes-culture with the financial self-diagnosis stores the
    bundle's name with each workbook: its answers count for the facts all the same."""
    ref = resolve(V12)[1]
    bundle = f"{V12}+autodiag-financier@1.0.0"
    assert own_part(bundle, ref) == V12 and own_part(NEW, ref) == NEW
    assert carried(ref, bundle) == set(ref.questions())
    answers = _answers([("S1", "structure", "plan_tresorerie", "oui"),
                        ("S2", "structure", "plan_tresorerie", "non")], bundle)
    facts, _ = fact_figures("2026", to_campaign_ids(answers, ref), ref)
    assert list(facts.figures["value"]) == [1.0, 0.0]


def test_e5_a_1_1_campaign_says_the_new_facts_are_not_collected(tmp_path: Path) -> None:
    _, report = _report(_campaign(tmp_path, NEW))
    missing = "non recueilli dans ardes-culture 1.1.0"
    four = _texts(_stake(report, "accompagnement"))
    for start in ("Structures qui connaissent le DLA", "Structures qui ont répondu à un "
                  "appel à projets européen"):
        assert any(t.startswith(start) and missing in t for t in four), start
    assert any(t.startswith("Structures qui tiennent un plan de trésorerie") and missing in t
               for t in _texts(_stake(report, "professionnalisation")))


@pytest.mark.slow
def test_e5_a_bundled_campaign_publishes_its_facts(tmp_path: Path) -> None:
    out, db = tmp_path / "retours", tmp_path / "base.sqlite"
    code, text = run_cli("simulate", f"{V12}+autodiag-financier", "--structures", "16",
                         "--seed", "4", "-o", str(out), "-q")
    assert code == 0, text
    code, text = run_cli("ingest", str(out), "--campagne", "2026", "--annee", "2026",
                         "--structures", str(out / "structures.csv"), "--db", str(db), "-q")
    assert code == 0, text
    publication, report = _report(db)
    facts = publication.inputs.extras[0].figures
    with Store(db) as store:
        answers = store.answers("2026")
    plan = answers[(answers["question"] == "plan_tresorerie")
                   & (answers["statut"] == "answered")]
    assert len(plan) >= 8
    mine = facts[facts["question"] == "part:tresorerie"]  # before consent's filter
    assert sorted(mine["structure_id"]) == sorted(plan["structure_id"])
    assert mine["value"].sum() == float((plan["valeur"] == "oui").sum())
    # its stake 3 prints the share, and nobody is said to have filled a version
    # without the questions (16 structures: the full synthesis, not the collective)
    three = _stake(report, "professionnalisation")
    assert any(r.texts[0].startswith("Structures qui tiennent un plan de trésorerie")
               for r in _facts(three).rows)
    assert not any("ne posait pas la question" in t for t in _texts(three))
