"""The campaign desk as data: JSON, and tables for a spreadsheet a mail merge reads.

One row per structure, one header row of plain names (no spaces, no accents: every
mail-merge tool takes them as field names), booleans as « oui »/« non », dates as real
dates. Registry columns evalsoc does not know (a contact, an email) come last, as the
registry names them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evalsoc.store.desk import Desk, DeskRow

__all__ = ["desk_json", "desk_tables", "write_desk"]


def _fields(row: DeskRow, groups: tuple[str, ...], extra: list[str]) -> dict[str, Any]:
    return {
        "structure_id": row.structure_id, "nom": row.nom, "departement": row.departement,
        "commune": row.commune, "au_registre": "oui" if row.au_registre else "non",
        "statut": row.statut, "a_relancer": "oui" if row.a_relancer else "non",
        "motif": row.motif, "envois": row.envois, "remplaces": row.remplaces,
        "refuses": row.refuses, "erreurs": row.erreurs,
        "avertissements": row.avertissements, "dernier_fichier": row.dernier_fichier,
        "date_dernier_fichier": row.date_dernier_fichier,
        **{f"individuels_{g}": row.individuels.get(g, 0) for g in groups},
        **{f"repondants_{g}": row.repondants.get(g, 0) for g in groups},
        **{name: row.extra.get(name, "") for name in extra},
    }


def _extra(desk: Desk) -> list[str]:
    return list(dict.fromkeys(name for row in desk.rows for name in row.extra))


def desk_json(desk: Desk) -> dict[str, Any]:
    extra = _extra(desk)
    rows = [_fields(r, desk.groups, extra) for r in desk.rows]
    for row in rows:
        date = row["date_dernier_fichier"]
        row["date_dernier_fichier"] = date.isoformat(timespec="minutes") if date else None
        row["au_registre"] = row["au_registre"] == "oui"
        row["a_relancer"] = row["a_relancer"] == "oui"
    return {"campagne": desk.campaign, "registre": desk.registry,
            "structures": rows,
            "fichiers_non_rattaches": [
                {"fichier": u.fichier,
                 "date": u.date.isoformat(timespec="minutes") if u.date else None,
                 "erreur": u.erreur} for u in desk.unattached]}


def desk_tables(desk: Desk) -> dict[str, Any]:
    import pandas as pd  # noqa: PLC0415 - only the spreadsheet needs pandas

    extra = _extra(desk)
    structures = pd.DataFrame([_fields(r, desk.groups, extra) for r in desk.rows])
    files = pd.DataFrame([{"fichier": u.fichier, "date": u.date, "erreur": u.erreur}
                          for u in desk.unattached], columns=["fichier", "date", "erreur"])
    return {"suivi": structures, "fichiers non rattaches": files}


def write_desk(path: Path, desk: Desk) -> None:
    """The desk as an XLSX workbook (one sheet per table), written whole or not at all."""
    from evalsoc.exports.safe import write_xlsx  # noqa: PLC0415 - pandas, xlsxwriter

    write_xlsx(path, desk_tables(desk))
