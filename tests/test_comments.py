"""Issue 14, item 1: comments are answers' companions.

C1 a comment beside every type of answer (and beside no answer at all) is read with its
question and its cell, and the answers are untouched; C2 the same after LibreOffice
opened and saved the workbook; C3 ``check --json`` shows them; C4 they are stored with
their submission, joined forms' included, and come back from the store; C5 the fiche
shows them as the structure's own words (its respondents' only once the consultant
selected them, evalsoc citations, attributed to their group); C6 the export's free texts
carry them for structures whose consent is « nominative » only; C7 a formula in a
comment cell is reported, never kept; JSON answer sets carry them too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from test_roundtrip import GRID, TYPED, libreoffice_resave, types_root  # noqa: F401
from workbooks import answer_row, make_workbook

from evalsoc.answers.model import StructureInfo
from evalsoc.batch.answer_file import score_answer_file
from evalsoc.batch.run import check_paths, reports
from evalsoc.cli.main import cli
from evalsoc.excel import layout
from evalsoc.excel.workbook import WorkbookRead, read_workbook
from evalsoc.questionnaire.writer import build_individual_workbook, write_workbook
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.model import Referentiel
from evalsoc.store.frames import Store
from evalsoc.store.ingest import ingest

# one comment beside each type of answer; q_num is left unanswered, commented anyway
SAID: dict[str, str] = {
    "q_scale": "Plutôt d'accord, surtout l'été", "q_yesno": "Non : en projet pour 2026",
    "q_single": "B depuis le déménagement", "q_multi:x": "X l'hiver seulement",
    "q_multi:z": "Z une fois par an", "q_int": "Chiffre du bilan 2024",
    "q_num": "Pas encore connu : le bilan arrive en mars",
    "q_pct": "=35% du public, estimé", "q_eur": "Dont 2 000 € de dons <b>en nature</b>",
    "q_date": "Date de l'AG\nreportée une fois", "q_text": "  Écrit par la présidente  ",
}


def expected_comments() -> dict[str, str]:
    found: dict[str, str] = {}
    for key, text in SAID.items():
        question = key.partition(":")[0]
        found[question] = f"{found[question]}\n{text}" if question in found else text
    return found


def with_comments(said: dict[str, Any], as_text: bool = True) -> Any:
    def edit(book: Workbook) -> None:
        sheet = book[layout.QUESTIONNAIRE_SHEET]
        for key, text in said.items():
            cell = sheet.cell(answer_row(sheet, key), layout.COMMENT_COL)
            cell.value = text
            if as_text:
                cell.data_type = "s"  # typed as text, as the sheet's text format makes it
    return edit


def comments_of(read: WorkbookRead) -> dict[str, tuple[str, str | None]]:
    assert read.answers is not None
    return {c.question: (c.text, c.source.cell if c.source else None)
            for c in read.answers.comments}


def answers_of(read: WorkbookRead) -> list[tuple[object, ...]]:
    assert read.answers is not None
    return [(a.question, a.respondent, a.value, a.status, a.raw,
             a.source.cell if a.source else None) for a in read.answers.answers]


@pytest.fixture
def commented(types_root: tuple[Referentiel, Path], tmp_path: Path  # noqa: F811
              ) -> tuple[Path, Path, Path]:
    ref, root = types_root
    answers = {k: v for k, v in TYPED.items() if k != "q_num"}
    plain = make_workbook(tmp_path / "sans.xlsx", ref, answers=answers, grids=GRID)
    said = make_workbook(tmp_path / "avec.xlsx", ref, answers=answers, grids=GRID,
                         edit=with_comments(SAID))
    return plain, said, root


def _check(read: WorkbookRead, plain: WorkbookRead) -> None:
    assert read.valid, [i.render() for i in read.issues]
    found = comments_of(read)
    assert {q: t for q, (t, _) in found.items()} == expected_comments()
    for question, (_, cell) in found.items():
        row = int("".join(ch for ch in (cell or "") if ch.isdigit()))
        assert cell == f"E{row}"
        key = next(k for k in SAID if k.partition(":")[0] == question)
        assert row == _row_of(read, key)
    assert answers_of(read) == answers_of(plain)  # the answers are untouched


def _row_of(read: WorkbookRead, key: str) -> int:
    from openpyxl import load_workbook  # noqa: PLC0415

    return answer_row(load_workbook(read.file)[layout.QUESTIONNAIRE_SHEET], key)


def test_c1_every_type_of_answer_keeps_its_comment(commented: tuple[Path, Path, Path]
                                                   ) -> None:
    plain, said, root = commented
    _check(read_workbook(said, root), read_workbook(plain, root))


@pytest.mark.external
@pytest.mark.slow
def test_c2_comments_survive_libreoffice(commented: tuple[Path, Path, Path],
                                         tmp_path: Path) -> None:
    plain, said, root = commented
    resaved = libreoffice_resave(said, tmp_path / "lo")
    plain_resaved = libreoffice_resave(plain, tmp_path / "lo-sans")
    _check(read_workbook(resaved, root), read_workbook(plain_resaved, root))


def test_c3_check_json_shows_the_comments(commented: tuple[Path, Path, Path],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _, said, root = commented
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(root))
    result = CliRunner().invoke(cli, ["check", str(said), "--json", "-q"])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    shown = {c["question"]: c for c in report["comments"]}
    assert {q: c["text"] for q, c in shown.items()} == expected_comments()
    assert shown["q_num"]["respondent"] == "structure"
    assert shown["q_num"]["source"]["sheet"] == layout.QUESTIONNAIRE_SHEET
    library = [r.model_dump(mode="json") for r in reports(check_paths([said], workers=1,
                                                                      root=root))]
    assert library == json.loads(result.output)


def test_c7_a_formula_in_a_comment_is_reported_not_kept(
        commented: tuple[Path, Path, Path], tmp_path: Path,
        types_root: tuple[Referentiel, Path]) -> None:  # noqa: F811
    ref, root = types_root
    path = make_workbook(tmp_path / "f.xlsx", ref, answers=TYPED, grids=GRID,
                         edit=with_comments({"q_int": "=1+2", "q_text": "   "}, False))
    read = read_workbook(path, root)
    [issue] = [i for i in read.issues if i.code == "XL034"]
    assert issue.severity.value == "avertissement" and issue.raw == "=1+2"
    assert issue.cell and issue.cell.startswith("E") and issue.question == "q_int"
    assert comments_of(read) == {}  # the formula is not a comment; spaces are nothing


# C4 - C6: through the store, the fiche and the export, on the mini référentiel ---------

MINI_SAID = {"convention": "Signée en 2019", "etp": "Dont 1 ETP en contrat aidé",
             "budget": "Budget <script>alert(1)</script> prévisionnel"}


def _campaign(tmp_path: Path, mini: Referentiel) -> Path:
    folder = tmp_path / "retours"
    for n, consent in enumerate(("nominative", "anonyme", "aucune"), start=1):
        info = StructureInfo(id=f"S{n}", name=f"Structure {n}", consentement=consent)
        make_workbook(folder / f"s{n}.xlsx", mini, structure=info, questionnaire_id=f"Q{n}",
                      edit=with_comments({k: f"{v} ({consent})" for k, v in MINI_SAID.items()}))
        form = build_individual_workbook(mini, "benevoles", info, _qid(folder / f"s{n}.xlsx"),
                                         4, f"F{n}", canonical_hash(mini))
        sheet = form[layout.QUESTIONNAIRE_SHEET]
        sheet.cell(answer_row(sheet, "rencontres"), layout.ANSWER_COL).value = "4"
        sheet.cell(answer_row(sheet, "accueil"), layout.ANSWER_COL).value = "3"
        sheet.cell(answer_row(sheet, "accueil"), layout.COMMENT_COL).value = \
            f"Très bien reçue par l'équipe ({consent})"
        write_workbook(form, folder / f"s{n}_benevoles_04.xlsx")
    return folder


def _qid(path: Path) -> str:
    from openpyxl import load_workbook  # noqa: PLC0415

    for row in load_workbook(path)[layout.META_SHEET].iter_rows(values_only=True):
        if row[0] == "questionnaire_id":
            return str(row[1])
    raise KeyError(path)


@pytest.fixture
def stored(tmp_path: Path, mini: Referentiel, mini_root: Path,
           monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(mini_root))
    db = tmp_path / "c.sqlite"
    summary = ingest([_campaign(tmp_path, mini)], "2025", db, 2025, workers=1)
    assert not summary.rejected and summary.individual == 3 and not summary.waiting
    return db


def test_c4_comments_are_stored_with_their_answers(stored: Path) -> None:
    with Store(stored) as store:
        comments = store.comments("2025")
    assert len(comments) == 3 * 4
    own = comments[comments["repondant"] == "structure"]
    assert set(own["question"]) == set(MINI_SAID) and set(own["onglet"]) == {"Questionnaire"}
    assert all(c.startswith("E") for c in own["cellule"])
    forms = comments[comments["groupe"] == "benevoles"]
    assert set(forms["structure_id"]) == {"S1", "S2", "S3"}  # under their structure
    assert set(forms["question"]) == {"accueil"}


def test_c5_the_fiche_shows_the_structure_s_own_words(stored: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "fiches"
    made = runner.invoke(cli, ["report", "structure", "--campagne", "2025", "--db",
                               str(stored), "--structure", "S3", "-o", str(out),
                               "--format", "html", "-q"])
    assert made.exit_code == 0, made.output
    [html] = list(out.glob("*.html"))
    page = html.read_text(encoding="utf-8")
    assert "Vos commentaires" in page
    assert "Signée en 2019 (aucune)" in page  # no consent filter: the fiche is its own
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    # its respondents' comments are quoted only once the consultant selected them
    assert "Très bien reçue" not in page and "Aucune citation sélectionnée" in page
    listing = tmp_path / "citations.xlsx"
    made = runner.invoke(cli, ["citations", "exporter", "--campagne", "2025", "--db",
                               str(stored), "-o", str(listing)])
    assert made.exit_code == 0, made.output
    book = load_workbook(listing)
    sheet = book["Citations"]
    head = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        text = str(row[head.index("texte")].value)
        if text.startswith("Très bien reçue") and row[head.index("structure")].value == "S3":
            row[head.index("publier")].value = "oui"
    book.save(listing)
    made = runner.invoke(cli, ["citations", "importer", "--campagne", "2025", "--db",
                               str(stored), str(listing)])
    assert made.exit_code == 0 and "1 citation(s) retenue(s)" in made.output, made.output
    made = runner.invoke(cli, ["report", "structure", "--campagne", "2025", "--db",
                               str(stored), "--structure", "S3", "-o", str(out),
                               "--format", "html", "-q"])
    page = html.read_text(encoding="utf-8")
    assert "Très bien reçue par l&#39;équipe (aucune)" in page  # its own fiche: any consent
    assert "Bénévoles — « Je me suis senti bien accueilli »" in page
    bare = tmp_path / "sans-citations"
    made = runner.invoke(cli, ["report", "structure", "--campagne", "2025", "--db",
                               str(stored), "--structure", "S3", "-o", str(bare),
                               "--format", "html,pdf", "--sans-citations", "-q"])
    assert made.exit_code == 0, made.output
    page = next(bare.glob("*.html")).read_text(encoding="utf-8")
    assert "Signée en 2019 (aucune)" in page and "Très bien reçue" not in page
    assert list(bare.glob("*.pdf"))


def test_c6_the_export_carries_comments_as_consent_allows(
        stored: Path, tmp_path: Path) -> None:
    from evalsoc.exports.campaign import campaign_tables, free_texts  # noqa: PLC0415
    from evalsoc.publish.inputs import load_sector_inputs  # noqa: PLC0415
    from evalsoc.publish.publication import Publication  # noqa: PLC0415

    with Store(stored) as store:
        publication = Publication(load_sector_inputs(store, "2025"))
        texts = campaign_tables(publication, free_texts(store, publication))["textes"]
    comments = texts[texts["nature"] == "commentaire"]
    named = comments[comments["texte"].str.contains("(nominative)", regex=False)]
    unnamed = comments[comments["texte"].str.contains("(anonyme)", regex=False)]
    assert len(named) and set(named["structure"]) == {"Structure 1"}
    assert len(unnamed) and set(unnamed["structure"]) == {""}  # unattributed
    assert not comments["texte"].str.contains("(aucune)", regex=False).any()
    assert {"structure", "benevoles"} == set(comments["groupe"])


def test_json_answer_sets_carry_comments(tmp_path: Path, mini_root: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(mini_root))
    data = {"referentiel": "mini@1.0.0", "structure": {"id": "S"}, "answers": [
        {"question": "convention", "value": "oui", "comment": "Signée en 2019"},
        {"question": "etp", "value": 2, "comment": "   "},
        {"question": "budget", "value": 100},
        {"question": "actions", "value": ["tarifs"]},
        {"question": "ressources_propres", "comment": "À vérifier avec le trésorier"}],
        "comments": [{"question": "verbatim", "text": "Pas de témoignage cette année"},
                     {"question": "inconnue", "text": "Perdu ?"}]}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    outcome = score_answer_file(path)
    assert outcome.valid and outcome.answers is not None
    assert {c.question: c.text for c in outcome.answers.comments} == {
        "convention": "Signée en 2019", "verbatim": "Pas de témoignage cette année",
        "ressources_propres": "À vérifier avec le trésorier"}
    [issue] = [i for i in outcome.issues if i.code == "ANS023"]
    assert issue.question == "inconnue" and "Perdu ?" in issue.message
    assert all(a.comment is None for a in outcome.answers.answers)
