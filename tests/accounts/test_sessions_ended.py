"""Why a recruiter's session ended: the bureau suspended the company (with its note), or something else."""

from __future__ import annotations

import time

import pytest

from services.accounts import passwords
from services.accounts.sessions import end_session, ended_by_employer, session_principal, start_session
from services.accounts.staff import create_user, set_active
from services.recruiting.employers import reinstate_employer, suspend_employer
from tests.factories import make_employer

PW = "a long test passphrase"


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch) -> None:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


def test_a_suspension_is_the_reason_with_the_bureau_s_note(engine) -> None:
    company = make_employer(engine)
    create_user(engine, username="rec", display_name="Rec", role="recruiter", password=PW, employer_id=company)
    create_user(engine, username="boss", display_name="Boss", role="organizer", password=PW)
    exp = time.time() + 600
    live = start_session(engine, username="rec", cookie_exp=exp)
    assert ended_by_employer(engine, session_id=live.session_id) is None  # still signed in
    suspend_employer(engine, employer_id=company, note="拖欠工资", actor="boss")
    assert session_principal(engine, live.session_id) is None
    why = ended_by_employer(engine, session_id=live.session_id)
    assert why is not None and why.status == "suspended" and why.note == "拖欠工资"
    by_cookie = ended_by_employer(engine, username="rec", cookie_exp=exp)  # a reload: found by the cookie
    assert by_cookie is not None and by_cookie.note == "拖欠工资"
    reinstate_employer(engine, employer_id=company, actor="boss")
    assert ended_by_employer(engine, session_id=live.session_id) is None


def test_other_endings_are_not_blamed_on_the_company(engine) -> None:
    company = make_employer(engine)
    create_user(engine, username="rec", display_name="Rec", role="recruiter", password=PW, employer_id=company)
    create_user(engine, username="org", display_name="Org", role="organizer", password=PW)
    signed_out = start_session(engine, username="rec", cookie_exp=time.time() + 600)
    end_session(engine, signed_out.session_id)
    time.sleep(0.01)  # the suspension comes after the sign-out
    suspend_employer(engine, employer_id=company, note="资料不全", actor="org")
    assert ended_by_employer(engine, session_id=signed_out.session_id) is None  # signed out before
    mine = start_session(engine, username="org", cookie_exp=time.time() + 601)
    end_session(engine, mine.session_id)
    assert ended_by_employer(engine, session_id=mine.session_id) is None  # an organizer has no company
    set_active(engine, username="rec", active=False, actor="org")
    assert ended_by_employer(engine, username="rec", cookie_exp=0.0) is None  # no such session
    assert ended_by_employer(engine, session_id="nope") is None
