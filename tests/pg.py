"""A throwaway PostgreSQL server for the tests, started from Debian's binaries.

Used when TEST_DATABASE_URL is not given. The server refuses to run as root, so as
root it is started as the `postgres` user (runuser). fsync is off: test data only.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def find_bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists() and Path(candidate, "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TempPostgres:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        cmd = [str(a) for a in args]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        if self._as_postgres:
            shutil.chown(self.dir, user="postgres", group="postgres")
        data = self.dir / "data"
        self._run(self.bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-locale", "--no-sync")
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off " \
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        self._run(self.bindir / "pg_ctl", "-D", data, "-o", opts, "-l", self.dir / "log", "-w", "start")
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run(self.bindir / "pg_ctl", "-D", self.dir / "data", "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class StreamingReplica:
    """A primary and a hot standby streaming from it, from Debian's binaries (tests of READ_DATABASE_URL).

    The primary runs with `wal_level=replica` and a replication user (`replicator`, its own pg_hba line);
    the standby is made with `pg_basebackup -R` (which writes its `primary_conninfo` and `standby.signal`)
    into a second data directory and runs on another port. `start()` creates a database on the primary,
    which the standby replays; it returns the two URLs of that database. fsync is off: test data only.
    """

    DATABASE = "portal_replica"
    USER = "replicator"

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="portal-pg-replica-"))
        self.primary_port = _free_port()
        self.standby_port = _free_port()
        while self.standby_port == self.primary_port:
            self.standby_port = _free_port()
        self._as_postgres = os.geteuid() == 0
        self._started: list[Path] = []

    def _run(self, *args: object, timeout: int = 180) -> str:
        cmd = [str(a) for a in args]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stdout}{done.stderr}")
        return done.stdout

    def _psql(self, port: int, sql: str, database: str = "postgres") -> str:
        return self._run(self.bindir / "psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", port,
                         "-U", "postgres", "-d", database, "-c", sql).strip()

    def _start(self, data: Path, port: int, log: str, *settings: str) -> None:
        opts = " ".join([f"-p {port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
                         "-c max_connections=100", *(f"-c {s}" for s in settings)])
        self._run(self.bindir / "pg_ctl", "-D", data, "-o", opts, "-l", self.dir / log, "-w", "-t", "120", "start")
        self._started.append(data)

    def url(self, port: int) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{self.DATABASE}"

    @property
    def primary_url(self) -> str:
        return self.url(self.primary_port)

    @property
    def standby_url(self) -> str:
        return self.url(self.standby_port)

    def start(self) -> tuple[str, str]:
        """Start both; returns (primary URL, standby URL) of the database both hold."""
        if self._as_postgres:
            shutil.chown(self.dir, user="postgres", group="postgres")
        primary, standby = self.dir / "primary", self.dir / "standby"
        self._run(self.bindir / "initdb", "-D", primary, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-locale", "--no-sync")
        with open(primary / "pg_hba.conf", "a", encoding="utf-8") as hba:
            hba.write(f"host replication {self.USER} 127.0.0.1/32 trust\n")
        # synchronous_commit stays on: a commit's WAL is flushed (fsync off: no disk wait) and sent at once
        self._start(primary, self.primary_port, "primary.log", "wal_level=replica", "max_wal_senders=4")
        self._psql(self.primary_port, f"CREATE ROLE {self.USER} WITH REPLICATION LOGIN")
        self._psql(self.primary_port, f"CREATE DATABASE {self.DATABASE}")
        self._run(self.bindir / "pg_basebackup", "-h", "127.0.0.1", "-p", self.primary_port, "-U", self.USER,
                  "-D", standby, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync")
        self._start(standby, self.standby_port, "standby.log", "hot_standby=on")
        self.wait_streaming()
        return self.primary_url, self.standby_url

    def wait_streaming(self, timeout: float = 60) -> None:
        """Until the primary has a walsender streaming to the standby."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self._psql(self.primary_port, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") \
                    not in ("", "0"):
                return
            time.sleep(0.2)
        raise RuntimeError(f"the standby is not streaming after {timeout} s; see {self.dir}/standby.log")

    def stop(self) -> None:
        """Stop the standby, then the primary (fast shutdown: each ends cleanly), and remove the directory."""
        try:
            for data in reversed(self._started):
                try:
                    self._run(self.bindir / "pg_ctl", "-D", data, "-m", "fast", "-w", "-t", "60", "stop")
                except (RuntimeError, subprocess.TimeoutExpired):
                    self._run(self.bindir / "pg_ctl", "-D", data, "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
