"""Sector statistics: pure pandas functions from stored scores to publishable tables.

No I/O here: the store (:mod:`evalsoc.store`) produces the input frames, reports render
the outputs. Every table is protected by statistical secrecy unless the caller lowers the
rules (:class:`SecrecyRules`), and then its ``notes()`` say so.

Input contract (column names are French, like the store's)
----------------------------------------------------------
``scores``, one row per (campagne, structure_id, noeud):
    campagne (str), annee (int), structure_id (str), noeud (str: "ECO", "ECO.1",
    "ECO.1.2"), type ("dimension" | "critere" | "indicateur"), libelle (str), dimension
    (str: id of the node's dimension), score (float 0-100, NaN when absent), niveau
    (level code, NaN when absent; completed from the score and the levels when empty),
    completude (float 0-1), absence (None or "non_concerne", "ne_sait_pas",
    "sans_reponse", "non_calculable", "trop_peu_de_repondants",
    "couverture_insuffisante", "informatif"), groupe_source (for indicators: the
    respondent group feeding it, "structure", "benevoles", "salaries", "publics",
    "partenaires", or "mixte"; None for critères and dimensions).
    A row counts only with a score and no absence reason (OPP: complete records only;
    « non concerné » or « ne sait pas » never count as 0).
``structures`` (the registry), one row per structure:
    structure_id, nom, departement, commune, territoire, discipline, taille, consentement
    ("nominative" | "anonyme" | "aucune"). Any other column can be a grouping key
    (``by``). Structures scored but missing from the registry, or with an empty key,
    fall under « Non renseigné ».
``respondents``: campagne, structure_id, groupe, n (respondents per group and structure).
``figures``: campagne, structure_id, question, value (float): the structure's numeric
    answers used for totals (budget_total, entrees_totales, nb_emplois_permanents...).
``levels``: sequence of (code, label, min) from the référentiel (:func:`levels_of`);
    defaults to the référentiels' default levels.

An observation référentiel's tables (complete blocks, Σ/Σ ratios and medians of ratios,
participation, series) are in :mod:`evalsoc.stats.observation`, over the structure's
answers with their status (campagne, structure_id, question, statut, valeur).

Each function checks the columns it reads and raises :class:`StatsInputError` (a
``ValueError``, message from the catalogue) naming the table and the missing columns.

Output tables
-------------
Key columns, statistics, then ``ensemble`` (True on the « Ensemble » row, whose ``by``
columns read « Ensemble »), ``masque`` and ``motif``. The rows sharing the base keys
(e.g. campagne + noeud) form a *breakdown*: the cells partition the population of the
« Ensemble » row. ``DataFrame.attrs["evalsoc.stats"]`` records the breakdown keys for
the publication step (:mod:`evalsoc.publish`), and each row lists its members in the
private column ``_membres`` for the publication auditor (:mod:`evalsoc.audit`), which
checks what all published tables reveal together. An input frame that breaks the
contract raises :class:`~evalsoc.errors.StatsInputError` (in the tree of
:mod:`evalsoc.errors`, and a ``ValueError``).
"""

from __future__ import annotations

from evalsoc.stats.describe import describe
from evalsoc.stats.evolution import evolution
from evalsoc.stats.inputs import DEFAULT_LEVEL_SPECS, LevelSpec, StatsInputError, levels_of
from evalsoc.stats.respondents import divergence, respondent_figures, structure_divergence
from evalsoc.stats.secrecy import Disclosure, SecrecyRules
from evalsoc.stats.totals import totals

__all__ = [
    "DEFAULT_LEVEL_SPECS",
    "Disclosure",
    "LevelSpec",
    "SecrecyRules",
    "StatsInputError",
    "describe",
    "divergence",
    "evolution",
    "levels_of",
    "respondent_figures",
    "structure_divergence",
    "totals",
]
