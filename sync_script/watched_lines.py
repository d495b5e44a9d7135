"""Reading the lines of ``watched.txt`` into ids, and choosing which lines survive (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from metadata_clients.links import UnreadableLine, parse_line
from sync_script.model import WatchedLine

SHORT_LINK = (
    "A spotify.link short link that could not be resolved; open it and paste the "
    "open.spotify.com/episode link instead."
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
    return WatchedLine(
        number,
        text,
        youtube_ids=parsed.youtube_video_ids,
        spotify_ids=parsed.spotify_episode_ids,
        short_links=parsed.spotify_short_links,
    )


def read_lines(raw_lines: Sequence[RawLine]) -> tuple[WatchedLine, ...]:
    """Every non-blank line, in file order."""
    found: list[WatchedLine] = []
    for index, raw in enumerate(raw_lines):
        line = read_line(index + 1, raw.text)
        if line is not None:
            found.append(line)
    return tuple(found)


def with_resolved(
    lines: Sequence[WatchedLine], resolved: Mapping[str, str], failed: Mapping[str, str]
) -> tuple[WatchedLine, ...]:
    """The lines with their short links' episode ids added (``resolved``: link -> id).

    A line with a short link that did not resolve gets the reason from ``failed`` (or a
    generic one) as its problem: it is reported and kept, and nothing on it is sent.
    """
    updated: list[WatchedLine] = []
    for line in lines:
        missing = [link for link in line.short_links if link not in resolved]
        if line.problem is not None or not line.short_links:
            updated.append(line)
        elif missing:
            updated.append(replace(line, problem=failed.get(missing[0], SHORT_LINK)))
        else:
            ids = tuple(resolved[link] for link in line.short_links)
            updated.append(replace(line, short_link_ids=ids))
    return tuple(updated)


def is_confirmed(
    line: WatchedLine, youtube_done: frozenset[str], spotify_done: frozenset[str]
) -> bool:
    """Whether the server confirmed every id on a readable line.

    ``spotify_done`` holds episode ids and the short links whose episode was confirmed.
    """
    if not line.readable:
        return False
    return (
        all(video in youtube_done for video in line.youtube_ids)
        and all(episode in spotify_done for episode in line.spotify_ids)
        and all(link in spotify_done for link in line.short_links)
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
