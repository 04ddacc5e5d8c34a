"""The staff desk's services on SQLite and PostgreSQL: registering at the desk (channel staff, the worker
and the consent recorded), the mobile change after checking the ID card (audited, claims closed, the old
mobile finds the person no more), finding a person, and who may use the desk (not recruiters)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from models import AuditEvent, CheckIn, IdentityClaim, Seeker, SourceKind
from services.accounts import passwords
from services.accounts.staff import create_user
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, StateChanged
from services.places.sources import Source, create_site
from services.registration.claims import PendingClaim, list_open_claims, register_or_claim
from services.registration.desk import DeskRefused, count_open_claims, desk_worker, find_person, register_at_desk
from services.registration.desk_mobile import change_mobile
from services.registration.register import RegistrationResult, register_seeker, validate_identity
from services.registration.tickets import find_ticket
from tests.factories import form, make_employer, person_id

TODAY = date(2026, 11, 23)
OWNER_PHONE, NEW_PHONE = "13912345678", "18600001112"
PASSWORD = "a long test passphrase"


@pytest.fixture(autouse=True)
def _fast_hashes(monkeypatch) -> None:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


def _staff(engine, username: str = "desk1", role: str = "desk", **extra) -> int:
    user = create_user(engine, username=username, display_name="安置点 李老师", role=role, password=PASSWORD,
                       **extra)
    assert user.id is not None
    return user.id


def _draft(county, **overrides):
    return validate_identity(form(**overrides), county=county, today=TODAY)


def _rows(engine, model, *where):
    with unit_of_work(engine, write=False) as session:
        return list(session.exec(select(model).where(*where)))


def test_desk_registration_is_channel_staff_from_the_workers_site_with_the_consent_recorded(
        engine, vault, county) -> None:
    site = create_site(engine, name="幸福家园安置点", code="XFJY", township="城关镇")
    staff_id = _staff(engine, site_id=site.id)
    worker = desk_worker(engine, staff_id)
    assert worker.site is not None and worker.site.site_id == site.id
    chosen = Source(SourceKind.FAIR, fair_id=None, name="ignored")  # a tied desk is always its site
    result = register_at_desk(engine, vault, _draft(county), staff_id=staff_id, source=chosen, submission_id="d1")
    assert isinstance(result, RegistrationResult) and result.created
    again = register_at_desk(engine, vault, _draft(county), staff_id=staff_id, submission_id="d1")  # a double tap
    assert again == result
    (checkin,) = _rows(engine, CheckIn)
    assert (checkin.channel, checkin.site_id, checkin.consent_read_by) == ("staff", site.id, staff_id)
    (seeker,) = _rows(engine, Seeker)
    assert (seeker.source_kind, seeker.first_site_id) == ("site", site.id)
    (audit,) = _rows(engine, AuditEvent, AuditEvent.action == "desk_consent_read")
    assert audit.actor == "desk1" and audit.detail["seeker_id"] == result.seeker_id
    assert OWNER_PHONE not in str(audit.detail)


def test_an_organizer_at_the_desk_chooses_the_place_or_registers_direct(engine, vault, county) -> None:
    staff_id = _staff(engine, "org1", role="organizer")
    site = create_site(engine, name="幸福家园安置点", code="XFJY", township="城关镇")
    chosen = Source(SourceKind.SITE, site_id=site.id, name=site.name)
    register_at_desk(engine, vault, _draft(county), staff_id=staff_id, source=chosen, submission_id="d1")
    register_at_desk(engine, vault, _draft(county, id_number=person_id(1), phone="13900000001"),
                     staff_id=staff_id, submission_id="d2")
    checkins = sorted(_rows(engine, CheckIn), key=lambda c: c.submission_id)
    assert [(c.site_id, c.channel, c.consent_read_by) for c in checkins] == [
        (site.id, "staff", staff_id), (None, "staff", staff_id)]


def test_recruiters_and_disabled_accounts_cannot_use_the_desk(engine, vault, county) -> None:
    recruiter = _staff(engine, "rec1", role="recruiter", employer_id=make_employer(engine))
    with pytest.raises(DeskRefused):
        register_at_desk(engine, vault, _draft(county), staff_id=recruiter, submission_id="r1")
    with pytest.raises(DeskRefused):
        find_person(engine, vault, staff_id=recruiter, query="ABCD2345")
    assert _rows(engine, Seeker) == []
    with pytest.raises(DeskRefused):
        desk_worker(engine, 999)


def test_only_a_desk_account_works_for_a_site(engine) -> None:
    site = create_site(engine, name="幸福家园安置点", code="XFJY", township="城关镇")
    with pytest.raises(FieldErrors) as refused:
        _staff(engine, "org2", role="organizer", site_id=site.id)
    assert set(refused.value.errors) == {"site_id"}


def _taken(engine, vault, county, staff_id: int):
    """The person registered from OWNER_PHONE; at the desk with NEW_PHONE: a claim, nothing changed."""
    owner = register_seeker(engine, vault, _draft(county), source=Source.direct(), submission_id="owner")
    draft = _draft(county, phone=NEW_PHONE, name="王秀兰")
    claim = register_at_desk(engine, vault, draft, staff_id=staff_id, submission_id="desk")
    assert isinstance(claim, PendingClaim)
    return owner, draft, claim


def test_the_mobile_change_after_checking_the_id_card(engine, vault, county) -> None:
    staff_id = _staff(engine)
    owner, draft, _claim = _taken(engine, vault, county, staff_id)
    # an earlier claim from a phone, sent to the desk
    register_or_claim(engine, vault, _draft(county, phone="18600009999"), source=Source.direct(),
                      submission_id="phone", client_ip="10.0.0.7")
    assert len(list_open_claims(engine, vault)) == 2 == count_open_claims(engine)
    assert find_ticket(engine, vault, phone=OWNER_PHONE, id_last4=person_id()[-4:]).ticket is not None

    changed = change_mobile(engine, vault, staff_id=staff_id, seeker_id=owner.seeker_id, new_mobile=NEW_PHONE,
                            reason="旧手机丢了", id_card_checked=True, draft=draft, submission_id="desk")
    assert changed.ticket_code == owner.ticket_code
    assert (changed.old_masked, changed.new_masked) == ("139****5678", "186****1112")
    assert changed.registration is not None and not changed.registration.created
    assert find_ticket(engine, vault, phone=OWNER_PHONE, id_last4=person_id()[-4:]).ticket is None
    found = find_ticket(engine, vault, phone=NEW_PHONE, id_last4=person_id()[-4:]).ticket
    assert found is not None and found.code == owner.ticket_code
    assert list_open_claims(engine, vault) == [] and count_open_claims(engine) == 0
    assert all(c.reviewed_by == staff_id for c in _rows(engine, IdentityClaim))  # kept, reviewed
    (audit,) = _rows(engine, AuditEvent, AuditEvent.action == "desk_mobile_changed")
    assert audit.actor == "desk1"
    assert audit.detail == {"seeker_id": owner.seeker_id, "old_mobile": "139****5678",
                            "new_mobile": "186****1112", "reason": "旧手机丢了", "claims": audit.detail["claims"]}
    assert len(audit.detail["claims"]) == 2 and OWNER_PHONE not in str(audit.detail)
    desk_checkin = _rows(engine, CheckIn, CheckIn.submission_id == "desk")
    assert [(c.channel, c.consent_read_by) for c in desk_checkin] == [("staff", staff_id)]
    (seeker,) = _rows(engine, Seeker)
    assert vault.decrypt(seeker.phone_enc) == NEW_PHONE and seeker.phone_masked == "186****1112"


def test_the_mobile_change_from_the_open_claims_list(engine, vault, county) -> None:
    staff_id = _staff(engine)
    owner = register_seeker(engine, vault, _draft(county), source=Source.direct(), submission_id="owner")
    register_or_claim(engine, vault, _draft(county, phone=NEW_PHONE), source=Source.direct(), submission_id="p")
    (claim,) = list_open_claims(engine, vault)
    changed = change_mobile(engine, vault, staff_id=staff_id, seeker_id=claim.seeker_id, new_mobile=NEW_PHONE,
                            reason="换了号码", id_card_checked=True)
    assert changed.registration is None and changed.claims_closed == (claim.claim_id,)
    assert len(_rows(engine, CheckIn)) == 1  # the owner's; no check-in without a desk registration
    assert find_ticket(engine, vault, phone=NEW_PHONE, id_last4=person_id()[-4:]).ticket.code == owner.ticket_code


@pytest.mark.parametrize("ticked, mobile, reason, wrong", [
    (False, NEW_PHONE, "旧手机丢了", {"id_card"}),
    (True, NEW_PHONE, "   ", {"reason"}),
    (True, "123", "旧手机丢了", {"new_mobile"}),
    (True, OWNER_PHONE, "旧手机丢了", {"new_mobile"}),  # the registered one already
    (False, "", "", {"id_card", "new_mobile", "reason"}),
])
def test_the_mobile_change_needs_the_id_card_tick_a_new_mobile_and_a_reason(
        engine, vault, county, ticked, mobile, reason, wrong) -> None:
    staff_id = _staff(engine)
    owner, draft, _claim = _taken(engine, vault, county, staff_id)
    with pytest.raises(FieldErrors) as refused:
        change_mobile(engine, vault, staff_id=staff_id, seeker_id=owner.seeker_id, new_mobile=mobile,
                      reason=reason, id_card_checked=ticked, draft=draft, submission_id="desk")
    assert set(refused.value.errors) == wrong
    (seeker,) = _rows(engine, Seeker)
    assert vault.decrypt(seeker.phone_enc) == OWNER_PHONE  # nothing changed
    assert len(list_open_claims(engine, vault)) == 1
    assert _rows(engine, AuditEvent, AuditEvent.action == "desk_mobile_changed") == []


def test_the_mobile_change_refuses_another_persons_draft_and_recruiters(engine, vault, county) -> None:
    staff_id = _staff(engine)
    owner, _draft_, _claim = _taken(engine, vault, county, staff_id)
    other = _draft(county, id_number=person_id(3), phone=NEW_PHONE)
    with pytest.raises(StateChanged):
        change_mobile(engine, vault, staff_id=staff_id, seeker_id=owner.seeker_id, new_mobile=NEW_PHONE,
                      reason="x", id_card_checked=True, draft=other, submission_id="desk")
    recruiter = _staff(engine, "rec1", role="recruiter", employer_id=make_employer(engine))
    with pytest.raises(DeskRefused):
        change_mobile(engine, vault, staff_id=recruiter, seeker_id=owner.seeker_id, new_mobile=NEW_PHONE,
                      reason="x", id_card_checked=True)
    (seeker,) = _rows(engine, Seeker)
    assert vault.decrypt(seeker.phone_enc) == OWNER_PHONE


def test_find_a_person_by_ticket_code_or_id_number(engine, vault, county) -> None:
    staff_id = _staff(engine)
    owner = register_seeker(engine, vault, _draft(county), source=Source.direct(), submission_id="owner")
    by_code = find_person(engine, vault, staff_id=staff_id, query=owner.ticket_code.lower())
    by_id = find_person(engine, vault, staff_id=staff_id, query=person_id())
    assert by_code == by_id
    assert by_code.phone_masked == "139****5678" and by_code.name == "王秀兰"
    assert by_code.missing == ("trades", "place", "education", "wage", "training", "poor_household")
    for query in ("", "ZZZZ9999", person_id(5), person_id()[:-1] + "0"):
        with pytest.raises(FieldErrors) as refused:
            find_person(engine, vault, staff_id=staff_id, query=query)
        assert set(refused.value.errors) == {"query"}, query
