"""The shared table of whole shows and playlists through the Telegram bot: share the link,
press "✅ Log all" (Discord's door runs the same table)."""

from __future__ import annotations

import re

import pytest

from tests.fakes.providers import ProviderFake
from tests.fakes.sent_requests import SentRequest
from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.scenario import play
from tests.whole_show_cases import CASES, WholeShow


def _plain(html: str) -> list[str]:
    return re.sub(r"<[^>]+>", "", html).splitlines()


def _data(sent: SentRequest, label: str) -> str:
    data = next(b["callback_data"] for b in sent.buttons() if b["text"] == label)
    assert len(data.encode()) <= 64
    return str(data)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_log_all_logs_the_whole_show_in_telegram(harness: Harness, providers: ProviderFake,
                                                 case: WholeShow) -> None:
    if case.playlist is not None:
        providers.youtube.playlists[case.playlist[0]] = list(case.playlist[1])

    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        if case.first:
            await h.say(ALICE_TG, case.first)
        [offer] = await h.say(ALICE_TG, case.link)
        assert _plain(offer.text)[1] == case.holds
        answers = await h.press(ALICE_TG, offer, _data(offer, case.label))
        assert _plain(answers[-1].text)[0] == case.says
        assert len(h.service.logbook.history("alice").entries) == case.entries

    play(harness, scenario)



def test_up_to_a_video_after_a_gone_one_logs_up_to_that_video(
        harness: Harness, providers: ProviderFake) -> None:
    playlist, videos = next(c.playlist for c in CASES if c.playlist is not None)
    providers.youtube.playlists[playlist] = list(videos)

    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [offer] = await h.say(ALICE_TG, f"https://www.youtube.com/playlist?list={playlist}")
        last = [b["text"] for b in offer.buttons() if b["text"].startswith("Up to")][-1]
        answers = await h.press(ALICE_TG, offer, _data(offer, last))
        assert _plain(answers[-1].text)[0] == "✅ Logged 2 videos (7m 58s); 0 were logged already."
        assert len(h.service.logbook.history("alice").entries) == 2

    play(harness, scenario)
