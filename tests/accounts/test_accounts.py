"""Staff accounts, sign-in limits and server-side sessions, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy.engine import make_url

from models.base import utcnow
from services.accounts import passwords
from services.accounts.sessions import end_session, session_for_cookie, session_principal, start_session
from services.accounts.signin import SignInRefused, check_sign_in, credentials_for_authenticator
from services.accounts.signin_policy import PAIR, USER
from services.accounts.staff import (
    AccountExists,
    LastOrganizer,
    SetupDone,
    WrongPassword,
    change_password,
    create_first_organizer,
    create_user,
    organizer_exists,
    reset_password,
    set_active,
)
from services.core.db import make_engine
from services.core.errors import FieldErrors
from tests.factories import make_employer

PW = "a long test passphrase"


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch) -> None:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


def test_create_and_sign_in(engine) -> None:
    create_user(engine, username=" Alice ", display_name="李主任", role="organizer", password=PW)
    assert check_sign_in(engine, username="ALICE", password=PW).username == "alice"
    assert check_sign_in(engine, username="alice", password="wrong password") is None
    assert check_sign_in(engine, username="nobody", password=PW) is None
    with pytest.raises(AccountExists):
        create_user(engine, username="alice", display_name="x", role="recruiter", password=PW)
    creds = credentials_for_authenticator(engine)["usernames"]
    assert creds["alice"]["roles"] == ["organizer"] and creds["alice"]["password"].startswith("$2")


@pytest.mark.parametrize("password", ["short", "password", "12345678", "qwertyuiop", "bob-the-builder-99"])
def test_password_policy(engine, password) -> None:
    with pytest.raises(FieldErrors) as refused:  # every wrong field at once, the password's beside its field
        create_user(engine, username="bob", display_name="Bob", role="recruiter", password=password)
    assert set(refused.value.errors) == {"password"}


def test_long_passphrases_and_no_composition_rules(engine) -> None:
    long_one = "我们县的招聘会每年春天都在广场举行" * 4  # 64 characters, no digits or symbols
    create_user(engine, username="carol", display_name="Carol", role="recruiter", password=long_one,
                employer_id=make_employer(engine))
    assert check_sign_in(engine, username="carol", password=long_one) is not None
    assert check_sign_in(engine, username="carol", password=long_one[:-1] + "场") is None


def test_failures_from_one_place_slow_only_that_place(engine) -> None:
    """Issue 14 changed this on purpose: growing waits instead of a 15-minute block of the right password
    (more in tests/accounts/test_signin_limits.py)."""
    create_user(engine, username="dave", display_name="Dave", role="recruiter", password=PW,
                employer_id=make_employer(engine))
    now = utcnow()
    for _ in range(PAIR.free):
        assert check_sign_in(engine, username="dave", password="guess guess", ip="10.9.9.9", now=now) is None
    with pytest.raises(SignInRefused) as refused:
        check_sign_in(engine, username="dave", password=PW, ip="10.9.9.9", now=now)
    assert refused.value.wait_seconds == PAIR.base
    assert check_sign_in(engine, username="dave", password=PW, ip="10.1.1.1", now=now) is not None  # the real user
    later = now + timedelta(seconds=PAIR.base)
    assert check_sign_in(engine, username="dave", password=PW, ip="10.9.9.9", now=later) is not None


def test_many_places_slow_down_but_never_lock_forever(engine) -> None:
    create_user(engine, username="erin", display_name="Erin", role="recruiter", password=PW,
                employer_id=make_employer(engine))
    now = utcnow()
    refused_during = 0
    for i in range(USER.free + 1):
        try:
            check_sign_in(engine, username="erin", password="nope nope", ip=f"10.0.0.{i}", now=now)
        except SignInRefused:
            refused_during += 1
    assert refused_during == 1  # the 11th try came too soon after the 10th failure
    with pytest.raises(SignInRefused) as refused:
        check_sign_in(engine, username="erin", password=PW, ip="10.1.1.1", now=now)
    assert refused.value.wait_seconds == USER.base  # a delay, not a lockout
    assert check_sign_in(engine, username="erin", password=PW, ip="10.1.1.1",
                         now=now + timedelta(seconds=USER.base)) is not None


def test_limit_is_shared_by_two_app_servers(engine) -> None:
    """Two engines on one database stand for two app servers."""
    create_user(engine, username="frank", display_name="Frank", role="recruiter", password=PW,
                employer_id=make_employer(engine))
    other_server = make_engine(engine.url.render_as_string(hide_password=False))
    now = utcnow()
    for i in range(PAIR.free):
        server = engine if i % 2 else other_server
        check_sign_in(server, username="frank", password="wrong wrong", ip="10.2.2.2", now=now)
    for server in (engine, other_server):
        with pytest.raises(SignInRefused):
            check_sign_in(server, username="frank", password=PW, ip="10.2.2.2", now=now)
    other_server.dispose()


def test_sessions_end_on_sign_out_expiry_disable_and_reset(engine) -> None:
    create_user(engine, username="gina", display_name="Gina", role="organizer", password=PW)
    create_user(engine, username="hank", display_name="Hank", role="organizer", password=PW)
    exp = time.time() + 3600
    s1 = start_session(engine, username="gina", cookie_exp=exp)
    assert session_principal(engine, s1.session_id).username == "gina"
    assert session_for_cookie(engine, username="gina", cookie_exp=exp).session_id == s1.session_id
    end_session(engine, s1.session_id)
    assert session_principal(engine, s1.session_id) is None
    assert session_for_cookie(engine, username="gina", cookie_exp=exp) is None  # replayed cookie refused
    s2 = start_session(engine, username="gina", cookie_exp=exp + 1)
    assert session_principal(engine, s2.session_id, now=utcnow() + timedelta(hours=12, seconds=1)) is None
    set_active(engine, username="gina", active=False, actor="hank")
    assert session_principal(engine, s2.session_id) is None
    set_active(engine, username="gina", active=True, actor="hank")
    s3 = start_session(engine, username="gina", cookie_exp=exp + 2)
    reset_password(engine, username="gina", new_password="another long phrase", actor="hank")
    assert session_principal(engine, s3.session_id) is None
    assert check_sign_in(engine, username="gina", password="another long phrase") is not None


def test_last_organizer_cannot_be_disabled(engine) -> None:
    create_user(engine, username="ivy", display_name="Ivy", role="organizer", password=PW)
    with pytest.raises(LastOrganizer):
        set_active(engine, username="ivy", active=False, actor="ivy")


def test_change_own_password(engine) -> None:
    create_user(engine, username="jack", display_name="Jack", role="recruiter", password=PW,
                employer_id=make_employer(engine))
    here = start_session(engine, username="jack", cookie_exp=time.time() + 10)
    elsewhere = start_session(engine, username="jack", cookie_exp=time.time() + 20)
    with pytest.raises(WrongPassword):
        change_password(engine, principal=here, current="not it at all", new="brand new phrase")
    change_password(engine, principal=here, current=PW, new="brand new phrase")
    assert session_principal(engine, here.session_id) is not None
    assert session_principal(engine, elsewhere.session_id) is None


def test_first_organizer_only_once_even_in_a_race(engine) -> None:
    assert not organizer_exists(engine)
    results: list[object] = []

    def attempt(i: int) -> None:
        try:
            results.append(create_first_organizer(engine, username=f"boss{i}", display_name="局长", password=PW))
        except SetupDone as exc:
            results.append(exc)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(not isinstance(r, SetupDone) for r in results) == 1
    assert organizer_exists(engine)
    assert make_url(engine.url)  # engine still usable


def test_cli_creates_staff(tmp_path, monkeypatch, capsys) -> None:
    from services.cli.commands import main
    from services.core.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PORTAL_NEW_PASSWORD", PW)
    get_settings.cache_clear()
    try:
        main(["create-staff", "--username", "Zhang", "--name", "张科长"])
        assert "已创建组织方（人社局）账号 zhang" in capsys.readouterr().out  # in the portal's language
        monkeypatch.setenv("PORTAL_NEW_PASSWORD", "password")
        monkeypatch.setenv("PORTAL_LANGUAGE", "en")
        get_settings.cache_clear()
        # a refusal is one line in the portal's language on stderr, exit status 1 (issue 8)
        assert main(["create-staff", "--username", "liwei", "--name", "李伟"]) == 1
        assert "too common" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


def test_refusals_are_portal_errors_and_form_errors_are_field_errors() -> None:
    from services.accounts.signin import EmployerNotApproved
    from services.core.errors import PortalError

    for refused in (SetupDone(), LastOrganizer(), SignInRefused(61), EmployerNotApproved("pending", "资料不全")):
        assert isinstance(refused, PortalError) and not isinstance(refused, FieldErrors)
    assert SignInRefused(61).values == {"minutes": 2}
    assert SignInRefused(59).values == {"seconds": 59}
    assert EmployerNotApproved("pending", "资料不全").note == "资料不全"
    assert AccountExists().errors == {"username": "This user name is taken."}
    assert WrongPassword().errors == {"current": "The current password is wrong."}


def test_a_new_account_reports_every_wrong_field(engine) -> None:
    with pytest.raises(FieldErrors) as bad:
        create_user(engine, username="x", display_name=" ", role="organizer", password="short")
    assert list(bad.value.errors) == ["username", "display_name", "password"]
    with pytest.raises(FieldErrors) as bad:
        create_first_organizer(engine, username="boss", display_name="", password="boss and his long phrase")
    assert set(bad.value.errors) == {"display_name", "password"}  # the password holds the user name
    assert not organizer_exists(engine)


def test_account_services_compose_in_one_transaction(engine) -> None:
    from services.core.db import unit_of_work

    create_user(engine, username="lead", display_name="Lead", role="organizer", password=PW)
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        create_user(session, username="newbie", display_name="New", role="organizer", password=PW, actor="lead")
        set_active(session, username="newbie", active=False, actor="lead")
        raise RuntimeError("a later step failed")
    assert "newbie" not in credentials_for_authenticator(engine)["usernames"]
    with unit_of_work(engine) as session:
        create_user(session, username="newbie", display_name="New", role="organizer", password=PW, actor="lead")
        set_active(session, username="newbie", active=False, actor="lead")
    assert "newbie" not in credentials_for_authenticator(engine)["usernames"]  # created, then disabled
    with pytest.raises(AccountExists):
        create_user(engine, username="newbie", display_name="New", role="organizer", password=PW)


def test_a_wrong_current_password_counts_as_a_failed_sign_in(engine) -> None:
    from services.accounts.signin import failures_in_window

    create_user(engine, username="kate", display_name="Kate", role="organizer", password=PW)
    here = start_session(engine, username="kate", cookie_exp=time.time() + 10)
    with pytest.raises(WrongPassword):
        change_password(engine, principal=here, current="not it at all", new="brand new phrase")
    assert failures_in_window(engine, "kate") == 1
    with pytest.raises(FieldErrors) as bad:  # right current password, refused new one: nothing changes
        change_password(engine, principal=here, current=PW, new="password")
    assert set(bad.value.errors) == {"new"}
    assert check_sign_in(engine, username="kate", password=PW) is not None


def test_unknown_accounts_are_not_found(engine) -> None:
    from services.core.errors import NotFound

    with pytest.raises(NotFound):
        set_active(engine, username="ghost", active=False, actor="x")
    with pytest.raises(NotFound):
        start_session(engine, username="ghost", cookie_exp=time.time())


def test_disabling_ones_own_account_needs_a_confirmation(engine) -> None:
    from services.accounts.staff import OwnAccount

    create_user(engine, username="lena", display_name="Lena", role="organizer", password=PW)
    create_user(engine, username="mike", display_name="Mike", role="organizer", password=PW)
    mine = start_session(engine, username="lena", cookie_exp=time.time() + 60)
    with pytest.raises(OwnAccount):
        set_active(engine, username="LENA", active=False, actor="lena")
    assert session_principal(engine, mine.session_id) is not None  # nothing changed
    set_active(engine, username="lena", active=False, actor="lena", own_confirmed=True)
    assert session_principal(engine, mine.session_id) is None
    with pytest.raises(LastOrganizer):  # confirmed or not, the last active organizer stays
        set_active(engine, username="mike", active=False, actor="mike", own_confirmed=True)
    set_active(engine, username="lena", active=True, actor="mike")
    set_active(engine, username="lena", active=False, actor="mike")  # another organizer's: no question
