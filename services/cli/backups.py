"""`backup DEST` and `restore BACKUP` (services/backups): each prints one JSON object.

    python -m services.cli backup /var/backups/portal/           # portal-YYYYmmdd-HHMMSS.sqlite3 / .dump
    python -m services.cli restore /var/backups/portal/portal-20261128-020000.dump --force
    python -m services.cli restore BACKUP --to postgresql://portal@db/portal_check   # a trial restore

The database is DATABASE_URL (or the embedded SQLite file); `restore --to URL` restores elsewhere,
e.g. into an empty scratch database to check a backup without touching the live one.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from services.backups import commands
from services.cli.output import refused
from services.core.db import HEAD_REVISION
from services.core.errors import PortalError
from services.core.settings import get_settings


def add_parsers(sub: Any) -> None:
    backup = sub.add_parser("backup", help="back up the database (SQLite online copy, or pg_dump) to DEST")
    backup.add_argument("dest", help="a file, or a folder for a timestamped file")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="restore a backup (stop the app first); refuses a database "
                                             "holding data unless --force")
    restore.add_argument("backup", help="a file made by the backup command")
    restore.add_argument("--to", default="", help="restore into this database URL instead of DATABASE_URL")
    restore.add_argument("--force", action="store_true", help="replace a database that holds data")
    restore.set_defaults(func=cmd_restore)


def _print(report: commands.BackupReport) -> None:
    out = report.as_dict() | {"schema_is_current": report.schema == HEAD_REVISION}
    print(json.dumps(out, ensure_ascii=False))


def _fail(exc: Exception) -> None:
    """The refusal as one JSON object on stderr, in the portal's language; exit status 1."""
    said = refused(exc) if isinstance(exc, PortalError) else str(exc)
    print(json.dumps({"error": said}, ensure_ascii=False), file=sys.stderr)
    raise SystemExit(1) from None


def cmd_backup(args: argparse.Namespace) -> None:
    try:
        _print(commands.backup(get_settings().effective_database_url, args.dest))
    except (OSError, ValueError, RuntimeError) as exc:
        _fail(exc)


def cmd_restore(args: argparse.Namespace) -> None:
    url = args.to or get_settings().effective_database_url
    try:
        _print(commands.restore(args.backup, url, force=args.force))
    except (OSError, ValueError, RuntimeError) as exc:
        _fail(exc)
