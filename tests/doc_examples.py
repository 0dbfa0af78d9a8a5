"""A small runner for the ``console`` examples of the user guides (docs/*.md).

A guide's ```` ```console ```` block is a terminal session: lines starting with ``$ `` are
commands, the lines after a command are what it prints. The runner plays every block of
a guide, in order, in one folder of its own (so that a guide's examples build on each
other as a reader's would), and compares what each command prints with the guide:

- a line that is only ``…`` stands for any number of lines (none included);
- ``…`` inside a line stands for any text on that line (a path, a date, a digest);
- trailing spaces do not count; a no-break space (narrow or not, as in « 100 % ») and a
  space are the same to the eye, and to the comparison;
- a command shown without output is run, not compared, but must not fail: an exit code
  other than 0 (all good) and 1 (problems found in the inputs) is reported.

Each guide's folder starts with copies of the repository's ``examples/`` and
``referentiels/`` (``EVALSOC_REFERENTIELS`` points to the copy: a guide may change its
référentiels without touching the repository's).

What a guide assumes without showing it (the damaged files of a batch, a base left by an
interrupted run) is prepared by a named fixture, invoked by a comment the reader does
not see: ``<!-- essai : NOM [ARGUMENTS] -->`` (see ``doc_fixtures.py``). One comment is
the runner's own: ``<!-- essai : fichier NOM -->`` writes the next fenced block of the
guide (a JSON answer file, a YAML référentiel) to the file NOM, so that the file a
guide shows is the file its examples use; ``<!-- essai : python -->`` runs the next
``python`` block as a script and compares what it prints with the ``text`` block that
follows it. Commands run
through ``bash`` with the package's ``evalsoc`` first on the PATH, errors merged with
the output as a terminal shows them.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Mismatch", "Step", "first_difference", "matches", "play", "steps"]

ELLIPSIS = "…"
_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)
_DIRECTIVE = re.compile(r"<!--\s*essai\s*:\s*(.*?)\s*-->", re.S)
_TIMEOUT = 600
_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})


@dataclass
class Step:
    line: int  # in the guide, 1-based
    command: str = ""  # a shell command, or
    fixture: list[str] = field(default_factory=list)  # a fixture's name and arguments
    content: str = ""  # for ``fichier NOM``: the block written to NOM
    expected: list[str] = field(default_factory=list)  # what it prints (console only)


def steps(markdown: str) -> list[Step]:
    """The guide's console commands and fixture comments, in the order of the text."""
    found: list[tuple[int, Step]] = []
    for match in _DIRECTIVE.finditer(markdown):
        line = markdown.count("\n", 0, match.start()) + 1
        step = Step(line, fixture=shlex.split(match.group(1)))
        if step.fixture[0] == "fichier":
            block = _FENCE.search(markdown, match.end())
            step.content = block.group(2) if block else ""
        elif step.fixture[0] == "python":
            step = _python(markdown, match.end(), line)
        found.append((match.start(), step))
    for match in _FENCE.finditer(markdown):
        if match.group(1) != "console":
            continue
        first = markdown.count("\n", 0, match.start(2)) + 1
        current: Step | None = None
        for offset, text in enumerate(match.group(2).splitlines()):
            if text.startswith("$ "):
                current = Step(first + offset, command=text[2:])
                found.append((match.start() + offset, current))
            elif current is not None:
                current.expected.append(text)
    return [step for _, step in sorted(found, key=lambda pair: pair[0])]


def _python(markdown: str, start: int, line: int) -> Step:
    """``<!-- essai : python -->``: the next ``python`` block is run as a script, and what
    it prints compared with the ``text`` block right after it."""
    code = _FENCE.search(markdown, start)
    if code is None or code.group(1) != "python":
        raise ValueError(f"ligne {line} : « essai : python » sans bloc python après")
    shown = _FENCE.search(markdown, code.end())
    between = markdown[code.end():shown.start()] if shown else ""
    expected = shown.group(2).splitlines() if shown and shown.group(1) == "text" \
        and not between.strip() else []
    script = ".exemple.py"
    return Step(line, command=f"cat > {script} <<'EVALSOC_EXEMPLE'\n{code.group(2)}"
                f"EVALSOC_EXEMPLE\npython {script}", expected=expected)


def _pattern(expected: list[str]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line.strip() == ELLIPSIS:
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            pieces = [re.escape(p) for p in line.rstrip().translate(_SPACES).split(ELLIPSIS)]
            parts.append("[^\n]*?".join(pieces) + r"[ \t]*\n")
    return re.compile("".join(parts))


def matches(expected: list[str], actual: str) -> bool:
    """Whether ``actual`` (what the command printed) is what the guide shows."""
    while expected and not expected[-1].strip():
        expected = expected[:-1]
    if not expected:
        return True
    return _pattern(expected).fullmatch(_plain(actual)) is not None


def _plain(actual: str) -> str:
    """What a terminal shows: no byte-order mark (CSV files start with one), no spaces
    at the end of lines."""
    actual = actual.replace("\ufeff", "").translate(_SPACES)
    return "\n".join(line.rstrip() for line in actual.rstrip("\n").split("\n")) + "\n"


def first_difference(expected: list[str], actual: str) -> int:
    """How many of the guide's lines match the start of ``actual`` (for the report)."""
    text = _plain(actual)
    for count in range(len(expected), 0, -1):
        if _pattern(expected[:count]).match(text):
            return count
    return 0


@dataclass
class Mismatch:
    guide: str
    step: Step
    actual: str
    status: int = 0

    def __str__(self) -> str:
        agreed = first_difference(self.step.expected, self.actual)
        shown = "\n".join(self.step.expected)
        return (f"{self.guide}:{self.step.line} « $ {self.step.command} » (code de sortie "
                f"{self.status} ; accord sur les {agreed} premières lignes du guide)\n"
                f"--- le guide montre :\n{shown}\n--- la commande affiche :\n{self.actual}")


def _shell(command: str, folder: Path, env: dict[str, str]) -> tuple[str, int]:
    """Run one command in the guide's folder, keeping ``export`` and ``cd`` for the next."""
    state = folder / ".etat-shell"
    script = (f"cd {shlex.quote(str(folder))}\n"
              f"[ -f {shlex.quote(str(state))} ] && . {shlex.quote(str(state))}\n"
              f"{command}\n"
              f"__status=$?\n"
              f"{{ export -p; printf 'cd %q\\n' \"$PWD\"; }} > {shlex.quote(str(state))}\n"
              f"exit $__status\n")
    done = subprocess.run(["bash", "-c", script], cwd=folder, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=_TIMEOUT, check=False)
    return done.stdout, done.returncode


ROOT = Path(__file__).resolve().parent.parent


def environment(folder: Path) -> dict[str, str]:
    """The guide's folder made ready (copies of examples/ and referentiels/), and the
    environment its commands run in."""
    for name in ("examples", "referentiels"):
        shutil.copytree(ROOT / name, folder / name, dirs_exist_ok=True)
    bin_dir = str(Path(sys.executable).parent)
    keep = {k: v for k, v in os.environ.items()
            if k in ("PATH", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")}
    return {**keep, "PATH": f"{bin_dir}{os.pathsep}{keep.get('PATH', '')}",
            "HOME": str(folder), "PYTHONUNBUFFERED": "1", "TZ": "Europe/Paris",
            "COLUMNS": "100", "LC_ALL": keep.get("LC_ALL", "C.UTF-8"),
            "EVALSOC_REFERENTIELS": str(folder / "referentiels")}


def play(guide: Path, folder: Path, fixtures: dict[str, Callable[..., None]]
         ) -> list[Mismatch]:
    """Run every step of ``guide`` in ``folder``; the commands whose output differs."""
    env = environment(folder)
    (folder / ".etat-shell").unlink(missing_ok=True)  # a guide starts a fresh session
    mismatches = []
    for step in steps(guide.read_text(encoding="utf-8")):
        if step.fixture:
            name, *args = step.fixture
            if name == "fichier":
                target = folder / args[0]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(step.content, encoding="utf-8")
            else:
                fixtures[name](folder, *args)
            continue
        actual, status = _shell(step.command, folder, env)
        shown = any(line.strip() for line in step.expected)
        if not matches(step.expected, actual) or (not shown and status not in (0, 1)):
            mismatches.append(Mismatch(guide.name, step, actual, status))
    return mismatches
