"""Stake 3's financial alerts read from the financial self-diagnosis (issue 22, build 4;
spec 6.E « financial alerts from 6.A: share with F05 < 3 months, F10 < 30 days, T1 ≥ 2 »).

A0 a bundled workbook (utilité sociale + autodiagnostic) answers the questionnaire's
   facts as a workbook of the questionnaire alone does;
A1 the alerts per structure equal hand values: the reference exercise only, « non
   calculable » in no n, the thresholds read from the référentiel's parameters (another
   value of ``fp_mois_min`` moves the share), nothing for a campaign without it;
A2 a stored campaign with hand F05/F10/T1 values: stake 3's table prints the hand n and
   shares, each threshold with its value and each source with the indicator and the
   référentiel version; the refusing structure is in no n; the auditor passes;
   F10 and T1 are audited with the red bands the sector view publishes (the same values);
A3 a forged figure that counts the refusing structure's alert fails the audit;
A4 a campaign without the self-diagnosis says each alert « non recueilli »;
A5 end to end from the CLI, on the demo's bundled campaign (step 10: simulate, score,
   ingest): the synthèse prints the alert rows, with the other stakes' facts, and
   ``evalsoc audit`` passes.
"""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from versions_fixture import run_cli

from evalsoc.audit import Auditor, Knowledge
from evalsoc.publish.facts import facts_of
from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.publication import Publication
from evalsoc.publish.review import review
from evalsoc.publish.stake_alerts import alert_figures, same_as_red
from evalsoc.publish.stake_facts import carried, own_part, to_campaign_ids
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.reports.sector.build import build_sector_report
from evalsoc.reports.sector.model import Section, SectorReport, Table
from evalsoc.simulate.registry import make_registry
from evalsoc.simulate.stored import store_campaign
from evalsoc.store.db import connect
from evalsoc.store.frames import Store
from evalsoc.support.formatting import fr_percent

FINANCE = "autodiag-financier@1.0.0"
NC = None  # « non calculable »: no value, a reason
# reference exercise N: F05 (months), F10 (days), T1 (deficits over three exercises);
# S0007 refused any publication (make_registry(16, 11)); S0013-S0016 gave no accounts
HAND: dict[str, tuple[float | None, float | None, float | None]] = {
    "S0001": (2.9, 29.9, 2), "S0002": (3.0, 30.0, 1), "S0003": (-1.0, -5.0, 3),
    "S0004": (6.0, 120.0, 0), "S0005": (NC, 10.0, NC), "S0006": (12.0, 45.0, 2),
    "S0007": (1.0, 5.0, 3), "S0008": (4.0, 200.0, 0), "S0009": (0.5, 60.0, 1),
    "S0010": (8.0, 25.0, 0), "S0011": (5.0, 90.0, 1), "S0012": (2.0, 15.0, 2),
}
# by hand, without S0007 and the « non calculable »:
# F05 < 3: S0001, S0003, S0009, S0012 of 10 (S0005 not computable)
# F10 < 30: S0001, S0003, S0005, S0010, S0012 of 11 (S0002's 30 days is not below)
# T1 >= 2: S0001, S0003, S0006, S0012 of 10
EXPECTED = {"alerte_fonds_propres": (10, 4), "alerte_tresorerie": (11, 5),
            "alerte_deficits": (10, 4)}


Values = dict[str, tuple[float | None, float | None, float | None]]


def _band(indicator: str, v: float | None) -> str | None:
    """The bands of autodiag-financier 1.0.0, by hand."""
    if v is None:
        return None
    if indicator == "F05":
        return "rouge" if v < 0 else "orange" if v < 3 or v > 12 else "vert"
    if indicator == "F10":
        return "rouge" if v < 30 else "orange" if v < 90 else "vert"
    return "rouge" if v >= 2 else "orange" if v == 1 else "vert"


def _diagnostics(rows: Values) -> pd.DataFrame:
    return pd.DataFrame(_records(rows))


def _records(rows: Values) -> list[dict[str, object]]:
    """Store.diagnostics' columns: the hand values for N, their opposites for N-1 (which
    must never be read), and a « non calculable » with its reason."""
    out: list[dict[str, object]] = []
    for ident, values in rows.items():
        for indicator, value in zip(("F05", "F10", "T1"), values, strict=True):
            for period, v in (("n", value), ("n1", None if value is None else 100 - value)):
                if indicator == "T1" and period == "n1":
                    continue  # a three-year rule is computed for N only
                out.append({"campagne": "c", "annee": 2025, "structure_id": ident,
                            "referentiel": FINANCE, "indicateur": indicator,
                            "exercice": period, "valeur": v,
                            "bande": _band(indicator, v),
                            "absence": "non calculable" if v is None else None,
                            "raison": "division par zéro" if v is None else None})
    return out


def _finance() -> Referentiel:
    return resolve(FINANCE)[1]


def _counts(figures: pd.DataFrame) -> dict[str, tuple[int, int]]:
    sums = figures.groupby("question")["value"].agg(["count", "sum"])
    return {str(q).removeprefix("part:"): (int(r["count"]), int(r["sum"]))
            for q, r in sums.iterrows()}


def test_a0_a_bundled_workbook_answers_the_questionnaires_facts() -> None:
    """A workbook of ardes-culture@1.1.0+autodiag-financier@1.0.0 asks the 1.1.0
    questions as they are: its answers count in the facts (they were all dropped as
    « another version » before)."""
    ref = resolve("ardes-culture@1.1.0")[1]
    bundle = f"{ref.ref}+{FINANCE}"
    assert own_part(bundle, ref) == ref.ref
    assert own_part(f"ardes-culture@1.0.0+{FINANCE}", ref) == "ardes-culture@1.0.0"
    assert carried(ref, bundle) == set(ref.questions())
    answers = pd.DataFrame([
        {"structure_id": "S1", "groupe": "structure", "question": "membre_reseau",
         "valeur": "oui", "referentiel": bundle},
        {"structure_id": "S2", "groupe": "structure", "question": "mutualisations",
         "valeur": ["emploi"], "referentiel": f"ardes-culture@1.0.0+{FINANCE}"}])
    kept = to_campaign_ids(answers, ref)
    assert list(kept["question"]) == ["membre_reseau"]  # 1.0.0 did not ask mutualisations


def test_a1_alerts_equal_hand_values_with_the_referentiels_thresholds() -> None:
    everyone = {k: v for k, v in HAND.items() if k != "S0007"}
    figures = alert_figures("c", _diagnostics(everyone), _finance())
    assert _counts(figures) == EXPECTED
    assert set(figures["value"]) == {0.0, 1.0}
    # the threshold is the référentiel's parameter: 6 months adds S0002 (3), S0008 (4), S0011 (5)
    part = _finance()
    assert part.diagnostic is not None
    parameters = tuple(p.model_copy(update={"value": 6.0}) if p.id == "fp_mois_min" else p
                       for p in part.diagnostic.parameters)
    six = part.model_copy(update={"diagnostic": part.diagnostic.model_copy(
        update={"parameters": parameters})})
    assert _counts(alert_figures("c", _diagnostics(everyone), six))[
        "alerte_fonds_propres"] == (10, 7)
    # a version without the parameter publishes no figure for that alert (never a guess)
    without = part.model_copy(update={"diagnostic": part.diagnostic.model_copy(
        update={"parameters": tuple(p for p in parameters if p.id != "deficits_rouge")})})
    assert "alerte_deficits" not in _counts(alert_figures("c", _diagnostics(everyone),
                                                          without))
    assert alert_figures("c", pd.DataFrame(), part).empty
    # an alert is audited with a red band only when they agree on every structure
    diagnostics = _diagnostics(everyone)
    alerts = alert_figures("c", diagnostics, part)
    assert same_as_red("c", alerts, diagnostics, part) == {
        "part:alerte_tresorerie": "rouge|c|autodiag-financier:F10",
        "part:alerte_deficits": "rouge|c|autodiag-financier:T1"}
    other = diagnostics.assign(bande=diagnostics["bande"].mask(
        (diagnostics["structure_id"] == "S0010") & (diagnostics["indicateur"] == "F10"),
        "orange"))  # a version whose red band would start lower
    assert "part:alerte_tresorerie" not in same_as_red("c", alerts, other, part)


def _stored(tmp_path: Path, with_accounts: bool = True) -> Path:
    """A 1.1.0 campaign of 16 structures, with the hand accounts' diagnostics of
    S0001-S0012 stored as ``evalsoc ingest`` stores a bundled workbook's."""
    db = tmp_path / "base.sqlite"
    connect(db).close()
    structures = make_registry(16, 11)
    store_campaign(db, "2025", 2025, resolve("ardes-culture@1.1.0")[1], structures, 5,
                   [s.info for s in structures])
    if not with_accounts:
        return db
    conn = sqlite3.connect(db)
    with conn:
        campaign = conn.execute("SELECT id FROM campaigns WHERE name = '2025'").fetchone()[0]
        ref_hash = load_entry(resolve(FINANCE)[0]).hash or ""
        conn.execute("INSERT INTO campaign_referentiels VALUES (?, ?, ?, 'diagnostic')",
                      (campaign, FINANCE, ref_hash))
        ids = dict(conn.execute("SELECT structure_id, id FROM submissions "
                                "WHERE campaign_id = ?", (campaign,)).fetchall())
        for row in _records(HAND):
            conn.execute("INSERT INTO diagnostics (submission_id, referentiel, indicator, "
                         "period, value, band, absent, reason) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (ids[row["structure_id"]], FINANCE, row["indicateur"],
                          row["exercice"], row["valeur"], row["bande"], row["absence"],
                          row["raison"]))
    conn.close()
    return db


def _report(db: Path) -> tuple[Publication, SectorReport]:
    with Store(db) as store:
        inputs = load_sector_inputs(store, "2025")
    publication = Publication(inputs)
    return publication, build_sector_report(publication)


def _stake(report: SectorReport) -> Section:
    return next(s for s in report.sections if s.id == "enjeu-professionnalisation")


def _table(section: Section) -> Table:
    return next(b.table for b in section.blocks
                if b.kind == "table" and b.table.id == "enjeu-professionnalisation-faits")


def _texts(section: Section) -> list[str]:
    return [b.text for b in section.blocks if b.kind == "paragraph"] + [
        item for b in section.blocks if b.kind == "bullets" for item in b.items]


LABELS = {"alerte_fonds_propres": ("moins de 3 mois de charges", "F05",
                                   "seuil fp_mois_min = 3 mois"),
          "alerte_tresorerie": ("moins de 30 jours de charges", "F10",
                                "seuil tresorerie_jours_rouge = 30 jours"),
          "alerte_deficits": ("au moins 2 des trois derniers exercices", "T1",
                              "seuil deficits_rouge = 2")}


def test_a2_stake_three_prints_the_hand_shares_and_passes_the_audit(tmp_path: Path) -> None:
    db = _stored(tmp_path)
    publication, report = _report(db)
    assert "S0007" not in publication.population.included
    assert len(publication.population.included) == 15
    rows = _table(_stake(report)).rows
    for key, (n, alerts) in EXPECTED.items():
        words, indicator, threshold = LABELS[key]
        row = next(r for r in rows if words in r.texts[0])
        assert row.texts[0].endswith("(alerte financière)")
        assert not row.masked
        assert row.texts[2:] == (str(n), fr_percent(alerts / n), str(alerts))
        assert row.texts[1].startswith(f"« {indicator} ") and ", exercice N " in row.texts[1]
        assert row.texts[1].endswith(f"(autodiag-financier 1.0.0 ; {threshold})")
    # the other facts of the stake are still read (the questionnaire is 1.1.0's)
    assert rows[0].texts[0].startswith("Employeurs qui appliquent une convention collective")
    assert any(t.startswith("Alertes financières : chaque part se lit") and
               "« non calculable » n'est jamais comptée" in t for t in _texts(_stake(report)))
    assert not any("ne comprend pas l'autodiagnostic" in t for t in _texts(_stake(report)))
    # F10 < 30 days and T1 >= 2 are the red bands the sector view publishes: the auditor
    # reads them as one family; F05 < 3 months is not a band (F05 < 0 is the red one)
    audited = {t for f in publication.facts if f.cell and f.cell[0] == "enjeux-faits:ensemble"
               for t, _ in f.terms}
    assert {"rouge|2025|autodiag-financier:F10", "rouge|2025|autodiag-financier:T1",
            "figure|2025|part:alerte_fonds_propres"} <= audited
    assert review(publication).clean
    code, out = run_cli("audit", "--campagne", "2025", "--db", str(db))
    assert code == 0, out
    assert "enjeux-faits:ensemble" in out


def test_a3_a_figure_counting_the_refusing_structure_fails_the_audit(tmp_path: Path
                                                                     ) -> None:
    """A careless second document prints the F10 alert count with S0007 (who refused
    any publication) among its structures: with the published one, the difference is
    S0007's alert, and the auditor says so."""
    publication, _ = _report(_stored(tmp_path))
    table_id = "enjeux-faits:ensemble"
    published = publication.tables[table_id]
    row = published[published["question"] == "part:alerte_tresorerie"].iloc[0]
    members = tuple(sorted((*row["_membres"], "S0007")))
    forged = pd.DataFrame([{**row.to_dict(), "n": row["n"] + 1, "somme": row["somme"] + 1,
                            "moyenne": (row["somme"] + 1) / (row["n"] + 1),
                            "_membres": members}])
    forged.attrs = published.attrs

    printed = facts_of(forged, "diaporama", "totals", breakdown=("campagne", "question"),
                       by=(), family=publication.inputs.extras[0].family)
    assert printed
    facts = [*publication.everything(), *printed]
    base = publication.knowledge(facts)
    key = "rouge|2025|autodiag-financier:F10"  # the alert is F10's red band
    truth = {(k, s): v for k in {t for f in facts for t, _ in f.terms}
             for s, v in publication.values.family(k).items()}
    truth[(key, "S0007")] = 1.0  # its trésorerie: 5 days
    result = Auditor(exact=True).run(facts, Knowledge(base.families, truth, base.known))
    assert (key, "S0007") in {(e.family.key, e.structure) for e in result.exposures}
    # the published table alone says nothing of it
    alone = Auditor(exact=True).run(publication.everything(),
                                    Knowledge(base.families, truth, base.known))
    assert not alone.exposures


def test_a4_without_the_self_diagnosis_each_alert_is_said_not_collected(tmp_path: Path
                                                                        ) -> None:
    _, report = _report(_stored(tmp_path, with_accounts=False))
    said = [t for t in _texts(_stake(report)) if "ne comprend pas l'autodiagnostic" in t]
    assert len(said) == 3
    assert all(": non recueilli : la campagne ne comprend pas l'autodiagnostic financier"
               in t for t in said)
    assert not any("(alerte financière)" in r.texts[0] for r in _table(_stake(report)).rows)


@pytest.mark.slow
def test_a5_the_demos_bundled_campaign_prints_the_alerts(tmp_path: Path) -> None:
    books, db, out = tmp_path / "retours", tmp_path / "base.sqlite", tmp_path / "synthese"
    for args in (("simulate", "ardes-culture@1.1.0+autodiag-financier", "--structures", "14",
                  "--seed", "2025", "-o", str(books), "-q"),
                 ("ingest", str(books), "--campagne", "finances-2025", "--annee", "2025",
                  "--db", str(db), "-q"),
                 ("report", "sector", "--campagne", "finances-2025", "--db", str(db),
                  "--format", "html", "-o", str(out)),
                 ("audit", "--campagne", "finances-2025", "--db", str(db))):
        code, text = run_cli(*args)
        assert code == 0, text
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    with Store(db) as store:
        diagnostics = store.diagnostics("finances-2025")
        consents = store.consents("finances-2025")
    counted = diagnostics[(diagnostics["exercice"] == "n") & diagnostics["valeur"].notna()
                          & diagnostics["structure_id"].map(consents).ne("aucune")]
    for indicator, words, low, high in (("F05", "moins de 3 mois", -math.inf, 3.0),
                                        ("F10", "moins de 30 jours", -math.inf, 30.0),
                                        ("T1", "au moins 2 des trois", 2.0, math.inf)):
        values = [float(v) for v in counted.loc[counted["indicateur"] == indicator, "valeur"]]
        assert words in html
        share = fr_percent(sum(1 for v in values if low <= v < high) / len(values))
        assert f"<td>{share}</td>" in html.split(words, 1)[1].split("</tr>", 1)[0] \
            .replace(' class="num"', ""), (indicator, share)
    # the questionnaire's facts are read in a bundled campaign too
    assert "Employeurs qui appliquent une convention collective" in html
    assert "Structures membres d&#39;un réseau" in html
