"""The campaign desk (``evalsoc suivi``): where each structure of a campaign stands.

For every structure the campaign expects (its registry, as given to ``evalsoc ingest
--structures``), and every other structure that sent something: whether anything came
back, whether what counts is valid, the refused and superseded files, the individual
forms and respondents received per group (against the référentiel's minimum), the last
file and its date, and why to send a reminder (``motif``), in words a reminder can
quote. Files that could not be tied to any structure (empty, not a workbook) are listed
apart. Read-only: the base is never changed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from evalsoc.catalogue import Code
from evalsoc.issues import make_issue
from evalsoc.referentiel.model import Referentiel
from evalsoc.store.backends import Connection

__all__ = ["Desk", "DeskRow", "Unattached", "campaign_desk"]

RECEIVED, NOTHING, REFUSED, LAST_REFUSED = ("valide", "rien reçu", "refusé",
                                            "valide, dernier envoi refusé")


@dataclass
class DeskRow:
    structure_id: str
    name: str
    departement: str
    commune: str
    in_registry: bool
    status: str = NOTHING
    remind: bool = True
    reason: str = ""
    sent: int = 0
    superseded: int = 0
    refused: int = 0
    errors: int = 0  # of the last refused file, when it is the last one received
    warnings: int = 0  # of the file that counts
    last_file: str = ""
    last_file_date: datetime | None = None
    forms: dict[str, int] = field(default_factory=dict)  # valid forms per group
    respondents: dict[str, int] = field(default_factory=dict)  # per group, grids and forms
    extra: dict[str, str] = field(default_factory=dict)  # registry columns for mail merges


@dataclass(frozen=True)
class Unattached:
    """A refused file that names no structure (empty, not a workbook...)."""

    file: str
    date: datetime | None
    error: str


@dataclass
class Desk:
    campaign: str
    registry: bool  # the campaign has a registry: structures that sent nothing are known
    rows: list[DeskRow]
    unattached: list[Unattached]
    groups: tuple[str, ...]  # the groups that answer individually, in the référentiel order

    @property
    def to_remind(self) -> list[DeskRow]:
        return [r for r in self.rows if r.remind]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).astimezone().replace(tzinfo=None)
    except ValueError:
        return None


def campaign_desk(conn: Connection, campaign: str, ref: Referentiel,
                  registry: Mapping[str, Mapping[str, str]] | None = None) -> Desk:
    """Where each structure of ``campaign`` stands. ``registry``: structure id -> extra
    columns, a registry given now rather than the one stored with the campaign."""
    found = conn.execute("SELECT id FROM campaigns WHERE name = ?", (campaign,)).fetchone()
    campaign_id = int(found[0]) if found else -1
    expected = dict(registry) if registry is not None else {r[0]: {} for r in conn.execute(
        "SELECT structure_id FROM registry WHERE campaign = ?", (campaign,))}
    subs = conn.execute(
        "SELECT s.id, s.file_name, s.received_at, s.kind, s.structure_id, s.status, "
        "s.questionnaire_id, (SELECT COUNT(*) FROM issues i WHERE i.submission_id = s.id "
        "AND i.severity = 'erreur'), (SELECT COUNT(*) FROM issues i WHERE "
        "i.submission_id = s.id AND i.severity = 'avertissement'), (SELECT i.message FROM "
        "issues i WHERE i.submission_id = s.id AND i.severity = 'erreur' ORDER BY i.seq "
        "LIMIT 1) FROM submissions s WHERE s.campaign_id = ? ORDER BY s.id",
        (campaign_id,)).fetchall()
    ids = sorted({*expected, *(s[4] for s in subs if s[4])})
    rows = {i: _row(conn, i, i in expected, expected.get(i, {})) for i in ids}
    unattached = []
    for sub in subs:
        if sub[4] and sub[4] in rows:
            _add(rows[sub[4]], sub)
        else:
            unattached.append(Unattached(sub[1], _date(sub[2]), sub[9] or ""))
    groups = tuple(g.id for g in ref.groups if g.multiple)
    _respondents(conn, campaign_id, rows, groups)
    for row in rows.values():
        _judge(row, ref)
    unattached.sort(key=lambda u: u.file)
    return Desk(campaign, bool(expected), list(rows.values()), unattached, groups)


def _row(conn: Connection, ident: str, listed: bool,
         extra: Mapping[str, str]) -> DeskRow:
    info = conn.execute("SELECT nom, departement, commune FROM structures WHERE id = ?",
                        (ident,)).fetchone() or ("", "", "")
    return DeskRow(ident, info[0] or "", info[1] or "", info[2] or "", listed,
                   extra=dict(extra))


def _add(row: DeskRow, sub: tuple[object, ...]) -> None:
    _, name, received, kind, _, status, _, errors, warnings, first = sub
    if kind == "individuel":
        return  # counted with the respondents
    row.sent += 1
    row.superseded += status == "remplacee"
    row.refused += status == "rejetee"
    row.last_file, row.last_file_date = str(name), _date(str(received or ""))
    if status == "valide":
        row.status, row.warnings, row.errors = RECEIVED, int(str(warnings)), 0
        row.reason = ""
    elif status == "rejetee":
        row.errors = int(str(errors))
        row.status = LAST_REFUSED if row.status in (RECEIVED, LAST_REFUSED) else REFUSED
        row.reason = str(first or "")


def _respondents(conn: Connection, campaign_id: int, rows: dict[str, DeskRow],
                 groups: tuple[str, ...]) -> None:
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    people: dict[str, Counter[str]] = defaultdict(Counter)
    for ident, kind, group, count in conn.execute(
            "SELECT s.structure_id, s.kind, r.grp, COUNT(*) FROM respondents r "
            "JOIN submissions s ON s.id = r.submission_id WHERE s.campaign_id = ? "
            "AND s.status = 'valide' AND r.grp <> 'structure' "
            "GROUP BY s.structure_id, s.kind, r.grp", (campaign_id,)):
        people[ident][group] += int(count)
        if kind == "individuel":
            forms[ident][group] += int(count)
    for ident, row in rows.items():
        row.forms = {g: forms[ident][g] for g in groups}
        row.respondents = {g: people[ident][g] for g in groups}


def _judge(row: DeskRow, ref: Referentiel) -> None:
    """Whether to send a reminder, and the words for it."""
    if row.status == NOTHING:
        row.reason = make_issue(Code.SUI_NOTHING).message
    elif row.status == REFUSED:
        row.reason = make_issue(Code.SUI_REFUSED, count=row.errors, first=row.reason).message
    elif row.status == LAST_REFUSED:
        row.reason = make_issue(Code.SUI_LAST_REFUSED, count=row.errors,
                               first=row.reason).message
    else:
        short = [f"{g.label.lower()} {row.respondents.get(g.id, 0)} sur {g.min_respondents}"
                 for g in ref.groups if g.multiple and g.min_respondents
                 and row.respondents.get(g.id, 0) < g.min_respondents]
        row.reason = make_issue(Code.SUI_TOO_FEW, groups=", ".join(short)).message \
            if short else ""
    row.remind = bool(row.reason)
