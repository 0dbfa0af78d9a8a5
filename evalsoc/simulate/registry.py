"""Fictitious structures spread over Calvados, Manche and Orne, stable for a seed.

Names are assembled from generic venue words and invented place names ("La Grange de
Brumeval", "Compagnie du Pré-aux-Grives"): they sound local but belong to no real
association, so a simulated campaign can never be mistaken for real data. Communes are
real (they are places, not venues). Each structure draws from its own random stream, so
the first N structures are the same whatever the size of the registry.
"""

from __future__ import annotations

import csv
import io
import math
import random
from dataclasses import dataclass

from evalsoc.answers.model import StructureInfo

__all__ = [
    "BUDGET_MEDIAN",
    "CSV_COLUMNS",
    "DISCIPLINES",
    "SimStructure",
    "make_registry",
    "registry_csv",
    "size_band",
]

BUDGET_MEDIAN = 300_000.0
BUDGET_SIGMA = 0.8
CSV_COLUMNS = ("structure_id", "nom", "departement", "commune", "discipline", "territoire",
               "taille", "consentement")

URBAIN, MIXTE, RURAL = "urbain", "urbain en environnement rural", "rural"
COMMUNES: dict[str, tuple[tuple[str, str], ...]] = {
    "14": (("Caen", URBAIN), ("Lisieux", URBAIN), ("Bayeux", URBAIN),
           ("Hérouville-Saint-Clair", URBAIN), ("Vire Normandie", MIXTE), ("Falaise", MIXTE),
           ("Honfleur", MIXTE), ("Condé-en-Normandie", MIXTE), ("Pont-l'Évêque", MIXTE),
           ("Livarot-Pays-d'Auge", RURAL), ("Isigny-sur-Mer", RURAL), ("Cambremer", RURAL),
           ("Villers-Bocage", RURAL), ("Thury-Harcourt-le-Hom", RURAL)),
    "50": (("Cherbourg-en-Cotentin", URBAIN), ("Saint-Lô", URBAIN), ("Granville", URBAIN),
           ("Coutances", MIXTE), ("Avranches", MIXTE), ("Valognes", MIXTE),
           ("Carentan-les-Marais", MIXTE), ("Villedieu-les-Poêles-Rouffigny", RURAL),
           ("Mortain-Bocage", RURAL), ("Barneville-Carteret", RURAL), ("Périers", RURAL),
           ("Pontorson", RURAL), ("Saint-Vaast-la-Hougue", RURAL)),
    "61": (("Alençon", URBAIN), ("Flers", URBAIN), ("Argentan", URBAIN), ("L'Aigle", MIXTE),
           ("Mortagne-au-Perche", MIXTE), ("La Ferté-Macé", MIXTE),
           ("Domfront en Poiraie", RURAL), ("Sées", RURAL), ("Vimoutiers", RURAL),
           ("Bellême", RURAL), ("Gacé", RURAL), ("Putanges-le-Lac", RURAL)),
}
DEPARTEMENT_WEIGHTS = {"14": 0.45, "50": 0.35, "61": 0.20}

# discipline: (weight in the sector, budget factor, name patterns)
DISCIPLINES: dict[str, tuple[float, float, tuple[str, ...]]] = {
    "musiques actuelles": (0.18, 1.6, ("Le Hangar {place}", "La Grange {place}",
                                       "Le Tympan {place}")),
    "théâtre": (0.17, 0.7, ("Compagnie {place}", "Théâtre {place}", "Les Tréteaux {place}")),
    "festival": (0.14, 1.2, ("Festival {place}", "Les Nuits {place}", "Les Estivales {place}")),
    "cinéma associatif": (0.10, 0.8, ("Les Écrans {place}", "Ciné-club {place}", "Cinéma {place}")),
    "école de musique": (0.14, 1.0, ("École de musique {place}", "Harmonie {place}",
                                     "Les Ateliers musicaux {place}")),
    "arts visuels": (0.12, 0.45, ("Collectif {place}", "L'Atelier {place}", "La Fabrique {place}")),
    "patrimoine": (0.10, 0.4, ("Les Amis {place}", "Mémoire {place}", "La Maison {place}")),
    "danse": (0.05, 0.7, ("Compagnie {place}", "Le Studio {place}")),
}
# Invented place names: a word of the bocage and a complement, or a made-up name. Some
# may exist as a field name somewhere; none, joined to a venue word, names a real venue.
PLACE_BASES = (("du", "Val"), ("du", "Pré"), ("du", "Clos"), ("du", "Gué"), ("du", "Bois"),
               ("du", "Courtil"), ("de la", "Haie"), ("de la", "Roche"), ("de la", "Lande"),
               ("de la", "Fontaine"), ("de la", "Hêtraie"), ("de la", "Pommeraie"),
               ("de la", "Bruyère"), ("de la", "Mare"))
PLACE_TAILS = ("aux-Grives", "aux-Merles", "des-Vents", "sous-Brume", "aux-Fées",
               "des-Sources", "aux-Ajoncs", "des-Goélands", "aux-Chouettes", "des-Pommiers")
PLACE_NAMES = ("de Brumeval", "de Cidrebourg", "de Longuehaie", "de la Merlerie",
               "de l'Ajoncière", "de la Goélandière", "de Vaudebrume", "de Clairmarais-sur-Orvette")
CONSENTS = (("nominative", 0.55), ("anonyme", 0.35), ("aucune", 0.10))
TERRITORY_WEIGHTS = {URBAIN: 0.35, MIXTE: 0.35, RURAL: 0.30}
TERRITORY_BUDGET = {URBAIN: 1.25, MIXTE: 1.0, RURAL: 0.75}


def _typical_factor() -> float:
    """The weighted geometric mean of the budget factors: it keeps the median at
    BUDGET_MEDIAN whatever the mix of disciplines and territories."""
    total = sum(w for w, _, _ in DISCIPLINES.values())
    logs = sum(w * math.log(f) for w, f, _ in DISCIPLINES.values()) / total
    logs += sum(TERRITORY_WEIGHTS[t] * math.log(f) for t, f in TERRITORY_BUDGET.items())
    return math.exp(logs)


_TYPICAL_FACTOR = _typical_factor()


@dataclass(frozen=True)
class SimStructure:
    """A fictitious structure and the budget it has in the reference year."""

    info: StructureInfo
    budget: float


def size_band(budget: float) -> str:
    """The size band shown on the "Identification" sheet."""
    if budget < 100_000:
        return "moins de 100 k€"
    return "100 à 300 k€" if budget < 300_000 else "plus de 300 k€"


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _name(rng: random.Random, discipline: str) -> str:
    pattern = rng.choice(DISCIPLINES[discipline][2])
    if rng.random() < 0.15:
        place = rng.choice(PLACE_NAMES)
    else:
        article, base = rng.choice(PLACE_BASES)
        place = f"{article} {base}-{rng.choice(PLACE_TAILS)}"
    return pattern.replace("{place}", place)


def _structure(seed: int, number: int) -> SimStructure:
    rng = random.Random(f"evalsoc-registry:{seed}:{number}")
    departement = _pick(rng, DEPARTEMENT_WEIGHTS)
    territoire = _pick(rng, TERRITORY_WEIGHTS)
    communes = [c for c, t in COMMUNES[departement] if t == territoire]
    discipline = _pick(rng, {d: w for d, (w, _, _) in DISCIPLINES.items()})
    factor = DISCIPLINES[discipline][1] * TERRITORY_BUDGET[territoire] / _TYPICAL_FACTOR
    budget = round(BUDGET_MEDIAN * factor * math.exp(rng.gauss(0, BUDGET_SIGMA)), -2)
    budget = max(budget, 15_000.0)
    consent = rng.choices([c for c, _ in CONSENTS], weights=[w for _, w in CONSENTS])[0]
    info = StructureInfo(id=f"S{number:04d}", name=_name(rng, discipline),
                         departement=departement, commune=rng.choice(communes),
                         discipline=discipline, territoire=territoire,
                         taille=size_band(budget), consentement=consent)
    return SimStructure(info, budget)


def make_registry(n: int, seed: int) -> list[SimStructure]:
    """``n`` structures with ids S0001...; a repeated name gets its commune."""
    taken: dict[str, int] = {}
    out: list[SimStructure] = []
    for number in range(1, n + 1):
        sim = _structure(seed, number)
        key = sim.info.name.casefold()
        taken[key] = taken.get(key, 0) + 1
        if taken[key] > 1:
            name = f"{sim.info.name} ({sim.info.commune})"
            if taken[key] > 2 or name.casefold() in taken:
                name = f"{sim.info.name} {taken[key]}"
            taken[name.casefold()] = 1
            sim = SimStructure(sim.info.model_copy(update={"name": name}), sim.budget)
        out.append(sim)
    return out


def registry_csv(structures: list[SimStructure]) -> bytes:
    """The registry as ``structures.csv``: ";" separated, UTF-8 with a BOM (Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for sim in structures:
        info = sim.info
        writer.writerow((info.id, info.name, info.departement, info.commune, info.discipline,
                         info.territoire, info.taille, info.consentement))
    return buffer.getvalue().encode("utf-8-sig")
