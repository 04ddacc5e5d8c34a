"""Employer pages (AppTest): the public /join form, the organizers' vetting page, "our company",
the sign-in message for a company still waiting, and the recruiter account form."""

from __future__ import annotations

import re

from sqlmodel import select

from models import Employer, StaffUser
from services.accounts import passwords
from services.core.db import make_engine, unit_of_work
from services.core.validation import make_credit_code
from services.recruiting.employer_queries import get_employer
from services.recruiting.employer_validation import EmployerForm
from services.recruiting.employers import sign_up_employer
from tests.apptest_support import click, open_page, visible_text
from tests.auth_support import PASSWORD, make_recruiter, open_anonymous_staff_path, open_staff_page
from tests.factories import make_employer

CODE = make_credit_code("330784", 777)
XSS = "<img src=x onerror=alert(1)>[x](javascript:alert(1))"


def _sign_up(db_url: str, *, username: str = "yongkang", name: str = "永康市五金制品有限公司",
             serial: int = 777) -> int:
    passwords.BCRYPT_ROUNDS = 4
    form = EmployerForm(name=name, credit_code=make_credit_code("330784", serial), province="浙江省",
                        city="永康市", industry="manufacturing", contact_name="陈经理", contact_phone="13812345678")
    return sign_up_employer(make_engine(db_url), form=form, username=username, display_name="陈招聘",
                            password=PASSWORD).id


def _fill_join(at, **values: str) -> None:
    for field, value in values.items():
        if field in {"province", "industry"}:
            at.selectbox(key=f"join_{field}").set_value(value)
        else:
            at.text_input(key=f"join_{field}").input(value)


def test_join_shows_errors_beside_fields_keeps_input_then_succeeds(app_env) -> None:
    passwords.BCRYPT_ROUNDS = 4
    at = open_page("join")
    assert "用人单位注册：来我县招聘会招工" in [t.value for t in at.title]
    _fill_join(at, name="永康市五金制品有限公司", credit_code=CODE[:-1] + ("1" if CODE[-1] != "1" else "2"),
               province="浙江省", city="东莞市", industry="manufacturing", contact_name="陈经理",
               contact_phone="0579-123", username="yongkang", display_name="陈招聘", password=PASSWORD,
               password_repeat=PASSWORD + "x")
    click(at, "提交审核")
    errors = [e.value for e in at.error]
    assert "这个城市不在所选的省份。" in errors
    assert "请填写11位手机号，或带区号的座机号，例如 0769-22334455。" in errors
    assert "两次输入的密码不一样。" in errors
    assert "统一社会信用代码校验不通过，请逐位核对。" in errors
    assert at.text_input(key="join_name").value == "永康市五金制品有限公司"  # everything typed is kept
    assert at.selectbox(key="join_province").value == "浙江省"
    assert at.text_input(key="join_username").value == "yongkang"
    with unit_of_work(make_engine(app_env), write=False) as session:
        assert session.exec(select(Employer)).all() == []
    _fill_join(at, credit_code=CODE.lower(), city="永康", contact_phone="0579-87654321",
               password_repeat=PASSWORD)
    click(at, "提交审核")
    assert [s.value for s in at.success] == ["已收到！县人社局会审核贵单位，审核通过后即可登录。"]
    assert not at.error
    with unit_of_work(make_engine(app_env), write=False) as session:
        employer = session.exec(select(Employer)).one()
        user = session.exec(select(StaffUser)).one()
    assert (employer.status, employer.credit_code, employer.city, employer.contact_phone) == (
        "pending", CODE, "永康市", "0579-87654321")
    assert (user.username, user.role, user.employer_id) == ("yongkang", "recruiter", employer.id)


def test_waiting_company_gets_its_own_message_only_with_the_right_password(app_env) -> None:
    _sign_up(app_env)
    at = open_anonymous_staff_path("employer")
    at.text_input[0].input("yongkang")
    at.text_input[1].input("not the password")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["用户名或密码不正确。"]
    at.text_input[0].input("yongkang")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["贵单位的注册正在等待县人社局审核，审核通过后即可登录。"]
    assert "工作人员登录" in [t.value for t in at.title]  # still signed out


def test_organizer_approves_and_rejects_and_the_recruiter_can_sign_in(app_env) -> None:
    first = _sign_up(app_env)
    second = _sign_up(app_env, username="badco", name=XSS, serial=778)
    at = open_staff_page(app_env, "employers")
    assert not at.exception, [e.value for e in at.exception]
    assert "待审核（2家）" in [s.value for s in at.subheader]
    markdown = " ".join(m.value for m in at.markdown)
    assert not re.search(r"(?<!\\)<img", markdown) and "](javascript" not in markdown  # shown as literal text
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in markdown  # literal() escapes "=" too
    at.button(key=f"emp_no_{second}").click().run()  # a rejection needs a reason
    assert "请写明原因，单位会看到。" in [e.value for e in at.error]
    at.text_input(key=f"emp_note_{second}").input("营业执照无法核实")
    at.button(key=f"emp_no_{second}").click().run()
    at.button(key=f"emp_ok_{first}").click().run()
    assert not at.exception
    assert "待审核（0家）" in [s.value for s in at.subheader]
    engine = make_engine(app_env)
    assert (get_employer(engine, first).status, get_employer(engine, first).reviewed_by) == ("approved", "org1")
    assert (get_employer(engine, second).status, get_employer(engine, second).status_note) == (
        "rejected", "营业执照无法核实")
    table = at.dataframe[0].value
    assert sorted(table["单位"]) == sorted(["永康市五金制品有限公司", XSS])
    assert dict(zip(table["单位"], table["状态"], strict=True))["永康市五金制品有限公司"] == "已通过"
    # now the recruiter signs in with the form
    signin = open_anonymous_staff_path("employer")
    signin.text_input[0].input("yongkang")
    signin.text_input[1].input(PASSWORD)
    signin.button[0].click().run()
    assert not signin.error
    assert "当前用户：陈招聘" in [c.value for c in signin.sidebar.caption]


def test_suspended_company_session_ends(app_env) -> None:
    recruiter = make_recruiter(app_env, username="rec1", serial=11)
    at = open_staff_page(app_env, "employer", principal=recruiter)
    assert [t.value for t in at.title] == ["本单位信息"]
    organizer = open_staff_page(app_env, "employers", username="boss")
    organizer.selectbox(key="emp_change").set_value(recruiter.employer_id).run()
    organizer.text_input(key=f"emp_note_{recruiter.employer_id}").input("拖欠工资，暂停参会")
    organizer.button(key="emp_suspend").click().run()
    assert get_employer(make_engine(app_env), recruiter.employer_id).status == "suspended"
    at.run()  # the recruiter's next rerun: signed out
    assert "工作人员登录" in [t.value for t in at.title]


def test_recruiter_sees_only_its_own_company_and_edits_the_contact(app_env) -> None:
    engine = make_engine(app_env)
    other = make_employer(engine, name="深圳市别家科技有限公司", serial=22)
    make_recruiter(app_env, username="otherrec", employer_id=other)
    mine = make_recruiter(app_env, username="rec1", employer_name="东莞市华丰电子有限公司", serial=21)
    make_recruiter(app_env, username="rec2", employer_id=mine.employer_id)
    at = open_staff_page(app_env, "employer", principal=mine)
    assert not at.exception, [e.value for e in at.exception]
    text = " ".join(visible_text(at)) + " ".join(str(v) for d in at.dataframe for v in d.value.to_numpy().ravel())
    assert "东莞市华丰电子有限公司" in text and "rec2" in text and "招聘专员 rec2" in text
    assert "深圳市别家科技有限公司" not in text and "otherrec" not in text
    assert at.text_input(key="emp_contact_contact_phone").value == "0769-22334455"
    at.text_input(key="emp_contact_contact_phone").input("123")
    click(at, "保存联系人")
    assert "请填写11位手机号，或带区号的座机号，例如 0769-22334455。" in [e.value for e in at.error]
    assert at.text_input(key="emp_contact_contact_phone").value == "123"
    at.text_input(key="emp_contact_contact_phone").input("139 8765 4321")
    click(at, "保存联系人")
    assert "联系人已保存。" in [s.value for s in at.success]
    assert get_employer(engine, mine.employer_id).contact_phone == "13987654321"
    assert get_employer(engine, other).contact_phone == "0769-22334455"


def test_accounts_page_puts_a_recruiter_in_an_approved_company(app_env) -> None:
    engine = make_engine(app_env)
    approved = make_employer(engine, name="佛山市家具有限公司", serial=31)
    make_employer(engine, name="待审核的公司", serial=32, status="pending")
    at = open_staff_page(app_env, "accounts")
    company = at.selectbox[1]
    assert company.options == ["佛山市家具有限公司"]  # only approved companies are offered
    at.text_input[0].input("fsrec")
    at.text_input[1].input("何招聘")
    at.selectbox[0].set_value("recruiter")
    at.text_input[3].input(PASSWORD)
    click(at, "创建账号")
    assert any("招聘人员账号必须属于一家单位" in e.value for e in at.error)  # no company chosen
    at.selectbox[1].set_value(approved)
    click(at, "创建账号")
    assert not at.error, [e.value for e in at.error]
    with unit_of_work(engine, write=False) as session:
        user = session.exec(select(StaffUser).where(StaffUser.username == "fsrec")).one()
    assert (user.role, user.employer_id) == ("recruiter", approved)


def test_accounts_page_creates_desk_staff_of_a_site(app_env) -> None:
    """Issue 11: a registration desk account, optionally tied to a site; only desk accounts take a site."""
    from services.places.sources import create_site

    engine = make_engine(app_env)
    site = create_site(engine, name="幸福家园安置点", code="XFJY", township="城关镇")
    at = open_staff_page(app_env, "accounts")
    at.text_input[0].input("desk7")
    at.text_input[1].input("李老师")
    at.selectbox[0].set_value("desk")
    at.selectbox[2].set_value(site.id)
    at.text_input[3].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with unit_of_work(engine, write=False) as session:
        user = session.exec(select(StaffUser).where(StaffUser.username == "desk7")).one()
    assert (user.role, user.site_id, user.employer_id) == ("desk", site.id, None)


def test_rejected_company_is_told_why_as_literal_text(app_env) -> None:
    from services.recruiting.employers import reject_employer

    employer_id = _sign_up(app_env)
    reject_employer(make_engine(app_env), employer_id=employer_id, note=XSS, actor="org1")
    at = open_anonymous_staff_path("employer")
    at.text_input[0].input("yongkang")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    [message] = [e.value for e in at.error]
    assert message.startswith("贵单位的注册未通过县人社局审核，请与人社局联系。 原因：")
    assert not re.search(r"(?<!\\)<img", message) and "](javascript" not in message


def test_join_in_english(app_env) -> None:
    at = open_page("join", lang="en")
    assert [t.value for t in at.title] == ["Employers: sign up to recruit at our fairs"]
    labels = [w.label for w in (*at.text_input, *at.selectbox)]
    assert "Unified social credit code (18 characters)" in labels
    assert not [label for label in labels if re.search(r"[\u4e00-\u9fff]", label)]
    assert "Zhejiang" in at.selectbox(key="join_province").options
