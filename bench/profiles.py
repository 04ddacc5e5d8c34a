"""Issue 15: what the people panel's summaries save the dashboard and cost a registration.

    python3 bench/profiles.py --sqlite sqlite:////tmp/profiles/portal.db [--postgres URL] [--runs 7]

1. **Migration**: the database is migrated first; from 0026 that is migration 0027, which fills
   `summary_profile` and `summary_profile_seeker` from the seeker table (timed).
2. **Panels**: the people panel (`profile`) and "profiles incomplete" of the whole county, read from the
   summaries and from the base tables (the reference SQL, what the dashboard read before), one after another
   on one connection; the minimum and the median of `--runs`. The figures are compared: they must agree.
   Then `rebuild-summaries --verify`'s check of these tables alone (recount and compare), timed.
3. **Registration** (`--registrations N`): `register_seeker` of N new people a round at a fair on a scratch
   SQLite database, in alternating rounds: without any summary update, with the registration summaries only
   (main before this branch), with both; and a bare one-row insert per transaction in the same run; best round.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text

from models import SummaryProfile, SummaryProfileSeeker
from models.base import utcnow
from services.core.clock import local_zone
from services.core.crypto import Vault
from services.core.db import make_engine, migrate
from services.core.validation import make_resident_id
from services.places.county import load_county
from services.places.sources import Source, create_fair
from services.registration import register as register_module
from services.registration.register import RegistrationForm, register_seeker, validate_registration
from services.reporting.dashboard import DashboardFilter, completeness, filter_options, people
from services.reporting.dashboard.context import resolve
from services.summaries import profiles


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    fn()  # warm-up
    walls, got = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        got = fn()
        walls.append(time.perf_counter() - t0)
    return min(walls), statistics.median(walls), got


def bench_panels(label: str, url: str, runs: int) -> None:
    engine = make_engine(url)
    t0 = time.perf_counter()
    migrate(engine)
    print(f"\n== {label}: {url.split('@')[-1]} (migrated in {time.perf_counter() - t0:.1f} s)")
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE summary_profile"))
            conn.execute(text("ANALYZE summary_profile_seeker"))
            conn.commit()
        seekers = conn.execute(text("SELECT count(*) FROM seeker")).scalar_one()
        cells = conn.execute(select(func.count()).select_from(SummaryProfile.__table__)).scalar_one()
        counted = conn.execute(select(func.count()).select_from(SummaryProfileSeeker.__table__)).scalar_one()
    print(f"{seekers:,} seekers; summary_profile {cells:,} counters, summary_profile_seeker {counted:,} rows")
    now = utcnow()
    today = now.astimezone(local_zone()).date()
    options = filter_options(engine, today=today)
    got = {}
    for summaries in (False, True):
        ctx = resolve(DashboardFilter(), options, now=now, zone=local_zone(), summaries=summaries)
        with engine.connect() as conn:
            for name, panel in (("profile", people.profile), ("incomplete", completeness.incomplete)):
                best, median, figures = timed(partial(panel, conn, ctx), runs)
                got[(name, summaries)] = figures
                print(f"{name:10s} {'summaries' if summaries else 'base tables':11s}: best {best * 1000:8.1f} ms, "
                      f"median {median * 1000:8.1f} ms")
    same = all(got[(n, False)] == got[(n, True)] for n in ("profile", "incomplete"))
    print("figures agree" if same else "FIGURES DIFFER")
    with engine.connect() as conn:
        t0 = time.perf_counter()
        recounted, kept = profiles.recount(conn), profiles.stored(conn)
        differ = profiles.counted_differences(conn, 5)
        print(f"verify (recount and compare both tables): {time.perf_counter() - t0:.1f} s; "
              f"{'no differences' if recounted == kept and not differ[0] and not differ[1] else 'DIFFERENCES'}")
    engine.dispose()


def bench_register(count: int, rounds: int) -> None:
    county = load_county(Path(__file__).resolve().parent.parent / "config" / "county.toml")
    vault = Vault.from_secret("bench-secret-" + "x" * 40)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/reg.db")
        migrate(engine)
        fair = create_fair(engine, name="招聘会", code="BENCH", township="城关镇", starts_on=date.today(),
                           ends_on=date.today(), status="open")
        source = Source(kind="fair", fair_id=fair.id)
        serial = iter(range(10**6))

        def drafts():
            out = []
            for _ in range(count):
                n = next(serial)
                birth = date(1970, 1, 1) + timedelta(days=n % 9000)
                out.append(validate_registration(RegistrationForm(
                    name="王秀兰", id_number=make_resident_id("530627", birth, n // 9000, "F"),
                    phone=f"139{n:08d}", township="城关镇", village="东门村", education="junior", trades=["cleaning"],
                    intention="nearby", expected_wage=4500, willing_to_train="yes", poor_household="no",
                    leave_constraint="none", consent=True), county=county))
            return out

        def bare() -> float:
            t0 = time.perf_counter()
            for n in range(count):
                with engine.begin() as conn:
                    conn.execute(text("INSERT INTO summary_state (key, value) VALUES (:k, 'x')"), {"k": f"b{n}"})
            with engine.begin() as conn:
                conn.execute(text("DELETE FROM summary_state WHERE key LIKE 'b%'"))
            return (time.perf_counter() - t0) / count

        def run(mode: str) -> float:
            ds = drafts()
            record, move, add = register_module.record, register_module.move, register_module.add
            if mode == "none":
                register_module.record = lambda *_a, **_k: None  # type: ignore[assignment]
            if mode in ("none", "registrations"):
                register_module.move = lambda *_a, **_k: None  # type: ignore[assignment]
                register_module.add = lambda *_a, **_k: None  # type: ignore[assignment]
            try:
                t0 = time.perf_counter()
                for i, d in enumerate(ds):
                    register_seeker(engine, vault, d, source=source, submission_id=f"s-{mode}-{i}-{t0}")
                return (time.perf_counter() - t0) / count
            finally:
                register_module.record, register_module.move, register_module.add = record, move, add

        best = {"bare": 9e9, "none": 9e9, "registrations": 9e9, "both": 9e9}
        for _ in range(rounds):
            best["bare"] = min(best["bare"], bare())
            for mode in ("none", "registrations", "both"):
                best[mode] = min(best[mode], run(mode))
        print(f"\n== register_seeker on SQLite, {count} new people a round, best of {rounds} rounds "
              "(ms per registration)")
        print(f"bare one-row insert {best['bare'] * 1000:.2f}; register_seeker without summaries "
              f"{best['none'] * 1000:.2f}; with the registration summaries {best['registrations'] * 1000:.2f}; "
              f"with those and the people panel's {best['both'] * 1000:.2f} "
              f"({best['both'] / best['registrations'] - 1:+.0%} on the registration summaries, "
              f"{best['both'] / best['none'] - 1:+.0%} on none)")
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", help="SQLite URL of a demo database")
    parser.add_argument("--postgres", help="PostgreSQL URL of a demo database")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--registrations", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for label, url in (("SQLite", args.sqlite), ("PostgreSQL", args.postgres)):
        if url:
            bench_panels(label, url, args.runs)
    if args.registrations:
        bench_register(args.registrations, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
