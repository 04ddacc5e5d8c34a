"""Load through HAProxy: the portal with one and with two app processes behind the proxy, and the reference app,
in the same run, alternating, `--rounds` times.

    python3 -m bench.loadgen.behind_proxy [--processes 1 2] [--sessions 20] [--registrations 300] [--seconds 30]
                                          [--rounds 3] [--database postgres|sqlite|URL]

Each portal run starts scripts/cluster.py's deployment (bench.loadgen.proxied: a durable PostgreSQL with
fsync and synchronous_commit on, N processes, HAProxy with the sticky SRV cookie), prepares the fair, then
drives the phones exactly as `python3 -m bench.loadgen` does (bench.loadgen.runner.drive), except that each
phone loads the page through the proxy first and keeps its cookie. The reference (bench/reference_app.py,
one process, a SQLite file, no proxy) is the yardstick of issue 10. Figures per run: registrations per
second, submit -> ticket p50/p95, server CPU per registration summed over the app processes (/proc), RSS
(summed), errors, lost and duplicated (the tickets seen against the seeker rows). Then the medians per
target over the rounds and each target's rate against the reference of the same round; the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.loadgen import scenarios
from bench.loadgen.__main__ import HEADER
from bench.loadgen.proxied import ProxiedPortal
from bench.loadgen.runner import FAIR, Report, Target, check_rows, drive, make_target, pct, summary_row
from bench.loadgen.server import cpu_seconds


@dataclass
class ClusterServer:
    """What runner.drive reads from a server, for the processes behind the proxy."""

    portal: ProxiedPortal

    @property
    def base_url(self) -> str:
        return self.portal.urls[0]

    def rss(self) -> float:
        return sum(self.portal.rss())

    def cpu(self) -> float:
        return self.portal.cpu()


class ClusterTarget(Target):
    def scenario(self, base_url: str, person: scenarios.Person, think: float, timeout: float, hold: bool = False):
        return scenarios.portal(base_url, person, fair=FAIR, think=think, timeout=timeout, hold=hold, flow=self.flow,
                                load_page=True)

    def stored_codes(self) -> tuple[list[str], int]:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.server.portal.cluster.database_url)
        try:
            with engine.connect() as conn:
                codes = [r[0] for r in conn.execute(text("SELECT ticket_code FROM seeker"))]
                return codes, conn.execute(text("SELECT count(*) FROM checkin")).scalar_one()
        finally:
            engine.dispose()


def run_cluster(processes: int, folder: Path, args: argparse.Namespace) -> Report:
    with ProxiedPortal(folder, processes=processes, database=args.database) as portal:
        target = ClusterTarget(f"portal x{processes} behind proxy", ClusterServer(portal), folder,
                               scenarios.FLOWS["ticket-first"])
        report = Report(target.name, "", args.sessions)
        coro = drive(target, report, registrations=args.registrations, seconds=args.seconds,
                     warmup=2 * processes, think=0.0, timeout=args.timeout, hold=args.hold, ramp=args.ramp)
        before = [cpu_seconds(pid) for pid in portal.pids()]
        asyncio.run(asyncio.wait_for(coro, args.seconds + 3 * args.timeout + 120 * (processes + 1)))
        spent = [cpu_seconds(pid) - b for pid, b in zip(portal.pids(), before, strict=True)]
        report.server_args = "CPU split " + " / ".join(f"{x / (sum(spent) or 1):.0%}" for x in spent)
        check_rows(target, report)
    return report


def run_reference(folder: Path, args: argparse.Namespace) -> Report:
    target = make_target("reference", folder, [])
    report = Report("reference", "", args.sessions)
    with target.server:
        coro = drive(target, report, registrations=args.registrations, seconds=args.seconds, warmup=2, think=0.0,
                     timeout=args.timeout, hold=args.hold, ramp=args.ramp)
        asyncio.run(asyncio.wait_for(coro, args.seconds + 3 * args.timeout + 120))
    check_rows(target, report)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.loadgen.behind_proxy", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--registrations", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", default="postgres")
    parser.add_argument("--hold", action="store_true",
                        help="each phone registers one person and keeps its ticket page open: sessions held")
    parser.add_argument("--ramp", type=float, default=0.0, help="phones start spread over this many seconds")
    parser.add_argument("--reference", action=argparse.BooleanOptionalAction, default=True,
                        help="run the reference app too (default)")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args(argv)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="behind-proxy-"))
    reports: list[tuple[int, Report]] = []
    loads = []
    for r in range(args.rounds):
        for name in [*(["reference"] if args.reference else []), *args.processes]:
            sub = folder / f"{name}-{r}"
            report = run_reference(sub, args) if name == "reference" else run_cluster(name, sub, args)
            reports.append((r, report))
            loads.append(os.getloadavg()[0])
            print("\n".join(report.lines()), f"load average (1 min) {loads[-1]:.1f}", sep="\n", flush=True)
    print()
    print(HEADER)
    for _r, report in reports:
        print(summary_row(report))
    print()
    print("| target | median registrations/s | vs reference (median of rounds) | p50 / p95 ms (median) | "
          "CPU ms / registration (median) | errors | lost / duplicated |")
    print("|---|---|---|---|---|---|---|")
    for name in dict.fromkeys(rep.target for _r, rep in reports):
        mine = [(r, rep) for r, rep in reports if rep.target == name]
        ratios = []
        for r, rep in mine:
            ref = next((x for q, x in reports if q == r and x.target == "reference"), None)
            if ref is not None and ref.rate:
                ratios.append(rep.rate / ref.rate)
        cpu = [rep.cpu / len(rep.ok) * 1000 for _r, rep in mine if rep.ok]
        versus = f"{statistics.median(ratios):.0%} ({', '.join(f'{x:.0%}' for x in ratios)})" if ratios else "-"
        print(f"| {name} | {statistics.median(rep.rate for _r, rep in mine):.1f} | {versus} | "
              f"{statistics.median(pct(rep.ok, 50) for _r, rep in mine):.0f} / "
              f"{statistics.median(pct(rep.ok, 95) for _r, rep in mine):.0f} | "
              f"{statistics.median(cpu) if cpu else float('nan'):.0f} | "
              f"{sum(len(rep.errors) for _r, rep in mine)} | "
              f"{sum(rep.lost for _r, rep in mine)} / {sum(rep.duplicated for _r, rep in mine)} |")
    print(f"load average (1 min) during the runs: median {statistics.median(loads):.1f}, "
          f"min {min(loads):.1f}, max {max(loads):.1f} (2 cores)")
    failed = any(rep.errors or rep.lost or rep.duplicated for _r, rep in reports)
    print(f"(databases and logs in {folder})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
