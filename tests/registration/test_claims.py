"""Registering again with a known ID number: same mobile updates, another mobile is a claim
(proof by the previous mobile, limited; staff desk; staff review), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, text
from sqlmodel import select

from models import AuditEvent, CheckIn, ClaimOutcome, IdentityClaim, Seeker, SeekerTrade
from models.base import utcnow
from services.accounts.staff import create_first_organizer
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, StateChanged
from services.places.sources import Source
from services.registration.claims import (
    MAX_PROOF_FAILURES,
    PendingClaim,
    close_claim,
    list_open_claims,
    prove_claim,
    register_or_claim,
    send_to_desk,
)
from services.registration.register import IdentityTaken, RegistrationResult, register_seeker, validate_registration
from tests.factories import form, person_id

TODAY = date(2026, 11, 23)
OWNER_PHONE, OTHER_PHONE = "13912345678", "18600001112"


def _draft(county, **overrides):
    return validate_registration(form(**overrides), county=county, today=TODAY)


def _owner(engine, vault, county) -> RegistrationResult:
    return register_seeker(engine, vault, _draft(county), source=Source.direct(), submission_id="owner")


def _claim(engine, vault, county, *, sid: str = "intruder", ip: str = "10.0.0.7", **overrides):
    values = {"name": "李四", "phone": OTHER_PHONE, "trades": ["welding"], "township": "新街镇",
              "village": "幸福社区"} | overrides
    draft = _draft(county, **values)
    return draft, register_or_claim(engine, vault, draft, source=Source.direct(), submission_id=sid, client_ip=ip)


def _prove(engine, vault, draft, claim: PendingClaim, previous: str, sid: str = "intruder"):
    return prove_claim(engine, vault, draft, claim_id=claim.claim_id, previous_mobile=previous,
                       source=Source.direct(), submission_id=sid)


def _snapshot(engine) -> tuple:
    """Everything of the seeker, their trades and check-ins."""
    with engine.connect() as conn:
        return (conn.execute(text("SELECT * FROM seeker")).all(),
                conn.execute(text("SELECT * FROM seeker_trade ORDER BY trade")).all(),
                conn.execute(text("SELECT count(*) FROM checkin")).scalar_one())


def _claims(engine) -> list[IdentityClaim]:
    with unit_of_work(engine, write=False) as s:
        return list(s.exec(select(IdentityClaim).order_by(IdentityClaim.id)).all())


def test_same_id_same_mobile_updates_and_shows_the_ticket(engine, vault, county) -> None:
    first = _owner(engine, vault, county)
    again = register_or_claim(engine, vault, _draft(county, name="王秀兰", trades=["welding"]),
                              source=Source.direct(), submission_id="again")
    assert isinstance(again, RegistrationResult)
    assert (again.seeker_id, again.ticket_code, again.created) == (first.seeker_id, first.ticket_code, False)
    with unit_of_work(engine, write=False) as s:
        assert s.exec(select(SeekerTrade.trade)).all() == ["welding"]
    assert _claims(engine) == []


def test_other_mobile_changes_nothing_and_records_the_claim(engine, vault, county) -> None:
    owner = _owner(engine, vault, county)
    before = _snapshot(engine)
    draft, outcome = _claim(engine, vault, county)
    assert outcome == PendingClaim(claim_id=outcome.claim_id, phone_end="78", tries_left=MAX_PROOF_FAILURES)
    assert not hasattr(outcome, "ticket_code")
    assert _snapshot(engine) == before  # not the name, phone, trades, nor a check-in
    [claim] = _claims(engine)
    assert claim.seeker_id == owner.seeker_id and claim.submission_id == "intruder"
    assert claim.outcome == ClaimOutcome.REFUSED and claim.proof_failures == 0
    assert claim.client_ip == "10.0.0.7"
    assert claim.created_at.tzinfo is not None and abs(utcnow() - claim.created_at) < timedelta(minutes=1)
    assert claim.phone_hmac == vault.digest("phone", OTHER_PHONE)
    assert vault.decrypt(claim.phone_enc) == OTHER_PHONE and vault.decrypt(claim.name_enc) == "李四"
    # the service itself refuses: a direct register_seeker raises and writes nothing either
    with pytest.raises(IdentityTaken) as exc:
        register_seeker(engine, vault, draft, source=Source.direct(), submission_id="direct")
    assert exc.value.seeker_id == owner.seeker_id
    assert _snapshot(engine) == before


def test_the_claim_row_holds_no_clear_id_phone_or_name(engine, vault, county) -> None:
    _owner(engine, vault, county)
    _claim(engine, vault, county)
    with engine.connect() as conn:
        row = " ".join(str(v) for v in conn.execute(text("SELECT * FROM identity_claim")).one())
    for clear in (person_id(), person_id()[-4:], person_id()[6:14], OWNER_PHONE, OTHER_PHONE, OTHER_PHONE[-4:],
                  "李四"):
        assert clear not in row
    assert vault.digest("id", person_id()) not in row  # whose: the seeker id only


def test_double_tap_on_a_refused_confirm_is_one_claim(engine, vault, county) -> None:
    _owner(engine, vault, county)
    _, a = _claim(engine, vault, county)
    _, b = _claim(engine, vault, county)
    assert a.claim_id == b.claim_id and len(_claims(engine)) == 1
    _, c = _claim(engine, vault, county, phone="18600003333")  # back to edit, another mobile: another attempt
    assert c.claim_id != a.claim_id and len(_claims(engine)) == 2


def test_proof_by_the_previous_mobile_updates_phone_and_profile(engine, vault, county) -> None:
    owner = _owner(engine, vault, county)
    draft, claim = _claim(engine, vault, county)
    result = _prove(engine, vault, draft, claim, "139-1234-5678")
    assert isinstance(result, RegistrationResult)
    assert (result.seeker_id, result.ticket_code, result.created) == (owner.seeker_id, owner.ticket_code, False)
    with unit_of_work(engine, write=False) as s:
        seeker = s.get(Seeker, owner.seeker_id)
        assert vault.decrypt(seeker.phone_enc) == OTHER_PHONE
        assert seeker.phone_hmac == vault.digest("phone", OTHER_PHONE)
        assert (seeker.name, seeker.township) == ("李四", "新街镇")
        assert s.exec(select(SeekerTrade.trade)).all() == ["welding"]
        assert s.exec(select(func.count()).select_from(CheckIn)).one() == 2
        claim_row = s.get(IdentityClaim, claim.claim_id)
        assert claim_row.outcome == ClaimOutcome.PROVEN and claim_row.outcome_at is not None
        audit = s.exec(select(AuditEvent).where(AuditEvent.action == "identity_claim_proven")).one()
        assert audit.detail == {"claim_id": claim.claim_id, "seeker_id": owner.seeker_id}
    # a second tap on the proof button: the same registration, one check-in for this form
    again = _prove(engine, vault, draft, claim, OWNER_PHONE)
    assert isinstance(again, RegistrationResult) and again.ticket_code == owner.ticket_code
    with unit_of_work(engine, write=False) as s:
        assert s.exec(select(func.count()).select_from(CheckIn)).one() == 2
    # the new mobile is the registered one now: registering from it updates as usual
    assert isinstance(register_or_claim(engine, vault, draft, source=Source.direct(), submission_id="later"),
                      RegistrationResult)


def test_wrong_proofs_are_counted_then_only_the_desk_is_left(engine, vault, county) -> None:
    _owner(engine, vault, county)
    before = _snapshot(engine)
    draft, claim = _claim(engine, vault, county)
    for left in range(MAX_PROOF_FAILURES - 1, -1, -1):
        wrong = _prove(engine, vault, draft, claim, "13800000000")
        assert wrong == PendingClaim(claim_id=claim.claim_id, phone_end="78", tries_left=left, wrong=True)
    assert _claims(engine)[0].proof_failures == MAX_PROOF_FAILURES
    # the limit holds even for the right number, and a new attempt (new form) does not reset it
    assert _prove(engine, vault, draft, claim, OWNER_PHONE).tries_left == 0
    draft2, claim2 = _claim(engine, vault, county, sid="second-form")
    assert claim2.tries_left == 0
    assert _prove(engine, vault, draft2, claim2, OWNER_PHONE, sid="second-form").tries_left == 0
    assert _snapshot(engine) == before
    assert _claims(engine)[0].proof_failures == MAX_PROOF_FAILURES  # refusals past the limit are not counted


def test_proof_that_is_not_a_mobile_number_is_a_field_error_and_not_counted(engine, vault, county) -> None:
    _owner(engine, vault, county)
    draft, claim = _claim(engine, vault, county)
    with pytest.raises(FieldErrors) as exc:
        _prove(engine, vault, draft, claim, "12345")
    assert set(exc.value.errors) == {"previous_mobile"}
    assert _claims(engine)[0].proof_failures == 0


def test_proof_with_edited_details_is_refused(engine, vault, county) -> None:
    _owner(engine, vault, county)
    _, claim = _claim(engine, vault, county)
    edited = _draft(county, phone="18600009999")
    with pytest.raises(StateChanged):
        _prove(engine, vault, edited, claim, OWNER_PHONE)


def test_concurrent_wrong_proofs_never_exceed_the_limit(engine, vault, county) -> None:
    _owner(engine, vault, county)
    draft, claim = _claim(engine, vault, county)
    barrier = threading.Barrier(8)
    results, errors = [], []

    def attempt() -> None:
        barrier.wait()
        try:
            results.append(_prove(engine, vault, draft, claim, "13800000000"))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r.wrong for r in results) == MAX_PROOF_FAILURES
    assert _claims(engine)[0].proof_failures == MAX_PROOF_FAILURES


def test_concurrent_registrations_from_two_mobiles_never_take_over(engine, vault, county) -> None:
    _owner(engine, vault, county)
    before = _snapshot(engine)
    barrier = threading.Barrier(10)
    outcomes, errors = [], []

    def submit(i: int) -> None:
        barrier.wait()
        try:
            outcomes.append(_claim(engine, vault, county, sid=f"race-{i}", phone=f"1860000{i:04d}")[1])
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(isinstance(o, PendingClaim) for o in outcomes)
    assert _snapshot(engine) == before
    assert len(_claims(engine)) == 10


def test_staff_desk_and_the_open_claims_list(engine, vault, county) -> None:
    owner = _owner(engine, vault, county)
    _, first = _claim(engine, vault, county, ip="10.0.0.8")
    draft, second = _claim(engine, vault, county, sid="other", phone="18600003333", name="张三")
    send_to_desk(engine, claim_id=first.claim_id)
    shown = list_open_claims(engine, vault)[0]
    assert (shown.seeker_id, shown.ticket_code, shown.registered_name) == (owner.seeker_id, owner.ticket_code,
                                                                         "王秀兰")
    assert (shown.claimed_name, shown.claimed_mobile, shown.client_ip) == ("李四", "186****1112", "10.0.0.8")
    _prove(engine, vault, draft, second, OWNER_PHONE, sid="other")
    send_to_desk(engine, claim_id=second.claim_id)  # a proven claim stays proven
    open_claims = list_open_claims(engine, vault)
    assert [(c.claim_id, c.outcome) for c in open_claims] == [(first.claim_id, "desk"),
                                                               (second.claim_id, "proven")]
    staff = create_first_organizer(engine, username="admin", display_name="管理员",
                                   password="Correct-Horse-Battery-9")
    close_claim(engine, claim_id=first.claim_id, staff_id=staff.id)
    assert [c.claim_id for c in list_open_claims(engine, vault)] == [second.claim_id]
    with pytest.raises(StateChanged):
        close_claim(engine, claim_id=first.claim_id, staff_id=staff.id)
    with unit_of_work(engine, write=False) as s:
        audit = s.exec(select(AuditEvent).where(AuditEvent.action == "identity_claim_reviewed")).one()
    assert audit.actor == "admin" and audit.detail["claim_id"] == first.claim_id


def test_first_registration_racing_from_two_mobiles_gives_one_owner(engine, vault, county) -> None:
    barrier = threading.Barrier(2)
    outcomes, errors = {}, []

    def submit(phone: str) -> None:
        barrier.wait()
        try:
            outcomes[phone] = register_or_claim(engine, vault, _draft(county, phone=phone), source=Source.direct(),
                                                submission_id=phone)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(p,)) for p in (OWNER_PHONE, OTHER_PHONE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    [winner] = [p for p, o in outcomes.items() if isinstance(o, RegistrationResult)]
    [loser] = [p for p, o in outcomes.items() if isinstance(o, PendingClaim)]
    assert outcomes[winner].created and outcomes[loser].phone_end == winner[-2:]
    with unit_of_work(engine, write=False) as s:
        assert vault.decrypt(s.exec(select(Seeker)).one().phone_enc) == winner
