"""The fake TMDB movie lookup with the documented shape (pure).

Every request needs ``Bearer TMDB_READ_ACCESS_TOKEN``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.fakes.providers.exchange import Json, Reply, Request, Route, json_reply

TMDB_READ_ACCESS_TOKEN = "fake-tmdb-read-access-token"


def _movie(tmdb_id: int, title: str, runtime: int | None, poster: str | None) -> Json:
    return {"id": tmdb_id, "original_title": title, "title": title, "runtime": runtime,
            "poster_path": poster}


@dataclass
class TmdbFake:
    """The fixture table's movies."""

    movies: dict[int, Json] = field(default_factory=dict)

    @classmethod
    def with_fixtures(cls) -> TmdbFake:
        fake = cls()
        fake.movies[372058] = _movie(372058, "君の名は。", 106, "/q719jXXEzOoYaps6babgKnONONX.jpg")
        fake.movies[916224] = _movie(916224, "すずめの戸締まり", 122, None)
        return fake

    def routes(self) -> list[Route]:
        return [Route("GET", "tmdb.movie", r"/3/movie/(?P<id>[^/]+)", self._movie)]

    def _movie(self, request: Request) -> Reply:
        if request.bearer() != TMDB_READ_ACCESS_TOKEN:
            return json_reply(401, {"status_code": 7, "status_message": "Invalid API key.",
                                    "success": False})
        movie = self.movies.get(int(request.path_id)) if request.path_id.isdigit() else None
        if movie is None:
            return json_reply(404, {
                "status_code": 34, "success": False,
                "status_message": "The resource you requested could not be found."})
        return json_reply(200, movie)
