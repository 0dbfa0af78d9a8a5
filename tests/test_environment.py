"""Every environment failure in French, with its code, exit 2 (issue 15, items 3 and 4).

N1 a busy base: the command waits, says so, then refuses (ENV005, ENV006); a base freed
in time is used. N2 two ingests at once: the second waits or is refused (ENV007,
ENV008), nothing lost. N3 a file that is not a base, a damaged base, another
application's base, a base from a newer evalsoc, an empty base: refused, bytes
unchanged (ENV002, ENV003, ENV004, DB002, ENV016). N4 unwritable paths (ENV009,
ENV011). N5 an empty folder (ENV012): nothing done, no base created. N6 FIFOs and
devices are refused before reading (ENV013). N7 outputs never touch inputs (ENV014):
annotated copies keep their relative path and extension.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from workbooks import make_workbook

from evalsoc.answers.model import StructureInfo
from evalsoc.cli.main import cli
from evalsoc.referentiel.model import Referentiel
from evalsoc.store.frames import Store

TIMEOUT = 300


@pytest.fixture
def root(mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(mini_root))
    return mini_root


def workbooks(folder: Path, mini: Referentiel, count: int, bad: int | None = None) -> Path:
    for n in range(count):
        info = StructureInfo(id=f"S{n:03d}", name=f"Structure {n}")
        answers = {"convention": "Oui", "etp": 2 + n % 5, "budget": 40000,
                   "ressources_propres": 1000 * n}
        if n == bad:
            answers["etp"] = "trois"
        make_workbook(folder / f"s{n:03d}.xlsx", mini, answers=answers, structure=info)
    return folder


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner(env=env).invoke(cli, list(args))
    return result.exit_code, result.output


def evalsoc(*args: str, root: Path, wait: float | None = None,
            background: bool = False) -> subprocess.Popen[str]:
    env = {**os.environ, "EVALSOC_REFERENTIELS": str(root)}
    if wait is not None:
        env["EVALSOC_ATTENTE_BASE"] = str(wait)
    return subprocess.Popen([sys.executable, "-m", "evalsoc", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finished(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = process.communicate(timeout=TIMEOUT)
    return process.returncode, out + err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hold(db: Path, seconds: float, release: threading.Event | None = None
         ) -> threading.Thread:
    """Another program holding the base's write lock for ``seconds``, or until
    ``release`` is set."""
    ready = threading.Event()

    def keep() -> None:
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        ready.set()
        if release is None:
            time.sleep(seconds)
        else:
            release.wait(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=keep, daemon=True)
    thread.start()
    ready.wait(10)
    return thread


# N1 -----------------------------------------------------------------------------------

@pytest.mark.slow
def test_n1_a_busy_base_is_waited_for_then_refused(tmp_path: Path, mini: Referentiel,
                                                   root: Path) -> None:
    folder = workbooks(tmp_path / "in", mini, 3)
    db = tmp_path / "c.sqlite"
    assert run("ingest", str(folder), "--campagne", "2025", "--db", str(db))[0] == 0
    more = workbooks(tmp_path / "plus", mini, 5)
    holder = hold(db, 6)
    code, out = finished(evalsoc("ingest", str(more), "--campagne", "2025", "--db", str(db),
                                 "-q", root=root, wait=1))
    holder.join()
    assert code == 2, out
    assert "[ENV005]" in out and "attente de sa libération, 1 s au plus" in out
    assert "Erreur : [ENV006] la base" in out and "rien n'a été écrit" in out
    assert "Erreur interne" not in out and "locked" not in out
    with Store(db) as store:
        assert len(store.submissions("2025")) == 3  # nothing half-written


def test_n1_a_base_freed_in_time_is_used(tmp_path: Path, mini: Referentiel,
                                         root: Path) -> None:
    folder = workbooks(tmp_path / "in", mini, 3)
    db = tmp_path / "c.sqlite"
    assert run("ingest", str(folder), "--campagne", "2025", "--db", str(db))[0] == 0
    more = workbooks(tmp_path / "plus", mini, 6)
    release = threading.Event()
    holder = hold(db, TIMEOUT, release)  # freed once the ingest says it waits (a loaded
    process = evalsoc("ingest", str(more), "--campagne", "2025", "--db", str(db),  # machine
                      "-q", root=root, wait=60)  # may take seconds to get there)
    assert process.stderr is not None
    said = process.stderr.readline()
    release.set()
    holder.join()
    code, out = finished(process)
    out = said + out
    assert code == 0, out
    assert "Attention : [ENV005] la base" in out
    with Store(db) as store:
        assert store.campaigns()["structures"].iloc[0] == 6


# N2 -----------------------------------------------------------------------------------

def _tables(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    out = {n: sorted(conn.execute(f"SELECT * FROM {n}").fetchall(), key=repr)
           for n in names if n != "campaigns"}
    conn.close()
    return out


@pytest.mark.slow
def test_n2_concurrent_ingests(tmp_path: Path, mini: Referentiel, root: Path) -> None:
    folder = workbooks(tmp_path / "in", mini, 40)
    clean = tmp_path / "clean.sqlite"
    assert finished(evalsoc("ingest", str(folder), "--campagne", "2025", "--db", str(clean),
                            "-q", root=root))[0] == 0
    db = tmp_path / "c.sqlite"
    assert run("ingest", str(folder / "s000.xlsx"), "--campagne", "2025", "--db",
               str(db))[0] == 0
    holder = hold(db, 8)  # the first ingest takes the ingest lock, then waits for the base
    first = evalsoc("ingest", str(folder), "--campagne", "2025", "--db", str(db), "-q",
                    root=root, wait=TIMEOUT)
    lock = db.with_name(f"{db.name}-verrou")
    deadline = time.monotonic() + 60
    while not lock.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    refused = evalsoc("ingest", str(folder), "--campagne", "2025", "--db", str(db), "-q",
                      root=root, wait=1)
    code, out = finished(refused)
    assert code == 2, out
    assert "[ENV007] un autre enregistrement est en cours" in out
    assert "Erreur : [ENV008] un autre enregistrement" in out and "n'a rien enregistré" in out
    waiting = evalsoc("ingest", str(folder), "--campagne", "2025", "--db", str(db), "-q",
                      root=root, wait=TIMEOUT)
    holder.join()
    code, out = finished(first)
    assert code == 0 and "enregistrés : 39" in out, out
    code, out = finished(waiting)
    assert code == 0 and "déjà connus : 40" in out, out
    assert not lock.exists()
    assert _tables(db) == _tables(clean)  # nothing lost, nothing twice


# N3 -----------------------------------------------------------------------------------

def _foreign(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE clients (id INTEGER PRIMARY KEY, nom TEXT)")
    conn.execute("INSERT INTO clients VALUES (1, 'Dupont')")
    conn.commit()
    conn.close()
    return path


READERS = (["export", "--campagne", "2025", "-o", "{out}/e.xlsx"],
           ["report", "sector", "--campagne", "2025", "-o", "{out}/synthese"],
           ["report", "structure", "--campagne", "2025", "-o", "{out}/fiches"],
           ["suivi", "--campagne", "2025"])


@pytest.mark.parametrize("command", [["ingest", "{in}", "--campagne", "2025"], *READERS])
def test_n3_another_applications_base_is_never_modified(
        tmp_path: Path, mini: Referentiel, root: Path, command: list[str]) -> None:
    folder = workbooks(tmp_path / "in", mini, 2)
    db = _foreign(tmp_path / "clients.sqlite")
    before = digest(db)
    args = [a.format(out=tmp_path, **{"in": folder}) for a in command]
    code, out = run(*args, "--db", str(db))
    assert code == 2, out
    assert "[ENV004]" in out and "la base SQLite d'une autre application (tables : clients)" \
        in out and "n'y a rien écrit" in out
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("clients")) == [
        "clients.sqlite"]  # no -wal, -shm or lock file beside it


@pytest.mark.parametrize("command", [["ingest", "{in}", "--campagne", "2025"], *READERS])
def test_n3_a_file_that_is_not_a_base(tmp_path: Path, mini: Referentiel, root: Path,
                                      command: list[str]) -> None:
    folder = workbooks(tmp_path / "in", mini, 1)
    db = tmp_path / "notes.sqlite"
    db.write_bytes(b"campagne;structure\n2025;S001\n" * 40)
    before = digest(db)
    args = [a.format(out=tmp_path, **{"in": folder}) for a in command]
    code, out = run(*args, "--db", str(db))
    assert code == 2, out
    assert "Erreur : [ENV002] le fichier" in out and "n'est pas une base de données" in out
    assert digest(db) == before


def test_n3_damaged_newer_and_empty_bases(tmp_path: Path, mini: Referentiel,
                                          root: Path) -> None:
    folder = workbooks(tmp_path / "in", mini, 3)
    db = tmp_path / "c.sqlite"
    assert run("ingest", str(folder), "--campagne", "2025", "--db", str(db))[0] == 0
    damaged = tmp_path / "abimee.sqlite"
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page, past the header
    damaged.write_bytes(bytes(data))
    before = digest(damaged)
    for args in (["export", "--campagne", "2025", "-o", str(tmp_path / "e.xlsx")],
                 ["ingest", str(folder), "--campagne", "2025"]):
        code, out = run(*args, "--db", str(damaged))
        assert code == 2 and "Erreur : [ENV003] la base" in out and "endommagée" in out, out
    assert digest(damaged) == before

    newer = tmp_path / "recente.sqlite"
    shutil.copy(db, newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = digest(newer)
    for args in (["export", "--campagne", "2025", "-o", str(tmp_path / "e.xlsx")],
                 ["ingest", str(folder), "--campagne", "2025"]):
        code, out = run(*args, "--db", str(newer))
        assert code == 2 and "[DB002]" in out and "version plus récente d'evalsoc" in out, out
    assert digest(newer) == before

    empty = tmp_path / "vide.sqlite"
    empty.write_bytes(b"")
    code, out = run("export", "--campagne", "2025", "-o", str(tmp_path / "e.xlsx"), "--db",
                    str(empty))
    assert code == 2 and "Erreur : [ENV016] la base" in out and "est vide" in out, out
    code, out = run("export", "--campagne", "2025", "-o", str(tmp_path / "e.xlsx"), "--db",
                    str(tmp_path / "absente.sqlite"))
    assert code == 2 and "Erreur : [ENV001] la base" in out and "n'existe pas" in out, out
    assert not (tmp_path / "absente.sqlite").exists()


# N4 -----------------------------------------------------------------------------------

def test_n4_unwritable_paths(tmp_path: Path, mini: Referentiel, root: Path) -> None:
    folder = workbooks(tmp_path / "in", mini, 2)
    blocker = tmp_path / "un-fichier.txt"
    blocker.write_text("pas un dossier", encoding="utf-8")
    code, out = run("ingest", str(folder), "--campagne", "2025", "--db",
                    str(blocker / "base.sqlite"))
    assert code == 2 and "Erreur : [ENV009] la base" in out, out
    assert "un élément du chemin n'est pas un dossier" in out
    code, out = run("score", str(folder), "-o", str(blocker / "scores.xlsx"), "-q")
    assert code == 2 and "Erreur : [ENV011]" in out and "ne peut pas être écrit" in out, out
    assert "un élément du chemin n'est pas un dossier" in out
    db = tmp_path / "c.sqlite"
    assert run("ingest", str(folder), "--campagne", "2025", "--db", str(db))[0] == 0
    code, out = run("export", "--campagne", "2025", "--db", str(db), "-o",
                    str(blocker / "e.xlsx"))
    assert code == 2 and "[ENV011]" in out, out


# N5 -----------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["check"], ["score"],
                                     ["ingest", "--campagne", "2025", "--db", "{db}"]])
def test_n5_an_empty_folder(tmp_path: Path, root: Path, command: list[str]) -> None:
    empty = tmp_path / "boite"
    empty.mkdir()
    (empty / "lisez-moi.txt").write_text("rien", encoding="utf-8")
    db = tmp_path / "c.sqlite"
    code, out = run(command[0], str(empty), *[a.format(db=db) for a in command[1:]])
    assert code == 2, out
    assert f"Erreur : [ENV012] aucun classeur trouvé dans {empty}" in out
    assert not db.exists()


# N6 -----------------------------------------------------------------------------------

def test_n6_fifos_and_devices_are_refused_before_reading(tmp_path: Path, mini: Referentiel,
                                                         root: Path) -> None:
    folder = workbooks(tmp_path / "in", mini, 2)
    fifo = folder / "tube.xlsx"
    os.mkfifo(fifo)
    outside = tmp_path / "tube2.xlsx"
    os.mkfifo(outside)
    done = subprocess.run([sys.executable, "-m", "evalsoc", "check", str(folder),
                           str(outside), "/dev/zero", "-q"], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "EVALSOC_REFERENTIELS": str(root)},
                          check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    for name in (str(fifo), str(outside)):
        assert f"[ENV013] {name} : ce n'est pas un fichier ordinaire mais un tube nommé " \
               "(FIFO)" in done.stdout
    assert "[ENV013] /dev/zero : ce n'est pas un fichier ordinaire mais un périphérique" \
        in done.stdout
    assert "5 fichier(s) : 2 valide(s), 3 avec des erreurs." in done.stdout
    done = subprocess.run([sys.executable, "-m", "evalsoc", "ingest", str(folder),
                           "--campagne", "2025", "--db", str(tmp_path / "c.sqlite"), "-q",
                           "--structures", str(outside)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "EVALSOC_REFERENTIELS": str(root)},
                          check=False)
    assert done.returncode == 2 and "[ENV013]" in done.stderr, done.stderr
    done = subprocess.run([sys.executable, "-m", "evalsoc", "ingest", str(folder),
                           "--campagne", "2025", "--db", str(tmp_path / "c.sqlite"), "-q"],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "EVALSOC_REFERENTIELS": str(root)}, check=False)
    assert done.returncode == 1 and "enregistrés : 2" in done.stdout, done.stdout
    assert "ce n'est pas un fichier ordinaire mais un tube nommé (FIFO)" in done.stdout


# N7 -----------------------------------------------------------------------------------

def test_n7_annotated_copies_keep_their_place_and_extension(tmp_path: Path,
                                                            mini: Referentiel,
                                                            root: Path) -> None:
    folder = tmp_path / "retours"
    bad = {"etp": "trois", "convention": "Oui", "budget": 40000}
    make_workbook(folder / "retour.xlsx", mini, answers=bad)
    shutil.copy(folder / "retour.xlsx", folder / "retour.xlsm")
    make_workbook(folder / "a" / "retour.xlsx", mini, answers=bad)
    make_workbook(folder / "b" / "retour.xlsx", mini,
                  answers={**bad, "etp": "quatre"})
    before = {p: digest(p) for p in folder.rglob("*.xls*")}
    code, out = run("check", str(folder), "--annotate", str(tmp_path / "copies"), "-q")
    assert code == 1, out
    copies = sorted(str(p.relative_to(tmp_path / "copies"))
                    for p in (tmp_path / "copies").rglob("*") if p.is_file())
    assert copies == ["a/retour.xlsx", "b/retour.xlsx", "retour.xlsm", "retour.xlsx"]
    assert {p: digest(p) for p in folder.rglob("*.xls*")} == before
    raws = {load_workbook(tmp_path / "copies" / c)["Problèmes evalsoc"]["E2"].value
            for c in ("a/retour.xlsx", "b/retour.xlsx")}
    assert raws == {"trois", "quatre"}  # each copy is its own file's
    macro = load_workbook(tmp_path / "copies" / "retour.xlsm", keep_vba=True)
    assert "Problèmes evalsoc" in macro.sheetnames


def test_n7_an_output_over_an_input_is_refused(tmp_path: Path, mini: Referentiel,
                                               root: Path) -> None:
    folder = workbooks(tmp_path / "in", mini, 3, bad=1)
    before = {p: digest(p) for p in folder.iterdir()}
    code, out = run("check", str(folder), "--annotate", str(folder), "-q")
    assert code == 2, out
    assert "Erreur : [ENV014] écrire" in out and "remplacerait" in out and "s000.xlsx" in out
    code, out = run("score", str(folder), "-o", str(folder / "s002.xlsx"), "-q")
    assert code == 2 and "[ENV014]" in out and "rien n'a été écrit" in out, out
    code, out = run("score", str(folder), "-o", str(tmp_path / "in" / ".." / "in" /
                                                     "s000.xlsx"), "-q")
    assert code == 2 and "[ENV014]" in out, out
    assert {p: digest(p) for p in folder.iterdir()} == before
    db = tmp_path / "base.json"
    assert run("ingest", str(folder), "--campagne", "2025", "--db", str(db))[0] == 1
    code, out = run("export", "--campagne", "2025", "--db", str(db), "-o", str(db))
    assert code == 2 and "[ENV014]" in out, out
