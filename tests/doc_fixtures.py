"""What the guides' examples assume without showing it, built for the docs-examples test.

Each fixture is invoked from a guide by ``<!-- essai : NOM ARGUMENTS -->`` (see
``doc_examples.py``) and works in the guide's folder. They make what the guides
describe in words: a batch of damaged copies as returns really come back (``lot``), a
corrected workbook (``correction``), a faulty registry, a base left by an interrupted
run, the small answer files of the method's worked example.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from evalsoc.excel import layout

__all__ = ["FIXTURES"]

S0001 = "le-hangar-de-la-lande-des-pommiers_S0001.xlsx"
S0004 = "le-studio-de-la-haie-des-pommiers_S0004.xlsx"
S0008 = "festival-de-la-merlerie_S0008.xlsx"
S0009 = "la-grange-du-bois-des-goelands_S0009.xlsx"
S0010 = "collectif-de-la-lande-aux-chouettes_S0010.xlsx"
S0011 = "la-grange-de-la-haie-des-pommiers_S0011.xlsx"


def _answer(book: Workbook, question: str, value: Any, comment: str | None = None
            ) -> None:
    sheet = book[layout.QUESTIONNAIRE_SHEET]
    for row in sheet.iter_rows():
        if row[0].value == question:
            row[layout.ANSWER_COL - 1].value = value
            if comment is not None:
                row[layout.COMMENT_COL - 1].value = comment
            return
    raise KeyError(question)


def _ident(book: Workbook, key: str, value: str) -> None:
    for row in book[layout.IDENT_SHEET].iter_rows():
        if row[0].value == key:
            row[layout.IDENT_VALUE_COL - 1].value = value
            return
    raise KeyError(key)


def _edit(source: Path, target: Path, change: Callable[[Workbook], None],
          macros: bool = False) -> None:
    book = load_workbook(source, keep_vba=macros)
    change(book)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)


def _spoil_s0011(book: Workbook) -> None:
    _answer(book, "nb_emplois_permanents", "=B2*2")
    _answer(book, "etp_total", "#DIV/0!")
    _answer(book, "budget_total", "environ 300 000",
            comment="Chiffre provisoire : le bilan est voté en juin")
    _answer(book, "date_cloture", "31/02/2024")
    _answer(book, "part_artistes_emergents_regionaux", 150)
    grid = book["Les bénévoles"]
    grid["B5"] = "beaucoup"
    grid.merge_cells("C6:D6")


def _renamed_sheet(book: Workbook) -> None:
    book[layout.QUESTIONNAIRE_SHEET].title = "Réponses"


def _xlsm(source: Path, target: Path) -> None:
    """The workbook saved as macro-enabled, with a (never run) macro project."""
    _edit(source, target, lambda book: None)
    with zipfile.ZipFile(target) as original:
        parts = {i.filename: original.read(i) for i in original.infolist()}
    types = parts["[Content_Types].xml"].decode()
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
        "</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.'
                    'vbaProject"/></Types>')
    parts["[Content_Types].xml"] = types.encode()
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for name, data in parts.items():
            copy.writestr(name, data)


def _ods() -> bytes:
    """A minimal OpenDocument spreadsheet, as LibreOffice names its parts."""
    import io  # noqa: PLC0415

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content '
                         'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return buffer.getvalue()


def lot(folder: Path, source: str = "retours-2025") -> None:
    """The damaged batch of « Vérifier et noter », from the simulated returns."""
    src, out = folder / source, folder / "lot"
    out.mkdir(exist_ok=True)
    shutil.copy(src / S0008, out / S0008)
    shutil.copy(src / S0010, out / S0010)
    (out / "vide.xlsx").write_bytes(b"")
    whole = (src / S0004).read_bytes()
    (out / "coupe-pendant-l-envoi.xlsx").write_bytes(whole[:len(whole) // 2])
    (out / "export-tableur.xlsx").write_text("structure;budget_total\nS0003;120000\n",
                                             encoding="utf-8")
    (out / "ancien-format.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                                             + b"\x00" * 1528)
    (out / "enregistre-depuis-calc.xlsx").write_bytes(_ods())
    _edit(src / S0011, out / S0011, _spoil_s0011)
    _edit(src / S0009, out / S0009, _renamed_sheet)
    _edit(src / S0001, out / S0001, lambda book: _ident(book, "structure_id", "S0099"))
    _xlsm(src / S0004, out / S0004.replace(".xlsx", ".xlsm"))


def correction(folder: Path, source: str = "retours-2025") -> None:
    """S0008 sends its workbook again, 6 residencies corrected to 8."""
    _edit(folder / source / S0008, folder / "corrections" /
          S0008.replace(".xlsx", "-v2.xlsx"), lambda book: _answer(book, "nb_residences", 8))


def registre_fautif(folder: Path) -> None:
    (folder / "registre-fautif.csv").write_text(
        "structure_id;nom;departement;commune;discipline;territoire;taille;consentement;"
        "referent\n"
        "S0003;Le Tympan de la Haie-aux-Grives;50;Carentan-les-Marais;musiques actuelles;"
        "urbain en environnement rural;plus de 300 k€;oui;Mme Martin\n"
        ";Sans id;14;Caen;théâtre;urbain;moins de 100 k€;anonyme;\n", encoding="utf-8")


def interruption(folder: Path, count: str, done: str) -> None:
    """``count`` simulated workbooks in gros/, and coupee.sqlite as an ingest killed after
    the first ``done`` of them leaves it (each workbook is committed whole, in order)."""
    run = [sys.executable, "-m", "evalsoc"]
    subprocess.run([*run, "simulate", "ardes-culture@1.0.0", "--structures", count, "--seed", "9",
                    "-o", "gros", "-q"], cwd=folder, check=True, capture_output=True)
    files = (folder / "gros").glob("*.xlsx")
    first = sorted(files, key=lambda p: (p.stat().st_mtime, p.name))[:int(done)]
    subprocess.run([*run, "ingest", *map(str, first), "--campagne", "2025", "--annee",
                    "2025", "--db", "coupee.sqlite", "-q"], cwd=folder,
                   check=False, capture_output=True)


def referentiel_essai(folder: Path, dest: str, ident: str = "mini") -> None:
    """The tests' small référentiel ``mini`` (``MINI_YAML``), under ``dest``, as ``ident``."""
    from conftest import MINI_YAML  # noqa: PLC0415 - the tests' own référentiel

    text = MINI_YAML if ident == "mini" else MINI_YAML.replace("id: mini", f"id: {ident}", 1)
    target = folder / dest / ident / "1.0.0.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def fichier_de(folder: Path, guide: str, name: str) -> None:
    """The file another guide shows (its ``<!-- essai : fichier NAME -->`` block)."""
    from doc_examples import steps  # noqa: PLC0415

    text = (Path(__file__).resolve().parent.parent / "docs" / guide).read_text(
        encoding="utf-8")
    found = next(s for s in steps(text) if s.fixture == ["fichier", name])
    (folder / name).write_text(found.content, encoding="utf-8")


def versions_essai(folder: Path) -> None:
    """The tests' référentiel of versions, ``essai-versions`` 1.0.0 and 1.1.0 (whose
    crosswalk uses every kind of change), among the guide's référentiels."""
    source = Path(__file__).resolve().parent / "data" / "referentiels" / "essai-versions"
    shutil.copytree(source, folder / "referentiels" / "essai-versions")


def classeur_modifie(folder: Path, name: str, sheet: str, cell: str, value: str) -> None:
    """An authoring workbook (``referentiel export-xlsx``) edited by hand: ``value``
    typed in ``sheet``!``cell``."""
    book = load_workbook(folder / name)
    book[sheet][cell] = value
    book.save(folder / name)


def comptes_faux(folder: Path, source: str, target: str) -> None:
    """The first workbook of ``source`` with its accounts spoiled, as ``target``: 1 000 €
    too many on the total of the passif of N, 700 € too many on the Région of N-1."""
    def spoil(book: Workbook) -> None:
        sheet = book["Comptes"]
        rows = {c.value: c.row for c in sheet["A"]}
        passif = sheet.cell(rows["total_passif"], 4)
        region = sheet.cell(rows["financeur_region"], 5)
        passif.value = cast(float, passif.value) + 1000
        region.value = cast(float, region.value) + 700

    _edit(sorted((folder / source).glob("*.xlsx"))[0], folder / target, spoil)


FIXTURES: dict[str, Callable[..., None]] = {
    "versions-essai": versions_essai, "classeur-modifie": classeur_modifie,
    "referentiel-essai": referentiel_essai, "fichier-de": fichier_de,
    "lot": lot, "correction": correction, "registre-fautif": registre_fautif,
    "interruption": interruption, "comptes-faux": comptes_faux,
}


def _server_fixtures() -> None:
    from doc_fixtures_server import SERVER_FIXTURES  # noqa: PLC0415 - imports this module

    FIXTURES.update(SERVER_FIXTURES)


_server_fixtures()
