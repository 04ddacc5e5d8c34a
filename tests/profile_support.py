"""Seekers with an incomplete profile (issue 10: the ticket first, the answers later or never)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from tests.factories import person_id

# answers for save_profile_group, one entry per group
ANSWERS: dict[str, dict[str, Any]] = {
    "trades": {"trades": ["welding"]},
    "place": {"intention": "go_out", "leave_constraint": "none"},
    "education": {"education": "senior"},
    "wage": {"expected_wage": 5000},
    "training": {"willing_to_train": "yes"},
    "poor_household": {"poor_household": "no"},
}


def register_ticket_only(engine, vault, n: int = 0, *, answered: Mapping[str, Mapping[str, Any]] | None = None,
                         name: str = "赵小满", birth: date = date(1980, 5, 17), gender: str = "F",
                         township: str = "城关镇", village: str = "东门村"):
    """A person registered with the identity step only (name, ID, mobile, village), then the groups in
    `answered` saved one by one ({group: answers}; ANSWERS has an example for each)."""
    from services.places.county import load_county
    from services.places.sources import Source
    from services.registration.profile import save_profile_group
    from services.registration.register import RegistrationForm, register_seeker, validate_identity

    county = load_county(Path(__file__).resolve().parents[1] / "config" / "county.toml")
    form = RegistrationForm(name=name, id_number=person_id(n, birth=birth, gender=gender), phone=f"139{n:08d}",
                            township=township, village=village, consent=True)
    draft = validate_identity(form, county=county)
    result = register_seeker(engine, vault, draft, source=Source.direct(), submission_id=uuid.uuid4().hex)
    for group, answers in (answered or {}).items():
        save_profile_group(engine, ticket_code=result.ticket_code, group=group, answers=answers)
    return result
