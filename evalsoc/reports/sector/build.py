"""The synthèse sectorielle as a pure function of the campaign frames and the secrecy
rules: same inputs, same :class:`SectorReport`, whatever renders it."""

from __future__ import annotations

from evalsoc.publish.notes import publication_notes
from evalsoc.publish.publication import Publication
from evalsoc.reports.sector.collective import collective_section, is_collective
from evalsoc.reports.sector.context import SectorContext, count_text
from evalsoc.reports.sector.evolution import changes, evolution_section
from evalsoc.reports.sector.findings import definitions, findings_section
from evalsoc.reports.sector.messages import key_messages
from evalsoc.reports.sector.method import method_section, participants_section
from evalsoc.reports.sector.model import (
    Bullets,
    KeyMessage,
    Messages,
    Paragraph,
    Section,
    SectorReport,
    TableBlock,
)
from evalsoc.reports.sector.overview import key_figures_section
from evalsoc.reports.sector.quality import quality_section
from evalsoc.reports.sector.respondents import respondents_section
from evalsoc.reports.sector.scores import (
    BREAKDOWNS,
    breakdown_section,
    criteres_table,
    distribution_section,
)
from evalsoc.reports.sector.stakes import stake_sections
from evalsoc.reports.sector.voices import quotes_note, quotes_section
from evalsoc.stats import SecrecyRules
from evalsoc.stats.secrecy import DEFAULT_DOMINANCE, DEFAULT_MIN_STRUCTURES
from evalsoc.structures.registry import slug

__all__ = ["build_sector_report", "report_stem"]


def report_stem(campaign: str, previous: str | None = None,
                rules: SecrecyRules | None = None) -> str:
    """``synthese-<campagne>``, with ``_depuis-<précédente>`` for a comparison and
    ``_seuil-2`` (``_dominance-95``) when secrecy was relaxed, so that such a version
    never overwrites the publishable one: ASCII, stable for the same inputs."""
    parts = [f"synthese-{slug(campaign) or 'campagne'}"]
    if previous is not None:
        parts.append(f"depuis-{slug(previous) or 'campagne'}")
    rules = rules or SecrecyRules()
    if rules.min_structures < DEFAULT_MIN_STRUCTURES:
        parts.append(f"seuil-{rules.min_structures}")
    if rules.dominance > DEFAULT_DOMINANCE:
        parts.append(f"dominance-{round(rules.dominance * 100)}")
    return "_".join(parts)


def _breakdowns(ctx: SectorContext) -> list[Section]:
    merged = Paragraph(tone="note", text=f"Les groupes de moins de {ctx.rules.min_structures} "
                                         "structures, ou qui mêlent des structures nommées "
                                         "à une ou deux autres, sont réunis sous « Autres "
                                         "… » plutôt que masqués un à un.")
    intro = Section(id="ventilations",
                    title="Par département, discipline, territoire et taille",
                    blocks=(*(Paragraph(text=note, tone="note") for note in ctx.rules.notes()),
                            merged))
    return [intro, *(breakdown_section(ctx, by) for by in BREAKDOWNS
                     if by in ctx.structures.columns)]


def _field(ctx: SectorContext) -> str:
    """The « Champ / Source » line of the genre: on whom the figures are computed."""
    current = ctx.inputs.current
    departements = sorted({ctx.group_label("departement", d).split(" (")[0]
                           for d in ctx.evaluated["departement"].dropna().astype(str)
                           if not d.startswith("Autres")})
    where = f" ({', '.join(departements)})" if departements else ""
    return (f"Champ : {count_text(len(ctx.evaluated), 'structure évaluée', 'structures évaluées')} "
            f"en {current.year}{where}, qui ont accepté de figurer dans des chiffres "
            f"d'ensemble. Source : campagne « {current.name} », référentiel "
            f"{ctx.inputs.referentiel.ref}, evalsoc.")


def headline(ctx: SectorContext, messages: list[KeyMessage]) -> str:
    """The main finding in one sentence, from the « niveaux » messages."""
    high = [m.text.split(" : ", 1)[0] for m in messages if m.rule == "niveaux"
            and ("atteignent" in m.text.split(" (", 1)[0] or "atteint le niveau" in m.text)]
    low = [m.text.split(" : ", 1)[0] for m in messages if m.rule == "niveaux"
           and m.text.split(" : ", 1)[0] not in high]
    year = ctx.inputs.current.year

    def named(labels: list[str]) -> str:
        quoted = [f"« {label} »" for label in labels[:2]]
        return ("la dimension " if len(quoted) == 1 else "les dimensions ") + " et ".join(quoted)
    if high and low:
        return (f"En {year}, les structures évaluées s'affirment sur {named(high)} ; "
                f"{named(low)} {'reste' if len(low[:2]) == 1 else 'restent'} à consolider.")
    if high:
        return f"En {year}, les structures évaluées s'affirment sur {named(high)}."
    if low:
        return (f"En {year}, {named(low)} {'reste' if len(low[:2]) == 1 else 'restent'} à "
                "consolider pour la plupart des structures évaluées.")
    return f"Ce que disent les structures évaluées en {year}, dimension par dimension."


def build_sector_report(publication: Publication, *, edited: str = "") -> SectorReport:
    """Every section of the synthèse, in reading order, from the campaign's
    publication (its figures, protected and audited); ``edited`` is the date printed on
    the cover (the caller's clock, so that the function stays pure)."""
    ctx = SectorContext(publication)
    inputs = publication.inputs
    current = inputs.current
    previous = inputs.previous if publication.before is not None else None
    body = [findings_section(ctx), distribution_section(ctx), *_breakdowns(ctx),
            respondents_section(ctx)]
    if (moved := evolution_section(ctx)) is not None:
        body.append(moved)
    body += stake_sections(ctx)
    voices = quotes_section(ctx)  # the selected quotes only (evalsoc citations)
    body += voices
    annex = [key_figures_section(ctx), quality_section(ctx),
             Section(id="criteres", title="Annexe C : les critères",
                     blocks=(criteres_table(ctx),)),
             participants_section(ctx), method_section(ctx)]
    tables = {b.table.id: b.table for s in [*body, *annex] for b in s.blocks
              if isinstance(b, TableBlock)}
    messages = key_messages(ctx, tables, changes(ctx))
    collective = is_collective(ctx)
    if collective:  # a small group: findings in words, no table of masked cells
        body = [collective_section(ctx), *voices]
        if moved is not None:  # the change in words only: its tables are mostly secret
            words = tuple(b for b in moved.blocks if isinstance(b, Paragraph | Bullets))
            body.append(moved.model_copy(update={"blocks": words}))
        annex = [participants_section(ctx), method_section(ctx)]
        messages = [m.model_copy(update={"target": "lecture-transversale",
                                         "target_label": "Lecture transversale du collectif",
                                         "figures": ()})
                    for m in messages]
    top = Section(id="messages-cles", title="Messages clés", blocks=(
        Messages(items=tuple(messages)), Paragraph(tone="note", text=_field(ctx)),
        definitions(ctx)))
    sections = [top, *body, *annex]
    rules = publication.rules
    notes = (*publication_notes(publication), quotes_note(publication.quotes))
    lowered = (rules.min_structures < DEFAULT_MIN_STRUCTURES
               or rules.dominance > DEFAULT_DOMINANCE)
    usual = SecrecyRules().notes()
    warnings = tuple(n for n in rules.notes() if n not in usual) if lowered else ()
    subtitle = f"Campagne {current.name}" + (", restitution collective" if collective else "")
    if previous is not None:
        subtitle += f", comparée à {previous.name}"
    return SectorReport(
        title="Synthèse sectorielle de l'utilité sociale des associations culturelles",
        subtitle=subtitle, headline=headline(ctx, messages), campaign=current.name,
        previous=previous.name if previous else None, referentiel=current.referentiel,
        referentiel_hash=current.referentiel_hash, edited=edited,
        stem=report_stem(current.name, previous.name if previous else None, rules),
        secrecy_notes=notes, warnings=warnings, sections=tuple(sections))
