"""Scanning a library folder of real files."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from sync_script.scan import scan_library
from tests.unit.sync_script.library_files import episode, movie, put

PSY = "9bZkp7q19f0"


def test_only_regular_video_files_in_watched_folders_count(tmp_path: Path) -> None:
    show = "[SubsPlease] Haikyuu!! (1080p)"
    episode(tmp_path, show, "Haikyuu!! - 01 [*?#].mkv", size=7)
    episode(tmp_path, show, "Haikyuu!! - 02.MP4")
    episode(tmp_path, show, ".DS_Store")
    episode(tmp_path, show, "Haikyuu!! - 01.ass")
    episode(tmp_path, show, "Haikyuu!! - 03.mkv.part")
    episode(tmp_path, show, "._Haikyuu!! - 01 [*?#].mkv")
    (tmp_path / "shows" / show / "watched" / "folder.mkv").mkdir()
    put(tmp_path / "shows" / show / "Haikyuu!! - 04.mkv")  # not watched yet
    put(tmp_path / "shows" / "stray file.mkv")  # not inside a show folder

    scan = scan_library(tmp_path)

    assert [(file.folder_name, file.name, file.size) for file in scan.episodes] == [
        (show, "Haikyuu!! - 01 [*?#]", 7),
        (show, "Haikyuu!! - 02", 10),
    ]
    assert scan.movies == ()


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_a_symlink_is_not_a_watched_file(tmp_path: Path) -> None:
    target = put(tmp_path / "elsewhere.mkv")
    link = tmp_path / "movies" / "watched" / "linked.mkv"
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    assert scan_library(tmp_path).movies == ()


def test_movies_are_named_by_stem(tmp_path: Path) -> None:
    movie(tmp_path, "すずめの戸締まり.mp4", size=3)
    movie(tmp_path, "Kimi no Na wa. [1080p].mkv")
    movie(tmp_path, "poster.jpg")
    names = [file.name for file in scan_library(tmp_path).movies]
    assert names == ["Kimi no Na wa. [1080p]", "すずめの戸締まり"]


def test_decomposed_names_are_sent_composed(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "すずめの戸締まり")
    path = movie(tmp_path, decomposed + ".mp4")
    (found,) = scan_library(tmp_path).movies
    assert found.name == "すずめの戸締まり"
    assert found.path == path


def test_watched_txt_lines_are_read_with_their_numbers(tmp_path: Path) -> None:
    (tmp_path / "watched.txt").write_text(f"\ufeffhttps://youtu.be/{PSY}\n\njunk\n", "utf-8")
    lines = scan_library(tmp_path).lines
    assert [(line.number, line.youtube_ids, line.readable) for line in lines] == [
        (1, (PSY,), True),
        (3, (), False),
    ]


def test_an_empty_folder_is_an_empty_scan(tmp_path: Path) -> None:
    scan = scan_library(tmp_path)
    assert scan.is_empty
    assert scan.notes == ()
