"""A person hired with the visits the schedule plans (the `follow_up` rows written directly), for the
follow-up page, query and browser tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from models import Application, FollowUp, Hire, StageChange
from models.base import utcnow
from services.core.db import unit_of_work
from services.followups.due import Schedule, planned_visits
from services.summaries import hire_facts


@dataclass
class Hired:
    hire_id: int
    seeker_id: int
    employer_id: int
    application_id: int
    visits: list[int] = field(default_factory=list)


def hire_with_visits(engine, vault, n: int, *, employer_id: int, vacancy_id: int, start: date,
                     city: str = "东莞市", **person: object) -> Hired:
    """A registered person hired (application at "hired", a hire row) with the visits the schedule plans."""
    from tests.factories import register

    seeker_id = register(engine, vault, n, **person).seeker_id
    with unit_of_work(engine) as s:
        at = utcnow() - timedelta(days=200)
        app = Application(vacancy_id=vacancy_id, seeker_id=seeker_id, employer_id=employer_id, stage="hired",
                          source="booth", hired_at=at, created_at=at, updated_at=at)
        s.add(app)
        s.flush()
        s.add(StageChange(application_id=app.id, from_stage=None, to_stage="hired", at=at))
        hire = Hire(application_id=app.id, seeker_id=seeker_id, employer_id=employer_id, vacancy_id=vacancy_id,
                    start_date=start, monthly_wage=5200, contract_months=12, province="广东省", city=city, scope="out",
                    trade="electronics_assembly", hired_at=at)
        s.add(hire)
        s.flush()
        visits = [FollowUp(hire_id=hire.id, seeker_id=seeker_id, employer_id=employer_id, month=d.month,
                           due_date=d.due_date, window_opens=d.window_opens, window_closes=d.window_closes)
                  for d in planned_visits(start, Schedule())]
        s.add_all(visits)
        s.flush()
        hire_facts.refresh(s.connection(), [hire.id])  # written directly, as the demo does: its facts too
        return Hired(hire.id, seeker_id, employer_id, app.id, [v.id for v in visits])
