"""Participation and data quality: files received, valid and rejected with their main
causes, completeness per dimension, and how much could not be evaluated, and why.

Counts of files and of causes name no structure; completeness and the shares of
« non évaluable » are sector-wide figures put under the same threshold as the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evalsoc.catalogue import CATALOGUE, Code
from evalsoc.charts import CompletenessItem, completeness
from evalsoc.charts.adapters import REASONS
from evalsoc.reports.sector.blocks import by_label, chart_block
from evalsoc.reports.sector.context import ALL, SectorContext, count_text
from evalsoc.reports.sector.model import Block, Column, Paragraph, Row, Section, Table, TableBlock
from evalsoc.reports.sector.tables import cell_text, table_from

__all__ = ["quality_section"]

KINDS = {"structure": "Questionnaires de structure", "individuel": "Questionnaires individuels"}
STATUSES = (("valide", "Valides"), ("remplacee", "Remplacés par une version corrigée"),
            ("rejetee", "Rejetés"))
REASON_LABELS = {str(k): v for k, v in REASONS.items()}
MAX_CAUSES = 8


def _counts_table(id: str, caption: str, columns: Sequence[Column],
                  rows: Sequence[tuple[str | float | None, ...]]) -> Table:
    """A table of counts of files (no statistic on structures, nothing to mask)."""
    return Table(id=id, caption=caption, columns=tuple(columns), protected=False, rows=tuple(
        Row(values=r, texts=tuple(cell_text(v, c.kind) for v, c in zip(r, columns, strict=True)),
            total=r[0] == ALL) for r in rows))


def _files(ctx: SectorContext) -> Table:
    subs = ctx.inputs.current.submissions
    columns = [Column(key="type", label="Fichiers"),
               Column(key="recus", label="Reçus", kind="count"),
               *(Column(key=s, label=label, kind="count") for s, label in STATUSES)]
    rows: list[tuple[str | float | None, ...]] = []
    for kind, label in KINDS.items():
        mine = subs[subs["type"] == kind]
        if kind != "structure" and mine.empty:
            continue
        rows.append((label, float(len(mine)),
                     *(float((mine["statut"] == s).sum()) for s, _ in STATUSES)))
    if len(rows) > 1:
        rows.append((ALL, float(len(subs)),
                     *(float((subs["statut"] == s).sum()) for s, _ in STATUSES)))
    return _counts_table("fichiers", "Fichiers reçus pour la campagne", columns, rows)


def _title(code: str) -> str:
    try:
        return CATALOGUE[Code(code)].title
    except ValueError:
        return code


def _causes(ctx: SectorContext) -> Table | None:
    issues = ctx.inputs.current.issues
    errors = issues[issues["gravite"] == "erreur"]
    if errors.empty:
        return None
    files = errors.groupby("code")["fichier"].nunique().sort_values(ascending=False,
                                                                   kind="stable")
    columns = [Column(key="cause", label="Cause"), Column(key="code", label="Code"),
               Column(key="fichiers", label="Fichiers concernés", kind="count")]
    rows = [(_title(str(code)), str(code), float(n))
            for code, n in files.head(MAX_CAUSES).items()]
    return _counts_table("causes-rejet", "Principales causes de rejet", columns, rows)


def _completeness(ctx: SectorContext) -> pd.DataFrame:
    table = ctx.table("completude")
    return table.assign(libelle=table["noeud"].map(ctx.dimension_labels))


def _unscored(ctx: SectorContext) -> pd.DataFrame:
    """Per dimension: indicator answers expected, the share scored, and the share of
    each absence reason (informational indicators are not scored by design)."""
    table = ctx.table("non_evalues")
    return by_label(table.assign(libelle=table["noeud"].map(ctx.dimension_labels)))


def _received(files: int, rejected: int, left_out: int) -> str:
    text = f"{count_text(files, 'fichier reçu', 'fichiers reçus')}"
    if not rejected:
        return text + ", aucun rejeté."
    text += (f", dont {count_text(rejected, 'rejeté', 'rejetés')} : un fichier rejeté "
             "n'entre pas dans les statistiques")
    if left_out:
        verb = "n'y figure pas" if left_out == 1 else "n'y figurent pas"
        text += (f" ; {count_text(left_out, 'structure')} {verb}, faute de questionnaire "
                 "valide")
    return text + "."


def quality_section(ctx: SectorContext) -> Section:
    files, causes = _files(ctx), _causes(ctx)
    subs = ctx.inputs.current.submissions
    rejected = subs[subs["statut"] == "rejetee"]
    valid_ids = set(subs.loc[subs["statut"] == "valide", "structure_id"].dropna())
    left_out = set(rejected["structure_id"].dropna()) - valid_ids
    blocks: list[Block] = [
        Paragraph(text=_received(len(subs), len(rejected), len(left_out))),
        TableBlock(table=files),
    ]
    if causes is not None:
        blocks.append(TableBlock(table=causes))
    done = _completeness(ctx)
    everyone = len(ctx.evaluated)  # the count is written only where it differs
    items = [CompletenessItem(str(r["libelle"]), min(max(float(r["completude"]), 0.0), 1.0),
                              "" if r["n"] == everyone else count_text(r["n"], "structure"))
             for r in done.to_dict("records") if not r["masque"]]
    if items:
        chart = completeness(items, threshold=ctx.inputs.referentiel.min_coverage,
                             title="Complétude moyenne des réponses par dimension, sur "
                                   f"{count_text(everyone, 'structure')}")
        blocks.append(chart_block(chart, "graphique-completude"))
    blocks.append(TableBlock(table=table_from(
        by_label(done.assign(libelle=done["libelle"].fillna(done["noeud"]))),
        id="completude", caption="Complétude moyenne des réponses, par dimension",
        columns=[Column(key="noeud", label="Dimension"),
                 Column(key="n", label="Structures", kind="count", stat=True),
                 Column(key="completude", label="Complétude moyenne", kind="share",
                        stat=True)])))
    unscored = table_from(
        _unscored(ctx), id="non-evaluable",
        caption="Indicateurs évalués et non évaluables, par dimension",
        columns=[Column(key="noeud", label="Dimension"),
                 Column(key="n", label="Structures", kind="count", stat=True),
                 Column(key="attendus", label="Indicateurs attendus", kind="count", stat=True),
                 Column(key="part_score", label="Évalués", kind="share", stat=True),
                 *(Column(key=f"part_{k}", label=label.capitalize(), kind="share", stat=True)
                   for k, label in REASON_LABELS.items())],
        note="« Non concerné » et « ne sait pas » sont des réponses, distinctes entre "
             "elles et d'un zéro ; « trop peu de répondants » et « couverture "
             "insuffisante » viennent des règles du référentiel.")
    blocks.append(TableBlock(table=unscored))
    return Section(id="qualite", title="Annexe B : participation et qualité des données",
                   blocks=tuple(blocks))
