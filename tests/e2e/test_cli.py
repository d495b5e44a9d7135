"""The ``immersion-tracker`` command as a user types it: help, users, bad settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from handlers.service.passwords import verify_password
from tests.support.api_server import COMMAND, run_cli, server_env

pytestmark = pytest.mark.e2e


def test_help_lists_every_subcommand() -> None:
    shown = subprocess.run([*COMMAND, "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("serve", "bot", "sync", "users"):
        assert command in shown


def test_user_lifecycle(tmp_path: Path) -> None:
    env = server_env(tmp_path, {})
    run_cli(["users", "add", "alice", "--password-stdin"], env, stdin="first password\n")
    run_cli(["users", "add", "bob", "--password-stdin"], env, stdin="bob's password\n")
    assert run_cli(["users", "list"], env).split() == ["alice", "bob"]
    with pytest.raises(RuntimeError, match="exists already"):
        run_cli(["users", "add", "alice", "--password-stdin"], env, stdin="another one\n")
    with pytest.raises(RuntimeError, match="at least 8"):
        run_cli(["users", "add", "carol", "--password-stdin"], env, stdin="short\n")
    run_cli(["users", "passwd", "alice", "--password-stdin"], env, stdin="second password\n")
    run_cli(["users", "remove", "bob"], env)
    assert run_cli(["users", "list"], env).split() == ["alice"]
    code = run_cli(["users", "link-code", "alice"], env).strip().splitlines()[-1]
    assert len(code) >= 6
    with pytest.raises(RuntimeError, match="no user"):
        run_cli(["users", "link-code", "bob"], env)


def test_passwords_are_stored_hashed_never_in_clear(tmp_path: Path) -> None:
    env = server_env(tmp_path, {})
    run_cli(["users", "add", "alice", "--password-stdin"], env, stdin="correct horse battery\n")
    raw = (tmp_path / "tracker.sqlite3").read_bytes()
    assert b"correct horse battery" not in raw
    hashed = run_cli(["users", "hash-password", "--password-stdin"], env, stdin="s3cret pass\n")
    assert verify_password("s3cret pass", hashed.strip())
    assert not verify_password("other", hashed.strip())


def test_a_bad_setting_is_one_line_naming_the_variable(tmp_path: Path) -> None:
    env = server_env(tmp_path, {"IMMERSION_TRACKER_STORAGE": "postgres://nope"})
    done = subprocess.run(
        [*COMMAND, "users", "list"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "IMMERSION_TRACKER_STORAGE" in done.stderr
    for name, value in (("IMMERSION_TRACKER_TIMEZONE", "Mars/Olympus"),
                        ("IMMERSION_TRACKER_SERVE_WORKERS", "0")):
        done = subprocess.run(
            [*COMMAND, "serve", "--port", "0"],
            env=server_env(tmp_path, {name: value}),
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        assert done.returncode == 2
        assert name in done.stderr and "Traceback" not in done.stderr


def test_the_api_lambda_imports_nothing_heavy() -> None:
    code = (
        "import sys, handlers.aws.api_lambda, handlers.aws.authorizer; "
        "print(sorted(m for m in ('telegram', 'matplotlib', 'bot', 'sync_script') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"


def test_rebuild_verify_names_each_difference_and_rebuild_mends_them(tmp_path: Path) -> None:
    from storage.models import LogEntry
    from storage.sqlite import SQLiteItemRepository

    env = server_env(tmp_path, {})
    run_cli(["users", "add", "alice", "--password-stdin"], env, stdin="first password\n")
    # An entry as a store of before the kept items holds it: no reference, no totals.
    with SQLiteItemRepository(str(tmp_path / "tracker.sqlite3")) as repo:
        repo.put(LogEntry(user="alice", log_id="0000000001", timestamp=1_767_225_600,
                          activity="book", title="Kokoro", duration=1800,
                          created_at=1_767_225_600, source="api").to_item())
    verify = [*COMMAND, "rebuild", "--verify"]
    found = subprocess.run(verify, env=env, capture_output=True, text=True, check=False)
    assert found.returncode == 1
    assert "alice: HISTORY#" in found.stdout and "alice: TOTALS" in found.stdout
    assert "rebuild: 1/1 alice:" in found.stderr
    written = run_cli(["rebuild", "--user", "alice"], env)
    assert written == ""
    again = subprocess.run(verify, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stdout
    assert "match" in again.stderr
