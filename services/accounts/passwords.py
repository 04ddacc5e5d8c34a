"""Password policy per OWASP ASVS 5: at least 8 characters, long passphrases allowed, no
composition rules, and common or guessable passwords refused. Hashing with bcrypt."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import bcrypt

from services.core.i18n import N_
from services.core.validation import FieldError

PASSWORDS_DIFFER = N_("The two passwords are not the same.")  # a form's password and its repeat

MIN_LENGTH = 8
BCRYPT_ROUNDS = 12  # about 0.3 s on this hardware; tests lower it
MAX_LENGTH = 128  # ASVS: at least 64 must be allowed; bcrypt reads 72 bytes, see _prehash
EXTRA_COMMON = ("jobfair", "portal", "admin123", "12345678", "88888888", "66666666", "woaini1314",
                "changethis", "changeme", "password1")


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # 30,000 most used passwords

    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(EXTRA_COMMON)


def _normalize(password: str) -> str:
    return unicodedata.normalize("NFKC", password).strip()  # the sign-in form strips, so do we


def check_password(password: str, *, username: str = "") -> None:
    """Raise FieldError (a message id) when the password may not be used."""
    pw = _normalize(password or "")
    if len(pw) < MIN_LENGTH:
        raise FieldError(N_("A password needs at least 8 characters. A short sentence is easy to remember."))
    if len(pw) > MAX_LENGTH:
        raise FieldError(N_("A password can have at most 128 characters."))
    folded = pw.lower()
    if folded in _common() or len(set(folded)) <= 2:
        raise FieldError(N_("This password is too common. Choose another one."))
    if username and username.lower() in folded:
        raise FieldError(N_("The password must not contain the user name."))


def _prehash(password: str) -> bytes:
    """bcrypt only reads 72 bytes: hash long passphrases down first so every character counts."""
    import base64
    import hashlib

    raw = _normalize(password).encode()
    if len(raw) <= 72:
        return raw
    return base64.b64encode(hashlib.sha256(raw).digest())


def hash_password(password: str) -> str:
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode()


def verify_password(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(_prehash(password or ""), hashed.encode())
    except ValueError:
        return False


# A hash to compare against when the user does not exist, so timing does not reveal user names.
DUMMY_HASH = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5ZzNmQ3q0pZbq1bq4X9Qm0v1rZyS0Mq"
