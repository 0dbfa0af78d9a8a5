"""Stake 2's share of structures that go towards rural communes, read from the rural
grid (spec 6.E: « share of actions in rural-density communes », §6.C R8).

``ardes-culture`` does not ask where a structure acts; the rural grid
(``attractivite-rurale``) asks the communes it reached (R8) and, with the INSEE density
table, says which are rural. ``evalsoc report sector --attractivite CAMPAGNE --densite
grille.csv`` joins that to the synthesis of a campaign of ``ardes-culture``, by
structure id, as one more published and audited figure per structure: 1 when the
structure is « en itinérance rurale » as the grid's typology defines it (at least
``communes_itinerance_min`` communes reached, of which at least ``itinerance_min`` are
rural: the référentiel's parameters), 0 when it answered and is not.

A structure counts only when both campaigns allow its sector figures: the publication
keeps the synthesis campaign's consent, this module the grid campaign's. A structure
whose communes are unknown to the density table is left out (never counted as 0).

::

    store (grid campaign) --campaign_conditions--> StructureConditions
    StructureConditions --roving flag, consent--> ExtraFigures « enjeux-rural »
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from evalsoc.issues import Issue
from evalsoc.publish.inputs import ExtraFigures
from evalsoc.publish.stake_facts import SHARE
from evalsoc.referentiel.model import Referentiel
from evalsoc.reports.attractiveness.joined import grid_campaign
from evalsoc.store.frames import Store
from evalsoc.store.target import Target
from evalsoc.structures.consent import ANONYMOUS, NAMED
from evalsoc.support.formatting import fr_percent
from evalsoc.territory.conditions import StructureConditions, campaign_conditions
from evalsoc.territory.density import read_density

__all__ = ["RURAL_FACT", "RURAL_ID", "roving", "rural_figures"]

RURAL_ID = "enjeux-rural"
RURAL_FACT = "rural"  # the key of the stake's fact (evalsoc.publish.stake_facts.FACTS)


def roving(conditions: StructureConditions, referentiel: Referentiel) -> float | None:
    """1.0 when the structure reaches enough communes, rural enough; 0.0 when it
    answered and does not; None when its communes are unknown to the density table."""
    spec = referentiel.observation
    assert spec is not None
    if conditions.communes_reached == 0:
        return 0.0
    if conditions.rural_reached is None:
        return None
    return float(conditions.communes_reached >= spec.parameter("communes_itinerance_min")
                 and conditions.rural_reached >= spec.parameter("itinerance_min"))


def _words(referentiel: Referentiel, grid: str) -> tuple[str, str]:
    spec = referentiel.observation
    assert spec is not None
    communes = int(spec.parameter("communes_itinerance_min"))
    label = (f"Structures en itinérance rurale : au moins {communes} communes atteintes, "
             f"dont au moins {fr_percent(spec.parameter('itinerance_min'))} rurales "
             "(grille communale de densité de l'INSEE)")
    return label, f"« Itinérance, hors les murs » (R8, campagne « {grid} » de la grille)"


def rural_figures(db: Target, campaign: str, grid: str, density: Path
                  ) -> tuple[ExtraFigures, list[Issue]]:
    """The flag of each structure of ``grid`` (a campaign of the rural grid) whose
    consent there allows sector figures, to publish with ``campaign``'s synthesis; and
    what the density table said (unreadable lines, communes not in it)."""
    from evalsoc.reports.fiche.source import referentiel_of  # noqa: PLC0415 - no cycle

    with Store(db) as store:
        found = grid_campaign(store, campaign, grid)  # FicheSourceError: not a grid
        assert found is not None  # a campaign named: found, or refused
        name, ref, digest = found
        referentiel = referentiel_of(name, ref, digest)
        answers = store.answers(name)
        consents = store.consents(name)
    read = read_density(density)
    allowed = {str(s) for s, c in consents.items() if c in (NAMED, ANONYMOUS)}
    answers = answers[answers["groupe"].isin(["structure", "publics"])
                      & answers["structure_id"].astype(str).isin(allowed)]
    rows = []
    for conditions in campaign_conditions(answers, {}, referentiel, read.levels or None,
                                          density.name):
        value = roving(conditions, referentiel)
        if value is not None:
            rows.append({"campagne": campaign, "structure_id": conditions.structure_id,
                         "question": SHARE + RURAL_FACT, "value": value})
    label, source = _words(referentiel, name)
    figures = pd.DataFrame(rows, columns=["campagne", "structure_id", "question", "value"])
    return (ExtraFigures(RURAL_ID, figures, by=(), flags=(SHARE,),
                         described=((SHARE + RURAL_FACT, label, source),)),
            list(read.issues))
