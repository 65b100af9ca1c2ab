"""Settings: read from the environment and .env, with one clear line per bad variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

TOKEN = "123456789:AAHfakefakefakefakefakefakefakefake"


def test_defaults_need_nothing(tmp_path: Path) -> None:
    settings = load_settings(None)
    assert settings.telegram_bot_token is None
    assert settings.db_path == "kisbot.sqlite3"
    assert settings.timezone == "Europe/Warsaw"
    assert settings.default_language == "pl"
    assert settings.bot_api_url == "https://api.telegram.org/bot"


def test_env_file_is_read(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(
        f"TELEGRAM_BOT_TOKEN={TOKEN}\nKISBOT_ADMIN_IDS=12, 34\nKISBOT_DEFAULT_LANGUAGE=uk\n"
        "TELEGRAM_API_BASE_URL=http://127.0.0.1:8081/\n",
        encoding="utf-8",
    )
    settings = load_settings(str(env))
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == TOKEN
    assert settings.admin_ids == frozenset({12, 34})
    assert settings.default_language == "uk"
    assert settings.bot_api_url == "http://127.0.0.1:8081/bot"


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("KISBOT_TIMEZONE", "Mars/Olympus", "KISBOT_TIMEZONE: 'Mars/Olympus' is not a known"),
        ("KISBOT_ADMIN_IDS", "12,abc", "KISBOT_ADMIN_IDS: must be Telegram user ids"),
        ("KISBOT_DEFAULT_LANGUAGE", "de", "KISBOT_DEFAULT_LANGUAGE: Input should be"),
        ("TELEGRAM_API_BASE_URL", "ftp://x", "TELEGRAM_API_BASE_URL: must start with http"),
        ("KISBOT_NUDGE_AFTER_HOURS", "0", "KISBOT_NUDGE_AFTER_HOURS: must be hours"),
        ("KISBOT_INVITE_VALID_DAYS", "0", "KISBOT_INVITE_VALID_DAYS: Input should be greater"),
        ("KISBOT_EXPORT_WORKERS", "-1", "KISBOT_EXPORT_WORKERS: Input should be greater"),
        ("KISBOT_EXPORT_WORKERS", "64", "KISBOT_EXPORT_WORKERS: Input should be less"),
        ("KISBOT_EXPORT_WORKERS", "two", "KISBOT_EXPORT_WORKERS: Input should be a valid integer"),
        ("KISBOT_EXPORT_WORKERS", "1.5", "KISBOT_EXPORT_WORKERS: Input should be a valid integer"),
    ],
)
def test_bad_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        load_settings(None)
    assert len(caught.value.lines) == 1
    assert caught.value.lines[0].startswith(expected)


def test_exports_are_built_in_one_worker_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings(None).export_workers == 1
    monkeypatch.setenv("KISBOT_EXPORT_WORKERS", "0")  # in a thread of the bot, as before
    assert load_settings(None).export_workers == 0


def test_bad_token_is_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "12345:tooShortButSecret"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", secret)
    with pytest.raises(SettingsError) as caught:
        load_settings(None)
    assert "TELEGRAM_BOT_TOKEN" in str(caught.value)
    assert "tooShortButSecret" not in str(caught.value)


def test_several_problems_are_all_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KISBOT_TIMEZONE", "Nowhere")
    monkeypatch.setenv("KISBOT_DEFAULT_LANGUAGE", "xx")
    with pytest.raises(SettingsError) as caught:
        load_settings(None)
    assert {line.split(":")[0] for line in caught.value.lines} == {
        "KISBOT_TIMEZONE",
        "KISBOT_DEFAULT_LANGUAGE",
    }
