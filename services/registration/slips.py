"""INTERFACE STUB (owner: the kiosk-wizard branch) — what a printed ticket slip carries.

A slip (80 mm receipt or A6) shows the QR code, the big short code, the name as on the ticket picture
(masked), the date, the site or fair, and the three best-fitting jobs. Drawn by components.print_slip;
used by the kiosk and by the staff desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session


@dataclass(frozen=True)
class SlipJob:
    title: str
    employer_name: str
    wage: str  # as the board shows it ("3,800 元" / "3,800–4,500 元"): recruiting.rules.wage_figure
    place: str


@dataclass(frozen=True)
class Slip:
    code: str  # the ticket code (unformatted)
    masked_name: str  # registration.tickets.mask_name
    day: date
    place_name: str  # the site's or fair's name; "" when registered directly
    jobs: tuple[SlipJob, ...]  # at most three, best first


def ticket_slip(target: Engine | Session, *, ticket_code: str, place_name: str = "",
                today: date | None = None) -> Slip | None:
    """The slip for a ticket (None when the code is unknown). Stub until the kiosk-wizard branch lands."""
    raise NotImplementedError
