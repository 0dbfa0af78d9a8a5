"""DLA support needs (issue 22, spec 6.F).

N1 a structure with a financial red alert and a weak governance critère gets both themes
flagged, each with its signals; N2 a declared need of 2 or 3 flags a theme without any
signal, a declared 1 does not; N3 the sector count goes through the publication and the
auditor passes; N4 the declared needs' CSV is checked (levels 0 to 3, known themes);
N5 the signals of ardes-culture 1.1.0 and 1.2.0 (ECO.5, the plan de trésorerie).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from versions_fixture import run_cli

from evalsoc.catalogue import Code
from evalsoc.needs.declared import Declared, read_declared
from evalsoc.needs.signals import signals_of
from evalsoc.needs.table import needs_table
from evalsoc.referentiel.registry import resolve
from evalsoc.simulate.registry import make_registry
from evalsoc.simulate.stored import store_campaign
from evalsoc.store.db import connect

LABELS = {"F10": "Trésorerie en jours de charges", "GOUV.2": "Vie démocratique",
          "GOUV.3": "Renouvellement des instances", "ECO": "Économique et emploi"}


def _frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    scores = pd.DataFrame({"structure_id": ["S1", "S1", "S1", "S2"],
                           "noeud": ["GOUV.2", "GOUV.3", "TERR.1", "GOUV.2"],
                           "type": ["critere"] * 4, "score": [32.0, 80.0, 50.0, 90.0]})
    diagnostics = pd.DataFrame({"structure_id": ["S1", "S1", "S2"],
                                "indicateur": ["F10", "F10", "F10"],
                                "exercice": ["n", "n1", "n"], "valeur": [12.0, 40.0, 95.0],
                                "bande": ["rouge", "orange", "vert"]})
    answers = pd.DataFrame({"structure_id": ["S2"], "question": ["convention_collective"],
                            "valeur": ["non"]})
    spread = pd.DataFrame({"structure_id": ["S1"], "dimension": ["ECO"],
                           "auto_moins_autres": [10.0]})
    return scores, diagnostics, answers, spread


def test_red_alert_and_weak_governance_flag_both_themes() -> None:
    """N1: S1 has F10 red on the reference period (12 days of charges) and GOUV.2 at 32
    (threshold 50): gestion financière and gouvernance are flagged with those signals;
    TERR.1 at exactly 50 is not weak; the n1 period's orange alert is not read."""
    signals = signals_of(*_frames(), LABELS, 50.0)
    table = needs_table("S1", "Le Hangar", "61", signals["S1"], {})
    assert table.flagged == ("gestion_financiere", "gouvernance")
    rows = {r.theme: r for r in table.rows}
    assert rows["gestion_financiere"].signals == (
        "alerte rouge F10 Trésorerie en jours de charges (12)",)
    assert rows["gouvernance"].signals == (
        "critère GOUV.2 Vie démocratique faible : 32 sur 100 (seuil 50)",)
    assert rows["gestion_financiere"].proposed == ("DLA individuel", "France Active",
                                                   "Culturdiag")
    # S2: no alert (green), a legal compliance alert on the collective agreement
    other = needs_table("S2", "", "14", signals["S2"], {})
    assert other.flagged == ("fonction_employeur",)
    assert "obligation légale" in other.rows[2].signals[0]


def test_1_2_signals_the_plan_de_tresorerie_and_a_weak_economie_plurielle() -> None:
    """N5: under ardes-culture 1.1.0 and later, a weak ECO.5 « Économie plurielle »
    signals the economic model (ECO.3 of 1.0.0 is gone), a weak ECO.2.4 « Part des ETP
    en CDI » the employer function (ECO.1.3 is gone), and under 1.2.0 « non » to the
    plan de trésorerie signals financial management, as a tool to set up (not a legal
    alert); « oui » signals nothing."""
    scores = pd.DataFrame({"structure_id": ["S1", "S2", "S3"],
                           "noeud": ["ECO.5", "ECO.5", "ECO.2.4"],
                           "type": ["critere", "critere", "indicateur"],
                           "score": [40.0, 75.0, 20.0]})
    answers = pd.DataFrame({"structure_id": ["S1", "S2"],
                            "question": ["plan_tresorerie"] * 2, "valeur": ["non", "oui"]})
    labels = {"ECO.5": "Économie plurielle et ancrage local",
              "ECO.5.8": "Plan de trésorerie"}
    signals = signals_of(scores, pd.DataFrame(), answers, pd.DataFrame(), labels, 50.0)
    table = needs_table("S1", "", "14", signals["S1"], {})
    assert table.flagged == ("gestion_financiere", "modele_economique")
    rows = {r.theme: r for r in table.rows}
    assert rows["gestion_financiere"].signals == (
        "ECO.5.8 Plan de trésorerie : « non » (outil de gestion à mettre en place)",)
    assert rows["modele_economique"].signals == (
        "critère ECO.5 Économie plurielle et ancrage local faible : 40 sur 100 (seuil 50)",)
    assert "S2" not in signals
    # S3: few of its ETP on a CDI (1.1.0's ECO.2.4): the employer function
    assert needs_table("S3", "", "14", signals["S3"], {}).flagged == ("fonction_employeur",)


def test_declared_needs() -> None:
    """N2: declared 2 flags a theme without signals; declared 1 does not; the priority
    and the accompaniment chosen are kept."""
    declared = {"modele_economique": Declared("S9", "modele_economique", 2, 3, "DLA", "ok"),
                "partenariats": Declared("S9", "partenariats", 1)}
    table = needs_table("S9", "", "", {}, declared)
    rows = {r.theme: r for r in table.rows}
    assert table.flagged == ("modele_economique",)
    assert rows["modele_economique"].priority == 3 and rows["modele_economique"].chosen == "DLA"
    assert rows["modele_economique"].signals == ("besoin déclaré par la structure : 2 sur 3",)
    assert not rows["partenariats"].flagged


def test_declared_csv_checked(tmp_path: Path) -> None:
    """N4: a level outside 0-3 and an unknown theme are said at their line."""
    path = tmp_path / "besoins.csv"
    path.write_text("structure;theme;besoin_declare;priorite;accompagnement;commentaire\n"
                    "S1;gouvernance;4;;;\nS1;finances;2;;;\n"
                    "S1;Modèle économique;2;1;Opale;\n", encoding="utf-8")
    read = read_declared(path)
    assert [(i.code, i.line, i.raw) for i in read.issues] == [
        (Code.BES_LEVEL, 2, "4"), (Code.BES_THEME, 3, "finances")]
    assert read.rows[("S1", "modele_economique")].accompaniment == "Opale"


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    structures = make_registry(16, 11)
    db = tmp_path / "base.sqlite"
    connect(db).close()
    store_campaign(db, "2026", 2026, resolve("ardes-culture@1.0.0")[1], structures, 5,
                   [s.info for s in structures])
    return db


def test_sector_needs_through_the_publication(campaign: Path, tmp_path: Path) -> None:
    """N3: the counts by theme and département are the published table's, every
    published cell has 3 structures at least, and the auditor passes."""
    code, out = run_cli("besoins", "secteur", "--campagne", "2026", "--db", str(campaign),
                        "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["clean"] is True and data["parameters"] == "besoins-dla@2"
    shown = [r for r in data["rows"] if r["structures"] is not None]
    assert shown and all(r["structures"] >= 3 for r in shown)
    # a flag is never said for sure: no published cell where all or none have the need
    assert all(0 < r["avec_besoin"] < r["structures"] for r in shown)
    code, out = run_cli("besoins", "structure", "--campagne", "2026", "--structure", "S0001",
                        "--db", str(campaign), "--json")
    assert code == 0 and json.loads(out)["structure"] == "S0001"
    code, out = run_cli("besoins", "structure", "--campagne", "2026", "--structure", "S9999",
                        "--db", str(campaign))
    assert code == 2 and "[BES007]" in out
    code, out = run_cli("audit", "--campagne", "2026", "--db", str(campaign), "--besoins")
    assert code == 0 and "besoins:departement" in out
    template = tmp_path / "modele.csv"
    code, out = run_cli("besoins", "modele", "--campagne", "2026", "--db", str(campaign),
                        "-o", str(template))
    assert code == 0 and len(read_declared(template).rows) == 16 * 6


def test_stake_four_read_with_support_and_needs(campaign: Path) -> None:
    """Stake 4 of the synthesis: the support schemes used and the needs by theme, from
    the same audited publication; the financial ratios ECO.3.3 and ECO.4.1 left out."""
    from dataclasses import replace  # noqa: PLC0415

    from evalsoc.needs.run import campaign_needs, needs_figures  # noqa: PLC0415
    from evalsoc.publish.inputs import load_sector_inputs  # noqa: PLC0415
    from evalsoc.publish.publication import Publication  # noqa: PLC0415
    from evalsoc.publish.review import review  # noqa: PLC0415
    from evalsoc.reports.sector.build import build_sector_report  # noqa: PLC0415
    from evalsoc.store.frames import Store  # noqa: PLC0415

    with Store(campaign) as store:
        inputs = load_sector_inputs(store, "2026")
    support = next(e for e in inputs.extras if e.id == "dispositifs")  # always read
    assert set(support.figures["question"]) >= {"dispositif:dla", "dispositif:aucun"}
    publication = Publication(replace(inputs, extras=(
        *inputs.extras, needs_figures(campaign_needs(campaign, "2026")))))
    assert review(publication).clean
    report = build_sector_report(publication)
    stake = next(s for s in report.sections if s.id == "enjeu-accompagnement")
    tables = {b.table.id: b.table for b in stake.blocks if b.kind == "table"}
    assert {"enjeu-accompagnement", "enjeu-accompagnement-dispositifs",
            "enjeu-accompagnement-besoins"} <= set(tables)
    read = [r.values[0] for r in tables["enjeu-accompagnement"].rows]
    assert not any(str(v).startswith(("ECO.3.3", "ECO.4.1")) for v in read)
    whole = [r for r in tables["enjeu-accompagnement-dispositifs"].rows
             if "Ensemble" in r.texts and not r.masked]
    assert whole and all(0 < float(str(r.values[3])) < float(str(r.values[2]))
                         for r in whole)
