"""What drawing one structure's answers needs: the campaign, the structure's latent
profile, its true numbers, and one independent random stream per purpose."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from evalsoc.answers.model import StructureInfo
from evalsoc.excel.layout import MODES
from evalsoc.referentiel.model import (
    Dimension,
    Indicateur,
    Option,
    OptionMeaning,
    Question,
    QuestionType,
    Referentiel,
)
from evalsoc.simulate.hints import Hints
from evalsoc.simulate.latent import Profile, draw_profile, rank, stream
from evalsoc.simulate.numbers import Truth
from evalsoc.simulate.registry import SimStructure

__all__ = ["NUMERIC", "Campaign", "Draw"]

NUMERIC = frozenset({QuestionType.INTEGER, QuestionType.NUMBER, QuestionType.PERCENT,
                     QuestionType.AMOUNT})


@dataclass(frozen=True)
class Campaign:
    """What every structure of one simulated campaign shares."""

    referentiel: Referentiel
    ref_hash: str
    hints: Hints
    seed: int
    year: int

    @cached_property
    def scored(self) -> dict[str, tuple[Option, ...]]:
        """Each question's scored options, from the lowest score to the highest."""
        return {q.id: tuple(sorted((o for o in self.referentiel.options_of(q)
                                    if o.meaning is OptionMeaning.VALUE),
                                   key=lambda o: o.score or 0.0))
                for q in self.referentiel.questions().values()}

    @cached_property
    def indicators(self) -> dict[str, Indicateur]:
        """Question id -> the indicator that scores it."""
        return {q.id: i for i in self.referentiel.indicateurs() for q in i.questions}

    @cached_property
    def dimension_of(self) -> dict[str, str]:
        return {q.id: d.id for d in every_dimension(self.referentiel) for c in d.criteres
                for i in c.indicateurs for q in i.questions}

    @cached_property
    def numeric(self) -> dict[str, Question]:
        """The structure's numeric questions: the ones drawn as true values."""
        return {q.id: q for q in self.referentiel.questions().values()
                if q.group == "structure" and q.type in NUMERIC}


def every_dimension(referentiel: Referentiel) -> list[Dimension]:
    """The dimensions of every part of a bundle (a grid asked with the utilité-sociale
    questionnaire has its own blocks), or of the référentiel."""
    found: dict[str, Dimension] = {}
    for part in referentiel.parts or (referentiel,):
        for dimension in part.dimensions:
            found.setdefault(dimension.id, dimension)
    return list(found.values())


class Draw:
    """One structure being drawn: its campaign, profile, identity and true numbers."""

    def __init__(self, campaign: Campaign, sim: SimStructure) -> None:
        self.campaign, self.sim = campaign, sim
        ref = campaign.referentiel
        self.profile: Profile = draw_profile(sim, [d.id for d in every_dimension(ref)],
                                             campaign.hints.latent, campaign.seed,
                                             campaign.year)
        self.truth = Truth(campaign.numeric, campaign.indicators, campaign.hints.numbers,
                           sim.info.discipline or "", self.profile.budget, self._ranked)
        self.info = self._identity()
        self.filled = date.fromisoformat(self.info.date or f"{campaign.year}-06-30")

    def _ranked(self, qid: str) -> tuple[random.Random, float, float]:
        rng = self.key("truth", qid)
        z, u = self.level(qid, rng)
        return rng, z, u

    def key(self, *parts: object) -> random.Random:
        return stream(self.campaign.seed, self.sim.info.id, self.campaign.year, *parts)

    def spread(self, extra: float = 0.0) -> float:
        latent = self.campaign.hints.latent
        return math.sqrt(1 + latent.dimension_sd**2 + latent.answer_sd**2 + extra**2)

    def level(self, qid: str, rng: random.Random, shift: float = 0.0,
              extra: float = 0.0) -> tuple[float, float]:
        """The answer's latent value z and its rank u for question ``qid``."""
        z = (self.profile.dimensions[self.campaign.dimension_of[qid]] + shift
             + rng.gauss(0.0, self.campaign.hints.latent.answer_sd))
        return z, rank(z, self.spread(extra))


    def _identity(self) -> StructureInfo:
        """Mode (kept from one year to the next) and filling date (spring)."""
        rng = stream(self.campaign.seed, self.sim.info.id, "campaign")
        external = rng.random() < self.campaign.hints.rates.external
        day = date(self.campaign.year, 3, 1) + timedelta(days=self.key("date").randint(0, 121))
        return self.sim.info.model_copy(update={"mode": MODES[1] if external else MODES[0],
                                                "date": day.isoformat()})
