"""Deleting confirmed files, emptied show folders and confirmed lines on a real disk."""

from __future__ import annotations

from pathlib import Path

from sync_script.cleanup import apply_cleanup
from sync_script.model import LibraryScan
from sync_script.plan import Confirmed, plan_cleanup
from sync_script.scan import scan_library
from tests.unit.sync_script.library_files import episode, put, tree

PSY = "9bZkp7q19f0"


def _confirm_all_episodes(scan: LibraryScan) -> Confirmed:
    return Confirmed(episodes={(file.folder_name or "", file.name) for file in scan.episodes})


def test_names_are_matched_literally(tmp_path: Path) -> None:
    show = "Show [x]"
    episode(tmp_path, show, "ep [1].mkv", size=5)
    episode(tmp_path, show, "ep 1.mkv", size=5)
    episode(tmp_path, show, "ep *.mkv", size=5)
    episode(tmp_path, show, "ep ?#.mkv", size=5)
    put(tmp_path / "shows" / show / "unwatched [1].mkv")
    scan = scan_library(tmp_path)
    report = apply_cleanup(
        plan_cleanup(scan, Confirmed(episodes={(show, "ep [1]"), (show, "ep *")})),
        tmp_path / "watched.txt",
    )
    assert sorted(tree(tmp_path)) == [
        "shows/Show [x]/unwatched [1].mkv",
        "shows/Show [x]/watched/ep 1.mkv",
        "shows/Show [x]/watched/ep ?#.mkv",
    ]
    assert report.bytes_freed == 10
    assert report.folders_removed == []


def test_only_a_folder_emptied_by_confirmed_deletions_goes(tmp_path: Path) -> None:
    episode(tmp_path, "Done", "01.mkv", size=1000)
    episode(tmp_path, "Done", "Thumbs.db", size=3)
    put(tmp_path / "shows" / "Done" / ".DS_Store", size=3)
    episode(tmp_path, "Subtitled", "01.mkv")
    put(tmp_path / "shows" / "Subtitled" / "01.ass", size=20)
    put(tmp_path / "shows" / "Subtitled" / "extras" / ".DS_Store", size=3)
    episode(tmp_path, "Ongoing", "01.mkv")
    put(tmp_path / "shows" / "Ongoing" / "season 2" / "02.mkv")
    episode(tmp_path, "Downloading", "01.mkv")
    put(tmp_path / "shows" / "Downloading" / "02.mkv.part")

    scan = scan_library(tmp_path)
    report = apply_cleanup(
        plan_cleanup(scan, _confirm_all_episodes(scan)), tmp_path / "watched.txt"
    )

    assert sorted(tree(tmp_path)) == [
        "shows/Downloading/02.mkv.part",
        "shows/Ongoing/season 2/02.mkv",
        "shows/Subtitled/01.ass",
        "shows/Subtitled/extras/.DS_Store",
    ]
    assert report.folders_removed == [tmp_path / "shows" / "Done"]
    assert report.bytes_freed == 1000 + 10 + 10 + 10
    assert [(kept.path.name, kept.others) for kept in report.kept_folders] == [
        ("Downloading", ("02.mkv.part",)),
        ("Ongoing", ("season 2/",)),
        ("Subtitled", ("01.ass", "extras/")),
    ]
    assert (tmp_path / "shows" / "Ongoing" / "watched").is_dir()


def test_a_file_that_cannot_be_deleted_is_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    first = episode(tmp_path, "Show", "01.mkv")
    episode(tmp_path, "Show", "02.mkv")
    scan = scan_library(tmp_path)
    # A folder where the file was: unlink fails as it would on a file held open on Windows,
    # and a video stays under the show folder, which therefore stays too.
    first.unlink()
    put(first / "inner.mkv")
    report = apply_cleanup(
        plan_cleanup(scan, _confirm_all_episodes(scan)), tmp_path / "watched.txt"
    )
    assert [path.name for path, _ in report.left] == ["01.mkv"]
    assert [path.name for path in report.deleted] == ["02.mkv"]
    assert first.is_dir()
    assert (tmp_path / "shows" / "Show").is_dir()


def test_a_file_already_gone_is_not_an_error(tmp_path: Path) -> None:
    gone = episode(tmp_path, "Show", "01.mkv")
    scan = scan_library(tmp_path)
    gone.unlink()
    report = apply_cleanup(
        plan_cleanup(scan, _confirm_all_episodes(scan)), tmp_path / "watched.txt"
    )
    assert report.left == []
    assert report.folders_removed == [tmp_path / "shows" / "Show"]


def test_confirmed_lines_leave_watched_txt(tmp_path: Path) -> None:
    watched = tmp_path / "watched.txt"
    watched.write_text(f"https://youtu.be/{PSY}\njunk\n")
    scan = scan_library(tmp_path)
    report = apply_cleanup(plan_cleanup(scan, Confirmed(youtube_ids={PSY})), watched)
    assert watched.read_text() == "junk\n"
    assert report.lines_removed == 1
