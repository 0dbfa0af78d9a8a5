"""The rural workshop's typology as a publication table (``attractivite:typologie``).

For a campaign of the rural attractiveness grid, each structure whose consent allows
sector figures gets its conditions (:mod:`evalsoc.territory.conditions`) and its class
of the typology (attractive: large reach and rural roving; reach only; roving only;
local anchoring; outside rural areas; unknown). The table counts the structures of
each class and, among them, those that are isolated (R2), that have a written
agreement with their intercommunality (R5) and whose volunteering is rare (R9): the
reading the workshop asked for. It is a table of counts of structures: a class with
fewer structures than the threshold is masked, and one more class with it when the
total would give it back (:func:`evalsoc.stats.secrecy.protect`). Who is in which class
is never published.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from evalsoc.referentiel.model import Referentiel
from evalsoc.stats import Disclosure, SecrecyRules
from evalsoc.stats.aggregate import MEMBERS
from evalsoc.stats.secrecy import protect
from evalsoc.territory.conditions import CLASSES, campaign_conditions, typology_of

__all__ = ["TYPOLOGY_STATS", "typology_table"]

TYPOLOGY_STATS = ["n", "part", "n_isolees", "n_convention", "n_benevolat_rare"]


def typology_table(campaign: str, answers: pd.DataFrame, referentiel: Referentiel,
                   territory: Mapping[str, int] | None, rules: SecrecyRules,
                   disclosure: Disclosure | None = None) -> pd.DataFrame:
    """Per class: n, its share of the structures, and the counts of the cross-reading."""
    found = campaign_conditions(answers, {}, referentiel, territory)
    rows = []
    for key, label in CLASSES.items():
        members = [c for c in found if typology_of(c, referentiel) == key]
        rows.append({"campagne": campaign, "classe": label, "n": len(members),
                     "n_isolees": sum(bool(c.isolated) for c in members),
                     "n_convention": sum(bool(c.agreement) for c in members),
                     "n_benevolat_rare": sum(bool(c.volunteers_rare) for c in members),
                     MEMBERS: tuple(sorted(c.structure_id for c in members)),
                     "ensemble": False})
    total = len(found)
    rows.append({"campagne": campaign, "classe": "Ensemble", "n": total,
                 "n_isolees": sum(bool(c.isolated) for c in found),
                 "n_convention": sum(bool(c.agreement) for c in found),
                 "n_benevolat_rare": sum(bool(c.volunteers_rare) for c in found),
                 MEMBERS: tuple(sorted(c.structure_id for c in found)), "ensemble": True})
    table = pd.DataFrame(rows)
    table = table[(table["n"] > 0) | table["ensemble"]].reset_index(drop=True)
    table["part"] = table["n"] / total if total else float("nan")
    table = table.astype({"n": "Int64", "n_isolees": "Int64", "n_convention": "Int64",
                          "n_benevolat_rare": "Int64"})
    return protect(table, breakdown=["campagne"], by=["classe"], stats=TYPOLOGY_STATS,
                   rules=rules, disclosure=disclosure)
