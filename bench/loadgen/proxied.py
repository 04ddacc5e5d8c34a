"""The portal behind HAProxy for the benches: scripts/cluster.py's `Cluster` (the proxy developer's deployment
script), with the same face as `processes.Portal` (urls, kill, restart, rss, cpu, audit, cookies).

The phones reach only the proxy (`urls` is its one address) and load the page first, as a browser does, to
get the sticky-session cookie (SRV) before the websocket; a killed process's sessions reconnect through the
proxy to another process. `database`: "postgres" (the cluster's own durable PostgreSQL: fsync and
synchronous_commit on), "sqlite" or a URL.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.loadgen.processes import audit, setup
from bench.loadgen.server import ROOT, cpu_seconds, rss_mb


@dataclass
class ProxiedPortal:
    folder: Path
    processes: int = 2
    database: str = "postgres"
    staff: bool = False
    env: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)
    cluster: object = None
    proxy = True

    def start(self) -> ProxiedPortal:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from scripts.cluster import Cluster  # the proxy developer's (issue 14), not part of the benches

        database = "postgresql" if self.database in ("postgres", "postgresql") else self.database
        self.cluster = Cluster(processes=self.processes, database=database, state_dir=self.folder / "cluster",
                               env=self.env)
        self.cluster.start()
        self.cookies = setup(self.app_env, self.cluster.database_url, self.staff)
        return self

    @property
    def app_env(self) -> dict[str, str]:
        """What the app processes share (the keys from the cluster's secrets.env, the database)."""
        text = (self.cluster.state_dir / "secrets.env").read_text()
        keys = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
        return {**keys, "DATABASE_URL": self.cluster.database_url,
                "PORTAL_DATA_DIR": str(self.cluster.state_dir / "data")}

    @property
    def urls(self) -> list[str]:
        return [self.cluster.url]

    def kill(self, i: int) -> None:
        self.cluster.kill(i)

    def restart(self, i: int) -> None:
        self.cluster.restart(i)

    def pids(self) -> list[int]:
        return [p.pid for p in self.cluster.processes]

    def rss(self) -> list[float]:
        return [rss_mb(pid) for pid in self.pids()]

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids())

    def proxy_rss(self) -> float:
        return rss_mb(self.cluster.haproxy_pid) if self.cluster.haproxy_pid and os.path.exists(
            f"/proc/{self.cluster.haproxy_pid}") else 0.0

    def spread(self) -> dict[str, int]:
        """Connections HAProxy sent to each process so far (`stot` of `show stat`; a websocket is one)."""
        return {r["svname"]: int(r["stot"] or 0) for r in self.cluster.proxy_stats()
                if r["pxname"] == "streamlit" and r["svname"] not in ("FRONTEND", "BACKEND")}

    def current(self) -> dict[str, int]:
        """Sessions open through HAProxy to each process now (`scur`: a page's websocket is one)."""
        return {r["svname"]: int(r["scur"] or 0) for r in self.cluster.proxy_stats()
                if r["pxname"] == "streamlit" and r["svname"] not in ("FRONTEND", "BACKEND")}

    def audit(self, people: dict[str, list[str]]) -> dict[str, object]:
        return audit(self.app_env, people)

    def stop(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()

    def __enter__(self) -> ProxiedPortal:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()
