"""The training page through a database outage (issue 14's rule, for issue 16's page): creating a course when
the database stops shows the translated message, no error box, keeps what was typed, and saves the course
exactly once after the database is back. Chinese on a stopped PostgreSQL, English on an unreadable file."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from components import routes
from models.training import Course
from services.core.db import make_engine, unit_of_work
from tests.auth_support import make_staff, open_staff_page
from tests.pages.recruiter.test_recruiter_outage import press
from tests.pages.staff.outage_support import Down, kept, recover, said_so
from tests.pages.staff.outage_support import down_db as down_db  # the fixture, used by name

PAGE = str(Path(__file__).resolve().parents[3] / routes.file("training"))


def _open(app_env: str, db: Down) -> AppTest:
    at = open_staff_page(app_env, "training", principal=make_staff(app_env), **db.lang)
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_creating_a_course_through_an_outage(app_env: str, down_db: Down) -> None:
    db = down_db
    at = _open(app_env, db)
    typed = {"training_new_title": "缝纫工技能培训", "training_new_provider": "县职业技术学校",
             "training_new_capacity": "20"}
    for key, value in typed.items():
        at.text_input(key=key).set_value(value)
    at.selectbox(key="training_new_trade").set_value("garment_sewing")
    submit = next(b.key for b in at.button if b.key and b.key.startswith("FormSubmitter:training_new"))
    db.down = True
    press(at, submit)
    said_so(at, db)
    kept(at, **typed)
    recover(at, db)
    kept(at, **typed)
    press(at, submit)
    assert not at.exception, [e.value for e in at.exception]
    with unit_of_work(make_engine(app_env), write=False) as s:
        assert [c.title for c in s.exec(select(Course))] == ["缝纫工技能培训"]  # saved once
