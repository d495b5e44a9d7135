"""The unit of work: every change with its kept items in whole transactions, crash or not."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from handlers.service.catalog.sync_episodes import EpisodeRef
from handlers.service.catalog.sync_movies import MovieRef
from handlers.service.core.errors import Conflict
from handlers.service.facade import Service
from handlers.service.kept.writing import Conflicted, Writing, updated
from handlers.service.logbook.writes import EntryChanges, LogRequest
from handlers.settings import Settings
from storage.models import Episode, LogEntry, Movie, Show, user_pk
from storage.repository import MAX_TRANSACTION_OPS, Add, Item, ItemRepository, Op, Put
from tests.support.counting_repository import CountingRepository
from tests.unit.handlers.history_truth import Crash, Crashing
from tests.unit.handlers.provider_doubles import fake_clients

NOW = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
WRITES = ("put", "put_many_if_absent", "write_many", "update", "delete", "put_if_absent",
          "transact")


class Recording(Crashing):
    """Names each transaction's ops."""

    def __init__(self) -> None:
        super().__init__()
        self.transactions: list[list[Op]] = []

    def transact(self, ops: Sequence[Op]) -> None:
        self.transactions.append(list(ops))
        super().transact(ops)


def _service(store: ItemRepository) -> Service:
    return Service(repo=store, providers=fake_clients(), settings=Settings(timezone=BERLIN.key),
                   clock=lambda: NOW)


def _log(number: int, at: int, title: str = "Kokoro") -> Item:
    return LogEntry(user="alice", log_id=f"{number:010d}", timestamp=at, activity="book",
                    title=title, duration=600 + number, created_at=at, source="api").to_item()


def test_a_log_is_one_store_write_a_transaction_of_six_items() -> None:
    store = Recording()
    counting = CountingRepository(store)
    _service(counting).logbook.log("alice", LogRequest(activity="anime", title="Frieren",
                                                       minutes=24), "api")
    assert {call: n for call, n in counting.calls.items() if call in WRITES} == {"transact": 1}
    (ops,) = store.transactions
    assert sorted(_sk(op).split("#")[0] for op in ops) == [
        "DAY", "HISTORY", "LOG", "MONTH", "TOTALS", "YEAR"]
    # The count that tells a reminders' day summary it is stale rides on the TOTALS Add.
    (totals,) = [op for op in ops if isinstance(op, Add) and op.sk == "TOTALS"]
    assert totals.deltas["writes"] == 1


def test_a_record_alone_is_counted_by_one_add_on_the_totals() -> None:
    store = Recording()
    with Writing(store, "alice", BERLIN) as writing:
        writing.put_record(Show(user="alice", folder_name="Frieren").to_item(), if_absent=True)
    (ops,) = store.transactions
    assert [(type(op).__name__, _sk(op)) for op in ops] == [
        ("Put", "SHOW#Frieren"), ("Add", "TOTALS")]
    assert ops[1] == Add(user_pk("alice"), "TOTALS", {"writes": 1}, {"user": "alice"})


def _sk(op: Op) -> str:
    return str(op.item["sk"]) if isinstance(op, Put) else op.sk


def test_a_log_whose_id_is_taken_writes_nothing() -> None:
    store = Recording()
    service = _service(store)
    entry = _log(1, int(NOW.timestamp()))
    with Writing(store, "alice", BERLIN) as writing:
        writing.add(entry)
    before = list(store.query_prefix(user_pk("alice")))
    with pytest.raises(Conflicted), Writing(store, "alice", BERLIN) as writing:
        writing.add({**entry, "duration": 5})
    assert list(store.query_prefix(user_pk("alice"))) == before
    assert service.kept.verify("alice") == []


def test_the_logbook_answers_a_taken_id_with_one_sentence() -> None:
    store = Recording()
    service = _service(store)
    draws = iter([bytes(10)] * 4)
    service.logbook = type(service.logbook)(service.store, lambda: NOW, service.timezone,
                                            lambda n: next(draws)[:n])
    service.logbook.log("alice", LogRequest(activity="anime", minutes=24), "api")
    with pytest.raises(Conflict, match="Another log took this id"):
        service.logbook.log("alice", LogRequest(activity="anime", minutes=24), "api")
    assert service.kept.verify("alice") == []


def test_leaving_by_an_exception_commits_nothing() -> None:
    store = Recording()

    def failing_door() -> None:
        with Writing(store, "alice", BERLIN) as writing:
            writing.add(_log(1, int(NOW.timestamp())))
            raise RuntimeError("the door failed")

    with pytest.raises(RuntimeError):
        failing_door()
    assert store.transactions == []


def test_changes_moves_and_removals_keep_the_totals() -> None:
    store = Recording()
    service = _service(store)
    at = int(NOW.timestamp())
    first, second = _log(1, at), _log(2, at - 86_400 * 40, title="Other")
    with Writing(store, "alice", BERLIN) as writing:
        writing.add(first)
        writing.add(second)
    moved = updated(first, {"timestamp": at - 86_400 * 3, "title": "Other", "duration": 60})
    with Writing(store, "alice", BERLIN) as writing:
        writing.change(first, moved)
    assert service.kept.verify("alice") == []
    with pytest.raises(Conflicted), Writing(store, "alice", BERLIN) as writing:
        writing.change(first, updated(first, {"duration": 1}))  # read before the move
    with Writing(store, "alice", BERLIN) as writing:
        writing.remove(second)
    assert service.kept.verify("alice") == []
    totals = store.get(user_pk("alice"), "TOTALS")
    assert totals is not None and (totals["n:book"], totals["s:book"]) == (1, 60)


def _episodes(count: int, folder: str = "Free!") -> list[Item]:
    at = int(NOW.timestamp())
    return [Episode(user="alice", folder_name=folder, file_name=f"{n:04d}",
                    timestamp=at - n * 3_600).to_item() for n in range(count)]


def test_many_changes_commit_in_whole_transactions_of_at_most_a_hundred_ops() -> None:
    store = Recording()
    service = _service(store)
    with Writing(store, "alice", BERLIN) as writing:
        for entry in _episodes(230):
            writing.add(entry, skip_existing=True)
    assert len(store.transactions) > 2
    assert all(len(ops) <= MAX_TRANSACTION_OPS for ops in store.transactions)
    assert service.kept.verify("alice") == []
    assert len(writing.created) == 230
    with Writing(store, "alice", BERLIN) as again:  # a rerun adds nothing twice
        for entry in _episodes(240):
            again.add(entry, skip_existing=True)
    assert len(again.created) == 10
    assert service.kept.verify("alice") == []


def _show_with_episodes(count: int) -> tuple[Recording, Service, Item]:
    """A store holding a show record (no runtime) and ``count`` of its episodes."""
    store = Recording()
    service = _service(store)
    show = Show(user="alice", folder_name="Free!").to_item()
    with Writing(store, "alice", BERLIN) as writing:
        writing.put_record(show, if_absent=True)
        for entry in _episodes(count):
            writing.add(entry)
    return store, service, show


def test_a_changed_record_copies_again_every_entry_naming_it() -> None:
    store, service, show = _show_with_episodes(150)
    assert service.kept.verify("alice") == []
    named = {**show, "tvdb_id": 278157, "tvdb_name": "Free!", "tvdb_average_runtime": 1440}
    with Writing(store, "alice", BERLIN) as writing:
        writing.put_record(named)
    assert service.kept.verify("alice") == []
    copies = [r["entry"] for r in store.query_prefix(user_pk("alice"), "HISTORY#")]
    assert {(c["subtitle"], c["seconds"]) for c in copies} == {("Free!", 1440)}


def every_crash(act: Callable[[Service], object], prepare: Callable[[Service], object],
                writes: int = 40, retried: bool = False) -> int:
    """Run ``act`` dying before each of its store writes in turn, then to its end; after
    each, ``rebuild --verify`` finds nothing (with ``retried``, once the door has repeated
    ``act``). Answers how many writes ``act`` makes."""
    for budget in range(writes):
        store = Crashing(clock=NOW.timestamp)
        service = _service(store)
        prepare(service)
        store.budget = budget
        try:
            act(service)
        except Crash:
            store.budget = None
            if retried:
                act(service)
            assert service.kept.verify("alice") == [], f"after a crash before write {budget + 1}"
            continue
        store.budget = None
        assert service.kept.verify("alice") == []
        return budget
    raise AssertionError(f"the action made more than {writes} writes")


def test_a_crash_anywhere_in_a_log_leaves_the_kept_items_true() -> None:
    def prepare(service: Service) -> None:
        service.logbook.log("alice", LogRequest(activity="book", minutes=5), "api")

    def act(service: Service) -> None:
        service.logbook.log("alice", LogRequest(activity="book", title="Kokoro", minutes=30),
                            "api")

    assert every_crash(act, prepare) >= 1


def test_a_crash_between_transactions_leaves_whole_changes() -> None:
    def act(service: Service) -> None:
        with Writing(service.store, "alice", BERLIN) as writing:
            for entry in _episodes(230):
                writing.add(entry, skip_existing=True)

    assert every_crash(act, lambda _service: None) >= 3


def test_edits_moves_and_deletes_keep_the_kept_items() -> None:
    service = _service(Recording())
    logged = service.logbook.log("alice", LogRequest(activity="anime", title="Frieren",
                                                     minutes=24), "api").entry
    other = service.logbook.log("alice", LogRequest(activity="book", minutes=5), "api").entry
    steps = (EntryChanges(minutes=30), EntryChanges(title="Sousou no Frieren"),
             EntryChanges(date="2026-03-01"), EntryChanges(activity="manga", note="vol 1"),
             EntryChanges(note=None))
    for changes in steps:
        service.logbook.edit("alice", logged.id, changes)
        assert service.kept.verify("alice") == []
    service.logbook.delete("alice", other.id)
    assert service.kept.verify("alice") == []
    totals = service.repo.get(user_pk("alice"), "TOTALS")
    assert totals is not None and totals.get("n:book", 0) == 0


def _logged_twice(service: Service) -> None:
    service.logbook.log("alice", LogRequest(activity="book", title="Kokoro", minutes=5), "api")
    service.logbook.log("alice", LogRequest(activity="anime", minutes=9), "api")


def _first_id(service: Service) -> str:
    return service.logbook.history("alice").entries[-1].id


def test_a_crash_anywhere_in_an_edit_or_a_delete_leaves_the_kept_items_true() -> None:
    def move(service: Service) -> None:
        service.logbook.edit("alice", _first_id(service),
                             EntryChanges(date="2026-03-01", minutes=50))

    def delete(service: Service) -> None:
        service.logbook.delete("alice", _first_id(service))

    assert every_crash(move, _logged_twice) >= 1
    assert every_crash(delete, _logged_twice) >= 1


def _sync_everything(service: Service) -> None:
    service.sync_episodes("alice", [EpisodeRef("Free! [1080p]", "ep 01"),
                                    EpisodeRef("Free! [1080p]", "ep 02")])
    service.sync_movies("alice", [MovieRef("suzume", tvdb_id=331904),
                                  MovieRef("kimi", tmdb_id=372058)])
    service.sync_youtube("alice", ["9bZkp7q19f0", "dQw4w9WgXcQ"])
    service.sync_spotify("alice", ["5TmVVWd9TOCaF2bEtyYDwv"])


def test_the_four_syncs_keep_the_kept_items_and_add_nothing_twice() -> None:
    store = Recording()
    service = _service(store)
    _sync_everything(service)
    assert service.kept.verify("alice") == []
    written = len(store.transactions)
    _sync_everything(service)  # everything is known: nothing to write
    assert len(store.transactions) == written
    assert service.kept.verify("alice") == []


def test_a_crash_anywhere_in_a_sync_leaves_the_kept_items_true() -> None:
    assert every_crash(_sync_everything, lambda _service: None) >= 4


def _movies(count: int) -> list[Item]:
    at = int(NOW.timestamp())
    return [Movie(user="alice", file_name=f"movie {n}", tvdb_name=f"Movie {n}",
                  tvdb_image=f"https://artworks.thetvdb.com/{n}.jpg", movie_duration=6000,
                  timestamp=at - n * 3_600).to_item() for n in range(count)]


def _movies_logged(service: Service) -> None:
    with Writing(service.store, "alice", BERLIN) as writing:
        for movie in _movies(3):
            writing.add(movie)


def test_a_crash_anywhere_in_a_movie_change_leaves_the_kept_movie_list_true() -> None:
    def retitle_and_remove(service: Service) -> None:
        first, second, third = (service.store.get(user_pk("alice"), str(movie["sk"]))
                                for movie in _movies(3))
        assert first is not None and second is not None and third is not None
        with Writing(service.store, "alice", BERLIN) as writing:
            writing.change(first, updated(first, {"tvdb_name": "Renamed", "tvdb_image": None}))
            writing.remove(second)
            writing.change(third, updated(third, {"tmdb_name": "Tmdb", "tvdb_name": None}))

    def many(service: Service) -> None:  # a journaled commit: several transactions
        with Writing(service.store, "alice", BERLIN) as writing:
            for movie in _movies(150)[3:]:
                writing.add(movie)
        with Writing(service.store, "alice", BERLIN) as writing:
            for movie in service.store.query_prefix(user_pk("alice"), "MOVIE#"):
                writing.remove(movie)

    assert every_crash(retitle_and_remove, _movies_logged) >= 1
    assert every_crash(many, _movies_logged) >= 4


IMPORTS = Path(__file__).parents[2] / "fixtures" / "imports"


def _import_and_undo(service: Service) -> None:
    report = service.portability.import_file(
        "alice", io.BytesIO((IMPORTS / "botsu.jsonl.gz").read_bytes()))
    assert report.added == 5
    assert service.kept.verify("alice") == []
    service.portability.import_file("alice", io.BytesIO((IMPORTS / "botsu.jsonl.gz").read_bytes()))
    assert service.kept.verify("alice") == []
    service.portability.undo_import("alice", report.import_id)


def test_an_import_and_its_undo_keep_the_kept_items() -> None:
    service = _service(Recording())
    service.logbook.log("alice", LogRequest(activity="manga", title="Yotsuba&!", minutes=5), "api")
    _import_and_undo(service)
    assert service.kept.verify("alice") == []
    assert len(service.logbook.history("alice").entries) == 1


def test_a_crash_anywhere_in_an_import_or_its_undo_leaves_the_kept_items_true() -> None:
    assert every_crash(_import_and_undo, lambda _service: None, writes=60) >= 3


def test_a_new_time_zone_moves_the_day_totals_to_its_days() -> None:
    service = _service(Recording())
    # 23:30 in Berlin on the 28th is the 29th in Tokyo.
    at = int(datetime(2026, 3, 28, 22, 30, tzinfo=UTC).timestamp())
    service.logbook.log("alice", LogRequest(activity="book", minutes=30, at=at), "api")
    assert service.repo.get(user_pk("alice"), "DAY#2026-03-28") is not None
    service.set_timezone("alice", "Asia/Tokyo")
    assert service.kept.verify("alice") == []
    assert service.repo.get(user_pk("alice"), "DAY#2026-03-28") is None
    assert service.repo.get(user_pk("alice"), "DAY#2026-03-29") is not None


def _synced_free(service: Service) -> None:
    service.sync_episodes("alice", [EpisodeRef("Free!", f"{n:03d}") for n in range(120)])
    service.log_links("alice", "https://youtu.be/9bZkp7q19f0 https://youtu.be/dQw4w9WgXcQ")


def test_a_crash_anywhere_in_a_show_change_or_an_undo_leaves_the_kept_items_true() -> None:
    def set_show(service: Service) -> None:
        service.update_show("alice", "Free!", 278157)  # 120 copies: two transactions

    def undo(service: Service) -> None:
        latest = service.latest_undo("alice")
        assert latest is not None
        service.undo("alice", latest.undo_id, latest.index)

    # Copying a record into more entries than one transaction holds is not atomic: a
    # crash between its transactions leaves copies of the old record until the next write
    # finishes its journal (here the client's retry of the unanswered request) or rebuild.
    assert every_crash(set_show, _synced_free, retried=True) >= 2
    assert every_crash(undo, _synced_free) >= 1


def test_the_service_face_gives_the_unit_of_work_in_the_users_zone() -> None:
    service = _service(Recording())
    service.set_timezone("alice", "Asia/Tokyo")
    at = int(datetime(2026, 3, 28, 22, 30, tzinfo=UTC).timestamp())  # the 29th in Tokyo
    with service.writing("alice") as writing:
        writing.add(_log(1, at))
    assert service.repo.get(user_pk("alice"), "DAY#2026-03-29") is not None
    assert service.kept.verify("alice") == []


def _year_weights(store: ItemRepository) -> dict[str, int]:
    """Each day's whole seconds the ``YEAR#`` items keep, by ``<yyyy><mmdd>``."""
    return {str(item["sk"])[5:] + name[:4]: value
            for item in store.query_prefix(user_pk("alice"), "YEAR#")
            for name, value in item.items() if name.endswith(":w") and value}


def test_a_new_runtime_moves_the_whole_day_seconds_of_every_day_of_the_show() -> None:
    store, service, _show = _show_with_episodes(30)  # 30 hours back: the 29th, the 28th
    assert _year_weights(store) == {"20260329": 14 * 1200, "20260328": 16 * 1200}
    service.update_show("alice", "Free!", 278157)  # 24 minutes an episode
    assert _year_weights(store) == {"20260329": 14 * 1440, "20260328": 16 * 1440}
    assert service.kept.verify("alice") == []
    service.update_show("alice", "Free!", 999)  # TVDB knows no runtime: the default again
    assert _year_weights(store) == {"20260329": 14 * 1200, "20260328": 16 * 1200}
    assert service.kept.verify("alice") == []


def test_an_episode_removed_takes_from_its_day_what_its_show_weighs_it_now() -> None:
    store = Recording()
    service = _service(store)
    service.sync_episodes("alice", [EpisodeRef("Free!", "01"), EpisodeRef("Free!", "02")])
    service.update_show("alice", "Free!", 278157)
    removed = next(e for e in service.logbook.history("alice", limit=10).entries)
    service.logbook.delete("alice", removed.id)
    assert list(_year_weights(store).values()) == [1440]
    assert service.kept.verify("alice") == []


def test_a_crash_anywhere_in_a_runtime_change_leaves_the_kept_items_true() -> None:
    def prepare(service: Service) -> None:
        service.sync_episodes("alice", [EpisodeRef("Free!", f"{n:02d}") for n in range(120)])

    def act(service: Service) -> None:
        service.update_show("alice", "Free!", 278157)

    # 120 copies take two transactions, journaled: the door's retry finishes a cut one.
    assert every_crash(act, prepare, retried=True) >= 2


def _ours(*items: Item) -> io.BytesIO:
    return io.BytesIO("".join(json.dumps(item) + "\n" for item in items).encode())


def _imported_show_then_synced(service: Service, episodes: int = 1) -> str:
    """An import of a show (50 min episodes) with one episode, then ``episodes`` more of
    it synced, naming the import's show; answers the import's id."""
    at = int(datetime(2026, 3, 1, 12, tzinfo=UTC).timestamp())
    show = Show(user="old", folder_name="Free!", tvdb_name="Free! (TVDB)",
                tvdb_average_runtime=50).to_item()
    episode = Episode(user="old", folder_name="Free!", file_name="000", timestamp=at).to_item()
    report = service.portability.import_file("alice", _ours(show, episode), "ours")
    assert report.added == 2
    synced = [EpisodeRef("Free!", f"{n:03d}") for n in range(1, episodes + 1)]
    service.sync_episodes("alice", synced)
    return report.import_id


def test_undoing_an_import_that_made_a_show_reweighs_and_recopies_its_other_episodes() -> None:
    service = _service(Recording())
    import_id = _imported_show_then_synced(service)
    assert service.kept.verify("alice") == []
    assert [e.subtitle for e in service.logbook.history("alice").entries] == ["Free! (TVDB)"] * 2
    service.portability.undo_import("alice", import_id)
    assert service.repo.get(user_pk("alice"), "SHOW#Free!") is None
    # The episode left is weighed and shown as an episode of no known show.
    assert service.kept.verify("alice") == []
    assert [e.subtitle for e in service.logbook.history("alice").entries] == ["Free!"]


def test_a_crash_anywhere_in_undoing_an_import_that_made_a_show_leaves_the_kept_items_true(
) -> None:
    made: list[str] = []

    def prepare(service: Service) -> None:
        made.append(_imported_show_then_synced(service, episodes=120))  # past a transaction

    # As for a new runtime: past one transaction the change is journaled, and the door's
    # retry (any later write of the user) finishes it first.
    assert every_crash(lambda service: service.portability.undo_import("alice", made[-1]),
                       prepare, writes=60, retried=True) >= 3
