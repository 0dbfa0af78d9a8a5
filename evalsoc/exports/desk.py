"""The campaign desk as tables for a spreadsheet a mail merge reads (its JSON is the
:class:`~evalsoc.store.desk.Desk` itself, see :mod:`evalsoc.support.jsonable`).

One row per structure, one header row of plain names (no spaces, no accents: every
mail-merge tool takes them as field names), booleans as « oui »/« non », dates as real
dates. Registry columns evalsoc does not know (a contact, an email) come last, as the
registry names them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evalsoc.store.desk import Desk, DeskRow

__all__ = ["desk_tables", "write_desk"]


def _fields(row: DeskRow, groups: tuple[str, ...], extra: list[str]) -> dict[str, Any]:
    return {
        "structure_id": row.structure_id, "nom": row.name, "departement": row.departement,
        "commune": row.commune, "au_registre": "oui" if row.in_registry else "non",
        "statut": row.status, "a_relancer": "oui" if row.remind else "non",
        "motif": row.reason, "envois": row.sent, "remplaces": row.superseded,
        "refuses": row.refused, "erreurs": row.errors,
        "avertissements": row.warnings, "dernier_fichier": row.last_file,
        "date_dernier_fichier": row.last_file_date,
        **{f"individuels_{g}": row.forms.get(g, 0) for g in groups},
        **{f"repondants_{g}": row.respondents.get(g, 0) for g in groups},
        **{name: row.extra.get(name, "") for name in extra},
    }


def _extra(desk: Desk) -> list[str]:
    return list(dict.fromkeys(name for row in desk.rows for name in row.extra))


def desk_tables(desk: Desk) -> dict[str, Any]:
    import pandas as pd  # noqa: PLC0415 - only the spreadsheet needs pandas

    extra = _extra(desk)
    structures = pd.DataFrame([_fields(r, desk.groups, extra) for r in desk.rows])
    files = pd.DataFrame([{"fichier": u.file, "date": u.date, "erreur": u.error}
                          for u in desk.unattached], columns=["fichier", "date", "erreur"])
    return {"suivi": structures, "fichiers non rattaches": files}


def write_desk(path: Path, desk: Desk) -> None:
    """The desk as an XLSX workbook (one sheet per table), written whole or not at all."""
    from evalsoc.exports.safe import write_xlsx  # noqa: PLC0415 - pandas, xlsxwriter

    write_xlsx(path, desk_tables(desk))
