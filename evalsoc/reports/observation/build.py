"""The observation report as a pure function of the campaign's publication.

Sections, in the order of a network's key-figures publication: key figures and
participation, one section per block (its table over the structures whose block is
complete, then by size class and by each typology), the ratios (Σ/Σ beside the median
of ratios), the series on the same structures (with a previous campaign), and the
method (rules agreed before collection, benchmarks and their sources, secrecy).
"""

from __future__ import annotations

import pandas as pd

from evalsoc.publish.notes import publication_notes
from evalsoc.publish.publication import Publication
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.observation import Observation
from evalsoc.reports.observation.tables import (
    benchmark_text,
    block_table,
    by_label,
    ratio_table_of,
    series_table_of,
)
from evalsoc.reports.sector.model import (
    Bullets,
    Column,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    SectorReport,
    TableBlock,
)
from evalsoc.reports.sector.tables import table_from
from evalsoc.stats.observation import SIZE_COLUMN
from evalsoc.structures.registry import slug
from evalsoc.support.formatting import fr_number, fr_percent

__all__ = ["build_observation_report", "observation_stem"]


def observation_stem(campaign: str, previous: str | None = None) -> str:
    stem = f"observation-{slug(campaign) or 'campagne'}"
    return stem + (f"_depuis-{slug(previous) or 'campagne'}" if previous else "")


def _participation(publication: Publication, spec: Observation, ref: Referentiel
                   ) -> Section:
    frame = publication.table("observation:participation")
    labels = {d.id: d.label for d in ref.dimensions}
    frame = frame.assign(libelle=[("Tous les blocs" if b == "ensemble" else labels.get(b, b))
                                  for b in frame["bloc"]])
    whole = frame.iloc[0]
    figures = [KeyFigure(value=fr_number(whole["invites"], 0), label="structures invitées"),
               KeyFigure(value=fr_number(whole["repondants"], 0), label="ont répondu"),
               KeyFigure(value=fr_number(whole["complets"], 0),
                         label="questionnaires complets (tous les blocs)")]
    if pd.notna(whole["taux_reponse"]):
        figures.append(KeyFigure(value=fr_percent(whole["taux_reponse"]),
                                 label="taux de participation"))
    table = table_from(frame, id="observation-participation",
                       caption="Participation : invitées, répondantes, complètes",
                       columns=[Column(key="libelle", label="Bloc"),
                                Column(key="invites", label="Invitées", kind="count"),
                                Column(key="repondants", label="Ont répondu", kind="count"),
                                Column(key="complets", label="Complètes", kind="count"),
                                Column(key="taux_reponse", label="Taux de réponse",
                                       kind="share"),
                                Column(key="taux_complets", label="Taux de complets",
                                       kind="share")])
    return Section(id="chiffres-cles", title="Chiffres clés et participation", blocks=(
        KeyFigures(items=tuple(figures)), TableBlock(table=table),
        Paragraph(tone="note", text="Invitées : les structures du registre de la campagne. "
                  "Ont répondu : celles dont le consentement permet les chiffres de "
                  "secteur. Une structure n'entre dans les tableaux d'un bloc que si tout "
                  "le bloc est rempli.")))


def _columns(spec: Observation) -> tuple[str, ...]:
    return ("", *((SIZE_COLUMN,) if spec.size else ()), *spec.typology)


def _block_sections(publication: Publication, spec: Observation, ref: Referentiel
                    ) -> list[Section]:
    sections = []
    for dimension in ref.dimensions:
        if f"observation:{dimension.id}:ensemble" not in publication.tables:
            continue
        blocks: list[Paragraph | TableBlock] = []
        # the block that holds the typology is shown whole, not broken down by itself
        typology = bool(set(spec.typology) & {q.id for c in dimension.criteres
                                              for i in c.indicateurs for q in i.questions})
        for column in _columns(spec)[:1] if typology else _columns(spec):
            name = column or "ensemble"
            frame = publication.table(f"observation:{dimension.id}:{name}")
            by = (column,) if column else ()
            caption = (f"{dimension.label} : ensemble des structures au bloc complet"
                       if not column else f"{dimension.label}, par "
                       f"{by_label(spec, ref, column).lower()}")
            blocks.append(TableBlock(table=block_table(
                frame, spec, ref, f"obs-{slug(dimension.id)}-{slug(name)}", caption, by)))
        sections.append(Section(id=f"bloc-{slug(dimension.id)}", title=dimension.label,
                                blocks=tuple(blocks)))
    return sections


def _ratios(publication: Publication, spec: Observation, ref: Referentiel) -> Section | None:
    if "observation:ratios:ensemble" not in publication.tables:
        return None
    blocks = []
    for column in _columns(spec):
        name = column or "ensemble"
        by = (column,) if column else ()
        caption = ("Ratios : ensemble" if not column
                   else f"Ratios, par {by_label(spec, ref, column).lower()}")
        blocks.append(TableBlock(table=ratio_table_of(
            publication.table(f"observation:ratios:{name}"), spec, ref,
            f"obs-ratios-{slug(name)}", caption, by)))
    return Section(id="ratios", title="Ratios : Σ/Σ et médianes des ratios",
                   blocks=tuple(blocks))


def _series(publication: Publication, spec: Observation, ref: Referentiel
            ) -> Section | None:
    if "observation:series" not in publication.tables or publication.before is None:
        return None
    frame = publication.table("observation:series")
    if frame.empty:
        return None
    before, after = publication.before.frames.name, publication.current.frames.name
    return Section(id="series", title="Séries : les mêmes structures d'une année à l'autre",
                   blocks=(TableBlock(table=series_table_of(frame, spec, ref, before,
                                                            after)),))


def _method(publication: Publication, spec: Observation, ref: Referentiel) -> Section:
    ratios = {r.id: r.label for r in spec.ratios}
    questions = ref.questions()
    figures = dict.fromkeys(b.figure for b in spec.benchmarks)
    sources = [f"{ratios.get(f) or spec.name_of(f, questions[f].label)} : "
               f"{benchmark_text(spec.benchmarks, f, f in ratios)}" for f in figures]
    size = spec.size
    rules = [
        "Les règles sont fixées avant la collecte, dans le référentiel "
        f"{ref.ref} ; le producteur d'une donnée garde la priorité sur son usage "
        "(consentement de chaque structure).",
        "Une structure n'entre dans les tableaux d'un bloc que si chaque champ du bloc est "
        "rempli (« non concerné » compte comme rempli, « ne sait pas » et le vide non) ; "
        "chaque ligne donne son n.",
        "Sommes : seulement pour les quantités qui s'additionnent ; une part ne se somme "
        "jamais. Ni minimum ni maximum : chacun serait le chiffre d'une seule structure.",
        *([f"Classe de budget dérivée du budget déclaré "
           f"({', '.join(c.label for c in size.classes)}) : {size.reference}"]
          if size else []),
        "Séries : seulement les structures complètes les deux années.",
    ]
    blocks: list[Paragraph | Bullets] = [Bullets(items=tuple(rules)),
                                         Paragraph(text="Repères imprimés à côté des "
                                                   "chiffres de la campagne :"),
                                         Bullets(items=tuple(sources))]
    blocks += [Paragraph(tone="note", text=n) for n in publication_notes(publication)]
    return Section(id="methode", title="Méthode et repères", blocks=tuple(blocks))


def build_observation_report(publication: Publication, *, edited: str = "") -> SectorReport:
    """The observation report of the publication's campaign (``edited``: the date
    printed on the cover, given by the caller so that the function stays pure)."""
    ref = publication.inputs.referentiel
    spec = ref.observation
    assert spec is not None, "not an observation référentiel"
    current = publication.current.frames
    previous = publication.before.frames.name if publication.before is not None else None
    sections = [_participation(publication, spec, ref),
                *_block_sections(publication, spec, ref)]
    sections += [s for s in (_ratios(publication, spec, ref),
                             _series(publication, spec, ref)) if s is not None]
    sections.append(_method(publication, spec, ref))
    subtitle = f"Campagne {current.name}" + (f", comparée à {previous}" if previous else "")
    return SectorReport(
        title=f"{ref.title} : chiffres clés", subtitle=subtitle, campaign=current.name,
        previous=previous, referentiel=current.referentiel,
        referentiel_hash=current.referentiel_hash, edited=edited,
        footer="Observation participative et partagée",
        stem=observation_stem(current.name, previous),
        secrecy_notes=tuple(publication_notes(publication)), sections=tuple(sections))
