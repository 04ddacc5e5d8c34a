"""A household (户): the family a village list groups its workers by, with its head and size.

Households come from imported village lists (services/imports/households.py) and registrations
can join one later (`join_household`). A household's code is the village's own (户编号), unique
within its township and village. Its members point at it: `seeker.household_id` with their
`seeker.household_relation` (as the list says it, "户主" for the head). `poor` is the head's
registered-poor answer (建档立卡), kept here for the after-the-hire figures.

`head_seeker_id` and `seeker.household_id` refer to each other: the head's foreign key is created
after both tables (`use_alter`, named, so metadata can order and drop them).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow

HEAD = "户主"  # the relation that marks the head of household


class Household(TableModel, table=True):
    __table_args__ = (UniqueConstraint("township", "village", "code", name="ux_household_place_code"),)

    id: int | None = Field(default=None, primary_key=True)
    township: str = Field(max_length=40)
    village: str = Field(max_length=60)
    code: str = Field(max_length=40)
    head_seeker_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("seeker.id", name="fk_household_head_seeker", use_alter=True, ondelete="SET NULL"),
        nullable=True))
    size: int | None = None  # members, as the list says (None: not given)
    poor: bool = False  # the head's answer: a registered poor household
    # the list's "annual wage income of the household" (家庭年工资性收入, yuan) and the local date it was
    # declared (the year it speaks for); None: not declared. Migration 0018; see services/households/income_rule.py
    annual_wage_income: int | None = None
    income_declared_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
