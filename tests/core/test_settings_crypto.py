"""Settings, secrets and the vault."""

from __future__ import annotations

import stat

import pytest
from cryptography.fernet import InvalidToken

from services.core.crypto import InsecureSecretError, Vault, resolve_secret
from services.core.settings import Settings


def test_production_refuses_default_or_short_secrets(tmp_path) -> None:
    for secret in (None, "changethis", "short-secret"):
        settings = Settings(PORTAL_ENV="production", PORTAL_SECRET_KEY=secret, PORTAL_DATA_DIR=tmp_path)
        with pytest.raises(InsecureSecretError):
            resolve_secret(settings)
    good = "x" * 40
    assert resolve_secret(Settings(PORTAL_ENV="production", PORTAL_SECRET_KEY=good, PORTAL_DATA_DIR=tmp_path)) == good


def test_embedded_default_generates_a_local_key_once(tmp_path) -> None:
    settings = Settings(PORTAL_DATA_DIR=tmp_path)
    first = resolve_secret(settings)
    assert len(first) >= 32
    assert resolve_secret(settings) == first
    key_file = tmp_path / "secret.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_database_url_default_and_postgres_forms(tmp_path) -> None:
    assert Settings(PORTAL_DATA_DIR=tmp_path).effective_database_url == f"sqlite:///{tmp_path / 'portal.db'}"
    pg = Settings(DATABASE_URL="postgres://u:p@db:5432/portal").effective_database_url
    assert pg == "postgresql+psycopg://u:p@db:5432/portal"


def test_vault_round_trip_and_keyed_digest() -> None:
    a, b = Vault.from_secret("a" * 40), Vault.from_secret("b" * 40)
    token = a.encrypt("11010519491231002X")
    assert a.decrypt(token) == "11010519491231002X" and "11010519491231002X" not in token
    with pytest.raises(InvalidToken):
        b.decrypt(token)
    assert a.digest("id", "x") == a.digest("id", "x") != b.digest("id", "x")
    assert a.digest("id", "x") != a.digest("phone", "x")


def test_production_refuses_default_or_short_cookie_keys(tmp_path) -> None:
    from services.core.crypto import resolve_cookie_key

    strong = "s" * 40
    for key in (None, "changethis", "too-short"):
        settings = Settings(PORTAL_ENV="production", PORTAL_SECRET_KEY=strong, PORTAL_COOKIE_KEY=key,
                            PORTAL_DATA_DIR=tmp_path)
        with pytest.raises(InsecureSecretError, match="PORTAL_COOKIE_KEY"):
            resolve_cookie_key(settings)
    ok = Settings(PORTAL_ENV="production", PORTAL_SECRET_KEY=strong, PORTAL_COOKIE_KEY="c" * 40)
    assert resolve_cookie_key(ok) == "c" * 40
    dev = Settings(PORTAL_DATA_DIR=tmp_path)
    assert len(resolve_cookie_key(dev)) >= 32 and resolve_cookie_key(dev) == resolve_cookie_key(dev)
