"""The « conditions d'attractivité » joined to each structure's fiche.

``evalsoc report structure`` joins to a structure's fiche the conditions R1 to R12 that
the rural grid (``attractivite-rurale``) reads for the same structure id, as it joins
the fiche financière: one more section of the HTML (and the ODT made from it), one more
page of the PDF, before the fiche financière which stays last. The grid's answers come
from the same campaign when it asks the grid too, or from the campaign named by
``--attractivite`` (a campaign of the grid alone, linked to the fiche's by the structure
ids). The conditions are read next to the utilité-sociale profile and never scored into
it: nothing of the fiche's own content changes.

::

    store (grid campaign) --campaign_conditions--> StructureConditions per structure
    StructureConditions --conditions_view--> a view of strings             (pure)
    view --evalsoc.reports.attractiveness.page--> its section, its pages
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evalsoc.catalogue import Code
from evalsoc.errors import FicheSourceError
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.model import Referentiel
from evalsoc.store.frames import Store
from evalsoc.store.target import Target
from evalsoc.territory.conditions import (
    CLASSES,
    StructureConditions,
    campaign_conditions,
    typology_of,
)
from evalsoc.territory.density import read_density

__all__ = ["GRID", "JoinedConditions", "conditions_view", "grid_campaign",
           "joined_conditions"]

View = dict[str, Any]
GRID = "attractivite-rurale"
TITLE = "Conditions d'attractivité"
INTRO = ("La grille des conditions d'attractivité rurale (R1 à R12), lue à côté du profil "
         "d'utilité sociale : elle décrit le territoire et les publics de la structure, ne "
         "note rien et n'entre dans aucun score de cette fiche.")
SOURCES = ("Sources : les réponses de la structure et de ses publics à la grille ; pour R1, "
           "la grille communale de densité de l'INSEE quand une table est donnée, sinon la "
           "classe choisie à la main.")
SHOWN_IDS = 10


@dataclass(frozen=True)
class JoinedConditions:
    """The views to join, by structure id, and what was said on the way."""

    campaign: str  # the grid's campaign
    views: Mapping[str, View]
    issues: tuple[Issue, ...] = field(default=())


def conditions_view(conditions: StructureConditions, name: str, campaign: str,
                    referentiel: Referentiel) -> View:
    """Every string the section and the page show. Pure."""
    return {
        "title": TITLE,
        "subtitle": f"{referentiel.title} · campagne {campaign} · {referentiel.ref}",
        "intro": INTRO,
        "caption": f"{name} : conditions d'attractivité (R1 à R12)",
        "header": ["Condition", "Indicateur", "Ce que disent les réponses", "Source"],
        "rows": [{"code": r.code, "label": r.label, "value": r.value, "source": r.source}
                 for r in conditions.rows],
        "typology": "Lecture pour l'atelier rural : "
                    f"{CLASSES[typology_of(conditions, referentiel)]}.",
        "issues_heading": "À vérifier",
        "issues": [i.message for i in conditions.issues],
        "sources": SOURCES,
        "footer": f"{TITLE} — {name}",
    }


def _grid_of(store: Store, campaign: str) -> tuple[str, str] | None:
    """The grid's référentiel and fingerprint when ``campaign`` asks it."""
    members = store.members(campaign)
    for ref, digest in zip(members["referentiel"].astype(str),
                           members["empreinte"].astype(str), strict=True):
        if ref.partition("@")[0] == GRID:
            return ref, digest
    return None


def grid_campaign(store: Store, campaign: str, asked: str | None) -> tuple[str, str, str] | None:
    """(campaign, référentiel, fingerprint) of the grid to join: ``asked`` (refused when
    it is not a campaign of the grid), else ``campaign`` itself when it asks the grid,
    else None."""
    if asked is None:
        found = _grid_of(store, campaign)
        return None if found is None else (campaign, *found)
    known = store.campaign(asked)
    if known is None:
        names = ", ".join(f"« {c} »" for c in store.campaign_names()) or "aucune"
        raise FicheSourceError(make_issue(Code.DB_UNKNOWN_CAMPAIGN, campaign=asked,
                                          file=str(store.path), known=names))
    found = _grid_of(store, asked)
    if found is None:
        grids = [c for c in store.campaign_names() if _grid_of(store, c) is not None]
        raise FicheSourceError(make_issue(
            Code.RUR_JOIN_NOT_GRID, campaign=asked, ref=known[2],
            known=", ".join(f"« {c} »" for c in grids) or "aucune"))
    return (asked, *found)


def joined_conditions(db: Target, campaign: str, asked: str | None, density: Path | None,
                      structure_ids: Sequence[str]) -> JoinedConditions | None:
    """The conditions of ``structure_ids`` to join to their fiches of ``campaign`` (None
    when there is no grid to join)."""
    from evalsoc.reports.fiche.source import referentiel_of  # noqa: PLC0415 - no cycle

    with Store(db) as store:
        grid = grid_campaign(store, campaign, asked)
        if grid is None:
            return None
        name, ref, digest = grid
        referentiel = referentiel_of(name, ref, digest)
        answers = store.answers(name)
        registry = store.structures()
    issues: list[Issue] = []
    table, shown = None, ""
    if density is not None:
        read = read_density(density)
        issues += read.issues
        table, shown = read.levels or None, density.name
    names = dict(zip(registry["structure_id"].astype(str), registry["nom"].astype(str),
                     strict=True))
    wanted = set(structure_ids)
    answers = answers[answers["structure_id"].astype(str).isin(wanted)
                      & answers["groupe"].isin(["structure", "publics"])]
    views = {}
    for conditions in campaign_conditions(answers, names, referentiel, table, shown):
        label = names.get(conditions.structure_id) or conditions.structure_id
        views[conditions.structure_id] = conditions_view(conditions, label, name, referentiel)
    missing = sorted(wanted - set(views))
    if missing:
        ids = ", ".join(missing[:SHOWN_IDS]) + (
            f" et {len(missing) - SHOWN_IDS} autre(s)" if len(missing) > SHOWN_IDS else "")
        issues.append(make_issue(Code.RUR_JOIN_MISSING, n=len(missing), campaign=name,
                                 ids=ids))
    return JoinedConditions(name, views, tuple(issues))
