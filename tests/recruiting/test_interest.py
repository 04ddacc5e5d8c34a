"""A seeker marks interest with the ticket code: one application, one history row, idempotent."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from models import Application, StageChange
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, StateChanged
from services.core.i18n import translator
from services.recruiting.interest import (
    CODE_MISSING,
    CODE_UNKNOWN,
    NOT_ON_BOARD,
    RulesNotMet,
    express_interest,
    interest_warnings,
)
from services.registration.tickets import format_ticket_code
from tests.factories import make_employer, make_vacancy, register

TODAY = date(2026, 3, 10)
SOON = TODAY + timedelta(days=10)


def _counts(engine) -> tuple[int, int]:
    with unit_of_work(engine, write=False) as session:
        return (session.exec(select(func.count()).select_from(Application)).one(),
                session.exec(select(func.count()).select_from(StageChange)).one())


def test_interest_creates_application_and_history(engine, vault) -> None:
    employer = make_employer(engine, name="华丰电子")
    vid = make_vacancy(engine, employer, title="普工", closing_date=SOON)
    seeker = register(engine, vault, 1, intention="either", leave_constraint="none")  # meets the rules
    typed = format_ticket_code(seeker.ticket_code).lower().replace(" ", " - ")  # "abcd - efgh"
    result = express_interest(engine, ticket_code=typed, vacancy_id=vid, today=TODAY)
    assert (result.employer_name, result.vacancy_title, result.already) == ("华丰电子", "普工", False)
    with unit_of_work(engine, write=False) as session:
        app = session.exec(select(Application)).one()
        change = session.exec(select(StageChange)).one()
    assert (app.vacancy_id, app.seeker_id, app.employer_id, app.stage, app.source) == (
        vid, seeker.seeker_id, employer, "interested", "board")
    assert (change.application_id, change.from_stage, change.to_stage, change.by_user_id) == (
        app.id, None, "interested", None)


def test_second_time_changes_nothing(engine, vault) -> None:
    vid = make_vacancy(engine, make_employer(engine), closing_date=SOON)
    code = register(engine, vault, 1, intention="either", leave_constraint="none").ticket_code
    first = express_interest(engine, ticket_code=code, vacancy_id=vid, today=TODAY)
    again = express_interest(engine, ticket_code=code, vacancy_id=vid, source="kiosk", today=TODAY)
    assert again.already and again.application_id == first.application_id
    assert _counts(engine) == (1, 1)


def test_simultaneous_taps_make_one_application(engine, vault) -> None:
    vid = make_vacancy(engine, make_employer(engine), closing_date=SOON)
    code = register(engine, vault, 1, intention="either", leave_constraint="none").ticket_code
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: express_interest(engine, ticket_code=code, vacancy_id=vid, today=TODAY),
                                range(8)))
    assert sum(not r.already for r in results) == 1
    assert len({r.application_id for r in results}) == 1
    assert _counts(engine) == (1, 1)


@pytest.mark.parametrize(("typed", "message"), [("", CODE_MISSING), ("  ", CODE_MISSING), ("ABCD", CODE_UNKNOWN),
                                                ("ZZZZ ZZZZ", CODE_UNKNOWN)])
def test_unknown_code_is_refused(engine, vault, typed: str, message: str) -> None:
    vid = make_vacancy(engine, make_employer(engine), closing_date=SOON)
    register(engine, vault, 1)
    with pytest.raises(FieldErrors) as exc:
        express_interest(engine, ticket_code=typed, vacancy_id=vid, today=TODAY)
    assert exc.value.errors == {"ticket_code": message}
    assert _counts(engine) == (0, 0)


def test_only_vacancies_on_the_board(engine, vault) -> None:
    code = register(engine, vault, 1).ticket_code
    good = make_employer(engine, serial=1)
    pending = make_employer(engine, name="待审核", serial=2, status="pending")
    off = [make_vacancy(engine, good, status="closed", closing_date=SOON),
           make_vacancy(engine, good, closing_date=TODAY - timedelta(days=1)),
           make_vacancy(engine, pending, closing_date=SOON), 424242]
    for vid in off:
        with pytest.raises(StateChanged) as exc:
            express_interest(engine, ticket_code=code, vacancy_id=vid, today=TODAY)
        assert exc.value.message == NOT_ON_BOARD
    assert _counts(engine) == (0, 0)


def test_rules_not_met_are_said_before_anything_is_recorded(engine, vault) -> None:
    """Born 1980-05-17: 45 on TODAY. A welding job for men aged 18–40 with senior high, in another
    province, for a woman with junior schooling who cannot leave home: four reasons, then a second
    press records it."""
    vid = make_vacancy(engine, make_employer(engine), closing_date=SOON, age_max=40, min_education="senior",
                       gender="M", gender_basis="井下作业")
    code = register(engine, vault, 1).ticket_code  # nearby, care duties, junior, F
    en = translator("en")
    warnings = interest_warnings(engine, ticket_code=code, vacancy_id=vid, today=TODAY)
    assert [r.text(en) for r in warnings] == [
        "Asks for age 40 or under; you are 45", "Asks for Senior high school or above", "Men only",
        "Away from home; you said you cannot leave home"]
    with pytest.raises(RulesNotMet) as exc:
        express_interest(engine, ticket_code=code, vacancy_id=vid, today=TODAY)
    assert exc.value.reasons == warnings
    assert _counts(engine) == (0, 0)  # nothing recorded on the first press
    result = express_interest(engine, ticket_code=code, vacancy_id=vid, today=TODAY, confirmed_despite=True)
    assert not result.already and _counts(engine) == (1, 1)
    # recorded once: asking again says "already", not the rules
    assert express_interest(engine, ticket_code=code, vacancy_id=vid, today=TODAY).already


def test_no_warning_when_the_rules_are_met(engine, vault) -> None:
    vid = make_vacancy(engine, make_employer(engine), closing_date=SOON, scope="local", city="昭通市",
                       province="云南省")
    code = register(engine, vault, 1).ticket_code
    assert interest_warnings(engine, ticket_code=code, vacancy_id=vid, today=TODAY) == ()
    assert not express_interest(engine, ticket_code=code, vacancy_id=vid, today=TODAY).already
    with pytest.raises(FieldErrors):
        interest_warnings(engine, ticket_code="", vacancy_id=vid, today=TODAY)
