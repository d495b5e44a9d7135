"""A shared Spotify show or YouTube playlist as both chat doors must log it: one table of
cases (pure data).

The Telegram bot's tests send the link as a message and press "✅ Log all"; the Discord
door's send it with ``/log text:`` or the "Log this link" message command and press the same
button. Each case names the summary's counts line, the button, the first line of the answer
(markup removed) and how many entries exist after, so the two doors cannot drift apart.
"""

from __future__ import annotations

from typing import NamedTuple

MIKU_EPISODE = "4qjerzMw8jfD30VOG0tjpK"
"""An episode of the fixture show below."""


class WholeShow(NamedTuple):
    name: str
    link: str
    holds: str
    """The summary's second line: how many, how long, how many logged already."""
    label: str
    says: str
    """The first line after pressing the label."""
    entries: int
    first: str = ""
    """A link logged before the show is shared."""
    playlist: tuple[str, tuple[str, ...]] | None = None
    """A playlist to register in the provider fake: its id and its video ids."""


CASES: tuple[WholeShow, ...] = (
    WholeShow("spotify-show", "https://open.spotify.com/show/6Nl8RDfPxsk4h4bfWe76Kg",
              "2 episodes · 56m 43s · 0 already logged", "✅ Log all 2",
              "✅ Logged 2 episodes (56m 43s); 0 were logged already.", 2),
    WholeShow("spotify-show-partly-logged",
              "listen: https://open.spotify.com/show/6Nl8RDfPxsk4h4bfWe76Kg?si=abc",
              "2 episodes · 56m 43s · 1 already logged", "✅ Log all 2",
              "✅ Logged 1 episode (50m 15s); 1 were logged already.", 2,
              first=f"spotify:episode:{MIKU_EPISODE}"),
    WholeShow("youtube-playlist", "https://www.youtube.com/playlist?list=PLfixture0000000001",
              "2 videos · 7m 58s · 0 already logged", "✅ Log all 2",
              "✅ Logged 2 videos (7m 58s); 0 were logged already.", 2),
    # YouTube no longer has the middle video: "all" still reaches the last one.
    WholeShow("youtube-playlist-with-a-gone-video",
              "https://www.youtube.com/playlist?list=PLgone00000000001",
              "2 videos · 7m 58s · 0 already logged", "✅ Log all 2",
              "✅ Logged 2 videos (7m 58s); 0 were logged already.", 2,
              playlist=("PLgone00000000001", ("9bZkp7q19f0", "goneVideo01", "kJQP7kiw5Fk"))),
)
