"""The kiosk part of the fairs-and-sites page (components.kiosk_pin_form) with AppTest: each point's kiosk
link and whether its PIN is set; set a PIN (an easy one is refused beside the field), replace, clear."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from components import routes
from models import AuditEvent
from services.core.db import make_engine, unit_of_work
from services.core.i18n import translator
from services.kiosk.pin_rules import PIN_TOO_EASY
from services.kiosk.pins import check_site_pin, pin_status
from services.places.sources import create_site
from tests.auth_support import open_staff_page

_ = translator("zh_CN")  # the page's language; an id not translated yet is shown as itself

PAGE = str(Path(__file__).resolve().parents[3] / routes.file("fairs"))


def _open(db_url: str) -> AppTest:
    at = open_staff_page(db_url, "fairs")
    if not [w for w in at.text_input if w.key == "fair_name"]:
        at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _kiosks(at: AppTest):
    return next(d.value for d in at.dataframe if _("Kiosk link") in d.value.columns)


def _press(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    button.click()
    return _run(at)


def test_links_pin_status_set_refuse_replace_clear(app_env) -> None:
    engine = make_engine(app_env)
    xingfu = create_site(engine, name="幸福社区安置点", code="XINGFU", township="城关镇")
    create_site(engine, name="东门村登记点", code="DONGMEN", township="城关镇")
    at = _open(app_env)
    table = _kiosks(at)
    assert sorted(table[_("Kiosk link")]) == ["http://localhost:8501/kiosk?site=DONGMEN",
                                              "http://localhost:8501/kiosk?site=XINGFU"]
    assert set(table[_("Kiosk PIN")]) == {_("No PIN")}
    assert _("Pick a registration point above to set its kiosk PIN.") in [c.value for c in at.caption]

    at.selectbox(key="site_pick").set_value(xingfu.id)
    _run(at)
    key = f"kiosk_pin_new_{xingfu.id}"
    assert _("Not set: only an organizer's sign-in leaves kiosk mode at this point.") in [c.value for c in at.caption]
    at.text_input(key=key).input("1234")
    _press(at, _("Set PIN"))
    assert [e.value for e in at.error] == [_(PIN_TOO_EASY)]
    assert at.text_input(key=key).value == "1234"  # kept beside its message
    assert not pin_status(engine, site_code="XINGFU").is_set

    at.text_input(key=key).input("2580")
    _press(at, _("Set PIN"))
    assert not at.error and _("Kiosk PIN saved.") in [s.value for s in at.success]
    assert at.text_input(key=key).value == ""
    status = pin_status(engine, site_code="XINGFU")
    assert status.is_set and status.set_by == "org1"
    check_site_pin(engine, site_code="XINGFU", pin="2580")
    table = _kiosks(at)
    assert dict(zip(table[_("Code")], table[_("Kiosk PIN")], strict=True)) == {"XINGFU": _("PIN set"),
                                                                              "DONGMEN": _("No PIN")}
    assert any(c.value.startswith(_("Set by {who} on {when}.").split("{when}")[0].format(who="org1"))
               for c in at.caption)

    _press(at, _("Clear PIN"))
    assert _("Kiosk PIN cleared.") in [s.value for s in at.success]
    assert not pin_status(engine, site_code="XINGFU").is_set
    with unit_of_work(engine, write=False) as session:
        actions = [(e.actor, e.action) for e in session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
                   if e.action.startswith("kiosk_")]
    assert actions == [("org1", "kiosk_pin_set"), ("org1", "kiosk_pin_cleared")]
