"""The export and import routes' request reading and answers (no I/O of their own)."""

from __future__ import annotations

import io
import itertools
from collections.abc import Mapping
from typing import TYPE_CHECKING

from handlers.http import responses
from handlers.http.exchange import ApiRequest, ApiResponse
from handlers.service import InvalidInput, TooLarge, byte_size_text

if TYPE_CHECKING:
    from handlers.service import Service
    from handlers.settings import Settings

_CONTENT_TYPES = {"jsonl": "application/x-ndjson; charset=utf-8", "csv": "text/csv; charset=utf-8"}


def check_import_size(request: ApiRequest, settings: Settings) -> None:
    """A file over the import limit is a 413 naming the limit (and where larger files go)."""
    size = len(request.body)
    if request.body_file is not None:
        size = request.body_file.seek(0, io.SEEK_END)
        request.body_file.seek(0)
    if size > settings.max_import_bytes:
        raise TooLarge(f"The file has {size:,} bytes. {import_limit_text(settings)}")


def import_limit_text(settings: Settings) -> str:
    """The one wording of the upload limit, for every 413 of ``POST /import``."""
    return (
        f"An upload may hold at most {byte_size_text(settings.max_import_bytes)}; send larger"
        " files to the bot or use `immersion-tracker import`."
    )


def export(
    service: Service, query: Mapping[str, str], user: str, headers: dict[str, str]
) -> ApiResponse:
    """The export, streamed, as a download named after the user and the format."""
    kind = query.get("format", "jsonl")
    if kind not in _CONTENT_TYPES:
        raise InvalidInput("format: must be jsonl or csv.")
    port = service.portability
    chunks = port.export_csv(user) if kind == "csv" else port.export_jsonl(user)
    # The first chunk is read now: a store that refuses at the start is a proper 503, not
    # a 200 cut short.
    first = next(chunks, "")
    answer = {
        **headers,
        "Content-Type": _CONTENT_TYPES[kind],
        "Content-Disposition": f'attachment; filename="{port.export_name(user, kind)}"',
    }
    return ApiResponse(200, "", answer, stream=itertools.chain([first], chunks))


def import_body(service: Service, request: ApiRequest, user: str) -> responses.ImportResult:
    """Import the body's file (plain or gzip) and answer what it did."""
    dry = request.query.get("dry_run", "false")
    if dry not in ("true", "false"):
        raise InvalidInput("dry_run: must be true or false.")
    if _is_form(request.header("content-type") or ""):
        raise InvalidInput(
            "Send the file's bytes as the body (curl --data-binary @FILE), not as a form"
            " upload (curl -F)."
        )
    report = service.portability.import_file(
        user, request.body_file or io.BytesIO(request.body), request.query.get("format", "auto"),
        dry_run=dry == "true"
    )
    return responses.ImportResult(
        import_id=report.import_id,
        format=report.format,
        dry_run=report.dry_run,
        added=report.added,
        skipped_duplicates=report.skipped_duplicates,
        minutes_added=report.minutes_added,
        first_date=report.first_date,
        last_date=report.last_date,
        errors=[responses.ImportRowError(line=e.line, message=e.message) for e in report.errors],
        error_count=report.error_count,
        replaced=report.replaced,
        edited_kept=report.edited_kept,
        notes=report.notes,
    )


def _is_form(kind: str) -> bool:
    """A form upload wraps the file in parts the import would read as a broken export
    (``--data-binary`` labels the bytes as a urlencoded form, which they are not: allowed)."""
    return kind.split(";")[0].strip().lower() == "multipart/form-data"
