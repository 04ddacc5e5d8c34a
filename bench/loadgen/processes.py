"""Several portal processes on one database: started, killed with SIGKILL and restarted on their ports.

`Portal(folder, processes=2, database="postgres")` starts a throwaway PostgreSQL with production durability
(bench/pg_server.py: fsync and synchronous_commit on, Debian's binaries) or uses a SQLite file, prepares it
(bench.loadgen.portal_setup: its durability printed, migrations, the fair, with `staff=True` an organizer and
a recruiter), then `processes` × `streamlit run app.py` on their own loopback
ports, each with the same secret and cookie keys. `urls` are the processes' addresses (the phones pick one
each, round robin, when no proxy is in front); `kill(i)` / `restart(i)` stop one the hard way and start it
again on the same port, as a supervisor (systemd `Restart=always`) would. `rss()` / `cpu()` read /proc.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.loadgen.server import ROOT, Server

FAIR = "BENCH26"


@dataclass
class Portal:
    folder: Path
    processes: int = 1
    database: str = "sqlite"  # "sqlite", "postgres" (a throwaway server) or a database URL
    server_args: list[str] = field(default_factory=list)
    staff: bool = False
    env: dict[str, str] = field(default_factory=dict)
    servers: list[Server] = field(default_factory=list)
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)  # role -> the staff cookie
    url: str = ""
    proxy = False  # the phones reach the processes directly (ProxiedPortal: through HAProxy)
    _pg: object = None

    def start(self) -> Portal:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.url = self._database_url()
        keys = {"PORTAL_SECRET_KEY": secrets.token_urlsafe(48), "PORTAL_COOKIE_KEY": secrets.token_urlsafe(48)}
        env = {"DATABASE_URL": self.url, "PORTAL_DATA_DIR": str(self.folder), **keys, **self.env}
        self.cookies = setup(env, self.url, self.staff)
        self.servers = [Server("app.py", env=env, log_path=self.folder / f"app-{i}.log", server_args=self.server_args)
                        for i in range(self.processes)]
        for server in self.servers:
            server.start(timeout=120)
        return self

    def _database_url(self) -> str:
        if self.database == "sqlite":
            return f"sqlite:///{self.folder / 'portal.db'}"
        if self.database != "postgres":
            return self.database
        sys.path.insert(0, str(ROOT))
        from bench.pg_server import BenchPostgres

        self._pg = BenchPostgres()
        return self._pg.start()

    @property
    def urls(self) -> list[str]:
        return [s.base_url for s in self.servers]

    def kill(self, i: int) -> None:
        self.servers[i].kill()

    def restart(self, i: int, timeout: float = 120) -> None:
        self.servers[i].start(timeout=timeout)

    def pids(self) -> list[int]:
        return [s.proc.pid for s in self.servers if s.proc is not None]

    def rss(self) -> list[float]:
        return [s.rss() for s in self.servers]

    def cpu(self) -> float:
        return sum(s.cpu() for s in self.servers)

    def audit(self, people: dict[str, list[str]]) -> dict[str, object]:
        """bench.loadgen.audit against this database: what is stored for the ticket codes each person saw."""
        return audit(self.servers[0].env, people)

    def stop(self) -> None:
        for server in self.servers:
            server.stop()
        if self._pg is not None:
            self._pg.stop()

    def __enter__(self) -> Portal:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()


def audit(env: dict[str, str], people: dict[str, list[str]]) -> dict[str, object]:
    """Run bench.loadgen.audit with the app's environment (DATABASE_URL, keys)."""
    out = subprocess.run([sys.executable, "-m", "bench.loadgen.audit"], cwd=ROOT, env={**_clean_env(), **env},
                         check=True, input=json.dumps({"people": people}), capture_output=True, text=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def setup(env: dict[str, str], url: str, staff: bool) -> dict[str, dict[str, str]]:
    """bench.loadgen.portal_setup on `url`: migrations, the fair; with `staff` the staff cookies by role.
    Prints the database's durability line (bench/durability.py) that portal_setup writes first."""
    command = [sys.executable, "-m", "bench.loadgen.portal_setup", url, FAIR, *(["--staff"] if staff else [])]
    out = subprocess.run(command, cwd=ROOT, env={**_clean_env(), **env}, check=True, capture_output=True, text=True)
    lines = out.stdout.strip().splitlines()
    for line in lines[:-1] if staff else lines:
        print(line, flush=True)
    return json.loads(lines[-1]) if staff else {}


def _clean_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "STREAMLIT_", "DATABASE_URL"))}
