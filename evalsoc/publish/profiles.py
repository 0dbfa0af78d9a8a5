"""The restitution collective's profiles side by side: each structure's score and level
on every dimension, one column per structure (issue 19, Build 5).

These are named, per-structure figures. They are published only in the collective mode
(fewer than :data:`COLLECTIVE_BELOW` structures in the figures) and only when *every*
structure evaluated in the campaign consented to be named (« nominative »): a structure
that chose « anonyme » or « aucune » is still a member of the collective, and showing
the others side by side would single it out by elimination. Otherwise the table is empty
and :func:`refusal` says why in one sentence.

Each printed score is handed to the publication auditor as the mean of one member
(:func:`profile_facts`): a score that is not published individually elsewhere (a named
row of the exports) would be an exposure and masked, so the consent rule is checked by
construction and again by the audit. A level is read from its score and needs no fact of
its own; a masked score masks its row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import pandas as pd

from evalsoc.audit.model import Fact
from evalsoc.catalogue import Code
from evalsoc.publish.population import Population
from evalsoc.stats.inputs import text
from evalsoc.stats.secrecy import Disclosure, row_keys
from evalsoc.structures.consent import NAMED

__all__ = ["COLLECTIVE_BELOW", "PROFILES", "in_collective_mode", "profile_facts",
           "profile_table", "refusal"]

COLLECTIVE_BELOW = 10  # structures in the figures: under it, a restitution collective
PROFILES = "profils:collectif"
BREAKDOWN = ("campagne", "structure_id", "noeud")
COLUMNS = [*BREAKDOWN, "nom", "libelle", "score", "niveau", "niveau_libelle", "masque",
           "motif"]


def _sort_key(name: str) -> str:
    """Alphabetical order as a French reader expects it (« Écrans » beside « Ecrans »)."""
    return "".join(c for c in unicodedata.normalize("NFD", name.casefold())
                   if not unicodedata.combining(c))


def in_collective_mode(population: Population) -> bool:
    """Whether the campaign is read as a restitution collective (a small group)."""
    return len(population.included) < COLLECTIVE_BELOW


def refusal(population: Population) -> str | None:
    """Why the profiles are not side by side (one sentence), or None when every
    evaluated structure consented to be named."""
    missing = sum(1 for c in population.consents.values() if c != NAMED)
    if not missing:
        return None
    return text(Code.COL_SIDE_BY_SIDE_REFUSED,
                count=f"{missing} structure{'s' if missing > 1 else ''}",
                verb="n'ont" if missing > 1 else "n'a", plural="s" if missing > 1 else "")


def profile_table(campaign: str, scores: pd.DataFrame, names: dict[str, str],
                  population: Population, dimensions: Sequence[tuple[str, str]],
                  levels: Sequence[tuple[int, str, float]],
                  disclosure: Disclosure) -> pd.DataFrame:
    """One row per structure and dimension (``dimensions``: id and label, in order),
    structures by name; empty outside the collective mode or without everyone's
    consent. ``disclosure.forced`` masks the rows the auditor asked to hide."""
    if not population.consents or not in_collective_mode(population) or refusal(population):
        return pd.DataFrame(columns=COLUMNS)
    dims = scores[scores["type"] == "dimension"]
    found = {(str(s), str(n)): (sc, lv) for s, n, sc, lv in zip(
        dims["structure_id"], dims["noeud"], dims["score"], dims["niveau"], strict=True)}
    labels = {code: label for code, label, _ in levels}
    order = sorted(population.named, key=lambda s: (_sort_key(names.get(s, "")), s))
    rows = []
    for structure in order:
        for node, label in dimensions:
            score, level = found.get((structure, node), (None, None))
            has = score is not None and not pd.isna(score)
            code = int(level) if has and level is not None and not pd.isna(level) else None
            hidden = bool(disclosure.forced.get((str(campaign), structure, node)))
            shown = has and not hidden
            rows.append({"campagne": campaign, "structure_id": structure,
                         "noeud": node, "nom": names.get(structure, structure),
                         "libelle": label, "score": float(score) if shown else None,
                         "niveau": code if not hidden else None,
                         "niveau_libelle": labels.get(code or -1, "") if not hidden else "",
                         "masque": hidden,
                         "motif": text(Code.COL_MOTIF_NOT_NAMED) if hidden else ""})
    return pd.DataFrame(rows, columns=COLUMNS)


def profile_facts(table: pd.DataFrame, table_id: str) -> list[Fact]:
    """Each printed score as the mean of its one structure."""
    found = []
    for key, record in zip(row_keys(table, BREAKDOWN, ()), table.to_dict("records"),
                           strict=True):
        score = record["score"]
        if record["masque"] or score is None or pd.isna(score):
            continue
        found.append(Fact(terms=((f"score|{record['campagne']}|{record['noeud']}", 1.0),),
                          members=(str(record["structure_id"]),), kind="mean",
                          value=float(score),
                          source=f"{table_id} [{record['nom']} / {record['libelle']}] score",
                          cell=(table_id, key, "score")))
    return found
