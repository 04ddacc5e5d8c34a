"""Training test data: staff accounts, a course with sessions, registered people."""

from __future__ import annotations

from datetime import date, time, timedelta

from services.accounts import passwords
from services.accounts.staff import create_user
from services.core.clock import local_today
from services.training.course_rules import CourseForm
from services.training.courses import create_course, save_session
from tests.factories import register

PASSWORD = "a long test passphrase"


def staff(engine, username: str = "org1", role: str = "organizer", township: str | None = None) -> int:
    passwords.BCRYPT_ROUNDS = 4  # tests only: fast hashes
    user = create_user(engine, username=username, display_name="县人社局 张科长", role=role, password=PASSWORD,
                       township=township or ("城关镇" if role == "township" else None))
    assert user.id is not None
    return user.id


def course_form(**overrides: object) -> CourseForm:
    today = local_today()
    values: dict[str, object] = dict(
        title="缝纫工技能培训", kind="skills", trade="garment_sewing", provider="县职业技术学校",
        township="城关镇", address="县职校二楼", starts_on=today, ends_on=today + timedelta(days=9), capacity="30")
    values.update(overrides)
    return CourseForm(**values)  # type: ignore[arg-type]


def course(engine, by: int, *, sessions: int = 0, **overrides: object) -> int:
    course_id = create_course(engine, form=course_form(**overrides), by=by)
    start: date = overrides.get("starts_on", local_today())  # type: ignore[assignment]
    for n in range(1, sessions + 1):
        save_session(engine, course_id=course_id, number=n, day=start, at=time(8 + n % 8, 0), hours="3",
                     topic=f"第{n}课", by=by)
    return course_id


def people(engine, vault, count: int, *, first: int = 0, **overrides: object) -> list[int]:
    names = ["王秀兰", "李建国", "张桂英", "刘德华", "陈美玲", "杨小明", "赵丽", "黄国强", "周芳", "吴建军",
             "徐海燕", "孙志刚", "马兰花", "朱永福"]
    ids = []
    for n in range(first, first + count):
        result = register(engine, vault, n, name=names[n % len(names)], **overrides)
        ids.append(result.seeker_id)
    return ids
