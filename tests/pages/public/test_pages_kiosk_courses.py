"""The kiosk's training screen (AppTest, Chinese): the courses near the site, 报名, the ticket code typed (as a
QR reader types it), a wrong code refused beside the field, then enrolled with channel kiosk; "Back"."""

from __future__ import annotations

from sqlmodel import select

from models import Enrolment, Site
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.places.sources import Source
from services.registration.register import register_seeker, validate_registration
from tests.conftest import TEST_SECRET
from tests.factories import form
from tests.pages.public import test_pages_kiosk
from tests.pages.public.test_pages_kiosk import SITE_CODE, kiosk, press, step, wkey
from tests.training.offer_support import make_course

kiosk_env = test_pages_kiosk.kiosk_env  # the app on SQLite and PostgreSQL with the site YJ01


def test_enrol_at_the_kiosk_with_the_ticket_code(kiosk_env, county) -> None:
    engine = make_engine(kiosk_env)
    with unit_of_work(engine) as session:
        site_id = session.exec(select(Site.id).where(Site.code == SITE_CODE)).one()
    course = make_course(engine, title="家政服务培训", site_id=site_id, township="城关镇", start_in=2)
    make_course(engine, title="大河乡养殖培训", township="大河乡")  # another township: not shown here
    code = register_seeker(engine, Vault.from_secret(TEST_SECRET), validate_registration(form(), county=county),
                           source=Source.direct(), submission_id="k1").ticket_code
    at = kiosk()
    press(at, "start_courses")
    assert step(at) == "courses"
    shown = " ".join(m.value for m in at.markdown)
    assert "家政服务培训" in shown and "大河乡养殖培训" not in shown and "岩脚安置点" in shown
    press(at, f"course_enrol_{course}")
    at.text_input(key=wkey(at, "course_code")).input("ZZZZ 9999")
    press(at, "course_next")
    assert any("没有这个编号的二维码" in e.value for e in at.error)
    at.text_input(key=wkey(at, "course_code")).input(code[:4] + " " + code[4:].lower())
    press(at, "course_next")
    assert any("您已报名“家政服务培训”" in s.value for s in at.success)
    with unit_of_work(engine) as session:
        (row,) = session.exec(select(Enrolment)).all()
        assert (row.course_id, row.channel, row.enrolled_by) == (course, "kiosk", None)
    press(at, "course_done_back")
    assert step(at) == "start"
