"""The command on a store that cannot be opened, and ``migrate`` from a source that is not
there: one ``error:`` line and a non-zero status, and nothing created (real files)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.support.command_in_process import run_main

COMMANDS = [
    ["users", "list"],
    ["users", "add", "alice", "--password-stdin"],
    ["import", "alice", "{tmp}/in.jsonl"],
    ["export", "alice", "-o", "{tmp}/out.jsonl"],
    ["rebuild"],
    ["rebuild", "--verify"],
    ["notify", "--dry-run"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_store_that_refuses_to_open_is_one_line_saying_so(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = tmp_path / "tracker.sqlite3"
    store.mkdir()  # a folder where the file should be: SQLite cannot open it
    monkeypatch.setenv("IMMERSION_TRACKER_STORAGE", f"sqlite:///{store}")
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    (tmp_path / "in.jsonl").write_text("", encoding="utf-8")
    assert run_main([part.format(tmp=tmp_path) for part in command]) != 0
    err = capsys.readouterr().err.strip()
    assert err == f"error: the SQLite store at {store} refused: unable to open database file"


def test_migrate_from_a_file_that_is_not_there_says_so_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target = tmp_path / "typo" / "x.sqlite3", tmp_path / "m2.sqlite3"
    status = run_main(["migrate", "--from", f"sqlite:///{source}", "--to", f"sqlite:///{target}"])
    assert status != 0
    out = capsys.readouterr()
    assert "Copied" not in out.out and "Verified" not in out.out
    assert out.err.strip() == (f"error: --from names a store that does not exist: there is no "
                               f"SQLite file at {source}.")
    assert not (tmp_path / "typo").exists() and not target.exists()
