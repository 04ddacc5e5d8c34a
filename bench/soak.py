"""A fair day, compressed: steady registrations at a human pace, booth scans and an organizer's dashboard, for
`--minutes`; each app process's memory sampled every `--sample` seconds.

    python3 -m bench.soak [--minutes 30] [--processes 2] [--database postgres|sqlite|URL] [--phones 10]
                          [--think 15] [--between 20] [--scan-every 15] [--refresh 10] [--proxy]

Starts the portal (bench.loadgen.processes: the database, an organizer and a recruiter with their sign-in
cookies, `--processes` app processes), then runs at once until the time is up:

* `--phones` people registering one after another on each phone (the portal's ticket-first flow over the
  websocket; `--think` seconds before each tap, as a person reads and types: bench/human_pace.py measured
  38 s of a person's own time to the ticket; `--between` seconds before the next person takes the phone);
* a recruiter at the booth (/booth, signed in by the staff cookie): every `--scan-every` seconds types the
  code of a ticket shown earlier and opens the card (the typed-code fallback of the scanner: the same
  `open_seeker_card` as a scan);
* an organizer with /dashboard open, the page run again every `--refresh` seconds (the whole page: more
  than the live fragment's own refresh costs);
* a sampler: every process's RSS (and CPU) every `--sample` seconds.

With `--proxy` the processes run behind HAProxy (bench.loadgen.proxied: scripts/cluster.py) and the phones and staff
reach only the proxy (each session first loads the page to get the proxy's sticky cookie); else each session
picks a process in turn.
Prints the RSS series per process, the least-squares slope in MB per 10 minutes over the run and over its
second half, the counts (registrations, scans, refreshes, errors) and the audit of the database
(lost / duplicated registrations). Exit status 1 on an error, a loss or a duplicate.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.loadgen import scenarios
from bench.loadgen.client import SessionError, StreamlitSession
from bench.loadgen.processes import FAIR, Portal
from bench.loadgen.proxied import ProxiedPortal
from bench.loadgen.runner import quantile

ERRORS = (SessionError, OSError, TimeoutError)


@dataclass
class Day:
    people: dict[str, list[str]] = field(default_factory=dict)  # ID number -> codes shown
    names: dict[str, str] = field(default_factory=dict)  # ticket code -> name
    scans: int = 0
    cards: int = 0
    refreshes: int = 0
    errors: list[str] = field(default_factory=list)
    samples: list[tuple[float, list[float], float]] = field(default_factory=list)  # (minutes, RSS MB each, CPU s)
    loads: list[float] = field(default_factory=list)  # the machine's load average (1 min) at each sample
    waits: list[float] = field(default_factory=list)  # submit -> ticket of each registration, seconds


async def registrar(urls: itertools.cycle, numbers: itertools.count, day: Day, *, think: float, between: float,
                    timeout: float, until: float, proxy: bool) -> None:
    while time.monotonic() < until:
        person = scenarios.Person(next(numbers))
        outcome = await scenarios.portal(next(urls), person, fair=FAIR, think=think, timeout=timeout,
                                         load_page=proxy)
        day.people.setdefault(person.id_number, [])
        if outcome.code:
            day.people[person.id_number].append(outcome.code)
            day.names[outcome.code] = person.name
            day.waits.append(outcome.submit_to_ticket)
        else:
            day.errors.append(f"registration {person.n}: {outcome.error}")
        await asyncio.sleep(between)


async def staff_session(url: str, path: str, cookies: dict[str, str], timeout: float, proxy: bool) -> StreamlitSession:
    s = StreamlitSession(url, path, timeout=timeout, cookies=cookies)
    await s.open(load_page=proxy)
    return s


async def booth(url: str, cookies: dict[str, str], day: Day, *, every: float, timeout: float, until: float,
                proxy: bool, rng: random.Random) -> None:
    s = None
    while time.monotonic() < until:
        await asyncio.sleep(every)
        if not day.names:
            continue
        code = rng.choice(sorted(day.names))
        try:
            if s is None:
                s = await staff_session(url, "/booth", cookies, timeout, proxy)
            s.set(s.find("text_input", key="booth_code"), f"{code[:4]} {code[4:]}")
            submit = next(w for w in s.widgets() if w.kind == "button" and w.proto.is_form_submitter
                          and "booth_code_form" in w.proto.form_id)
            await s.click(submit)
            day.scans += 1
            if s.alerts("error"):
                day.errors.append(f"booth {code}: " + " | ".join(s.alerts("error")))
            elif day.names[code] in s.text():
                day.cards += 1
            else:
                day.errors.append(f"booth {code}: no card for {day.names[code]}: " + s.text()[:200])
        except (*ERRORS, StopIteration) as exc:
            day.errors.append(f"booth: {type(exc).__name__}: {exc}")
            if s is not None:
                await s.close()
            s = None
    if s is not None:
        await s.close()


async def dashboard(url: str, cookies: dict[str, str], day: Day, *, every: float, timeout: float, until: float,
                    proxy: bool) -> None:
    s = None
    while time.monotonic() < until:
        try:
            if s is None:
                s = await staff_session(url, "/dashboard", cookies, timeout, proxy)
            else:
                await s.rerun()
            day.refreshes += 1
            if s.alerts("error"):
                day.errors.append("dashboard: " + " | ".join(s.alerts("error")))
        except ERRORS as exc:
            day.errors.append(f"dashboard: {type(exc).__name__}: {exc}")
            if s is not None:
                await s.close()
            s = None
        await asyncio.sleep(every)
    if s is not None:
        await s.close()


async def warm_up(url: str, cookies: dict[str, dict[str, str]], day: Day, n: int, timeout: float,
                  proxy: bool) -> None:
    """One registration and each staff page once, on one process, before the clock starts."""
    person = scenarios.Person(n)
    outcome = await scenarios.portal(url, person, fair=FAIR, timeout=timeout, load_page=proxy)
    day.people[person.id_number] = [outcome.code] if outcome.code else []
    if outcome.error:
        day.errors.append(f"warm-up registration: {outcome.error}")
    for role, path in (("recruiter", "/booth"), ("organizer", "/dashboard")):
        try:
            await (await staff_session(url, path, cookies[role], timeout, proxy)).close()
        except ERRORS as exc:
            day.errors.append(f"warm-up {path}: {type(exc).__name__}: {exc}")


async def sampler(portal: Portal | ProxiedPortal, day: Day, *, every: float, start: float, until: float) -> None:
    while True:
        day.samples.append(((time.monotonic() - start) / 60, portal.rss(), portal.cpu()))
        day.loads.append(os.getloadavg()[0])
        if time.monotonic() >= until:
            return
        await asyncio.sleep(min(every, max(0.0, until - time.monotonic())))


async def run(portal: Portal | ProxiedPortal, args: argparse.Namespace) -> Day:
    day, rng = Day(), random.Random(args.seed)
    for i in range(portal.processes):  # each process imports the app on its first session: not sampled
        url = portal.urls[i % len(portal.urls)]  # behind the proxy: new sessions are spread over the processes
        await warm_up(url, portal.cookies, day, 19_000_000 + i, args.timeout, portal.proxy)
    start = time.monotonic()
    until = start + args.minutes * 60
    proxy = portal.proxy
    urls = itertools.cycle(portal.urls)
    numbers = itertools.count(20_000_000)
    tasks = [registrar(urls, numbers, day, think=args.think, between=args.between, timeout=args.timeout,
                       until=until, proxy=proxy) for _ in range(args.phones)]
    tasks.append(booth(next(urls), portal.cookies["recruiter"], day, every=args.scan_every, timeout=args.timeout,
                       until=until, proxy=proxy, rng=rng))
    tasks.append(dashboard(next(urls), portal.cookies["organizer"], day, every=args.refresh, timeout=args.timeout,
                           until=until, proxy=proxy))
    tasks.append(sampler(portal, day, every=args.sample, start=start, until=until))
    await asyncio.gather(*tasks)
    return day


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (minutes, MB), in MB per 10 minutes."""
    if len(points) < 2:
        return float("nan")
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return 10 * sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else float("nan")


def memory_lines(day: Day) -> list[str]:
    count = len(day.samples[0][1]) if day.samples else 0
    head = "| minute | " + " | ".join(f"process {i + 1} RSS MB" for i in range(count)) + " | CPU s (all) |"
    lines = [head, "|" + "---|" * (count + 2)]
    for minute, rss, cpu in day.samples:
        lines.append(f"| {minute:.1f} | " + " | ".join(f"{r:.0f}" for r in rss) + f" | {cpu:.0f} |")
    end = day.samples[-1][0] if day.samples else 0
    for i in range(count):
        series = [(m, rss[i]) for m, rss, _ in day.samples]
        half = [(m, r) for m, r in series if m >= end / 2]
        lines.append(f"process {i + 1}: RSS {series[0][1]:.0f} -> {series[-1][1]:.0f} MB (max "
                     f"{max(r for _, r in series):.0f}); slope {slope(series):+.1f} MB/10 min over the run, "
                     f"{slope(half):+.1f} over its second half")
    return lines


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python3 -m bench.soak", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--database", default="postgres", help="postgres (a throwaway server), sqlite or a URL")
    parser.add_argument("--proxy", action="store_true",
                        help="behind HAProxy (scripts/cluster.py); default: each session picks a process in turn")
    parser.add_argument("--phones", type=int, default=10)
    parser.add_argument("--think", type=float, default=15, help="seconds before each tap (15)")
    parser.add_argument("--between", type=float, default=20, help="seconds before a phone's next person (20)")
    parser.add_argument("--scan-every", type=float, default=15)
    parser.add_argument("--refresh", type=float, default=10)
    parser.add_argument("--sample", type=float, default=60, help="seconds between RSS samples (60)")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--dir", type=Path, default=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="soak-"))
    kind = ProxiedPortal if args.proxy else Portal
    with kind(folder, processes=args.processes, database=args.database, staff=True) as portal:
        day = asyncio.run(run(portal, args))
        audit = portal.audit(day.people)
        spread = portal.spread() if args.proxy else {}
    confirmed = sum(1 for codes in day.people.values() if codes)
    print(f"soak: {args.minutes:g} min, {args.processes} process(es) on {args.database}"
          f"{' behind HAProxy' if args.proxy else ''}; {args.phones} phones (think {args.think:g} s, "
          f"next person after {args.between:g} s)")
    print(f"registrations shown a ticket {confirmed} of {len(day.people)} tried; booth scans {day.scans} "
          f"(cards shown {day.cards}); dashboard runs {day.refreshes}; errors {len(day.errors)}")
    p50, p95, top = (quantile(day.waits, q) * 1000 for q in (50, 95, 100))
    print(f"submit -> ticket: p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {top:.0f} ms")
    if day.loads:
        print(f"load average (1 min) at the samples: median {statistics.median(day.loads):.1f}, "
              f"min {min(day.loads):.1f}, max {max(day.loads):.1f} (2 cores)")
    if spread:
        print("connections per process through HAProxy: " + ", ".join(f"{k} {v}" for k, v in spread.items()))
    print(f"database: seekers {audit['seekers']}, check-ins {audit['checkins']}; lost {audit['lost']}, "
          f"duplicated {audit['duplicated']}, rows without a ticket shown {audit['unseen']}; "
          f"integrity {audit['integrity']}")
    for error in day.errors[:10]:
        print("  error:", error[:300])
    print("\n".join(memory_lines(day)))
    print(f"(database and logs in {folder})")
    failed = day.errors or audit["lost"] or audit["duplicated"] or audit["mismatched"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
