"""A realistic answer set for one fictitious structure: pure, deterministic for a seed.

The structure's latent profile (:mod:`evalsoc.simulate.latent`) drives every answer:
its own questions, the number of people who answer in each group and what they say,
and the evaluator's notes in an external evaluation. Each question and each respondent
draws from its own random stream, so changing one never shifts the others.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Literal

from evalsoc.answers.model import (
    Answer,
    AnswerSet,
    AnswerStatus,
    EvaluatorNote,
    Respondent,
    Value,
)
from evalsoc.excel.layout import MODES
from evalsoc.questionnaire.grids import grid_rows
from evalsoc.referentiel.model import Group, OptionMeaning, Question, QuestionType
from evalsoc.simulate.accounts import draw_accounts
from evalsoc.simulate.context import NUMERIC, Campaign, Draw
from evalsoc.simulate.hints import ChoiceHint
from evalsoc.simulate.latent import rank
from evalsoc.simulate.numbers import fallback_number, round_for
from evalsoc.simulate.plan import draw_plan
from evalsoc.simulate.registry import SimStructure

__all__ = ["Campaign", "draw_answers", "questionnaire_id"]

NONE_CODES = frozenset({"aucun", "aucune", "rien"})  # an option that excludes the others


def questionnaire_id(structure_id: str, year: int) -> str:
    return f"{structure_id}-{year}"


def draw_answers(campaign: Campaign, sim: SimStructure) -> AnswerSet:
    """The answers of ``sim`` in ``campaign.year``: what its workbook will be filled with."""
    ref = campaign.referentiel
    draw = Draw(campaign, sim)
    info = draw.info
    answers = _structure_answers(draw)
    answers += _accounts(draw)
    respondents = [Respondent(id="structure", group="structure")]
    for group in ref.groups:
        if group.multiple and group.id != "structure":
            people, given = _group_answers(draw, group)
            respondents += people
            answers += given
    accompanied = info.mode == MODES[1]
    plan, analysis = draw_plan(draw, accompanied)
    return AnswerSet(referentiel=ref.ref, referentiel_hash=campaign.ref_hash,
                     questionnaire_id=questionnaire_id(sim.info.id, campaign.year),
                     structure=info, respondents=tuple(respondents), answers=tuple(answers),
                     evaluator=_evaluator(draw) if accompanied else (), plan=plan,
                     analyse_partagee=analysis)


def _status(rng: random.Random, question: Question, draw: Draw
            ) -> AnswerStatus | Literal["empty"] | None:
    """NC or NSP, "empty" when left unanswered, None when answered."""
    rates = draw.campaign.hints.rates
    scale = 0.3 if question.required else 1.0
    roll = rng.random()
    if question.allow_non_concerne and roll < rates.non_concerne * scale:
        return AnswerStatus.NON_CONCERNE
    if rates.non_concerne * scale <= roll < (rates.non_concerne + rates.ne_sait_pas) * scale:
        return AnswerStatus.NE_SAIT_PAS
    if not question.required and rng.random() < rates.unanswered:
        return "empty"
    return None


def _structure_answers(draw: Draw) -> list[Answer]:
    out: list[Answer] = []
    ref = draw.campaign.referentiel
    on_tables = ref.asked_on_tables()  # drawn with the accounts (_accounts)
    for question in ref.questions().values():
        if question.group != "structure" or question.id in on_tables:
            continue
        rng = draw.key("answer", question.id)
        value = _value(draw, question, "structure", rng, 0.0, 0.0)
        answer = _answer(question, "structure", value, rng, draw)
        if answer is not None:
            out.append(answer)
    return out


# what an utilité-sociale référentiel already draws that the accounts must agree with
ANCHORS = ("budget_total", "charges_totales", "fonds_propres", "masse_salariale",
           "aides_emploi", "etp_total", "ressources_propres")


def _accounts(draw: Draw) -> list[Answer]:
    """Each diagnostic's accounts (:mod:`evalsoc.simulate.accounts`); in a bundle, built
    around what the utilité-sociale part draws for the reference exercise."""
    ref = draw.campaign.referentiel
    out: list[Answer] = []
    profile_questions = {q.id for i in ref.indicateurs() for q in i.questions}
    anchors = {q: draw.truth.get(q) for q in ANCHORS if q in profile_questions}
    closing = _date(draw, "date_cloture") if "date_cloture" in profile_questions else None
    for part in ref.diagnostics():
        _, found = draw_accounts(part, draw.key("accounts", part.id), rank(draw.profile.overall),
                                 draw.profile.budget, draw.sim.info.discipline or "",
                                 draw.campaign.year, anchors, closing)
        out += found
    return out


def _answer(question: Question, respondent: str, value: Value, rng: random.Random,
            draw: Draw) -> Answer | None:
    if value is None or value == ():
        return None
    if question.type not in (QuestionType.MULTIPLE_CHOICE, QuestionType.TEXT):
        status = _status(rng, question, draw)
        if status == "empty":
            return None
        if isinstance(status, AnswerStatus):
            return Answer(question=question.id, respondent=respondent,
                                          status=status)
    return Answer(question=question.id, respondent=respondent, value=value)


def _value(draw: Draw, question: Question, respondent: str, rng: random.Random,
           shift: float, mood: float) -> Value:
    kind = question.type
    if kind in NUMERIC and respondent == "structure":
        return draw.truth.get(question.id)
    if kind is QuestionType.DATE:
        return _date(draw, question.id)
    if kind is QuestionType.TEXT:
        return _text(draw, question.id, rng, shift + mood)
    hint = draw.campaign.hints.options.get(question.id)
    if hint is not None and hint.follows:
        return "oui" if draw.truth.get(hint.follows) > 0 else "non"
    bias = hint.bias if hint is not None else 0.0
    extra = draw.campaign.hints.latent.respondent_sd if respondent != "structure" else 0.0
    _, u = draw.level(question.id, rng, shift + mood + bias, extra)
    if kind is QuestionType.MULTIPLE_CHOICE:
        return _choices(draw, question, rng, u)
    if kind in NUMERIC:
        indicator = draw.campaign.indicators.get(question.id)
        return round_for(question, fallback_number(question, indicator, u, rng))
    return _option(draw, question, u)


def _option(draw: Draw, question: Question, u: float) -> str:
    scored = draw.campaign.scored[question.id]
    return scored[min(len(scored) - 1, int(u * len(scored)))].code


def _choices(draw: Draw, question: Question, rng: random.Random, u: float) -> tuple[str, ...]:
    hint = draw.campaign.hints.choices.get(question.id, ChoiceHint())
    options = [o for o in draw.campaign.referentiel.options_of(question)
               if o.meaning is OptionMeaning.VALUE]
    none = [o.code for o in options if o.code in NONE_CODES]
    chance = hint.low + (hint.high - hint.low) * u
    always = hint.disciplines.get(draw.sim.info.discipline or "")
    chosen = [o.code for o in options if o.code not in none
              and (o.code == always or rng.random() < chance * hint.weights.get(o.code, 1.0))]
    if not chosen:
        chosen = none or [rng.choice(options).code]
    return tuple(chosen)


def _date(draw: Draw, qid: str) -> str:
    hint = draw.campaign.hints.dates.get(qid)
    rng = draw.key("date", qid)
    filled = draw.filled
    if hint is not None and hint.after:
        start = date.fromisoformat(_date(draw, hint.after))
        day = start + timedelta(days=rng.randint(*hint.days))
        return (day if day < filled else day - timedelta(days=365)).isoformat()
    closing = hint.closing if hint and hint.closing else ("12-31",)
    month, dom = (int(p) for p in rng.choice(closing).split("-"))
    day = date(draw.campaign.year, month, dom)
    while day > filled - timedelta(days=30):
        day = date(day.year - 1, month, dom)
    return day.isoformat()


def _text(draw: Draw, qid: str, rng: random.Random, shift: float) -> str | None:
    hint = draw.campaign.hints.texts.get(qid)
    if hint is None or rng.random() >= hint.rate:
        return None
    _, u = draw.level(qid, rng, shift)
    bank = hint.positive if u >= 0.35 or not hint.mitigated else hint.mitigated
    return rng.choice(bank) if bank else None


def _group_answers(draw: Draw, group: Group) -> tuple[list[Respondent], list[Answer]]:
    questions = [q for q in draw.campaign.referentiel.questions().values()
                 if q.group == group.id]
    if not questions:
        return [], []
    count = _count(draw, group)
    bias = draw.campaign.hints.groups.get(group.id)
    shift = bias.bias if bias else 0.0
    people: list[Respondent] = []
    answers: list[Answer] = []
    for number in range(1, count + 1):
        rid = f"{group.id}-{number:03d}"
        rng = draw.key("respondent", group.id, number)
        mood = rng.gauss(0.0, draw.campaign.hints.latent.respondent_sd)
        people.append(Respondent(id=rid, group=group.id))
        for question in questions:
            value = _value(draw, question, rid, rng, shift, mood)
            answer = _answer(question, rid, value, rng, draw)
            if answer is not None:
                answers.append(answer)
    return people, answers


def _count(draw: Draw, group: Group) -> int:
    """Around the usual number of respondents; now and then fewer than the minimum."""
    rng = draw.key("count", group.id)
    rates = draw.campaign.hints.rates
    if rng.random() < rates.below_minimum:
        count = rng.randint(0, group.min_respondents - 1)
    else:
        typical = group.typical_respondents * math.exp(rng.gauss(0.0, rates.respondents_sigma))
        count = max(group.min_respondents, round(typical))
    hint = draw.campaign.hints.groups.get(group.id)
    if hint is not None and hint.cap:
        count = min(count, max(0, math.floor(draw.truth.formula(hint.cap))))
    return min(count, grid_rows(group))


def _evaluator(draw: Draw) -> tuple[EvaluatorNote, ...]:
    levels = draw.campaign.referentiel.levels
    bank = draw.campaign.hints.evaluator
    notes = []
    for dimension in draw.campaign.referentiel.dimensions:
        rng = draw.key("evaluator", dimension.id)
        z = draw.profile.dimensions[dimension.id] + rng.gauss(0.0, 0.3)
        index = min(len(levels) - 1, int(rank(z, math.sqrt(1.09 + draw.campaign.hints
                                                            .latent.dimension_sd**2))
                                         * len(levels)))
        texts = bank.strong if index == len(levels) - 1 else (
            bank.weak if index == 0 else bank.middle)
        text = rng.choice(texts).format(dimension=dimension.label) if texts else None
        notes.append(EvaluatorNote(dimension=dimension.id, level=levels[index].code, text=text))
    return tuple(notes)
