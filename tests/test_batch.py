"""Batches: one bad workbook never stops the others.

B1 a batch of 200 workbooks with 10 bad ones scores the 190 and reports the 10, each with
its file and cause; B2 individual forms are merged into their structure, orphans
reported; B3 the CLI on a folder: exit code, JSON equal to the library's reports, scores
file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from evalsoc.batch import run as batch
from evalsoc.batch.run import check_paths, chunks_of, reports
from evalsoc.cli.main import cli
from evalsoc.excel import layout
from evalsoc.excel.workbook import read_workbook
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.simulate import simulate_campaign


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    entry, ref = resolve("ardes-culture@1.0.0")
    folder = tmp_path_factory.mktemp("lot") / "campagne"
    simulate_campaign(ref, load_entry(entry).hash or "", 200, 5, folder, messy=True,
                      workers=2)
    return folder


def _spoil(folder: Path) -> dict[str, str]:
    """Ten different ways to ruin a workbook; file name -> the code expected."""
    files = sorted(folder.glob("*.xlsx"))[:10]
    expected: dict[str, str] = {}

    def rewrite(path: Path, key: str, value: Any) -> None:
        book = load_workbook(path)
        sheet = book[layout.QUESTIONNAIRE_SHEET]
        for row in sheet.iter_rows():
            if row[0].value == key:
                row[layout.ANSWER_COL - 1].value = value
        book.save(path)

    files[0].write_bytes(b"")
    expected[files[0].name] = "XL001"
    files[1].write_bytes(files[1].read_bytes()[:3000])
    expected[files[1].name] = "XL002"
    files[2].write_text("structure;budget\nX;12\n", encoding="utf-8")
    expected[files[2].name] = "XL003"
    rewrite(files[3], "budget_total", "=1/0")
    expected[files[3].name] = "XL020"
    rewrite(files[4], "nb_emplois_permanents", "beaucoup")
    expected[files[4].name] = "ANS008"
    rewrite(files[5], "convention_collective", "peut-être")
    expected[files[5].name] = "ANS007"
    book = load_workbook(files[6])
    book[layout.QUESTIONNAIRE_SHEET].title = "Réponses"
    book.save(files[6])
    expected[files[6].name] = "XL010"
    files[7].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    expected[files[7].name] = "XL004"
    book = load_workbook(files[8])
    del book[layout.META_SHEET]
    book.save(files[8])
    expected[files[8].name] = "XL011"
    rewrite(files[9], "nb_emplois_permanents", 100000)
    expected[files[9].name] = "ANS009"
    return expected


@pytest.mark.slow
def test_b1_two_hundred_with_ten_bad(campaign: Path, tmp_path: Path) -> None:
    folder = tmp_path / "retours"
    shutil.copytree(campaign, folder)
    expected = _spoil(folder)
    items = check_paths([folder], workers=2)
    assert len(items) == 200
    scored = [i for i in items if i.result is not None]
    bad = [i for i in items if not i.read.valid]
    assert len(scored) == 190
    assert {Path(i.read.file).name for i in bad} == set(expected)
    for item in bad:
        name = Path(item.read.file).name
        codes = {i.code for i in item.read.issues}
        assert expected[name] in codes, (name, codes)
        assert all(i.file == item.read.file for i in item.read.issues)


@pytest.mark.slow
def test_b1_same_items_in_the_same_order_whatever_the_processes(campaign: Path) -> None:
    """This process reads some chunks itself while the others read theirs: the items come
    in the order of the files, the same as read by one process."""
    alone = check_paths([campaign], workers=1, answers=False)
    shared = check_paths([campaign], workers=3, answers=False)
    assert [i.read.file for i in shared] == [i.read.file for i in alone]
    assert reports(shared) == reports(alone)
    assert [i.result for i in shared] == [i.result for i in alone]


@pytest.mark.slow
def test_b3_cli_on_a_folder(campaign: Path, tmp_path: Path) -> None:
    folder = tmp_path / "retours"
    shutil.copytree(campaign, folder)
    (folder / "vide.xlsx").write_bytes(b"")
    runner = CliRunner()
    result = runner.invoke(cli, ["check", str(folder), "--json", "--workers", "2"])
    assert result.exit_code == 1
    printed = json.loads(result.output)
    library = [r.model_dump(mode="json") for r in reports(check_paths([folder], workers=2))]
    assert printed == library
    assert sum(1 for r in printed if not r["valid"]) == 1
    target = tmp_path / "scores.xlsx"
    result = runner.invoke(cli, ["score", str(folder), "-o", str(target), "-q"])
    assert result.exit_code == 1 and "200 noté(s), 1 non noté(s)" in result.output
    # the terminal lists 20 structures, the file has them all
    assert f"… et 180 autre(s) : toutes sont dans {target}" in result.output
    assert sum(1 for line in result.output.splitlines() if "ECO " in line) == 20
    book = load_workbook(target)
    assert book.sheetnames == ["Scores", "Profils", "Fichiers", "Problèmes"]
    assert book["Profils"].max_row == 201
    # the problems, in French, the same in `check --csv` and in the scores workbook
    result = runner.invoke(cli, ["check", str(folder), "--csv", "-q"])
    lines = result.output.lstrip("\ufeff").splitlines()
    header = ["code", "gravite", "fichier", "empreinte", "onglet", "cellule", "chemin",
              "ligne", "question", "repondant", "valeur_saisie", "message"]
    assert lines[0].split(";") == header
    issues = [i for r in printed for i in r["issues"]]
    assert len(lines) == 1 + len(issues)
    assert [line.split(";")[0] for line in lines[1:]] == [i["code"] for i in issues]
    problems = list(book["Problèmes"].iter_rows(values_only=True))
    assert list(problems[0]) == header and len(problems) == 1 + len(issues)
    annotated = tmp_path / "annotes"
    result = runner.invoke(cli, ["check", str(folder), "--annotate", str(annotated), "-q"])
    assert (annotated / "vide.xlsx").exists() is False  # not a workbook: listed, not copied
    assert len(list(annotated.glob("*.xlsx"))) >= 1


def test_b2_individual_forms_merge_and_orphans(tmp_path: Path) -> None:
    entry, ref = resolve("ardes-culture@1.0.0")
    folder = tmp_path / "campagne"
    simulate_campaign(ref, load_entry(entry).hash or "", 3, 9, folder,
                      individuels=("partenaires",))
    forms = sorted(folder.glob("*_partenaires_*.xlsx"))
    assert forms
    items = check_paths([folder], workers=1)
    merged = [i for i in items if i.merged]
    assert merged and all(i.result is not None for i in merged)
    assert sum(len(i.merged) for i in items) == len(forms)
    alone = tmp_path / "seul"
    alone.mkdir()
    shutil.copy(forms[0], alone / forms[0].name)
    [item] = check_paths([alone], workers=1)
    assert [i.code for i in item.read.issues if i.code == "XL030"] == ["XL030"]


def test_b2_check_without_scores_reports_the_same_issues(tmp_path: Path) -> None:
    """``evalsoc check`` does not score: the same issues (forms, orphans, structures present
    twice included) for every file, and no score."""
    entry, ref = resolve("ardes-culture@1.0.0")
    folder = tmp_path / "campagne"
    simulate_campaign(ref, load_entry(entry).hash or "", 4, 9, folder, messy=True,
                      individuels=("partenaires",))
    elsewhere = tmp_path / "ailleurs"
    simulate_campaign(ref, load_entry(entry).hash or "", 1, 10, elsewhere,
                      individuels=("partenaires",))
    other = sorted(elsewhere.glob("*_partenaires_*.xlsx"))[0]  # same form id as one here
    shutil.copy(other, folder / f"zz-{other.name}")
    structures = sorted(p for p in folder.glob("*.xlsx") if "_partenaires_" not in p.name)
    shutil.copy(structures[0], folder / f"zz-copie-{structures[0].name}")
    structures[-1].unlink()  # its forms are left without their structure
    scored = check_paths([folder], workers=1, answers=False)
    checked = check_paths([folder], workers=1, answers=False, scores=False)
    assert [i.read.file for i in checked] == [i.read.file for i in scored]
    assert [i.read.issues for i in checked] == [i.read.issues for i in scored]
    codes = {i.code for item in checked for i in item.read.issues}
    assert {"XL030", "XL031", "XL033"} <= codes, codes
    assert all(i.result is None and not i.merged for i in checked)
    assert reports(checked) == reports(scored)


def test_b2_scores_the_same_without_sending_answers_back(tmp_path: Path) -> None:
    """Batches that only need scores leave the answers in the workers; a structure with
    individual forms reads its own again to merge them: same scores, same issues."""
    entry, ref = resolve("ardes-culture@1.0.0")
    folder = tmp_path / "campagne"
    simulate_campaign(ref, load_entry(entry).hash or "", 3, 9, folder,
                      individuels=("partenaires",))
    full = check_paths([folder], workers=1)
    lean = check_paths([folder], workers=1, answers=False)
    assert [i.result for i in lean] == [i.result for i in full]
    assert [i.read.issues for i in lean] == [i.read.issues for i in full]
    assert [i.merged for i in lean] == [i.merged for i in full]
    assert any(i.merged for i in lean)
    for item in lean:
        assert item.read.answers is not None
        if item.result is not None and not item.merged:
            assert item.read.without_answers and item.read.answers.answers == ()
            assert item.read.answers.respondents == ()
        else:
            assert not item.read.without_answers and item.read.answers.answers


def test_b2_answers_without_their_cells_when_nobody_shows_them(tmp_path: Path) -> None:
    """A batch that keeps neither answers nor traces reads them without their cell
    references: the same values, the same issues at the same cells."""
    entry, ref = resolve("ardes-culture@1.0.0")
    simulate_campaign(ref, load_entry(entry).hash or "", 6, 21, tmp_path, messy=True)
    files = sorted(tmp_path.glob("*.xlsx"))
    located = 0
    for path in files:
        full, lean = read_workbook(path), read_workbook(path, sources=False)
        assert lean.issues == full.issues
        located += sum(1 for i in lean.issues if i.cell)
        assert full.answers is not None and lean.answers is not None
        assert all(a.source is not None for a in full.answers.answers)
        assert [a.but(source=None) for a in full.answers.answers] == [
            a.but(source=None) for a in lean.answers.answers]
        assert any(a.source is None for a in lean.answers.answers)
    assert located > 0  # messy workbooks: issues that name their cell


@pytest.mark.parametrize(("count", "workers"), [(0, 2), (5, 2), (1000, 2), (333, 4)])
def test_chunks_cover_the_files_in_order_smaller_towards_the_end(count: int,
                                                                 workers: int) -> None:
    files = [Path(f"f{i:04d}.xlsx") for i in range(count)]
    chunks = chunks_of(files, workers)
    assert [f for chunk in chunks for f in chunk] == files
    sizes = [len(chunk) for chunk in chunks]
    assert all(1 <= size <= 16 for size in sizes)
    assert sizes == sorted(sizes, reverse=True)  # the last ones are the smallest
    if count >= 1000:
        assert sizes[0] == 16 and sizes[-1] == 1


class PanicException(BaseException):
    """What a panic of the Rust reader raises (pyo3's, not importable before one)."""


@pytest.mark.parametrize("error", [RuntimeError("bogue"), PanicException("index out of bounds")])
def test_an_unexpected_error_on_one_file_does_not_stop_the_batch(
        campaign: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    files = sorted(campaign.glob("*.xlsx"))[:3]
    read = batch.read_workbook  # type: ignore[attr-defined]  # what the workers call

    def fragile(path: Path, *args: object, **kwargs: object) -> object:
        if path == files[1]:
            raise error
        return read(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "read_workbook", fragile)
    items = check_paths(files, workers=1, answers=False)
    assert [i.result is not None for i in items] == [True, False, True]
    [issue] = items[1].read.issues
    assert issue.code == "XL099" and issue.file == str(files[1])
    assert type(error).__name__ in issue.message


def test_ctrl_c_still_stops_a_batch(campaign: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "read_workbook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        check_paths(sorted(campaign.glob("*.xlsx"))[:2], workers=1)
