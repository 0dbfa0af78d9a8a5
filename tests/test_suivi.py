"""The campaign desk, ``evalsoc suivi`` (issue 15, item 5).

D1 every structure of the registry is listed, returned or not: valid, refused, last
file refused, nothing received, superseded files counted, individual forms and
respondents per group, the last file and its date, whom to remind and why; files of no
known structure apart. D2 the JSON is the library's; the XLSX has one row per structure
with plain headers and the registry's own columns (an email) for a mail merge. D3 the
base is never modified; an unknown campaign is refused (DB003, exit 2).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pgserver import arg, dump
from workbooks import make_workbook

from evalsoc.answers.model import StructureInfo
from evalsoc.cli.main import cli
from evalsoc.questionnaire.writer import build_individual_workbook, write_workbook
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.model import Referentiel
from evalsoc.store.db import open_store
from evalsoc.store.desk import campaign_desk
from evalsoc.store.target import Target
from evalsoc.support.jsonable import to_json

REGISTRY = """structure_id;nom;departement;courriel
S001;La Grange;14;grange@example.org
S002;Le Hangar;50;hangar@example.org
S003;Le Tympan;61;tympan@example.org
S004;Les Tréteaux;14;treteaux@example.org
"""


@pytest.fixture
def root(mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(mini_root))
    return mini_root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _wb(path: Path, mini: Referentiel, ident: str, etp: object, day: int) -> Path:
    answers = {"convention": "Oui", "etp": etp, "budget": 40000, "ressources_propres": 1000}
    make_workbook(path, mini, answers=answers,
                  structure=StructureInfo(id=ident, name=f"Nom {ident}"))
    os.utime(path, (1_760_000_000 + day * 86_400,) * 2)
    return path


def _form(path: Path, mini: Referentiel, number: int) -> Path:
    info = StructureInfo(id="S001", name="Nom S001")
    form = build_individual_workbook(mini, "benevoles", info, "Q-TEST", number,
                                     f"Q-IND-{number}", canonical_hash(mini))
    for row in form["Questionnaire"].iter_rows():
        if row[0].value in ("rencontres", "accueil"):
            row[3].value = "Plutôt d'accord"
    write_workbook(form, path)
    return path


@pytest.fixture
def campaign(tmp_path: Path, mini: Referentiel, root: Path,
             make_target: Callable[[str], Target]) -> Target:
    """S001 valid with two individual forms; S002 refused; S003 valid, then a refused
    correction; S004 nothing; S009 outside the registry; an empty file."""
    registry = tmp_path / "registre.csv"
    registry.write_text(REGISTRY, encoding="utf-8")
    inbox = tmp_path / "boite"
    _wb(inbox / "s001.xlsx", mini, "S001", 2, 1)
    _form(inbox / "s001-benevole-1.xlsx", mini, 1)
    _form(inbox / "s001-benevole-2.xlsx", mini, 2)
    _wb(inbox / "s002.xlsx", mini, "S002", "trois", 2)
    _wb(inbox / "s003.xlsx", mini, "S003", 3, 1)
    _wb(inbox / "s009.xlsx", mini, "S009", 1, 1)
    (inbox / "vide.xlsx").write_bytes(b"")
    db = make_target("c")
    assert run("ingest", str(inbox), "--campagne", "2025", "--db", arg(db), "--structures",
               str(registry))[0] == 1
    _wb(tmp_path / "s003-v2.xlsx", mini, "S003", "n'importe", 5)
    run("ingest", str(tmp_path / "s003-v2.xlsx"), "--campagne", "2025", "--db", arg(db))
    return db


def test_d1_every_structure_of_the_registry(campaign: Target, mini: Referentiel) -> None:
    conn = open_store(campaign)
    desk = campaign_desk(conn, "2025", mini)
    conn.close()
    rows = {r.structure_id: r for r in desk.rows}
    assert sorted(rows) == ["S001", "S002", "S003", "S004", "S009"]
    assert [(i, rows[i].status, rows[i].remind) for i in sorted(rows)] == [
        ("S001", "valide", False), ("S002", "refusé", True),
        ("S003", "valide, dernier envoi refusé", True), ("S004", "rien reçu", True),
        ("S009", "valide", False)]
    assert rows["S001"].forms == {"benevoles": 2}
    assert rows["S001"].respondents == {"benevoles": 5}  # three in the grid, two forms
    assert rows["S002"].errors == 1 and "trois" in rows["S002"].reason
    assert rows["S003"].sent == 2 and rows["S003"].refused == 1
    assert rows["S003"].last_file == "s003-v2.xlsx"
    assert rows["S003"].last_file_date is not None
    assert rows["S003"].last_file_date.strftime("%Y-%m-%d") == "2025-10-14"
    assert rows["S004"].reason == "aucun questionnaire reçu."
    assert rows["S009"].in_registry is False and rows["S009"].reason == ""
    assert [u.file for u in desk.unattached] == ["vide.xlsx"]


def test_d2_cli_json_and_a_spreadsheet_for_reminders(campaign: Target, mini: Referentiel,
                                                     tmp_path: Path) -> None:
    code, out = run("suivi", "--campagne", "2025", "--db", arg(campaign))
    assert code == 0, out
    assert "Campagne « 2025 » : 5 structure(s) ; 3 valide(s), 1 refusée(s), 1 sans envoi." \
        in out
    assert "À relancer : 3" in out and "S004" in out
    assert "Attention : 1 structure(s) ont envoyé un fichier sans être au registre de la " \
        "campagne : S009." in out
    assert "vide.xlsx (" in out and "le fichier est vide" in out
    code, out = run("suivi", "--campagne", "2025", "--db", arg(campaign), "--json")
    conn = open_store(campaign)
    shown = json.loads(out)
    assert shown == json.loads(json.dumps(to_json(campaign_desk(conn, "2025", mini))))
    assert set(shown) == {"campaign", "registry", "rows", "unattached", "groups"}
    assert {"structure_id", "status", "remind", "reason", "last_file_date"} <= \
        set(shown["rows"][0])
    conn.close()
    registry = tmp_path / "registre.csv"
    sheet = tmp_path / "relances.xlsx"
    code, out = run("suivi", "--campagne", "2025", "--db", arg(campaign), "-o", str(sheet),
                    "--structures", str(registry))
    assert code == 0, out
    book = load_workbook(sheet)
    table = list(book["suivi"].iter_rows(values_only=True))
    header = table[0]
    assert header[:8] == ("structure_id", "nom", "departement", "commune", "au_registre",
                          "statut", "a_relancer", "motif")
    assert "courriel" in header and "repondants_benevoles" in header
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in table[1:]}
    assert set(by_id) == {"S001", "S002", "S003", "S004", "S009"}
    assert by_id["S004"]["courriel"] == "treteaux@example.org"
    assert by_id["S004"]["a_relancer"] == "oui" and by_id["S001"]["a_relancer"] == "non"
    assert by_id["S009"]["au_registre"] == "non"  # not in the registry given now


def test_d3_read_only_and_unknown_campaign(campaign: Target, tmp_path: Path) -> None:
    before = dump(campaign)
    assert run("suivi", "--campagne", "2025", "--db", arg(campaign))[0] == 0
    code, out = run("suivi", "--campagne", "2031", "--db", arg(campaign))
    assert code == 2 and "[DB003]" in out and "« 2031 » n'existe pas" in out, out
    assert dump(campaign) == before
    code, out = run("suivi", "--campagne", "2025", "--db", arg(campaign), "-o",
                    arg(campaign))
    assert code == 2, out
