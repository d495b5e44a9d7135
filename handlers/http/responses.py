"""Response bodies of the REST API as pydantic models: the wire shape, field order too (no I/O).

Every route answers through one of these, so the OpenAPI document is generated from the
same classes that produce the bytes. Field order is the order clients have always seen.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from handlers.service import SyncReport


class _Response(BaseModel):
    # Forbidding extras makes a service field the contract does not name a loud 500 in
    # tests instead of a silent change on the wire.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ErrorBody(_Response):
    """Every error: one sentence for a person."""

    message: str


class DailyActivity(_Response):
    days_ago: int
    minutes_watched: int


class QuarterProgress(_Response):
    label: str
    cumulative_hours: int


class ShowProgress(_Response):
    show_id: str | None
    name: str | None
    artwork_url: str | None
    episodes_watched: int


class ChannelProgress(_Response):
    channel_id: str | None
    channel_name: str | None
    artwork_url: str | None
    videos_watched: int


class PodcastProgress(_Response):
    show_id: str | None
    show_name: str | None
    artwork_url: str | None
    episodes_watched: int


class MovieProgress(_Response):
    movie_id: str
    name: str | None
    artwork_url: str | None


class GroupMinutes(_Response):
    group: str
    minutes: int
    today_minutes: int


class ActivityMinutes(_Response):
    activity: str
    minutes: int
    count: int


class StreakFigures(_Response):
    current_days: int
    longest_days: int
    today_done: bool
    at_risk: bool


class GoalFigure(_Response):
    scope: str
    period: Literal["day", "week"]
    target_minutes: int
    done_minutes: int
    met: bool


class Pace(_Response):
    milestone_hours: int
    eta_date: str | None


class Progress(_Response):
    """``GET /progress``: the progress contract's statistics in its order, then every kind's."""

    total_episodes_watched: int
    total_movies_watched: int
    total_hours_watched: int
    episodes_watched_today: int
    movies_watched_today: int
    youtube_videos_watched: int
    youtube_videos_watched_today: int
    spotify_episodes_watched: int
    spotify_episodes_watched_today: int
    days_since_first_episode: int
    weekly_trend_percentage: float | None
    daily_activity: list[DailyActivity]
    all_time_progress: list[QuarterProgress]
    shows: list[ShowProgress]
    youtube_channels: list[ChannelProgress]
    spotify_shows: list[PodcastProgress]
    movies: list[MovieProgress]
    total_minutes: int
    today_minutes: int
    by_group: list[GroupMinutes]
    by_activity: list[ActivityMinutes]
    streak: StreakFigures
    goals: list[GoalFigure]
    pace: Pace | None


class ShowListing(_Response):
    folder_name: str
    tvdb_id: int | None
    tvdb_name: str | None
    tvdb_image: str | None


class Shows(_Response):
    """``GET /shows``: show folders in folder-name order."""

    shows: list[ShowListing]


class Updated(_Response):
    """``PUT /show``: an empty object."""


class EpisodesAdded(_Response):
    episodes_added: int


class MoviesAdded(_Response):
    movies_added: int


class VideosAdded(_Response):
    videos_added: int


class FailedId(_Response):
    id: str
    reason: str


class EpisodesPartlyAdded(_Response):
    """422 / 503 of ``/sync`` and ``/syncspotify``: what was added stays; ``failed`` is the rest."""

    message: str
    episodes_added: int
    failed: list[FailedId]


class MoviesPartlyAdded(_Response):
    """422 / 503 of ``/syncmovies``: what was added stays; ``failed`` is the rest."""

    message: str
    movies_added: int
    failed: list[FailedId]


class VideosPartlyAdded(_Response):
    """422 / 503 of ``/syncyoutube``: what was added stays; ``failed`` is the rest."""

    message: str
    videos_added: int
    failed: list[FailedId]


class SearchHit(_Response):
    tvdb_id: int
    name: str
    year: str | None
    image_url: str | None


class SearchResults(_Response):
    """``GET /search``: the top matches."""

    results: list[SearchHit]


class LinkCode(_Response):
    """``POST /linkcode``: a single-use code for the bot's ``/link``."""

    code: str
    expires_in: int


class ImportRowError(_Response):
    line: int
    message: str


class ImportResult(_Response):
    """What an import added (or, dry, would add); bad rows by line, the first 100 listed."""

    import_id: str
    format: str
    dry_run: bool
    added: int
    skipped_duplicates: int
    minutes_added: float
    first_date: str | None
    last_date: str | None
    errors: list[ImportRowError]
    error_count: int
    replaced: int = 0
    """Reader statistics: days whose figures a newer export replaced."""
    edited_kept: int = 0
    """Reader statistics: days you edited, which imports leave as you made them."""
    notes: list[str] = []
    """What the import did besides adding, as sentences to show."""


class ImportRemoved(_Response):
    removed: int
    restored: int = 0
    """Days whose figures a reader import had replaced, given back."""


class ExportLines(_Response):
    """Not JSON: the export itself, JSON Lines or CSV text, streamed."""


class OpenApiDocument(BaseModel):
    """``GET /openapi.json``: this API's own description."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    openapi: str
    info: dict[str, str]
    security: list[dict[str, list[str]]]
    paths: dict[str, Any]
    components: dict[str, Any]


PARTIAL: dict[type[BaseModel], type[BaseModel]] = {
    # count body of a sync route -> its partial-failure body
    EpisodesAdded: EpisodesPartlyAdded,
    MoviesAdded: MoviesPartlyAdded,
    VideosAdded: VideosPartlyAdded,
}


def partial_model(added: type[BaseModel]) -> type[BaseModel]:
    """The failure body that goes with a sync route's count body."""
    return PARTIAL[added]


def report_body(report: SyncReport, added: type[BaseModel]) -> BaseModel:
    """A sync report as its count body, or as the partial-failure body when anything failed."""
    (count_field,) = added.model_fields
    if not report.failed:
        return added.model_validate({count_field: report.added_count})
    noun = "item" if len(report.failed) == 1 else "items"
    reason = "the provider is unavailable" if report.provider_unavailable else "see failed"
    return partial_model(added).model_validate(
        {
            "message": f"{len(report.failed)} {noun} could not be logged ({reason}); "
            f"{report.added_count} added.",
            count_field: report.added_count,
            "failed": [{"id": f.id, "reason": f.reason} for f in report.failed],
        }
    )
