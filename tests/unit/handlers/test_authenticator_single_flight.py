"""Identical credentials checked at once share one slow hash (the secret's users: no store)."""

from __future__ import annotations

import threading
from typing import Any

from handlers.service.accounts.credentials import AccountStore, Authenticator, SecretUser
from handlers.service.accounts.passwords import hash_password


class CountingAuthenticator(Authenticator):
    """Counts and holds the slow checks and counts the callers waiting for one, so the test
    knows when every caller is in place (a sleep guessed it, and lost on a busy machine)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checks = 0
        self.waiting = 0
        self.release = threading.Event()
        self.arrived = threading.Condition()

    def _matches(self, password: str, credential: str) -> bool:  # type: ignore[override]
        with self.arrived:
            self.checks += 1
            self.arrived.notify_all()
        self.release.wait(timeout=10)
        return Authenticator._matches(password, credential)

    def _wait_for(self, check: threading.Event) -> None:
        with self.arrived:
            self.waiting += 1
            self.arrived.notify_all()
        super()._wait_for(check)


def test_a_burst_of_identical_logins_pays_one_hash_and_all_get_the_answer() -> None:
    secret = [SecretUser("alice", password_hash=hash_password("correct horse"))]
    authenticator = CountingAuthenticator(AccountStore(repo=None), secret)  # type: ignore[arg-type]
    answers: list[bool] = []
    threads = [
        threading.Thread(target=lambda pw=pw: answers.append(authenticator.verify("alice", pw)))
        for pw in ["correct horse"] * 8 + ["wrong"] * 4
    ]
    for thread in threads:
        thread.start()
    with authenticator.arrived:  # every caller is now either checking or waiting for the check
        assert authenticator.arrived.wait_for(
            lambda: authenticator.checks + authenticator.waiting == len(threads), timeout=30
        )
    authenticator.release.set()
    for thread in threads:
        thread.join(timeout=10)
    assert authenticator.checks == 2
    assert sorted(answers) == [False] * 4 + [True] * 8
