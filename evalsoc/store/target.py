"""Where a store lives: a SQLite file (a path) or a PostgreSQL server (a URL).

``--db`` and the variable ``EVALSOC_BASE`` take either; :func:`parse_target` tells which.
A server's connection string is kept whole only to connect: everything the user sees
(messages, reports, JSON) shows :attr:`ServerTarget.shown`, without the password, which
``str()`` also gives, so that a message formatted with the target never prints it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

__all__ = ["DEFAULT_DB", "ENV_DEFAULT", "ServerTarget", "Target", "default_target",
           "is_server", "parse_target", "shown"]

DEFAULT_DB = Path("evalsoc.sqlite")
ENV_DEFAULT = "EVALSOC_BASE"  # the store commands use when --db is not given
_SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True)
class ServerTarget:
    """A PostgreSQL store: a libpq URL (``postgresql://user@host:port/base``). The
    password may be in the URL, in ``PGPASSWORD`` or in ``~/.pgpass`` (libpq's own
    rules); it is never shown."""

    url: str = field(repr=False)

    @property
    def shown(self) -> str:
        """The URL without its password (user, host, port, base and options kept)."""
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        user = parts.username or ""
        host = parts.hostname or ""
        if ":" in host:  # an IPv6 address
            host = f"[{host}]"
        port = f":{parts.port}" if parts.port else ""
        netloc = f"{user}@{host}{port}" if user else f"{host}{port}"
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))

    @property
    def password(self) -> str | None:
        return urlsplit(self.url).password

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return f"ServerTarget({self.shown!r})"


Target = Path | ServerTarget


def is_server(target: Target) -> bool:
    return isinstance(target, ServerTarget)


def parse_target(text: str | Path) -> Target:
    """A ``postgresql://`` URL as a server, anything else as a file path."""
    if isinstance(text, Path):
        return text
    if text.strip().lower().startswith(_SCHEMES):
        return ServerTarget(text.strip())
    return Path(text)


def default_target() -> Target:
    """``EVALSOC_BASE`` when set, else ``evalsoc.sqlite`` in the current folder."""
    value = os.environ.get(ENV_DEFAULT, "").strip()
    return parse_target(value) if value else DEFAULT_DB


def shown(target: Target | str, text: str) -> str:
    """``text`` with the target's password, if any, replaced (for errors quoted from the
    driver or the server)."""
    if isinstance(target, str):
        target = parse_target(target)
    if isinstance(target, ServerTarget) and target.password:
        return text.replace(target.url, target.shown).replace(target.password, "***")
    return text
