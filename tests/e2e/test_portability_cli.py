"""``immersion-tracker export|import|migrate`` as typed; a migrate killed, then resumed."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from storage.sqlite import SQLiteItemRepository
from tests.support.api_server import COMMAND, run_cli, server_env

pytestmark = pytest.mark.e2e
FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"


def test_import_dry_run_import_export_and_undo(tmp_path: Path) -> None:
    env = server_env(tmp_path, {})
    run_cli(["users", "add", "alice", "--password-stdin"], env, stdin="alice's password\n")
    fixture = str(FIXTURES / "botsu.jsonl.gz")
    dry = run_cli(["import", "alice", fixture, "--dry-run"], env)
    assert dry.startswith("Would add 5 entries") and "line 5: duration" in dry
    done = run_cli(["import", "alice", fixture], env)
    import_id = done.strip().rsplit(" ", 1)[-1]
    assert f"Undo with: immersion-tracker import alice --undo {import_id}" in done
    folder = tmp_path / "exports"
    folder.mkdir()
    run_cli(["export", "alice", "-o", str(folder)], env)
    (out,) = folder.iterdir()  # named after the user and the day
    assert re.fullmatch(r"immersion-alice-\d{4}-\d{2}-\d{2}\.jsonl", out.name), out.name
    items = [json.loads(line) for line in out.read_text().splitlines()]
    assert sum(item["sk"].startswith("LOG#") for item in items) == 5
    csv = run_cli(["export", "alice", "--format", "csv"], env).splitlines()
    assert len(csv) == 6
    assert run_cli(["import", "alice", "--undo", import_id], env).startswith("Removed 5 entries")
    with pytest.raises(RuntimeError, match="looks like a Kechimochi export"):
        run_cli(["import", "alice", str(FIXTURES / "kechimochi.csv"), "--format", "botsu"], env)


def _fill(path: Path, count: int) -> None:
    with SQLiteItemRepository(path) as store:
        for start in range(0, count, 1000):
            store.put_many_if_absent([
                {"pk": f"USER#u{n % 13}", "sk": f"LOG#{n:06d}", "version": 1, "n": n}
                for n in range(start, start + 1000)
            ])


def test_a_migrate_killed_mid_way_resumes_and_verifies(tmp_path: Path) -> None:
    source, target = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    _fill(source, 60_000)
    env = server_env(tmp_path, {})
    checkpoint = tmp_path / "copy.json"
    args = [*COMMAND, "migrate", "--from", f"sqlite:///{source}", "--to", f"sqlite:///{target}",
            "--checkpoint", str(checkpoint)]
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not checkpoint.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert checkpoint.exists(), "the copy ended before it could be killed"
    resumed = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert "Verified" in resumed.stdout
    created = int(resumed.stdout.split("(")[1].split(" new")[0].replace(",", ""))
    assert 0 < created < 60_000  # the resumed run did not start again from the beginning
    with SQLiteItemRepository(source) as a, SQLiteItemRepository(target) as b:
        assert list(a.scan()) == list(b.scan())
