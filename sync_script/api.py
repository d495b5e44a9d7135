"""The tracker's REST API as the sync client sees it, on an ``httpx.Client`` (network I/O).

Retries follow the product's one policy (:mod:`retrying`): bounded attempts, doubling
waits, a ``Retry-After`` in seconds honoured as the least wait. Only 5xx answers and
connection errors are retried (our API sends no 429), never a partial-failure answer (it
already says what was recorded) nor a 401/403, and without jitter, since a user's own
client has no crowd of identical callers to spread out.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from retrying import Backoff, retry_after_seconds
from sync_script.plan import BatchAnswer

SearchKind = Literal["series", "movie"]

DEFAULT_TIMEOUT = httpx.Timeout(120.0, connect=10.0)
"""Sync requests wait on provider look-ups server-side, so reads may take a while."""

RETRIED_STATUSES = frozenset({500, 502, 503, 504})
PARTIAL_FAILURE_STATUSES = frozenset({422, 503})


class ApiError(Exception):
    """The API refused a request or answered something unreadable."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class ApiUnreachable(ApiError):
    """No answer at all after the retries (connection refused, DNS, timeouts)."""


class ApiAuthError(ApiError):
    """The API rejected the user name or password."""


@dataclass(frozen=True)
class RemoteShow:
    """A show record as ``GET /shows`` lists it."""

    folder_name: str
    tvdb_id: int | None
    tvdb_name: str | None


@dataclass(frozen=True)
class Candidate:
    """One TVDB search result offered to the user."""

    tvdb_id: int
    name: str
    year: str | None


def open_client(
    base_url: str, user: str, password: str, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """An HTTP client that joins paths onto ``base_url`` (which may carry a prefix)."""
    return httpx.Client(
        base_url=base_url.rstrip("/") + "/",
        auth=httpx.BasicAuth(user, password),
        timeout=DEFAULT_TIMEOUT,
        transport=transport,
        headers={"User-Agent": "immersion-tracker-sync"},
    )


class TrackerApi:
    """The API routes the sync client uses, with bounded retries for transient failures."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        sleep: Callable[[float], None] = time.sleep,
        attempts: int = 4,
        first_delay: float = 0.5,
        max_delay: float = 30.0,
    ) -> None:
        self._client = client
        self._sleep = sleep
        self._backoff = Backoff(max(1, attempts) - 1, first_delay, max_delay, jitter=False)
        self.requests_sent = 0

    def sync_batch(self, path: str, body: Mapping[str, object]) -> BatchAnswer:
        """Send one sync request; a refusal is an answer, only auth and network errors raise."""
        response = self._send("POST", path, json=body)
        payload = _json_object(response)
        if response.is_success:
            return BatchAnswer(accepted=True, added=_added(payload))
        message = _message(response, payload)
        if response.status_code in PARTIAL_FAILURE_STATUSES:
            failed = _failed_ids(payload)
            if failed is not None:
                return BatchAnswer(True, failed, message, _added(payload))
        return BatchAnswer(accepted=False, message=message)

    def shows(self) -> list[RemoteShow]:
        """Every show record of the user."""
        payload = self._read("GET", "shows")
        rows = payload.get("shows")
        if not isinstance(rows, list):
            raise ApiError("the API answered GET /shows without a shows list")
        return [_remote_show(row) for row in rows if isinstance(row, dict)]

    def put_show(self, folder_name: str, tvdb_id: int) -> None:
        """Point a show folder at a TVDB series."""
        self._read("PUT", "show", json={"folder_name": folder_name, "tvdb_id": tvdb_id})

    def search(self, query: str, kind: SearchKind) -> list[Candidate]:
        """TVDB candidates for a query, best first."""
        payload = self._read("GET", "search", params={"query": query, "type": kind})
        rows = payload.get("results")
        if not isinstance(rows, list):
            raise ApiError("the API answered GET /search without a results list")
        return [candidate for row in rows if (candidate := _candidate(row)) is not None]

    def import_file(self, body: bytes) -> dict[str, Any]:
        """Send one file (gzip) to ``POST /import``; the tracker tells its format."""
        return self._read("POST", "import", params={"format": "auto"}, content=body,
                          headers={"Content-Type": "application/octet-stream"})

    def progress(self) -> dict[str, Any]:
        """The user's progress statistics."""
        return self._read("GET", "progress")

    def _read(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self._send(method, path, **kwargs)
        payload = _json_object(response)
        if not response.is_success:
            raise ApiError(_message(response, payload), response.status_code)
        return payload

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        retry = 0
        while True:
            last = not self._backoff.allows(retry)
            self.requests_sent += 1
            wait = self._backoff.delay(retry)
            try:
                response = self._client.request(method, path, **kwargs)
            except httpx.TransportError as error:
                if last:
                    raise ApiUnreachable(_unreachable(self._client, error)) from error
            else:
                if response.status_code in (401, 403):
                    raise ApiAuthError(
                        f"the API refused the user name or password ({response.status_code})",
                        response.status_code,
                    )
                if last or not _is_transient(response):
                    return response
                asked = retry_after_seconds(response.headers.get("Retry-After"))
                wait = min(max(wait, asked or 0.0), self._backoff.cap_seconds)
            self._sleep(wait)
            retry += 1


def _is_transient(response: httpx.Response) -> bool:
    if response.status_code not in RETRIED_STATUSES:
        return False
    # A partial-failure answer already reports what was recorded: no need to ask again.
    return _failed_ids(_json_object(response)) is None


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def _message(response: httpx.Response, payload: Mapping[str, Any]) -> str:
    message = payload.get("message")
    text = message if isinstance(message, str) else response.reason_phrase
    return f"{response.status_code} {text}".strip()


def _failed_ids(payload: Mapping[str, Any]) -> dict[str, str] | None:
    """The ``failed`` list as {id: reason}; ``None`` when it is missing or malformed."""
    rows = payload.get("failed")
    if not isinstance(rows, list):
        return None
    failed: dict[str, str] = {}
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("id"), str | int):
            return None
        reason = row.get("reason")
        failed[str(row["id"])] = reason if isinstance(reason, str) else "failed"
    return failed


def _added(payload: Mapping[str, Any]) -> int:
    for key, value in payload.items():
        if key.endswith("_added") and isinstance(value, int):
            return value
    return 0


def _remote_show(row: Mapping[str, Any]) -> RemoteShow:
    tvdb_id = row.get("tvdb_id")
    name = row.get("tvdb_name")
    return RemoteShow(
        folder_name=str(row.get("folder_name", "")),
        tvdb_id=tvdb_id if isinstance(tvdb_id, int) else None,
        tvdb_name=name if isinstance(name, str) else None,
    )


def _candidate(row: object) -> Candidate | None:
    if not isinstance(row, dict):
        return None
    tvdb_id, name, year = row.get("tvdb_id"), row.get("name"), row.get("year")
    if isinstance(tvdb_id, str) and tvdb_id.isdigit():
        tvdb_id = int(tvdb_id)
    if not isinstance(tvdb_id, int) or not isinstance(name, str):
        return None
    return Candidate(tvdb_id, name, str(year) if year not in (None, "") else None)


def _unreachable(client: httpx.Client, error: httpx.TransportError) -> str:
    detail = str(error) or type(error).__name__
    return f"cannot reach the API at {client.base_url}: {detail}"
