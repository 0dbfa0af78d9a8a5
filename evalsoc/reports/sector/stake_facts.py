"""Stake 4, « renforcer la chaîne de l'accompagnement », read with sector facts (spec
6.E): the support schemes the structures used and their needs of accompaniment by theme,
counted by département through the publication (``evalsoc report sector --besoins``).
Financial ratios are not read under this stake: they belong to the financial diagnosis."""

from __future__ import annotations

from evalsoc.needs.run import NEEDS, SUPPORT
from evalsoc.needs.themes import THEMES
from evalsoc.reports.sector.blocks import masked_note
from evalsoc.reports.sector.context import SectorContext
from evalsoc.reports.sector.model import Block, Column, Paragraph, TableBlock
from evalsoc.reports.sector.tables import table_from

__all__ = ["OUT_OF_STAKE", "support_blocks"]

# indicators tagged with these families are left out of a stake's reading [R, spec 6.E]
OUT_OF_STAKE = {"accompagnement": "famille:finances"}
_COLUMNS = [Column(key="question", label="Thème"),
            Column(key="departement", label="Département"),
            Column(key="n", label="Structures", kind="count", stat=True),
            Column(key="somme", label="Dont concernées", kind="count", stat=True)]


def _table(ctx: SectorContext, table_id: str, labels: dict[str, str], caption: str,
           what: str) -> list[Block]:
    frame = ctx.table(f"{table_id}:departement")
    frame = ctx.labelled(frame.assign(question=frame["question"].astype(str).map(
        lambda q: labels.get(q, q))), "departement")
    columns = [Column(key="question", label=what), *_COLUMNS[1:]]
    table = table_from(frame, id=f"enjeu-accompagnement-{table_id}", caption=caption,
                       columns=columns)
    note = masked_note(table)
    return [TableBlock(table=table), *([note] if note else [])]


def support_blocks(ctx: SectorContext) -> list[Block]:
    """The facts of stake 4, or how to get them."""
    tables = ctx.publication.tables
    if f"{SUPPORT}:departement" not in tables and f"{NEEDS}:departement" not in tables:
        return [Paragraph(tone="note", text=(
            "Cet enjeu se lit aussi par les dispositifs d'accompagnement que les "
            "structures ont mobilisés et par leurs besoins d'accompagnement : relancez "
            "evalsoc report sector avec --besoins."))]
    blocks: list[Block] = [Paragraph(text=(
        "Faits du secteur : les dispositifs mobilisés ces trois dernières années (question "
        "à choix multiples, comptée à part de tout score) et les structures qui ont besoin "
        "d'un accompagnement, par thème (un signal d'evalsoc ou un besoin déclaré de 2 ou "
        "3 : voir docs/besoins.md). Aucune case ne dit que toutes, ou aucune, des "
        "structures d'un groupe sont concernées."))]
    if f"{SUPPORT}:departement" in tables:
        labels = {f"dispositif:{code}": label for code, label in ctx.support_labels()}
        blocks += _table(ctx, SUPPORT, labels, "Dispositifs d'accompagnement mobilisés",
                         "Dispositif")
    if f"{NEEDS}:departement" in tables:
        labels = {f"besoin:{t.id}": t.label for t in THEMES}
        blocks += _table(ctx, NEEDS, labels, "Besoins d'accompagnement par thème", "Thème")
    return blocks
