"""A campaign's tables for export: named rows (consent « nominative ») and sector
tables, all read from the campaign's :class:`~evalsoc.publish.Publication`, so that the
export says nothing the publication auditor has not checked.

Tables (French column names):

- ``structures``: one row per structure with consent « nominative »: nom,
  structure_id, département, discipline, territoire, then the score and level of every
  dimension and critère. « Anonyme » structures never get a row of their own; « aucune »
  ones appear in no table at all.
- ``secteur``: scores of dimensions and critères for the whole campaign and by each
  grouping column asked for (``par``), stacked.
- ``groupes_repondants``, ``totaux``, ``evolution`` (with a previous campaign): the
  publication's tables.
- ``textes``: free-text answers (``nature`` « réponse ») and the comments written beside
  any answer (« commentaire »), as consent allows (:mod:`evalsoc.publish.texts`).
- ``diagnostics_medianes``, ``diagnostics_rouges``: the sector view of each diagnostic
  (:mod:`evalsoc.publish.diagnostics`), stacked; a campaign of diagnostics alone has
  only these and the notes.
- ``notes``: the rules in force, who is left out and why, and the audit's verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from evalsoc.exports.safe import write_csv, write_json, write_xlsx
from evalsoc.publish.notes import publication_notes
from evalsoc.publish.publication import STANDARD_BY, Publication
from evalsoc.publish.texts import public_texts, text_questions, written_texts
from evalsoc.store.frames import Store

__all__ = ["DEFAULT_BY", "EXPORT_FORMATS", "campaign_tables", "free_texts", "write_tables"]

EXPORT_FORMATS = (".xlsx", ".csv", ".parquet", ".json")
DEFAULT_BY = ("departement", "territoire", "discipline")
assert set(DEFAULT_BY) <= set(STANDARD_BY)


def campaign_tables(publication: Publication, texts: pd.DataFrame,
                    by: Sequence[str] = DEFAULT_BY) -> dict[str, pd.DataFrame]:
    """The export of ``publication`` (built with at least the columns ``by``); ``texts``
    are the campaign's free texts (:func:`free_texts`)."""
    tables: dict[str, pd.DataFrame] = {}
    if "secteur:ensemble" in publication.tables:  # a campaign of diagnostics alone has none
        tables = {
            "structures": named_rows(publication),
            "secteur": _sector(publication, by),
            "groupes_repondants": publication.table("groupes"),
            "totaux": publication.table("totaux"),
            "textes": public_texts(texts, publication.inputs.referentiel,
                                   publication.population, publication.registry),
        }
    for kind in ("medianes", "rouges"):
        found = _diagnostic(publication, kind)
        if not found.empty:
            tables[f"diagnostics_{kind}"] = found
    tables["notes"] = pd.DataFrame({"note": publication_notes(publication)})
    if "evolution:departement" in publication.tables:
        tables["evolution"] = publication.table("evolution:departement")
    return tables


def _diagnostic(publication: Publication, kind: str) -> pd.DataFrame:
    """The sector view of every diagnostic (``medianes`` or ``rouges``), stacked: the
    whole campaign, then each grouping, with the diagnostic's id."""
    parts = []
    for table_id in publication.tables:
        ident, _, rest = table_id.partition(":")
        found_kind, _, column = rest.partition(":")
        if found_kind != kind or not column:
            continue
        table = publication.table(table_id)
        if column == "ensemble":
            table = table.assign(par="ensemble", groupe="Ensemble")
        else:
            table = table.rename(columns={column: "groupe"}).assign(par=column)
        parts.append(table.assign(diagnostic=ident))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def named_rows(publication: Publication) -> pd.DataFrame:
    """The scores of dimensions and critères of the structures named with their consent."""
    scores = publication.current.scores
    nodes = scores[scores["type"].isin(["dimension", "critere"])
                   & scores["structure_id"].astype(str).isin(publication.population.named)]
    wide = nodes.pivot_table(index="structure_id", columns="noeud", values="score",
                             aggfunc="first", dropna=False, sort=False)
    levels = nodes.pivot_table(index="structure_id", columns="noeud", values="niveau",
                               aggfunc="first", dropna=False, sort=False).add_prefix("niveau ")
    registry = publication.registry
    base = registry.loc[registry["structure_id"].astype(str).isin(
        publication.population.named), ["nom", "structure_id", "departement", "discipline",
                                         "territoire"]]
    table = base.merge(wide.join(levels).reset_index(), on="structure_id", how="inner")
    return table.sort_values("structure_id").reset_index(drop=True)


def _sector(publication: Publication, by: Sequence[str]) -> pd.DataFrame:
    parts = []
    for column in by:
        table = publication.table(f"secteur:{column}")
        parts.append(table.rename(columns={column: "groupe"}).assign(par=column))
    if not by:
        parts.append(publication.table("secteur:ensemble").assign(par="ensemble",
                                                                   groupe="Ensemble"))
    return pd.concat(parts, ignore_index=True)


def free_texts(store: Store, publication: Publication) -> pd.DataFrame:
    """The campaign's free texts (:func:`~evalsoc.publish.texts.written_texts`) of the
    structures in the publication's figures, the answers read from the store in chunks:
    only text answers are read, never the whole answers table."""
    referentiel, campaign = publication.inputs.referentiel, publication.inputs.current.name
    included = publication.population.included
    answers = store.text_answers(campaign, text_questions(referentiel), included)
    comments = store.comments(campaign)
    comments = comments[comments["structure_id"].astype(str).isin(included)]
    return written_texts(answers, comments, referentiel)


def write_tables(path: Path, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """By suffix: one XLSX (a sheet per table) or JSON file; CSV and Parquet write the
    ``structures`` table at ``path`` and each other table beside it as
    ``<name>.<table>.<suffix>``."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(path, tables)
        return [path]
    if suffix == ".json":
        write_json(path, {name: _records(frame) for name, frame in tables.items()})
        return [path]
    written = []
    for name, frame in tables.items():
        target = path if name == "structures" else path.with_name(
            f"{path.stem}.{name}{path.suffix}")
        if suffix == ".csv":
            write_csv(target, frame)
        else:
            _parquet(target, frame)
        written.append(target)
    return written


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    clean = frame.astype(object).where(frame.notna(), None)
    return [dict(zip(clean.columns.astype(str), row, strict=True))
            for row in clean.itertuples(index=False, name=None)]


def _parquet(path: Path, frame: pd.DataFrame) -> None:
    import io  # noqa: PLC0415 - only this format needs pyarrow

    from evalsoc.support.files import atomic_write  # noqa: PLC0415

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    atomic_write(path, buffer.getvalue())
