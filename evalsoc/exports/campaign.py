"""A campaign's tables for export: per structure (as consent allows) and per sector
(statistical secrecy applied), plus the notes saying which rules were in force.

Tables (French column names):

- ``structures``: one row per structure that may be shown (consent « nominative » or
  « anonyme »): nom_public, structure_id, département, discipline, territoire, then the
  score and level of every dimension and critère. Structures with consent « aucune »
  are left out here and still counted in every sector table.
- ``secteur``: :func:`evalsoc.stats.describe` of dimensions and critères, for the whole
  campaign and by each grouping column asked for (``par``), stacked.
- ``groupes_repondants``: :func:`evalsoc.stats.respondent_figures`.
- ``totaux``: :func:`evalsoc.stats.totals` (dominance rule).
- ``evolution``: with a previous campaign, :func:`evalsoc.stats.evolution`.
- ``textes``: free-text answers of shown structures, pseudonymous, always as text.
- ``notes``: the secrecy rules in force, and any lowering.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from evalsoc.exports.safe import write_csv, write_json, write_xlsx
from evalsoc.referentiel.model import QuestionType
from evalsoc.referentiel.registry import resolve
from evalsoc.stats import (
    SecrecyRules,
    describe,
    evolution,
    levels_of,
    public_names,
    respondent_figures,
    totals,
)
from evalsoc.store.frames import Store

__all__ = ["EXPORT_FORMATS", "campaign_tables", "write_tables"]

EXPORT_FORMATS = (".xlsx", ".csv", ".parquet", ".json")
DEFAULT_BY = ("departement", "territoire", "discipline")


def campaign_tables(store: Store, campaign: str, by: Sequence[str] = DEFAULT_BY,
                    rules: SecrecyRules | None = None, previous: str | None = None,
                    key: str = "") -> dict[str, pd.DataFrame]:
    rules = rules or SecrecyRules()
    scores = store.scores(campaign)
    structures = store.structures()
    found = store.campaign(campaign)
    assert found is not None
    _, ref = resolve(found[2])
    levels = levels_of(ref)
    names = public_names(structures, rules, key)
    tables = {
        "structures": _per_structure(scores, structures, names),
        "secteur": _sector(scores, structures, by, rules, levels),
        "groupes_repondants": respondent_figures(scores, store.respondents(campaign),
                                                 structures, rules=rules),
        "totaux": totals(store.figures(campaign), structures, rules=rules),
        "textes": _texts(store, campaign, ref, names),
        "notes": pd.DataFrame({"note": rules.notes()}),
    }
    if previous:
        both = pd.concat([store.scores(previous), scores], ignore_index=True)
        tables["evolution"] = evolution(both, structures, before=previous, after=campaign,
                                        rules=rules, levels=levels)
    return tables


def _per_structure(scores: pd.DataFrame, structures: pd.DataFrame,
                   names: pd.DataFrame) -> pd.DataFrame:
    shown = names[names["affichable"]]
    nodes = scores[scores["type"].isin(["dimension", "critere"])]
    wide = nodes.pivot_table(index="structure_id", columns="noeud", values="score",
                             aggfunc="first", dropna=False)
    levels = nodes.pivot_table(index="structure_id", columns="noeud", values="niveau",
                               aggfunc="first", dropna=False).add_prefix("niveau ")
    base = shown.merge(structures[["structure_id", "departement", "discipline",
                                   "territoire", "consentement"]], on="structure_id",
                       how="left")
    table = base.merge(wide.join(levels).reset_index(), on="structure_id", how="inner")
    table = table.sort_values("structure_id").reset_index(drop=True)
    # the stable id stays internal unless the structure is named: with the id list, a
    # reader could otherwise tie a pseudonym back to its structure
    named = table["consentement"] == "nominative"
    table["structure_id"] = table["structure_id"].where(named)
    return table.drop(columns=["affichable", "consentement"])


def _sector(scores: pd.DataFrame, structures: pd.DataFrame, by: Sequence[str],
            rules: SecrecyRules, levels: Sequence[tuple[int, str, float]]) -> pd.DataFrame:
    parts = []
    for column in by:
        table = describe(scores, structures, [column], nodes="all", rules=rules,
                         levels=levels)
        table = table[table["type"] != "indicateur"] if "type" in table else table
        parts.append(table.rename(columns={column: "groupe"}).assign(par=column))
    if not by:
        parts.append(describe(scores, structures, [], nodes="all", rules=rules,
                              levels=levels).assign(par="ensemble", groupe="Ensemble"))
    return pd.concat(parts, ignore_index=True)


def _texts(store: Store, campaign: str, ref: object, names: pd.DataFrame) -> pd.DataFrame:
    """Free texts of shown structures, read from the store in chunks (memory flat in
    the number of structures: the answers table is never loaded whole)."""
    questions = {q.id: q for q in ref.questions().values()  # type: ignore[attr-defined]
                 if q.type is QuestionType.TEXT}
    shown = names[names["affichable"]]
    public = dict(zip(shown["structure_id"], shown["nom_public"], strict=True))
    parts = [pd.DataFrame({
        "nom_public": rows["structure_id"].map(public), "groupe": rows["groupe"],
        "question": rows["question"].map(lambda q: questions[q].label),
        "texte": rows["texte"].astype(str)})
        for rows in store.text_answers(campaign, list(questions), set(public))]
    if not parts:
        return pd.DataFrame(columns=["nom_public", "groupe", "question", "texte"])
    return pd.concat(parts, ignore_index=True)


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

    from evalsoc.files import atomic_write  # noqa: PLC0415

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    atomic_write(path, buffer.getvalue())
