"""The vacancies list with its funnel counts (headcount / interested / interviewed / offered / hired,
counted in SQL) and whether each is on the public board (`rules.is_on_board`), for recruiters and
organizers; the organizers' employer filter; the fairs a vacancy can be offered at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from models import ACTIVE_HIRE, Application, Employer, Fair, Hire, Vacancy, VacancyStatus
from services.core.clock import local_today
from services.core.db import read_only, select_wide
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
        select_wide(Vacancy.id, Vacancy.employer_id, col(Employer.name).label("employer_name"), Vacancy.title,
                    Vacancy.trade, Vacancy.province, Vacancy.city, Vacancy.scope, Vacancy.wage_min, Vacancy.wage_max,
                    Vacancy.status, Vacancy.closing_date, Vacancy.headcount,
                    func.count(col(Application.id)).label("interested"),
                    func.count(col(Application.interviewed_at)).label("interviewed"),
                    func.count(col(Application.offered_at)).label("offered"),
                    func.count(col(Hire.id)).label("hired"),  # hires not cancelled
                    col(Employer.status).label("employer_status"))
        .join(Employer, col(Employer.id) == Vacancy.employer_id)
        .outerjoin(Application, col(Application.vacancy_id) == Vacancy.id)
        .outerjoin(Hire, and_(col(Hire.application_id) == Application.id, ACTIVE_HIRE))
        .group_by(col(Vacancy.id), col(Employer.id), col(Employer.name), col(Employer.status))
        .order_by((col(Vacancy.status) == VacancyStatus.OPEN).desc(), col(Vacancy.created_at).desc(),
                  col(Vacancy.id).desc())
    )
    if employer_id is not None:
        query = query.where(Vacancy.employer_id == employer_id)
    if status:
        query = query.where(Vacancy.status == status)
    rows = session.execute(query).mappings().all()
    return [VacancyRow(**row, on_board=is_on_board(row["status"], row["closing_date"], row["employer_status"], today))
            for row in rows]


@read_only
def employer_filter_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every employer that has posted a vacancy, by name: the organizers' filter."""
    rows = session.exec(select(Employer.id, Employer.name).where(
        col(Employer.id).in_(select(Vacancy.employer_id).distinct())).order_by(col(Employer.name), col(Employer.id)))
    return [(id_, name) for id_, name in rows if id_ is not None]


@read_only
def fair_choices(session: Session, *, include: list[int] | tuple[int, ...] = ()) -> list[tuple[int, str]]:
    """Fairs not yet ended (open or upcoming) a vacancy can be offered at (plus those in `include`), latest first."""
    query = select(Fair.id, Fair.name).where(~ended_sql(local_today()) | col(Fair.id).in_(list(include) or [-1]))
    return [(id_, name) for id_, name in session.exec(query.order_by(col(Fair.id).desc())) if id_ is not None]
