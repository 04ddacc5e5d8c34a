"""Sign-in pages (AppTest): a recruiter whose company the bureau suspends is told why on their next run;
the wait after too many failures is said beside the form; a copied cookie after sign-out is refused."""

from __future__ import annotations

from services.core.db import make_engine
from services.recruiting.employers import suspend_employer
from tests.auth_support import make_recruiter, open_staff_page

NOTE = "拖欠工资，暂停参会"


def test_a_suspended_company_s_recruiter_is_told_why(app_env) -> None:
    recruiter = make_recruiter(app_env, username="rec1", serial=31)
    at = open_staff_page(app_env, "employer", principal=recruiter)
    assert [t.value for t in at.title] == ["本单位信息"]
    suspend_employer(make_engine(app_env), employer_id=recruiter.employer_id, note=NOTE, actor="boss")
    at.run()  # the recruiter's next run: signed out, and told why
    assert not at.exception
    assert "工作人员登录" in [t.value for t in at.title]
    [said] = [e.value for e in at.error]
    assert "贵单位的账号已被县人社局暂停" in said and f"原因：{NOTE}" in said
    at.run()  # still said on the sign-in form until someone signs in
    assert any(NOTE in e.value for e in at.error)


def test_a_recruiter_signed_out_by_hand_is_not_told_about_the_company(app_env) -> None:
    recruiter = make_recruiter(app_env, username="rec2", serial=32)
    at = open_staff_page(app_env, "employer", principal=recruiter)
    at.button(key="sign_out").click().run()
    assert "工作人员登录" in [t.value for t in at.title] and not at.error
    suspend_employer(make_engine(app_env), employer_id=recruiter.employer_id, note=NOTE, actor="boss")
    at.run()
    assert not at.error


def _choose_own_account(at, username: str) -> None:
    [target] = [s for s in at.selectbox if username in s.options]
    target.set_value(username)
    at.radio[0].set_value("disable")
    [apply] = [b for b in at.button if b.proto.is_form_submitter and "change_account" in b.proto.form_id]
    apply.click().run()


def test_an_organizer_disabling_their_own_account_is_asked_first(app_env) -> None:
    from sqlmodel import select

    from models import StaffUser
    from services.core.db import unit_of_work
    from tests.auth_support import make_staff

    make_staff(app_env, username="org2")  # another organizer: disabling oneself is allowed, once confirmed
    at = open_staff_page(app_env, "accounts", username="org1")
    _choose_own_account(at, "org1")
    assert not at.exception
    [warning] = [w.value for w in at.warning]
    assert "own account" in warning or "自己的账号" in warning

    def active() -> bool:
        with unit_of_work(make_engine(app_env), write=False) as session:
            return session.exec(select(StaffUser.active).where(StaffUser.username == "org1")).one()

    assert active()
    at.button(key="own_disable_no").click().run()  # kept: nothing happened, the question is gone
    assert active() and not at.warning
    _choose_own_account(at, "org1")
    at.button(key="own_disable_yes").click().run()
    assert not at.exception
    assert not active()
    assert "工作人员登录" in [t.value for t in at.title]  # signed out at once


def test_the_wait_is_said_beside_the_form(app_env) -> None:
    from datetime import timedelta

    from models import LoginFailure
    from models.base import utcnow
    from services.core.db import unit_of_work
    from tests.auth_support import PASSWORD, make_staff, open_anonymous_staff_path

    make_staff(app_env, username="org1")
    now = utcnow()
    with unit_of_work(make_engine(app_env)) as session:  # 14 failures in a row from here: 15 minutes
        for i in range(14):
            session.add(LoginFailure(username="org1", ip_address="", at=now - timedelta(seconds=14 - i)))
    at = open_anonymous_staff_path("dashboard")
    at.text_input[0].input("org1")
    at.text_input[1].input(PASSWORD)  # the right password: not even checked during the wait
    at.button[0].click().run()
    assert not at.exception
    said = [e.value for e in at.error]
    assert any("15" in e and ("分钟" in e or "minute" in e) for e in said), said
    assert "工作人员登录" in [t.value for t in at.title]  # still signed out
    make_staff(app_env, username="org2")
    for name in ("org2", "nobody"):  # a wrong password or an unknown name: the same words
        fresh = open_anonymous_staff_path("dashboard")
        fresh.text_input[0].input(name)
        fresh.text_input[1].input("not the password at all")
        fresh.button[0].click().run()
        assert [e.value for e in fresh.error] == ["用户名或密码不正确。"]
