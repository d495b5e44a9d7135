"""Deployment settings from the environment: names in any case, aliases, what wins, errors."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from handlers.settings import Settings, SettingsError, load_settings


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("IMMERSION_TRACKER_STORAGE", "IMMERSION_TRACKER_TIMEZONE",
                 "IMMERSION_TRACKER_SECRET_ID", "TELEGRAM_BOT_TOKEN",
                 "IMMERSION_TRACKER_SERVE_WORKERS"):
        monkeypatch.delenv(name, raising=False)


def test_a_variable_is_read_whatever_its_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("immersion_tracker_storage", "memory://")
    monkeypatch.setenv("Immersion_Tracker_Timezone", "UTC")
    monkeypatch.setenv("IMMERSION_TRACKER_MAX_BODY_BYTES", "123")
    settings = load_settings()
    assert settings.storage == "memory://"
    assert (settings.timezone, settings.max_body_bytes) == ("UTC", 123)


def test_the_bot_token_has_its_own_variable_and_no_prefixed_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMMERSION_TRACKER_TELEGRAM_BOT_TOKEN", "prefixed")
    assert load_settings().telegram_bot_token is None
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "token")
    token = load_settings().telegram_bot_token
    assert token is not None and token.get_secret_value() == "token"


def test_given_values_win_over_the_environment_by_name_or_alias(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMMERSION_TRACKER_STORAGE", "memory://env")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "env")
    by_name = Settings(storage="memory://given", telegram_bot_token=SecretStr("given"))
    assert by_name.storage == "memory://given"
    assert by_name.telegram_bot_token == SecretStr("given")
    assert Settings(TELEGRAM_BOT_TOKEN="alias").telegram_bot_token == SecretStr("alias")
    assert Settings().storage == "memory://env"


def test_an_empty_variable_is_a_value_not_an_absence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMMERSION_TRACKER_SECRET_ID", "")
    assert load_settings().secret_id == ""
    monkeypatch.setenv("IMMERSION_TRACKER_SERVE_WORKERS", "")
    with pytest.raises(SettingsError, match=r"^IMMERSION_TRACKER_SERVE_WORKERS: .*integer"):
        load_settings()


def test_a_bad_value_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMMERSION_TRACKER_TIMEZONE", "Mars/Base")
    with pytest.raises(SettingsError, match=r"^IMMERSION_TRACKER_TIMEZONE: .*'Mars/Base'"):
        load_settings()


def test_a_given_value_is_validated_like_a_variable() -> None:
    with pytest.raises(ValidationError, match="Nowhere/X"):
        Settings(timezone="Nowhere/X")
    assert Settings(max_body_bytes="77").max_body_bytes == 77
