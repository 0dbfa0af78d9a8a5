"""The conventions' library entry points, each returning a result the command line only
renders: read and check a file, follow its conventions from a store."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from evalsoc.catalogue import Code
from evalsoc.conventions.files import read_convention_file
from evalsoc.conventions.followup import FollowUp, follow_up
from evalsoc.conventions.portfolio import portfolio_figures
from evalsoc.conventions.rows import Read
from evalsoc.conventions.rules import Resolver
from evalsoc.conventions.stored import CampaignAnswers, observe, open_answers
from evalsoc.issues import Issue, make_issue
from evalsoc.publish.inputs import ExtraFigures
from evalsoc.store.target import Target

__all__ = ["FollowUps", "follow_conventions", "portfolio_of"]


@dataclass
class FollowUps:
    """Every convention of a file followed (those with an error are left out, their
    issues said)."""

    file: str
    store: str | None
    followups: list[FollowUp] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(i.severity.value == "erreur" for i in self.issues)


def follow_conventions(path: Path, hand: Path | None = None, db: Target | None = None,
                       only: str | None = None, root: Path | None = None,
                       campaigns: Collection[str] = ()) -> FollowUps:
    """Read ``path`` (and the follow-up rows of ``hand``), then follow each convention
    (only ``only`` if given) from the campaigns stored in ``db`` (only ``campaigns`` if
    given; else, for a year of several campaigns, the first created, said on its rows)."""
    read: Read = read_convention_file(path, hand, root)
    out = FollowUps(read.file, None if db is None else str(db), issues=list(read.issues))
    conventions = read.conventions
    if only is not None:
        conventions = [c for c in conventions if c.id == only]
        if not conventions:
            known = ", ".join(c.id for c in read.conventions) or "aucune"
            out.issues.append(make_issue(Code.CNV_NOT_FOUND, convention=only,
                                         file=read.file, known=known))
            return out
    if not conventions:  # nothing to follow: the store is not even opened
        return out
    found = CampaignAnswers() if db is None else open_answers(
        db, {c.structure for c in conventions}, campaigns)
    resolver = Resolver(root)
    for convention in conventions:
        if db is not None and not found.has(convention.structure):
            out.issues.append(make_issue(Code.CNV_UNKNOWN_STRUCTURE,
                                         structure=convention.structure,
                                         convention=convention.id, file=str(db)))
        out.followups.append(follow_up(convention, observe(convention, found, resolver)))
    return out


def portfolio_of(path: Path, hand: Path | None, db: Target, campaign: str, year: int,
                 root: Path | None = None) -> tuple[FollowUps, ExtraFigures]:
    """The conventions of ``path`` followed from ``db``, and their counts for the
    campaign ``campaign`` of ``year``, ready for the campaign's publication."""
    found = follow_conventions(path, hand, db, root=root)
    return found, portfolio_figures(found.followups, campaign, year)
