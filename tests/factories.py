"""Test data builders."""

from __future__ import annotations

from datetime import date

from services.registration import RegistrationForm
from services.validation import make_resident_id


def person_id(n: int = 0, *, birth: date = date(1980, 5, 17), gender: str = "F") -> str:
    return make_resident_id("530627", birth, n, gender)


def form(**overrides: object) -> RegistrationForm:
    values: dict[str, object] = dict(
        name="王秀兰", id_number=person_id(), phone="139 1234 5678", township="城关镇", village="东门村",
        education="junior", trades=["garment_sewing", "cleaning"], intention="nearby", expected_wage=4500,
        willing_to_train="yes", poor_household="yes", leave_constraint="care", consent=True,
    )
    values.update(overrides)
    return RegistrationForm(**values)
