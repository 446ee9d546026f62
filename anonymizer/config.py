"""Settings from environment variables (prefix ``KITA_ANON_``) or a ``.env`` file, validated once."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_MODEL = PROJECT_ROOT / "models" / "de_kita_ner"
BLANK_MODEL = "blank:de"


def _default_model() -> str:
    return str(SHIPPED_MODEL) if (SHIPPED_MODEL / "meta.json").exists() else BLANK_MODEL


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KITA_ANON_", env_file=".env", extra="ignore")

    model: str = Field(
        default_factory=_default_model,
        description="spaCy pipeline: a directory, an installed package name, or 'blank:de'.",
    )
    policy_dir: Path = Field(default=PROJECT_ROOT / "policies", description="Where policy files live.")
    policy: str = Field(default="netzwerk", description="Policy used when none is named.")
    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="Database and encrypted rosters.")
    key_file: Path | None = Field(default=None, description="File holding the encryption key.")
    key: str | None = Field(default=None, description="Encryption key (base64); prefer key_file.")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default SQLite in data_dir.")
    batch_size: int = Field(default=64, ge=1, le=10_000)
    session_secret: str | None = Field(
        default=None, description="Signs the web session cookie; default: a random secret kept in data_dir."
    )
    request_timeout: float = Field(default=60.0, gt=0, description="Seconds the web service works on one request.")
    metrics: bool = Field(
        default=False, description="Prometheus metrics at /metrics (counts and timings, never text); off by default."
    )
    workers: int | None = Field(
        default=None, ge=1, le=256, description="Worker processes of the web service; default: one per core."
    )
    worker_memory_mb: int = Field(
        default=2048, ge=512, description="Address space of one worker process (pipeline included), in MiB."
    )
    behind_tls: bool = Field(
        default=False, description="Served over HTTPS (e.g. by a reverse proxy): Secure cookies and an HSTS header."
    )

    @field_validator("key_file", "key", "database_url", "session_secret", "workers", mode="before")
    @classmethod
    def empty_means_unset(cls, value: object) -> object:
        """``KITA_ANON_KEY_FILE=`` in a shell or .env file means "not set", not the current directory."""
        return None if isinstance(value, str) and not value.strip() else value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
