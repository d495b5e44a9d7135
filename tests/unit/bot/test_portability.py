"""The bot's /export documents and the import of a sent file: preview, import, undo."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.application import build_application
from handlers.service.facade import Service
from storage.models import user_pk
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.offline_request import OfflineRequest
from tests.support.reader_databases import koreader_bytes
from tests.unit.bot.conftest import ALICE_TG, BOB_TG, Clock, Harness
from tests.unit.bot.scenario import play

FIXTURES = Path(__file__).parents[2] / "fixtures" / "imports"


def _logs(harness: Harness) -> int:
    return len(list(harness.service.repo.query_prefix(user_pk("alice"), "LOG#")))


def test_a_sent_file_is_previewed_imported_and_undone(harness: Harness) -> None:
    harness.link(ALICE_TG, "alice")
    data = (FIXTURES / "tmw_old.csv").read_bytes()

    async def scenario(h: Harness) -> None:
        sent = await h.deliver(h.telegram.document_update(ALICE_TG, "export.csv", data))
        (preview,) = [s for s in sent if s.method == "sendMessage"]
        assert "<b>tmw</b> export: 7 new entries" in preview.text
        assert "3 rows can't be read and will be skipped" in preview.text
        assert "line 9:" in preview.text
        assert _logs(h) == 0
        sent = await h.press(ALICE_TG, preview, "imp:go")
        result = [s for s in sent if s.method == "editMessageText"][-1]
        assert result.text.startswith("Imported 7 entries")
        # Told after the import ran: what happened, not what will.
        assert "3 rows couldn't be read and were skipped" in result.text
        assert _logs(h) == 7
        (undo,) = [b["callback_data"] for b in result.buttons()]
        done = await h.press(ALICE_TG, result, undo)
        assert [s.text for s in done if s.method == "editMessageText"] == [
            "Undone: removed 7 entries."
        ]
        assert _logs(h) == 0

    play(harness, scenario)


def test_cancel_imports_nothing_and_a_foreign_file_is_one_sentence(harness: Harness) -> None:
    harness.link(ALICE_TG, "alice")

    async def scenario(h: Harness) -> None:
        update = h.telegram.document_update(ALICE_TG, "k.csv", (FIXTURES / "kechimochi.csv")
                                            .read_bytes())
        (preview,) = [s for s in await h.deliver(update) if s.method == "sendMessage"]
        (cancelled,) = [s for s in await h.press(ALICE_TG, preview, "imp:no")
                        if s.method == "editMessageText"]
        assert cancelled.text == "Cancelled; nothing was imported."
        assert _logs(h) == 0
        foreign = h.telegram.document_update(ALICE_TG, "x.txt", b"hi,there\n")
        (refused,) = [s for s in await h.deliver(foreign) if s.method == "sendMessage"]
        assert refused.text.startswith("⚠️ This is not an export I know")

    play(harness, scenario)


def test_export_sends_both_files(harness: Harness) -> None:
    harness.link(ALICE_TG, "alice")
    harness.service.logbook.log_text("alice", "25m anime Frieren")

    async def scenario(h: Harness) -> None:
        sent = await h.say(ALICE_TG, "/export")
        documents = [s for s in sent if s.method == "sendDocument"]
        assert len(documents) == 2
        jsonl, csv = (next(iter(d.files.values())) for d in documents)
        day = h.clock.now.astimezone(h.service.timezone("alice")).date().isoformat()
        request = h.app.bot.request
        assert isinstance(request, OfflineRequest)
        assert request.file_names[-2:] == [
            f"immersion-alice-{day}.jsonl", f"immersion-alice-{day}.csv"]
        assert b'"activity": "anime"' in jsonl and b"password_hash" not in jsonl
        assert csv.splitlines()[1].split(b",")[2:4] == [b"anime", b"Frieren"]

    play(harness, scenario)


def test_one_bad_row_is_told_in_the_singular_and_in_the_past(harness: Harness) -> None:
    harness.link(ALICE_TG, "alice")
    data = b"Date,Log Name,Duration\n2024-01-01,Kanon,30\n2024-01-02,Bad,-5\n"

    async def scenario(h: Harness) -> None:
        sent = await h.deliver(h.telegram.document_update(ALICE_TG, "k.csv", data))
        (preview,) = [s for s in sent if s.method == "sendMessage"]
        assert "1 row can't be read and will be skipped:" in preview.text
        done = [s for s in await h.press(ALICE_TG, preview, "imp:go")
                if s.method == "editMessageText"][-1]
        assert "1 row couldn't be read and was skipped:" in done.text

    play(harness, scenario)


def test_files_come_from_the_configured_bot_api_server(
    service: Service, telegram: FakeBotApi, clock: Clock
) -> None:
    origin = "http://bot-api.internal:8081"
    settings = service.settings.model_copy(update={"telegram_base_url": origin + "/bot"})
    application = build_application(service, settings, digest_every=None, rate_limit_retries=0,
                                    request=OfflineRequest(telegram, origin=origin))
    harness = Harness(application, telegram, service, clock)
    harness.link(ALICE_TG, "alice")

    async def scenario(h: Harness) -> None:
        update = h.telegram.document_update(ALICE_TG, "k.csv",
                                            (FIXTURES / "kechimochi.csv").read_bytes())
        (preview,) = [s for s in await h.deliver(update) if s.method == "sendMessage"]
        assert "<b>kechimochi</b> export: 4 new entries" in preview.text

    play(harness, scenario)


AFTER_THE_READERS_DAYS = datetime(2026, 12, 3, 3, tzinfo=UTC)
"""The reader fixtures' days (to 2026-12-01) are past: an import refuses a day ahead."""

def test_a_newer_reader_export_offers_import_for_replaced_days_only(harness: Harness) -> None:
    harness.clock.now = AFTER_THE_READERS_DAYS
    harness.link(ALICE_TG, "alice")
    readers = Path(__file__).parents[2] / "fixtures" / "readers"
    old = (readers / "ttu_statistics_old.json").read_bytes()
    grown = old.replace(b'"charactersRead": 9000', b'"charactersRead": 9500').replace(
        b'"readingTime": 1800', b'"readingTime": 1900')

    async def scenario(h: Harness) -> None:
        first = await h.deliver(h.telegram.document_update(ALICE_TG, "s.json", old))
        (preview,) = [s for s in first if s.method == "sendMessage"]
        await h.press(ALICE_TG, preview, "imp:go")
        sent = await h.deliver(h.telegram.document_update(ALICE_TG, "s.json", grown))
        (again,) = [s for s in sent if s.method == "sendMessage"]
        # Nothing new, but a day to bring up to date: the Import button is there.
        assert "1 day would get the export's newer figures." in again.text
        assert [b["callback_data"] for b in again.buttons()] == ["imp:go", "imp:no"]
        done = [s for s in await h.press(ALICE_TG, again, "imp:go")
                if s.method == "editMessageText"][-1]
        assert "1 day got the export's newer figures." in done.text
        assert _logs(h) == 2

    play(harness, scenario)


def test_undo_of_a_newer_reader_export_says_what_came_back(harness: Harness) -> None:
    harness.clock.now = AFTER_THE_READERS_DAYS
    harness.link(ALICE_TG, "alice")
    readers = Path(__file__).parents[2] / "fixtures" / "readers"

    async def scenario(h: Harness) -> None:
        for name in ("ttu_statistics_old.json", "ttu_statistics_new.json"):
            sent = await h.deliver(h.telegram.document_update(
                ALICE_TG, name, (readers / name).read_bytes()))
            (preview,) = [s for s in sent if s.method == "sendMessage"]
            done = [s for s in await h.press(ALICE_TG, preview, "imp:go")
                    if s.method == "editMessageText"][-1]
        (undo,) = [b["callback_data"] for b in done.buttons()]
        undone = [s.text for s in await h.press(ALICE_TG, done, undo)
                  if s.method == "editMessageText"]
        assert undone == ["Undone: removed 1 entries; 1 day has its earlier figures back."]
        assert _logs(h) == 2

    play(harness, scenario)


def test_a_book_left_out_for_its_language_is_named_in_escaped_html(harness: Harness) -> None:
    harness.link(ALICE_TG, "alice")
    harness.service.capture.set_languages("alice", ["ja"])
    pages = [(1, 1_764_583_200, 60)]
    data = koreader_bytes({"本": pages, "Tom & Jerry <1>": pages}, {"Tom & Jerry <1>": "en"})

    async def scenario(h: Harness) -> None:
        sent = await h.deliver(h.telegram.document_update(ALICE_TG, "statistics.sqlite3", data))
        (preview,) = [s for s in sent if s.method == "sendMessage"]
        assert "1 new entry" in preview.text
        assert '"Tom &amp; Jerry &lt;1&gt;" (language en) would be left out' in preview.text

    play(harness, scenario)


KECHIMOCHI = b"Date,Log Name,Duration,Media Type\n2026-01-05,Alice's diary,45,Reading\n"


def test_a_file_in_a_group_is_not_answered_and_nothing_is_imported(harness: Harness) -> None:
    harness.link(ALICE_TG, "alice")
    harness.link(BOB_TG, "bob")

    async def scenario(h: Harness) -> None:
        update = h.telegram.document_update(ALICE_TG, "kechimochi.csv", KECHIMOCHI)
        update["message"]["chat"] = {"id": -100500, "type": "supergroup", "title": "Study"}
        assert [s for s in await h.deliver(update) if s.method == "sendMessage"] == []
        assert _logs(h) == 0

    play(harness, scenario)


def test_only_whoever_sent_the_file_can_import_or_cancel_it(harness: Harness) -> None:
    harness.link(ALICE_TG, "alice")
    harness.link(BOB_TG, "bob")

    async def scenario(h: Harness) -> None:
        sent = await h.deliver(h.telegram.document_update(ALICE_TG, "k.csv", KECHIMOCHI))
        (preview,) = [s for s in sent if s.method == "sendMessage"]
        assert "export: 1 new entry (0.8 h)" in preview.text  # one entry, not "1 new entries"
        for data in ("imp:go", "imp:no"):
            pressed = await h.press(BOB_TG, preview, data)
            assert [(s.method, s.params.get("text")) for s in pressed] == [
                ("answerCallbackQuery", "Only whoever sent the file can import it.")]
        assert h.service.logbook.history("bob").entries == []
        assert _logs(h) == 0
        await h.press(ALICE_TG, preview, "imp:go")
        assert _logs(h) == 1

    play(harness, scenario)
