"""The planning core: distinct items, chunks, confirmations and what may be removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync_script.model import LibraryScan, ShowFolder, VideoFile, WatchedLine
from sync_script.plan import (
    BatchAnswer,
    Confirmed,
    KeptFolder,
    chunked,
    confirmed_ids,
    episode_body,
    plan_cleanup,
    plan_sync,
)

PSY = "9bZkp7q19f0"
FONSI = "kJQP7kiw5Fk"
MIKU = "4qjerzMw8jfD30VOG0tjpK"


def _episode(folder: str, file_name: str) -> VideoFile:
    path = Path("shows", folder, "watched", file_name)
    return VideoFile(path, path.stem, 100, folder)


def _scan() -> LibraryScan:
    return LibraryScan(
        episodes=(
            _episode("Free!", "Free! - 01.mkv"),
            _episode("Free!", "Free! - 01.mp4"),
            _episode("Free! S2", "Free! - 01.mkv"),
        ),
        movies=(VideoFile(Path("movies/watched/すずめ.mp4"), "すずめ", 50),),
        lines=(
            WatchedLine(1, "a", youtube_ids=(PSY,)),
            WatchedLine(2, "b", youtube_ids=(PSY, FONSI)),
            WatchedLine(3, "junk", problem="no link"),
            WatchedLine(4, "c", spotify_ids=(MIKU,)),
        ),
    )


def test_duplicates_are_sent_once_in_order() -> None:
    plan = plan_sync(_scan())
    assert plan.episodes == (("Free!", "Free! - 01"), ("Free! S2", "Free! - 01"))
    assert plan.movies == ("すずめ",)
    assert plan.youtube_ids == (PSY, FONSI)
    assert plan.spotify_ids == (MIKU,)
    assert plan.item_count == 6
    assert episode_body(plan.episodes[:1]) == {
        "episodes": [{"folder_name": "Free!", "file_name": "Free! - 01"}]
    }


def test_chunks_keep_order_and_size() -> None:
    assert chunked(list(range(7)), 3) == [(0, 1, 2), (3, 4, 5), (6,)]
    assert chunked([], 500) == []
    with pytest.raises(ValueError, match="positive"):
        chunked([1], 0)


def test_only_accepted_and_not_failed_ids_are_confirmed() -> None:
    sent = [PSY, FONSI]
    assert confirmed_ids(sent, BatchAnswer(accepted=True)) == {PSY, FONSI}
    assert confirmed_ids(sent, BatchAnswer(True, {FONSI: "not found"})) == {PSY}
    assert confirmed_ids(sent, BatchAnswer(accepted=False, message="500")) == set()


def test_cleanup_takes_exactly_what_was_confirmed() -> None:
    scan = _scan()
    confirmed = Confirmed(episodes={("Free!", "Free! - 01")}, youtube_ids={PSY})
    cleanup = plan_cleanup(scan, confirmed)
    assert [file.path.as_posix() for file in cleanup.files] == [
        "shows/Free!/watched/Free! - 01.mkv",
        "shows/Free!/watched/Free! - 01.mp4",
    ]
    assert cleanup.show_folders == ()
    assert cleanup.lines_to_remove == 1  # line 2 also needs FONSI


def test_nothing_confirmed_means_nothing_removed() -> None:
    cleanup = plan_cleanup(_scan(), Confirmed())
    assert cleanup.files == ()
    assert cleanup.show_folders == ()
    assert cleanup.lines_to_remove == 0


def test_an_emptied_folder_the_server_knows_is_considered_again() -> None:
    # An earlier run deleted the last episode and stopped before removing the folder.
    scan = LibraryScan(
        show_folders=(
            ShowFolder(Path("shows/Done"), has_watched=True),
            ShowFolder(Path("shows/New"), has_watched=True),
            ShowFolder(Path("shows/Notes"), others=("notes.txt",)),
        )
    )
    cleanup = plan_cleanup(scan, Confirmed(), known_shows=frozenset({"Done", "Notes"}))
    assert [folder.path for folder in cleanup.show_folders] == [Path("shows/Done")]
    assert cleanup.kept_folders == ()


def test_a_folder_goes_only_once_every_video_in_it_is_confirmed() -> None:
    scan = LibraryScan(
        episodes=(_episode("Free!", "01.mkv"), _episode("Free!", "02.mkv")),
        show_folders=(ShowFolder(Path("shows/Free!"), has_watched=True),),
    )
    half = plan_cleanup(scan, Confirmed(episodes={("Free!", "01")}))
    assert half.show_folders == ()
    assert half.kept_folders == (KeptFolder(Path("shows/Free!"), ("watched/02.mkv",)),)
    whole = plan_cleanup(scan, Confirmed(episodes={("Free!", "01"), ("Free!", "02")}))
    assert [folder.path for folder in whole.show_folders] == [Path("shows/Free!")]
