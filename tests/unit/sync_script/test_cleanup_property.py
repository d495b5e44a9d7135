"""Clean-up over random libraries and confirmations: only confirmed or emptied things go."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync_script.cleanup import apply_cleanup
from sync_script.plan import Confirmed, plan_cleanup
from sync_script.scan import scan_library

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")

JUNK = (".DS_Store", "Thumbs.db", "desktop.ini")
# Characters that broke globbing clean-ups, plus spaces, a composed and a decomposed accent.
NAME = st.text(alphabet="ab [*?#]-é\u0301ア", min_size=1, max_size=6).filter(
    lambda name: name.strip(".") == name and name.lower() != "watched"
)
WATCHED_KINDS = ("video", "video", "subtitle", "avi", "junk", "folder", "linked video")
ROOT_KINDS = ("unwatched", "notes", "folder", "junk", "linked folder")
SUFFIX = {"video": ".mkv", "subtitle": ".srt", "avi": ".avi", "unwatched": ".MP4", "notes": ".txt"}


@dataclass(frozen=True)
class Show:
    name: str
    mode: str
    """How the show folder and its watched/ exist: ``real``, ``no watched``,
    ``linked watched`` or ``linked show``."""
    watched: tuple[tuple[str, str], ...]
    root: tuple[tuple[str, str], ...]


def _entries(kinds: tuple[str, ...]) -> st.SearchStrategy[tuple[tuple[str, str], ...]]:
    entry = st.tuples(st.sampled_from(kinds), NAME, st.sampled_from(JUNK)).map(
        lambda t: (t[0], t[2] if t[0] == "junk" else t[1] + SUFFIX.get(t[0], ""))
    )
    return st.lists(entry, max_size=5, unique_by=lambda e: e[1]).map(tuple)


SHOW = st.builds(
    Show,
    NAME,
    st.sampled_from(("real", "real", "real", "no watched", "linked watched", "linked show")),
    _entries(WATCHED_KINDS),
    _entries(ROOT_KINDS),
)


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _build(library: Path, outside: Path, show: Show) -> None:
    folder = library / "shows" / show.name
    if show.mode == "linked show":
        folder.symlink_to(outside, target_is_directory=True)
        return
    folder.mkdir()
    watched = folder / "watched"
    if show.mode == "linked watched":
        watched.symlink_to(outside, target_is_directory=True)
    elif show.mode == "real":
        watched.mkdir()
        _fill(watched, show.watched, outside)
    _fill(folder, show.root, outside)


def _fill(folder: Path, entries: tuple[tuple[str, str], ...], outside: Path) -> None:
    for kind, name in entries:
        path = folder / name
        if kind == "folder":
            path.mkdir()
            (path / "inside.mkv").write_bytes(b"x")
        elif kind == "linked video":
            path.symlink_to(outside / "watched" / "precious.mkv")
        elif kind == "linked folder":
            path.symlink_to(outside, target_is_directory=True)
        else:
            path.write_bytes(b"x")


def _snapshot(root: Path) -> set[str]:
    """Every path under ``root`` (links not followed), relative, folders with a slash."""
    found: set[str] = set()
    for current, folders, files in os.walk(root):
        here = Path(current)
        found.update((here / name).relative_to(root).as_posix() + "/" for name in folders)
        found.update((here / name).relative_to(root).as_posix() for name in files)
    return found


def _expected_gone(shows: list[Show], episodes: set[tuple[str, str]], known: set[str]) -> set[str]:
    gone: set[str] = set()
    for show in shows:
        if show.mode not in ("real", "no watched"):
            continue
        prefix = f"shows/{show.name}/"
        confirmed = {
            f"{prefix}watched/{name}"
            for kind, name in show.watched
            if show.mode == "real"
            and kind == "video"
            and (_key(show.name), _key(name.removesuffix(".mkv"))) in episodes
        }
        gone |= confirmed
        watched = show.watched if show.mode == "real" else ()
        watched_left = [name for _, name in watched if f"{prefix}watched/{name}" not in confirmed]
        root_left = [name for kind, name in show.root if kind != "junk"]
        emptied = not root_left and all(name in JUNK for name in watched_left)
        if emptied and (confirmed or _key(show.name) in known):
            gone |= {prefix, *(prefix + name for _, name in show.root)}
            if show.mode == "real":
                gone |= {f"{prefix}watched/", *(f"{prefix}watched/{n}" for n in watched_left)}
    return gone


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    shows=st.lists(SHOW, max_size=4, unique_by=lambda show: show.name),
    data=st.data(),
)
def test_only_confirmed_files_and_the_folders_they_empty_go(
    shows: list[Show], data: st.DataObject
) -> None:
    names = [show.name for show in shows]
    keys = [
        (_key(show.name), _key(name.rsplit(".", 1)[0]))
        for show in shows
        for _, name in show.watched + show.root
    ]
    episodes = set(data.draw(st.lists(st.sampled_from(keys)) if keys else st.just([])))
    drawn = data.draw(st.lists(st.sampled_from(names)) if names else st.just([]))
    known = {_key(name) for name in drawn}
    with tempfile.TemporaryDirectory() as temporary:
        library, outside = Path(temporary, "library"), Path(temporary, "outside")
        (outside / "watched").mkdir(parents=True)
        (outside / "watched" / "precious.mkv").write_bytes(b"keep")
        (library / "shows").mkdir(parents=True)
        for show in shows:
            _build(library, outside, show)
        before, outside_before = _snapshot(library), _snapshot(outside)

        scan = scan_library(library)
        plan = plan_cleanup(scan, Confirmed(episodes=episodes), frozenset(known))
        report = apply_cleanup(plan, library / "watched.txt")

        assert _snapshot(outside) == outside_before
        assert (outside / "watched" / "precious.mkv").read_bytes() == b"keep"
        assert before - _snapshot(library) == _expected_gone(shows, episodes, known)
        assert report.left == []
