"""The ``immersion-tracker`` command as a user types it: help, users and passwords, bad
settings, a busy port."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from handlers.service.accounts.passwords import PASSWORD_RULE, verify_password
from storage.models import user_pk
from storage.sqlite import SQLiteItemRepository
from tests.support.api_server import COMMAND, run_cli, running_api, server_env
from tests.support.terminal import in_terminal

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


def test_a_password_typed_at_a_terminal_is_asked_twice_and_kept(tmp_path: Path) -> None:
    env = server_env(tmp_path, {})
    typed = "correct horse battery"
    session = in_terminal([*COMMAND, "users", "add", "alice"], env,
                          [("Password", typed), ("Repeat it", typed)])
    assert session.returncode == 0, session.shown
    assert "Added user alice." in session.shown and typed not in session.shown
    assert run_cli(["users", "list"], env).split() == ["alice"]


def test_a_too_short_password_is_refused_before_it_is_typed_again(tmp_path: Path) -> None:
    env = server_env(tmp_path, {})
    session = in_terminal([*COMMAND, "users", "add", "alice"], env,
                          [("Password", "short"), ("Repeat it", "short")])
    assert PASSWORD_RULE in session.shown.splitlines()[0], "the prompt states the rule"
    assert "Repeat it" not in session.shown
    assert session.returncode != 0 and "Traceback" not in session.shown
    assert f"error: A password needs {PASSWORD_RULE}." in session.shown
    assert run_cli(["users", "list"], env).split() == []


@pytest.mark.parametrize("action", [["users", "add", "alice"], ["users", "passwd", "alice"],
                                    ["users", "hash-password"]])
def test_a_piped_password_without_the_flag_is_one_line_naming_the_flag(
    tmp_path: Path, action: list[str]
) -> None:
    env = server_env(tmp_path, {})
    # A session of its own: no controlling terminal, as under cron, CI or a container.
    done = subprocess.run([*COMMAND, *action], input="correct horse battery\n", env=env,
                          capture_output=True, text=True, timeout=60, check=False,
                          start_new_session=True)
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "--password-stdin" in done.stderr, done.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_on_a_busy_port_is_one_line_naming_the_address(
    tmp_path: Path, workers: str
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [*COMMAND, "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", workers],
            env=server_env(tmp_path, {}), capture_output=True, text=True, timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert f"127.0.0.1:{port}" in done.stderr and "in use" in done.stderr


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


def test_after_rebuild_users_remove_takes_a_user_off_a_board_joined_long_ago(
    tmp_path: Path,
) -> None:
    from storage.sqlite import SQLiteItemRepository

    env = server_env(tmp_path, {})
    store = str(tmp_path / "tracker.sqlite3")
    for user in ("alice", "bob"):
        run_cli(["users", "add", user, "--password-stdin"], env, stdin="a long password\n")
    # Memberships as versions before the user's own record wrote them: the group's only.
    with SQLiteItemRepository(store) as repo:
        for user in ("alice", "bob"):
            repo.put({"pk": "GROUP#-100", "sk": f"MEMBER#{user}", "user": user,
                      "joined_at": 1_760_000_000, "version": 1})
    done = subprocess.run([*COMMAND, "rebuild"], env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "rebuild: 2 leaderboard memberships recorded for their users" in done.stderr
    run_cli(["users", "remove", "alice"], env)
    with SQLiteItemRepository(store) as repo:
        assert repo.get("GROUP#-100", "MEMBER#alice") is None
        assert repo.get("USER#alice", "LEADERBOARD#-100") is None
        # The members the group's leaderboard ranks.
        members = [item["user"] for item in repo.query_prefix("GROUP#-100", "MEMBER#")]
    assert members == ["bob"]


def test_a_server_run_that_leaves_a_kept_item_wrong_fails_its_test(tmp_path: Path) -> None:
    # Every test through ``running_api`` ends with ``rebuild --verify``: it can fail.
    with pytest.raises(AssertionError, match="kept items differ"):
        _log_then_spoil_the_totals(tmp_path)


def _log_then_spoil_the_totals(tmp_path: Path) -> None:
    with running_api(tmp_path) as api:
        with api.client() as http:
            http.post("/log", json={"activity": "book", "minutes": 20}).raise_for_status()
        store = SQLiteItemRepository(tmp_path / "tracker.sqlite3")
        totals = store.get(user_pk(api.user), "TOTALS")
        assert totals is not None
        store.put({**totals, "s:book": 60})  # 20 minutes logged, one kept
        store.close()
