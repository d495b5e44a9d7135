"""Finding YouTube and Spotify ids in shared links and free text (pure, standard library only).

The light sync client imports this module without pydantic or httpx, so it must stay free
of both. Two entry points:

- ``extract_links(text)`` scans any text (a Telegram message, a caption) and returns every
  YouTube video, YouTube playlist, Spotify episode, Spotify show and ``spotify.link`` short
  link it holds, each kind in order of first appearance and without duplicates.
- ``parse_line(line)`` reads one line of ``watched.txt``: ``None`` for a blank line,
  ``LineLinks`` when it holds something the sync client can log, else ``UnreadableLine``
  with a reason the user can act on (a line is never silently dropped).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

_YOUTUBE_ID = re.compile(r"([A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])")
_PLAYLIST_ID = re.compile(r"([A-Za-z0-9_-]{10,64})(?![A-Za-z0-9_-])")
_SPOTIFY_ID = re.compile(r"([0-9A-Za-z]{22})(?![0-9A-Za-z])")

# The host must not be glued to a longer name on the left (notyoutube.com) or continue on
# the right (youtube.com.evil.org); the path stops at whitespace, quotes and brackets.
_LINK = re.compile(
    r"(?<![\w./-])(?:https?://)?"
    r"(?P<host>(?:(?:www|m|music)\.)?youtube\.com|(?:www\.)?youtube-nocookie\.com"
    r"|(?:www\.)?youtu\.be|open\.spotify\.com|spotify\.link)"
    r"(?![\w.-])(?P<rest>[/?#][^\s<>\"'()\[\]{}]*)?"
    r"|(?<![\w:])spotify:(?P<uri_kind>episode|show):(?P<uri_id>[0-9A-Za-z]{22})(?![0-9A-Za-z])",
    re.IGNORECASE,
)

_SPOTIFY_LOCALE = re.compile(r"intl-[a-z]{2}(?:-[a-z]{2})?", re.IGNORECASE)


@dataclass(frozen=True)
class ExtractedLinks:
    """Ids found in a text, per kind, in order of first appearance, without duplicates."""

    youtube_video_ids: tuple[str, ...] = ()
    spotify_episode_ids: tuple[str, ...] = ()
    spotify_show_ids: tuple[str, ...] = ()
    youtube_playlist_ids: tuple[str, ...] = ()
    spotify_short_links: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.youtube_video_ids or self.spotify_episode_ids or self.spotify_show_ids
                    or self.youtube_playlist_ids or self.spotify_short_links)

    def merged(self, other: ExtractedLinks) -> ExtractedLinks:
        """Both sets of links, this one's first (e.g. message text, then its text_link URLs)."""
        return ExtractedLinks(
            _unique(self.youtube_video_ids + other.youtube_video_ids),
            _unique(self.spotify_episode_ids + other.spotify_episode_ids),
            _unique(self.spotify_show_ids + other.spotify_show_ids),
            _unique(self.youtube_playlist_ids + other.youtube_playlist_ids),
            _unique(self.spotify_short_links + other.spotify_short_links),
        )


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


@dataclass
class _Found:
    youtube_video_ids: list[str] = field(default_factory=list)
    spotify_episode_ids: list[str] = field(default_factory=list)
    spotify_show_ids: list[str] = field(default_factory=list)
    youtube_playlist_ids: list[str] = field(default_factory=list)
    spotify_short_links: list[str] = field(default_factory=list)

    def frozen(self) -> ExtractedLinks:
        return ExtractedLinks(
            _unique(self.youtube_video_ids), _unique(self.spotify_episode_ids),
            _unique(self.spotify_show_ids), _unique(self.youtube_playlist_ids),
            _unique(self.spotify_short_links),
        )


def extract_links(text: str) -> ExtractedLinks:
    """Every YouTube and Spotify id in ``text``; never raises."""
    found = _Found()
    for match in _LINK.finditer(text):
        if match["uri_kind"] is not None:
            target = (found.spotify_episode_ids if match["uri_kind"].lower() == "episode"
                      else found.spotify_show_ids)
            target.append(match["uri_id"])
            continue
        host = match["host"].lower()
        rest = (match["rest"] or "").replace("&amp;", "&")
        if host == "spotify.link":
            if len(rest) > 1:
                found.spotify_short_links.append(f"https://spotify.link{rest}")
        elif host == "open.spotify.com":
            _read_spotify(rest, found)
        else:
            _read_youtube(host, rest, found)
    return found.frozen()


def _leading(pattern: re.Pattern[str], value: str) -> str | None:
    """The id at the start of ``value`` when nothing id-like continues it."""
    match = pattern.match(value)
    return match.group(1) if match else None


def _read_youtube(host: str, rest: str, found: _Found) -> None:
    parts = urlsplit("https://example.invalid" + rest)
    segments = [s for s in parts.path.split("/") if s]
    query = parse_qs(parts.query)
    if host.endswith("youtu.be"):
        video_id = _leading(_YOUTUBE_ID, segments[0]) if segments else None
    elif segments and segments[0].lower() == "watch":
        video_id = _first_valid(_YOUTUBE_ID, query.get("v", []))
    elif len(segments) >= 2 and segments[0].lower() in {"shorts", "live", "embed", "v"}:
        video_id = _leading(_YOUTUBE_ID, segments[1])
    elif segments and segments[0].lower() == "playlist":
        playlist_id = _first_valid(_PLAYLIST_ID, query.get("list", []))
        if playlist_id is not None:
            found.youtube_playlist_ids.append(playlist_id)
        return
    else:
        return
    if video_id is not None:
        found.youtube_video_ids.append(video_id)


def _first_valid(pattern: re.Pattern[str], values: list[str]) -> str | None:
    for value in values:
        valid = _leading(pattern, value)
        if valid is not None:
            return valid
    return None


def _read_spotify(rest: str, found: _Found) -> None:
    segments = [s for s in urlsplit("https://example.invalid" + rest).path.split("/") if s]
    if segments and _SPOTIFY_LOCALE.fullmatch(segments[0]):
        segments = segments[1:]
    if segments and segments[0].lower() in {"embed", "embed-podcast"}:
        segments = segments[1:]
    if len(segments) < 2:
        return
    kind, raw_id = segments[0].lower(), segments[1]
    spotify_id = _leading(_SPOTIFY_ID, raw_id)
    if spotify_id is None:
        return
    if kind == "episode":
        found.spotify_episode_ids.append(spotify_id)
    elif kind == "show":
        found.spotify_show_ids.append(spotify_id)


@dataclass(frozen=True)
class LineLinks:
    """A ``watched.txt`` line the sync client can log.

    ``spotify_short_links`` need one redirect lookup before their episode id is known; a
    line holding only short links is readable, and stays unlogged if the lookup fails.
    """

    line: str
    youtube_video_ids: tuple[str, ...]
    spotify_episode_ids: tuple[str, ...]
    spotify_short_links: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnreadableLine:
    """A ``watched.txt`` line holding nothing loggable; it is reported and kept in the file."""

    line: str
    reason: str


def parse_line(line: str) -> LineLinks | UnreadableLine | None:
    """Read one ``watched.txt`` line (surrounding spaces ignored); ``None`` when blank."""
    stripped = line.strip()
    if not stripped:
        return None
    links = extract_links(stripped)
    if links.youtube_video_ids or links.spotify_episode_ids or links.spotify_short_links:
        return LineLinks(stripped, links.youtube_video_ids, links.spotify_episode_ids,
                         links.spotify_short_links)
    return UnreadableLine(stripped, _unreadable_reason(links))


def _unreadable_reason(links: ExtractedLinks) -> str:
    if links.spotify_show_ids:
        return "This is a Spotify show link; paste the link of the episode you listened to."
    if links.youtube_playlist_ids:
        return "This is a YouTube playlist link; paste the links of the videos you watched."
    return ("No YouTube video or Spotify episode link found; "
            "paste a link such as https://youtu.be/<id> or "
            "https://open.spotify.com/episode/<id>.")
