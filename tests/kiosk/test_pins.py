"""Kiosk PINs on SQLite and PostgreSQL: set/clear (hashed, audited), checked with the shared failure limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from models import AuditEvent, KioskPin, KioskPinFailure
from models.base import utcnow
from services.accounts import passwords
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, NotFound
from services.kiosk.pin_rules import PIN_TOO_EASY
from services.kiosk.pins import (
    MAX_FAILURES,
    NoPinSet,
    PinLocked,
    WrongPin,
    check_site_pin,
    clear_site_pin,
    failures_in_window,
    kiosk_url,
    pin_status,
    record_kiosk_exit,
    set_site_pin,
    site_pins,
)
from services.places.sources import create_site


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch) -> None:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


@pytest.fixture
def site(engine, county):
    return create_site(engine, code="XINGFU", name="幸福社区安置点", township=county.townships[0].name, county=county)


def _audit(engine) -> list[AuditEvent]:
    with unit_of_work(engine, write=False) as session:
        return list(session.exec(select(AuditEvent).order_by(AuditEvent.id)).all())


def test_set_check_and_clear(engine, site) -> None:
    assert not pin_status(engine, site_code="xingfu").is_set
    with pytest.raises(NoPinSet):
        check_site_pin(engine, site_code="XINGFU", pin="2580")
    status = set_site_pin(engine, site_code="xingfu", pin="2580", actor="li")
    assert status.is_set and status.set_by == "li"
    with unit_of_work(engine, write=False) as session:
        row = session.get(KioskPin, site.id)
        assert row is not None and row.pin_hash.startswith("$2") and "2580" not in row.pin_hash
    check_site_pin(engine, site_code="XINGFU", pin="2580")
    check_site_pin(engine, site_code="XINGFU", pin="２５８０")  # full-width digits from a Chinese keyboard
    assert {k: (v.site_code, v.set_by) for k, v in site_pins(engine).items()} == {site.id: ("XINGFU", "li")}
    assert pin_status(engine, site_code="XINGFU").set_by == "li"
    clear_site_pin(engine, site_code="XINGFU", actor="wang")
    assert not pin_status(engine, site_code="XINGFU").is_set
    with pytest.raises(NoPinSet):
        check_site_pin(engine, site_code="XINGFU", pin="2580")
    assert [(e.actor, e.action, e.detail["site"]) for e in _audit(engine)] == [
        ("li", "kiosk_pin_set", "XINGFU"), ("wang", "kiosk_pin_cleared", "XINGFU")]


def test_easy_pin_refused_beside_the_field(engine, site) -> None:
    with pytest.raises(FieldErrors) as refused:
        set_site_pin(engine, site_code="XINGFU", pin="1234", actor="li")
    assert refused.value.errors == {"pin": PIN_TOO_EASY}
    assert not pin_status(engine, site_code="XINGFU").is_set


def test_unknown_site(engine) -> None:
    with pytest.raises(NotFound):
        check_site_pin(engine, site_code="NOPE", pin="2580")


def test_wrong_pins_count_down_then_lock(engine, site) -> None:
    set_site_pin(engine, site_code="XINGFU", pin="2580", actor="li")
    now = utcnow()
    for n in range(1, MAX_FAILURES):
        with pytest.raises(WrongPin) as wrong:
            check_site_pin(engine, site_code="XINGFU", pin="1397", client_ip="10.0.0.5", now=now + timedelta(seconds=n))
        assert wrong.value.tries_left == MAX_FAILURES - n
        assert wrong.value.values == {"tries": MAX_FAILURES - n}
    with pytest.raises(PinLocked) as locked:
        check_site_pin(engine, site_code="XINGFU", pin="1397", now=now + timedelta(seconds=MAX_FAILURES))
    assert locked.value.minutes == 15
    assert failures_in_window(engine, site_code="XINGFU", now=now + timedelta(seconds=10)) == MAX_FAILURES
    # even the right PIN is refused while locked, and says how long to wait
    with pytest.raises(PinLocked) as locked:
        check_site_pin(engine, site_code="XINGFU", pin="2580", now=now + timedelta(minutes=10))
    assert locked.value.minutes == 6
    # once the oldest failure is 15 minutes old, the PIN works again and the count is cleared
    check_site_pin(engine, site_code="XINGFU", pin="2580", now=now + timedelta(minutes=15, seconds=2))
    assert failures_in_window(engine, site_code="XINGFU", now=now + timedelta(minutes=15, seconds=3)) == 0


def test_the_locking_wrong_pin_says_the_real_wait(engine, site) -> None:
    """Five wrong PINs spread over ten minutes: the fifth says about 5 minutes, not 15 (the first ages out then)."""
    set_site_pin(engine, site_code="XINGFU", pin="2580", actor="li")
    now = utcnow()
    for n in range(MAX_FAILURES - 1):
        with pytest.raises(WrongPin):
            check_site_pin(engine, site_code="XINGFU", pin="1397", now=now + timedelta(minutes=n * 2.5))
    with pytest.raises(PinLocked) as locked:
        check_site_pin(engine, site_code="XINGFU", pin="1397", now=now + timedelta(minutes=10))
    assert locked.value.minutes == 6  # 5 minutes and a second, in whole minutes (as every later refusal says)
    with pytest.raises(PinLocked) as locked:
        check_site_pin(engine, site_code="XINGFU", pin="2580", now=now + timedelta(minutes=14.5))
    assert locked.value.minutes == 1
    check_site_pin(engine, site_code="XINGFU", pin="2580", now=now + timedelta(minutes=15, seconds=2))


def test_failures_are_shared_through_the_database(engine, site) -> None:
    """Two app servers (two engines on one database) count the same wrong PINs."""
    from services.core.db import make_engine

    other = make_engine(str(engine.url.render_as_string(hide_password=False)))
    try:
        set_site_pin(engine, site_code="XINGFU", pin="2580", actor="li")
        for target in (engine, other, engine):
            with pytest.raises(WrongPin):
                check_site_pin(target, site_code="XINGFU", pin="0001")
        with pytest.raises(WrongPin) as wrong:
            check_site_pin(other, site_code="XINGFU", pin="0001")
        assert wrong.value.tries_left == 1
    finally:
        other.dispose()


def test_setting_a_new_pin_lifts_the_lock(engine, site) -> None:
    set_site_pin(engine, site_code="XINGFU", pin="2580", actor="li")
    for _ in range(MAX_FAILURES):
        with pytest.raises((WrongPin, PinLocked)):
            check_site_pin(engine, site_code="XINGFU", pin="0001")
    with pytest.raises(PinLocked):
        check_site_pin(engine, site_code="XINGFU", pin="2580")
    set_site_pin(engine, site_code="XINGFU", pin="3691", actor="li")
    check_site_pin(engine, site_code="XINGFU", pin="3691")
    with unit_of_work(engine, write=False) as session:
        assert session.exec(select(KioskPinFailure)).all() == []
    assert [e.detail["replaced"] for e in _audit(engine)] == [False, True]


def test_exit_is_audited(engine, site) -> None:
    record_kiosk_exit(engine, site_code="xingfu", method="pin", client_ip="10.0.0.5")
    record_kiosk_exit(engine, site_code="XINGFU", method="organizer", actor="li")
    assert [(e.actor, e.action, e.detail) for e in _audit(engine)] == [
        ("kiosk_pin", "kiosk_exit", {"site": "XINGFU", "method": "pin", "ip": "10.0.0.5"}),
        ("li", "kiosk_exit", {"site": "XINGFU", "method": "organizer", "ip": ""})]


def test_kiosk_url() -> None:
    assert kiosk_url("https://jobs.example.cn/", "xingfu") == "https://jobs.example.cn/kiosk?site=XINGFU"
