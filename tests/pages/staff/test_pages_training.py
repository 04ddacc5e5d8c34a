"""The training page with AppTest, in Chinese: the course list and a new course (messages beside the fields),
the course page's tap list, enrolment from a search, completion and certificates; township staff see their own
township's courses only; recruiters and desk staff have no access."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from components import routes
from components.training_parts import COURSE
from models.training import Attendance, Certificate, Enrolment
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.training.enrolment import enrol
from tests.apptest_support import ENGLISH_WORD, visible_text
from tests.auth_support import make_staff, open_staff_page
from tests.conftest import TEST_SECRET
from tests.training.support import course, people

PAGE = str(Path(__file__).resolve().parents[3] / routes.file("training"))


def _open(url: str, principal, **query: str) -> AppTest:
    at = open_staff_page(url, "training", principal=principal, **query)
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label or b.label.endswith(label)]
    assert matches, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return matches[0]


def _run(element) -> AppTest:
    at = element.run()  # an AppTest, or a widget after click() / set_value(): its run() runs the app
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_create_a_course_with_messages_beside_the_fields(app_env) -> None:
    org = make_staff(app_env)
    at = _open(app_env, org)
    assert at.title[0].value == "职业培训"
    assert "还没有培训班。" in [i.value for i in at.info]
    at.text_input(key="training_new_capacity").set_value("0")
    _run(at.button(key="FormSubmitter:training_new-创建培训班").click())
    errors = [e.value for e in at.error]
    assert "请填写培训班名称。" in errors and "名额：1 到 500。" in errors and "请填写承办的学校或公司。" in errors
    assert at.text_input(key="training_new_capacity").value == "0"  # what was typed is kept
    at.text_input(key="training_new_title").set_value("缝纫工技能培训")
    at.text_input(key="training_new_provider").set_value("县职业技术学校")
    at.selectbox(key="training_new_trade").set_value("garment_sewing")
    at.text_input(key="training_new_capacity").set_value("２０")
    _run(at.button(key="FormSubmitter:training_new-创建培训班").click())
    assert at.title[0].value == "缝纫工技能培训"
    assert "培训班已创建。" in [s.value for s in at.success]
    assert [m.value for m in at.metric][:3] == ["20", "0", "20"]


def test_course_page_in_chinese_tap_list_enrol_complete_certify(app_env) -> None:
    engine, vault = make_engine(app_env), Vault.from_secret(TEST_SECRET)
    org = make_staff(app_env)
    course_id = course(engine, org.user_id, sessions=1, capacity="3")
    seekers = people(engine, vault, 4)
    for s in seekers[:2]:
        enrol(engine, course_id=course_id, seeker_id=s, channel="desk", by=org.user_id)
    at = open_staff_page(app_env, "training", principal=org)
    at.session_state[COURSE] = course_id
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    texts = " ".join(visible_text(at))
    assert "点名签到" in texts and "王\\*兰 · 东门村" in texts or "王*兰 · 东门村" in texts
    leftovers = [w for w in ENGLISH_WORD.findall(texts) if w not in {"Excel", "QR", "English"}]
    assert not leftovers, leftovers
    # the tap list: one button per person; a tap records and marks the person
    tap = [b for b in at.button if (b.key or "").startswith("training_tap_")]
    assert len(tap) == 2 and all(b.proto.type == "secondary" for b in tap)
    _run(tap[0].click())
    assert any("已签到" in s.value for s in at.success)
    marked = [b for b in at.button if (b.key or "").startswith("training_tap_") and b.proto.type == "primary"]
    assert len(marked) == 1 and marked[0].label.startswith("✓ ")
    with unit_of_work(engine, write=False) as s:
        assert len(s.exec(select(Attendance)).all()) == 1
    # enrol from a search by mobile number (masked in the results)
    at.text_input(key="training_query").set_value("13900000002")
    _run(at.button(key="FormSubmitter:training_search-查找").click())
    picks = [c for c in at.checkbox if (c.key or "").startswith("training_pick_")]
    assert len(picks) == 1 and "139\\*\\*\\*\\*0002" in picks[0].label  # escaped: literal()
    _run(picks[0].check())
    _run(at.button(key="training_enrol").click())
    assert any("已报名：张\\*英" in s.value or "已报名：张*英" in s.value for s in at.success)
    # completion: the one who attended completes by the rule; a certificate is issued
    with unit_of_work(engine, write=False) as s:
        attended = s.exec(select(Attendance)).one().enrolment_id
    _run(at.button(key=f"training_complete_{attended}").click())
    assert "已结业。" in [s.value for s in at.success]
    _run([b for b in at.button if (b.key or "").startswith("training_certify_")][0].click())
    with unit_of_work(engine, write=False) as s:
        (cert,) = s.exec(select(Certificate)).all()
        assert s.exec(select(Enrolment).where(Enrolment.status == "enrolled")).all()
    assert any(cert.number in s.value for s in at.success)


def test_township_staff_see_their_own_township_only(app_env) -> None:
    org = make_staff(app_env)
    town = make_staff(app_env, username="town1", role="township")
    engine = make_engine(app_env)
    course(engine, org.user_id, title="城关镇缝纫班")
    course(engine, org.user_id, title="大河乡厨师班", township="大河乡", trade="welding")
    at = _open(app_env, town)
    labels = [b.label for b in at.button if (b.key or "").startswith("training_open_")]
    assert len(labels) == 1 and "城关镇缝纫班" in labels[0]
    at = _open(app_env, org)
    assert len([b for b in at.button if (b.key or "").startswith("training_open_")]) == 2


def test_recruiters_and_desk_staff_have_no_training_page() -> None:
    assert routes.route("training").audience == routes.Audience.TOWNSHIPS
    assert "training" not in [r.path for r in routes.staff_menu("recruiter")]
    assert "training" not in [r.path for r in routes.staff_menu("desk")]


def test_typed_ticket_code_records_attendance_and_the_sheet_is_encrypted(app_env) -> None:
    import io

    import openpyxl

    from models import Seeker
    from services.reporting.exports.archive import read_encrypted_zip

    engine, vault = make_engine(app_env), Vault.from_secret(TEST_SECRET)
    org = make_staff(app_env)
    course_id = course(engine, org.user_id, sessions=1)
    inside, outside = people(engine, vault, 2)
    enrol(engine, course_id=course_id, seeker_id=inside, channel="desk", by=org.user_id)
    with unit_of_work(engine, write=False) as s:
        code, other = s.get(Seeker, inside).ticket_code, s.get(Seeker, outside).ticket_code
    at = open_staff_page(app_env, "training", principal=org)
    at.session_state[COURSE] = course_id
    _run(at.switch_page(PAGE))
    at.text_input(key="training_code").set_value(other.lower())
    _run(at.button(key="FormSubmitter:training_code_form-签到").click())
    assert any("没有报这个培训班，请先报名" in e.value for e in at.error)
    at.text_input(key="training_code").set_value(code)
    _run(at.button(key="FormSubmitter:training_code_form-签到").click())
    assert any("已签到" in s.value for s in at.success)
    with unit_of_work(engine, write=False) as s:
        assert [a.method for a in s.exec(select(Attendance))] == ["scan"]
    _run(at.button(key="training_sheet_make").click())
    entry = at.session_state["training_sheet"]
    assert any(c.value == entry["password"] for c in at.code)  # the one-time password, shown only here
    name, data = read_encrypted_zip(io.BytesIO(entry["data"]), entry["password"])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert name.endswith(".xlsx") and "王*兰" in values and "✓" in values and "签名" in " ".join(map(str, values))


def test_the_course_list_shows_30_a_page_with_the_count(app_env) -> None:
    from datetime import timedelta

    from services.core.clock import local_today

    org = make_staff(app_env)
    engine = make_engine(app_env)
    for n in range(31):
        course(engine, org.user_id, title=f"第{n}期缝纫班", starts_on=local_today() + timedelta(days=n),
               ends_on=local_today() + timedelta(days=n))
    at = _open(app_env, org)
    opened = [b.label for b in at.button if (b.key or "").startswith("training_open_")]
    assert len(opened) == 30 and opened[0].startswith("第30期缝纫班")
    assert "第 1–30 个培训班，共 31 个，最新的在前。" in [c.value for c in at.caption]
    _run(at.number_input(key="training_f_page").set_value(2))
    opened = [b.label for b in at.button if (b.key or "").startswith("training_open_")]
    assert len(opened) == 1 and opened[0].startswith("第0期缝纫班")
    assert "第 31–31 个培训班，共 31 个，最新的在前。" in [c.value for c in at.caption]
