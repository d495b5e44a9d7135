"""Scanning a library folder: watched episodes, watched movies and ``watched.txt`` (file I/O)."""

from __future__ import annotations

import os
from pathlib import Path

from sync_script.model import LibraryScan, VideoFile, is_video_name, item_name
from sync_script.watched_file import read_text
from sync_script.watched_lines import read_lines, split_lines

SHOWS = "shows"
MOVIES = "movies"
WATCHED = "watched"
WATCHED_TXT = "watched.txt"


def scan_library(library: Path) -> LibraryScan:
    """Everything watched in a library folder, in a stable (name) order."""
    notes: list[str] = []
    episodes: list[VideoFile] = []
    show_folders: list[Path] = []
    for show in _entries(library / SHOWS, notes):
        if show.is_dir(follow_symlinks=False):
            show_folders.append(Path(show.path))
            folder_name = item_name(show.name)
            episodes.extend(_videos(Path(show.path) / WATCHED, folder_name, notes))
    movies = _videos(library / MOVIES / WATCHED, None, notes)
    content = read_text(library / WATCHED_TXT)
    if content.startswith("\ufeff"):
        content = content[1:]
    lines = read_lines(split_lines(content))
    return LibraryScan(tuple(episodes), tuple(movies), lines, tuple(show_folders), tuple(notes))


def _videos(folder: Path, folder_name: str | None, notes: list[str]) -> list[VideoFile]:
    videos: list[VideoFile] = []
    for entry in _entries(folder, notes):
        # Regular files only: a symlink or folder named like a video is not a watched file.
        if not is_video_name(entry.name) or not entry.is_file(follow_symlinks=False):
            continue
        try:
            size = entry.stat(follow_symlinks=False).st_size
        except OSError as error:
            notes.append(f"cannot read {entry.path}: {error.strerror or error}")
            continue
        name = item_name(Path(entry.name).stem)
        videos.append(VideoFile(Path(entry.path), name, size, folder_name))
    return videos


def _entries(folder: Path, notes: list[str]) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        notes.append(f"cannot read {folder}: {error.strerror or error}")
        return []
