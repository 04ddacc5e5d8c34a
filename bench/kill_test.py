"""Kill test: SIGKILL app processes at random moments while phones register; nothing confirmed is lost or doubled.

    python3 -m bench.kill_test [--people 1000] [--sessions 40] [--kills 20] [--processes 2] [--database sqlite|postgres]

Starts `--processes` portal processes on one database (bench.loadgen.processes), then `--sessions` phones
register `--people` distinct people (the portal's ticket-first flow, over Streamlit's websocket, no think
time). Meanwhile a supervisor kills a random process with SIGKILL every `--gap` seconds (drawn at random
between the two values) and starts it again on the same port, as systemd's `Restart=always` would, until the
phones are done (at least `--kills` times; the run fails if the phones finish before). A phone whose
registration did not end with its ticket on screen (connection refused or dropped, a script run cut off)
tries the same person again in a new session, as a person would tap the QR link again, on the next
process. Every `--drop-every`-th person also loses the connection on purpose right after tapping
"confirm" on the first try (the tap sent, the answer never read) before trying again: a retry after an
unconfirmed submit.

Afterwards (bench.loadgen.audit) each person's rows are found by the keyed digest of their ID number:
**lost** = a person shown a ticket without a row holding that code; **duplicated** = a person with two
rows, or one code shown to two people; **mismatched** = two different codes shown to one person;
`PRAGMA integrity_check` on SQLite. Exit status 1 unless kills >= --kills and lost = duplicated =
mismatched = 0 and every person got a ticket and integrity is ok.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
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


@dataclass
class Tally:
    people: dict[str, list[str]] = field(default_factory=dict)  # ID number -> codes shown
    attempts: int = 0
    retried: int = 0  # people who needed more than one attempt
    dropped: int = 0  # confirm taps sent with the connection dropped at once
    gave_up: int = 0
    kills: list[float] = field(default_factory=list)  # seconds into the run
    restart_seconds: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def shown(self) -> int:
        return sum(1 for codes in self.people.values() if codes)

    def error(self, text: str) -> None:
        kind = text.split(":", 1)[0] + ": " + text.split(":", 1)[-1].strip()[:60]
        self.errors[kind] = self.errors.get(kind, 0) + 1


async def drop_after_confirm(url: str, person: scenarios.Person, timeout: float, proxy: bool) -> None:
    """The first step as usual, then "confirm" tapped and the connection closed before the answer."""
    flow = scenarios.PORTAL
    outcome = scenarios.Outcome(person.n)
    s = StreamlitSession(url, flow.path.format(fair=FAIR), timeout=timeout)
    try:
        await s.open(load_page=proxy)
        await scenarios.run_step(s, flow.steps[0], person, outcome)
        await s.press_and_drop(flow.steps[1].press.find(s))
    finally:
        await s.close()


async def register_until_ticket(urls: itertools.cycle, person: scenarios.Person, tally: Tally, *, drop: bool,
                                timeout: float, max_attempts: int, deadline: float, proxy: bool = False) -> None:
    codes = tally.people.setdefault(person.id_number, [])
    for attempt in range(max_attempts):
        url = next(urls)
        tally.attempts += 1
        if attempt == 0 and drop:
            try:
                await drop_after_confirm(url, person, timeout, proxy)
                tally.dropped += 1
            except (SessionError, OSError, TimeoutError) as exc:
                tally.error(f"{type(exc).__name__}: {exc}")
            if attempt == 0:
                tally.retried += 1
            continue
        outcome = await scenarios.portal(url, person, fair=FAIR, timeout=timeout, load_page=proxy)
        if outcome.code:
            codes.append(outcome.code)
            return
        tally.error(outcome.error)
        if attempt == 0:
            tally.retried += 1
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(min(5.0, 0.3 * (attempt + 1)))  # the process may be starting again
    tally.gave_up += 1


async def supervise(portal: Portal | ProxiedPortal, tally: Tally, done: asyncio.Event, gap: tuple[float, float],
                    start: float, rng: random.Random, at: list[int] | None = None) -> None:
    """Kill a random process every `gap` seconds (counted from the restarted process answering) until `done`;
    with `at`, instead once when the tickets shown reach each of these counts, the restart going on meanwhile
    (a fixed number of kills whatever the machine's speed: the CI tests)."""
    pending = sorted(at or [])
    restarting: dict[int, asyncio.Task] = {}

    async def restart(i: int) -> None:
        t0 = time.monotonic()
        await asyncio.to_thread(portal.restart, i)
        tally.restart_seconds.append(time.monotonic() - t0)

    while not done.is_set() and (at is None or pending):
        try:
            wait = rng.uniform(*gap) if at is None else 0.05
            await asyncio.wait_for(done.wait(), wait)
            break
        except TimeoutError:
            pass
        if at is not None:
            if tally.shown < pending[0]:
                continue
            pending.pop(0)
        i = rng.randrange(portal.processes)
        if i in restarting:  # still starting from the last kill: let it come up first
            await restarting.pop(i)
        portal.kill(i)
        tally.kills.append(time.monotonic() - start)
        restarting[i] = asyncio.create_task(restart(i))
        if at is None:
            await restarting.pop(i)
    await asyncio.gather(*restarting.values())


async def run(portal: Portal | ProxiedPortal, *, people: int, sessions: int, gap: tuple[float, float],
              drop_every: int, timeout: float, seconds: float, first: int = 0, seed: int = 14,
              kill_at: list[int] | None = None) -> Tally:
    tally, rng = Tally(), random.Random(seed)
    cycle = itertools.cycle(portal.urls)
    numbers = iter(range(first, first + people))
    done = asyncio.Event()
    start = time.monotonic()
    deadline = start + seconds

    async def phone() -> None:
        for n in numbers:
            await register_until_ticket(cycle, scenarios.Person(n), tally, drop=drop_every > 0 and n % drop_every == 0,
                                        timeout=timeout, max_attempts=50, deadline=deadline, proxy=portal.proxy)

    killer = asyncio.create_task(supervise(portal, tally, done, gap, start, rng, kill_at))
    await asyncio.gather(*(phone() for _ in range(sessions)))
    tally.seconds = time.monotonic() - start
    done.set()
    await killer
    return tally


def report(tally: Tally, audit: dict[str, object], args: argparse.Namespace) -> list[str]:
    shown = tally.shown
    restart = statistics.median(tally.restart_seconds) if tally.restart_seconds else float("nan")
    lines = [
        f"kill test: {args.processes} process(es) on {args.database}{' behind HAProxy' if args.proxy else ''}, "
        f"{args.sessions} phones, {args.people} people, "
        f"{tally.seconds:.0f} s",
        f"kills (SIGKILL) {len(tally.kills)}; restart to healthy median {restart:.1f} s",
        f"people shown a ticket {shown} of {args.people}; attempts {tally.attempts} "
        f"(people retried {tally.retried}, of them dropped on purpose after confirm {tally.dropped}); "
        f"gave up {tally.gave_up}",
        f"database: seekers {audit['seekers']}, check-ins {audit['checkins']}; lost {audit['lost']}, "
        f"duplicated {audit['duplicated']}, two codes for one person {audit['mismatched']}, "
        f"rows without a ticket shown {audit['unseen']}, rows of unknown people {audit['strangers']}; "
        f"integrity_check {audit['integrity']}",
    ]
    for kind, count in sorted(tally.errors.items(), key=lambda kv: -kv[1])[:8]:
        lines.append(f"  failed attempts: {count} x {kind}")
    return lines


def passed(tally: Tally, audit: dict[str, object], min_kills: int) -> bool:
    everyone = all(tally.people.values()) and not tally.gave_up
    return (len(tally.kills) >= min_kills and everyone and audit["lost"] == 0 and audit["duplicated"] == 0
            and audit["mismatched"] == 0 and audit["strangers"] == 0 and audit["integrity"] in ("ok", "n/a"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.kill_test", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--kills", type=int, default=20, help="at least this many kills (20)")
    parser.add_argument("--gap", type=float, nargs=2, default=(4.0, 12.0),
                        help="seconds from a restarted process answering to the next kill, drawn between these (4 12)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--database", default="sqlite", help="sqlite, postgres (a throwaway server) or a URL")
    parser.add_argument("--proxy", action="store_true",
                        help="behind HAProxy (scripts/cluster.py; the phones reach only the proxy)")
    parser.add_argument("--drop-every", type=int, default=10, help="every n-th person drops after confirm (10)")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--seconds", type=float, default=1800, help="give up retrying after this (1800)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args(argv)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="kill-test-"))
    kind = ProxiedPortal if args.proxy else Portal
    with kind(folder, processes=args.processes, database=args.database) as portal:
        tally = asyncio.run(run(portal, people=args.people, sessions=args.sessions, gap=tuple(args.gap),
                                drop_every=args.drop_every, timeout=args.timeout, seconds=args.seconds,
                                first=0, seed=args.seed))
        audit = portal.audit(tally.people)
    print("\n".join(report(tally, audit, args)))
    print(f"(databases and logs in {folder})")
    ok = passed(tally, audit, args.kills)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
