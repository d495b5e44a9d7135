"""Human-readable lines about a scan, a dry run and a clean-up (no I/O)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from sync_script.cleanup import CleanupReport
from sync_script.model import LibraryScan
from sync_script.plan import (
    CHUNK_SIZE,
    SPOTIFY_CHUNK_SIZE,
    Confirmed,
    KeptFolder,
    SyncPlan,
    chunked,
    plan_cleanup,
)
from sync_script.tvdb_ids import preset_key

GIGABYTE = 1_000_000_000
NAMES_SHOWN = 3
"""How many of the entries that keep a folder are named in the summary."""


def scan_lines(scan: LibraryScan, plan: SyncPlan) -> list[str]:
    """What the scan found, per source."""
    per_show = Counter(file.folder_name or "" for file in scan.episodes)
    episodes = _count(len(scan.episodes), "watched episode")
    folders = _count(len(per_show), "show folder")
    lines = [f"Found {episodes} in {folders}"]
    lines += [f"  {folder}: {_count(count, 'episode')}" for folder, count in per_show.items()]
    lines.append(f"Found {_count(len(scan.movies), 'watched movie')}")
    lines += [f"  {movie.name}" for movie in scan.movies]
    lines.append(
        f"Found {_count(len(plan.youtube_ids), 'YouTube video')} and "
        f"{_count(len(plan.spotify_ids), 'Spotify episode')} in watched.txt"
    )
    lines += [
        f"  kept line {line.number} {line.text.strip()!r}: {line.problem or 'nothing to read'}"
        for line in scan.unreadable_lines
    ]
    lines += [f"  {note}" for note in scan.notes]
    return lines


def dry_run_lines(scan: LibraryScan, plan: SyncPlan, presets: Mapping[str, int]) -> list[str]:
    """Exactly what a real run would send and, once confirmed, delete."""
    lines = ["Dry run: nothing is sent, deleted or rewritten."]
    for number, chunk in enumerate(chunked(plan.episodes, CHUNK_SIZE), start=1):
        lines.append(f"Would send POST /sync (request {number}, {_count(len(chunk), 'episode')}):")
        lines += [f"  {folder} / {name}" for folder, name in chunk]
    if plan.episodes:
        lines.append("Then GET /shows, and PUT /show for each show still without a TVDB id.")
    known = {preset_key(name): tvdb_id for name, tvdb_id in presets.items()}
    if plan.movies:
        lines.append("Would send POST /syncmovies for the movies not recorded yet:")
    for movie in scan.movies:
        tvdb_id = known.get(preset_key(movie.name)) or known.get(preset_key(movie.path.name))
        lines.append(f"  {movie.name} (TVDB id {tvdb_id or 'to choose'})")
    for number, ids in enumerate(chunked(plan.youtube_ids, CHUNK_SIZE), start=1):
        lines.append(f"Would send POST /syncyoutube (request {number}): {' '.join(ids)}")
    for number, ids in enumerate(chunked(plan.spotify_ids, SPOTIFY_CHUNK_SIZE), start=1):
        lines.append(f"Would send POST /syncspotify (request {number}): {' '.join(ids)}")
    short_links = [link for line in scan.lines if line.readable for link in line.short_links]
    if short_links:
        lines.append("Would resolve through Spotify, then send the episodes of:")
        lines += [f"  {link}" for link in dict.fromkeys(short_links)]
    files = (*scan.episodes, *scan.movies)
    if files:
        total = sum(file.size for file in files)
        lines.append(f"Would delete once confirmed ({gigabytes(total)}):")
        lines += [f"  {file.path}" for file in files]
    lines += _folder_lines(scan, plan)
    readable = [line for line in scan.lines if line.readable]
    if readable:
        count = _count(len(readable), "line")
        lines.append(f"Would remove from watched.txt once confirmed: {count}")
        lines += [f"  line {line.number}: {line.text.strip()}" for line in readable]
    return lines


def cleanup_lines(report: CleanupReport) -> list[str]:
    """What the clean-up removed and what it left."""
    deleted = _count(len(report.deleted), "file")
    lines = [f"Deleted {deleted}, freed {gigabytes(report.bytes_freed)}"]
    lines += [f"  removed folder {folder}" for folder in report.folders_removed]
    lines += [f"Kept {kept_reason(kept, report.root)}" for kept in report.kept_folders]
    lines += [f"  could not remove {path}: {reason}" for path, reason in report.left]
    if report.lines_removed:
        lines.append(f"Removed {_count(report.lines_removed, 'line')} from watched.txt")
    if report.watched_txt_error:
        lines.append(f"Could not rewrite watched.txt: {report.watched_txt_error}")
    return lines


def kept_reason(kept: KeptFolder, root: Path) -> str:
    """``shows/Frieren: 3 other files (notes.txt, Subs/, …)``."""
    names = ", ".join(kept.others[:NAMES_SHOWN])
    more = ", …" if len(kept.others) > NAMES_SHOWN else ""
    return f"{_relative(kept.path, root)}: {_count(len(kept.others), 'other file')} ({names}{more})"


def _folder_lines(scan: LibraryScan, plan: SyncPlan) -> list[str]:
    """The show folders a run would remove or keep if the server confirmed everything."""
    everything = Confirmed(episodes=set(plan.episodes))
    cleanup = plan_cleanup(scan, everything)
    lines = [
        f"Would remove once emptied: {_relative(f.path, scan.root)}" for f in cleanup.show_folders
    ]
    lines += [f"Would keep {kept_reason(kept, scan.root)}" for kept in cleanup.kept_folders]
    return lines


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def gigabytes(size: int) -> str:
    """A byte count in gigabytes with two decimals."""
    return f"{size / GIGABYTE:.2f} GB"


def _count(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"
