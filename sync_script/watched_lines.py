"""Reading the lines of ``watched.txt`` into ids, and choosing which lines survive (no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from metadata_clients.links import UnreadableLine, parse_line
from sync_script.model import WatchedLine

SHORT_LINK = (
    "A spotify.link short link; open it and paste the open.spotify.com/episode link instead."
)


@dataclass(frozen=True)
class RawLine:
    """One physical line of the file: its text and its original line ending."""

    text: str
    ending: str


def split_lines(content: str) -> tuple[RawLine, ...]:
    """Split file content into lines, remembering each ending so a rewrite keeps them."""
    lines: list[RawLine] = []
    for chunk in content.splitlines(keepends=True):
        text = chunk.rstrip("\r\n")
        lines.append(RawLine(text=text, ending=chunk[len(text) :]))
    return tuple(lines)


def read_line(number: int, text: str) -> WatchedLine | None:
    """What one line links to; ``None`` for a blank line."""
    parsed = parse_line(text)
    if parsed is None:
        return None
    if isinstance(parsed, UnreadableLine):
        return WatchedLine(number, text, problem=parsed.reason)
    if parsed.spotify_short_links:
        # Resolving a short link means asking Spotify; this client talks to the API only.
        return WatchedLine(number, text, problem=SHORT_LINK)
    return WatchedLine(
        number, text, youtube_ids=parsed.youtube_video_ids, spotify_ids=parsed.spotify_episode_ids
    )


def read_lines(raw_lines: Sequence[RawLine]) -> tuple[WatchedLine, ...]:
    """Every non-blank line, in file order."""
    found: list[WatchedLine] = []
    for index, raw in enumerate(raw_lines):
        line = read_line(index + 1, raw.text)
        if line is not None:
            found.append(line)
    return tuple(found)


def is_confirmed(
    line: WatchedLine, youtube_done: frozenset[str], spotify_done: frozenset[str]
) -> bool:
    """Whether the server confirmed every id on a readable line."""
    if not line.readable:
        return False
    return all(video in youtube_done for video in line.youtube_ids) and all(
        episode in spotify_done for episode in line.spotify_ids
    )


def surviving_content(
    content: str, youtube_done: frozenset[str], spotify_done: frozenset[str]
) -> str:
    """The file content after removing the confirmed lines.

    Blank lines carry nothing and go; every other line that is not confirmed stays, in
    order, with its original line ending. A leading byte-order mark is kept.
    """
    bom = "\ufeff" if content.startswith("\ufeff") else ""
    raw_lines = split_lines(content[len(bom) :])
    kept = [
        raw
        for index, raw in enumerate(raw_lines)
        if not _goes(read_line(index + 1, raw.text), youtube_done, spotify_done)
    ]
    # Only the last line may lack an ending; one that moved up needs a newline.
    parts = [raw.text + (raw.ending or "\n") for raw in kept[:-1]]
    parts.extend(raw.text + raw.ending for raw in kept[-1:])
    return bom + "".join(parts)


def _goes(
    line: WatchedLine | None, youtube_done: frozenset[str], spotify_done: frozenset[str]
) -> bool:
    return line is None or is_confirmed(line, youtube_done, spotify_done)
