"""python3 -m bench.loadgen --target both --sessions 20 --registrations 300 --seconds 30

Starts the server under test itself (a temporary directory with a SQLite file; the
repository's .streamlit/config.toml applies to both apps), drives the phones, prints the
figures and a Markdown row per run for bench/RESULTS.md. `--server-args` may be given more
than once: each value is one more run per target (an empty value is the default settings).
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from bench.loadgen import scenarios
from bench.loadgen.runner import run_one, statistics_note, summary_row

HEADER = ("| target | server args | sessions | registered | per s | submit→ticket p50 / p95 ms | "
          "server CPU ms / registration | max RSS MB | errors | lost / duplicated |\n"
          "|---|---|---|---|---|---|---|---|---|---|")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.loadgen", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=["portal", "reference", "both"], default="both")
    parser.add_argument("--flow", choices=sorted(scenarios.FLOWS), default="ticket-first",
                        help="the portal's registration page: one form (main) or ticket first (issue 10)")
    parser.add_argument("--sessions", type=int, default=20, help="phones registering at once (20)")
    parser.add_argument("--registrations", type=int, default=200, help="at most this many people per run (200)")
    parser.add_argument("--seconds", type=float, default=30, help="no new registration starts after this (30)")
    parser.add_argument("--warmup", type=int, default=2, help="registrations before the clock starts (2)")
    parser.add_argument("--think", type=float, default=0.0, help="seconds between filling and each press (0)")
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="phones start one after another, spread over this many seconds (0: all at once)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds one script run may take (60)")
    parser.add_argument("--server-args", action="append", default=None,
                        help="extra `streamlit run` flags, e.g. '--runner.postScriptGC false'; repeatable")
    parser.add_argument("--rounds", type=int, default=1, help="repeat every run this many times, alternating (1)")
    parser.add_argument("--hold", action="store_true",
                        help="each phone registers one person and keeps the ticket page open to the end: "
                             "RSS with --sessions pages open")
    parser.add_argument("--dir", type=Path, default=None, help="keep databases and server logs here")
    args = parser.parse_args(argv)
    if not (1 <= args.sessions <= 500 and 1 <= args.registrations <= 20_000 and 1 <= args.rounds <= 10
            and 0 < args.seconds <= 3600):
        parser.error("sessions 1-500, registrations 1-20000, rounds 1-10, seconds up to 3600")
    targets = ["portal", "reference"] if args.target == "both" else [args.target]
    variants = [shlex.split(v) for v in (args.server_args or [""])]
    folder = args.dir or Path(tempfile.mkdtemp(prefix="loadgen-"))
    reports = []
    for r in range(args.rounds):  # alternating targets, so a busy spell on the machine hits all
        for v, server_args in enumerate(variants):
            for name in targets:
                report = run_one(name, folder / f"{name}-{v}-{r}", server_args, sessions=args.sessions,
                                 registrations=args.registrations, seconds=args.seconds, warmup=args.warmup,
                                 think=args.think, timeout=args.timeout, hold=args.hold,
                                 ramp=args.ramp, flow=args.flow)
                reports.append(report)
                print("\n".join(report.lines()), flush=True)
    failed = any(r.errors or r.lost or r.duplicated for r in reports)
    if args.dir is None and not failed:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"\n(databases and server logs in {folder})")
    print()
    print(HEADER)
    for report in reports:
        print(summary_row(report))
    print(statistics_note(reports))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
