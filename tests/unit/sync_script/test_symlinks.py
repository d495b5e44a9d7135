"""Symbolic links in a library: refused, never followed to send or delete (real files)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sync_script.cleanup import apply_cleanup
from sync_script.plan import Confirmed, plan_cleanup
from sync_script.scan import scan_library
from tests.unit.sync_script.fake_api import FakeTrackerApi
from tests.unit.sync_script.library_files import episode, movie, put, tree
from tests.unit.sync_script.runs import sync

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")


def _outside(root: Path) -> Path:
    """A folder next to the library holding a video the library must never touch."""
    put(root / "outside" / "precious.mkv")
    return root / "outside"


def test_a_symlinked_watched_folder_is_refused(tmp_path: Path) -> None:
    library = tmp_path / "library"
    outside = _outside(tmp_path)
    episode(library, "Real", "01.mkv")
    (library / "shows" / "Linked").mkdir(parents=True)
    (library / "shows" / "Linked" / "watched").symlink_to(outside, target_is_directory=True)
    fake = FakeTrackerApi()

    _, output = sync(library, fake)

    assert (outside / "precious.mkv").exists()
    assert fake.episodes == {("Real", "01")}
    assert "symbolic link" in output and "Linked" in output


@pytest.mark.parametrize("linked", ["shows", "movies", "movies/watched"])
def test_a_symlinked_top_folder_is_refused_and_the_rest_syncs(tmp_path: Path, linked: str) -> None:
    library = tmp_path / "library"
    outside = tmp_path / "outside"
    put(outside / "Show" / "watched" / "precious.mkv")
    put(outside / "watched" / "precious.mkv")
    put(outside / "precious.mkv")
    (library / linked).parent.mkdir(parents=True, exist_ok=True)
    (library / linked).symlink_to(outside, target_is_directory=True)
    if linked != "shows":
        episode(library, "Real", "01.mkv")
    fake = FakeTrackerApi()

    _, output = sync(library, fake)

    assert sorted(tree(outside)) == [
        "Show/watched/precious.mkv",
        "precious.mkv",
        "watched/precious.mkv",
    ]
    assert fake.movies == {} and all(folder == "Real" for folder, _ in fake.episodes)
    assert f"refused {library / linked}: it is a symbolic link" in output


def test_a_symlinked_show_folder_or_video_is_skipped_with_a_message(tmp_path: Path) -> None:
    library = tmp_path / "library"
    outside = _outside(tmp_path)
    put(outside / "watched" / "02.mkv")
    (library / "shows").mkdir(parents=True)
    (library / "shows" / "Linked Show").symlink_to(outside, target_is_directory=True)
    link = library / "shows" / "Real" / "watched" / "01.mkv"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside / "precious.mkv")
    fake = FakeTrackerApi()

    _, output = sync(library, fake)

    assert sorted(tree(outside)) == ["precious.mkv", "watched/02.mkv"]
    assert link.is_symlink()
    assert fake.episodes == set()
    assert f"skipped {library / 'shows' / 'Linked Show'}: it is a symbolic link" in output
    assert f"skipped {link}: it is a symbolic link" in output


def test_a_folder_swapped_for_a_symlink_after_the_scan_is_not_deleted_through(
    tmp_path: Path,
) -> None:
    library = tmp_path / "library"
    outside = tmp_path / "outside"
    put(outside / "01.mkv")
    episode(library, "Show", "01.mkv")
    movie(library, "Film.mkv")
    scan = scan_library(library)
    watched = library / "shows" / "Show" / "watched"
    (watched / "01.mkv").unlink()
    watched.rmdir()
    watched.symlink_to(outside, target_is_directory=True)

    confirmed = Confirmed(episodes={("Show", "01")}, movies={"Film"})
    report = apply_cleanup(plan_cleanup(scan, confirmed), library / "watched.txt")

    assert (outside / "01.mkv").exists()
    assert "01.mkv" in [path.name for path, _ in report.left]
    assert [path.name for path in report.deleted] == ["Film.mkv"]
    assert watched.is_symlink() and report.folders_removed == []
