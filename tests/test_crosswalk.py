"""The crosswalk of a new version and its check (issue 17, item 1).

X1 the test référentiel's 1.0.0 → 1.1.0 crosswalk uses every kind of change, classifies
100 % of the nodes and questions of both versions, and ``referentiel check`` accepts it;
X2 ``check`` refuses a crosswalk that leaves an element unclassified, cites one that does
not exist, classifies one twice, or states a change the versions contradict, each
problem located at its line; X3 a référentiel without crosswalk keeps its fingerprint
(so does the new optional ``direction``), one with a crosswalk has it in its fingerprint;
X4 the draft crosswalk of two versions matches ids and classifies what it sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from versions_fixture import IDENT, copy_root

from evalsoc.checks.verify import check_referentiel
from evalsoc.referentiel.crosswalk import ChangeKind
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.loader import load_text
from evalsoc.referentiel.model import Direction
from evalsoc.referentiel.registry import resolve
from evalsoc.versions.draft import draft_crosswalk
from evalsoc.versions.elements import nodes_of


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_root(tmp_path / "referentiels")


def _edit(root: Path, *changes: tuple[str, str]) -> None:
    path = root / IDENT / "1.1.0.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def test_x1_every_kind_every_element_classified(root: Path) -> None:
    report = check_referentiel(f"{IDENT}@1.1.0", root)
    assert report.valid, [i.render() for i in report.issues]
    _, old = resolve(f"{IDENT}@1.0.0", root)
    new = report.referentiel
    assert new is not None and new.crosswalk is not None
    crosswalk = new.crosswalk
    kinds = {e.change for e in (*crosswalk.nodes, *crosswalk.questions)}
    assert kinds == set(ChangeKind)
    assert {e.change for e in crosswalk.questions} == set(ChangeKind)
    assert {e.change for e in crosswalk.nodes} == set(ChangeKind)
    for entries, olds, news in (
            (crosswalk.nodes, set(nodes_of(old)), set(nodes_of(new))),
            (crosswalk.questions, set(old.questions()), set(new.questions()))):
        assert {i for e in entries for i in e.old} == olds  # 100 % of the old ones
        assert {i for e in entries for i in e.targets()} == news  # 100 % of the new ones


CASES = [
    ("VER004", "crosswalk.questions", [("    - {old: convention, change: same}\n", "")]),
    ("VER005", "crosswalk.questions", [("    - {new: renouvellement_ca, change: new}\n", "")]),
    ("VER002", "crosswalk.questions[0].old", [("{old: emplois, change: same}",
                                               "{old: emploi, change: same}")]),
    ("VER003", "crosswalk.nodes[27].new", [("{new: GOUV.1.3, change: new}",
                                            "{new: GOUV.1.9, change: new}")]),
    ("VER006", "crosswalk.questions[1].old", [("{old: convention, change: same}",
                                               "{old: emplois, change: same}")]),
    ("VER007", "crosswalk.nodes[8]", [("{old: SOC.1, new: SOC.3, change: renamed}",
                                       "{old: SOC.1, new: SOC.1, change: renamed}")]),
    ("VER008", "crosswalk.nodes[0].factor", [("{old: ECO, change: same}",
                                              "{old: ECO, change: same, factor: 2}")]),
    ("VER009", "crosswalk.nodes[2].change", [("{old: ECO.1.1, change: rescaled,",
                                              "{old: ECO.1.1, change: same,")]),
    ("VER010", "crosswalk.questions[6].change", [("{old: accueil, change: reworded}",
                                                  "{old: accueil, change: same}")]),
    ("VER011", "crosswalk.questions[5].options", [("options: {1: 1, 2: 1, 3: 2, 4: 3}",
                                                   "options: {1: 1, 2: 1, 3: 2}")]),
    ("VER012", "crosswalk.questions[4].combine", [("change: merged, combine: sum}",
                                                   "change: merged, combine: any}")]),
    ("VER013", "crosswalk.questions[5].old", [
        ("type: scale, scale: accord3, group: benevoles}", "type: scale, scale: accord3}")]),
    ("VER014", "crosswalk.previous", [("  previous: 1.0.0", "  previous: 1.1.0")]),
    ("VER001", "crosswalk.previous", [("  previous: 1.0.0", "  previous: 0.9.0")]),
]


@pytest.mark.parametrize(("code", "path", "changes"), CASES, ids=[c[0] for c in CASES])
def test_x2_check_refuses_and_locates(root: Path, code: str, path: str,
                                      changes: list[tuple[str, str]]) -> None:
    _edit(root, *changes)
    report = check_referentiel(f"{IDENT}@1.1.0", root)
    assert not report.valid
    found = [i for i in report.issues if i.code == code]
    assert found, [i.render() for i in report.issues]
    assert found[0].path == path
    assert found[0].line is not None and found[0].file and found[0].file.endswith("1.1.0.yaml")


def test_x2_a_previous_version_that_does_not_load_is_named(root: Path) -> None:
    old = root / IDENT / "1.0.0.yaml"
    old.write_text(old.read_text(encoding="utf-8").replace("title:", "titre:", 1),
                   encoding="utf-8")
    report = check_referentiel(f"{IDENT}@1.1.0", root)
    found = [i for i in report.issues if i.code == "VER015"]
    assert found and found[0].path == "crosswalk.previous", [i.render() for i in report.issues]
    assert f"{IDENT}@1.0.0" in found[0].message and "referentiel check" in found[0].message


def test_x2_unclassified_names_each_element(root: Path) -> None:
    text = (root / IDENT / "1.1.0.yaml").read_text(encoding="utf-8")
    start = text.index("\n  questions:\n") + 1
    (root / IDENT / "1.1.0.yaml").write_text(text[:start], encoding="utf-8")
    issues = check_referentiel(f"{IDENT}@1.1.0", root).issues
    _, old = resolve(f"{IDENT}@1.0.0", root)
    named = {i.message.split("« ")[1].split(" »")[0] for i in issues if i.code == "VER004"}
    assert named == set(old.questions())
    first = next(i for i in issues if i.code == "VER004")
    assert "ne classe la question « emplois » de essai-versions@1.0.0" in first.message


def test_x3_fingerprints(root: Path) -> None:
    text = (root / IDENT / "1.0.0.yaml").read_text(encoding="utf-8")
    plain = load_text(text, "a.yaml").referentiel
    assert plain is not None and plain.crosswalk is None
    assert all(i.direction is Direction.HIGHER_BETTER for i in plain.indicateurs())
    written = load_text(text.replace("kind: realisation\n", "kind: realisation\n"
                                     "            direction: higher_better\n", 1), "a.yaml")
    assert written.referentiel is not None
    assert canonical_hash(written.referentiel) == canonical_hash(plain)
    lower = load_text(text.replace("kind: realisation\n", "kind: realisation\n"
                                   "            direction: lower_better\n", 1), "a.yaml")
    assert lower.referentiel is not None
    assert canonical_hash(lower.referentiel) != canonical_hash(plain)
    _, new = resolve(f"{IDENT}@1.1.0", root)
    assert canonical_hash(new) != canonical_hash(new.model_copy(update={"crosswalk": None}))


def test_x4_draft(root: Path) -> None:
    _, old = resolve(f"{IDENT}@1.0.0", root)
    _, new = resolve(f"{IDENT}@1.1.0", root)
    draft = draft_crosswalk(old, new)
    kinds = {(e.old or e.new)[0]: e.change for e in draft.questions}
    assert kinds["emplois"] is ChangeKind.SAME
    assert kinds["accueil"] is ChangeKind.REWORDED
    assert kinds["rencontres"] is ChangeKind.RESCALED
    assert kinds["budget"] is ChangeKind.DROPPED and kinds["budget_total"] is ChangeKind.NEW
    nodes = {(e.old or e.new)[0]: e.change for e in draft.nodes}
    assert nodes["ECO.1.1"] is ChangeKind.RESCALED and nodes["SOC"] is ChangeKind.REWORDED
    same = draft_crosswalk(old, old)
    assert {e.change for e in (*same.nodes, *same.questions)} == {ChangeKind.SAME}
