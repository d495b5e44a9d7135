"""Creating many items at once, each only where no stored item holds its key (store I/O).

Syncs and imports hand over whole batches of what they found; the unit of work
(``writing``) writes those not there yet, with the kept items they move.
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from handlers.service.kept.kinds import is_record, kind_of
from handlers.service.kept.writing import Conflicted, Writing
from storage.models import user_pk
from storage.repository import Item, ItemRepository


def create_new(repo: ItemRepository, user: str, zone: ZoneInfo, items: Sequence[Item],
               attempts: int = 3) -> set[tuple[str, str]]:
    """Create each of ``items`` (entries, the records they name, other items) that no
    stored item's key holds, the first of each key, with the kept items; answers the keys
    created. One created meanwhile by someone else is left to them (read again, retried)."""
    pending = list({str(item["sk"]): item for item in reversed(items)}.values())[::-1]
    created: set[str] = set()
    for _ in range(attempts):
        # Not journaled: each transaction holds whole new entries, and a rerun creates just
        # what is missing (an import is undone by its id); a journal would write each twice.
        writing = Writing(repo, user, zone, journaled=False)
        for item in pending:
            sk = str(item["sk"])
            if kind_of(sk) is not None:
                writing.add(item, skip_existing=True)
            elif is_record(sk):
                writing.put_record(item, if_absent=True)
            else:
                writing.put(item, skip_existing=True)
        try:
            writing.commit()
        except Conflicted:
            continue
        finally:
            created |= writing.created
        break
    return {(user_pk(user), sk) for sk in created}
