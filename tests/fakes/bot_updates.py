"""Telegram updates as the Bot API delivers them, built for tests (no I/O)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable
from typing import Any

from tests.fakes.sent_requests import SentRequest

Json = dict[str, Any]

BOT_ID = 7_000_000_001
BOT_USERNAME = "immersion_tracker_test_bot"
START_DATE = 1_767_225_600
"""2026-01-01T00:00:00Z: the ``date`` of the first injected message (fixed, not the clock)."""


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (Telegram's unit for entity offsets)."""
    return len(text.encode("utf-16-le")) // 2


def entity_for(text: str, part: str, kind: str, **extra: Any) -> Json:
    """A message entity covering the first occurrence of ``part`` in ``text``."""
    start = text.index(part)
    return {"type": kind, "offset": utf16_length(text[:start]), "length": utf16_length(part),
            **extra}


class UpdateBuilder:
    """Users, chats, messages and button presses with fresh ids and dates."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._dates = itertools.count(START_DATE)
        self.files: dict[str, bytes] = {}
        """Files users sent, by file id, for getFile and the download that follows."""
        self.documents: dict[int, Json] = {}
        """Messages carrying a document, by message id, so replies can quote them."""

    # --- what tests inject --------------------------------------------------------------
    def user(self, user_id: int, first_name: str = "Learner") -> Json:
        return {"id": user_id, "is_bot": False, "first_name": first_name,
                "language_code": "en"}

    def chat(self, chat_id: int, kind: str = "private") -> Json:
        chat: Json = {"id": chat_id, "type": kind}
        if kind != "private":
            chat["title"] = "Study group"
        return chat

    def message(self, user_id: int, text: str = "", *, chat_id: int | None = None,
                chat_type: str = "private", entities: Iterable[Json] = (),
                caption: bool = False, forwarded: bool = False) -> Json:
        """A Message object as Telegram would deliver it (``bot_command`` entities added)."""
        entity_list = list(entities)
        if text.startswith("/"):
            command = text.split()[0]
            entity_list.insert(0, {"type": "bot_command", "offset": 0,
                                   "length": utf16_length(command)})
        with self._lock:
            message: Json = {"message_id": next(self._message_ids), "date": next(self._dates),
                             "chat": self.chat(chat_id if chat_id is not None else user_id,
                                               chat_type),
                             "from": self.user(user_id)}
        if caption:
            message["caption"] = text
            message["photo"] = [{"file_id": "photo-1", "file_unique_id": "p1",
                                 "width": 90, "height": 90}]
            if entity_list:
                message["caption_entities"] = entity_list
        else:
            message["text"] = text
            if entity_list:
                message["entities"] = entity_list
        if forwarded:
            message["forward_origin"] = {"type": "hidden_user", "sender_user_name": "Friend",
                                         "date": START_DATE - 60}
        return message

    def text_update(self, user_id: int, text: str, **options: Any) -> Json:
        """An update carrying one message from ``user_id`` (see :meth:`message`)."""
        return {"update_id": self._next_update_id(),
                "message": self.message(user_id, text, **options)}

    def document_update(self, user_id: int, file_name: str, data: bytes) -> Json:
        """An update carrying a file sent by ``user_id``."""
        message = self.message(user_id)
        del message["text"]
        file_id = f"file-{message['message_id']}"
        self.files[file_id] = data
        message["document"] = {"file_id": file_id, "file_unique_id": file_id,
                               "file_name": file_name, "file_size": len(data)}
        self.documents[message["message_id"]] = message
        return {"update_id": self._next_update_id(), "message": message}

    def press_update(self, user_id: int, sent: SentRequest, data: str) -> Json:
        """An update for pressing the inline button with ``data`` on a message the bot sent."""
        if data not in [button.get("callback_data") for button in sent.buttons()]:
            raise AssertionError(f"no button {data!r} on {sent.text!r}")
        message = dict(sent.result) if isinstance(sent.result, dict) else {}
        return {"update_id": self._next_update_id(),
                "callback_query": {"id": f"cq{self._next_update_id()}",
                                   "from": self.user(user_id), "chat_instance": "ci",
                                   "message": message, "data": data}}

    def _next_update_id(self) -> int:
        with self._lock:
            return next(self._update_ids)

