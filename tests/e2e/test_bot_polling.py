"""End to end: ``immersion-tracker bot`` polling the fake Bot API, driven like a user would."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.bot_updates import BOT_USERNAME
from tests.fakes.providers import ProviderFake
from tests.fakes.telegram_api import SentRequest, TelegramFake
from tests.support.api_server import COMMAND, add_user, run_cli, server_env
from tests.support.bot_process import running_bot

pytestmark = pytest.mark.e2e
ALICE = 4242
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def environment(tmp_path: Path, telegram: TelegramFake) -> Iterator[dict[str, str]]:
    with ProviderFake() as providers:
        yield server_env(tmp_path, {
            **providers.environment(),
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "IMMERSION_TRACKER_TELEGRAM_BASE_URL": telegram.base_url,
            "IMMERSION_TRACKER_DIGEST_CHECK_SECONDS": "1",
        })


@pytest.fixture
def telegram() -> Iterator[TelegramFake]:
    with TelegramFake() as fake:
        yield fake


@pytest.fixture
def bot(environment: dict[str, str], tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    with running_bot(environment, tmp_path / "bot.log") as process:
        yield process


def _reply(telegram: TelegramFake, after: int, method: str = "sendMessage") -> SentRequest:
    def fresh(s: SentRequest) -> bool:
        return s.method == method and s.chat_id == ALICE

    found = telegram.wait_for_sent(fresh, count=after + 1, timeout=30)
    return found[after]


def test_link_share_undo_progress_setshow_and_no_early_digest(
        environment: dict[str, str], telegram: TelegramFake, bot: subprocess.Popen[str]) -> None:
    add_user(environment, "alice", "correct horse battery staple")
    code = run_cli(["users", "link-code", "alice"], environment).strip().splitlines()[-1]
    telegram.enqueue(telegram.text_update(ALICE, f"/link {code}"))
    assert "Linked as <b>alice</b>" in _reply(telegram, 0).text
    assert telegram.sent("setMyCommands")  # the "/" menu, registered as polling starts
    # Linking subscribes to the digest, but never to one about a week that already ended.

    telegram.enqueue(telegram.text_update(
        ALICE, "https://youtu.be/9bZkp7q19f0 https://open.spotify.com/episode/4qjerzMw8jfD30VOG0tjpK"))
    logged = _reply(telegram, 1)
    assert "officialpsy" in logged.text
    assert [b["text"].split()[1] for b in logged.buttons()] == ["Undo", "Edit"] * 2
    telegram.enqueue(telegram.press_update(ALICE, logged, logged.buttons()[0]["callback_data"]))
    telegram.wait_for_sent(lambda s: s.method == "editMessageReplyMarkup", timeout=30)

    telegram.enqueue(telegram.text_update(ALICE, "/progress"))
    chart = _reply(telegram, 0, "sendPhoto")
    assert chart.files["photo"].startswith(PNG)
    assert "🎧 1 podcast" in chart.text and "videos" not in chart.text

    telegram.enqueue(telegram.text_update(ALICE, "/setshow haikyu"))
    matches = _reply(telegram, 2)
    assert matches.buttons()[0]["callback_data"] == "sp:270065"
    telegram.enqueue(telegram.text_update(ALICE, "/undo"))
    assert "Remove" in _reply(telegram, 3).text
    assert not [s for s in telegram.sent(chat_id=ALICE) if "Your week" in s.text]
    assert bot.poll() is None


def test_the_bot_says_once_who_polls_and_how_often_and_never_the_token(
        environment: dict[str, str], telegram: TelegramFake) -> None:
    with subprocess.Popen([*COMMAND, "bot"], env=environment, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as process:
        try:
            telegram.enqueue(telegram.text_update(ALICE, "/start"))
            telegram.wait_for_sent(lambda s: s.chat_id == ALICE, timeout=30)
            process.send_signal(signal.SIGTERM)
            shown, logged = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
    every = environment["IMMERSION_TRACKER_DIGEST_CHECK_SECONDS"]
    assert shown.splitlines() == [
        f"Bot @{BOT_USERNAME} polling; reminders every {every} s. Ctrl-C to stop."
    ]
    assert telegram.token not in shown + logged
    assert telegram.token.split(":")[1] not in shown + logged
    assert process.returncode == 0
