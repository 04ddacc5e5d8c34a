"""At the booth: read a ticket's QR code from a camera photo, and open the seeker's card.

A recruiter scans the seeker's ticket (a phone or tablet camera photo, decoded with
zxing-cpp) or types its short code. Opening the card records a `BoothScan` (the
organizers' live booth activity counts them; the same person looked up again within a few
minutes is not another scan: services.recruiting.booth_activity.counts_as_scan) and returns what the employer needs to
talk with the person: name, age, gender, education, trades, intention, expected wage,
township, training willingness, and which profile answers are still missing (the ticket
comes first and the profile may stay incomplete: `missing` names the groups not answered,
services.registration.profile.missing_groups; a value of a missing group is None, never a
guessed "No"). Never the ID number, not even masked; the phone number
only once the seeker has an application with this employer (they applied, or the
recruiter recorded a stage for one of the employer's vacancies).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from urllib.parse import parse_qs, urlsplit

import zxingcpp
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlmodel import Session

from models import Application, BoothScan, Fair, Seeker, SeekerTrade, Vacancy
from models.base import utcnow
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import read_only, transactional
from services.core.errors import FieldErrors, NotFound
from services.core.i18n import N_
from services.core.reference import TRADES
from services.core.validation import age_on
from services.places.fair_status import running_sql
from services.recruiting.booth_activity import counts_as_scan
from services.registration.profile import missing_groups
from services.registration.tickets import TICKET_ALPHABET, TICKET_LENGTH, normalize_ticket_code

MAX_PIXELS = 40_000_000  # larger "photos" are refused before decoding (a decompression bomb)
QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
SCAN_WIDTHS = (1200, 800)  # the sizes a large photo is also tried at
TRADE_ORDER = {code: i for i, code in enumerate(TRADES)}


class ScanMethod(StrEnum):
    CAMERA = "camera"
    TYPED = "typed"


# --- reading the QR code from a photo -------------------------------------------------------------


def is_ticket_code(code: str) -> bool:
    return len(code) == TICKET_LENGTH and all(ch in TICKET_ALPHABET for ch in code)


def code_from_qr_text(text: str) -> str | None:
    """The ticket code a QR code holds: the bare code (what services.registration.tickets.ticket_png encodes);
    a link carrying it (`...?code=XXXX` or `.../XXXX`) is accepted too."""
    raw = (text or "").strip()
    if "/" in raw or "?" in raw:
        parts = urlsplit(raw)
        raw = (parse_qs(parts.query).get("code") or [parts.path.rstrip("/").rsplit("/", 1)[-1]])[0]
    code = normalize_ticket_code(raw)
    return code if is_ticket_code(code) else None


def _variants(img: Image.Image) -> list[Image.Image]:
    """The photo as is, in grey, with its contrast stretched, and scaled: a camera photo of a phone
    screen is often large, blurred, dim or taken at an angle; each variant gives zxing another chance."""
    rgb = img.convert("RGB")
    grey = ImageOps.grayscale(rgb)
    out = [rgb, grey, ImageOps.autocontrast(grey, cutoff=2)]
    for width in SCAN_WIDTHS:
        if grey.width > width * 1.2:
            out.append(grey.resize((width, max(1, round(grey.height * width / grey.width))), Image.Resampling.LANCZOS))
    if max(grey.size) < 600:  # a small, soft picture: bigger modules help the binarizer
        out.append(grey.resize((grey.width * 2, grey.height * 2), Image.Resampling.LANCZOS))
    return out


def decode_ticket_image(data: bytes) -> str | None:
    """The normalized ticket code in a photo of a ticket's QR code, or None when none is found."""
    if not data:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img: Image.Image = Image.open(io.BytesIO(data))
            if img.width * img.height > MAX_PIXELS:
                return None
            img = ImageOps.exif_transpose(img)  # phones store the picture sideways with an EXIF turn
            img.load()
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, SyntaxError):
        return None
    for variant in _variants(img):
        for barcode in zxingcpp.read_barcodes(variant, formats=QR_ONLY):
            code = code_from_qr_text(barcode.text)
            if code:
                return code
    return None


def typed_code(raw: str) -> str:
    """A code typed by the recruiter, normalized (O→0, I/L→1, spaces dropped), or FieldErrors on "code"."""
    code = normalize_ticket_code(raw)
    if not code:
        raise FieldErrors.one("code", N_("Type the ticket code, or take a photo of the QR code."))
    if not is_ticket_code(code):
        raise FieldErrors.one("code", N_("A ticket code has 8 letters and digits, like 7K3M 9QXA."))
    return code


# --- the seeker card ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardApplication:
    """One of this employer's applications for the seeker."""

    application_id: int
    vacancy_id: int
    vacancy_title: str
    stage: str
    updated_at: datetime


@dataclass(frozen=True)
class SeekerCard:
    """What a recruiter sees at the booth. No ID number; `phone` is None unless it may be shown."""

    seeker_id: int
    ticket_code: str
    name: str
    age: int
    gender: str
    education: str | None  # None: not answered yet (the profile comes after the ticket)
    trades: tuple[str, ...]
    intention: str | None
    expected_wage: int | None
    township: str
    willing_to_train: bool | None  # None: not answered (not "No")
    phone: str | None
    applications: tuple[CardApplication, ...] = field(default_factory=tuple)
    missing: tuple[str, ...] = ()  # the profile groups not answered yet (PROFILE_GROUPS order)

    @property
    def phone_allowed(self) -> bool:
        return self.phone is not None

    @property
    def complete(self) -> bool:
        return not self.missing

    def answered(self, group: str) -> bool:
        return group not in self.missing


def _card(session: Session, vault: Vault, seeker: Seeker, employer_id: int, today: date) -> SeekerCard:
    conn = session.connection()
    t = SeekerTrade.__table__.c
    assert seeker.id is not None  # a saved row
    trades = sorted(conn.execute(select(t.trade).where(t.seeker_id == seeker.id)).scalars(),
                    key=lambda code: TRADE_ORDER.get(code, len(TRADE_ORDER)))
    a, v = Application.__table__.c, Vacancy.__table__.c
    rows = conn.execute(
        select(a.id, a.vacancy_id, v.title, a.stage, a.updated_at)
        .join(Vacancy.__table__, v.id == a.vacancy_id)
        .where(a.seeker_id == seeker.id, a.employer_id == employer_id)
        .order_by(a.updated_at.desc(), a.id.desc())
    ).all()
    applications = tuple(CardApplication(*r) for r in rows)
    return SeekerCard(
        seeker_id=seeker.id, ticket_code=seeker.ticket_code, name=seeker.name,
        age=age_on(seeker.birth_date, today), gender=seeker.gender, education=seeker.education,
        trades=tuple(trades), intention=seeker.intention, expected_wage=seeker.expected_wage,
        township=seeker.township, willing_to_train=seeker.willing_to_train,
        phone=vault.decrypt(seeker.phone_enc) if applications else None, applications=applications,
        missing=tuple(missing_groups(seeker.profile_answered)),
    )


@transactional
def open_seeker_card(
    session: Session, vault: Vault, *, employer_id: int, user_id: int | None, code: str,
    method: ScanMethod | str = ScanMethod.CAMERA, fair_id: int | None = None, today: date | None = None,
    now: datetime | None = None,
) -> SeekerCard:
    """Record a booth scan and return the seeker's card, in one transaction.

    `code` is normalized as typed codes are (O→0, spaces dropped): FieldErrors when it cannot be a code,
    NotFound when no seeker has it. The same person looked up again within a few minutes is not recorded
    as another scan (booth_activity.counts_as_scan).
    """
    if employer_id is None:
        raise ValueError("a booth scan is made for an employer")
    method = ScanMethod(method)
    code = typed_code(code)
    today = today or local_today()
    now = now or utcnow()
    # the seeker's row locked: two recruiters of one booth scanning the same ticket at once count one scan
    seeker = session.scalars(select(Seeker).where(Seeker.__table__.c.ticket_code == code).with_for_update()).first()
    if seeker is None:
        raise NotFound(N_("No job seeker has the ticket code {code}. Check the code and try again."),
                       code=f"{code[:4]} {code[4:]}")
    assert seeker.id is not None  # a saved row
    if counts_as_scan(session, employer_id=employer_id, seeker_id=seeker.id, now=now):
        session.add(BoothScan(employer_id=employer_id, seeker_id=seeker.id, fair_id=fair_id, by_user_id=user_id,
                              method=str(method), at=now))
    return _card(session, vault, seeker, employer_id, today)


@read_only
def seeker_card(session: Session, vault: Vault, *, employer_id: int, seeker_id: int,
                today: date | None = None) -> SeekerCard | None:
    """The card again (after a stage was recorded), without counting another scan."""
    if employer_id is None:
        raise ValueError("a seeker card is shown to an employer")
    seeker = session.get(Seeker, seeker_id)
    return _card(session, vault, seeker, employer_id, today or local_today()) if seeker else None


# --- fairs held today -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FairChoice:
    id: int
    name: str


@read_only
def fairs_today(session: Session, *, today: date | None = None) -> list[FairChoice]:
    """The fairs held today (not closed, today within their dates), the latest to start first."""
    today = today or local_today()
    f = Fair.__table__.c
    stmt = select(f.id, f.name).where(running_sql(today)).order_by(f.starts_on.desc(), f.id.desc())
    return [FairChoice(*r) for r in session.connection().execute(stmt)]
