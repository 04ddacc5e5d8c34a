"""A throwaway PostgreSQL for benches, with production durability (issue 15, "benchmarks that tell the truth").

tests/pg.py's server runs with fsync, synchronous_commit and full_page_writes off: right for tests, wrong
for figures (a commit costs no disk wait). This one keeps the defaults a production server has (fsync on,
synchronous_commit on, full_page_writes on) and preloads pg_stat_statements, so bench/dashboard.py can
read the most expensive statements from the server. Debian's binaries (tests.pg.find_bindir), run as the
`postgres` user when we are root; the data directory is removed by `stop()`.

    with BenchPostgres() as url: ...
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BenchPostgres:
    def __init__(self, *, max_connections: int = 200, shared_buffers: str = "256MB", folder: Path | None = None):
        import sys

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tests.pg import find_bindir

        bindir = find_bindir()
        if bindir is None:
            raise RuntimeError("no PostgreSQL server binaries (apt-get install postgresql)")
        self.bindir = bindir
        self.dir = folder or Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.port = _free_port()
        self.max_connections = max_connections
        self.shared_buffers = shared_buffers
        self._as_postgres = os.geteuid() == 0

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: object, timeout: int = 180) -> None:
        cmd = [str(a) for a in args]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if done.returncode:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout}{done.stderr}")

    def start(self) -> str:
        self.dir.mkdir(parents=True, exist_ok=True)
        if self._as_postgres:
            self.dir.parent.chmod(self.dir.parent.stat().st_mode | 0o711)
            shutil.chown(self.dir, user="postgres", group="postgres")
        data = self.dir / "data"
        self._run(self.bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale")
        opts = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections={self.max_connections}"
                f" -c shared_buffers={self.shared_buffers} -c shared_preload_libraries=pg_stat_statements"
                " -c fsync=on -c synchronous_commit=on -c full_page_writes=on")
        self._run(self.bindir / "pg_ctl", "-D", data, "-o", opts, "-l", self.dir / "log", "-w", "-t", "120", "start")
        return self.url

    def stop(self) -> None:
        try:
            self._run(self.bindir / "pg_ctl", "-D", self.dir / "data", "-m", "fast", "-w", "stop")
        except (RuntimeError, subprocess.SubprocessError, OSError):
            pass
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> str:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()
