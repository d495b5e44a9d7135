"""Starts ``immersion-tracker serve`` as a subprocess on a free loopback port (process I/O)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

COMMAND = [sys.executable, "-m", "immersion_tracker"]
"""The installed console script runs this same module; going through it needs no PATH."""


@dataclass(frozen=True)
class RunningApi:
    base_url: str
    user: str
    password: str
    env: dict[str, str]
    process: subprocess.Popen[str]

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, auth=(self.user, self.password), timeout=30)


def server_env(tmp_path: Path, env: Mapping[str, str]) -> dict[str, str]:
    """The environment of a server on a fresh SQLite file under ``tmp_path``."""
    merged = {
        k: v for k, v in os.environ.items() if not k.startswith(("IMMERSION_TRACKER_", "TELEGRAM_"))
    }
    merged.update(
        {
            "IMMERSION_TRACKER_STORAGE": f"sqlite:///{tmp_path / 'tracker.sqlite3'}",
            "PYTHONUNBUFFERED": "1",
        }
    )
    merged.update(env)
    return merged


def run_cli(args: list[str], env: Mapping[str, str], stdin: str = "") -> str:
    """Run one ``immersion-tracker`` command to completion; its standard output."""
    done = subprocess.run(
        [*COMMAND, *args],
        input=stdin,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"immersion-tracker {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def add_user(env: Mapping[str, str], user: str, password: str) -> None:
    run_cli(["users", "add", user, "--password-stdin"], env, stdin=password + "\n")


@contextmanager
def running_api(
    tmp_path: Path,
    env: Mapping[str, str] = {},
    user: str = "alice",
    extra_args: tuple[str, ...] = (),
) -> Iterator[RunningApi]:
    """A server on 127.0.0.1 with one user; stopped (and reaped) on exit."""
    full_env = server_env(tmp_path, env)
    password = "pw:" + secrets.token_hex(8)  # a ':' inside, as real passwords may have
    add_user(full_env, user, password)
    process = subprocess.Popen(
        [*COMMAND, "serve", "--host", "127.0.0.1", "--port", "0", *extra_args],
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base_url = wait_for_address(process)
        yield RunningApi(base_url, user, password, full_env, process)
    finally:
        stop_process(process)
    # Reached only when the test passed: whatever it did through the server, the kept
    # items equal what the entries give.
    verify_kept_items(full_env)


def verify_kept_items(env: Mapping[str, str]) -> None:
    """``rebuild --verify`` over the store ``env`` names: raises naming each difference."""
    done = subprocess.run([*COMMAND, "rebuild", "--verify"], env=dict(env),
                          capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise AssertionError(f"the kept items differ from the entries after the server's "
                             f"run:\n{done.stdout.strip()}\n{done.stderr.strip()}")


def stop_process(process: subprocess.Popen[str], timeout: float = 10.0) -> None:
    """Terminate (then kill if need be), reap, and close the pipes."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    for stream in (process.stdout, process.stderr):
        if stream:
            stream.close()


def wait_for_address(process: subprocess.Popen[str], timeout: float = 30.0) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            err = process.stderr.read() if process.stderr else ""
            raise RuntimeError(f"the server exited before listening: {err.strip()}")
        if "listening on " in line:
            return line.rsplit(" ", 1)[-1].strip()
    raise RuntimeError("the server did not say where it listens in time")
