"""The hires the after-the-hire panels count: the dashboard's filter read as for the hire figures.

One meaning for every after-the-hire figure (retention, wage issues, transfer income), the same
as hires.py gives the hire figures:

* a fair: hires recorded at that fair (`fair_id`);
* a township: hires of people whose **home township** it is (the seeker's `township`);
* a registration point: hires of people who registered there (a check-in at it; with the summaries read, the
  site's hires kept in `summary_hire_site`, the same hires);
* dates: hires recorded (`hired_at`) in those local dates.

A cancelled hire never counts. The panels read the hires' facts (`hire_fact`, docs/ROLLUPS.md
"Hire facts"): the hire's columns with the person's township, so no join to the seeker table.
"""

from __future__ import annotations

from sqlalchemy.sql.elements import ColumnElement

from models.hire_fact import ACTIVE_FACT, HireFact
from services.reporting.dashboard.buckets import in_span
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.hires import _hire_conditions

fact_table = HireFact.__table__


def hire_scope(ctx: Context) -> list[ColumnElement[bool]]:
    """The conditions on `hire_fact` of the hires in the dashboard's scope."""
    return [ACTIVE_FACT, *_hire_conditions(ctx.flt, summaries=ctx.summaries), *in_span(fact_table.c.hired_at, ctx.span)]
