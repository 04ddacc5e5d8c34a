"""A hire's facts for the after-the-hire panels (issue 15, docs/ROLLUPS.md "Hire facts", migration 0030).

One row per hire, cancelled ones too (`active` false): the hire's own columns the panels group by (and its
contract's months), the hired person's home township and registered-poor answer as they are now, their gender
and birth date (from the ID number: they never change; for the subsidy report, migration 0038), and what the
hire's visits say
(`latest_outcome` of the latest done visit, `last_in_work` the day of the latest one saying in work,
`wage` the latest wage a visit recorded, else the hire's). Kept in the transaction of every write that
changes them (services/summaries/hire_facts.py), so the panels read one narrow table: no join to the
seeker table and no look-up of each hire's visits. Nothing in it depends on the date: "in work today",
months employed and income are computed from it at read time.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Integer
from sqlmodel import Field

from models.base import TableModel, UTCDateTime


class HireFact(TableModel, table=True):
    __tablename__ = "hire_fact"
    __table_args__ = (
        Index("ix_hire_fact_seeker", "seeker_id"),
        Index("ix_hire_fact_township", "active", "township", "start_date"),
        Index("ix_hire_fact_at", "active", "hired_at"),
        Index("ix_hire_fact_fair", "fair_id", "hired_at"),
        Index("ix_hire_fact_start", "active", "start_date"),
    )

    hire_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    seeker_id: int
    township: str = Field(max_length=40)
    poor_household: str | None = Field(default=None, max_length=8)
    gender: str = Field(max_length=1)
    birth_date: date
    active: bool
    fair_id: int | None = None
    employer_id: int
    province: str = Field(max_length=20)
    city: str = Field(max_length=40)
    scope: str = Field(max_length=8)
    trade: str = Field(max_length=32)
    hired_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    start_date: date
    contract_months: int
    latest_outcome: str | None = Field(default=None, max_length=16)
    last_in_work: date | None = None
    wage: int


# "This hire counts" (not cancelled) over the facts: models.application.ACTIVE_HIRE's twin.
ACTIVE_FACT = HireFact.__table__.c.active.is_(True)
