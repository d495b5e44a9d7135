"""The language table and the ``languages`` setting through the router."""

from __future__ import annotations

import pytest

from handlers.service.capture.languages import KNOWN_CODES, checked_languages, language_code
from handlers.service.core.errors import InvalidInput
from tests.unit.handlers.router_harness import call, message, router


@pytest.mark.parametrize("form", ["ja", "jpn", "ja-JP", "Japanese", "日本語", "JA", " ja_JP "])
def test_every_form_a_player_sends_means_japanese(form: str) -> None:
    assert language_code(form) == "ja"


@pytest.mark.parametrize(
    ("form", "code"),
    [("ger", "de"), ("deu", "de"), ("fre", "fr"), ("fra", "fr"), ("chi", "zh"), ("zho", "zh"),
     ("zh-Hant-TW", "zh"), ("pt-BR", "pt"), ("kor", "ko"), ("Español", "es"), ("eng", "en")],
)
def test_both_iso_639_2_variants_and_bcp47_are_in_the_table(form: str, code: str) -> None:
    assert language_code(form) == code


@pytest.mark.parametrize("form", ["und", "", "zxx", None, 3, "klingonese", "j"])
def test_no_language_or_an_unknown_one_is_none(form: object) -> None:
    assert language_code(form) is None


def test_every_listed_code_maps_to_itself() -> None:
    assert all(language_code(code) == code for code in KNOWN_CODES)


def test_checked_languages_keeps_order_drops_repeats_and_names_an_unknown_one() -> None:
    assert checked_languages(["Japanese", "zh", "jpn"]) == ["ja", "zh"]
    with pytest.raises(InvalidInput, match="languages: 'xx'"):
        checked_languages(["ja", "xx"])


def test_settings_languages_default_empty_set_as_codes_and_unknown_is_400() -> None:
    with router() as api:
        assert call(api, "GET", "/settings").json()["languages"] == []
        changed = call(api, "PUT", "/settings", {"languages": ["Japanese", "ko-KR"]}).json()
        assert changed["languages"] == ["ja", "ko"]
        refused = call(api, "PUT", "/settings", {"languages": ["ja", "elvish"], "timezone": "UTC"})
        assert "elvish" in message(refused, 400)
        # Nothing of the refused request was applied.
        after = call(api, "GET", "/settings").json()
        assert after["languages"] == ["ja", "ko"] and after["timezone"] != "UTC"
        assert call(api, "PUT", "/settings", {"languages": []}).json()["languages"] == []
