"""Loopback fake of the Telegram Bot API for tests and benchmarks (does network I/O).

One stdlib ``ThreadingHTTPServer`` on 127.0.0.1 (port 0) answers
``POST /bot<token>/<method>`` the way Telegram does: ``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": ..., "description": ..., "parameters": ...}``. Usage::

    with TelegramFake() as telegram:
        telegram.base_url                # http://127.0.0.1:<port>/bot  (PTB's base_url)
        update = telegram.text_update(USER, "https://youtu.be/9bZkp7q19f0")
        telegram.enqueue(update)         # delivered by getUpdates
        telegram.wait_for_sent(lambda m: m.method == "sendMessage", timeout=5)
        telegram.fail_next("sendMessage", 429, retry_after=1)
        telegram.block(chat_id)          # 403 Forbidden for that chat from now on

Methods: getMe, getUpdates (offset, bounded long poll), sendMessage, sendPhoto (multipart),
editMessageText, editMessageReplyMarkup, answerCallbackQuery, setWebhook, deleteWebhook,
getWebhookInfo, plus a few harmless ones PTB may call (close, logOut, setMyCommands).
Entity offsets are counted in UTF-16 code units, as Telegram does.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

Json = dict[str, Any]

BOT_ID = 7_000_000_001
BOT_USERNAME = "immersion_tracker_test_bot"
START_DATE = 1_767_225_600
"""2026-01-01T00:00:00Z: the ``date`` of the first injected message (fixed, not the clock)."""

_STRUCTURED = {"reply_markup", "entities", "caption_entities", "allowed_updates",
               "link_preview_options", "reply_parameters"}
_INTEGERS = {"chat_id", "message_id", "offset", "limit", "timeout", "from_chat_id"}
TEST_TOKEN = "123456:TEST-token"
_LONG_POLL_CAP_SECONDS = 1.0
"""getUpdates waits at most this long, so shutting down never waits for a client's timeout."""


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (Telegram's unit for entity offsets)."""
    return len(text.encode("utf-16-le")) // 2


def entity_for(text: str, part: str, kind: str, **extra: Any) -> Json:
    """A message entity covering the first occurrence of ``part`` in ``text``."""
    start = text.index(part)
    return {"type": kind, "offset": utf16_length(text[:start]), "length": utf16_length(part),
            **extra}


@dataclass(frozen=True)
class SentRequest:
    """One call the bot made, with its decoded parameters and the file parts it uploaded."""

    method: str
    params: Json
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None
    at: float = 0.0
    """``time.monotonic()`` when the fake answered it (for latency figures)."""

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    def buttons(self) -> list[Json]:
        """The inline keyboard buttons of this message, row after row."""
        markup = self.params.get("reply_markup") or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]


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


class _QuietServer(ThreadingHTTPServer):
    """Clients hanging up mid long poll (a bot shutting down) are normal, not errors."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


class TelegramFake:
    """The fake Bot API server and its inspectable state."""

    def __init__(self, token: str = TEST_TOKEN) -> None:
        self.token = token
        self._lock = threading.Condition()
        self._updates: list[Json] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._dates = itertools.count(START_DATE)
        self._sent: list[SentRequest] = []
        self._faults: dict[str, _Fault] = {}
        self._blocked: set[int] = set()
        self._rate: _GlobalRate | None = None
        self.rejected_429 = 0
        self.webhook_url = ""
        self._closing = False
        self._server = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        # A short poll interval keeps shutdown() (and so every test's teardown) quick.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)

    # --- lifecycle ------------------------------------------------------------------
    def __enter__(self) -> TelegramFake:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._lock:
            self._closing = True
            self._lock.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """PTB's ``base_url``: the token is appended to it."""
        return f"http://127.0.0.1:{self.port}/bot"

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

    def press_update(self, user_id: int, sent: SentRequest, data: str) -> Json:
        """An update for pressing the inline button with ``data`` on a message the bot sent."""
        if data not in [button.get("callback_data") for button in sent.buttons()]:
            raise AssertionError(f"no button {data!r} on {sent.text!r}")
        message = dict(sent.result) if isinstance(sent.result, dict) else {}
        return {"update_id": self._next_update_id(),
                "callback_query": {"id": f"cq{self._next_update_id()}",
                                   "from": self.user(user_id), "chat_instance": "ci",
                                   "message": message, "data": data}}

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

    # --- the server -----------------------------------------------------------------
    def _next_update_id(self) -> int:
        with self._lock:
            return next(self._update_ids)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                fake._serve(self)

            def do_GET(self) -> None:
                fake._serve(self)

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        prefix = f"/bot{self.token}/"
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        if not request.path.startswith(prefix):
            self._reply(request, 404, {"ok": False, "error_code": 404,
                                       "description": "Not Found"})
            return
        method = request.path[len(prefix):].split("?")[0]
        params, files = _decode_body(request.headers.get("Content-Type", ""), body)
        status, payload = self._answer(method, params, files)
        self._reply(request, status, payload)

    @staticmethod
    def _reply(request: BaseHTTPRequestHandler, status: int, payload: Json) -> None:
        data = json.dumps(payload).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _answer(self, method: str, params: Json, files: dict[str, bytes]) -> tuple[int, Json]:
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
        if method in ("sendMessage", "sendPhoto"):
            return self._sent_message(params, photo=method == "sendPhoto")
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
                      "sendChatAction"):
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
        return message

    def _get_updates(self, params: Json) -> list[Json]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), _LONG_POLL_CAP_SECONDS)
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


def _decode_body(content_type: str, body: bytes) -> tuple[Json, dict[str, bytes]]:
    """Form, multipart or JSON request bodies to parameters (JSON-typed fields decoded)."""
    raw: dict[str, str] = {}
    files: dict[str, bytes] = {}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if not isinstance(name, str) or not isinstance(payload, bytes):
                continue
            if part.get_filename() is not None:
                files[name] = payload
            else:
                raw[name] = payload.decode()
    elif content_type.startswith("application/json") and body:
        return dict(json.loads(body)), files
    elif body:
        raw = dict(parse_qsl(body.decode(), keep_blank_values=True))
    return {name: _typed(name, value) for name, value in raw.items()}, files


def _typed(name: str, value: str) -> Any:
    if name in _STRUCTURED:
        return json.loads(value)
    if name in _INTEGERS:
        return int(value)
    return value


def iter_buttons(requests: Iterable[SentRequest]) -> Iterator[tuple[SentRequest, Json]]:
    """Every inline button of ``requests`` with the request that carried it."""
    for request in requests:
        for button in request.buttons():
            yield request, button
