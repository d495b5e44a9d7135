"""End to end: the sync client as a user runs it, against ``immersion-tracker serve``."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fakes.providers import ProviderFake
from tests.support.api_server import RunningApi, add_user, running_api
from tests.unit.sync_script.library_files import episode, movie, put, tree

pytestmark = pytest.mark.e2e

PSY = "9bZkp7q19f0"
FONSI = "kJQP7kiw5Fk"
MIKU = "4qjerzMw8jfD30VOG0tjpK"
MIKU_2 = "5TmVVWd9TOCaF2bEtyYDwv"
UNKNOWN_VIDEO = "zzzzzzzzzzz"
HAIKYUU, FREE, SUZUME = 270065, 278157, 331904
# Windows forbids * and ? in file names; everywhere else they must work.
WILD = "" if os.name == "nt" else " *?"

_users = itertools.count()


@dataclass(frozen=True)
class Account:
    """A user of the running server, with its own empty history."""

    api: RunningApi
    user: str
    password: str

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("IMMERSION_TRACKER_")}
        env.update(
            IMMERSION_TRACKER_USER=self.user,
            IMMERSION_TRACKER_PASSWORD=self.password,
            # A path prefix, as behind API Gateway's stage: routes match on the last segment.
            IMMERSION_TRACKER_API_URL=self.api.base_url + "/prod",
            PYTHONIOENCODING="utf-8",
        )
        return env

    def get(self, path: str) -> dict[str, Any]:
        with httpx.Client(
            base_url=self.api.base_url, auth=(self.user, self.password), timeout=30
        ) as client:
            response = client.get(path)
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApi]:
    with (
        ProviderFake() as providers,
        running_api(tmp_path_factory.mktemp("api"), providers.environment()) as running,
    ):
        yield running


@pytest.fixture
def account(server: RunningApi) -> Account:
    name = f"user{next(_users)}"
    add_user(server.env, name, "secret:" + name)
    return Account(server, name, "secret:" + name)


def sync(
    library: Path, account: Account, *args: str, answers: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``immersion-tracker sync`` in the library folder, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "immersion_tracker", "sync", *args],
        cwd=library,
        env=account.env(),
        input=answers,
        stdin=subprocess.DEVNULL if answers is None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def _full_library(root: Path) -> Path:
    episode(root, "[SubsPlease] Haikyuu!! (1080p)", "[SubsPlease] Haikyuu!! - 01 (1080p).mkv", 100)
    episode(root, "[SubsPlease] Haikyuu!! (1080p)", "[SubsPlease] Haikyuu!! - 02 (1080p).mkv", 100)
    put(root / "shows" / "[SubsPlease] Haikyuu!! (1080p)" / "Haikyuu!! - 03.mkv", 100)
    episode(root, "[SubsPlease] Haikyuu!! (1080p)", ".DS_Store")
    episode(root, "ハイキュー!! 第2期 #2", f"ハイキュー!! [第1話]{WILD}.mp4", 100)
    episode(root, "ハイキュー!! 第2期 #2", "ハイキュー!! [第1話].ja.srt")
    episode(root, "Free!", "Free! - 01.mkv", 100)
    episode(root, "Free!", "Free! - 01.ass")
    movie(root, "すずめの戸締まり.mp4", 1000)
    links = [
        f"https://youtu.be/{PSY}?si=abc&t=42",
        f"https://www.youtube.com/watch?v={PSY}&t=1m30s&list=PLx",
        f"  www.youtube.com/watch?feature=share&v={FONSI}  ",
        f"https://m.youtube.com/watch?v={FONSI}",
        f"https://music.youtube.com/watch?v={PSY}",
        f"https://www.youtube.com/shorts/{PSY}",
        f"https://www.youtube.com/live/{FONSI}",
        f"https://www.youtube-nocookie.com/embed/{PSY}",
        "",
        "this line is not a link",
        f"https://youtu.be/{UNKNOWN_VIDEO}",
        f"https://open.spotify.com/episode/{MIKU}?si=xyz",
        f"https://open.spotify.com/intl-de/episode/{MIKU_2}",
        f"spotify:episode:{MIKU}",
    ]
    (root / "watched.txt").write_text("\n".join(links) + "\n", encoding="utf-8")
    return root


def test_a_full_sync_records_everything_and_keeps_only_what_failed(
    tmp_path: Path, account: Account
) -> None:
    library = _full_library(tmp_path)
    done = sync(
        library,
        account,
        "--yes",
        "--tvdb-id", "[SubsPlease] Haikyuu!! (1080p)=270065",
        "--tvdb-id", "ハイキュー!! 第2期 #2=270065",
    )  # fmt: skip

    assert done.returncode == 1, done.stderr  # the junk line and the unknown video stay
    assert account.password not in done.stdout + done.stderr
    # Subtitles are not confirmed files: they stay, and so do the folders holding them.
    assert sorted(tree(library)) == [
        "shows/Free!/watched/Free! - 01.ass",
        "shows/[SubsPlease] Haikyuu!! (1080p)/Haikyuu!! - 03.mkv",
        "shows/[SubsPlease] Haikyuu!! (1080p)/watched/.DS_Store",
        "shows/ハイキュー!! 第2期 #2/watched/ハイキュー!! [第1話].ja.srt",
        "watched.txt",
    ]
    assert "Kept shows/Free!: 1 other file (watched/Free! - 01.ass)" in done.stdout
    assert (library / "watched.txt").read_text(encoding="utf-8") == (
        f"this line is not a link\nhttps://youtu.be/{UNKNOWN_VIDEO}\n"
    )
    assert "freed 0.00 GB" in done.stdout
    progress = account.get("/progress")
    assert progress["total_episodes_watched"] == 4
    assert progress["total_movies_watched"] == 1
    assert progress["youtube_videos_watched"] == 2
    assert progress["spotify_episodes_watched"] == 2
    # Two folders point at one series; Free! was named by an unambiguous search.
    shows = {row["show_id"]: row["episodes_watched"] for row in progress["shows"]}
    assert shows == {str(HAIKYUU): 3, str(FREE): 1}
    assert [(row["movie_id"], row["name"]) for row in progress["movies"]] == [
        ("すずめの戸締まり", "すずめの戸締まり")
    ]
    assert "Shows:" in done.stdout and "Total: " in done.stdout

    again = sync(library, account, "--yes")
    assert again.returncode == 1
    assert "Found 0 watched episodes in 0 show folders" in again.stdout
    assert account.get("/progress")["total_episodes_watched"] == 4
    assert account.get("/progress")["youtube_videos_watched"] == 2
    assert (library / "watched.txt").read_text(encoding="utf-8") == (
        f"this line is not a link\nhttps://youtu.be/{UNKNOWN_VIDEO}\n"
    )


def test_a_tidy_second_run_finds_nothing_new_and_exits_zero(
    tmp_path: Path, account: Account
) -> None:
    episode(tmp_path, "Free!", "Free! - 02.mkv")
    (tmp_path / "watched.txt").write_text(f"https://youtu.be/{PSY}\n")
    assert sync(tmp_path, account, "--tvdb-id", f"Free!={FREE}").returncode == 0
    second = sync(tmp_path, account)
    assert second.returncode == 0, second.stdout
    assert "Deleted 0 files" in second.stdout
    assert (tmp_path / "watched.txt").read_bytes() == b""
    assert account.get("/progress")["total_episodes_watched"] == 1


def test_a_dry_run_leaves_every_byte_and_sends_nothing(tmp_path: Path, account: Account) -> None:
    library = _full_library(tmp_path)
    before = tree(library)
    done = sync(library, account, "--dry-run", "--tvdb-id", f"すずめの戸締まり.mp4={SUZUME}")
    assert done.returncode == 0, done.stderr
    assert tree(library) == before
    assert f"  すずめの戸締まり (TVDB id {SUZUME})" in done.stdout
    assert f"  ハイキュー!! 第2期 #2 / ハイキュー!! [第1話]{WILD}" in done.stdout
    progress = account.get("/progress")
    assert progress["total_episodes_watched"] == 0
    assert account.get("/shows") == {"shows": []}


def test_usage_and_connection_errors_exit_two_in_one_line(tmp_path: Path, account: Account) -> None:
    episode(tmp_path, "Free!", "Free! - 01.mkv")
    wrong = Account(account.api, account.user, "not the password")
    refused = sync(tmp_path, wrong)
    assert refused.returncode == 2
    assert refused.stderr.strip().count("\n") == 0 and "Traceback" not in refused.stderr
    assert "not the password" not in refused.stdout + refused.stderr
    bad_option = sync(tmp_path, account, "--tvdb-id", "Free!")
    assert bad_option.returncode == 2
    assert "FOLDER_OR_FILE=ID" in bad_option.stderr
    assert sorted(tree(tmp_path)) == ["shows/Free!/watched/Free! - 01.mkv"]


def test_candidates_from_a_tvdb_search_are_offered_and_chosen(
    tmp_path: Path, account: Account
) -> None:
    episode(tmp_path, "[SubsPlease] Free! (1080p)", "[SubsPlease] Free! - 01 (1080p).mkv")
    movie(tmp_path, "Kimi no Na wa. 1080p BluRay x264.mkv")
    done = sync(tmp_path, account, answers="1\nid 197\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1. Free! (2013) [TVDB 278157]" in done.stdout
    assert "(searched 'Kimi no Na wa')" in done.stdout
    progress = account.get("/progress")
    assert [row["show_id"] for row in progress["shows"]] == [str(FREE)]
    assert [row["name"] for row in progress["movies"]] == ["君の名は。"]
    assert tree(tmp_path) == {}
