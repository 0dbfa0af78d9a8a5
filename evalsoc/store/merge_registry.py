"""The structures of several bases, made one, never by a silent choice.

A structure known to several bases (the target and the sources) keeps, field by field,
the value they agree on; a field that only some of them fill is filled. Two different
values of a descriptive field (name, département, commune, territory, discipline, size,
the registry's other columns) are a conflict: nothing is merged (MRG004) unless a
registry given with the merge says which is right. Two different consents are resolved
as everywhere in evalsoc, the stricter one applying, and reported (MRG005). Whatever the
order of the bases, the result is the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from evalsoc.catalogue import Code
from evalsoc.issues import Issue, make_issue
from evalsoc.store.backends import Connection
from evalsoc.structures.consent import NONE, normalised, stricter

__all__ = ["StructurePlan", "plan_structures", "read_structures", "write_structures"]

FIELDS = ("nom", "departement", "commune", "territoire", "discipline", "taille", "extra")
CONSENT_FIELDS = ("consentement", "consent_registry")
_LABELS = {"nom": "nom", "departement": "département", "commune": "commune",
           "territoire": "territoire", "discipline": "discipline", "taille": "taille",
           "extra": "autres colonnes du registre"}
Row = Mapping[str, object]


@dataclass
class StructurePlan:
    rows: dict[str, dict[str, object]] = field(default_factory=dict)  # merged, by id
    conflicts: list[Issue] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)


def read_structures(conn: Connection) -> dict[str, dict[str, object]]:
    cursor = conn.execute("SELECT * FROM structures")
    names = [d[0] for d in cursor.description]
    return {str(r[0]): dict(zip(names, r, strict=True)) for r in cursor.fetchall()}


def _empty(name: str, value: object) -> bool:
    return value is None or value == "" or (name == "extra" and value == "{}")


def _stricter(values: set[str]) -> str:
    """The strictest consent (aucune, then anonyme, then nominative; anything else
    read as « aucune »)."""
    return stricter(*(normalised(v) for v in sorted(values))) or NONE


def plan_structures(bases: Sequence[tuple[str, Mapping[str, Row]]],
                    decided_by_registry: set[str]) -> StructurePlan:
    """The structures merged from ``bases`` (label, rows by id), in a canonical order;
    ``decided_by_registry``: the ids a registry given with the merge decides."""
    plan = StructurePlan()
    ids = sorted({i for _, rows in bases for i in rows})
    for ident in ids:
        holders = sorted(((label, rows[ident]) for label, rows in bases if ident in rows),
                         key=lambda h: h[0])
        merged: dict[str, object] = dict(holders[0][1])
        for name in list(merged):
            if name == "id":
                continue
            seen: dict[str, str] = {}  # value -> first base holding it
            for label, row in holders:
                value = row.get(name)
                if not _empty(name, value):
                    seen.setdefault(str(value), label)
            if not seen:
                merged[name] = holders[0][1].get(name)
                continue
            values = sorted(seen)
            merged[name] = values[0]
            if len(values) == 1:
                continue
            first, second = values[0], values[1]
            if name in CONSENT_FIELDS:
                merged[name] = _stricter(set(values))
                plan.notes.append(make_issue(
                    Code.MRG_CONSENT_CONFLICT, structure=ident, value=first,
                    source=seen[first], other_value=second, other=seen[second],
                    decided=merged[name]))
            elif ident not in decided_by_registry:
                plan.conflicts.append(make_issue(
                    Code.MRG_FIELD_CONFLICT, structure=ident, field=_LABELS.get(name, name),
                    value=first, source=seen[first], other_value=second,
                    other=seen[second]))
        plan.rows[ident] = merged
    return plan


def write_structures(conn: Connection, plan: StructurePlan,
                     existing: Mapping[str, Row]) -> None:
    """Insert the structures the target lacks, fill and settle the others (inside the
    caller's transaction)."""
    for ident, row in plan.rows.items():
        if ident not in existing:
            names = [n for n in row if n in existing.get(ident, row)]
            conn.execute(f"INSERT INTO structures ({', '.join(names)}) VALUES "
                         f"({', '.join('?' * len(names))})", [row[n] for n in names])
            continue
        before = existing[ident]
        changed = {n: v for n, v in row.items() if n != "id" and v != before.get(n)}
        if changed:
            sets = ", ".join(f"{n} = ?" for n in changed)
            conn.execute(f"UPDATE structures SET {sets} WHERE id = ?", [*changed.values(), ident])
