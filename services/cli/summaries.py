"""`rebuild-summaries [--verify]` (services/summaries): the dashboard's summary tables from the base tables.

    python -m services.cli rebuild-summaries            # recompute them, in one transaction, with progress
    python -m services.cli rebuild-summaries --verify   # recount and compare; exit 1 on any difference

Usable in production, e.g. after a restore or a change of PORTAL_TIMEZONE; the rebuild holds the write lock
(SQLite) or the tables' rows (PostgreSQL) for its transaction, so run it outside a fair's busiest hour.
"""

from __future__ import annotations

import argparse
from time import perf_counter
from typing import Any

from sqlalchemy.engine import Engine

from services.cli.output import _, said
from services.core.db import unit_of_work
from services.core.errors import Message
from services.core.i18n import N_
from services.summaries.rebuild import rebuild, verify


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser("rebuild-summaries", help="recompute the dashboard's summary tables from the base tables "
                                                 "(--verify: compare only, exit 1 on any difference)")
    p.add_argument("--verify", action="store_true", help="recount and compare with the stored summaries; "
                                                         "change nothing")
    return p


def _progress(line: Message) -> None:
    """A step of the rebuild or the recount, in the portal's language."""
    print("  " + said(line), flush=True)


def cmd_rebuild_summaries(args: argparse.Namespace, engine: Engine) -> None:
    t0 = perf_counter()
    if args.verify:
        with engine.connect() as conn, conn.begin():
            found = verify(conn, progress=_progress)
            conn.rollback()
        if found.zone is not None:
            print(_(N_("The summaries were computed in the time zone {stored}; the county's is {county}."),
                    stored=found.zone[0], county=found.zone[1]))
        for table, (missing, unexpected) in found.counts.items():
            print(_(N_("{table}: {missing} rows of the recount missing or different, {unexpected} stored rows not "
                       "in the recount"), table=table, missing=f"{missing:,}", unexpected=f"{unexpected:,}"))
            for row in found.missing.get(table, []):
                print(f"    recount  {row}")
            for row in found.unexpected.get(table, []):
                print(f"    stored   {row}")
        said = (N_("The summaries differ from the base tables ({seconds} s).") if found.any
                else N_("The summaries agree with the base tables ({seconds} s)."))
        print(_(said, seconds=f"{perf_counter() - t0:.1f}"))
        if found.any:
            raise SystemExit(1)
        return
    print(_(N_("Rebuilding the summaries from the base tables (one transaction)…")), flush=True)
    with unit_of_work(engine) as session:
        rebuild(session.connection(), progress=_progress)
    print(_(N_("Done in {seconds} s."), seconds=f"{perf_counter() - t0:.1f}"))
