"""The logging routes' handlers: parse the request, call the logbook, send the model (no I/O).

``POST /log``, ``GET /history``, ``PATCH``/``DELETE /history/{id}``, ``GET /stats`` and
``GET``/``PUT /settings``; the router dispatches to them like to its own handlers.
"""

from __future__ import annotations

from handlers.http import log_responses
from handlers.http.auth import header_session_token, session_token
from handlers.http.exchange import ApiRequest, ApiResponse, Handler, Responder
from handlers.service import EntryChanges, InvalidInput, LogRequest, SettingsChanges


def _limit(request: ApiRequest) -> int:
    raw = request.query.get("limit", "50")
    if not raw.isdigit():
        raise InvalidInput("limit: must be a whole number from 1 to 200.")
    return int(raw)


def source_of(request: ApiRequest) -> str:
    """``web`` when a session (only the web page signs in) vouches for the request, ``api``
    for Basic credentials: what other clients send is recorded as before."""
    header = request.header("Authorization")
    # A session token (the Mini App's Bearer, CloudFront's Session) is the page's alone.
    if header_session_token(header) is not None:
        return "web"
    if not header and session_token(request.header("Cookie")) is not None:
        return "web"
    return "api"


def log_handlers(api: Responder) -> dict[tuple[str, str], Handler]:
    """The handlers of the logging routes, bound to ``api``."""
    # The area is looked up when a route is answered: building the router builds none.

    def log(request: ApiRequest, user: str) -> ApiResponse:
        body = api.parse(request, LogRequest)
        key = request.header("Idempotency-Key")
        logged = api.service.logbook.log(user, body, source=source_of(request), idempotency_key=key)
        answer = log_responses.Logged(entry=logged.entry, today_minutes=logged.today_minutes)
        return api.send(answer, 201)

    def history(request: ApiRequest, user: str) -> ApiResponse:
        query = request.query
        page = api.service.logbook.history(
            user,
            limit=_limit(request),
            cursor=query.get("cursor") or None,
            activity=query.get("activity") or None,
            first_day=query.get("from") or None,
            last_day=query.get("to") or None,
        )
        return api.send(log_responses.History(entries=page.entries, next_cursor=page.next_cursor))

    def edit(request: ApiRequest, user: str) -> ApiResponse:
        changes = api.parse(request, EntryChanges)
        entry = api.service.logbook.edit(user, request.path_params["id"], changes)
        return api.send(log_responses.OneEntry(entry=entry))

    def delete(request: ApiRequest, user: str) -> ApiResponse:
        entry = api.service.logbook.delete(user, request.path_params["id"])
        return api.send(log_responses.OneEntry(entry=entry))

    def stats(request: ApiRequest, user: str) -> ApiResponse:
        query = request.query
        body = api.service.logbook.stats(user, query.get("from"), query.get("to"),
                                         query.get("bucket", "day"))
        return api.send(log_responses.Stats.model_validate(body))

    def settings(_request: ApiRequest, user: str) -> ApiResponse:
        return api.send(log_responses.Settings.model_validate(api.service.settings_of(user)))

    def change_settings(request: ApiRequest, user: str) -> ApiResponse:
        changes = api.parse(request, SettingsChanges)
        whole = api.service.change_settings(user, changes)
        return api.send(log_responses.Settings.model_validate(whole))

    return {
        ("POST", "/log"): log,
        ("GET", "/history"): history,
        ("PATCH", "/history/{id}"): edit,
        ("DELETE", "/history/{id}"): delete,
        ("GET", "/stats"): stats,
        ("GET", "/settings"): settings,
        ("PUT", "/settings"): change_settings,
    }
