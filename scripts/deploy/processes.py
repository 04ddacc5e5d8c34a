"""The pieces the cluster is made of: an app process, a PostgreSQL of its own, and waiting for them."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
START_TIMEOUT = 180  # seconds: a cold Streamlit process on a busy 2-core machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours is dead too
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ", 1)[1][:1] != "Z"
    except OSError:
        return False


def healthy(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=timeout) as resp:  # noqa: S310 (http://127.0.0.1…)
            return resp.status == 200 and resp.read().strip() == b"ok"
    except OSError:
        return False


def wait_for(what: str, check, timeout: float = START_TIMEOUT, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    tail = ""
    if log and log.exists():
        tail = "\n" + "\n".join(log.read_text(errors="replace").splitlines()[-30:])
    raise RuntimeError(f"{what} not ready within {timeout:.0f}s{tail}")


def terminate(pid: int, timeout: float = 15) -> None:
    if not pid or not alive(pid):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and alive(pid):
        time.sleep(0.1)
    if alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@dataclass
class AppProcess:
    index: int
    port: int
    log: Path
    pid: int = 0
    proc: subprocess.Popen | None = None

    @property
    def name(self) -> str:
        """The HAProxy server name, also the value of the SRV cookie of the sessions it holds."""
        return f"app{self.index + 1}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def alive(self) -> bool:
        return bool(self.pid) and alive(self.pid)


class PostgresServer:
    """Debian's PostgreSQL in `directory`, durable (fsync, synchronous_commit on)."""

    def __init__(self, directory: Path, *, port: int | None = None, max_connections: int = 100):
        from tests.pg import find_bindir

        bindir = find_bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL binaries not found: apt-get install postgresql")
        self.bindir = bindir
        self.dir = directory
        self.port = port or free_port()
        self.max_connections = max_connections
        self._as_postgres = os.geteuid() == 0

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: object) -> None:
        cmd = [str(a) for a in args]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, timeout=180, text=True)
        if done.returncode:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout}{done.stderr}")

    def start(self) -> str:
        self.dir.mkdir(parents=True, exist_ok=True)
        if self._as_postgres:  # the postgres user must reach its directory (the parent: traverse only)
            self.dir.parent.chmod(self.dir.parent.stat().st_mode | 0o711)
            shutil.chown(self.dir, user="postgres", group="postgres")
        data = self.dir / "data"
        if not data.exists():
            self._run(self.bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                      "--no-locale")
        opts = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c synchronous_commit=on "
                f"-c max_connections={self.max_connections}")
        self._run(self.bindir / "pg_ctl", "-D", data, "-o", opts, "-l", self.dir / "log", "-w", "-t", "120",
                  "start")
        return self.url

    def stop(self, *, remove: bool = False) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._run(self.bindir / "pg_ctl", "-D", self.dir / "data", "-m", "fast", "-w", "stop")
        if remove:
            shutil.rmtree(self.dir, ignore_errors=True)


def max_connections(engine) -> int:
    from sqlalchemy import text

    with engine.connect() as conn:
        return int(conn.execute(text("SHOW max_connections")).scalar_one())
