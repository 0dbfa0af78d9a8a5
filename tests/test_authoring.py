"""``evalsoc referentiel export-xlsx / import-xlsx`` (issue 17, item 7).

A1 export-xlsx then import-xlsx gives back the identical fingerprint for every shipped
référentiel and for both versions of the test fixture (crosswalk included); A2 an
author's edit comes back in the YAML; A3 every problem of an edited workbook points to
its sheet and cell, with the value read, and nothing is written; A4 a published version
cannot be changed through its workbook; A5 an existing YAML is not replaced unless asked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from versions_fixture import IDENT, run_cli, use_root

from evalsoc.authoring.load import load_authoring
from evalsoc.authoring.write import write_authoring
from evalsoc.checks.verify import check_referentiel
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.loader import load_file
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import list_entries, load_entry


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return use_root(tmp_path, monkeypatch)


def _export(ref: str, path: Path) -> Path:
    code, out = run_cli("referentiel", "export-xlsx", ref, "-o", str(path))
    assert code == 0, out
    return path


def test_a1_round_trip_every_shipped_and_the_fixture(root: Path, tmp_path: Path) -> None:
    entries = list_entries(root)
    refs = {e.ref for e in entries}
    assert {f"{IDENT}@1.0.0", f"{IDENT}@1.1.0", "ardes-culture@1.0.0"} <= refs
    for entry in entries:
        expected = load_entry(entry).hash
        assert expected is not None
        shipped = load_entry(entry).referentiel
        if shipped is not None and shipped.observation is not None:
            # an observation's section has no sheet of its own yet (issue 21): refused
            # with its reason rather than written without it
            code, out = run_cli("referentiel", "export-xlsx", entry.ref, "-o",
                                str(tmp_path / f"{entry.ref}.xlsx"))
            assert code == 2 and "REF112" in out and "observation" in out, out
            continue
        book = _export(entry.ref, tmp_path / f"{entry.ref}.xlsx")
        loaded, _ = load_authoring(book)
        assert loaded.issues == ()
        assert loaded.hash == expected, entry.ref
        target = tmp_path / f"{entry.ref}.yaml"
        code, out = run_cli("referentiel", "import-xlsx", str(book), "-o", str(target))
        assert code == 0, out
        assert expected[:12] in out
        again = load_file(target)
        assert again.hash == expected, entry.ref
        assert again.referentiel == load_entry(entry).referentiel
    ardes = load_entry(next(e for e in entries if e.ref == "ardes-culture@1.1.0")).referentiel
    assert ardes is not None  # issue 18's fields made the trip (compared above)
    assert ardes.glossary and ardes.mirrors() and any(g.collection for g in ardes.groups)
    assert any(i.applies_if for i in ardes.indicateurs())
    assert any(i.alert for i in ardes.indicateurs())
    fixture = load_entry(next(e for e in entries if e.ref == f"{IDENT}@1.1.0")).referentiel
    assert fixture is not None and fixture.crosswalk is not None
    assert len(fixture.crosswalk.questions) > 5  # the crosswalk made the trip too


def test_a1_sheets_one_per_level(root: Path, tmp_path: Path) -> None:
    book = load_workbook(_export(f"{IDENT}@1.1.0", tmp_path / "b.xlsx"), read_only=True)
    assert book.sheetnames == [
        "lisez-moi", "referentiel", "groupes", "niveaux", "echelles", "options",
        "dimensions", "criteres", "pistes", "indicateurs", "tranches", "questions",
        "correspondance", "correspondance_options", "correspondance_tranches"]
    rows = list(book["correspondance"].iter_rows(values_only=True))
    assert rows[0][:5] == ("ligne", "niveau", "old", "new", "change")
    assert {r[4] for r in rows[1:]} >= {"same", "renamed", "reworded", "rescaled", "split",
                                        "merged", "dropped", "new"}
    book.close()


def _edit(path: Path, sheet: str, cell: str, value: str | float | None) -> None:
    book = load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


def _column(path: Path, sheet: str, key: str) -> str:
    book = load_workbook(path, read_only=True)
    header = next(book[sheet].iter_rows(values_only=True))
    book.close()
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[list(header).index(key)]


def test_a2_an_edit_comes_back(root: Path, tmp_path: Path) -> None:
    book = _export(f"{IDENT}@1.0.0", tmp_path / "e.xlsx")
    label = _column(book, "questions", "label")
    _edit(book, "questions", f"{label}2", "Nouvelle formulation, = 3 mots")
    _edit(book, "referentiel", "B4", "1.0.1")  # version (a draft of the next one)
    target = tmp_path / "e.yaml"
    code, out = run_cli("referentiel", "import-xlsx", str(book), "-o", str(target))
    assert code == 0, out
    loaded = load_file(target)
    assert loaded.referentiel is not None
    assert loaded.referentiel.version == "1.0.1"
    first = loaded.referentiel.indicateurs()[0].questions[0]
    assert first.label == "Nouvelle formulation, = 3 mots"


@pytest.mark.parametrize(("sheet", "key", "value", "code", "words"), [
    ("dimensions", "weight", "lourd", "REF102", "un nombre"),
    ("criteres", "dimension", "NULLE", "REF103", "« NULLE »"),
    ("questions", "max", "=1+1", "REF104", "formule"),
    ("questions", "id", "Pas-Un-Id", "REF002", "format d'identifiant"),
    ("questions", "scale", "inconnue", "REF004", "inconnue"),
    ("correspondance", "old", "fantome", "VER", "fantome"),
])
def test_a3_errors_point_to_sheet_and_cell(root: Path, tmp_path: Path, sheet: str, key: str,
                                           value: str, code: str, words: str) -> None:
    book = _export(f"{IDENT}@1.1.0", tmp_path / "x.xlsx")
    column = _column(book, sheet, key)
    _edit(book, sheet, f"{column}2", value)
    if sheet == "questions" and key == "scale":  # a scale question naming no known scale
        book_ = load_workbook(book)
        grid = list(book_["questions"].iter_rows(values_only=True))
        book_.close()
        row = 1 + next(i for i, r in enumerate(grid) if i and r[grid[0].index("scale")])
        _edit(book, sheet, f"{column}2", None)
        _edit(book, sheet, f"{column}{row}", value)
    else:
        row = 2
    report = check_referentiel(str(book))
    assert not report.valid
    found = [i for i in report.issues if i.code.startswith(code)]
    assert found, [i.render() for i in report.issues]
    issue = found[0]
    assert (issue.sheet, issue.cell) == (sheet, f"{column}{row}"), issue.render()
    assert words in issue.message or words in (issue.raw or "") or words in issue.render()
    target = tmp_path / "x.yaml"
    exit_code, out = run_cli("referentiel", "import-xlsx", str(book), "-o", str(target))
    assert exit_code == 1
    assert f"{sheet}!{column}{row}" in out
    assert "REF106" in out and not target.exists()


def test_a3_missing_sheet_and_unknown_column(root: Path, tmp_path: Path) -> None:
    book = _export(f"{IDENT}@1.0.0", tmp_path / "m.xlsx")
    opened = load_workbook(book)
    del opened["groupes"]
    opened["questions"].cell(row=1, column=30, value="couleur")
    opened.save(book)
    report = check_referentiel(str(book))
    codes = {(i.code, i.sheet, i.cell) for i in report.issues}
    assert ("REF100", "groupes", None) in codes
    assert ("REF101", "questions", "AD1") in codes


def test_a4_published_version_cannot_change(root: Path, tmp_path: Path) -> None:
    book = _export("ardes-culture@1.0.0", tmp_path / "p.xlsx")
    label = _column(book, "dimensions", "label")
    _edit(book, "dimensions", f"{label}2", "Autre libellé")
    report = check_referentiel(str(book))
    assert any(i.code == "REF016" for i in report.issues), \
        [i.render() for i in report.issues]
    assert not report.valid


def test_a5_no_overwrite_unless_asked(root: Path, tmp_path: Path) -> None:
    book = _export(f"{IDENT}@1.0.0", tmp_path / "o.xlsx")
    target = tmp_path / "o.yaml"
    target.write_text("garde\n", encoding="utf-8")
    code, out = run_cli("referentiel", "import-xlsx", str(book), "-o", str(target))
    assert code == 2 and "REF108" in out
    assert target.read_text(encoding="utf-8") == "garde\n"
    code, out = run_cli("referentiel", "import-xlsx", str(book), "-o", str(target),
                     "--remplacer")
    assert code == 0, out
    authored = load_authoring(book)[0].referentiel
    assert authored is not None
    assert load_file(target).hash == canonical_hash(authored)


def test_a3_spreadsheet_error_and_extra_sheet(root: Path, tmp_path: Path) -> None:
    book = _export(f"{IDENT}@1.0.0", tmp_path / "s.xlsx")
    opened = load_workbook(book)
    opened["questions"]["C2"] = "#N/A"  # an error value, as a spreadsheet shows it
    opened.create_sheet("brouillon")["A1"] = "notes de travail"
    opened.save(book)
    report = check_referentiel(str(book))
    found = {(i.code, i.severity.value, i.sheet, i.cell) for i in report.issues}
    assert ("REF109", "erreur", "questions", "C2") in found
    assert ("REF110", "avertissement", "brouillon", None) in found
    opened = load_workbook(book)
    opened["questions"]["C2"] = "Un libellé"
    opened.save(book)
    target = tmp_path / "s.yaml"
    code, out = run_cli("referentiel", "import-xlsx", str(book), "-o", str(target))
    assert code == 0, out
    assert "REF110" in out and target.exists()


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts=st.lists(st.text(min_size=1, max_size=40), min_size=4, max_size=4),
       weight=st.floats(min_value=0.001, max_value=1e6, allow_nan=False),
       tags=st.lists(st.from_regex(r"[a-zé][a-zé0-9 _-]{0,10}[a-z0-9]", fullmatch=True),
                     max_size=3))
def test_a1_property_any_text_round_trips(mini: Referentiel, tmp_path_factory:
                                          pytest.TempPathFactory, texts: list[str],
                                          weight: float, tags: list[str]) -> None:
    """Labels, descriptions, sources and notes of any text (formulas, numbers, line
    breaks, spaces, « #N/A »), weights of any size and tags come back as they were."""
    dim = mini.dimensions[0]
    question = dim.criteres[0].indicateurs[0].questions[0]
    changed = mini.model_copy(update={
        "title": texts[0], "sources": (texts[1],), "description": texts[2],
        "pistes_threshold": weight % 100,
        "dimensions": (dim.model_copy(update={"label": texts[3], "weight": weight,
                                              "tags": tuple(tags)}),
                       *mini.dimensions[1:]),
    })
    changed = Referentiel.model_validate(changed.model_dump())
    assert question.label  # untouched, read back too
    path = tmp_path_factory.mktemp("prop") / "p.xlsx"
    write_authoring(changed, path)
    loaded, _ = load_authoring(path)
    assert [i.render() for i in loaded.issues if i.severity.value == "erreur"] == []
    assert loaded.referentiel == changed
    assert loaded.hash == canonical_hash(changed)


DIAG = "autodiag-financier@1.0.0"


def _find(path: Path, sheet: str, key: str, value: object) -> int:
    """The row number of the first row of ``sheet`` whose ``key`` holds ``value``."""
    book = load_workbook(path, read_only=True)
    grid = list(book[sheet].iter_rows(values_only=True))
    book.close()
    index = list(grid[0]).index(key)
    return 1 + next(n for n, r in enumerate(grid) if n and r[index] == value)


def test_a6_diagnostic_sheets_keep_shared_questions_by_name(root: Path, tmp_path: Path
                                                            ) -> None:
    book = _export(DIAG, tmp_path / "d.xlsx")
    opened = load_workbook(book, read_only=True)
    assert opened.sheetnames == [
        "lisez-moi", "referentiel", "groupes", "niveaux", "echelles", "options",
        "diagnostic", "periodes", "parametres", "sections", "lignes", "controles",
        "agregats", "ratios", "bandes", "notes", "secondaires", "correspondance",
        "correspondance_options", "correspondance_tranches"]
    grid = list(opened["lignes"].iter_rows(values_only=True))
    opened.close()
    header = list(grid[0])
    shared = {r[header.index("id")]: r for r in grid[1:] if r[header.index("use")]}
    # the line names the library's question, and says nothing of its definition
    assert set(shared) == {"date_cloture", "aides_emploi", "budget_total", "masse_salariale",
                           "charges_totales", "fonds_propres", "etp_total"}
    for ident, row in shared.items():
        assert row[header.index("use")] == ident
        assert row[header.index("type")] is None and row[header.index("max")] is None
    target = tmp_path / "d.yaml"
    code, out = run_cli("referentiel", "import-xlsx", str(book), "-o", str(target))
    assert code == 0, out
    text = target.read_text(encoding="utf-8")
    assert "{use: budget_total, label: Total des produits" in text  # named, not written out


def test_a6_diagnostic_edited_by_hand_comes_back_and_checks(root: Path, tmp_path: Path
                                                            ) -> None:
    """A band (its threshold) and a parameter's value changed in the workbook, as a
    draft of the next version: check validates it, and the YAML carries both."""
    book = _export(DIAG, tmp_path / "h.xlsx")
    when = _column(book, "bandes", "when")
    band = _find(book, "bandes", "when", "F02 >= 0")
    _edit(book, "bandes", f"{when}{band}", "F02 >= 0.02")
    value = _column(book, "parametres", "value")
    _edit(book, "parametres", f"{value}{_find(book, 'parametres', 'id', 'base_jours')}",
          360)
    _edit(book, "referentiel", f"B{_find(book, 'referentiel', 'champ', 'version')}", "1.0.1")
    _edit(book, "referentiel", f"B{_find(book, 'referentiel', 'champ', 'status')}", "draft")
    code, out = run_cli("referentiel", "check", str(book))
    assert code == 0, out
    target = tmp_path / "h.yaml"
    code, out = run_cli("referentiel", "import-xlsx", str(book), "-o", str(target))
    assert code == 0, out
    loaded = load_file(target)
    assert loaded.referentiel is not None and loaded.referentiel.diagnostic is not None
    diagnostic = loaded.referentiel.diagnostic
    assert loaded.referentiel.version == "1.0.1"
    assert next(p for p in diagnostic.parameters if p.id == "base_jours").value == 360
    f02 = next(i for i in diagnostic.indicators if i.id == "F02")
    assert f02.bands[0].when == "F02 >= 0.02"
    original = load_entry(next(e for e in list_entries(root) if e.ref == DIAG)).referentiel
    assert original is not None and original.diagnostic is not None
    # everything else as it was: the shared questions too
    assert diagnostic.sections == original.diagnostic.sections
    assert diagnostic.indicators[2:] == original.diagnostic.indicators[2:]


@pytest.mark.parametrize(("sheet", "key", "find", "value", "code"), [
    ("parametres", "value", ("id", "base_jours"), "beaucoup", "REF102"),
    ("bandes", "ratio", ("when", "F02 >= 0"), "F99", "REF103"),
    ("bandes", "when", ("when", "F02 >= 0"), "F02 >= seuil_inconnu", "FIN002"),
    ("lignes", "use", ("id", "budget_total"), "budget_inconnu", "QLIB001"),
    ("lignes", "section", ("id", "ventes"), "nulle_part", "REF103"),
    ("secondaires", "ratio", ("ratio", "F08"), "F08", "REF113"),
    ("diagnostic", "champ", ("champ", "title"), "titre", "REF114"),
])
def test_a6_diagnostic_errors_point_to_sheet_and_cell(
        root: Path, tmp_path: Path, sheet: str, key: str, find: tuple[str, str],
        value: str, code: str) -> None:
    book = _export(DIAG, tmp_path / "e.xlsx")
    column, row = _column(book, sheet, key), _find(book, sheet, *find)
    if code == "REF113":  # a second secondary reading for the same ratio, below
        opened = load_workbook(book)
        opened[sheet].append([value, "en mois de produits", "F08 / budget_total", "mois"])
        opened.save(book)
        row += 1
    else:
        _edit(book, sheet, f"{column}{row}", value)
    report = check_referentiel(str(book))
    assert not report.valid
    found = [i for i in report.issues if i.code == code]
    assert found, [i.render() for i in report.issues]
    assert (found[0].sheet, found[0].cell) == (sheet, f"{column}{row}"), found[0].render()
    target = tmp_path / "e.yaml"
    exit_code, out = run_cli("referentiel", "import-xlsx", str(book), "-o", str(target))
    assert exit_code == 1 and f"{sheet}!{column}{row}" in out and not target.exists()


def test_a7_a_bundle_is_refused_through_the_catalogue(root: Path, tmp_path: Path) -> None:
    for name in ("ardes-culture@1.0.0+autodiag-financier",
                 "ardes-culture@1.0.0+autodiag-financier@1.0.0"):
        code, out = run_cli("referentiel", "export-xlsx", name, "-o", str(tmp_path / "b.xlsx"))
        assert code == 2, out
        assert "[REF111]" in out and "Erreur interne" not in out
        assert "export-xlsx autodiag-financier@1.0.0 -o" in out  # each part's command
        assert not (tmp_path / "b.xlsx").exists()


def test_a7_a_shape_the_workbook_cannot_carry_is_refused(
        root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evalsoc.authoring import write  # noqa: PLC0415
    from evalsoc.errors import AuthoringError  # noqa: PLC0415
    from evalsoc.referentiel.registry import resolve  # noqa: PLC0415

    bundle = resolve("ardes-culture@1.0.0+autodiag-financier")[1]
    with pytest.raises(AuthoringError) as refused:
        write.workbook_frames(bundle)
    assert refused.value.code == "REF111"
    monkeypatch.setattr(write, "_CARRIED", write._CARRIED - {"diagnostic"})
    diag = resolve(DIAG)[1]
    with pytest.raises(AuthoringError) as refused:
        write.workbook_frames(diag)
    assert refused.value.code == "REF112" and "diagnostic" in refused.value.issue.message


LIBRARY = Path(__file__).resolve().parent.parent / "referentiels" / "questions-partagees.yaml"


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts=st.lists(st.text(min_size=1, max_size=40), min_size=3, max_size=3),
       # -0.0 is 0 in a cell (a spreadsheet keeps no sign of zero): not a value to author
       value=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda v: v + 0.0),
       tolerance=st.floats(min_value=0, max_value=1e6, allow_nan=False))
@pytest.mark.slow
def test_a6_property_any_diagnostic_value_round_trips(
        tmp_path_factory: pytest.TempPathFactory, texts: list[str], value: float,
        tolerance: float) -> None:
    """A parameter's value, a check's tolerance, a band's alert, a line's label and a
    note's text of any kind come back as they were, shared questions included."""
    from evalsoc.referentiel.registry import resolve  # noqa: PLC0415

    ref = resolve(DIAG)[1]
    diagnostic = ref.diagnostic
    assert diagnostic is not None
    section = diagnostic.sections[1]
    f01 = diagnostic.indicators[0]
    changed_diag = diagnostic.model_copy(update={
        "parameters": (diagnostic.parameters[0].model_copy(update={"value": value}),
                       *diagnostic.parameters[1:]),
        "checks": (diagnostic.checks[0].model_copy(update={"tolerance": tolerance}),
                   *diagnostic.checks[1:]),
        "sections": (diagnostic.sections[0], section.model_copy(update={"lines": (
            section.lines[0].model_copy(update={"label": texts[0]}), *section.lines[1:])}),
            *diagnostic.sections[2:]),
        "indicators": (f01.model_copy(update={
            "bands": (f01.bands[0].model_copy(update={"alert": texts[1]}), *f01.bands[1:]),
            "discuss": texts[2]}), *diagnostic.indicators[1:]),
    })
    changed = Referentiel.model_validate(
        ref.model_copy(update={"diagnostic": changed_diag}).model_dump())
    path = tmp_path_factory.mktemp("diag") / "d.xlsx"
    write_authoring(changed, path)
    loaded, _ = load_authoring(path, library=LIBRARY)
    assert [i.render() for i in loaded.issues if i.severity.value == "erreur"] == []
    assert loaded.referentiel == changed
    assert loaded.hash == canonical_hash(changed)


def test_a7_an_export_that_would_not_read_back_says_so(root: Path, tmp_path: Path) -> None:
    """Read back beside another shared library (budget_total worded otherwise), the
    workbook would not give back autodiag-financier: the export says so (REF115)."""
    library = (root / "questions-partagees.yaml").read_text(encoding="utf-8")
    assert "id: budget_total" in library
    changed = library.replace("Quel est le total des produits du dernier exercice clos ?",
                              "Total des produits, autrement dit ?", 1)
    assert changed != library
    (tmp_path / "questions-partagees.yaml").write_text(changed, encoding="utf-8")
    (tmp_path / "ailleurs").mkdir()
    code, out = run_cli("referentiel", "export-xlsx", DIAG, "-o",
                     str(tmp_path / "ailleurs" / "d.xlsx"))
    assert code == 1 and "[REF115]" in out and "150c935a2d94" in out, out
    assert "Erreur interne" not in out
