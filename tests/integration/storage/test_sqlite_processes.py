"""Two processes sharing one SQLite file: no lost update, no double creation (does I/O)."""

from __future__ import annotations

import json
import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path

from storage.repository import VersionConflict
from storage.sqlite import SQLiteItemRepository

PK = "USER#alice"
COUNTER = "SETTINGS#counter"
SKS = [f"EPISODE#shared#{n:04}" for n in range(1_000)]
INCREMENTS = 200
ATTEMPTS_PER_INCREMENT = 200


def work(path: str, writer: int, report: str, start: Barrier) -> None:
    """One process: create the shared items in batches, then increment the counter."""
    created: list[str] = []
    # Both processes open the file first and then start together, so their writes overlap.
    with SQLiteItemRepository(path) as repository:
        start.wait(timeout=60)
        order = SKS if writer == 0 else SKS[::-1]
        for first in range(0, len(order), 10):
            batch = [{"pk": PK, "sk": sk, "writer": writer} for sk in order[first : first + 10]]
            created.extend(sk for _, sk in repository.put_many_if_absent(batch))
        for _ in range(INCREMENTS):
            for _ in range(ATTEMPTS_PER_INCREMENT):
                item = repository.get(PK, COUNTER)
                assert item is not None
                try:
                    repository.update(PK, COUNTER, {"count": item["count"] + 1}, item["version"])
                    break
                except VersionConflict:
                    continue
            else:
                raise AssertionError("the counter never accepted an update")
    Path(report).write_text(json.dumps(created), encoding="utf-8")


def test_two_processes_share_one_file(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite3")
    with SQLiteItemRepository(path) as repository:
        repository.put({"pk": PK, "sk": COUNTER, "count": 0, "version": 1})
    reports = [tmp_path / f"created-{writer}.json" for writer in range(2)]
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    processes = [
        context.Process(target=work, args=(path, writer, str(reports[writer]), start))
        for writer in range(2)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [process.exitcode for process in processes] == [0, 0]
    created_by = [json.loads(report.read_text(encoding="utf-8")) for report in reports]
    assert sorted(created_by[0] + created_by[1]) == SKS
    with SQLiteItemRepository(path) as repository:
        counter = repository.get(PK, COUNTER)
        assert counter is not None
        assert counter["count"] == 2 * INCREMENTS
        assert counter["version"] == 1 + 2 * INCREMENTS
        for writer in range(2):
            for sk in created_by[writer]:
                stored = repository.get(PK, sk)
                assert stored is not None
                assert stored["writer"] == writer
