"""A KOReader book in a language the learner does not study is left out, and told."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from handlers.service.capture.language_setting import set_languages
from handlers.service.portability.area import Portability
from storage.memory import InMemoryItemRepository
from tests.support.reader_databases import Page, koreader_bytes
from tests.unit.handlers.test_reader_imports import days, portability

START = int(datetime(2026, 12, 1, 10, 0, tzinfo=UTC).timestamp())
PAGES: list[Page] = [(1, START, 60), (2, START + 60, 90)]
BOOKS = {"コンビニ人間": PAGES, "English Book": PAGES, "Untagged": PAGES, "かがみの孤城": PAGES,
         "Kino": PAGES}
LANGUAGES = {"コンビニ人間": "ja", "English Book": "en", "Untagged": None, "かがみの孤城": "ja-JP",
             "Kino": "Japanese"}
DAY = "2026-12-01"


def statistics() -> io.BytesIO:
    return io.BytesIO(koreader_bytes(BOOKS, LANGUAGES))


@pytest.fixture
def repo() -> InMemoryItemRepository:
    return InMemoryItemRepository()


@pytest.fixture
def port(repo: InMemoryItemRepository) -> Portability:
    set_languages(repo, "alice", ["jpn"])
    return portability(repo)


def test_a_book_in_another_language_is_left_out_and_named(
        port: Portability, repo: InMemoryItemRepository) -> None:
    report = port.import_file("alice", statistics())
    assert (report.format, report.added, report.error_count) == ("koreader", 4, 0)
    assert set(days(repo)) == {(title, DAY) for title in BOOKS if title != "English Book"}
    assert report.minutes_added == 4 * 2.5
    assert report.notes == ['"English Book" (language en) was left out: it is not one of your'
                            ' languages (ja).']


def test_every_language_counts_when_none_is_chosen(repo: InMemoryItemRepository) -> None:
    report = portability(repo).import_file("alice", statistics(), "koreader")
    assert (report.added, report.notes) == (5, [])


def test_a_dry_run_tells_the_same_and_writes_nothing(
        port: Portability, repo: InMemoryItemRepository) -> None:
    report = port.import_file("alice", statistics(), dry_run=True)
    assert report.added == 4
    assert report.notes == ['"English Book" (language en) would be left out: it is not one'
                            ' of your languages (ja).']
    assert days(repo) == {}


def test_undo_removes_what_was_counted_and_nothing_was_kept_of_the_rest(
        port: Portability, repo: InMemoryItemRepository) -> None:
    report = port.import_file("alice", statistics())
    again = port.import_file("alice", statistics())
    assert (again.added, again.skipped_duplicates, len(again.notes)) == (0, 4, 1)
    port.undo_import("alice", report.import_id)
    assert days(repo) == {}


def test_many_books_in_other_languages_are_listed_up_to_the_limit_and_all_counted(
        repo: InMemoryItemRepository) -> None:
    set_languages(repo, "alice", ["ja"])
    books = {f"Book {n}": PAGES for n in range(105)}
    body = io.BytesIO(koreader_bytes(books, dict.fromkeys(books, "en")))
    report = portability(repo).import_file("alice", body)
    assert report.added == 0
    assert len(report.notes) == 101
    assert report.notes[-1] == "… and 5 more books in other languages were left out."
