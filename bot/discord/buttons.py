"""The buttons under a new log or a history entry, named as Telegram names them (no I/O)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.discord.answers import DANGER, SECONDARY, Button

if TYPE_CHECKING:
    from handlers.service import SyncReport

GONE = "That entry is gone; see /history."
MAX_UNDO_BUTTONS = 5
"""Discord's most action rows in one message: past that, the last one undoes them all."""
UNDO_ALL = "all"
"""The index of an Undo that takes back every log of its message (as Telegram's)."""


def entry_row(token: str, *, undo: bool) -> tuple[Button, ...]:
    """``↩️ Undo`` (right after logging) or ``🗑 Delete``, beside ``✏️ Edit``."""
    first = (Button("↩️ Undo", f"xu:{token}", DANGER) if undo
             else Button("🗑 Delete", f"xd:{token}", DANGER))
    return (first, Button("✏️ Edit", f"xe:{token}", SECONDARY))


def undo_rows(report: SyncReport, undo_id: str | None) -> tuple[tuple[Button, ...], ...]:
    """One Undo button per new log from links (the id names the record and the item); a
    message of more logs than rows has the first ones and an Undo of all of them."""
    if undo_id is None:
        return ()
    added = report.added
    shown = added if len(added) <= MAX_UNDO_BUTTONS else added[:MAX_UNDO_BUTTONS - 1]
    rows = tuple((Button("↩️ Undo" if len(added) == 1 else f"↩️ Undo {(i.title or '')[:40]}",
                         f"undo:{undo_id}:{n}", DANGER),) for n, i in enumerate(shown))
    if len(shown) < len(added):
        rows += ((Button(f"↩️ Undo all {len(added)}", f"undo:{undo_id}:{UNDO_ALL}", DANGER),),)
    return rows
