"""Personal tickets: an opaque short code, its QR image, and getting a ticket back.

The code carries no personal data: 8 characters from an alphabet without look-alike
letters (no I, L, O, U), 40 random bits. It is shown as two groups of four.
"""

from __future__ import annotations

import hmac
import io
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_M
from sqlmodel import Session, col, select

from models import Seeker
from models.base import utcnow
from services.core.crypto import Vault
from services.core.db import read_only, transactional
from services.core.errors import Checker, FieldError
from services.core.i18n import N_
from services.core.validation import normalize_id_number, normalize_mobile
from services.registration.lookup_limits import (
    Failed,
    Keys,
    check_allowed,
    forget_phone,
    record_failure,
)

TICKET_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
TICKET_LENGTH = 8
_LOOK_ALIKES = str.maketrans("OILU", "011V")  # O→0, I/L→1, U→V


def new_ticket_code() -> str:
    # 32 symbols: the low 5 bits of a random byte pick one uniformly (like secrets.choice, ~6x faster)
    return "".join(TICKET_ALPHABET[b & 31] for b in secrets.token_bytes(TICKET_LENGTH))


def format_ticket_code(code: str) -> str:
    return f"{code[:4]} {code[4:]}" if len(code) == TICKET_LENGTH else code


def normalize_ticket_code(raw: str) -> str:
    """What a recruiter types: spaces and dashes dropped, look-alikes mapped (O→0, I/L→1)."""
    cleaned = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    return cleaned.translate(_LOOK_ALIKES)


def ticket_png(code: str, *, box_size: int = 16) -> bytes:
    """A QR code for the ticket, large enough to scan from a phone screen at a booth."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    qr.add_data(code)
    qr.make(fit=True)
    img = qr.make_image(fill_color="black", back_color="white")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def mask_name(name: str) -> str:
    """The name as the saved ticket carries it: the surname and a masked given name (王*梅, 王*, 欧**娜),
    enough to tell two family members' tickets apart without writing the whole name on a picture."""
    name = "".join((name or "").split())
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


@lru_cache(maxsize=8)
def _card_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The posters' Chinese font (Noto Sans CJK SC bold); Pillow's own font when it is not installed."""
    from services.places.posters.fonts import PosterFontMissing, font_file

    try:
        path, index = font_file()
    except PosterFontMissing:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(path, size, index=index)


def _has_cjk_font() -> bool:
    font = _card_font(10)
    return isinstance(font, ImageFont.FreeTypeFont) and "CJK" in (font.getname()[0] or "")


def ticket_card_lines(code: str, *, name: str = "", portal: str = "", day: str = "") -> list[tuple[str, int]]:
    """The text lines of the saved ticket picture, with their font sizes: the portal's name above the QR
    code; the short code, the masked name and the date under it. Never the whole name."""
    lines = [(portal, 30), ("", 0), (format_ticket_code(code), 64), (mask_name(name), 48), (day, 30)]
    return [(text, size) for text, size in lines if text or size == 0]


def ticket_card_png(code: str, *, name: str = "", portal: str = "", day: str = "") -> bytes:
    """The ticket as a picture to save on the phone: the QR code with the short code under it, and the
    holder's masked name (`mask_name`), the portal's name and the date (all as given, already translated),
    so a worker can tell two family members' tickets apart. Pure and cheap to cache: the pages cache it
    by its arguments (components.ticket_view)."""
    qr_img = Image.open(io.BytesIO(ticket_png(code, box_size=14))).convert("L")
    cjk = _has_cjk_font()
    lines = [(text, size) for text, size in ticket_card_lines(code, name=name, portal=portal, day=day)
             if size == 0 or cjk or text.isascii()]  # no font for Chinese on this server: no boxes drawn
    measure = ImageDraw.Draw(qr_img)
    widths = [measure.textlength(text, font=_card_font(size)) if size else 0 for text, size in lines]
    width = max(qr_img.width, int(max(widths)) + 64)  # wide codes (WWWW MMMM) must never be cut off
    qr_at = lines.index(("", 0))
    above = sum(int(size * 1.35) for _text, size in lines[:qr_at])
    below = sum(int(size * 1.35) for _text, size in lines[qr_at + 1:])
    card = Image.new("L", (width, above + qr_img.height + below + 24), 255)  # grey levels: a third of RGB
    card.paste(qr_img, ((width - qr_img.width) // 2, above))
    draw = ImageDraw.Draw(card)
    y = 16.0
    for (text, size), text_width in zip(lines, widths, strict=True):
        if not size:
            y = above + qr_img.height - 20  # the QR code's white border leaves room: close the gap
            continue
        draw.text(((width - text_width) / 2, y), text, fill=0, font=_card_font(size))
        y += size * 1.35
    buf = io.BytesIO()
    card.save(buf, format="PNG", compress_level=6)  # "optimize" would cost ten times the CPU for a few KB
    return buf.getvalue()


@dataclass(frozen=True)
class Ticket:
    seeker_id: int
    code: str
    name: str
    gender: str
    birth_year: int
    township: str
    village: str

    @property
    def display_code(self) -> str:
        return format_ticket_code(self.code)


def _ticket(seeker: Seeker) -> Ticket:
    assert seeker.id is not None  # a saved row
    return Ticket(seeker_id=seeker.id, code=seeker.ticket_code, name=seeker.name, gender=seeker.gender,
                  birth_year=seeker.birth_date.year, township=seeker.township, village=seeker.village)


@read_only
def get_ticket(session: Session, code: str) -> Ticket | None:
    seeker = session.exec(select(Seeker).where(Seeker.ticket_code == normalize_ticket_code(code))).first()
    return _ticket(seeker) if seeker else None


def last4_digest(vault: Vault, id_hmac: str, last4: str) -> str:
    """The keyed digest of an ID number's last 4 characters, bound to the person (their `id_hmac`):
    two people with the same last 4 do not get equal digests."""
    return vault.digest("id_last4", f"{id_hmac}:{last4}")


def _last4(raw: str) -> str:
    last4 = normalize_id_number(raw)
    if len(last4) != 4:
        raise FieldError(N_("Enter the last 4 characters of your ID number."))
    return last4


def _matches(vault: Vault, seeker: Seeker, last4: str) -> bool:
    """Whether `last4` are the seeker's; a row from before migration 0009 gets its digest now."""
    if seeker.id_last4_hmac is None:  # the migration had no key: fill it on the first look-up
        seeker.id_last4_hmac = last4_digest(vault, seeker.id_hmac, vault.decrypt(seeker.id_enc)[-4:])
    return hmac.compare_digest(seeker.id_last4_hmac, last4_digest(vault, seeker.id_hmac, last4))


@dataclass(frozen=True)
class Lookup:
    """What a look-up found: the ticket, or (`failed`) what to tell the person about tries left."""

    ticket: Ticket | None
    failed: Failed | None = None


@transactional
def find_ticket(
    session: Session, vault: Vault, *, phone: str, id_last4: str, address: str | None = None,
    now: datetime | None = None,
) -> Lookup:
    """A seeker's ticket from their mobile number and the last 4 characters of their ID number
    (FieldErrors names the wrong ones: `phone`, `id_last4`).

    The last 4 are checked against a keyed digest (`Seeker.id_last4_hmac`), never a clear column.
    Failures are limited per phone and per client `address` (services/registration/lookup_limits.py):
    `LookupRefused` while a wait runs; otherwise a miss says how many tries are left or how long
    to wait. Nothing here logs or returns the phone or the ID characters.
    """
    now = now or utcnow()
    fields = Checker()
    number = fields.check("phone", normalize_mobile, phone)
    last4 = fields.check("id_last4", _last4, id_last4)
    fields.raise_if_any()
    assert number is not None and last4 is not None
    phone_hmac = vault.digest("phone", number)
    keys = Keys.of(vault, phone_hmac, address)
    check_allowed(session, keys, now)
    for seeker in session.exec(select(Seeker).where(Seeker.phone_hmac == phone_hmac).order_by(col(Seeker.id))):
        if _matches(vault, seeker, last4):
            forget_phone(session, keys)
            return Lookup(_ticket(seeker))
    return Lookup(None, record_failure(session, keys, now))
