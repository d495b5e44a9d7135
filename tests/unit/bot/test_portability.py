"""The bot's /export documents and the import of a sent file: preview, import, undo."""

from __future__ import annotations

from pathlib import Path

from storage.models import user_pk
from tests.unit.bot.conftest import ALICE_TG, Harness
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
        assert "3 rows can't be read" in preview.text and "line 9:" in preview.text
        assert _logs(h) == 0
        sent = await h.press(ALICE_TG, preview, "imp:go")
        result = [s for s in sent if s.method == "editMessageText"][-1]
        assert result.text.startswith("Imported 7 entries")
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
        assert b'"activity": "anime"' in jsonl and b"password_hash" not in jsonl
        assert csv.splitlines()[1].split(b",")[2:4] == [b"anime", b"Frieren"]

    play(harness, scenario)
