"""What every output says about how its figures were protected: the rules, who is
counted and who is left out, and the auditor's verdict, in French."""

from __future__ import annotations

from typing import TYPE_CHECKING

from evalsoc.catalogue import Code
from evalsoc.stats.inputs import text
from evalsoc.support.formatting import fr_number

if TYPE_CHECKING:
    from evalsoc.publish.publication import Publication

__all__ = ["count_text", "publication_notes"]


def count_text(n: int, singular: str, several: str | None = None) -> str:
    """« 1 structure », « 12 structures »."""
    return f"{fr_number(n, 0)} {singular if n < 2 else (several or singular + 's')}"


def publication_notes(publication: Publication) -> list[str]:
    """The notes of an export or a synthèse, warnings first."""
    rules = publication.rules
    population = publication.population
    named, anonymous = len(population.named), len(population.included) - len(population.named)
    notes = [text(Code.STAT_NOTE_CONSENTS,
                  count=count_text(len(population.included), "structure"),
                  named=fr_number(named, 0), anonymous=fr_number(anonymous, 0))]
    if population.left_out:
        notes.append(text(Code.STAT_NOTE_LEFT_OUT,
                          count=count_text(len(population.left_out), "structure évaluée",
                                           "structures évaluées")))
    notes += rules.notes()
    notes.append(text(Code.STAT_NOTE_ORDER, median=rules.min_median,
                      quartiles=rules.min_quartiles))
    before = publication.before
    share = fr_number(rules.protection, 1)
    notes.append(text(Code.STAT_NOTE_AUDIT,
                      protection=f"{share} points sur 100 ({share} % pour les montants)",
                      previous="" if before is None else
                      f", et ceux de la campagne « {before.frames.name} »"))
    notes += publication.comparison_notes()  # what the evolution compares, and why
    if publication.unfixable:
        notes.insert(0, text(Code.STAT_NOTE_UNFIXABLE,
                             count=fr_number(len({(e.family.key, e.structure)
                                                  for e in publication.unfixable}), 0),
                             previous=before.frames.name if before else ""))
    return notes
