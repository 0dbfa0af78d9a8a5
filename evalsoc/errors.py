"""Every refusal evalsoc raises: one tree, each exception carrying its catalogue issue.

Problems found *in* the inputs are collected as issues (:mod:`evalsoc.issues`) and never
raised: a batch goes on. An exception is raised only when a whole operation cannot go
on, and it always says why with one issue of the catalogue (``err.issue``: code, French
message, position when there is one)::

    EvalsocError                      the operation cannot go on          .issue
    ├── InputError                    what was given cannot be used as a whole
    │   ├── EmptyCampaignError        ARCH004  no valid structure questionnaire to sum up
    │   └── ExplainError              EXP002-004  no such structure in the sources
    ├── UsageError                    the command cannot run as asked, or where asked
    │   ├── ReferentielNotFoundError  REF015   no référentiel answers to that name
    │   │   └── BundleRefusedError    QLIB010-015  named together, cannot be asked together
    │   ├── NothingToRead             ENV012   no workbook under the paths given
    │   ├── NotRegularFileError       ENV013   a FIFO, a device, a folder given as a file
    │   ├── OutputError               ENV014, ENV015  an output over an input or another
    │   ├── StoreError                ENV0xx   the base cannot be used
    │   │   └── StoreVersionError     DB002    written by a newer evalsoc
    │   ├── SectorInputError          DB003, ARCH002-003, REF015  campaigns not comparable
    │   ├── FicheSourceError          FIC0xx   the campaign cannot give fiches at all
    │   ├── ExplainSourceError        FIC001, FIC006, DB003, EXP001  nothing to explain
    │   ├── SimulationError           a simulation cannot be written
    │   │   ├── FolderError           ARCH005-007  not a folder, not a simulation's
    │   │   └── HintsError            ARCH008  simulation.yaml unreadable
    │   ├── StatsInputError           STAT0xx  a table that does not follow the contract
    │   ├── BundleError               QLIB010-015  référentiels that cannot be asked together
    │   ├── VersionError              VER020-026  no way between two versions' answers
    │   ├── AuthoringError            REF111-112  no authoring workbook for that référentiel
    │   └── MigrationError            VER030-034  a campaign that cannot be migrated as asked
    └── FormulaError                  REF006, ARCH001  a formula that gives no number
                                      (caught where formulas are used: an absence
                                      reason in scoring, an issue in referentiel check)

The command line maps this tree to exit codes in one place
(:data:`evalsoc.cli.common.EXIT_CODES`): an :class:`InputError` exits with 1 (problems
in the inputs), any other refusal with 2 (usage or environment). Every exception
pickles whole, so that a worker process's refusal reaches the command unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Self

from evalsoc.catalogue import Code
from evalsoc.issues import Issue, make_issue

__all__ = [
    "AuthoringError",
    "BundleError",
    "BundleRefusedError",
    "EmptyCampaignError",
    "EvalsocError",
    "ExplainError",
    "ExplainSourceError",
    "FicheSourceError",
    "FolderError",
    "FormulaError",
    "HintsError",
    "InputError",
    "MigrationError",
    "NotRegularFileError",
    "NothingToRead",
    "OutputError",
    "ReferentielNotFoundError",
    "SectorInputError",
    "SimulationError",
    "StatsInputError",
    "StoreError",
    "StoreVersionError",
    "UsageError",
    "VersionError",
]


class EvalsocError(Exception):
    """Cannot go on; ``issue`` holds the catalogue message to show the user."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue

    @classmethod
    def of(cls, code: Code, /, **fields: Any) -> Self:
        """The exception with the issue of ``code``, its placeholders filled."""
        return cls(make_issue(code, **fields))

    @property
    def code(self) -> str:
        return self.issue.code

    def __reduce__(self) -> tuple[type[EvalsocError], tuple[Issue]]:
        return type(self), (self.issue,)  # crosses processes whole (a worker's refusal)


class InputError(EvalsocError):
    """What was given cannot be used as a whole (exit code 1: problems in the inputs)."""


class EmptyCampaignError(InputError):
    """The campaign has no valid structure questionnaire: there is nothing to sum up."""


class ExplainError(InputError):
    """The sources given to ``evalsoc explain`` hold no such structure."""


class UsageError(EvalsocError):
    """The command cannot run as asked, or where asked (exit code 2)."""


class ReferentielNotFoundError(UsageError, LookupError):
    """No référentiel answers to that name."""


class BundleRefusedError(ReferentielNotFoundError):
    """The référentiels named together cannot be asked together (QLIB010 to QLIB015)."""


class NothingToRead(UsageError):  # noqa: N818 - the situation, as the user meets it
    """No workbook under the paths given (ENV012): nothing is done."""


class NotRegularFileError(UsageError, OSError):
    """An input that is not a regular file (a FIFO, a device, a socket, a folder): reading
    it could block forever or never end. ``kind`` says what it is, in French."""

    def __init__(self, issue: Issue, kind: str = "") -> None:
        super().__init__(issue)
        self.kind = kind

    @classmethod
    def at(cls, path: Path, kind: str) -> NotRegularFileError:
        return cls(make_issue(Code.ENV_NOT_REGULAR, file=str(path), kind=kind), kind)

    def __reduce__(self) -> tuple[type[EvalsocError], tuple[Issue, str]]:  # type: ignore[override]
        return type(self), (self.issue, self.kind)


class OutputError(UsageError):
    """An output would overwrite an input or another output (ENV014, ENV015)."""


class StoreError(UsageError):
    """The store cannot be used; ``issue`` says why in French (an ENV or DB code)."""


class StoreVersionError(StoreError):
    """The base was written by a newer evalsoc (DB002)."""


class SectorInputError(UsageError):
    """The campaigns asked for cannot make a report together (unknown, the same twice,
    another référentiel)."""


class FicheSourceError(UsageError):
    """The campaign cannot give fiches at all (no store, unknown campaign, changed
    référentiel...)."""


class ExplainSourceError(UsageError):
    """``evalsoc explain`` has nothing to explain from (no store, unknown campaign,
    changed référentiel, several structures without --structure)."""


class SimulationError(UsageError):
    """A simulation cannot be written there, or its hints cannot be read."""


class FolderError(SimulationError):
    """The output folder cannot receive a simulation."""


class HintsError(SimulationError):
    """The simulation hints file exists but cannot be read."""


class StatsInputError(UsageError, ValueError):
    """An input table does not follow the statistics' contract; the issue says what to
    fix. Its text starts with its code, as the statistics' callers show it."""

    def __init__(self, what: Issue | Code, /, **fields: Any) -> None:
        super().__init__(what if isinstance(what, Issue) else make_issue(what, **fields))

    def __str__(self) -> str:
        return f"[{self.issue.code}] {self.issue.message}"


class BundleError(UsageError):
    """These référentiels cannot be asked together; ``issue`` says why."""


class AuthoringError(UsageError):
    """No authoring workbook for that référentiel (a bundle, a shape the workbook cannot
    carry): ``referentiel export-xlsx`` writes nothing."""


class VersionError(UsageError):
    """No way to read answers of one version as answers of another."""


class MigrationError(UsageError):
    """The campaign cannot be migrated (or brought back) as asked."""


class FormulaError(EvalsocError):
    """A référentiel formula that cannot be read or gives no number; ``detail`` is the
    reason alone, for the messages that quote it."""

    def __init__(self, issue: Issue, detail: str = "") -> None:
        super().__init__(issue)
        self.detail = detail or issue.message

    @classmethod
    def because(cls, formula: str, detail: str, syntax: bool = False) -> FormulaError:
        code = Code.REF_FORMULA_SYNTAX if syntax else Code.ARCH_FORMULA
        return cls(make_issue(code, formula=formula, detail=detail), detail)

    def __str__(self) -> str:
        return self.detail

    def __reduce__(self) -> tuple[type[EvalsocError], tuple[Issue, str]]:  # type: ignore[override]
        return type(self), (self.issue, self.detail)
