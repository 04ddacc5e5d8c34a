"""The staff desk page with AppTest: register a person (ticket, channel staff, the worker recorded), the
messages beside the fields keeping what was typed, an ID number registered with another mobile (the
phone change), the open claims list, an incomplete profile, "Next person" forgetting everything, and
who may open it (desk staff and organizers, not recruiters)."""

from __future__ import annotations

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from components.text import literal
from models import AuditEvent, CheckIn, IdentityClaim, Seeker
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.core.i18n import translate
from services.core.reference import CONSENT_TEXT
from services.places.sources import Source, create_site
from services.registration.claims import register_or_claim
from services.registration.register import register_seeker, validate_identity
from services.registration.tickets import format_ticket_code
from tests.apptest_support import visible_text
from tests.auth_support import make_staff, open_staff_page
from tests.conftest import TEST_SECRET
from tests.factories import form, person_id

P = "desk_reg_"
IDENTITY = {"name": "王秀兰", "id_number": person_id(), "phone": "139 1234 5678"}
NEW_PHONE = "18600001112"


def zh(message: str, **values: object) -> str:
    return translate("zh_CN", message, **values)


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _open(url: str, role: str = "desk", **kwargs) -> AppTest:
    return _ok(open_staff_page(url, "desk", role=role, username=f"{role}1", **kwargs))


def _fill(at: AppTest, **overrides: object) -> AppTest:
    values = IDENTITY | overrides
    for field in ("name", "id_number", "phone"):
        at.text_input(key=P + field).input(values[field])
    at.text_input(key=P + "village_query").input("东门村").run()
    _ok(at)
    if at.session_state[P + "place"] != "城关镇/东门村" if P + "place" in at.session_state else True:
        at.button_group(key=P + "village_pick").set_value("城关镇/东门村").run()
    at.checkbox(key=P + "consent").check()
    return at


def _press(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    return _ok(at)


def _rows(url: str, model, *where):
    with unit_of_work(make_engine(url), write=False) as session:
        return list(session.exec(select(model).where(*where)))


def _shows_ticket(at: AppTest, code: str) -> None:
    """The ticket screen: its code (in the slip of components.print_slip, or beside the QR while that is
    a stub) and "Next person"."""
    shown = " ".join([m.value for m in at.markdown]
                     + [str(e.proto) for kind in ("html", "bidi_component") for e in at.get(kind)])
    assert code in shown or format_ticket_code(code) in shown
    assert at.button(key=P + "next_person")


def _errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def test_register_at_the_desk_gives_the_ticket_and_next_person_forgets_everything(app_env) -> None:
    site = create_site(make_engine(app_env), name="幸福家园安置点", code="XFJY", township="城关镇")
    at = _open(app_env)
    assert [t.value for t in at.title] == [zh("Registration desk")]
    assert zh("Where is this desk?") in [s.label for s in at.selectbox]
    at.selectbox(key="desk_place").set_value("site:XFJY").run()
    fresh = visible_text(_ok(at))  # the villages of the site's township are offered first
    _fill(at)
    text = " ".join(visible_text(at))
    assert zh(CONSENT_TEXT) in text  # shown in full, to be read to the person
    _press(at, P + "next")
    assert [t.value for t in at.text][:1] == [zh("{label}: {value}", label=zh("Name"), value="王秀兰")]
    _press(at, P + "confirm")
    (seeker,) = _rows(app_env, Seeker)
    code = format_ticket_code(seeker.ticket_code)
    _shows_ticket(at, seeker.ticket_code)
    (checkin,) = _rows(app_env, CheckIn)
    worker = _rows(app_env, AuditEvent, AuditEvent.action == "desk_consent_read")[0].actor
    assert (checkin.channel, checkin.site_id, worker) == ("staff", site.id, "desk1")
    assert checkin.consent_read_by is not None

    _press(at, P + "next_person")
    assert visible_text(at) == fresh
    personal = ("王秀兰", IDENTITY["id_number"], "13912345678", "139 1234 5678", seeker.ticket_code, code)
    for key, value in at.session_state.items():
        assert not str(key).startswith((P, "reg_pf_")) or not value, key
    everything = " ".join(visible_text(at)) + " ".join(str(v) for v in at.session_state.values())
    assert not [p for p in personal if p in everything]
    assert at.text_input(key=P + "name").value == ""


def test_messages_beside_the_fields_keep_what_was_typed(app_env) -> None:
    at = _open(app_env)
    at.text_input(key=P + "name").input("王秀兰")
    at.text_input(key=P + "id_number").input("53062719800517246")  # one character short
    at.text_input(key=P + "phone").input("1391234")
    _press(at, P + "next")
    errors = _errors(at)
    assert zh("Please choose your village.") in errors
    assert zh("Please read and tick the consent box to register.") in errors
    assert len(errors) == 4  # ID number, mobile, village, consent: each beside its field
    assert at.text_input(key=P + "name").value == "王秀兰"
    assert at.text_input(key=P + "id_number").value == "53062719800517246"
    assert at.text_input(key=P + "phone").value == "1391234"
    assert _rows(app_env, Seeker) == []


def _registered(url: str) -> None:
    vault, engine = Vault.from_secret(TEST_SECRET), make_engine(url)
    from services.core.settings import ROOT
    from services.places.county import load_county

    county = load_county(ROOT / "config" / "county.toml")
    draft = validate_identity(form(phone="13912345678"), county=county)
    register_seeker(engine, vault, draft, source=Source.direct(), submission_id="owner")
    return engine, vault, county


def test_an_id_number_registered_with_another_mobile_changes_the_mobile_after_the_id_card(app_env) -> None:
    _registered(app_env)
    at = _open(app_env)
    _fill(at, phone=NEW_PHONE)
    _press(at, P + "next")
    _press(at, P + "confirm")
    assert len(_rows(app_env, IdentityClaim)) == 1  # recorded; nothing changed
    text = " ".join(visible_text(at))
    assert literal("139****5678") in text and "王秀兰" in text  # escaped: "**" is no emphasis
    cl = P + "cl_"
    assert at.text_input(key=cl + "new_mobile").value == NEW_PHONE
    _press(at, cl + "change_go")  # no tick, no reason: both said beside their fields
    assert zh("Please check the person's ID card first.") in _errors(at)
    assert zh("Please write why the mobile number changes.") in _errors(at)
    assert at.text_input(key=cl + "new_mobile").value == NEW_PHONE
    at.checkbox(key=cl + "id_card").check()
    at.text_input(key=cl + "reason").input("旧手机丢了")
    _press(at, cl + "change_go")
    (seeker,) = _rows(app_env, Seeker)
    assert seeker.phone_masked == "186****1112"
    _shows_ticket(at, seeker.ticket_code)
    assert all(c.reviewed_at is not None for c in _rows(app_env, IdentityClaim))
    (audit,) = _rows(app_env, AuditEvent, AuditEvent.action == "desk_mobile_changed")
    assert (audit.actor, audit.detail["reason"]) == ("desk1", "旧手机丢了")


def test_the_open_claims_list_and_its_mobile_change(app_env) -> None:
    engine, vault, county = _registered(app_env)
    register_or_claim(engine, vault, validate_identity(form(phone=NEW_PHONE, name="王秀兰"), county=county),
                      source=Source.direct(), submission_id="phone")
    at = _open(app_env)
    at.button_group(key="desk_task").set_value("claims").run()
    (claim,) = _rows(app_env, IdentityClaim)
    assert literal("186****1112") in " ".join(visible_text(_ok(at)))
    _press(at, f"desk_cl_pick_{claim.id}")
    at.checkbox(key="desk_cl_id_card").check()
    at.text_input(key="desk_cl_new_mobile").input(NEW_PHONE)
    at.text_input(key="desk_cl_reason").input("换了号码")
    _press(at, "desk_cl_change_go")
    assert _rows(app_env, Seeker)[0].phone_masked == "186****1112"
    assert _rows(app_env, IdentityClaim)[0].reviewed_at is not None
    _press(at, "desk_cl_next_person")
    assert zh("No open claims: nobody is waiting for a mobile change.") in [i.value for i in at.info]


def test_an_incomplete_profile_is_found_and_completed_group_by_group(app_env) -> None:
    _registered(app_env)
    (seeker,) = _rows(app_env, Seeker)
    at = _open(app_env)
    at.button_group(key="desk_task").set_value("profile").run()
    at.text_input(key="desk_pf_query").input("ZZZZ9999")
    _press(at, "desk_pf_find")
    assert zh("No one is registered with this ticket code or ID number.") in _errors(at)
    assert at.text_input(key="desk_pf_query").value == "ZZZZ9999"
    at.text_input(key="desk_pf_query").input(person_id())
    _press(at, "desk_pf_find")
    assert any(zh("Trades and skills") in w.value for w in at.warning)
    key = f"reg_pf_{seeker.ticket_code}_"
    at.button_group(key=key + "education").set_value("junior")
    _press(at, key + "education_save")
    assert _rows(app_env, Seeker)[0].education == "junior"
    assert not any(zh("Education") in w.value.split(":")[-1] for w in at.warning)
    _press(at, "desk_pf_next_person")
    assert at.text_input(key="desk_pf_query").value == ""


@pytest.mark.parametrize("role", ["desk", "organizer"])
def test_desk_staff_and_organizers_open_the_desk(app_env, role) -> None:
    at = _open(app_env, role=role)
    assert [t.value for t in at.title] == [zh("Registration desk")]


def test_recruiters_cannot_open_the_desk(app_env) -> None:
    with pytest.raises(ValueError):
        open_staff_page(app_env, "desk", role="recruiter", username="rec1")


def test_a_desk_account_tied_to_a_site_registers_there_without_choosing(app_env) -> None:
    site = create_site(make_engine(app_env), name="幸福家园安置点", code="XFJY", township="城关镇")
    principal = make_staff(app_env, username="desk9", role="desk")
    with unit_of_work(make_engine(app_env)) as session:
        from models import StaffUser

        session.get(StaffUser, principal.user_id).site_id = site.id
    at = _ok(open_staff_page(app_env, "desk", principal=principal))
    assert not [s for s in at.selectbox if s.key == "desk_place"]
    assert "幸福家园安置点" in " ".join(c.value for c in at.caption)
