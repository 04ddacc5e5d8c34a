"""The Cluster: PostgreSQL (or SQLite) + N Streamlit processes + HAProxy (scripts/cluster.py says how to use it)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from scripts.deploy.haproxy import ROOT, render_haproxy
from scripts.deploy.processes import (
    HAPROXY,
    AppProcess,
    PostgresServer,
    free_port,
    healthy,
    max_connections,
    terminate,
    wait_for,
)
from scripts.deploy.static_gz import precompress

STATIC_GZ_CACHE = ROOT / "data" / "static-gz"  # Streamlit's bundle, gzip -9 (scripts/deploy/static_gz.py)


class Cluster:
    """PostgreSQL (or SQLite) + `processes` Streamlit processes + HAProxy. See the module docstring.

    `database`: "postgresql" (a server of its own in state_dir), "sqlite" (one WAL file in state_dir) or a
    database URL (a server you run; migrated, never dropped). `port`: the proxy's (free one by default).
    `env`: extra environment for the app processes (e.g. PORTAL_KIOSK_IDLE_SECONDS). `served_by`: the
    proxy adds `X-Served-By: app1|app2…` to every answer (tests only). `origin`: the public origin Streamlit
    accepts cross-origin requests from (server.corsAllowedOrigins); the proxy's own URL by default.
    `static_gz`: the folder of Streamlit's bundle compressed with gzip -9 (scripts/deploy/static_gz.py; made
    while the processes start, kept between runs in data/static-gz), or None: the proxy compresses it as it
    goes (libslz), as before.
    """

    def __init__(self, processes: int = 2, database: str = "postgresql", *, state_dir: Path | str | None = None,
                 port: int | None = None, env: dict[str, str] | None = None, served_by: bool = False,
                 origin: str | None = None, max_connections: int = 100,
                 static_gz: Path | str | None = STATIC_GZ_CACHE):
        self.count = processes
        self.database = database
        self._own_dir = state_dir is None
        self.state_dir = Path(state_dir) if state_dir else Path(tempfile.mkdtemp(prefix="portal-cluster-"))
        self.port = port or free_port()
        self.extra_env = dict(env or {})
        self.served_by = served_by
        self.origin = origin or f"http://127.0.0.1:{self.port}"
        self.pg_max_connections = max_connections
        self.static_gz = Path(static_gz) if static_gz else None
        self.processes: list[AppProcess] = []
        self.pg: PostgresServer | None = None
        self.database_url = ""
        self.engine = None
        self.haproxy: subprocess.Popen | None = None
        self.haproxy_pid = 0

    # -- life cycle -------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def stats_socket(self) -> Path:
        return self.state_dir / "haproxy.sock"

    def __enter__(self) -> Cluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> Cluster:
        from services.core.db import make_engine, migrate

        self.state_dir.mkdir(parents=True, exist_ok=True)
        secrets_env = self._secrets()
        if self.database == "postgresql":
            self.pg = PostgresServer(self.state_dir / "pg", max_connections=self.pg_max_connections)
            self.database_url = self.pg.start()
        elif self.database == "sqlite":
            self.database_url = f"sqlite:///{self.state_dir / 'portal.db'}"
        else:
            self.database_url = self.database
        self.engine = make_engine(self.database_url)
        migrate(self.engine)
        if self.engine.dialect.name == "postgresql":
            self.check_pool(max_connections(self.engine))
        self._env = self._app_env(secrets_env)
        self.processes = [AppProcess(i, free_port(), self.state_dir / f"app{i + 1}.log") for i in range(self.count)]
        compressing = self._precompress()
        for p in self.processes:
            self._spawn(p)
        for p in self.processes:
            wait_for(f"{p.name} (port {p.port})", lambda p=p: self._process_ready(p), log=p.log)
        compressing()
        self._start_haproxy()
        for i in range(self.count):
            self.wait_proxy_state(i, "UP")
        self._write_state()
        return self

    def stop(self) -> None:
        """Stop the proxy, the processes and the database; a temp state dir is removed."""
        for pid in [self.haproxy_pid, *(p.pid for p in self.processes)]:
            terminate(pid)
        for popen in [self.haproxy, *(p.proc for p in self.processes)]:
            if popen is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    popen.wait(timeout=1)
        if self.engine is not None:
            self.engine.dispose()
        if self.pg is not None:
            self.pg.stop()
        if self._own_dir:
            shutil.rmtree(self.state_dir, ignore_errors=True)

    def check_pool(self, server_max: int) -> None:
        from services.core.db_pool import pool_plan
        from services.core.settings import Settings

        settings = Settings()  # the environment the processes inherit; `env` given to the cluster wins
        size = int(self.extra_env.get("PORTAL_DB_POOL_SIZE", settings.db_pool_size))
        overflow = int(self.extra_env.get("PORTAL_DB_MAX_OVERFLOW", settings.db_max_overflow))
        plan = pool_plan(processes=self.count, pool_size=size, max_overflow=overflow, max_connections=server_max)
        if not plan.fits:
            raise RuntimeError("refused: the connection pools do not fit: " + plan.explain())

    # -- processes --------------------------------------------------------------------------------
    def kill(self, index: int, sig: int = signal.SIGKILL) -> None:
        """Send `sig` (SIGKILL by default) to process `index` and wait until it is gone."""
        p = self.processes[index]
        with contextlib.suppress(ProcessLookupError):
            os.kill(p.pid, sig)
        if p.proc is not None:
            p.proc.wait(timeout=60)
        wait_for(f"{p.name} gone", lambda: not p.alive, timeout=60)

    def restart(self, index: int, *, wait_proxy: bool = True) -> AppProcess:
        """Start process `index` again (killed or not) on its port; wait until it (and the proxy) says UP."""
        p = self.processes[index]
        if p.alive:
            self.kill(index, signal.SIGTERM)
        self._spawn(p)
        wait_for(f"{p.name} (port {p.port})", lambda: self._process_ready(p), log=p.log)
        if wait_proxy:
            self.wait_proxy_state(index, "UP")
        self._write_state()
        return p

    def _process_ready(self, p: AppProcess) -> bool:
        if not p.alive:
            raise RuntimeError(f"{p.name} exited:\n" + "\n".join(
                p.log.read_text(errors="replace").splitlines()[-30:]))
        return healthy(p.url)

    def _spawn(self, p: AppProcess) -> None:
        log = p.log.open("ab")
        p.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(p.port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=self._env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        p.pid = p.proc.pid

    def _secrets(self) -> dict[str, str]:
        """The keys every process shares: from the environment, else generated once into secrets.env."""
        path = self.state_dir / "secrets.env"
        stored: dict[str, str] = {}
        if path.exists():
            stored = dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
        keys = {}
        for name in ("PORTAL_SECRET_KEY", "PORTAL_COOKIE_KEY", "STREAMLIT_SERVER_COOKIE_SECRET"):
            keys[name] = self.extra_env.get(name) or os.environ.get(name) or stored.get(name) \
                or secrets.token_urlsafe(32)
        path.write_text("".join(f"{k}={v}\n" for k, v in keys.items()))
        path.chmod(0o600)
        return keys

    def _app_env(self, keys: dict[str, str]) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        env.update(keys)
        env.update(DATABASE_URL=self.database_url, PORTAL_DATA_DIR=str(self.state_dir / "data"),
                   PYTHONUNBUFFERED="1", STREAMLIT_SERVER_CORS_ALLOWED_ORIGINS=self.origin,
                   PORTAL_TRUSTED_PROXIES="127.0.0.1/32")  # HAProxy on loopback: its X-Forwarded-For counts
        env.update(self.extra_env)
        return env

    # -- the proxy --------------------------------------------------------------------------------
    def _precompress(self):
        """Start compressing Streamlit's bundle (a few seconds, once per release) while the processes start;
        returns the function that waits for it."""
        if self.static_gz is None:
            return lambda: None
        failed: list[BaseException] = []

        def run() -> None:
            try:
                precompress(self.static_gz)
            except BaseException as exc:  # raised in the starting thread by the function returned
                failed.append(exc)

        worker = threading.Thread(target=run, name="precompress", daemon=True)
        worker.start()

        def wait() -> None:
            worker.join()
            if failed:
                raise failed[0]
        return wait

    def haproxy_config(self) -> str:
        return render_haproxy([(p.name, f"127.0.0.1:{p.port}") for p in self.processes], port=self.port,
                              bind_host="127.0.0.1", stats_socket=self.stats_socket, served_by=self.served_by,
                              static_gz=self.static_gz)

    def _start_haproxy(self) -> None:
        cfg = self.state_dir / "haproxy.cfg"
        cfg.write_text(self.haproxy_config())
        subprocess.run([HAPROXY, "-c", "-q", "-f", str(cfg)], check=True, capture_output=True, timeout=60)
        log_path = self.state_dir / "haproxy.log"
        log = log_path.open("ab")
        self.haproxy = subprocess.Popen([HAPROXY, "-db", "-f", str(cfg)], stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        log.close()
        self.haproxy_pid = self.haproxy.pid
        wait_for("haproxy", lambda: self.stats_socket.exists() and healthy(self.url), timeout=60, log=log_path)

    def proxy_command(self, command: str) -> str:
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(10)
            s.connect(str(self.stats_socket))
            s.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def proxy_stats(self) -> list[dict[str, str]]:
        """HAProxy's `show stat`: one dict per frontend/backend/server (pxname, svname, status, scur, stot…)."""
        text = self.proxy_command("show stat").lstrip("# ")
        return list(csv.DictReader(io.StringIO(text)))

    def server_stats(self, index: int) -> dict[str, str]:
        name = self.processes[index].name
        return next(r for r in self.proxy_stats() if r["pxname"] == "streamlit" and r["svname"] == name)

    def wait_proxy_state(self, index: int, state: str, timeout: float = 90) -> None:
        """Wait until HAProxy's health check calls process `index` `state` ("UP" or "DOWN")."""
        wait_for(f"haproxy: {self.processes[index].name} {state}",
              lambda: self.server_stats(index)["status"].startswith(state), timeout=timeout)

    # -- the CLI's state file ---------------------------------------------------------------------
    def _write_state(self) -> None:
        state = {"url": self.url, "port": self.port, "database": self.database, "database_url": self.database_url,
                 "haproxy_pid": self.haproxy_pid, "pg_dir": str(self.pg.dir) if self.pg else "",
                 "pg_port": self.pg.port if self.pg else 0,
                 "processes": [{"name": p.name, "port": p.port, "pid": p.pid} for p in self.processes]}
        (self.state_dir / "cluster.json").write_text(json.dumps(state, indent=2))
