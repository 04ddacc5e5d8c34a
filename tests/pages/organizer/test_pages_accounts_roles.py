"""The accounts page's "Give an account another role" form (AppTest): a wrong place said beside its field
with the choices kept; one's own role changed only after a question; a change signs the person out."""

from __future__ import annotations

from sqlmodel import select

from models import StaffUser
from services.core.db import make_engine, unit_of_work
from tests.auth_support import make_staff, open_staff_page


def _role(db_url: str, username: str) -> str:
    with unit_of_work(make_engine(db_url), write=False) as session:
        return session.exec(select(StaffUser.role).where(StaffUser.username == username)).one()


def _submit(at, target: str, role: str) -> None:
    [account] = [s for s in at.selectbox if s.key == "role_target"]
    account.set_value(target)
    [new] = [s for s in at.selectbox if s.key == "role_new"]
    new.set_value(role)
    [change] = [b for b in at.button if b.proto.is_form_submitter and "role_account" in b.proto.form_id]
    change.click().run()


def test_a_missing_township_is_said_beside_it_and_the_choices_are_kept(app_env) -> None:
    make_staff(app_env, username="desk1", role="desk")
    at = open_staff_page(app_env, "accounts", username="org1")
    _submit(at, "desk1", "township")
    assert not at.exception
    assert any("乡镇" in e.value for e in at.error), [e.value for e in at.error]
    assert at.selectbox(key="role_target").value == "desk1" and at.selectbox(key="role_new").value == "township"
    assert _role(app_env, "desk1") == "desk"
    at.selectbox(key="role_township").set_value("城关镇")
    [change] = [b for b in at.button if b.proto.is_form_submitter and "role_account" in b.proto.form_id]
    change.click().run()
    assert not at.exception and not at.error
    assert _role(app_env, "desk1") == "township"
    assert any("desk1" in s.value for s in at.success)


def test_giving_one_s_own_account_another_role_is_asked_first(app_env) -> None:
    make_staff(app_env, username="org2")
    at = open_staff_page(app_env, "accounts", username="org1")
    _submit(at, "org1", "desk")
    assert not at.exception and _role(app_env, "org1") == "organizer"
    assert any("自己的账号" in w.value for w in at.warning), [w.value for w in at.warning]
    at.button(key="own_role_no").click().run()
    assert _role(app_env, "org1") == "organizer" and not at.warning
    _submit(at, "org1", "desk")
    at.button(key="own_role_yes").click().run()
    assert not at.exception
    assert _role(app_env, "org1") == "desk"
    assert "工作人员登录" in [t.value for t in at.title]  # signed out at once
