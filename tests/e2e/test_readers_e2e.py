"""Reader statistics as a learner brings them: the CLI's import and undo, and the sync client
watching a readers folder, against ``immersion-tracker serve`` (does I/O)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import reader_databases
from tests.support.api_server import COMMAND, RunningApi, run_cli, running_api, server_env

pytestmark = pytest.mark.e2e
FIXTURES = Path(__file__).parents[1] / "fixtures" / "readers"


def test_cli_imports_in_place_and_undoes_the_replacement(tmp_path: Path) -> None:
    env = server_env(tmp_path, {})
    run_cli(["users", "add", "alice", "--password-stdin"], env, stdin="alice's password\n")
    first = run_cli(["import", "alice", str(FIXTURES / "ttu_statistics_old.json")], env)
    assert first.startswith("Added 2 entries") and "from a ttu file" in first
    again = run_cli(["import", "alice", str(FIXTURES / "ttu_statistics_old.json")], env)
    assert again.startswith("Added 0 entries") and "2 were there already" in again
    assert "Undo with" not in again  # it changed nothing: there is nothing to undo
    newer = run_cli(["import", "alice", str(FIXTURES / "ttu_statistics_new.json"),
                     "--format", "ttu"], env)
    assert "1 day got the export's newer figures." in newer
    import_id = newer.strip().rsplit(" ", 1)[-1]
    undone = run_cli(["import", "alice", "--undo", import_id], env)
    assert undone.startswith("Removed 1 entries") and "1 day has its earlier figures back" in undone
    csv = run_cli(["export", "alice", "--format", "csv"], env).splitlines()
    minutes = sorted(line.split(",")[5] for line in csv[1:])
    assert minutes == ["20", "30"]  # the older export's figures, restored


def sync(api: RunningApi, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMMERSION_TRACKER_")}
    env.update(IMMERSION_TRACKER_USER=api.user, IMMERSION_TRACKER_PASSWORD=api.password,
               IMMERSION_TRACKER_API_URL=api.base_url, PYTHONIOENCODING="utf-8")
    return subprocess.run([*COMMAND, "sync", "--readers", str(folder)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_sync_client_sends_only_what_changed(tmp_path: Path) -> None:
    folder = tmp_path / "readers"
    folder.mkdir()
    shutil.copy(FIXTURES / "exSTATic_stats.csv", folder / "exSTATic_stats.csv")
    reader_databases.koreader(folder / "statistics.sqlite3",
                              {"三体": [(1, 1_764_600_000, 90), (2, 1_764_600_100, 30)]})
    with running_api(tmp_path) as api:
        done = sync(api, folder)
        assert done.returncode == 0, done.stderr
        assert "exSTATic_stats.csv: exstatic, 3 days added" in done.stdout
        assert "statistics.sqlite3: koreader, 1 day added" in done.stdout
        assert "Nothing new" in sync(api, folder).stdout
        shutil.copy(FIXTURES / "exSTATic_stats_grown.csv", folder / "exSTATic_stats.csv")
        grown = sync(api, folder)
        assert "exSTATic_stats.csv: exstatic, 1 day added" in grown.stdout
        assert "statistics.sqlite3" not in grown.stdout
        with api.client() as client:
            stats = client.get("/stats", params={"from": "2026-12-01", "to": "2026-12-03"}).json()
        assert {s["activity"] for s in stats["reading_speed"]} == {"visual_novel", "book"}
    assert (folder / "statistics.sqlite3").exists() and (folder / "exSTATic_stats.csv").exists()


def _peak_mb(pid: int) -> float:
    """The process's peak resident memory (Linux), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_a_50_mb_koreader_database_through_serve_keeps_memory_bounded(tmp_path: Path) -> None:
    import sqlite3

    database = reader_databases.koreader(tmp_path / "statistics.sqlite3", {})
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO book (title, md5) VALUES ('長い本', 'md5-long')")
        db.executemany("INSERT INTO page_stat_data VALUES (1, ?, ?, 30, 100000)",
                       ((n % 100_000, 1_640_000_000 + n * 97) for n in range(900_000)))
    assert database.stat().st_size > 50_000_000
    body = database.read_bytes()
    limit = {"IMMERSION_TRACKER_MAX_IMPORT_BYTES": "60000000"}  # the default is 20 MB
    with running_api(tmp_path, limit, extra_args=("--workers", "1")) as api:
        with api.client() as client:
            client.get("/progress").raise_for_status()
            before = _peak_mb(api.process.pid)
            answer = client.post("/import", content=body, timeout=120)
        grown = _peak_mb(api.process.pid) - before
    assert answer.status_code == 200, answer.text
    assert answer.json()["format"] == "koreader"
    # The bound is 100 MB; holding the 50 MB file even once would cross half of it, so the
    # test catches a body kept in memory (it grew 98 MB when the body was joined in memory).
    assert grown < 50, f"the server's peak memory grew {grown:.0f} MB"
