"""Turning a show folder or movie file name into a TVDB search query (no I/O)."""

from __future__ import annotations

import re

_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)|\{[^}]*\}")
# Japanese corner and lenticular brackets belong to titles (【推しの子】), not release tags.
_TITLE_BRACKETS = re.compile(r"[【】「」『』]")
_SEPARATORS = re.compile(r"[._]+")

# Where the title ends: an episode or season marker, or the first release-technical token.
_TITLE_END = re.compile(
    r"""(?ix)
    (?:^|(?<=\s))
    (?:
        s\d{1,2}(?:\s?e\d{1,4})?(?:v\d)?      # S01E02, S01, S1 E2
      | e(?:p)?\d{1,4}(?:v\d)?                # E02, EP02
      | episode\s?\d{1,4}                     # Episode 3
      | season\s?\d{1,2}                      # Season 2
      | \d{1,2}(?:st|nd|rd|th)\s+season       # 2nd Season
      | \d{3,4}[pi]                           # 1080p, 720p, 1080i
      | [248]k | uhd | hdr(?:10)?             # 4K, UHD, HDR
      | [xh]\s?26[45] | hevc | avc | av1      # codecs
      | 10\s?bits? | 8\s?bits?
      | web(?:-?dl|-?rip)? | blu-?ray | bd(?:rip)? | dvd(?:rip)? | hdtv | remux
      | aac(?:\d\s\d)? | flac | opus | ac3 | e-?ac-?3 | dts | ddp?\d?
      | dual\s?audio | multi(?:-?subs?)?
      | complete | batch
    )
    (?=\s|$|[-–])
    """
)
_TRAILING_EPISODE = re.compile(r"\s[-–]\s*\d{1,4}(?:v\d)?(?:\s.*)?$")
_BARE_EPISODE = re.compile(r"\s\d{2,4}(?:v\d)?$")
_JAPANESE_EPISODE = re.compile(r"第\s?\d+\s?[話巻期]")
_SPACES = re.compile(r"\s+")


def search_query(name: str) -> str:
    """The title inside a release name, for a TVDB search.

    ``[SubsPlease] Haikyuu!! - 03 (1080p) [ABCD1234]`` gives ``Haikyuu!!``;
    ``Show.Name.S01E02.Title.1080p.WEB-DL`` gives ``Show Name``.
    """
    unwrapped = _TITLE_BRACKETS.sub(" ", name)
    title = _title(_BRACKETED.sub(" ", unwrapped))
    if not any(character.isalpha() for character in title):
        # Everything sat in brackets: "[Title] 01" rather than "[Group] Title - 01".
        title = _BARE_EPISODE.sub("", _title(re.sub(r"[\[\](){}]", " ", unwrapped)))
    return title or _SPACES.sub(" ", name).strip()


def _title(text: str) -> str:
    text = _JAPANESE_EPISODE.sub(" ", text)
    # Dotted release names use dots as spaces; a name with spaces keeps "Dr. Stone" whole.
    dotted = " " not in text.strip()
    text = _SEPARATORS.sub(" ", text) if dotted else text.replace("_", " ")
    text = _SPACES.sub(" ", text).strip()
    marker = _TITLE_END.search(text)
    if marker is not None and marker.start() > 0:
        text = text[: marker.start()]
    text = _TRAILING_EPISODE.sub("", text)
    return _SPACES.sub(" ", text.strip(" -–_.,")).strip()
