"""The vacancies list with its funnel counts (headcount / interested / interviewed / offered / hired,
counted in SQL) and whether each is on the public board (`rules.is_on_board`), for recruiters and
organizers; the organizers' employer filter; the fairs a vacancy can be offered at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func
from sqlmodel import Session, select

from models import ACTIVE_HIRE, Application, Employer, Fair, Hire, Vacancy, VacancyStatus
from services.core.clock import local_today
from services.core.db import read_only
from services.places.fair_status import ended_sql
from services.recruiting.rules import is_on_board


@dataclass(frozen=True)
class VacancyRow:
    id: int
    employer_id: int
    employer_name: str
    title: str
    trade: str
    province: str
    city: str
    scope: str
    wage_min: int
    wage_max: int
    status: str
    closing_date: date
    headcount: int
    interested: int
    interviewed: int
    offered: int
    hired: int
    on_board: bool
    employer_status: str


@read_only
def employer_vacancies(session: Session, *, employer_id: int | None, status: str | None = None,
                       today: date | None = None) -> list[VacancyRow]:
    """Vacancies of one employer (None: all), open first then newest, with their funnel counts.

    `on_board` is the public board's rule: a pending, rejected or suspended employer's open
    vacancy is not on the board.
    """
    today = today or local_today()
    query = (
        select(Vacancy.id, Vacancy.employer_id, Employer.name, Vacancy.title, Vacancy.trade, Vacancy.province,
               Vacancy.city, Vacancy.scope, Vacancy.wage_min, Vacancy.wage_max, Vacancy.status,
               Vacancy.closing_date, Vacancy.headcount, func.count(Application.id),
               func.count(Application.interviewed_at), func.count(Application.offered_at),
               func.count(Hire.id), Employer.status)
        .join(Employer, Employer.id == Vacancy.employer_id)
        .outerjoin(Application, Application.vacancy_id == Vacancy.id)
        .outerjoin(Hire, and_(Hire.application_id == Application.id, ACTIVE_HIRE))  # hired: hires not cancelled
        .group_by(Vacancy.id, Employer.id, Employer.name, Employer.status)
        .order_by((Vacancy.status == VacancyStatus.OPEN).desc(), Vacancy.created_at.desc(), Vacancy.id.desc())
    )
    if employer_id is not None:
        query = query.where(Vacancy.employer_id == employer_id)
    if status:
        query = query.where(Vacancy.status == status)
    rows = session.exec(query).all()
    return [VacancyRow(*row[:13], interested=row[13], interviewed=row[14], offered=row[15], hired=row[16],
                       on_board=is_on_board(row[10], row[11], row[17], today), employer_status=row[17])
            for row in rows]


@read_only
def employer_filter_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every employer that has posted a vacancy, by name: the organizers' filter."""
    rows = session.exec(select(Employer.id, Employer.name).where(
        Employer.id.in_(select(Vacancy.employer_id).distinct())).order_by(Employer.name, Employer.id)).all()
    return [(r[0], r[1]) for r in rows]


@read_only
def fair_choices(session: Session, *, include: list[int] | tuple[int, ...] = ()) -> list[tuple[int, str]]:
    """Fairs not yet ended (open or upcoming) a vacancy can be offered at (plus those in `include`), latest first."""
    query = select(Fair.id, Fair.name).where(~ended_sql(local_today()) | Fair.id.in_(list(include) or [-1]))
    return [(r[0], r[1]) for r in session.exec(query.order_by(Fair.id.desc())).all()]
