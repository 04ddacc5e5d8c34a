"""Ticket codes, QR images and getting a ticket back."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from sqlmodel import select

from models import Seeker, TicketLookupLimit
from models.base import utcnow
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, PortalError
from services.places.sources import Source
from services.registration.lookup_limits import ADDRESS, MAX_WAIT, PHONE, LookupRefused, wait_after
from services.registration.register import register_seeker, validate_registration
from services.registration.tickets import (
    TICKET_ALPHABET,
    find_ticket,
    format_ticket_code,
    get_ticket,
    new_ticket_code,
    normalize_ticket_code,
    ticket_card_png,
    ticket_png,
)
from tests.factories import form, person_id


def test_codes_are_opaque_and_readable() -> None:
    codes = {new_ticket_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == 8 and set(c) <= set(TICKET_ALPHABET) for c in codes)
    assert not set("ILOU") & set("".join(codes))


@given(st.text(alphabet=TICKET_ALPHABET, min_size=8, max_size=8))
def test_typed_code_round_trips(code: str) -> None:
    assert normalize_ticket_code(format_ticket_code(code).lower()) == code
    assert normalize_ticket_code(format_ticket_code(code).replace(" ", "-")) == code


def test_look_alikes_are_mapped() -> None:
    assert normalize_ticket_code("o1il-ab2c") == "0111AB2C"


@pytest.mark.parametrize("render", [ticket_png, ticket_card_png])
def test_qr_decodes_to_the_code(render) -> None:
    code = new_ticket_code()
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(render(code))))
    assert [d.text for d in decoded] == [code]


def _register(engine, vault, county, **overrides):
    draft = validate_registration(form(**overrides), county=county)
    return register_seeker(engine, vault, draft, source=Source.direct(), submission_id=new_ticket_code())


def test_find_ticket_by_phone_and_last4(engine, vault, county) -> None:
    mine = _register(engine, vault, county)
    sibling = _register(engine, vault, county, id_number=person_id(7, gender="M"), name="王小明")
    found = find_ticket(engine, vault, phone="+86 139-1234-5678", id_last4=person_id()[-4:].lower())
    assert found.ticket.code == mine.ticket_code and found.failed is None
    other = find_ticket(engine, vault, phone="13912345678", id_last4=person_id(7, gender="M")[-4:])
    assert other.ticket.code == sibling.ticket_code  # family members may share one phone
    assert get_ticket(engine, format_ticket_code(mine.ticket_code)).name == "王秀兰"


def _miss(engine, vault, now, phone: str = "13912345678", address: str | None = "10.0.0.1"):
    return find_ticket(engine, vault, phone=phone, id_last4="0000", address=address, now=now).failed


def _hit(engine, vault, now, address: str | None = "10.0.0.1"):
    return find_ticket(engine, vault, phone="13912345678", id_last4=person_id()[-4:], address=address, now=now)


def test_the_wait_grows_and_stays_short() -> None:
    assert [wait_after(n, 3) for n in range(1, 13)] == [0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
    assert max(wait_after(n, PHONE.free) for n in range(1000)) == MAX_WAIT == 300  # 5 minutes at most


def test_failed_lookups_say_tries_left_then_wait_growing(engine, vault, county) -> None:
    _register(engine, vault, county)
    t0 = utcnow()
    assert (_miss(engine, vault, t0).tries_left, _miss(engine, vault, t0).tries_left) == (2, 1)
    third = _miss(engine, vault, t0)
    assert (third.tries_left, third.wait_seconds) == (0, 2)
    assert third.message.startswith("No registration matches") and third.values == {"seconds": 2}
    with pytest.raises(LookupRefused) as refused:  # even the right answer waits
        _hit(engine, vault, t0 + timedelta(seconds=1))
    assert refused.value.values == {"seconds": 1} and "wait {seconds} seconds" in refused.value.message
    t = t0 + timedelta(seconds=2)
    assert _miss(engine, vault, t).wait_seconds == 4
    t += timedelta(seconds=4)
    assert _miss(engine, vault, t).wait_seconds == 8
    for _ in range(10):  # someone keeps guessing: the wait stops growing at 5 minutes
        t += timedelta(seconds=MAX_WAIT)
        failed = _miss(engine, vault, t)
    assert failed.wait_seconds == MAX_WAIT and failed.values == {"minutes": 5}
    with pytest.raises(LookupRefused) as refused:
        _hit(engine, vault, t + timedelta(seconds=30))
    assert refused.value.values == {"minutes": 5}
    found = _hit(engine, vault, t + timedelta(seconds=MAX_WAIT))  # the owner waits 5 minutes at most
    assert found.ticket is not None
    assert _miss(engine, vault, t + timedelta(seconds=MAX_WAIT + 1), address=None).tries_left == 2  # forgiven


def test_failures_are_counted_per_phone_and_per_address(engine, vault, county) -> None:
    _register(engine, vault, county)
    t0 = utcnow()
    for _ in range(PHONE.free):
        _miss(engine, vault, t0, address=None)
    with pytest.raises(LookupRefused):  # the phone waits, from any address
        _hit(engine, vault, t0, address="10.9.9.9")
    phones = [f"1391234{n:04d}" for n in range(ADDRESS.free)]
    left = [_miss(engine, vault, t0, phone=p, address="10.0.0.7").tries_left for p in phones]
    assert left[0] == PHONE.free - 1 and left[-1] == 0  # the strictest key's tries are said
    with pytest.raises(LookupRefused):  # one address trying many phones waits too
        _miss(engine, vault, t0 + timedelta(seconds=1), phone="13800001111", address="10.0.0.7")
    assert _miss(engine, vault, t0, phone="13800001111", address="10.0.0.8").wait_seconds == 0
    later = t0 + ADDRESS.forget_after + timedelta(seconds=1)  # an hour without failures: forgotten
    assert _miss(engine, vault, later, phone="13800002222", address="10.0.0.7").wait_seconds == 0
    with unit_of_work(engine, write=False) as s:
        keys = s.exec(select(TicketLookupLimit.key)).all()
    assert all(k.split(":")[0] in {"phone", "addr"} and len(k.split(":")[1]) == 64 for k in keys)
    assert not any("10.0.0" in k or "139" in k for k in keys)  # digests only


def test_last4_is_checked_against_a_keyed_digest_filled_on_demand(engine, vault, county) -> None:
    mine = _register(engine, vault, county)
    with unit_of_work(engine) as s:  # a row from before migration 0008: no digest yet
        seeker = s.get(Seeker, mine.seeker_id)
        digest = seeker.id_last4_hmac
        assert digest and person_id()[-4:] not in digest
        seeker.id_last4_hmac = None
    assert _miss(engine, vault, utcnow()).tries_left == PHONE.free - 1  # a wrong guess fills it too
    with unit_of_work(engine, write=False) as s:
        assert s.get(Seeker, mine.seeker_id).id_last4_hmac == digest
    assert _hit(engine, vault, utcnow()).ticket.code == mine.ticket_code


def test_bad_lookup_input(engine, vault) -> None:
    with pytest.raises(FieldErrors) as bad:
        find_ticket(engine, vault, phone="123", id_last4="1234")
    assert set(bad.value.errors) == {"phone"}
    with pytest.raises(FieldErrors) as bad:
        find_ticket(engine, vault, phone="13912345678", id_last4="12")
    assert bad.value.errors == {"id_last4": "Enter the last 4 characters of your ID number."}
    with pytest.raises(FieldErrors) as bad:  # both at once
        find_ticket(engine, vault, phone="", id_last4="")
    assert set(bad.value.errors) == {"phone", "id_last4"}


def test_lookup_refused_is_a_portal_error() -> None:
    assert issubclass(LookupRefused, PortalError)
    assert LookupRefused(90).message.startswith("Too many tries.") and LookupRefused(90).values == {"minutes": 2}


def test_widest_code_fits_on_the_card() -> None:
    """WWWW MMMM is the widest code: the printed text must stay inside the picture."""
    from PIL import ImageDraw, ImageFont

    card = Image.open(io.BytesIO(ticket_card_png("WWWWMMMM")))
    text_width = ImageDraw.Draw(card).textlength("WWWW MMMM", font=ImageFont.load_default(size=64))
    assert card.width >= text_width + 32
    assert [d.text for d in zxingcpp.read_barcodes(card)] == ["WWWWMMMM"]
