"""Who can open which page: anonymous, recruiter, organizer, disabled account (AppTest)."""

from __future__ import annotations

import pytest

from components import routes
from services.accounts.staff import create_user, set_active
from services.core.db import make_engine
from tests.apptest_support import visible_text
from tests.auth_support import PASSWORD, make_staff, open_anonymous_staff_path, open_staff_page
from tests.factories import make_employer

STAFF_PATHS = ["dashboard", "fairs", "targets", "exports", "accounts", "account", "audit", "reports"]
ORGANIZER_ONLY = ["dashboard", "fairs", "targets", "exports", "accounts", "audit", "reports"]


def _shows_sign_in(at) -> bool:
    return "工作人员登录" in [t.value for t in at.title] and {w.label for w in at.text_input} >= {"用户名", "密码"}


@pytest.mark.parametrize("path", STAFF_PATHS)
def test_anonymous_gets_the_sign_in_form(app_env, path) -> None:
    at = open_anonymous_staff_path(path)
    assert not at.exception
    assert _shows_sign_in(at)
    assert "您没有权限" not in " ".join(visible_text(at))


def test_recruiter_lands_on_its_own_page(app_env) -> None:
    at = open_staff_page(app_env, "account", role="recruiter", username="rec1")
    assert not at.exception
    assert [t.value for t in at.title] == ["我的账号"]


@pytest.mark.parametrize("path", ORGANIZER_ONLY)
def test_recruiter_never_reaches_organizer_pages(app_env, path) -> None:
    with pytest.raises(ValueError, match="not a registered page|not registered|registered"):
        open_staff_page(app_env, path, role="recruiter", username="rec1")


@pytest.mark.parametrize("path", STAFF_PATHS)
def test_organizer_opens_every_staff_page(app_env, path) -> None:
    at = open_staff_page(app_env, path)
    assert not at.exception, [e.value for e in at.exception]
    assert not _shows_sign_in(at)
    assert "您没有权限打开这个页面。" not in [e.value for e in at.error]


def test_desk_staff_get_the_desk_and_their_account_only(app_env) -> None:
    """Issue 11: registration desk staff see the staff desk and their account; no organizer or recruiter page."""
    principal = make_staff(app_env, username="desk1", role="desk")
    at = open_staff_page(app_env, "desk", principal=principal)
    assert not at.exception, [e.value for e in at.exception]
    assert "您没有权限打开这个页面。" not in [e.value for e in at.error]
    for path in [*ORGANIZER_ONLY, "vacancies", "pipeline", "booth"]:
        with pytest.raises(ValueError):
            open_staff_page(app_env, path, principal=principal)


def test_disabled_account_is_signed_out(app_env) -> None:
    engine = make_engine(app_env)
    boss = make_staff(app_env, username="boss")
    victim = make_staff(app_env, username="org2")
    set_active(engine, username="org2", active=False, actor=boss.username)
    at = open_staff_page(app_env, "signin", principal=victim)
    assert _shows_sign_in(at)
    with pytest.raises(ValueError):
        open_staff_page(app_env, "dashboard", principal=victim)


def test_sign_in_with_the_form(app_env) -> None:
    make_staff(app_env, username="org3")
    at = open_anonymous_staff_path("accounts")
    at.text_input[0].input("ORG3")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert "当前用户：县人社局 张科长" in [c.value for c in at.sidebar.caption]
    # the form is hidden, not removed, on this run: its cookie component must still reach the browser
    assert any(".st-key-signin_box { display: none; }" in h.proto.body for h in at.get("html"))
    at.run()
    assert not _shows_sign_in(at)


def test_wrong_password_is_explained_and_limited(app_env) -> None:
    make_staff(app_env, username="org4")
    at = open_anonymous_staff_path("dashboard")
    for _ in range(5):
        at.text_input[0].input("org4")
        at.text_input[1].input("not the password")
        at.button[0].click().run()
        assert "用户名或密码不正确。" in [e.value for e in at.error]
    # Issue 14: growing waits (2 s after the 5th failure, doubling), not a fixed block; so that a slow run
    # cannot outlast the wait, 9 more failures from here make it 15 minutes
    from models import LoginFailure
    from models.base import utcnow
    from services.core.db import unit_of_work

    with unit_of_work(make_engine(app_env)) as session:
        session.add_all([LoginFailure(username="org4", ip_address="", at=utcnow()) for _ in range(9)])
    at.text_input[0].input("org4")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    # the wait in minutes (English until locales/pending/signin.po is folded into the catalog)
    assert any("15" in e.value and ("登录失败次数太多" in e.value or "Too many failed sign-ins" in e.value)
               for e in at.error), [e.value for e in at.error]
    assert _shows_sign_in(at)


def test_public_pages_never_create_the_authenticator(app_env, monkeypatch) -> None:
    import streamlit_authenticator

    def forbidden(*_args, **_kwargs):
        raise AssertionError("authenticator created on a public page")

    monkeypatch.setattr(streamlit_authenticator, "Authenticate", forbidden)
    from tests.apptest_support import open_page

    for page in (None, "register", "ticket"):
        at = open_page(page)
        assert not at.exception


def test_first_run_setup(app_env) -> None:
    at = open_anonymous_staff_path("setup")
    assert "首次设置" in [t.value for t in at.title]
    assert "工作人员登录" not in [t.value for t in at.title]  # no sign-in form above the setup form
    assert [w.label for w in at.text_input] == ["用户名", "姓名", "密码", "再输一次密码"]
    at.text_input[0].input("chief")
    at.text_input[1].input("王局长")
    at.text_input[2].input(PASSWORD)
    at.text_input[3].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert "组织方账号已建好，现在用它登录。" in [s.value for s in at.success]
    at.switch_page(routes.file("setup")).run()  # this session may still see the page: it says setup is done
    assert "组织方账号已建好，现在用它登录。" in [s.value for s in at.success]
    later = open_anonymous_staff_path("dashboard")  # anyone else: no setup page any more
    assert "首次设置" not in [p.label for p in later.page_link]
    with pytest.raises(ValueError):
        later.switch_page(routes.file("setup"))
    engine = make_engine(app_env)
    create_user(engine, username="x1x", display_name="x", role="recruiter", password=PASSWORD,
                employer_id=make_employer(engine))


def test_sign_out_ends_the_server_session(app_env) -> None:
    from services.accounts.sessions import session_principal

    principal = make_staff(app_env, username="org5")
    at = open_staff_page(app_env, "account", principal=principal)
    at.sidebar.button(key="sign_out").click().run()
    assert _shows_sign_in(at)
    assert session_principal(make_engine(app_env), principal.session_id) is None


def test_a_sign_out_press_whose_run_was_cut_short_still_signs_out(app_env) -> None:
    """The button's callback leaves a flag: the next run signs out even when a rerun (the cookie list's)
    cut the press's own run short before it reached the sign-out. The flag goes once it is done."""
    from components.auth import SIGNING_OUT
    from services.accounts.sessions import session_principal

    principal = make_staff(app_env, username="org6")
    at = open_staff_page(app_env, "account", principal=principal)
    assert not _shows_sign_in(at)
    at.session_state[SIGNING_OUT] = True  # what the callback left; the button is false on this run
    at.run()
    assert _shows_sign_in(at)
    assert session_principal(make_engine(app_env), principal.session_id) is None
    assert SIGNING_OUT not in at.session_state
