"""Does one server's memory stay flat under registrations for a long time?

    nice -n 10 python3 -m bench.memory_run --minutes 30 --sessions 10 --think 1.5

Starts the portal (or the reference) as `bench.loadgen` does (fresh SQLite, the repository's
.streamlit/config.toml, `--server-args`), then keeps `--sessions` phones registering new people,
one after another, with `--think` seconds before each press, for `--minutes`. Every `--interval`
seconds (30) it samples the server's VmRSS (/proc/PID/status) and, for the portal, the collector's
figures the server prints itself (`PORTAL_GC_LOG`, see components/gc_policy.py: objects frozen,
objects tracked, freezes so far), and prints one line per sample. At the end: the series as a
Markdown table, the RSS slope (least squares, MB per hour) over the whole run and over its second
half (after Streamlit's `disconnectedSessionTTL`, 120 s, closed sessions are dropped, so the first
minutes rise), errors and lost/duplicated tickets. Exit status 1 on an error, loss or duplicate.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shlex
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.loadgen import scenarios
from bench.loadgen.runner import Report, check_rows, make_target

GC_LINE = re.compile(r"^gc-stats (.*)$", re.MULTILINE)


@dataclass
class Sample:
    seconds: float
    rss_mb: float
    registered: int
    gc: dict[str, int] = field(default_factory=dict)


def vm_rss_mb(pid: int) -> float:
    """VmRSS of a process in MB (10^6 bytes), from /proc/PID/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024 / 1e6
    raise ValueError(f"no VmRSS for {pid}")


def last_gc_stats(log_text: str) -> dict[str, int]:
    """The last `gc-stats k=v ...` line the server printed, as a dict ({} if none)."""
    found = GC_LINE.findall(log_text)
    if not found:
        return {}
    return {k: int(v) for k, v in (word.split("=", 1) for word in found[-1].split())}


def slope_per_hour(samples: list[Sample]) -> float:
    """Least-squares slope of RSS over time, in MB per hour (0 with fewer than two samples)."""
    if len(samples) < 2:
        return 0.0
    xs = [s.seconds / 3600 for s in samples]
    ys = [s.rss_mb for s in samples]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    if var == 0:
        return 0.0
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var


def table(samples: list[Sample]) -> list[str]:
    lines = ["| minute | RSS MB | registered | objects tracked | frozen | freezes | sessions open / kept | "
             "media files (KB) |", "|---|---|---|---|---|---|---|---|"]
    for s in samples:
        g = s.gc
        lines.append(f"| {s.seconds / 60:.1f} | {s.rss_mb:.1f} | {s.registered} | {g.get('tracked', '')} | "
                     f"{g.get('frozen', '')} | {g.get('freezes', '')} | {g.get('sessions_active', '')} / "
                     f"{g.get('sessions_kept', '')} | {g.get('media_files', '')} ({g.get('media_kb', '')}) |")
    return lines


async def run(target, report: Report, *, minutes: float, sessions: int, think: float, interval: float,
              timeout: float) -> list[Sample]:
    server = target.server
    base = server.base_url
    for n in range(2):  # warm-up: first imports and migrations
        report.warmup.append(await target.scenario(base, scenarios.Person(10_000_000 + n), think, timeout))
    deadline = time.monotonic() + minutes * 60
    counter = iter(range(10_000_000))
    samples: list[Sample] = []
    start = time.monotonic()

    async def phone() -> None:
        last = None
        for n in counter:
            if time.monotonic() > deadline:
                break
            outcome = await target.scenario(base, scenarios.Person(n), think, timeout, True)
            outcome_session, outcome.session = outcome.session, None
            report.outcomes.append(outcome)
            if last is not None:
                await last.close()  # the phone's previous tab
            last = outcome_session or last
        if last is not None:
            await last.close()

    async def sample() -> None:
        while True:
            log = server.log_path.read_text(errors="replace") if server.log_path.exists() else ""
            s = Sample(time.monotonic() - start, vm_rss_mb(server.proc.pid), len(report.ok), last_gc_stats(log))
            samples.append(s)
            print(f"{s.seconds / 60:6.1f} min  RSS {s.rss_mb:7.1f} MB  registered {s.registered:6d}  "
                  f"gc {s.gc}", flush=True)
            await asyncio.sleep(interval)

    sampler = asyncio.create_task(sample())
    cpu0 = server.cpu()
    await asyncio.gather(*(phone() for _ in range(sessions)))
    report.seconds = time.monotonic() - start
    report.cpu = server.cpu() - cpu0
    sampler.cancel()
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.memory_run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=["portal", "reference"], default="portal")
    parser.add_argument("--flow", choices=sorted(scenarios.FLOWS), default="ticket-first")
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--sessions", type=int, default=10, help="phones registering at once (10)")
    parser.add_argument("--think", type=float, default=1.5, help="seconds before each press (1.5)")
    parser.add_argument("--interval", type=float, default=30, help="seconds between samples (30)")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--server-args", default="", help="extra `streamlit run` flags, leading NAME=VALUE env")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args(argv)
    if not (1 <= args.sessions <= 200 and 0 < args.minutes <= 240 and args.interval >= 1):
        parser.error("sessions 1-200, minutes up to 240, interval at least 1 s")
    folder = args.dir or Path(tempfile.mkdtemp(prefix="memory-run-"))
    server_args = [f"PORTAL_GC_LOG={args.interval / 2:g}", *shlex.split(args.server_args)]
    target = make_target(args.target, folder / args.target, server_args, args.flow)
    report = Report(args.target, args.server_args, args.sessions)
    with target.server:
        samples = asyncio.run(run(target, report, minutes=args.minutes, sessions=args.sessions, think=args.think,
                                  interval=args.interval, timeout=args.timeout))
    check_rows(target, report)
    half = [s for s in samples if s.seconds >= samples[-1].seconds / 2] if samples else []
    print()
    print("\n".join(table(samples)))
    print()
    ok = len(report.ok)
    print(f"{args.target}, server args '{args.server_args or 'default'}': {args.sessions} phones, think "
          f"{args.think:g} s, {ok} registrations in {report.seconds / 60:.1f} min "
          f"({ok / report.seconds if report.seconds else 0:.2f}/s), server CPU {report.cpu:.0f} s "
          f"({report.cpu / ok * 1000 if ok else 0:.0f} ms per registration)")
    if samples:
        print(f"RSS {samples[0].rss_mb:.1f} MB at start, {max(s.rss_mb for s in samples):.1f} max, "
              f"{samples[-1].rss_mb:.1f} at end; slope {slope_per_hour(samples):+.1f} MB/h over the run, "
              f"{slope_per_hour(half):+.1f} MB/h over the second half")
    print(f"errors {len(report.errors)}; lost {report.lost}, duplicated {report.duplicated}")
    for error in sorted(set(report.errors))[:5]:
        print(f"  error: {error[:300]}")
    failed = bool(report.errors or report.lost or report.duplicated)
    if args.dir is None and not failed:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"(database and server log in {folder})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
