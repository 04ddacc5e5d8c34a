"""A vacancy an employer offers, and the fairs where it is offered.

`scope` (local / province / out) is derived from the work place against the county's
own province and city when the vacancy is saved, so the board and matching filter it
with an index instead of comparing place names.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, Text
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class VacancyStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Scope(StrEnum):
    LOCAL = "local"  # in the county's own city (prefecture): "nearby"
    PROVINCE = "province"  # elsewhere in the county's province
    OUT = "out"  # another province


class TripPayer(StrEnum):
    EMPLOYER = "employer"
    SHARED = "shared"
    WORKER = "worker"


class Vacancy(TableModel, table=True):
    __table_args__ = (
        # the public board and seeker matching: open vacancies not past their closing date
        Index("ix_vacancy_board", "status", "closing_date"),
        Index("ix_vacancy_trade_open", "trade", "status", "closing_date"),
        # matching (services/recruiting/matching.py): every column the scoring query reads, so it is
        # answered from this index alone, without reading the wide rows (city: the estimated rent)
        Index("ix_vacancy_match", "status", "scope", "trade", "closing_date", "age_min", "age_max", "min_education",
              "gender", "wage_min", "wage_max", "housing", "housing_cost", "meals", "meals_cost", "trip_fare",
              "trip_home_payer", "city", "employer_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employer_id: int = Field(sa_column=Column(Integer, ForeignKey("employer.id"), nullable=False, index=True))
    title: str = Field(max_length=80)
    trade: str = Field(max_length=32)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    province: str = Field(max_length=20)
    city: str = Field(max_length=40)
    scope: str = Field(max_length=8)
    distance_km: int | None = None  # from the county, by road (estimated from the city when not typed)
    travel_hours: float | None = None  # one way, door to door
    trip_fare: int | None = None  # one way, yuan
    trip_home_payer: str = Field(default=TripPayer.WORKER, max_length=8)
    wage_min: int
    wage_max: int
    headcount: int
    age_min: int = 16
    age_max: int = 60
    min_education: str = Field(default="none", max_length=16)
    gender: str = Field(default="", max_length=1)  # "" = no requirement; "M"/"F" only with a legal basis
    gender_basis: str = Field(default="", max_length=200)
    housing: bool = False
    housing_cost: int = 0  # yuan per month the worker pays for it (0 = free)
    meals: bool = False
    meals_cost: int = 0  # yuan per month the worker pays for meals (0 = free or none)
    contract_months: int = 12
    hours_per_day: float = 8
    days_per_week: float = 6
    closing_date: date
    status: str = Field(default=VacancyStatus.OPEN, max_length=8)
    created_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class VacancyFair(TableModel, table=True):
    """A fair where a vacancy is offered."""

    __tablename__ = "vacancy_fair"

    vacancy_id: int = Field(
        sa_column=Column(Integer, ForeignKey("vacancy.id", ondelete="CASCADE"), primary_key=True)
    )
    fair_id: int = Field(
        sa_column=Column(Integer, ForeignKey("fair.id", ondelete="CASCADE"), primary_key=True, index=True)
    )
