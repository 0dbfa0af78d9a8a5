"""The restitution collective's profiles side by side: one column per structure, the
dimensions as rows, each cell the level in words and the rounded score (« Affirmé ·
68 »), read from the publication's audited table :data:`~evalsoc.publish.profiles.PROFILES`.
Where one structure of the collective did not consent to be named, nothing is shown side
by side and one sentence says why (:func:`evalsoc.publish.profiles.refusal`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.publish.profiles import PROFILES, refusal
from evalsoc.reports.sector.context import SectorContext
from evalsoc.reports.sector.model import Block, Column, Paragraph, Row, Table, TableBlock
from evalsoc.reports.sector.tables import cell_text
from evalsoc.stats.inputs import text

__all__ = ["side_by_side"]


def _cell(record: Mapping[Hashable, Any], ctx: SectorContext) -> str:
    score = record["score"]
    if record["masque"]:
        return str(record["motif"])
    if score is None or (isinstance(score, float) and pd.isna(score)):
        return text(Code.COL_NOT_EVALUABLE)
    level = str(record["niveau_libelle"] or "")
    number = cell_text(float(score), "score", ctx.thresholds)
    return f"{level} · {number}" if level else number


def side_by_side(ctx: SectorContext) -> list[Block]:
    """The profiles' table, or the sentence that says why there is none."""
    why = refusal(ctx.publication.population)
    if why is not None:
        return [Paragraph(tone="note", text=why)]
    if PROFILES not in ctx.publication.tables:
        return []
    frame = ctx.table(PROFILES)
    if frame.empty:
        return []
    structures = list(dict.fromkeys(zip(frame["structure_id"].astype(str),
                                        frame["nom"].astype(str), strict=True)))
    cells = {(str(r["structure_id"]), str(r["noeud"])): _cell(r, ctx)
             for r in frame.to_dict("records")}
    rows = []
    for dim in ctx.inputs.referentiel.dimensions:
        texts = (dim.label, *(cells.get((s, dim.id), text(Code.COL_NOT_EVALUABLE))
                              for s, _ in structures))
        rows.append(Row(values=texts, texts=texts))
    columns = (Column(key="dimension", label="Dimension"),
               *(Column(key=s, label=name) for s, name in structures))
    table = Table(id="profils-cote-a-cote", caption="Profils côte à côte, avec l'accord de "
                  "chaque structure : niveau et score sur 100 (un niveau se lit dans sa "
                  "dimension)", columns=columns, rows=tuple(rows), protected=False)
    return [TableBlock(table=table)]
