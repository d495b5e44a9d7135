"""Link extraction and watched.txt line parsing: every shared form, look-alikes, properties."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from metadata_clients.links import (
    ExtractedLinks,
    LineLinks,
    UnreadableLine,
    extract_links,
    parse_line,
)

VIDEO = "9bZkp7q19f0"
EPISODE = "4qjerzMw8jfD30VOG0tjpK"
SHOW = "6Nl8RDfPxsk4h4bfWe76Kg"

YOUTUBE_FORMS = [
    "https://youtu.be/{id}?si=AbC-123_x&t=42",
    "https://youtu.be/{id}",
    "https://www.youtube.com/watch?v={id}&t=1m30s&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
    "https://www.youtube.com/watch?feature=share&v={id}",
    "https://m.youtube.com/watch?v={id}",
    "https://music.youtube.com/watch?v={id}&feature=share",
    "https://www.youtube.com/shorts/{id}",
    "https://youtube.com/shorts/{id}?si=xyz",
    "https://www.youtube.com/live/{id}?feature=share",
    "https://www.youtube.com/embed/{id}",
    "https://www.youtube-nocookie.com/embed/{id}?start=10",
    "http://youtube.com/watch?v={id}",
]
SPOTIFY_EPISODE_FORMS = [
    "https://open.spotify.com/episode/{id}?si=1f2e3d4c5b6a4789",
    "https://open.spotify.com/intl-de/episode/{id}",
    "https://open.spotify.com/intl-pt-BR/episode/{id}?si=x",
    "https://open.spotify.com/embed/episode/{id}",
    "spotify:episode:{id}",
]
SPOTIFY_SHOW_FORMS = ["https://open.spotify.com/show/{id}?si=abc", "spotify:show:{id}"]
PLAYLIST_FORMS = ["https://www.youtube.com/playlist?list={id}"]


def _without_scheme(form: str) -> str:
    return form.removeprefix("https://").removeprefix("http://")


ALL_YOUTUBE_FORMS = YOUTUBE_FORMS + [_without_scheme(f) for f in YOUTUBE_FORMS]
ALL_EPISODE_FORMS = SPOTIFY_EPISODE_FORMS + [
    _without_scheme(f) for f in SPOTIFY_EPISODE_FORMS if f.startswith("http")]


@pytest.mark.parametrize("form", ALL_YOUTUBE_FORMS)
def test_every_youtube_video_form_gives_its_id(form: str) -> None:
    assert extract_links(f"look: {form.format(id=VIDEO)} !") == ExtractedLinks(
        youtube_video_ids=(VIDEO,))


@pytest.mark.parametrize("form", ALL_EPISODE_FORMS)
def test_every_spotify_episode_form_gives_its_id(form: str) -> None:
    assert extract_links(form.format(id=EPISODE)) == ExtractedLinks(
        spotify_episode_ids=(EPISODE,))


@pytest.mark.parametrize("form", SPOTIFY_SHOW_FORMS)
def test_show_links_are_shows_not_episodes(form: str) -> None:
    assert extract_links(form.format(id=SHOW)) == ExtractedLinks(spotify_show_ids=(SHOW,))


def test_playlist_only_link_is_a_playlist_not_a_video() -> None:
    found = extract_links("https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG")
    assert found == ExtractedLinks(youtube_playlist_ids=("PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",))


def test_short_link_is_kept_for_a_redirect_lookup() -> None:
    found = extract_links("listen https://spotify.link/AbCdEf123 now")
    assert found == ExtractedLinks(spotify_short_links=("https://spotify.link/AbCdEf123",))


@pytest.mark.parametrize("text", [
    "https://www.youtube.com/@officialpsy",
    "https://www.youtube.com/channel/UCffDXn7ycAzwL2LDlbyWOTw",
    "https://www.youtube.com/c/officialpsy/videos",
    f"https://open.spotify.com/track/{EPISODE}",
    f"spotify:track:{EPISODE}",
    f"https://notyoutube.com/watch?v={VIDEO}",
    f"https://youtube.com.evil.org/watch?v={VIDEO}",
    f"https://evil.org/youtube.com/watch?v={VIDEO}",
    f"https://youtu.be.evil.org/{VIDEO}",
    f"https://open.spotify.com.evil.org/episode/{EPISODE}",
    f"https://fakeopen.spotify.com/episode/{EPISODE}",
    "https://youtu.be/9bZkp7q19f",  # 10 characters
    "https://youtu.be/9bZkp7q19f0x",  # 12 characters
    "https://www.youtube.com/watch?v=9bZkp7q19f0x",
    "https://open.spotify.com/episode/4qjerzMw8jfD30VOG0tjp",  # 21
    "https://open.spotify.com/episode/4qjerzMw8jfD30VOG0tjpKK",  # 23
    f"https://open.spotify.com/episode/{EPISODE[:-1]}_",
    "https://www.youtube.com/watch?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
    "youtube.com",
    "",
])
def test_not_a_video_or_episode(text: str) -> None:
    assert extract_links(text) == ExtractedLinks()


def test_html_escaped_ampersand_in_a_pasted_link() -> None:
    found = extract_links(f"https://www.youtube.com/watch?feature=share&amp;v={VIDEO}")
    assert found.youtube_video_ids == (VIDEO,)


def test_link_in_markdown_and_brackets_and_trailing_punctuation() -> None:
    text = (f"[video](https://youtu.be/{VIDEO}), (open.spotify.com/episode/{EPISODE}). "
            f"<https://youtu.be/kJQP7kiw5Fk>")
    found = extract_links(text)
    assert found.youtube_video_ids == (VIDEO, "kJQP7kiw5Fk")
    assert found.spotify_episode_ids == (EPISODE,)


def test_order_of_appearance_without_duplicates() -> None:
    text = (f"youtu.be/kJQP7kiw5Fk spotify:episode:{EPISODE} youtu.be/{VIDEO} "
            f"https://www.youtube.com/watch?v=kJQP7kiw5Fk")
    found = extract_links(text)
    assert found.youtube_video_ids == ("kJQP7kiw5Fk", VIDEO)
    assert found.spotify_episode_ids == (EPISODE,)


def test_merged_keeps_first_text_first_and_drops_duplicates() -> None:
    first = extract_links(f"youtu.be/{VIDEO}")
    second = extract_links(f"youtu.be/kJQP7kiw5Fk youtu.be/{VIDEO}")
    assert first.merged(second).youtube_video_ids == (VIDEO, "kJQP7kiw5Fk")
    assert not first.is_empty
    assert ExtractedLinks().is_empty


class TestParseLine:
    def test_blank_line_is_nothing(self) -> None:
        assert parse_line("   \t ") is None

    def test_video_line_is_stripped_and_read(self) -> None:
        assert parse_line(f"  https://youtu.be/{VIDEO}?t=4 \n") == LineLinks(
            f"https://youtu.be/{VIDEO}?t=4", (VIDEO,), ())

    def test_episode_line(self) -> None:
        line = parse_line(f"spotify:episode:{EPISODE}")
        assert isinstance(line, LineLinks)
        assert line.spotify_episode_ids == (EPISODE,)

    def test_short_link_line_is_readable(self) -> None:
        line = parse_line("https://spotify.link/AbCdEf123")
        assert isinstance(line, LineLinks)
        assert line.spotify_short_links == ("https://spotify.link/AbCdEf123",)

    @pytest.mark.parametrize(("text", "hint"), [
        ("buy milk", "No YouTube video or Spotify episode link"),
        ("https://www.youtube.com/@officialpsy", "No YouTube video or Spotify episode link"),
        (f"https://open.spotify.com/show/{SHOW}", "Spotify show link"),
        ("https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
         "YouTube playlist link"),
    ])
    def test_unreadable_line_is_reported_with_a_reason(self, text: str, hint: str) -> None:
        result = parse_line(text)
        assert isinstance(result, UnreadableLine)
        assert result.line == text
        assert hint in result.reason


YOUTUBE_ID = st.text(string.ascii_letters + string.digits + "_-", min_size=11, max_size=11)
SPOTIFY_ID = st.text(string.ascii_letters + string.digits, min_size=22, max_size=22)
PLAYLIST_ID = st.text(string.ascii_letters + string.digits + "_-", min_size=18, max_size=34)
SEPARATOR = st.text().map(lambda text: f" {text} ")
PLACED = st.one_of(
    st.tuples(st.just("video"), st.sampled_from(ALL_YOUTUBE_FORMS), YOUTUBE_ID),
    st.tuples(st.just("episode"), st.sampled_from(ALL_EPISODE_FORMS), SPOTIFY_ID),
    st.tuples(st.just("show"), st.sampled_from(SPOTIFY_SHOW_FORMS), SPOTIFY_ID),
    st.tuples(st.just("playlist"), st.sampled_from(PLAYLIST_FORMS), PLAYLIST_ID),
)


@given(st.text())
def test_arbitrary_text_never_raises_and_finds_only_what_it_contains(text: str) -> None:
    found = extract_links(text)
    for found_id in (*found.youtube_video_ids, *found.spotify_episode_ids,
                     *found.spotify_show_ids, *found.youtube_playlist_ids):
        assert found_id in text
    parse_line(text)


@given(st.lists(st.tuples(PLACED, SEPARATOR), max_size=8), SEPARATOR)
def test_every_embedded_id_is_found_once_in_order(
    placed: list[tuple[tuple[str, str, str], str]], lead: str,
) -> None:
    text = lead + "".join(form.format(id=found_id) + sep for (_, form, found_id), sep in placed)
    expected: dict[str, list[str]] = {"video": [], "episode": [], "show": [], "playlist": []}
    for (kind, _, found_id), _ in placed:
        if found_id not in expected[kind]:
            expected[kind].append(found_id)
    assert extract_links(text) == ExtractedLinks(
        youtube_video_ids=tuple(expected["video"]),
        spotify_episode_ids=tuple(expected["episode"]),
        spotify_show_ids=tuple(expected["show"]),
        youtube_playlist_ids=tuple(expected["playlist"]),
    )


@given(YOUTUBE_ID, st.sampled_from(ALL_YOUTUBE_FORMS), st.text(max_size=20))
def test_a_video_link_glued_to_text_on_the_right_never_yields_a_different_id(
    video_id: str, form: str, tail: str,
) -> None:
    found = extract_links(form.format(id=video_id) + tail)
    assert set(found.youtube_video_ids) <= {video_id} | set(extract_links(tail).youtube_video_ids)
