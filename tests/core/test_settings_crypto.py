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


_FIRST_START = """
import sys
from pathlib import Path
from services.core.crypto import resolve_secret
from services.core.settings import Settings
print(resolve_secret(Settings(PORTAL_DATA_DIR=Path(sys.argv[1]))))
"""


def test_concurrent_first_starts_share_one_full_key(tmp_path, monkeypatch) -> None:
    """Processes and threads starting at once all get the same key, never an empty or short one."""
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from services.core.crypto import MIN_SECRET_BYTES, resolve_secret
    from services.core.settings import ROOT, Settings

    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    monkeypatch.delenv("PORTAL_ENV", raising=False)
    for round_ in range(3):
        data = tmp_path / f"round{round_}"
        procs = [subprocess.Popen([sys.executable, "-c", _FIRST_START, str(data)], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True) for _ in range(6)]
        with ThreadPoolExecutor(8) as pool:
            threads = list(pool.map(lambda _: resolve_secret(Settings(PORTAL_DATA_DIR=data)), range(16)))
        keys = set(threads) | {p.communicate(timeout=60)[0].strip() for p in procs}
        assert len(keys) == 1
        (key,) = keys
        assert len(key.encode()) >= MIN_SECRET_BYTES
        assert (data / "secret.key").read_text().strip() == key
        assert [p.name for p in data.iterdir()] == ["secret.key"]  # no temporary files left


def test_an_empty_or_short_key_file_is_refused(tmp_path, monkeypatch) -> None:
    from services.core.crypto import InsecureSecretError, resolve_secret
    from services.core.settings import Settings

    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    monkeypatch.delenv("PORTAL_ENV", raising=False)
    for content in ("", "   \n", "short-key"):
        (tmp_path / "secret.key").write_text(content)
        with pytest.raises(InsecureSecretError):
            resolve_secret(Settings(PORTAL_DATA_DIR=tmp_path))


def test_kiosk_warning_must_come_before_the_reset() -> None:
    import pytest
    from pydantic import ValidationError

    from services.core.settings import Settings

    ok = Settings(PORTAL_KIOSK_IDLE_SECONDS=40, PORTAL_KIOSK_WARN_SECONDS=25)
    assert (ok.kiosk_idle_seconds, ok.kiosk_warn_seconds) == (40, 25)
    with pytest.raises(ValidationError, match="must be below"):
        Settings(PORTAL_KIOSK_IDLE_SECONDS=30, PORTAL_KIOSK_WARN_SECONDS=30)


def test_follow_up_months_must_increase_within_five_years(monkeypatch) -> None:
    from pydantic import ValidationError

    monkeypatch.setenv("PORTAL_FOLLOWUP_MONTHS", "[1, 3, 6, 12]")
    assert Settings().followup_months == (1, 3, 6, 12)
    for wrong in ("[3, 1]", "[1, 1]", "[0, 3]", "[]", "[6, 61]"):
        monkeypatch.setenv("PORTAL_FOLLOWUP_MONTHS", wrong)
        with pytest.raises(ValidationError, match="PORTAL_FOLLOWUP_MONTHS"):
            Settings()
