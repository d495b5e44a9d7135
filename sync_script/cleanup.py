"""Removing what the server confirmed: video files, emptied show folders, lines (file I/O)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sync_script.model import keeps_folder
from sync_script.plan import CleanupPlan
from sync_script.watched_file import remove_confirmed_lines


@dataclass
class CleanupReport:
    """What the clean-up did and what it had to leave."""

    deleted: list[Path] = field(default_factory=list)
    bytes_freed: int = 0
    left: list[tuple[Path, str]] = field(default_factory=list)
    """Files or folders that could not be removed, with the reason."""
    folders_removed: list[Path] = field(default_factory=list)
    lines_removed: int = 0
    watched_txt_error: str | None = None


def apply_cleanup(
    plan: CleanupPlan,
    watched_txt: Path,
    on_file: Callable[[Path], None] | None = None,
) -> CleanupReport:
    """Delete the confirmed files, then emptied show folders, then the confirmed lines.

    A file that cannot be deleted is reported and left; the rest carries on.
    """
    report = CleanupReport()
    for video in plan.files:
        _delete_file(video.path, report)
        if on_file is not None:
            on_file(video.path)
    for folder in plan.show_folders:
        if folder.is_dir() and not folder.is_symlink() and not _holds_video(folder):
            _remove_folder(folder, report)
    if plan.lines_to_remove:
        try:
            if remove_confirmed_lines(watched_txt, plan.youtube_done, plan.spotify_done):
                report.lines_removed = plan.lines_to_remove
        except OSError as error:
            report.watched_txt_error = _reason(error)
    return report


def _delete_file(path: Path, report: CleanupReport) -> None:
    try:
        size = path.stat(follow_symlinks=False).st_size
        path.unlink()
    except FileNotFoundError:
        # Already gone (deleted by hand or by an earlier, interrupted run): nothing to free.
        return
    except OSError as error:
        report.left.append((path, _reason(error)))
        return
    report.deleted.append(path)
    report.bytes_freed += size


def _holds_video(folder: Path) -> bool:
    for _, _, files in os.walk(folder, followlinks=False):
        if any(keeps_folder(name) for name in files):
            return True
    return False


def _remove_folder(folder: Path, report: CleanupReport) -> None:
    """Remove a show folder bottom-up; a video found meanwhile is never deleted."""
    for current, folders, files in os.walk(folder, topdown=False, followlinks=False):
        here = Path(current)
        for name in files:
            if keeps_folder(name):
                continue
            _remove_leftover(here / name, report)
        for name in folders:
            path = here / name
            if path.is_symlink():
                _remove_leftover(path, report)
            else:
                _remove_empty_folder(path, report)
    if _remove_empty_folder(folder, report):
        report.folders_removed.append(folder)


def _remove_leftover(path: Path, report: CleanupReport) -> None:
    try:
        size = path.stat(follow_symlinks=False).st_size
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as error:
        report.left.append((path, _reason(error)))
        return
    report.bytes_freed += size


def _remove_empty_folder(path: Path, report: CleanupReport) -> bool:
    try:
        path.rmdir()
    except FileNotFoundError:
        return False
    except OSError as error:
        report.left.append((path, _reason(error)))
        return False
    return True


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
