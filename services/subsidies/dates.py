"""Whole months and ages, the same in Python and in SQL on both backends.

`add_months` is the follow-ups' (services/followups/due.py): the same day N months later, or that
month's last day when it has fewer days (31 Jan + 1 month = 28/29 Feb). An age is whole years (周岁):
a person is `n` on the day `add_months(birth, 12 n)`, their birthday (a 29 February birth: 28 February
in a common year). `add_months_sql` is the same date computed by the database; tests compare them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, cast, func, literal_column, type_coerce
from sqlalchemy.sql.elements import ColumnElement

from services.followups.due import add_months

__all__ = ["add_months", "add_months_sql", "age_on"]


def age_on(birth: date, day: date) -> int:
    """Whole years of age on `day` (the birthday itself counts)."""
    years = day.year - birth.year
    if add_months(birth, 12 * years) > day:
        years -= 1
    return years


def add_months_sql(column: Any, months: int, dialect: str) -> ColumnElement[date]:
    """`add_months(column, months)` in SQL (`months` a whole number, 0 or more, known when the query is built)."""
    months = int(months)
    if months < 0:
        raise ValueError("months must be 0 or more")
    if dialect == "postgresql":  # PostgreSQL's month arithmetic clamps to the month's last day
        return cast(column + func.make_interval(literal_column("0"), literal_column(str(months))), Date)
    if dialect != "sqlite":
        raise NotImplementedError(dialect)
    # SQLite's '+N months' overflows into the next month (31 Jan + 1 month = 3 Mar): step from the
    # month's first day, add the day, and keep the smaller of that and the target month's last day
    day = cast(func.strftime("%d", column), Integer) - 1
    wanted = func.date(column, "start of month", f"+{months} months", func.printf("+%d days", day))
    last = func.date(column, "start of month", f"+{months + 1} months", "-1 day")
    return type_coerce(func.min(wanted, last), Date)
