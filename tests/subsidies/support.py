"""Building subsidy cases directly in the database: seekers with a chosen birth date, gender and poor flag,
hires with a chosen start date and contract, follow-up visits. No service of the subsidies package is used."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine

from models import Application, FollowUp, Hire, Seeker
from services.core.db import unit_of_work
from services.summaries import hire_facts
from tests.factories import make_employer, make_vacancy


def seeker(engine: Engine, n: int, *, birth: date = date(1990, 5, 17), gender: str = "F", poor: bool = False,
           name: str = "王秀兰") -> int:
    with unit_of_work(engine) as s:
        row = Seeker(ticket_code=f"T{n:07d}", name=name, id_hmac=f"id-{n}", id_enc="x", phone_hmac=f"ph-{n}",
                     phone_enc="x", phone_masked="139****0000", birth_date=birth, gender=gender, township="城关镇",
                     village="东门村", poor_household="yes" if poor else "no", consent_version="v1",
                     consented_at=datetime(2019, 1, 1, tzinfo=UTC))
        s.add(row)
        s.flush()
        assert row.id is not None
        return row.id


@dataclass
class Employers:
    engine: Engine
    vacancies: dict[int, int] = field(default_factory=dict)  # employer id -> a vacancy of it

    def add(self, serial: int, name: str | None = None) -> int:
        emp = make_employer(self.engine, name=name or f"测试企业{serial}有限公司", serial=serial)
        self.vacancies[emp] = make_vacancy(self.engine, emp)
        return emp


def hire(engine: Engine, employers: Employers, seeker_id: int, employer_id: int, *, start: date, contract: int = 12,
         cancelled: bool = False) -> int:
    vacancy = employers.vacancies[employer_id]
    with unit_of_work(engine) as s:
        a = Application.__table__.c
        app_id = s.execute(select(a.id).where(a.vacancy_id == vacancy, a.seeker_id == seeker_id)).scalar()
        if app_id is None:
            app = Application(vacancy_id=vacancy, seeker_id=seeker_id, employer_id=employer_id, stage="hired")
            s.add(app)
            s.flush()
            app_id = app.id
        row = Hire(application_id=app_id, seeker_id=seeker_id, employer_id=employer_id, vacancy_id=vacancy,
                   start_date=start, monthly_wage=5000, contract_months=contract, province="广东省", city="东莞市",
                   scope="out", trade="electronics_assembly",
                   cancelled_at=datetime(2026, 1, 1, tzinfo=UTC) if cancelled else None)
        s.add(row)
        s.flush()
        assert row.id is not None
        hire_facts.refresh(s.connection(), [row.id])  # written directly, as the demo does: its facts too
        return row.id


def visit(engine: Engine, hire_id: int, *, on: date, outcome: str = "working", month: int | None = None) -> int:
    with unit_of_work(engine) as s:
        h = s.get(Hire, hire_id)
        assert h is not None
        row = FollowUp(hire_id=hire_id, seeker_id=h.seeker_id, employer_id=h.employer_id, month=month, due_date=on,
                       window_opens=on, window_closes=on, status="done", outcome=outcome, visited_on=on,
                       monthly_wage=5000 if outcome == "working" else None)
        s.add(row)
        s.flush()
        assert row.id is not None
        hire_facts.refresh(s.connection(), [hire_id])
        return row.id
