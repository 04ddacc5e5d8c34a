"""Protection of personal data: encryption at rest and keyed look-up digests.

ID numbers and phones are stored encrypted with Fernet and found again through an
HMAC-SHA256 keyed with a separate derived key: a plain hash of an 18-character ID
number could be brute-forced from the birth dates and area codes alone.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from services.core.settings import DEFAULT_SECRETS, Settings

MIN_SECRET_BYTES = 32
LOCAL_KEY_FILE = "secret.key"


class InsecureSecretError(RuntimeError):
    """The configured secret must not be used (production with a default or short key)."""


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


@dataclass(frozen=True)
class Vault:
    """Encrypts, decrypts and digests personal fields with keys derived from one secret."""

    fernet: Fernet
    hmac_key: bytes

    @classmethod
    def from_secret(cls, secret: str | bytes) -> Vault:
        master = secret.encode() if isinstance(secret, str) else secret
        fernet_key = base64.urlsafe_b64encode(_derive(master, b"portal/fernet/v1"))
        return cls(fernet=Fernet(fernet_key), hmac_key=_derive(master, b"portal/lookup-hmac/v1"))

    def encrypt(self, value: str) -> str:
        return self.fernet.encrypt(value.encode()).decode()

    def decrypt(self, token: str) -> str:
        return self.fernet.decrypt(token.encode()).decode()

    def digest(self, kind: str, value: str) -> str:
        """Keyed look-up digest; `kind` keeps an ID number and a phone apart."""
        msg = f"{kind}:{value}".encode()
        return hmac.new(self.hmac_key, msg, hashlib.sha256).hexdigest()


def resolve_secret(settings: Settings) -> str:
    """The master secret: configured, or (embedded default only) a local generated key."""
    configured = settings.secret_key.get_secret_value() if settings.secret_key else ""
    if settings.is_production:
        if configured.strip().lower() in DEFAULT_SECRETS:
            raise InsecureSecretError(
                "PORTAL_SECRET_KEY is missing or a default value; refusing to start in production."
            )
        if len(configured.encode()) < MIN_SECRET_BYTES:
            raise InsecureSecretError(
                f"PORTAL_SECRET_KEY must be at least {MIN_SECRET_BYTES} bytes in production."
            )
        return configured
    if configured:
        return configured
    return _local_key(Path(settings.data_dir))


def _local_key(data_dir: Path) -> str:
    """Generate once and keep beside the database; readable by the owner only.

    Several first requests (threads or processes) may start at once. The key is written
    whole to a private temporary file, flushed to disk, then linked into place: `link`
    fails if the file exists, so exactly one key wins and no one ever reads a file that
    is still being written. A key file that is empty or short is refused, never used.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCAL_KEY_FILE
    if not path.exists():
        fd, tmp = tempfile.mkstemp(prefix=".secret-", dir=data_dir)  # created 0600
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(48))
                fh.flush()
                os.fsync(fh.fileno())
            with contextlib.suppress(FileExistsError):  # another process won the race: use its key
                os.link(tmp, path)
        finally:
            os.unlink(tmp)
    key = path.read_text().strip()
    if len(key.encode()) < MIN_SECRET_BYTES:
        raise InsecureSecretError(
            f"The key file {path} is empty or shorter than {MIN_SECRET_BYTES} bytes; refusing to use it. "
            "Restore the right key (without it stored ID numbers cannot be read), or remove the file "
            "on a new installation."
        )
    return key


def resolve_cookie_key(settings: Settings) -> str:
    """Key that signs staff sign-in cookies: configured (production: strong), else derived."""
    configured = settings.cookie_key.get_secret_value() if settings.cookie_key else ""
    if settings.is_production:
        if configured.strip().lower() in DEFAULT_SECRETS or len(configured.encode()) < MIN_SECRET_BYTES:
            raise InsecureSecretError(
                f"PORTAL_COOKIE_KEY is missing, a default or shorter than {MIN_SECRET_BYTES} bytes; "
                "refusing to start in production."
            )
        return configured
    if configured:
        return configured
    return base64.urlsafe_b64encode(_derive(resolve_secret(settings).encode(), b"portal/cookie/v1")).decode()


def vault_for(settings: Settings) -> Vault:
    return Vault.from_secret(resolve_secret(settings))
