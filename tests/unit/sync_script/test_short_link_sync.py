"""spotify.link lines of watched.txt: resolved and synced, or reported and kept."""

from __future__ import annotations

from pathlib import Path

import httpx

from sync_script.session import EXIT_KEPT, EXIT_SYNCED
from tests.unit.sync_script.fake_api import FakeTrackerApi
from tests.unit.sync_script.runs import sync

MIKU = "4qjerzMw8jfD30VOG0tjpK"
MIKU_2 = "5TmVVWd9TOCaF2bEtyYDwv"
UNKNOWN = "0000000000000000000000"
PSY = "9bZkp7q19f0"
TARGETS = {
    "/miku": f"https://open.spotify.com/episode/{MIKU}?si=1",
    "/miku2": f"https://open.spotify.com/intl-ja/episode/{MIKU_2}",
    "/unknown": f"https://open.spotify.com/episode/{UNKNOWN}",
    "/internal": "http://127.0.0.1:8080/admin",
    "/show": f"https://open.spotify.com/show/{MIKU}",
}


def _spotify(seen: list[str]) -> httpx.Client:
    """Spotify's short-link host as a MockTransport: each path redirects to its target."""

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        assert "Authorization" not in request.headers, "credentials must not go to Spotify"
        target = TARGETS.get(request.url.path)
        if target is None:
            return httpx.Response(404)
        return httpx.Response(307, headers={"Location": target})

    return httpx.Client(transport=httpx.MockTransport(handle))


def test_short_links_are_resolved_synced_and_removed(tmp_path: Path) -> None:
    watched = tmp_path / "watched.txt"
    watched.write_text(
        "https://spotify.link/miku\n"
        f"https://spotify.link/miku2 https://youtu.be/{PSY}\n"
        "https://spotify.link/miku\n"
    )
    fake, seen = FakeTrackerApi(), list[str]()
    with _spotify(seen) as spotify:
        status, output = sync(tmp_path, fake, spotify=spotify)
    assert status == EXIT_SYNCED, output
    assert fake.podcast_episodes == {MIKU, MIKU_2}
    assert fake.videos == {PSY}
    assert watched.read_text() == ""
    assert seen == ["https://spotify.link/miku", "https://spotify.link/miku2"]
    assert "Resolved 2 of 2 spotify.link short links" in output


def test_unresolvable_or_unconfirmed_short_links_are_reported_and_kept(tmp_path: Path) -> None:
    watched = tmp_path / "watched.txt"
    kept = [
        "https://spotify.link/internal",
        "https://spotify.link/show",
        "https://spotify.link/missing",
        "https://spotify.link/unknown",
    ]
    watched.write_text("\n".join(["https://spotify.link/miku", *kept]) + "\n")
    fake, seen = FakeTrackerApi(unknown_ids={UNKNOWN}), list[str]()
    with _spotify(seen) as spotify:
        status, output = sync(tmp_path, fake, spotify=spotify)
    assert status == EXIT_KEPT
    assert fake.podcast_episodes == {MIKU}
    assert watched.read_text() == "\n".join(kept) + "\n"
    assert not any("127.0.0.1" in url for url in seen)
    assert "kept line 2 'https://spotify.link/internal'" in output
    assert "leads outside Spotify (http://127.0.0.1)" in output
    assert "a whole podcast" in output and "answered 404" in output
    assert f"kept for later: {UNKNOWN}: not found" in output


def test_a_dry_run_lists_short_links_without_resolving_them(tmp_path: Path) -> None:
    (tmp_path / "watched.txt").write_text("https://spotify.link/miku\n")
    seen: list[str] = []
    with _spotify(seen) as spotify:
        status, output = sync(tmp_path, FakeTrackerApi(), dry_run=True, spotify=spotify)
    assert status == EXIT_SYNCED and seen == []
    assert "Would resolve through Spotify, then send the episodes of:" in output
    assert "  https://spotify.link/miku" in output


def test_without_a_spotify_client_short_link_lines_stay(tmp_path: Path) -> None:
    (tmp_path / "watched.txt").write_text("https://spotify.link/miku\n")
    status, output = sync(tmp_path, FakeTrackerApi())
    assert status == EXIT_KEPT
    assert (tmp_path / "watched.txt").read_text() == "https://spotify.link/miku\n"
    assert "could not be resolved" in output
