"""The sector facts that answer the four regional stakes (spec 6.E), as figures per
structure ready for the campaign's publication: shares (a yes/no flag per structure),
counts (a number per structure) and the staff's answers (trained / answering, summed).

::

    answers to the facts' questions, with the version each workbook was filled under
      --crosswalk--> under the campaign's question ids (or left out: a structure whose
                     version did not ask the question is not in that fact's n)
      --FACTS-->     ExtraFigures « enjeux-faits » (whole campaign) and « dispositifs »
                     (by département), summed, protected and audited with the rest

A fact whose question the campaign's référentiel does not ask is « non recueilli »: the
report says so (:func:`collected`), it never disappears. Pure: no store, no file.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from evalsoc.publish.inputs import ExtraFigures
from evalsoc.referentiel.bundle import split_ref
from evalsoc.referentiel.crosswalk import ChangeKind
from evalsoc.referentiel.model import Referentiel

__all__ = ["COUNT", "FACTS", "FACTS_ID", "SHARE", "SUPPORT", "SUPPORT_QUESTION", "TRAINING",
           "Fact", "carried", "collected", "fact_figures", "own_version", "questions_needed",
           "source_of", "to_campaign_ids"]

FACTS_ID = "enjeux-faits"
SUPPORT, SUPPORT_QUESTION = "dispositifs", "dispositifs_accompagnement"
SHARE, COUNT = "part:", "nombre:"  # question prefixes of the published figures
TRAINING = ("formes", "repondants")  # the two sums behind the share of staff trained
_KEPT = (ChangeKind.SAME, ChangeKind.REWORDED, ChangeKind.RENAMED)


def _yes(value: object) -> float:
    return 1.0 if value == "oui" else 0.0


def _ticked(*codes: str) -> Callable[[object], float]:
    def test(value: object) -> float:
        ticked = value if isinstance(value, list) else [value]
        return 1.0 if any(c in ticked for c in codes) else 0.0
    return test


def _at_least(low: float) -> Callable[[object], float]:
    def test(value: object) -> float:
        try:
            return 1.0 if float(str(value)) >= low else 0.0
        except ValueError:
            return 0.0
    return test


def _any_model(value: object) -> float:
    ticked = value if isinstance(value, list) else [value]
    return 1.0 if any(c not in ("aucun", None) for c in ticked) else 0.0


def _number(value: object) -> float:
    try:
        return float(str(value))
    except ValueError:
        return float("nan")


@dataclass(frozen=True)
class Fact:
    """One sector fact: ``kind`` « part » (share of the structures that answered),
    « nombre » (total of their answers) or « salaries » (share of the staff who
    answered, summed over structures); ``question`` None: no référentiel asks it."""

    key: str
    stake: str
    label: str
    question: str | None
    kind: str = "part"
    test: Callable[[object], float] = _yes
    where: str = ""  # where the fact can be read when no questionnaire item asks it


FACTS: tuple[Fact, ...] = (
    Fact("reseau", "structuration", "Structures membres d'un réseau ou d'une fédération",
         "membre_reseau"),
    Fact("mutualisation", "structuration", "Structures qui mutualisent durablement des "
         "emplois, du matériel ou des locaux", "mutualisations",
         test=_ticked("emploi", "materiel", "locaux")),
    Fact("rencontres", "structuration", "Structures qui prennent part aux temps de travail "
         "réguliers du secteur (forums, rencontres de réseau)", "mutualisations",
         test=_ticked("rencontres")),
    Fact("modeles", "structuration", "Structures engagées dans au moins un modèle coopératif "
         "ou mutualisé (SCIC, groupement d'employeurs, tiers-lieu…)", "nouveaux_modeles",
         test=_any_model),
    Fact("cooperations", "structuration", "Coopérations : structures du territoire avec "
         "lesquelles une action commune a été menée (total déclaré)",
         "nb_partenariats_locaux", kind="nombre", test=_number),
    Fact("amateurs", "decloisonnement", "Structures qui ont construit au moins un projet "
         "entre amateurs et professionnels dans la saison", "amateurs_professionnels",
         test=_at_least(2)),
    Fact("social", "decloisonnement", "Structures qui ont agi avec au moins une structure "
         "sociale, médico-sociale, de santé ou de la justice", "partenariats_sociaux",
         test=_at_least(1)),
    Fact("social_nombre", "decloisonnement", "Partenariats avec des structures sociales, "
         "médico-sociales, de santé ou de la justice (total déclaré)",
         "partenariats_sociaux", kind="nombre", test=_number),
    Fact("rural", "decloisonnement", "Part des actions menées dans des communes rurales",
         None, where="la grille d'attractivité rurale (evalsoc report attractivite)"),
    Fact("convention", "professionnalisation", "Employeurs qui appliquent une convention "
         "collective à tous leurs salariés (obligation légale : alerte de conformité)",
         "convention_collective"),
    Fact("formation", "professionnalisation", "Salariés qui ont suivi une formation dans "
         "l'année (part des salariés répondants)", "sal_formation", kind="salaries"),
    Fact("tresorerie", "professionnalisation", "Structures qui tiennent un plan de "
         "trésorerie", None,
         where="l'autodiagnostic financier (evalsoc report finance) pour les alertes "
               "financières"),
    *(Fact(f"dispositif_{code}", "accompagnement", label, SUPPORT_QUESTION,
           test=_ticked(code)) for code, label in (
        ("dla", "Structures accompagnées par un DLA ces trois dernières années"),
        ("reseau", "Structures accompagnées par un réseau ou une fédération"),
        ("centre_ressources", "Structures accompagnées par un centre de ressources"),
        ("collectivite", "Structures accompagnées par une collectivité ou la DRAC"),
        ("appel_projets", "Structures accompagnées dans un appel à projets"),
        ("aucun", "Structures sans aucun accompagnement ces trois dernières années"))),
    Fact("connaissance_dla", "accompagnement", "Structures qui connaissent le DLA", None),
    Fact("europe", "accompagnement", "Structures qui ont répondu à des appels à projets, "
         "européens compris", None),
)


def questions_needed(referentiel: Referentiel) -> tuple[str, ...]:
    """The stored question ids to read: the facts' own, and the ids of the version
    before that the crosswalk carries to them."""
    needed = list(dict.fromkeys(f.question for f in FACTS if f.question))
    _, kept = _renames(referentiel)
    return (*needed, *(old for old, new in kept.items()
                       if new in needed and old not in needed))


def collected(fact: Fact, referentiel: Referentiel) -> bool:
    """Whether the campaign's référentiel asks the fact's question."""
    return fact.question is not None and fact.question in referentiel.questions()


def source_of(fact: Fact, referentiel: Referentiel) -> str:
    """The fact's source in words: its indicator and the group asked."""
    if not collected(fact, referentiel):
        return ""
    question = referentiel.questions()[str(fact.question)]
    indicator = next((i.label for i in referentiel.indicateurs()
                      if any(q.id == question.id for q in i.questions)), question.label)
    group = next((g.label for g in referentiel.groups if g.id == question.group), "")
    return f"« {indicator} »" + (f" ({group.lower()})" if group else "")


def _renames(referentiel: Referentiel) -> tuple[str, dict[str, str]]:
    """The version before the campaign's, and its question ids carried one to one
    (same, reworded or renamed in the crosswalk) -> the campaign's ids."""
    walk = referentiel.crosswalk
    if walk is None:
        return "", {}
    kept = {e.old[0]: e.targets()[0] for e in walk.questions
            if e.change in _KEPT and len(e.old) == 1 and len(e.targets()) == 1}
    return f"{referentiel.id}@{walk.previous}", kept


def own_version(version: str, referentiel: Referentiel) -> str:
    """A bundle's référentiel (``ardes-culture@1.1.0+autodiag-financier@1.0.0``, one
    workbook asking both) -> its part of the campaign's référentiel, whose questions it
    asks as they are; any other version unchanged."""
    if "+" not in version:
        return version
    return next((p for p in split_ref(version) if p.partition("@")[0] == referentiel.id),
                version)


def carried(referentiel: Referentiel, version: str) -> set[str]:
    """The campaign's question ids that a workbook filled under ``version`` answers."""
    version = own_version(version, referentiel)
    if version == referentiel.ref:
        return set(referentiel.questions())
    before, kept = _renames(referentiel)
    return set(kept.values()) if version == before else set()


def to_campaign_ids(answers: pd.DataFrame, referentiel: Referentiel) -> pd.DataFrame:
    """``answers`` (with the ``referentiel`` each came from) under the campaign's
    question ids: as they are when filled under the campaign's version; through the
    crosswalk when filled under the version before it and the question is kept (same,
    reworded or renamed); left out otherwise (the structure is then out of that
    fact's n: a converted or new question is never guessed)."""
    version = answers["referentiel"].astype(str).map(lambda v: own_version(v, referentiel))
    before, kept = _renames(referentiel)
    earlier = answers[version == before]
    mapped = earlier.assign(question=earlier["question"].map(kept))
    out = pd.concat([answers[version == referentiel.ref],
                     mapped[mapped["question"].notna()]], ignore_index=True)
    return out.reset_index(drop=True)


def fact_figures(campaign: str, answers: pd.DataFrame, referentiel: Referentiel
                 ) -> tuple[ExtraFigures, ExtraFigures]:
    """The facts' figures per structure (``answers`` under the campaign's ids: columns
    structure_id, groupe, question, valeur), and the support schemes by option."""
    rows: list[dict[str, object]] = []
    structure = answers[answers["groupe"] == "structure"]
    for fact in FACTS:
        if not collected(fact, referentiel):
            continue
        if fact.kind == "salaries":
            rows += _staff(campaign, answers, fact)
            continue
        mine = structure[structure["question"] == fact.question]
        prefix = SHARE if fact.kind == "part" else COUNT
        for ident, value in zip(mine["structure_id"], mine["valeur"], strict=True):
            number = fact.test(value)
            if not math.isnan(number):
                rows.append({"campagne": campaign, "structure_id": str(ident),
                             "question": prefix + fact.key, "value": number})
    support = _support(campaign, structure, referentiel)
    columns = ["campagne", "structure_id", "question", "value"]
    return (ExtraFigures(FACTS_ID, pd.DataFrame(rows, columns=columns), by=(),
                         flags=(SHARE,)), support)


def _staff(campaign: str, answers: pd.DataFrame, fact: Fact) -> list[dict[str, object]]:
    """Per structure, how many staff answered the question and how many said yes."""
    mine = answers[answers["question"] == fact.question]
    counts: Mapping[str, tuple[int, int]] = {
        str(s): (int((group["valeur"] == "oui").sum()), len(group))
        for s, group in mine.groupby("structure_id")}
    return [{"campagne": campaign, "structure_id": s,
             "question": f"{COUNT}{fact.key}_{part}", "value": float(n)}
            for s, (yes, total) in counts.items()
            for part, n in zip(TRAINING, (yes, total), strict=True)]


def _support(campaign: str, structure: pd.DataFrame, referentiel: Referentiel
             ) -> ExtraFigures:
    """Per structure that said which support schemes it used, 1 for each option
    ticked, 0 for the others: their sums by département (stake 4)."""
    question = referentiel.questions().get(SUPPORT_QUESTION)
    codes = [o.code for o in referentiel.options_of(question)] if question else []
    mine = structure[structure["question"] == SUPPORT_QUESTION]
    rows = [{"campagne": campaign, "structure_id": str(s), "question": f"dispositif:{code}",
             "value": _ticked(str(code))(v)}
            for s, v in zip(mine["structure_id"], mine["valeur"], strict=True)
            for code in codes]
    return ExtraFigures(SUPPORT, pd.DataFrame(rows, columns=["campagne", "structure_id",
                                                             "question", "value"]),
                        flags=("dispositif:",))
