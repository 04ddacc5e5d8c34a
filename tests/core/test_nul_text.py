"""A NUL character pasted into free text is dropped before it is written, on both backends
(PostgreSQL refuses it with a bare error; the action must not fail for an invisible character)."""

from sqlmodel import Session

from models import Employer, Vacancy
from services.core.nul_text import without_nul
from tests.factories import make_employer, make_vacancy


def test_without_nul_keeps_everything_else() -> None:
    assert without_nul("华丰\x00电子") == "华丰电子"
    assert without_nul("no nul") == "no nul"


def test_nul_in_new_and_changed_rows_is_dropped(engine) -> None:
    employer_id = make_employer(engine, name="华丰\x00电子")
    vacancy_id = make_vacancy(engine, employer_id)
    with Session(engine) as session:
        vacancy = session.get(Vacancy, vacancy_id)
        vacancy.description = "包吃住\x00，月休四天"
        session.add(vacancy)
        session.commit()
    with Session(engine) as session:
        assert session.get(Employer, employer_id).name == "华丰电子"
        assert session.get(Vacancy, vacancy_id).description == "包吃住，月休四天"
