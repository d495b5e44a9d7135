"""Deployment settings read from the environment (reads environment variables; no other I/O)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from handlers.service.core.request_limits import (
    MAX_BODY_BYTES,
    MAX_IMPORT_BYTES,
    MAX_ITEMS_PER_REQUEST,
)
from handlers.service.notify.digest_schedule import DIGEST_CHECK_SECONDS
from handlers.service.portability.imports.limits import (
    MAX_DECOMPRESSED_BYTES,
    MAX_LINE_BYTES,
    MAX_ROWS,
    MAX_SECONDS,
    ImportLimits,
)
from metadata_clients.environment import environment_values, variable_name


class SettingsError(ValueError):
    """A setting has a bad value; the message names the environment variable."""


ENV_PREFIX = "IMMERSION_TRACKER_"


class Settings(BaseModel):
    """Everything a deployment configures. Provider settings live in ``metadata_clients``.

    Values given to the constructor win over the environment, which wins over the
    defaults. A field's variable is ``IMMERSION_TRACKER_<FIELD>`` (or its alias), in any
    case, as pydantic-settings read it (``metadata_clients.environment``).
    """

    # Defaults are validated like given values; a name or its alias may be given. Built
    # when first read, like every model: importing a Lambda entry compiles no schema.
    model_config = ConfigDict(extra="ignore", validate_default=True, populate_by_name=True,
                              defer_build=True)

    def __init__(self, **values: Any) -> None:
        super().__init__(**{**environment_values(ENV_PREFIX, type(self).model_fields),
                            **values})

    storage: str = ""
    """``sqlite:///<path>``, ``dynamodb://<table>`` or ``memory://``; empty: the default file."""
    timezone: str = "Pacific/Auckland"
    """Default time zone of users who have not chosen one."""
    web_origin: str = "*"
    """The origin allowed by CORS (the web page's)."""
    web_url: str = ""
    """The web page's public address; when it is https the bot opens it as a Mini App."""
    secret_id: str | None = None
    """Secrets Manager secret(s) with users and credentials (AWS deployments); several ids
    separated by commas are read as one document (each function gets only the ones it needs)."""
    max_items_per_request: int = MAX_ITEMS_PER_REQUEST
    max_body_bytes: int = MAX_BODY_BYTES
    max_import_bytes: int = MAX_IMPORT_BYTES
    """Largest file ``POST /import`` takes (the bot and the command line take larger)."""
    max_import_decompressed_bytes: int = Field(default=MAX_DECOMPRESSED_BYTES, gt=0)
    """Most bytes of text any import reads, after unzipping (every door)."""
    max_import_line_bytes: int = Field(default=MAX_LINE_BYTES, gt=0)
    max_import_rows: int = Field(default=MAX_ROWS, gt=0)
    """Most lines any import reads."""
    max_import_seconds: float = Field(default=MAX_SECONDS, gt=0)
    """Longest any import may spend reading its file."""

    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias="TELEGRAM_BOT_TOKEN"
    )
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_secret: SecretStr | None = None
    telegram_users: str = ""
    """Pre-linked Telegram accounts: ``"<telegram id>:<user>,..."``."""
    discord_public_key: str | None = None
    """The Discord application's public key (hex): interactions are verified with it."""
    discord_application_id: str | None = None
    discord_bot_token: SecretStr | None = None
    """Registers the commands and sends direct messages; never logged."""
    discord_api_base: str = "https://discord.com/api/v10"
    """Discord's REST base, version included (the tests point it at a fake)."""
    digest_check_seconds: float = Field(default=DIGEST_CHECK_SECONDS, gt=0)
    """How often the long-lived bot looks for users whose digest is due."""
    trusted_proxies: str = ""
    """Reverse proxies (comma-separated IPs or CIDRs) whose ``X-Forwarded-For``, ``-Host``
    and ``-Proto`` ``serve`` believes; empty: none, every connection is its own client."""
    serve_workers: int | None = Field(default=None, ge=1, le=256)
    """Processes ``immersion-tracker serve`` answers the API with; unset: one per core."""

    def mini_app_url(self) -> str | None:
        """The page's address for Telegram, which opens only https pages as Mini Apps."""
        return self.web_url if self.web_url.startswith("https://") else None

    def import_limits(self) -> ImportLimits:
        """The bounds every import reads its file within."""
        return ImportLimits(
            self.max_import_decompressed_bytes, self.max_import_line_bytes,
            self.max_import_rows, self.max_import_seconds,
        )

    def storage_url(self) -> str:
        """The configured store, or the embedded default file."""
        from storage.url import default_storage_url

        return self.storage or default_storage_url()

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        from handlers.http.forwarded import parse_networks

        parse_networks(value)
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"{value!r} is not an IANA time zone name") from error
        return value


def load_settings() -> Settings:
    """Read the settings, turning a bad value into one line naming its variable."""
    try:
        return Settings()
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        fields = Settings.model_fields
        name = variable_name(ENV_PREFIX, field, fields[field]) if field in fields else field
        raise SettingsError(f"{name}: {first['msg']}") from None
