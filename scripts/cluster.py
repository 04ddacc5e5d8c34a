"""The whole deployment on one machine, for tests, benches and demos: PostgreSQL, N app processes, HAProxy.

    python3 scripts/cluster.py start [--processes 2] [--database postgresql|sqlite|URL] [--port 8600]
                                     [--state-dir data/cluster] [--origin https://jobs.example.gov.cn]
    python3 scripts/cluster.py status | stop [--state-dir data/cluster]
    python3 scripts/cluster.py render --servers 127.0.0.1:8601,127.0.0.1:8602 --port 80 \
                                      [--tls-cert /etc/haproxy/portal.pem --tls-port 443]   # a county's config

From Python (tests/deploy, the load benches):

    from scripts.cluster import Cluster
    with Cluster(processes=2, database="postgresql") as c:
        c.url                       # http://127.0.0.1:<port>, the proxy
        c.processes[0].url          # one process directly; .pid, .port, .name ("app1": the SRV cookie)
        c.engine                    # SQLAlchemy engine on the shared database (migrated)
        c.kill(0)                   # SIGKILL process 0 (signal= to choose another)
        c.restart(0)                # start it again on the same port, wait until the proxy sends to it
        c.wait_proxy_state(0, "UP") # or "DOWN": what HAProxy's health check thinks
        c.proxy_stats()             # HAProxy's "show stat" as dicts (per server: scur, stot, status …)

What it starts, all in `state_dir` (a temp dir for the Python API unless given; data/cluster for the CLI):
- PostgreSQL from Debian's binaries (as the `postgres` user when run as root, like tests/pg.py), with
  `synchronous_commit=on` and fsync on: a commit the app acknowledged is on disk. Or a SQLite file in
  WAL mode shared by the processes (fine for a small county), or an existing server (a URL).
- the schema migrated once, then `processes` x `streamlit run app.py` on loopback ports, all with the
  same PORTAL_SECRET_KEY, PORTAL_COOKIE_KEY, DATABASE_URL, county file and Streamlit cookie secret
  (generated once into state_dir/secrets.env unless given in the environment);
- HAProxy from config/haproxy.cfg.in (sticky cookie SRV, health checks, limits, headers).
Before the processes start, the pool rule (services/core/db_pool.py) is checked against the server's
`SHOW max_connections`; a cluster that would run out of connections is refused with the sum.
"""

from __future__ import annotations

import argparse
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
import time
import tomllib
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TEMPLATE = ROOT / "config" / "haproxy.cfg.in"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
START_TIMEOUT = 180  # seconds: a cold Streamlit process on a busy 2-core machine
MULTIPART_ROOM = 64 * 1024  # the multipart envelope around an upload at exactly the limit
# The CSP the proxy sends. Streamlit's frontend needs: inline styles (emotion), `'unsafe-inline'` scripts for
# st.html(..., unsafe_allow_javascript=True) and st.components.v2 (the QR scanner, read aloud, the kiosk),
# `'unsafe-eval'` for Vega-Lite charts (the dashboard), data:/blob: images, media and workers (the QR
# poster, the recorded prompts, the camera), ws:/wss: for the websocket. No third-party origin anywhere.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
       "media-src 'self' data: blob:; connect-src 'self' ws: wss: data: blob:; worker-src 'self' blob:; "
       "frame-src 'self' blob: data:; object-src 'none'; base-uri 'self'; form-action 'self';")
# + frame-ancestors: 'none' for every page, 'self' for the custom components' documents (/component/…)


def upload_limit_mb() -> int:
    """Streamlit's server.maxUploadSize (MB) from .streamlit/config.toml: the one place it is said."""
    with STREAMLIT_CONFIG.open("rb") as fh:
        return int(tomllib.load(fh)["server"]["maxUploadSize"])


def render_haproxy(servers: list[tuple[str, str]], *, port: int, bind_host: str = "",
                   tls_cert: str | None = None, tls_port: int = 443, stats_socket: Path | None = None,
                   pid_file: Path | None = None, served_by: bool = False, log_target: str = "stdout") -> str:
    """config/haproxy.cfg.in filled in. `servers`: (name, "host:port"); the name is the SRV cookie value."""
    limit_mb = upload_limit_mb()
    glob_extra = []
    if stats_socket:
        glob_extra.append(f"    stats socket {stats_socket} mode 600 level admin")
    if pid_file:
        glob_extra.append(f"    pidfile {pid_file}")
    binds = [f"    bind {bind_host}:{port}"]
    tls_rules = ""
    if tls_cert:
        binds.append(f"    bind {bind_host}:{tls_port} ssl crt {tls_cert} alpn h2,http/1.1")
        tls_rules = ("    http-request redirect scheme https code 301 if !{ ssl_fc }\n"
                     '    http-after-response set-header Strict-Transport-Security "max-age=31536000" if { ssl_fc }')
    lines = [f"    server {name} {address} cookie {name}" for name, address in servers]
    return Template(TEMPLATE.read_text()).substitute(
        global_extra="\n".join(glob_extra), log_target=log_target, bind_lines="\n".join(binds),
        tls_rules=tls_rules, cookie_secure=" secure" if tls_cert else "",
        max_body_bytes=limit_mb * 1024 * 1024 + MULTIPART_ROOM, upload_limit_mb=limit_mb, csp=CSP,
        served_by="    http-response set-header X-Served-By %[srv_name]" if served_by else "",
        servers="\n".join(lines),
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
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


def _healthy(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=timeout) as resp:  # noqa: S310 (http://127.0.0.1…)
            return resp.status == 200 and resp.read().strip() == b"ok"
    except OSError:
        return False


def _wait(what: str, check, timeout: float = START_TIMEOUT, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    tail = ""
    if log and log.exists():
        tail = "\n" + "\n".join(log.read_text(errors="replace").splitlines()[-30:])
    raise RuntimeError(f"{what} not ready within {timeout:.0f}s{tail}")


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
        return bool(self.pid) and _alive(self.pid)


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


class Cluster:
    """PostgreSQL (or SQLite) + `processes` Streamlit processes + HAProxy. See the module docstring.

    `database`: "postgresql" (a server of its own in state_dir), "sqlite" (one WAL file in state_dir) or a
    database URL (a server you run; migrated, never dropped). `port`: the proxy's (free one by default).
    `env`: extra environment for the app processes (e.g. PORTAL_KIOSK_IDLE_SECONDS). `served_by`: the
    proxy adds `X-Served-By: app1|app2…` to every answer (tests only). `origin`: the public origin Streamlit
    accepts cross-origin requests from (server.corsAllowedOrigins); the proxy's own URL by default.
    """

    def __init__(self, processes: int = 2, database: str = "postgresql", *, state_dir: Path | str | None = None,
                 port: int | None = None, env: dict[str, str] | None = None, served_by: bool = False,
                 origin: str | None = None, max_connections: int = 100):
        self.count = processes
        self.database = database
        self._own_dir = state_dir is None
        self.state_dir = Path(state_dir) if state_dir else Path(tempfile.mkdtemp(prefix="portal-cluster-"))
        self.port = port or free_port()
        self.extra_env = dict(env or {})
        self.served_by = served_by
        self.origin = origin or f"http://127.0.0.1:{self.port}"
        self.pg_max_connections = max_connections
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
        for p in self.processes:
            self._spawn(p)
        for p in self.processes:
            _wait(f"{p.name} (port {p.port})", lambda p=p: self._process_ready(p), log=p.log)
        self._start_haproxy()
        for i in range(self.count):
            self.wait_proxy_state(i, "UP")
        self._write_state()
        return self

    def stop(self) -> None:
        """Stop the proxy, the processes and the database; a temp state dir is removed."""
        for pid in [self.haproxy_pid, *(p.pid for p in self.processes)]:
            _terminate(pid)
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
        _wait(f"{p.name} gone", lambda: not p.alive, timeout=60)

    def restart(self, index: int, *, wait_proxy: bool = True) -> AppProcess:
        """Start process `index` again (killed or not) on its port; wait until it (and the proxy) says UP."""
        p = self.processes[index]
        if p.alive:
            self.kill(index, signal.SIGTERM)
        self._spawn(p)
        _wait(f"{p.name} (port {p.port})", lambda: self._process_ready(p), log=p.log)
        if wait_proxy:
            self.wait_proxy_state(index, "UP")
        self._write_state()
        return p

    def _process_ready(self, p: AppProcess) -> bool:
        if not p.alive:
            raise RuntimeError(f"{p.name} exited:\n" + "\n".join(
                p.log.read_text(errors="replace").splitlines()[-30:]))
        return _healthy(p.url)

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
                   PYTHONUNBUFFERED="1", STREAMLIT_SERVER_CORS_ALLOWED_ORIGINS=self.origin)
        env.update(self.extra_env)
        return env

    # -- the proxy --------------------------------------------------------------------------------
    def haproxy_config(self) -> str:
        return render_haproxy([(p.name, f"127.0.0.1:{p.port}") for p in self.processes], port=self.port,
                              bind_host="127.0.0.1", stats_socket=self.stats_socket, served_by=self.served_by)

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
        _wait("haproxy", lambda: self.stats_socket.exists() and _healthy(self.url), timeout=60, log=log_path)

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
        _wait(f"haproxy: {self.processes[index].name} {state}",
              lambda: self.server_stats(index)["status"].startswith(state), timeout=timeout)

    # -- the CLI's state file ---------------------------------------------------------------------
    def _write_state(self) -> None:
        state = {"url": self.url, "port": self.port, "database": self.database, "database_url": self.database_url,
                 "haproxy_pid": self.haproxy_pid, "pg_dir": str(self.pg.dir) if self.pg else "",
                 "pg_port": self.pg.port if self.pg else 0,
                 "processes": [{"name": p.name, "port": p.port, "pid": p.pid} for p in self.processes]}
        (self.state_dir / "cluster.json").write_text(json.dumps(state, indent=2))


def _terminate(pid: int, timeout: float = 15) -> None:
    if not pid or not _alive(pid):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)
    if _alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


# -- the command line -------------------------------------------------------------------------------
def _cli_start(args: argparse.Namespace) -> int:
    state_dir = Path(args.state_dir)
    if (state_dir / "cluster.json").exists() and _cli_running(state_dir):
        print(f"already running (state in {state_dir}); stop it first", file=sys.stderr)
        return 1
    cluster = Cluster(args.processes, args.database, state_dir=state_dir, port=args.port, origin=args.origin,
                      max_connections=args.max_connections)
    try:
        cluster.start()
    except BaseException as exc:
        cluster.stop()
        print(f"not started: {exc}", file=sys.stderr)
        return 1
    print(f"portal on {cluster.url} ({args.processes} processes, {cluster.database_url}); state in {state_dir}")
    return 0


def _cli_running(state_dir: Path) -> bool:
    state = json.loads((state_dir / "cluster.json").read_text())
    return any(_alive(pid) for pid in [state["haproxy_pid"], *(p["pid"] for p in state["processes"])])


def _cli_status(args: argparse.Namespace) -> int:
    path = Path(args.state_dir) / "cluster.json"
    if not path.exists():
        print("not running")
        return 3
    state = json.loads(path.read_text())
    ok = _alive(state["haproxy_pid"]) and _healthy(state["url"])
    print(f"proxy {state['url']}: {'up' if ok else 'DOWN'}")
    for p in state["processes"]:
        up = _alive(p["pid"]) and _healthy(f"http://127.0.0.1:{p['port']}")
        ok = ok and up
        print(f"{p['name']} pid {p['pid']} port {p['port']}: {'up' if up else 'DOWN'}")
    print(f"database {state['database_url']}")
    return 0 if ok else 1


def _cli_stop(args: argparse.Namespace) -> int:
    state_dir = Path(args.state_dir)
    path = state_dir / "cluster.json"
    if not path.exists():
        print("not running")
        return 0
    state = json.loads(path.read_text())
    for pid in [state["haproxy_pid"], *(p["pid"] for p in state["processes"])]:
        _terminate(pid)
    if state["pg_dir"]:
        pg = PostgresServer(Path(state["pg_dir"]), port=state["pg_port"])
        pg.stop()
    path.unlink()
    print("stopped")
    return 0


def _cli_render(args: argparse.Namespace) -> int:
    servers = [(f"app{i + 1}", address) for i, address in enumerate(args.servers.split(","))]
    print(render_haproxy(servers, port=args.port, bind_host=args.bind, tls_cert=args.tls_cert,
                         tls_port=args.tls_port, pid_file=Path(args.pid_file) if args.pid_file else None,
                         log_target=args.log_target), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("start", "status", "stop"):
        p = sub.add_parser(name)
        p.add_argument("--state-dir", default=str(ROOT / "data" / "cluster"))
        if name == "start":
            p.add_argument("--processes", type=int, default=2)
            p.add_argument("--database", default="postgresql", help="postgresql, sqlite or a database URL")
            p.add_argument("--port", type=int, default=8600, help="the proxy's port")
            p.add_argument("--origin", default=None, help="the public origin (server.corsAllowedOrigins)")
            p.add_argument("--max-connections", type=int, default=100, help="of the PostgreSQL it starts")
    r = sub.add_parser("render", help="print the HAProxy config for a county's server")
    r.add_argument("--servers", required=True, help="host:port of each Streamlit process, comma-separated")
    r.add_argument("--port", type=int, default=80)
    r.add_argument("--bind", default="", help="address to listen on (all by default)")
    r.add_argument("--tls-cert", default=None, help="PEM with the certificate and its key: turns TLS on")
    r.add_argument("--tls-port", type=int, default=443)
    r.add_argument("--pid-file", default=None)
    r.add_argument("--log-target", default="/dev/log", help="syslog socket (stdout when run in the foreground)")
    args = parser.parse_args(argv)
    return {"start": _cli_start, "status": _cli_status, "stop": _cli_stop, "render": _cli_render}[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
