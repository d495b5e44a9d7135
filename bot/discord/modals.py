"""The Edit form of an entry and what submitting it changes (store I/O through the service).

Telegram asks for one field at a time; Discord shows one form with the fields this kind
of entry may change, each read as Telegram reads its answer. Empty fields stay as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.discord.answers import Modal, Reply, TextInput, refusal
from bot.discord.buttons import GONE, entry_row
from bot.discord.calls import Call, Outcome
from bot.entries import edit_changes, entry_line, entry_named
from handlers.service import EntryChanges, editable_fields

if TYPE_CHECKING:
    from handlers.service import Entry

_FIELDS = (  # field, label, placeholder
    ("minutes", "Minutes", "25m or 1h30"),
    ("date", "Date", "yesterday, -2d or 2026-11-28"),
    ("title", "Title", "the new title"),
    ("activity", "Activity", "anime, manga, podcast…"),
)


def _allowed(entry: Entry) -> list[tuple[str, str, str]]:
    allowed = editable_fields(entry.kind)
    return [f for f in _FIELDS if f[0] in allowed or (f[0] == "date" and "at" in allowed)]


def edit_form(entry: Entry, token: str) -> Modal:
    """The form for this entry: only the fields its kind may change."""
    inputs = tuple(TextInput(name, label, placeholder=hint)
                   for name, label, hint in _allowed(entry))
    return Modal(f"xm:{token}", "Edit entry", inputs)


def submit(call: Call, user: str) -> Outcome:
    """The form came back: apply every filled field at once, or change nothing."""
    token = call.interaction.custom_id.removeprefix("xm:")
    service = call.service
    entry = entry_named(service, user, token)
    if entry is None:
        return refusal(GONE)
    wanted: dict[str, object] = {}
    for name, _, _ in _allowed(entry):
        value = call.interaction.fields.get(name, "").strip()
        if value:
            wanted.update(edit_changes(service, user, name, value).model_dump(exclude_none=True))
    if not wanted:
        return refusal("Nothing was filled in, so the entry is as it was.")
    edited = service.logbook.edit(user, entry.id, EntryChanges.model_validate(wanted))
    line = entry_line(edited, service.timezone(user))
    return Reply(f"✏️ Now {line}", ephemeral=True, rows=(entry_row(token, undo=False),))
