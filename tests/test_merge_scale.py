"""Three consultants of 200 workbooks each, partly overlapping (issue 23, must show).

MS1 ``evalsoc merge`` of the three bases, in each of the six orders, writes the same
tables (ids included), equal to one base that received every file; merged one after the
other into one base, in each of the six orders (``--version-de date``), the same versions
count with the same scores (only the history of superseded versions follows the order of
arrival, as with ``ingest``).
"""

from __future__ import annotations

import itertools
import os
import shutil
import time
from pathlib import Path

import pytest
from pgserver import dump
from workbooks import make_workbook

from evalsoc.answers.model import StructureInfo
from evalsoc.referentiel.model import Referentiel
from evalsoc.store.ingest import ingest
from evalsoc.store.merge import merge
from evalsoc.store.submit import VersionRule

BASE, DAY = 1_760_000_000, 86_400
Rows = dict[str, list[tuple[object, ...]]]


@pytest.fixture
def root(mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(mini_root))
    return mini_root


def folders(tmp_path: Path, mini: Referentiel) -> list[Path]:
    """A: S000-S199, B: S100-S299, C: S000-S099 and S200-S299; a structure two
    consultants share has the same file in both (a copy), except every seventh, which
    the second one corrected (a later file); every 25th workbook of A is refused."""
    made: dict[int, Path] = {}
    out = [tmp_path / name for name in ("a", "b", "c")]
    plan = [range(0, 200), range(100, 300), [*range(0, 100), *range(200, 300)]]
    for index, (folder, numbers) in enumerate(zip(out, plan, strict=True)):
        folder.mkdir()
        for n in numbers:
            target = folder / f"s{n:03d}.xlsx"
            if n in made and n % 7:
                shutil.copy2(made[n], target)
                continue
            etp: object = 1 + (n + index) % 9
            if index == 0 and n % 25 == 0:
                etp = "beaucoup"
            make_workbook(target, mini, answers={
                "convention": "Oui" if n % 2 else "Non", "etp": etp, "budget": 40000 + n,
                "ressources_propres": 300 * n, "verbatim": f"Souvenir {n}"},
                structure=StructureInfo(id=f"S{n:03d}", name=f"Structure {n}",
                                        departement=("14", "50", "61")[n % 3]))
            os.utime(target, (BASE + index * 1000 + n,) * 2)  # every file its own date
            made.setdefault(n, target)
    return out


def by_content(rows: Rows) -> Rows:
    """The tables with every submission id replaced by its file's sha256, and what the
    order of arrival decides left out: which version a superseded one was replaced by,
    and the scores of versions that do not count (one that arrives already superseded
    is not scored, as with ``ingest``)."""
    subs = {r[0]: r[3] for r in rows["submissions"]}
    counting = {r[0] for r in rows["submissions"] if r[11] == "valide"}
    out: Rows = {}
    for name, table in rows.items():
        if name == "submissions":
            out[name] = sorted(((subs[r[0]], *r[1:12], *r[13:]) for r in table), key=repr)
        elif name == "scores":
            out[name] = sorted(((subs[r[0]], *r[1:]) for r in table if r[0] in counting),
                               key=repr)
        elif table and name in ("answers", "respondents", "issues", "comments",
                                "evaluator_notes"):
            out[name] = sorted(((subs[r[0]], *r[1:]) for r in table), key=repr)
        elif name == "links":
            out[name] = sorted(((r[0], subs[r[1]]) for r in table), key=repr)
        else:
            out[name] = table
    return out


@pytest.mark.slow
def test_ms1_three_bases_of_200_merged_in_every_order(tmp_path: Path, mini: Referentiel,
                                                      root: Path) -> None:
    inputs = folders(tmp_path, mini)
    bases = []
    for folder in inputs:
        base = tmp_path / f"{folder.name}.sqlite"
        summary = ingest([folder], "2025", base, 2025, workers=2, root=root)
        assert summary.files == 200
        bases.append(base)
    everything = tmp_path / "tout.sqlite"
    ingest(inputs, "2025", everything, 2025, workers=2, root=root)
    expected = dump(everything)
    assert len(expected["submissions"]) == 300 + 14 + 15 + 14  # and the corrections
    timings = []
    for order in itertools.permutations(range(3)):
        target = tmp_path / f"fusion-{''.join(map(str, order))}.sqlite"
        start = time.perf_counter()
        merge([bases[i] for i in order], target)
        timings.append(time.perf_counter() - start)
        assert dump(target) == expected, order
    print(f"fusion de 3 x 200 classeurs : {min(timings):.1f} à {max(timings):.1f} s")
    content = None
    for order in itertools.permutations(range(3)):
        target = tmp_path / f"suite-{''.join(map(str, order))}.sqlite"
        for i in order:
            merge([bases[i]], target, rule=VersionRule.DATE)
        rows = by_content(dump(target))
        content = content or rows
        assert rows == content, order
    assert content == by_content(expected)
