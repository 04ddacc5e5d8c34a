"""Retention's counters (issue 15, docs/ROLLUPS.md "Retention counters", migration 0037).

`summary_retention_visit`: one row per k-month visit retention counts (its month set, not cancelled, its hire
active): the hire's keys and the person's township as counted, the visit's dates and its state ("scheduled"
or the outcome of a done visit). It is what the counters hold for the visit, so a write subtracts exactly
what was added.

`summary_retention`: per township, breakdown ("" the overall figure, "employer", "destination", "trade",
"township", "fair"; keys k1, k2 as text, "" for none), month k and **day**, the change of each of
retention's columns on that day. A visit adds "reached" on its due date, "pending" while its window is open
and "lost" from the day after it closes: the figures of a day are the sums of the rows up to that day, so
the passing of days needs no write. The daily job folds the past days into one row per key (day `FOLDED`)
to keep the table small (services/summaries/retention_counts.py).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Date, Index, Integer, String
from sqlmodel import Field

from models.base import TableModel

FOLDED = date(1900, 1, 1)  # the day of the rows the daily fold made: every day up to the fold


class RetentionVisit(TableModel, table=True):
    __tablename__ = "summary_retention_visit"
    __table_args__ = (Index("ix_summary_retention_visit_hire", "hire_id"),)

    follow_up_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    hire_id: int
    month: int
    township: str = Field(max_length=40)
    employer_id: int
    province: str = Field(max_length=20)
    city: str = Field(max_length=40)
    trade: str = Field(max_length=32)
    fair_id: int | None = None
    due_date: date
    window_opens: date
    window_closes: date
    state: str = Field(max_length=16)  # "scheduled", or the done visit's outcome


class RetentionCount(TableModel, table=True):
    __tablename__ = "summary_retention"
    __table_args__ = (Index("ix_summary_retention_day", "day"),)

    township: str = Field(sa_column=Column(String(40), primary_key=True))
    breakdown: str = Field(sa_column=Column(String(16), primary_key=True))
    k1: str = Field(sa_column=Column(String(40), primary_key=True))
    k2: str = Field(sa_column=Column(String(40), primary_key=True))
    month: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    day: date = Field(sa_column=Column(Date, primary_key=True))
    reached: int = 0
    working: int = 0
    changed_job: int = 0
    returned: int = 0
    dispute: int = 0
    lost: int = 0
    pending: int = 0
