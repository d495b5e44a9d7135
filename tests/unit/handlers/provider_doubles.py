"""Hand-written stand-ins for the provider clients: the spec's fixture data, call logs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from metadata_clients import errors
from metadata_clients.models import (
    SpotifyEpisode,
    SpotifyShow,
    TmdbMovie,
    TvdbEpisode,
    TvdbMovie,
    TvdbSearchResult,
    TvdbSeries,
    YouTubeChannel,
    YouTubeVideo,
)
from metadata_clients.settings import ProviderClients

MIKU = SpotifyShow(
    id="6Nl8RDfPxsk4h4bfWe76Kg",
    name="The Miku Real Japanese Podcast | Japanese conversation | Japanese culture",
    artwork_url="https://i.scdn.co/image/miku",
)


def _episode(eid: str, name: str, seconds: int, released: date) -> SpotifyEpisode:
    return SpotifyEpisode(
        id=eid,
        name=name,
        duration_seconds=seconds,
        release_date=released,
        release_date_precision="day",
        languages=["ja"],
        artwork_url=None,
        show=MIKU,
    )


@dataclass
class FakeTvdb:
    calls: list[str] = field(default_factory=list)
    down: bool = False

    def _call(self, what: str) -> None:
        self.calls.append(what)
        if self.down:
            raise errors.ProviderUnavailable("TVDB", "it answered 500 three times")

    def series(self, series_id: int) -> TvdbSeries:
        self._call(f"series/{series_id}")
        table = {278157: ("Free!", 24), 270065: ("ハイキュー!!", 24), 999: ("No Runtime", None),
                 424536: ("葬送のフリーレン", 25)}
        if series_id not in table:
            raise errors.NotFound("TVDB", "series", str(series_id))
        name, runtime = table[series_id]
        return TvdbSeries(
            id=series_id,
            name=name,
            image=f"https://artworks.thetvdb.com/{series_id}.jpg",
            average_runtime_minutes=runtime,
            original_language="jpn",
        )

    def episode(self, episode_id: int) -> TvdbEpisode:
        self._call(f"episodes/{episode_id}")
        # The episode id the recorded player payloads send.
        if episode_id != 9350138:
            raise errors.NotFound("TVDB", "episode", str(episode_id))
        return TvdbEpisode(id=episode_id, series_id=424536, name="Frieren", runtime_minutes=24)

    def movie(self, movie_id: int) -> TvdbMovie:
        self._call(f"movies/{movie_id}")
        table = {331904: ("すずめの戸締まり", 122), 197: ("君の名は。", 106)}
        if movie_id not in table:
            raise errors.NotFound("TVDB", "movie", str(movie_id))
        name, runtime = table[movie_id]
        return TvdbMovie(id=movie_id, name=name, image=None, runtime_minutes=runtime)

    def search(self, query: str, kind: str, limit: int = 5) -> list[TvdbSearchResult]:
        self._call(f"search/{kind}/{query}")
        hits = [
            TvdbSearchResult(
                tvdb_id=278157,
                name="Free!",
                year="2013",
                image_url=None,
                primary_language="jpn",
                overview=None,
            )
        ]
        return [h for h in hits if query.lower() in h.name.lower()][:limit]


@dataclass
class FakeYouTube:
    calls: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    down: bool = False
    videos_table: dict[str, YouTubeVideo] = field(
        default_factory=lambda: {
            "9bZkp7q19f0": YouTubeVideo(
                id="9bZkp7q19f0",
                title="PSY - GANGNAM STYLE",
                channel_id="UCffDXn7ycAzwL2LDlbyWOTw",
                channel_title="officialpsy",
                duration_seconds=252,
                default_audio_language=None,
            ),
            "kJQP7kiw5Fk": YouTubeVideo(
                id="kJQP7kiw5Fk",
                title="Luis Fonsi - Despacito",
                channel_id="UCLp8RBhQHu9wSsq62j_Md6A",
                channel_title="LuisFonsiVEVO",
                duration_seconds=226,
                default_audio_language=None,
            ),
            "liveNow0000": YouTubeVideo(
                id="liveNow0000",
                title="Live <b>&</b>",
                channel_id="UCffDXn7ycAzwL2LDlbyWOTw",
                channel_title="officialpsy",
                duration_seconds=None,
                default_audio_language=None,
            ),
        }
    )

    def videos(self, ids: Iterable[str]) -> dict[str, YouTubeVideo]:
        ids = tuple(ids)
        self.calls.append(("videos", ids))
        if self.down:
            raise errors.QuotaExceeded("YouTube")
        return {i: self.videos_table[i] for i in ids if i in self.videos_table}

    def channels(self, ids: Iterable[str]) -> dict[str, YouTubeChannel]:
        ids = tuple(ids)
        self.calls.append(("channels", ids))
        titles = {
            "UCffDXn7ycAzwL2LDlbyWOTw": "officialpsy",
            "UCLp8RBhQHu9wSsq62j_Md6A": "LuisFonsiVEVO",
        }
        return {
            i: YouTubeChannel(id=i, title=titles[i], artwork_url=f"https://yt3/{i}.jpg")
            for i in ids
            if i in titles
        }

    def playlist_video_ids(self, playlist_id: str) -> list[str]:
        self.calls.append(("playlistItems", (playlist_id,)))
        if playlist_id != "PLboth":
            raise errors.NotFound("YouTube", "playlist", playlist_id)
        return list(self.videos_table)


@dataclass
class FakeSpotify:
    calls: list[str] = field(default_factory=list)
    down_ids: set[str] = field(default_factory=set)
    table: dict[str, SpotifyEpisode] = field(
        default_factory=lambda: {
            e.id: e
            for e in (
                _episode(
                    "4qjerzMw8jfD30VOG0tjpK",
                    "No 1 紹介(しょうかい) Introduction",
                    388,
                    date(2020, 1, 1),
                ),
                _episode("5TmVVWd9TOCaF2bEtyYDwv", "No 2", 3015, date(2020, 2, 1)),
                _episode("0000000000000000000003", "No 3", 600, date(2020, 3, 1)),
                _episode("0000000000000000000004", "No 4", 600, date(2020, 4, 1)),
            )
        }
    )

    def episode(self, episode_id: str) -> SpotifyEpisode:
        found = self.episodes([episode_id])[episode_id]
        if isinstance(found, errors.ProviderError):
            raise found
        return found

    def show(self, show_id: str) -> SpotifyShow:
        if show_id != MIKU.id:
            raise errors.NotFound("Spotify", "show", show_id)
        return MIKU

    def episodes(self, ids: Iterable[str]) -> dict[str, SpotifyEpisode | errors.ProviderError]:
        out: dict[str, SpotifyEpisode | errors.ProviderError] = {}
        for i in ids:
            self.calls.append(f"episodes/{i}")
            if i in self.down_ids:
                out[i] = errors.ProviderUnavailable("Spotify", "rate limited")
            elif i in self.table:
                out[i] = self.table[i]
            else:
                out[i] = errors.NotFound("Spotify", "episode", i)
        return out

    def show_episodes(self, show_id: str, market: str | None = None) -> Iterator[SpotifyEpisode]:
        self.calls.append(f"shows/{show_id}/episodes")
        for e in sorted(
            self.table.values(), key=lambda e: e.release_date or date.min, reverse=True
        ):
            yield e.model_copy(update={"show": None})


@dataclass
class FakeTmdb:
    calls: list[int] = field(default_factory=list)

    def movie(self, movie_id: int) -> TmdbMovie:
        self.calls.append(movie_id)
        if movie_id != 372058:
            raise errors.NotFound("TMDB", "movie", str(movie_id))
        return TmdbMovie(
            id=372058,
            title="君の名は。",
            runtime_minutes=106,
            image="https://image.tmdb.org/t/p/w500/q719jXXEzOoYaps6babgKnONONX.jpg",
        )


def fake_clients(tmdb: bool = True) -> ProviderClients:
    return ProviderClients(
        tvdb=FakeTvdb(),
        youtube=FakeYouTube(),
        spotify=FakeSpotify(),
        tmdb=FakeTmdb() if tmdb else None,
    )
