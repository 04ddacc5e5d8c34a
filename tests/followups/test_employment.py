"""`employment.in_work` (Python) and `in_work_sql` / `confirmed_in_work_sql` (SQL) agree over generated visit
histories, on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from models import Application, FollowUp, Hire, Outcome, VisitStatus
from services.core.db import unit_of_work
from services.followups.employment import confirmed_in_work_sql, in_work, in_work_sql
from tests.factories import make_vacancy
from tests.followups.support import build

HIRES = 8
BASE = date(2026, 1, 1)
TODAYS = (date(2025, 12, 31), date(2026, 1, 1), date(2026, 3, 1), date(2026, 9, 1))

visit = st.tuples(st.sampled_from(list(VisitStatus)), st.sampled_from(list(Outcome)),
                  st.integers(min_value=0, max_value=200))
history = st.tuples(st.integers(min_value=-10, max_value=120), st.booleans(), st.lists(visit, max_size=5))


def _world(engine, vault) -> list[int]:
    """HIRES applications of one seeker, to HIRES vacancies; their hire rows are rewritten per example."""
    w = build(engine, vault)
    apps = []
    vacancies = [make_vacancy(engine, w.employers["dg"]) for _ in range(HIRES)]
    with unit_of_work(engine) as session:
        for vacancy in vacancies:
            app = Application(vacancy_id=vacancy, seeker_id=w.seekers["a"], employer_id=w.employers["dg"])
            session.add(app)
            session.flush()
            apps.append((app.id, vacancy))
    return [w.seekers["a"], w.employers["dg"], apps]  # type: ignore[list-item]


def test_in_work_python_and_sql_agree(engine, vault) -> None:
    seeker, employer, apps = _world(engine, vault)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(history, min_size=HIRES, max_size=HIRES))
    def check(histories) -> None:
        with unit_of_work(engine) as session:
            conn = session.connection()
            conn.execute(delete(FollowUp.__table__))
            conn.execute(delete(Hire.__table__))
            for (app_id, vacancy), (start, cancelled, visits) in zip(apps, histories, strict=True):
                h = Hire(application_id=app_id, seeker_id=seeker, employer_id=employer, vacancy_id=vacancy,
                         start_date=BASE + timedelta(days=start), monthly_wage=5000, contract_months=12,
                         province="广东省", city="东莞市", scope="out", trade="electronics_assembly",
                         cancelled_at=datetime(2026, 2, 1, tzinfo=UTC) if cancelled else None)
                session.add(h)
                session.flush()
                for status, outcome, day in visits:
                    done = status == VisitStatus.DONE
                    on = BASE + timedelta(days=day)
                    session.add(FollowUp(hire_id=h.id, seeker_id=seeker, employer_id=employer, month=None,
                                         due_date=on, window_opens=on, window_closes=on, status=status,
                                         outcome=outcome if done else None, visited_on=on if done else None))
        with unit_of_work(engine, write=False) as session:
            hires = list(session.scalars(select(Hire)))
            by_hire: dict[int, list[FollowUp]] = {}
            for v in session.scalars(select(FollowUp)):
                by_hire.setdefault(v.hire_id, []).append(v)
            h_id = Hire.__table__.c.id
            for today in TODAYS:
                sql = set(session.scalars(select(h_id).where(in_work_sql(today))))
                confirmed = set(session.scalars(select(h_id).where(confirmed_in_work_sql(today))))
                assert sql == {h.id for h in hires if in_work(h, by_hire.get(h.id, []), today)}
                assert confirmed == {h.id for h in hires if in_work(h, by_hire.get(h.id, []), today, confirmed=True)}

    check()
