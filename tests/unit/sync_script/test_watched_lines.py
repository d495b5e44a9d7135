"""Reading watched.txt lines and choosing the lines that survive a sync."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sync_script.watched_lines import (
    read_line,
    read_lines,
    split_lines,
    surviving_content,
    with_resolved,
)

PSY = "9bZkp7q19f0"
FONSI = "kJQP7kiw5Fk"
MIKU = "4qjerzMw8jfD30VOG0tjpK"
MIKU_2 = "5TmVVWd9TOCaF2bEtyYDwv"
NOTHING: frozenset[str] = frozenset()


def test_every_common_link_form_is_read() -> None:
    forms = {
        f"https://youtu.be/{PSY}?si=abc&t=42": (PSY,),
        f"https://www.youtube.com/watch?v={PSY}&t=1m30s&list=PL123": (PSY,),
        f"www.youtube.com/watch?feature=share&v={PSY}": (PSY,),
        f"https://m.youtube.com/watch?v={PSY}": (PSY,),
        f"https://music.youtube.com/watch?v={PSY}": (PSY,),
        f"https://www.youtube.com/shorts/{PSY}": (PSY,),
        f"https://www.youtube.com/live/{PSY}": (PSY,),
        f"https://www.youtube-nocookie.com/embed/{PSY}": (PSY,),
    }
    for text, ids in forms.items():
        line = read_line(1, f"  {text}  ")
        assert line is not None and line.readable, text
        assert line.youtube_ids == ids
    for text in (
        f"https://open.spotify.com/episode/{MIKU}?si=x",
        f"https://open.spotify.com/intl-de/episode/{MIKU}",
        f"spotify:episode:{MIKU}",
    ):
        line = read_line(1, text)
        assert line is not None and line.spotify_ids == (MIKU,), text


def test_blank_lines_are_skipped_and_unreadable_lines_say_why() -> None:
    lines = read_lines(
        split_lines(f"\n   \nnot a link\nhttps://spotify.link/abc123\nhttps://youtu.be/{PSY}\n")
    )
    assert [line.number for line in lines] == [3, 4, 5]
    junk, short, video = lines
    assert not junk.readable and junk.problem
    assert short.readable and short.short_links == ("https://spotify.link/abc123",)
    assert video.readable and video.problem is None


def test_a_show_or_playlist_link_is_not_an_item() -> None:
    for text in (
        "https://open.spotify.com/show/6Nl8RDfPxsk4h4bfWe76Kg",
        "https://www.youtube.com/playlist?list=PLabcdefghij",
    ):
        line = read_line(1, text)
        assert line is not None and not line.readable and line.problem


def test_confirmed_lines_go_and_the_rest_stay_in_order() -> None:
    content = (
        f"https://youtu.be/{PSY}\r\n"
        "junk line\r\n"
        f"https://youtu.be/{FONSI}\r\n"
        "\r\n"
        f"spotify:episode:{MIKU}\r\n"
        f"https://youtu.be/{PSY}?t=3\r\n"
        f"spotify:episode:{MIKU_2}"
    )
    left = surviving_content(content, frozenset({PSY}), frozenset({MIKU}))
    assert left == f"junk line\r\nhttps://youtu.be/{FONSI}\r\nspotify:episode:{MIKU_2}"


def test_a_line_with_two_links_stays_until_both_are_confirmed() -> None:
    content = f"https://youtu.be/{PSY} https://youtu.be/{FONSI}\n"
    assert surviving_content(content, frozenset({PSY}), NOTHING) == content
    assert surviving_content(content, frozenset({PSY, FONSI}), NOTHING) == ""


def test_a_last_line_without_newline_moving_up_gets_one() -> None:
    content = f"junk\nhttps://youtu.be/{PSY}\nmore junk"
    assert surviving_content(content, frozenset({PSY}), NOTHING) == "junk\nmore junk"
    content = f"more junk\nhttps://youtu.be/{PSY}"
    assert surviving_content(content, frozenset({PSY}), NOTHING) == "more junk\n"


def test_a_byte_order_mark_is_kept() -> None:
    content = f"\ufeffhttps://youtu.be/{PSY}\njunk\n"
    assert surviving_content(content, frozenset({PSY}), NOTHING) == "\ufeffjunk\n"


_line = st.one_of(
    st.sampled_from(
        [
            f"https://youtu.be/{PSY}",
            f"https://youtu.be/{FONSI}",
            f"spotify:episode:{MIKU}",
            f"https://open.spotify.com/episode/{MIKU_2}",
            "",
            "   ",
        ]
    ),
    st.text(alphabet="abc #[]*?ハイ", max_size=12),
)


@given(
    lines=st.lists(_line, max_size=12),
    youtube=st.sets(st.sampled_from([PSY, FONSI])),
    spotify=st.sets(st.sampled_from([MIKU, MIKU_2])),
)
def test_exactly_the_unconfirmed_non_blank_lines_survive(
    lines: list[str], youtube: set[str], spotify: set[str]
) -> None:
    youtube_done, spotify_done = frozenset(youtube), frozenset(spotify)
    left = surviving_content("\n".join(lines) + "\n", youtube_done, spotify_done)
    expected = []
    for text in lines:
        line = read_line(1, text)
        if line is None:
            continue
        confirmed = line.readable and set(line.youtube_ids) <= youtube_done
        confirmed = confirmed and set(line.spotify_ids) <= spotify_done
        if not confirmed:
            expected.append(text)
    assert left.splitlines() == expected


def test_a_short_link_line_goes_only_once_its_resolved_episode_is_confirmed() -> None:
    short = "https://spotify.link/abc123"
    (line,) = read_lines(split_lines(f"{short} spotify:episode:{MIKU}\n"))
    (resolved,) = with_resolved([line], {short: MIKU_2}, {})
    assert resolved.short_link_ids == (MIKU_2,) and resolved.readable
    (failed,) = with_resolved([line], {}, {short: "Spotify answered 404."})
    assert failed.problem == "Spotify answered 404." and not failed.readable
    content = f"{short} spotify:episode:{MIKU}\n"
    assert surviving_content(content, NOTHING, frozenset({MIKU})) == content
    assert surviving_content(content, NOTHING, frozenset({MIKU, short})) == ""
