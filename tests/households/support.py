"""Households, members, hires and visits for the household tests, inserted directly (fast, both backends)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import count

from models import Application, FollowUp, Hire, Household, Outcome, Seeker, Site, VisitStatus
from services.core.db import unit_of_work
from services.summaries import hire_facts
from tests.factories import make_employer, make_vacancy

_serial = count(1)


def site(engine, *, kind: str = "relocation", name: str = "城南安置点", township: str = "城关镇") -> int:
    with unit_of_work(engine) as session:
        row = Site(code=f"S{next(_serial):05d}", name=name, kind=kind, township=township)
        session.add(row)
        session.flush()
        return row.id


def household(engine, *, code: str | None = None, township: str = "城关镇", village: str = "东门村",
              size: int | None = None, declared: int | None = None, declared_on: date | None = None,
              poor: bool = True) -> int:
    with unit_of_work(engine) as session:
        row = Household(township=township, village=village, code=code or f"H{next(_serial):05d}", size=size,
                        poor=poor, annual_wage_income=declared, income_declared_on=declared_on)
        session.add(row)
        session.flush()
        return row.id


def member(engine, household_id: int | None, *, birth: date = date(1985, 3, 1), name: str = "王秀兰",
           head: bool = False, site_id: int | None = None, township: str = "城关镇",
           village: str = "东门村") -> int:
    n = next(_serial)
    with unit_of_work(engine) as session:
        row = Seeker(ticket_code=f"T{n:07d}", name=name, id_hmac=f"id{n}", id_enc="x", phone_hmac=f"ph{n}",
                     phone_enc="x", phone_masked="139****0000", birth_date=birth, gender="F", township=township,
                     village=village, consent_version="v1", consented_at=datetime(2025, 1, 1, tzinfo=UTC),
                     household_id=household_id, household_relation="户主" if head else "子女", first_site_id=site_id)
        session.add(row)
        session.flush()
        if head and household_id is not None:
            hh = session.get(Household, household_id)
            hh.head_seeker_id = row.id
            session.add(hh)
        return row.id


class Employer:
    def __init__(self, engine) -> None:
        self.id = make_employer(engine, serial=next(_serial))
        self.vacancy = make_vacancy(engine, self.id)


def hire(engine, employer: Employer, seeker_id: int, *, start: date, wage: int = 4000,
         cancelled: bool = False) -> int:
    with unit_of_work(engine) as session:
        app = Application(vacancy_id=employer.vacancy, seeker_id=seeker_id, employer_id=employer.id, stage="hired")
        session.add(app)
        session.flush()
        row = Hire(application_id=app.id, seeker_id=seeker_id, employer_id=employer.id, vacancy_id=employer.vacancy,
                   start_date=start, monthly_wage=wage, contract_months=12, province="广东省", city="东莞市",
                   scope="out", trade="electronics_assembly",
                   cancelled_at=datetime(2026, 1, 1, tzinfo=UTC) if cancelled else None)
        session.add(row)
        session.flush()
        hire_facts.refresh(session.connection(), [row.id])  # written directly, as the demo does: its facts too
        return row.id


def visit(engine, hire_id: int, *, on: date, outcome: str = Outcome.WORKING, wage: int | None = None,
          month: int | None = None) -> int:
    with unit_of_work(engine) as session:
        h = session.get(Hire, hire_id)
        row = FollowUp(hire_id=hire_id, seeker_id=h.seeker_id, employer_id=h.employer_id, month=month, due_date=on,
                       window_opens=on, window_closes=on, status=VisitStatus.DONE, outcome=outcome, visited_on=on,
                       monthly_wage=wage)
        session.add(row)
        session.flush()
        hire_facts.refresh(session.connection(), [hire_id])
        return row.id
