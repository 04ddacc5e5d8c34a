"""The whole deployment on one machine, for tests, benches and demos: PostgreSQL, N app processes, HAProxy.

    python3 scripts/cluster.py start [--processes 2] [--database postgresql|sqlite|URL] [--port 8600]
                                     [--state-dir data/cluster] [--origin https://jobs.example.gov.cn]
    python3 scripts/cluster.py status | stop [--state-dir data/cluster]
    python3 scripts/cluster.py render --servers 127.0.0.1:8601,127.0.0.1:8602 --port 80 \
                                      [--tls-cert /etc/haproxy/portal.pem --tls-port 443] \
                                      [--static-gz /var/cache/portal/static-gz]   # a county's config
    python3 scripts/cluster.py precompress /var/cache/portal/static-gz   # Streamlit's bundle, gzip -9, once

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
- HAProxy from config/haproxy.cfg.in (sticky cookie SRV, health checks, limits, headers), with Streamlit's
  bundle precompressed (gzip -9, scripts/deploy/static_gz.py, kept in data/static-gz) and sent by the Lua
  service config/static_gz.lua.
Before the processes start, the pool rule (services/core/db_pool.py) is checked against the server's
`SHOW max_connections`; a cluster that would run out of connections is refused with the sum.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.deploy.cluster import Cluster  # noqa: E402
from scripts.deploy.haproxy import CSP, render_haproxy, upload_limit_mb  # noqa: E402
from scripts.deploy.processes import HAPROXY, PostgresServer, alive, healthy, terminate  # noqa: E402

__all__ = ["CSP", "HAPROXY", "ROOT", "Cluster", "PostgresServer", "render_haproxy", "upload_limit_mb"]


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
    return any(alive(pid) for pid in [state["haproxy_pid"], *(p["pid"] for p in state["processes"])])


def _cli_status(args: argparse.Namespace) -> int:
    path = Path(args.state_dir) / "cluster.json"
    if not path.exists():
        print("not running")
        return 3
    state = json.loads(path.read_text())
    ok = alive(state["haproxy_pid"]) and healthy(state["url"])
    print(f"proxy {state['url']}: {'up' if ok else 'DOWN'}")
    for p in state["processes"]:
        up = alive(p["pid"]) and healthy(f"http://127.0.0.1:{p['port']}")
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
        terminate(pid)
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
                         stats_socket=Path(args.stats_socket) if args.stats_socket else None,
                         log_target=args.log_target, run_as=args.user or None,
                         static_gz=Path(args.static_gz) if args.static_gz else None), end="")
    return 0


def _cli_precompress(args: argparse.Namespace) -> int:
    from scripts.deploy.static_gz import precompress

    map_file = precompress(Path(args.dest))
    files = sum(1 for line in map_file.read_text().splitlines() if line.startswith("/"))
    print(f"{files} files of Streamlit's bundle in {args.dest} (gzip -9); map: {map_file}")
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
    r.add_argument("--stats-socket", default="/run/haproxy/admin.sock", help="'' for none")
    r.add_argument("--user", default="haproxy", help="user and group HAProxy runs as ('' to keep root)")
    r.add_argument("--log-target", default="/dev/log local0",
                   help="HAProxy's log line: syslog socket and facility ('stdout format raw local0' in front)")
    r.add_argument("--static-gz", default=None,
                   help="the folder made by `precompress`: HAProxy sends Streamlit's bundle from it (gzip -9)")
    c = sub.add_parser("precompress", help="compress Streamlit's bundle with gzip -9 for the proxy (once per release)")
    c.add_argument("dest", help="the folder, e.g. /var/cache/portal/static-gz")
    args = parser.parse_args(argv)
    return {"start": _cli_start, "status": _cli_status, "stop": _cli_stop, "render": _cli_render,
            "precompress": _cli_precompress}[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
