"""Throughput of `register_seeker` against a bare one-row SQLModel insert, in the same run.

    python3 bench/register_throughput.py [--existing 100000] [--count 1000] [--rounds 3]
                                         [--with-postgres | --postgres URL [--allow-not-durable]]

For each backend: migrate a fresh database, store `--existing` demo seekers (services.cli.demo),
then, `--rounds` times, time `--count` registrations of new, distinct people at the demo's fair, each its
own `register_seeker` call (its own transaction, drafts validated beforehand: the service alone) with the
summary updates (issue 15) and with them switched off (bench/summaries_switch.py: the helper a no-op), and
the baseline: a bare SQLModel insert of one tiny row per transaction (`with Session(engine) as s:
s.add(row); s.commit()`). The order within a round rotates, so a busy spell of the shared machine hits each;
medians over the rounds. Once more, validating inside the timed loop. Goals: register >= 40% of the
baseline rate; the summaries cost <= 10 % (issue 15). PostgreSQL: its durability is printed
(bench/durability.py; `--with-postgres` starts a durable one, bench/pg_server.py); a server without fsync or
synchronous_commit is refused unless `--allow-not-durable`, then marked.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel

from bench.durability import NotDurable, mark, report
from bench.summaries_switch import summaries_off
from services.cli.demo import MOBILE_PREFIXES, generate_demo
from services.core.crypto import Vault
from services.core.db import make_engine, migrate
from services.core.reference import EDUCATION_LEVELS, INTENTIONS, LEAVE_CONSTRAINTS, TRADES
from services.core.settings import ROOT, normalize_database_url
from services.core.validation import make_resident_id
from services.places.county import County, load_county
from services.places.sources import Source, resolve_source
from services.registration.register import RegistrationForm, register_seeker, validate_registration

GOAL = 0.40
SUMMARIES_AIM = 0.10
SECRET = "bench-secret-key-that-is-long-enough-0123456789"
# New people get ID numbers from a neighbouring county, so none is among the demo seekers.
NEW_AREA_CODE = "530628"


class BenchRow(SQLModel, table=True):
    """The baseline's tiny table: what a bare one-row insert costs on this machine and backend."""

    __tablename__ = "bench_row"

    id: int | None = Field(default=None, primary_key=True)
    note: str = Field(max_length=64)


def new_forms(county: County, count: int, seed: int) -> list[RegistrationForm]:
    """`count` distinct people, as the page would read them from the widgets."""
    rng = random.Random(seed)
    forms = []
    start = date(1966, 1, 1)
    for i in range(count):
        gender = "MF"[i % 2]
        birth = start + timedelta(days=(i // 2) // 500 * 7 + rng.randrange(7))
        number = make_resident_id(NEW_AREA_CODE, birth, (i // 2) % 500, gender)
        township = rng.choice(county.townships)
        forms.append(RegistrationForm(
            name=rng.choice("王李张刘陈杨") + rng.choice("秀兰建国春梅志强"), id_number=number,
            phone=f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(100_000_000):08d}",
            township=township.name, village=rng.choice(township.villages).name,
            education=rng.choice(list(EDUCATION_LEVELS)), trades=rng.sample(list(TRADES), rng.randrange(4)),
            intention=rng.choice(list(INTENTIONS)), expected_wage=rng.choice([None, 4000, 4500, 6000]),
            willing_to_train=rng.choice(["yes", "no"]), poor_household=rng.choice(["yes", "no", "unknown"]),
            leave_constraint=rng.choice(list(LEAVE_CONSTRAINTS)), consent=True,
        ))
    assert len({f.id_number for f in forms}) == count
    return forms


def time_baseline(engine: Engine, count: int) -> float:
    started = time.perf_counter()
    for i in range(count):
        with Session(engine) as s:
            s.add(BenchRow(note=f"row {i}"))
            s.commit()
    return count / (time.perf_counter() - started)


def time_register(engine: Engine, vault: Vault, county: County, forms: list[RegistrationForm], source: Source,
                  *, validate_inside: bool) -> float:
    if validate_inside:
        started = time.perf_counter()
        for form in forms:
            draft = validate_registration(form, county=county)
            register_seeker(engine, vault, draft, source=source, submission_id=uuid.uuid4().hex)
        return len(forms) / (time.perf_counter() - started)
    drafts = [validate_registration(f, county=county) for f in forms]
    submissions = [uuid.uuid4().hex for _ in drafts]
    started = time.perf_counter()
    for draft, submission in zip(drafts, submissions, strict=True):
        result = register_seeker(engine, vault, draft, source=source, submission_id=submission)
    elapsed = time.perf_counter() - started
    assert result.created
    return len(drafts) / elapsed


def run_backend(label: str, url: str, args: argparse.Namespace) -> bool:
    engine = make_engine(url)
    label += mark(report(engine, allow_unsafe=args.allow_not_durable, label=label))
    migrate(engine)
    SQLModel.metadata.create_all(engine, tables=[BenchRow.__table__])
    county = load_county(ROOT / "config" / "county.toml")
    vault = Vault.from_secret(SECRET)
    t0 = time.perf_counter()
    demo = generate_demo(engine, vault, county, seekers=args.existing, seed=args.seed, out=None)
    print(f"[{label}] {demo.seekers} existing seekers stored in {time.perf_counter() - t0:.1f} s")
    source = resolve_source(engine, fair_code=demo.fairs[0]).source
    assert source.kind == "fair", source

    warm = args.count // 20 or 1
    forms = iter(new_forms(county, (2 * args.rounds + 2) * args.count + 2 * warm, args.seed))

    def take(n: int) -> list[RegistrationForm]:
        return [next(forms) for _ in range(n)]

    time_baseline(engine, warm)
    time_register(engine, vault, county, take(warm), source, validate_inside=False)
    with summaries_off():
        time_register(engine, vault, county, take(warm), source, validate_inside=False)
    rates: dict[str, list[float]] = {"bare": [], "with summaries": [], "summaries off": []}
    cpu: dict[str, list[float]] = {k: [] for k in rates}  # this process's CPU ms per item (not a server's)
    for r in range(args.rounds):
        order = ["bare", "with summaries", "summaries off"]
        order = order[r % 3:] + order[:r % 3]
        for name in order:
            c0 = time.process_time()
            if name == "bare":
                rates[name].append(time_baseline(engine, args.count))
            elif name == "summaries off":
                with summaries_off():
                    rates[name].append(time_register(engine, vault, county, take(args.count), source,
                                                     validate_inside=False))
            else:
                rates[name].append(time_register(engine, vault, county, take(args.count), source,
                                                 validate_inside=False))
            cpu[name].append((time.process_time() - c0) * 1000 / args.count)
        print(f"[{label}] round {r + 1}: " + ", ".join(f"{k} {1000 / v[-1]:.2f} ms (CPU {cpu[k][-1]:.2f})"
                                                    for k, v in rates.items())
              + f" (load {os.getloadavg()[0]:.2f})", flush=True)
    with_validation = time_register(engine, vault, county, take(args.count), source, validate_inside=True)
    engine.dispose()

    median = {k: statistics.median(v) for k, v in rates.items()}
    baseline = median["bare"]
    print(f"[{label}] medians of {args.rounds} rounds of {args.count}, ms each: bare one-row insert "
          f"{1000 / baseline:.2f}; register_seeker with summaries {1000 / median['with summaries']:.2f}, "
          f"summaries off {1000 / median['summaries off']:.2f}")
    ok = True
    for name, rate in (("register_seeker", median["with summaries"]), ("validate + register_seeker", with_validation)):
        ratio = rate / baseline
        met = ratio >= GOAL
        ok &= met if name == "register_seeker" else True
        print(f"[{label}] {name}: {rate:,.0f} registrations/s ({1000 / rate:.2f} ms each), "
              f"{ratio:.0%} of baseline -> goal >= {GOAL:.0%} {'MET' if met else 'NOT MET'}")
    cpu_ms = {k: statistics.median(v) for k, v in cpu.items()}
    on, off = cpu_ms["with summaries"], cpu_ms["summaries off"]
    print(f"[{label}] CPU of this process per item (medians; on PostgreSQL the server's CPU is apart): bare "
          f"{cpu_ms['bare']:.2f} ms, with summaries {on:.2f} ms, summaries off {off:.2f} ms -> the summary "
          f"updates {on - off:+.2f} ms ({on / off - 1:+.1%})")
    cost = median["summaries off"] / median["with summaries"] - 1
    print(f"[{label}] the summary updates: {cost:+.1%} time per registration "
          f"({1000 / median['with summaries'] - 1000 / median['summaries off']:+.2f} ms) -> aim <= "
          f"{SUMMARIES_AIM:.0%} {'MET' if cost <= SUMMARIES_AIM else 'NOT MET'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--existing", type=int, default=100_000, help="demo seekers stored first (100000)")
    parser.add_argument("--count", type=int, default=1000, help="registrations timed per variant and round (1000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the three variants, rotating (3)")
    parser.add_argument("--allow-not-durable", action="store_true",
                        help="measure on a PostgreSQL without fsync / synchronous_commit (marked NOT PRODUCTION)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", metavar="URL", 
                        help="also measure on this PostgreSQL database (a scratch one: rows are added)")
    parser.add_argument("--with-postgres", action="store_true",
                        help="also measure on a throwaway durable PostgreSQL server (bench/pg_server.py)")
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite run")
    args = parser.parse_args(argv)
    results = []
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(prefix="bench-register-") as tmp:
            results.append(run_backend("sqlite", f"sqlite:///{Path(tmp) / 'portal.db'}", args))
    try:
        if args.postgres:
            results.append(run_backend("postgres", normalize_database_url(args.postgres), args))
        elif args.with_postgres:
            from bench.pg_server import BenchPostgres

            with BenchPostgres() as url:
                results.append(run_backend("postgres", url, args))
    except NotDurable as refused:
        print(refused.message)
        results.append(False)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
