"""The booth page with AppTest: what the live scanner sends (a ticket code read in the browser, or a photo
for the server to decode; injected as the browser would send it) opens the right seeker's card; typed codes;
one tap per stage; the hire form; no ID number anywhere; user text shown literally."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest
import streamlit as st
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from components.text import literal
from models import Application, BoothScan, Hire, Seeker, StageChange
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.places.sources import create_fair
from services.registration.tickets import format_ticket_code
from tests.apptest_support import visible_text
from tests.auth_support import make_recruiter, open_staff_page
from tests.conftest import TEST_SECRET
from tests.factories import id_masks, make_vacancy, register
from tests.recruiting.test_booth import ticket_photo_jpeg

FULL_ID = re.compile(r"\d{17}[\dXx]")
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_TITLE = "[x](javascript:alert(1))"


def _world(db_url: str) -> dict:
    engine, vault = make_engine(db_url), Vault.from_secret(TEST_SECRET)
    recruiter = make_recruiter(db_url)
    vacancy = make_vacancy(engine, recruiter.employer_id, title="电子厂普工", wage_min=5200, contract_months=24)
    seeker = register(engine, vault, 1, name="王秀兰")
    other = register(engine, vault, 2, name="张建国")
    return dict(engine=engine, vault=vault, recruiter=recruiter, vacancy=vacancy, seeker=seeker, other=other)


def _open(db_url: str, w: dict) -> AppTest:
    at = open_staff_page(db_url, "booth", principal=w["recruiter"])
    assert not at.exception, [e.value for e in at.exception]
    return at


def _text(at: AppTest) -> str:
    return "\n".join(visible_text(at))


def _no_id_numbers(at: AppTest, engine) -> None:
    text = _text(at) + "".join(str(e.value) for e in at.get("dataframe"))
    assert not FULL_ID.search(text)
    with unit_of_work(engine, write=False) as session:
        for masked in id_masks(session):
            assert masked not in text


def _scans(engine) -> list[BoothScan]:
    with unit_of_work(engine, write=False) as session:
        return list(session.scalars(select(BoothScan)))


SENT: dict[str, object] = {}  # what the browser sends next, by component key
MOUNTED: list[dict] = []  # the data each run gave the scanner


@pytest.fixture(autouse=True)
def browser_scanner(monkeypatch):
    """The scanner component as the browser drives it: what a test puts in SENT reaches the page as
    Streamlit delivers a component's trigger (its value in session state, the callback, then the run)."""
    from components import qr_scanner

    def mount(*, key, data, on_change):
        MOUNTED.append(data)
        sent = SENT.pop(key, None)
        if sent is not None:
            st.session_state[key] = sent
            on_change()
            st.rerun()

    SENT.clear()
    MOUNTED.clear()
    monkeypatch.setattr(qr_scanner, "_mount", mount)


def _send(at: AppTest, **sent: object) -> AppTest:
    SENT["booth_scanner"] = sent
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _scan(at: AppTest, code: str) -> AppTest:
    """The live scanner read a ticket's QR code (the code alone is sent)."""
    return _send(at, code=code)


def _photo(at: AppTest, data: bytes) -> AppTest:
    """A photo ("Take a photo" or a picture chosen), sent as a data URL for the server to decode."""
    return _send(at, photo="data:image/jpeg;base64," + base64.b64encode(data).decode())


def _click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_camera_photo_opens_the_right_card(app_env) -> None:
    w = _world(app_env)
    fair = create_fair(w["engine"], name="2026年春风行动招聘会", code="SPRING26", starts_on=local_today())
    at = _open(app_env, w)
    assert at.title[0].value == "展位扫码"
    assert at.selectbox(key="booth_fair").value == fair.id  # today's fair is chosen
    assert not at.camera_input  # no "Take Photo"/"Clear photo": the live scanner
    assert MOUNTED[-1]["labels"]["start"] == "开启摄像头" and MOUNTED[-1]["compact"] is False
    _scan(at, w["seeker"].ticket_code)
    text = _text(at)
    assert "王秀兰" in text and "张建国" not in text
    assert "**46岁** · **女**" in text  # born 17 May 1980
    assert "服装缝纫、保洁" in text and "每月4,500元" in text
    assert "13900000001" not in text and "这里会显示手机号" in text  # no application yet: no phone
    [scan] = _scans(w["engine"])
    assert (scan.seeker_id, scan.employer_id, scan.method, scan.fair_id) == \
        (w["seeker"].seeker_id, w["recruiter"].employer_id, "camera", fair.id)
    # the scanner shrinks beside the card and does not send the open card's code again
    assert MOUNTED[-1]["compact"] is True and MOUNTED[-1]["current"] == w["seeker"].ticket_code
    _no_id_numbers(at, w["engine"])
    at.run()  # a rerun: no second scan
    assert len(_scans(w["engine"])) == 1
    # a photo of another ticket (the fallback): decoded on the server
    _photo(at, ticket_photo_jpeg(w["other"].ticket_code, angle=-9, seed=5))
    assert "张建国" in _text(at) and "王秀兰" not in _text(at)
    assert len(_scans(w["engine"])) == 2
    # the first person again a minute later: their card, but not another scan (within 5 minutes)
    _scan(at, w["seeker"].ticket_code)
    assert "王秀兰" in _text(at) and len(_scans(w["engine"])) == 2
    # "Scan next": the card closes, the scanner is big again
    _send(at, next=True)
    assert "王秀兰" not in _text(at) and MOUNTED[-1]["compact"] is False and MOUNTED[-1]["current"] is None


def test_a_qr_code_that_is_not_a_ticket_is_said_so(app_env) -> None:
    w = _world(app_env)
    at = _scan(_open(app_env, w), w["seeker"].ticket_code)
    _scan(at, "https://example.com/not-a-ticket")
    assert at.warning[0].value == "这不是求职者的二维码。"
    assert len(_scans(w["engine"])) == 1
    # a link carrying a ticket's code is read as that code
    _scan(at, f"https://portal.example/ticket?code={w['other'].ticket_code.lower()}")
    assert "张建国" in _text(at)
    # a broken photo (not a picture) is explained like an unreadable one
    _send(at, photo="data:image/jpeg;base64,bm90IGEgcGljdHVyZQ==")
    assert "照片里没有识别到求职二维码" in at.warning[0].value and "张建国" not in _text(at)


def test_unreadable_photo_is_explained(app_env) -> None:
    w = _world(app_env)
    at = _scan(_open(app_env, w), w["seeker"].ticket_code)
    import io

    from PIL import Image

    blank = io.BytesIO()
    Image.new("RGB", (640, 480), (128, 128, 128)).save(blank, "JPEG")
    _photo(at, blank.getvalue())
    assert "照片里没有识别到求职二维码" in at.warning[0].value
    assert "王秀兰" not in _text(at)  # the last person's card does not stay under a failed scan


def test_typed_code_with_look_alikes_and_unknown_code(app_env) -> None:
    w = _world(app_env)
    with unit_of_work(w["engine"]) as session:
        session.get(Seeker, w["seeker"].seeker_id).ticket_code = "7K0M1QXA"
    at = _open(app_env, w)
    at.text_input(key="booth_code").input("7kom-lqxa")
    _click(at, "FormSubmitter:booth_code_form-查看求职者")
    assert "王秀兰" in _text(at)
    assert [s.method for s in _scans(w["engine"])] == ["typed"]
    at.text_input(key="booth_code").input("ZZZZ ZZZZ")
    _click(at, "FormSubmitter:booth_code_form-查看求职者")
    assert at.error[0].value == "没有找到编号为 ZZZZ ZZZZ 的求职者。请核对编号后再试。"
    assert at.text_input(key="booth_code").value == "ZZZZ ZZZZ"  # kept as typed
    at.text_input(key="booth_code").input("12")
    _click(at, "FormSubmitter:booth_code_form-查看求职者")
    assert at.error[0].value == "编号是8位字母和数字，例如 7K3M 9QXA。"


def test_one_tap_per_stage_then_phone_appears(app_env) -> None:
    w = _world(app_env)
    sid, vid = w["seeker"].seeker_id, w["vacancy"]
    at = _scan(_open(app_env, w), w["seeker"].ticket_code)
    key = f"bo_{sid}_{vid}"
    at.text_input(key=f"{key}_note").input("会缝纫，下周可以来")
    _click(at, f"{key}_b_interested")
    assert at.success[0].value == "已记录：王秀兰 应聘“电子厂普工”，现在是“有意向”。"
    text = _text(at)
    assert "13900000001" in text  # the application opens the phone, in the same rerun
    assert "当前环节：**有意向**" in text
    assert at.text_input(key=f"{key}_note").value == ""  # cleared for the next tap
    _click(at, f"{key}_b_interviewed")
    with unit_of_work(w["engine"], write=False) as session:
        app = session.scalars(select(Application)).one()
        changes = list(session.scalars(select(StageChange).order_by(StageChange.id)))
    assert (app.stage, app.source, app.note) == ("interviewed", "booth", "会缝纫，下周可以来")
    assert app.interviewed_at is not None
    assert [(c.from_stage, c.to_stage, c.by_user_id) for c in changes] == [
        (None, "interested", w["recruiter"].user_id), ("interested", "interviewed", w["recruiter"].user_id)]
    assert len(_scans(w["engine"])) == 1  # taps are not scans
    _no_id_numbers(at, w["engine"])


def test_hired_form_validates_and_records_the_hire(app_env) -> None:
    w = _world(app_env)
    sid, vid = w["seeker"].seeker_id, w["vacancy"]
    at = _scan(_open(app_env, w), w["seeker"].ticket_code)
    key = f"bo_{sid}_{vid}"
    _click(at, f"{key}_b_hired")
    assert at.number_input(key=f"{key}_wage").value == 5200  # the vacancy's lowest wage
    assert at.number_input(key=f"{key}_months").value == 24
    at.number_input(key=f"{key}_wage").set_value(300)
    at.date_input(key=f"{key}_start").set_value(local_today() + timedelta(days=500))
    _click(at, f"FormSubmitter:{key}_hire_form-确认录用")
    errors = [e.value for e in at.error]
    assert "月工资要在500元到50,000元之间。" in errors and "上岗日期要在今天前后一年以内。" in errors
    assert at.number_input(key=f"{key}_wage").value == 300  # kept as typed
    with unit_of_work(w["engine"], write=False) as session:
        assert session.scalars(select(Hire)).all() == []
    start = local_today() + timedelta(days=7)
    at.number_input(key=f"{key}_wage").set_value(5600)
    at.date_input(key=f"{key}_start").set_value(start)
    _click(at, f"FormSubmitter:{key}_hire_form-确认录用")
    assert at.success[0].value == "已记录：王秀兰 应聘“电子厂普工”，现在是“已录用”。"
    assert not at.error and not [n for n in at.number_input if n.key == f"{key}_wage"]  # the form closed
    with unit_of_work(w["engine"], write=False) as session:
        hire = session.scalars(select(Hire)).one()
    assert (hire.start_date, hire.monthly_wage, hire.contract_months, hire.seeker_id) == (start, 5600, 24, sid)
    assert "13900000001" in _text(at)


def test_user_text_is_literal(app_env) -> None:
    w = _world(app_env)
    engine, sid = w["engine"], w["seeker"].seeker_id
    with unit_of_work(engine) as session:
        session.get(Seeker, sid).name = XSS_NAME
    evil = make_vacancy(engine, w["recruiter"].employer_id, title=XSS_TITLE)
    at = _scan(_open(app_env, w), w["seeker"].ticket_code)
    escaped_name, escaped_title = literal(XSS_NAME), literal(XSS_TITLE)
    assert escaped_name.startswith("\\<img") and escaped_title.startswith("\\[x\\]\\(")
    markdown = [m.value for m in at.markdown]
    assert f"### {escaped_name}" in markdown
    chooser = at.selectbox(key=f"booth_vacancy_{sid}")
    assert XSS_TITLE in chooser.options  # a select box shows plain text
    chooser.set_value(evil).run()
    _click(at, f"bo_{sid}_{evil}_b_interested")
    assert at.success[0].value == f"已记录：{escaped_name} 应聘“{escaped_title}”，现在是“有意向”。"
    assert any(f"{escaped_title} **有意向**" in m.value for m in at.markdown)
    for element in (*at.markdown, *at.success, *at.caption):
        assert "<img" not in element.value.replace("\\<img", "")
        assert "](javascript" not in element.value


def test_no_open_vacancy_explained(app_env) -> None:
    engine, vault = make_engine(app_env), Vault.from_secret(TEST_SECRET)
    recruiter = make_recruiter(app_env)
    make_vacancy(engine, recruiter.employer_id, status="closed")
    seeker = register(engine, vault, 1)
    at = open_staff_page(app_env, "booth", principal=recruiter)
    at.text_input(key="booth_code").input(format_ticket_code(seeker.ticket_code))
    _click(at, "FormSubmitter:booth_code_form-查看求职者")
    assert "贵单位还没有正在招聘的岗位" in at.warning[0].value
    assert not [b for b in at.button if b.key and b.key.startswith("bo_")]


def test_organizers_see_live_booth_activity(app_env) -> None:
    from tests.auth_support import make_staff
    from tests.factories import make_employer

    w = _world(app_env)
    engine = w["engine"]
    other = make_employer(engine, name="永康五金厂", serial=42)
    fair = create_fair(engine, name="2026年春风行动招聘会", code="SPRING26", starts_on=local_today())
    with unit_of_work(engine) as session:
        for employer, n, fair_id in ((w["recruiter"].employer_id, 3, fair.id), (other, 5, fair.id), (other, 2, None)):
            for _ in range(n):
                session.add(BoothScan(employer_id=employer, seeker_id=w["seeker"].seeker_id, fair_id=fair_id))
    at = open_staff_page(app_env, "booths", principal=make_staff(app_env, username="org1"))
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "展位实时动态"
    assert at.selectbox(key="booths_fair").value == fair.id  # today's fair first
    table = at.dataframe[0].value
    assert list(table["企业"]) == ["永康五金厂", "东莞市华丰电子有限公司"]
    assert list(table["近1小时扫码"]) == [5, 3] and list(table["今天扫码"]) == [5, 3]
    assert [m.value for m in at.metric][:1] == ["8"]
    at.selectbox(key="booths_fair").select_index(0).run()  # all fairs
    assert list(at.dataframe[0].value["近1小时扫码"]) == [7, 3]


def test_moving_out_of_hired_asks_for_a_reason_and_keeps_the_hire(app_env) -> None:
    """Issue 8: one tap on "interested" no longer erases a hire; it asks, and cancels with a reason."""
    from services.core.i18n import translate
    from services.recruiting.hires import REASON_NEEDED, HireTerms
    from services.recruiting.stages import record_stage

    w = _world(app_env)
    sid, vid, rec = w["seeker"].seeker_id, w["vacancy"], w["recruiter"]
    record_stage(w["engine"], employer_id=rec.employer_id, user_id=rec.user_id, seeker_id=sid, vacancy_id=vid,
                 stage="hired", hire=HireTerms(local_today(), 5600, 24))
    at = _scan(_open(app_env, w), w["seeker"].ticket_code)
    key = f"bo_{sid}_{vid}"
    at.text_input(key=f"{key}_note").input("换到别的岗位")
    _click(at, f"{key}_b_interested")
    assert not at.success  # nothing recorded yet: a confirmation first
    assert "王秀兰" in at.warning[0].value and at.text_input(key=f"{key}_reason").value == ""
    _click(at, f"FormSubmitter:{key}_cancel_form-{translate('zh_CN', 'Cancel the hire')}")
    assert [e.value for e in at.error] == [translate("zh_CN", REASON_NEEDED)]  # beside the reason field
    assert at.text_input(key=f"{key}_note").value == "换到别的岗位"  # kept as typed
    with unit_of_work(w["engine"], write=False) as session:
        assert session.scalars(select(Hire)).one().cancelled_at is None
    # keep the hire: the form closes, nothing changes
    _click(at, f"{key}_keep_hire")
    assert not [t for t in at.text_input if t.key == f"{key}_reason"]
    _click(at, f"{key}_b_interested")
    at.text_input(key=f"{key}_reason").input("登记错了人")
    _click(at, f"FormSubmitter:{key}_cancel_form-{translate('zh_CN', 'Cancel the hire')}")
    assert at.success[0].value == "已记录：王秀兰 应聘“电子厂普工”，现在是“有意向”。"
    assert not at.error and not [t for t in at.text_input if t.key == f"{key}_reason"]
    with unit_of_work(w["engine"], write=False) as session:
        hire = session.scalars(select(Hire)).one()
        app = session.scalars(select(Application)).one()
    assert (hire.cancelled_by, hire.cancel_reason, app.stage) == (rec.user_id, "登记错了人", "interested")
    assert hire.cancelled_at is not None and (hire.monthly_wage, hire.contract_months) == (5600, 24)
    # no longer hired: the next tap needs no confirmation
    _click(at, f"{key}_b_interviewed")
    assert at.success[0].value == "已记录：王秀兰 应聘“电子厂普工”，现在是“已面试”。"


def test_an_incomplete_profile_says_what_is_missing_and_no_guessed_no(app_env) -> None:
    from tests.profile_support import ANSWERS, register_ticket_only

    w = _world(app_env)
    partly = register_ticket_only(w["engine"], w["vault"], 11, name="赵小满",
                                  answered={"trades": ANSWERS["trades"], "wage": ANSWERS["wage"]})
    at = open_staff_page(app_env, "booth", principal=w["recruiter"], lang="en")
    at.text_input(key="booth_code").input(partly.ticket_code)
    _click(at, "FormSubmitter:booth_code_form-Open the card")
    text = _text(at)
    assert "赵小满" in text
    assert "Not answered yet: Where to work, Education, Skills training, Registered poor household" in text
    assert "Education: **Not answered**" in text and "Willing to train: **Not answered**" in text
    assert "Willing to train: **No**" not in text
    assert "Electric welding" in text  # answered: shown
    assert "5,000 yuan a month" in text
    # a complete profile: no such line
    at.text_input(key="booth_code").input(w["seeker"].ticket_code)
    _click(at, "FormSubmitter:booth_code_form-Open the card")
    assert "王秀兰" in _text(at) and "Not answered" not in _text(at)


def test_a_photo_is_checked_on_the_server_by_content_and_size(app_env) -> None:
    """What the scanner sends is checked here, not trusted (CVE-2025-1684): a PDF sent as image/jpeg, a
    decompression bomb, a data URL over the size limit — each one the translated warning, no exception, and the
    booth goes on (the next scan opens its card)."""
    import io

    from PIL import Image

    from components import qr_scanner

    w = _world(app_env)
    at = _open(app_env, w)
    bomb = io.BytesIO()
    Image.new("1", (8_000, 8_000)).save(bomb, "PNG")  # 64 million pixels in a few kB
    for sent in ("data:image/jpeg;base64," + base64.b64encode(b"%PDF-1.7\n" + b"0" * 500).decode(),
                 "data:image/png;base64," + base64.b64encode(bomb.getvalue()).decode(),
                 "data:image/jpeg;base64," + "A" * (qr_scanner.MAX_PHOTO_BYTES * 4 // 3 + 8)):
        _send(at, photo=sent)
        assert "照片里没有识别到求职二维码" in at.warning[0].value
        assert not _scans(w["engine"])
    _scan(at, w["seeker"].ticket_code)
    assert "王秀兰" in _text(at) and len(_scans(w["engine"])) == 1
