"""What the server really spends per script run, page by page, as a seeker goes through them.

    python3 -m bench.server_time [--people 30] [--concurrency 4] [--rounds 3] [--server-args ...]
    python3 -m bench.server_time --py-spy /tmp/portal.txt      # + a py-spy profile of the server

Starts the portal as `bench.loadgen` does (fresh SQLite, one open fair, the repository's
.streamlit/config.toml plus `--server-args`), then, per round, one phase per page a seeker sees:
`--people` sessions (`--concurrency` at a time) each do that one thing, and the server process's
CPU (user + system, /proc/PID/stat) over the phase is divided by the script runs in it:

* home: a new session opens `/?lang=zh`;  find ticket: `/ticket?lang=zh`;  jobs: `/jobs?lang=zh`;
* then the registration flow of `bench.loadgen.scenarios.PORTAL`: opening the form (`open`), and each
  step's button press (`submit`: the confirmation; `confirm`: the ticket), the sessions kept open
  between phases so each phase holds only its own runs.

Sessions are closed between phases, outside the measured windows. Prints the median over the rounds
(and each round) in ms of server CPU per script run. The whole server process is counted: the page
script, Streamlit's own work around it (the ForwardMsgs, the websocket), the collector, the threads.

`--py-spy FILE` records the server with py-spy (`pip install py-spy`) during the rounds, as collapsed
stacks in FILE, and prints the functions with the largest share of the samples (inclusive).
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.loadgen import scenarios
from bench.loadgen.client import StreamlitSession
from bench.loadgen.runner import FAIR, make_target

PAGES = (("home", "/?lang=zh"), ("find ticket", "/ticket?lang=zh"), ("jobs", "/jobs?lang=zh"))


async def _bounded(jobs: list[Callable[[], Awaitable[None]]], concurrency: int) -> None:
    gate = asyncio.Semaphore(concurrency)

    async def one(job: Callable[[], Awaitable[None]]) -> None:
        async with gate:
            await job()

    await asyncio.gather(*(one(j) for j in jobs))


async def _phase(server, jobs: list[Callable[[], Awaitable[None]]], concurrency: int) -> float:
    """Server CPU seconds spent while `jobs` ran."""
    before = server.cpu()
    await _bounded(jobs, concurrency)
    await asyncio.sleep(0.2)  # the last ForwardMsgs sent
    return server.cpu() - before


async def one_round(server, *, first_person: int, people: int, concurrency: int, timeout: float,
                    flow: scenarios.Flow = scenarios.PORTAL,
                    pages: tuple[tuple[str, str], ...] = PAGES) -> dict[str, float]:
    """Server CPU ms per script run for each page and flow step, in this round."""
    base = server.base_url
    result: dict[str, float] = {}
    for name, path in pages:
        sessions = [StreamlitSession(base, path, timeout=timeout) for _ in range(people)]
        cpu = await _phase(server, [s.open for s in sessions], concurrency)
        result[name] = cpu / people * 1000
        await asyncio.gather(*(s.close() for s in sessions))
    persons = [scenarios.Person(first_person + i) for i in range(people)]
    sessions = [StreamlitSession(base, flow.path.format(fair=FAIR), timeout=timeout) for _ in range(people)]
    outcomes = [scenarios.Outcome(p.n) for p in persons]
    cpu = await _phase(server, [s.open for s in sessions], concurrency)
    result["form (open)"] = cpu / people * 1000
    for step in flow.steps:
        jobs = [_step_job(s, step, p, o) for s, p, o in zip(sessions, persons, outcomes, strict=True)]
        cpu = await _phase(server, jobs, concurrency)
        result[f"{step.name}"] = cpu / people * 1000
    await asyncio.gather(*(s.close() for s in sessions))
    return result


def _step_job(s: StreamlitSession, step: scenarios.Step, person: scenarios.Person,
              outcome: scenarios.Outcome) -> Callable[[], Awaitable[None]]:
    return lambda: scenarios.run_step(s, step, person, outcome)


def top_functions(collapsed: str, limit: int = 25) -> list[tuple[str, float]]:
    """From py-spy's collapsed stacks ("frame;frame;frame COUNT" per line): each function's share of
    all samples in which it appears anywhere on the stack (inclusive), largest first."""
    total = 0
    inclusive: Counter[str] = Counter()
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        for frame in set(stack.split(";")):
            inclusive[frame] += n
    if not total:
        return []
    return [(frame, n / total) for frame, n in inclusive.most_common(limit)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.server_time", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=["portal", "reference"], default="portal",
                        help="the reference (bench/reference_app.py): its form's open and submit only")
    parser.add_argument("--flow", choices=sorted(scenarios.FLOWS), default="ticket-first")
    parser.add_argument("--people", type=int, default=30, help="sessions per phase (30)")
    parser.add_argument("--concurrency", type=int, default=4, help="sessions at once within a phase (4)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--server-args", default="", help="extra `streamlit run` flags, leading NAME=VALUE env")
    parser.add_argument("--py-spy", dest="py_spy", type=Path, default=None, help="record a py-spy profile here")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args(argv)
    if not (1 <= args.people <= 200 and 1 <= args.concurrency <= 50 and 1 <= args.rounds <= 20):
        parser.error("people 1-200, concurrency 1-50, rounds 1-20")
    folder = args.dir or Path(tempfile.mkdtemp(prefix="server-time-"))
    target = make_target(args.target, folder / args.target, shlex.split(args.server_args))
    flow, pages = (scenarios.FLOWS[args.flow], PAGES) if args.target == "portal" else (scenarios.REFERENCE, ())
    rounds: list[dict[str, float]] = []
    with target.server as server:
        # warm-up: every page once (imports, migrations, first freezes), not measured
        asyncio.run(one_round(server, first_person=9_000_000, people=2, concurrency=2, timeout=args.timeout,
                              flow=flow, pages=pages))
        spy = None
        if args.py_spy:
            spy = subprocess.Popen(["py-spy", "record", "--pid", str(server.proc.pid), "--format", "raw",
                                    "--rate", "100", "--nonblocking", "--output", str(args.py_spy)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for r in range(args.rounds):
            rounds.append(asyncio.run(one_round(server, first_person=r * args.people, people=args.people,
                                                concurrency=args.concurrency, timeout=args.timeout,
                                                flow=flow, pages=pages)))
        if spy is not None:
            spy.send_signal(2)  # SIGINT: py-spy writes its output and exits
            spy.wait(timeout=60)
    print(f"{args.target}: server CPU per script run, ms (server args '{args.server_args or 'default'}'; {args.people} "
          f"sessions per phase, {args.concurrency} at once; median of {args.rounds} rounds, then each round)")
    for name in rounds[0]:
        each = [r[name] for r in rounds]
        print(f"  {name:22s} {statistics.median(each):6.1f}   ({', '.join(f'{x:.1f}' for x in each)})")
    if args.py_spy and args.py_spy.exists():
        print(f"\npy-spy: share of samples with the function on the stack ({args.py_spy})")
        for frame, share in top_functions(args.py_spy.read_text()):
            print(f"  {share:6.1%}  {frame[:150]}")
    if args.dir is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
