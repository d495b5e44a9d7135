"""The interactions endpoint: signatures first, the replay window, PING, bad input."""

from __future__ import annotations

import json

import pytest
from nacl.signing import SigningKey

from tests.fakes.discord_api import Signer
from tests.unit.bot.discord.conftest import ALICE, EPHEMERAL, GUILD, Discord, content


def _entries(d: Discord) -> int:
    return len(d.service.logbook.history("alice", limit=50).entries)


def test_ping_is_answered_with_pong(discord: Discord) -> None:
    assert discord.post(discord.signer.ping()) == (200, {"type": 1})


@pytest.mark.parametrize("skew", [-300, 300])
def test_a_timestamp_within_five_minutes_either_way_is_accepted(discord: Discord,
                                                                skew: int) -> None:
    assert discord.post(discord.signer.ping(), skew=skew) == (200, {"type": 1})


@pytest.mark.parametrize("skew", [-301, 301, -86_400])
def test_a_timestamp_outside_the_window_is_refused_and_nothing_runs(discord: Discord,
                                                                    skew: int) -> None:
    discord.link(ALICE, "alice")
    status, body = discord.post(discord.signer.command(ALICE, "log", text="25m anime"),
                                skew=skew)
    assert status == 401 and body == {"message": "The request signature is not valid."}
    assert _entries(discord) == 0


def test_a_body_changed_after_signing_is_refused_and_nothing_runs(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    body = json.dumps(discord.signer.command(ALICE, "log", text="25m anime")).encode()
    headers = discord.signer.sign(body, int(discord.clock().timestamp()))
    status, _ = discord.door.answer(headers, body.replace(b"25m", b"95m"))
    assert status == 401
    assert _entries(discord) == 0


def test_another_key_a_missing_or_malformed_signature_is_refused(discord: Discord) -> None:
    body = json.dumps(discord.signer.ping()).encode()
    now = int(discord.clock().timestamp())
    impostor = Signer()
    assert discord.door.answer(impostor.sign(body, now), body)[0] == 401
    good = discord.signer.sign(body, now)
    for broken in ({}, {**good, "X-Signature-Ed25519": "zz"},
                   {**good, "X-Signature-Ed25519": "00" * 64},
                   {**good, "X-Signature-Timestamp": "soon"},
                   {"X-Signature-Timestamp": good["X-Signature-Timestamp"]}):
        assert discord.door.answer(broken, body)[0] == 401, broken


@pytest.mark.parametrize("timestamp", ["²", "١٧٦٥٠٠٠٠٠٠", "0" * 4400, " 1765000000", "-5"])
def test_a_timestamp_of_other_digits_or_past_any_length_is_a_401_not_a_500(
        discord: Discord, timestamp: str) -> None:
    # str.isdigit() takes "²" and Arabic-Indic digits, and int() refuses 4,300 digits and
    # more: each raised past the check before (a 500 with a traceback in the log).
    body = json.dumps(discord.signer.ping()).encode()
    headers = {**discord.signer.sign(body, int(discord.clock().timestamp())),
               "X-Signature-Timestamp": timestamp}
    assert discord.door.answer(headers, body)[0] == 401


def test_an_interaction_signed_for_another_application_is_refused_and_nothing_runs(
        discord: Discord) -> None:
    discord.link(ALICE, "alice")
    # Signed with our key (so the signature holds) but naming another application.
    other = Signer("1100000000000000999")
    other.key = discord.signer.key
    for payload in (other.command(ALICE, "log", text="25m anime"), other.ping(),
                    other.press(ALICE, "undo:x"), {**other.ping(), "application_id": 7}):
        status, body = discord.post(payload)
        assert (status, body) == (401, {"message": "The interaction is for another application."})
    assert _entries(discord) == 0 and discord.pending == [] and discord.api.calls() == []
    # Ours still runs.
    assert discord.command(ALICE, "log", text="25m anime")["type"] in (4, 5)


def test_header_names_are_case_insensitive(discord: Discord) -> None:
    body = json.dumps(discord.signer.ping()).encode()
    headers = {k.lower(): v for k, v in
               discord.signer.sign(body, int(discord.clock().timestamp())).items()}
    assert discord.door.answer(headers, body) == (200, {"type": 1})


def test_a_signed_body_that_is_no_interaction_gets_one_ephemeral_sentence(
        discord: Discord) -> None:
    ours = discord.signer.application_id
    for payload in ({"type": 2}, {"type": 2, "token": "t", "application_id": ours},
                    {"type": 99, "token": "t", "application_id": ours, "user": {"id": "5"},
                     "data": {}}, ["not", "an", "object"]):
        status, answer = discord.post(payload)  # type: ignore[arg-type]
        assert status == 200
        assert answer["type"] == 4 and answer["data"]["flags"] & EPHEMERAL
        assert 0 < len(content(answer)) <= 300


def test_a_signed_body_that_is_not_json_is_a_400(discord: Discord) -> None:
    body = b"\xff not json"
    headers = discord.signer.sign(body, int(discord.clock().timestamp()))
    assert discord.door.answer(headers, body)[0] == 400


def test_a_key_is_64_hex_digits() -> None:
    from bot.discord.signature import BadPublicKey, verify_key

    assert verify_key(SigningKey.generate().verify_key.encode().hex()) is not None
    for wrong in ("", "xyz", "00" * 31):
        with pytest.raises(BadPublicKey):
            verify_key(wrong)


def test_the_router_hands_the_raw_body_to_the_mounted_door(discord: Discord) -> None:
    from handlers.http.api import Api, ApiRequest
    from handlers.http.routes import DISCORD_INTERACTIONS_PATH

    service = discord.service
    api = Api(service, service.accounts.authenticator)
    api.doors.mount(DISCORD_INTERACTIONS_PATH, discord.door.answer)
    # Keys in another order and spacing than json.dumps would give: verified as sent.
    body = (b'{"type":1, "application_id":"%s","token":"x","id":"1","version":1}'
            % discord.signer.application_id.encode())
    headers = discord.signer.sign(body, int(discord.clock().timestamp()))
    for path in ("/discord/interactions", "/prod/discord/interactions/"):
        answer = api.handle(ApiRequest("POST", path, headers, body=body))
        assert (answer.status, answer.json()) == (200, {"type": 1}), path
    unsigned = api.handle(ApiRequest("POST", "/discord/interactions", body=body))
    assert unsigned.status == 401 and unsigned.json()["message"]
    wrong_method = api.handle(ApiRequest("GET", "/discord/interactions"))
    assert wrong_method.status == 405 and wrong_method.headers["Allow"] == "POST"


def test_an_option_the_command_does_not_have_gets_one_ephemeral_sentence(
        discord: Discord) -> None:
    discord.link(ALICE, "alice")
    for payload in (discord.signer.command(ALICE, "log", entry="25m anime"),
                    discord.signer.command(ALICE, "log", text="25m anime", minutes=25),
                    discord.signer.command(ALICE, "leaderboard", GUILD, subcommand="join",
                                           period="week")):
        answer = discord.answer(payload)
        assert answer["type"] == 4 and answer["data"]["flags"] & EPHEMERAL
        assert "has no option" in content(answer) and len(content(answer)) <= 300
    assert _entries(discord) == 0
    # The registered options still work.
    assert discord.command(ALICE, "log", text="25m anime")["type"] == 4


def test_deferred_work_that_cannot_be_started_is_answered_not_failed(
        discord: Discord) -> None:
    discord.link(ALICE, "alice")

    def unavailable(_payload: object) -> None:
        raise RuntimeError("the function could not be invoked")

    discord.door.defer = unavailable
    status, answer = discord.post(discord.signer.command(ALICE, "export"))
    assert status == 200 and answer["type"] == 4 and answer["data"]["flags"] & EPHEMERAL
    assert 0 < len(content(answer)) <= 300
