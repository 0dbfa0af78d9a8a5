"""The reports of the rural attractiveness grid, as pure functions.

- :func:`conditions_report`: one structure's conditions R1-R12 in a table (condition,
  what it is, source), and what the reading noticed (a class chosen by hand that the
  INSEE table contradicts, a commune missing from the table, too few publics);
- :func:`attractiveness_report`: the campaign's observation report
  (:mod:`evalsoc.reports.observation`) with the typology for the rural workshop first
  and the grid's parameters in the method.
"""

from __future__ import annotations

from evalsoc.publish.publication import Publication
from evalsoc.reports.observation.build import build_observation_report
from evalsoc.reports.sector.model import (
    Bullets,
    Column,
    Paragraph,
    Row,
    Section,
    SectorReport,
    Table,
    TableBlock,
)
from evalsoc.reports.sector.tables import table_from
from evalsoc.structures.registry import slug
from evalsoc.support.formatting import fr_number
from evalsoc.territory.conditions import CLASSES, StructureConditions, typology_of

__all__ = ["attractiveness_report", "attractiveness_stem", "conditions_report",
           "conditions_stem"]

TITLE = "Conditions d'attractivité"


def attractiveness_stem(campaign: str) -> str:
    return f"attractivite-{slug(campaign) or 'campagne'}"


def conditions_stem(structure_id: str, name: str, campaign: str) -> str:
    parts = [slug(name), slug(structure_id, keep_case=True),
             f"conditions-{slug(campaign) or 'campagne'}"]
    return "_".join(p for p in parts if p)


def conditions_report(conditions: StructureConditions, name: str, publication: Publication,
                      *, edited: str = "") -> SectorReport:
    """One structure's conditions R1-R12, for the structure (never a sector figure)."""
    ref = publication.inputs.referentiel
    current = publication.current.frames
    columns = (Column(key="code", label="Condition"), Column(key="label", label="Indicateur"),
               Column(key="value", label="Ce que disent les réponses"),
               Column(key="source", label="Source"))
    table = Table(id="conditions", caption=f"{name} : conditions d'attractivité (R1 à R12)",
                  columns=columns, protected=False,
                  rows=tuple(Row(values=(r.code, r.label, r.value, r.source),
                                 texts=(r.code, r.label, r.value, r.source))
                             for r in conditions.rows))
    blocks: list[Paragraph | TableBlock | Bullets] = [
        Paragraph(text="Une grille descriptive, lue à côté du profil d'utilité sociale : "
                       "elle ne note rien et ne s'ajoute à aucun score."),
        TableBlock(table=table),
        Paragraph(tone="note", text="Lecture pour l'atelier rural : "
                  f"{CLASSES[typology_of(conditions, ref)]}.")]
    if conditions.issues:
        blocks.append(Bullets(items=tuple(i.message for i in conditions.issues)))
    return SectorReport(
        title=f"{TITLE} — {name}", subtitle=f"Campagne {current.name}",
        campaign=current.name, referentiel=current.referentiel,
        referentiel_hash=current.referentiel_hash, edited=edited, footer=TITLE,
        stem=conditions_stem(conditions.structure_id, name, current.name),
        secrecy_notes=(), sections=(Section(id="conditions", title="Les douze conditions",
                                            blocks=tuple(blocks)),))


def _typology(publication: Publication) -> Section:
    frame = publication.table("attractivite:typologie")
    table = table_from(frame, id="attractivite-typologie",
                       caption="Typologie des structures pour l'atelier rural",
                       columns=[Column(key="classe", label="Classe"),
                                Column(key="n", label="Structures", kind="count", stat=True),
                                Column(key="part", label="Part", kind="share", stat=True),
                                Column(key="n_isolees", label="dont isolées (R2)",
                                       kind="count", stat=True),
                                Column(key="n_convention",
                                       label="dont convention intercommunale (R5)",
                                       kind="count", stat=True),
                                Column(key="n_benevolat_rare", label="dont bénévolat rare (R9)",
                                       kind="count", stat=True)])
    spec = publication.inputs.referentiel.observation
    assert spec is not None
    return Section(id="typologie", title="Typologie pour l'atelier rural", blocks=(
        Paragraph(text="Une structure rurale (grille de densité, niveaux "
                  f"{fr_number(spec.parameter('rural_min'), 0)} à 7) est dite attractive "
                  "quand ses publics viennent largement d'au-delà de son intercommunalité "
                  "(R4) et qu'elle va vers les communes rurales (R8) ; chaque classe se lit "
                  "au regard de l'isolement (R2), de la coopération intercommunale (R5) et "
                  "du bénévolat (R9)."),
        TableBlock(table=table),
        Paragraph(tone="note", text="Des effectifs de structures, toutes les classes "
                  "montrées, même vides : une classe de moins de "
                  f"{publication.rules.min_structures} structures est masquée, et une autre "
                  "avec elle quand le total la redonnerait. Qui est dans quelle classe "
                  "n'est jamais publié : la vérification d'ensemble masque aussi tout "
                  "chiffre qui dirait à coup sûr la classe d'une structure (une classe qui "
                  "les réunit toutes).")))


def attractiveness_report(publication: Publication, *, density: str = "",
                          edited: str = "") -> SectorReport:
    """The sector document of a campaign of the grid (``density``: the table used, or
    empty when the classes were chosen by hand)."""
    base = build_observation_report(publication, edited=edited)
    spec = publication.inputs.referentiel.observation
    assert spec is not None
    source = (f"Type de territoire (R1) : table de densité de l'INSEE « {density} », la "
              "classe choisie à la main quand la commune n'y est pas."
              if density else "Type de territoire (R1) : classes choisies à la main (aucune "
              "table de densité donnée : --densite).")
    parameters = tuple(f"{p.label} : {fr_number(p.value, 2)} (source {p.source}"
                       + (f", {p.reference}" if p.reference else "") + ")"
                       for p in spec.parameters)
    method = Section(id="parametres", title="Paramètres de la grille", blocks=(
        Paragraph(text=source), Bullets(items=parameters)))
    sections = [base.sections[0], _typology(publication), *base.sections[1:], method]
    return base.model_copy(update={
        "title": f"{TITLE} des structures culturelles rurales",
        "stem": attractiveness_stem(base.campaign), "footer": TITLE,
        "sections": tuple(sections)})
