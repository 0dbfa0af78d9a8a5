"""``evalsoc export``: secrecy holds in every format, respondent text stays text, names
appear only with consent.

E1 a group of 2 structures is never shown on its own (merged into « Autres
départements », itself secret) in XLSX, CSV, Parquet and JSON, and the export is audited
with everything else the campaign publishes; E2 formula-like respondent text is written
as text; E3 a structure is shown by name only with consent « nominative », never as a
row of its own otherwise, and a refusing structure's text never appears; E4 every XLSX
cell keeps its kind (text,
number, boolean, date, empty) under the styled, frozen header; E5 text shaped like the
writer's own rich-text markup cannot slip a cell into the sheet; E6 a failed XLSX export
leaves the previous file as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import MINI_YAML
from openpyxl import load_workbook
from workbooks import BENEVOLES, make_workbook

from evalsoc.answers.model import StructureInfo
from evalsoc.cli.main import cli
from evalsoc.exports.safe import write_xlsx
from evalsoc.store.ingest import ingest

PAYLOADS = ['=HYPERLINK("http://evil.example","clic")', "+cmd|' /C calc'!A0", "@SUM(1+1)",
            "\t=1+1", "-2+3"]
DEPARTEMENTS = ["14"] * 6 + ["50"] * 2 + ["61"] * 4


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "referentiels"
    (folder / "mini").mkdir(parents=True)
    (folder / "mini" / "1.0.0.yaml").write_text(MINI_YAML, encoding="utf-8")
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(folder))
    from evalsoc.referentiel.loader import load_text  # noqa: PLC0415

    ref = load_text(MINI_YAML, "mini/1.0.0.yaml").referentiel
    assert ref is not None
    registry = []
    for n, dep in enumerate(DEPARTEMENTS):
        consent = "aucune" if n == 0 else "nominative" if n % 2 else "anonyme"
        info = StructureInfo(id=f"S{n:02d}", name=f"Asso secrète {n}" if n == 0 else f"Asso {n}",
                             departement=dep, commune=f"Commune {n}", consentement=consent)
        registry.append(info)

        def as_text(book: object, text: str = PAYLOADS[n % len(PAYLOADS)]) -> None:
            sheet = book["Questionnaire"]  # type: ignore[index]
            for row in sheet.iter_rows():
                if row[0].value == "verbatim":
                    row[3].value = text
                    row[3].data_type = "s"

        make_workbook(tmp_path / "in" / f"s{n:02d}.xlsx", ref, structure=info,
                      answers={"convention": "Oui", "etp": 1 + n, "ressources_propres": 500 * n,
                               "budget": 40000, "actions:tarifs": "X"},
                      grids={"benevoles": BENEVOLES}, edit=as_text)
    db = tmp_path / "c.sqlite"
    ingest([tmp_path / "in"], "2025", db, 2025, workers=1, registry=registry, root=folder)
    return db


def _export(db: Path, target: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--campagne", "2025", "--db", str(db),
                                      "-o", str(target), "--par", "departement"])
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_e1_small_group_masked_everywhere(store: Path, tmp_path: Path) -> None:
    frames = {}
    _export(store, tmp_path / "x.xlsx")
    book = load_workbook(tmp_path / "x.xlsx")
    header, *rows = list(book["secteur"].values)
    frames["xlsx"] = pd.DataFrame(rows, columns=header)
    _export(store, tmp_path / "x.csv")
    frames["csv"] = pd.read_csv(tmp_path / "x.secteur.csv", sep=";", decimal=",",
                                encoding="utf-8-sig", dtype={"groupe": str})
    _export(store, tmp_path / "x.parquet")
    frames["parquet"] = pd.read_parquet(tmp_path / "x.secteur.parquet")
    _export(store, tmp_path / "x.json")
    frames["json"] = pd.DataFrame(json.loads((tmp_path / "x.json").read_text("utf-8"))["secteur"])
    for name, frame in frames.items():
        assert not (frame["groupe"].astype(str) == "50").any(), name
        small = frame[frame["groupe"].astype(str) == "Autres départements"]
        assert len(small) > 0, name
        # the small group is merged (issue 19: rather than blanked); what is published
        # of « Autres départements » rests on at least 3 structures, the rest is masked
        masked = small["masque"].astype(str).str.lower().isin(["true", "1"])
        assert small[masked]["moyenne"].isna().all() and small[masked]["n"].isna().all(), name
        assert (pd.to_numeric(small[~masked]["n"]) >= 3).all(), name
        assert "_membres" not in frame.columns, name
    from evalsoc.publish.inputs import load_sector_inputs  # noqa: PLC0415
    from evalsoc.publish.publication import Publication  # noqa: PLC0415
    from evalsoc.publish.review import review  # noqa: PLC0415
    from evalsoc.store.frames import Store  # noqa: PLC0415

    with Store(store) as opened:
        publication = Publication(load_sector_inputs(opened, "2025"))
    assert review(publication).clean


def test_e2_respondent_text_stays_text(store: Path, tmp_path: Path) -> None:
    _export(store, tmp_path / "x.xlsx")
    book = load_workbook(tmp_path / "x.xlsx")
    cells = [row[3] for row in book["textes"].iter_rows(min_row=2)]
    texts = {c.value for c in cells}
    assert set(PAYLOADS) - {PAYLOADS[0]} <= texts  # the first belongs to the hidden one
    assert all(c.data_type == "s" for c in cells)
    _export(store, tmp_path / "x.csv")
    with (tmp_path / "x.textes.csv").open(encoding="utf-8-sig") as handle:
        written = [row["texte"] for row in csv.DictReader(handle, delimiter=";")]
    assert all(not t.startswith(("=", "+", "-", "@", "\t")) for t in written)
    assert "'@SUM(1+1)" in written
    _export(store, tmp_path / "x.json")
    loaded = json.loads((tmp_path / "x.json").read_text("utf-8"))["textes"]
    assert "+cmd|' /C calc'!A0" in {r["texte"] for r in loaded}


def test_e3_names_only_with_consent(store: Path, tmp_path: Path) -> None:
    for suffix in ("xlsx", "json", "csv"):
        _export(store, tmp_path / f"x.{suffix}")
    text = (tmp_path / "x.json").read_text("utf-8") + (tmp_path / "x.csv").read_text("utf-8-sig")
    book = load_workbook(tmp_path / "x.xlsx")
    text += " ".join(str(c.value) for s in book for row in s.iter_rows() for c in row)
    assert "Asso secrète" not in text and "S00" not in text and "Commune 0" not in text
    assert "Asso 1" in text  # nominative
    assert "Asso 2" not in text and "S02" not in text  # anonyme: no row of its own
    assert "Structure n°" not in text  # nor a pseudonym


def test_e4_xlsx_cells_keep_their_kind(tmp_path: Path) -> None:
    values = [*PAYLOADS, "\n=2", None, np.nan, np.float64(1.25), np.int64(7), np.bool_(True),
              float("inf"), float("-inf"), ["a", 1], {"k": "é"}, dt.date(2025, 3, 4),
              dt.datetime(2025, 3, 4, 5, 6, 7)]
    frame = pd.DataFrame({"valeur": values, "n": range(len(values)),
                          "long": ["y" * 100] + [None] * (len(values) - 1)})
    path = tmp_path / "t.xlsx"
    write_xlsx(path, {"une feuille au nom bien trop long pour Excel": frame})
    book = load_workbook(path)
    assert book.sheetnames == ["une feuille au nom bien trop lo"]
    assert book.properties.creator == "evalsoc"
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    header = sheet["A1"]
    assert header.value == "valeur" and header.font.b and header.alignment.wrap_text
    assert header.fill.fill_type == "solid" and header.fill.fgColor.rgb == "FFDDE6F0"
    assert header.alignment.vertical == "top"
    # widths from the header and values, clamped to 8..60, plus 2 (Excel's padding on top)
    widths = [sheet.column_dimensions[c].width for c in "ABC"]
    assert widths == pytest.approx([40 + 2, 8 + 2, 60 + 2], abs=1)
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    kinds = [(c.value, c.data_type) for c in cells]
    texts = len(PAYLOADS) + 1
    assert kinds[:texts] == [(v, "s") for v in [*PAYLOADS, "\n=2"]]
    assert kinds[texts:] == [
        (None, "n"), (None, "n"), (1.25, "n"), (7, "n"), (True, "b"),
        ("inf", "s"), ("-inf", "s"),  # a sheet has no infinite numbers
        ('["a", 1]', "s"), ('{"k": "é"}', "s"),
        (dt.datetime(2025, 3, 4), "d"), (dt.datetime(2025, 3, 4, 5, 6, 7), "d")]
    assert cells[-2].number_format == "yyyy-mm-dd"
    assert cells[-1].number_format == "yyyy-mm-dd hh:mm:ss"
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == list(range(len(values)))


def test_e5_markup_shaped_text_cannot_add_cells(tmp_path: Path) -> None:
    # XlsxWriter writes a string framed by <r>…</r> as its own rich-text XML, unescaped
    payload = ('<r></r></is></c><c r="B2"><f>HYPERLINK("http://evil.example","clic")</f>'
               '</c><c r="C2" t="inlineStr"><is><r></r>')
    path = tmp_path / "t.xlsx"
    write_xlsx(path, {"textes": pd.DataFrame({"<r>texte</r>": [payload, "<r>&amp;</r>"]})})
    sheet = load_workbook(path)["textes"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [(c.coordinate, c.value, c.data_type) for c in cells] == [
        ("A1", "<r>texte</r>", "s"), ("A2", payload, "s"), ("A3", "<r>&amp;</r>", "s")]


def test_e6_failed_xlsx_leaves_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_xlsx(path, {"a": pd.DataFrame({"x": [1]})})
    before = path.read_bytes()
    many = pd.DataFrame({"x": range(5000)})
    with pytest.raises(Exception, match="character"):  # '/' is not allowed in a sheet name
        write_xlsx(path, {"bon": many, "mauvais/nom": many})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]


def test_e7_free_texts_stream_from_the_store(store: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    """The free-text table is read in chunks of the text questions of shown structures
    only: the answers table is never loaded whole (memory flat in the number of
    structures), and the table is the one the whole answers table would give."""
    from evalsoc.exports.campaign import campaign_tables, free_texts  # noqa: PLC0415
    from evalsoc.publish.inputs import load_sector_inputs  # noqa: PLC0415
    from evalsoc.publish.publication import Publication  # noqa: PLC0415
    from evalsoc.store.frames import Store  # noqa: PLC0415

    with Store(store) as opened:
        every = opened.answers("2025")
        chunks = list(opened.text_answers("2025", ["verbatim"], chunk=2))
    assert len(chunks) > 1 and all(len(c) <= 2 for c in chunks)
    texts = every[(every["question"] == "verbatim") & (every["statut"] == "answered")]
    assert sorted(pd.concat(chunks)["texte"]) == sorted(texts["valeur"])

    def whole(*_: object) -> None:
        raise AssertionError("the whole answers table was loaded")

    monkeypatch.setattr(Store, "answers", whole)
    with Store(store) as opened:
        publication = Publication(load_sector_inputs(opened, "2025"), by=["departement"])
        table = campaign_tables(publication, free_texts(opened, publication),
                                ["departement"])["textes"]
    shown = texts[texts["structure_id"] != "S00"]  # S00 gave no consent
    assert sorted(table["texte"]) == sorted(shown["valeur"])
    assert "Asso secrète 0" not in set(table["structure"])
