"""Demo training (issue 16): courses of every kind in several townships (some order-based, for a demo
employer's vacancies), sessions, enrolments of people who want training, attendance, completions with
certificates, one cancelled course, some of the people hired after their course, and this year's
"trained" targets — so the training pages, the dashboard's training panel, the training results and the
training subsidies show something real.

Proportional and cheap: about one course per 1,500 seekers (8 to 300), 20–40 seats each; the people are
read by primary-key order with a LIMIT (never the whole seeker table). Written after the bulk load (its
indexes are back). Idempotent: a database that has courses gets nothing more.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from models import (
    ACTIVE_HIRE,
    Attendance,
    Certificate,
    Course,
    CourseSession,
    CourseVacancy,
    Enrolment,
    Hire,
    Seeker,
    TargetMetric,
)
from models.training import CourseKind
from services.core.clock import local_zone
from services.core.db import unit_of_work
from services.places.county import County
from services.reporting.targets import COUNTY, get_targets, save_targets

PROVIDERS = ("县职业技术学校", "县就业训练中心", "华丰职业培训学校", "乡村振兴技能培训基地")
TITLES = {
    CourseKind.GUIDING: ("外出务工引导性培训", "劳动维权与安全常识"),
    CourseKind.SKILLS: ("电焊工培训", "家政服务培训", "养老护理培训", "电子装配培训", "中式烹调培训"),
    CourseKind.TARGETED: ("精准扶贫种养殖技能培训", "建档立卡户技能提升班"),
    CourseKind.ENTREPRENEURSHIP: ("创业意识培训 (SYB)", "电商创业培训"),
}
TRADES = {"电焊工培训": "welding", "家政服务培训": "housekeeping", "养老护理培训": "nursing_care",
          "电子装配培训": "electronics_assembly", "中式烹调培训": "catering"}
KINDS = tuple(CourseKind)
SEATS = (20, 40)
HIRED_AFTER_SHARE = 0.3  # of a past course's seats: people hired 2-120 days after it ended


@dataclass
class TrainingDemo:
    courses: int = 0
    enrolments: int = 0
    completions: int = 0
    certificates: int = 0
    attendances: int = 0
    hired_after: int = 0  # completions followed by a hire within 6 months
    targets: int = 0


def course_count(seekers: int) -> int:
    return min(300, max(8, seekers // 1500))


def add_training_demo(engine: Engine, county: County, *, today: date, seed: int = 1,
                      now: datetime | None = None) -> TrainingDemo:
    out = TrainingDemo()
    with unit_of_work(engine, write=False) as s:
        if s.execute(select(func.count()).select_from(Course)).scalar_one():
            return out
        seekers = s.execute(select(func.count()).select_from(Seeker)).scalar_one()
    if not seekers or not county.townships:
        return out
    now = now or datetime.now(UTC)
    rng = random.Random(f"{seed}/training")
    n = course_count(seekers)
    sc, hc = Seeker.__table__.c, Hire.__table__.c
    with unit_of_work(engine) as s:
        willing = s.execute(select(sc.id, sc.township).where(sc.willing_to_train.is_(True)).order_by(sc.id)
                            .limit(n * SEATS[1] * 2)).all()
        hires = s.execute(select(hc.seeker_id, hc.employer_id, hc.vacancy_id, hc.start_date)
                          .where(ACTIVE_HIRE, hc.start_date <= today).order_by(hc.id).limit(n * SEATS[1])).all()
        by_township: dict[str, list[int]] = {}
        for sid, township in willing:
            by_township.setdefault(township, []).append(sid)
        townships = [t.name for t in county.townships]
        employers = sorted({e for _s, e, _v, _d in hires})
        starts_of: dict[int, list[date]] = {}  # seeker -> start dates of their hires
        for sid, _e, _v, start in hires:
            starts_of.setdefault(sid, []).append(start)
        taken: set[tuple[int, int]] = set()  # (course, seeker)
        numbers = 0
        for i in range(n):
            kind = KINDS[i % len(KINDS)]
            title = rng.choice(TITLES[kind])
            township = townships[i % len(townships)]
            days = rng.randint(3, 15)
            future = i >= n - max(2, n // 10)  # the last tenth: open for enrolment
            employer = employers[i % len(employers)] if employers and i % 4 == 3 and not future else None
            hired = [h for h in hires if employer is None or h[1] == employer]
            if future:
                starts = today + timedelta(days=rng.randint(7, 60))
            elif hired and rng.random() < 0.7:  # ends a little before some people's hire
                anchor = rng.choice(hired)[3]
                starts = anchor - timedelta(days=days + rng.randint(2, 60))
            else:
                starts = today - timedelta(days=rng.randint(days + 10, 330))
            ends = starts + timedelta(days=days - 1)
            capacity = rng.randint(*SEATS)
            course = Course(title=title, kind=kind, trade=TRADES.get(title) if kind == CourseKind.SKILLS else None,
                            provider=PROVIDERS[i % len(PROVIDERS)], township=township,
                            address=f"{county.label(township, 'zh_CN')}培训教室", starts_on=starts, ends_on=ends,
                            capacity=capacity, employer_id=employer, created_at=now,
                            description="订单式培训" if employer else "")
            s.add(course)
            s.flush()
            assert course.id is not None
            if employer is not None:
                for vid in sorted({v for _s, e, v, _d in hires if e == employer})[:3]:
                    s.add(CourseVacancy(course_id=course.id, vacancy_id=vid))
            sessions = []
            for k in range(min(6, max(1, days // 2))):
                day = starts + timedelta(days=k * max(1, days // 6))
                at = datetime.combine(day, time(9, 0), tzinfo=local_zone()).astimezone(UTC)
                sessions.append(CourseSession(course_id=course.id, number=k + 1, starts_at=at, hours=3.0,
                                              topic=f"第{k + 1}课"))
            s.add_all(sessions)
            s.flush()
            # who: people hired soon after the course's end first (some), then willing people of the township
            after = [h[0] for h in hired if ends < h[3] <= ends + timedelta(days=120)]
            rng.shuffle(after)
            pool = after[:int(capacity * HIRED_AFTER_SHARE)]
            local = list(by_township.get(township, []))
            rng.shuffle(local)
            pool += local
            people: list[int] = []
            wanted = capacity // 3 if future else int(capacity * rng.uniform(0.6, 1.0))
            for sid in pool:
                if len(people) >= wanted:
                    break
                if (course.id, sid) not in taken:
                    taken.add((course.id, sid))
                    people.append(sid)
            active = 0
            for sid in people:
                past = ends < today
                roll = rng.random()
                status = "enrolled" if not past else "completed" if roll < 0.85 else "withdrawn" if roll < 0.95 \
                    else "enrolled"
                e = Enrolment(course_id=course.id, seeker_id=sid, status=status,
                              channel=rng.choice(("ticket", "kiosk", "desk", "list", "import")),
                              enrolled_at=datetime.combine(starts - timedelta(days=rng.randint(1, 20)), time(2, 0),
                                                           tzinfo=UTC),
                              completed_on=ends if status == "completed" else None,
                              withdrawn_at=now if status == "withdrawn" else None,
                              withdraw_reason="外出务工" if status == "withdrawn" else "")
                s.add(e)
                s.flush()
                assert e.id is not None
                out.enrolments += 1
                active += status != "withdrawn"
                for sess in sessions:
                    assert sess.id is not None
                    if sess.starts_at < now and status != "withdrawn" and rng.random() < 0.9:
                        s.add(Attendance(session_id=sess.id, enrolment_id=e.id, seeker_id=sid,
                                         method=rng.choice(("tap", "scan")), recorded_at=sess.starts_at))
                        out.attendances += 1
                if status == "completed":
                    out.completions += 1
                    numbers += 1
                    level = rng.choice(("basic", "intermediate", "advanced")) if kind == CourseKind.SKILLS else ""
                    s.add(Certificate(enrolment_id=e.id, number=f"PX{ends:%Y}{numbers:06d}", issued_on=ends,
                                      trade=course.trade, level=level, issued_at=now))
                    out.certificates += 1
                    if any(ends <= d <= ends + timedelta(days=182) for d in starts_of.get(sid, ())):
                        out.hired_after += 1
            course.enrolled = active
            if i == 1 and not future:  # one cancelled course: kept, never counted
                course.status, course.cancelled_at, course.cancel_reason = "cancelled", now, "报名人数不足，取消开班"
            out.courses += 1
    out.targets = _trained_targets(engine, county, today)
    return out


def _trained_targets(engine: Engine, county: County, today: date) -> int:
    """This year's "trained" targets where none is set: about 1.4 times the people trained so far."""
    from services.training.figures import trained_by_township

    with engine.connect() as conn:
        done = trained_by_township(conn, today.year)
    existing = get_targets(engine, today.year)
    cells: dict[tuple[str, str], object] = {}
    total = 0
    for t in county.townships:
        value = existing.get((t.name, TargetMetric.TRAINED),
                             max(10, math.ceil((done[t.name].people if t.name in done else 0) / 0.7 / 10) * 10))
        total += value
        if (t.name, TargetMetric.TRAINED) not in existing:
            cells[(t.name, TargetMetric.TRAINED)] = value
    if (COUNTY, TargetMetric.TRAINED) not in existing:
        cells[(COUNTY, TargetMetric.TRAINED)] = total
    return save_targets(engine, today.year, cells, county=county, actor="demo") if cells else 0
