"""A throw-away PostgreSQL cluster for the tests, and the store targets of both backends.

The cluster is made with the distribution's ``initdb`` and ``pg_ctl`` in a temporary
folder, listens on a free port of 127.0.0.1 only, and is stopped and removed at the end
of the session. As root (CI), the server runs as the ``postgres`` user (``initdb``
refuses root). Tests that need it are marked ``external``: without the binaries they are
skipped with the reason, unless ``EVALSOC_EXTERNAL=required`` (``.ci/run`` sets it),
where a missing server fails them.

``backend`` parametrises a test over both backends; ``make_target(name)`` gives a new
empty base on the test's backend (a file, or a new database of the cluster).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from evalsoc.store.db import open_store
from evalsoc.store.target import ServerTarget, Target

ADMIN, PASSWORD = "evalsoc_admin", "mot-de-passe-admin"
BACKENDS = ("sqlite", pytest.param("postgresql", marks=pytest.mark.external))


def _binaries() -> Path | None:
    for candidate in (os.environ.get("EVALSOC_PG_BIN", ""),
                      *sorted(map(str, Path("/usr/lib/postgresql").glob("*/bin")),
                              reverse=True)):
        if candidate and (Path(candidate) / "initdb").is_file():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def unavailable(reason: str) -> None:
    """Skip (a developer without PostgreSQL), or fail where the server is required."""
    if os.environ.get("EVALSOC_EXTERNAL") == "required":
        pytest.fail(f"PostgreSQL requis (EVALSOC_EXTERNAL=required) : {reason}")
    pytest.skip(f"PostgreSQL absent : {reason}")


@dataclass
class Cluster:
    folder: Path
    port: int
    bin: Path
    as_user: list[str]

    def url(self, database: str, user: str = ADMIN, password: str | None = PASSWORD) -> str:
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def admin(self, database: str = "postgres") -> Any:
        import psycopg  # noqa: PLC0415

        return psycopg.connect(self.url(database), autocommit=True)

    def new_database(self, template: str | None = "evalsoc_modele") -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {name}"
                         + (f" TEMPLATE {template}" if template else ""))
        return name

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.as_user, *args], capture_output=True, text=True,
                              check=False, timeout=120)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_cluster() -> Iterator[Cluster]:
    binaries = _binaries()
    if binaries is None:
        unavailable("initdb introuvable (paquet « postgresql » de la distribution)")
        return
    try:
        import psycopg  # noqa: F401, PLC0415
    except ImportError:
        unavailable("pilote psycopg absent (pip install 'evalsoc[postgres]')")
        return
    folder = Path(tempfile.mkdtemp(prefix="evalsoc-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: the server runs as « postgres »
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    (folder / "pw").write_text(PASSWORD)
    if as_user:
        os.chown(folder / "pw", pwd.getpwnam("postgres").pw_uid, -1)
    cluster = Cluster(folder, _free_port(), binaries, as_user)
    data = folder / "data"
    done = cluster.run(str(binaries / "initdb"), "-D", str(data), "-U", ADMIN,
                       f"--pwfile={folder / 'pw'}", "--auth-local=trust",
                       "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8")
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        unavailable(f"initdb a échoué : {done.stderr[-500:]}")
        return
    options = (f"-p {cluster.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
    done = cluster.run(str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                       str(folder / "log"), "-w", "start")
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        unavailable(f"pg_ctl start a échoué : {done.stdout[-300:]} {done.stderr[-300:]}")
        return
    try:
        with cluster.admin() as conn:
            conn.execute("CREATE DATABASE evalsoc_modele")
        open_store(ServerTarget(cluster.url("evalsoc_modele")), write=True).close()
        yield cluster
    finally:
        cluster.run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        for _ in range(50):
            if not (data / "postmaster.pid").exists():
                break
            time.sleep(0.1)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    yield from start_cluster()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_target(backend: str, tmp_path: Path, request: pytest.FixtureRequest
                ) -> Callable[[str], Target]:
    """``name`` -> a new empty base of the test's backend."""
    if backend == "sqlite":
        return lambda name: tmp_path / f"{name}.sqlite"
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    made: dict[str, Target] = {}

    def make(name: str) -> Target:
        if name not in made:
            made[name] = ServerTarget(cluster.url(cluster.new_database()))
        return made[name]
    return make


def dump(target: Target, skip: tuple[str, ...] = ()) -> dict[str, list[tuple[object, ...]]]:
    """Every table of the base, rows sorted, whatever the backend (the campaigns'
    creation time left out: it is when the command ran)."""
    conn = open_store(target)
    try:
        if isinstance(target, ServerTarget):
            names = sorted(conn.tables)  # type: ignore[attr-defined]
        else:
            names = sorted(r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"))
        out = {}
        for name in names:
            if name in skip or name == "evalsoc_schema":
                continue
            rows = [tuple(r) for r in conn.execute(f"SELECT * FROM {name}").fetchall()]
            if name == "campaigns":
                rows = [r[:5] for r in rows]
            out[name] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def arg(target: Target) -> str:
    """The target as given to --db (a server's URL with its password)."""
    return target.url if isinstance(target, ServerTarget) else str(target)
