"""What docs/plusieurs-consultants.md and docs/serveur.md assume without showing it: two
consultants' folders cut from one simulated campaign, and a PostgreSQL server (a
throw-away cluster, started once for the test session) whose address the guide's next
commands find in ``EVALSOC_BASE``, as a consultant or a reader would have set it.
"""

from __future__ import annotations

import atexit
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from doc_fixtures import S0008, _answer, _edit
from pgserver import Cluster, start_cluster

__all__ = ["SERVER_FIXTURES"]

_CLUSTER: list[tuple[Cluster, Iterator[Cluster]]] = []
_BASES: dict[str, str] = {}


def deux_consultants(folder: Path, source: str = "retours-2025") -> None:
    """Marie has S0001 to S0008, Paul S0005 to S0012 (the same files for the four they
    share) and a later correction of S0008."""
    books = sorted((folder / source).glob("*_S00*.xlsx"))
    for name, part in (("marie", books[:8]), ("paul", books[4:])):
        out = folder / name
        out.mkdir(exist_ok=True)
        for book in part:
            shutil.copy2(book, out / book.name)
        shutil.copy2(folder / source / "structures.csv", out / "structures.csv")
    fixed = folder / "paul" / S0008.replace(".xlsx", "-v2.xlsx")
    _edit(folder / source / S0008, fixed, lambda book: _answer(book, "nb_residences", 8))
    later = (folder / source / S0008).stat().st_mtime + 3600  # « plus tard », whatever the
    os.utime(fixed, (later, later))  # machine's speed (a tie would go by name)


def registre_different(folder: Path) -> None:
    """Paul's registry spells one name differently."""
    text = (folder / "paul" / "structures.csv").read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("S0006;"):
            cells = line.split(";")
            cells[1] = cells[1].upper()
            lines[index] = ";".join(cells)
    (folder / "registre-paul.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _cluster() -> Cluster:
    if not _CLUSTER:
        running = start_cluster()
        cluster = next(running)
        _CLUSTER.append((cluster, running))
        atexit.register(lambda: next(running, None))
    return _CLUSTER[0][0]


def _export(folder: Path, **values: str) -> None:
    with (folder / ".etat-shell").open("a", encoding="utf-8") as state:
        for name, value in values.items():
            state.write(f"export {name}='{value}'\n")


def serveur(folder: Path, role: str = "admin") -> None:
    """``EVALSOC_BASE`` for the next commands: the guide's base on the server, as its
    owner (``admin``) or as a login role made by ``serveur-utilisateurs``; passwords
    in the guide's ``~/.pgpass``, as a user keeps them."""
    cluster = _cluster()
    key = str(folder)
    if key not in _BASES:
        _BASES[key] = cluster.new_database(template=None)
        _pgpass(folder, cluster, "evalsoc_admin", "mot-de-passe-admin")
    name = "evalsoc_admin" if role == "admin" else role
    _export(folder, EVALSOC_BASE=cluster.url(_BASES[key], name, None))


def serveur_utilisateurs(folder: Path) -> None:
    """Marie (consultant) and the Région's reader, as docs/serveur.md has them made."""
    cluster = _cluster()
    database = _BASES[str(folder)]
    with cluster.admin(database) as conn:
        conn.execute("CREATE ROLE marie LOGIN PASSWORD 'secret-marie' "
                     "IN ROLE evalsoc_consultant")
        conn.execute("CREATE ROLE region LOGIN PASSWORD 'secret-region' "
                     "IN ROLE evalsoc_lecteur")
    _pgpass(folder, cluster, "marie", "secret-marie")
    _pgpass(folder, cluster, "region", "secret-region")


def _pgpass(folder: Path, cluster: Cluster, user: str, password: str) -> None:
    path = folder / ".pgpass"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"127.0.0.1:{cluster.port}:*:{user}:{password}\n")
    path.chmod(0o600)


SERVER_FIXTURES: dict[str, Callable[..., None]] = {
    "deux-consultants": deux_consultants, "registre-different": registre_different,
    "serveur": serveur, "serveur-utilisateurs": serveur_utilisateurs,
}
