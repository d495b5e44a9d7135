"""The authorizer logs every refusal with the user name and source IP, never the secret."""

from __future__ import annotations

import base64
import json
import logging
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from handlers.aws import authorizer
from handlers.service.accounts.credentials import AccountStore, Authenticator, SecretUser
from handlers.service.accounts.sessions import Sessions
from storage.sqlite import SQLiteItemRepository

EVENT = Path(__file__).resolve().parents[2] / "events" / "authorizer_request.json"
PASSWORD = "wrong:password-7"


@pytest.fixture(autouse=True)
def alice_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # An in-memory store: nobody is kept there, and no file is written.
    with SQLiteItemRepository(":memory:") as repo:
        known = [SecretUser("alice", password="secret:pass")]
        monkeypatch.setattr(authorizer, "_authenticator", Authenticator(AccountStore(repo), known))
        yield


def authorize(header: str | None) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(EVENT.read_text("utf-8"))
    event["headers"].pop("Authorization")
    if header is not None:
        event["headers"]["authorization"] = header
    return authorizer.lambda_handler(event, None)


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def denial_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == authorizer.__name__]


def test_a_wrong_password_is_logged_with_user_and_ip_but_not_the_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    header = basic("alice", PASSWORD)
    with caplog.at_level(logging.INFO, logger=authorizer.__name__):
        answer = authorize(header)
    assert answer["policyDocument"]["Statement"][0]["Effect"] == "Deny"
    (line,) = denial_lines(caplog)
    assert "'alice'" in line and "203.0.113.7" in line
    assert PASSWORD not in caplog.text and header.split()[1] not in caplog.text


def test_an_unreadable_header_is_logged_without_its_value(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger=authorizer.__name__):
        authorize("Digest token-value-1234")
    (line,) = denial_lines(caplog)
    assert "anonymous" in line and "203.0.113.7" in line
    assert "token-value-1234" not in caplog.text


def test_missing_credentials_are_logged_then_answered_401(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with (
        caplog.at_level(logging.INFO, logger=authorizer.__name__),
        pytest.raises(Exception, match=r"^Unauthorized$"),
    ):
        authorize(None)
    (line,) = denial_lines(caplog)
    assert "without credentials" in line and "203.0.113.7" in line


def test_a_user_name_cannot_forge_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=authorizer.__name__):
        authorize(basic("mallory\nallowed user alice", "x"))
    (line,) = denial_lines(caplog)
    assert "\n" not in line


def test_an_accepted_user_leaves_no_denial(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=authorizer.__name__):
        answer = authorize(basic("alice", "secret:pass"))
    assert answer["policyDocument"]["Statement"][0]["Effect"] == "Allow"
    assert denial_lines(caplog) == []


def _allowed_while_the_session_lasts(monkeypatch: pytest.MonkeyPatch, scheme: str) -> None:
    # The store expires records by the same clock as the sessions it holds.
    with SQLiteItemRepository(":memory:", clock=lambda: 1_700_000_000) as repo:
        known = Authenticator(AccountStore(repo), [SecretUser("alice", password="secret:pass")])
        sessions = Sessions(repo, lambda: 1_700_000_000, secrets.token_bytes,
                            known.credential, lambda _id: None, None)
        monkeypatch.setattr(authorizer, "_authenticator", known)
        monkeypatch.setattr(authorizer, "_sessions", sessions)
        session = sessions.start("alice")
        answer = authorize(f"{scheme} {session.token}")
        assert answer["principalId"] == "alice"
        assert answer["policyDocument"]["Statement"][0]["Effect"] == "Allow"
        sessions.end(session.token)
        with pytest.raises(Exception, match=r"^Unauthorized$"):
            authorize(f"{scheme} {session.token}")


def test_a_web_session_is_allowed_as_its_user_and_an_ended_one_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _allowed_while_the_session_lasts(monkeypatch, "Session")


def test_the_mini_app_s_bearer_token_is_allowed_as_its_user_like_on_the_local_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _allowed_while_the_session_lasts(monkeypatch, "Bearer")
