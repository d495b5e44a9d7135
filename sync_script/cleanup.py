"""Removing what the server confirmed: video files, emptied show folders, lines (file I/O).

Nothing is removed recursively: files one by one, folders with ``rmdir`` (which fails on
anything that appeared meanwhile), and never through a symbolic link or outside the library.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sync_script.model import WATCHED, ShowFolder
from sync_script.plan import CleanupPlan, KeptFolder
from sync_script.watched_file import remove_confirmed_lines

OUTSIDE = "refused: it is reached through a symbolic link or lies outside the library"
NOT_A_FILE = "refused: not a regular file (a symbolic link is never followed)"


@dataclass
class CleanupReport:
    """What the clean-up did and what it had to leave."""

    deleted: list[Path] = field(default_factory=list)
    bytes_freed: int = 0
    left: list[tuple[Path, str]] = field(default_factory=list)
    """Files or folders that could not be removed, with the reason."""
    folders_removed: list[Path] = field(default_factory=list)
    kept_folders: list[KeptFolder] = field(default_factory=list)
    """Show folders that lost files but still hold something else."""
    lines_removed: int = 0
    watched_txt_error: str | None = None
    root: Path = Path()


def apply_cleanup(
    plan: CleanupPlan,
    watched_txt: Path,
    on_file: Callable[[Path], None] | None = None,
) -> CleanupReport:
    """Delete the confirmed files, then the show folders they emptied, then the lines.

    A file that cannot be deleted is reported and left; the rest carries on.
    """
    report = CleanupReport(kept_folders=list(plan.kept_folders), root=plan.root)
    library = _Library(plan.root)
    for video in plan.files:
        size = _delete_file(video.path, library, report)
        if size is not None:
            report.deleted.append(video.path)
            report.bytes_freed += size
        if on_file is not None:
            on_file(video.path)
    for folder in plan.show_folders:
        _remove_show_folder(folder, library, report)
    if plan.lines_to_remove:
        try:
            if remove_confirmed_lines(watched_txt, plan.youtube_done, plan.spotify_done):
                report.lines_removed = plan.lines_to_remove
        except OSError as error:
            report.watched_txt_error = _reason(error)
    return report


class _Library:
    """The library folder, resolved once, and the check every removal passes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real = root.resolve()

    def holds(self, folder: Path) -> bool:
        """Whether ``folder`` is a real folder of the library, reached through no link.

        Resolving it must give the library's own resolved path plus the same relative
        path: any symbolic link on the way (or a ``..``) changes that.
        """
        try:
            relative = folder.relative_to(self.root)
            return folder.resolve(strict=True) == self.real / relative
        except (ValueError, OSError):
            return False


def _delete_file(path: Path, library: _Library, report: CleanupReport) -> int | None:
    """Delete one regular file; its size, or ``None`` when it was left or already gone."""
    if not library.holds(path.parent):
        if path.parent.exists() or path.parent.is_symlink():
            report.left.append((path, OUTSIDE))
        return None
    try:
        status = path.lstat()
        if not stat.S_ISREG(status.st_mode):
            report.left.append((path, NOT_A_FILE))
            return None
        path.unlink()
    except FileNotFoundError:
        # Already gone (deleted by hand or by an earlier, interrupted run): nothing to free.
        return None
    except OSError as error:
        report.left.append((path, _reason(error)))
        return None
    return status.st_size


def _remove_show_folder(folder: ShowFolder, library: _Library, report: CleanupReport) -> None:
    """Junk and the empty ``watched/`` first, then the folder; stop at the first refusal."""
    if any(folder.path in path.parents for path, _ in report.left):
        return  # a file that could not be deleted keeps it, and was reported already
    watched = folder.path / WATCHED
    if not library.holds(folder.path) or (folder.has_watched and not library.holds(watched)):
        report.left.append((folder.path, OUTSIDE))
        return
    for junk in folder.junk:
        if junk.parent == folder.path:
            continue
        if _delete_file(junk, library, report) is None and junk.exists():
            return
    if folder.has_watched and not _remove_empty_folder(watched, report):
        return
    for junk in folder.junk:
        if junk.parent == folder.path:
            _delete_file(junk, library, report)
    if _remove_empty_folder(folder.path, report):
        report.folders_removed.append(folder.path)


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
