"""Sign-in limits in the database (SQLite and PostgreSQL): per user, per address across user names, per
pair; growing waits counted from the last failure; a wait refuses without checking the password."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from models import LoginFailure
from models.base import utcnow
from services.accounts import passwords
from services.accounts.signin import KEEP, SignInRefused, check_sign_in, failures_in_window
from services.accounts.signin_policy import ADDRESS, PAIR, USER
from services.accounts.staff import create_user, reset_password
from services.core.db import unit_of_work

PW = "a long test passphrase"
WRONG = "not the password"


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch) -> None:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


def _fail(engine, username: str, ip: str, now, times: int = 1) -> None:
    for _ in range(times):
        assert check_sign_in(engine, username=username, password=WRONG, ip=ip, now=now) is None


def _rows(engine) -> int:
    with unit_of_work(engine, write=False) as session:
        return session.exec(select(func.count()).select_from(LoginFailure)).one()


def test_waits_grow_from_the_last_failure_and_are_capped(engine) -> None:
    create_user(engine, username="ann", display_name="Ann", role="organizer", password=PW)
    now = utcnow()
    _fail(engine, "ann", "198.51.100.1", now, PAIR.free)
    waits = []
    for _ in range(12):  # each failure as soon as allowed: the wait doubles up to the cap
        with pytest.raises(SignInRefused) as refused:
            check_sign_in(engine, username="ann", password=PW, ip="198.51.100.1", now=now)
        waits.append(refused.value.wait_seconds)
        now += timedelta(seconds=refused.value.wait_seconds)
        _fail(engine, "ann", "198.51.100.1", now)
    assert waits == [2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]
    # half-way through a wait, what is left is said
    with pytest.raises(SignInRefused) as refused:
        check_sign_in(engine, username="ann", password=PW, ip="198.51.100.1", now=now + timedelta(seconds=600))
    assert refused.value.wait_seconds == 300 and refused.value.values == {"minutes": 5}


def test_a_wait_refuses_without_checking_the_password(engine, monkeypatch) -> None:
    create_user(engine, username="ben", display_name="Ben", role="organizer", password=PW)
    now = utcnow()
    _fail(engine, "ben", "198.51.100.2", now, PAIR.free)
    checked = []
    monkeypatch.setattr("services.accounts.signin.verify_password", lambda *a: checked.append(a) or True)
    before = _rows(engine)
    for password in (PW, WRONG):
        with pytest.raises(SignInRefused) as refused:
            check_sign_in(engine, username="ben", password=password, ip="198.51.100.2", now=now)
        assert refused.value.values == {"seconds": PAIR.base}
    assert checked == [] and _rows(engine) == before  # not checked, not counted


def test_spraying_from_one_address_is_slowed_across_user_names(engine) -> None:
    create_user(engine, username="cat", display_name="Cat", role="organizer", password=PW)
    now = utcnow()
    for i in range(ADDRESS.free):  # one password tried against many (mostly unknown) names
        _fail(engine, f"user{i}", "203.0.113.66", now)
    with pytest.raises(SignInRefused):  # a name never tried before, from that address
        check_sign_in(engine, username="cat", password=PW, ip="203.0.113.66", now=now)
    assert check_sign_in(engine, username="cat", password=PW, ip="203.0.113.1", now=now) is not None  # elsewhere
    # signing in to one's own account there does not reset the address's count
    with pytest.raises(SignInRefused):
        check_sign_in(engine, username="user0", password=WRONG, ip="203.0.113.66", now=now)
    then = now + timedelta(seconds=ADDRESS.base)
    assert check_sign_in(engine, username="cat", password=PW, ip="203.0.113.66", now=then) is not None
    _fail(engine, "user1", "203.0.113.66", then)  # the 21st failure from there: the next waits 2 s
    with pytest.raises(SignInRefused) as refused:
        check_sign_in(engine, username="user1", password=WRONG, ip="203.0.113.66", now=then)
    assert refused.value.wait_seconds == 2 * ADDRESS.base
    # an hour without a failure and the address is forgiven
    assert check_sign_in(engine, username="user1", password=WRONG, ip="203.0.113.66",
                         now=now + timedelta(hours=1, seconds=2)) is None


def test_the_real_user_is_slowed_only_mildly_by_guessing_elsewhere(engine) -> None:
    create_user(engine, username="dan", display_name="Dan", role="organizer", password=PW)
    now = utcnow()
    for i in range(60):  # a botnet: one failure from each of many addresses, each as soon as allowed
        try:
            _fail(engine, "dan", f"192.0.2.{i}", now)
        except SignInRefused as refused:
            now += timedelta(seconds=refused.wait_seconds)
            _fail(engine, "dan", f"192.0.2.{i}", now)
    with pytest.raises(SignInRefused) as refused:
        check_sign_in(engine, username="dan", password=PW, ip="10.8.8.8", now=now)
    assert refused.value.wait_seconds <= USER.cap
    user = check_sign_in(engine, username="dan", password=PW, ip="10.8.8.8", now=now + timedelta(seconds=USER.cap))
    assert user is not None
    # the success forgave the user's failures: the next typo costs nothing
    later = now + timedelta(seconds=USER.cap + 1)
    _fail(engine, "dan", "10.8.8.8", later)
    assert check_sign_in(engine, username="dan", password=PW, ip="10.8.8.8", now=later) is not None
    assert failures_in_window(engine, "dan", now=later) == 0


def test_unknown_names_and_wrong_passwords_are_answered_alike(engine) -> None:
    create_user(engine, username="eve", display_name="Eve", role="organizer", password=PW)
    now = utcnow()
    for name in ("eve", "nobody-here"):
        assert check_sign_in(engine, username=name, password=WRONG, ip="198.51.100.9", now=now) is None
        _fail(engine, name, "198.51.100.10", now, PAIR.free)
        with pytest.raises(SignInRefused) as refused:  # the same wait for a name that does not exist
            check_sign_in(engine, username=name, password=WRONG, ip="198.51.100.10", now=now)
        assert refused.value.wait_seconds == PAIR.base


def test_ipv6_clients_are_counted_by_their_64(engine) -> None:
    create_user(engine, username="fay", display_name="Fay", role="organizer", password=PW)
    now = utcnow()
    for i in range(PAIR.free):  # a new address of the same /64 at every try
        _fail(engine, "fay", f"2001:db8:5:6::{i + 1:x}", now)
    with pytest.raises(SignInRefused):
        check_sign_in(engine, username="fay", password=PW, ip="2001:db8:5:6::99", now=now)
    assert check_sign_in(engine, username="fay", password=PW, ip="2001:db8:5:7::1", now=now) is not None


def test_old_failures_are_pruned_and_a_reset_forgives_the_user(engine) -> None:
    create_user(engine, username="gus", display_name="Gus", role="organizer", password=PW)
    long_ago = utcnow() - KEEP - timedelta(minutes=1)
    _fail(engine, "gus", "198.51.100.20", long_ago, 3)
    now = utcnow()
    _fail(engine, "gus", "198.51.100.21", now, PAIR.free)
    assert _rows(engine) == PAIR.free  # the day-old ones went with the next failure
    reset_password(engine, username="gus", new_password="a brand new phrase", actor="admin")
    assert check_sign_in(engine, username="gus", password="a brand new phrase", ip="198.51.100.21",
                         now=now) is not None
    assert _rows(engine) == PAIR.free  # kept for the address's count
