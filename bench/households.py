"""The households page's reads at scale, from the status rows and from the base tables (issue 15).

    python3 bench/households.py --url sqlite:////tmp/income/portal.db [--runs 5] [--days 0]

For each view (figures per township, per site, first page needing a plan, a township's first page, the
first overdue page): the median of `--runs` runs after a warm-up, reading the status rows (the page's
path), then the same with the rows not marked ready (the base tables, the reference: `household_status_ready`
emptied in a transaction that is rolled back) — both answers must be equal. `--days N` reads
N days after the county's date (rows turn stale as members turn 16 or 60 and hires start).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import delete, func, select
from sqlmodel import Session

from models import HouseholdStatus, HouseholdStatusReady
from services.core.clock import local_today
from services.core.db import make_engine
from services.households import lists
from services.households.status import stale_ids


def timed(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    answer = fn()
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t0)
    return statistics.median(walls) * 1000, answer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--days", type=int, default=0)
    parser.add_argument("--reference-runs", type=int, default=1)
    args = parser.parse_args()
    engine = make_engine(args.url)
    today = local_today() + timedelta(days=args.days)
    with Session(engine) as session:
        conn = session.connection()
        rows = conn.execute(select(func.count()).select_from(HouseholdStatus.__table__)).scalar_one()
        stale = conn.execute(select(func.count()).select_from(stale_ids(today).subquery())).scalar_one()
        town = conn.execute(select(HouseholdStatus.township).limit(1)).scalar_one()
    print(f"{engine.dialect.name}: {rows:,} status rows, {stale:,} stale on {today}")
    views: list[tuple[str, Callable[[Session], object]]] = [
        ("figures per township", lambda s: lists.township_figures(s, today=today)),
        ("figures per site", lambda s: lists.site_figures(s, today=today)),
        ("first page needing a plan (total from the figures)", lambda s: lists.household_list(s, today=today,
                                                                                             total=0)),
        ("first page needing a plan, counted", lambda s: lists.household_list(s, today=today, total=None)),
        (f"first page of {town}", lambda s: lists.household_list(s, today=today, township=town, total=0)),
        ("first page overdue", lambda s: lists.household_list(s, today=today, kind=lists.ListKind.OVERDUE, total=0)),
    ]
    print("| view | status rows (ms) | base tables (ms) | same answer |\n|---|---:|---:|---|")
    for name, fn in views:
        with Session(engine) as session:
            fast, a = timed(lambda fn=fn, session=session: fn(session), args.runs)
            if not args.reference_runs:  # --reference-runs 0: the status rows only
                print(f"| {name} | {fast:,.0f} | | |", flush=True)
                continue
            session.execute(delete(HouseholdStatusReady))
            slow, b = timed(lambda fn=fn, session=session: fn(session), args.reference_runs)
            session.rollback()
        print(f"| {name} | {fast:,.0f} | {slow:,.0f} | {'yes' if a == b else 'NO'} |", flush=True)


if __name__ == "__main__":
    main()
