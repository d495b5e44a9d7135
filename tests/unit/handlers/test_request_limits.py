"""The request size limits and the words the API description uses for them (pure)."""

from __future__ import annotations

from handlers.http.openapi import openapi_document
from handlers.service.core.request_limits import byte_size_text, size_limit_text
from handlers.settings import Settings


def test_sizes_are_stated_in_decimal_units() -> None:
    assert byte_size_text(1_000_000) == "1 MB"
    assert byte_size_text(6_000_000) == "6 MB"
    assert byte_size_text(500_000) == "500 kB"
    assert byte_size_text(1_234) == "1,234 bytes"


def test_the_api_description_states_the_default_limits() -> None:
    defaults = Settings()
    text = size_limit_text(defaults.max_body_bytes, defaults.max_items_per_request)
    assert text == "A request body may hold at most 1 MB and 1,000 items per list."
    responses = openapi_document(defaults.max_body_bytes, defaults.max_items_per_request)[
        "paths"
    ]["/syncyoutube"]["post"]["responses"]
    assert responses["413"]["description"] == text
