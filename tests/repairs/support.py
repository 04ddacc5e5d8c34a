"""Staff accounts for the repair tests."""

from __future__ import annotations

from services.accounts import passwords
from services.accounts.staff import create_user


def register_staff(engine, username: str = "org1") -> int:
    passwords.BCRYPT_ROUNDS = 4  # tests only: fast hashes
    user = create_user(engine, username=username, display_name="县人社局 张科长", role="organizer",
                       password="a long test passphrase")
    assert user.id is not None
    return user.id
