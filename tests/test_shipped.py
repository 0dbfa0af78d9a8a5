"""The shipped référentiels: valid, golden examples verified, published versions frozen."""

from __future__ import annotations

from pathlib import Path

import pytest

from evalsoc.batch.answer_file import score_answer_file
from evalsoc.checks.verify import check_referentiel
from evalsoc.referentiel.model import Status
from evalsoc.referentiel.registry import (
    list_entries,
    load_entry,
    lock_issues,
    read_lock,
    resolve,
)

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = list_entries()


def test_something_is_shipped() -> None:
    assert "ardes-culture@1.0.0" in [e.ref for e in ENTRIES]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.ref)
def test_check_passes_with_golden_examples(entry: object) -> None:
    report = check_referentiel(entry.ref)  # type: ignore[attr-defined]
    assert report.valid, [i.render() for i in report.issues]
    assert report.examples >= 1


def test_published_versions_are_locked_and_unchanged() -> None:
    lock = read_lock(ENTRIES[0].path.parent.parent)
    for entry in ENTRIES:
        ref = load_entry(entry).referentiel
        assert ref is not None
        if ref.status is Status.PUBLISHED:
            assert entry.ref in lock, f"{entry.ref} : lancez « evalsoc referentiel lock »"
    assert lock_issues() == []


def test_a_changed_published_file_is_caught(tmp_path: Path) -> None:
    entry = next(e for e in ENTRIES if e.ref == "ardes-culture@1.0.0")
    copy = tmp_path / "ardes-culture"
    copy.mkdir()
    text = entry.path.read_text(encoding="utf-8")
    (copy / "1.0.0.yaml").write_text(text.replace("weight: 2", "weight: 3", 1),
                                      encoding="utf-8")
    (tmp_path / "referentiels.lock").write_text(
        (entry.path.parent.parent / "referentiels.lock").read_text(encoding="utf-8"),
        encoding="utf-8")
    [issue] = lock_issues(tmp_path)
    assert issue.code == "REF016" and "ardes-culture@1.0.0" in issue.message


def test_latest_published_is_the_default() -> None:
    entry, ref = resolve("ardes-culture")
    assert ref.status is Status.PUBLISHED and entry.ref == ref.ref


def test_reconstruction_is_said() -> None:
    _, ref = resolve("ardes-culture@1.0.0")
    assert "reconstruction" in ref.description.lower()
    assert len(ref.dimensions) == 6 and 45 <= len(ref.indicateurs()) <= 65


@pytest.mark.parametrize("path", sorted((ROOT / "examples" / "reponses").glob("*.json")),
                         ids=lambda p: p.name)
def test_example_answers_score_cleanly(path: Path) -> None:
    outcome = score_answer_file(path)
    assert outcome.valid and outcome.result is not None, [i.render() for i in outcome.issues]
    assert all(d.score is not None for d in outcome.result.dimensions)
