"""check_in_ticket: a person with a ticket checks in at the next fair, once per place and local day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import CheckIn
from models.base import utcnow
from services.core.clock import day_start
from services.core.db import unit_of_work
from services.core.errors import NotFound, PortalError
from services.places.sources import Source, create_fair
from services.registration.checkin import check_in_ticket
from services.registration.register import register_seeker, validate_registration
from tests.factories import form


def _checkins(engine, fair_id) -> int:
    with unit_of_work(engine, write=False) as s:
        return s.execute(select(func.count()).select_from(CheckIn).where(CheckIn.fair_id == fair_id)).scalar_one()


def test_once_per_fair_and_day_whatever_the_taps(engine, vault, county) -> None:
    code = register_seeker(engine, vault, validate_registration(form(), county=county), source=Source.direct(),
                           submission_id="reg").ticket_code
    fair = create_fair(engine, name="秋季招聘会", code="AUTUMN26", township="城关镇")
    source = Source(kind="fair", fair_id=fair.id, name=fair.name, township=fair.township, code=fair.code)
    now = day_start(utcnow()) + timedelta(hours=10)  # mid-morning: five minutes later is the same local day
    assert check_in_ticket(engine, ticket_code=code, source=source, submission_id="a", now=now)
    assert not check_in_ticket(engine, ticket_code=code, source=source, submission_id="a", now=now)  # double tap
    assert not check_in_ticket(engine, ticket_code=code, source=source, submission_id="b",
                               now=now + timedelta(minutes=5))  # another visit the same day
    assert _checkins(engine, fair.id) == 1
    assert check_in_ticket(engine, ticket_code=code, source=source, submission_id="c", now=now + timedelta(days=1))
    assert _checkins(engine, fair.id) == 2


def test_refusals(engine, vault, county) -> None:
    code = register_seeker(engine, vault, validate_registration(form(), county=county), source=Source.direct(),
                           submission_id="reg").ticket_code
    with pytest.raises(PortalError):
        check_in_ticket(engine, ticket_code=code, source=Source.direct(), submission_id="x")
    fair = create_fair(engine, name="秋季招聘会", code="AUTUMN26", township="城关镇")
    source = Source(kind="fair", fair_id=fair.id, name=fair.name, township=fair.township, code=fair.code)
    with pytest.raises(NotFound):
        check_in_ticket(engine, ticket_code="NOPE2345", source=source, submission_id="y")
