"""The quotes a sector output may print: those the consultant selected
(:mod:`evalsoc.store.quotes`), under the consent rules of docs/statistiques.md.

- « nominative »: the quote is printed under the structure's name;
- « anonyme »: printed without attribution, and only when the text names no structure
  of the registry nor the structure's own commune, and when the campaign counts at least
  ``min_structures`` unnamed structures (among fewer, an unattributed quote points to
  one of them);
- « aucune » (or not evaluated in the campaign): never printed in a sector output; the
  structure's own fiche may show it.

Unattributed quotes are ordered by question and text, never in an order that would
follow the structures. Every quote withheld is counted with its reason, for the notes
and for ``evalsoc audit``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from evalsoc.publish.population import Population
from evalsoc.publish.texts import _pattern, names_in
from evalsoc.referentiel.model import Referentiel
from evalsoc.store.quotes import FreeText, Selection

__all__ = ["NAMES_IN_TEXT", "NOT_CONSENTED", "TOO_FEW", "PublicQuote", "SectorQuotes",
           "fiche_quotes", "sector_quotes"]

NOT_CONSENTED = "structure sans accord de publication"
NAMES_IN_TEXT = "le texte nomme une structure ou sa commune"
TOO_FEW = "trop peu de structures non nommées pour une citation sans attribution"


@dataclass(frozen=True)
class PublicQuote:
    """A quote as a sector output prints it; ``structure_id`` is private (never printed
    unless ``structure`` is, for the auditor)."""

    text: str
    structure: str  # the name, only for a « nominative » structure; "" otherwise
    group: str  # the respondents' group label
    question: str  # the question's label
    nature: str
    structure_id: str

    @property
    def source(self) -> str:
        who = f"{self.group}, {self.structure}" if self.structure else self.group
        return f"{who} ({self.question})"


@dataclass(frozen=True)
class SectorQuotes:
    """What the sector outputs print of a selection, and what they leave out and why."""

    made: bool  # a selection was imported
    quotes: tuple[PublicQuote, ...] = ()
    withheld: dict[str, int] = field(default_factory=dict)  # reason -> quotes
    stale: int = 0


def _label(referentiel: Referentiel, quote: FreeText) -> tuple[str, str]:
    group = referentiel.group(quote.groupe)
    question = referentiel.questions().get(quote.question)
    return (group.label if group else quote.groupe,
            question.label if question else quote.question)


def sector_quotes(selection: Selection, referentiel: Referentiel, population: Population,
                  registry: pd.DataFrame, min_structures: int = 3) -> SectorQuotes:
    """The selected quotes a sector output may print (see the module docstring)."""
    names = registry.set_index(registry["structure_id"].astype(str))
    every_name = _pattern(names["nom"].dropna())
    unnamed = len(population.included - population.named)
    order = {q: i for i, q in enumerate(referentiel.questions())}
    kept: list[tuple[int, PublicQuote]] = []
    withheld: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for quote in selection.quotes:
        ident, text = quote.structure_id, " ".join(quote.printed.split())
        if ident not in population.included:
            withheld[NOT_CONSENTED] += 1
            continue
        named = ident in population.named
        if not named:
            commune = names["commune"].get(ident) if "commune" in names else None
            if names_in(text, every_name) or names_in(text, _pattern([commune or ""])):
                withheld[NAMES_IN_TEXT] += 1
                continue
            if unnamed < min_structures:
                withheld[TOO_FEW] += 1
                continue
        group, question = _label(referentiel, quote)
        name = str(names["nom"].get(ident) or ident) if named else ""
        if (name, text.casefold()) in seen:
            continue
        seen.add((name, text.casefold()))
        kept.append((order.get(quote.question, len(order)),
                     PublicQuote(text, name, group, question, quote.nature, ident)))
    kept.sort(key=lambda p: (p[0], p[1].structure == "", p[1].structure, p[1].text))
    return SectorQuotes(selection.made, tuple(q for _, q in kept), dict(withheld),
                        selection.stale)


def fiche_quotes(selection: Selection, structure_id: str) -> Sequence[FreeText]:
    """A structure's own selected quotes, whatever its consent (its fiche is its own)."""
    return tuple(q for q in selection.quotes if q.structure_id == structure_id)
