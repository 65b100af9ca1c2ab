"""The one place that reads the environment (and .env)."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Language = Literal["pl", "uk", "en"]
LANGUAGES: tuple[Language, ...] = ("pl", "uk", "en")


class Settings(BaseSettings):
    """kisbot's settings; every field is documented in .env.example."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org", alias="TELEGRAM_API_BASE_URL"
    )
    db_path: str = Field(default="kisbot.sqlite3", alias="KISBOT_DB_PATH")
    # Secret: a PostgreSQL URL may carry a password.
    database_url: SecretStr | None = Field(default=None, alias="KISBOT_DATABASE_URL")
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), alias="KISBOT_ADMIN_IDS"
    )
    timezone: str = Field(default="Europe/Warsaw", alias="KISBOT_TIMEZONE")
    default_language: Language = Field(default="pl", alias="KISBOT_DEFAULT_LANGUAGE")
    invite_valid_days: int = Field(default=14, ge=1, le=365, alias="KISBOT_INVITE_VALID_DAYS")
    nudge_after_hours: Annotated[tuple[int, ...], NoDecode] = Field(
        default=(24, 72), alias="KISBOT_NUDGE_AFTER_HOURS"
    )
    send_rate_per_second: float = Field(
        default=25.0, gt=0, le=30, alias="KISBOT_SEND_RATE_PER_SECOND"
    )
    export_workers: int = Field(default=1, ge=0, le=8, alias="KISBOT_EXPORT_WORKERS")
    webhook_secret: SecretStr | None = Field(default=None, alias="KISBOT_WEBHOOK_SECRET")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", alias="KISBOT_LOG_LEVEL"
    )

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _token_shape(cls, value: object) -> object:
        if value in (None, ""):
            return None
        text = str(value).strip()
        bot_id, sep, secret = text.partition(":")
        if not (sep and bot_id.isdigit() and len(secret) >= 20):
            # Never echo the value: it may be a real token with a typo in it.
            raise ValueError("does not look like a token from @BotFather (digits:secret)")
        return text

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _webhook_secret(cls, value: object) -> object:
        if value in (None, ""):
            return None
        from bot.webhook import secret_problem

        problem = secret_problem(str(value))
        if problem:
            raise ValueError(problem)  # never the value: it is a secret
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("database_url", mode="before")
    @classmethod
    def _database_url(cls, value: object) -> object:
        if value in (None, ""):
            return None
        text = str(value).strip()
        problem = database_url_problem(text)
        if problem:
            raise ValueError(problem)  # never the value: it may hold a password
        return text

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            bad = [p for p in parts if not p.lstrip("-").isdigit()]
            if bad:
                raise ValueError(f"must be Telegram user ids separated by commas, not {bad[0]!r}")
            return frozenset(int(p) for p in parts)
        return value

    @field_validator("nudge_after_hours", mode="before")
    @classmethod
    def _hours(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not parts or not all(p.isdigit() and 0 < int(p) <= 24 * 30 for p in parts):
                raise ValueError("must be hours between 1 and 720 separated by commas, e.g. 24,72")
            return tuple(sorted(int(p) for p in parts))
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known time zone (e.g. Europe/Warsaw)") from None
        return value

    @property
    def database(self) -> str:
        """What open_database takes: the PostgreSQL URL if set, else the SQLite file."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return self.db_path

    @property
    def database_setting(self) -> str:
        """How operator messages name the database: the setting, and the file (not a URL)."""
        if self.database_url is not None:
            return "KISBOT_DATABASE_URL"
        return f"KISBOT_DB_PATH: {self.db_path}"

    @property
    def bot_api_url(self) -> str:
        """PTB's base_url: requests go to {bot_api_url}{token}/{method}."""
        return f"{self.telegram_api_base_url}/bot"

    @property
    def bot_file_url(self) -> str:
        """PTB's base_file_url."""
        return f"{self.telegram_api_base_url}/file/bot"


# A "%" that does not start a %XX escape, or the escape of NUL: libpq refuses such a URL
# quoting the part it is in, which may be the password.
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})|%00")


def database_url_problem(url: str) -> str | None:
    """What is wrong with a PostgreSQL URL, in words that never quote it; None if nothing."""
    if not url.startswith(("postgresql://", "postgres://")):
        return "must be a postgresql://user:password@host:port/dbname URL"
    if _BAD_ESCAPE.search(url):
        return "a % in it must be written %25 (URL percent-encoding), e.g. in the password"
    return None


class SettingsError(Exception):
    """Settings could not be read; each line names the variable and the problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def load_settings(env_file: str | None = ".env") -> Settings:
    """Read the settings, turning validation errors into one line per variable."""
    try:
        return Settings(_env_file=env_file)
    except ValidationError as exc:
        raise SettingsError(describe_errors(exc)) from None


def describe_errors(exc: ValidationError) -> list[str]:
    """`VARIABLE: what is wrong` for each error, never the offending value of a secret."""
    lines = []
    for error in exc.errors(include_input=False, include_url=False):
        variable = str(error["loc"][0]) if error["loc"] else "settings"
        message = str(error["msg"]).removeprefix("Value error, ")
        lines.append(f"{variable}: {message}")
    return lines
