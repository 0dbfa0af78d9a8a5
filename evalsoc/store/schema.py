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

from evalsoc.catalogue import Code
from evalsoc.errors import StoreVersionError

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
    # 5: versions of a référentiel (evalsoc.store.scoresets). ``series``: the series flag
    # of every node of a submission scored from answers of an earlier version (read
    # through a crosswalk; none for answers of the campaign's own version). ``score_sets``:
    # each state of a campaign's scores under one version (``evalsoc migrate``); the
    # active one is in ``scores`` and ``series``, the others in ``saved_scores``, never
    # deleted. ``last_submission``: the highest submission id when the set was made.
    """
    CREATE TABLE series (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        node TEXT NOT NULL,
        flag TEXT NOT NULL CHECK (flag IN ('comparable', 'conversion', 'rupture')),
        origin TEXT NOT NULL,
        cause TEXT,
        PRIMARY KEY (submission_id, node)
    ) WITHOUT ROWID;
    CREATE TABLE score_sets (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        referentiel TEXT NOT NULL,
        referentiel_hash TEXT NOT NULL,
        replaces INTEGER REFERENCES score_sets(id),
        state TEXT NOT NULL CHECK (state IN ('active', 'saved')),
        created_at TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        last_submission INTEGER NOT NULL
    );
    CREATE INDEX score_sets_campaign ON score_sets(campaign_id, state);
    CREATE TABLE saved_scores (
        set_id INTEGER NOT NULL REFERENCES score_sets(id),
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
        flag TEXT,
        origin TEXT,
        cause TEXT,
        PRIMARY KEY (set_id, submission_id, node)
    ) WITHOUT ROWID;
    """,
    # 6: a campaign asks several référentiels (evalsoc.store.members): each one, with its
    # fingerprint and kind (campaigns.referentiel stays its main one, the utilité-sociale
    # one if any); and a diagnostic's results, one row per indicator and period (values,
    # bands, never a score), beside the scores of the same submission
    """
    CREATE TABLE campaign_referentiels (
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        referentiel TEXT NOT NULL,
        referentiel_hash TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'utilite_sociale',
        PRIMARY KEY (campaign_id, referentiel)
    ) WITHOUT ROWID;
    INSERT INTO campaign_referentiels (campaign_id, referentiel, referentiel_hash)
        SELECT id, referentiel, referentiel_hash FROM campaigns;
    CREATE TABLE diagnostics (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        referentiel TEXT NOT NULL,
        indicator TEXT NOT NULL,
        period TEXT NOT NULL,
        value REAL,
        band TEXT,
        absent TEXT,
        reason TEXT,
        rule TEXT,
        alert TEXT,
        PRIMARY KEY (submission_id, referentiel, indicator, period)
    ) WITHOUT ROWID;
    """,
    # 7: what a campaign publishes, as audited (evalsoc serveur publier): each table of
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
    # 8: the quotes a consultant selected for publication (evalsoc citations importer):
    # one row per free text marked « oui », with the text as stored when it was marked
    # and the text to print (edited or the same); quote_imports says a selection was made
    # (even of nothing) and from which file. A new import replaces both in one transaction
    """
    CREATE TABLE quote_selection (
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        seq INTEGER NOT NULL,
        structure_id TEXT NOT NULL,
        grp TEXT NOT NULL,
        respondent TEXT NOT NULL,
        question TEXT NOT NULL,
        nature TEXT NOT NULL,
        text TEXT NOT NULL,
        shown TEXT NOT NULL,
        PRIMARY KEY (campaign_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE quote_imports (
        campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id),
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        listed INTEGER NOT NULL,
        selected INTEGER NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
# the tables that make a file an evalsoc base (the first two are enough to recognise it)
TABLES = ("campaigns", "submissions", "structures", "respondents", "answers", "issues",
          "scores", "evaluator_notes", "comments", "links", "registry", "series",
          "score_sets", "saved_scores", "campaign_referentiels", "diagnostics", "releases",
          "release_rows")


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
            versioning: Versioning = SQLITE, file: str = "") -> int:
    """Apply the missing migrations; the schema version reached. ``begin`` runs the
    ``BEGIN IMMEDIATE`` (waiting for a busy base, see :func:`evalsoc.store.db.run`).
    A base written by a newer evalsoc is refused (StoreVersionError, DB002)."""
    version = versioning.version(conn)
    if version > SCHEMA_VERSION:
        raise StoreVersionError.of(Code.DB_STORE_VERSION, file=file,
                                   detail=f"schéma {version}, cette version connaît le "
                                          f"{SCHEMA_VERSION}")
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
