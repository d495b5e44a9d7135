"""The mpv agent's core: mpv's JSON IPC messages in, ``generic`` capture events out (pure).

It follows the observed properties (``time-pos``, ``pause``, ``duration``, ``path``,
``media-title`` and the current tracks' languages) and says what to post: ``start`` when a
file begins playing, ``progress`` every 30 seconds while it plays, ``pause``/``resume``,
and ``stop`` when the file ends, changes or mpv goes away.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

PROPERTIES = ("time-pos", "pause", "duration", "path", "media-title",
              "current-tracks/audio/lang", "current-tracks/sub/lang")
"""What the agent asks mpv to observe (ids are their index + 1)."""
PROGRESS_EVERY = 30.0


def observe_commands() -> list[dict[str, Any]]:
    """The ``observe_property`` commands to send once connected."""
    return [{"command": ["observe_property", number, name]}
            for number, name in enumerate(PROPERTIES, start=1)]


@dataclass
class Watcher:
    """What mpv is playing, and which capture events that calls for."""

    player: str = "mpv"
    values: dict[str, Any] = field(default_factory=dict)
    session_id: str | None = None
    started_path: str | None = None
    last_sent: float | None = None

    def message(self, message: dict[str, Any], now: float) -> list[dict[str, Any]]:
        """The events one IPC message calls for (most call for none)."""
        kind = message.get("event")
        if kind == "property-change":
            return self._changed(str(message.get("name")), message.get("data"), now)
        if kind in ("end-file", "shutdown", "idle"):
            return self._stop(now)
        return []

    def tick(self, now: float) -> list[dict[str, Any]]:
        """A progress event when 30 s passed while playing (called when mpv is quiet too)."""
        if self.session_id is None or self.values.get("pause") or self.last_sent is None:
            return []
        if now - self.last_sent >= PROGRESS_EVERY:
            return [self._event("progress", now)]
        return []

    def closed(self, now: float) -> list[dict[str, Any]]:
        """mpv went away (its socket closed): the current file stops."""
        return self._stop(now)

    def _changed(self, name: str, data: Any, now: float) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if name == "path" and data != self.started_path and self.session_id is not None:
            out += self._stop(now)
        if name in ("time-pos", "duration") and data is None:
            # mpv clears time-pos just before end-file: the stop keeps the last position.
            return out
        self.values[name] = data
        if name == "time-pos" and isinstance(data, int | float):
            if self.session_id is None and self.values.get("path"):
                out.append(self._begin(now))
            else:
                out += self.tick(now)
        elif name == "pause" and self.session_id is not None:
            out.append(self._event("pause" if data else "resume", now))
        return out

    def _begin(self, now: float) -> dict[str, Any]:
        path = str(self.values.get("path"))
        digest = hashlib.sha256(f"{path}\x1f{now}".encode()).hexdigest()[:16]
        self.session_id, self.started_path = f"mpv-{digest}", path
        return self._event("start", now)

    def _stop(self, now: float) -> list[dict[str, Any]]:
        if self.session_id is None:
            return []
        stopped = self._event("stop", now)
        self.session_id = self.started_path = self.last_sent = None
        self.values.pop("time-pos", None)
        return [stopped]

    def _event(self, event: str, now: float) -> dict[str, Any]:
        self.last_sent = now
        body: dict[str, Any] = {
            "session_id": self.session_id, "event": event, "at": round(now, 3),
            "kind": "video", "player": self.player,
            "title": str(self.values.get("media-title") or self.started_path or "")[:300],
        }
        position, duration = self.values.get("time-pos"), self.values.get("duration")
        if isinstance(position, int | float):
            body["position_seconds"] = round(max(0.0, float(position)), 3)
        if isinstance(duration, int | float) and duration > 0:
            body["duration_seconds"] = round(float(duration), 3)
        for name, key in (("current-tracks/audio/lang", "audio_language"),
                          ("current-tracks/sub/lang", "subtitle_language")):
            value = self.values.get(name)
            if isinstance(value, str) and value:
                body[key] = value
        return body
