"""Sync watched episodes (``POST /sync``): records episodes and their show folders (store only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from handlers.service import history_index
from handlers.service.sync_report import LoggedItem, SyncReport
from storage.models import Episode, Show, user_pk
from storage.repository import Item, ItemRepository


@dataclass(frozen=True)
class EpisodeRef:
    """An episode as a client names it: its show folder and its file name without extension."""

    folder_name: str
    file_name: str


def _logged(item: Item) -> LoggedItem:
    return LoggedItem(
        kind="episode",
        id=f"{item['folder_name']}/{item['file_name']}",
        sk=item["sk"],
        title=item["file_name"],
        source=item["folder_name"],
        duration_seconds=None,
        timestamp=int(item["timestamp"]),
    )


def sync_episodes(
    repo: ItemRepository, user: str, episodes: Sequence[EpisodeRef], now: int
) -> SyncReport:
    """Create each new episode and a bare show record for each folder not seen before."""
    unique = list(dict.fromkeys(episodes))
    items = [
        Episode(
            user=user, folder_name=e.folder_name, file_name=e.file_name, timestamp=now
        ).to_item()
        for e in unique
    ]
    folders = dict.fromkeys(e.folder_name for e in unique)
    shows = [Show(user=user, folder_name=folder).to_item() for folder in folders]
    history_index.add_references(repo, user, items)
    created = repo.put_many_if_absent(items + shows)
    report = SyncReport()
    skipped = [item["sk"] for item in items if (item["pk"], item["sk"]) not in created]
    stored = repo.get_many(user_pk(user), skipped) if skipped else {}
    for item in items:
        if (item["pk"], item["sk"]) in created:
            report.added.append(_logged(item))
        else:
            report.existing.append(_logged(stored.get(item["sk"], item)))
    return report
