"""The year in review and the title page over HTTP: ``GET /review``, ``/review.png``, ``/title``.

Bodies are the service's (``handlers.service.progress.review``); the card is a PNG the service
draws, sent as bytes (``ApiResponse.binary``) on every door.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from handlers.http.exchange import ApiRequest, ApiResponse, Handler, Responder, api_headers
from handlers.service import InvalidInput


class _Response(BaseModel):
    # Built on first use, like every wire model: a cold start compiles only what it answers.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ReviewBusiestDay(_Response):
    date: str
    minutes: int


class ReviewGroupMinutes(_Response):
    group: str
    minutes: int


class ReviewTitleMinutes(_Response):
    title: str
    activity: str
    minutes: int


class ReviewMonthMinutes(_Response):
    month: str
    minutes: int


class ReadingSpeedPoint(_Response):
    """Characters per minute of one activity in one month (``YYYY-MM``)."""

    period: str
    activity: str
    characters: int
    minutes: int
    characters_per_minute: float


class Review(_Response):
    """``GET /review``: one year's figures in the account's zone."""

    year: int
    total_minutes: int
    days_active: int
    longest_streak: int
    busiest_day: ReviewBusiestDay | None
    by_group: list[ReviewGroupMinutes]
    top_titles: list[ReviewTitleMinutes]
    by_month: list[ReviewMonthMinutes]
    reading_speed: list[ReadingSpeedPoint]


class ReviewCard(_Response):
    """``GET /review.png``: the year as a 1200×630 PNG image (the body is the image)."""


class TitleWeekMinutes(_Response):
    start: str
    minutes: int


class TitleShow(_Response):
    """A show folder whose episodes count towards the title, and what they count as."""

    folder_name: str
    activity: str


class TitlePage(_Response):
    """``GET /title``: one title's time, sessions, first and last day, weeks, reading speed."""

    title: str
    activities: list[str]
    total_minutes: int
    sessions: int
    first_day: str
    last_day: str
    by_week: list[TitleWeekMinutes]
    characters: int
    characters_per_minute: float | None
    reading_speed: list[ReadingSpeedPoint]
    shows: list[TitleShow] = []
    """The show folders named so (to say one is anime with ``PUT /show``)."""


def review_handlers(api: Responder) -> dict[tuple[str, str], Handler]:
    """The handlers of the review routes, bound to ``api``."""
    # The area is looked up when a route is answered: building the router builds none.

    def review(request: ApiRequest, user: str) -> ApiResponse:
        found = api.service.logbook.review(user, request.query.get("year"))
        return api.send(Review.model_validate(found))

    def card(request: ApiRequest, user: str) -> ApiResponse:
        image = api.service.logbook.review_card(user, request.query.get("year"))
        headers = {**api_headers(api.service.settings.web_origin), "Content-Type": "image/png",
                   "Cache-Control": "private, max-age=300"}
        return ApiResponse(200, "", headers, binary=image)

    def title(request: ApiRequest, user: str) -> ApiResponse:
        name = request.query.get("name")
        if name is None:
            raise InvalidInput("name: give the title, as in /title?name=Frieren.")
        activity = request.query.get("activity")
        return api.send(TitlePage.model_validate(api.service.logbook.title(user, name, activity)))

    return {
        ("GET", "/review"): review,
        ("GET", "/review.png"): card,
        ("GET", "/title"): title,
    }

