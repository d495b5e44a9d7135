"""An in-process fake of the Telegram Bot API: answers methods, records sends (no I/O).

``answer(method, params, files)`` returns what Telegram would: ``(200, {"ok": true,
"result": ...})`` or an error payload with ``error_code``, ``description`` and
``parameters``. The loopback server (``telegram_api.TelegramFake``) and the offline
request of the unit tests (``offline_request.OfflineRequest``) both serve from it::

    api = FakeBotApi()
    update = api.text_update(USER, "https://youtu.be/9bZkp7q19f0")
    api.fail_next("sendMessage", 429, retry_after=1)
    api.block(chat_id)           # 403 Forbidden for that chat from now on
    api.sent("sendMessage")      # what the bot sent

Methods: getMe, getUpdates (offset, bounded wait), sendMessage, sendPhoto, editMessageText,
editMessageReplyMarkup, answerCallbackQuery, setWebhook, deleteWebhook, getWebhookInfo,
plus a few harmless ones PTB may call (close, logOut, setMyCommands).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.fakes.bot_updates import BOT_ID, BOT_USERNAME, START_DATE, UpdateBuilder
from tests.fakes.sent_requests import SentRequest
from tests.fakes.telegram_html import html_problem, length_problem

Json = dict[str, Any]

TEST_TOKEN = "123456:TEST-token"
LONG_POLL_CAP_SECONDS = 1.0
"""getUpdates waits at most this long, so shutting down never waits for a client's timeout."""


@dataclass
class _Fault:
    status: int
    retry_after: int
    remaining: int


class _GlobalRate:
    """A sliding one-second window enforcing Telegram's overall message rate."""

    def __init__(self, per_second: int) -> None:
        self.per_second = per_second
        self._sent: deque[float] = deque()

    def admit(self, now: float) -> bool:
        while self._sent and now - self._sent[0] >= 1.0:
            self._sent.popleft()
        if len(self._sent) >= self.per_second:
            return False
        self._sent.append(now)
        return True


class FakeBotApi(UpdateBuilder):
    """The fake Bot API's state: pending updates, sent requests, injected faults."""

    def __init__(self, token: str = TEST_TOKEN) -> None:
        super().__init__()
        self.token = token
        self._updates: list[Json] = []
        self._sent: list[SentRequest] = []
        self._faults: dict[str, _Fault] = {}
        self._blocked: set[int] = set()
        self._rate: _GlobalRate | None = None
        self.rejected_429 = 0
        self.webhook_url = ""
        self._closing = False

    def enqueue(self, update: Json) -> None:
        """Make ``update`` available to getUpdates."""
        with self._lock:
            self._updates.append(update)
            self._lock.notify_all()

    def fail_next(self, method: str, status: int, *, count: int = 1,
                  retry_after: int = 0) -> None:
        """Answer the next ``count`` calls of ``method`` with ``status`` (429 or 5xx/4xx)."""
        with self._lock:
            self._faults[method] = _Fault(status, retry_after, count)

    def block(self, chat_id: int) -> None:
        """The user of ``chat_id`` blocked the bot: sends to it answer 403."""
        with self._lock:
            self._blocked.add(chat_id)

    def enforce_rate(self, per_second: int | None) -> None:
        """Answer 429 (retry_after 1) to sends beyond ``per_second`` in any second."""
        with self._lock:
            self._rate = _GlobalRate(per_second) if per_second else None

    # --- what tests read ------------------------------------------------------------
    def sent(self, method: str | None = None, chat_id: int | None = None) -> list[SentRequest]:
        with self._lock:
            return [s for s in self._sent if (method is None or s.method == method)
                    and (chat_id is None or s.chat_id == chat_id)]

    def wait_for_sent(self, predicate: Callable[[SentRequest], bool], *, count: int = 1,
                      timeout: float = 10.0) -> list[SentRequest]:
        """Wait (bounded) until ``count`` sent requests match; raise if they never do."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [s for s in self._sent if predicate(s)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    methods = [s.method for s in self._sent]
                    raise AssertionError(f"expected {count} matching requests; sent {methods}")
                self._lock.wait(left)

    def pending_updates(self) -> int:
        with self._lock:
            return len(self._updates)

    # --- the Bot API ---------------------------------------------------------------
    def answer(self, method: str, params: Json, files: dict[str, bytes]) -> tuple[int, Json]:
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        with self._lock:
            refusal = self._refusal(method, params)
            if refusal is not None:
                return refusal
            result = self._result(method, params)
            if result is None:
                return 404, {"ok": False, "error_code": 404, "description": "Not Found: method"}
            self._sent.append(SentRequest(method, params, files, result, time.monotonic()))
            self._lock.notify_all()
        return 200, {"ok": True, "result": result}

    def _refusal(self, method: str, params: Json) -> tuple[int, Json] | None:
        if params.get("parse_mode") == "HTML":
            problem = html_problem(str(params.get("text") or params.get("caption") or ""))
            if problem is not None:
                return 400, {"ok": False, "error_code": 400,
                             "description": f"Bad Request: can't parse entities: {problem}"}
        too_long = length_problem(params)
        if too_long is not None:
            return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {too_long}"}
        fault = self._faults.get(method)
        if fault is not None and fault.remaining > 0:
            fault.remaining -= 1
            return self._error(fault.status, fault.retry_after)
        chat_id = params.get("chat_id")
        if chat_id is not None and int(chat_id) in self._blocked:
            return self._error(403, 0)
        if self._rate is not None and method.startswith("send") \
                and not self._rate.admit(time.monotonic()):
            self.rejected_429 += 1
            return self._error(429, 1)
        return None

    def _error(self, status: int, retry_after: int) -> tuple[int, Json]:
        descriptions = {429: f"Too Many Requests: retry after {retry_after}",
                        403: "Forbidden: bot was blocked by the user",
                        400: "Bad Request: message is not modified"}
        payload: Json = {"ok": False, "error_code": status,
                         "description": descriptions.get(status, "Internal Server Error")}
        if status == 429:
            payload["parameters"] = {"retry_after": retry_after}
        return status, payload

    def _result(self, method: str, params: Json) -> Any:
        if method == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Immersion Tracker",
                    "username": BOT_USERNAME, "can_join_groups": True,
                    "can_read_all_group_messages": False, "supports_inline_queries": False}
        if method in ("sendMessage", "sendPhoto", "sendDocument"):
            return self._sent_message(params, photo=method == "sendPhoto")
        if method == "getFile":
            file_id = str(params.get("file_id"))
            return {"file_id": file_id, "file_unique_id": file_id,
                    "file_size": len(self.files.get(file_id, b"")),
                    "file_path": f"documents/{file_id}"}
        if method == "editMessageText":
            return {**self._sent_message(params, photo=False),
                    "message_id": params.get("message_id")}
        if method == "editMessageReplyMarkup":
            return {"message_id": params.get("message_id"), "date": START_DATE,
                    "chat": self.chat(int(params.get("chat_id", 0))), "text": ""}
        if method == "setWebhook":
            self.webhook_url = str(params.get("url", ""))
            return True
        if method == "deleteWebhook":
            self.webhook_url = ""
            return True
        if method == "getWebhookInfo":
            return {"url": self.webhook_url, "has_custom_certificate": False,
                    "pending_update_count": len(self._updates)}
        if method in ("answerCallbackQuery", "setMyCommands", "close", "logOut",
                      "sendChatAction", "setChatMenuButton"):
            return True
        return None

    def _sent_message(self, params: Json, *, photo: bool) -> Json:
        chat_id = int(params.get("chat_id", 0))
        message: Json = {"message_id": next(self._message_ids), "date": next(self._dates),
                         "chat": self.chat(chat_id, "private" if chat_id > 0 else "group"),
                         "from": {"id": BOT_ID, "is_bot": True,
                                  "first_name": "Immersion Tracker"}}
        if photo:
            message["photo"] = [{"file_id": "sent-photo", "file_unique_id": "sp",
                                 "width": 800, "height": 600}]
            if "caption" in params:
                message["caption"] = params["caption"]
        else:
            message["text"] = params.get("text", "")
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        replied = (params.get("reply_parameters") or {}).get("message_id")
        if replied in self.documents:
            message["reply_to_message"] = self.documents[replied]
        return message

    def _get_updates(self, params: Json) -> list[Json]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), LONG_POLL_CAP_SECONDS)
        deadline = time.monotonic() + wait
        with self._lock:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._closing:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
            return list(self._updates[: int(params.get("limit") or 100)])


