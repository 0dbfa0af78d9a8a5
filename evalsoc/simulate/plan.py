"""A simulated board's plan d'action and shared analysis (every structure in évaluation
externe partagée, where a consultant runs the restitution, and :data:`SELF_RATE` of the
others, whose board writes its own): two or three pistes taken
from the référentiel's pistes for the critères of the structure's weakest dimension, who
carries them, a month in the next year, a follow-up indicator and a status. Drawn from a
stream of its own, so that every other simulated answer stays what it was.
"""

from __future__ import annotations

from evalsoc.answers.model import PlanAction
from evalsoc.simulate.context import Draw

__all__ = ["draw_plan"]

WHO = ("la présidente", "le bureau", "la directrice", "le chargé de médiation",
       "la commission bénévoles", "le trésorier")
FOLLOW_UP = ("nombre de participants par action", "part des bénévoles formés",
             "nombre de partenaires actifs", "compte rendu au conseil d'administration",
             "réponses au questionnaire des publics", "budget consacré à l'action")
STATUSES = ("à lancer", "à lancer", "en cours")
SELF_RATE = 0.4


def draw_plan(draw: Draw, accompanied: bool) -> tuple[tuple[PlanAction, ...], str | None]:
    """The pistes chosen and the analysis (none for most self-evaluations)."""
    ref = draw.campaign.referentiel
    rng = draw.key("plan")
    if not ref.dimensions or (not accompanied and rng.random() >= SELF_RATE):
        return (), None
    weakest = min(ref.dimensions, key=lambda d: draw.profile.dimensions[d.id])
    pistes = [p for c in weakest.criteres for p in c.pistes_action]
    if not pistes:
        return (), None
    chosen = rng.sample(pistes, k=min(len(pistes), rng.choice((2, 3))))
    year = draw.campaign.year + 1
    actions = tuple(PlanAction(piste=p, responsable=rng.choice(WHO),
                               echeance=f"{year}-{rng.randint(1, 12):02d}",
                               indicateur=rng.choice(FOLLOW_UP),
                               statut=rng.choice(STATUSES)) for p in chosen)
    analysis = (f"Le conseil retient la dimension « {weakest.label} » comme priorité pour "
                "l'année qui vient ; les autres résultats confirment ce que l'équipe "
                "percevait. Point d'étape prévu à mi-parcours avec le consultant.")
    return actions, analysis
