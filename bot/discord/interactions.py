"""Discord's interaction objects, read defensively into small typed values (no I/O).

Only the fields the door uses are read. Anything malformed becomes
:class:`MalformedInteraction`, which the door answers with one sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CHAT_INPUT, MESSAGE_COMMAND = 1, 3
SUB_COMMAND, STRING = 1, 3


class MalformedInteraction(ValueError):
    """The interaction lacks a field the door needs, or has one of the wrong type."""


@dataclass(frozen=True)
class Interaction:
    """One interaction: who sent it, where, and what they asked."""

    type: int
    token: str
    application_id: str
    user_id: int
    guild_id: int | None = None
    name: str = ""
    """The command's name (``log``; a message command's is ``Log this link``)."""
    command_type: int = CHAT_INPUT
    subcommand: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    """Option name → value, of the command or of its subcommand."""
    custom_id: str = ""
    """A component's or modal's id (``undo:…``)."""
    target_text: str = ""
    """A message command's target message: its content and its embeds' URLs."""
    fields: Mapping[str, str] = field(default_factory=dict)
    """A modal's text inputs by their custom ids."""


def _snowflake(value: object, what: str) -> int:
    if isinstance(value, str) and value.isdigit() and len(value) <= 20:
        return int(value)
    raise MalformedInteraction(f"{what} is not a Discord id")


def _user_id(payload: Mapping[str, Any]) -> int:
    member = payload.get("member")
    user = member.get("user") if isinstance(member, Mapping) else payload.get("user")
    if not isinstance(user, Mapping):
        raise MalformedInteraction("the interaction names no user")
    return _snowflake(user.get("id"), "the user")


def _options(raw: object) -> tuple[str | None, dict[str, Any]]:
    """A subcommand's name (if any) and the options of the command or that subcommand."""
    if raw is None:
        return None, {}
    if not isinstance(raw, list) or not all(isinstance(o, Mapping) for o in raw):
        raise MalformedInteraction("the options are not a list of options")
    if len(raw) == 1 and raw[0].get("type") == SUB_COMMAND:
        return str(raw[0].get("name", "")), _options(raw[0].get("options"))[1]
    return None, {str(o.get("name", "")): o.get("value") for o in raw}


def _target_text(data: Mapping[str, Any]) -> str:
    messages = (data.get("resolved") or {}).get("messages") or {}
    message = messages.get(str(data.get("target_id"))) if isinstance(messages, Mapping) else None
    if not isinstance(message, Mapping):
        return ""
    urls = [str(e.get("url")) for e in message.get("embeds") or ()
            if isinstance(e, Mapping) and e.get("url")]
    return "\n".join([str(message.get("content") or ""), *urls])


def _modal_fields(data: Mapping[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for row in data.get("components") or ():
        for part in (row.get("components") or ()) if isinstance(row, Mapping) else ():
            if isinstance(part, Mapping) and isinstance(part.get("custom_id"), str):
                found[part["custom_id"]] = str(part.get("value") or "")
    return found


def parse_interaction(payload: object) -> Interaction:
    """The interaction a (verified) body holds; MalformedInteraction when it holds none."""
    if not isinstance(payload, Mapping) or not isinstance(payload.get("type"), int):
        raise MalformedInteraction("the body is not an interaction")
    kind = payload["type"]
    token, application = payload.get("token"), payload.get("application_id")
    if not isinstance(token, str) or not isinstance(application, str):
        raise MalformedInteraction("the interaction has no token")
    guild = payload.get("guild_id")
    base: dict[str, Any] = {
        "type": kind, "token": token, "application_id": application,
        "user_id": _user_id(payload),
        "guild_id": None if guild is None else _snowflake(guild, "the server"),
    }
    data = payload.get("data")
    if not isinstance(data, Mapping):
        raise MalformedInteraction("the interaction has no data")
    if kind == APPLICATION_COMMAND:
        subcommand, options = _options(data.get("options"))
        return Interaction(**base, name=str(data.get("name", "")),
                           command_type=int(data.get("type") or CHAT_INPUT),
                           subcommand=subcommand, options=options,
                           target_text=_target_text(data))
    if kind in (MESSAGE_COMPONENT, MODAL_SUBMIT):
        custom_id = data.get("custom_id")
        if not isinstance(custom_id, str):
            raise MalformedInteraction("the component has no custom id")
        return Interaction(**base, custom_id=custom_id[:100], fields=_modal_fields(data))
    raise MalformedInteraction(f"interactions of type {kind} are not handled")
