"""The desk's "Enrol in a course" task (AppTest, Chinese): find the person, the courses that fit them marked ★
with every other open one, enrol (channel desk, the worker recorded), a full course refused beside it."""

from __future__ import annotations

from sqlmodel import select

from models import Enrolment, StaffUser
from services.core.db import make_engine, unit_of_work
from tests.factories import person_id
from tests.pages.staff.test_pages_desk import _open, _press, _registered
from tests.training.offer_support import make_course


def test_desk_enrols_a_person_found_by_id_number(app_env) -> None:
    engine = make_engine(app_env)
    _registered(app_env)
    fits = make_course(engine, title="外出务工常识", start_in=3)  # county-wide: fits anyone willing
    other = make_course(engine, title="电焊培训", kind="skills", trade="welding", start_in=5)
    full = make_course(engine, title="满员的课", capacity=1, enrolled=1)
    at = _open(app_env)
    at.button_group(key="desk_task").set_value("training").run()
    at.text_input(key="desk_tr_query").input(person_id())
    _press(at, "desk_tr_find")
    box = at.selectbox(key="desk_tr_course")
    options = " | ".join(box.options)
    assert "★ 外出务工常识" in options and "电焊培训" in options and "★ 电焊培训" not in options, options
    assert "满员的课" not in options
    box.set_value(other).run()
    _press(at, "desk_tr_enrol")
    assert any("已报名“电焊培训”" in s.value for s in at.success)
    assert any("已报名：电焊培训" in m.value for m in at.markdown)
    with unit_of_work(engine) as session:
        (row,) = session.exec(select(Enrolment)).all()
        desk = session.exec(select(StaffUser).where(StaffUser.username == "desk1")).one()
        assert (row.course_id, row.channel, row.enrolled_by) == (other, "desk", desk.id)
    assert fits and full
