"""Several consultants, one campaign: ``evalsoc merge`` (issue 23, item 1).

M1 the merge of two consultants' bases equals one base that received both sets of files
(overlapping copies, versions of a structure in each base, a refused file and its
correction, individual forms whose structure is in the other base), table by table, ids
included, on both backends, and publishes the same figures; M2 the order of the sources
changes nothing, and a second merge changes nothing; M3 a merge cut short at any
submission, then run again, equals a clean one; M4 two names for one structure stop the
merge (MRG004) unless a registry decides, two consents give the stricter (MRG005); M5 a
campaign of another référentiel or year is not merged (MRG002, MRG003), the others are;
M6 the command line (French help, --json, exit codes), the source never written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from pgserver import arg, dump
from workbooks import make_workbook

import evalsoc.store.merge as merging
from evalsoc.answers.model import StructureInfo
from evalsoc.cli.main import cli
from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.questionnaire.writer import build_individual_workbook, write_workbook
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.model import Referentiel
from evalsoc.store.db import open_store, transaction
from evalsoc.store.frames import Store
from evalsoc.store.ingest import ingest
from evalsoc.store.merge import merge
from evalsoc.store.quotes import campaign_free_texts, save_selection
from evalsoc.store.target import Target

MakeTarget = Callable[[str], Target]
DAY, BASE = 86_400, 1_760_000_000


@pytest.fixture
def root(mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(mini_root))
    return mini_root


def book(path: Path, mini: Referentiel, ident: str, etp: object, day: int,
         consent: str | None = None, name: str | None = None) -> Path:
    answers = {"convention": "Oui", "etp": etp, "budget": 40000, "ressources_propres": 8000,
               "verbatim": f"Texte de {ident}"}
    make_workbook(path, mini, answers=answers, structure=StructureInfo(
        id=ident, name=name or f"Structure {ident}", departement="14",
        consentement=consent))
    os.utime(path, (BASE + day * DAY,) * 2)
    return path


def form(path: Path, mini: Referentiel, ident: str, number: int, day: int) -> Path:
    info = StructureInfo(id=ident, name=f"Structure {ident}")
    made = build_individual_workbook(mini, "benevoles", info, f"Q-{ident}", number,
                                     f"Q-IND-{ident}-{number}", canonical_hash(mini))
    for row in made["Questionnaire"].iter_rows():
        if row[0].value in ("rencontres", "accueil"):
            row[3].value = "Tout à fait d'accord" if number % 2 else "Plutôt d'accord"
    write_workbook(made, path)
    os.utime(path, (BASE + day * DAY,) * 2)
    return path


def two_consultants(tmp_path: Path, mini: Referentiel) -> tuple[Path, Path]:
    """Folders of two consultants: S001 in both (the same file), S002 corrected by B
    after A's version, S003 refused by A then corrected by B, S004's forms with B and
    its workbook with A, S005 and S006 each their own; every file a date of its own."""
    a, b = tmp_path / "a", tmp_path / "b"
    book(a / "s001.xlsx", mini, "S001", 2, day=1)
    b.mkdir(parents=True)
    shutil.copy(a / "s001.xlsx", b / "s001-copie.xlsx")  # the same bytes, a later date
    os.utime(b / "s001-copie.xlsx", (BASE + 5 * DAY,) * 2)
    book(a / "s002.xlsx", mini, "S002", 3, day=2)
    book(b / "s002-v2.xlsx", mini, "S002", 6, day=9)
    book(a / "s003.xlsx", mini, "S003", "trois", day=3)
    book(b / "s003-corrige.xlsx", mini, "S003", 3, day=8)
    book(a / "s004.xlsx", mini, "S004", 1, day=7)
    for n in (1, 2, 3):
        form(b / f"s004-benevole-{n}.xlsx", mini, "S004", n, day=3 + n)
    book(a / "s005.xlsx", mini, "S005", 4, day=10)
    book(b / "s006.xlsx", mini, "S006", 5, day=11)
    return a, b


def bases(tmp_path: Path, mini: Referentiel, root: Path) -> tuple[Path, Path, Path, Path]:
    a, b = two_consultants(tmp_path, mini)
    base_a, base_b = tmp_path / "marie.sqlite", tmp_path / "paul.sqlite"
    ingest([a], "2025", base_a, 2025, workers=1, root=root)
    ingest([b], "2025", base_b, 2025, workers=1, root=root)
    return a, b, base_a, base_b


def test_m1_merge_equals_one_base_that_received_every_file(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    a, b, base_a, base_b = bases(tmp_path, mini, root)
    both = make_target("les-deux")
    ingest([a, b], "2025", both, 2025, workers=1, root=root)
    merged = make_target("fusion")
    summary = merge([base_a, base_b], merged)
    assert not summary.problems
    (counted,) = summary.campaigns
    assert (counted.found, counted.duplicates, counted.merged) == (12, 1, 11)
    assert counted.superseded == 1 and counted.rejected == 1
    assert dump(merged) == dump(both)
    with Store(merged) as store:
        subs = store.submissions("2025")
        assert list(subs.query("structure_id == 'S002'")["statut"]) == ["remplacee", "valide"]
        respondents = store.respondents("2025")
        assert int(respondents.query("structure_id == 'S004'")["n"].sum()) == 3
        assert "S003" in set(store.scores("2025")["structure_id"])


def test_m2_any_order_same_rows_and_twice_changes_nothing(
        tmp_path: Path, mini: Referentiel, root: Path) -> None:
    _, _, base_a, base_b = bases(tmp_path, mini, root)
    ab, ba = tmp_path / "ab.sqlite", tmp_path / "ba.sqlite"
    merge([base_a, base_b], ab)
    merge([base_b, base_a], ba)
    assert dump(ab) == dump(ba)
    before = dump(ab)
    again = merge([base_b, base_a], ab)
    assert again.campaigns[0].merged == 0 and again.campaigns[0].known == 12
    assert dump(ab) == before


def test_m3_cut_short_then_run_again_equals_clean(
        tmp_path: Path, mini: Referentiel, root: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, base_a, base_b = bases(tmp_path, mini, root)
    clean = tmp_path / "propre.sqlite"
    merge([base_a, base_b], clean)
    real = merging.copy_submission  # type: ignore[attr-defined]
    for cut in range(0, 11, 2):
        calls = {"n": 0}

        def failing(*args: object, cut: int = cut, calls: dict[str, int] = calls) -> object:
            calls["n"] += 1
            outcome = real(*args)  # type: ignore[arg-type]
            if calls["n"] > cut:
                raise KeyboardInterrupt  # inside the transaction: nothing of it is kept
            return outcome

        target = tmp_path / f"coupe-{cut}.sqlite"
        monkeypatch.setattr(merging, "copy_submission", failing)
        with pytest.raises(KeyboardInterrupt):
            merge([base_a, base_b], target)
        monkeypatch.setattr(merging, "copy_submission", real)
        merge([base_b, base_a], target)
        assert dump(target) == dump(clean), cut


def test_m4_conflicts_stop_or_are_settled(tmp_path: Path, mini: Referentiel,
                                          root: Path) -> None:
    book(tmp_path / "a" / "s001.xlsx", mini, "S001", 2, day=1, consent="nominative",
         name="La Grange")
    book(tmp_path / "b" / "s001.xlsx", mini, "S001", 3, day=2, consent="anonyme",
         name="La Grange aux Sons")
    book(tmp_path / "b" / "s002.xlsx", mini, "S002", 3, day=2, consent="nominative")
    base_a, base_b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    ingest([tmp_path / "a"], "2025", base_a, 2025, workers=1, root=root)
    ingest([tmp_path / "b"], "2025", base_b, 2025, workers=1, root=root)
    target = tmp_path / "fusion.sqlite"
    code, out = run("merge", str(base_a), str(base_b), "--db", str(target))
    assert code == 1, out
    assert "[MRG004]" in out and "« La Grange »" in out and "« La Grange aux Sons »" in out
    assert "--structures" in out
    assert not Store(target).campaign_names()  # nothing merged
    registry = tmp_path / "registre.csv"
    registry.write_text("structure_id;nom\nS001;La Grange aux Sons\n", encoding="utf-8")
    code, out = run("merge", str(base_a), str(base_b), "--db", str(target), "--structures",
                    str(registry))
    assert code == 0, out
    assert "[MRG005]" in out and "« anonyme »" in out
    with Store(target) as store:
        names = dict(zip(store.structures()["structure_id"], store.structures()["nom"],
                         strict=True))
        consents = store.structures().set_index("structure_id")["consentement"]
    assert names["S001"] == "La Grange aux Sons"
    assert consents["S001"] == "anonyme" and consents["S002"] == "nominative"


def test_m5_other_referentiel_or_year_not_merged(tmp_path: Path, mini: Referentiel,
                                                 root: Path) -> None:
    import sqlite3  # noqa: PLC0415

    a, b, base_a, base_b = bases(tmp_path, mini, root)
    ingest([a], "2026", base_a, 2026, workers=1, root=root)
    ingest([b], "2026", base_b, 2027, workers=1, root=root)  # another year for « 2026 »
    with sqlite3.connect(base_b) as conn:  # as if B's « 2025 » followed another version
        conn.execute("UPDATE campaigns SET referentiel_hash = 'autre' WHERE name = '2025'")
    conn.close()
    target = tmp_path / "fusion.sqlite"
    summary = merge([base_a, base_b], target)
    assert sorted(i.code for i in summary.refused) == ["MRG002", "MRG003"]
    assert "elle n'est pas fusionnée" in summary.refused[0].message
    assert summary.campaigns == [] and summary.problems


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_m6_command_line_json_and_sources_untouched(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    _, _, base_a, base_b = bases(tmp_path, mini, root)
    digests = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (base_a, base_b)}
    target = make_target("fusion")
    code, out = run("merge", str(base_a), str(base_b), "--db", arg(target), "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["campaigns"][0]["campaign"] == "2025"
    assert data["campaigns"][0]["merged"] == 11 and data["conflicts"] == []
    if "postgresql" in arg(target):
        assert "mot-de-passe" not in out and data["target"] == str(target)
    code, out = run("merge", str(base_b), str(base_a), "--db", arg(target))
    assert code == 0 and "déjà dans la base : 12" in out, out
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in digests} == digests
    code, out = run("merge", str(base_a), "--db", str(base_a))
    assert code == 2 and "[MRG001]" in out, out
    code, out = run("merge", "--help")
    assert "Fusionne" in out and "Exemple" in out


def _select(base: Path, wanted: dict[str, str], imported_at: str) -> None:
    """Select the free texts of the structures in ``wanted``, printed as given, as if
    imported at ``imported_at``."""
    conn = open_store(base, write=True)
    try:
        texts = campaign_free_texts(conn, "2025", ["verbatim"])
        chosen = [replace(t, shown=wanted[t.structure_id]) for t in texts
                  if t.structure_id in wanted]
        assert len(chosen) == len(wanted)
        save_selection(conn, "2025", chosen, f"citations-{base.stem}.xlsx", "0" * 64,
                       len(texts))
        with transaction(conn):
            conn.execute("UPDATE quote_imports SET imported_at = ?", (imported_at,))
    finally:
        conn.close()


def test_m7_the_quotes_chosen_in_each_base_follow_the_merge(
        make_target: MakeTarget, tmp_path: Path, mini: Referentiel, root: Path) -> None:
    _, _, base_a, base_b = bases(tmp_path, mini, root)
    _select(base_a, {"S001": "Texte de S001", "S005": "Texte de S005"}, "2026-01-10T09:00:00")
    _select(base_b, {"S001": "Texte de S001 (extrait)", "S006": "Texte de S006"},
            "2026-01-12T09:00:00")
    merged = make_target("fusion")
    summary = merge([base_a, base_b], merged)
    assert summary.campaigns[0].quotes == 3
    with Store(merged) as store:
        selection = load_sector_inputs(store, "2025").selection
    assert selection.made and selection.imported == "citations-paul.xlsx"
    assert {q.structure_id: q.printed for q in selection.quotes} == {
        "S001": "Texte de S001 (extrait)", "S005": "Texte de S005", "S006": "Texte de S006"}
    other = tmp_path / "ba.sqlite"
    merge([base_b, base_a], other)
    assert dump(other) == dump(merged)
    before = dump(merged)
    code, out = run("merge", str(base_b), str(base_a), "--db", arg(merged))
    assert code == 0 and "citations choisies (réunies) : 3" in out, out
    assert dump(merged) == before
    plain = tmp_path / "sans.sqlite"
    code, out = run("merge", str(base_a), "--db", str(plain), "--campagne", "2025")
    assert code == 0 and "citations choisies (réunies) : 2" in out, out
