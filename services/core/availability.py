"""Is the database unavailable? The one place that tells a stopped or unreachable database apart
from a bug, so every caller (the pages, the CLI) reacts the same way: "briefly unavailable, try again".

Counted as unavailable: a connection that could not be made or was lost (SQLAlchemy's
`OperationalError` / `InterfaceError` on PostgreSQL, any `DBAPIError` with `connection_invalidated`,
psycopg's own `OperationalError` / `InterfaceError`), a full connection pool (`TimeoutError`), and on
SQLite a file that cannot be opened, a disk I/O error or a lock held past the busy timeout. Not
counted: SQLite's other `OperationalError`s ("no such table", a syntax error), which are bugs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.engine import Engine

try:
    import psycopg
except ImportError:  # pragma: no cover - psycopg is in requirements.txt; SQLite-only installs work without it
    psycopg = None  # type: ignore[assignment]

SQLITE_UNAVAILABLE = ("unable to open database", "disk i/o error", "database is locked")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its `orig` (what SQLAlchemy wrapped) and its causes and contexts."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen or len(seen) > 20:
            continue
        seen.add(id(current))
        yield current
        for linked in (getattr(current, "orig", None), current.__cause__, current.__context__):
            if isinstance(linked, BaseException):
                todo.append(linked)


def _one(exc: BaseException) -> bool:
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, sa_exc.TimeoutError):  # every pooled connection busy: overloaded, not broken
        return True
    orig = getattr(exc, "orig", None)
    if isinstance(exc, sqlite3.Error) or isinstance(orig, sqlite3.Error):
        message = str(orig if isinstance(orig, sqlite3.Error) else exc).lower()
        return any(marker in message for marker in SQLITE_UNAVAILABLE)
    if isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError)):
        return True
    return psycopg is not None and isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError))


def is_database_unavailable(exc: BaseException) -> bool:
    """True when `exc` (or what it wraps, or what caused it) means the database cannot be reached now."""
    return any(_one(e) for e in _chain(exc))


def ping(engine: Engine) -> None:
    """One round trip to the database; raises what `is_database_unavailable` recognises when it is down."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
