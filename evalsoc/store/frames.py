"""The store as pandas DataFrames: the Python API of campaigns, and the inputs of
:mod:`evalsoc.stats`.

Only *current* submissions count in scores: valid, not superseded. Columns (French, as in
exports):

- ``campaigns``: campagne, annee, referentiel, empreinte, creee_le, soumissions, structures
- ``structures``: structure_id, nom, departement, commune, territoire, discipline, taille,
  consentement
- ``submissions``: campagne, submission_id, fichier, sha256, recu_le, type, structure_id,
  questionnaire_id, statut, remplace, moteur, referentiel, erreurs, avertissements
- ``scores``: campagne, annee, structure_id, noeud, type, libelle, dimension, score,
  niveau, completude, absence, groupe_source, raison, regle
- ``respondents``: campagne, structure_id, groupe, n
- ``figures``: campagne, structure_id, question, value (numeric answers of the structure)
- ``answers``: campagne, structure_id, submission_id, repondant, groupe, question, statut,
  valeur, brut, onglet, cellule
- ``comments``: campagne, structure_id, submission_id, repondant, groupe, question, texte,
  onglet, cellule
- ``issues``: campagne, fichier, code, gravite, onglet, cellule, question, repondant, brut,
  message
- ``diagnostics``: campagne, annee, structure_id, referentiel, indicateur, exercice, valeur,
  bande, absence, raison (the diagnostics' indicators, :mod:`evalsoc.diagnostic`)
- ``members``: campagne, referentiel, empreinte, nature (the référentiels a campaign asks)
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator

import pandas as pd

from evalsoc.referentiel.registry import resolve
from evalsoc.referentiel.tree import node_infos
from evalsoc.store.backends import Connection
from evalsoc.store.db import open_store
from evalsoc.store.target import Target
from evalsoc.structures.consent import effective

__all__ = ["Store"]

_CURRENT = "s.status = 'valide' AND s.kind = 'structure'"
# The submissions whose answers count in a campaign (bound: the campaign's name, twice):
# each current structure submission, and the current individual forms that name it (a
# form whose structure's workbook is not there counts for no structure), with the
# structure they count for.
_COUNTED = (
    "WITH counted AS ("
    "SELECT s.id AS submission_id, s.structure_id FROM submissions s JOIN campaigns c "
    "ON c.id = s.campaign_id WHERE c.name = ? AND " + _CURRENT + " "
    "UNION SELECT f.id, s.structure_id FROM submissions s JOIN campaigns c "
    "ON c.id = s.campaign_id JOIN links l ON l.submission_id = s.id JOIN submissions f "
    "ON f.parent_questionnaire_id = l.link AND f.campaign_id = s.campaign_id "
    "AND f.kind = 'individuel' AND f.status = 'valide' WHERE c.name = ? AND " + _CURRENT
    + ") ")


class Store:
    """Read access to a store file; every method returns a DataFrame (or, for what can be
    large, yields them in chunks). The file is opened read-only and refused
    (StoreError) when absent, empty, damaged or another application's: a read never
    changes it. ``write=True`` creates and migrates it, as ``evalsoc ingest`` does."""

    def __init__(self, path: Target, write: bool = False) -> None:
        self.path = path
        self.conn: Connection = open_store(path, write=write)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _frame(self, sql: str, params: tuple[object, ...] = ()) -> pd.DataFrame:
        cursor = self.conn.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        return pd.DataFrame(cursor.fetchall(), columns=columns)

    def campaign_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM campaigns ORDER BY year, name")]

    def campaign(self, name: str) -> tuple[int, int, str, str] | None:
        row = self.conn.execute("SELECT id, year, referentiel, referentiel_hash FROM campaigns "
                                "WHERE name = ?", (name,)).fetchone()
        return None if row is None else (int(row[0]), int(row[1]), str(row[2]), str(row[3]))

    def campaigns(self) -> pd.DataFrame:
        return self._frame(
            "SELECT c.name AS campagne, c.year AS annee, c.referentiel, "
            "c.referentiel_hash AS empreinte, c.created_at AS creee_le, "
            "COUNT(s.id) AS soumissions, COUNT(DISTINCT CASE WHEN " + _CURRENT +
            " THEN s.structure_id END) AS structures FROM campaigns c "
            "LEFT JOIN submissions s ON s.campaign_id = c.id GROUP BY c.id ORDER BY c.year")

    def structures(self, campaign: str | None = None) -> pd.DataFrame:
        """The registry; with ``campaign``, each structure's consent is the one that
        applies to that campaign (:meth:`consents`)."""
        frame = self._frame("SELECT id AS structure_id, nom, departement, commune, "
                            "territoire, discipline, taille, "
                            "COALESCE(consent_registry, consentement) AS consentement "
                            "FROM structures ORDER BY id")
        if campaign is not None:
            decided = self.consents(campaign)
            frame["consentement"] = frame["structure_id"].map(decided).fillna(
                frame["consentement"])
        return frame

    def consents(self, campaign: str) -> pd.Series:
        """structure_id -> the consent that applies to its current workbook of
        ``campaign``: the stricter of the registry's and the workbook's, « aucune » when
        neither says (evalsoc.structures.consent)."""
        rows = self.conn.execute(
            "SELECT s.structure_id, st.consent_registry, s.consent FROM submissions s "
            "JOIN campaigns c ON c.id = s.campaign_id LEFT JOIN structures st "
            "ON st.id = s.structure_id WHERE c.name = ? AND " + _CURRENT, (campaign,))
        return pd.Series({str(i): effective(r, w)[0] for i, r, w in rows}, dtype=object,
                         name="consentement")

    def submissions(self, campaign: str) -> pd.DataFrame:
        return self._frame(
            "SELECT c.name AS campagne, s.id AS submission_id, s.file_name AS fichier, "
            "s.sha256, s.received_at AS recu_le, s.kind AS type, s.structure_id, "
            "s.questionnaire_id, s.status AS statut, s.supersedes AS remplace, "
            "s.engine_version AS moteur, s.referentiel, "
            "(SELECT COUNT(*) FROM issues i WHERE i.submission_id = s.id "
            " AND i.severity = 'erreur') AS erreurs, "
            "(SELECT COUNT(*) FROM issues i WHERE i.submission_id = s.id "
            " AND i.severity = 'avertissement') AS avertissements "
            "FROM submissions s JOIN campaigns c ON c.id = s.campaign_id WHERE c.name = ? "
            "ORDER BY s.id", (campaign,))

    def scores(self, campaign: str, explain: bool = False) -> pd.DataFrame:
        """Current scores of every node, with each node's dimension and source group;
        ``explain`` adds the reason of each absence and the rule applied (long texts that
        statistics do not need: leaving them out loads 10,000 structures twice as fast)."""
        columns = ["campagne", "annee", "structure_id", "noeud", "type", "score", "niveau",
                   "completude", "absence", *(["raison", "regle"] if explain else []),
                   "libelle", "dimension", "groupe_source"]
        found = self.campaign(campaign)
        if found is None:
            return pd.DataFrame(columns=columns)
        campaign_id, year, ref_name, _ = found
        texts = ", sc.reason AS raison, sc.rule AS regle " if explain else " "
        frame = self._frame(
            "SELECT s.structure_id, sc.node AS noeud, sc.kind AS type, sc.score, "
            "sc.level AS niveau, sc.completeness AS completude, "
            "CASE WHEN sc.informational = 1 THEN 'informatif' ELSE sc.absent END AS absence"
            + texts + "FROM scores sc JOIN submissions s ON s.id = sc.submission_id "
            "WHERE s.campaign_id = ? AND " + _CURRENT, (campaign_id,))
        _, ref = resolve(ref_name)
        infos = pd.DataFrame(
            [(i.id, i.label, i.dimension, i.source_group) for i in node_infos(ref).values()],
            columns=["noeud", "libelle", "dimension", "groupe_source"])
        frame = frame.merge(infos, on="noeud", how="left")  # vectorised: 10,000s of rows
        frame["libelle"] = frame["libelle"].fillna(frame["noeud"])
        frame["score"] = frame["score"].astype(float)
        frame["niveau"] = frame["niveau"].astype(float)
        frame["campagne"] = campaign
        frame["annee"] = year
        frame = frame.sort_values(["structure_id", "noeud"], kind="stable")
        return frame[columns].reset_index(drop=True)

    def diagnostics(self, campaign: str) -> pd.DataFrame:
        """Every diagnostic indicator of the current structure submissions, by period
        (``exercice``: the period id, ``n`` the reference one); values are never scores."""
        found = self.campaign(campaign)
        columns = ["campagne", "annee", "structure_id", "referentiel", "indicateur",
                   "exercice", "valeur", "bande", "absence", "raison"]
        if found is None:
            return pd.DataFrame(columns=columns)
        campaign_id, year, _, _ = found
        frame = self._frame(
            "SELECT s.structure_id, d.referentiel, d.indicator AS indicateur, "
            "d.period AS exercice, d.value AS valeur, d.band AS bande, d.absent AS absence, "
            "d.reason AS raison FROM diagnostics d JOIN submissions s "
            "ON s.id = d.submission_id WHERE s.campaign_id = ? AND " + _CURRENT +
            " ORDER BY s.structure_id, d.referentiel, d.indicator, d.period", (campaign_id,))
        frame["valeur"] = frame["valeur"].astype(float)
        frame.insert(0, "campagne", campaign)
        frame.insert(1, "annee", year)
        return frame[columns]

    def members(self, campaign: str) -> pd.DataFrame:
        """The référentiels the campaign asks (one, or several asked together)."""
        return self._frame(
            "SELECT c.name AS campagne, m.referentiel, m.referentiel_hash AS empreinte, "
            "m.kind AS nature FROM campaign_referentiels m JOIN campaigns c "
            "ON c.id = m.campaign_id WHERE c.name = ? ORDER BY m.kind DESC, m.referentiel",
            (campaign,))

    def respondents(self, campaign: str) -> pd.DataFrame:
        """Respondents per structure and group: those of the structure's current
        workbook and of the individual forms joined to it, nobody else."""
        frame = self._frame(
            _COUNTED + "SELECT k.structure_id, r.grp AS groupe, COUNT(*) AS n "
            "FROM counted k JOIN respondents r ON r.submission_id = k.submission_id "
            "WHERE r.grp <> 'structure' GROUP BY k.structure_id, r.grp "
            "ORDER BY k.structure_id, r.grp", (campaign, campaign))
        frame.insert(0, "campagne", campaign)
        return frame

    def figures(self, campaign: str) -> pd.DataFrame:
        """The structure's numeric answers (values are JSON numbers in the store)."""
        frame = self._frame(
            "SELECT c.name AS campagne, s.structure_id, a.question, "
            "CAST(a.value AS REAL) AS value FROM answers a "
            "JOIN submissions s ON s.id = a.submission_id JOIN campaigns c "
            "ON c.id = s.campaign_id WHERE c.name = ? AND " + _CURRENT +
            " AND a.respondent = 'structure' AND a.status = 'answered' "
            "AND json_type(a.value) IN ('integer', 'real') "
            "ORDER BY s.structure_id, a.question", (campaign,))
        frame["value"] = frame["value"].astype(float)
        return frame

    def answers(self, campaign: str) -> pd.DataFrame:
        """The answers that count: those of the current structure workbooks and of the
        individual forms joined to them (under their structure's id)."""
        frame = self._frame(
            _COUNTED + "SELECT ? AS campagne, k.structure_id, k.submission_id, "
            "a.respondent AS repondant, r.grp AS groupe, a.question, a.status AS statut, "
            "a.value AS valeur, a.raw AS brut, a.sheet AS onglet, a.cell AS cellule "
            "FROM counted k JOIN answers a ON a.submission_id = k.submission_id "
            "JOIN respondents r ON r.submission_id = a.submission_id "
            "AND r.respondent = a.respondent "
            "ORDER BY k.submission_id, a.respondent, a.question",
            (campaign, campaign, campaign))
        frame["valeur"] = frame["valeur"].map(
            lambda v: json.loads(v) if isinstance(v, str) else None)
        return frame

    def answers_to(self, campaign: str, questions: Collection[str]) -> pd.DataFrame:
        """The answered ``questions`` that count (see :meth:`answers`), with the
        référentiel version of the workbook or form each came from (a campaign may hold
        workbooks of an earlier version, read through the crosswalk): columns
        structure_id, groupe, question, valeur, referentiel. Only these rows are read."""
        columns = ["structure_id", "groupe", "question", "valeur", "referentiel"]
        if not questions:
            return pd.DataFrame(columns=columns)
        marks = ",".join("?" * len(questions))
        frame = self._frame(
            _COUNTED + "SELECT k.structure_id, r.grp AS groupe, a.question, "
            "a.value AS valeur, s.referentiel FROM counted k JOIN answers a "
            "ON a.submission_id = k.submission_id JOIN respondents r "
            "ON r.submission_id = a.submission_id AND r.respondent = a.respondent "
            "JOIN submissions s ON s.id = k.submission_id "
            f"WHERE a.status = 'answered' AND a.question IN ({marks}) "
            "ORDER BY k.submission_id, a.respondent, a.question",
            (campaign, campaign, *questions))
        frame["valeur"] = frame["valeur"].map(
            lambda v: json.loads(v) if isinstance(v, str) else None)
        return frame[columns]

    def invited(self, campaign: str) -> tuple[str, ...]:
        """The structures the campaign expects (the registry given to ingest)."""
        return tuple(str(r[0]) for r in self.conn.execute(
            "SELECT structure_id FROM registry WHERE campaign = ? ORDER BY structure_id",
            (campaign,)))

    def comments(self, campaign: str) -> pd.DataFrame:
        """The comments written beside the answers that count (see :meth:`answers`)."""
        return self._frame(
            _COUNTED + "SELECT ? AS campagne, k.structure_id, k.submission_id, "
            "m.respondent AS repondant, r.grp AS groupe, m.question, m.text AS texte, "
            "m.sheet AS onglet, m.cell AS cellule FROM counted k JOIN comments m "
            "ON m.submission_id = k.submission_id JOIN respondents r "
            "ON r.submission_id = m.submission_id AND r.respondent = m.respondent "
            "ORDER BY k.submission_id, m.respondent, m.question",
            (campaign, campaign, campaign))

    def text_answers(self, campaign: str, questions: Collection[str],
                     structures: Collection[str] | None = None, chunk: int = 5_000
                     ) -> Iterator[pd.DataFrame]:
        """The answered ``questions`` (free texts) that count (see :meth:`answers`), of
        ``structures`` only when given, ``chunk`` rows at a time: columns structure_id,
        groupe, question, texte. Memory stays flat whatever the campaign's size: only
        these rows are read, never the whole answers table."""
        if not questions:
            return
        marks = ",".join("?" * len(questions))
        cursor = self.conn.execute(
            _COUNTED + "SELECT k.structure_id, r.grp AS groupe, a.question, "
            "json_extract(a.value, '$') AS texte FROM counted k "
            "JOIN answers a ON a.submission_id = k.submission_id JOIN respondents r "
            "ON r.submission_id = a.submission_id AND r.respondent = a.respondent "
            f"WHERE a.status = 'answered' AND a.question IN ({marks}) "
            "ORDER BY k.submission_id, a.respondent, a.question",
            (campaign, campaign, *questions))
        wanted = None if structures is None else set(structures)
        columns = ["structure_id", "groupe", "question", "texte"]
        while rows := cursor.fetchmany(chunk):
            if wanted is not None:
                rows = [row for row in rows if row[0] in wanted]
            if rows:
                yield pd.DataFrame(rows, columns=columns)

    def issues(self, campaign: str) -> pd.DataFrame:
        return self._frame(
            "SELECT c.name AS campagne, s.file_name AS fichier, i.code, i.severity AS gravite, "
            "i.sheet AS onglet, i.cell AS cellule, i.question, i.respondent AS repondant, "
            "i.raw AS brut, i.message FROM issues i JOIN submissions s "
            "ON s.id = i.submission_id JOIN campaigns c ON c.id = s.campaign_id "
            "WHERE c.name = ? ORDER BY s.id, i.seq", (campaign,))

