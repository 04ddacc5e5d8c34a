"""One typed settings object, read from the environment and `.streamlit/secrets.toml`.

Environment variables win over the secrets file. In production the app refuses to
start with a missing, default or short secret key; on the embedded default a local
key is generated once and kept beside the database (see `services.core.crypto`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from services.core.client_address import IPNetwork, parse_networks

ROOT = Path(__file__).resolve().parents[2]
SECRETS_FILE = ROOT / ".streamlit" / "secrets.toml"

# Values that must never reach production.
DEFAULT_SECRETS = {"", "changethis", "changeme", "secret", "dev", "development"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False)

    environment: Literal["development", "production"] = Field(
        default="development", validation_alias="PORTAL_ENV"
    )
    database_url: str = Field(default="", validation_alias="DATABASE_URL")
    # reads of the dashboard, exports, meeting report and audit log: a PostgreSQL streaming replica
    # (services/core/read_db.py); empty: the database above. The dashboard says when the replica lags
    # more than `replica_lag_seconds` behind.
    read_database_url: str = Field(default="", validation_alias=AliasChoices("PORTAL_READ_DATABASE_URL",
                                                                             "READ_DATABASE_URL"))
    replica_lag_seconds: int = Field(default=15, ge=1, le=3600, validation_alias="PORTAL_REPLICA_LAG_SECONDS")
    data_dir: Path = Field(default=ROOT / "data", validation_alias="PORTAL_DATA_DIR")
    secret_key: SecretStr | None = Field(default=None, validation_alias="PORTAL_SECRET_KEY")
    cookie_key: SecretStr | None = Field(default=None, validation_alias="PORTAL_COOKIE_KEY")
    base_url: str = Field(default="http://localhost:8501", validation_alias="PORTAL_BASE_URL")
    county_file: Path = Field(
        default=ROOT / "config" / "county.toml", validation_alias="PORTAL_COUNTY_FILE"
    )
    rent_file: Path = Field(  # estimated rents where no housing is provided (pay left)
        default=ROOT / "config" / "rent.toml", validation_alias="PORTAL_RENT_FILE"
    )
    timezone: str = Field(default="Asia/Shanghai", validation_alias="PORTAL_TIMEZONE")
    # proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated or a JSON list);
    # empty: no header is believed, the connection's peer is the client (services/core/client_address.py)
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = Field(default=(),
                                                                  validation_alias="PORTAL_TRUSTED_PROXIES")
    default_language: Literal["zh_CN", "en"] = Field(
        default="zh_CN", validation_alias="PORTAL_LANGUAGE"
    )
    # Kiosks (pages/public/kiosk.py): back to a clean start screen after this many idle seconds, with a
    # countdown warning from `kiosk_warn_seconds`; the final screen starts over after `kiosk_done_seconds`.
    kiosk_idle_seconds: int = Field(default=60, ge=15, le=600, validation_alias="PORTAL_KIOSK_IDLE_SECONDS")
    kiosk_warn_seconds: int = Field(default=45, ge=5, le=590, validation_alias="PORTAL_KIOSK_WARN_SECONDS")
    kiosk_done_seconds: int = Field(default=10, ge=3, le=120, validation_alias="PORTAL_KIOSK_DONE_SECONDS")
    # Village lists (services/imports/reading.py): a larger upload is refused before it is read.
    # follow-up visits after a hire (issue 13): months after the start date, and each visit's window
    followup_months: tuple[int, ...] = Field(default=(1, 3, 6), validation_alias="PORTAL_FOLLOWUP_MONTHS")
    followup_opens_days: int = Field(default=7, ge=0, le=60, validation_alias="PORTAL_FOLLOWUP_OPENS_DAYS")
    followup_closes_days: int = Field(default=14, ge=0, le=90, validation_alias="PORTAL_FOLLOWUP_CLOSES_DAYS")
    # a household is lifted by work when its wage income per member per year reaches this (yuan)
    poverty_line: int = Field(default=3500, ge=1, le=100_000, validation_alias="PORTAL_POVERTY_LINE")
    # the same limit as Streamlit's server.maxUploadSize (.streamlit/config.toml, MB); a test checks they agree
    import_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, validation_alias="PORTAL_IMPORT_MAX_BYTES")
    # PostgreSQL connections per app process (services/core/db_pool.py: processes x (pool + overflow)
    # + headroom must stay under max_connections; scripts/cluster.py checks it)
    db_pool_size: int = Field(default=5, ge=1, le=100, validation_alias="PORTAL_DB_POOL_SIZE")
    db_max_overflow: int = Field(default=5, ge=0, le=100, validation_alias="PORTAL_DB_MAX_OVERFLOW")
    db_pool_timeout: int = Field(default=30, ge=1, le=120, validation_alias="PORTAL_DB_POOL_TIMEOUT")

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_list(cls, value: object) -> object:
        if isinstance(value, str):
            value = json.loads(value) if value.strip().startswith("[") else value.split(",")
        if isinstance(value, list | tuple):
            value = tuple(str(v).strip() for v in value if str(v).strip())
            parse_networks(value)  # ValueError names a bad entry
        return value

    @property
    def trusted_proxy_networks(self) -> tuple[IPNetwork, ...]:
        return parse_networks(self.trusted_proxies)

    @model_validator(mode="after")
    def _follow_up_months(self) -> Settings:
        months = self.followup_months
        if not months or list(months) != sorted(set(months)) or months[0] < 1 or months[-1] > 60:
            raise ValueError(f"PORTAL_FOLLOWUP_MONTHS must be increasing whole months from 1 to 60, got {months}")
        return self

    @model_validator(mode="after")
    def _kiosk_warning_before_reset(self) -> Settings:
        if self.kiosk_warn_seconds >= self.kiosk_idle_seconds:  # the warning would never show
            raise ValueError(f"PORTAL_KIOSK_WARN_SECONDS ({self.kiosk_warn_seconds}) must be below "
                             f"PORTAL_KIOSK_IDLE_SECONDS ({self.kiosk_idle_seconds})")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if SECRETS_FILE.exists():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=SECRETS_FILE))
        return tuple(sources)

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def effective_database_url(self) -> str:
        """`DATABASE_URL`, or the embedded SQLite file under `data_dir`."""
        if self.database_url:
            return normalize_database_url(self.database_url)
        return f"sqlite:///{self.data_dir / 'portal.db'}"

    @property
    def effective_read_database_url(self) -> str:
        """`READ_DATABASE_URL` (a replica), or the database itself."""
        if self.read_database_url:
            return normalize_database_url(self.read_database_url)
        return self.effective_database_url

    @property
    def reads_from_replica(self) -> bool:
        """Reads go to a database of their own (READ_DATABASE_URL names another one)."""
        return self.effective_read_database_url != self.effective_database_url


def normalize_database_url(url: str) -> str:
    """Accept the common `postgres://` / `postgresql://` forms and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
