"""Ticket codes, QR images and getting a ticket back."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from models.base import utcnow
from services.core.errors import FieldErrors, PortalError
from services.places.sources import Source
from services.registration.register import register_seeker, validate_registration
from services.registration.tickets import (
    LOOKUP_MAX_FAILURES,
    TICKET_ALPHABET,
    LookupRefused,
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
    assert found.code == mine.ticket_code
    other = find_ticket(engine, vault, phone="13912345678", id_last4=person_id(7, gender="M")[-4:])
    assert other.code == sibling.ticket_code  # family members may share one phone
    assert get_ticket(engine, format_ticket_code(mine.ticket_code)).name == "王秀兰"


def test_failed_lookups_are_limited_per_phone(engine, vault, county) -> None:
    _register(engine, vault, county)
    for _ in range(LOOKUP_MAX_FAILURES):
        assert find_ticket(engine, vault, phone="13912345678", id_last4="0000") is None
    with pytest.raises(LookupRefused):
        find_ticket(engine, vault, phone="13912345678", id_last4=person_id()[-4:])
    later = utcnow() + timedelta(minutes=16)
    assert find_ticket(engine, vault, phone="13912345678", id_last4=person_id()[-4:], now=later) is not None


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
    assert LookupRefused().message.startswith("Too many tries with this phone number")


def test_widest_code_fits_on_the_card() -> None:
    """WWWW MMMM is the widest code: the printed text must stay inside the picture."""
    from PIL import ImageDraw, ImageFont

    card = Image.open(io.BytesIO(ticket_card_png("WWWWMMMM")))
    text_width = ImageDraw.Draw(card).textlength("WWWW MMMM", font=ImageFont.load_default(size=64))
    assert card.width >= text_width + 32
    assert [d.text for d in zxingcpp.read_barcodes(card)] == ["WWWWMMMM"]
