"""What the summary tables cost the fair-day desk: end-to-end registrations per second of one app process,
with the summary updates on and off, in the same run (issue 15's registration aim: at most 10 %).

    python3 -m bench.loadgen.summaries_cost [--rounds 3] [--sessions 20] [--registrations 300] [--seconds 30]

Each run is `python3 -m bench.loadgen`'s portal run (bench.loadgen.runner.run_one: a fresh SQLite database with
the fair, one `streamlit run app.py`, `--sessions` phones registering through the ticket-first page until
`--registrations` or `--seconds`). "Off" starts the same app through bench/loadgen/no_summaries.py (the summary
helper replaced by a no-op before the pages import it). The rounds alternate, and so does the order within a
round (on-off, off-on, ...), so a busy spell of the shared machine hits both. Printed per run: registrations
per second, submit -> ticket p50/p95, server CPU per registration, the summary rows the run left (on: > 0;
off: must be 0, else the switch did not work), the 1-minute load average before and after; then the medians
per setting and the cost: 1 - rate(on) / rate(off), and CPU(on) / CPU(off) - 1. Aim: cost <= 10 %.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

from bench.loadgen.runner import Report, pct, run_one

AIM = 0.10
SETTINGS = {"on": [], "off": ["BENCH_SUMMARIES=off"]}


def summary_rows(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT (SELECT count(*) FROM summary_count) + (SELECT count(*) FROM summary_marker)"
                            ).fetchone()[0]


def cpu_per(report: Report) -> float:
    return report.cpu / len(report.ok) * 1000 if report.ok else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.loadgen.summaries_cost", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of on + off (3)")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--registrations", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="summaries-cost-"))
    runs: dict[str, list[tuple[Report, int]]] = {"on": [], "off": []}
    loads = []
    failed = False
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    for r in range(args.rounds):
        for setting in (("on", "off") if r % 2 == 0 else ("off", "on")):
            before = os.getloadavg()[0]
            run_dir = folder / f"{setting}-{r}"
            report = run_one("portal", run_dir, SETTINGS[setting], sessions=args.sessions,
                             registrations=args.registrations, seconds=args.seconds, warmup=args.warmup,
                             think=0.0, timeout=args.timeout)
            after = os.getloadavg()[0]
            loads += [before, after]
            rows = summary_rows(run_dir / "portal.db")
            runs[setting].append((report, rows))
            failed |= bool(report.errors or report.lost or report.duplicated) or (setting == "off") == (rows > 0)
            print(f"round {r + 1} summaries {setting:3s}: {len(report.ok)} registered in {report.seconds:.1f} s = "
                  f"{report.rate:.2f}/s; submit->ticket p50 {pct(report.ok, 50):.0f} ms, p95 {pct(report.ok, 95):.0f}"
                  f" ms; server CPU {cpu_per(report):.0f} ms/registration; summary rows {rows}; errors "
                  f"{len(report.errors)}, lost {report.lost}, duplicated {report.duplicated}; load {before:.2f} -> "
                  f"{after:.2f}", flush=True)
            for error in sorted(set(report.errors))[:3]:
                print(f"    error: {error[:300]}")
    rate = {s: statistics.median(rep.rate for rep, _ in runs[s]) for s in runs}
    cpu = {s: statistics.median(cpu_per(rep) for rep, _ in runs[s]) for s in runs}
    p50 = {s: statistics.median(pct(rep.ok, 50) for rep, _ in runs[s]) for s in runs}
    cost = 1 - rate["on"] / rate["off"]
    cpu_cost = cpu["on"] / cpu["off"] - 1
    print(f"\nmedians of {args.rounds} rounds, {args.sessions} phones, one app process, SQLite:")
    print("| summaries | registrations/s | submit->ticket p50 ms | server CPU ms / registration |\n|---|---|---|---|")
    for s in ("off", "on"):
        print(f"| {s} | {rate[s]:.2f} | {p50[s]:.0f} | {cpu[s]:.0f} |")
    print(f"cost of the summaries: {cost:+.1%} registrations/s, {cpu_cost:+.1%} server CPU per registration "
          f"(aim <= {AIM:.0%}: {'MET' if max(cost, cpu_cost) <= AIM else 'NOT MET'})")
    print(f"load average over the runs (1 min, before/after each run): min {min(loads):.2f}, median "
          f"{statistics.median(loads):.2f}, max {max(loads):.2f}")
    if failed:
        print(f"(FAILED runs; databases and logs kept in {folder})")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
