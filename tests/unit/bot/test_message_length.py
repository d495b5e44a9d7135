"""Cutting a reply to Telegram's 4,096 characters: tags and entities whole, tags closed."""

from __future__ import annotations

from bot.message_length import MESSAGE_LIMIT, fit_html
from tests.fakes.telegram_html import html_problem, visible_length


def test_a_text_that_fits_is_unchanged() -> None:
    text = "<b>" + "&lt;" * (MESSAGE_LIMIT - 1) + "</b>é"
    assert fit_html(text) == text


def test_a_long_text_is_cut_to_the_limit_with_its_tags_closed() -> None:
    text = "<b>Logged</b>\n" + "<i>日本語 &amp; more</i>\n" * 400
    cut = fit_html(text)
    assert visible_length(cut, html=True) == MESSAGE_LIMIT
    assert cut.endswith("…</i>") or cut.endswith("…")
    assert html_problem(cut) is None


def test_a_cut_never_splits_an_entity_or_a_tag() -> None:
    for shift in range(8):
        text = "x" * (MESSAGE_LIMIT - 4 + shift) + "&amp;<code>&lt;tag&gt;</code>" * 3
        cut = fit_html(text)
        assert html_problem(cut) is None
        assert visible_length(cut, html=True) <= MESSAGE_LIMIT
        assert not cut.removesuffix("</code>").removesuffix("…").endswith(("&", "&amp", "<"))
