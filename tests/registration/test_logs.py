"""No ID number or phone in clear in log records or in the errors raised, at DEBUG level.

Registration (accepted, refused in every field, repeated), and the ticket look-up (found, a miss,
refused while waiting, bad input) run with every logger at DEBUG — SQLAlchemy then logs each
statement with its parameters — and every record's message, arguments and exception text, and
every raised error's str() and its chain, are searched for the numbers typed.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from models.base import utcnow
from services.core.errors import PortalError
from services.places.sources import Source
from services.registration.lookup_limits import PHONE
from services.registration.register import register_seeker, validate_registration
from services.registration.tickets import find_ticket
from tests.factories import form, person_id

NUMBER, PHONE_NO = person_id(3, gender="M"), "13698765432"
BAD_ID = NUMBER[:17] + ("0" if NUMBER[17] != "0" else "1")  # the check character is wrong


def _chain(exc: BaseException | None) -> list[str]:
    out = []
    while exc is not None:
        out += [str(exc), repr(exc), *(str(a) for a in exc.args)]
        exc = exc.__cause__ or exc.__context__
    return out


def _secrets(*typed: str) -> set[str]:
    """The numbers as typed and as normalized (the check is on the digits, not on the spacing)."""
    return {"".join(c for c in t if c.isalnum()).upper() for t in typed} | set(typed)


def test_no_number_in_logs_or_errors(engine, vault, county, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy.engine", "sqlalchemy.pool", "alembic"):
        caplog.set_level(logging.DEBUG, logger=name)
    raised: list[BaseException] = []

    def attempt(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except PortalError as exc:
            raised.append(exc)
            return None

    # refused input: each field wrong in a different way, the numbers in them included
    for bad in (dict(id_number=BAD_ID), dict(id_number=NUMBER[:16]), dict(phone="1369876543"),
                dict(phone="+1 650 253 0000"), dict(id_number=NUMBER, phone=PHONE_NO, name="王1", consent=False)):
        attempt(validate_registration, form(**bad), county=county)
    draft = validate_registration(form(id_number=f" {NUMBER[:6]} {NUMBER[6:].lower()}", phone="136 9876 5432"),
                                  county=county)
    register_seeker(engine, vault, draft, source=Source.direct(), submission_id="log-1")
    register_seeker(engine, vault, draft, source=Source.direct(), submission_id="log-2")  # again: an update

    now = utcnow()
    assert find_ticket(engine, vault, phone=PHONE_NO, id_last4=NUMBER[-4:], address="10.2.3.4", now=now).ticket
    for _ in range(PHONE.free):
        attempt(find_ticket, engine, vault, phone=PHONE_NO, id_last4="000" + ("1" if NUMBER[-1] != "1" else "2"),
                address="10.2.3.4", now=now)
    attempt(find_ticket, engine, vault, phone=PHONE_NO, id_last4=NUMBER[-4:], address="10.2.3.4",
            now=now + timedelta(seconds=1))  # refused: a wait runs
    attempt(find_ticket, engine, vault, phone=PHONE_NO[:-1], id_last4=NUMBER[-3:], address="10.2.3.4")
    assert len(raised) >= 7, raised

    assert any("sqlalchemy" in r.name for r in caplog.records)  # the statements were logged, with parameters
    texts = [r.getMessage() for r in caplog.records]
    texts += [str(r.args) for r in caplog.records]
    texts += [line for r in caplog.records if r.exc_info for line in _chain(r.exc_info[1])]
    texts += [line for exc in raised for line in _chain(exc)]
    blob = "\n".join(texts)
    for secret in _secrets(NUMBER, BAD_ID, PHONE_NO, "1369876543", NUMBER[:16]):
        assert secret not in blob, secret
    assert "10.2.3.4" not in blob  # nor the client address
