"""Which townships a staff member works on (`accounts.township`): organizers every township, township staff
theirs only, other roles none. Both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from models import StaffUser
from services.accounts import passwords
from services.accounts.staff import create_user
from services.accounts.township import EVERYWHERE, TownshipScope, township_scope
from services.core.errors import PortalError


def staff(engine, username: str, role: str, township: str | None = None) -> int:
    passwords.BCRYPT_ROUNDS = 4  # tests only: fast hashes
    is_township = role == "township"
    user = create_user(engine, username=username, display_name=username, role=role, password="a long test passphrase",
                       township=(township or "城关镇") if is_township else None)
    assert user.id is not None
    if is_township and township is None:  # an account made before the rule that it names its township
        with engine.begin() as conn:
            conn.execute(update(StaffUser.__table__).where(StaffUser.__table__.c.id == user.id).values(township=None))
    return user.id


def test_organizers_work_everywhere_township_staff_on_theirs(engine) -> None:
    assert township_scope(engine, staff(engine, "org1", "organizer")) == EVERYWHERE
    scope = township_scope(engine, staff(engine, "tw1", "township", "大河乡"))
    assert scope == TownshipScope("大河乡") and not scope.everywhere
    assert scope.allows("大河乡") and not scope.allows("城关镇") and not scope.allows(None)
    assert scope.narrow("城关镇") == "大河乡" and EVERYWHERE.narrow("城关镇") == "城关镇"
    assert EVERYWHERE.narrow("") is None
    with pytest.raises(PortalError) as refused:
        scope.check("城关镇")
    assert refused.value.values == {"township": "大河乡"}


def test_other_roles_and_a_township_account_without_township_have_no_scope(engine) -> None:
    for user_id in (staff(engine, "desk1", "desk"), staff(engine, "tw2", "township")):
        with pytest.raises(PortalError):
            township_scope(engine, user_id)
