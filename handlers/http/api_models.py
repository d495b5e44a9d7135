"""Request bodies of the REST API: unknown fields ignored, types checked (no I/O)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, model_validator

NonEmpty = Annotated[StrictStr, Field(min_length=1)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)


class EpisodeIn(_Body):
    folder_name: NonEmpty
    file_name: NonEmpty


class SyncEpisodesBody(_Body):
    episodes: list[EpisodeIn]


class ShowBody(_Body):
    folder_name: NonEmpty
    tvdb_id: StrictInt | None = None
    """Required but for a body that only says what the show is (``activity``)."""
    activity: Literal["anime", "tv"] | None = None
    """What its episodes count as: ``anime`` when the user says so, else ``tv``."""


class MovieIn(_Body):
    file_name: NonEmpty
    tvdb_id: StrictInt | None = None
    tmdb_id: StrictInt | None = None

    @model_validator(mode="after")
    def _one_id(self) -> MovieIn:
        if self.tvdb_id is None and self.tmdb_id is None:
            raise ValueError("each movie needs a tvdb_id (or a tmdb_id)")
        return self


class SyncMoviesBody(_Body):
    movies: list[MovieIn]


class SyncYouTubeBody(_Body):
    video_ids: list[StrictStr]


class SyncSpotifyBody(_Body):
    episode_ids: list[StrictStr]
    backfill: StrictBool = False

