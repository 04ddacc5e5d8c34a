"""Sessions held: how many phones at a human pace one and two app processes behind HAProxy hold at once.

    python3 -m bench.loadgen.held [--processes 1 2] [--steps 50 100 200 400] [--ramp 30] [--fill 40]
                                  [--hold 15] [--limit 3] [--rounds 1] [--database postgres|sqlite|URL]

For each process count and each step N (a fresh deployment each time: scripts/cluster.py through
bench.loadgen.proxied, PostgreSQL durable, HAProxy with the sticky cookie), N phones arrive spread over
`--ramp` seconds; each loads /register through the proxy (its sticky cookie), opens the websocket and fills
the ticket-first form slowly: a pause before each tap that makes the page run (the village search, the village
pill, "next", "confirm"), `--fill` seconds in all on average (each pause drawn between half and 1.5 times its
share; bench/human_pace.py measured 38 s of a person's own time to the ticket). Then the phone keeps its ticket
page open. With the ramp shorter than the filling, all N are filling at once at the peak: N/10 taps a second
for the default 40 s. When the last phone has its ticket, all N pages stay open `--hold` seconds more.

Figures per step: submit -> ticket p50/p95 (the two presses, as bench.loadgen reports it), p95 of every
script run a phone waited for (opening included), RSS of each process after the warm-up, at its peak with N
pages open and after they close, the sessions HAProxy counted per process at the peak (`scur`), the pages
still connected at the end, server CPU, errors, and the database audit (lost / duplicated). A step *breaks*
when its p95 passes `--limit` seconds or anything fails; the bigger steps of that process count are skipped
after the first break. The figure "sessions held" is the largest step before the break.
"""

from __future__ import annotations

import argparse
import asyncio
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
from bench.loadgen.processes import FAIR
from bench.loadgen.proxied import ProxiedPortal
from bench.loadgen.runner import quantile

ERRORS = (SessionError, OSError, TimeoutError)
FLOW = scenarios.PORTAL


def pauses(flow: scenarios.Flow = FLOW) -> int:
    """The taps that make the page run: fills that rerun it and the presses (4 in the ticket-first flow)."""
    return sum(1 for step in flow.steps for fill in step.fills if fill.rerun) + len(flow.steps)


def pause(rng: random.Random, fill: float, flow: scenarios.Flow = FLOW) -> float:
    """One pause before a tap: its share of `fill` seconds, between half and 1.5 times that."""
    return fill / pauses(flow) * rng.uniform(0.5, 1.5)


def connected(s: StreamlitSession) -> bool:
    """The page's websocket is still up: the client's reader has not seen it close (bench/loadgen/client.py)."""
    return s._ws is not None and s._closed_reason is None


@dataclass
class Phone:
    outcome: scenarios.Outcome
    runs: list[float] = field(default_factory=list)  # every script run this phone waited for, seconds


async def phone(url: str, person: scenarios.Person, *, fill: float, rng: random.Random, timeout: float,
                flow: scenarios.Flow = FLOW) -> Phone:
    """One villager: load the page through the proxy, fill slowly, press, read the ticket; the page stays open
    (`outcome.session`) unless something failed."""
    done = Phone(scenarios.Outcome(person.n))
    outcome = done.outcome
    s = StreamlitSession(url, flow.path.format(fair=FAIR), timeout=timeout)
    try:
        start = time.perf_counter()
        await s.open(load_page=True)
        done.runs.append(outcome.steps.setdefault("open", time.perf_counter() - start))
        for step in flow.steps:
            for item in step.fills:
                if item.rerun:
                    await asyncio.sleep(pause(rng, fill, flow))
                    before = outcome.steps.get(scenarios.TYPING, 0.0)
                    await item.apply(s, person, outcome)
                    done.runs.append(outcome.steps.get(scenarios.TYPING, 0.0) - before)
                else:
                    await item.apply(s, person, outcome)
            await asyncio.sleep(pause(rng, fill, flow))
            start = time.perf_counter()
            await s.click(step.press.find(s))
            done.runs.append(outcome.steps.setdefault(step.name, time.perf_counter() - start))
            if step.expect is not None:
                step.expect(s)
        outcome.code = scenarios.read_ticket(s)
        if not outcome.code:
            raise SessionError("no ticket code on screen")
        outcome.session = s
    except (*ERRORS, StopIteration) as exc:
        outcome.error = f"{type(exc).__name__}: {exc}"[:300]
        await s.close()
    return done


@dataclass
class Step:
    processes: int
    sessions: int
    round: int = 0
    phones: list[Phone] = field(default_factory=list)
    warmup: list[scenarios.Outcome] = field(default_factory=list)
    rss_start: list[float] = field(default_factory=list)
    rss_peak: list[float] = field(default_factory=list)
    rss_closed: list[float] = field(default_factory=list)
    per_process: dict[str, int] = field(default_factory=dict)  # HAProxy's current sessions at the peak
    still_open: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    client_cpu: float = 0.0
    load: float = 0.0
    audit: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> list[scenarios.Outcome]:
        return [p.outcome for p in self.phones if p.outcome.code]

    @property
    def errors(self) -> list[str]:
        found = [o.error for o in [p.outcome for p in self.phones] + self.warmup if o.error]
        if self.still_open < len(self.ok):
            found.append(f"{len(self.ok) - self.still_open} ticket pages closed by the server before the end")
        return found

    def p(self, q: int) -> float:
        """submit -> ticket, ms."""
        return quantile([o.submit_to_ticket for o in self.ok], q) * 1000

    def any_tap(self, q: int) -> float:
        return quantile([t for ph in self.phones for t in ph.runs], q) * 1000

    @property
    def lost(self) -> int:
        return int(self.audit.get("lost", 0)) + int(self.audit.get("mismatched", 0))

    @property
    def duplicated(self) -> int:
        return int(self.audit.get("duplicated", 0))

    def broken(self, limit: float) -> bool:
        return bool(self.errors) or self.lost > 0 or self.duplicated > 0 or self.p(95) > limit * 1000

    def row(self) -> str:
        rss = " / ".join(f"{a:.0f} → {b:.0f} → {c:.0f}" for a, b, c in
                         zip(self.rss_start, self.rss_peak, self.rss_closed, strict=True))
        grown = sum(b - a for a, b in zip(self.rss_start, self.rss_peak, strict=True))
        spread = " / ".join(str(v) for v in self.per_process.values()) or "-"
        return (f"| {self.processes} | {self.sessions} | {len(self.ok)} | {self.p(50):,.0f} / {self.p(95):,.0f} | "
                f"{self.any_tap(95):,.0f} | {rss} | {grown / max(1, self.sessions):.2f} | {spread} | "
                f"{self.still_open} | {self.cpu:.0f} | {len(self.errors)} | {self.lost} / {self.duplicated} | "
                f"{self.load:.1f} |")


HEADER = ("| processes | sessions | tickets | submit→ticket p50 / p95 ms | any tap p95 ms | "
          "RSS MB per process: start → N open → closed | MB per session | sessions per process (HAProxy) | "
          "pages open at the end | server CPU s | errors | lost / duplicated | load avg |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def held(steps: list[Step], limit: float) -> int:
    """The figure: the largest step whose every smaller step (and itself) held (0 when the first broke)."""
    best = 0
    for step in sorted(steps, key=lambda s: s.sessions):
        if step.broken(limit):
            break
        best = step.sessions
    return best


async def drive(portal: ProxiedPortal, step: Step, *, ramp: float, fill: float, hold: float, timeout: float,
                seed: int) -> None:
    url = portal.urls[0]
    for i in range(2 * portal.processes):  # each process imports the app on its first session: not measured
        step.warmup.append(await scenarios.portal(url, scenarios.Person(19_000_000 + i), fair=FAIR, timeout=timeout,
                                                  load_page=True))
    step.rss_start = portal.rss()
    peaks = list(step.rss_start)

    async def sample() -> None:
        while True:
            await asyncio.sleep(1)
            for i, r in enumerate(portal.rss()):
                peaks[i] = max(peaks[i], r)

    async def arrive(i: int) -> Phone:
        await asyncio.sleep(i * ramp / step.sessions)
        return await phone(url, scenarios.Person(30_000_000 + i), fill=fill, rng=random.Random(seed * 100_003 + i),
                           timeout=timeout)

    sampler = asyncio.create_task(sample())
    cpu0, client0, start = portal.cpu(), time.process_time(), time.perf_counter()
    step.phones = list(await asyncio.gather(*(arrive(i) for i in range(step.sessions))))
    await asyncio.sleep(hold)
    step.seconds = time.perf_counter() - start
    step.cpu, step.client_cpu = portal.cpu() - cpu0, time.process_time() - client0
    step.load = os.getloadavg()[0]
    step.per_process = portal.current()
    sampler.cancel()
    step.rss_peak = [max(a, b) for a, b in zip(peaks, portal.rss(), strict=True)]
    sessions = [p.outcome.session for p in step.phones if p.outcome.session is not None]
    step.still_open = sum(1 for s in sessions if connected(s))
    await asyncio.gather(*(s.close() for s in sessions))
    await asyncio.sleep(3)
    step.rss_closed = portal.rss()


def run_step(processes: int, sessions: int, folder: Path, args: argparse.Namespace, round_: int = 0) -> Step:
    seed = args.seed + round_
    step = Step(processes, sessions, round=round_)
    with ProxiedPortal(folder, processes=processes, database=args.database) as portal:
        coro = drive(portal, step, ramp=args.ramp, fill=args.fill, hold=args.hold, timeout=args.timeout, seed=seed)
        asyncio.run(asyncio.wait_for(coro, args.ramp + 2 * args.fill + args.hold + 8 * args.timeout + 300))
        people: dict[str, list[str]] = {}
        for o in [p.outcome for p in step.phones] + step.warmup:
            people.setdefault(scenarios.Person(o.person).id_number, []).extend([o.code] if o.code else [])
        step.audit = portal.audit(people)
    return step


def medians(steps: list[Step]) -> list[str]:
    lines = ["| processes | sessions | rounds | submit→ticket p50 / p95 ms (median) | peak RSS per process MB "
             "(median) | errors (all rounds) |", "|---|---|---|---|---|---|"]
    for key in dict.fromkeys((s.processes, s.sessions) for s in steps):
        mine = [s for s in steps if (s.processes, s.sessions) == key]
        peak = statistics.median(statistics.mean(s.rss_peak) for s in mine)
        lines.append(f"| {key[0]} | {key[1]} | {len(mine)} | {statistics.median(s.p(50) for s in mine):,.0f} / "
                     f"{statistics.median(s.p(95) for s in mine):,.0f} | {peak:.0f} | "
                     f"{sum(len(s.errors) for s in mine)} |")
    return lines


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python3 -m bench.loadgen.held", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--steps", type=int, nargs="+", default=[50, 100, 200, 400],
                        help="phones (open sessions) per step, each step on a fresh deployment")
    parser.add_argument("--ramp", type=float, default=30, help="the phones arrive spread over this many seconds")
    parser.add_argument("--fill", type=float, default=40, help="a person's own time to the ticket, seconds (40)")
    parser.add_argument("--hold", type=float, default=15, help="seconds all pages stay open after the last ticket")
    parser.add_argument("--limit", type=float, default=3, help="a step breaks when p95 passes this (seconds)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds one script run may take")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--all", action="store_true", help="run the bigger steps after a break too")
    parser.add_argument("--database", default="postgres")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--dir", type=Path, default=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not all(1 <= n <= 2000 for n in args.steps):
        parser().error("steps of 1-2000 sessions")
    folder = args.dir or Path(tempfile.mkdtemp(prefix="held-"))
    steps: list[Step] = []
    for r in range(args.rounds):
        for processes in args.processes:
            for n in sorted(args.steps):
                step = run_step(processes, n, folder / f"p{processes}-n{n}-r{r}", args, r)
                steps.append(step)
                if len(steps) == 1:
                    print(HEADER)
                print(step.row(), flush=True)
                print(f"  {step.seconds:.0f} s; load generator CPU {step.client_cpu:.0f} s", flush=True)
                for error in sorted(set(step.errors))[:5]:
                    print("  error:", error)
                if step.broken(args.limit) and not args.all:
                    break
    print(f"\nsessions held ({args.fill:g} s to the ticket, arriving over {args.ramp:g} s, p95 within "
          f"{args.limit:g} s, no errors):")
    for r in range(args.rounds):
        for processes in args.processes:
            mine = [s for s in steps if s.processes == processes and s.round == r]
            print(f"  round {r + 1}, {processes} process(es): {held(mine, args.limit)}")
    print()
    print(HEADER)
    print("\n".join(s.row() for s in steps))
    if args.rounds > 1:
        print("\n".join(["", *medians(steps)]))
    print(f"(databases and logs in {folder})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
