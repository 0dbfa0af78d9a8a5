"""The four regional stakes read with sector facts (spec 6.E): for each stake, the
shares and counts of :mod:`evalsoc.publish.stake_facts` as the publication printed them
(n, « secret » where protected), each with its source in words; a fact the campaign's
référentiel does not ask is said « non recueilli », and structures whose workbook was
filled under a version without the question are said to be out of its n. Stake 4 adds
the support schemes by département and, with ``--besoins``, the needs by theme.
Financial ratios are not read under stake 4: they belong to the financial diagnosis."""

from __future__ import annotations

import pandas as pd

from evalsoc.needs.run import NEEDS
from evalsoc.needs.themes import THEMES
from evalsoc.publish.stake_alerts import ALERT_STAKE
from evalsoc.publish.stake_facts import (
    COUNT,
    FACTS,
    FACTS_ID,
    SHARE,
    SUPPORT,
    TRAINING,
    Fact,
    carried,
    collected,
    own_part,
    source_of,
)
from evalsoc.reports.sector.blocks import masked_note
from evalsoc.reports.sector.context import SectorContext, count_text
from evalsoc.reports.sector.model import Block, Bullets, Column, Paragraph, TableBlock
from evalsoc.reports.sector.stake_alerts import alert_facts, alert_notes, missing_alerts
from evalsoc.reports.sector.tables import table_from

__all__ = ["GOVERNANCE", "OUT_OF_STAKE", "fact_blocks", "fact_sources", "support_blocks"]

# indicators tagged with these families are left out of a stake's reading [R, spec 6.E]
OUT_OF_STAKE = {"accompagnement": "famille:finances"}
# governance indicators read under their dimension, not as professionnalisation [R, 6.E]
GOVERNANCE = {"professionnalisation": ("GOUV.2.1", "GOUV.3.1")}
_COLUMNS = [Column(key="question", label="Thème"),
            Column(key="departement", label="Département"),
            Column(key="n", label="Structures", kind="count", stat=True),
            Column(key="somme", label="Dont concernées", kind="count", stat=True)]
_FACT_COLUMNS = [Column(key="fait", label="Fait du secteur"),
                 Column(key="source", label="Source"),
                 Column(key="n", label="Structures (n)", kind="count", stat=True),
                 Column(key="part", label="Part", kind="share", stat=True),
                 Column(key="nombre", label="Nombre", kind="count", stat=True)]
FACTS_NOTE = ("Chaque part se lit sur les structures qui ont répondu à la question (n) ; "
              "« Nombre » : les structures concernées, ou le total déclaré. Une part de "
              "0 % ou de 100 % n'est jamais publiée (elle dirait la réponse de chaque "
              "structure) : la case est alors « secret ».")


def _ref_name(ref: str) -> str:
    return ref.replace("@", " ")


def _row(table: pd.DataFrame, question: str) -> dict[str, object] | None:
    found = table[table["question"].astype(str) == question]
    return None if found.empty else {str(k): v for k, v in found.iloc[0].items()}


def _fact_row(table: pd.DataFrame, fact: Fact, source: str) -> dict[str, object] | None:
    """The fact as one report row, from the published cells it is made of."""
    base = {"fait": fact.label, "source": source, "ensemble": False}
    if fact.kind == "salaries":
        yes, asked = (_row(table, f"{COUNT}{fact.key}_{p}") for p in TRAINING)
        if yes is None or asked is None:
            return None
        hidden = bool(yes["masque"]) or bool(asked["masque"])
        total = float(str(asked["somme"])) if not hidden else 0.0
        label = fact.label if hidden else (
            f"{fact.label} : {count_text(total, 'salarié répondant', 'salariés répondants')}")
        return {**base, "fait": label, "n": asked["n"], "masque": hidden,
                "motif": yes["motif"] if bool(yes["masque"]) else asked["motif"],
                "part": None if hidden or not total else float(str(yes["somme"])) / total,
                "nombre": None if hidden else yes["somme"]}
    row = _row(table, (SHARE if fact.kind == "part" else COUNT) + fact.key)
    if row is None:
        return None
    return {**base, "n": row["n"], "masque": bool(row["masque"]), "motif": row["motif"],
            "part": row["moyenne"] if fact.kind == "part" else None,
            "nombre": row["somme"]}


def _joined_row(ctx: SectorContext, fact: Fact) -> dict[str, object] | None:
    """The fact as one report row when a table joined to the synthesis gives it (the
    rural grid's itinérance for stake 2: ``--attractivite``), else None."""
    for extra in ctx.inputs.extras:
        for question, label, source in extra.described:
            table_id = f"{extra.id}:ensemble"
            if question != SHARE + fact.key or table_id not in ctx.publication.tables:
                continue
            row = _row(ctx.table(table_id), question)
            if row is not None:
                return {"fait": label, "source": source, "ensemble": False, "n": row["n"],
                        "masque": bool(row["masque"]), "motif": row["motif"],
                        "part": row["moyenne"], "nombre": row["somme"]}
    return None


def _outside(ctx: SectorContext, facts: list[Fact]) -> list[str]:
    """Structures in the figures whose workbook's version did not ask a fact's
    question: they are out of its n (said, never silently)."""
    ref = ctx.inputs.referentiel
    submissions = ctx.inputs.current.submissions
    if "referentiel" not in submissions.columns:
        return []
    rows = submissions[(submissions["statut"] == "valide") & (submissions["type"] == "structure")
                       & submissions["structure_id"].astype(str).isin(
                           ctx.publication.population.included)]
    other = rows[rows["referentiel"].astype(str).map(lambda v: own_part(v, ref)) != ref.ref]
    said = []
    for version, group in other.groupby(other["referentiel"].astype(str)):
        kept = carried(ref, str(version))
        missing = [f.label for f in facts if collected(f, ref) and f.question not in kept]
        if missing:
            n = group["structure_id"].nunique()
            said.append(f"{count_text(n, 'structure')} {'a' if n == 1 else 'ont'} rempli le "
                        f"questionnaire de {_ref_name(str(version))}, qui ne posait pas la "
                        f"question de : {' ; '.join(f'« {m} »' for m in missing)}. "
                        f"{'Elle n’est' if n == 1 else 'Elles ne sont'} pas dans le n de "
                        "ces faits.")
    return said


def fact_sources(ctx: SectorContext, stake: str) -> set[str]:
    """The indicators whose questions the stake's facts read (in the campaign's
    référentiel): an informational one among them is read here, in words and shares."""
    ref = ctx.inputs.referentiel
    asked = {f.question for f in FACTS if f.stake == stake and collected(f, ref)}
    return {i.id for i in ref.indicateurs() if any(q.id in asked for q in i.questions)}


def fact_blocks(ctx: SectorContext, stake: str) -> list[Block]:
    """The stake's sector facts: a table of those collected, the others named."""
    ref = ctx.inputs.referentiel
    facts = [f for f in FACTS if f.stake == stake]
    table_id = f"{FACTS_ID}:ensemble"
    published = ctx.table(table_id) if table_id in ctx.publication.tables else None
    rows, joined = [], set()
    shown = [(f, source_of(f, ref)) for f in facts if collected(f, ref)]
    if stake == ALERT_STAKE:  # the financial alerts, when the campaign bundles them
        shown += alert_facts(ctx)
    for fact, source in shown:
        if published is not None:
            row = _fact_row(published, fact, source)
            if row is not None:
                rows.append(row)
    for fact in facts:  # a fact the questionnaire does not ask, joined from elsewhere
        if not collected(fact, ref) and (row := _joined_row(ctx, fact)) is not None:
            rows.append(row)
            joined.add(fact.key)
    blocks: list[Block] = []
    if rows:
        frame = pd.DataFrame(rows)
        frame.attrs = dict(published.attrs) if published is not None else {}
        table = table_from(frame, id=f"enjeu-{stake}-faits",
                           caption="Faits du secteur (ensemble des structures)",
                           columns=_FACT_COLUMNS, note=FACTS_NOTE)
        blocks.append(TableBlock(table=table))
        if note := masked_note(table):
            blocks.append(note)
    name = _ref_name(ref.ref)
    absent = [f"{f.label} : non recueilli dans {name}"
              + (f" ; à lire dans {f.where}" if f.where else "") + "."
              for f in facts if not collected(f, ref) and f.key not in joined]
    if stake == ALERT_STAKE:
        blocks += [Paragraph(tone="note", text=t) for t in alert_notes(ctx, published)]
        absent += missing_alerts(ctx, published)
    if absent:
        blocks.append(Paragraph(tone="note", text=(
            "Faits que cette campagne ne recueille pas : cette synthèse ne peut pas en "
            "rendre compte.")))
        blocks.append(Bullets(items=tuple(absent)))
    blocks += [Paragraph(tone="note", text=t) for t in _outside(ctx, facts)]
    return blocks


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
    """Stake 4 by département: the support schemes used (whenever the questionnaire
    asks them) and the needs by theme (with ``--besoins``), or how to get them."""
    tables = ctx.publication.tables
    blocks: list[Block] = []
    if f"{SUPPORT}:departement" in tables and not ctx.table(
            f"{SUPPORT}:departement").empty:
        labels = {f"dispositif:{code}": label for code, label in ctx.support_labels()}
        blocks += _table(ctx, SUPPORT, labels, "Dispositifs d'accompagnement mobilisés ces "
                         "trois dernières années, par département", "Dispositif")
    if f"{NEEDS}:departement" in tables:
        blocks.append(Paragraph(text=(
            "Besoins d'accompagnement par thème : les structures qui ont un signal "
            "d'evalsoc ou un besoin déclaré de 2 ou 3 (voir docs/besoins.md). Aucune case "
            "ne dit que toutes, ou aucune, des structures d'un groupe sont concernées.")))
        labels = {f"besoin:{t.id}": t.label for t in THEMES}
        blocks += _table(ctx, NEEDS, labels, "Besoins d'accompagnement par thème", "Thème")
    else:
        blocks.append(Paragraph(tone="note", text=(
            "Les besoins d'accompagnement par thème (signaux d'evalsoc et besoins déclarés) "
            "ne sont pas dans cette synthèse : relancez evalsoc report sector avec "
            "--besoins (et --declares pour les besoins déclarés).")))
    return blocks

