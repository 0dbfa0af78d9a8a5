"""The roles of a shared server, enforced by PostgreSQL itself.

- ``evalsoc_consultant`` (the consultants, who record): reads and writes the store's
  tables (schema ``evalsoc``), publishes campaigns; cannot change the schema.
- ``evalsoc_lecteur`` (the Région's staff): reads the schema ``publication`` and nothing
  else. Its views show the audited publications (:mod:`evalsoc.exports.release`): the
  sector tables, the named rows of structures that consented to it, the notes; never an
  answer, a free text, a respondent, an issue, or a score of a structure that did not
  consent. The store's schema is closed to it (no ``USAGE``): every table there answers
  « permission denied ».

Both are group roles without login: people log in with their own role, made a member of
one of them (docs/serveur.md). :func:`prepare` is run by the base's owner (it migrates
the schema, creates the roles when the owner may, grants, and builds the views); it can
be run again at any time (after an upgrade of evalsoc, for a new table).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evalsoc.catalogue import Code
from evalsoc.errors import StoreError
from evalsoc.issues import make_issue
from evalsoc.store.backends.pgschema import SCHEMA
from evalsoc.store.backends.postgres import PgConnection

__all__ = ["READER", "VIEWS", "WRITER", "Prepared", "prepare"]

WRITER, READER = "evalsoc_consultant", "evalsoc_lecteur"
PUBLIC_SCHEMA = "publication"

_NUMBER = "double precision"
VIEWS = {
    "campagnes": f"""SELECT campaign AS campagne, previous AS precedente,
        published_at AS publiee_le, rules::jsonb AS regles, clean = 1 AS verifiee,
        figures AS chiffres_verifies, engine_version AS version_evalsoc
        FROM {SCHEMA}.releases""",
    "tableaux": f"""SELECT campaign AS campagne, table_name AS tableau, seq AS ligne,
        data::jsonb AS donnees FROM {SCHEMA}.release_rows""",
    "secteur": f"""SELECT campaign AS campagne, seq AS ligne, data::jsonb->>'par' AS par,
        data::jsonb->>'groupe' AS groupe, data::jsonb->>'noeud' AS noeud,
        data::jsonb->>'type' AS type, data::jsonb->>'libelle' AS libelle,
        (data::jsonb->>'n')::{_NUMBER} AS n, (data::jsonb->>'moyenne')::{_NUMBER} AS moyenne,
        (data::jsonb->>'mediane')::{_NUMBER} AS mediane,
        (data::jsonb->>'q1')::{_NUMBER} AS q1, (data::jsonb->>'q3')::{_NUMBER} AS q3,
        (data::jsonb->>'masque')::boolean AS masque, data::jsonb->>'motif' AS motif,
        data::jsonb AS donnees
        FROM {SCHEMA}.release_rows WHERE table_name = 'secteur'""",
    "totaux": f"""SELECT campaign AS campagne, seq AS ligne,
        data::jsonb->>'question' AS question, (data::jsonb->>'n')::{_NUMBER} AS n,
        (data::jsonb->>'somme')::{_NUMBER} AS somme,
        (data::jsonb->>'moyenne')::{_NUMBER} AS moyenne,
        (data::jsonb->>'mediane')::{_NUMBER} AS mediane,
        (data::jsonb->>'masque')::boolean AS masque, data::jsonb->>'motif' AS motif
        FROM {SCHEMA}.release_rows WHERE table_name = 'totaux'""",
    "structures_nommees": f"""SELECT campaign AS campagne,
        data::jsonb->>'structure_id' AS structure_id, data::jsonb->>'nom' AS nom,
        data::jsonb->>'departement' AS departement, data::jsonb AS scores
        FROM {SCHEMA}.release_rows WHERE table_name = 'structures'""",
    "notes": f"""SELECT campaign AS campagne, seq AS ligne, data::jsonb->>'note' AS note
        FROM {SCHEMA}.release_rows WHERE table_name = 'notes'""",
}


@dataclass
class Prepared:
    server: str
    owner: str
    roles_created: list[str] = field(default_factory=list)
    views: list[str] = field(default_factory=list)


def _statements() -> list[str]:
    grants = [
        f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {WRITER}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {SCHEMA} TO {WRITER}",
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {SCHEMA} TO {WRITER}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {SCHEMA} GRANT SELECT, INSERT, UPDATE, DELETE "
        f"ON TABLES TO {WRITER}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM {READER}",
        f"REVOKE ALL ON SCHEMA {SCHEMA} FROM {READER}",
        f"CREATE SCHEMA IF NOT EXISTS {PUBLIC_SCHEMA}",
        f"REVOKE ALL ON SCHEMA {PUBLIC_SCHEMA} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {PUBLIC_SCHEMA} TO {READER}, {WRITER}",
    ]
    views = [f"CREATE OR REPLACE VIEW {PUBLIC_SCHEMA}.{name} AS {sql}"
             for name, sql in VIEWS.items()]
    return [*grants, *views,
            f"GRANT SELECT ON ALL TABLES IN SCHEMA {PUBLIC_SCHEMA} TO {READER}, {WRITER}"]


def prepare(conn: PgConnection) -> Prepared:
    """Roles, grants and views on the server of ``conn`` (its store already migrated by
    opening it for writing); PG012 when the role connected is not the base's owner."""
    done = Prepared(str(conn.target), conn.role)
    existing = {str(r[0]) for r in conn.execute(
        "SELECT rolname FROM pg_roles WHERE rolname IN (?, ?)", (WRITER, READER))}
    try:
        conn.execute("BEGIN IMMEDIATE")
        for role in (WRITER, READER):
            if role not in existing:
                conn.execute(f"CREATE ROLE {role} NOLOGIN")
                done.roles_created.append(role)
        for statement in _statements():
            conn.execute(statement)
        conn.execute("COMMIT")
    except StoreError as err:
        conn.execute("ROLLBACK")
        if err.issue.code in (Code.PG_DENIED.value, Code.PG_SERVER.value):
            raise StoreError(make_issue(Code.PG_NOT_OWNER, role=conn.role,
                                        server=str(conn.target),
                                        detail=err.issue.message)) from err
        raise
    done.views = [f"{PUBLIC_SCHEMA}.{name}" for name in VIEWS]
    return done
