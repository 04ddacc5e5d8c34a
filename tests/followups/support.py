"""A small county for the follow-up tests: two employers in two cities, seekers in two townships, staff of each
role, hires recorded through the real pipeline (so the scheduling runs as in the app)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select

from models import FollowUp, Hire
from services.accounts import passwords
from services.accounts.staff import create_user
from services.core.db import unit_of_work
from services.recruiting.hires import HireTerms
from services.recruiting.stages import record_stage
from tests.factories import make_employer, make_vacancy, register

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 10:00 in the county
START = date(2026, 3, 20)
PASSWORD = "a long test passphrase"


@dataclass
class World:
    employers: dict[str, int] = field(default_factory=dict)  # "dg" (东莞市), "nb" (宁波市)
    vacancies: dict[str, int] = field(default_factory=dict)
    seekers: dict[str, int] = field(default_factory=dict)  # "a", "b" (城关镇), "c" (大河乡)
    users: dict[str, int] = field(default_factory=dict)  # organizer, recruiter, recruiter_nb, township, workstation


def user(engine, username: str, role: str, *, employer_id: int | None = None, township: str | None = None,
         city: str | None = None) -> int:
    passwords.BCRYPT_ROUNDS = 4  # tests only: fast hashes
    made = create_user(engine, username=username, display_name=f"测试 {username}", role=role, password=PASSWORD,
                       employer_id=employer_id, township=township, city=city)
    assert made.id is not None
    return made.id


def build(engine, vault) -> World:
    w = World()
    w.employers["dg"] = make_employer(engine)
    w.employers["nb"] = make_employer(engine, name="宁波市顺达五金有限公司", serial=2, province="浙江省", city="宁波市")
    w.vacancies["dg"] = make_vacancy(engine, w.employers["dg"])
    w.vacancies["nb"] = make_vacancy(engine, w.employers["nb"], province="浙江省", city="宁波市")
    w.seekers["a"] = register(engine, vault, 1, name="王秀兰").seeker_id
    w.seekers["b"] = register(engine, vault, 2, name="李建国", gender="M").seeker_id
    w.seekers["c"] = register(engine, vault, 3, name="张小芳", township="大河乡", village="小河村").seeker_id
    w.users["organizer"] = user(engine, "org1", "organizer")
    w.users["recruiter"] = user(engine, "rec_dg", "recruiter", employer_id=w.employers["dg"])
    w.users["recruiter_nb"] = user(engine, "rec_nb", "recruiter", employer_id=w.employers["nb"])
    w.users["township"] = user(engine, "town_cg", "township", township="城关镇")
    w.users["workstation"] = user(engine, "ws_nb", "workstation", city="宁波市")
    return w


def hire(engine, w: World, seeker: str, where: str = "dg", *, start: date = START, wage: int = 5200,
         now: datetime = NOW, today: date = TODAY) -> int:
    result = record_stage(engine, employer_id=None, user_id=w.users["organizer"], seeker_id=w.seekers[seeker],
                          vacancy_id=w.vacancies[where], stage="hired", hire=HireTerms(start, wage, 12), now=now,
                          today=today)
    assert result.hire_id is not None
    return result.hire_id


def unhire(engine, w: World, seeker: str, where: str = "dg", *, now: datetime = NOW, reason: str = "没来报到") -> None:
    record_stage(engine, employer_id=None, user_id=w.users["organizer"], seeker_id=w.seekers[seeker],
                 vacancy_id=w.vacancies[where], stage="interested", reason=reason, now=now, today=TODAY)


def visits(engine, hire_id: int | None = None) -> list[FollowUp]:
    with unit_of_work(engine, write=False) as session:
        stmt = select(FollowUp).order_by(FollowUp.hire_id, FollowUp.month.is_(None), FollowUp.month, FollowUp.id)
        if hire_id is not None:
            stmt = stmt.where(FollowUp.hire_id == hire_id)
        return list(session.scalars(stmt))


def get_hire(engine, hire_id: int) -> Hire:
    with unit_of_work(engine, write=False) as session:
        found = session.get(Hire, hire_id)
        assert found is not None
        return found
