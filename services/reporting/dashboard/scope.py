"""The hires the after-the-hire panels count: the dashboard's filter read as for the hire figures.

One meaning for every after-the-hire figure (retention, wage issues, transfer income), the same
as hires.py gives the hire figures:

* a fair: hires recorded at that fair (`hire.fair_id`);
* a township: hires of people whose **home township** it is (`seeker.township`);
* a registration point: hires of people who registered there (a check-in at it);
* dates: hires recorded (`hire.hired_at`) in those local dates.

A cancelled hire never counts (`ACTIVE_HIRE`). The seeker is always joined (by primary key):
the breakdowns by township need it.
"""

from __future__ import annotations

from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Join

from models.application import ACTIVE_HIRE, Hire
from services.reporting.dashboard.buckets import in_span
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.counting import seeker_table
from services.reporting.dashboard.hires import _hire_conditions

hire_table = Hire.__table__


def hire_scope(ctx: Context) -> list[ColumnElement[bool]]:
    """The conditions on `hire` (with `seeker` joined) of the hires in the dashboard's scope."""
    return [ACTIVE_HIRE, *_hire_conditions(ctx.flt), *in_span(hire_table.c.hired_at, ctx.span)]


def hires_with_seekers() -> Join:
    """hire JOIN seeker (by primary key)."""
    return hire_table.join(seeker_table, seeker_table.c.id == hire_table.c.seeker_id)
