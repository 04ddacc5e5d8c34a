"""SQLite: the online backup API while the app keeps registering.

The copy is made in ONE step (`pages=-1`): one read transaction, a consistent snapshot holding every
transaction committed before it began. In WAL mode (the portal's) a reader never blocks the writer, so
registrations go on during the copy. (Copying a few pages at a time would let other connections' writes
restart the copy from the start, again and again on a busy fair day.) The copy is then checked with
`PRAGMA integrity_check` and its tables counted, before it gets its final name.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from services.backups.errors import (
    BackupMissing,
    BackupUnsound,
    CopyUnsound,
    NothingToBackUp,
    NotSound,
    TargetHoldsData,
)
from services.backups.files import finish, partial

ALL_PAGES = -1
BUSY_MS = 10_000


def sqlite_path(url: str) -> Path:
    """The database file of a sqlite:/// URL."""
    path = url.split("///", 1)[-1].split("?", 1)[0]
    if not path or path == ":memory:":
        raise NothingToBackUp()
    return Path(path)


def check(path: Path) -> tuple[str, dict[str, int]]:
    """`PRAGMA integrity_check` ("ok" when sound) and each table's row count."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
            raise NotSound(path=str(path), detail=str(exc)) from None
        integrity = "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        quoted = {t: '"' + t.replace('"', '""') + '"' for t in tables}  # names from the file's own catalog
        counts = {t: conn.execute(f"SELECT count(*) FROM {q}").fetchone()[0] for t, q in quoted.items()}  # noqa: S608
        return integrity, counts
    finally:
        conn.close()


def schema(path: Path) -> str:
    """The alembic revision recorded in the file ("" when it has none), read without changing the file."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone():
            return ""
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else ""
    finally:
        conn.close()


def backup(source: Path, target: Path) -> tuple[str, dict[str, int]]:
    """Copy the live database `source` to `target`; refuses (ValueError) when the copy is not sound."""
    if not source.exists():
        raise BackupMissing(path=str(source))
    tmp = partial(target)
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=BUSY_MS / 1000)
    dst = sqlite3.connect(tmp)
    try:
        src.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        src.backup(dst, pages=ALL_PAGES)
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
    finally:
        dst.close()
        src.close()
    integrity, counts = check(tmp)
    if integrity != "ok":
        tmp.unlink(missing_ok=True)
        raise CopyUnsound(detail=integrity)
    finish(tmp, target)
    return integrity, counts


def restore(backup_file: Path, target: Path, *, force: bool) -> tuple[str, dict[str, int]]:
    """Put a backup in place of the database file `target` (the app must be stopped: say so in the docs).

    Refuses when the backup is not sound, or when `target` holds data and `force` is not given. The old
    file's -wal and -shm are removed, or SQLite would replay the old log onto the restored file."""
    integrity, counts = check(backup_file)
    if integrity != "ok":
        raise BackupUnsound(detail=integrity)
    if target.exists() and target.stat().st_size > 0 and not force:
        raise TargetHoldsData(target=str(target))
    tmp = partial(target)
    src, dst = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True), sqlite3.connect(tmp)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    for side in ("-wal", "-shm"):
        Path(f"{target}{side}").unlink(missing_ok=True)
    finish(tmp, target)
    return integrity, counts
