"""Test data builders."""

from __future__ import annotations

from datetime import date

from services.core.validation import make_resident_id
from services.registration.register import RegistrationForm


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


# --- issue 4: employers, vacancies and registered seekers, inserted directly -------------

def make_employer(engine, *, name: str = "东莞市华丰电子有限公司", serial: int = 1,
                  status: str = "approved", province: str = "广东省", city: str = "东莞市",
                  industry: str = "electronics") -> int:
    """An employer row (approved unless told otherwise); returns its id."""
    from models import Employer
    from services.core.db import unit_of_work
    from services.core.validation import make_credit_code

    with unit_of_work(engine) as session:
        row = Employer(name=name, credit_code=make_credit_code("441900", serial), province=province, city=city,
                       industry=industry, contact_name="李经理", contact_phone="0769-22334455", status=status)
        session.add(row)
        session.flush()
        return row.id


def make_vacancy(engine, employer_id: int, *, fairs: tuple[int, ...] = (), **overrides: object) -> int:
    """A vacancy row (open, closing in 30 days, out of province by default); returns its id."""
    from datetime import timedelta

    from models import Vacancy, VacancyFair
    from services.core.clock import local_today
    from services.core.db import unit_of_work

    values: dict[str, object] = dict(
        title="电子厂普工", trade="electronics_assembly", province="广东省", city="东莞市", scope="out",
        distance_km=1325, travel_hours=20, trip_fare=450, trip_home_payer="employer", wage_min=5000,
        wage_max=6500, headcount=30, age_min=18, age_max=45, min_education="junior", housing=True,
        housing_cost=0, meals=True, meals_cost=300, contract_months=12, hours_per_day=10, days_per_week=6,
        closing_date=local_today() + timedelta(days=30), status="open",
    )
    values.update(overrides)
    with unit_of_work(engine) as session:
        row = Vacancy(employer_id=employer_id, **values)
        session.add(row)
        session.flush()
        for fair_id in fairs:
            session.add(VacancyFair(vacancy_id=row.id, fair_id=fair_id))
        return row.id


def register(engine, vault, n: int = 0, **overrides: object):
    """A registered seeker (person number `n`), through the real registration service."""
    import uuid
    from pathlib import Path

    from services.places.county import load_county
    from services.places.sources import Source
    from services.registration.register import register_seeker, validate_registration

    county = load_county(Path(__file__).resolve().parents[1] / "config" / "county.toml")
    birth = overrides.pop("birth", date(1980, 5, 17))
    gender = overrides.pop("gender", "F")
    overrides.setdefault("id_number", person_id(n, birth=birth, gender=gender))
    overrides.setdefault("phone", f"139{n:08d}")
    draft = validate_registration(form(**overrides), county=county)
    return register_seeker(engine, vault, draft, source=Source.direct(), submission_id=uuid.uuid4().hex)


def id_masks(session) -> list[str]:
    """Every seeker's ID mask as a page would make it: from the decrypted number (none is stored)."""
    from sqlmodel import select

    from models import Seeker
    from services.core.crypto import Vault
    from services.core.validation import mask_id
    from tests.conftest import TEST_SECRET

    vault = Vault.from_secret(TEST_SECRET)
    return [mask_id(vault.decrypt(enc)) for enc in session.exec(select(Seeker.id_enc))]
