"""Publication you can trust: nothing evalsoc publishes gives away what a structure did
not consent to (issue « Publication you can trust »).

Requirements:
- PUB1 the auditor can fail: rows + n + mean (today's export of named rows beside a
  group mean), a 3-structure cell with min, median, max and mean, and an « Ensemble » of
  n beside an evolution of n − 1 each give a structure away, and the auditor says which
  facts pin it down;
- PUB2 consent means what the questionnaire says: « nominative » a named row and in
  aggregates, « anonyme » in aggregates only, « aucune » in no sector figure (and the
  outputs say how many are left out); registry and workbook disagreeing: the stricter
  one wins, with a warning;
- PUB3 over 200 random simulated campaigns (3 to 40 structures, random consents,
  départements and disciplines, with a previous campaign), the union of everything
  evalsoc publishes exposes nothing;
- PUB4 no name, commune or individual row of an « anonyme » or « aucune » structure in
  any export format, in the synthèse (HTML, PDF text, ODT, XLSX) or in ``--par nom`` and
  ``--par commune`` outputs;
- PUB5 free texts: named structures' under their name, anonymous ones unattributed and
  only when they name no structure, refusing ones never;
- PUB6 the fiche of a refusing structure is still produced, complete, for it alone;
- PUB7 ``evalsoc audit`` says it in French, exits 0 on a clean publication.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import MINI_YAML
from editable_text import odt_text
from external import client
from openpyxl import load_workbook
from workbooks import make_workbook

from evalsoc.answers.model import StructureInfo
from evalsoc.audit import Fact, Family, Knowledge, audit
from evalsoc.cli.main import cli
from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.population import Population
from evalsoc.publish.publication import Publication
from evalsoc.publish.review import review
from evalsoc.publish.texts import public_texts
from evalsoc.referentiel.loader import load_text
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import resolve
from evalsoc.reports.fiche.store import campaign_context, fiche_from_store
from evalsoc.simulate.registry import SimStructure, make_registry
from evalsoc.simulate.stored import store_campaign
from evalsoc.store.frames import Store
from evalsoc.store.ingest import ingest
from evalsoc.structures.consent import effective, normalised, stricter

SCORE = Family("score|2026|SOC", 0.0, 100.0, 10.0, label="le score « Sociale » (2026)")
TERMS = (("score|2026|SOC", 1.0),)
CONSENTS = ("nominative", "anonyme", "aucune")


def _truth(values: dict[str, float], family: str = SCORE.key) -> dict[tuple[str, str], float]:
    return {(family, s): v for s, v in values.items()}


# PUB1 ---------------------------------------------------------------------------------


def test_pub1_named_rows_beside_a_mean_give_the_others_away() -> None:
    values = {"A": 62.0, "B": 48.5, "C": 71.25, "D": 55.0}  # C refused publication
    known = {k: v for k, v in _truth(values).items() if k[1] != "C"}
    mean = Fact(TERMS, tuple(values), "mean", sum(values.values()) / 4, source="moyenne")
    result = audit([mean], Knowledge({SCORE.key: SCORE}, _truth(values), known))
    assert [(e.structure, round(e.low, 3), round(e.high, 3)) for e in result.exposures] == [
        ("C", 71.25, 71.25)]
    assert result.exposures[0].facts == (mean,)
    # without the named rows, the same mean protects all four
    alone = audit([mean], Knowledge({SCORE.key: SCORE}, _truth(values)))
    assert alone.clean and alone.values == 4


def test_pub1_three_structures_with_min_median_max_and_mean() -> None:
    values = {"A": 40.0, "B": 45.0, "C": 52.0}
    members = tuple(values)
    facts = [Fact(TERMS, members, "mean", sum(values.values()) / 3),
             Fact(TERMS, members, "min", 40.0), Fact(TERMS, members, "max", 52.0),
             Fact(TERMS, members, "quantile", 45.0, p=0.5)]
    result = audit(facts, Knowledge({SCORE.key: SCORE}, _truth(values)))
    assert sorted(e.structure for e in result.exposures) == ["A", "B", "C"]
    assert all((e.low, e.high) == pytest.approx((40.0, 52.0), abs=1e-3)
               for e in result.exposures)
    assert audit(facts[:1], Knowledge({SCORE.key: SCORE}, _truth(values))).clean


def test_pub1_an_evolution_beside_the_campaign_gives_the_newcomer_away() -> None:
    before = Family("score|2025|SOC", 0.0, 100.0, 10.0)
    now = {"A": 50.0, "B": 60.0, "C": 70.0, "N": 33.0}  # N is new this year
    then = {"A": 45.0, "B": 62.0, "C": 64.0}
    truth = {**_truth(now), **_truth(then, before.key)}
    delta = (("score|2026|SOC", 1.0), ("score|2025|SOC", -1.0))
    facts = [Fact(TERMS, tuple(now), "mean", sum(now.values()) / 4),  # the campaign
             Fact(((before.key, 1.0),), tuple(then), "mean", sum(then.values()) / 3),
             Fact(delta, tuple(then), "mean",  # the evolution, on A, B and C
                  sum(now[s] - then[s] for s in then) / 3)]
    families = {SCORE.key: SCORE, before.key: before}
    exposed = {e.structure for e in audit(facts, Knowledge(families, truth)).exposures}
    assert exposed == {"N"}
    assert audit(facts[:2], Knowledge(families, truth)).clean


def test_pub1_relative_protection_for_magnitudes() -> None:
    budget = Family("figure|2026|budget_total", 0.0, 1e9, 0.1, relative=True)
    values = {"A": 900_000.0, "B": 50_000.0, "C": 30_000.0}
    truth = _truth(values, budget.key)
    facts = [Fact(((budget.key, 1.0),), tuple(values), "sum", sum(values.values())),
             Fact(((budget.key, 1.0),), ("B", "C"), "sum", 80_000.0)]
    exposed = audit(facts, Knowledge({budget.key: budget}, truth)).exposures
    assert [e.structure for e in exposed] == ["A"]


# PUB2 ---------------------------------------------------------------------------------


def test_pub2_consent_words_and_the_stricter_rule() -> None:
    assert [normalised(v) for v in ("Nominative ", "ANONYME", "aucune", "", None, "oui")] == [
        "nominative", "anonyme", "aucune", None, None, "aucune"]
    assert stricter("nominative", "aucune") == "aucune"
    assert stricter(None, "anonyme") == "anonyme" and stricter(None, None) is None
    assert effective("nominative", "anonyme") == ("anonyme", True)
    assert effective(None, "nominative") == ("nominative", False)
    assert effective(None, None) == ("aucune", False)


@pytest.fixture
def mini_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Referentiel]:
    folder = tmp_path / "referentiels"
    (folder / "mini").mkdir(parents=True)
    (folder / "mini" / "1.0.0.yaml").write_text(MINI_YAML, encoding="utf-8")
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(folder))
    ref = load_text(MINI_YAML, "mini/1.0.0.yaml").referentiel
    assert ref is not None
    return folder, ref


def test_pub2_registry_and_workbook_the_stricter_wins(
        tmp_path: Path, mini_root: tuple[Path, Referentiel]) -> None:
    root, ref = mini_root
    pairs = [("nominative", "aucune"), ("aucune", "nominative"), ("anonyme", "nominative"),
             ("nominative", "nominative"), (None, "anonyme"), ("nominative", None)]
    registry = []
    for n, (listed, written) in enumerate(pairs):
        info = StructureInfo(id=f"S{n}", name=f"Asso {n}", consentement=written)
        make_workbook(tmp_path / "in" / f"s{n}.xlsx", ref, structure=info)
        registry.append(info.model_copy(update={"consentement": listed}))
    db = tmp_path / "c.sqlite"
    summary = ingest([tmp_path / "in"], "2025", db, 2025, workers=1, registry=registry,
                     root=root)
    with Store(db) as store:
        decided = store.consents("2025").to_dict()
        warnings = store.issues("2025")
    assert decided == {"S0": "aucune", "S1": "aucune", "S2": "anonyme", "S3": "nominative",
                       "S4": "anonyme", "S5": "nominative"}
    said = warnings[warnings["code"] == "CON001"]
    assert sorted(said["fichier"]) == ["s0.xlsx", "s1.xlsx", "s2.xlsx"]
    assert all("le plus strict" in m and "s'applique" in m for m in said["message"])
    assert sum("CON001" in n or "le plus strict" in n for n in summary.notes) == 3


def _campaign(seed: int, db: Path, ref: Referentiel) -> tuple[int, int]:
    """Two campaigns of random sizes, consents, départements and disciplines, sharing
    most of their structures; registry and workbooks disagree now and then."""
    rng = random.Random(seed)
    everyone = make_registry(rng.randint(3, 48), seed)
    departements = rng.sample(["14", "27", "50", "61", "76"], rng.randint(1, 4))
    disciplines = rng.sample(["théâtre", "musiques actuelles", "danse", "cinéma",
                              "arts visuels", "festival"], rng.randint(1, 5))
    weights = [rng.random() for _ in CONSENTS]
    structures = [SimStructure(s.info.model_copy(update={
        "departement": rng.choice(departements), "discipline": rng.choice(disciplines),
        "consentement": rng.choices(CONSENTS, weights)[0]}), s.budget) for s in everyone]
    registry = [s.info.model_copy(update={"consentement": rng.choice(CONSENTS)})
                for s in structures if rng.random() < 0.2]
    before = [s for s in structures if rng.random() < 0.85][:40] or structures[:3]
    after = [s for s in structures if rng.random() < 0.85][:40] or structures[-3:]
    store_campaign(db, "avant", 2025, ref, before, seed, registry)
    store_campaign(db, "apres", 2026, ref, after, seed + 1)
    return len(before), len(after)


# PUB3 ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_pub3_nothing_exposed_over_200_random_campaigns(tmp_path: Path) -> None:
    _, ref = resolve("ardes-culture@1.0.0")
    sizes, masked, reviewed, published = [], 0, 0, 0
    for seed in range(200):
        db = tmp_path / f"c{seed}.sqlite"
        sizes.append(_campaign(seed, db, ref))
        with Store(db) as store:
            publication = Publication(load_sector_inputs(store, "apres", "avant"))
        assert publication.result is not None, seed
        assert publication.result.clean and not publication.unfixable, seed
        published += bool(publication.facts)  # (a campaign may have too few to publish)
        masked += sum(int(t["masque"].sum()) for t in publication.tables.values())
        if seed % 20 == 0:  # an audit from scratch, with exact intervals
            assert review(publication).clean, seed
            reviewed += 1
        db.unlink()
    assert min(min(s) for s in sizes) <= 5 and max(max(s) for s in sizes) >= 35
    assert masked > 0 and reviewed == 10 and published >= 150


# PUB4 ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[StructureInfo]]:
    """A campaign (and its previous one) with every consent, unique names and communes,
    and free texts naming structures."""
    root = tmp_path_factory.mktemp("publie")
    _, ref = resolve("ardes-culture@1.0.0")
    sims = make_registry(30, 77)
    structures = []
    for k, sim in enumerate(sims):
        info = sim.info.model_copy(update={
            "name": f"Structure Témoin {k:02d}", "commune": f"Bourg-Unique-{k:02d}",
            "departement": ("14", "50", "61")[k % 3], "consentement": CONSENTS[k % 3]})
        structures.append(SimStructure(info, sim.budget))
    db = root / "evalsoc.sqlite"
    store_campaign(db, "2025", 2025, ref, structures[:26], 77, [s.info for s in structures])
    store_campaign(db, "2026", 2026, ref, structures[2:], 78)
    return db, [s.info for s in structures]


def _texts_of(path: Path) -> str:
    if path.suffix == ".xlsx":
        book = load_workbook(path, read_only=True)
        text = " ".join(str(v) for sheet in book.worksheets
                        for row in sheet.iter_rows(values_only=True) for v in row if v)
        book.close()
        return text
    if path.suffix == ".pdf":
        return subprocess.run([client("pdftotext"), str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    if path.suffix == ".parquet":
        return pd.read_parquet(path).to_csv()
    if path.suffix == ".odt":  # the editable copy: every paragraph and cell
        return odt_text(path)
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.slow
@pytest.mark.external
def test_pub4_no_unnamed_structure_anywhere(
        published: tuple[Path, list[StructureInfo]], tmp_path: Path) -> None:
    db, infos = published
    runner = CliRunner()
    written: list[Path] = []
    for suffix in ("xlsx", "csv", "json", "parquet"):
        target = tmp_path / f"export.{suffix}"
        done = runner.invoke(cli, ["export", "--campagne", "2026", "--precedente", "2025",
                                   "--db", str(db), "-o", str(target)])
        assert done.exit_code == 0, done.output
        written += sorted(tmp_path.glob(f"export*.{suffix}"))
    for column in ("nom", "commune"):
        target = tmp_path / f"par-{column}.xlsx"
        done = runner.invoke(cli, ["export", "--campagne", "2026", "--db", str(db), "-o",
                                   str(target), "--par", column])
        assert done.exit_code == 0, done.output
        written.append(target)
    synthese = tmp_path / "synthese"
    done = runner.invoke(cli, ["report", "sector", "--campagne", "2026", "--precedente", "2025",
                               "--db", str(db), "-o", str(synthese)])
    assert done.exit_code == 0, done.output
    written += sorted(synthese.iterdir())
    assert {p.suffix for p in written} == {".xlsx", ".csv", ".json", ".parquet", ".html",
                                           ".pdf", ".odt"}
    everything = {p.name: re.sub(r"\s+", " ", _texts_of(p)) for p in written}
    named = [i for i in infos[2:] if i.consentement == "nominative"]  # in 2026
    assert all(any(i.name in t for t in everything.values()) for i in named)  # seen
    for info in infos:
        if info.consentement == "nominative":
            continue
        for name, text in everything.items():
            assert info.name not in text, (info.name, name)
            assert str(info.commune) not in text, (info.commune, name)
            assert re.search(rf"\b{info.id}\b", text) is None, (info.id, name)
    with Store(db) as store:
        rows = pd.read_excel(tmp_path / "export.xlsx", sheet_name="structures",
                             engine="calamine")
        assert set(rows["structure_id"]) == {i.id for i in named} & set(
            store.consents("2026").index)


# PUB5 ---------------------------------------------------------------------------------


def test_pub5_free_texts_follow_consent() -> None:
    _, ref = resolve("ardes-culture@1.0.0")
    question = next(q.id for q in ref.questions().values() if q.type.value == "text")
    registry = pd.DataFrame({"structure_id": ["N", "A", "R"],
                             "nom": ["Le Grand Kiosque", "La Petite Scène", "Théâtre Secret"],
                             "commune": ["Vire", "Falaise", "Bayeux"]})
    answers = pd.DataFrame({
        "structure_id": ["N", "A", "A", "A", "R"], "groupe": "publics",
        "question": question, "nature": "réponse",
        "texte": ["Bravo au Grand Kiosque", "Très bon accueil", "Merci la petite scène !",
                   "On vient de Falaise exprès", "Tout le monde aime le théâtre"]})
    population = Population("2026", {"N": "nominative", "A": "anonyme", "R": "aucune"})
    texts = public_texts(answers, ref, population, registry)
    assert dict(zip(texts["texte"], texts["structure"], strict=True)) == {
        "Bravo au Grand Kiosque": "Le Grand Kiosque", "Très bon accueil": ""}


# PUB6 ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_pub6_a_refusing_structure_still_gets_its_whole_fiche(
        published: tuple[Path, list[StructureInfo]]) -> None:
    db, infos = published
    refused = next(i for i in infos[2:] if i.consentement == "aucune")
    context = campaign_context(db, "2026")
    assert refused.id in context.submissions
    with Store(db) as store:
        _, ref = resolve(context.referentiel)
        fiche = fiche_from_store(context, store.conn, ref, refused.id)
    assert fiche.identity.name == refused.name
    assert all(d.score is not None or d.absent for d in fiche.dimensions)
    assert sum(d.score is not None for d in fiche.dimensions) >= 5
    with Store(db) as store:
        included = len(Publication(load_sector_inputs(store, "2026", "2025")).population.included)
    assert context.figures.structures == included  # its medians leave it out


# PUB7 ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_pub7_audit_command(published: tuple[Path, list[StructureInfo]]) -> None:
    db, _ = published
    runner = CliRunner()
    done = runner.invoke(cli, ["audit", "--campagne", "2026", "--precedente", "2025", "--db",
                               str(db)])
    assert done.exit_code == 0, done.output
    assert done.output.startswith("Vérification d'ensemble de la campagne « 2026 », avec « 2025 »")
    assert "Aucune valeur non publiée ne se déduit" in done.output
    as_json = runner.invoke(cli, ["audit", "--campagne", "2026", "--db", str(db), "--json"])
    report = json.loads(as_json.output)
    assert as_json.exit_code == 0 and report["exposed"] == [] and report["facts"] > 100
    assert {t["table"] for t in report["tables"]} >= {"secteur:ensemble", "totaux"}
    unknown = runner.invoke(cli, ["audit", "--campagne", "2030", "--db", str(db)])
    assert unknown.exit_code == 2 and "campagne « 2030 » inconnue" in unknown.output


# Determinism ---------------------------------------------------------------------------


@pytest.mark.slow
def test_the_publication_is_the_same_from_one_run_to_the_next(tmp_path: Path) -> None:
    """Which cells the publication masks cannot depend on the process (string hashing
    changes the order of sets from one Python process to the next)."""
    _, ref = resolve("ardes-culture@1.0.0")
    sims = make_registry(40, 5)  # four processes gave three publications before the fix
    db = tmp_path / "evalsoc.sqlite"
    store_campaign(db, "2025", 2025, ref, sims, 5, [s.info for s in sims])
    store_campaign(db, "2026", 2026, ref, sims, 6)
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        done = subprocess.run(
            [sys.executable, "-m", "evalsoc", "audit", "--campagne", "2026", "--precedente",
             "2025", "--db", str(db), "--json"], capture_output=True, text=True,
            env={**os.environ, "PYTHONHASHSEED": seed}, check=False)
        assert done.returncode == 0, done.stderr
        outputs.add(re.sub(r'"secondes": [0-9.e-]+', "", done.stdout))
    assert len(outputs) == 1
