"""The recruiters' "candidates who fit" page with AppTest: anonymous candidates until interest or a scan,
only the recruiter's own vacancies, no ID or phone number anywhere, user text shown literally."""

from __future__ import annotations

import re
from datetime import date

from streamlit.testing.v1 import AppTest

from models import Application, BoothScan, Seeker
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.core.validation import mask_id
from tests.apptest_support import visible_text
from tests.auth_support import make_recruiter, open_staff_page
from tests.conftest import TEST_SECRET
from tests.factories import make_employer, make_vacancy, register

XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_TITLE = "[x](javascript:alert(1))"
ID_NUMBER = re.compile(r"\d{17}[\dXx]")
MASKED_ID = re.compile(r"\d{6}\*+\d{0,4}[\dXx]|\*{4,}")


def _local(engine, employer_id: int, **kw) -> int:
    return make_vacancy(engine, employer_id, scope="local", province="云南省", city="昭通市",
                        trade="garment_sewing", **kw)


def _seekers(engine) -> list:
    vault = Vault.from_secret(TEST_SECRET)
    birth = date(local_today().year - 30, 1, 1)
    made = [register(engine, vault, 1, name="张秀英", birth=birth),
            register(engine, vault, 2, name="李四", birth=birth, trades=["cleaning"]),
            register(engine, vault, 3, name="王芳", birth=birth, intention="go_out", leave_constraint="none")]
    with unit_of_work(engine) as session:  # the form refuses such a name; an import might not
        session.get(Seeker, made[1].seeker_id).name = XSS_NAME
    return made


def _everything(at: AppTest) -> str:
    parts = visible_text(at)
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    return "\n".join(parts)


def _table(at: AppTest):
    assert len(at.dataframe) == 1, visible_text(at)
    return at.dataframe[0].value


def test_candidates_are_anonymous_then_named_after_interest(app_env) -> None:
    engine = make_engine(app_env)
    rec = make_recruiter(app_env)
    vacancy = _local(engine, rec.employer_id, title="缝纫工")
    sewing, xss, goes_out = _seekers(engine)

    at = open_staff_page(app_env, "candidates", principal=rec)
    assert not at.exception, [e.value for e in at.exception]
    table = _table(at)
    # the go-out seeker does not want local work; the sewing seeker's trade ranks first, newest next
    assert list(table["求职者"]) == ["求职者 1", "求职者 2"]
    assert list(table["工种"]) == ["保洁, 服装缝纫", "保洁"]
    assert list(table["得分"]) == [60, 20]
    assert "有这个工种：服装缝纫" in table["推荐理由"][0]
    text = _everything(at)
    with unit_of_work(engine, write=False) as session:
        rows = [session.get(Seeker, s.seeker_id) for s in (sewing, xss, goes_out)]
    vault = Vault.from_secret(TEST_SECRET)
    for row in rows:
        for secret in (row.name, row.ticket_code, row.village, vault.decrypt(row.phone_enc), row.phone_masked,
                       mask_id(vault.decrypt(row.id_enc))):
            assert secret not in text, secret
    assert not ID_NUMBER.search(text) and not MASKED_ID.search(text)

    with unit_of_work(engine) as session:
        session.add(Application(vacancy_id=vacancy, seeker_id=sewing.seeker_id, employer_id=rec.employer_id))
        session.add(BoothScan(employer_id=rec.employer_id, seeker_id=xss.seeker_id))
    at.run()
    table = _table(at)
    assert list(table["求职者"]) == ["张秀英", XSS_NAME]  # shown as typed, in a table cell (never as HTML)
    text = _everything(at)
    assert vault.decrypt(rows[0].phone_enc) not in text and not ID_NUMBER.search(text)
    assert not MASKED_ID.search(text)


def test_only_own_vacancies_can_be_picked(app_env) -> None:
    engine = make_engine(app_env)
    other = make_employer(engine, name="别家公司", serial=77)
    theirs = _local(engine, other, title="别家的岗位")
    rec = make_recruiter(app_env)
    _local(engine, rec.employer_id, title=XSS_TITLE)
    _seekers(engine)
    at = open_staff_page(app_env, "candidates", principal=rec, vacancy=str(theirs))
    assert not at.exception, [e.value for e in at.exception]
    [box] = at.selectbox
    assert len(box.options) == 1 and box.options[0].startswith(XSS_TITLE)  # literal text, its own vacancy
    assert "别家的岗位" not in _everything(at)


def test_no_open_vacancy_and_no_candidates(app_env) -> None:
    engine = make_engine(app_env)
    rec = make_recruiter(app_env)
    at = open_staff_page(app_env, "candidates", principal=rec)
    assert at.info[0].value == "你们还没有正在招聘的岗位，请先发布岗位。"
    _local(engine, rec.employer_id, age_min=50, age_max=55)
    _seekers(engine)  # all 30 years old
    at = open_staff_page(app_env, "candidates", principal=make_recruiter(app_env, username="rec2",
                                                                         employer_id=rec.employer_id))
    assert at.info[0].value.startswith("还没有符合这个岗位的登记求职者")
    assert not at.dataframe


def test_english(app_env) -> None:
    engine = make_engine(app_env)
    rec = make_recruiter(app_env)
    _local(engine, rec.employer_id)
    _seekers(engine)
    at = open_staff_page(app_env, "candidates", principal=rec, lang="en")
    table = _table(at)
    assert list(table["Candidate"]) == ["Candidate 1", "Candidate 2"]
    assert table["Why"][0] == "Has the trade: Garment sewing; Expects 4,500 yuan; you offer 5,000–6,500"
    assert table["Rules met"][1] == ("Age 30, within 18–45; Education: Junior middle school; "
                                     "Cannot leave home: nearby work suits")


def test_an_incomplete_profile_shows_not_answered_and_what_is_missing(app_env) -> None:
    from tests.profile_support import register_ticket_only

    engine = make_engine(app_env)
    rec = make_recruiter(app_env)
    _local(engine, rec.employer_id)
    _seekers(engine)
    register_ticket_only(engine, Vault.from_secret(TEST_SECRET), 9, birth=date(local_today().year - 30, 1, 1),
                         answered={"place": {"intention": "nearby", "leave_constraint": "care"},
                                   "education": {"education": "junior"}})
    at = open_staff_page(app_env, "candidates", principal=rec, lang="en")
    assert not at.exception, [e.value for e in at.exception]
    table = _table(at)
    rows = {r["Candidate"]: r for r in table.to_dict("records")}
    assert len(rows) == 3
    incomplete = [r for r in rows.values() if r["Not answered yet"]]
    assert len(incomplete) == 1
    assert incomplete[0]["Not answered yet"] == ("Trades and skills, Expected monthly wage, Skills training, "
                                                 "Registered poor household")
    assert incomplete[0]["Trades"] == "Not answered" and incomplete[0]["Education"] == "Junior middle school"
    assert "None" not in table.to_csv()
    assert any("1 of them have not answered every profile question yet" in c.value for c in at.caption)
