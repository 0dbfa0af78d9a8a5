"""One exception tree, one catalogue, one mapping to exit codes (issue 16, point 4).

R1 every exception evalsoc defines is an EvalsocError drawn in the tree of
evalsoc/errors.py, and carries a catalogue issue, also across processes; R2 every
catalogue message renders with its placeholders filled, and every code is given
somewhere (or kept for the bases that hold it); R3 the command line maps the tree to
exit codes in one place, and every command goes through it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pickle
import pkgutil
import re
import string
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import evalsoc
from evalsoc import errors
from evalsoc.catalogue import CATALOGUE, Code
from evalsoc.cli.common import EXIT_CODES, Exit, exit_code
from evalsoc.cli.main import _COMMANDS, cli
from evalsoc.errors import EvalsocError, InputError
from evalsoc.issues import Issue, make_issue

PACKAGE = Path(evalsoc.__file__).parent
# exceptions that are not refusals of the library: the command line's own (click's
# way of showing one, Ctrl-C)
NOT_REFUSALS = {"EnvironmentProblem", "Refusal", "Interrupted"}


def _modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(evalsoc.__path__, "evalsoc.")]


def _defined_exceptions() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for name in _modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, BaseException) \
                    and value.__module__ == name:
                found[f"{name}.{value.__name__}"] = value
    return found


def test_r1_every_exception_is_in_the_tree_and_drawn() -> None:
    defined = _defined_exceptions()
    assert len(defined) >= 15
    tree = errors.__doc__ or ""
    for where, cls in defined.items():
        if cls.__name__ in NOT_REFUSALS:
            continue
        assert issubclass(cls, EvalsocError), f"{where} hors de l'arbre EvalsocError"
        assert cls.__module__ == "evalsoc.errors", f"{where} : à définir dans evalsoc.errors"
        assert re.search(rf"\b{cls.__name__}\b", tree), f"{cls.__name__} absent du dessin"


@pytest.mark.parametrize("cls", [c for c in vars(errors).values() if inspect.isclass(c)
                                 and issubclass(c, EvalsocError)], ids=lambda c: c.__name__)
def test_r1_each_carries_its_issue_across_processes(cls: type[EvalsocError]) -> None:
    issue = make_issue(Code.ENV_NO_WORKBOOK, paths="retours/")
    err = cls(issue)
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is cls and back.issue == issue and back.code == "ENV012"
    assert exit_code(back) in (Exit.PROBLEMS, Exit.USAGE)


def test_r1_issue_codes_are_codes() -> None:
    issue = make_issue(Code.XL_OTHER_VERSION, ref="x@1.0.0", expected="a", actual="b")
    code: str = issue.code  # a Code is the str of its code
    assert issue.code is Code.XL_OTHER_VERSION and code == "XL013"
    assert Issue.model_fields["code"].annotation is Code
    assert issue.model_dump(mode="json")["code"] == "XL013"


def _placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


_POSITIONS = set(Issue.model_fields)


@pytest.mark.parametrize("code", list(Code), ids=lambda c: c.value)
def test_r2_every_message_renders_with_its_placeholders(code: Code) -> None:
    entry = CATALOGUE[code]
    names = _placeholders(entry.template)
    values = {n: f"<{n}>" for n in names}
    values.update({n: "1" for n in names if n == "line"})
    issue = make_issue(code, **values)
    assert issue.code is code
    assert "{" not in issue.message and "}" not in issue.message
    for name in names:
        assert (f"<{name}>" in issue.message) or name == "line", (code, name)
    assert entry.title.strip() and entry.template.strip()
    with pytest.raises(KeyError):  # a placeholder left out is a bug, never a blank
        if names:
            make_issue(code, **{n: v for n, v in values.items() if n != names[0]})
        else:
            raise KeyError("no placeholder")


def _sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")
                     if p.name != "catalogue.py")


def test_r2_every_code_is_given_somewhere() -> None:
    used = set(re.findall(r"\bCode\.([A-Z0-9_]+)\b", _sources()))
    unknown = used - {c.name for c in Code}
    assert not unknown, f"codes inconnus : {sorted(unknown)}"
    unused = sorted(c.value for c in Code if c.name not in used and not CATALOGUE[c].stored_only)
    assert not unused, f"codes jamais donnés : {unused} (retirez-les, ou stored_only)"
    stale = sorted(c.value for c in Code if c.name in used and CATALOGUE[c].stored_only)
    assert not stale, f"codes encore donnés mais marqués stored_only : {stale}"


def test_r2_the_unused_code_check_sees_a_code_nobody_gives() -> None:
    sources = _sources()
    assert "Code.DB_IDENTITY" not in sources and CATALOGUE[Code.DB_IDENTITY].stored_only


def test_r3_exit_codes_come_from_one_table() -> None:
    assert EXIT_CODES[InputError] == Exit.PROBLEMS and EXIT_CODES[EvalsocError] == Exit.USAGE
    assert exit_code(errors.EmptyCampaignError.of(Code.ARCH_EMPTY_CAMPAIGN,
                                                  campaign="2025")) == Exit.PROBLEMS
    assert exit_code(errors.StoreVersionError.of(Code.DB_STORE_VERSION, file="b",
                                                 detail="d")) == Exit.USAGE
    cli_sources = "\n".join(p.read_text(encoding="utf-8")
                            for p in (PACKAGE / "cli").glob("*.py"))
    tree = ast.parse(cli_sources)
    caught = {h.type.id for h in ast.walk(tree) if isinstance(h, ast.ExceptHandler)
              and isinstance(h.type, ast.Name)}
    library = {n for n, c in vars(errors).items() if inspect.isclass(c)
               and issubclass(c, EvalsocError)}
    # only the mapping itself catches the library's refusals
    assert caught & library <= {"EvalsocError"}
    assert cli_sources.count("except EvalsocError") == 2  # refusals(), and main()


def _commands() -> list[click.Command]:
    found = []
    ctx = click.Context(cli)
    for name in _COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None
        todo = [command]
        while todo:
            current = todo.pop()
            if isinstance(current, click.Group):
                sub = click.Context(current)
                todo += [c for n in current.list_commands(sub)
                         if (c := current.get_command(sub, n)) is not None]
            else:
                found.append(current)
    return found


def test_r3_every_command_goes_through_the_mapping() -> None:
    commands = _commands()
    assert len(commands) >= 13
    for command in commands:
        callback = command.callback
        names = set()
        while callback is not None:  # functools.wraps copies the names: read the code's
            names.add(callback.__code__.co_qualname)
            callback = getattr(callback, "__wrapped__", None)
        assert "refusals.<locals>.wrapper" in names, command.name


def test_r3_a_refusal_is_shown_with_its_code_and_exit_code(tmp_path: Path) -> None:
    runner = CliRunner()
    unknown = runner.invoke(cli, ["referentiel", "show", "inconnu@9.9.9"])
    assert unknown.exit_code == 2
    assert "Erreur : [REF015] aucun référentiel « inconnu@9.9.9 »" in unknown.output
    folder = tmp_path / "occupe"
    folder.mkdir()
    (folder / "vrai-retour.xlsx").write_bytes(b"")
    refused = runner.invoke(cli, ["simulate", "ardes-culture", "--structures", "1", "-o",
                                  str(folder)])
    assert refused.exit_code == 2 and "[ARCH006]" in refused.output
