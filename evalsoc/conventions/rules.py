"""The rules of a Région convention (spec 6.D), as issues: pure functions of the
convention's fields and its référentiels.

1. Targets are set on raw values (hours, entries, communes, shares), never on a 0-100
   score or a level: those depend on band calibration and on the référentiel version
   (CNV001). A dimension or a critère has nothing but a score: naming one is the same
   refusal.
2. From 3 to 8 indicators (CNV003), with at least one réalisation and one résultat
   (CNV004, a warning).
3. A perception indicator (answered by publics, partners, volunteers...) is followed,
   never targeted (CNV002).
4. Each référentiel indicator keeps the version it was agreed under; the follow-up says
   when a later version redefines it (:mod:`evalsoc.conventions.lineage`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from evalsoc.catalogue import Code
from evalsoc.conventions.model import Convention, Indicator, Source
from evalsoc.conventions.values import value_rule
from evalsoc.errors import EvalsocError
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.model import Indicateur, Referentiel
from evalsoc.referentiel.registry import resolve
from evalsoc.support.text import canon
from evalsoc.versions.elements import nodes_of

__all__ = ["Resolver", "check_convention", "check_target", "indicator_from"]

MIN_INDICATORS, MAX_INDICATORS = 3, 8
MIN_YEARS, MAX_YEARS = 3, 4  # a convention pluriannuelle d'objectifs: 3 to 4 years [K]
# words that make a unit or a measure a mark or a level, not a raw value
_SCORED = re.compile(r"^(score|note|notes|niveau|niveaux|points?|/ ?100|sur 100|"
                     r"note sur 100|score 0-100|niveau 1-4|echelon de niveau)$")
_PERCEPTION = {"perception", "suivi", "suivi sans cible", "perception (suivi)"}
_RAW = {"", "valeur", "valeur brute", "brute", "brut"}

At = Callable[[str], dict[str, Any]]


class Resolver:
    """The référentiels named by a file, each loaded once (None: unknown, said once)."""

    def __init__(self, root: Any = None) -> None:
        self.root = root
        self.found: dict[str, Referentiel | str] = {}

    def get(self, ref: str) -> Referentiel | str:
        if ref not in self.found:
            try:
                self.found[ref] = resolve(ref, self.root)[1]
            except EvalsocError as err:
                self.found[ref] = err.issue.message
        return self.found[ref]


def _scored(measure: str, unit: str) -> str | None:
    for raw in (measure, unit):
        if raw and _SCORED.match(canon(raw)):
            return raw
    return None


def _refused(key: str, what: str, raw: str, at: At, column: str) -> Issue:
    return make_issue(Code.CNV_SCORE_TARGET, indicator=key, what=what, raw=raw, **at(column))


def _from_referentiel(key: str, ref: Referentiel, fields: dict[str, Any], at: At,
                      issues: list[Issue]) -> Indicator | None:
    node = nodes_of(ref).get(key)
    if node is None:
        examples = [i for i, n in nodes_of(ref).items() if isinstance(n.node, Indicateur)
                    and not isinstance(value_rule(ref, n.node), str)]
        issues.append(make_issue(Code.CNV_UNKNOWN_INDICATOR, raw=key, referentiel=ref.ref,
                                 examples=", ".join(examples[:6]),
                                 **at("indicateur")))
        return None
    if not isinstance(node.node, Indicateur):
        kind = "une dimension" if node.kind == "dimension" else "un critère"
        what = f"la note 0-100 et le niveau d'{kind} ({node.label})"
        issues.append(_refused(key, what, key, at, "indicateur"))
        return None
    rule = value_rule(ref, node.node)
    if isinstance(rule, str):
        issues.append(make_issue(Code.CNV_NO_VALUE, indicator=key, referentiel=ref.ref,
                                 why=rule, **at("indicateur")))
        return None
    if rule.perception and _targeted(fields):
        who = ", ".join(g.label.lower() for g in ref.groups if g.id in rule.groups)
        issues.append(make_issue(Code.CNV_PERCEPTION_TARGET, indicator=key,
                                 who=f"réponses de : {who}", **at("cible_valeur")))
        return None
    return Indicator(key, fields["label"] or rule.label, fields["unit"] or rule.unit,
                     fields["kind"] or rule.kind, fields["source"] or Source.QUESTIONNAIRE,
                     ref.ref, rule.perception, *_target(fields))


def _targeted(fields: dict[str, Any]) -> bool:
    return any(fields[k] not in (None, "") for k in ("direction", "target_raw", "due_year"))


def _target(fields: dict[str, Any]) -> tuple[Any, ...]:
    return (fields["baseline"], fields["baseline_year"], fields["target"],
            fields["direction"], fields["due_year"], fields["frequency"])


def indicator_from(key: str, referentiel: str, fields: dict[str, Any], at: At,
                   issues: list[Issue], resolver: Resolver) -> Indicator | None:
    """One indicator row checked; None (with its issues) when it cannot be agreed."""
    if not key:
        issues.append(make_issue(Code.CNV_REQUIRED, column="indicateur", what="la ligne",
                                 fix="donnez l'identifiant de l'indicateur du référentiel "
                                 "(CULT.3.2) ou un code pour un indicateur libre.",
                                 **at("indicateur")))
        return None
    scored = _scored(fields["measure"], fields["unit"])
    if scored is None and fields["target_raw"] and fields["target"] is None:
        scored = fields["target_raw"]
    if scored is not None:
        issues.append(_refused(key, "une note de 0 à 100 ou un niveau", scored, at,
                               "mesure" if scored == fields["measure"] else
                               "unite" if scored == fields["unit"] else "cible_valeur"))
        return None
    measure = canon(fields["measure"])
    if measure not in _RAW | _PERCEPTION:
        issues.append(make_issue(Code.CNV_CHOICE, raw=fields["measure"], column="mesure",
                                 accepted="valeur brute, perception", **at("mesure")))
        return None
    if referentiel:
        ref = resolver.get(referentiel)
        if isinstance(ref, str):
            issues.append(make_issue(Code.CNV_UNKNOWN_REFERENTIEL, raw=referentiel,
                                     detail=ref.rstrip("."), **at("referentiel")))
            return None
        return _from_referentiel(key, ref, fields, at, issues)
    return _free(key, fields, measure in _PERCEPTION, at, issues)


_FREE = (("libelle", "label", "décrivez ce qui est compté."),
         ("unite", "unit", "donnez l'unité de la valeur brute (heures, entrées, %...)."),
         ("nature", "kind", "réalisation, résultat ou impact."),
         ("source", "source", "comptes, bilan d'activité ou questionnaire."))


def _free(key: str, fields: dict[str, Any], perception: bool, at: At,
          issues: list[Issue]) -> Indicator | None:
    if perception and _targeted(fields):
        issues.append(make_issue(Code.CNV_PERCEPTION_TARGET, indicator=key,
                                 who="déclarée comme perception", **at("cible_valeur")))
        return None
    missing = [make_issue(Code.CNV_REQUIRED, column=c, what=f"l'indicateur libre « {key} »",
                          fix=fix, **at(c)) for c, k, fix in _FREE if not fields[k]]
    if missing:
        issues.extend(missing)
        return None
    return Indicator(key, fields["label"], fields["unit"], fields["kind"], fields["source"],
                     None, perception, *_target(fields))


def check_target(ind: Indicator, start: int, end: int, at: At) -> list[Issue]:
    """A targeted indicator's target complete, due within the convention's period."""
    issues: list[Issue] = []
    if ind.due_year is not None and not start <= ind.due_year <= end and end >= start:
        issues.append(make_issue(Code.CNV_DUE_YEAR, indicator=ind.key, year=ind.due_year,
                                 start=start, end=end, **at("cible_annee")))
    if ind.perception:
        return issues
    for column, value, fix in (
            ("cible_valeur", ind.target, "donnez la valeur brute visée (un indicateur de "
             "perception, lui, se suit sans cible : mesure = perception)."),
            ("cible_sens", ind.direction, "écrivez ≥ ou ≤."),
            ("cible_annee", ind.due_year, "écrivez l'année d'échéance de la cible."),
            ("base_valeur", ind.baseline, "donnez la valeur de départ, qui situe la "
             "progression vers la cible."),
            ("base_annee", ind.baseline_year, "donnez l'année de la valeur de départ.")):
        if value is None:
            issues.append(make_issue(Code.CNV_REQUIRED, column=column,
                                     what=f"l'indicateur « {ind.key} »", fix=fix, **at(column)))
    return issues


def check_convention(convention: Convention, rows: int, at: At,
                     hand_at: Callable[[str, int], dict[str, Any]]) -> list[Issue]:
    """The rules that look at the whole convention (``rows``: its indicator rows, read
    or refused)."""
    issues: list[Issue] = []
    start, end, key = convention.start, convention.end, convention.id
    if end < start:
        issues.append(make_issue(Code.CNV_PERIOD_ORDER, convention=key, start=start, end=end,
                                 **at("fin")))
    elif not MIN_YEARS <= end - start + 1 <= MAX_YEARS:
        issues.append(make_issue(Code.CNV_PERIOD, convention=key, years=end - start + 1,
                                 start=start, end=end, **at("fin")))
    keys = [i.key for i in convention.indicators]
    count = rows - (len(keys) - len(set(keys)))
    if not MIN_INDICATORS <= count <= MAX_INDICATORS:
        fix = ("Ajoutez-en." if count < MIN_INDICATORS else
               "Gardez les plus parlants.")
        issues.append(make_issue(Code.CNV_COUNT, convention=key, count=count, fix=fix,
                                 **at("convention")))
    for n, ident in enumerate(keys):
        if ident in keys[:n]:
            issues.append(make_issue(Code.CNV_DUPLICATE, indicator=ident, convention=key,
                                     **at("indicateur")))
    kinds = {i.kind for i in convention.indicators}
    missing = [w for k, w in (("realisation", "réalisation"), ("resultat", "résultat"))
               if k not in kinds]
    if convention.indicators and missing:
        issues.append(make_issue(Code.CNV_KINDS, convention=key, missing=" ni de ".join(missing),
                                 **at("convention")))
    known = ", ".join(keys) or "aucun"
    for hand in convention.hand:
        if hand.indicator not in keys:
            issues.append(make_issue(Code.CNV_HAND_UNKNOWN, raw=hand.indicator, convention=key,
                                     known=known, **hand_at(hand.indicator, hand.year)))
    return issues

