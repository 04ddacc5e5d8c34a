"""One full refresh of the live dashboard (all panels, uncached) against the naive approach.

    python3 bench/dashboard.py --sqlite sqlite:////tmp/demo1m/portal.db [--postgres URL] [--runs 7]

The databases must hold demo data (`python -m services.cli demo-data --seekers N`); they are
migrated first (this adds the dashboard's indexes, which takes a while on a million rows).
For each backend:

* **refresh**: `services.reporting.dashboard.build_dashboard` with no filter (what the page shows on
  opening: every panel), `--runs` times after one warm-up run; median, min and max, with
  the process's CPU time, and the five most expensive statements (bench/statement_costs.py: on
  PostgreSQL with pg_stat_statements the server's execution time over one more refresh; otherwise each
  SELECT of the median run run again alone with every row fetched — the output says which);
* the same refresh with filters (today's fair, a township, a site, the last 7 days), and
  "as of yesterday" (an ordinary day: the demo generator puts ~15 % of a year's
  registrations on today's fair, 50-100x a real fair day);
* **after the hire**: the dashboard's own after-the-hire panels (retention, income, employment, open
  issues) from the whole-county refresh, and the pages that go with them: the households page's
  figures per township and per site, its first page of households needing a plan, household income
  per township (this year: the status rows; last year: the base tables) and its first page of households not
  lifted yet, the employment drill-down (sites of a township, its households), and the subsidy
  report for the year so far; medians of `--runs` runs after a warm-up;
* a Markdown table of every view's median at the end (for bench/RESULTS.md);
* **naive**: read the seeker and check-in tables (only the columns the figures need, not
  the encrypted ones) into pandas and compute the same figures there. Its figures are
  compared with the SQL ones: they must agree. `--no-naive` skips it (at 10M it needs minutes and
  gigabytes; the ratio is known from 1M).

The page caches figures for 5 seconds per filter; these timings are the uncached cost.
Timings are wall clock on whatever else the machine is doing: run it on an idle machine. First the
database's durability (bench/durability.py); a PostgreSQL without fsync or synchronous_commit is refused
unless `--allow-not-durable` (then every figure is marked NOT PRODUCTION DURABILITY).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bench.durability import NotDurable, mark, report
from bench.statement_costs import capture, print_costliest
from models.base import utcnow
from services.core.clock import local_zone
from services.core.db import make_engine, migrate
from services.reporting.dashboard import (
    NOT_ANSWERED,
    DashboardFilter,
    age_band_cutoffs,
    build_dashboard,
    day_span,
    filter_options,
)

GOAL_MS = 200
GOAL_RATIO = 20
AFTER_PANELS = ("retention", "income", "employment", "open_issues")  # the dashboard's after-the-hire panels


def time_refresh(engine: Engine, flt: DashboardFilter, *, runs: int, now: datetime | None = None,
                 parallel: bool = True) -> dict:
    build_dashboard(engine, flt, now=now, parallel=parallel)  # warm-up: statement cache, pages in memory
    walls, cpus, panels, statements = [], [], [], []
    for _ in range(runs):
        timings: dict[str, float] = {}
        with capture(engine) as ran:
            c0, t0 = time.process_time(), time.perf_counter()
            build_dashboard(engine, flt, now=now, parallel=parallel, timings=timings)
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        panels.append(timings)
        statements.append(ran)
    median = statistics.median(walls)
    at = walls.index(min(walls, key=lambda w: abs(w - median)))
    return {"median": median, "min": min(walls), "max": max(walls), "cpu": statistics.median(cpus),
            "panels": panels[at], "all_panels": panels, "statements": statements[at],
            "again": lambda: build_dashboard(engine, flt, now=now, parallel=parallel)}


def print_statements(engine: Engine, r: dict) -> str:  # the five costliest (statement_costs.py: how)
    return print_costliest(engine, r["statements"], r["again"])


def _ms(r: dict) -> str:
    return f"median {r['median'] * 1000:.0f} ms (min {r['min'] * 1000:.0f}, max {r['max'] * 1000:.0f}; " \
           f"process CPU {r['cpu'] * 1000:.0f} ms)"


def time_call(fn: Callable[[], object], runs: int) -> dict:
    fn()  # warm-up
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t0)
    return {"median": statistics.median(walls), "min": min(walls), "max": max(walls)}


def after_the_hire(engine: Engine, today: date, township: str | None, runs: int) -> list[tuple[str, dict]]:
    """The after-the-hire pages' reads (the dashboard's own panels are timed with the refresh)."""
    from services.households import income, lists
    from services.reporting.dashboard.employment import by_household, by_site
    from services.subsidies.report import Period, subsidy_report

    views: list[tuple[str, Callable[[], object]]] = [
        ("households: figures per township", lambda: lists.township_figures(engine, today=today)),
        ("households: figures per site", lambda: lists.site_figures(engine, today=today)),
        ("households: first page needing a plan", lambda: lists.household_list(engine, today=today)),
        ("household income per township", lambda: income.income_figures(engine, year=today.year, today=today)),
        ("household income: first page not lifted yet (its count from the figures, as the page does)",
         lambda: income.income_list(engine, year=today.year, today=today, lifted=False, total=sum(
             f.not_yet for f in income.income_figures(engine, year=today.year, today=today)))),
        ("household income per township, last year",
         lambda: income.income_figures(engine, year=today.year - 1, today=today)),
        ("household income: first page not lifted yet, last year (its count from the figures)",
         lambda: income.income_list(engine, year=today.year - 1, today=today, lifted=False, total=sum(
             f.not_yet for f in income.income_figures(engine, year=today.year - 1, today=today)))),
        ("subsidy report, year so far", lambda: subsidy_report(engine, Period(date(today.year, 1, 1), today),
                                                               with_trace=False)),
    ]
    if township:
        views += [
            (f"in work: sites of {township}", lambda: by_site(engine, township=township, today=today)),
            (f"in work: households of {township}",
             lambda: by_household(engine, township=township, site_id=None, today=today)),
        ]
    return [(name, time_call(fn, runs)) for name, fn in views]


def naive(engine: Engine, now: datetime) -> tuple[float, dict]:
    """Read the tables into pandas and group there."""
    zone = local_zone()
    t0 = time.perf_counter()
    with engine.connect() as conn:
        seekers = pd.read_sql(text(
            "SELECT id, township, gender, birth_date, education, intention, poor_household, created_at FROM seeker"),
            conn)
        checkins = pd.read_sql(text("SELECT seeker_id, fair_id, site_id, created_at FROM checkin"), conn)
    options = filter_options(engine, today=now.astimezone(zone).date())
    answers = ["education", "intention", "poor_household"]  # NULL: not answered, a bucket of its own
    seekers[answers] = seekers[answers].fillna(NOT_ANSWERED)
    for df in (seekers, checkins):
        df["created_at"] = pd.to_datetime(df["created_at"], utc=True).dt.tz_convert(zone)
    today = now.astimezone(zone).date()
    checkins["day"] = checkins["created_at"].dt.date
    seekers["day"] = seekers["created_at"].dt.date
    on_today = checkins[checkins["day"] == today]
    cuts = age_band_cutoffs(today)
    birth = pd.to_datetime(seekers["birth_date"]).dt.date
    band = birth.map(lambda b: next((i for i, c in enumerate(cuts) if b > c), len(cuts)))
    fair = options.running_fair_id
    per_day_from = today - timedelta(days=29)
    recent = checkins[(checkins["day"] >= per_day_from) & (checkins["day"] <= today)]
    year_lo, year_hi = day_span(date(today.year, 1, 1), date(today.year, 12, 31), zone)
    figures = {
        "people_today": on_today["seeker_id"].nunique(),
        "new_today": int((seekers["day"] == today).sum()),
        "people_at_fair": checkins.loc[checkins["fair_id"] == fair, "seeker_id"].nunique() if fair else None,
        "people_total": len(seekers),
        "per_hour": on_today["created_at"].dt.hour.value_counts().reindex(range(24), fill_value=0).tolist(),
        "per_day": recent.groupby("day").size().to_dict(),
        "by_fair": recent.groupby("fair_id").size().to_dict(),  # the per-day chart's days, as the page
        "by_site": recent.groupby("site_id").size().to_dict(),
        "by_township": seekers.groupby("township").size().to_dict(),
        "age_gender": seekers.groupby([band, seekers["gender"]]).size().to_dict(),
        "education": seekers.groupby("education").size().to_dict(),
        "intention": seekers.groupby("intention").size().to_dict(),
        "poor": seekers.groupby("poor_household").size().to_dict(),
        "registered": int(((seekers["created_at"] >= year_lo) & (seekers["created_at"] < year_hi)).sum()),
    }
    return time.perf_counter() - t0, figures


def same_figures(engine: Engine, now: datetime, expected: dict) -> list[str]:
    d = build_dashboard(engine, DashboardFilter(), now=now)
    got = {
        "people_today": d.people_today, "new_today": d.new_today, "people_at_fair": d.people_at_fair,
        "people_total": d.people_total, "per_hour": [n for _h, n in d.per_hour],
        "per_day": {day: n for day, n in d.per_day if n},
        "by_fair": {p.id: n for p, n in d.by_place if p.kind == "fair"},
        "by_site": {p.id: n for p, n in d.by_place if p.kind == "site"},
        "by_township": dict(d.profile.by_township), "age_gender": dict(d.profile.age_gender),
        "education": dict(d.profile.education), "intention": dict(d.profile.intention),
        "poor": dict(d.profile.poor), "registered": d.targets[0].count,
    }
    norm = {k: (Counter({kk: int(vv) for kk, vv in v.items() if vv}) if isinstance(v, dict) else v)
            for k, v in expected.items()}
    got = {k: (Counter({kk: int(vv) for kk, vv in v.items() if vv}) if isinstance(v, dict) else v)
           for k, v in got.items()}
    return [k for k in norm if norm[k] != got[k]]


def bench(label: str, url: str, runs: int, *, allow_not_durable: bool = False, naive_too: bool = True) -> list[str]:
    engine = make_engine(url)
    durability = report(engine, allow_unsafe=allow_not_durable, label=label)  # refuses before the migration
    label += mark(durability)
    t0 = time.perf_counter()
    migrate(engine)
    print(f"\n== {label}: {url.split('@')[-1]}  (migrated in {time.perf_counter() - t0:.1f} s)")
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))  # as autovacuum would have: visibility map for index-only scans
    with engine.connect() as conn:
        seekers = conn.execute(text("SELECT count(*) FROM seeker")).scalar_one()
        checkins = conn.execute(text("SELECT count(*) FROM checkin")).scalar_one()
    now = utcnow()
    today = now.astimezone(local_zone()).date()
    options = filter_options(engine, today=today)
    d = build_dashboard(engine, DashboardFilter(), now=now)
    print(f"{seekers:,} seekers, {checkins:,} check-ins; today {today}: {d.people_today:,} people, "
          f"{sum(n for _h, n in d.per_hour):,} check-ins; running fair {options.running_fair_id}")

    lines = []
    whole = time_refresh(engine, DashboardFilter(), runs=runs)
    print(f"refresh, whole county (all panels, uncached, panels in parallel): {_ms(whole)}")
    print("    panels: " + ", ".join(f"{k} {v * 1000:.0f}" for k, v in sorted(whole["panels"].items(),
                                                                             key=lambda kv: -kv[1])) + " (ms)")
    print_statements(engine, whole)
    one = time_refresh(engine, DashboardFilter(), runs=runs, parallel=False)
    print(f"refresh, whole county, panels one after another (one snapshot): {_ms(one)}")

    township = next((s.township for s in options.sites if s.township), None)
    site = options.sites[0].id if options.sites else None
    cases = [
        ("as of yesterday 11:30 (an ordinary day)", DashboardFilter(),
         datetime.combine(today - timedelta(days=1), datetime.min.time(), local_zone()).replace(hour=11, minute=30)
         .astimezone(UTC)),
        ("fair held today", DashboardFilter(fair_id=options.running_fair_id), None),
        (f"township {township}", DashboardFilter(township=township), None),
        (f"site {site}", DashboardFilter(site_id=site), None),
        ("last 7 days", DashboardFilter(start=today - timedelta(days=6), end=today), None),
    ]
    others = []
    for name, flt, at in cases:
        r = time_refresh(engine, flt, runs=max(1, runs // 2), now=at)
        others.append((name, r))
        slowest = max(r["panels"].items(), key=lambda kv: kv[1])
        print(f"refresh, {name}: {_ms(r)}; slowest panel {slowest[0]} {slowest[1] * 1000:.0f} ms")
        print("    panels: " + ", ".join(f"{k} {v * 1000:.0f}" for k, v in sorted(r["panels"].items(),
                                                                                 key=lambda kv: -kv[1])) + " (ms)")
        print_statements(engine, r)

    after = after_the_hire(engine, today, township, max(1, runs // 2))
    for name, r in after:
        print(f"{name}: median {r['median'] * 1000:.0f} ms (min {r['min'] * 1000:.0f}, max {r['max'] * 1000:.0f})")
    panels = {k: statistics.median(p[k] for p in whole["all_panels"]) for k in AFTER_PANELS
              if k in whole["panels"]}
    print(f"\n| view | {label}, {seekers:,} seekers, median ms |\n|---|---|")
    print(f"| whole county | {whole['median'] * 1000:,.0f} |")
    for name, r in others:
        print(f"| {name} | {r['median'] * 1000:,.0f} |")
    for name, sec in panels.items():
        print(f"| panel {name} (in the whole-county refresh) | {sec * 1000:,.0f} |")
    for name, r in after:
        print(f"| {name} | {r['median'] * 1000:,.0f} |")

    verdict = []
    if not naive_too:  # (10M: the naive reading needs minutes and gigabytes; its ratio is known from 1M)
        if whole["median"] * 1000 > GOAL_MS:
            verdict.append(f"{label}: refresh {whole['median'] * 1000:.0f} ms > {GOAL_MS} ms")
        engine.dispose()
        return lines + verdict
    naive_s, figures = naive(engine, now)
    naive_again, _ = naive(engine, now)
    naive_s = min(naive_s, naive_again)
    wrong = same_figures(engine, now, figures)
    ratio = naive_s / whole["median"]
    print(f"naive (tables into pandas, group there): {naive_s * 1000:,.0f} ms -> SQL refresh is {ratio:.0f}x faster; "
          + ("figures agree" if not wrong else f"FIGURES DIFFER: {wrong}"))
    if whole["median"] * 1000 > GOAL_MS:
        verdict.append(f"{label}: refresh {whole['median'] * 1000:.0f} ms > {GOAL_MS} ms")
    if ratio < GOAL_RATIO:
        verdict.append(f"{label}: only {ratio:.0f}x faster than naive (goal {GOAL_RATIO}x)")
    if wrong:
        verdict.append(f"{label}: figures differ from the naive computation: {wrong}")
    lines += verdict
    engine.dispose()
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", help="SQLite URL of a demo database (e.g. sqlite:////tmp/demo1m/portal.db)")
    parser.add_argument("--postgres", help="PostgreSQL URL of a demo database")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--allow-not-durable", action="store_true",
                        help="measure on a PostgreSQL without fsync / synchronous_commit (marked NOT PRODUCTION)")
    parser.add_argument("--no-naive", action="store_true",
                        help="skip the naive pandas comparison (at 10M it takes minutes and gigabytes)")
    args = parser.parse_args()
    if not args.sqlite and not args.postgres:
        parser.error("give --sqlite and/or --postgres")
    problems = []
    for label, url in (("SQLite", args.sqlite), ("PostgreSQL", args.postgres)):
        if url:
            try:
                problems += bench(label, url, args.runs, allow_not_durable=args.allow_not_durable,
                                  naive_too=not args.no_naive)
            except NotDurable as refused:
                print(refused.message)
                problems.append(refused.message)
    print("\n" + ("goals met" if not problems else "goals missed:\n  " + "\n  ".join(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
