"""Reading employers: the list organizers vet (with numbers of recruiters and of vacancies taking
applications), one employer, and the recruiter accounts of employers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from models import Employer, EmployerStatus, Role, StaffUser, Vacancy
from services.core.clock import local_today
from services.core.db import read_only, select_wide
from services.recruiting.rules import open_sql


@dataclass(frozen=True)
class EmployerRow:
    """An employer as the pages show it, with its numbers of recruiters and open vacancies."""

    id: int
    name: str
    credit_code: str
    province: str
    city: str
    industry: str
    contact_name: str
    contact_phone: str
    status: str
    status_note: str
    reviewed_by: str
    reviewed_at: datetime | None
    created_at: datetime
    recruiters: int
    open_vacancies: int


@dataclass(frozen=True)
class Colleague:
    username: str
    display_name: str
    email: str
    active: bool


def _rows(session: Session, *, status: str | None = None, employer_id: int | None = None) -> list[EmployerRow]:
    recruiters = (select(func.count()).select_from(StaffUser)
                  .where(StaffUser.employer_id == Employer.id, StaffUser.role == Role.RECRUITER, StaffUser.active)
                  .correlate(Employer).scalar_subquery())
    vacancies = (select(func.count()).select_from(Vacancy)
                 .where(Vacancy.employer_id == Employer.id, open_sql(local_today()))
                 .correlate(Employer).scalar_subquery())
    query = select(Employer, recruiters, vacancies)
    if status is not None:
        query = query.where(Employer.status == status)
    if employer_id is not None:
        query = query.where(Employer.id == employer_id)
    pending = col(Employer.status) == EmployerStatus.PENDING
    query = query.order_by(case((pending, 0), else_=1), case((pending, Employer.created_at)),
                           col(Employer.name), col(Employer.id))
    out = []
    for employer, n_recruiters, n_open in session.exec(query).all():
        assert employer.id is not None  # a saved row
        out.append(EmployerRow(
            id=employer.id, name=employer.name, credit_code=employer.credit_code, province=employer.province,
            city=employer.city, industry=employer.industry, contact_name=employer.contact_name,
            contact_phone=employer.contact_phone, status=employer.status, status_note=employer.status_note,
            reviewed_by=employer.reviewed_by, reviewed_at=employer.reviewed_at, created_at=employer.created_at,
            recruiters=int(n_recruiters or 0), open_vacancies=int(n_open or 0)))
    return out


@read_only
def list_employers(session: Session, *, status: str | None = None) -> list[EmployerRow]:
    """Every employer (or those with `status`): pending first, oldest first, then by name."""
    return _rows(session, status=status)


@read_only
def get_employer(session: Session, employer_id: int) -> EmployerRow | None:
    rows = _rows(session, employer_id=employer_id)
    return rows[0] if rows else None


@read_only
def list_recruiters(session: Session, *, employer_id: int) -> list[Colleague]:
    """The recruiter accounts of one employer (a recruiter's colleagues), active first."""
    return recruiters_by_employer(session, employer_ids=[employer_id]).get(employer_id, [])


@read_only
def recruiters_by_employer(session: Session, *, employer_ids: list[int]) -> dict[int, list[Colleague]]:
    """The recruiter accounts of several employers in one query: employer id -> accounts, active first."""
    if not employer_ids:
        return {}
    rows = session.exec(select_wide(StaffUser.employer_id, StaffUser.username, StaffUser.display_name,
                                    StaffUser.email, StaffUser.active)
                        .where(col(StaffUser.employer_id).in_(employer_ids), StaffUser.role == Role.RECRUITER)
                        .order_by(col(StaffUser.active).desc(), StaffUser.username)).all()
    out: dict[int, list[Colleague]] = {}
    for employer_id, *row in rows:
        out.setdefault(employer_id, []).append(Colleague(*row))
    return out
