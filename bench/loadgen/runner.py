"""Start the server under test, drive N concurrent registering phones, report the figures.

Bounded: at most `registrations` people register (plus the warm-up), and no new one starts
after `seconds`; every script run has its own timeout. Figures:

* sessions: phones registering at once (each person is a new websocket session);
* registrations per second over the measured phase (warm-up excluded);
* p50 / p95 from pressing submit to the ticket on screen (the portal: submit, then confirm at
  once; the sum of the two script runs) and of each step;
* server CPU per registration: user + system time of the server process (/proc/PID/stat)
  over the measured phase, divided by the registrations completed in it;
* server RSS: at the start of the measured phase, its maximum while the phones ran, at the end;
* errors; tickets seen by the clients against rows stored (lost: a ticket seen but not stored;
  duplicated: a code seen twice, or more rows than tickets).
"""

from __future__ import annotations

import asyncio
import re
import secrets
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.loadgen import scenarios
from bench.loadgen.client import StreamlitSession
from bench.loadgen.server import ROOT, Server

FAIR = "BENCH26"
SETUP_PORTAL = """
import sys
from services.core.db import make_engine, migrate
from services.places.sources import create_fair
engine = make_engine(sys.argv[1])
migrate(engine)
create_fair(engine, code=sys.argv[2], name="2026年春风行动招聘会", township="城关镇")
"""


@dataclass
class Target:
    name: str
    server: Server
    db_path: Path
    flow: scenarios.Flow = scenarios.PORTAL  # the portal's registration (scenarios.FLOWS)

    def scenario(self, base_url: str, person: scenarios.Person, think: float, timeout: float,
                 hold: bool = False):
        if self.name == "portal":
            return scenarios.portal(base_url, person, fair=FAIR, think=think, timeout=timeout, hold=hold,
                                    flow=self.flow)
        return scenarios.reference(base_url, person, think=think, timeout=timeout, hold=hold)

    def stored_codes(self) -> tuple[list[str], int]:
        """(ticket codes stored, check-ins stored) read from the SQLite file."""
        with sqlite3.connect(self.db_path) as conn:
            if self.name == "portal":
                codes = [r[0] for r in conn.execute("SELECT ticket_code FROM seeker")]
                return codes, conn.execute("SELECT count(*) FROM checkin").fetchone()[0]
            codes = [r[0] for r in conn.execute("SELECT code FROM registration")]
            return codes, len(codes)


ENV_WORD = re.compile(r"^[A-Z_][A-Z0-9_]*=")


def split_env(server_args: list[str]) -> tuple[dict[str, str], list[str]]:
    """Leading `NAME=VALUE` words of a --server-args value are environment variables, as in a shell:
    `PORTAL_GC_FREEZE=0 --runner.postScriptGC false`."""
    env: dict[str, str] = {}
    rest = list(server_args)
    while rest and ENV_WORD.match(rest[0]):
        name, _, value = rest.pop(0).partition("=")
        env[name] = value
    return env, rest


def make_target(name: str, folder: Path, server_args: list[str], flow: str = "ticket-first") -> Target:
    folder.mkdir(parents=True, exist_ok=True)
    extra_env, server_args = split_env(server_args)
    db = folder / f"{name}.db"
    if name == "portal":
        url = f"sqlite:///{db}"
        subprocess.run([sys.executable, "-c", SETUP_PORTAL, url, FAIR], cwd=ROOT, check=True)
        env = {"DATABASE_URL": url, "PORTAL_DATA_DIR": str(folder), "PORTAL_SECRET_KEY": secrets.token_urlsafe(48)}
        script = "app.py"
    else:
        env = {"REFERENCE_DB": str(db)}
        script = "bench/reference_app.py"
    server = Server(script, env={**env, **extra_env}, log_path=folder / f"{name}.log", server_args=server_args)
    return Target(name, server, db, scenarios.FLOWS[flow])


@dataclass
class Report:
    target: str
    server_args: str
    sessions: int
    outcomes: list[scenarios.Outcome] = field(default_factory=list)
    warmup: list[scenarios.Outcome] = field(default_factory=list)
    seconds: float = 0.0
    cpu: float = 0.0
    client_cpu: float = 0.0
    rss_start: float = 0.0
    rss_max: float = 0.0
    rss_end: float = 0.0
    rss_open: float = 0.0  # with --hold: each phone's last session still open
    held: int = 0
    stored: int = 0
    checkins: int = 0
    lost: int = 0
    duplicated: int = 0
    extra_rows: int = 0

    @property
    def ok(self) -> list[scenarios.Outcome]:
        return [o for o in self.outcomes if o.code]

    @property
    def rate(self) -> float:
        return len(self.ok) / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> list[str]:
        return [o.error for o in self.outcomes + self.warmup if o.error]

    def lines(self) -> list[str]:
        ok, rate = self.ok, self.rate
        out = [
            f"== {self.target}  server args: {self.server_args or '(default)'}",
            f"sessions {self.sessions}; registered {len(ok)} of {len(self.outcomes)} in {self.seconds:.1f} s: "
            f"{rate:.1f} registrations/s",
            f"submit -> ticket: p50 {pct(ok, 50):.0f} ms, p95 {pct(ok, 95):.0f} ms, max {pct(ok, 100):.0f} ms",
        ]
        for step in dict.fromkeys(name for o in ok for name in o.steps):
            times = [o.steps[step] for o in ok if step in o.steps]
            if times:
                out.append(f"  step {step:8s} p50 {quantile(times, 50) * 1000:.0f} ms, "
                           f"p95 {quantile(times, 95) * 1000:.0f} ms")
        per = self.cpu / len(ok) * 1000 if ok else float("nan")
        out += [
            f"server CPU {self.cpu:.1f} s: {per:.0f} ms per registration (load generator: {self.client_cpu:.1f} s)",
            f"server RSS {self.rss_start:.0f} MB at start, {self.rss_max:.0f} MB max, {self.rss_end:.0f} MB at end"
            + (f"; {self.rss_open:.0f} MB with {self.held} sessions open" if self.held else ""),
            f"errors {len(self.errors)}; rows stored {self.stored} (check-ins {self.checkins}) for "
            f"{len(ok) + len([o for o in self.warmup if o.code])} tickets seen; lost {self.lost}, "
            f"duplicated {self.duplicated}, rows without a ticket seen {self.extra_rows}",
        ]
        for error in sorted(set(self.errors))[:5]:
            out.append(f"  error: {error[:300]}")
        return out


def quantile(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def pct(outcomes: list[scenarios.Outcome], q: int) -> float:
    return quantile([o.submit_to_ticket for o in outcomes], q) * 1000


async def drive(target: Target, report: Report, *, registrations: int, seconds: float, warmup: int,
                think: float, timeout: float, hold: bool = False, ramp: float = 0.0) -> None:
    server = target.server
    base = server.base_url
    for n in range(warmup):  # first runs import, migrate and warm caches: not measured
        report.warmup.append(await target.scenario(base, scenarios.Person(10_000_000 + n), think, timeout))
    counter = iter(range(registrations))
    deadline = time.monotonic() + seconds
    rss = [server.rss()]
    report.rss_start = rss[0]

    held: list[StreamlitSession] = []

    async def phone(index: int) -> None:
        await asyncio.sleep(index * ramp / report.sessions)  # arrivals spread over the first `ramp` seconds
        last = None
        for n in counter:  # the shared iterator bounds the total count
            if time.monotonic() > deadline:
                break
            outcome = await target.scenario(base, scenarios.Person(n), think, timeout, hold)
            report.outcomes.append(outcome)
            if last is not None and outcome.session is not None:
                await last.close()  # the phone's previous tab
            last = outcome.session or last
            if hold:  # one person per phone: --sessions pages stay open at the end
                break
        if last is not None:
            held.append(last)

    async def sample() -> None:
        while True:
            await asyncio.sleep(0.5)
            rss.append(server.rss())

    sampler = asyncio.create_task(sample())
    cpu0, client0, start = server.cpu(), time.process_time(), time.perf_counter()
    await asyncio.gather(*(phone(i) for i in range(report.sessions)))
    report.seconds = time.perf_counter() - start
    report.cpu = server.cpu() - cpu0
    report.client_cpu = time.process_time() - client0
    sampler.cancel()
    rss.append(server.rss())
    if held:
        report.rss_open, report.held = rss[-1], len(held)
        for session in held:
            await session.close()
        await asyncio.sleep(1)
        rss.append(server.rss())
    report.rss_max, report.rss_end = max(rss), rss[-1]


def check_rows(target: Target, report: Report) -> None:
    seen = [o.code for o in report.outcomes + report.warmup if o.code]
    stored, report.checkins = target.stored_codes()
    report.stored = len(stored)
    report.lost = len(set(seen) - set(stored))
    report.duplicated = len(seen) - len(set(seen)) + len(stored) - len(set(stored))
    report.extra_rows = len(set(stored) - set(seen))


def run_one(name: str, folder: Path, server_args: list[str], *, sessions: int, registrations: int,
            seconds: float, warmup: int, think: float, timeout: float, hold: bool = False,
            ramp: float = 0.0, flow: str = "ticket-first") -> Report:
    target = make_target(name, folder, server_args, flow)
    report = Report(name, " ".join(server_args), sessions)
    with target.server:
        coro = drive(target, report, registrations=registrations, seconds=seconds, warmup=warmup,
                     think=think, timeout=timeout, hold=hold, ramp=ramp)
        # a hard stop: the measured phase, then every started registration's own timeouts
        asyncio.run(asyncio.wait_for(coro, seconds + ramp + 3 * timeout + 60 * (warmup + 1)))
    check_rows(target, report)
    return report


def summary_row(report: Report) -> str:
    """One Markdown table row for bench/RESULTS.md."""
    ok, rate = report.ok, report.rate
    per = report.cpu / len(ok) * 1000 if ok else float("nan")
    return (f"| {report.target} | {report.server_args or 'default'} | {report.sessions} | {len(ok)} | {rate:.1f} | "
            f"{pct(ok, 50):.0f} / {pct(ok, 95):.0f} | {per:.0f} | {report.rss_max:.0f} | {len(report.errors)} | "
            f"{report.lost} / {report.duplicated} |")


def statistics_note(reports: list[Report]) -> str:
    """Portal rate / reference rate per server setting: each round's ratio, and their median."""
    lines = []
    for args in dict.fromkeys(r.server_args for r in reports):
        portal = [r.rate for r in reports if r.target == "portal" and r.server_args == args]
        ref = [r.rate for r in reports if r.target == "reference" and r.server_args == args]
        ratios = [p / f for p, f in zip(portal, ref, strict=False) if f]
        if ratios:
            each = ", ".join(f"{x:.0%}" for x in ratios)
            lines.append(f"portal / reference ({args or 'default'}): median {statistics.median(ratios):.0%} ({each})")
    return "\n".join(lines)
