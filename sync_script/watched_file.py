"""Reading ``watched.txt`` and rewriting it atomically (file I/O)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from sync_script.watched_lines import surviving_content

ENCODING = "utf-8"
# Bytes that are not UTF-8 (a file saved in a legacy code page) survive a rewrite unchanged.
ERRORS = "surrogateescape"
TEMPORARY_SUFFIX = ".tmp"


def read_text(path: Path) -> str:
    """The file's text, or an empty string when there is no file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return ""
    return data.decode(ENCODING, ERRORS)


def remove_confirmed_lines(
    path: Path, youtube_done: frozenset[str], spotify_done: frozenset[str]
) -> bool:
    """Drop the confirmed lines from the file; returns whether the file changed.

    The file is read again right before the rewrite, so a line added while the sync ran
    is kept. The new content goes to a temporary file in the same folder that then
    replaces the original in one rename, so an interruption leaves either the old or the
    new file, never a half-written one.
    """
    if not path.is_file():
        return False
    # A watched.txt linked from elsewhere (a synced folder) stays a link: rewrite its target.
    path = path.resolve()
    _remove_stale_temporaries(path)
    content = read_text(path)
    new_content = surviving_content(content, youtube_done, spotify_done)
    if new_content == content:
        return False
    write_atomically(path, new_content)
    return True


def write_atomically(path: Path, content: str) -> None:
    """Replace ``path`` with ``content`` through a temporary sibling file and a rename."""
    descriptor, temporary_name = tempfile.mkstemp(
        prefix=_temporary_prefix(path), suffix=TEMPORARY_SUFFIX, dir=path.parent
    )
    temporary = Path(temporary_name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content.encode(ENCODING, ERRORS))
            stream.flush()
            os.fsync(stream.fileno())
        _copy_mode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _temporary_prefix(path: Path) -> str:
    return f".{path.name}."


def _remove_stale_temporaries(path: Path) -> None:
    """Delete what an interrupted rewrite left: its content never replaced the file."""
    prefix = _temporary_prefix(path)
    for sibling in path.parent.iterdir():
        if sibling.name.startswith(prefix) and sibling.name.endswith(TEMPORARY_SUFFIX):
            with contextlib.suppress(OSError):
                sibling.unlink()


def _copy_mode(source: Path, target: Path) -> None:
    # Permission bits are a courtesy; the content is what must not be lost.
    with contextlib.suppress(OSError):
        target.chmod(source.stat().st_mode & 0o777)
