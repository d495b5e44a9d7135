"""The bot's benchmarks still run: a few messages through each against the fake Bot API.

Benchmarks are not part of a test run, so a change they depend on (link codes that expire
by the store's clock) once left them failing unnoticed. Loopback only; a few seconds.
"""

from __future__ import annotations

import asyncio

import pytest

from bench import bot, bot_log


def test_the_log_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(bot_log.run(3))
    printed = capsys.readouterr().out
    assert "/log: 3 replies" in printed and "link: 3 replies" in printed


def test_the_link_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(bot.link_messages(4, 2))
    assert "(a) 4 link messages from 2 users" in capsys.readouterr().out
