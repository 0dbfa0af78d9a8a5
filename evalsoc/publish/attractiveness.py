"""The rural workshop's typology as a publication table (``attractivite:typologie``),
and what the auditor reads in it.

For a campaign of the rural attractiveness grid, each structure whose consent allows
sector figures gets its conditions (:mod:`evalsoc.territory.conditions`) and its class
of the typology (attractive: large reach and rural roving; reach only; roving only;
local anchoring; outside rural areas; unknown). The table counts the structures of
each class and, among them, those that are isolated (R2), that have a written
agreement with their intercommunality (R5) and whose volunteering is rare (R9): the
reading the workshop asked for. Every class has its row, empty ones too: a class left
out of the table would say « nobody here » as surely as a 0, so a small class (0, 1
or 2 structures) is masked like any other, and one more class with it when the total
would give it back (:func:`evalsoc.stats.secrecy.protect`).

Here the secret is *membership*: who is in which class. The auditor models it as one
yes/no value per structure and class (family ``classe|<campaign>|<class>``, like the
diagnostics' « in red »): a published count n of a class among the N counted
structures says that n of them are in it, without saying which (:func:`typology_facts`);
a class masked alone holds what the published ones leave of N, which the reader can
compute, so that is a fact too (several masked classes only say what they hold
together, which is no one's class). Nothing may say for sure that a
structure is in a class: a class holding every counted structure is exposed, and the
publication step masks it. The cross-readings (isolated, agreement, rare
volunteering) are modelled the same way, on the joint value « in the class and
isolated ». Who is in which class is never published.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping

import pandas as pd

from evalsoc.audit import Fact
from evalsoc.referentiel.model import Referentiel
from evalsoc.stats import Disclosure, SecrecyRules
from evalsoc.stats.aggregate import MEMBERS
from evalsoc.stats.secrecy import protect, row_keys
from evalsoc.territory.conditions import (
    CLASSES,
    StructureConditions,
    campaign_conditions,
    typology_of,
)

__all__ = ["CROSS", "TYPOLOGY_STATS", "typology_facts", "typology_label", "typology_table",
           "typology_values"]

TYPOLOGY_STATS = ["n", "part", "n_isolees", "n_convention", "n_benevolat_rare"]
CLASS_KEY = "_classe"  # the class's code (private: the column « classe » is its label)
# column -> (flag key, the condition it counts)
CROSS: dict[str, tuple[str, Callable[[StructureConditions], bool]]] = {
    "n_isolees": ("isolee", lambda c: bool(c.isolated)),
    "n_convention": ("convention", lambda c: bool(c.agreement)),
    "n_benevolat_rare": ("benevolat_rare", lambda c: bool(c.volunteers_rare)),
}
FLAG_LABELS = {"isolee": "isolée (R2)", "convention": "convention avec l'intercommunalité (R5)",
               "benevolat_rare": "bénévolat rare (R9)"}
ENSEMBLE = "ensemble"


def _row(campaign: str, key: str, label: str, members: list[StructureConditions]
         ) -> dict[str, object]:
    row: dict[str, object] = {"campagne": campaign, "classe": label, "n": len(members)}
    row.update({column: sum(test(c) for c in members) for column, (_, test) in CROSS.items()})
    row.update({MEMBERS: tuple(sorted(c.structure_id for c in members)), CLASS_KEY: key,
                "ensemble": key == ENSEMBLE})
    return row


def typology_table(campaign: str, answers: pd.DataFrame, referentiel: Referentiel,
                   territory: Mapping[str, int] | None, rules: SecrecyRules,
                   disclosure: Disclosure | None = None) -> pd.DataFrame:
    """Per class (every class, empty ones too): n, its share of the structures, and the
    counts of the cross-reading."""
    found = campaign_conditions(answers, {}, referentiel, territory)
    rows = [_row(campaign, key, label,
                 [c for c in found if typology_of(c, referentiel) == key])
            for key, label in CLASSES.items()]
    rows.append(_row(campaign, ENSEMBLE, "Ensemble", found))
    table = pd.DataFrame(rows)
    total = len(found)
    table["part"] = table["n"] / total if total else float("nan")
    table = table.astype({"n": "Int64", **dict.fromkeys(CROSS, "Int64")})
    return protect(table, breakdown=["campagne"], by=["classe"], stats=TYPOLOGY_STATS,
                   rules=rules, disclosure=disclosure)


def _count(record: Mapping[Hashable, object], column: str) -> int | None:
    value = record.get(column)
    if value is None or value is pd.NA or pd.isna(value):  # type: ignore[call-overload]
        return None
    return round(float(value))  # type: ignore[arg-type]


def _yes_among(family: str, members: tuple[str, ...], yes: int, where: str,
               cell: tuple[str, tuple[str, ...], str]) -> Fact:
    """« ``yes`` of ``members`` have the 0/1 value ``family`` », which one unsaid: the
    ones are the top ones, the others may be anything (like the diagnostics' red)."""
    return Fact(terms=((family, 1.0),), members=members, kind="bands",
                bands=((0.0, 1.0), (1.0, 1.0)), counts=(len(members) - yes, yes),
                splits=(0.0, 0.5), source=where, cell=cell)


def typology_facts(table: pd.DataFrame, table_id: str) -> list[Fact]:
    """What a reader learns from the published typology: for each published class,
    how many of the counted structures (the Ensemble row's, whom the registry names)
    are in it, and how many are in it and isolated, bound by an agreement, with rare
    volunteering; for the masked classes together, what the others leave of the
    total. A masked Ensemble row leaves nothing to read."""
    if table.empty or MEMBERS not in table.columns:
        return []
    keys = row_keys(table, ["campagne"], ["classe"])
    records = table.to_dict("records")
    whole = [(k, r) for k, r in zip(keys, records, strict=True) if r["ensemble"]]
    if not whole or whole[0][1]["masque"]:
        return []
    whole_key, whole_row = whole[0]
    everyone: tuple[str, ...] = whole_row[MEMBERS]
    campaign = str(whole_row["campagne"])
    total = len(everyone)
    if not everyone:
        return []
    found: list[Fact] = []
    masked: list[str] = []
    published = 0
    for key, record in zip(keys, records, strict=True):
        code = str(record[CLASS_KEY])
        n = _count(record, "n")
        if record["ensemble"]:
            for column, (flag, _) in CROSS.items():
                yes = _count(record, column)
                if yes is not None:
                    found.append(_yes_among(f"classe|{campaign}|{flag}", everyone, yes,
                                            f"{table_id} [Ensemble] {column}",
                                            (table_id, key, column)))
            continue
        if record["masque"] or n is None:
            masked.append(code)
            continue
        published += n
        where = f"{table_id} [{record['classe']}]"
        found.append(_yes_among(f"classe|{campaign}|{code}", everyone, n, f"{where} n",
                                (table_id, key, "n")))
        for column, (flag, _) in CROSS.items():
            yes = _count(record, column)
            if yes is not None:
                found.append(_yes_among(f"classe|{campaign}|{code}&{flag}", everyone, yes,
                                        f"{where} {column}", (table_id, key, column)))
    if len(masked) == 1:  # what the published classes leave of the total is its own
        found.append(_yes_among(f"classe|{campaign}|{'+'.join(masked)}", everyone,
                                total - published,
                                f"{table_id} [classes masquées] Ensemble moins le reste",
                                (table_id, whole_key, "n")))
    return found


def typology_values(campaign: str, answers: pd.DataFrame, referentiel: Referentiel,
                    territory: Mapping[str, int] | None
                    ) -> Callable[[str], dict[str, float]]:
    """The true 0/1 value of a ``classe|<campaign>|...`` family for every counted
    structure: in the class (or one of the classes joined by « + »), with the flag
    after « & » when there is one, or the flag alone."""
    found = campaign_conditions(answers, {}, referentiel, territory)
    classes = {c.structure_id: typology_of(c, referentiel) for c in found}
    tests = dict(CROSS.values())

    def value(key: str) -> dict[str, float]:
        detail = key.split("|", 2)[2]
        codes, _, flag = detail.partition("&")
        if codes in tests:
            codes, flag = "", codes
        wanted = set(codes.split("+")) if codes else None
        return {c.structure_id: float((wanted is None or classes[c.structure_id] in wanted)
                                      and (not flag or tests[flag](c)))
                for c in found}
    return value


def typology_label(family: str) -> str:
    """« la classe « Ancrage local » et isolée (R2) » for the audit's report."""
    detail = family.split("|", 2)[2]
    codes, _, flag = detail.partition("&")
    if codes in FLAG_LABELS:
        return FLAG_LABELS[codes]
    named = " ou ".join(f"« {CLASSES.get(c, c)} »" for c in codes.split("+"))
    return named + (f", {FLAG_LABELS[flag]}" if flag else "")
