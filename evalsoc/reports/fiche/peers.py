"""The fiche's position among its peers, in words: per dimension, which quarter of the
structures of the same discipline (else the same size class) its score falls in, from
the quartiles the campaign's publication prints (:mod:`evalsoc.publish.peers`)."""

from __future__ import annotations

from typing import Any

from evalsoc.reports.fiche.model import DimensionView, Fiche, PeerView
from evalsoc.support.formatting import fr_number, whole_score

__all__ = ["HEADING", "peers_view", "position"]

HEADING = "Position parmi les structures comparables"
DASH = "—"


def position(score: float, peers: PeerView) -> str:
    """The quarter (or the half, where only the median is printed) ``score`` is in."""
    if peers.q1 is not None and peers.q3 is not None:
        if score < peers.q1:
            return "quart le plus bas"
        if score < peers.median:
            return "entre le 1er quartile et la médiane"
        if score < peers.q3:
            return "entre la médiane et le 3e quartile"
        return "quart le plus haut"
    return "sous la médiane" if score < peers.median else "à la médiane ou au-dessus"


def _figure(value: float | None, fiche: Fiche) -> str:
    if value is None:
        return DASH
    edges = [lv.min for lv in fiche.levels if lv.min > 0]
    return fr_number(whole_score(value, edges), 0)


def _row(d: DimensionView, peers: PeerView, fiche: Fiche) -> list[str]:
    assert d.score is not None
    group = f"{peers.group} ({peers.n})"
    return [d.label, group, _figure(peers.q1, fiche), _figure(peers.median, fiche),
            _figure(peers.q3, fiche), _figure(d.score, fiche), position(d.score, peers)]


def peers_view(fiche: Fiche) -> dict[str, Any] | None:
    """The section, or None when no dimension has a peer group the publication prints."""
    rows = [_row(d, d.peers, fiche) for d in fiche.dimensions
            if d.peers is not None and d.score is not None]
    if not rows:
        return None
    return {
        "intro": ("Votre score comparé à celui des structures de la même discipline (à "
                  "défaut, de la même taille) évaluées dans la campagne : la moitié d'entre "
                  "elles sont sous la médiane, un quart sous le 1er quartile, un quart "
                  "au-dessus du 3e."),
        "header": ["Dimension", "Structures comparables (nombre)", "1er quartile", "Médiane",
                   "3e quartile", "Votre score", "Votre position"],
        "rows": rows,
        "note": ("Chiffres de la publication de la campagne, soumis au secret statistique : "
                 "une médiane n'est montrée qu'à partir de 8 structures non nommées, des "
                 "quartiles à partir de 11, pour qu'aucune structure ne puisse en déduire "
                 "le score d'une autre ; « — » : non publié. Les petits groupes réunis sous "
                 "« Autres … » ne servent pas de comparaison."),
    }
