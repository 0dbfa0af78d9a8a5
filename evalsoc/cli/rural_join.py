"""``--attractivite CAMPAGNE --densite grille.csv`` of ``report sector`` and ``audit``:
the rural grid's itinérance joined to a synthesis as one more published figure
(:mod:`evalsoc.reports.attractiveness.rural_reach`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from evalsoc.cli.common import RegularFile, echo_issues
from evalsoc.publish.inputs import ExtraFigures
from evalsoc.store.target import Target

__all__ = ["rural_extras", "rural_options"]

F = TypeVar("F", bound=Callable[..., Any])


def rural_options(func: F) -> F:
    func = click.option("--densite", "density", type=RegularFile(),
                        help="Avec --attractivite : la grille communale de densité de "
                             "l'INSEE (CSV : CODGEO, DENS), qui dit quelles communes "
                             "atteintes sont rurales.")(func)
    return click.option("--attractivite", "grid", metavar="CAMPAGNE",
                        help="Campagne de la grille des conditions d'attractivité rurale "
                             "(attractivite-rurale) : l'enjeu « décloisonner, ancrer dans "
                             "les territoires » y lit la part des structures en itinérance "
                             "rurale (R8), jointe par identifiant de structure. Avec "
                             "--densite.")(func)


def rural_extras(db: Target, campaign: str, grid: str | None, density: Path | None
                 ) -> tuple[ExtraFigures, ...]:
    """The joined figure (none without --attractivite); the density table's remarks
    are printed as warnings."""
    if grid is None:
        if density is not None:
            raise click.BadParameter("--densite ne sert qu'avec --attractivite CAMPAGNE.",
                                     param_hint="--densite")
        return ()
    if density is None:
        raise click.BadParameter(
            "--attractivite demande la grille communale de densité de l'INSEE : sans elle, "
            "on ne sait pas quelles communes atteintes sont rurales. Ajoutez --densite "
            "grille.csv.", param_hint="--densite")
    from evalsoc.reports.attractiveness.rural_reach import (  # noqa: PLC0415 - only then
        rural_figures,
    )

    figures, notes = rural_figures(db, campaign, grid, density)
    echo_issues(notes)
    return (figures,)
