"""Scanning a library folder: watched episodes, watched movies and ``watched.txt`` (file I/O)."""

from __future__ import annotations

import os
from pathlib import Path

from sync_script.model import (
    MOVIES,
    SHOWS,
    WATCHED,
    WATCHED_TXT,
    LibraryScan,
    ShowFolder,
    VideoFile,
    is_junk,
    is_video_name,
    item_name,
)
from sync_script.watched_file import read_text
from sync_script.watched_lines import read_lines, split_lines

__all__ = ["MOVIES", "SHOWS", "WATCHED", "WATCHED_TXT", "scan_library"]

LINKED = "it is a symbolic link, so nothing in it is sent or deleted"
NOT_TEXT = "its name is not valid text, so it is neither sent nor deleted"


def scan_library(library: Path) -> LibraryScan:
    """Everything watched in a library folder, in a stable (name) order.

    Symbolic links are never followed: a linked ``shows/``, ``movies/``, ``watched/`` or
    show folder is refused with a note, a linked video is skipped with a note.
    """
    notes: list[str] = []
    episodes: list[VideoFile] = []
    show_folders: list[ShowFolder] = []
    for show in _entries(_real_folder(library / SHOWS, notes), notes):
        if show.is_symlink():
            notes.append(f"skipped {show.path}: {LINKED}")
        elif not _is_text(show, notes):
            pass
        elif show.is_dir(follow_symlinks=False):
            folder, videos = _show_folder(Path(show.path), notes)
            show_folders.append(folder)
            episodes.extend(videos)
    movies_folder = _real_folder(library / MOVIES, notes)
    movies: list[VideoFile] = []
    if movies_folder is not None:
        movies = _videos(_real_folder(movies_folder / WATCHED, notes), None, notes)[0]
    lines = read_lines(split_lines(_watched_text(library / WATCHED_TXT, notes)))
    return LibraryScan(
        tuple(episodes), tuple(movies), lines, tuple(show_folders), library, tuple(notes)
    )


def _watched_text(path: Path, notes: list[str]) -> str:
    """The links file's text; empty, with a note, when it cannot be read (a folder)."""
    try:
        content = read_text(path)
    except OSError as error:
        notes.append(f"cannot read {path}: {error.strerror or error}")
        return ""
    return content.removeprefix("\ufeff")


def _real_folder(folder: Path, notes: list[str]) -> Path | None:
    """The folder, or ``None`` (with a note) when it is a symbolic link."""
    if folder.is_symlink():
        notes.append(f"refused {folder}: {LINKED}")
        return None
    return folder


def _show_folder(path: Path, notes: list[str]) -> tuple[ShowFolder, list[VideoFile]]:
    others: list[str] = []
    junk: list[Path] = []
    videos: list[VideoFile] = []
    has_watched = False
    watched = _identity(path / WATCHED)
    for entry in _entries(path, notes):
        is_watched = watched is not None and _identity(Path(entry.path)) == watched
        if is_watched and entry.is_symlink():
            notes.append(f"refused {entry.path}: {LINKED}")
            others.append(entry.name)
        elif is_watched and entry.is_dir(follow_symlinks=False):
            has_watched = True
            videos, watched_others, watched_junk = _videos(Path(entry.path), path.name, notes)
            others.extend(f"{WATCHED}/{name}" for name in watched_others)
            junk.extend(watched_junk)
        elif is_junk(entry.name) and entry.is_file(follow_symlinks=False):
            junk.append(Path(entry.path))
        else:
            others.append(_display(entry))
    return ShowFolder(path, tuple(others), tuple(junk), has_watched), videos


def _videos(
    folder: Path | None, folder_name: str | None, notes: list[str]
) -> tuple[list[VideoFile], list[str], list[Path]]:
    """The watched videos of a folder, the names of its other entries, and its junk."""
    videos: list[VideoFile] = []
    others: list[str] = []
    junk: list[Path] = []
    for entry in _entries(folder, notes):
        regular = entry.is_file(follow_symlinks=False)
        if is_video_name(entry.name) and not _is_text(entry, notes):
            others.append(_display(entry))
            continue
        if regular and is_junk(entry.name):
            junk.append(Path(entry.path))
            continue
        if not is_video_name(entry.name) or not regular:
            if is_video_name(entry.name) and entry.is_symlink():
                notes.append(f"skipped {entry.path}: it is a symbolic link, not sent or deleted")
            others.append(_display(entry))
            continue
        try:
            size = entry.stat(follow_symlinks=False).st_size
        except OSError as error:
            notes.append(f"cannot read {entry.path}: {error.strerror or error}")
            others.append(entry.name)
            continue
        name = item_name(Path(entry.name).stem)
        videos.append(VideoFile(Path(entry.path), name, size, item_name(folder_name or "") or None))
    return videos, others, junk


def _identity(path: Path) -> tuple[int, int] | None:
    """Device and inode of a path itself; a case-insensitive disk finds ``Watched`` too."""
    try:
        status = path.lstat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _is_text(entry: os.DirEntry[str], notes: list[str]) -> bool:
    """Whether an entry's name is text the API can take; a note says when it is not.

    A name in a legacy encoding reaches Python with its bytes escaped as surrogates,
    which no JSON request can carry.
    """
    try:
        entry.name.encode("utf-8")
    except UnicodeEncodeError:
        notes.append(f"skipped {_readable(entry.path)}: {NOT_TEXT}")
        return False
    return True


def _readable(name: str) -> str:
    """A name as it can be printed: bytes that are not text shown as \ufffd."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _display(entry: os.DirEntry[str]) -> str:
    """An entry's name as the summary shows it: folders end with a slash."""
    name = _readable(entry.name)
    return name + "/" if entry.is_dir(follow_symlinks=False) else name


def _entries(folder: Path | None, notes: list[str]) -> list[os.DirEntry[str]]:
    if folder is None:
        return []
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        notes.append(f"cannot read {folder}: {error.strerror or error}")
        return []
