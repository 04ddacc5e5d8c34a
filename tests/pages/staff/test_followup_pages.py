"""Issue 13 on the other staff pages (AppTest, in English): township and workstation accounts on the accounts
page, the recruiter's "Still employed? Confirm" on the pipeline, unreachable phones in the repair queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from models import FollowUp, StaffUser, VisitStatus
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.followups.due import add_months
from tests import followup_hires as fakes
from tests.auth_support import make_recruiter, make_staff, open_staff_page
from tests.conftest import TEST_SECRET
from tests.factories import make_vacancy


def _submit(at, form: str):
    next(b for b in at.button if b.proto.form_id == form).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _new_account(at, username: str, role: str):
    inputs = {w.label: w for w in at.text_input}
    inputs["User name"].input(username)
    inputs["Name"].input("干事 " + username)
    inputs["First password (the person changes it after signing in)"].input("a long test passphrase 2")
    next(s for s in at.selectbox if s.label == "Role").set_value(role)
    return at


def test_organizers_create_township_and_workstation_staff(app_env) -> None:
    at = open_staff_page(app_env, "accounts", lang="en")
    _new_account(at, "dahe2", "township")
    _submit(at, "new_account")  # no township chosen
    assert "A township account works for a township: please choose one." in [e.value for e in at.error]
    assert {w.label: w.value for w in at.text_input}["User name"] == "dahe2"  # kept
    next(s for s in at.selectbox if s.label == "Township (township staff only)").set_value("大河乡")
    _submit(at, "new_account")
    assert "Account dahe2 created." in [s.value for s in at.success]
    _new_account(at, "dgws", "workstation")
    {w.label: w for w in at.text_input}["Destination city (workstation staff only)"].input("  ")
    _submit(at, "new_account")
    assert "A workstation account works in a city: please type it." in [e.value for e in at.error]
    {w.label: w for w in at.text_input}["Destination city (workstation staff only)"].input("东莞市")
    _submit(at, "new_account")
    assert "Account dgws created." in [s.value for s in at.success]
    with unit_of_work(make_engine(app_env), write=False) as s:
        made = {u.username: (u.role, u.township, u.city) for u in s.exec(select(StaffUser))}
    assert made["dahe2"] == ("township", "大河乡", None) and made["dgws"] == ("workstation", None, "东莞市")
    listed = at.dataframe[0].value
    assert set(listed["Role"]) >= {"Township staff", "Labor-export workstation staff"}
    assert set(listed["Works for"]) >= {"Dahe Township", "东莞市"}


def test_check_place_rules() -> None:
    from services.accounts.staff import check_place
    from services.core.errors import FieldErrors

    assert check_place("township", township=" 大河乡 ", city=None) == ("大河乡", None)
    assert check_place("workstation", township=None, city=" 宁波市") == (None, "宁波市")
    assert check_place("workstation", township=None, city="东莞 ") == (None, "东莞市")  # as the list spells it
    assert check_place("workstation", township=None, city="凯里市") == (None, "凯里市")  # another, as typed
    assert check_place("organizer", township="", city="") == (None, None)
    for role, township, city, field in [("township", "不存在乡", None, "township"), ("workstation", None, "", "city"),
                                        ("organizer", "大河乡", None, "township"), ("desk", None, "东莞市", "city")]:
        with pytest.raises(FieldErrors) as caught:
            check_place(role, township=township, city=city)
        assert set(caught.value.errors) == {field}


def test_recruiter_confirms_a_worker_still_employed(app_env) -> None:
    engine, vault = make_engine(app_env), Vault.from_secret(TEST_SECRET)
    rec = make_recruiter(app_env, username="rec_fu")
    vacancy = make_vacancy(engine, rec.employer_id, title="电子厂普工")
    hired = fakes.hire_with_visits(engine, vault, 5, employer_id=rec.employer_id, vacancy_id=vacancy, name="王秀兰",
                                   start=add_months(local_today(), -1) - timedelta(days=3))
    later = fakes.hire_with_visits(engine, vault, 6, employer_id=rec.employer_id, vacancy_id=vacancy, name="张建国",
                                   start=local_today())  # nothing due yet
    at = open_staff_page(app_env, "pipeline", principal=rec, lang="en")
    assert not at.exception, [e.value for e in at.exception]
    at.segmented_control(key="pl_stage").set_value("hired").run()
    at.selectbox(key=f"pl_candidate_{vacancy}_hired").set_value(hired.application_id).run()
    key = f"fu_confirm_{hired.hire_id}"
    assert any("A follow-up visit is due on" in m.value for m in at.markdown)
    at.number_input(key=f"{key}_wage").set_value(5600)
    _submit(at, key)
    assert "Confirmed: still employed. Thank you." in [s.value for s in at.success]
    with unit_of_work(engine, write=False) as s:
        visit = s.get(FollowUp, hired.visits[0])
        assert (visit.status, visit.outcome, visit.monthly_wage, visit.recorded_by) == (
            VisitStatus.DONE, "working", 5600, rec.user_id)
    assert not [b for b in at.button if b.proto.form_id == key]  # nothing due any more
    at.selectbox(key=f"pl_candidate_{vacancy}_hired").set_value(later.application_id).run()
    assert not [b for b in at.button if b.proto.form_id == f"fu_confirm_{later.hire_id}"]


def test_organizers_get_no_confirm_button(app_env) -> None:
    engine, vault = make_engine(app_env), Vault.from_secret(TEST_SECRET)
    rec = make_recruiter(app_env, username="rec_fu2")
    vacancy = make_vacancy(engine, rec.employer_id)
    hired = fakes.hire_with_visits(engine, vault, 7, employer_id=rec.employer_id, vacancy_id=vacancy,
                                   start=add_months(local_today(), -1))
    at = open_staff_page(app_env, "pipeline", principal=make_staff(app_env, username="org_fu"), lang="en")
    at.segmented_control(key="pl_stage").set_value("hired").run()
    assert not at.exception
    assert not [b for b in at.button if b.proto.form_id == f"fu_confirm_{hired.hire_id}"]


def _unreachable_worker(app_env: str, n: int, recruiter: str):
    """李四妹, hired a month ago; her 1-month visit could not reach her. The engine."""
    from services.followups import visits

    engine, vault = make_engine(app_env), Vault.from_secret(TEST_SECRET)
    rec = make_recruiter(app_env, username=recruiter)
    vacancy = make_vacancy(engine, rec.employer_id)
    hired = fakes.hire_with_visits(engine, vault, n, employer_id=rec.employer_id, vacancy_id=vacancy, name="李四妹",
                                   start=add_months(local_today(), -1))
    visits.record_visit(engine, follow_up_id=hired.visits[0], user_id=None,
                        report=visits.VisitReport("unreachable", local_today()))
    return engine


def test_unreachable_phones_in_the_repair_queue(app_env) -> None:
    from services.repairs.unreachable import unreachable_items

    engine = _unreachable_worker(app_env, 8, "rec_fu3")
    at = open_staff_page(app_env, "repairs", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    [figures] = [d.value for d in at.dataframe if "Phones unreachable at follow-up" in d.value.columns]
    assert list(figures["Phones unreachable at follow-up"]) == [1]  # counted in the queue's figures
    table = next(d.value for d in at.table if "Employer" in d.value.columns)
    assert list(table["Name"]) == [r"李\*妹"] and list(table["Mobile"]) == ["139****0008"]
    assert "Change a mobile at the registration desk" in [p.label for p in at.page_link]
    _submit(at, "repair_unreachable")
    assert "Please choose one of the options." in [e.value for e in at.error]
    item = unreachable_items(engine, township=None)[0][0].item_id
    at.selectbox(key="repair_unreachable_item").set_value(item)
    at.radio(key="repair_unreachable_how").set_value("dismissed")
    _submit(at, "repair_unreachable")  # a dismissal needs its reason
    assert "Give the reason this item is dismissed." in [e.value for e in at.error]
    at.text_input(key="repair_unreachable_reason").input("已去世，村委会证实")
    _submit(at, "repair_unreachable")
    assert "Closed." in [s.value for s in at.success]
    assert unreachable_items(engine, township=None) == ([], 0)
    assert "No unreachable phones waiting here." in [i.value for i in at.info]


def test_township_staff_see_their_unreachable_phones_without_a_desk_link(app_env) -> None:
    """Township staff have no desk page: the tab tells them where a mobile is changed without linking to it
    (the link raised StreamlitPageNotFoundError and took the history tab with it)."""
    from models import Seeker

    engine = _unreachable_worker(app_env, 9, "rec_fu4")
    with unit_of_work(engine, write=False) as session:
        township = session.exec(select(Seeker.township)).one()
    principal = make_staff(app_env, username="town_fu", role="township", township=township)
    at = open_staff_page(app_env, "repairs", principal=principal, lang="en")
    assert not at.exception, [e.value for e in at.exception]
    table = next(d.value for d in at.table if "Employer" in d.value.columns)
    assert list(table["Name"]) == [r"李\*妹"]
    assert not [p for p in at.page_link if "desk" in p.label]
    assert any("History of changes" in t.label for t in at.tabs)
