"""Show folders: removed only when this run's confirmed deletions emptied them (real files)."""

from __future__ import annotations

from pathlib import Path

from tests.unit.sync_script.fake_api import FakeTrackerApi
from tests.unit.sync_script.library_files import episode, put, tree
from tests.unit.sync_script.runs import sync


def test_a_folder_with_other_files_keeps_them_and_says_why(tmp_path: Path) -> None:
    episode(tmp_path, "Frieren", "Frieren - 01.mkv", size=100)
    others = [
        "shows/Frieren/Frieren - 02.avi",
        "shows/Frieren/Frieren - 03.webm",
        "shows/Frieren/Frieren - 04.m4v",
        "shows/Frieren/notes.txt",
        "shows/Frieren/Subs/Frieren - 01.ass",
        "shows/Frieren/extras/family-photos.zip",
        "shows/Frieren/watched/Frieren - 01.ja.srt",
    ]
    for path in others:
        put(tmp_path / path)

    _, output = sync(tmp_path, FakeTrackerApi(shows={"Frieren": 1}))

    assert sorted(tree(tmp_path)) == sorted(others)
    assert "Deleted 1 file, freed 0.00 GB" in output
    assert (
        "Kept shows/Frieren: 7 other files "
        "(Frieren - 02.avi, Frieren - 03.webm, Frieren - 04.m4v, …)"
    ) in output


def test_a_folder_the_server_knows_but_this_run_did_not_touch_stays(tmp_path: Path) -> None:
    kept = [
        put(tmp_path / "shows" / "Frieren" / "Frieren - 05.avi"),
        put(tmp_path / "shows" / "Frieren" / "notes.txt"),
        put(tmp_path / "shows" / "Never synced" / "Subs" / "01.ass"),
        put(tmp_path / "shows" / "Never synced" / "watched" / "01.webm"),
    ]
    sync(tmp_path, FakeTrackerApi(shows={"Frieren": 1, "Never synced": 2}))
    assert all(path.exists() for path in kept)


def test_a_folder_emptied_by_confirmed_deletions_goes_with_its_junk(tmp_path: Path) -> None:
    episode(tmp_path, "Done", "01.mkv")
    episode(tmp_path, "Done", ".DS_Store")
    put(tmp_path / "shows" / "Done" / "Thumbs.db")
    put(tmp_path / "shows" / "Done" / "desktop.ini")
    _, output = sync(tmp_path, FakeTrackerApi(shows={"Done": 1}))
    assert not (tmp_path / "shows" / "Done").exists()
    assert f"removed folder {tmp_path / 'shows' / 'Done'}" in output


def test_an_unconfirmed_episode_keeps_its_folder(tmp_path: Path) -> None:
    episode(tmp_path, "Show", "01.mkv")
    fake = FakeTrackerApi(shows={"Show": 1})
    fake.fail_paths["/sync"] = 100
    _, output = sync(tmp_path, fake)
    assert sorted(tree(tmp_path)) == ["shows/Show/watched/01.mkv"]
    assert "removed folder" not in output


def test_a_dry_run_shows_which_folders_would_go_and_which_stay(tmp_path: Path) -> None:
    episode(tmp_path, "Done", "01.mkv")
    episode(tmp_path, "Frieren", "01.mkv")
    put(tmp_path / "shows" / "Frieren" / "notes.txt")
    before = tree(tmp_path)
    _, output = sync(tmp_path, FakeTrackerApi(), dry_run=True)
    assert tree(tmp_path) == before
    assert "Would remove once emptied: shows/Done" in output
    assert "Would keep shows/Frieren: 1 other file (notes.txt)" in output
