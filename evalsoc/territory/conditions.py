"""The « conditions d'attractivité » of each structure (R1 to R12), and its typology.

A pure function of one campaign's answers (the structure's own and its publics'), the
référentiel ``attractivite-rurale`` and, when the user gives one, the INSEE density table
(:mod:`.density`). It describes, it never scores:

- R1 the commune's density level: from the table when the commune is in it (the table
  wins over a class chosen by hand, and says so), otherwise the class chosen by hand;
- R4 where the publics come from, from the postcodes of the publics' questionnaire:
  the structure's commune, the rest of its intercommunality (the postcodes the
  structure lists), the rest of its département (the first two digits), elsewhere;
  and the share of newcomers (under five years in the area);
- R6 the share of publics who came by car (alone or shared);
- R8 the communes reached and the share of them that are rural (from the table);
- R9 regular volunteers per 1,000 inhabitants of the intercommunality;
- R11 the age bands of the publics;
- the others (R2, R3, R5, R7, R10, R12) as the structure answered them.

Indicators of the publics need as many respondents as the group's minimum; with fewer,
they say « non évaluable » with the count. The typology for the rural workshop reads
R4 and R8 against R2, R5 and R9 with the référentiel's parameters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.model import Referentiel
from evalsoc.support.formatting import fr_number, fr_percent
from evalsoc.territory.density import LEVELS, normal_code

__all__ = ["CLASSES", "Condition", "StructureConditions", "campaign_conditions",
           "conditions_of", "typology_of"]

CLASSES = {"attractive": "Attractive : large portée et itinérance rurale",
           "portee": "Large portée, sans itinérance rurale",
           "itinerance": "Itinérance rurale, portée locale",
           "locale": "Ancrage local",
           "non_rurale": "Hors milieu rural",
           "inconnue": "Territoire ou publics inconnus"}
CAR = ("voiture", "covoiturage")


@dataclass(frozen=True)
class Condition:
    code: str  # R1 ... R12
    label: str
    value: str  # what the fiche prints
    source: str  # where the datum comes from


@dataclass
class StructureConditions:
    structure_id: str
    level: int | None = None
    level_source: str = ""
    rural: bool | None = None
    reach: float | None = None  # share of publics from outside the intercommunality
    rural_reached: float | None = None  # share of the communes reached that are rural
    communes_reached: int = 0
    isolated: bool | None = None
    agreement: bool | None = None  # a written agreement with the intercommunality
    volunteers_per_thousand: float | None = None
    volunteers_rare: bool | None = None
    rows: list[Condition] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def typology_of(c: StructureConditions, referentiel: Referentiel) -> str:
    """The class of the rural workshop's typology (see :data:`CLASSES`), with the
    référentiel's parameters."""
    spec = referentiel.observation
    assert spec is not None
    reach_min, rural_min = spec.parameter("portee_min"), spec.parameter("itinerance_min")
    communes_min = spec.parameter("communes_itinerance_min")
    if c.rural is None:
        return "inconnue"
    if not c.rural:
        return "non_rurale"
    if c.reach is None:
        return "inconnue"
    wide = c.reach >= reach_min
    roving = (c.rural_reached is not None and c.communes_reached >= communes_min
              and c.rural_reached >= rural_min)
    return {(True, True): "attractive", (True, False): "portee",
            (False, True): "itinerance", (False, False): "locale"}[(wide, roving)]


def _codes(text: object) -> list[str]:
    if not isinstance(text, str):
        return []
    return [t.strip().upper() for t in text.replace(";", ",").split(",") if t.strip()]


def _yes(value: object) -> str:
    return {"oui": "oui", "non": "non"}.get(str(value), "non renseigné")


def _share_text(part: float | None, n: int, minimum: int) -> str:
    if n < minimum:
        return f"non évaluable ({n} répondant(s), {minimum} au moins)"
    return fr_percent(part) if part is not None else "non renseigné"


def _origin(codes: Sequence[str], commune_cp: str, epci: Sequence[str]
            ) -> Counter[str]:
    found: Counter[str] = Counter()
    for code in codes:
        if code == commune_cp:
            found["commune"] += 1
        elif code in epci:
            found["epci"] += 1
        elif code[:2] == commune_cp[:2]:
            found["departement"] += 1
        else:
            found["ailleurs"] += 1
    return found


def _density(out: StructureConditions, answers: Mapping[str, object],
             table: Mapping[str, int] | None, table_name: str, name: str) -> None:
    commune = str(answers.get("code_commune") or "")
    code = normal_code(commune)
    hand = answers.get("classe_densite")
    hand_level = int(hand) if isinstance(hand, str) and hand.isdigit() else None
    from_table = table.get(code) if table is not None and code is not None else None
    if table is not None and from_table is None and commune:
        out.issues.append(make_issue(Code.RUR_NOT_IN_TABLE, commune=commune, structure=name,
                                     table=table_name))
    if from_table is not None:
        out.level, out.level_source = from_table, f"table de densité INSEE ({table_name})"
        if hand_level is not None and hand_level != from_table:
            out.issues.append(make_issue(Code.RUR_HAND_DIFFERS, structure=name,
                                         hand=hand_level, table=from_table, commune=code))
    elif hand_level is not None:
        out.level, out.level_source = hand_level, "classe choisie à la main"
    else:
        out.issues.append(make_issue(Code.RUR_NO_CLASS, structure=name))


def conditions_of(structure_id: str, name: str, answers: Mapping[str, object],
                  publics: pd.DataFrame, referentiel: Referentiel,
                  table: Mapping[str, int] | None = None, table_name: str = ""
                  ) -> StructureConditions:
    """R1 to R12 for one structure (``answers``: its own, by question; ``publics``: its
    publics' answers, columns repondant, question, valeur)."""
    spec = referentiel.observation
    assert spec is not None
    rural_min = int(spec.parameter("rural_min"))
    out = StructureConditions(structure_id)
    _density(out, answers, table, table_name, name)
    if out.level is not None:
        out.rural = out.level >= rural_min
    level_text = (f"{out.level} — {LEVELS[out.level]}" if out.level is not None
                  else "inconnue")
    rows = [Condition("R1", "Type de territoire (grille de densité, 7 niveaux)",
                      f"{level_text}{' (rural)' if out.rural else ''}",
                      out.level_source or "ni table ni classe choisie")]
    distance = answers.get("distance_offre")
    if isinstance(distance, (int, float)):
        out.isolated = float(distance) > spec.parameter("isolement_km")
    rows.append(Condition("R2", "Isolement : offre comparable la plus proche",
                          f"{fr_number(float(distance), 0)} km" if isinstance(
                              distance, (int, float)) else "non renseigné", "structure"))
    rows.append(_anchoring(answers))
    rows += _publics(out, answers, publics, referentiel)
    out.agreement = answers.get("convention_epci") == "oui" if answers.get(
        "convention_epci") in ("oui", "non") else None
    partners = answers.get("communes_partenaires")
    rows.append(Condition(
        "R5", "Coopération avec les communes et l'intercommunalité",
        f"convention avec l'intercommunalité : {_yes(answers.get('convention_epci'))} ; "
        f"communes partenaires : {_number(partners)} ; locaux prêtés : "
        f"{_yes(answers.get('locaux_pretes'))} ; projet de territoire : "
        f"{_yes(answers.get('projet_territoire'))}", "structure"))
    rows.append(_places(answers, referentiel))
    rows.append(_roving(out, answers, table))
    rows.append(_volunteers(out, answers, referentiel))
    rows.append(Condition("R10", "Services à moins de 5 km",
                          _labels(referentiel, "services_proximite",
                                  answers.get("services_proximite")), "structure"))
    rows.append(Condition("R12", "Achats auprès de fournisseurs du département",
                          _percent(answers.get("part_achats_departement")), "structure"))
    out.rows = sorted(rows, key=lambda r: int(r.code[1:]))
    return out


def _number(value: object) -> str:
    return fr_number(float(value), 0) if isinstance(value, (int, float)) else "non renseigné"


def _percent(value: object) -> str:
    return fr_percent(float(value) / 100) if isinstance(value, (int, float)) else \
        "non renseigné"


def _labels(referentiel: Referentiel, question: str, value: object) -> str:
    """An answer's label (or labels), « non renseigné » for none."""
    options = {o.code: o.label for o in referentiel.options_of(referentiel.questions()[question])}
    if isinstance(value, (list, tuple)):
        return ", ".join(options.get(str(v), str(v)) for v in value) or "aucun"
    return options.get(str(value), "non renseigné") if value is not None else "non renseigné"


def _anchoring(answers: Mapping[str, object]) -> Condition:
    return Condition("R3", "Ancrage : années sur le territoire, équipes de l'intercommunalité",
                     f"{_number(answers.get('annees_territoire'))} an(s) ; bénévoles : "
                     f"{_percent(answers.get('part_benevoles_epci'))} ; salariés : "
                     f"{_percent(answers.get('part_salaries_epci'))}", "structure")


def _publics(out: StructureConditions, answers: Mapping[str, object],
             publics: pd.DataFrame, referentiel: Referentiel) -> list[Condition]:
    group = referentiel.group("publics")
    minimum = group.min_respondents if group is not None else 1
    answered = publics[publics["statut"] == "answered"] if not publics.empty else publics

    def values(question: str) -> list[object]:
        if answered.empty:
            return []
        return list(answered.loc[answered["question"] == question, "valeur"])

    codes = [c for c in (str(v).strip() for v in values("pub_code_postal")) if c]
    commune = str(answers.get("code_postal") or "").strip()
    epci = [c for c in _codes(answers.get("codes_postaux_epci")) if c != commune]
    origin = _origin(codes, commune, epci)
    n = len(codes)
    if n >= minimum:
        out.reach = (origin["departement"] + origin["ailleurs"]) / n
    shares = (" ; ".join(f"{label} {fr_percent(origin[key] / n)}" for key, label in (
        ("commune", "commune"), ("epci", "intercommunalité"),
        ("departement", "département"), ("ailleurs", "ailleurs")))
        if n >= minimum else _share_text(None, n, minimum))
    newcomers = values("pub_nouvel_habitant")
    new_share = (sum(v == "oui" for v in newcomers) / len(newcomers)) if newcomers else None
    transport = values("pub_transport")
    car = sum(v in CAR for v in transport) / len(transport) if transport else None
    ages = Counter(str(v) for v in values("pub_age"))
    total_ages = sum(ages.values())
    age_labels = {o.code: o.label for o in referentiel.options_of(
        referentiel.questions()["pub_age"])}
    age_text = (" ; ".join(f"{age_labels[c]} {fr_percent(ages[c] / total_ages)}"
                           for c in age_labels if ages[c]) if total_ages >= minimum
                else _share_text(None, total_ages, minimum))
    return [
        Condition("R4", "Provenance des publics (code postal)",
                  f"domicile : {shares} ; nouveaux habitants (moins de 5 ans) "
                  f"{_share_text(new_share, len(newcomers), minimum)}",
                  f"publics ({n} code(s) postal(aux))"),
        Condition("R6", "Mobilité et accessibilité",
                  f"transport collectif : {_yes(answers.get('transport_collectif'))} ; navettes "
                  f"ou covoiturage : {_labels(referentiel, 'navettes', answers.get('navettes'))}"
                  f" ; publics venus en voiture : {_share_text(car, len(transport), minimum)}",
                  "structure et publics"),
        Condition("R11", "Liens entre générations",
                  f"âges des publics : {age_text} ; actions intergénérationnelles : "
                  f"{_number(answers.get('actions_intergenerationnelles'))}",
                  "publics et structure"),
    ]


def _places(answers: Mapping[str, object], referentiel: Referentiel) -> Condition:
    return Condition("R7", "Locaux",
                     f"{_labels(referentiel, 'locaux', answers.get('locaux'))} ; lieux non "
                     f"dédiés utilisés : {_number(answers.get('lieux_non_dedies'))}",
                     "structure")


def _roving(out: StructureConditions, answers: Mapping[str, object],
            table: Mapping[str, int] | None) -> Condition:
    codes = [c for c in (normal_code(t) for t in _codes(answers.get("communes_atteintes")))
             if c is not None]
    out.communes_reached = len(set(codes))
    if table is None:
        return Condition("R8", "Itinérance, hors les murs",
                         f"{out.communes_reached} commune(s) atteinte(s) ; part rurale non "
                         "calculable sans table de densité", "structure")
    known = [table[c] for c in set(codes) if c in table]
    rural = [lv for lv in known if lv >= 5]
    out.rural_reached = len(rural) / len(known) if known else None
    missing = out.communes_reached - len(known)
    text = (f"{out.communes_reached} commune(s) atteinte(s) ; rurales : "
            + (fr_percent(out.rural_reached) if out.rural_reached is not None else "inconnu")
            + (f" ({missing} commune(s) absente(s) de la table)" if missing else ""))
    return Condition("R8", "Itinérance, hors les murs", text,
                     "structure, classes de la table de densité")


def _volunteers(out: StructureConditions, answers: Mapping[str, object],
                referentiel: Referentiel) -> Condition:
    regular, population = answers.get("benevoles_reguliers"), answers.get("population_epci")
    if isinstance(regular, (int, float)) and isinstance(population, (int, float)) \
            and population > 0:
        out.volunteers_per_thousand = 1000 * float(regular) / float(population)
        spec = referentiel.observation
        assert spec is not None
        out.volunteers_rare = out.volunteers_per_thousand < spec.parameter(
            "benevoles_pour_mille_min")
        ratio = f"{fr_number(out.volunteers_per_thousand, 1)} pour 1 000 habitants"
    else:
        ratio = "non calculable"
    return Condition("R9", "Disponibilité des bénévoles",
                     f"bénévoles réguliers : {ratio} de l'intercommunalité ; difficulté à "
                     "recruter : " + _labels(referentiel, "difficulte_recrutement",
                                             answers.get("difficulte_recrutement")),
                     "structure")


def campaign_conditions(answers: pd.DataFrame, names: Mapping[str, str],
                        referentiel: Referentiel, table: Mapping[str, int] | None = None,
                        table_name: str = "") -> list[StructureConditions]:
    """Every structure of a campaign's answers (Store.answers: structure_id, groupe,
    repondant, question, statut, valeur), in the order of their ids."""
    found = []
    for ident, rows in answers.groupby(answers["structure_id"].astype(str), sort=True):
        own = rows[(rows["groupe"] == "structure") & (rows["statut"] == "answered")]
        values = dict(zip(own["question"], own["valeur"], strict=True))
        publics = rows[rows["groupe"] == "publics"]
        found.append(conditions_of(str(ident), names.get(str(ident), str(ident)), values,
                                   publics, referentiel, table, table_name))
    return found
