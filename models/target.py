"""Yearly targets set by organizers, for the county (township "") and each township."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class TargetMetric(StrEnum):
    REGISTRATIONS = "registrations"
    EMPLOYED = "employed"
    TRANSFERRED_OUT = "transferred_out"
    TRAINED = "trained"  # people who completed a course (issue 16: services/training/figures.py)


class Target(TableModel, table=True):
    __table_args__ = (UniqueConstraint("year", "township", "metric", name="uq_target_year_township_metric"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int
    township: str = Field(default="", max_length=40)  # "" = the whole county
    metric: str = Field(max_length=20)
    value: int
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
