"""PostgreSQL: `pg_dump -Fc` (one consistent snapshot, taken without stopping the app servers) and
`pg_restore`. The binaries are Debian's, of the server's major version where installed (a pg_dump older
than the server refuses to run). The password goes through PGPASSWORD, never on the command line
(where `ps` would show it to every user of the machine).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import func, select, table, text
from sqlalchemy.engine import Engine, make_url

from services.backups.errors import TargetHoldsData, ToolFailed, ToolMissing
from services.backups.files import finish, partial

TIMEOUT_S = 6 * 3600


def binary(name: str, server_major: int | None = None) -> str:
    """Debian's `name` for the server's major version, else the newest installed, else the PATH's."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]))
    exact = [p for p in found if server_major is not None and Path(p).parts[-3] == str(server_major)]
    chosen = (exact or found[::-1] or [shutil.which(name) or ""])[0]
    if not chosen:
        raise ToolMissing(program=name)
    return chosen


def _connection(url: str) -> tuple[list[str], dict[str, str]]:
    """Command-line options and environment for the libpq tools, from a SQLAlchemy URL."""
    parsed = make_url(url)
    args = ["-h", parsed.host or "localhost", "-p", str(parsed.port or 5432), "-U", parsed.username or "postgres",
            "-d", parsed.database or "postgres"]
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return args, env


def server_major(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        names = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                                  "ORDER BY tablename")).scalars().all()
        return {n: int(conn.execute(select(func.count()).select_from(table(n))).scalar_one()) for n in names}


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    if done.returncode != 0:
        raise ToolFailed(program=Path(cmd[0]).name, detail=done.stderr.strip()[-2000:])


def backup(engine: Engine, url: str, target: Path) -> None:
    args, env = _connection(url)
    tmp = partial(target)
    tmp.unlink(missing_ok=True)
    _run([binary("pg_dump", server_major(engine)), "-Fc", "--no-owner", "--no-privileges", "-f", str(tmp), *args],
         env)
    finish(tmp, target)


def restore(engine: Engine, url: str, backup_file: Path, *, force: bool) -> None:
    """Restore into the database of `url`: refused when it already has tables, unless `force`
    (then the backup's tables replace them: `--clean --if-exists`)."""
    if table_counts(engine) and not force:
        raise TargetHoldsData(target=make_url(url).database or "")
    args, env = _connection(url)
    _run([binary("pg_restore", server_major(engine)), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", *args, str(backup_file)], env)
