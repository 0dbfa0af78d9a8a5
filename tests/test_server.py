"""A shared PostgreSQL server (issue 23, items 2 to 4), on a throw-away cluster.

P1 four ``evalsoc ingest`` processes at once over overlapping folders (copies, versions,
forms): every file once, and the same current submissions, scores and export as one
serial ingest into SQLite; P2 a writer that waits says so (PG003), then gives up having
written nothing of that workbook (PG004); P3 roles: the consultant records and
publishes, cannot change the schema; the reading role gets « permission denied » on
answers, free texts, scores, submissions and structures, and reads the published
figures (views), where only consenting structures are named; P4 a connection string's
password is never printed; an unreachable server, a missing schema are refused with
their codes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from pgserver import Cluster
from workbooks import make_workbook

from evalsoc.answers.model import StructureInfo
from evalsoc.cli.main import cli
from evalsoc.questionnaire.writer import build_individual_workbook, write_workbook
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.model import Referentiel
from evalsoc.store.frames import Store
from evalsoc.store.ingest import VersionRule, ingest
from evalsoc.store.target import ServerTarget

pytestmark = pytest.mark.external
BASE, DAY = 1_760_000_000, 86_400
CONSENTS = ("nominative", "anonyme", "aucune")


@pytest.fixture
def root(mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(mini_root))
    return mini_root


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def structure_book(path: Path, mini: Referentiel, n: int, etp: float, day: int) -> Path:
    make_workbook(path, mini, answers={
        "convention": "Oui" if n % 2 else "Non", "etp": etp, "budget": 40000 + 1000 * n,
        "ressources_propres": 500 * n, "verbatim": f"Souvenir confidentiel {n}"},
        structure=StructureInfo(id=f"S{n:03d}", name=f"Structure {n}",
                                departement=("14", "50", "61")[n % 3],
                                consentement=CONSENTS[n % 3]))
    os.utime(path, (BASE + day * DAY,) * 2)
    return path


def form_book(path: Path, mini: Referentiel, n: int, number: int) -> Path:
    info = StructureInfo(id=f"S{n:03d}", name=f"Structure {n}")
    made = build_individual_workbook(mini, "benevoles", info, f"Q-S{n:03d}", number,
                                     f"Q-IND-{n}-{number}", canonical_hash(mini))
    for row in made["Questionnaire"].iter_rows():
        if row[0].value in ("rencontres", "accueil"):
            row[3].value = "Tout à fait d'accord"
    write_workbook(made, path)
    os.utime(path, (BASE + (50 + number) * DAY,) * 2)
    return path


def overlapping(tmp_path: Path, mini: Referentiel) -> list[Path]:
    """Four consultants' folders: each structure's workbook in two of them (the same
    file), a later correction of every fifth one in a third, forms of S000 spread."""
    originals = tmp_path / "originaux"
    folders = [tmp_path / f"consultant-{k}" for k in range(4)]
    for folder in folders:
        folder.mkdir()
    for n in range(24):
        first = structure_book(originals / f"s{n:03d}.xlsx", mini, n, 1 + n % 7, day=n)
        for k in (n % 4, (n + 1) % 4):
            shutil.copy2(first, folders[k] / first.name)
        if n % 5 == 0:
            structure_book(folders[(n + 2) % 4] / f"s{n:03d}-v2.xlsx", mini, n, 9, day=40 + n)
    for number in range(1, 5):
        form_book(folders[number % 4] / f"s000-benevole-{number}.xlsx", mini, 0, number)
    return folders


def _plain(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Rows comparable with ``==`` (an absent score is None, not NaN)."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [{str(k): v for k, v in row.items()} for row in rows]


def current(target: object) -> dict[str, object]:
    with Store(target) as store:  # type: ignore[arg-type]
        subs = store.submissions("2025")
        scores = store.scores("2025", explain=True)
        answers = store.answers("2025")
    return {
        "envois": sorted(zip(subs["sha256"], subs["statut"], strict=True)),
        "scores": _plain(scores.drop(columns=["campagne"])
                         .sort_values(["structure_id", "noeud"])),
        "reponses": answers.drop(columns=["submission_id"]).astype(str)
        .sort_values(["structure_id", "repondant", "question"]).to_dict("records"),
    }


@pytest.mark.slow
def test_p1_four_concurrent_ingests_equal_one_serial(
        pg_cluster: Cluster, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    folders = overlapping(tmp_path, mini)
    serial = tmp_path / "serie.sqlite"
    ingest(folders, "2025", serial, 2025, workers=1, root=root, rule=VersionRule.DATE)
    url = pg_cluster.url(pg_cluster.new_database())
    env = {**os.environ, "EVALSOC_REFERENTIELS": str(root)}
    processes = [subprocess.Popen(
        [sys.executable, "-m", "evalsoc", "ingest", str(folder), "--campagne", "2025",
         "--annee", "2025", "--db", url, "--version-de", "date", "--workers", "1", "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for folder in folders]
    outputs = [p.communicate(timeout=600) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], outputs
    reports = [json.loads(out) for out, _ in outputs]
    assert sum(r["files"] for r in reports) == sum(len(list(f.iterdir())) for f in folders)
    server = ServerTarget(url)
    with Store(server) as store:
        stored = store.submissions("2025")["sha256"]
    unique = {f.name for folder in folders for f in folder.iterdir()}
    assert len(stored) == stored.nunique() == len(unique)  # every file once
    assert current(server) == current(serial)
    for base, name in ((serial, "serie"), (server, "serveur")):
        code, out = run("export", "--campagne", "2025", "--db",
                        url if base is server else str(base), "-o",
                        str(tmp_path / f"{name}.json"))
        assert code == 0, out
    assert json.loads((tmp_path / "serie.json").read_text()) == \
        json.loads((tmp_path / "serveur.json").read_text())


def test_p2_a_waiting_writer_says_so_then_gives_up(
        pg_cluster: Cluster, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    url = pg_cluster.url(pg_cluster.new_database())
    books = tmp_path / "lot"
    for n in range(3):
        structure_book(books / f"s{n:03d}.xlsx", mini, n, 2, day=n)
    holder = pg_cluster.admin(url.rsplit("/", 1)[1])
    holder.execute("BEGIN")
    holder.execute("SELECT pg_advisory_xact_lock(hashtext('evalsoc-ecriture'))")
    env = {"EVALSOC_ATTENTE_BASE": "1.5"}
    code, out = run("ingest", str(books), "--campagne", "2025", "--db", url, "--workers",
                    "1", env=env)
    assert code == 2, out
    assert "[PG003]" in out and "[PG004]" in out and "n'a pas été enregistré" in out
    timer = threading.Timer(1.0, lambda: holder.execute("COMMIT"))
    timer.start()
    code, out = run("ingest", str(books), "--campagne", "2025", "--db", url, "--workers",
                    "1", env={"EVALSOC_ATTENTE_BASE": "30"})
    timer.join()
    holder.close()
    assert code == 0 and "[PG003]" in out and "enregistrés : 3" in out, out


def _login(cluster: Cluster, database: str, name: str, group: str) -> str:
    with cluster.admin(database) as conn:
        conn.execute(f"CREATE ROLE {name} LOGIN PASSWORD 'secret-{name}' IN ROLE {group}")
    return cluster.url(database, name, f"secret-{name}")


def test_p3_roles_enforced_by_the_server(pg_cluster: Cluster, tmp_path: Path,
                                         mini: Referentiel, root: Path) -> None:
    import psycopg  # noqa: PLC0415
    from psycopg import errors  # noqa: PLC0415

    database = pg_cluster.new_database(template=None)
    admin = pg_cluster.url(database)
    code, out = run("serveur", "preparer", "--db", admin)
    assert code == 0 and "evalsoc_consultant" in out and "publication.secteur" in out, out
    assert "mot-de-passe" not in out
    consultant = _login(pg_cluster, database, "marie", "evalsoc_consultant")
    reader = _login(pg_cluster, database, "region", "evalsoc_lecteur")
    books = tmp_path / "lot"
    for n in range(12):
        structure_book(books / f"s{n:03d}.xlsx", mini, n, 1 + n % 5, day=n)
    code, out = run("ingest", str(books), "--campagne", "2025", "--db", consultant)
    assert code == 0, out
    code, out = run("serveur", "publier", "--campagne", "2025", "--db", consultant)
    assert code == 0 and "publiée" in out, out
    with psycopg.connect(consultant) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("DROP TABLE evalsoc.answers")
    with psycopg.connect(reader, autocommit=True) as conn:
        for table in ("answers", "comments", "scores", "submissions", "structures",
                      "respondents", "issues", "release_rows"):
            with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(f"SELECT * FROM evalsoc.{table}")
        sector = conn.execute("SELECT par, groupe, noeud, n, moyenne, masque FROM "
                              "publication.secteur WHERE campagne = '2025'").fetchall()
        named = {r[0] for r in conn.execute(
            "SELECT structure_id FROM publication.structures_nommees")}
        every = " ".join(str(r[0]) for r in conn.execute(
            "SELECT donnees FROM publication.tableaux"))
    assert sector and any(row[4] is not None for row in sector)
    assert named == {f"S{n:03d}" for n in range(12) if n % 3 == 0}  # « nominative » only
    assert "Souvenir confidentiel" not in every  # no free text
    code, out = run("export", "--campagne", "2025", "--db", reader, "-o",
                    str(tmp_path / "x.xlsx"))
    assert code == 2 and "[PG005]" in out and "« region »" in out, out
    assert "secret-region" not in out
    code, out = run("serveur", "lire", "--campagne", "2025", "--db", reader, "-o",
                    str(tmp_path / "chiffres.xlsx"))
    assert code == 0 and "secteur" in out, out
    sheets = pd.read_excel(tmp_path / "chiffres.xlsx", sheet_name=None, engine="calamine")
    assert "textes" not in sheets and set(sheets) >= {"secteur", "structures", "notes"}
    code, out = run("serveur", "lire", "--campagne", "2031", "--db", reader)
    assert code == 2 and "[PG011]" in out, out


def test_p4_passwords_never_printed_and_refusals(pg_cluster: Cluster, tmp_path: Path,
                                                 mini: Referentiel, root: Path) -> None:
    wrong = pg_cluster.url("postgres", password="tres-secret-faux")
    code, out = run("suivi", "--campagne", "2025", "--db", wrong)
    assert code == 2 and "[PG002]" in out and "tres-secret-faux" not in out, out
    assert f"postgresql://evalsoc_admin@127.0.0.1:{pg_cluster.port}/postgres" in out
    empty = pg_cluster.url(pg_cluster.new_database(template=None))
    code, out = run("suivi", "--campagne", "2025", "--db", empty)
    assert code == 2 and "[PG006]" in out, out
    books = tmp_path / "lot"
    structure_book(books / "s000.xlsx", mini, 0, 2, day=1)
    code, out = run("ingest", str(books), "--campagne", "2025", "--db", empty)
    assert code == 0 and "mot-de-passe-admin" not in out, out
    assert f"evalsoc_admin@127.0.0.1:{pg_cluster.port}" in out
    code, out = run("serveur", "preparer", "--db", str(tmp_path / "f.sqlite"))
    assert code == 2 and "[PG010]" in out, out
    closed = f"postgresql://x:y@127.0.0.1:{pg_cluster.port + 1}/evalsoc"
    start = time.monotonic()
    code, out = run("suivi", "--campagne", "2025", "--db", closed)
    assert code == 2 and "[PG002]" in out and ":y@" not in out, out
    assert time.monotonic() - start < 30
