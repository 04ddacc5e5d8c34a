"""Rules as data: the defaults once, a change is a new version (the old one kept, closed the day before),
audited, checked beside each field, and two organizers never overwrite each other. Both backends."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Date, literal, select
from sqlmodel import col

from models import AuditEvent, SubsidyRule
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, StateChanged
from services.subsidies.dates import add_months, add_months_sql
from services.subsidies.defaults import DEFAULT_RULES, ensure_default_rules
from services.subsidies.rules import RuleChange, change_rule, current_versions, rule_versions, valid_on
from tests.auth_support import make_staff


def test_the_defaults_are_added_once(engine) -> None:
    assert ensure_default_rules(engine) == len(DEFAULT_RULES)
    assert ensure_default_rules(engine) == 0
    versions = rule_versions(engine)
    assert sorted(v.code for v in versions) == sorted(r.code for r in DEFAULT_RULES)
    assert all(v.version == 1 and v.valid_from == date(2019, 1, 1) and v.valid_to is None for v in versions)
    contract = next(v for v in versions if v.code == "hire_contract")
    assert contract.params == {"amount": 400, "min_contract_months": 13}
    assert "13 months" in contract.description


def _change(code: str, base: int, valid_from: date | None, **params: object) -> RuleChange:
    return RuleChange(code, base, params, valid_from, "")


def test_a_change_is_a_new_version_and_the_old_one_is_kept(engine) -> None:
    ensure_default_rules(engine)
    user = make_staff(engine.url.render_as_string(hide_password=False))
    new = change_rule(engine, RuleChange("hire_contract", 1, {"amount": "600", "min_contract_months": "13"},
                                         date(2025, 7, 1), "Raised to 600 yuan from July 2025."),
                      user_id=user.user_id, actor=user.username)
    assert (new.version, new.valid_from, new.valid_to, new.params, new.changed_by) == (
        2, date(2025, 7, 1), None, {"amount": 600, "min_contract_months": 13}, user.username)
    old = rule_versions(engine, "hire_contract")[1]
    assert (old.version, old.valid_to, old.params["amount"]) == (1, date(2025, 6, 30), 400)
    versions = rule_versions(engine)
    assert valid_on(versions, date(2025, 6, 30))["hire_contract"].version == 1
    assert valid_on(versions, date(2025, 7, 1))["hire_contract"].version == 2
    assert current_versions(versions)["hire_contract"].version == 2
    with unit_of_work(engine, write=False) as s:
        (event,) = s.exec(select(AuditEvent).where(col(AuditEvent.action) == "subsidy_rule_changed")).scalars()
    assert event.actor == user.username
    assert event.detail["old_params"]["amount"] == 400 and event.detail["new_params"]["amount"] == 600
    assert (event.detail["code"], event.detail["old_version"], event.detail["new_version"]) == ("hire_contract", 1, 2)


def test_a_change_is_refused_beside_its_fields(engine) -> None:
    ensure_default_rules(engine)
    with pytest.raises(FieldErrors) as refused:
        change_rule(engine, _change("hire_contract", 1, date(2019, 1, 1), amount="-400", min_contract_months="13"),
                    user_id=None, actor="org1")
    assert set(refused.value.errors) == {"amount", "valid_from"}
    with pytest.raises(FieldErrors) as refused:
        change_rule(engine, _change("hire_contract", 1, date(2018, 5, 1), amount="400", min_contract_months="x"),
                    user_id=None, actor="org1")
    assert set(refused.value.errors) == {"min_contract_months", "valid_from"}
    with pytest.raises(FieldErrors) as refused:
        change_rule(engine, _change("hire_contract", 1, None, amount="400", min_contract_months="13"),
                    user_id=None, actor="org1")
    assert set(refused.value.errors) == {"valid_from"}
    with pytest.raises(FieldErrors) as refused:  # the same figures and the same description
        change_rule(engine, RuleChange("hire_contract", 1, {"amount": "400", "min_contract_months": "13"},
                                       date(2025, 1, 1), rule_versions(engine, "hire_contract")[0].description),
                    user_id=None, actor="org1")
    assert set(refused.value.errors) == {"params"}
    with pytest.raises(FieldErrors) as refused:
        change_rule(engine, _change("poor_hires", 1, date(2025, 1, 1), bands=[
            {"min": "2", "max": "10", "amount": "20000"}, {"min": "12", "max": "", "amount": "50000"}]),
                    user_id=None, actor="org1")
    assert set(refused.value.errors) == {"band_1_min"}
    assert [v.version for v in rule_versions(engine, "hire_contract")] == [1]  # nothing written


def test_two_organizers_never_overwrite_each_other(engine) -> None:
    ensure_default_rules(engine)
    change_rule(engine, _change("retained_9m", 1, date(2025, 1, 1), amount="1200", months="9"),
                user_id=None, actor="org1")
    with pytest.raises(StateChanged) as refused:  # the second organizer still saw version 1
        change_rule(engine, _change("retained_9m", 1, date(2025, 2, 1), amount="1500", months="9"),
                    user_id=None, actor="org2")
    assert refused.value.values == {"version": 2}
    later = change_rule(engine, _change("retained_9m", 2, date(2025, 2, 1), amount="1500", months="9"),
                        user_id=None, actor="org2")
    assert later.version == 3
    with unit_of_work(engine, write=False) as s:
        rows = s.exec(select(SubsidyRule).where(col(SubsidyRule.code) == "retained_9m")
                      .order_by(col(SubsidyRule.version))).scalars().all()
    assert [(r.version, r.valid_from, r.valid_to, r.params["amount"]) for r in rows] == [
        (1, date(2019, 1, 1), date(2024, 12, 31), 1000), (2, date(2025, 1, 1), date(2025, 1, 31), 1200),
        (3, date(2025, 2, 1), None, 1500)]


DAYS = [date(2023, 1, 31), date(2024, 1, 31), date(2024, 2, 29), date(2023, 5, 31), date(2023, 8, 31),
        date(2023, 12, 31), date(2024, 3, 1), date(2023, 2, 28), date(1980, 2, 29), date(2024, 6, 15)]


@pytest.mark.parametrize("months", [0, 1, 3, 9, 12, 13, 552])
def test_months_added_in_sql_as_in_python(engine, months: int) -> None:
    with engine.connect() as conn:
        got = [conn.execute(select(add_months_sql(literal(d, Date), months, engine.dialect.name))).scalar_one()
               for d in DAYS]
    assert got == [add_months(d, months) for d in DAYS]
