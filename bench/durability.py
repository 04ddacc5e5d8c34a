"""What the database under a bench promises about a commit, printed with the figures (issue 15).

PostgreSQL figures only mean something for production when a commit the app acknowledged is on disk:
`fsync` and `synchronous_commit` on. Every bench that measures on PostgreSQL calls `report(engine)`
first: it prints the server's version and durability settings (`SHOW fsync`, `synchronous_commit`,
`full_page_writes`, `wal_level`, `shared_buffers`) and, when fsync or synchronous_commit is off, either
refuses (`allow_unsafe=False`: the benches that print speed figures, unless `--allow-not-durable`) or
prints a loud NOT PRODUCTION DURABILITY banner (tests of behaviour, e.g. the kill test, where durability
is not what is measured). SQLite: its journal mode and `synchronous` (the app sets WAL and NORMAL:
a commit survives the process being killed; a power cut may lose the last commits).

    python3 bench/durability.py URL     # just print it for a database
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

PG_SETTINGS = ("server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_level", "shared_buffers")
MUST_BE_ON = ("fsync", "synchronous_commit")
BANNER = "*** NOT PRODUCTION DURABILITY ***"


class NotDurable(SystemExit):
    """A bench refused a PostgreSQL server without fsync / synchronous_commit (exit status 2)."""

    def __init__(self, message: str):
        super().__init__(2)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Durability:
    backend: str
    settings: dict[str, str]

    @property
    def off(self) -> list[str]:
        """The settings that should be on for production figures and are not (PostgreSQL)."""
        if self.backend != "postgresql":
            return []
        return [name for name in MUST_BE_ON if self.settings.get(name, "").lower() not in ("on", "remote_apply",
                                                                                          "remote_write", "local")]

    @property
    def durable(self) -> bool:
        return not self.off

    def line(self) -> str:
        shown = ", ".join(f"{k} {v}" for k, v in self.settings.items())
        if self.backend == "postgresql":
            verdict = "production durability" if self.durable else \
                f"{BANNER} ({' and '.join(self.off)} off: a commit may be lost on a crash; figures too fast)"
            return f"PostgreSQL durability: {shown} -> {verdict}"
        return f"SQLite durability: {shown} (the app's WAL + synchronous=NORMAL: survives a killed process, " \
               "a power cut may lose the last commits)"


def read(engine: Engine) -> Durability:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            return Durability("postgresql", {name: str(conn.execute(text(f"SHOW {name}")).scalar_one())
                                             for name in PG_SETTINGS})
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar_one()
        sync = conn.exec_driver_sql("PRAGMA synchronous").scalar_one()
        version = conn.exec_driver_sql("SELECT sqlite_version()").scalar_one()
    names = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
    return Durability(engine.dialect.name, {"sqlite_version": str(version), "journal_mode": str(mode),
                                            "synchronous": names.get(int(sync), str(sync))})


def report(engine: Engine, *, allow_unsafe: bool, label: str = "") -> Durability:
    """Print the durability line; on PostgreSQL without fsync or synchronous_commit refuse (raise
    `NotDurable`) unless `allow_unsafe`, then print the banner loudly."""
    got = read(engine)
    prefix = f"[{label}] " if label else ""
    print(prefix + got.line(), flush=True)
    if not got.durable:
        if not allow_unsafe:
            raise NotDurable(f"{prefix}refused: {', '.join(got.off)} off on this PostgreSQL server; these figures "
                             "would not be production figures (start it with fsync and synchronous_commit on, or "
                             "pass --allow-not-durable to measure anyway, marked)")
        print(f"{prefix}{BANNER} {BANNER} figures below are NOT production figures ({', '.join(got.off)} off)",
              flush=True)
    return got


def mark(got: Durability | None) -> str:
    """A suffix for a result line or a table title: empty when durable."""
    return "" if got is None or got.durable else f" {BANNER}"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from services.core.db import make_engine

    if len(argv) != 1:
        print(__doc__)
        return 2
    engine = make_engine(argv[0])
    got = report(engine, allow_unsafe=True)
    engine.dispose()
    return 0 if got.durable else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
