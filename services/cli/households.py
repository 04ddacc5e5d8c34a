"""`refresh-households` (services/summaries/household_rebuild.py): recompute the household status rows the
passing of days made stale (members turning 16 or 60, hires starting), and fold the past days of retention's
counters into one row per key (summaries/retention_counts.py). Run it daily (e.g. a cron job after midnight,
county time); the households page and retention stay exact without it, but read more rows.

    python -m services.cli refresh-households
"""

from __future__ import annotations

import argparse
from time import perf_counter
from typing import Any

from sqlalchemy.engine import Engine

from services.cli.output import _
from services.core.db import unit_of_work
from services.core.i18n import N_
from services.summaries import retention_counts
from services.summaries.household_rebuild import refresh_stale


def add_parser(sub: Any) -> argparse.ArgumentParser:
    return sub.add_parser("refresh-households", help="recompute the household status rows the passing of days "
                                                     "made stale, fold retention's past days (daily)")


def cmd_refresh_households(_args: argparse.Namespace, engine: Engine) -> None:
    t0 = perf_counter()
    with unit_of_work(engine) as session:
        n = refresh_stale(session.connection())
    print(_(N_("{households} households recomputed in {seconds} s."), households=f"{n:,}",
            seconds=f"{perf_counter() - t0:.1f}"))
    t0 = perf_counter()
    with unit_of_work(engine) as session:
        keys = retention_counts.fold(session.connection())
    print(_(N_("Retention counters: the past days of {keys} keys folded in {seconds} s."), keys=f"{keys:,}",
            seconds=f"{perf_counter() - t0:.1f}"))
