"""The choices the course form offers: sites, fairs, approved employers and their open vacancies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from models import Employer, EmployerStatus, Fair, Site, Vacancy
from services.core.clock import local_today
from services.core.db import read_only
from services.recruiting.rules import open_sql


@dataclass(frozen=True)
class Choices:
    sites: dict[int, str]
    fairs: dict[int, str]
    employers: dict[int, str]  # approved, with at least one open vacancy
    vacancies: dict[int, dict[int, str]]  # employer id → its open vacancies (id → title)


@read_only
def form_choices(session: Session, *, today: date | None = None) -> Choices:
    today = today or local_today()
    s, f, e, v = Site.__table__.c, Fair.__table__.c, Employer.__table__.c, Vacancy.__table__.c
    sites = dict(session.execute(select(s.id, s.name).order_by(s.name)).all())
    fairs = dict(session.execute(select(f.id, f.name).order_by(f.starts_on.desc(), f.id.desc()).limit(100)).all())
    vacancies: dict[int, dict[int, str]] = {}
    employers: dict[int, str] = {}
    for employer_id, name, vacancy_id, title in session.execute(
            select(e.id, e.name, v.id, v.title).join(Vacancy.__table__, v.employer_id == e.id)
            .where(e.status == EmployerStatus.APPROVED, open_sql(today)).order_by(e.name, v.title)):
        employers[employer_id] = name
        vacancies.setdefault(employer_id, {})[vacancy_id] = title
    return Choices(sites, fairs, employers, vacancies)
