"""Docs that run (issue 15, item 7): every ``console`` example of the user guides is
played against a fixed simulated campaign and its output compared with the guide
(see ``doc_examples.py``; ellipses stand for paths, dates and digests).

G1 each guide's examples give what the guide shows; G2 the runner itself: ellipses,
order, fixtures, a mismatch is reported with the guide's line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from doc_examples import Step, matches, play, steps
from doc_fixtures import FIXTURES

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _examples(guide: Path) -> list[str]:
    """The kinds of examples a guide has that the runner plays."""
    text = guide.read_text(encoding="utf-8")
    return [kind for kind in ("```console", "essai : python") if kind in text]


GUIDES = sorted(p for p in DOCS.glob("*.md")
                if {"```console", "essai : python"} & set(_examples(p)))


# the guides whose examples take 4 s or more here: left out of the fast tier
# (-m "not slow"), played in CI with everything else
LONG_GUIDES = {"autodiagnostic-financier", "campagnes", "citations", "plusieurs-consultants",
               "rapports", "referentiels", "serveur", "statistiques", "synthese",
               "verifier-et-noter", "versions"}
# a guide whose examples run on a PostgreSQL server (the tests' throw-away cluster)
_SERVER = re.compile(r"<!--\s*essai\s*:\s*serveur\b")


def _guide(path: Path) -> object:
    marks = [pytest.mark.slow] if path.stem in LONG_GUIDES else []
    if _SERVER.search(path.read_text(encoding="utf-8")):
        marks.append(pytest.mark.external)
    return pytest.param(path, marks=marks, id=path.stem)


@pytest.mark.parametrize("guide", [_guide(g) for g in GUIDES])
def test_g1_every_console_example_gives_what_the_guide_shows(guide: Path,
                                                             tmp_path: Path) -> None:
    mismatches = play(guide, tmp_path, FIXTURES)
    assert not mismatches, "\n\n".join(str(m) for m in mismatches)


def test_g2_the_runner(tmp_path: Path) -> None:
    guide = tmp_path / "guide.md"
    guide.write_text("""# Essai

<!-- essai : salut bonjour.txt -->

```console
$ cat bonjour.txt
Bonjour …
…
fin
$ export NOM=monde
$ echo "salut $NOM"
salut monde
```

```sh
$ echo ceci n'est pas joué
```

```console
$ mkdir sous && cd sous
$ pwd
…/sous
$ echo faux
vrai
```
""", encoding="utf-8")
    found = steps(guide.read_text(encoding="utf-8"))
    assert [s.fixture or s.command for s in found] == [
        ["salut", "bonjour.txt"], "cat bonjour.txt", "export NOM=monde",
        'echo "salut $NOM"', "mkdir sous && cd sous", "pwd", "echo faux"]
    assert found[1].expected == ["Bonjour …", "…", "fin"] and found[-1].line == 23

    def salut(folder: Path, name: str) -> None:
        (folder / name).write_text("Bonjour le monde\nligne 2\nligne 3\nfin\n",
                                   encoding="utf-8")

    mismatches = play(guide, tmp_path, {"salut": salut})
    assert [(m.step.command, m.actual) for m in mismatches] == [("echo faux", "faux\n")]
    assert "guide.md:23 « $ echo faux » (code de sortie 0" in str(mismatches[0])
    guide.write_text("```console\n$ ls fichier-absent\n$ false\n```\n", encoding="utf-8")
    failed = play(guide, tmp_path, {})
    assert [(m.step.command, m.status) for m in failed] == [("ls fichier-absent", 2)]
    assert matches(["a", "…"], "a\n") and matches(["…", "b"], "a\nb\n")
    assert not matches(["a"], "a\nb\n") and matches([], "n'importe quoi\n")
    assert isinstance(found[0], Step)
    guide.write_text("<!-- essai : fichier sous/a.json -->\n\n```json\n{\"a\": 1}\n```\n\n"
                     "```console\n$ cat sous/a.json\n{\"a\": 1}\n```\n", encoding="utf-8")
    assert play(guide, tmp_path, {}) == []


def test_g3_the_readme_says_which_python_and_how_to_call_evalsoc() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    pyproject = (DOCS.parent / "pyproject.toml").read_text(encoding="utf-8")
    version = re.search(r'requires-python = ">=(\d+\.\d+)"', pyproject)
    assert version is not None
    assert f"Python {version.group(1)} ou plus récent" in readme
    for way in ("source .venv/bin/activate", ".venv\\Scripts\\Activate.ps1",
                ".venv/bin/evalsoc", ".venv\\Scripts\\evalsoc.exe"):
        assert way in readme, way
