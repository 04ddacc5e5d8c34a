"""`validate_identity_field`: one question of the identity step at a time (the kiosk), with exactly the
checks and messages of `validate_identity` — never a second copy of a rule."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.core.errors import FieldErrors
from services.core.reference import OTHER
from services.places.county import County
from services.registration.forms import (
    IDENTITY_STEPS,
    RegistrationForm,
    validate_identity,
    validate_identity_field,
)
from tests.factories import form, person_id

QUESTION_FIELDS = {"village": {"township", "village"}}


def _errors(fn, *args, **kwargs) -> dict:
    try:
        fn(*args, **kwargs)
    except FieldErrors as exc:
        return exc.errors
    return {}


def test_each_question_reports_only_its_own_field(county: County) -> None:
    empty = RegistrationForm()
    for question in IDENTITY_STEPS:
        errors = _errors(validate_identity_field, question, empty, county=county)
        assert errors, question
        assert set(errors) <= QUESTION_FIELDS.get(question, {question}), (question, errors)


def test_a_good_answer_passes_while_later_ones_are_still_empty(county: County) -> None:
    partial = RegistrationForm(name="王秀兰", id_number=person_id())
    validate_identity_field("name", partial, county=county)
    validate_identity_field("id_number", partial, county=county)
    with pytest.raises(FieldErrors):
        validate_identity_field("phone", partial, county=county)


def test_the_same_messages_as_the_whole_step(county: County) -> None:
    bad = form(id_number="36042619910102009X", phone="139 1234 567", consent=False)
    whole = _errors(validate_identity, bad, county=county)
    assert _errors(validate_identity_field, "id_number", bad, county=county) == {"id_number": whole["id_number"]}
    assert _errors(validate_identity_field, "phone", bad, county=county) == {"phone": whole["phone"]}
    assert _errors(validate_identity_field, "consent", bad, county=county) == {"consent": whole["consent"]}
    assert _errors(validate_identity_field, "name", bad, county=county) == {}


def test_village_not_in_the_list_needs_its_name(county: County) -> None:
    typed = form(township=OTHER, village=OTHER, village_other="")
    assert set(_errors(validate_identity_field, "village", typed, county=county)) == {"village"}
    validate_identity_field("village", form(township=OTHER, village=OTHER, village_other="新村"), county=county)


def test_unknown_question_is_a_programming_error(county: County) -> None:
    with pytest.raises(ValueError):
        validate_identity_field("education", form(), county=county)


_text = st.one_of(st.just(""), st.text(max_size=25), st.sampled_from(
    ["王秀兰", person_id(), person_id(3, gender="M"), "36042619910102009X", "139 1234 5678", "12345", " "]))


@settings(max_examples=200, deadline=None)
@given(name=_text, id_number=_text, phone=_text,
       place=st.sampled_from([(None, None), ("城关镇", "东门村"), ("城关镇", "核桃村"), ("无此乡", "东门村"),
                              (OTHER, OTHER), ("城关镇", None)]),
       village_other=st.sampled_from(["", "新村", "x" * 61]), consent=st.booleans())
def test_questions_one_by_one_say_what_the_whole_step_says(county: County, name, id_number, phone, place,
                                                           village_other, consent) -> None:
    """For any answers: the union of the questions' messages is the whole step's messages, and a form
    the whole step accepts passes every question."""
    answers = RegistrationForm(name=name, id_number=id_number, phone=phone, township=place[0], village=place[1],
                               village_other=village_other, consent=consent)
    whole = _errors(validate_identity, answers, county=county)
    one_by_one: dict = {}
    for question in IDENTITY_STEPS:
        one_by_one.update(_errors(validate_identity_field, question, answers, county=county))
    assert one_by_one == whole
