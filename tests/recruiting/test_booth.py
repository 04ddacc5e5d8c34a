"""Booth scanning: reading a ticket from a camera photo, and the seeker card a recruiter sees."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFilter
from sqlalchemy import func, select

from models import BoothScan, Seeker
from services.core.clock import local_today
from services.core.db import unit_of_work
from services.core.errors import PortalError
from services.core.validation import mask_id
from services.places.sources import create_fair
from services.recruiting.booth import (
    code_from_qr_text,
    decode_ticket_image,
    fairs_today,
    open_seeker_card,
    seeker_card,
    typed_code,
)
from services.recruiting.pipeline import record_stage
from services.registration.tickets import TICKET_ALPHABET, format_ticket_code, ticket_card_png, ticket_png
from tests.factories import make_employer, make_vacancy, register

FULL_ID = re.compile(r"\d{17}[\dXx]")


def ticket_photo_jpeg(code: str, *, angle: float = 7, blur: float = 1.2, size: tuple[int, int] = (1280, 960),
                      scale: float = 0.55, quality: int = 70, card: bool = True, seed: int = 1) -> bytes:
    """A phone-camera-like JPEG of a ticket: the ticket picture small on a large, grey, noisy, uneven
    background, dimmed like a screen, slightly turned and out of focus, JPEG-compressed."""
    rng = np.random.default_rng(seed)
    w, h = size
    x, y = np.linspace(0, 1, w)[None, :], np.linspace(0, 1, h)[:, None]
    background = np.clip(90 + 60 * x + 40 * y + rng.normal(0, 18, (h, w)), 0, 255).astype("uint8")
    photo = Image.fromarray(background, "L").convert("RGB")
    ticket = Image.open(io.BytesIO(ticket_card_png(code) if card else ticket_png(code))).convert("RGB")
    ticket = ticket.resize((int(ticket.width * scale), int(ticket.height * scale)))
    ticket = ticket.rotate(angle, expand=True, fillcolor=(120, 120, 120), resample=Image.Resampling.BICUBIC)
    ticket = Image.eval(ticket, lambda v: int(40 + v * 0.75))  # a screen photographed: no true black or white
    photo.paste(ticket, ((w - ticket.width) // 2 + 60, (h - ticket.height) // 2 - 30))
    photo = photo.filter(ImageFilter.GaussianBlur(blur))
    noisy = np.asarray(photo).astype("int16") + rng.normal(0, 6, (h, w, 3)).astype("int16")
    out = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype("uint8")).save(out, "JPEG", quality=quality)
    return out.getvalue()


def _seeker(engine, seeker_id: int) -> Seeker:
    with unit_of_work(engine, write=False) as session:
        return session.get(Seeker, seeker_id)


def _scans(engine) -> list[BoothScan]:
    with unit_of_work(engine, write=False) as session:
        return list(session.scalars(select(BoothScan).order_by(BoothScan.id)))


# --- decoding photos --------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "kw"), [
    ("7K3M9QXA", {}),
    ("WWWWMMMM", {"angle": -12, "blur": 2.0}),
    ("0123ABCD", {"angle": 25, "blur": 1.5, "quality": 45}),
    ("HJKN5678", {"card": False, "scale": 0.35, "size": (1600, 1200)}),
    ("PQRS9TVX", {"size": (640, 480), "scale": 0.3, "angle": 4}),
])
def test_decode_photo_of_a_ticket(code: str, kw: dict) -> None:
    photo = ticket_photo_jpeg(code, **kw)
    assert photo[:3] == b"\xff\xd8\xff"  # a JPEG
    assert decode_ticket_image(photo) == code


def test_decode_refuses_what_is_not_a_ticket() -> None:
    assert decode_ticket_image(b"") is None
    assert decode_ticket_image(b"not an image at all") is None
    blank = io.BytesIO()
    Image.new("RGB", (640, 480), "grey").save(blank, "JPEG")
    assert decode_ticket_image(blank.getvalue()) is None
    import qrcode  # a QR code that is not a ticket (a web address)

    other = io.BytesIO()
    qrcode.make("https://example.com/some/page").save(other)
    assert decode_ticket_image(other.getvalue()) is None


def test_decode_plain_ticket_png() -> None:
    assert decode_ticket_image(ticket_png("7K3M9QXA")) == "7K3M9QXA"


codes = st.text(alphabet=TICKET_ALPHABET, min_size=8, max_size=8)


@given(codes)
def test_qr_text_forms(code: str) -> None:
    assert code_from_qr_text(code) == code
    assert code_from_qr_text(f" {format_ticket_code(code).lower()} ") == code
    assert code_from_qr_text(f"https://jobs.example.cn/ticket?code={code}") == code
    assert code_from_qr_text(f"https://jobs.example.cn/t/{code}") == code
    assert code_from_qr_text(code[:7]) is None


@settings(max_examples=200)
@given(codes)
def test_typed_code_look_alikes(code: str) -> None:
    typed = format_ticket_code(code).replace("0", "O").replace("1", "l").lower()
    assert typed_code(typed) == code
    assert typed_code(code.replace("1", "I")) == code


def test_typed_code_refused_with_a_message() -> None:
    with pytest.raises(PortalError) as empty:
        typed_code("  ")
    with pytest.raises(PortalError) as short:
        typed_code("7K3M 9QX")
    assert empty.value.message != short.value.message
    assert "8" in short.value.message


# --- the card ---------------------------------------------------------------------------------------


def test_card_has_the_facts_and_records_the_scan(engine, vault) -> None:
    employer = make_employer(engine)
    birth = date(1988, 2, 29)
    reg = register(engine, vault, 3, birth=birth, gender="M", name="李建华", education="senior",
                   trades=["welding", "construction"], intention="go_out", expected_wage=6000, willing_to_train="no")
    fair = create_fair(engine, name="春风行动", code="SPRING26", starts_on=local_today(), ends_on=local_today())
    today = date(2026, 2, 28)
    card = open_seeker_card(engine, vault, employer_id=employer, user_id=None, code=reg.ticket_code,
                            method="camera", fair_id=fair.id, today=today)
    assert (card.seeker_id, card.ticket_code, card.name) == (reg.seeker_id, reg.ticket_code, "李建华")
    assert card.age == 37  # 29 Feb 1988: not yet 38 on 28 Feb 2026
    assert (card.gender, card.education, card.intention, card.expected_wage) == ("M", "senior", "go_out", 6000)
    assert card.trades == ("welding", "construction")  # in the county's trade order
    assert card.township == "城关镇" and card.willing_to_train is False
    assert card.phone is None and not card.phone_allowed and card.applications == ()
    [scan] = _scans(engine)
    assert (scan.employer_id, scan.seeker_id, scan.fair_id, scan.method) == (employer, reg.seeker_id, fair.id, "camera")
    assert seeker_card(engine, vault, employer_id=employer, seeker_id=reg.seeker_id).name == "李建华"
    assert len(_scans(engine)) == 1  # showing the card again is not another scan


def test_card_never_contains_the_id_number(engine, vault) -> None:
    employer = make_employer(engine)
    vacancy = make_vacancy(engine, employer)
    reg = register(engine, vault, 5)
    seeker = _seeker(engine, reg.seeker_id)
    number = vault.decrypt(seeker.id_enc)
    record_stage(engine, employer_id=employer, user_id=None, seeker_id=reg.seeker_id, vacancy_id=vacancy,
                 stage="interested")
    card = open_seeker_card(engine, vault, employer_id=employer, user_id=None, code=reg.ticket_code, method="typed")
    text = repr(card) + " ".join(str(v) for v in dataclasses.asdict(card).values())
    assert card.phone == "13900000005"  # the phone is shown: there is an application
    assert number not in text and mask_id(number) not in text
    assert not FULL_ID.search(text)
    assert number[-4:] not in text.replace(card.phone, "")
    assert {f.name for f in dataclasses.fields(card)}.isdisjoint({"id_number", "id_masked", "id_enc", "id_hmac"})


def test_phone_only_after_an_application_with_this_employer(engine, vault) -> None:
    a, b = make_employer(engine, serial=1), make_employer(engine, name="永康五金厂", serial=2)
    vacancy_b = make_vacancy(engine, b, title="五金装配工")
    vacancy_a = make_vacancy(engine, a, title="电子厂普工")
    reg = register(engine, vault, 7)

    def card(employer: int):
        return open_seeker_card(engine, vault, employer_id=employer, user_id=None, code=reg.ticket_code,
                                method="typed")

    assert card(a).phone is None and card(b).phone is None
    record_stage(engine, employer_id=b, user_id=None, seeker_id=reg.seeker_id, vacancy_id=vacancy_b,
                 stage="interviewed")
    assert card(a).phone is None  # an application with another employer does not open the phone to A
    shown_b = card(b)
    assert shown_b.phone == "13900000007"
    assert [(x.vacancy_id, x.vacancy_title, x.stage) for x in shown_b.applications] == \
        [(vacancy_b, "五金装配工", "interviewed")]
    record_stage(engine, employer_id=a, user_id=None, seeker_id=reg.seeker_id, vacancy_id=vacancy_a,
                 stage="not_suitable")
    shown_a = card(a)
    assert shown_a.phone == "13900000007"
    assert [(x.vacancy_title, x.stage) for x in shown_a.applications] == [("电子厂普工", "not_suitable")]
    assert len(_scans(engine)) == 2  # five looks within a minute: one scan per booth (the re-scan rule)


def test_typed_code_is_normalized_and_unknown_codes_explained(engine, vault) -> None:
    employer = make_employer(engine)
    reg = register(engine, vault, 1)
    with unit_of_work(engine) as session:  # a code with a 0 and a 1 in it, typed as O and l
        session.get(Seeker, reg.seeker_id).ticket_code = "7K0M1QXA"
    card = open_seeker_card(engine, vault, employer_id=employer, user_id=None, code="7kOm lqxa", method="typed")
    assert card.seeker_id == reg.seeker_id
    assert _scans(engine)[0].method == "typed"
    with pytest.raises(PortalError) as unknown:
        open_seeker_card(engine, vault, employer_id=employer, user_id=None, code="ZZZZ ZZZZ", method="typed")
    assert unknown.value.values == {"code": "ZZZZ ZZZZ"}
    assert "{code}" in unknown.value.message
    with pytest.raises(PortalError):
        open_seeker_card(engine, vault, employer_id=employer, user_id=None, code="12", method="typed")
    assert len(_scans(engine)) == 1  # refused codes record nothing
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count()).select_from(BoothScan)) == 1


def test_fairs_today(engine) -> None:
    today = local_today()
    running = create_fair(engine, name="今天的招聘会", code="TODAY1", starts_on=today - timedelta(days=1),
                          ends_on=today + timedelta(days=1))
    one_day = create_fair(engine, name="一天的招聘会", code="TODAY2", starts_on=today)
    create_fair(engine, name="已结束", code="PAST1", starts_on=today - timedelta(days=5),
                ends_on=today - timedelta(days=1))
    create_fair(engine, name="关闭了", code="SHUT1", starts_on=today, status="closed")
    create_fair(engine, name="没有日期", code="NODATE")
    assert [f.id for f in fairs_today(engine, today=today)] == [one_day.id, running.id]


# --- an incomplete profile (issue 10) -----------------------------------------------------------------


def test_card_of_a_ticket_only_person_names_every_missing_group(engine, vault) -> None:
    from tests.profile_support import register_ticket_only

    employer = make_employer(engine)
    reg = register_ticket_only(engine, vault, 7)
    card = open_seeker_card(engine, vault, employer_id=employer, user_id=None, code=reg.ticket_code)
    assert card.missing == ("trades", "place", "education", "wage", "training", "poor_household")
    assert not card.complete and not card.answered("education")
    assert (card.education, card.intention, card.expected_wage, card.willing_to_train, card.trades) == \
        (None, None, None, None, ())


def test_card_of_a_partly_answered_person(engine, vault) -> None:
    from tests.profile_support import ANSWERS, register_ticket_only

    employer = make_employer(engine)
    reg = register_ticket_only(engine, vault, 8, answered={g: ANSWERS[g] for g in ("trades", "training")})
    card = open_seeker_card(engine, vault, employer_id=employer, user_id=None, code=reg.ticket_code)
    assert card.missing == ("place", "education", "wage", "poor_household")
    assert card.trades == ("welding",) and card.willing_to_train is True and card.education is None
    complete = register(engine, vault, 9)
    assert open_seeker_card(engine, vault, employer_id=employer, user_id=None,
                            code=complete.ticket_code).complete
