"""Request and answer bodies of the capture routes (no I/O)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, RootModel


class IntegrationBody(BaseModel):
    """``POST /integrations``: a name and the player it is for."""

    # Built on first use, like every wire model: a cold start compiles only what it answers.
    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: str = Field(max_length=100)
    source: str = Field(max_length=20, json_schema_extra={
        "enum": ["jellyfin", "plex", "emby", "generic"]})
    require_language: bool = False


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class NewIntegration(_Answer):
    id: str
    name: str
    source: str
    token: str
    capture_url: str
    created_at: int
    steps: list[str]
    """How to connect the player, the capture URL in them: what the bot's /connect says."""
    template: str | None = None
    """Jellyfin's webhook template (``None`` for the other players)."""


class IntegrationListed(_Answer):
    id: str
    name: str
    source: str
    created_at: int
    last_used_at: int | None
    sessions: int


class Integrations(RootModel):  # type: ignore[type-arg]
    """``GET /integrations``: a JSON array, never a token in it."""

    # The root's type is annotated here, not as ``RootModel[...]``: a parametrised base is
    # a class of its own, compiled at import whatever this model's config defers.
    model_config = ConfigDict(frozen=True, defer_build=True)
    root: list[IntegrationListed]


class Captured(_Answer):
    """The answer to a capture: the session's state, or why the event was not used."""

    session: str | None = None
    state: str
    counted_seconds: int | None = None
    reason: str | None = None


class CaptureListed(_Answer):
    id: str
    state: str
    counted_seconds: int
    reason: str | None
    title: str
    source: str
    player: str
    kind: str
    started_at: int | None
    last_event_at: int | None
    entry_id: str | None


class Captures(_Answer):
    captures: list[CaptureListed]
