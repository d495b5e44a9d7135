"""How long each kind of item counts, and how provider runtimes become stored seconds (pure)."""

from __future__ import annotations

from handlers.service.core.durations import DEFAULT_EPISODE_SECONDS, runtime_seconds, sk_kind


def test_a_zero_or_missing_provider_runtime_is_unknown() -> None:
    assert runtime_seconds(24) == 1440
    assert runtime_seconds(0) is None
    assert runtime_seconds(None) is None


def test_sk_kind() -> None:
    assert sk_kind({"sk": "EPISODE#show#1"}) == "EPISODE#"
    assert sk_kind({"sk": "SETTINGS"}) == ""
    assert sk_kind({}) == ""


def test_an_episode_without_a_runtime_counts_twenty_minutes() -> None:
    assert DEFAULT_EPISODE_SECONDS == 20 * 60
