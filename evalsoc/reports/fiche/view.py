"""The fiche as both renderers read it: every number formatted the French way, every
sentence written, once. A section that has nothing to show is ``None``.

The view is plain JSON (strings, lists, dicts): the HTML template receives it as Jinja
variables (escaped), the Typst template as one JSON document (data, never markup).
"""

from __future__ import annotations

from typing import Any

from evalsoc.catalogue import Code
from evalsoc.explain.text import ABSENT_LABELS
from evalsoc.referentiel.model import Direction
from evalsoc.referentiel.reading import DIRECTION_LABELS
from evalsoc.reports.base import chart_data, message
from evalsoc.reports.fiche.charts import FicheCharts
from evalsoc.reports.fiche.indicators import INFORMATIONAL
from evalsoc.reports.fiche.model import DimensionView, Fiche, GroupMeanView, Highlight
from evalsoc.reports.fiche.peers import HEADING as PEERS_HEADING
from evalsoc.reports.fiche.peers import peers_view
from evalsoc.reports.fiche.plan import analysis_view, plan_view
from evalsoc.scoring.result import AbsentReason
from evalsoc.sensitivity import HALF_POINT, change_direction
from evalsoc.support.formatting import fr_number, fr_percent, fr_score, whole_score

__all__ = ["ARROWS", "STABILITY_NOTE", "change_text", "fiche_view"]

View = dict[str, Any]
DASH = "—"
ARROWS = {DIRECTION_LABELS[Direction.HIGHER_BETTER]: "↑",
          DIRECTION_LABELS[Direction.LOWER_BETTER]: "↓"}
FOOTER_NAME = 50  # characters of the name in the running footer
HEADINGS = {
    "summary": "Profil par dimension",
    "strengths": "Points forts",
    "vigilance": "Points de vigilance",
    "alerts": "Alertes de conformité",
    "criteres": "Détail par critère",
    "indicators": "Détail par indicateur : nature et sens de lecture",
    "peers": PEERS_HEADING,
    "pistes": "Pistes d'action",
    "plan": "Plan d'action retenu",
    "analysis": "Analyse partagée",
    "divergence": "Regards croisés des répondants",
    "evaluator": "Appréciation de l'évaluateur",
    "quotes": "Paroles de répondants",
    "comments": "Vos commentaires",
    "unscored": "Ce qui n'a pas pu être évalué",
    "method": "Méthode et données",
    "respondents": "Répondants par groupe",
    "completeness": "Complétude par dimension",
}


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def _level(code: int | None, label: str | None) -> str:
    return f"{code} · {label}" if code is not None and label else DASH


def _identity(fiche: Fiche) -> list[View]:
    who = fiche.identity
    rows = [("Identifiant", who.id), ("Commune", who.commune), ("Département", who.departement),
            ("Discipline", who.discipline), ("Territoire", who.territoire)]
    return [{"label": k, "value": v} for k, v in rows if v]


def _method(fiche: Fiche) -> View:
    m = fiche.method
    rows = [
        ("Référentiel", f"{m.referentiel_title} ({m.referentiel}, empreinte {m.hash_prefix})"),
        ("Campagne", m.campaign if m.campaign == str(m.year) else f"{m.campaign} ({m.year})"),
        ("Mode", m.mode[:1].upper() + m.mode[1:]),
        ("Calcul", f"evalsoc {m.engine_version}"),
    ]
    groups = [[g.label, fr_number(g.n, 0) + ("" if g.n >= g.minimum else " (trop peu)"),
               fr_number(g.minimum, 0)] for g in m.respondents]
    collection = [f"Recueil des réponses — {g.label.lower()} : {g.collection}."
                  for g in m.respondents if g.collection]
    completeness = [[d.label, "sans objet" if d.absent == ABSENT_LABELS[
        AbsentReason.NON_CONCERNE] else fr_percent(d.completeness)] for d in fiche.dimensions]
    return {
        "rows": [{"label": k, "value": v} for k, v in rows],
        "groups_header": ["Groupe", "Répondants", "Minimum"],
        "groups": groups,
        "collection": collection,
        "completeness_header": ["Dimension", "Complétude"],
        "completeness": completeness,
        "note": " ".join(n for n in (
            "Scores de 0 à 100.",
            STABILITY_NOTE if any(d.stability is not None for d in fiche.dimensions) else "",
            "La complétude est la part de ce qui s'applique à la structure qui a pu être "
            "renseignée ; « non concerné » ou « ne sait pas » n'est jamais compté comme un "
            "zéro. Sous le minimum, les réponses d'un groupe ne sont pas utilisées.") if n),
    }


def _levels(fiche: Fiche) -> list[View]:
    bounds = sorted(fiche.levels, key=lambda lv: lv.min)
    uppers = [lv.min for lv in bounds[1:]] + [100.0]
    return [{"code": str(lv.code), "label": lv.label, "color": lv.color,
             "range": f"{fr_score(lv.min)} à {fr_score(up)}"}
            for lv, up in zip(bounds, uppers, strict=True)]


NOT_PUBLISHED = "non publiée"
STABILITY_NOTE = ("Stabilité : part de 1 000 variantes des choix du référentiel (poids, "
                  "couverture, « non concerné ») qui gardent ce niveau.")


def _whole(score: float | None, fiche: Fiche | None = None) -> str:
    """A score as the fiche prints it: a whole number (halves up), never one at a level
    threshold the score does not reach; the store and the exports keep the exact value."""
    if score is None:
        return DASH
    edges = [lv.min for lv in fiche.levels if lv.min > 0] if fiche is not None else []
    return fr_number(whole_score(score, edges), 0)


def _median(d: DimensionView, fiche: Fiche) -> str:
    if d.sector_median is not None:
        return _whole(d.sector_median, fiche)
    return NOT_PUBLISHED if d.median_note else DASH


def _median_note(fiche: Fiche) -> str:
    """Why some medians are not printed, once under the table."""
    notes = list(dict.fromkeys(d.median_note for d in fiche.dimensions
                               if d.sector_median is None and d.median_note))
    if not notes:
        return ""
    reasons = "; ".join(n.removeprefix("médiane non publiée").strip(" ()") for n in notes)
    return f"Médiane « {NOT_PUBLISHED} » : {reasons}."


def _level_of(score: float, fiche: Fiche) -> tuple[int, str] | None:
    reached = [lv for lv in fiche.levels if score >= lv.min]
    return (reached[-1].code, reached[-1].label) if reached else None


def change_text(fiche: Fiche) -> str:
    """The change since the previous campaign in words, dimension by dimension: « en
    hausse » / « en baisse » by whole points only when it exceeds the noise of the
    robustness variants (:func:`evalsoc.sensitivity.change_direction`, the synthèse's
    rule), with the level left and reached when it changed; else « stable », saying when
    the gap is in the variants' noise."""
    if not fiche.previous_campaign:
        return ""
    parts = []
    for d in fiche.dimensions:
        if d.score is None or d.previous is None:
            continue
        delta = d.score - d.previous
        points = fr_number(abs(delta), 0)  # halves up, like every figure
        word = change_direction(delta, d.change_noise)
        if word == "stable":
            parts.append(f"{d.label} stable" if abs(delta) < HALF_POINT else
                         f"{d.label} stable (écart de {points} point(s) dans le bruit des "
                         "variantes)")
            continue
        text = f"{d.label} en {word} de {points} point(s)"
        before, now = _level_of(d.previous, fiche), _level_of(d.score, fiche)
        if before and now and before[0] != now[0]:
            text += f" (du niveau « {before[1]} » au niveau « {now[1]} »)"
        parts.append(text)
    if not parts:
        return ""
    return (f"Depuis la campagne {fiche.previous_campaign} : " + " ; ".join(parts)
            + ". Une hausse ou une baisse n'est dite que si l'écart garde son sens sous les "
              "variantes du référentiel (poids, couverture minimale, non concerné : du 5e "
              "au 95e centile) et atteint un point.")


def _summary(fiche: Fiche, charts: FicheCharts) -> View:
    colours = {lv.code: lv.color for lv in fiche.levels}
    header = ["Dimension", "Score", "Niveau"]
    stable = any(d.stability is not None for d in fiche.dimensions)
    if stable:
        header.append("Stabilité")
    if fiche.median_label:
        header.append("Médiane campagne")
    if fiche.previous_campaign:
        header.append(f"Campagne {fiche.previous_campaign}")
    rows = []
    for d in fiche.dimensions:
        cells = [d.label, _whole(d.score, fiche) if d.score is not None else d.absent,
                 _level(d.level, d.level_label)]
        if stable:
            cells.append(fr_percent(d.stability) if d.stability is not None
                         and d.level is not None else DASH)
        if fiche.median_label:
            cells.append(_median(d, fiche))
        if fiche.previous_campaign:
            cells.append(_whole(d.previous, fiche))
        rows.append({"cells": cells, "color": colours.get(d.level or -1, "")})
    notes = [n for n in (change_text(fiche), _median_note(fiche), fiche.previous_note or "")
             if n]
    return {"chart": chart_data(charts.radar), "header": header, "rows": rows,
            "note": " ".join(notes)}


def _highlights(items: tuple[Highlight, ...], fiche: Fiche) -> list[View]:
    return [{"label": f"{h.label} ({h.dimension})",
             "detail": f"{_whole(h.score, fiche)} · niveau {h.level} « {h.level_label} »"}
            for h in items]


def _pistes(fiche: Fiche) -> View | None:
    if not fiche.pistes:
        return None
    more = fiche.weak_total - len(fiche.pistes)
    return {
        "intro": (f"Actions proposées par le référentiel pour les critères sous "
                  f"{fr_score(fiche.pistes_threshold)}, du plus faible au moins faible."),
        "items": [{"label": f"{p.label} ({p.dimension} · score {_whole(p.score, fiche)})",
                   "actions": list(p.actions)} for p in fiche.pistes],
        "more": (f"{more} autre(s) critère(s) sous le seuil : voir le détail par critère."
                 if more > 0 else ""),
    }


def _widest(groups: tuple[GroupMeanView, ...]) -> str:
    best: tuple[float, str, str, str] | None = None
    for dim in dict.fromkeys(g.dimension_label for g in groups):
        row = sorted((g for g in groups if g.dimension_label == dim), key=lambda g: g.mean)
        if len(row) >= 2 and (best is None or row[-1].mean - row[0].mean > best[0]):
            best = (row[-1].mean - row[0].mean, dim, row[-1].group_label, row[0].group_label)
    if best is None:
        return "Un seul groupe de répondants par dimension : pas d'écart à lire."
    gap, dim, high, low = best
    return (f"Plus grand écart : {dim}, {_whole(gap)} points entre {high.lower()} "
            f"(le plus favorable) et {low.lower()}.")


def _divergence(fiche: Fiche, charts: FicheCharts) -> View | None:
    if not fiche.divergence:
        return None
    intro = ("Pour chaque dimension, moyenne des scores des indicateurs alimentés par "
             "les réponses de chaque groupe. L'écart entre le regard de la structure "
             "sur elle-même et celui de ses publics ou partenaires est un résultat en "
             "soi.")
    if fiche.mirrored:
        intro = ("Pour chaque item miroir (la même affirmation, posée à plusieurs groupes), "
                 "le score de chaque groupe. L'écart se lit entre les réponses à une même "
                 "affirmation ; les autres résultats par groupe ne mesurent pas la même "
                 "chose et ne sont pas comparés.")
    return {
        "intro": intro,
        "finding": _widest(fiche.divergence),
        "chart": chart_data(charts.divergence),
    }


def _computed(d: DimensionView, fiche: Fiche) -> str:
    if d.score is None:
        return f"Résultat calculé : {d.absent}."
    level = _level(d.level, d.level_label)
    return f"Résultat calculé : niveau {level} (score {_whole(d.score, fiche)})."


def _evaluator(fiche: Fiche) -> list[View]:
    """The evaluator's level and words, beside what the answers gave."""
    return [{"dimension": d.label,
             "level": (_level(d.evaluator.level, d.evaluator.level_label)
                       if d.evaluator.level is not None else ""),
             "text": d.evaluator.text or "", "computed": _computed(d, fiche)}
            for d in fiche.dimensions if d.evaluator is not None]


def _quotes(fiche: Fiche) -> View | None:
    if not fiche.quotes:  # only the consultant's selection is quoted (evalsoc citations)
        return {"intro": message(Code.CIT_FICHE_NONE), "items": []}
    shown = len(fiche.quotes)
    intro = message(Code.CIT_FICHE_SELECTED)
    if fiche.quotes_total > shown:
        intro += f" {shown} citations sur {fiche.quotes_total}."
    return {"intro": intro,
            "items": [{"text": q.text, "source": f"{q.group_label} — « {q.question} »"}
                      for q in fiche.quotes]}


def _comments(fiche: Fiche) -> View | None:
    """The structure's comments beside its answers, as written; then its respondents',
    attributed to their group only."""
    if not fiche.comments:
        return None
    return {"intro": ("Les commentaires écrits à côté des réponses, reproduits tels quels : "
                      "ceux de la structure, puis ceux des répondants (seul leur groupe est "
                      "indiqué). Ils ne changent pas les scores."),
            "items": [{"text": c.text,
                       "source": (f"{c.group_label} — « {c.question} »" if c.group_label
                                  else f"« {c.question} »")} for c in fiche.comments]}


def _unscored(fiche: Fiche) -> View | None:
    """One row per reason, naming every element it keeps without a score (a
    volunteer-only association has a dozen employer indicators « non concerné »)."""
    if not fiche.unscored:
        return None
    grouped: dict[tuple[str, str], list[str]] = {}
    for u in fiche.unscored:
        grouped.setdefault((u.status, u.why), []).append(f"{u.kind} {u.id} · {u.label}")
    return {
        "intro": ("Ces éléments n'ont pas de score. Ils ne sont pas comptés comme des zéros : "
                  "les moyennes se font sur ce qui a pu être évalué."),
        "header": ["Éléments", "Statut", "Pourquoi"],
        "rows": [[" ; ".join(names), status, why] for (status, why), names in grouped.items()],
    }


def _indicators(fiche: Fiche) -> View | None:
    if not fiche.indicators:
        return None
    return {
        "intro": ("Chaque indicateur dit ce qu'il mesure : une réalisation (ce que fait "
                  "l'association), un résultat (ce qu'en disent ou en retirent les "
                  "personnes concernées) ou un impact ; et dans quel sens se lit la valeur "
                  "mesurée. Le score, lui, va toujours de 0 à 100, plus haut étant "
                  "mieux : pour un indicateur « plus c'est bas, mieux c'est » (une "
                  "dépendance, une concentration), un score élevé veut dire une valeur "
                  "basse."),
        "header": ["Indicateur", "Nature", "Sens de lecture", "Score"],
        "rows": [[f"{i.id} · {i.label}", i.kind, i.direction,
                  i.status or (fr_score(i.score) if i.score is not None else DASH)]
                 for i in fiche.indicators],
        # the same rows for print, two side by side: the direction as an arrow (its
        # legend printed above), an absent score as « n.é. » (the last section says why)
        "compact": [[f"{i.id} · {i.label}", i.kind, ARROWS.get(i.direction, i.direction),
                     fr_score(i.score) if i.score is not None
                     else "informatif" if i.status == INFORMATIONAL else "n.é."]
                    for i in fiche.indicators],
        "legend": " ; ".join(f"{arrow} : {label}" for label, arrow in ARROWS.items())
                  + " ; n.é. : non évalué (voir la dernière section).",
    }


def fiche_view(fiche: Fiche, charts: FicheCharts) -> View:
    """The fiche's whole content as strings, sections in reading order."""
    name = fiche.identity.name
    m = fiche.method
    return {
        "title": f"Fiche structure — {name} — campagne {m.campaign}",
        "name": name,
        "subtitle": f"Évaluation de l'utilité sociale · campagne {m.campaign}",
        "headings": HEADINGS,
        "identity": _identity(fiche),
        "method": _method(fiche),
        "levels": _levels(fiche),
        "summary": _summary(fiche, charts),
        "strengths": _highlights(fiche.strengths, fiche),
        "strengths_empty": "Aucun critère n'atteint encore le seuil "
                           f"de {fr_score(fiche.pistes_threshold)}.",
        "vigilance": _highlights(fiche.vigilance, fiche),
        "alerts": [{"label": a.label, "answer": a.answer, "message": a.message}
                   for a in fiche.alerts],
        "alerts_intro": ("À vérifier, hors de tout score : ces réponses touchent à une "
                         "obligation, pas au degré d'utilité sociale."),
        "vigilance_empty": "Aucun critère sous le seuil "
                           f"de {fr_score(fiche.pistes_threshold)}.",
        "criteres_chart": chart_data(charts.criteres),
        "indicators": _indicators(fiche),
        "peers": peers_view(fiche),
        "pistes": _pistes(fiche),
        "plan": plan_view(fiche),
        "analysis": analysis_view(fiche),
        "divergence": _divergence(fiche, charts),
        "evaluator": _evaluator(fiche),
        "evaluator_intro": ("En évaluation externe partagée, l'évaluateur donne son propre "
                            "niveau pour chaque dimension : il se lit à côté du résultat "
                            "calculé à partir des réponses."),
        "quotes": _quotes(fiche),
        "comments": _comments(fiche),
        "unscored": _unscored(fiche),
        "footer": (f"{_short(name, FOOTER_NAME)} · campagne {m.campaign} · {m.referentiel} · "
                   f"evalsoc {m.engine_version}"),
    }
