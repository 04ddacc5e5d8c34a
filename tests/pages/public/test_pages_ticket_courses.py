"""Training courses on the ticket page, in Chinese (AppTest): offered with seats left, 报名 → confirm → 已报名,
then cancel (withdrawn, "cancelled by the person", the seat back); the enrolled course shown first."""

from __future__ import annotations

from sqlmodel import select

from models import Course, Enrolment
from services.core.db import make_engine, unit_of_work
from tests.apptest_support import click, open_page, visible_text
from tests.factories import person_id
from tests.pages.public.test_pages_ticket import _lookup, _register
from tests.training.offer_support import make_course


def test_enrol_from_the_ticket_page_and_cancel(app_env, county) -> None:
    engine = make_engine(app_env)
    _register(app_env, county)
    sewing = make_course(engine, title="缝纫工培训班", kind="skills", trade="garment_sewing", township="城关镇",
                         start_in=3, capacity=20)
    make_course(engine, title="外出务工常识", start_in=9)
    make_course(engine, title="电焊培训", kind="skills", trade="welding")  # not the person's trade
    at = _lookup(open_page("ticket"), "139 1234 5678", person_id()[-4:])
    text = " ".join(visible_text(at))
    assert "适合您的培训课程" in text and "缝纫工培训班" in text and "外出务工常识" in text
    assert "电焊培训" not in text, text
    assert "还剩20个名额" in text and "学技术：服装缝纫" in text
    click(at, "报名")  # the first: the soonest
    assert any("用您的二维码报名这个课程吗" in i.value for i in at.info)
    click(at, "确认报名")
    assert not at.error, [e.value for e in at.error]
    assert any("您已报名“缝纫工培训班”" in s.value for s in at.success)
    assert any(s.value == "已报名" for s in at.success)
    with unit_of_work(engine) as session:
        (row,) = session.exec(select(Enrolment)).all()
        assert (row.course_id, row.channel, row.status) == (sewing, "ticket", "enrolled")
        assert session.get(Course, sewing).enrolled == 1
    # enrolled first: the course's card comes before the other course's
    text = " ".join(visible_text(at))
    assert text.index("缝纫工培训班") < text.index("外出务工常识")
    click(at, "取消报名")
    click(at, "是的，取消报名")
    assert any("已取消报名“缝纫工培训班”" in i.value for i in at.info)
    assert not any(s.value == "已报名" for s in at.success)
    with unit_of_work(engine) as session:
        (row,) = session.exec(select(Enrolment)).all()
        assert (row.status, row.withdraw_reason) == ("withdrawn", "cancelled by the person")
        assert session.get(Course, sewing).enrolled == 0


def test_no_course_no_training_part(app_env, county) -> None:
    _register(app_env, county)
    at = _lookup(open_page("ticket"), "139 1234 5678", person_id()[-4:])
    assert "适合您的培训课程" not in " ".join(visible_text(at))
