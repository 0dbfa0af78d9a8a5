"""The synthèse sectorielle as a pure function of the campaign frames and the secrecy
rules: same inputs, same :class:`SectorReport`, whatever renders it."""

from __future__ import annotations

from evalsoc.publish.notes import publication_notes
from evalsoc.publish.publication import Publication
from evalsoc.reports.sector.context import SectorContext
from evalsoc.reports.sector.evolution import evolution_section
from evalsoc.reports.sector.method import method_section, participants_section
from evalsoc.reports.sector.model import Paragraph, Section, SectorReport
from evalsoc.reports.sector.overview import key_figures_section
from evalsoc.reports.sector.quality import quality_section
from evalsoc.reports.sector.respondents import respondents_section
from evalsoc.reports.sector.scores import BREAKDOWNS, breakdown_section, distribution_section
from evalsoc.reports.sector.stakes import stake_sections
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
                                         "structures sont réunis sous « Autres … » plutôt "
                                         "que masqués un à un.")
    intro = Section(id="ventilations", title="Par département, discipline et territoire",
                    blocks=(*(Paragraph(text=note, tone="note") for note in ctx.rules.notes()),
                            merged))
    return [intro, *(breakdown_section(ctx, by) for by in BREAKDOWNS
                     if by in ctx.structures.columns)]


def build_sector_report(publication: Publication, *, edited: str = "") -> SectorReport:
    """Every section of the synthèse, in reading order, from the campaign's
    publication (its figures, protected and audited); ``edited`` is the date printed on
    the cover (the caller's clock, so that the function stays pure)."""
    ctx = SectorContext(publication)
    inputs = publication.inputs
    current = inputs.current
    previous = inputs.previous if publication.before is not None else None
    sections = [key_figures_section(ctx), quality_section(ctx), distribution_section(ctx),
                *_breakdowns(ctx), respondents_section(ctx)]
    if (moved := evolution_section(ctx)) is not None:
        sections.append(moved)
    sections += [*stake_sections(ctx), participants_section(ctx), method_section(ctx)]
    rules = publication.rules
    notes = tuple(publication_notes(publication))
    lowered = (rules.min_structures < DEFAULT_MIN_STRUCTURES
               or rules.dominance > DEFAULT_DOMINANCE)
    usual = SecrecyRules().notes()
    warnings = tuple(n for n in rules.notes() if n not in usual) if lowered else ()
    subtitle = f"Campagne {current.name}"
    if previous is not None:
        subtitle += f", comparée à {previous.name}"
    return SectorReport(
        title="Synthèse sectorielle de l'utilité sociale des associations culturelles",
        subtitle=subtitle, campaign=current.name,
        previous=previous.name if previous else None, referentiel=current.referentiel,
        referentiel_hash=current.referentiel_hash, edited=edited,
        stem=report_stem(current.name, previous.name if previous else None, rules),
        secrecy_notes=notes, warnings=warnings, sections=tuple(sections))
