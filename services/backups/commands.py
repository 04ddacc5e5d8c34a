"""Backup and restore of the portal's database, on either backend; what the CLI calls.

    backup(url, dest)            -> BackupReport (a SQLite copy or a pg_dump custom-format file)
    restore(backup_file, url)    -> BackupReport of the restored database (integrity, schema head, rows)

A restore is for a stopped portal (SQLite: the file is replaced; PostgreSQL: its tables are replaced);
it refuses a database that holds data unless `force`. After a restore the schema head is checked
against the code's: an older backup is migrated by the next start (`python -m services.cli migrate`).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

from services.backups import postgres, sqlite
from services.backups.errors import BackupMissing
from services.backups.files import target_path
from services.core.db import HEAD_REVISION, make_engine


@dataclass
class BackupReport:
    path: str
    backend: str
    bytes: int
    seconds: float
    integrity: str = ""          # SQLite: PRAGMA integrity_check ("ok"); PostgreSQL: "" (pg_dump/restore succeeded)
    schema: str = ""             # alembic revision in the backup / the restored database
    rows: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _schema(url: str) -> str:
    """The alembic revision of a PostgreSQL database ("" when it has none)."""
    engine = make_engine(url)
    try:
        if "alembic_version" not in inspect(engine).get_table_names():
            return ""
        with engine.connect() as conn:
            return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none() or "")
    finally:
        engine.dispose()


def backup(url: str, dest: str | Path, *, now: datetime | None = None) -> BackupReport:
    started = time.perf_counter()
    if url.startswith("sqlite"):
        target = target_path(dest, ".sqlite3", now)
        integrity, rows = sqlite.backup(sqlite.sqlite_path(url), target)
        return BackupReport(str(target), "sqlite", target.stat().st_size, round(time.perf_counter() - started, 3),
                            integrity, sqlite.schema(target), rows)
    target = target_path(dest, ".dump", now)
    engine = make_engine(url)
    try:
        postgres.backup(engine, url, target)
    finally:
        engine.dispose()
    return BackupReport(str(target), "postgresql", target.stat().st_size, round(time.perf_counter() - started, 3),
                        schema=_schema(url))


def restore(backup_file: str | Path, url: str, *, force: bool = False) -> BackupReport:
    started = time.perf_counter()
    source = Path(backup_file)
    if not source.is_file():
        raise BackupMissing(path=str(source))
    if url.startswith("sqlite"):
        target = sqlite.sqlite_path(url)
        integrity, rows = sqlite.restore(source, target, force=force)
        return BackupReport(str(target), "sqlite", target.stat().st_size, round(time.perf_counter() - started, 3),
                            integrity, sqlite.schema(target), rows)
    engine = make_engine(url)
    try:
        postgres.restore(engine, url, source, force=force)
        rows = postgres.table_counts(engine)
    finally:
        engine.dispose()
    return BackupReport(url.split("@")[-1], "postgresql", source.stat().st_size,
                        round(time.perf_counter() - started, 3), "", _schema(url), rows)


def schema_is_head(report: BackupReport) -> bool:
    return report.schema == HEAD_REVISION
