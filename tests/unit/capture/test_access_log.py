"""Capture tokens are redacted from access-log records before any handler formats them."""

from __future__ import annotations

import logging

from handlers.http.access_log import RedactTokens, install, redacted

TOKEN = "itk_Q2FwdHVyZVRva2VuRm9yVGVzdHM"


def test_a_query_token_and_a_bare_token_are_redacted() -> None:
    line = redacted(f"/capture/plex?token={TOKEN}&x=1 Bearer {TOKEN}")
    assert TOKEN not in line
    assert line == "/capture/plex?token=[redacted]&x=1 Bearer itk_[redacted]"


def test_every_part_of_a_token_naming_its_owner_is_redacted() -> None:
    token = "itk_YWxpY2U.8468deac896ae606.fsuK2ZfixD0j5vwA8b9BccFmVBub2rZU"
    line = redacted(f"Authorization: Bearer {token}, then {token}.")
    assert "fsuK2Zfix" not in line and "8468deac" not in line
    assert line == "Authorization: Bearer itk_[redacted], then itk_[redacted]"


def test_a_record_shaped_like_uvicorns_access_line_is_rewritten() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "POST", f"/capture/plex?token={TOKEN}", "1.1", 202), None)
    assert RedactTokens().filter(record)
    assert TOKEN not in record.getMessage() and "token=[redacted]" in record.getMessage()


def test_install_adds_the_filter_once() -> None:
    name = "test.capture.access"
    install(name)
    install(name)
    assert sum(isinstance(f, RedactTokens) for f in logging.getLogger(name).filters) == 1
