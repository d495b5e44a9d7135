"""The Discord door: a signed interaction in, the interaction response out (I/O through the
service; deferred answers through Discord's REST).

Nothing in the body is read before its signature is verified. Every interaction that
passes gets an answer Discord can show — an unknown command, a forged ``custom_id`` or a
failure becomes one ephemeral sentence — so the endpoint never answers 5xx to Discord.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from nacl.signing import VerifyKey

from bot.discord.answers import (
    PONG,
    Modal,
    Reply,
    deferred,
    message_data,
    modal_response,
    refusal,
    response,
)
from bot.discord.calls import LINK_FIRST, Call, Handler, Later, Outcome
from bot.discord.command_set import LOG_THIS_LINK, unknown_option
from bot.discord.interactions import (
    APPLICATION_COMMAND,
    MESSAGE_COMMAND,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    PING,
    Interaction,
    MalformedInteraction,
    parse_interaction,
)
from bot.discord.rest import DiscordRest
from bot.discord.signature import is_authentic, verify_key
from bot.on_first_call import sync_callback
from bot.sentences import person_sentence
from handlers.service import user_message

if TYPE_CHECKING:
    from handlers.service import Service

_LOG = logging.getLogger(__name__)
SORRY = "Sorry, something went wrong on our side. Please try again."
UNLINKED_OK = frozenset({"help", "link"})
"""Commands an unlinked Discord account may use."""
COMMANDS: dict[str, Handler] = {
    # Each module is imported with the first interaction that runs it: a cold Lambda
    # answers one interaction and loads only the commands (and texts) that one needs.
    "help": sync_callback("bot.discord.commands:help_command"),
    "link": sync_callback("bot.discord.commands:link"),
    "unlink": sync_callback("bot.discord.commands:unlink"),
    "log": sync_callback("bot.discord.commands:log"),
    "progress": sync_callback("bot.discord.commands:progress"),
    "history": sync_callback("bot.discord.commands:history"),
    "undo": sync_callback("bot.discord.commands:undo"),
    "goal": sync_callback("bot.discord.commands:goal"),
    "timezone": sync_callback("bot.discord.commands:timezone"),
    "setshow": sync_callback("bot.discord.commands:setshow"),
    "export": sync_callback("bot.discord.commands:export"),
    "leaderboard": sync_callback("bot.discord.leaderboard:leaderboard"),
    "digest": sync_callback("bot.discord.notify_commands:digest"),
    "remind": sync_callback("bot.discord.notify_commands:remind"),
}
PRESS: Handler = sync_callback("bot.discord.components:press")
SUBMIT: Handler = sync_callback("bot.discord.modals:submit")
LOG_LINK: Handler = sync_callback("bot.discord.commands:log_this_link")
Defer = Callable[[dict[str, Any]], None]
"""Hands a verified interaction whose answer is deferred to :meth:`DiscordDoor.finish`,
after the response is sent: a thread on ``serve``, an asynchronous invocation of the
same function on Lambda (so it carries the interaction, not a closure)."""
Answer = tuple[int, dict[str, Any]]


class DiscordDoor:
    """Answers ``POST /discord/interactions`` for one service."""

    def __init__(self, service: Service, rest: DiscordRest, defer: Defer,
                 public_key: str | None = None, application_id: str | None = None) -> None:
        self.service = service
        self.rest = rest
        self.defer = defer
        self.key: VerifyKey = verify_key(public_key or service.settings.discord_public_key or "")
        self.application_id = application_id or service.settings.discord_application_id
        """Our application's id: an interaction naming another is refused (none set: the
        signature alone decides, as before the id was configured)."""

    def answer(self, headers: Mapping[str, str], body: bytes) -> Answer:
        """The status and JSON body for one request, its raw body verified first."""
        lowered = {k.lower(): v for k, v in headers.items()}
        if not is_authentic(self.key, lowered.get("x-signature-timestamp"),
                            lowered.get("x-signature-ed25519"), body,
                            self.service.clock().timestamp()):
            return 401, {"message": "The request signature is not valid."}
        try:
            payload = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return 400, {"message": "The body is not JSON."}
        if not self._for_us(payload):
            return 401, {"message": "The interaction is for another application."}
        if isinstance(payload, dict) and payload.get("type") == PING:
            return 200, {"type": PONG}
        try:
            interaction = parse_interaction(payload)
        except MalformedInteraction as error:
            return 200, response(refusal(f"I can't read that interaction: {error}."))
        return 200, self._respond(interaction, payload)

    def _for_us(self, payload: object) -> bool:
        """Whether a signed body names our application, or none (then it is no interaction
        and gets its sentence): a body signed for another application runs nothing here."""
        if not self.application_id or not isinstance(payload, dict):
            return True
        return bool(payload.get("application_id", self.application_id) == self.application_id)

    def finish(self, payload: dict[str, Any]) -> None:
        """Do a deferred interaction's slow work and edit its answer (after :meth:`answer`
        verified it and answered "thinking…")."""
        interaction = parse_interaction(payload)
        try:
            outcome = self._route(interaction)
        except Exception as error:
            outcome = _as_refusal(error)
        if isinstance(outcome, Later):
            self._follow_up(interaction, outcome)

    def _respond(self, interaction: Interaction, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            outcome = self._route(interaction)
        except Exception as error:
            outcome = _as_refusal(error)
        if isinstance(outcome, Later):
            try:
                self.defer(payload)
            except Exception:
                # No way to finish later (the function could not be invoked again, the
                # pool is closing): say so now rather than fail Discord's request.
                _LOG.exception("the deferred work could not be started")
                return response(refusal(SORRY))
            return deferred(outcome.ephemeral, outcome.update)
        if isinstance(outcome, Modal):
            return modal_response(outcome)
        return response(outcome)

    def _route(self, interaction: Interaction) -> Outcome:
        user = self.service.links.user_for(interaction.user_id, "discord")
        handler, name = self._handler(interaction)
        if handler is None:
            return refusal(f"I don't know {name[:40]!r}; /help lists what I do.")
        if interaction.type == APPLICATION_COMMAND and interaction.command_type != MESSAGE_COMMAND:
            extra = unknown_option(name, interaction.subcommand, interaction.options)
            if extra is not None:
                return refusal(f"/{name[:32]} has no option {extra[:32]!r}; "
                               "/help lists what I do.")
        if user is None and name not in UNLINKED_OK:
            return Reply(LINK_FIRST, ephemeral=True)
        return handler(Call(interaction, self.service, user), user or "")

    def _handler(self, interaction: Interaction) -> tuple[Handler | None, str]:
        if interaction.type == MESSAGE_COMPONENT:
            return PRESS, "a button"
        if interaction.type == MODAL_SUBMIT:
            return (SUBMIT if interaction.custom_id.startswith("xm:") else None), "form"
        if interaction.type != APPLICATION_COMMAND:
            return None, "that interaction"
        if interaction.command_type == MESSAGE_COMMAND:
            return (LOG_LINK if interaction.name == LOG_THIS_LINK else None,
                    interaction.name)
        return COMMANDS.get(interaction.name), interaction.name

    def _follow_up(self, interaction: Interaction, later: Later) -> None:
        """Finish deferred work and put its answer in place of "thinking…"."""
        try:
            reply = later.work()
        except Exception as error:
            reply = _as_refusal(error)
        try:
            self.rest.edit_original(interaction.application_id, interaction.token,
                                    message_data(reply), reply.files)
        except Exception:
            _LOG.exception("the deferred answer could not be sent")


def _as_refusal(error: Exception) -> Reply:
    """A service refusal as its sentence; anything else logged and answered with sorry."""
    expected = user_message(error)
    if expected is not None:
        _LOG.info("refused: %s", expected)
        return refusal(f"⚠️ {person_sentence(expected)}")
    _LOG.error("interaction failed", exc_info=error)
    return refusal(SORRY)
