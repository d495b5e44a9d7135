"""End to end: logging through the polling bot of ``serve``, checked against the API.

``serve`` with a bot token runs the API and the bot on one SQLite store. The learner logs,
backdates, logs part of a video, pages through the history, edits and deletes with the
bot's buttons on the fake Bot API; ``GET /history``, ``GET /stats`` and ``GET /progress``
of the same server must tell the same story, entry for entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from handlers.service.facade import Service
from metadata_clients.settings import ProviderSettings, build_clients
from storage.sqlite import SQLiteItemRepository
from tests.fakes.providers import ProviderFake
from tests.fakes.telegram_api import SentRequest, TelegramFake
from tests.support.api_server import running_api

pytestmark = pytest.mark.e2e
LEARNER = 6161
TIMEOUT = 30


@pytest.fixture
def telegram() -> Iterator[TelegramFake]:
    with TelegramFake() as fake:
        yield fake


class Learner:
    """Sends texts and presses buttons, and waits for the bot's next answer."""

    def __init__(self, telegram: TelegramFake) -> None:
        self.telegram = telegram
        self.seen = 0

    def _next(self) -> SentRequest:
        def answer(sent: SentRequest) -> bool:
            return sent.chat_id == LEARNER and sent.method != "answerCallbackQuery"

        found = self.telegram.wait_for_sent(answer, count=self.seen + 1, timeout=TIMEOUT)
        self.seen += 1
        return found[self.seen - 1]

    def say(self, text: str) -> SentRequest:
        self.telegram.enqueue(self.telegram.text_update(LEARNER, text))
        return self._next()

    def press(self, sent: SentRequest, label: str) -> SentRequest:
        data = next(b["callback_data"] for b in sent.buttons() if b["text"] == label)
        self.telegram.enqueue(self.telegram.press_update(LEARNER, sent, data))
        return self._next()


@contextmanager
def _service_on(store: Path) -> Iterator[Service]:
    with SQLiteItemRepository(store) as repo, httpx.Client() as http:
        yield Service(repo=repo, providers=build_clients(ProviderSettings(), http))


def _all_history(http: httpx.Client) -> list[dict[str, Any]]:
    """Every entry of GET /history, two at a time, so its cursor is exercised too."""
    entries: list[dict[str, Any]] = []
    cursor = None
    for _ in range(20):
        page = http.get("/history", params={"limit": 2, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        entries += page.json()["entries"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return entries
    raise AssertionError("GET /history never ended")


def _position(listing: str, line: str) -> int:
    """The number /history shows before ``line``."""
    return next(int(row.split(".")[0]) for row in listing.splitlines() if line in row)


def test_log_backdate_page_edit_delete_and_the_api_agrees(
    tmp_path: Path, telegram: TelegramFake
) -> None:
    with ProviderFake() as providers:
        env = {**providers.environment(), "TELEGRAM_BOT_TOKEN": telegram.token,
               "IMMERSION_TRACKER_TELEGRAM_BASE_URL": telegram.base_url}
        with running_api(tmp_path, env) as api, api.client() as http:
            learner = Learner(telegram)
            code = http.post("/linkcode").json()["code"]
            assert "Linked as" in learner.say(f"/link {code}").text

            first = learner.say("/log 25m anime Frieren")
            assert "Logged <b>25 min</b> of anime — Frieren" in first.text
            backdated = learner.say("/log 2ep anime Frieren -3d")
            assert "2 episodes × 24 min" in backdated.text and "📅" in backdated.text
            assert "Today: <b>25 min</b>" in backdated.text
            for minutes in (5, 6, 7, 8):
                learner.say(f"/log {minutes}m podcast")
            partial = learner.say("2m https://youtu.be/9bZkp7q19f0?t=30")
            assert "Logged <b>2 min</b> of 4m 12s" in partial.text
            undone = learner.press(learner.say("/log 3m game"), "↩️ Undo")
            assert undone.text.startswith("🗑 Removed")

            listing = learner.say("/history")
            assert len(listing.text.splitlines()) == 6
            older = learner.press(listing, "Older ▶")
            assert len(older.text.splitlines()) == 3
            assert "7. 📺 anime — Frieren · 48 min" in older.text
            menu = learner.press(older, "✏️ 7")
            question = learner.press(menu, "⏱ Minutes")
            assert "How long" in question.text
            edited = learner.say("1h")
            assert "anime — Frieren · 1h 00m" in edited.text
            again = learner.say("/history")
            position = _position(again.text, "🎧 podcast · 8 min")
            asked = learner.press(again, f"🗑 {position}")
            assert learner.press(asked, "Yes, delete").text.startswith("🗑 Removed 🎧 podcast")

            progress = http.get("/progress").json()
            assert progress["total_minutes"] == 25 + 60 + 5 + 6 + 7 + 2
            assert progress["today_minutes"] == 25 + 5 + 6 + 7 + 2
            assert progress["youtube_videos_watched"] == 1
            by_activity = {a["activity"]: a["minutes"] for a in progress["by_activity"]}
            assert by_activity == {"anime": 85, "podcast": 18, "video": 2}
            entries = _all_history(http)
            # Logs of one second may list in either order; the backdated one is last.
            assert sorted((e["activity"], e["minutes"]) for e in entries[:5]) == [
                ("anime", 25), ("podcast", 5), ("podcast", 6), ("podcast", 7), ("video", 2)]
            assert (entries[5]["activity"], entries[5]["minutes"]) == ("anime", 60)
            assert all(e["source"] == "bot" for e in entries if e["kind"] == "log")
            stats = http.get("/stats", params={"bucket": "day"}).json()
            assert [b["minutes"] for b in stats["buckets"]][-4:] == [60, 0, 0, 45]
            assert {a["activity"]: a["minutes"] for a in stats["by_activity"]} == by_activity
            with _service_on(tmp_path / "tracker.sqlite3") as service:
                same = service.logbook.history("alice").entries
                assert [e.id for e in same] == [e["id"] for e in entries]
