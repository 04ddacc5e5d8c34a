"""Giving an account another role (services/accounts/roles.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import time

import pytest
from sqlmodel import select

from models import AuditEvent, StaffUser
from services.accounts import passwords
from services.accounts.roles import LastOrganizerRole, OwnRole, SameRole, change_role
from services.accounts.sessions import session_principal, start_session
from services.accounts.staff import create_user
from services.core.db import unit_of_work
from services.core.errors import FieldErrors
from tests.factories import make_employer

PW = "a long test passphrase"


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch) -> None:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


def _user(engine, username: str) -> StaffUser:
    with unit_of_work(engine, write=False) as session:
        return session.exec(select(StaffUser).where(StaffUser.username == username)).one()


def test_a_new_role_ends_the_sessions_and_is_audited(engine) -> None:
    create_user(engine, username="boss", display_name="Boss", role="organizer", password=PW)
    create_user(engine, username="wang", display_name="Wang", role="desk", password=PW)
    signed_in = start_session(engine, username="wang", cookie_exp=time.time() + 60)
    change_role(engine, username="wang", role="township", township="大河乡", actor="boss")
    wang = _user(engine, "wang")
    assert (wang.role, wang.township, wang.city) == ("township", "大河乡", None)
    assert session_principal(engine, signed_in.session_id) is None  # signs in again with the new menu
    with unit_of_work(engine, write=False) as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "account_role_changed")).all()
    assert event.actor == "boss"
    assert event.detail == {"username": "wang", "from_role": "desk", "role": "township", "township": "大河乡"}


def test_what_ties_an_account_follows_the_role(engine) -> None:
    employer_id = make_employer(engine, serial=71)
    create_user(engine, username="boss", display_name="Boss", role="organizer", password=PW)
    create_user(engine, username="lihua", display_name="Li", role="recruiter", password=PW, employer_id=employer_id)
    with pytest.raises(FieldErrors) as refused:
        change_role(engine, username="lihua", role="township", actor="boss")
    assert set(refused.value.errors) == {"township"}
    with pytest.raises(FieldErrors) as refused:
        change_role(engine, username="lihua", role="workstation", city=" ", actor="boss")
    assert set(refused.value.errors) == {"city"}
    with pytest.raises(FieldErrors) as refused:
        change_role(engine, username="lihua", role="organizer", employer_id=employer_id, actor="boss")
    assert set(refused.value.errors) == {"employer_id"}
    with pytest.raises(SameRole):
        change_role(engine, username="lihua", role="recruiter", employer_id=employer_id, actor="boss")
    assert _user(engine, "lihua").role == "recruiter"  # every refusal changed nothing
    change_role(engine, username="lihua", role="workstation", city=" 宁波市 ", actor="boss")
    li = _user(engine, "lihua")
    assert (li.role, li.employer_id, li.city) == ("workstation", None, "宁波市")


def test_the_last_organizer_keeps_the_role_and_one_s_own_is_confirmed(engine) -> None:
    create_user(engine, username="lena", display_name="Lena", role="organizer", password=PW)
    with pytest.raises(LastOrganizerRole):
        change_role(engine, username="lena", role="desk", actor="lena", own_confirmed=True)
    create_user(engine, username="mike", display_name="Mike", role="organizer", password=PW)
    mine = start_session(engine, username="lena", cookie_exp=time.time() + 60)
    with pytest.raises(OwnRole):
        change_role(engine, username="LENA", role="desk", actor="lena")
    assert _user(engine, "lena").role == "organizer" and session_principal(engine, mine.session_id) is not None
    change_role(engine, username="lena", role="desk", actor="lena", own_confirmed=True)
    assert _user(engine, "lena").role == "desk" and session_principal(engine, mine.session_id) is None
    with pytest.raises(LastOrganizerRole):  # mike is the last one now
        change_role(engine, username="mike", role="desk", actor="mike", own_confirmed=True)
    change_role(engine, username="lena", role="organizer", actor="mike")  # given back by another organizer
    change_role(engine, username="mike", role="desk", actor="lena")  # another organizer's: no question
    assert _user(engine, "mike").role == "desk"
