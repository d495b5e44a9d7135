"""Search queries from release-style folder and file names."""

from __future__ import annotations

import pytest

from sync_script.names import search_query


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("[SubsPlease] Haikyuu!! - 03 (1080p) [ABCD1234]", "Haikyuu!!"),
        ("Show.Name.S01E02.Episode.Title.1080p.WEB-DL", "Show Name"),
        ("The.Office.US.S03E01.720p.HDTV.x264", "The Office US"),
        ("[Group] Show_Name_-_05_[720p]", "Show Name"),
        ("Naruto Shippuden - 100v2 [x265 10bit]", "Naruto Shippuden"),
        ("Kimi no Na wa. 1080p BluRay x264", "Kimi no Na wa"),
        ("すずめの戸締まり (2022) [1080p]", "すずめの戸締まり"),
        ("ハイキュー!! 第3話", "ハイキュー!!"),
        ("Haikyuu Season 2", "Haikyuu"),
        ("Attack on Titan 2nd Season", "Attack on Titan"),
        ("Free! Iwatobi Swim Club", "Free! Iwatobi Swim Club"),
        ("Dr. Stone", "Dr. Stone"),
        ("Steins;Gate 0", "Steins;Gate 0"),
        ("【推しの子】 - 01", "推しの子"),
    ],
)
def test_the_title_is_kept_and_release_noise_dropped(name: str, query: str) -> None:
    assert search_query(name) == query


@pytest.mark.parametrize("name", ["1080p", "24", "S01E01"])
def test_a_name_that_would_clean_to_nothing_searches_for_itself(name: str) -> None:
    assert search_query(name) == name


def test_a_title_only_in_brackets_is_still_found() -> None:
    assert search_query("[Yuru Camp] 01 [1080p]") == "Yuru Camp"
    assert search_query("[Only Brackets]") == "Only Brackets"
