"""The history index's copies never lie: every write path, crashes between its writes, related
records changing, and the upgrade of an index that has no copies yet (service rules)."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from handlers.service.catalog.sync_episodes import EpisodeRef
from handlers.service.catalog.sync_movies import MovieRef
from handlers.service.core.errors import InvalidInput
from handlers.service.facade import Service
from handlers.service.logbook import history, history_index
from handlers.service.logbook.writes import EntryChanges, LogRequest
from metadata_clients import errors
from metadata_clients.models import YouTubeChannel
from storage.models import user_pk
from tests.unit.handlers.history_truth import (
    Crashing,
    all_sealed,
    every_crash_point,
    shown,
    truth,
)
from tests.unit.handlers.provider_doubles import FakeYouTube, fake_clients

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
PSY, FONSI = "9bZkp7q19f0", "kJQP7kiw5Fk"
MIKU_1, MIKU_3 = "4qjerzMw8jfD30VOG0tjpK", "0000000000000000000003"


def service_on(store: Crashing) -> Service:
    return Service(repo=store, providers=fake_clients(), clock=lambda: NOW)


def with_log(store: Crashing) -> tuple[Service, str]:
    service = service_on(store)
    request = LogRequest(activity="anime", minutes=20, title="a")
    logged = service.logbook.log("alice", request, "api")
    service.sync_youtube("alice", [PSY])
    return service, logged.entry.id


def video_id(service: Service) -> str:
    return next(e.id for e in shown(service.repo) if e.kind == "youtube")


LOG_PATHS: dict[str, tuple[Callable[[Crashing], object], Callable[[object], object]]] = {}


def path(name: str, make: Callable[[Crashing], object]) -> Callable[[Callable[..., object]], None]:
    def register(act: Callable[..., object]) -> None:
        LOG_PATHS[name] = (make, act)

    return register


@path("log", service_on)
def _log(service: Service) -> object:
    return service.logbook.log("alice", LogRequest(activity="book", minutes=9, note="n"), "api")


@path("edit a title", with_log)
def _edit_title(world: tuple[Service, str]) -> object:
    service, entry = world
    return service.logbook.edit("alice", entry, EntryChanges(title="b", minutes=30))


@path("move a log in time", with_log)
def _move(world: tuple[Service, str]) -> object:
    service, entry = world
    return service.logbook.edit("alice", entry, EntryChanges(date="2026-11-02"))


@path("change a video's watched minutes and day", with_log)
def _edit_video(world: tuple[Service, str]) -> object:
    service, _ = world
    changes = EntryChanges(minutes=2, date="2026-11-03")
    return service.logbook.edit("alice", video_id(service), changes)


@path("delete", with_log)
def _delete(world: tuple[Service, str]) -> object:
    service, entry = world
    return service.logbook.delete("alice", entry)


@path("sync episodes", service_on)
def _episodes(service: Service) -> object:
    return service.sync_episodes("alice", [EpisodeRef("Free", "01"), EpisodeRef("Free", "02")])


@path("sync episodes whose names give one key", service_on)
def _colliding(service: Service) -> object:
    return service.sync_episodes("alice", [EpisodeRef("a#b", "c"), EpisodeRef("a", "b#c")])


@path("sync movies", service_on)
def _movies(service: Service) -> object:
    return service.sync_movies("alice", [MovieRef("Suzume", tvdb_id=331904)])


@path("sync videos", service_on)
def _videos(service: Service) -> object:
    return service.sync_youtube("alice", [PSY, FONSI])


@path("sync podcast episodes with their back catalogue", service_on)
def _podcast(service: Service) -> object:
    return service.sync_spotify("alice", [MIKU_3], backfill=True)


@path("undo a shared link", service_on)
def _undo(service: Service) -> object:
    service.log_links("alice", f"https://youtu.be/{PSY} https://youtu.be/{FONSI}")
    latest = service.latest_undo("alice")
    assert latest is not None
    return service.undo("alice", latest.undo_id, latest.index)


def _import_rows() -> io.BytesIO:
    rows = "".join(f"2024-01-0{n},Book {n},Reading,{n * 10},,\n" for n in range(1, 5))
    return io.BytesIO(("Date,Log Name,Media Type,Duration,Characters,Notes\n" + rows).encode())


@path("import a file", service_on)
def _import(service: Service) -> object:
    return service.portability.import_file("alice", _import_rows())


def imported(store: Crashing) -> tuple[Service, str]:
    service = service_on(store)
    service.sync_episodes("alice", [EpisodeRef("Free", "01")])
    return service, service.portability.import_file("alice", _import_rows()).import_id


@path("undo an import", imported)
def _undo_import(world: tuple[Service, str]) -> object:
    service, import_id = world
    return service.portability.undo_import("alice", import_id)


def synced_show(store: Crashing) -> Service:
    service = service_on(store)
    service.sync_episodes("alice", [EpisodeRef("Free", "01"), EpisodeRef("Free", "02")])
    service.sync_episodes("alice", [EpisodeRef("Free!", "01")])  # a folder sharing a prefix
    return service


@path("attach a TVDB series to a show (name and runtime)", synced_show)
def _set_show(service: Service) -> object:
    return service.update_show("alice", "Free", 278157)


@pytest.mark.parametrize("name", sorted(LOG_PATHS))
def test_every_write_path_keeps_the_history_true_at_every_crash_point(name: str) -> None:
    make, act = LOG_PATHS[name]
    writes = every_crash_point(make, act)
    assert writes >= 1


def test_a_show_record_change_shows_at_once_in_every_copy() -> None:
    store = Crashing()
    service = synced_show(store)
    before = [e.subtitle for e in shown(store)]
    service.update_show("alice", "Free", 278157)
    after = {(e.title, e.subtitle, e.minutes) for e in shown(store)}
    assert before.count("Free") == 2
    assert after == {("01", "Free!", 24.0), ("02", "Free!", 24.0), ("01", "Free!", 20.0)}
    assert shown(store) == truth(store) and all_sealed(store)


@dataclass
class ChannelsDown(FakeYouTube):
    """YouTube answering videos but failing channel look-ups while ``down_channels``."""

    down_channels: bool = True

    def channels(self, ids: object) -> dict[str, YouTubeChannel]:
        if self.down_channels:
            raise errors.ProviderUnavailable("YouTube", "quota")
        return super().channels(ids)  # type: ignore[arg-type]


def test_a_channel_record_arriving_later_shows_in_earlier_copies() -> None:
    store = Crashing()
    youtube = ChannelsDown()
    clients = dataclasses.replace(fake_clients(), youtube=youtube)
    service = Service(repo=store, providers=clients, clock=lambda: NOW)
    service.sync_youtube("alice", [PSY])
    assert [e.subtitle for e in shown(store)] == [None]
    youtube.down_channels = False
    service.sync_youtube("alice", ["liveNow0000"])  # same channel: its record comes now
    assert [e.subtitle for e in shown(store)] == ["officialpsy", "officialpsy"]
    assert shown(store) == truth(store)
    assert all_sealed(store), "the first read completes the copy that lacked its channel"


def _to_format_2(store: Crashing) -> None:
    """The index as the previous format left it: the same keys, no copies, marker 2."""
    pk = user_pk("alice")
    for reference in list(store.query_prefix(pk, history_index.PREFIX)):
        bare = {k: v for k, v in reference.items() if k not in ("entry", "sealed", "related")}
        store.put({**bare, "version": 1})
    store.put({"pk": pk, "sk": "HISTORYINDEX#2", "user": "alice", "version": 1})


def test_an_index_without_copies_reads_right_and_rebuild_seals_it_with_the_same_keys() -> None:
    store = Crashing()
    service = synced_show(store)
    service.sync_youtube("alice", [PSY, FONSI])
    for n in range(3):
        service.logbook.log("alice", LogRequest(activity="manga", minutes=n + 1), "api")
    expected = truth(store)
    cursor = history.page(store, "alice", limit=2).next_cursor
    gone = service.logbook.log("alice", LogRequest(activity="game", minutes=5), "api").entry
    store.delete(user_pk("alice"), history.entry_sk(gone.id))  # left a stale reference
    _to_format_2(store)
    writes = store.budget = 0  # reads never write: any write would stop the process here
    assert history.page(store, "alice", limit=50, cursor=cursor).entries == expected[2:]
    assert shown(store) == expected
    store.budget = None
    service.kept.rebuild("alice")
    assert history.page(store, "alice", limit=50, cursor=cursor).entries == expected[2:]
    assert shown(store) == expected
    assert all_sealed(store) and service.kept.verify("alice") == [] and writes == 0


def test_a_tampered_cursor_is_still_refused() -> None:
    store = Crashing()
    service_on(store).sync_youtube("alice", [PSY])
    with pytest.raises(InvalidInput):
        history.page(store, "alice", cursor=history.cursor_for("HISTORY#x"))


def test_a_page_reads_one_page_of_references_and_nothing_else() -> None:
    store = Crashing()
    service = synced_show(store)
    service.sync_youtube("alice", [PSY, FONSI])
    service.sync_spotify("alice", [MIKU_1])
    service.logbook.log("alice", LogRequest(activity="book", minutes=3), "api")
    shown(store)  # builds nothing: every write kept the index
    store.reads.clear()
    assert len(history.page(store, "alice", limit=50).entries) == 7
    assert store.reads == ["query_prefix"]


def test_entries_built_from_copies_equal_validated_ones() -> None:
    store = Crashing()
    service = synced_show(store)
    service.logbook.log("alice", LogRequest(activity="book", amount=30, unit="pages"), "api")
    for entry in shown(store):
        again = history.Entry.model_validate(entry.model_dump())
        assert entry == again and entry.model_dump_json() == again.model_dump_json()


def test_an_import_of_our_export_writes_its_own_index_never_the_files() -> None:
    store = Crashing()
    service = synced_show(store)
    service.update_show("alice", "Free", 278157)
    service.sync_youtube("alice", [PSY])
    exported = "".join(service.portability.export_jsonl("alice"))
    assert '"HISTORY#' not in exported  # the export carries no kept item
    references = [json.dumps(r) for r in store.query_prefix(user_pk("alice"), "HISTORY#")]
    lying = exported + "\n".join(  # a file that brings copies that lie
        re.sub(r'"subtitle": ?"Free!"', '"subtitle": "lie"', r) for r in references) + "\n"
    assert '"lie"' in lying
    service.portability.import_file("bob", io.BytesIO(lying.encode()), "ours")
    assert all_sealed(store, "bob")
    assert shown(store, "bob") == truth(store, "bob")
    assert "lie" not in {e.subtitle for e in shown(store, "bob")}


def test_the_widest_reference_key_is_as_long_as_every_reference_of_its_entry() -> None:
    for sk in ("LOG#01JB0000000000000000000000", "LOG#botsu-0123456789abcdef01234567",
               "LOG#x", "EPISODE#f#e", "MOVIE#m"):
        widest = history_index.widest_reference_sk(sk)
        assert {len(history_index.reference_sk(at, sk))
                for at in (0, 1, 1_780_000_000, 10**12)} == {len(widest)}
