"""Issue 15: what the summary tables save the dashboard and cost a registration.

    python3 bench/summaries.py --sqlite sqlite:////tmp/demo1m/portal.db [--runs 5] [--registrations 300]

1. **Panels**: the four registration panels (people today, at this fair, per hour and day, by place) for
   each view of bench/dashboard.py, read from the summaries and from the base tables (the reference SQL),
   one after another on one connection; the minimum of `--runs` (the machine is shared: the minimum is the
   cost, the rest is waiting). The figures are compared: they must agree.
2. **Registration**: `register_seeker` of new people at a fair on a copy-free scratch database, with the
   summary updates and with them switched off (the helper replaced by a no-op), in alternating rounds,
   and a bare one-row insert per transaction in the same run; per registration, best round.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from models.base import utcnow
from services.core.clock import local_zone
from services.core.crypto import Vault
from services.core.db import make_engine, migrate
from services.core.validation import make_resident_id
from services.places.county import load_county
from services.places.sources import Source, create_fair
from services.registration import register as register_module
from services.registration.register import RegistrationForm, register_seeker, validate_registration
from services.reporting.dashboard import DashboardFilter, filter_options, registrations
from services.reporting.dashboard.context import resolve

PANELS = (registrations.people_today, registrations.people_at_fair, registrations.per_hour_and_day,
          registrations.by_place)


def panels(engine, flt: DashboardFilter, *, summaries: bool, runs: int) -> tuple[dict[str, float], dict]:
    now, zone = utcnow(), local_zone()
    ctx = resolve(flt, filter_options(engine, today=now.astimezone(zone).date()), now=now, zone=zone,
                  summaries=summaries)
    best: dict[str, float] = {}
    got: dict = {}
    with engine.connect() as conn:
        for _ in range(runs + 1):
            for panel in PANELS:
                t0 = time.perf_counter()
                got.update(panel(conn, ctx))
                dt = time.perf_counter() - t0
                best[panel.__name__] = min(best.get(panel.__name__, dt), dt)
    return best, got


def bench_panels(url: str, runs: int) -> None:
    engine = make_engine(url)
    migrate(engine)
    with engine.connect() as conn:
        seekers = conn.execute(text("SELECT count(*) FROM seeker")).scalar_one()
    options = filter_options(engine)
    today = date.today()
    township = next((s.township for s in options.sites if s.township), None)
    views = [("whole county", DashboardFilter()), ("fair held today", DashboardFilter(fair_id=options.running_fair_id)),
             (f"township {township}", DashboardFilter(township=township)),
             (f"site {options.sites[0].id}", DashboardFilter(site_id=options.sites[0].id)),
             ("last 7 days", DashboardFilter(start=today - timedelta(days=6), end=today))]
    print(f"\n== registration panels, {seekers:,} seekers ({engine.dialect.name}), best of {runs} (ms)")
    for name, flt in views:
        fast, a = panels(engine, flt, summaries=True, runs=runs)
        slow, b = panels(engine, flt, summaries=False, runs=runs)
        each = ", ".join(f"{k} {slow[k] * 1000:.0f} -> {fast[k] * 1000:.1f}" for k in fast)
        print(f"{name}: base tables {sum(slow.values()) * 1000:.0f} ms -> summaries {sum(fast.values()) * 1000:.1f} ms"
              f" ({each}); " + ("figures agree" if a == b else "FIGURES DIFFER"))
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

        def run(with_summaries: bool) -> float:
            ds = drafts()
            original = register_module.record
            if not with_summaries:
                register_module.record = lambda *_a, **_k: None  # type: ignore[assignment]
            try:
                t0 = time.perf_counter()
                for i, d in enumerate(ds):
                    register_seeker(engine, vault, d, source=source, submission_id=f"s-{with_summaries}-{i}-{t0}")
                return (time.perf_counter() - t0) / count
            finally:
                register_module.record = original

        best = {"bare": 9e9, "with": 9e9, "without": 9e9}
        for _ in range(rounds):
            best["bare"] = min(best["bare"], bare())
            best["without"] = min(best["without"], run(False))
            best["with"] = min(best["with"], run(True))
        extra = best["with"] / best["without"] - 1
        print(f"\n== register_seeker on SQLite, {count} new people a round, best of {rounds} rounds "
              "(ms per registration)")
        print(f"bare one-row insert {best['bare'] * 1000:.2f}; register_seeker without summaries "
              f"{best['without'] * 1000:.2f}; with summaries {best['with'] * 1000:.2f} ({extra:+.0%})")
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", action="append", default=[], help="SQLite URL of a demo database (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--registrations", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for url in args.sqlite:
        bench_panels(url, args.runs)
    if args.registrations:
        bench_register(args.registrations, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
