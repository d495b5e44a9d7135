"""Sync watched episodes (``POST /sync``): records episodes and their show folders (store only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from handlers.service.catalog.sync_report import FailedItem, LoggedItem, SyncReport
from handlers.service.core.item_limits import invalid_item_message
from handlers.service.kept.creating import create_new
from handlers.service.logbook import history_index
from storage.limits import check_item
from storage.models import Episode, Show, user_pk
from storage.repository import InvalidItem, Item, ItemRepository


@dataclass(frozen=True)
class EpisodeRef:
    """An episode as a client names it: its show folder and its file name without extension."""

    folder_name: str
    file_name: str


def _episode_id(folder_name: str, file_name: str) -> str:
    # "/" cannot occur in a folder or file name, so this id names one episode exactly.
    return f"{folder_name}/{file_name}"


def _logged(item: Item) -> LoggedItem:
    return LoggedItem(
        kind="episode",
        id=_episode_id(item["folder_name"], item["file_name"]),
        sk=item["sk"],
        title=item["file_name"],
        source=item["folder_name"],
        duration_seconds=None,
        timestamp=int(item["timestamp"]),
    )


def _conflict(holder: Item | None) -> str:
    """Why an episode whose key was already taken was not recorded."""
    if holder is None:
        # Deleted again between the create and the read (an undo): nothing holds it now.
        return "It could not be recorded just now; please sync it again."
    recorded = _episode_id(holder["folder_name"], holder["file_name"])
    return f"Its name gives the same stored key as the episode {recorded}, so it was not recorded."


def _writable(user: str, refs: Sequence[EpisodeRef], now: int, report: SyncReport) -> list[Item]:
    """The episode items of ``refs``; those over the store's limits go to ``failed``."""
    items: list[Item] = []
    for ref in refs:
        item = Episode(
            user=user, folder_name=ref.folder_name, file_name=ref.file_name, timestamp=now
        ).to_item()
        try:
            check_item(Show(user=user, folder_name=ref.folder_name).to_item())
            # The history reference embeds the episode's key: the tightest limit of the three.
            check_item(history_index.reference_item(user, now, item["sk"]))
            check_item(item)
        except InvalidItem as error:
            failed = FailedItem(
                _episode_id(ref.folder_name, ref.file_name), invalid_item_message(error)
            )
            report.failed.append(failed)
            continue
        items.append(item)
    return items


def sync_episodes(
    repo: ItemRepository, user: str, episodes: Sequence[EpisodeRef], now: int, zone: ZoneInfo
) -> SyncReport:
    """Create each new episode and a bare show record for each folder not seen before.

    Folder and file names are joined by ``#`` in the key (the first generation's format),
    so ``("a#b", "c")`` and ``("a", "b#c")`` share one. An episode whose key holds another
    episode is reported as failed, never as already recorded, so the client keeps its file.
    """
    report = SyncReport()
    items = _writable(user, list(dict.fromkeys(episodes)), now, report)
    folders = dict.fromkeys(item["folder_name"] for item in items)
    shows = [Show(user=user, folder_name=folder).to_item() for folder in folders]
    created = create_new(repo, user, zone, items + shows)
    skipped = [item["sk"] for item in items if (item["pk"], item["sk"]) not in created]
    stored = repo.get_many(user_pk(user), skipped) if skipped else {}
    # Per key, the episode it holds now: written by this request or found stored.
    holders: dict[str, Item] = {}
    for item in items:
        sk = item["sk"]
        if sk not in holders and (item["pk"], sk) in created:
            holders[sk] = item
            report.added.append(_logged(item))
            continue
        holder = holders.get(sk, stored.get(sk))
        if holder is not None and _same_episode(holder, item):
            report.existing.append(_logged(holder))
        else:
            failed = FailedItem(
                _episode_id(item["folder_name"], item["file_name"]), _conflict(holder)
            )
            report.failed.append(failed)
        if holder is not None:
            holders.setdefault(sk, holder)
    return report


def _same_episode(stored: Item, item: Item) -> bool:
    return (stored.get("folder_name"), stored.get("file_name")) == (
        item["folder_name"],
        item["file_name"],
    )
