"""The store's schema, versioned: each migration runs once, in order, in a transaction.

The migrations are written once, in SQLite's SQL, for both backends: a PostgreSQL base
applies the same ones, translated (:mod:`evalsoc.store.backends.dialect`). Each backend
keeps the number of migrations applied in its own way (:class:`Versioning`: ``PRAGMA
user_version`` for SQLite). A database written by a newer evalsoc (a higher version than
known here) is refused rather than misread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from evalsoc.store.backends import Connection

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SQLITE", "TABLES", "StoreVersionError",
           "Versioning", "migrate"]

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        year INTEGER NOT NULL,
        referentiel TEXT NOT NULL,
        referentiel_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE structures (
        id TEXT PRIMARY KEY,
        nom TEXT NOT NULL DEFAULT '',
        departement TEXT, commune TEXT, territoire TEXT, discipline TEXT, taille TEXT,
        consentement TEXT NOT NULL DEFAULT 'aucune',  -- no consent said: none given
        extra TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        received_at TEXT NOT NULL,
        kind TEXT NOT NULL,
        structure_id TEXT,
        questionnaire_id TEXT,
        parent_questionnaire_id TEXT,
        referentiel TEXT,
        referentiel_hash TEXT,
        status TEXT NOT NULL CHECK (status IN ('valide', 'rejetee', 'remplacee')),
        supersedes INTEGER REFERENCES submissions(id),
        engine_version TEXT NOT NULL,
        UNIQUE (campaign_id, sha256)
    );
    CREATE INDEX submissions_structure ON submissions(campaign_id, structure_id, status);
    CREATE INDEX submissions_parent ON submissions(parent_questionnaire_id);
    CREATE TABLE respondents (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        respondent TEXT NOT NULL,
        grp TEXT NOT NULL,
        PRIMARY KEY (submission_id, respondent)
    ) WITHOUT ROWID;
    CREATE TABLE answers (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        respondent TEXT NOT NULL,
        question TEXT NOT NULL,
        status TEXT NOT NULL,
        value TEXT,
        raw TEXT,
        sheet TEXT,
        cell TEXT,
        PRIMARY KEY (submission_id, respondent, question)
    ) WITHOUT ROWID;
    CREATE TABLE issues (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        seq INTEGER NOT NULL,
        code TEXT NOT NULL,
        severity TEXT NOT NULL,
        sheet TEXT, cell TEXT, question TEXT, respondent TEXT, raw TEXT,
        message TEXT NOT NULL,
        PRIMARY KEY (submission_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE scores (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        node TEXT NOT NULL,
        kind TEXT NOT NULL,
        score REAL,
        level INTEGER,
        completeness REAL NOT NULL,
        absent TEXT,
        informational INTEGER NOT NULL,
        reason TEXT,
        rule TEXT,
        policy TEXT,
        respondents INTEGER,
        PRIMARY KEY (submission_id, node)
    ) WITHOUT ROWID;
    CREATE TABLE evaluator_notes (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        dimension TEXT NOT NULL,
        level INTEGER,
        text TEXT,
        PRIMARY KEY (submission_id, dimension)
    ) WITHOUT ROWID;
    """,
    # 2: consent as each source gave it (publication follows the stricter, per campaign)
    """
    ALTER TABLE structures ADD COLUMN consent_registry TEXT;
    UPDATE structures SET consent_registry = consentement;
    ALTER TABLE submissions ADD COLUMN consent TEXT;
    """,
    # 3: the comments written beside answers; the links under which a
    # structure's submission is named by its individual forms (its questionnaire id and
    # the ids its identity derives, see evalsoc.excel.links), filled in for the
    # submissions already there by the function evalsoc_link that evalsoc.store.db
    # registers on every connection
    """
    CREATE TABLE comments (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        respondent TEXT NOT NULL,
        question TEXT NOT NULL,
        text TEXT NOT NULL,
        sheet TEXT,
        cell TEXT,
        PRIMARY KEY (submission_id, respondent, question)
    ) WITHOUT ROWID;
    CREATE TABLE links (
        link TEXT NOT NULL,
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        PRIMARY KEY (link, submission_id)
    ) WITHOUT ROWID;
    CREATE INDEX links_submission ON links(submission_id);
    INSERT OR IGNORE INTO links SELECT questionnaire_id, id FROM submissions
        WHERE kind = 'structure' AND questionnaire_id IS NOT NULL;
    INSERT OR IGNORE INTO links SELECT evalsoc_link(structure_id, referentiel), id
        FROM submissions WHERE kind = 'structure' AND structure_id IS NOT NULL
        AND referentiel IS NOT NULL
    """,
    # 4: the structures each campaign expects (the registry given to ingest): the campaign
    # desk (evalsoc suivi) lists them, returned or not. By campaign name: the registry is
    # loaded before the campaign exists (created at its first valid workbook).
    """
    CREATE TABLE registry (
        campaign TEXT NOT NULL,
        structure_id TEXT NOT NULL REFERENCES structures(id),
        PRIMARY KEY (campaign, structure_id)
    ) WITHOUT ROWID;
    """,
    # 5: what a campaign publishes, as audited (evalsoc serveur publier): each table of
    # the publication, row by row, in JSON; on a shared server, the reading role sees
    # these rows through views and nothing else (evalsoc.store.backends.roles)
    """
    CREATE TABLE releases (
        campaign TEXT PRIMARY KEY,
        previous TEXT,
        published_at TEXT NOT NULL,
        rules TEXT NOT NULL,
        clean INTEGER NOT NULL,
        figures INTEGER NOT NULL,
        engine_version TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE release_rows (
        campaign TEXT NOT NULL REFERENCES releases(campaign),
        table_name TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (campaign, table_name, seq)
    ) WITHOUT ROWID;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
# the tables that make a file an evalsoc base (the first two are enough to recognise it)
TABLES = ("campaigns", "submissions", "structures", "respondents", "answers", "issues",
          "scores", "evaluator_notes", "comments", "links", "registry", "releases",
          "release_rows")


class StoreVersionError(RuntimeError):
    """The database was written by a newer evalsoc."""


class Versioning(Protocol):
    """How a backend keeps its schema's version and runs a migration's statements."""

    def version(self, conn: Connection) -> int: ...

    def set_version(self, conn: Connection, number: int) -> None: ...

    def statements(self, conn: Connection, migration: str) -> list[str]: ...


class _SQLite:
    def version(self, conn: Connection) -> int:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def set_version(self, conn: Connection, number: int) -> None:
        conn.execute(f"PRAGMA user_version = {int(number)}")

    def statements(self, conn: Connection, migration: str) -> list[str]:
        return [s for s in migration.split(";") if s.strip()]


SQLITE: Versioning = _SQLite()


def migrate(conn: Connection, begin: Callable[[str], object] | None = None,
            versioning: Versioning = SQLITE) -> int:
    """Apply the missing migrations; the schema version reached. ``begin`` runs the
    ``BEGIN IMMEDIATE`` (waiting for a busy base, see :func:`evalsoc.store.db.run`)."""
    version = versioning.version(conn)
    if version > SCHEMA_VERSION:
        raise StoreVersionError(f"schéma {version}, cette version connaît le {SCHEMA_VERSION}")
    for number in range(version, SCHEMA_VERSION):
        (begin or conn.execute)("BEGIN IMMEDIATE")
        try:
            if versioning.version(conn) > number:
                conn.execute("COMMIT")  # another process applied it while this one waited
                continue
            for statement in versioning.statements(conn, MIGRATIONS[number]):
                conn.execute(statement)
            versioning.set_version(conn, number + 1)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return SCHEMA_VERSION
