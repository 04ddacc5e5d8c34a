"""Employers: sign-up, vetting, recruiters, the sign-in rule, counts; on SQLite and PostgreSQL.
Property tests for the unified social credit code."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from models import AuditEvent, AuthSession, Employer, StaffUser
from services.accounts import passwords
from services.accounts.sessions import session_for_cookie, session_principal, start_session
from services.accounts.signin import EmployerNotApproved, check_sign_in, failures_in_window
from services.accounts.staff import create_user
from services.core.clock import local_today
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, StateChanged
from services.core.validation import (
    CREDIT_CODE_CHARS,
    FieldError,
    credit_code_check_char,
    make_credit_code,
    normalize_credit_code,
)
from services.recruiting.employer_queries import get_employer, list_employers, list_recruiters
from services.recruiting.employer_validation import EmployerForm, normalize_contact_phone
from services.recruiting.employers import (
    DUPLICATE_CODE,
    add_recruiter,
    approve_employer,
    create_employer,
    reinstate_employer,
    reject_employer,
    sign_up_employer,
    suspend_employer,
    update_employer_contact,
)
from tests.factories import make_employer, make_vacancy

PW = "a long test passphrase"
CODE = make_credit_code("441900", 12345)


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch) -> None:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


def company(**overrides: object) -> EmployerForm:
    values: dict[str, object] = dict(
        name=" 东莞市华丰电子 有限公司 ", credit_code=" " + CODE.lower()[:9] + " " + CODE.lower()[9:],
        province="广东省", city="东莞", industry="electronics", contact_name="李经理", contact_phone="0769 2233 4455")
    values.update(overrides)
    return EmployerForm(**values)


def sign_up(engine, username: str = "huafeng", **overrides: object):
    return sign_up_employer(engine, form=company(**overrides), username=username, display_name="李招聘",
                            password=PW, password_repeat=PW, ip="10.0.0.7")


def audit(engine, action: str) -> list[AuditEvent]:
    with unit_of_work(engine, write=False) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_sign_up_creates_a_pending_employer_and_its_account(engine) -> None:
    row = sign_up(engine)
    assert (row.name, row.credit_code, row.city, row.contact_phone) == ("东莞市华丰电子 有限公司", CODE, "东莞市",
                                                                        "0769-22334455")
    assert row.status == "pending" and row.reviewed_by == "" and row.reviewed_at is None
    assert (row.recruiters, row.open_vacancies) == (1, 0)
    with unit_of_work(engine, write=False) as session:
        user = session.exec(select(StaffUser).where(StaffUser.username == "huafeng")).one()
    assert (user.role, user.employer_id, user.active, user.must_change_password) == ("recruiter", row.id, True, False)
    [event] = audit(engine, "employer_signed_up")
    assert event.actor == "huafeng" and event.detail["employer_id"] == row.id and event.detail["ip"] == "10.0.0.7"
    # right password, pending company: the waiting message, and no failure counted
    with pytest.raises(EmployerNotApproved) as waiting:
        check_sign_in(engine, username="huafeng", password=PW, ip="10.0.0.7")
    assert waiting.value.message.startswith("Your company's registration is waiting for approval by the labor bureau")
    assert failures_in_window(engine, "huafeng") == 0
    # a wrong password says nothing about the company
    assert check_sign_in(engine, username="huafeng", password="wrong wrong wrong", ip="10.0.0.7") is None
    assert failures_in_window(engine, "huafeng") == 1


def test_sign_up_reports_every_problem_at_once_and_saves_nothing(engine) -> None:
    with pytest.raises(FieldErrors) as bad:
        sign_up_employer(engine, form=EmployerForm(credit_code=CODE[:-1] + ("0" if CODE[-1] != "0" else "1"),
                                                   city="东莞市", province="云南省", contact_phone="0769-123"),
                         username="x", display_name=" ", password="12345678", password_repeat="other")
    assert set(bad.value.errors) == {"name", "credit_code", "city", "industry", "contact_name", "contact_phone",
                                     "username", "display_name", "password", "password_repeat"}
    assert bad.value.errors["city"] == "This city is not in the chosen province."
    with unit_of_work(engine, write=False) as session:
        assert session.exec(select(Employer)).all() == [] and session.exec(select(StaffUser)).all() == []


def test_duplicate_credit_code_and_user_name(engine) -> None:
    sign_up(engine)
    with pytest.raises(FieldErrors) as dup:
        sign_up(engine, username="huafeng", credit_code=CODE, name="另一家公司")
    assert dup.value.errors == {"credit_code": DUPLICATE_CODE, "username": "This user name is taken."}
    with pytest.raises(FieldErrors) as dup_code:
        create_employer(engine, form=company(), actor="boss")
    assert dup_code.value.errors == {"credit_code": DUPLICATE_CODE}
    with unit_of_work(engine, write=False) as session:  # nothing half-saved by the refused attempts
        assert len(session.exec(select(Employer)).all()) == 1 and len(session.exec(select(StaffUser)).all()) == 1


def test_approval_flow_with_reviewer_and_audit(engine) -> None:
    row = sign_up(engine)
    with pytest.raises(FieldErrors) as no_reason:
        reject_employer(engine, employer_id=row.id, note="  ", actor="boss")  # a reason is needed
    assert set(no_reason.value.errors) == {"note"}
    reject_employer(engine, employer_id=row.id, note="营业执照 已过期", actor="boss")
    rejected = get_employer(engine, row.id)
    assert (rejected.status, rejected.status_note, rejected.reviewed_by) == ("rejected", "营业执照 已过期", "boss")
    with pytest.raises(EmployerNotApproved) as refused:
        check_sign_in(engine, username="huafeng", password=PW)
    assert refused.value.status == "rejected" and refused.value.note == "营业执照 已过期"
    with pytest.raises(StateChanged):
        suspend_employer(engine, employer_id=row.id, note="x", actor="boss")  # only approved ones
    approve_employer(engine, employer_id=row.id, actor="chief")
    approved = get_employer(engine, row.id)
    assert (approved.status, approved.status_note, approved.reviewed_by) == ("approved", "", "chief")
    assert approved.reviewed_at is not None and approved.reviewed_at >= rejected.reviewed_at
    assert check_sign_in(engine, username="huafeng", password=PW).employer_id == row.id
    with pytest.raises(StateChanged):
        approve_employer(engine, employer_id=row.id, actor="chief")  # twice: someone else was first
    events = [(e.action, e.actor, e.detail["from"], e.detail["to"]) for e in
              audit(engine, "employer_rejected") + audit(engine, "employer_approved")]
    assert events == [("employer_rejected", "boss", "pending", "rejected"),
                      ("employer_approved", "chief", "rejected", "approved")]


def test_suspending_ends_live_sessions_and_reinstating_allows_new_ones(engine) -> None:
    row = sign_up(engine)
    approve_employer(engine, employer_id=row.id, actor="boss")
    exp = time.time() + 3600
    live = start_session(engine, username="huafeng", cookie_exp=exp)
    assert session_principal(engine, live.session_id).employer_id == row.id
    suspend_employer(engine, employer_id=row.id, note="拖欠工资", actor="boss")
    assert session_principal(engine, live.session_id) is None  # the per-rerun check refuses
    assert session_for_cookie(engine, username="huafeng", cookie_exp=exp) is None
    with unit_of_work(engine, write=False) as session:
        assert session.get(AuthSession, live.session_id).revoked_at is not None
    with pytest.raises(EmployerNotApproved) as refused:
        check_sign_in(engine, username="huafeng", password=PW)
    assert refused.value.status == "suspended" and "suspended" in refused.value.message
    reinstate_employer(engine, employer_id=row.id, actor="boss")
    assert session_principal(engine, live.session_id) is None  # an ended session stays ended
    assert check_sign_in(engine, username="huafeng", password=PW) is not None
    assert [e.detail["note"] for e in audit(engine, "employer_suspended")] == ["拖欠工资"]
    assert len(audit(engine, "employer_reinstated")) == 1


def test_status_alone_refuses_a_session(engine) -> None:
    """Even a session not revoked (e.g. status changed directly in the database) is refused."""
    employer_id = make_employer(engine)
    create_user(engine, username="rec9", display_name="R", role="recruiter", password=PW, employer_id=employer_id)
    live = start_session(engine, username="rec9", cookie_exp=time.time() + 60)
    with unit_of_work(engine) as session:
        session.get(Employer, employer_id).status = "pending"
    assert session_principal(engine, live.session_id) is None


def test_a_recruiter_needs_a_company(engine) -> None:
    with pytest.raises(FieldErrors, match="belongs to a company"):
        create_user(engine, username="rec1", display_name="R", role="recruiter", password=PW)
    with pytest.raises(FieldErrors, match="belongs to a company"):
        create_user(engine, username="rec1", display_name="R", role="recruiter", password=PW, employer_id=999)
    with pytest.raises(FieldErrors, match="no company"):
        create_user(engine, username="org1", display_name="O", role="organizer", password=PW,
                    employer_id=make_employer(engine))
    # an account left without its company (e.g. an old row) cannot sign in
    with unit_of_work(engine) as session:
        session.add(StaffUser(username="orphan", display_name="O", role="recruiter",
                              password_hash=passwords.hash_password(PW)))
    with pytest.raises(EmployerNotApproved) as refused:
        check_sign_in(engine, username="orphan", password=PW)
    assert refused.value.status is None and "no company" in refused.value.message


def test_organizer_creates_an_approved_company_and_adds_recruiters(engine) -> None:
    row = create_employer(engine, form=company(), actor="boss", username="hf1", display_name="王招聘", password=PW)
    assert (row.status, row.reviewed_by, row.recruiters) == ("approved", "boss", 1)
    assert check_sign_in(engine, username="hf1", password=PW).must_change_password
    add_recruiter(engine, employer_id=row.id, username="HF2", display_name="赵招聘", password=PW, actor="boss")
    with pytest.raises(FieldErrors) as taken:
        add_recruiter(engine, employer_id=row.id, username="hf2", display_name="x", password=PW, actor="boss")
    assert taken.value.errors == {"username": "This user name is taken."}
    assert [(c.username, c.display_name) for c in list_recruiters(engine, employer_id=row.id)] == [
        ("hf1", "王招聘"), ("hf2", "赵招聘")]
    assert get_employer(engine, row.id).recruiters == 2
    [added] = audit(engine, "recruiter_added")
    assert added.actor == "boss" and added.detail == {"username": "hf2", "role": "recruiter", "employer_id": row.id}
    assert audit(engine, "employer_created")[0].detail["employer_id"] == row.id


def test_list_counts_recruiters_and_open_vacancies_in_sql(engine) -> None:
    a = make_employer(engine, name="1号厂", serial=1)
    b = make_employer(engine, name="2号厂", serial=2)
    waiting = sign_up(engine, username="bing", name="丙厂")
    for n in range(3):
        create_user(engine, username=f"rec{n}", display_name="A", role="recruiter", password=PW, employer_id=a)
    make_vacancy(engine, a)
    make_vacancy(engine, a)
    make_vacancy(engine, a, status="closed")
    make_vacancy(engine, a, closing_date=local_today() - timedelta(days=1))  # past its closing date
    make_vacancy(engine, b)
    rows = list_employers(engine)
    assert [(r.name, r.status, r.recruiters, r.open_vacancies) for r in rows] == [
        ("丙厂", "pending", 1, 0), ("1号厂", "approved", 3, 2), ("2号厂", "approved", 0, 1)]
    assert [r.id for r in list_employers(engine, status="pending")] == [waiting.id]
    assert get_employer(engine, 99999) is None


def test_recruiter_updates_the_contact(engine) -> None:
    employer_id = make_employer(engine)
    with pytest.raises(FieldErrors) as bad:
        update_employer_contact(engine, employer_id=employer_id, contact_name="", contact_phone="12345", actor="r")
    assert set(bad.value.errors) == {"contact_name", "contact_phone"}
    update_employer_contact(engine, employer_id=employer_id, contact_name=" 周 主管 ", contact_phone="139-1234-5678",
                            actor="rec1")
    row = get_employer(engine, employer_id)
    assert (row.contact_name, row.contact_phone) == ("周 主管", "13912345678")
    assert audit(engine, "employer_contact_updated")[0].actor == "rec1"


@pytest.mark.parametrize(("raw", "expected"), [
    ("0769-22334455", "0769-22334455"), ("(010) 1234 5678", "010-12345678"),
    ("０８７１－６５１２３４５６", "0871-65123456"),
    ("+86 769 2233 4455", "0769-22334455"), ("139 1234 5678", "13912345678"), ("0086 13912345678", "13912345678"),
])
def test_contact_phones_accepted(raw: str, expected: str) -> None:
    assert normalize_contact_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", "12345", "0769-2233445", "021-6123456", "1391234567", "abc", "4008001234"])
def test_contact_phones_refused(raw: str) -> None:
    with pytest.raises(FieldError):
        normalize_contact_phone(raw)


# --- unified social credit code: property tests -----------------------------------------

BODY_CHARS = CREDIT_CODE_CHARS
bodies = st.tuples(st.text(BODY_CHARS, min_size=2, max_size=2), st.text("0123456789", min_size=6, max_size=6),
                   st.text(BODY_CHARS, min_size=9, max_size=9)).map("".join)
codes = st.one_of(
    st.builds(make_credit_code, st.text("0123456789", min_size=6, max_size=6), st.integers(0, 10**9 - 1)),
    bodies.map(lambda body: body + credit_code_check_char(body)),
)


def independent_check(first17: str) -> str:
    """GB 32100-2015 check character, computed here from its definition (weights 3^i mod 31)."""
    total = sum(CREDIT_CODE_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


@given(codes)
def test_valid_codes_pass_unchanged(code: str) -> None:
    assert len(code) == 18 and independent_check(code[:17]) == code[17]
    assert normalize_credit_code(code) == code


@given(codes, st.integers(0, 17), st.sampled_from(BODY_CHARS))
def test_any_single_changed_character_fails(code: str, position: int, replacement: str) -> None:
    if code[position] == replacement:
        replacement = BODY_CHARS[(BODY_CHARS.index(replacement) + 1) % len(BODY_CHARS)]
    changed = code[:position] + replacement + code[position + 1:]
    with pytest.raises(FieldError):
        normalize_credit_code(changed)


@given(codes, st.data())
def test_spaces_full_width_and_lower_case_are_normalized(code: str, data: st.DataObject) -> None:
    typed = ""
    for ch in code:
        if ch.isalpha() and data.draw(st.booleans()):
            ch = ch.lower()
        if data.draw(st.booleans()):
            ch = chr(ord(ch) + 0xFEE0)  # its full-width form: ８, Ａ, ａ
        typed += ch + data.draw(st.sampled_from(["", "", " ", "\u3000", "-"]))
    assert normalize_credit_code(" " + typed + " ") == code


@given(st.text(BODY_CHARS + "IOSVZ", min_size=18, max_size=18))
def test_random_strings_pass_only_with_the_right_check_character(raw: str) -> None:
    ok = (all(c in BODY_CHARS for c in raw) and raw[2:8].isdigit() and independent_check(raw[:17]) == raw[17])
    if ok:
        assert normalize_credit_code(raw) == raw
    else:
        with pytest.raises(FieldError):
            normalize_credit_code(raw)


def test_sign_up_and_approval_compose_in_one_transaction(engine) -> None:
    """Write services given a session join the caller's transaction; a refusal inside a savepoint
    (the code already taken) leaves the caller's transaction usable."""
    with unit_of_work(engine) as session:
        row = sign_up_employer(session, form=company(), username="huafeng", display_name="李招聘", password=PW)
        approve_employer(session, employer_id=row.id, actor="boss")
        with pytest.raises(FieldErrors) as taken:
            create_employer(session, form=company(name="另一家公司"), actor="boss")
        assert taken.value.errors == {"credit_code": DUPLICATE_CODE}
    assert get_employer(engine, row.id).status == "approved"
    assert [e.action for e in audit(engine, "employer_signed_up") + audit(engine, "employer_approved")] == [
        "employer_signed_up", "employer_approved"]


def test_missing_company_is_not_found(engine) -> None:
    from services.core.errors import NotFound

    with pytest.raises(NotFound):
        approve_employer(engine, employer_id=424242, actor="boss")
    with pytest.raises(NotFound):
        add_recruiter(engine, employer_id=424242, username="nobody", display_name="某", password=PW, actor="boss")
