"""What a printed ticket slip carries (80 mm receipt or A6; drawn by components.print_slip, used by the
kiosk and by the staff desk).

A slip shows the QR code and the big short code, the name as the ticket picture carries it (masked:
`tickets.mask_name`, never the whole name on paper left lying at a booth), the date, the site or fair,
and the three best-fitting jobs (`matching.vacancies_for_ticket`, the same ranking as "Jobs for you")
with their wage as the board writes it (`rules.wage_figure`: one figure when min = max). Only figures
and stored names here; the words around them ("yuan/month", the place's English name) are the page's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from services.core.clock import local_today
from services.core.db import read_only
from services.recruiting.matching import VacancyMatch, vacancies_for_ticket
from services.recruiting.rules import wage_figure
from services.registration.tickets import get_ticket, mask_name

SLIP_JOBS = 3


@dataclass(frozen=True)
class SlipJob:
    title: str
    employer_name: str
    wage: str  # the monthly wage in figures as the board writes it ("3,800" / "3,800–4,500"): rules.wage_figure
    place: str  # the city as stored (its province where no city is given); the page translates it
    scope: str = ""  # local / province / out (services.core.reference.SCOPES)


@dataclass(frozen=True)
class Slip:
    code: str  # the ticket code (unformatted)
    masked_name: str  # registration.tickets.mask_name
    day: date
    place_name: str  # the site's or fair's name; "" when registered directly
    jobs: tuple[SlipJob, ...]  # at most three, best first


def slip_job(match: VacancyMatch) -> SlipJob:
    return SlipJob(title=match.title, employer_name=match.employer_name,
                   wage=wage_figure(match.wage_min, match.wage_max), place=match.city or match.province,
                   scope=match.scope)


@read_only
def ticket_slip(session: Session, *, ticket_code: str, place_name: str = "", today: date | None = None) -> Slip | None:
    """The slip for a ticket (None when the code is unknown): its three best-fitting jobs as of `today`
    (the county's day by default)."""
    ticket = get_ticket(session, ticket_code)
    if ticket is None:
        return None
    day = today or local_today()
    matches = vacancies_for_ticket(session, ticket_code=ticket.code, today=day, limit=SLIP_JOBS)
    return Slip(code=ticket.code, masked_name=mask_name(ticket.name), day=day, place_name=place_name.strip(),
                jobs=tuple(slip_job(m) for m in matches))
