"""The observation's publication tables as report tables, with benchmarks beside them.

Each row keeps its n; a sum is printed only where the publication kept one (additive
quantities); a benchmark is printed in its own column with its source and year, never
mixed with the campaign's figures.
"""

from __future__ import annotations

import pandas as pd

from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.observation import Benchmark, Observation
from evalsoc.reports.sector.model import Column, Table
from evalsoc.reports.sector.tables import table_from
from evalsoc.stats.observation import SIZE_COLUMN
from evalsoc.support.formatting import fr_number, fr_percent

__all__ = ["BLOCK_COLUMNS", "benchmark_text", "block_table", "by_label", "ratio_table_of",
           "series_table_of"]

STATISTIC = {"moyenne": "moyenne", "mediane": "médiane", "ratio_sommes": "Σ/Σ",
             "mediane_ratios": "médiane des ratios"}
BLOCK_COLUMNS = ("n", "somme", "moyenne", "mediane")


def by_label(spec: Observation, referentiel: Referentiel, column: str) -> str:
    if column == SIZE_COLUMN and spec.size is not None:
        return spec.size.label
    question = referentiel.questions().get(column)
    names = {"territoire_opp": "Type de territoire", "type_structure": "Type de structure",
             "label_etat": "Label", "forme_juridique": "Forme juridique",
             "classe_densite": "Classe de densité", "locaux": "Locaux",
             "navettes": "Navettes ou covoiturage"}
    return names.get(column, spec.name_of(column, question.label if question else column))


def _value(value: float, share: bool) -> str:
    return fr_percent(value, 0) if share else fr_number(value, 1 if value % 1 else 0)


def benchmark_text(benchmarks: tuple[Benchmark, ...], figure: str, share: bool = False
                   ) -> str:
    """« moyenne 518 ; médiane 400 (FEDELIMA..., 2019) », one source after another."""
    by_source: dict[tuple[str, int], list[str]] = {}
    for b in benchmarks:
        if b.figure == figure:
            by_source.setdefault((b.source, b.year), []).append(
                f"{STATISTIC[b.statistic]} {_value(b.value, share)}")
    return " ; ".join(f"{', '.join(parts)} ({source}, {year})"
                      for (source, year), parts in by_source.items())


def _with_names(frame: pd.DataFrame, spec: Observation, referentiel: Referentiel,
                key: str) -> pd.DataFrame:
    questions = referentiel.questions()
    out = frame.copy()
    out["libelle"] = [spec.name_of(str(q), questions[str(q)].label if str(q) in questions
                                   else str(q)) for q in out[key]]
    return out


def block_table(frame: pd.DataFrame, spec: Observation, referentiel: Referentiel,
                table_id: str, caption: str, by: tuple[str, ...]) -> Table:
    out = _with_names(frame, spec, referentiel, "question")
    out["repere"] = [benchmark_text(spec.benchmarks, str(q)) for q in out["question"]]
    columns = [Column(key=b, label=by_label(spec, referentiel, b)) for b in by]
    columns += [Column(key="libelle", label="Chiffre"),
                Column(key="n", label="n", kind="count", stat=True),
                Column(key="somme", label="Somme", kind="number", stat=True),
                Column(key="moyenne", label="Moyenne", kind="number", stat=True),
                Column(key="mediane", label="Médiane", kind="number", stat=True)]
    if not by:
        columns.append(Column(key="repere", label="Repère (source, année)"))
    return table_from(out, id=table_id, caption=caption, columns=columns,
                      note="Somme : seulement pour les quantités qui s'additionnent (ni "
                           "une jauge, ni un prix, ni une année, jamais une part en %).")


def ratio_table_of(frame: pd.DataFrame, spec: Observation, referentiel: Referentiel,
                   table_id: str, caption: str, by: tuple[str, ...]) -> Table:
    ratios = {r.id: r for r in spec.ratios}
    out = frame.copy()
    out["libelle"] = [ratios[str(r)].label for r in out["indicateur"]]
    shares = {r.id for r in spec.ratios if r.unit == "part"}
    out["repere"] = [benchmark_text(spec.benchmarks, str(r), str(r) in shares)
                     for r in out["indicateur"]]
    part = out["indicateur"].isin(shares)
    for column in ("ratio_sommes", "mediane_ratios"):  # a share printed as %, others as is
        out[f"{column}_part"] = out[column].where(part)
        out[f"{column}_nombre"] = out[column].where(~part)
    columns = [Column(key=b, label=by_label(spec, referentiel, b)) for b in by]
    columns += [Column(key="libelle", label="Ratio"),
                Column(key="n", label="n", kind="count", stat=True),
                Column(key="ratio_sommes_part", label="Σ/Σ (%)", kind="share", stat=True),
                Column(key="ratio_sommes_nombre", label="Σ/Σ", kind="number", stat=True),
                Column(key="mediane_ratios_part", label="Médiane des ratios (%)", kind="share",
                       stat=True),
                Column(key="mediane_ratios_nombre", label="Médiane des ratios",
                       kind="number", stat=True)]
    if not by:
        columns.append(Column(key="repere", label="Repère (source, année)"))
    return table_from(out, id=table_id, caption=caption, columns=columns,
                      note="Σ/Σ : somme des numérateurs sur somme des dénominateurs (le "
                           "poids du secteur) ; médiane des ratios : la structure du milieu "
                           "(la structure type). Les deux ne se mélangent pas.")


def series_table_of(frame: pd.DataFrame, spec: Observation, referentiel: Referentiel,
                    before: str, after: str) -> Table:
    out = _with_names(frame, spec, referentiel, "question")
    columns = [Column(key="libelle", label="Chiffre"),
               Column(key="n", label="n (mêmes structures)", kind="count", stat=True),
               Column(key="evolution", label=f"Évolution de {before} à {after}",
                      kind="share", stat=True)]
    return table_from(out, id="observation-series", caption=f"De {before} à {after}, sur "
                      "les mêmes structures", columns=columns,
                      note="Évolution : somme des valeurs de l'année sur celle de l'année "
                           "précédente, moins un, sur les seules structures dont le bloc est "
                           "complet les deux années (sur les mêmes structures, c'est aussi "
                           "l'évolution de la moyenne). Une structure entrée dans "
                           f"l'observation en {after} n'est pas comparée sur sa première "
                           "année. Les niveaux de chaque année sont dans les tableaux des "
                           "blocs.")
