"""What the summary tables cost the fair-day desk: end-to-end registrations per second of one app process,
with the summary updates on and off, in the same run (issue 15's registration aim: at most 10 %).

    python3 -m bench.loadgen.summaries_cost [--rounds 3] [--sessions 20] [--registrations 300] [--seconds 30]
                                            [--database sqlite|postgres]

Each run is `python3 -m bench.loadgen`'s portal run (bench.loadgen.runner.run_one: a fresh SQLite database with
the fair, one `streamlit run app.py`, `--sessions` phones registering through the ticket-first page until
`--registrations` or `--seconds`). "Off" starts the same app through bench/loadgen/no_summaries.py (the summary
helper replaced by a no-op before the pages import it). The rounds alternate, and so does the order within a
round (on-off, off-on, ...), so a busy spell of the shared machine hits both. Printed per run: registrations
per second, submit -> ticket p50/p95, server CPU per registration, the summary rows the run left (on: > 0;
off: must be 0, else the switch did not work), the 1-minute load average before and after; then the medians
per setting and the cost: 1 - rate(on) / rate(off), and CPU(on) / CPU(off) - 1. Aim: cost <= 10 %.
`--database postgres`: one durable throwaway server (bench/pg_server.py, its durability printed), a fresh
database in it per run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.loadgen import scenarios
from bench.loadgen.runner import FAIR, SETUP_PORTAL, Report, Target, check_rows, drive, pct, run_one, split_env
from bench.loadgen.server import ROOT, Server

SUMMARY_ROWS = "SELECT (SELECT count(*) FROM summary_count) + (SELECT count(*) FROM summary_marker)"

AIM = 0.10
SETTINGS = {"on": [], "off": ["BENCH_SUMMARIES=off"]}


def summary_rows(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(SUMMARY_ROWS).fetchone()[0]


@dataclass
class PgTarget(Target):
    url: str = ""

    def stored_codes(self) -> tuple[list[str], int]:
        engine = create_engine(self.url)
        try:
            with engine.connect() as conn:
                codes = [r[0] for r in conn.execute(text("SELECT ticket_code FROM seeker"))]
                return codes, conn.execute(text("SELECT count(*) FROM checkin")).scalar_one()
        finally:
            engine.dispose()

    def summary_rows(self) -> int:
        engine = create_engine(self.url)
        try:
            with engine.connect() as conn:
                return conn.execute(text(SUMMARY_ROWS)).scalar_one()
        finally:
            engine.dispose()


def run_pg(server_url: str, name: str, folder: Path, setting: list[str],
           args: argparse.Namespace) -> tuple[Report, int]:
    """One portal run on a fresh database `name` of the durable bench server."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    url = server_url.rsplit("/", 1)[0] + "/" + name
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-c", SETUP_PORTAL, url, FAIR], cwd=ROOT, check=True)
    extra_env, _ = split_env(setting)
    env = {"DATABASE_URL": url, "PORTAL_DATA_DIR": str(folder), "PORTAL_SECRET_KEY": secrets.token_urlsafe(48),
           **extra_env}
    server = Server("app.py", env=env, log_path=folder / "portal.log")
    target = PgTarget("portal", server, folder / "unused.db", scenarios.FLOWS["ticket-first"], url=url)
    report = Report("portal", " ".join(setting), args.sessions)
    with server:
        coro = drive(target, report, registrations=args.registrations, seconds=args.seconds, warmup=args.warmup,
                     think=0.0, timeout=args.timeout)
        asyncio.run(asyncio.wait_for(coro, args.seconds + 3 * args.timeout + 60 * (args.warmup + 1)))
    check_rows(target, report)
    return report, target.summary_rows()


def cpu_per(report: Report) -> float:
    return report.cpu / len(report.ok) * 1000 if report.ok else float("nan")


def measure(args: argparse.Namespace, folder: Path,
            pg_url: str | None) -> tuple[dict[str, list[tuple[Report, int]]], list[float], bool]:
    """The alternating rounds: per setting the reports with the summary rows each left; load averages; failed."""
    runs: dict[str, list[tuple[Report, int]]] = {"on": [], "off": []}
    loads = []
    failed = False
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    for r in range(args.rounds):
        for setting in (("on", "off") if r % 2 == 0 else ("off", "on")):
            before = os.getloadavg()[0]
            run_dir = folder / f"{setting}-{r}"
            if pg_url is not None:
                report, rows = run_pg(pg_url, f"cost_{setting}_{r}", run_dir, SETTINGS[setting], args)
            else:
                report = run_one("portal", run_dir, SETTINGS[setting], sessions=args.sessions,
                                 registrations=args.registrations, seconds=args.seconds, warmup=args.warmup,
                                 think=0.0, timeout=args.timeout)
                rows = summary_rows(run_dir / "portal.db")
            after = os.getloadavg()[0]
            loads += [before, after]
            runs[setting].append((report, rows))
            failed |= bool(report.errors or report.lost or report.duplicated) or (setting == "off") == (rows > 0)
            print(f"round {r + 1} summaries {setting:3s}: {len(report.ok)} registered in {report.seconds:.1f} s = "
                  f"{report.rate:.2f}/s; submit->ticket p50 {pct(report.ok, 50):.0f} ms, p95 {pct(report.ok, 95):.0f}"
                  f" ms; server CPU {cpu_per(report):.0f} ms/registration; summary rows {rows}; errors "
                  f"{len(report.errors)}, lost {report.lost}, duplicated {report.duplicated}; load {before:.2f} -> "
                  f"{after:.2f}", flush=True)
            for error in sorted(set(report.errors))[:3]:
                print(f"    error: {error[:300]}")
    return runs, loads, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.loadgen.summaries_cost", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of on + off (3)")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--registrations", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="summaries-cost-"))
    pg = None
    if args.database == "postgres":
        from bench.durability import report as durability
        from bench.pg_server import BenchPostgres

        pg = BenchPostgres(folder=folder / "pg")
        pg.start()
        engine = create_engine(pg.url)
        durability(engine, allow_unsafe=False)
        engine.dispose()
    try:
        runs, loads, failed = measure(args, folder, pg.url if pg else None)
    finally:
        if pg is not None:
            pg.stop()
    rate = {s: statistics.median(rep.rate for rep, _ in runs[s]) for s in runs}
    cpu = {s: statistics.median(cpu_per(rep) for rep, _ in runs[s]) for s in runs}
    p50 = {s: statistics.median(pct(rep.ok, 50) for rep, _ in runs[s]) for s in runs}
    cost = 1 - rate["on"] / rate["off"]
    cpu_cost = cpu["on"] / cpu["off"] - 1
    backend = "durable PostgreSQL" if pg is not None else "SQLite"
    print(f"\nmedians of {args.rounds} rounds, {args.sessions} phones, one app process, {backend}:")
    print("| summaries | registrations/s | submit->ticket p50 ms | server CPU ms / registration |\n|---|---|---|---|")
    for s in ("off", "on"):
        print(f"| {s} | {rate[s]:.2f} | {p50[s]:.0f} | {cpu[s]:.0f} |")
    print(f"with the summaries: registrations/s {-cost:+.1%}, server CPU per registration {cpu_cost:+.1%} "
          f"(aim: at most {AIM:.0%} worse: {'MET' if max(cost, cpu_cost) <= AIM else 'NOT MET'})")
    print(f"load average over the runs (1 min, before/after each run): min {min(loads):.2f}, median "
          f"{statistics.median(loads):.2f}, max {max(loads):.2f}")
    if failed:
        print(f"(FAILED runs; databases and logs kept in {folder})")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
