"""Employer subsidy rules kept as data: one row per version of a rule.

A rule has a `code` (e.g. "hire_contract"), a `kind` (what the code does with the parameters:
services/subsidies/kinds.py) and versions. A version is valid from `valid_from` to `valid_to`
(local dates, both included; `valid_to` NULL = still valid). Changing a rule never overwrites it:
a new version is added and the old one keeps its parameters, its `valid_to` set to the day before the
new one starts. `params` holds the figures (amounts, months, ages, bands) as JSON; `description` is
free text (the reading of the policy's words). Who changed it and when: `changed_by`, `changed_at`
(and an `audit_event`).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class RuleKind(StrEnum):
    PER_HIRE = "per_hire"  # per hire with a long enough contract
    OLDER_WORKER = "older_worker"  # per hire of an older worker, instead of PER_HIRE
    POOR_BAND = "poor_band"  # once per employer and period, by the number of registered-poor hires
    RETAINED = "retained"  # per hire, once the worker is confirmed still working after N months
    # training subsidies (issue 16): per completed enrolment of a course not cancelled (services/training/subsidy.py)
    TRAINED_PERSON = "trained_person"  # per person who completed a course, by course kind
    CERTIFIED = "certified"  # instead of TRAINED_PERSON: a certificate of at least a level
    PROVIDER_HEAD = "provider_head"  # to the provider, per person who completed its course


class SubsidyRule(TableModel, table=True):
    __tablename__ = "subsidy_rule"
    __table_args__ = (
        Index("ux_subsidy_rule_code_version", "code", "version", unique=True),
        Index("ix_subsidy_rule_code_from", "code", "valid_from"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32)
    kind: str = Field(max_length=16)
    version: int
    valid_from: date
    valid_to: date | None = None  # None: open
    params: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    description: str = Field(default="", max_length=1000)
    changed_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))  # None: the defaults
    changed_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
