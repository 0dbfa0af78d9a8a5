"""``--json`` prints the library result's own serialisation, keys in English (issue 16,
point 5), command by command.

J1 each command's JSON equals the serialisation (:func:`evalsoc.support.jsonable.to_json`)
of what the library returns for the same inputs; J2 no key is one of the French names
some commands used to print (the words of the domain that the documented formats keep
in French, such as ``criteres`` or ``departement``, are values of the model, not
translations of keys).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from evalsoc.batch.answer_file import score_answer_file
from evalsoc.batch.run import check_paths, reports
from evalsoc.checks.verify import check_referentiel
from evalsoc.cli.main import cli
from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.publication import Publication
from evalsoc.publish.review import review
from evalsoc.referentiel.registry import listing, load_entry, resolve
from evalsoc.simulate import simulate_campaign
from evalsoc.stats import SecrecyRules
from evalsoc.store.desk import campaign_desk
from evalsoc.store.frames import Store
from evalsoc.store.ingest import ingest
from evalsoc.structures.registry import read_structures
from evalsoc.support.jsonable import to_json

FRENCH_KEYS = {"campagne", "precedente", "fichier", "fichiers", "dossier", "fiches", "nom",
               "probleme", "problemes", "enregistres", "deja_connus", "remplaces",
               "individuels", "version_de", "rejetes", "deja_rejetes", "corriges", "copies",
               "en_attente", "registre", "fichiers_non_rattaches", "statut", "motif",
               "a_relancer", "envois", "repondants", "erreur", "tableaux", "exposees",
               "deja_publiees", "chiffres", "valeurs", "lignes", "masquees",
               "valeurs_effacees", "vraie", "basse", "haute"}


def _keys(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _keys(value)
    elif isinstance(data, list):
        for value in data:
            yield from _keys(value)


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    entry, ref = resolve("ardes-culture")
    root = tmp_path_factory.mktemp("json")
    simulate_campaign(ref, load_entry(entry).hash or "", 4, 5, root / "retours", year=2025)
    registry = read_structures(root / "retours" / "structures.csv").structures
    ingest([root / "retours"], "2025", root / "evalsoc.sqlite", 2025, registry=registry,
           workers=1)
    return root


def _run(folder: Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    french = set(_keys(data)) & FRENCH_KEYS
    assert not french, f"{args[0]} : clés en français {sorted(french)}"
    return data


def _same(data: Any, result: Any) -> None:
    assert data == json.loads(json.dumps(to_json(result), ensure_ascii=False))


def test_check_and_score(campaign: Path) -> None:
    files = sorted((campaign / "retours").glob("*.xlsx"))[:2]
    _same(_run(campaign, "check", *map(str, files), "-q"),
          reports(check_paths(files, answers=False, scores=False)))
    answers = sorted((campaign / "retours" / "answers").glob("*.json"))[0]
    data = _run(campaign, "score", "--answers", str(answers))
    scored = score_answer_file(answers)
    assert data[0]["file"] == str(answers) and data[0]["valid"] is True
    assert scored.result is not None and data[0]["result"] == to_json(scored.result)
    explained = _run(campaign, "explain", "--answers", str(answers))
    assert explained == to_json(scored.result)


def test_referentiel_commands(campaign: Path) -> None:
    _same(_run(campaign, "referentiel", "list"), listing())
    _same(_run(campaign, "referentiel", "check", "ardes-culture@1.0.0"),
          check_referentiel("ardes-culture@1.0.0"))
    shown = _run(campaign, "referentiel", "show", "ardes-culture@1.0.0")
    _, ref = resolve("ardes-culture@1.0.0")
    assert shown == {"hash": load_entry(resolve("ardes-culture@1.0.0")[0]).hash,
                     **ref.model_dump(mode="json")}


def test_questionnaire_and_simulate(campaign: Path, tmp_path: Path) -> None:
    data = _run(campaign, "questionnaire", "ardes-culture", "-o", str(tmp_path / "q"))
    assert set(data) == {"written", "kept", "issues", "structures", "individuals",
                         "referentiel", "hash", "output"}
    assert data["structures"] == 1 and len(data["written"]) == 1
    simulated = _run(campaign, "simulate", "ardes-culture", "--structures", "2", "-o",
                     str(tmp_path / "s"), "-q")
    assert simulated["structures"] == 2 and "individual_groups" in simulated


def test_store_commands(campaign: Path, tmp_path: Path) -> None:
    db = str(campaign / "evalsoc.sqlite")
    again = _run(campaign, "ingest", str(campaign / "retours"), "--campagne", "2025",
                 "--db", db, "-q")
    assert again["known"] == again["files"] and again["ingested"] == 0
    desk = _run(campaign, "suivi", "--campagne", "2025", "--db", db)
    conn = sqlite3.connect(db)
    try:
        _same(desk, campaign_desk(conn, "2025", resolve("ardes-culture")[1]))
    finally:
        conn.close()
    audited = _run(campaign, "audit", "--campagne", "2025", "--db", db)
    with Store(Path(db)) as store:
        publication = Publication(load_sector_inputs(store, "2025"), SecrecyRules())
    _same(audited, review(publication))


def test_report_commands(campaign: Path, tmp_path: Path) -> None:
    db = str(campaign / "evalsoc.sqlite")
    fiches = _run(campaign, "report", "structure", "--campagne", "2025", "--db", db, "-o",
                  str(tmp_path / "fiches"), "--format", "html", "-q", "--workers", "1")
    assert set(fiches) == {"campaign", "out_dir", "done", "problems", "conditions", "joined",
                           "issues"}
    assert {"structure_id", "name", "paths", "problem"} == set(fiches["done"][0])
    sector = _run(campaign, "report", "sector", "--campagne", "2025", "--db", db, "-o",
                  str(tmp_path / "synthese"), "--format", "xlsx")
    assert set(sector) == {"campaign", "previous", "structures", "files", "notes"}
    assert Path(sector["files"]["xlsx"]).is_file()
