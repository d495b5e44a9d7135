"""Jellyfin's template: rendered as the plugin renders it, it is read; the README carries it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from handlers.service.capture.events import PlayerEvent
from handlers.service.capture.setup_steps import JELLYFIN_TEMPLATE, steps
from handlers.service.capture.sources import jellyfin
from tests.unit.capture.capture_harness import recorded

README = Path(__file__).parents[3] / "README.md"


def _render(values: dict[str, object]) -> str:
    """Handlebars as the plugin uses it: ``{{{X}}}`` raw, ``{{X}}`` HTML-escaped, missing empty;
    the plugin has already turned ``"`` into ``\\"`` in Name and SeriesName."""
    def raw(match: re.Match[str]) -> str:
        value = str(values.get(match.group(1), ""))
        return value.replace('"', '\\"') if match.group(1) in ("Name", "SeriesName") else value

    def escaped(match: re.Match[str]) -> str:
        text = str(values.get(match.group(1), ""))
        return text.replace("&", "&amp;").replace('"', "&quot;").replace("=", "&#x3D;")

    return re.sub(r"\{\{(\w+)\}\}", escaped, re.sub(r"\{\{\{(\w+)\}\}\}", raw, JELLYFIN_TEMPLATE))


def test_the_template_rendered_with_a_playback_event_is_json_we_read() -> None:
    values: dict[str, object] = {k: v for k, v in recorded("jellyfin_playback_progress").items()}
    values["SeriesName"] = 'Bocchi "the" Rock & Roll'
    body = json.loads(_render(values))
    event = jellyfin.parse(body)
    assert isinstance(event, PlayerEvent)
    assert (event.action, event.position, event.series) == ("progress", 600.0,
                                                           'Bocchi "the" Rock & Roll')
    assert event.audio_languages == ("ja", "en") and event.subtitle_languages == ("en",)


def test_a_missing_variable_leaves_valid_json() -> None:
    body = json.loads(_render({"NotificationType": "PlaybackStart", "ItemId": "1",
                               "ItemType": "Movie", "IsPaused": "False"}))
    event = jellyfin.parse(body)
    assert isinstance(event, PlayerEvent) and event.reports_language is False


def test_the_readme_shows_the_same_template_and_the_steps_name_the_url() -> None:
    text = README.read_text("utf-8")
    assert all(line in text for line in JELLYFIN_TEMPLATE.splitlines())
    for player in ("jellyfin", "plex", "emby", "mpv"):
        assert any("https://x/capture" in step for step in steps(player, "https://x/capture"))
