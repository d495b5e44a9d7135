"""The check spent on an unknown user costs what a real one costs (no I/O)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from handlers.service.accounts import passwords


def test_the_timing_hash_has_a_real_hash_s_parameters_and_shape() -> None:
    real = passwords.hash_password("correct horse").split("$")
    timing = passwords._TIMING_HASH.split("$")
    assert timing[:4] == real[:4]
    assert [len(passwords._unb64(part)) for part in timing[4:]] == [
        len(passwords._unb64(part)) for part in real[4:]
    ]


def test_burning_time_runs_scrypt_with_the_real_parameters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[dict[str, Any]] = []
    real_scrypt = hashlib.scrypt

    def counting(password: bytes, **kwargs: Any) -> bytes:
        calls.append(kwargs)
        return real_scrypt(password, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    passwords.burn_time("guess")
    assert len(calls) == 1
    assert (calls[0]["n"], calls[0]["r"], calls[0]["p"]) == (2**14, 8, 1)
