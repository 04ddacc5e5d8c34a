"""register_seeker and validate_registration, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from datetime import date

import pytest
from sqlalchemy import func, text
from sqlmodel import select

from models import CheckIn, Seeker, SeekerTrade
from services.core.db import unit_of_work
from services.core.errors import FieldErrors
from services.places.sources import Source, create_fair, create_site
from services.registration.register import register_seeker, validate_registration
from tests.factories import form, person_id

TODAY = date(2026, 11, 23)


def _count(engine, model, *where) -> int:
    with unit_of_work(engine, write=False) as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


def _fair_source(engine, code: str = "SPRING26") -> Source:
    fair = create_fair(engine, name="春风行动招聘会", code=code, township="城关镇")
    return Source(kind="fair", fair_id=fair.id, name=fair.name, township=fair.township, code=fair.code)


def test_register_creates_seeker_with_derived_age_gender(engine, vault, county) -> None:
    draft = validate_registration(form(), county=county, today=TODAY)
    result = register_seeker(engine, vault, draft, source=_fair_source(engine), submission_id="s1")
    assert result.created
    with unit_of_work(engine, write=False) as s:
        seeker = s.get(Seeker, result.seeker_id)
        assert seeker.ticket_code == result.ticket_code
        assert (seeker.birth_date, seeker.gender) == (date(1980, 5, 17), "F")
        assert not hasattr(seeker, "id_masked")  # no part of the number in clear (migration 0009)
        assert seeker.id_last4_hmac and person_id()[-4:] not in seeker.id_last4_hmac
        assert vault.decrypt(seeker.id_enc) == person_id()
        assert vault.decrypt(seeker.phone_enc) == "13912345678"
        assert seeker.consent_version and seeker.consented_at.tzinfo is not None
        assert sorted(s.exec(select(SeekerTrade.trade)).all()) == ["cleaning", "garment_sewing"]
        assert seeker.source_kind == "fair"


def test_personal_numbers_are_not_stored_in_clear(engine, vault, county) -> None:
    draft = validate_registration(form(), county=county, today=TODAY)
    register_seeker(engine, vault, draft, source=Source.direct(), submission_id="s1")
    with engine.connect() as conn:
        row = " ".join(str(v) for v in conn.execute(text("SELECT * FROM seeker")).one())
    assert person_id() not in row and "13912345678" not in row
    assert vault.digest("id", person_id()) in row  # found again through the keyed digest only


def test_register_again_updates_and_keeps_ticket(engine, vault, county) -> None:
    fair = _fair_source(engine)
    first = register_seeker(engine, vault, validate_registration(form(), county=county, today=TODAY),
                            source=fair, submission_id="s1")
    site = create_site(engine, name="幸福社区安置点", code="XINGFU", township="新街镇")
    again = validate_registration(form(phone="13912345678", id_number=person_id().lower(), trades=["welding"],
                                       township="新街镇", village="幸福社区"), county=county, today=TODAY)
    second = register_seeker(engine, vault, again, source=Source(kind="site", site_id=site.id),
                             submission_id="s2")
    assert (second.seeker_id, second.ticket_code, second.created) == (first.seeker_id, first.ticket_code, False)
    assert _count(engine, Seeker) == 1
    assert _count(engine, CheckIn) == 2
    with unit_of_work(engine, write=False) as s:
        seeker = s.get(Seeker, first.seeker_id)
        assert vault.decrypt(seeker.phone_enc) == "13912345678"  # another mobile is a claim (test_claims)
        assert seeker.township == "新街镇"
        assert seeker.source_kind == "fair"  # where they first came from is kept
        assert s.exec(select(SeekerTrade.trade)).all() == ["welding"]


def test_double_submit_of_one_form_is_one_checkin(engine, vault, county) -> None:
    draft = validate_registration(form(), county=county, today=TODAY)
    source = _fair_source(engine)
    a = register_seeker(engine, vault, draft, source=source, submission_id="same")
    b = register_seeker(engine, vault, draft, source=source, submission_id="same")
    assert a.ticket_code == b.ticket_code
    assert a.created and b.created  # a double tap on confirm says "registered", not "registered before"
    c = register_seeker(engine, vault, draft, source=source, submission_id="another")
    assert not c.created  # a new form for the same person: registered before
    assert (_count(engine, Seeker), _count(engine, CheckIn)) == (1, 2)


@pytest.mark.parametrize("same_submission", [True, False])
def test_twenty_threads_registering_one_person_make_one_seeker(engine, vault, county, same_submission) -> None:
    draft = validate_registration(form(), county=county, today=TODAY)
    source = _fair_source(engine)
    barrier = threading.Barrier(20)
    results, errors = [], []

    def submit(i: int) -> None:
        barrier.wait()
        try:
            sid = "one-form" if same_submission else f"form-{i}"
            results.append(register_seeker(engine, vault, draft, source=source, submission_id=sid))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({r.ticket_code for r in results}) == 1
    # one form submitted 20 times created the seeker every time; 20 forms: one created it
    assert sum(r.created for r in results) == (20 if same_submission else 1)
    assert _count(engine, Seeker) == 1
    assert _count(engine, CheckIn) == (1 if same_submission else 20)


def test_checkins_are_counted_per_fair(engine, vault, county) -> None:
    spring = _fair_source(engine, "SPRING26")
    week = _fair_source(engine, "WEEK26")
    for i in range(3):
        draft = validate_registration(form(id_number=person_id(i)), county=county, today=TODAY)
        register_seeker(engine, vault, draft, source=spring, submission_id=uuid.uuid4().hex)
    draft = validate_registration(form(id_number=person_id(0)), county=county, today=TODAY)
    register_seeker(engine, vault, draft, source=week, submission_id=uuid.uuid4().hex)
    assert _count(engine, CheckIn, CheckIn.fair_id == spring.fair_id) == 3
    assert _count(engine, CheckIn, CheckIn.fair_id == week.fair_id) == 1
    assert _count(engine, Seeker) == 3


def test_invalid_form_reports_every_field(county) -> None:
    with pytest.raises(FieldErrors) as exc:
        validate_registration(form(name="", id_number="36042619910102009X", phone="12345", education=None,
                                   intention="abroad", consent=False), county=county, today=TODAY)
    assert set(exc.value.errors) == {"name", "id_number", "phone", "education", "intention", "consent"}


def test_place_rules(county) -> None:
    with pytest.raises(FieldErrors) as exc:
        validate_registration(form(township=None, village=None), county=county, today=TODAY)
    assert set(exc.value.errors) == {"village"}  # one question on the form, one message
    with pytest.raises(FieldErrors) as exc:
        validate_registration(form(township="城关镇", village="大河村"), county=county, today=TODAY)
    assert "village" in exc.value.errors
    with pytest.raises(FieldErrors) as exc:
        validate_registration(form(township="__other__", village="__other__", village_other=""),
                              county=county, today=TODAY)
    assert "village" in exc.value.errors
    draft = validate_registration(form(township="__other__", village="__other__", village_other=" 外县 小寨 "),
                                  county=county, today=TODAY)
    assert (draft.township, draft.village) == ("", "外县 小寨")


def test_optional_wage_and_trades(county) -> None:
    draft = validate_registration(form(expected_wage=None, trades=[]), county=county, today=TODAY)
    assert draft.expected_wage is None and draft.trades == ()
    with pytest.raises(FieldErrors) as exc:
        validate_registration(form(expected_wage=-5, trades=["astronaut"]), county=county, today=TODAY)
    assert set(exc.value.errors) == {"expected_wage", "trades"}


def test_registrations_compose_in_the_callers_transaction(engine, vault, county) -> None:
    """register_seeker given a session joins its transaction: all of it commits, or none of it."""
    source = _fair_source(engine)
    drafts = [validate_registration(form(id_number=person_id(n)), county=county, today=TODAY) for n in (1, 2)]
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        for n, draft in enumerate(drafts):
            register_seeker(session, vault, draft, source=source, submission_id=f"r{n}")
        raise RuntimeError("the caller's next step failed")
    assert _count(engine, Seeker) == 0 and _count(engine, CheckIn) == 0 and _count(engine, SeekerTrade) == 0
    with unit_of_work(engine) as session:
        results = [register_seeker(session, vault, d, source=source, submission_id=f"c{n}")
                   for n, d in enumerate(drafts)]
    assert all(r.created for r in results) and _count(engine, Seeker) == 2 and _count(engine, CheckIn) == 2


def test_a_taken_ticket_code_is_drawn_again_inside_the_transaction(engine, vault, county, monkeypatch) -> None:
    """A new code that is taken already (rare) fails on a savepoint: the caller's transaction goes on."""
    from services.registration import register as module

    source = _fair_source(engine)
    first = register_seeker(engine, vault, validate_registration(form(), county=county, today=TODAY),
                            source=source, submission_id="a")
    codes = iter([first.ticket_code, first.ticket_code, "ZZZZ9999"])
    monkeypatch.setattr(module, "new_ticket_code", lambda: next(codes))
    second = validate_registration(form(id_number=person_id(3)), county=county, today=TODAY)
    with unit_of_work(engine) as session:
        result = register_seeker(session, vault, second, source=source, submission_id="b")
        assert session.get(Seeker, first.seeker_id) is not None  # the transaction is still usable
    assert result.created and result.ticket_code == "ZZZZ9999"
    assert _count(engine, Seeker) == 2 and _count(engine, CheckIn) == 2
    codes = iter([first.ticket_code, "ZZZZ8888"])  # in a unit of work of its own: run again
    third = validate_registration(form(id_number=person_id(4)), county=county, today=TODAY)
    result = register_seeker(engine, vault, third, source=source, submission_id="c")
    assert result.created and result.ticket_code == "ZZZZ8888"
    assert _count(engine, Seeker) == 3 and _count(engine, CheckIn) == 3
