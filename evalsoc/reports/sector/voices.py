"""« Paroles des structures »: the quotes the consultant selected (evalsoc citations), as
the publication allows them (:mod:`evalsoc.publish.quotes`); without a selection, no
free text at all, and the section and the notes say so."""

from __future__ import annotations

from evalsoc.catalogue import Code
from evalsoc.publish.quotes import SectorQuotes
from evalsoc.reports.sector.context import SectorContext, count_text
from evalsoc.reports.sector.model import Paragraph, Quotes, QuoteView, Section
from evalsoc.stats.inputs import text

__all__ = ["quotes_note", "quotes_section"]


def quotes_note(quotes: SectorQuotes) -> str:
    """The line of the notes: how many quotes are printed, how many were left out."""
    if not quotes.made:
        return text(Code.CIT_NOTE_NONE)
    withheld = sum(quotes.withheld.values())
    if not quotes.quotes and not withheld:
        return text(Code.CIT_NOTE_NONE)
    reasons = "; ".join(f"{count_text(n, 'citation')} : {why}"
                        for why, n in sorted(quotes.withheld.items()))
    return text(Code.CIT_NOTE_SELECTED, count=count_text(len(quotes.quotes), "citation"),
                withheld=f" Écartées : {reasons}." if reasons else "")


def quotes_section(ctx: SectorContext) -> list[Section]:
    """The selected quotes, attributed only to « nominative » structures, under one
    sub-section per question (in the référentiel's order)."""
    quotes = ctx.publication.quotes
    lead: list[Paragraph] = []
    if quotes.quotes:
        lead.append(Paragraph(text=(
            "Des mots des structures et de leurs répondants, choisis par le consultant "
            "parmi les réponses libres et les commentaires. Une citation n'est attribuée "
            "qu'à une structure qui a accepté d'être nommée ; les autres sont données "
            "sans nom.")))
    lead.append(Paragraph(tone="note", text=quotes_note(quotes)))
    sections = [Section(id="paroles", title="Paroles des structures", blocks=tuple(lead))]
    by_question: dict[str, list[QuoteView]] = {}
    for q in quotes.quotes:
        who = f"{q.group}, {q.structure}" if q.structure else q.group
        by_question.setdefault(q.question, []).append(QuoteView(text=q.text, source=who))
    for n, (question, items) in enumerate(by_question.items(), start=1):
        sections.append(Section(id=f"paroles-{n}", title=question, level=2,
                                blocks=(Quotes(items=tuple(items)),)))
    return sections
