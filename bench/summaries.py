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
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from models.base import utcnow
from services.core.clock import local_zone
from services.core.db import make_engine, migrate
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
    """register_seeker against a bare insert, with and without the summary updates: bench/profiles.py's
    measure (which also switches the people panel's counters off for "without")."""
    from bench.profiles import bench_register as measure

    measure(count, rounds)


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
