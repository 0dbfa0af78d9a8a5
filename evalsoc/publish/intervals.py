"""The interval of each published median across the robustness variants, as a table of
the publication and as facts its auditor checks with everything else.

For every dimension row of a ``secteur:`` table whose median is published, the row's
interval is [``mediane_basse``, ``mediane_haute``]: the medians of the same members
under the two variants at the 5th and 95th percentiles of the variants' medians
(:mod:`evalsoc.sensitivity.summary`). Each bound is one variant's median, so the auditor
reads it as a median of each member's score plus its deviation under that variant
(family ``variante|<campaign>|<dimension>|<draw>``, bounded by the deviations seen, owed
no protection of its own): a bound says no more about a score than the published median
beside it, unless the auditor finds otherwise, and then the bound is withdrawn.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evalsoc.audit import Fact
from evalsoc.catalogue import Code
from evalsoc.sensitivity import Variants, median_interval
from evalsoc.stats import Disclosure, SecrecyRules
from evalsoc.stats.aggregate import MEMBERS
from evalsoc.stats.inputs import text
from evalsoc.stats.secrecy import META, row_keys

__all__ = ["BOUNDS", "VARIANT", "interval_facts", "interval_table", "variant_values"]

VARIANT = "variante"
BOUNDS = ("mediane_basse", "mediane_haute")
_DRAWS = {"mediane_basse": "_tirage_bas", "mediane_haute": "_tirage_haut"}
_SETS = {"mediane_basse": "_membres_bas", "mediane_haute": "_membres_haut"}


def interval_table(source: pd.DataFrame, variants: Variants, by: tuple[str, ...],
                   rules: SecrecyRules, disclosure: Disclosure) -> pd.DataFrame:
    """One row per dimension row of ``source`` (a protected ``describe`` table) whose
    median is published; rows the auditor asked to hide are masked."""
    keys = ["campagne", "noeud", *by]
    shown = source[(source["type"] == "dimension") & ~source["masque"].astype(bool)
                   & source["mediane"].notna()]
    records = []
    for record in shown.to_dict("records"):
        members = record[MEMBERS]
        interval = median_interval(variants, members, str(record["noeud"])) \
            if isinstance(members, tuple) and _rescored(variants, members,
                                                        str(record["noeud"])) else None
        if interval is None:
            continue
        records.append({**{k: record[k] for k in keys}, "libelle": record["libelle"],
                        "type": "dimension", "ensemble": bool(record["ensemble"]),
                        "n": record["n"], "mediane": record["mediane"],
                        "mediane_basse": interval.low.value,
                        "mediane_haute": interval.high.value,
                        MEMBERS: members, "_tirage_bas": interval.low.draw,
                        "_tirage_haut": interval.high.draw,
                        "_membres_bas": interval.low.members,
                        "_membres_haut": interval.high.members})
    columns = [*keys, "libelle", "type", "ensemble", "n", "mediane", *BOUNDS, MEMBERS,
               *_DRAWS.values(), *_SETS.values()]
    table = pd.DataFrame(records, columns=columns)
    forced = [bool(disclosure.forced.get(k)) for k in row_keys(table, ["campagne", "noeud"],
                                                                  by)]
    masked = np.array(forced, dtype=bool)
    for column in BOUNDS:
        table[column] = table[column].astype(float).mask(masked)
    table["masque"] = masked
    table["motif"] = [text(Code.STAT_MOTIF_AUDIT) if m else None for m in masked]
    table.attrs[META] = {"breakdown": ["campagne", "noeud"], "by": list(by),
                         "stats": list(BOUNDS), "min_structures": rules.min_structures}
    return table


def _rescored(variants: Variants, members: tuple[str, ...], node: str) -> bool:
    """Whether the variants give each member, as the référentiel stands, the score the
    row was computed from (frames whose indicator scores do not make up their
    dimensions' get no interval)."""
    index = {s: i for i, s in enumerate(variants.structures)}
    if node not in variants.dimensions or any(m not in index for m in members):
        return False
    base = variants.column(node)[0, [index[m] for m in members]]
    return not bool(np.isnan(base).any())


def interval_facts(table: pd.DataFrame, table_id: str) -> list[Fact]:
    """Each published bound as the median of score + deviation of its variant."""
    by = table.attrs.get(META, {}).get("by", [])
    keys = row_keys(table, ["campagne", "noeud"], by)
    found = []
    for key, record in zip(keys, table.to_dict("records"), strict=True):
        if record["masque"]:
            continue
        campaign, node = record["campagne"], record["noeud"]
        for column in BOUNDS:
            members = record[_SETS[column]]
            if not members:
                continue
            draw = int(record[_DRAWS[column]])
            # the deviation first: the sum is judged with its family's protection (none),
            # a variant's score is not a value of its own to protect, the score is
            terms = ((f"{VARIANT}|{campaign}|{node}|{draw}", 1.0),
                     (f"score|{campaign}|{node}", 1.0))
            found.append(Fact(terms=terms, members=tuple(members), kind="quantile", p=0.5,
                              value=float(record[column]),
                              source=f"{table_id} [{' / '.join(key)}] {column}",
                              cell=(table_id, key, column)))
    return found


def variant_values(variants: Variants, key: str) -> dict[str, float]:
    """The family ``variante|<campaign>|<dimension>|<draw>``: structure -> its score
    under that variant minus the référentiel's own."""
    _, _, node, draw = key.split("|")
    column = variants.column(node)
    delta = column[int(draw)] - column[0]
    return {s: float(d) for s, d in zip(variants.structures, delta, strict=True)
            if not np.isnan(d)}
