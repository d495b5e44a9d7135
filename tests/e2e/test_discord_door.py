"""End to end: ``immersion-tracker serve`` answering signed Discord interactions, follow-ups
reaching a fake Discord REST on loopback, and ``discord register`` (process and network I/O).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fakes.discord_api import APPLICATION_ID, BOT_TOKEN, DiscordApiServer, Signer
from tests.fakes.providers import ProviderFake
from tests.support.api_server import RunningApi, run_cli, running_api

pytestmark = pytest.mark.e2e
LEARNER = 330000000000000001
GUILD = 340000000000000001
PATH = "/discord/interactions"


@pytest.fixture
def discord() -> Iterator[DiscordApiServer]:
    with DiscordApiServer() as fake:
        yield fake


def _env(discord: DiscordApiServer, signer: Signer) -> dict[str, str]:
    return {"IMMERSION_TRACKER_DISCORD_PUBLIC_KEY": signer.public_key,
            "IMMERSION_TRACKER_DISCORD_APPLICATION_ID": APPLICATION_ID,
            "IMMERSION_TRACKER_DISCORD_BOT_TOKEN": BOT_TOKEN,
            "IMMERSION_TRACKER_DISCORD_API_BASE": discord.base}


def _send(api: RunningApi, signer: Signer, payload: dict[str, Any]) -> httpx.Response:
    body = json.dumps(payload).encode()
    # The server runs on the real clock, so the signature carries the real time.
    headers = signer.sign(body, int(time.time()))
    return httpx.post(api.base_url + PATH, content=body, headers=headers, timeout=30)


def test_a_learner_links_logs_and_sees_progress_and_a_server_board(
        tmp_path: Path, discord: DiscordApiServer) -> None:
    signer = Signer()
    with ProviderFake() as providers, running_api(
            tmp_path, {**providers.environment(), **_env(discord, signer)}) as api, \
            api.client() as http:
        assert _send(api, signer, signer.ping()).json() == {"type": 1}
        unsigned = httpx.post(api.base_url + PATH, json=signer.ping(), timeout=30)
        assert unsigned.status_code == 401

        first = _send(api, signer, signer.command(LEARNER, "log", text="25m anime")).json()
        assert "not linked yet" in first["data"]["content"]
        code = http.post("/linkcode").json()["code"]
        linked = _send(api, signer, signer.command(LEARNER, "link", code=code)).json()
        assert "Linked as **alice**" in linked["data"]["content"]

        logged = _send(api, signer, signer.command(LEARNER, "log", text="25m anime Frieren",
                                                   guild_id=GUILD)).json()
        assert "Logged **25 min** of anime — Frieren" in logged["data"]["content"]
        shared = signer.message_command(LEARNER, "https://youtu.be/9bZkp7q19f0", 1, GUILD)
        assert _send(api, signer, shared).json()["type"] == 5
        [linked_log] = discord.wait_for("PATCH", 1)
        assert "officialpsy" in linked_log.body["content"]
        assert http.get("/progress").json()["youtube_videos_watched"] == 1

        assert _send(api, signer, signer.command(LEARNER, "progress")).json()["type"] == 5
        chart = discord.wait_for("PATCH", 2)[1]
        assert chart.path.startswith(f"/webhooks/{APPLICATION_ID}/interaction-token-")
        assert chart.files["files[0]"][1].startswith(b"\x89PNG")

        _send(api, signer, signer.command(LEARNER, "leaderboard", GUILD, subcommand="join"))
        board = _send(api, signer, signer.command(LEARNER, "leaderboard", GUILD,
                                                  subcommand="show")).json()
        assert "alice" in board["data"]["content"]


def test_a_shared_playlist_is_logged_whole_with_log_all(
        tmp_path: Path, discord: DiscordApiServer) -> None:
    signer = Signer()
    with ProviderFake() as providers, running_api(
            tmp_path, {**providers.environment(), **_env(discord, signer)}) as api, \
            api.client() as http:
        code = http.post("/linkcode").json()["code"]
        _send(api, signer, signer.command(LEARNER, "link", code=code))
        playlist = "https://www.youtube.com/playlist?list=PLfixture0000000001"
        assert _send(api, signer, signer.command(LEARNER, "log", text=playlist)).json() == {
            "type": 5, "data": {"flags": 0}}
        [offer] = discord.wait_for("PATCH", 1)
        assert "2 videos · 7m 58s · 0 already logged" in offer.body["content"]
        assert http.get("/progress").json()["youtube_videos_watched"] == 0
        log_all = offer.body["components"][0]["components"][0]["custom_id"]
        pressed = _send(api, signer, signer.press(LEARNER, log_all, GUILD)).json()
        assert pressed == {"type": 6}
        done = discord.wait_for("PATCH", 2)[1]
        # The press's own @original: after a type 6, the message the button sits on.
        assert done.path.endswith("/messages/@original") and done.path != offer.path
        assert done.body["content"].startswith("✅ Logged 2 videos (7m 58s)")
        assert http.get("/progress").json()["youtube_videos_watched"] == 2


def test_register_overwrites_the_commands_of_one_server(
        tmp_path: Path, discord: DiscordApiServer) -> None:
    from tests.support.api_server import server_env

    env = server_env(tmp_path, _env(discord, Signer()))
    printed = run_cli(["discord", "register", "--guild", str(GUILD)], env)
    assert printed.startswith("Registered 15 commands for server")
    [put] = discord.calls("PUT")
    assert put.path == f"/applications/{APPLICATION_ID}/guilds/{GUILD}/commands"
    assert put.authorization == f"Bot {BOT_TOKEN}"
    assert BOT_TOKEN not in printed
