"""Job fairs: creating and editing them, and reading them with the status their dates give.

A fair's status on screen is `fair_status` (services.places.fair_status): staff closing it
wins, otherwise its dates in the county's time zone decide.
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models import Fair, FairStatus
from services.core.db import read_only, transactional
from services.core.errors import FieldErrors
from services.core.i18n import N_
from services.places.county import County
from services.places.forms import (
    DATES_REVERSED,
    NOT_FOUND,
    STATUS_INVALID,
    check_code,
    check_text,
    check_township,
    insert_with_code,
    raise_if_any,
)

FAIR_STATUSES = {FairStatus.PLANNED: N_("Planned"), FairStatus.OPEN: N_("Open for registration"),
                 FairStatus.CLOSED: N_("Closed")}
# The county's named campaigns (stored as typed, in Chinese); any other name may be typed too.
KNOWN_CAMPAIGNS = {
    "春风行动": N_("Spring Breeze Action"),
    "送岗位下乡": N_("Sending Jobs to the Countryside"),
    "民营企业招聘周": N_("Private Enterprise Recruitment Week"),
    "就业援助月": N_("Employment Assistance Month"),
    "金秋招聘月": N_("Golden Autumn Recruitment Month"),
}


class FairFields(TypedDict):
    """A fair's fields as the form checked them."""

    name: str
    venue: str
    township: str
    campaign: str
    starts_on: date | None
    ends_on: date | None
    status: str


def _fair_fields(
    errors: dict[str, str], *, name: str, venue: str, township: str, campaign: str, starts_on: date | None,
    ends_on: date | None, status: str, county: County | None,
) -> FairFields:
    text = check_text(errors, {"name": name, "venue": venue, "township": township, "campaign": campaign})
    check_township(errors, text["township"], county, required=False)
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = DATES_REVERSED
    if status not in set(FairStatus):
        errors["status"] = STATUS_INVALID
    return FairFields(name=text["name"], venue=text["venue"], township=text["township"], campaign=text["campaign"],
                      starts_on=starts_on, ends_on=ends_on, status=str(status))


@transactional
def create_fair(
    session: Session, *, name: str, code: str | None = None, venue: str = "", township: str = "",
    campaign: str = "", starts_on: date | None = None, ends_on: date | None = None,
    status: str = FairStatus.OPEN, county: County | None = None,
) -> Fair:
    """A new fair under `code` (or a generated one). Raises FieldErrors with every problem found.

    With `county`, the township must be one of the county's (or empty for a county-wide fair).
    """
    errors: dict[str, str] = {}
    code = check_code(errors, code)
    fields = _fair_fields(errors, name=name, venue=venue, township=township, campaign=campaign,
                          starts_on=starts_on, ends_on=ends_on, status=status, county=county)
    raise_if_any(errors)
    fair = Fair(code=code or "-", **fields)
    insert_with_code(session, fair, code, "F")
    return fair


@transactional
def update_fair(
    session: Session, fair_id: int, *, name: str, venue: str = "", township: str = "", campaign: str = "",
    starts_on: date | None = None, ends_on: date | None = None, status: str = FairStatus.OPEN,
    county: County | None = None,
) -> Fair:
    """Change a fair's details. Its code stays: printed posters keep working."""
    errors: dict[str, str] = {}
    fields = _fair_fields(errors, name=name, venue=venue, township=township, campaign=campaign,
                          starts_on=starts_on, ends_on=ends_on, status=status, county=county)
    raise_if_any(errors)
    fair = session.get(Fair, fair_id, with_for_update=True)  # (check-ins in flight at it finish first)
    if fair is None:
        raise FieldErrors({"name": NOT_FOUND})
    was = fair.township
    for key, value in fields.items():
        setattr(fair, key, value)
    session.flush()
    if fair.township != was:  # its people in both townships' counters (services/summaries/town_profiles.py)
        from services.summaries.town_profiles import move_place

        move_place(session.connection(), was=was, now_in=fair.township, fair_id=fair.id)
    session.refresh(fair)
    return fair


@transactional
def set_fair_status(session: Session, fair_id: int, status: str) -> Fair:
    if status not in set(FairStatus):
        raise FieldErrors({"status": STATUS_INVALID})
    fair = session.get(Fair, fair_id)
    if fair is None:
        raise FieldErrors({"status": NOT_FOUND})
    fair.status = str(status)
    session.flush()
    session.refresh(fair)
    return fair


def list_fairs(session: Session) -> list[Fair]:
    return list(session.exec(select(Fair).order_by(col(Fair.id))))


@read_only
def get_fair(session: Session, fair_id: int) -> Fair | None:
    return session.get(Fair, fair_id)


def all_fairs(engine: Engine | Session) -> list[Fair]:
    """Every fair, the latest first (by first day, then newest created)."""
    fairs = read_only(list_fairs)(engine)
    return sorted(fairs, key=lambda f: (f.starts_on or date.max, f.id), reverse=True)
