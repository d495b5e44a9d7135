"""Whole sync runs over real library folders against an in-memory API."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sync_script.session import EXIT_ERROR, EXIT_KEPT, EXIT_SYNCED
from tests.unit.sync_script.fake_api import FakeTrackerApi
from tests.unit.sync_script.library_files import episode, movie, put, tree
from tests.unit.sync_script.runs import sync

PSY = "9bZkp7q19f0"
FONSI = "kJQP7kiw5Fk"
UNKNOWN_VIDEO = "zzzzzzzzzzz"
MIKU = "4qjerzMw8jfD30VOG0tjpK"


def _run(
    library: Path,
    fake: FakeTrackerApi,
    presets: dict[str, int] | None = None,
    *,
    dry_run: bool = False,
) -> tuple[int, str]:
    return sync(library, fake, dry_run=dry_run, presets=presets)


def _library(root: Path) -> Path:
    episode(root, "Free!", "Free! - 01.mkv")
    episode(root, "Free!", "Free! - 02.mkv")
    put(root / "shows" / "Free!" / "Free! - 03.mkv")
    episode(root, "Haikyuu [BD]", "ep [01] *?#.mkv")
    put(root / "shows" / "Haikyuu [BD]" / "ep 01.ass")
    movie(root, "すずめの戸締まり.mp4")
    (root / "watched.txt").write_text(
        f"https://youtu.be/{PSY}\njunk\n\nhttps://youtu.be/{UNKNOWN_VIDEO}\n"
        f"https://www.youtube.com/watch?v={PSY}&t=3\nspotify:episode:{MIKU}\n"
    )
    return root


def test_a_sync_sends_everything_and_removes_only_what_was_confirmed(tmp_path: Path) -> None:
    library = _library(tmp_path)
    fake = FakeTrackerApi(unknown_ids={UNKNOWN_VIDEO})
    presets = {"Free!": 278157, "Haikyuu [BD]": 270065, "すずめの戸締まり.mp4": 331904}

    status, output = _run(library, fake, presets)

    assert status == EXIT_KEPT  # the junk line and the unknown video stay for later
    assert fake.episodes == {
        ("Free!", "Free! - 01"),
        ("Free!", "Free! - 02"),
        ("Haikyuu [BD]", "ep [01] *?#"),
    }
    assert fake.shows == {"Free!": 278157, "Haikyuu [BD]": 270065}
    assert fake.movies == {"すずめの戸締まり": 331904}
    assert fake.videos == {PSY}
    assert fake.podcast_episodes == {MIKU}
    assert sorted(tree(library)) == [
        "shows/Free!/Free! - 03.mkv",
        "shows/Haikyuu [BD]/ep 01.ass",
        "watched.txt",
    ]
    assert "Kept shows/Haikyuu [BD]: 1 other file (ep 01.ass)" in output
    assert (library / "watched.txt").read_text() == f"junk\nhttps://youtu.be/{UNKNOWN_VIDEO}\n"
    assert f"kept for later: {UNKNOWN_VIDEO}: not found" in output
    assert "Today: 3 episodes, 1 movie, 1 video, 1 podcast episode" in output


def test_a_second_run_finds_nothing_new(tmp_path: Path) -> None:
    library = _library(tmp_path)
    (library / "watched.txt").write_text(f"https://youtu.be/{PSY}\n")
    fake = FakeTrackerApi()
    presets = {"Free!": 1, "Haikyuu [BD]": 2, "すずめの戸締まり": 3}
    assert _run(library, fake, presets)[0] == EXIT_SYNCED
    sent = len(fake.requests)
    status, output = _run(library, fake)
    assert status == EXIT_SYNCED
    assert "Found 0 watched episodes in 0 show folders" in output
    # Only GET /shows and GET /progress: nothing to send.
    assert fake.requests[sent:] == [("GET", "/prod/shows"), ("GET", "/prod/progress")]


def test_a_skipped_movie_stays_on_disk_and_a_skipped_show_is_asked_again(tmp_path: Path) -> None:
    episode(tmp_path, "Unknown Show", "01.mkv")
    movie(tmp_path, "Unknown Movie.mkv")
    fake = FakeTrackerApi()
    status, output = _run(tmp_path, fake)
    assert status == EXIT_KEPT
    assert sorted(tree(tmp_path)) == ["movies/watched/Unknown Movie.mkv"]
    assert fake.shows == {"Unknown Show": None}
    assert "show 'Unknown Show' has no TVDB id yet" in output
    assert _run(tmp_path, fake)[0] == EXIT_KEPT
    assert ("GET", "/prod/search") in fake.requests[-5:]


def test_an_episode_the_server_refuses_stays_on_disk(tmp_path: Path) -> None:
    # ("a#b", "c") and ("a", "b#c") share the server's key; the second is refused, and
    # its file was deleted although it was never recorded.
    episode(tmp_path, "a", "b#c.mkv")
    episode(tmp_path, "a", "d.mkv")
    fake = FakeTrackerApi(episodes={("a#b", "c")}, shows={"a#b": 1, "a": 2})
    status, output = _run(tmp_path, fake)
    assert status == EXIT_KEPT
    assert fake.episodes == {("a#b", "c"), ("a", "d")}
    assert sorted(tree(tmp_path)) == ["shows/a/watched/b#c.mkv"]
    assert "a/b#c: same stored key" in output


def test_a_movie_recorded_by_an_interrupted_run_is_deleted_without_asking(tmp_path: Path) -> None:
    movie(tmp_path, "Suzume.mkv")
    fake = FakeTrackerApi(movies={"Suzume": 331904})
    assert _run(tmp_path, fake)[0] == EXIT_SYNCED
    assert tree(tmp_path) == {}
    assert ("POST", "/prod/syncmovies") not in fake.requests


def test_a_route_that_keeps_failing_keeps_its_items(tmp_path: Path) -> None:
    library = _library(tmp_path)
    fake = FakeTrackerApi()
    fake.fail_paths["/syncyoutube"] = 100
    status, output = _run(library, fake, {"Free!": 1, "Haikyuu [BD]": 2, "すずめの戸締まり": 3})
    assert status == EXIT_KEPT
    assert fake.videos == set()
    assert fake.podcast_episodes == {MIKU}
    assert (library / "watched.txt").read_text() == (
        f"https://youtu.be/{PSY}\njunk\nhttps://youtu.be/{UNKNOWN_VIDEO}\n"
        f"https://www.youtube.com/watch?v={PSY}&t=3\n"
    )
    assert "500 Internal server error" in output


def test_a_lost_connection_deletes_only_what_was_confirmed_and_a_rerun_finishes(
    tmp_path: Path,
) -> None:
    library = _library(tmp_path)
    presets = {"Free!": 1, "Haikyuu [BD]": 2, "すずめの戸締まり": 3}
    fake = FakeTrackerApi(drop_after=1)  # POST /sync answered, then the network goes
    status, output = _run(library, fake, presets)
    assert status == EXIT_ERROR
    assert "cannot reach the API" in output
    assert sorted(tree(library)) == [
        "movies/watched/すずめの戸締まり.mp4",
        "shows/Free!/Free! - 03.mkv",
        "shows/Haikyuu [BD]/ep 01.ass",
        "watched.txt",
    ]
    fake.drop_after = None
    assert _run(library, fake, presets)[0] == EXIT_KEPT  # the junk line stays
    assert (library / "watched.txt").read_text() == "junk\n"
    assert fake.movies == {"すずめの戸締まり": 3}
    assert len(fake.episodes) == 3


def test_requests_are_chunked(tmp_path: Path) -> None:
    for number in range(1201):
        episode(tmp_path, "Long Show", f"{number:04d}.mkv", size=0)
    fake = FakeTrackerApi()
    assert _run(tmp_path, fake, {"Long Show": 1})[0] == EXIT_SYNCED
    assert fake.requests.count(("POST", "/prod/sync")) == 3
    assert len(fake.episodes) == 1201
    assert tree(tmp_path) == {}


def test_a_dry_run_sends_nothing_and_changes_nothing(tmp_path: Path) -> None:
    library = _library(tmp_path)
    before = tree(library)
    fake = FakeTrackerApi()
    status, output = _run(library, fake, {"すずめの戸締まり.mp4": 331904}, dry_run=True)
    assert status == EXIT_SYNCED
    assert fake.requests == []
    assert tree(library) == before
    assert "  Haikyuu [BD] / ep [01] *?#" in output
    assert "  すずめの戸締まり (TVDB id 331904)" in output
    assert f"Would send POST /syncyoutube (request 1): {PSY} {UNKNOWN_VIDEO}" in output
    assert str(library / "shows" / "Free!" / "watched" / "Free! - 01.mkv") in output


def test_a_folder_left_empty_by_an_interrupted_run_is_removed_next_time(tmp_path: Path) -> None:
    # An earlier run deleted the last episode, then stopped before removing the folder.
    put(tmp_path / "shows" / "Free!" / "watched" / ".DS_Store")
    (tmp_path / "shows" / "Not synced yet" / "watched").mkdir(parents=True)
    put(tmp_path / "shows" / "Known" / "notes.txt")
    fake = FakeTrackerApi(shows={"Free!": 278157, "Known": 1})
    assert _run(tmp_path, fake)[0] == EXIT_SYNCED
    assert sorted(path.name for path in (tmp_path / "shows").iterdir()) == [
        "Known",
        "Not synced yet",
    ]


def test_a_tvdb_id_option_corrects_a_named_show_and_leaves_others(tmp_path: Path) -> None:
    fake = FakeTrackerApi(shows={"Free!": 1, "Haikyuu": 270065})
    assert _run(tmp_path, fake, {"Free!": 278157, "Haikyuu": 270065})[0] == EXIT_SYNCED
    assert fake.shows == {"Free!": 278157, "Haikyuu": 270065}
    assert fake.requests.count(("PUT", "/prod/show")) == 1


@pytest.mark.skipif(os.name == "nt", reason="Windows names are always text")
def test_a_name_that_is_not_text_is_reported_and_kept_while_the_rest_syncs(
        tmp_path: Path) -> None:
    episode(tmp_path, "S1", "e1.mkv")
    bad_episode = episode(tmp_path, "S1", os.fsdecode(b"\xff\xfe bad.mkv"))
    bad_show = episode(tmp_path, os.fsdecode(b"S\xff"), "e1.mkv")
    bad_movie = movie(tmp_path, os.fsdecode(b"\xe9t\xe9.mp4"))
    fake = FakeTrackerApi()

    status, output = _run(tmp_path, fake, {"S1": 1})

    assert status == EXIT_KEPT
    assert fake.episodes == {("S1", "e1")}
    assert fake.movies == {}
    assert bad_episode.exists() and bad_show.exists() and bad_movie.exists()
    assert not (tmp_path / "shows" / "S1" / "watched" / "e1.mkv").exists()
    assert output.count("its name is not valid text") == 3


def test_a_watched_txt_that_cannot_be_read_is_reported_while_the_rest_syncs(
        tmp_path: Path) -> None:
    episode(tmp_path, "S1", "e1.mkv")
    (tmp_path / "watched.txt").mkdir()
    fake = FakeTrackerApi()

    status, output = _run(tmp_path, fake, {"S1": 1})

    assert status == EXIT_KEPT
    assert fake.episodes == {("S1", "e1")}
    assert f"cannot read {tmp_path / 'watched.txt'}:" in output
    assert (tmp_path / "watched.txt").is_dir()
