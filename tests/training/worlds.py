"""Small training worlds written directly into the tables (no service of services/training is used): seekers
with a township and a poor flag, courses (kind, provider, cancelled, ordering employer), enrolments (status,
completion date, certificate level) and hires (start date, employer, cancelled)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from hypothesis import strategies as st
from sqlalchemy import delete, select
from sqlalchemy.engine import Engine

from models import (
    Application,
    Certificate,
    Course,
    Employer,
    Enrolment,
    Hire,
    Seeker,
    Target,
    Vacancy,
)
from models.training import CourseKind
from services.core.db import unit_of_work
from services.summaries import hire_facts, hire_sites
from tests.factories import make_employer, make_vacancy

TOWNSHIPS = ("城关镇", "大河乡", "石门乡")
PROVIDERS = ("县职业技术学校", "华丰培训中心")
KINDS = tuple(CourseKind)
LEVELS = ("", "basic", "intermediate", "advanced")
EMPLOYERS = 2
MAX_HIRES_EACH = 3  # vacancies per employer: a person's k-th hire at an employer uses its k-th vacancy
STAMP = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class P:  # a person
    township: str
    poor: bool


@dataclass(frozen=True)
class C:  # a course
    kind: str
    provider: str
    cancelled: bool
    employer: int | None  # index into the employers; None: not order-based


@dataclass(frozen=True)
class E:  # an enrolment
    person: int
    course: int
    status: str  # enrolled / completed / withdrawn
    completed_on: date | None
    level: str | None  # None: no certificate


@dataclass(frozen=True)
class H:  # a hire
    person: int
    employer: int
    start: date
    cancelled: bool


@dataclass
class World:
    people: list[P]
    courses: list[C]
    enrolments: list[E]
    hires: list[H]
    ids: dict[str, list[int]] = field(default_factory=dict)


dates = st.dates(date(2025, 9, 1), date(2027, 2, 28))


@st.composite
def worlds(draw: st.DrawFn) -> World:
    people = draw(st.lists(st.builds(P, st.sampled_from(TOWNSHIPS), st.booleans()), min_size=1, max_size=8))
    courses = draw(st.lists(st.builds(C, st.sampled_from(KINDS), st.sampled_from(PROVIDERS), st.booleans(),
                                      st.one_of(st.none(), st.integers(0, EMPLOYERS - 1))), min_size=1, max_size=4))
    enrolments: list[E] = []
    for i in range(len(people)):
        for j in range(len(courses)):
            status = draw(st.sampled_from(("none", "enrolled", "completed", "completed", "withdrawn")))
            if status == "none":
                continue
            done = status == "completed"
            enrolments.append(E(i, j, status, draw(dates) if done else None,
                                draw(st.one_of(st.none(), st.sampled_from(LEVELS))) if done else None))
    hires = draw(st.lists(st.builds(H, st.integers(0, len(people) - 1), st.integers(0, EMPLOYERS - 1), dates,
                                    st.booleans()), max_size=8))
    counts: dict[tuple[int, int], int] = {}
    kept = []
    for h in hires:  # at most MAX_HIRES_EACH hires of one person at one employer
        n = counts.get((h.person, h.employer), 0)
        if n < MAX_HIRES_EACH:
            counts[(h.person, h.employer)] = n + 1
            kept.append(h)
    return World(people, courses, enrolments, kept)


def reset(engine: Engine) -> None:
    """Empty what a world writes (employers and their vacancies stay)."""
    with unit_of_work(engine) as s:
        for table in (Certificate, Enrolment, Course, Hire, Application, Target, Seeker):
            s.execute(delete(table))


def employers(engine: Engine) -> list[tuple[int, list[int]]]:
    """The test employers with their vacancies, made once per database."""
    with unit_of_work(engine, write=False) as s:
        have = s.execute(select(Employer.__table__.c.id).order_by(Employer.__table__.c.id)).scalars().all()
        vac = s.execute(select(Vacancy.__table__.c.employer_id, Vacancy.__table__.c.id)
                        .order_by(Vacancy.__table__.c.id)).all()
    if len(have) < EMPLOYERS:
        for n in range(len(have), EMPLOYERS):
            emp = make_employer(engine, name=f"测试企业{n + 1}有限公司", serial=n + 1)
            for _k in range(MAX_HIRES_EACH):
                make_vacancy(engine, emp)
        return employers(engine)
    return [(e, [v for emp, v in vac if emp == e]) for e in have[:EMPLOYERS]]


def write(engine: Engine, w: World) -> World:
    emps = employers(engine)
    with unit_of_work(engine) as s:
        people = []
        for n, p in enumerate(w.people):
            row = Seeker(ticket_code=f"T{n:07d}", name="王秀兰", id_hmac=f"id-{n}", id_enc="x", phone_hmac=f"ph-{n}",
                         phone_enc="x", phone_masked="139****0000", birth_date=date(1990, 5, 17), gender="F",
                         township=p.township, village="东门村", poor_household="yes" if p.poor else "no",
                         consent_version="v1", consented_at=STAMP)
            s.add(row)
            s.flush()
            people.append(row.id)
        courses = []
        for n, c in enumerate(w.courses):
            row = Course(title=f"课程{n}", kind=c.kind, trade="welding" if c.kind == "skills" else None,
                         provider=c.provider, township=TOWNSHIPS[n % 3], starts_on=date(2025, 1, 1),
                         ends_on=date(2027, 12, 31), capacity=100, enrolled=0,
                         employer_id=emps[c.employer][0] if c.employer is not None else None,
                         status="cancelled" if c.cancelled else "open")
            s.add(row)
            s.flush()
            courses.append(row.id)
        for n, e in enumerate(w.enrolments):
            row = Enrolment(course_id=courses[e.course], seeker_id=people[e.person], status=e.status, channel="desk",
                            completed_on=e.completed_on)
            s.add(row)
            s.flush()
            if e.level is not None:
                s.add(Certificate(enrolment_id=row.id, number=f"C{n:06d}", issued_on=e.completed_on or date.today(),
                                  level=e.level))
        used: dict[tuple[int, int], int] = {}
        for h in w.hires:
            emp, vacancies = emps[h.employer]
            k = used.get((h.person, h.employer), 0)
            used[(h.person, h.employer)] = k + 1
            app = Application(vacancy_id=vacancies[k], seeker_id=people[h.person], employer_id=emp, stage="hired")
            s.add(app)
            s.flush()
            s.add(Hire(application_id=app.id, seeker_id=people[h.person], employer_id=emp, vacancy_id=vacancies[k],
                       start_date=h.start, monthly_wage=5000, contract_months=12, province="广东省", city="东莞市",
                       scope="out", trade="electronics_assembly", cancelled_at=STAMP if h.cancelled else None))
        s.flush()
        hire_facts.rebuild(s.connection())  # written directly, as the demo does: the hires' facts
        hire_sites.rebuild(s.connection())  # and each registration point's hires
    w.ids = {"people": people, "courses": courses, "employers": [e for e, _v in emps]}
    return w
