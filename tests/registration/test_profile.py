"""Ticket first, then the profile group by group: validate_identity, save_profile_group, get_profile,
missing_groups — on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from models import Seeker
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, NotFound
from services.places.sources import Source
from services.registration.profile import (
    PROFILE_GROUPS,
    get_profile,
    missing_groups,
    profile_complete_sql,
    save_profile_group,
)
from services.registration.register import (
    RegistrationForm,
    register_seeker,
    validate_identity,
    validate_registration,
)
from tests.factories import form, person_id

TODAY = date(2026, 11, 23)


def _identity_form(**overrides: object) -> RegistrationForm:
    values: dict[str, object] = dict(name="王秀兰", id_number=person_id(), phone="139 1234 5678", township="城关镇",
                                     village="东门村", consent=True)
    values.update(overrides)
    return RegistrationForm(**values)


def _register_identity(engine, vault, county, submission_id: str = "s1", **overrides: object):
    draft = validate_identity(_identity_form(**overrides), county=county, today=TODAY)
    return register_seeker(engine, vault, draft, source=Source.direct(), submission_id=submission_id)


def test_the_identity_step_needs_only_name_id_mobile_village_consent(county) -> None:
    draft = validate_identity(_identity_form(), county=county, today=TODAY)
    assert (draft.name, draft.phone, draft.township, draft.village) == ("王秀兰", "13912345678", "城关镇", "东门村")
    assert draft.answered == frozenset()
    assert (draft.education, draft.intention, draft.trades, draft.willing_to_train) == (None, None, (), None)


def test_the_identity_step_reports_every_problem_at_once_and_nothing_about_the_profile(county) -> None:
    with pytest.raises(FieldErrors) as caught:
        validate_identity(RegistrationForm(), county=county, today=TODAY)
    assert set(caught.value.errors) == {"name", "id_number", "phone", "village", "consent"}


def test_a_ticket_first_registration_leaves_the_profile_unanswered(engine, vault, county) -> None:
    result = _register_identity(engine, vault, county)
    assert result.created
    profile = get_profile(engine, ticket_code=result.ticket_code)
    assert profile.answered == frozenset() and profile.missing == list(PROFILE_GROUPS)
    assert (profile.education, profile.intention, profile.poor_household, profile.trades) == (None, None, None, ())


def test_each_group_is_saved_on_its_own_and_the_profile_completes(engine, vault, county) -> None:
    code = _register_identity(engine, vault, county).ticket_code
    save_profile_group(engine, ticket_code=code, group="trades", answers={"trades": ["welding", "welding", "cleaning"]})
    save_profile_group(engine, ticket_code=code, group="place", answers={"leave_constraint": "care"})
    save_profile_group(engine, ticket_code=code, group="education", answers={"education": "primary"})
    after_wage = save_profile_group(engine, ticket_code=code, group="wage", answers={"expected_wage": "4,500元"})
    assert after_wage.missing == ["training", "poor_household"] and not after_wage.complete
    save_profile_group(engine, ticket_code=code, group="training", answers={"willing_to_train": "no"})
    done = save_profile_group(engine, ticket_code=code, group="poor_household", answers={"poor_household": "unknown"})
    assert done.complete and done.missing == []
    assert done.trades == ("cleaning", "welding")
    assert (done.intention, done.leave_constraint) == ("nearby", "care")  # cannot leave home: work nearby
    assert (done.education, done.expected_wage, done.willing_to_train, done.poor_household) == (
        "primary", 4500, False, "unknown")
    with unit_of_work(engine, write=False) as s:
        assert s.execute(select(func.count()).select_from(Seeker).where(profile_complete_sql())).scalar_one() == 1


def test_empty_answers_that_mean_something_are_answers(engine, vault, county) -> None:
    code = _register_identity(engine, vault, county).ticket_code
    save_profile_group(engine, ticket_code=code, group="trades", answers={"trades": []})  # no particular skill
    profile = save_profile_group(engine, ticket_code=code, group="wage", answers={"expected_wage": ""})  # open
    assert profile.answered == {"trades", "wage"} and profile.trades == () and profile.expected_wage is None


@pytest.mark.parametrize(("group", "answers", "field", "message"), [
    ("wage", {"expected_wage": "4"}, "expected_wage", "Did you mean {suggestion} yuan a month?"),
    ("wage", {"expected_wage": "200000"}, "expected_wage",
     "That is more than 100,000 yuan a month. Please write the monthly wage you want, e.g. 4500."),
    ("education", {}, "education", "Please choose your education."),
    ("education", {"education": "phd"}, "education", "Please choose one of the options."),
    ("trades", {"trades": ["juggling"]}, "trades", "Please choose one of the options."),
    ("place", {}, "intention", "Please choose where you want to work."),
    ("place", {"intention": "go_out", "leave_constraint": "health"}, "intention",
     "You said you cannot leave home: choose work nearby, or say you can leave home."),
    ("training", {"willing_to_train": "maybe"}, "willing_to_train", "Please choose one of the options."),
])
def test_a_wrong_answer_is_refused_beside_its_field_and_nothing_is_saved(engine, vault, county, group, answers,
                                                                         field, message) -> None:
    code = _register_identity(engine, vault, county).ticket_code
    with pytest.raises(FieldErrors) as caught:
        save_profile_group(engine, ticket_code=code, group=group, answers=answers)
    text = caught.value.errors[field]
    assert (text[0] if isinstance(text, tuple) else text) == message
    assert get_profile(engine, ticket_code=code).answered == frozenset()


def test_the_wage_suggestion_carries_the_value_to_offer(engine, vault, county) -> None:
    code = _register_identity(engine, vault, county).ticket_code
    with pytest.raises(FieldErrors) as caught:
        save_profile_group(engine, ticket_code=code, group="wage", answers={"expected_wage": "50"})
    assert caught.value.errors["expected_wage"][1] == {"suggestion": "5,000", "value": 5000}


def test_an_unknown_ticket_is_not_found(engine) -> None:
    with pytest.raises(NotFound):
        save_profile_group(engine, ticket_code="NOPE2345", group="education", answers={"education": "junior"})


def test_registering_again_with_the_identity_step_keeps_the_answers_given(engine, vault, county) -> None:
    first = register_seeker(engine, vault, validate_registration(form(), county=county, today=TODAY),
                            source=Source.direct(), submission_id="full")
    again = _register_identity(engine, vault, county, submission_id="ticket-first", village="南屏村",
                               township="城关镇")
    assert (again.ticket_code, again.created) == (first.ticket_code, False)
    profile = get_profile(engine, ticket_code=first.ticket_code)
    assert profile.complete
    assert (profile.education, profile.trades, profile.expected_wage) == (
        "junior", ("cleaning", "garment_sewing"), 4500)
    with unit_of_work(engine, write=False) as s:
        assert s.get(Seeker, first.seeker_id).village == "南屏村"  # the identity answers are updated


def test_a_full_form_after_a_partial_profile_answers_everything(engine, vault, county) -> None:
    code = _register_identity(engine, vault, county).ticket_code
    save_profile_group(engine, ticket_code=code, group="education", answers={"education": "primary"})
    register_seeker(engine, vault, validate_registration(form(), county=county, today=TODAY), source=Source.direct(),
                    submission_id="full")
    profile = get_profile(engine, ticket_code=code)
    assert profile.complete and profile.education == "junior"


@given(st.sets(st.sampled_from(PROFILE_GROUPS)))
def test_missing_groups_is_what_was_not_answered_in_page_order(answered: set[str]) -> None:
    stored = ",".join(sorted(answered))
    missing = missing_groups(stored)
    assert set(missing) == set(PROFILE_GROUPS) - answered
    assert missing == [g for g in PROFILE_GROUPS if g in missing]
