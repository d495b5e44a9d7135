"""Trusted proxies: the client's address and the forwarded headers, believed only from them."""

from __future__ import annotations

import pytest

from handlers.http.forwarded import TrustedProxies, parse_networks
from handlers.settings import Settings, SettingsError, load_settings

PROXIES = TrustedProxies.parse("10.0.0.1, 192.168.0.0/16, ::1")


def test_by_default_no_proxy_is_trusted_and_the_peer_is_the_client() -> None:
    none = TrustedProxies.parse(Settings().trusted_proxies)
    assert none.client("127.0.0.1", "203.0.113.9") == "127.0.0.1"
    headers = {"Host": "t", "X-Forwarded-Host": "evil.example", "x-forwarded-proto": "https",
               "X-Forwarded-For": "1.2.3.4", "Forwarded": "for=1.2.3.4"}
    assert none.headers("127.0.0.1", headers) == {"Host": "t"}


def test_the_client_is_the_right_most_address_a_trusted_proxy_did_not_add() -> None:
    # The left-most hop is whatever the client wrote; only the proxies' own appends count.
    assert PROXIES.client("10.0.0.1", "6.6.6.6, 203.0.113.9") == "203.0.113.9"
    assert PROXIES.client("10.0.0.1", "6.6.6.6, 203.0.113.9, 192.168.4.4") == "203.0.113.9"
    assert PROXIES.client("::ffff:10.0.0.1", "203.0.113.9") == "203.0.113.9"
    assert PROXIES.client("::1", "2001:db8::7") == "2001:db8::7"
    assert PROXIES.client("10.0.0.1", None) == "10.0.0.1"
    assert PROXIES.client("10.0.0.1", "192.168.1.1, 192.168.1.2") == "192.168.1.1"


def test_a_peer_outside_the_trusted_set_speaks_only_for_itself() -> None:
    assert PROXIES.client("10.0.0.2", "203.0.113.9") == "10.0.0.2"
    forwarded = {"X-Forwarded-Host": "tracker.example", "X-Forwarded-Proto": "https"}
    assert PROXIES.headers("10.0.0.2", forwarded) == {}
    assert PROXIES.headers("10.0.0.1", forwarded) == forwarded


def test_a_bad_entry_in_the_setting_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(parse_networks(" 10.0.0.1 ,, fd00::/8 ")) == 2
    monkeypatch.setenv("IMMERSION_TRACKER_TRUSTED_PROXIES", "10.0.0.1, proxy.local")
    with pytest.raises(SettingsError, match=r"IMMERSION_TRACKER_TRUSTED_PROXIES.*proxy\.local"):
        load_settings()
