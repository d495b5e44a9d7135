"""The web page's files, answered with caching headers and gzip (reads the files once at start).

Everything is read and compressed when the server starts, so a request costs a dictionary
lookup. Every answer carries an ``ETag`` and ``Cache-Control: no-cache``: the browser keeps
its copy and only revalidates it (a ``304`` of a few bytes), and a new release is seen at
once without renamed files or a build step.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import web

WEB_ROOT = Path(web.__file__).resolve().parent
FAVICON = "icon.svg"
"""The page's icon in ``assets/`` (an SVG: one small file for every size)."""
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
SECURITY_HEADERS = {
    # The page loads nothing from anywhere else: no CDN, fonts or analytics. The one
    # exception is Telegram's own Mini App script, fetched only when running inside Telegram.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
        "script-src 'self' https://telegram.org; "
        "connect-src 'self'; frame-ancestors https://web.telegram.org 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@dataclass(frozen=True)
class StaticFile:
    content_type: str
    body: bytes
    gzipped: bytes | None
    etag: str


@dataclass(frozen=True)
class StaticResponse:
    status: int
    headers: dict[str, str]
    body: bytes = b""


def _load(path: Path) -> StaticFile:
    body = path.read_bytes()
    packed = gzip.compress(body, compresslevel=9, mtime=0)
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    gzipped = packed if len(packed) < len(body) else None
    return StaticFile(TYPES[path.suffix], body, gzipped, etag)


@dataclass
class StaticFiles:
    """The page at ``/`` and its assets under ``/assets/``; every other path is the API's."""

    root: Path = WEB_ROOT
    files: dict[str, StaticFile] = field(init=False)

    def __post_init__(self) -> None:
        self.files = {"/": _load(self.root / "index.html")}
        for path in sorted((self.root / "assets").iterdir()):
            if path.suffix in TYPES:
                self.files["/assets/" + path.name] = _load(path)
        # Browsers and crawlers ask for /favicon.ico whatever the page links: the same icon.
        icon = self.files.get("/assets/" + FAVICON)
        if icon is not None:
            self.files["/favicon.ico"] = icon

    def answer(self, method: str, path: str, header: Callable[[str], str | None]) -> (
        StaticResponse | None
    ):
        """The answer for a page file, or ``None`` when the path belongs to the API."""
        found = self.files.get("/" if path in ("/", "/index.html") else path)
        if found is None or method.upper() not in ("GET", "HEAD"):
            return None
        headers = {
            "Content-Type": found.content_type,
            "Cache-Control": "no-cache",
            "ETag": found.etag,
            "Vary": "Accept-Encoding",
            **SECURITY_HEADERS,
        }
        if found.etag in (header("If-None-Match") or ""):
            return StaticResponse(304, headers)
        body = found.body
        if found.gzipped is not None and "gzip" in (header("Accept-Encoding") or ""):
            headers["Content-Encoding"] = "gzip"
            body = found.gzipped
        return StaticResponse(200, headers, b"" if method.upper() == "HEAD" else body)
